/* correct.c - typo correction: the likeliest word meant by one few hold
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/correct.h"

#include "include/cari.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Longer words are left alone: no one-edit neighbours worth the lookups. */
#define MAX_WORD 32

/* The costs of an edit, a letter dropped or added costing 1.  A slip of
 * the finger (a neighbouring key, two letters swapped, a key pressed
 * twice) or of the ear (a sound Indonesian writes two ways, a silent h) is
 * likelier, a key far from the one meant much less likely; the first
 * letter is rarely the one mistyped.  Measured with bench/typo-bench.py
 * (seed 19; bench/README.md, issue 19): a far key at 1 instead of 1.6
 * finds the intended word for 135 instead of 136 of 150 single words, a
 * swap at 0.6 instead of 0.4 for 134; weights of 1.5-3.5 for the
 * distance and 0-0.4 for the first letter move it by 2 at most. */
#define COST_EDIT 1.0
#define COST_FAR 1.6            /* a key far from the one meant */
#define COST_NEAR 0.6           /* a neighbouring key instead */
#define COST_SOUND 0.5          /* f/p/v, z/j, c/k/q, y/i, u/o, d/t, b/p */
#define COST_SWAP 0.4           /* two letters swapped */
#define COST_DOUBLE 0.4         /* a doubled letter typed once, or twice */
#define COST_H 0.5              /* an h dropped or added */
#define COST_EXTRA_NEAR 0.7     /* a key beside its neighbour pressed too */
#define COST_FIRST 0.4          /* added to an edit of the first letter */
/* How much a unit of distance weighs against the log of the number of
 * articles holding a candidate (the same measure: 2 / 2.5 / 3 find 138 / 136 / 137 of 150). */
#define DISTANCE_WEIGHT 2.5
/* Candidates further than this are not corrections: two plain edits and
 * the first letter's (asyrakat: masyarakat, from the spelling data);
 * 2 instead finds the same on bench/typo-bench.py's sets but for one. */
#define MAX_DISTANCE 2.5

/* The QWERTY rows, each shifted half a key right of the one above. */
static const char *const rows[] = { "qwertyuiop", "asdfghjkl", "zxcvbnm" };

static int
key_at (char c, int *row, int *col)
{
    for (int r = 0; r < 3; r++) {
	const char *p = strchr (rows[r], c);
	if (c && p) {
	    *row = r;
	    *col = (int) (p - rows[r]);
	    return 1;
	}
    }
    return 0;
}

/* Whether a and b are neighbouring keys. */
static int
near_keys (char a, char b)
{
    int ra, ca, rb, cb;

    if (a == b || !key_at (a, &ra, &ca) || !key_at (b, &rb, &cb))
	return 0;
    if (ra == rb)
	return abs (ca - cb) == 1;
    if (rb == ra - 1)           /* the row above: same column and the next */
	return cb == ca || cb == ca + 1;
    if (rb == ra + 1)           /* the row below: same column and the one before */
	return cb == ca || cb == ca - 1;
    return 0;
}

/* Whether a and b are letters Indonesian writers confuse by sound (old
 * spellings, loan words, the voiceless end of a word). */
static int
same_sound (char a, char b)
{
    static const char *const pairs[] = { "fp", "fv", "pv", "zj", "ck", "kq",
					 "yi", "uo", "dt", "bp" };

    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
	if ((a == pairs[i][0] && b == pairs[i][1]) ||
	    (a == pairs[i][1] && b == pairs[i][0]))
	    return 1;
    return 0;
}

static double
cost_sub (char typed, char meant)
{
    if (typed == meant)
	return 0;
    if (same_sound (typed, meant))
	return COST_SOUND;
    return near_keys (typed, meant) ? COST_NEAR : COST_FAR;
}

/* The cost of letter i of s (n bytes) being there in one and missing in
 * the other: a letter next to its twin, an h; an extra key beside its
 * neighbour (extra: s is what was typed). */
