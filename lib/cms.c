/* cms.c - the CMS fields (author, rubrik, tags, image) in the index:
 * their terms, values and document data, and the filters of a search
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *
_cari_cms_key (const char *s, size_t n)
{
    size_t len, o = 0, max = CX_MAX_TERM_BYTES - 2;
    char *norm = cari_normalize_query (s, n, &len);
    int space = 0;

    if (!norm)
	return NULL;
    for (size_t i = 0; i < len; i++) {
	char ch = norm[i];
	if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
	    ch == '\f' || ch == '\v') {
	    space = o > 0;
	    continue;
	}
	if (space)
	    norm[o++] = ' ';
	space = 0;
	norm[o++] = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
    }
    norm[cari_utf8_cut (norm, o, max)] = '\0';
    return norm;
}

/* A boolean term of prefix and the key of the n bytes at s. */
static cx_status_t
add_key_term (cx_doc_t *doc, const char *prefix, const char *s, size_t n)
{
    char term[CX_MAX_TERM_BYTES + 1];
    char *key = _cari_cms_key (s, n);
    size_t p = strlen (prefix), k;

    if (!key)
	return CX_STATUS_OUT_OF_MEMORY;
    k = cari_utf8_cut (key, strlen (key), CX_MAX_TERM_BYTES - p);
    memcpy (term, prefix, p);
    memcpy (term + p, key, k);
    free (key);
    return k ? cx_doc_add_boolean_term (doc, term, p + k) : CX_STATUS_SUCCESS;
}

/* prefix and the len bytes at word into term (CX_MAX_TERM_BYTES + 1);
 * 0 when it would be too long. */
static size_t
make_term (char *term, const char *prefix, const char *word, size_t len)
{
    size_t p = strlen (prefix);

    if (p + len > CX_MAX_TERM_BYTES)
	return 0;
    memcpy (term, prefix, p);
    memcpy (term + p, word, len);
    term[p + len] = '\0';
    return p + len;
}

struct author {
    cx_doc_t *doc;              /* the terms go here, */
    cx_term_pos_func_t emit;    /* or, with their positions, here */
    void *emit_ctx;
    int stems;
    cx_status_t status;
};

/* A<word>; ZA<stem> when the word is not its own stem: the word itself
 * when the stem is a guess or the word is in capitals (a name, as
 * schema 7 indexes names), else its stem. */
static int
author_token (void *ctx, const cari_token_t *t)
{
    struct author *a = ctx;
    char term[CX_MAX_TERM_BYTES + 1];
    size_t n;
    int own = t->stem_len == t->folded_len &&
	      !memcmp (t->stem, t->folded, t->stem_len);
    int name = t->guess || t->written == CARI_WRITTEN_UPPER;

    n = make_term (term, CARI_PREFIX_AUTHOR, t->folded, t->folded_len);
    if (n && a->emit)
	a->emit (a->emit_ctx, term, n, t->pos);
    else if (n)
	a->status = cx_doc_add_term (a->doc, term, n, 1);
    if (a->status || !a->stems || (own && !a->emit))
	return a->status != CX_STATUS_SUCCESS;
    if (a->emit) {
	/* The checker takes every form a query may hold. */
	if ((n = make_term (term, CARI_PREFIX_STEM CARI_PREFIX_AUTHOR,
			    t->stem, t->stem_len)))
	    a->emit (a->emit_ctx, term, n, t->pos);
	if (!own && name &&
	    (n = make_term (term, CARI_PREFIX_STEM CARI_PREFIX_AUTHOR,
			    t->folded, t->folded_len)))
	    a->emit (a->emit_ctx, term, n, t->pos);
	return 0;
    }
    n = name ? make_term (term, CARI_PREFIX_STEM CARI_PREFIX_AUTHOR,
			  t->folded, t->folded_len)
	     : make_term (term, CARI_PREFIX_STEM CARI_PREFIX_AUTHOR, t->stem,
			  t->stem_len);
    if (n)
	a->status = cx_doc_add_term (a->doc, term, n, 1);
    return a->status != CX_STATUS_SUCCESS;
}

cx_status_t
_cari_cms_index (cari_analyzer_t *an, const cari_cms_t *c, cx_doc_t *doc)
{
    cx_status_t st = CX_STATUS_SUCCESS;

    if (c->author) {
	struct author a = { doc, NULL, NULL, 1, CX_STATUS_SUCCESS };
	cari_analyze (an, c->author, strlen (c->author), CARI_CMS_AUTHOR_POS,
		      author_token, &a);
	if ((st = a.status))
	    return st;
    }
    if (c->rubrik &&
	((st = add_key_term (doc, CARI_PREFIX_RUBRIK, c->rubrik,
			     strlen (c->rubrik))) ||
	 (st = cx_doc_set_value (doc, CARI_SLOT_RUBRIK, c->rubrik,
				 strlen (c->rubrik)))))
	return st;
    if (!c->n_tags)
	return st;
    size_t total = 0;
    for (size_t i = 0; i < c->n_tags; i++)
	total += strlen (c->tags[i]) + 1;
    char *value = malloc (total), *p = value;
    if (!value)
	return CX_STATUS_OUT_OF_MEMORY;
    for (size_t i = 0; !st && i < c->n_tags; i++) {
	size_t n = strlen (c->tags[i]);
	memcpy (p, c->tags[i], n + 1);
	p += n + 1;
	st = add_key_term (doc, CARI_PREFIX_TAG, c->tags[i], n);
    }
    if (!st)
	st = cx_doc_set_value (doc, CARI_SLOT_TAGS, value, total);
    free (value);
    return st;
}

