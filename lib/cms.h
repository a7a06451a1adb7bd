/* cms.h - private to lib/: the CMS fields in the index and in a search
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_LIB_CMS_H
#define CARI_LIB_CMS_H

#include "corpus/cms.h"
#include "include/cari.h"
#include "lib/schema.h"
#include "xapian-c/xapian-c.h"

#include <stddef.h>

/** The first position of an author's words, past any body: a phrase of
 * author: never spans the body (content is at most 64 MiB of words). */
#define CARI_CMS_AUTHOR_POS 0x40000000u

/**
 * The key a rubrik or a tag is searched by (the term after XR or K): the
 * n bytes at s folded as the analyzer folds query text
 * (cari_normalize_query: no Latin accents), ASCII lower case, each run of
 * whitespace one space, the ends trimmed, cut to fit a term.  Returns a
 * string to free(), or NULL when out of memory or s is not UTF-8.
 */
char *
_cari_cms_key (const char *s, size_t n);

/**
 * The terms and values of c in doc: A and ZA for the author's words (not
 * in the body's free text), XR and slot 3 for the rubrik, K and slot 4
 * (each tag ended by a NUL) for the tags.  Returns the binding's status.
 */
cx_status_t
_cari_cms_index (cari_analyzer_t *an, const cari_cms_t *c, cx_doc_t *doc);

/**
 * What the document data holds of c after the content, a NUL before it:
 * A<author>, R<rubrik>, I<image>, then K<tag> for each tag, each ended by a
 * NUL.  NULL with *len 0 when c has no field (the data is then as before
 * schema 9's CMS fields); NULL with *len 1 when out of memory.
 */
char *
_cari_cms_data (const cari_cms_t *c, size_t *len);

/** Read the n bytes after the content's NUL into f's CMS fields. */
void
_cari_cms_fields (const char *tail, size_t n, cari_fields_t *f);

/** The author's terms for the positions checker (cari_document_positions):
 * A<word>, and with stems ZA<stem>. */
void
_cari_cms_positions (cari_analyzer_t *an, const char *author, int stems,
		     cx_term_pos_func_t emit, void *emit_ctx);

/** The filters of req->rubrik and req->tag on search.  Returns 0, or -1
 * with *error set (a value too long or not UTF-8, or out of memory). */
int
_cari_cms_filters (cx_search_t *search, const cari_request_t *req,
		   char **error);

/** The values of rubrik: and tag: in the query q, folded in place as
 * _cari_cms_key folds (q is normalized text already). */
void
_cari_cms_fold_query (char *q);

/** The tags of f as an array of n_tags strings borrowed from f's data,
 * into *out (free the array with free()).  Returns 0, or -1 when out of
 * memory. */
int
_cari_cms_tag_list (const cari_fields_t *f, const char ***out);

#endif
