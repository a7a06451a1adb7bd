/* stopwords.h - Indonesian words queries leave out (the index keeps them)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_STOPWORDS_H
#define CARI_STOPWORDS_H

#include <stddef.h>

/** Folded stopwords: function words and question words. */
extern const char *const cari_stopwords[];
extern const size_t cari_stopwords_count;

#endif /* CARI_STOPWORDS_H */