char *
_cari_cms_data (const cari_cms_t *c, size_t *len)
{
    static const char keys[] = "ARI";
    size_t total = 0;
    char *out, *p;

    *len = 0;
    if (!c || cari_cms_empty (c))
	return NULL;
    const char *one[] = { c->author, c->rubrik, c->image };
    for (int i = 0; i < 3; i++)
	if (one[i])
	    total += strlen (one[i]) + 2;
    for (size_t i = 0; i < c->n_tags; i++)
	total += strlen (c->tags[i]) + 2;
    if (!(p = out = malloc (total))) {
	*len = 1;
	return NULL;
    }
    for (int i = 0; i < 3; i++)
	if (one[i]) {
	    *p++ = keys[i];
	    p = stpcpy (p, one[i]) + 1;
	}
    for (size_t i = 0; i < c->n_tags; i++) {
	*p++ = 'K';
	p = stpcpy (p, c->tags[i]) + 1;
    }
    *len = total;
    return out;
}

void
_cari_cms_fields (const char *tail, size_t n, cari_fields_t *f)
{
    const char *p = tail, *end = tail + n;

    while (p < end) {
	const char *nul = memchr (p, '\0', (size_t) (end - p));
	if (!nul)
	    break;              /* damaged: what came before stands */
	switch (*p) {
	case 'A': f->author = p + 1; break;
	case 'R': f->rubrik = p + 1; break;
	case 'I': f->image = p + 1; break;
	case 'K':
	    if (!f->n_tags++)
		f->tags = p;
	    break;
	default: break;         /* a field of a later cari */
	}
	p = nul + 1;
    }
}

int
_cari_cms_tag_list (const cari_fields_t *f, const char ***out)
{
    const char **list = NULL, *p = f->tags;
    size_t k = 0;

    *out = NULL;
    if (!f->n_tags)
	return 0;
    if (!(list = calloc (f->n_tags, sizeof *list)))
	return -1;
    /* The tags are the K items from f->tags on, other items between. */
    while (k < f->n_tags) {
	if (*p == 'K')
	    list[k++] = p + 1;
	p += strlen (p) + 1;
    }
    *out = list;
    return 0;
}

void
_cari_cms_positions (cari_analyzer_t *an, const char *author, int stems,
		     cx_term_pos_func_t emit, void *emit_ctx)
{
    struct author a = { NULL, emit, emit_ctx, stems, CX_STATUS_SUCCESS };

    if (author)
	(stems ? cari_analyze : cari_analyze_words) (
	    an, author, strlen (author), CARI_CMS_AUTHOR_POS, author_token,
	    &a);
}

/* The filter of one parameter (what names it in messages). */
static int
filter (cx_search_t *search, const char *what, const char *prefix,
	const char *value, size_t max, char **error)
{
    size_t n = strlen (value);
    char term[CX_MAX_TERM_BYTES + 1];
    char *key;

    if (!cari_utf8_valid (value, n)) {
	*error = cari_msg ("%s is not valid UTF-8; retype it", what);
	return -1;
    }
    if (n > max) {
	*error = cari_msg ("%s is %zu bytes long; the limit is %zu (no "
			   "article has a longer one): shorten it", what, n,
			   max);
	return -1;
    }
    if (!(key = _cari_cms_key (value, n))) {
	*error = cari_msg ("out of memory");
	return -1;
    }
    if (!*key) {
	free (key);
	return 0;               /* blank: no filter */
    }
    make_term (term, prefix, key, strlen (key));
    free (key);
    if (cx_search_filter_term (search, term)) {
	*error = cari_msg ("cannot set the filters: out of memory");
	return -1;
    }
    return 0;
}

int
_cari_cms_filters (cx_search_t *search, const cari_request_t *req,
		   char **error)
{
    if (req->rubrik && *req->rubrik &&
	filter (search, "the rubrik (--rubrik, rubrik=)", CARI_PREFIX_RUBRIK,
		req->rubrik, CARI_CMS_RUBRIK_BYTES, error) < 0)
	return -1;
    if (req->tag && *req->tag &&
	filter (search, "the tag (--tag, tag=)", CARI_PREFIX_TAG, req->tag,
		CARI_CMS_TAG_BYTES, error) < 0)
	return -1;
    return 0;
}

/* Whether a field name field: starts at q[i] (a word's start). */
static size_t
field_at (const char *q, size_t i)
{
    static const char *const fields[] = { "rubrik:", "tag:" };

    if (i > 0 && q[i - 1] != ' ' && q[i - 1] != '\t' && q[i - 1] != '(' &&
	q[i - 1] != '-' && q[i - 1] != '+')
	return 0;
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
	if (!strncmp (q + i, fields[k], strlen (fields[k])))
	    return strlen (fields[k]);
    return 0;
}

void
_cari_cms_fold_query (char *q)
{
    size_t n = strlen (q), i = 0, o = 0;

    while (i < n) {
	size_t f = field_at (q, i);
	if (!f) {
	    q[o++] = q[i++];
	    continue;
	}
	memmove (q + o, q + i, f);
	o += f;
	i += f;
	int quoted = q[i] == '"';
	if (quoted)
	    q[o++] = q[i++];
	int space = 0, any = 0;
	for (; i < n; i++) {
	    char ch = q[i];
	    if (quoted ? ch == '"' : ch == ' ' || ch == '\t' || ch == ')')
		break;
	    if (ch == ' ' || ch == '\t') {
		space = any;
		continue;
	    }
	    if (space)
		q[o++] = ' ';
	    space = 0;
	    any = 1;
	    q[o++] = ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
	}
	if (quoted && i < n)
	    q[o++] = q[i++];    /* the closing quote */
    }
    q[o] = '\0';
}
