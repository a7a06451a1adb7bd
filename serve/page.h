/* page.h - cari-serve's search page, rendered on the server
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_PAGE_H
#define CARI_SERVE_PAGE_H

#include "serve/http.h"

/**
 * Answer / with the search page: the form, and for /?q=... the results
 * of the search (or why its parameters are wrong, with status 400).
 */
enum MHD_Result
cari_page_serve (struct MHD_Connection *c, cari_req_t *r);

#endif /* CARI_SERVE_PAGE_H */
