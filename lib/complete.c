/* complete.c - completions of a partial word, for /api/suggest
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include "lib/index.h"
#include "lib/schema.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct cari_words {
    char *text;                 /* the words, each ended by a NUL */
    size_t text_len, text_size;
    size_t *start;              /* word i at text + start[i], sorted */
    unsigned long *freq;
    unsigned *upper, *capital;  /* articles writing word i KPK, Jokowi */
    size_t n, size;
    int failed;
};

/* The index of word (a string of w, or any) in w, or w->n. */
static size_t
find (const cari_words_t *w, const char *word)
{
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
	size_t mid = lo + (hi - lo) / 2;
	int c = strcmp (w->text + w->start[mid], word);
	if (!c)
	    return mid;
	if (c < 0)
	    lo = mid + 1;
	else
	    hi = mid;
    }
    return w->n;
}

/* How many articles write a word in capitals or capitalized (XU, XC). */
struct cased {
    cari_words_t *w;
    unsigned *count;
    size_t skip;                /* the prefix's length */
};

static int
add_cased (void *ctx, const char *term, size_t len, unsigned long freq)
{
    struct cased *c = ctx;
    size_t i = len > c->skip ? find (c->w, term + c->skip) : c->w->n;
    if (i < c->w->n)
	c->count[i] = (unsigned) freq;
    return 0;
}

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
	if (cx_db_local_terms (db, prefix, add_word, w)) {
	    w->failed = 1;
	    break;
	}
    }
    /* An index from before the XU and XC terms has none: lower case. */
    if (!w->failed && (!(w->upper = calloc (w->n + 1, sizeof *w->upper)) ||
		       !(w->capital = calloc (w->n + 1,
					      sizeof *w->capital))))
	w->failed = 1;
    struct cased up = { w, w->upper, strlen (CARI_PREFIX_UPPER) };
    struct cased cap = { w, w->capital, strlen (CARI_PREFIX_CAPITAL) };
    if (!w->failed &&
	(cx_db_local_terms (db, CARI_PREFIX_UPPER, add_cased, &up) ||
	 cx_db_local_terms (db, CARI_PREFIX_CAPITAL, add_cased, &cap)))
	w->failed = 1;
    if (w->failed) {
	cari_words_destroy (w);
	return NULL;
    }
    return w;
}

char *
cari_words_cased (const cari_words_t *w, const char *word)
{
    size_t i = find (w, word), len = strlen (word);
    unsigned long up = i < w->n ? w->upper[i] : 0;
    unsigned long cap = i < w->n ? w->capital[i] : 0;
    unsigned long all = i < w->n ? w->freq[i] : 0;
    unsigned long lower = all > up + cap ? all - up - cap : 0;
    /* Each letter made upper case as UTF-8 may take up to 4 bytes. */
    char *out = malloc (4 * len + 1);
    size_t o = 0;
    int letters = up > lower && up >= cap ? -1 : cap > lower ? 1 : 0;

    if (!out)
	return NULL;
    for (size_t at = 0; at < len;) {
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate ((const utf8proc_uint8_t *)
					       word + at,
					       (utf8proc_ssize_t) (len - at),
					       &cp);
	if (k <= 0) {
	    out[o++] = word[at++];
	    continue;
	}
	if (letters) {
	    cp = utf8proc_toupper (cp);
	    if (letters > 0)
		letters = 0;
	}
	o += (size_t) utf8proc_encode_char (cp, (utf8proc_uint8_t *) out + o);
	at += (size_t) k;
    }
    out[o] = '\0';
    return out;
}