static double
cost_indel (const char *s, size_t n, size_t i, int extra)
{
    char c = s[i], before = i ? s[i - 1] : 0, after = i + 1 < n ? s[i + 1] : 0;

    if (c == before || c == after)
	return COST_DOUBLE;
    if (c == 'h')
	return COST_H;
    if (extra && (near_keys (c, before) || near_keys (c, after)))
	return COST_EXTRA_NEAR;
    return COST_EDIT;
}

static double
min2 (double a, double b)
{
    return a < b ? a : b;
}

double
_cari_typo_distance (const char *t, size_t tn, const char *c, size_t cn)
{
    double d[MAX_WORD + 2][MAX_WORD + 2];

    if (tn > MAX_WORD + 1 || cn > MAX_WORD + 1)
	return HUGE_VAL;
    d[0][0] = 0;
    for (size_t i = 1; i <= tn; i++)
	d[i][0] = d[i - 1][0] + cost_indel (t, tn, i - 1, 1)
		  + (i == 1 ? COST_FIRST : 0);
    for (size_t j = 1; j <= cn; j++)
	d[0][j] = d[0][j - 1] + cost_indel (c, cn, j - 1, 0) + COST_FIRST;
    for (size_t i = 1; i <= tn; i++)
	for (size_t j = 1; j <= cn; j++) {
	    double first = i == 1 ? COST_FIRST : 0;
	    double sub = t[i - 1] == c[j - 1] ? 0
			 : cost_sub (t[i - 1], c[j - 1]) + first;
	    double v = d[i - 1][j - 1] + sub;
	    v = min2 (v, d[i - 1][j] + cost_indel (t, tn, i - 1, 1) + first);
	    v = min2 (v, d[i][j - 1] + cost_indel (c, cn, j - 1, 0));
	    if (i > 1 && j > 1 && t[i - 1] == c[j - 2] && t[i - 2] == c[j - 1]
		&& t[i - 1] != t[i - 2])
		v = min2 (v, d[i - 2][j - 2] + COST_SWAP
			     + (i == 2 ? COST_FIRST : 0));
	    d[i][j] = v;
	}
    return d[tn][cn];
}

double
_cari_typo_score (double distance, unsigned long df)
{
    return log1p ((double) df) - DISTANCE_WEIGHT * distance;
}

/* The words one edit from a word, as NUL-terminated strings of a fixed
 * width, sorted and without repeats. */
struct edits {
    char (*w)[MAX_WORD + 2];
    size_t n, cap;
};

static int
edit_add (struct edits *e, const char *w, size_t len)
{
    if (e->n == e->cap)
	return 0;               /* cap is every edit of the word: not reached */
    memcpy (e->w[e->n], w, len);
    e->w[e->n++][len] = '\0';
    return 0;
}

static int
cmp_edit (const void *a, const void *b)
{
    return strcmp (a, b);
}

/* Every word one edit from w (len bytes) over the letters a-z, into e. */
static int
edits1 (const char *w, size_t len, struct edits *e)
{
    char buf[MAX_WORD + 2];

    e->cap = 54 * len + 26;
    e->n = 0;
    if (!(e->w = malloc (e->cap * sizeof *e->w)))
	return -1;
    for (size_t i = 0; i < len; i++) {          /* deletions */
	memcpy (buf, w, i);
	memcpy (buf + i, w + i + 1, len - i - 1);
	edit_add (e, buf, len - 1);
    }
    for (size_t i = 0; i + 1 < len; i++) {      /* transpositions */
	memcpy (buf, w, len);
	buf[i] = w[i + 1];
	buf[i + 1] = w[i];
	edit_add (e, buf, len);
    }
    for (size_t i = 0; i < len; i++)            /* substitutions */
	for (char c = 'a'; c <= 'z'; c++) {
	    memcpy (buf, w, len);
	    buf[i] = c;
	    edit_add (e, buf, len);
	}
    for (size_t i = 0; i <= len; i++)           /* insertions */
	for (char c = 'a'; c <= 'z'; c++) {
	    memcpy (buf, w, i);
	    buf[i] = c;
	    memcpy (buf + i + 1, w + i, len - i);
	    edit_add (e, buf, len + 1);
	}
    qsort (e->w, e->n, sizeof *e->w, cmp_edit);
    size_t k = 0;
    for (size_t i = 0; i < e->n; i++)
	if (!k || strcmp (e->w[k - 1], e->w[i]))
	    memmove (e->w[k++], e->w[i], sizeof *e->w);
    e->n = k;
    return 0;
}

