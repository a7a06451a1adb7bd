/* results.c - the JSON of a search's results, made in one place
 *
 * The schema is documented in include/cari.h (cari_searcher_search).
 * Built directly: json_pack would parse its format for every hit.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "lib/facets.h"
#include "lib/fresh.h"
#include "lib/snippet.h"

#include <stdlib.h>
#include <string.h>

static int
is_blank (char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	   c == '\v';
}

char *
_cari_title_derive (const char *text, size_t len, const char *url)
{
    size_t i = 0, o = 0, chars = 0, last_space = 0;
    char *out = malloc (len + sizeof " …");

    if (!out)
	return NULL;
    while (i < len && is_blank (text[i]))
	i++;
    for (; i < len; i++) {
	char c = text[i];
	if (is_blank (c)) {
	    /* A sentence ends at . ! ? before a space (not in 3.5 or a.m.
	     * of one letter). */
	    if (o >= 3 && (out[o - 1] == '.' || out[o - 1] == '!' ||
			   out[o - 1] == '?') && out[o - 2] != '.' &&
		out[o - 3] != '.' && out[o - 3] != ' ')
		break;
	    if (c == '\n' && i + 1 < len && text[i + 1] == '\n')
		break;              /* a paragraph ends it too */
	    if (out[o - 1] != ' ')
		last_space = o, out[o++] = ' ';
	    continue;
	}
	if (((unsigned char) c & 0xc0) != 0x80 &&
	    ++chars > CARI_DERIVED_TITLE_CHARS) {
	    /* Cut at the last space, or (one long word) here. */
	    o = last_space > 0 ? last_space : o;
	    memcpy (out + o, " …", sizeof " …");
	    return out;
	}
	out[o++] = c;
    }
    while (o > 0 && out[o - 1] == ' ')
	o--;
    out[o] = '\0';
    if (o == 0) {
	free (out);
	return strdup (url);
    }
    return out;
}

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

/* The CMS fields of h that it has into hit.  Returns 0, or -1 when out of
 * memory. */
static int
_cari_cms_hit_json (json_t *hit, const cari_hit_t *h)
{
    json_t *tags = h->n_tags ? json_array () : NULL;

    for (size_t i = 0; tags && i < h->n_tags; i++)
	if (json_array_append_new (tags, json_string (h->tags[i]))) {
	    json_decref (tags);
	    return -1;
	}
    if ((h->n_tags && !tags) ||
	(h->author &&
	 json_object_set_new (hit, "author", json_string (h->author))) ||
	(h->rubrik &&
	 json_object_set_new (hit, "rubrik", json_string (h->rubrik)))) {
	json_decref (tags);
	return -1;
    }
    if ((tags && json_object_set_new (hit, "tags", tags)) ||
	(h->image &&
	 json_object_set_new (hit, "image", json_string (h->image))))
	return -1;
    return 0;
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
	 json_object_set_new (hit, "highlights", json_incref (marks)) ||
	 json_object_set_new (hit, "title_derived",
			      json_boolean (h->title_derived)) ||
	 _cari_cms_hit_json (hit, h) ||
	 _cari_fresh_hit_json (h, hit) < 0)) {
	json_decref (hit);
	hit = NULL;
    }
    /* Wire copies (lib/collapse.c): only when asked for. */
    if (hit && h->group &&
	(json_object_set_new (hit, "copies",
			      json_integer ((json_int_t) h->copies)) ||
	 json_object_set_new (hit, "group", json_string (h->group)))) {
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
    if (r->n_missing_shards) {
	json_t *missing = json_array ();
	if (!missing || json_object_set_new (out, "shards_missing", missing))
	    goto oom;
	for (size_t i = 0; i < r->n_missing_shards; i++)
	    if (json_array_append_new (missing,
				       json_string (r->missing_shards[i])))
		goto oom;
    }
    if ((r->partial && json_object_set_new (out, "partial", json_true ())) ||
	json_object_set_new (out, "total_exact",
			     json_boolean (r->total_exact)) ||
	json_object_set_new (out, "total_all",
			     json_integer ((json_int_t) r->total_all)) ||
	json_object_set_new (out, "total_all_exact",
			     json_boolean (r->total_all_exact)) ||
	json_object_set_new (out, "total_listed",
			     json_integer ((json_int_t) r->total_listed)) ||
	(r->some_words_only &&
	 json_object_set_new (out, "some_words_only", json_true ())) ||
	(r->undated &&
	 json_object_set_new (out, "undated",
			      json_integer ((json_int_t) r->undated))) ||
	_cari_fresh_json (r, out) < 0)
	goto oom;
    if (r->related_to &&
	(json_object_set_new (out, "related_to", json_string (r->related_to)) ||
	 json_object_set_new (out, "related_title",
			      json_string (r->related_title
					   ? r->related_title : ""))))
	goto oom;
    if (r->expanded_query &&
	(json_object_set_new (out, "expanded_query",
			      json_string (r->expanded_query)) ||
	 json_object_set_new (out, "synonyms", json_string (r->synonyms))))
	goto oom;
    if (_cari_facets_json (r, out) < 0)
	goto oom;
    json_decref (jhits);
    return out;

oom:
    json_decref (out);
    json_decref (jhits);
    return NULL;
}
