/* page.h - cari-serve's search page, rendered on the server
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_PAGE_H
#define CARI_SERVE_PAGE_H

#include "serve/http.h"
#include "serve/params.h"

#include <jansson.h>
#include <stdio.h>

/**
 * Answer / with the search page: the form, and for /?q=... the results
 * of the search (or why its parameters are wrong, with status 400).
 */
enum MHD_Result
cari_page_serve (struct MHD_Connection *c, cari_req_t *r);

/** Text as HTML (also safe inside a quoted attribute), to f. */
void
cari_page_html (FILE *f, const char *s);

/** A link (href, escaped) to the results of p for q at page `page`. */
void
cari_page_href (FILE *f, const cari_params_t *p, const char *q,
		unsigned page);

/** The facet lists of res (with "facets") beside the results, each value
 * a link that adds its filter, each filter of p a link that removes it
 * (serve/facets.c).  Nothing when res has no facets. */
void
cari_page_facets (FILE *f, const cari_params_t *p, json_t *res);

#endif /* CARI_SERVE_PAGE_H */
