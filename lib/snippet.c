/* snippet.c - the passage of a hit that shows why it matched, highlighted
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/snippet.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A query word, stem or prefix (of a wildcard, korup*).  Queries are
 * short, so a flat list is searched. */
enum { KEY_WORD, KEY_STEM, KEY_PREFIX };

struct key {
    char *text;
    size_t len;
    int is_stem;                /* KEY_WORD, KEY_STEM or KEY_PREFIX */
};

struct cari_highlighter {
    struct key *keys;
    size_t n, size;
    int stems;                  /* whether some key is a stem */
};

static int
add_key (cari_highlighter_t *h, const char *s, size_t len, int is_stem)
{
    if (!len)
	return 0;
    for (size_t i = 0; i < h->n; i++)
	if (h->keys[i].is_stem == is_stem && h->keys[i].len == len &&
	    !memcmp (h->keys[i].text, s, len))
	    return 0;
    if (h->n == h->size) {
	size_t size = h->size ? 2 * h->size : 8;
	struct key *k = realloc (h->keys, size * sizeof *k);
	if (!k)
	    return -1;
	h->keys = k;
	h->size = size;
    }
    h->keys[h->n].text = strndup (s, len);
    if (!h->keys[h->n].text)
	return -1;
    h->keys[h->n].len = len;
    h->keys[h->n].is_stem = is_stem;
    h->stems |= is_stem == KEY_STEM;
    h->n++;
    return 0;
}

cari_highlighter_t *
cari_highlighter_create (const char *const *terms, size_t n)
{
    cari_highlighter_t *h = calloc (1, sizeof *h);
    if (!h)
	return NULL;
    for (size_t i = 0; i < n; i++) {
	const char *t = terms[i];
	int r = 0;
	/* Prefixes are upper case; words are folded to lower case. */
	if (t[0] == 'Z')
	    t += t[1] == 'S' ? 2 : 1, r = add_key (h, t, strlen (t), KEY_STEM);
	else if (t[0] == 'S')
	    r = add_key (h, t + 1, strlen (t + 1), KEY_WORD);
	else if (!(t[0] >= 'A' && t[0] <= 'Z'))
	    r = add_key (h, t, strlen (t), KEY_WORD);
	if (r < 0) {
	    cari_highlighter_destroy (h);
	    return NULL;
	}
    }
    return h;
}

void
cari_highlighter_destroy (cari_highlighter_t *h)
{
    if (!h)
	return;
    for (size_t i = 0; i < h->n; i++)
	free (h->keys[i].text);
    free (h->keys);
    free (h);
}

int
cari_highlighter_is_empty (const cari_highlighter_t *h)
{
    return !h || h->n == 0;
}

/* The folded form of the last word of text[0, len) into *key, when the
 * word ends at len. */
struct last_word {
    size_t len;
    char *folded;
    size_t folded_len;
};

static int
keep_last (void *ctx, const cari_token_t *t)
{
    struct last_word *lw = ctx;
    if (t->end == lw->len) {
	free (lw->folded);
	lw->folded = strndup (t->folded, t->folded_len);
	lw->folded_len = lw->folded ? t->folded_len : 0;
    }
    return 0;
}

