/* complete.c - completions of a partial word, for /api/suggest
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include "lib/index.h"

#include <stdlib.h>
#include <string.h>

struct cari_words {
    char *text;                 /* the words, each ended by a NUL */
    size_t text_len, text_size;
    size_t *start;              /* word i at text + start[i], sorted */
    unsigned long *freq;
    size_t n, size;
    int failed;
};

static int
add_word (void *ctx, const char *term, size_t len, unsigned long freq)
{
    cari_words_t *w = ctx;

    if (w->n == w->size) {
	size_t size = w->size ? w->size * 2 : 4096;
	size_t *start = realloc (w->start, size * sizeof *start);
	if (start)
	    w->start = start;
	unsigned long *f = start ? realloc (w->freq, size * sizeof *f) : NULL;
	if (!f) {
	    w->failed = 1;
	    return 1;
	}
	w->freq = f;
	w->size = size;
    }
    if (w->text_len + len + 1 > w->text_size) {
	size_t size = w->text_size ? w->text_size * 2 : 65536;
	while (size < w->text_len + len + 1)
	    size *= 2;
	char *text = realloc (w->text, size);
	if (!text) {
	    w->failed = 1;
	    return 1;
	}
	w->text = text;
	w->text_size = size;
    }
    memcpy (w->text + w->text_len, term, len);
    w->text[w->text_len + len] = '\0';
    w->start[w->n] = w->text_len;
    w->freq[w->n++] = freq;
    w->text_len += len + 1;
    return 0;
}

cari_words_t *
cari_words_read (cari_index_t *idx)
{
    cx_db_t *db = _cari_index_db (idx);
    cari_words_t *w = calloc (1, sizeof *w);

    if (!w)
	return NULL;
    /* Prefixed terms start with a capital letter: read the others, one
     * first byte at a time, in byte order (the order Xapian keeps). */
    for (int b = 1; b < 256 && !w->failed; b++) {
	char prefix[2] = { (char) b, '\0' };
	if (b >= 'A' && b <= 'Z')
	    continue;
	if (cx_db_terms (db, prefix, add_word, w)) {
	    w->failed = 1;
	    break;
	}
    }
    if (w->failed) {
	cari_words_destroy (w);
	return NULL;
    }
    return w;
}

void
cari_words_destroy (cari_words_t *w)
{
    if (!w)
	return;
    free (w->text);
    free (w->start);
    free (w->freq);
    free (w);
}

size_t
cari_words_complete (const cari_words_t *w, const char *prefix, size_t max,
		     const char **words, unsigned long *freqs)
{
    size_t plen = strlen (prefix), lo = 0, hi = w->n, n = 0;

    if (!plen || !max)
	return 0;
    /* The first word not below the prefix. */
    while (lo < hi) {
	size_t mid = lo + (hi - lo) / 2;
	if (strcmp (w->text + w->start[mid], prefix) < 0)
	    lo = mid + 1;
	else
	    hi = mid;
    }
    /* The range of words with the prefix: keep the max most frequent, in
     * order (an insertion into a short list; earlier words win ties). */
    for (size_t i = lo; i < w->n; i++) {
	const char *word = w->text + w->start[i];
	if (strncmp (word, prefix, plen) != 0)
	    break;
	unsigned long f = w->freq[i];
	if (n == max && f <= freqs[n - 1])
	    continue;
	size_t j = n < max ? n++ : n - 1;
	while (j > 0 && freqs[j - 1] < f) {
	    words[j] = words[j - 1];
	    freqs[j] = freqs[j - 1];
	    j--;
	}
	words[j] = word;
	freqs[j] = f;
    }
    return n;
}