void
cari_words_destroy (cari_words_t *w)
{
    if (!w)
	return;
    free (w->text);
    free (w->start);
    free (w->freq);
    free (w->upper);
    free (w->capital);
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

/* Completions in the context of the words before: the words with the
 * prefix seen in the text of the best articles for them, their scores. */
struct context {
    const cari_words_t *w;
    const char *prefix;
    size_t plen;
    size_t idx[CARI_COMPLETE_CANDIDATES];   /* the words, in w */
    double score[CARI_COMPLETE_CANDIDATES];
    unsigned char seen[CARI_COMPLETE_CANDIDATES];   /* in this hit */
    size_t n;
    const char *last;           /* the last word before the partial one */
    int after_last;             /* the previous token was that word */
};

static int
score_token (void *ctx, const cari_token_t *t)
{
    struct context *c = ctx;
    char word[CARI_COMPLETE_WORD_BYTES];

    if (t->folded_len >= c->plen && t->folded_len < sizeof word &&
	!memcmp (t->folded, c->prefix, c->plen)) {
	memcpy (word, t->folded, t->folded_len);
	word[t->folded_len] = '\0';
	size_t i, k = find (c->w, word);
	for (i = 0; i < c->n && c->idx[i] != k; i++)
	    ;
	if (k < c->w->n && i == c->n && c->n < CARI_COMPLETE_CANDIDATES) {
	    c->idx[c->n] = k;
	    c->score[c->n] = 0;
	    c->seen[c->n++] = 0;
	}
	/* Once a hit that holds it, and more where it follows the last
	 * word (harga cabai). */
	if (i < c->n) {
	    c->score[i] += c->seen[i] ? 0 : 1;
	    c->seen[i] = 1;
	    c->score[i] += c->after_last ? CARI_COMPLETE_ADJACENT : 0;
	}
    }
    c->after_last = strlen (c->last) == t->folded_len &&
		    !memcmp (c->last, t->folded, t->folded_len);
    return 0;
}

/* Score the words of c on the titles and passages of the best articles
 * holding the words before.  Returns 0, or -1 when the search failed. */
static int
score_context (struct context *c, cari_searcher_t *s, cari_analyzer_t *an,
	       const char *const *before, size_t n_before)
{
    size_t qlen = 1;
    for (size_t i = 0; i < n_before; i++)
	qlen += strlen (before[i]) + 1;
    char *q = malloc (qlen), *error = NULL;
    cari_results_t *r = NULL;
    if (!q)
	return -1;
    q[0] = '\0';
    for (size_t i = 0; i < n_before; i++)
	strcat (strcat (q, i ? " " : ""), before[i]);

    cari_request_t req;
    memset (&req, 0, sizeof req);
    req.query = q;
    req.limit = CARI_COMPLETE_CONTEXT_HITS;
    req.snippet_chars = CARI_COMPLETE_CONTEXT_CHARS;
    req.no_suggestion = 1;
    req.time_limit_ms = CARI_COMPLETE_CONTEXT_MS;
    int st = cari_searcher_run (s, &req, &r, &error);
    free (error);
    free (q);
    if (st)
	return -1;
    for (size_t h = 0; h < r->n_hits; h++) {
	memset (c->seen, 0, sizeof c->seen);
	c->after_last = 0;
	cari_analyze_words (an, r->hits[h].title, strlen (r->hits[h].title), 1,
			    score_token, c);
	c->after_last = 0;
	cari_analyze_words (an, r->hits[h].snippet_text,
			    r->hits[h].snippet_len, 1, score_token, c);
    }
    cari_results_destroy (r);
    return 0;
}

size_t
cari_words_complete_after (const cari_words_t *w, struct cari_searcher *s,
			   cari_analyzer_t *an, const char *const *before,
			   size_t n_before, const char *prefix, size_t max,
			   const char **words, unsigned long *freqs)
{
    size_t n = 0, plen = strlen (prefix);
    struct context *c;

    if (!n_before || !s || !an || !plen || !max ||
	!(c = calloc (1, sizeof *c)))
	return cari_words_complete (w, prefix, max, words, freqs);
    c->w = w;
    c->prefix = prefix;
    c->plen = plen;
    c->last = before[n_before - 1];
    score_context (c, s, an, before, n_before);
    /* The best scores first, then the most frequent: a stable insertion
     * sort of a few dozen. */
    for (size_t i = 1; i < c->n; i++)
	for (size_t j = i; j > 0 && (c->score[j] > c->score[j - 1] ||
				     (c->score[j] == c->score[j - 1] &&
				      w->freq[c->idx[j]] >
				      w->freq[c->idx[j - 1]])); j--) {
	    size_t ti = c->idx[j];
	    double ts = c->score[j];
	    c->idx[j] = c->idx[j - 1], c->score[j] = c->score[j - 1];
	    c->idx[j - 1] = ti, c->score[j - 1] = ts;
	}
    for (; n < c->n && n < max; n++) {
	words[n] = w->text + w->start[c->idx[n]];
	freqs[n] = w->freq[c->idx[n]];
    }
    /* Then the most frequent words the context did not show. */
    size_t base = n, m = n < max ? cari_words_complete (w, prefix, max - n,
							words + n, freqs + n)
				 : 0;
    for (size_t i = base; i < base + m; i++) {
	size_t k;
	for (k = 0; k < base && strcmp (words[k], words[i]); k++)
	    ;
	if (k == base) {
	    words[n] = words[i];
	    freqs[n] = freqs[i];
	    n++;
	}
    }
    free (c);
    return n;
}
