/* copies.c - the copies of the page's collapsed hits, for its <details>
 *
 * The page shows under a collapsed hit "N serupa dari media lain", which
 * opens without JavaScript to the list of its copies: listed here, in the
 * search thread, with the group's search (cari_request_t's copies_of).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "serve/copies.h"

#include <stdlib.h>
#include <string.h>

/* The copies of the article id, but itself, as a JSON array; NULL when
 * out of memory or the search failed. */
static json_t *
copies_of (cari_searcher_t *s, const char *id)
{
    cari_request_t req;
    cari_results_t *res = NULL;
    char *error = NULL;
    json_t *list = NULL;

    memset (&req, 0, sizeof req);
    req.copies_of = id;
    req.limit = CARI_PAGE_COPIES + 1;
    req.no_snippets = 1;
    req.no_suggestion = 1;
    if (cari_searcher_run (s, &req, &res, &error) == 0 &&
	(list = json_array ())) {
	for (size_t i = 0; i < res->n_hits; i++) {
	    const cari_hit_t *h = &res->hits[i];
	    if (!strcmp (h->id, id))
		continue;
	    json_t *c = json_pack ("{s:s, s:s, s:s, s:s, s:s}", "id", h->id,
				   "title", h->title, "url", h->url,
				   "source", h->source, "date", h->date);
	    if (!c || json_array_append_new (list, c)) {
		json_decref (list);
		list = NULL;
		break;
	    }
	}
    }
    free (error);
    cari_results_destroy (res);
    return list;
}

int
cari_worker_copies_lists (cari_searcher_t *s, json_t *out)
{
    json_t *hits = json_object_get (out, "hits");

    for (size_t i = 0; i < json_array_size (hits); i++) {
	json_t *h = json_array_get (hits, i);
	if (json_integer_value (json_object_get (h, "copies")) <= 0)
	    continue;
	json_t *list = copies_of (s, json_string_value (json_object_get (h,
								      "id")));
	if (!list || json_object_set_new (h, "copies_list", list))
	    return -1;
    }
    return 0;
}