static int
is_ascii_word (char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

static int
is_word_byte (unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	   (c >= 'A' && c <= 'Z');
}

int
_cari_highlighter_add_wildcards (cari_highlighter_t *h, cari_analyzer_t *an,
				 const char *query)
{
    for (const char *star = strchr (query, '*'); star;
	 star = strchr (star + 1, '*')) {
	const char *a = star;
	while (a > query && is_word_byte ((unsigned char) a[-1]))
	    a--;
	/* A wildcard ends its word: korup*, not ko*rup. */
	if (a == star || is_word_byte ((unsigned char) star[1]))
	    continue;
	struct last_word lw = { (size_t) (star - a), NULL, 0 };
	cari_analyze_words (an, a, lw.len, 1, keep_last, &lw);
	int r = lw.folded ? add_key (h, lw.folded, lw.folded_len, KEY_PREFIX)
			  : 0;
	free (lw.folded);
	if (r < 0)
	    return -1;
    }
    return 0;
}

/* Index of the key the token matches, or -1.  A stem also matches the
 * word written as it is: a word that is its own stem has no Z term, and
 * the search takes the word for it (schema 6), so Zmasing finds the
 * masing of masing-masing, whose stem is masing-masing. */
static int
match (const cari_highlighter_t *h, const cari_token_t *t)
{
    for (size_t i = 0; i < h->n; i++) {
	const struct key *k = &h->keys[i];
	if (k->is_stem == KEY_PREFIX
	    ? (k->len <= t->folded_len && !memcmp (k->text, t->folded, k->len))
	    : ((k->is_stem && k->len == t->stem_len &&
		!memcmp (k->text, t->stem, k->len)) ||
	       (k->len == t->folded_len &&
		!memcmp (k->text, t->folded, k->len))))
	    return (int) i;
    }
    return -1;
}

struct word {
    size_t start, end;
    size_t cstart, cend;        /* characters in the text before start, end */
    int key;                    /* matched key, or -1 */
};

struct words {
    const cari_highlighter_t *h;
    const char *text;
    struct word *w;
    size_t n, size;
    size_t base;                /* offset of the region being analysed */
    size_t at, chars_at;        /* characters in text[0, at) */
    int oom;
};

/* Characters in ws->text before byte b (not before the last one asked):
 * the words come in order, so the text is counted once. */
static size_t
chars_to (struct words *ws, size_t b)
{
    ws->chars_at += _cari_chars (ws->text, ws->at, b);
    ws->at = b;
    return ws->chars_at;
}

static int
collect (void *ctx, const cari_token_t *t)
{
    struct words *ws = ctx;
    if (ws->n == ws->size) {
	size_t size = ws->size ? 2 * ws->size : 256;
	struct word *w = realloc (ws->w, size * sizeof *w);
	if (!w) {
	    ws->oom = 1;
	    return 1;
	}
	ws->w = w;
	ws->size = size;
    }
    ws->w[ws->n].start = ws->base + t->start;
    ws->w[ws->n].end = ws->base + t->end;
    ws->w[ws->n].cstart = chars_to (ws, ws->base + t->start);
    ws->w[ws->n].cend = chars_to (ws, ws->base + t->end);
    ws->w[ws->n].key = ws->h ? match (ws->h, t) : -1;
    ws->n++;
    return 0;
}

/* The words of text into ws: stemmed only when a key is a stem, since
 * nothing else looks at the stems (and stemming is most of the cost of
 * words not seen before). */
static void
words_of (cari_analyzer_t *an, const cari_highlighter_t *h, const char *text,
	  size_t len, struct words *ws)
{
    if (h && h->stems)
	cari_analyze (an, text, len, 1, collect, ws);
    else
	cari_analyze_words (an, text, len, 1, collect, ws);
}

static int
is_space (char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	   c == '\v';
}

/* A byte range of the text to analyse. */
struct region {
    size_t a, b;
};

static int
cmp_region (const void *x, const void *y)
{
    const struct region *p = x, *q = y;
    return p->a < q->a ? -1 : p->a > q->a;
}

/* A place in the text that may hold a match of key `key`. */
struct spot {
    size_t at;
    int key;
};

static int
cmp_spot (const void *x, const void *y)
{
    const struct spot *p = x, *q = y;
    return p->at < q->at ? -1 : p->at > q->at;
}

/* Among spots[lo, hi), the one starting the window of `width` bytes with
 * the most distinct keys not in `known` (then the most spots); its score
 * (1000 a key, 1 a spot) into *score. */
static size_t
best_spot (const struct spot *sp, size_t lo, size_t hi, size_t width,
	   const unsigned char *known, unsigned char *seen, size_t nkeys,
	   size_t *score)
{
    size_t best = lo;
    *score = 0;
    for (size_t i = lo; i < hi; i++) {
	size_t distinct = 0, total = 0;
	memset (seen, 0, nkeys);
	for (size_t j = i; j < hi && sp[j].at - sp[i].at <= width; j++) {
	    total++;
	    if (!seen[sp[j].key] && !known[sp[j].key]) {
		seen[sp[j].key] = 1;
		distinct++;
	    }
	}
	if (distinct * 1000 + total > *score) {
	    *score = distinct * 1000 + total;
	    best = i;
	}
    }
    return best;
}

/* Whether a word of text[a, b) that covers byte `at` matches key `key`. */
struct probe {
    const cari_highlighter_t *h;
    size_t at;
    int key, found;
};

static int
probe_word (void *ctx, const cari_token_t *t)
{
    struct probe *pr = ctx;
    if (t->start <= pr->at && pr->at < t->end) {
	pr->found = match (pr->h, t) == pr->key;
	return 1;
    }
    return t->start > pr->at;
}

/* Whether the text around byte `at`, where the needle of key `key` was
 * found, is a word the key matches: the needle is a guess (tempat holds
 * empa of gempa; pada, da of ada), and a region chosen for guesses that
 * are not words shows no match at all.  The word is analysed alone, as
 * far as the spaces either side (within 64 bytes). */
static int
is_match_at (cari_analyzer_t *an, const cari_highlighter_t *h,
	     const char *text, size_t len, size_t at, int key)
{
    size_t a = at, b = at;
    while (a > 0 && at - a < 64 && !is_space (text[a - 1]))
	a--;
    while (b < len && b - at < 64 && !is_space (text[b]))
	b++;
    struct probe pr = { h, at - a, key, 0 };
    if (h->stems)
	cari_analyze (an, text + a, b - a, 1, probe_word, &pr);
    else
	cari_analyze_words (an, text + a, b - a, 1, probe_word, &pr);
    return pr.found;
}

/* Analysing (and so stemming) a long body costs more than the search, so
 * only the text around the best places that may hold matches is analysed.
 * A place is where a query word occurs, or a stem without its first letter
 * (which a prefix may change: tangkap in menangkap), ignoring ASCII case.
 * The regions are the window of max_chars with the most distinct keys and
 * the best window for the keys it lacks, with room for a lead-in, cut at
 * spaces.  Fills *out with them, sorted and merged;
 * returns their number, 0 when there is no such place, or -1 when out of
 * memory. */
static int
find_regions (cari_analyzer_t *an, const cari_highlighter_t *h,
	      const char *text, size_t len, size_t max_chars,
	      struct region **out)
{
    char *low = malloc (len + 1);
    struct spot *sp = NULL;
    size_t n = 0, size = 0, nkeys = h ? h->n : 0;
    unsigned char *seen = calloc (nkeys + 1, 1), *known = calloc (nkeys + 1, 1);
    struct region *r = calloc (2, sizeof *r);
    int m = -1;

    *out = NULL;
    if (!low || !seen || !known || !r)
	goto done;
    _cari_lower_ascii (low, text, len);
    for (size_t k = 0; k < nkeys; k++) {
	const char *needle = h->keys[k].text;
	size_t nlen = h->keys[k].len;
	if (h->keys[k].is_stem == KEY_STEM && nlen >= 3) {
	    size_t skip = 1;
	    while (skip < nlen && ((unsigned char) needle[skip] & 0xc0) == 0x80)
		skip++;
	    needle += skip;
	    nlen -= skip;
	}
	for (const char *p = low; nlen &&
	     (p = memmem (p, len - (size_t) (p - low), needle, nlen));
	     p += nlen) {
	    /* A word or a prefix starts a word, a word ends one: ASCII
	     * letters either side say it does not (cheaper than the
	     * analysis, for a word like a). */
	    size_t at = (size_t) (p - low);
	    if (h->keys[k].is_stem != KEY_STEM &&
		((at > 0 && is_ascii_word (low[at - 1])) ||
		 (h->keys[k].is_stem == KEY_WORD && at + nlen < len &&
		  is_ascii_word (low[at + nlen]))))
		continue;
	    if (!is_match_at (an, h, text, len, at, (int) k))
		continue;
	    if (n == size) {
		struct spot *g = realloc (sp, (size = size ? 2 * size : 32)
					      * sizeof *sp);
		if (!g)
		    goto done;
		sp = g;
	    }
	    sp[n].at = at;
	    sp[n].key = (int) k;
	    n++;
	}
    }
    m = 0;
    if (!n)
	goto done;
    qsort (sp, n, sizeof *sp, cmp_spot);

    /* A window starts at most max_chars / 3 before its first match (the
     * sentence start) and holds max_chars: bytes, not characters, so a
     * little more either side. */
    size_t score, width = max_chars, a, b;
    size_t lead = max_chars / 2 + 16, follow = max_chars + max_chars / 2;
    a = best_spot (sp, 0, n, width, known, seen, nkeys, &score);
    size_t a_end = a;
    while (a_end < n && sp[a_end].at - sp[a].at <= width)
	known[sp[a_end++].key] = 1;
    r[m].a = sp[a].at > lead ? sp[a].at - lead : 0;
    r[m].b = sp[a].at + follow < len ? sp[a].at + follow : len;
    m++;
    /* The best window for the keys the first lacks, before or after it. */
    size_t sb = 0, sa = 0, b1 = 0, b2 = 0;
    if (a > 0)
	b1 = best_spot (sp, 0, a, width, known, seen, nkeys, &sb);
    if (a_end < n)
	b2 = best_spot (sp, a_end, n, width, known, seen, nkeys, &sa);
    if (sb >= 1000 || sa >= 1000) {
	b = sb >= sa ? b1 : b2;
	r[m].a = sp[b].at > lead ? sp[b].at - lead : 0;
	r[m].b = sp[b].at + follow < len ? sp[b].at + follow : len;
	m++;
    }
    /* Cut at spaces so that no word is split, then merge: regions that
     * touch or overlap would give the words between twice. */
    for (int i = 0; i < m; i++) {
	while (r[i].a > 0 && !is_space (text[r[i].a - 1]))
	    r[i].a--;
	while (r[i].b < len && !is_space (text[r[i].b]))
	    r[i].b++;
    }
    qsort (r, (size_t) m, sizeof *r, cmp_region);
    if (m == 2 && r[1].a <= r[0].b) {
	if (r[1].b > r[0].b)
	    r[0].b = r[1].b;
	m = 1;
    }
done:
    free (low);
    free (sp);
    free (seen);
    free (known);
    if (m > 0)
	*out = r;
    else
	free (r);
    return m;
}

/* Where the sentence holding byte `at` starts, if it starts at most
 * `within` characters before; else SIZE_MAX. */
static size_t
sentence_start (const char *text, size_t at, size_t within)
{
    size_t i = at, seen = 0;
    while (i > 0 && seen <= within) {
	char c = text[i - 1];
	if (c == '\n')
	    return i;
	if (is_space (c) && i >= 2 &&
	    (text[i - 2] == '.' || text[i - 2] == '!' || text[i - 2] == '?' ||
	     text[i - 2] == '"'))
	    return i;
	i--;
	seen += ((unsigned char) c & 0xc0) != 0x80;
    }
    return i == 0 ? 0 : SIZE_MAX;
}

/* Pick the window of words [*first, *last] to show among the words
 * [lo, hi): the most distinct keys (not counting those in `known`, when
 * not NULL), then the most matches.  Returns its score, 1000 a distinct
 * key plus 1 a match. */
static size_t
best_window (const char *text, const struct words *ws, size_t lo, size_t hi,
	     size_t nkeys, const unsigned char *known, size_t max_chars,
	     size_t *first, size_t *last)
{
    size_t best_i = lo, best_score = 0;
    unsigned char *seen = calloc (nkeys ? nkeys : 1, 1);

    for (size_t i = lo; seen && i < hi; i++) {
	if (ws->w[i].key < 0)
	    continue;
	size_t distinct = 0, total = 0;
	memset (seen, 0, nkeys ? nkeys : 1);
	for (size_t j = i; j < hi; j++) {
	    /* Characters of [start of i, end of j). */
	    if (ws->w[j].cend - ws->w[i].cstart > max_chars)
		break;
	    int k = ws->w[j].key;
	    if (k < 0)
		continue;
	    total++;
	    if (!seen[k] && !(known && known[k])) {
		seen[k] = 1;
		distinct++;
	    }
	}
	size_t score = distinct * 1000 + total;
	if (score > best_score) {
	    best_score = score;
	    best_i = i;
	}
    }
    free (seen);

    /* Start at the sentence holding the first match when that is close,
     * else a few words before it, so the match has some context. */
    size_t i = best_i;
    if (best_score) {
	size_t s = sentence_start (text, ws->w[i].start, max_chars / 3);
	if (s != SIZE_MAX)
	    while (i > lo && ws->w[i - 1].start >= s)
		i--;
	else
	    for (int back = 0; back < 3 && i > lo; back++)
		i--;
    }
    /* The window [i, j] holds the characters of [start of i, end of j). */
    size_t j = i;
    while (j + 1 < hi && ws->w[j + 1].cend - ws->w[i].cstart <= max_chars)
	j++;
    /* Keep the best match in view even if the lead-in took the room. */
    while (best_score && j < best_i && i < best_i) {
	i++;
	while (j + 1 < hi && ws->w[j + 1].cend - ws->w[i].cstart <= max_chars)
	    j++;
    }
    *first = i;
    *last = j;
    return best_score;
}

/* Append text[a, b) to the snippet, whitespace runs made one space. */
static size_t
append_text (char *out, size_t o, const char *text, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++) {
	if (is_space (text[i])) {
	    if (o > 0 && out[o - 1] != ' ')
		out[o++] = ' ';
	} else {
	    out[o++] = text[i];
	}
    }
    return o;
}

