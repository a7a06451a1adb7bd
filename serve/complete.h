/* complete.h - completions of a partial word, for /api/suggest
 *
 * The words of the index (its unprefixed terms) with the number of
 * articles holding each, read once into one sorted array, so that the most
 * frequent completions of a prefix are a binary search and a scan of the
 * prefix's range away.  Asking Xapian for every term with the prefix took
 * 5-25 ms for one or two letters (thousands of terms, each copied); the
 * array answers in microseconds, and reading it takes about 0.1 s for
 * ../shared/corpus (115,000 words, 2 MB).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_COMPLETE_H
#define CARI_COMPLETE_H

#include "xapian-c/xapian-c.h"

#include <stddef.h>

typedef struct cari_words cari_words_t;

/** Read the words of db.  NULL when out of memory or the index fails. */
cari_words_t *
cari_words_read (cx_db_t *db);

/** Does nothing if w is NULL. */
void
cari_words_destroy (cari_words_t *w);

/**
 * Up to max words starting with prefix, most frequent first (ties in
 * alphabetical order), into words[] (borrowed from w) and freqs[].
 * Returns how many.
 */
size_t
cari_words_complete (const cari_words_t *w, const char *prefix, size_t max,
		     const char **words, unsigned long *freqs);

#endif /* CARI_COMPLETE_H */