/* The best candidate so far. */
struct best {
    const char *typed;
    size_t len;
    char word[MAX_WORD + 2];
    unsigned long df;
    double score;
};

/* cand, which df articles hold, as the best if it is.  A word of the
 * index's terms must be in 2 articles (one article's words hold its
 * typos); one of the spelling data is a word for the index (min_df 1). */
static void
consider (struct best *b, const char *cand, unsigned long df,
	  unsigned long min_df)
{
    size_t n = strlen (cand);
    double dist;

    if (df < min_df || n > MAX_WORD || !strcmp (cand, b->typed))
	return;
    dist = _cari_typo_distance (b->typed, b->len, cand, n);
    if (dist > MAX_DISTANCE)
	return;
    double score = _cari_typo_score (dist, df);
    if (!b->df || score > b->score ||
	(score == b->score && strcmp (cand, b->word) < 0)) {
	memcpy (b->word, cand, n + 1);
	b->df = df;
	b->score = score;
    }
}

static int
ascii_word (const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
	if (w[i] < 'a' || w[i] > 'z')
	    return 0;
    return 1;
}

int
_cari_typo_correct (cx_db_t *db, const char *word, size_t len,
		    unsigned long df, char **out)
{
    struct best b = { word, len, "", 0, 0 };
    struct edits e = { NULL, 0, 0 };
    char *spelt = NULL;
    int ret = -1;

    *out = NULL;
    if (df > CARI_TYPO_RARE_DF || len < CARI_TYPO_MIN_BYTES || len > MAX_WORD
	|| !ascii_word (word, len))
	return 0;
    if (edits1 (word, len, &e) < 0)
	return -1;
    for (size_t i = 0; i < e.n; i++) {
	unsigned long f = 0;
	if (cx_db_term_freq (db, e.w[i], &f))
	    goto done;
	consider (&b, e.w[i], f, 2);
    }
    /* Two edits away: the spelling data's likeliest word, if any. */
    if (!cx_db_spelling_suggestion (db, word, 2, &spelt) && *spelt) {
	unsigned long f = 0;
	if (!cx_db_term_freq (db, spelt, &f))
	    consider (&b, spelt, f, 1);
    }
    ret = 0;
    if (b.df && b.df > CARI_TYPO_RATIO * df &&
	!(*out = strdup (b.word)))
	ret = -1;
done:
    free (spelt);
    free (e.w);
    return ret;
}

int
_cari_typo_boost (cx_search_t *search, const char *words, char **error)
{
    char term[MAX_WORD + 2];

    for (const char *w = words; w && *w;) {
	size_t n = strcspn (w, " ");
	cx_status_t st = CX_STATUS_SUCCESS;
	if (n && n <= MAX_WORD) {
	    for (size_t i = 0; i < n; i++)     /* the term: lower case */
		term[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char) (w[i] + 32) : w[i];
	    term[n] = '\0';
	    st = cx_search_boost_term (search, term, CARI_TYPO_EXACT_BOOST);
	}
	if (st) {
	    *error = cari_msg ("cannot weigh the corrected word '%s': %s",
			       term, cx_status_to_string (st));
	    return -1;
	}
	w += n + (w[n] == ' ');
    }
    return 0;
}