/* The words of text to choose the snippet from, into *ws: all of them,
 * or (a long text) those of the regions around the matches; *at_start and
 * *at_end say whether the words reach the start and the end of text.
 * Returns 0, or -1 when out of memory. */
static int
collect_words (cari_analyzer_t *an, const cari_highlighter_t *h,
	       const char *text, size_t len, size_t max_chars,
	       struct words *ws, int *at_start, int *at_end)
{
    if (max_chars == 0 || len <= 3 * max_chars) {
	words_of (an, h, text, len, ws);
    } else {
	struct region *r;
	int n = find_regions (an, h, text, len, max_chars, &r);
	if (n < 0)
	    return -1;
	if (n == 0) {
	    /* No match: the start of the text is shown. */
	    size_t b = 2 * max_chars < len ? 2 * max_chars : len;
	    while (b < len && !is_space (text[b]))
		b++;
	    words_of (an, h, text, b, ws);
	    *at_end = b == len;
	}
	for (int i = 0; i < n && !ws->oom; i++) {
	    ws->base = r[i].a;
	    words_of (an, h, text + r[i].a, r[i].b - r[i].a, ws);
	}
	if (n > 0) {
	    *at_start = r[0].a == 0;
	    *at_end = r[n - 1].b == len;
	}
	free (r);
    }
    return 0;
}

