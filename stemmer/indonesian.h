/* indonesian.h - Indonesian stemming: Snowball refined by a root lexicon
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_INDONESIAN_H
#define CARI_INDONESIAN_H

#include <libstemmer.h>
#include <stddef.h>
#include <stdio.h>

#include "stemmer/lexicon.h"

/** Room the output of cari_indonesian_stem needs, with its NUL. */
#define CARI_STEM_BYTES 96

/**
 * Stem the folded word w (n bytes, at most 64) into out (CARI_STEM_BYTES)
 * and return the stem's length.  snow (libstemmer's "indonesian") is the
 * fallback for words with no root in lex; it may be NULL.  *guess is set
 * to 1 when the stem is a guess (the lexicon's flags do not license the
 * affixes stripped, or Snowball's stem), to 0 when it is sure or the word
 * is its own stem.  When explain is not NULL, the steps taken are written
 * to it.
 */
size_t
cari_indonesian_stem (const cari_lexicon_t *lex, struct sb_stemmer *snow,
		      const char *w, size_t n, char *out, int *guess,
		      FILE *explain);

#endif /* CARI_INDONESIAN_H */
