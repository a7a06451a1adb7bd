/* copies.h - wire copies: MinHash signatures, LSH bands, groups (private
 * to lib/: copies.c, writer.c, build.c, search.c)
 *
 * Each article's text (its normalised words: ASCII letters lower-cased,
 * digits kept, other bytes of UTF-8 kept as they are) is cut into
 * shingles of CARI_COPIES_SHINGLE words; its signature is the least of
 * each of CARI_COPIES_HASHES hash functions over them, so that the share
 * of equal hashes of two signatures estimates the Jaccard similarity of
 * their shingle sets.  CARI_COPIES_BANDS bands of CARI_COPIES_ROWS hashes
 * each are indexed as boolean terms XW<band><hash>: two articles sharing
 * one are candidates, confirmed by the estimate (CARI_COPIES_ACROSS
 * percent between outlets, CARI_COPIES_WITHIN within one, for an outlet's
 * updated versions of a story).  Each article gets CARI_SLOT_GROUP = the
 * key of its group (the id of the group's first article, its own id when
 * alone) and the term XW=<hash of the key>, whose frequency is the
 * group's size; CARI_SLOT_SIGNATURE holds the signature.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_COPIES_H
#define CARI_COPIES_H

#include "lib/schema.h"

#include <stdint.h>

#define CARI_COPIES_HASHES 64
#define CARI_COPIES_BANDS 21
#define CARI_COPIES_ROWS 3
#define CARI_COPIES_SHINGLE 3
/** Texts of fewer shingles than this get no signature (a caption, a
 * one-line notice: too little to tell a copy by). */
#define CARI_COPIES_MIN_SHINGLES 20
/** Estimated similarity (percent) that makes two articles of different
 * outlets, or of one outlet, copies of one story (bench/README.md,
 * issue 21: wire copies). */
#define CARI_COPIES_ACROSS 45
#define CARI_COPIES_WITHIN 75
/** At most this many articles of a band are looked at (a band that many
 * share is a template's). */
#define CARI_COPIES_BAND_MAX 64
/** XW, 2 hex digits of the band, 8 of the hash (band terms), or XW= and
 * 16 hex digits (group terms), NUL. */
#define CARI_COPIES_TERM_BYTES 24

typedef struct _cari_sig {
    uint32_t h[CARI_COPIES_HASHES];
} _cari_sig_t;

/**
 * The signature of the len bytes of text into sig.  Returns how many
 * shingles the text has; when fewer than CARI_COPIES_MIN_SHINGLES, sig is
 * not to be used.
 */
size_t
_cari_copies_sign (const char *text, size_t len, _cari_sig_t *sig);

/** The estimated similarity of two signatures, in percent (0-100). */
unsigned
_cari_copies_similarity (const _cari_sig_t *a, const _cari_sig_t *b);

/** Whether two articles of the outlets sa and sb with signatures a and b
 * are copies of one story (the thresholds above). */
int
_cari_copies_same_story (const _cari_sig_t *a, const char *sa,
			 const _cari_sig_t *b, const char *sb);

/** The term of band (0..CARI_COPIES_BANDS-1) of sig into term. */
void
_cari_copies_band_term (const _cari_sig_t *sig, int band,
			char term[CARI_COPIES_TERM_BYTES]);

/** The term of the group whose key is key: XW= and 16 hex digits. */
void
_cari_copies_group_term (const char *key, char term[CARI_COPIES_TERM_BYTES]);

/** The articles of one run, for the articles after them to find their
 * copies among (a parallel build's workers share it: it has a mutex). */
typedef struct _cari_copies _cari_copies_t;

_cari_copies_t *
_cari_copies_create (void);

void
_cari_copies_destroy (_cari_copies_t *t);

/**
 * Find the group of article a (as cari_document_build made doc of it)
 * among the articles of t and, when db is not NULL, those db holds, add a
 * to t, and give doc its signature, group key and terms.  Returns
 * CX_STATUS_SUCCESS or the failing status (out of memory, the index).
 */
cx_status_t
_cari_copies_mark (_cari_copies_t *t, cx_db_t *db, const cari_article_t *a,
		   cx_doc_t *doc);

/* At query time (lib/collapse.c). */

/**
 * Make search list the group of the article with this id (newest first):
 * the articles whose group term is its group's.  Returns 0, or -1 with
 * *error (free()) saying what to change: no such article, a bad id.
 */
int
_cari_copies_of (cx_db_t *db, cx_search_t *search, const char *id,
		 char **error);

/** How many other articles the group with this key holds (0 when key is
 * empty or the index cannot tell). */
unsigned long
_cari_copies_count (cx_db_t *db, const char *key);

/** The key of the group of the article with this id (its own id when it
 * has none), to free(); NULL when no article has it or memory ran out. */
char *
_cari_group_of (cx_db_t *db, const char *id);

/** Fill the wire-copy fields of h: group = key (borrowed: it must live as
 * long as h), copies = the others of its group. */
void
_cari_copies_hit (cx_db_t *db, const char *key, cari_hit_t *h);

/** Whether a hit of xhit's group is among the n hits already kept (the
 * tiers of a search collapse each on its own). */
int
_cari_collapsed (const cari_hit_t *hits, size_t n, const cx_hit_t *xhit);

#endif /* CARI_COPIES_H */