/* Up to two fragments of words [first, last], bytes [from, to). */
struct frag {
    size_t first, last, from, to;
};

/* Whether fragment b starts where fragment a ends, or before, with at
 * most spaces between. */
static int
fragments_meet (const char *text, const struct frag *a, const struct frag *b)
{
    for (size_t i = a->to; i < b->from; i++)
	if (!is_space (text[i]))
	    return 0;
    return 1;
}

/* Choose the fragments f[] of the snippet (how many into *nf): the best
 * window, or two of half the size when a key the window misses matches
 * elsewhere.  Returns 0, or -1 when out of memory. */
static int
choose_fragments (const cari_highlighter_t *h, const char *text, size_t len,
		  const struct words *ws, size_t max_chars, int at_start,
		  int at_end, struct frag f[2], size_t *n_frags)
{
    size_t nf = 1;
    size_t nkeys = h ? h->n : 0;
    f[0].first = f[0].last = 0;
    if (ws->n == 0 || max_chars == 0) {
	f[0].last = ws->n ? ws->n - 1 : 0;
	f[0].from = 0;
	f[0].to = len;
    } else {
	best_window (text, ws, 0, ws->n, nkeys, NULL, max_chars,
		     &f[0].first, &f[0].last);
	/* Matches of a key the window misses lie elsewhere: show two
	 * fragments of half the size, the second for the keys the first
	 * lacks. */
	unsigned char *shown = calloc (nkeys ? nkeys : 1, 1);
	if (!shown)
	    return -1;
	int missing = 0;
	for (size_t i = f[0].first; i <= f[0].last; i++)
	    if (ws->w[i].key >= 0)
		shown[ws->w[i].key] = 1;
	for (size_t i = 0; i < ws->n; i++)
	    missing |= ws->w[i].key >= 0 && !shown[ws->w[i].key];
	if (missing && max_chars >= 60) {
	    size_t half = max_chars / 2, a1, a2, b1, b2, sa = 0, sb = 0;
	    best_window (text, ws, 0, ws->n, nkeys, NULL, half, &f[0].first,
			 &f[0].last);
	    memset (shown, 0, nkeys ? nkeys : 1);
	    for (size_t i = f[0].first; i <= f[0].last; i++)
		if (ws->w[i].key >= 0)
		    shown[ws->w[i].key] = 1;
	    if (f[0].first > 0)
		sa = best_window (text, ws, 0, f[0].first, nkeys, shown,
				  half, &a1, &a2);
	    if (f[0].last + 1 < ws->n)
		sb = best_window (text, ws, f[0].last + 1, ws->n, nkeys,
				  shown, half, &b1, &b2);
	    if (sa >= 1000 && sa >= sb) {
		f[1] = f[0];
		f[0].first = a1;
		f[0].last = a2;
		nf = 2;
	    } else if (sb >= 1000) {
		f[1].first = b1;
		f[1].last = b2;
		nf = 2;
	    }
	}
	free (shown);
	for (size_t k = 0; k < nf; k++) {
	    size_t first = f[k].first, last = f[k].last, to;
	    f[k].from = first == 0 && at_start ? 0 : ws->w[first].start;
	    to = last + 1 == ws->n && at_end ? len : ws->w[last].end;
	    /* Keep closing punctuation of the last word (a full stop, a
	     * quote). */
	    while (to < len && !is_space (text[to]) &&
		   to < ws->w[last].end + 3 &&
		   (last + 1 == ws->n || to < ws->w[last + 1].start) &&
		   ((unsigned char) text[to] < 0x80))
		to++;
	    f[k].to = to;
	}
	/* Fragments that meet in the text are one: no "…" where nothing
	 * was left out (ketika harga … cabai for ketika harga cabai). */
	if (nf == 2 && fragments_meet (text, &f[0], &f[1])) {
	    f[0].last = f[1].last;
	    f[0].to = f[1].to;
	    nf = 1;
	}
    }
    /* An empty text, or no words: show it (cut) as it is. */
    if (ws->n == 0 && max_chars && _cari_chars (text, 0, len) > max_chars) {
	size_t n = 0, to = 0;
	while (to < len && n < max_chars) {
	    to++;
	    while (to < len && ((unsigned char) text[to] & 0xc0) == 0x80)
		to++;
	    n++;
	}
	f[0].to = to;
    }

    *n_frags = nf;
    return 0;
}

