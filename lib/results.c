/* results.c - the JSON of a search's results, made in one place
 *
 * The schema is documented in include/cari.h (cari_searcher_search).
 * Built directly: json_pack would parse its format for every hit.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

static json_t *
json_marks (const cari_hit_t *h)
{
    json_t *marks = json_array ();
    for (size_t i = 0; marks && i < h->n_highlights; i++) {
	json_t *m = json_array ();
	if (json_array_append_new (m, json_integer ((json_int_t)
						    h->highlights[i].start)) ||
	    json_array_append_new (m, json_integer ((json_int_t)
						    h->highlights[i].end)) ||
	    json_array_append_new (marks, m)) {
	    json_decref (marks);
	    return NULL;
	}
    }
    return marks;
}

json_t *
cari_hit_json (const cari_hit_t *h)
{
    json_t *hit = NULL, *marks = json_marks (h);

    if (marks && (hit = json_object ()) &&
	(json_object_set_new (hit, "rank", json_integer ((json_int_t) h->rank)) ||
	 json_object_set_new (hit, "id", json_string (h->id)) ||
	 json_object_set_new (hit, "title", json_string (h->title)) ||
	 json_object_set_new (hit, "url", json_string (h->url)) ||
	 json_object_set_new (hit, "date", json_string (h->date)) ||
	 json_object_set_new (hit, "source", json_string (h->source)) ||
	 json_object_set_new (hit, "score", json_real (h->score)) ||
	 json_object_set_new (hit, "snippet_text",
			      json_stringn (h->snippet_text, h->snippet_len)) ||
	 json_object_set_new (hit, "snippet_html",
			      json_string (h->snippet_html)) ||
	 json_object_set_new (hit, "title_html", json_string (h->title_html)) ||
	 json_object_set_new (hit, "highlights", json_incref (marks)))) {
	json_decref (hit);
	hit = NULL;
    }
    json_decref (marks);
    return hit;
}

json_t *
cari_results_json (const cari_results_t *r)
{
    json_t *jhits = json_array (), *out;

    out = json_pack ("{s:s, s:I, s:I, s:O}", "query", r->query, "total",
		     (json_int_t) r->total, "offset", (json_int_t) r->offset,
		     "hits", jhits);
    if (!out)
	goto oom;
    for (size_t i = 0; i < r->n_hits; i++)
	if (json_array_append_new (jhits, cari_hit_json (&r->hits[i])))
	    goto oom;
    if (r->suggestion && json_object_set_new (out, "suggestion",
					      json_string (r->suggestion)))
	goto oom;
    if (r->corrected_query &&
	(json_object_set_new (out, "corrected_query",
			      json_string (r->corrected_query)) ||
	 json_object_set_new (out, "query_as_typed", json_string (r->query))))
	goto oom;
    if (r->partial && json_object_set_new (out, "partial", json_true ()))
	goto oom;
    json_decref (jhits);
    return out;

oom:
    json_decref (out);
    json_decref (jhits);
    return NULL;
}
