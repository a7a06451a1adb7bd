/* routes.h - cari-serve's routes: which URL is answered by what
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_ROUTES_H
#define CARI_SERVE_ROUTES_H

#include "serve/http.h"

/**
 * Answer the request for url: the page, /api/search, /api/suggest,
 * /api/sources, /healthz or a static file with GET or HEAD, 405 for another method,
 * 404 for another URL.
 */
enum MHD_Result
cari_routes_dispatch (struct MHD_Connection *c, cari_req_t *r,
		      const char *url, const char *method);

#endif /* CARI_SERVE_ROUTES_H */