/* Write the fragments f[0 .. nf - 1] of text into out, with their marks
 * and "…" where text is left out.  Returns 0, or -1 when out of memory. */
static int
write_fragments (const char *text, size_t len, const struct words *ws,
		 struct frag f[2], size_t nf, cari_snippet_t *out)
{
    size_t room = 1;
    for (size_t k = 0; k < nf; k++) {
	/* Leading and trailing whitespace never shows-> */
	while (f[k].from < f[k].to && is_space (text[f[k].from]))
	    f[k].from++;
	while (f[k].to > f[k].from && is_space (text[f[k].to - 1]))
	    f[k].to--;
	if (f[k].to < f[k].from)
	    f[k].to = f[k].from;
	room += f[k].to - f[k].from + 2 * sizeof " … ";
    }
    out->text = malloc (room);
    out->marks = malloc ((ws->n ? ws->n : 1) * sizeof *out->marks);
    if (!out->text || !out->marks) {
	cari_snippet_clear (out);
	return -1;
    }

    size_t o = 0;
    for (size_t k = 0; k < nf; k++) {
	size_t from = f[k].from, to = f[k].to, at = from;
	if (k == 0 && from > 0)
	    o += (size_t) sprintf (out->text + o, "… ");
	else if (k > 0)
	    o += (size_t) sprintf (out->text + o, " … ");
	for (size_t i = f[k].first; ws->n && i <= f[k].last && i < ws->n; i++) {
	    if (ws->w[i].key < 0 || ws->w[i].start < from || ws->w[i].end > to)
		continue;
	    o = append_text (out->text, o, text, at, ws->w[i].start);
	    out->marks[out->n_marks].start = o;
	    o = append_text (out->text, o, text, ws->w[i].start, ws->w[i].end);
	    out->marks[out->n_marks].end = o;
	    out->n_marks++;
	    at = ws->w[i].end;
	}
	o = append_text (out->text, o, text, at, to);
    }
    if (f[nf - 1].to < len)
	o += (size_t) sprintf (out->text + o, " …");
    out->text[o] = '\0';
    out->len = o;
    return 0;
}

int
cari_snippet_make (cari_analyzer_t *an, const cari_highlighter_t *h,
		   const char *text, size_t len, size_t max_chars,
		   cari_snippet_t *out)
{
    struct words ws = { h, text, NULL, 0, 0, 0, 0, 0, 0 };
    /* Whether the words collected reach the start and the end of text. */
    int at_start = 1, at_end = 1;
    struct frag f[2];
    size_t nf = 1;
    int ret = -1;

    memset (out, 0, sizeof *out);
    if (collect_words (an, h, text, len, max_chars, &ws, &at_start,
		       &at_end) < 0)
	return -1;
    if (ws.oom)
	goto done;
    if (choose_fragments (h, text, len, &ws, max_chars, at_start, at_end, f,
			  &nf) < 0)
	goto done;
    ret = write_fragments (text, len, &ws, f, nf, out);
done:
    free (ws.w);
    return ret;
}

void
cari_snippet_clear (cari_snippet_t *s)
{
    if (!s)
	return;
    free (s->text);
    free (s->marks);
    memset (s, 0, sizeof *s);
}
