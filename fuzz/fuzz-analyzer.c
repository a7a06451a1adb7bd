/* fuzz-analyzer.c - libFuzzer harness of the analyzer (stemmer/): any
 * bytes split into words, folded and stemmed
 *
 * Checks what analyzer.h promises: tokens inside the input, in order,
 * NUL-terminated UTF-8 of the lengths given, no longer than
 * CARI_MAX_WORD_BYTES; cari_analyze_words gives the same words at the same
 * offsets and positions as cari_analyze; cari_normalize_query gives UTF-8
 * or NULL.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "fuzz/fuzz.h"

static cari_analyzer_t *an;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    an = cari_analyzer_create ();
    FUZZ_CHECK (an != NULL);
    return 0;
}

/* The words of one analysis, to compare two. */
struct words {
    size_t len;                 /* of the input */
    size_t n, size;
    cari_token_t *tok;          /* folded copied, stem not kept */
};

static int
keep (void *ctx, const cari_token_t *t)
{
    struct words *w = ctx;

    FUZZ_CHECK (t->start < t->end && t->end <= w->len);
    FUZZ_CHECK (t->folded && strlen (t->folded) == t->folded_len);
    FUZZ_CHECK (t->folded_len > 0 && t->folded_len <= CARI_MAX_WORD_BYTES);
    FUZZ_CHECK (cari_utf8_valid (t->folded, t->folded_len));
    FUZZ_CHECK (t->stem && strlen (t->stem) == t->stem_len);
    FUZZ_CHECK (cari_utf8_valid (t->stem, t->stem_len));
    FUZZ_CHECK (t->written >= CARI_WRITTEN_LOWER &&
		t->written <= CARI_WRITTEN_UPPER);
    if (w->n) {
	FUZZ_CHECK (t->pos > w->tok[w->n - 1].pos);
	FUZZ_CHECK (t->start >= w->tok[w->n - 1].start);
    }
    if (w->n == w->size) {
	w->size = w->size ? 2 * w->size : 64;
	w->tok = realloc (w->tok, w->size * sizeof *w->tok);
	FUZZ_CHECK (w->tok != NULL);
    }
    w->tok[w->n] = *t;
    w->tok[w->n].folded = strdup (t->folded);
    w->tok[w->n].stem = NULL;
    FUZZ_CHECK (w->tok[w->n].folded != NULL);
    w->n++;
    return 0;
}

static void
words_free (struct words *w)
{
    for (size_t i = 0; i < w->n; i++)
	free ((char *) w->tok[i].folded);
    free (w->tok);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    const char *text = (const char *) data;
    struct words full = { size, 0, 0, NULL }, bare = { size, 0, 0, NULL };
    unsigned end, bare_end;
    size_t n;
    char *q;

    end = cari_analyze (an, text, size, 1, keep, &full);
    bare_end = cari_analyze_words (an, text, size, 1, keep, &bare);
    FUZZ_CHECK (end == bare_end && full.n == bare.n);
    FUZZ_CHECK (!full.n || end > full.tok[full.n - 1].pos);
    for (size_t i = 0; i < full.n; i++) {
	FUZZ_CHECK (full.tok[i].start == bare.tok[i].start &&
		    full.tok[i].end == bare.tok[i].end &&
		    full.tok[i].pos == bare.tok[i].pos);
	FUZZ_CHECK (!strcmp (full.tok[i].folded, bare.tok[i].folded));
    }
    words_free (&full);
    words_free (&bare);

    q = cari_normalize_query (text, size, &n);
    if (q) {
	FUZZ_CHECK (strlen (q) <= n && q[n] == '\0');
	FUZZ_CHECK (cari_utf8_valid (q, n));
	free (q);
    } else {
	FUZZ_CHECK (!cari_utf8_valid (text, size) || memchr (text, 0, size));
    }
    return 0;
}
