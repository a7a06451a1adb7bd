/* facets.h - private to lib/: a search's hits counted by outlet, year, month, rubrik and tag
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_LIB_FACETS_H
#define CARI_LIB_FACETS_H

#include "include/cari.h"
#include "xapian-c/xapian-c.h"

/**
 * Check the facet fields of req (facet_limit, rubrik, tag).  Returns 0,
 * or -1 with *error (to free) saying which argument to change and how.
 */
int
_cari_facets_check (const cari_request_t *req, char **error);

/** Count, at the next run of search, the facets when req asks for them
 * (none otherwise). */
cx_status_t
_cari_facets_setup (cx_search_t *search, const cari_request_t *req);

/**
 * The facets the run of hits counted into r (when req asks for them),
 * freed by _cari_facets_free.  Returns 0, or -1 when out of memory.
 */
int
_cari_facets_take (cari_results_t *r, const cari_request_t *req,
		   const cx_hits_t *hits);

/** Free the facets of r; does nothing when it has none. */
void
_cari_facets_free (cari_results_t *r);

/** Set "facets" and "facets_exact" of the JSON out of r, when r has
 * facets.  Returns 0, or -1 when out of memory. */
int
_cari_facets_json (const cari_results_t *r, json_t *out);

#endif
