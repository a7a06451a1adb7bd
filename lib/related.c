/* related.c - "Berita terkait": the query of the articles related to an article
 *
 * Xapian's relevance feedback: the article's expand set (the terms that
 * best tell it from the rest of the index, cx_db_expand over it alone),
 * kept to stems and words, each as its stem term, OR'd with their expand
 * weights, without the article itself, its reposts (the same title key,
 * XT) and its wire copies (the same group key in CARI_SLOT_GROUP).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/related.h"

#include "corpus/jsonl.h"
#include "lib/schema.h"
#include "lib/snippet.h"
#include "stemmer/stopwords.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Asked of Xapian beyond CARI_RELATED_TERMS: a word and its stem term
 * (a name) become one. */
#define EXTRA_TERMS 10

struct expand {
    cari_analyzer_t *an;
    char *terms[CARI_RELATED_TERMS];
    double weights[CARI_RELATED_TERMS];
    size_t n;
    int failed;
};

static int
is_stopword (const char *w, size_t len)
{
    for (size_t i = 0; i < cari_stopwords_count; i++)
	if (strlen (cari_stopwords[i]) == len &&
	    !memcmp (cari_stopwords[i], w, len))
	    return 1;
    return 0;
}

/* Which terms of the article may say what it is about, as a
 * cx_word_filter_t (ctx: the analyzer): its stems (Z and a word: not the
 * title's ZS, which the body's counts already hold) and its words that
 * are their own stem (which have no stem term, schema 6); no stopword,
 * no number.  Field terms (source, dates, ids) say nothing of a subject;
 * a word that is not its own stem is there as its stem term. */
static int
keep_term (void *ctx, const char *term, size_t len)
{
    const char *w = term;
    int letters = 0;

    if (len && term[0] == CARI_PREFIX_STEM[0])
	w++, len--;
    if (!len || (w[0] >= 'A' && w[0] <= 'Z'))
	return 0;
    for (size_t i = 0; i < len && !letters; i++)
	letters = (w[i] >= 'a' && w[i] <= 'z') || (unsigned char) w[i] >= 0x80;
    if (!letters || is_stopword (w, len))
	return 0;
    if (w == term) {
	size_t n = 0;
	const char *stem = cari_analyzer_stem (ctx, w, len, &n);
	return stem && n == len && !memcmp (stem, w, len);
    }
    return 1;
}

/* A term of the expand set, best first, as its stem term (Zw for a word
 * w: the search takes it for w too, _cari_stem_rule), once. */
static void
add_term (void *ctx, const char *term, size_t len, double weight)
{
    struct expand *e = ctx;
    char *t;

    if (e->failed || e->n == CARI_RELATED_TERMS)
	return;
    if (term[0] == CARI_PREFIX_STEM[0])
	t = strndup (term, len);
    else
	t = cari_msg (CARI_PREFIX_STEM "%.*s", (int) len, term);
    if (!t) {
	e->failed = 1;
	return;
    }
    for (size_t i = 0; i < e->n; i++)
	if (!strcmp (e->terms[i], t)) {
	    free (t);
	    return;
	}
    e->terms[e->n] = t;
    e->weights[e->n++] = weight;
}

static int
take_key (void *ctx, const char *term, size_t len, unsigned long docs)
{
    char **key = ctx;
    (void) docs;
    *key = strndup (term, len);
    return 1;
}

/* The query of the terms of e: an OR weighted by their expand weights
 * (the best term 1), without the articles of the n exclusions (terms) and
 * of the group (when not empty).  Into *out. */
