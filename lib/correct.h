/* correct.h - typo correction: the likeliest word meant by one few hold
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 *
 * A query word that at most CARI_TYPO_RARE_DF articles hold may be a typo.
 * Its candidates are the words one edit away (deletion, insertion,
 * substitution, transposition) that the index holds, and the spelling
 * data's suggestion within two edits.  Each is weighed by how close it is
 * to what was typed (_cari_typo_distance: a neighbour on the keyboard, a
 * sound Indonesian spells two ways, a doubled or dropped letter cost less
 * than any other edit) and by how many articles hold it; the best is kept
 * when it is far more frequent than the word typed.  lib/search.c
 * searches the corrected query when it finds more articles (holding all
 * its words) than the query as typed.
 *
 * What the reader typed is searched as typed when it finds enough: a
 * word that more than CARI_TYPO_RARE_DF articles hold is never corrected.
 */
#ifndef CARI_CORRECT_H
#define CARI_CORRECT_H

#include "xapian-c/xapian-c.h"

#include <stddef.h>

/** A word at most this many articles hold may be a typo; one more
 * articles hold is what the reader meant. */
#define CARI_TYPO_RARE_DF 2
/** Words shorter than this are never corrected (too many neighbours). */
#define CARI_TYPO_MIN_BYTES 4
/** A correction is kept only when more than this many times as many
 * articles hold it as the word typed. */
#define CARI_TYPO_RATIO 10

/**
 * The cost of the edits from typed (tlen bytes) to cand (clen bytes): a
 * weighted optimal string alignment distance where a plain edit costs 1
 * and the likely slips less (see correct.c).
 */
double
_cari_typo_distance (const char *typed, size_t tlen, const char *cand,
		     size_t clen);

/** How likely cand, `distance` away and held by df articles, is meant:
 * higher is likelier. */
double
_cari_typo_score (double distance, unsigned long df);

/**
 * The correction of word (len bytes, folded to lower case), which df
 * articles hold, into *out (free with free()), or *out NULL when it has
 * none.  Returns 0, or -1 when out of memory or the index failed.
 */
int
_cari_typo_correct (cx_db_t *db, const char *word, size_t len,
		    unsigned long df, char **out);

/** The words of a correction (written as corrected) count this many
 * times their weight more, so that its hits hold the word the reader
 * nearly typed, not only another form of its stem. */
#define CARI_TYPO_EXACT_BOOST 1.0

/**
 * Rank higher, in search, the articles holding each of the
 * space-separated words (NULL: none).  Returns 0, or -1 with *error set
 * (free with free()).
 */
int
_cari_typo_boost (cx_search_t *search, const char *words, char **error);

#endif /* CARI_CORRECT_H */