static cx_status_t
build_query (struct expand *e, const char *const *exclude, size_t n,
	     const char *group, size_t group_len, cx_query_t **out)
{
    cx_query_t *any = NULL, *not = NULL, *same = NULL, *both = NULL;
    double factors[CARI_RELATED_TERMS];
    cx_status_t st;

    *out = NULL;
    for (size_t i = 0; i < e->n; i++)
	factors[i] = e->weights[0] > 0 ? e->weights[i] / e->weights[0] : 1;
    /* An article with no term to go by: none is related (its own id
     * without itself matches nothing). */
    st = e->n ? cx_query_terms (CX_OP_OR, (const char *const *) e->terms,
				factors, e->n, &any)
	      : cx_query_terms (CX_OP_OR, exclude, NULL, 1, &any);
    if (!st)
	st = cx_query_terms (CX_OP_OR, exclude, NULL, n, &not);
    if (!st && group_len) {
	st = cx_query_value_equals (CARI_SLOT_GROUP, group, group_len, &same);
	if (!st)
	    st = cx_query_combine (CX_OP_OR, not, same, &both);
    }
    if (!st)
	st = cx_query_combine (CX_OP_AND_NOT, any, both ? both : not, out);
    cx_query_destroy (any);
    cx_query_destroy (not);
    cx_query_destroy (same);
    cx_query_destroy (both);
    return st;
}

int
_cari_related_query (cx_db_t *db, cx_search_t *search, cari_analyzer_t *an,
		     const char *id, char **title, char **error)
{
    char qterm[sizeof CARI_PREFIX_ID + CARI_MAX_ID_BYTES];
    char *data = NULL, *key = NULL, *group = NULL;
    size_t len = 0, group_len = 0;
    unsigned docid = 0;
    struct expand e = { an, { NULL }, { 0 }, 0, 0 };
    cx_query_t *q = NULL, *reset = NULL;
    cari_fields_t f;
    cx_status_t st;
    int ret = CARI_SEARCH_INDEX_ERROR;

    *title = NULL;
    *error = NULL;
    if (!*id || strlen (id) > CARI_MAX_ID_BYTES) {
	*error = cari_msg ("the id of the article whose related articles are "
			   "asked for is %s; give an id as the index has it "
			   "(at most %d bytes), as a hit's \"id\" shows it",
			   *id ? "too long" : "empty", CARI_MAX_ID_BYTES);
	return CARI_SEARCH_USER_ERROR;
    }
    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
    st = cx_db_find_doc (db, qterm, &docid, &data, &len);
    if (!st && !docid) {
	*error = cari_msg ("no article has the id '%s' in the index; give the "
			   "\"id\" of a hit of a search", id);
	return CARI_SEARCH_NOT_FOUND;
    }
    if (!st && cari_document_fields (data, len, &f) < 0) {
	*error = cari_msg ("the article '%s' is damaged in the index; "
			   "cari-index --stats tells more, rebuilding the "
			   "index mends it", id);
	goto done;
    }
    if (!st)
	*title = *f.title ? strdup (f.title)
			  : _cari_title_derive (f.content, f.content_len, f.url);
    if (!st && !*title)
	st = CX_STATUS_OUT_OF_MEMORY;
    if (!st)
	st = cx_db_doc_terms (db, docid, CARI_PREFIX_TITLE_KEY, take_key, &key);
    if (!st)
	st = cx_db_get_value_by_term (db, qterm, CARI_SLOT_GROUP, &group,
				      &group_len);
    if (!st)
	st = cx_db_expand (db, docid, CARI_RELATED_TERMS + EXTRA_TERMS,
			   CARI_RELATED_MIN_DOCS, keep_term, an, add_term, &e);
    if (!st && e.failed)
	st = CX_STATUS_OUT_OF_MEMORY;
    /* The stem rule looks for the words the parser stemmed last as well:
     * an empty parse forgets those of the query before. */
    if (!st)
	st = cx_search_parse_query (search, "", 0, CX_PARSE_DEFAULT, CX_OP_OR,
				    &reset);
    if (!st) {
	const char *exclude[2] = { qterm, key };
	st = build_query (&e, exclude, key ? 2 : 1, group, group_len, &q);
    }
    if (!st)
	st = cx_search_set_query (search, q, NULL);
    if (!st)
	ret = 0;
    else if (!*error)
	*error = cari_msg ("cannot find the articles related to '%s': %s%s%s",
			   id, cx_status_to_string (st),
			   *cx_db_status_string (db) ? ": " : "",
			   cx_db_status_string (db));
done:
    if (ret) {
	free (*title);
	*title = NULL;
    }
    for (size_t i = 0; i < e.n; i++)
	free (e.terms[i]);
    cx_query_destroy (q);
    cx_query_destroy (reset);
    free (data);
    free (key);
    free (group);
    return ret;
}
