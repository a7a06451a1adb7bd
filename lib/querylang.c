/* querylang.c - the one lexer of cari's query language: date: filters,
 * -word exclusions, joined words split, and the tiers the query is parsed
 * into (every word first, then some)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include "lib/querylang.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Narrow the date range [lo, hi] ("" for open) by spec: a date or a range
 * A..B with either end left out.  Returns 0 or -1 for a bad spec. */
static int
narrow_dates (const char *spec, size_t len, char lo[9], char hi[9])
{
    const char *dots = memmem (spec, len, "..", 2);
    char l[9], h[9];

    if (!dots) {
	if (cari_date_range (spec, len, l, h) < 0)
	    return -1;
    } else {
	size_t a = (size_t) (dots - spec), b = len - a - 2;
	char x[9];
	if (!a && !b)
	    return -1;
	l[0] = h[0] = '\0';
	if (a && cari_date_range (spec, a, l, x) < 0)
	    return -1;
	if (b && cari_date_range (dots + 2, b, x, h) < 0)
	    return -1;
    }
    if (*l && (!*lo || strcmp (l, lo) > 0))
	memcpy (lo, l, 9);
    if (*h && (!*hi || strcmp (h, hi) < 0))
	memcpy (hi, h, 9);
    return 0;
}

/* Where the word of q that ends just before i (back over spaces and
 * opening parentheses) starts, if it is w; else (size_t) -1. */
static size_t
word_before (const char *q, size_t i, const char *w)
{
    size_t n = strlen (w);
    while (i > 0 && (q[i - 1] == ' ' || q[i - 1] == '\t' || q[i - 1] == '('))
	i--;
    return i >= n && !strncmp (q + i - n, w, n) &&
	(i == n || q[i - n - 1] == ' ' || q[i - n - 1] == '\t' ||
	 q[i - n - 1] == '(') ? i - n : (size_t) -1;
}

/* How far past word w q is if it starts with it (after spaces), else 0. */
static size_t
word_after (const char *q, const char *w)
{
    size_t i = strspn (q, " \t"), n = strlen (w);
    return !strncmp (q + i, w, n) &&
	(!q[i + n] || q[i + n] == ' ' || q[i + n] == '\t') ? i + n : 0;
}

/* Take the date:SPEC words out of query q into [lo, hi]: returns the rest
 * of the query (free with free()), or NULL with *bad set to the first bad
 * word (a copy to free) or NULL when out of memory; *negated set when that
 * word was negated or joined by OR, which a filter cannot be (it only
 * narrows the search).  An AND next to a date: word goes with it. */
char *
_cari_take_dates (const char *q, char lo[9], char hi[9], char **bad, int *negated)
{
    const size_t none = (size_t) -1;
    size_t n = strlen (q);
    char *rest = malloc (n + 1), *r = rest;

    *bad = NULL;
    *negated = 0;
    if (!rest)
	return NULL;
    for (size_t i = 0; i < n;) {
	int word_start = i == 0 || q[i - 1] == ' ' || q[i - 1] == '\t' ||
			 q[i - 1] == '(' || q[i - 1] == '-' || q[i - 1] == '+';
	if (word_start && !strncasecmp (q + i, "date:", 5)) {
	    size_t e = i + 5, at;
	    while (e < n && q[e] != ' ' && q[e] != '\t' && q[e] != ')')
		e++;
	    size_t sign = i > 0 && (q[i - 1] == '-' || q[i - 1] == '+');
	    *negated = (sign && q[i - 1] == '-') ||
		word_before (q, i - sign, "NOT") != none ||
		word_before (q, i - sign, "OR") != none ||
		word_after (q + e, "OR");
	    if (*negated || narrow_dates (q + i + 5, e - i - 5, lo, hi) < 0) {
		*bad = strndup (q + i - sign, e - i + sign);
		free (rest);
		return NULL;
	    }
	    r -= sign;          /* the + or - copied already */
	    if ((at = word_before (rest, (size_t) (r - rest), "AND")) != none)
		r = rest + at;
	    else
		e += word_after (q + e, "AND");
	    i = e;
	    continue;
	}
	*r++ = q[i++];
    }
    *r = '\0';
    return rest;
}

/* A byte of a word: an ASCII letter or digit, or part of a UTF-8 sequence. */
static int
word_byte (char c)
{
    return isalnum ((unsigned char) c) || (unsigned char) c >= 0x80;
}

/* A byte of a letter: an ASCII letter, or part of a UTF-8 sequence. */
static int
letter_byte (char c)
{
    return isalpha ((unsigned char) c) || (unsigned char) c >= 0x80;
}

void
_cari_split_joined_words (char *text, size_t n)
{
    for (size_t i = 0; i < n;) {
	size_t end = i;
	int address = 0;
	for (; end < n && !isspace ((unsigned char) text[end]); end++)
	    if (text[end] == ':' || text[end] == '@' ||
		(text[end] == '.' && end > i && end + 1 < n &&
		 word_byte (text[end - 1]) && word_byte (text[end + 1])))
		address = 1;
	for (size_t j = i + 1; !address && j + 1 < end; j++) {
	    if (!letter_byte (text[j - 1]) || !letter_byte (text[j + 1]))
		continue;
	    if (text[j] == '/') {
		text[j] = ' ';
	    } else if (text[j] == '-' && isupper ((unsigned char) text[j + 1])) {
		size_t start = j;       /* of the half before the hyphen */
		while (start > i && letter_byte (text[start - 1]))
		    start--;
		if (isupper ((unsigned char) text[start]) &&
		    (end - j - 1 != j - start ||
		     memcmp (text + start, text + j + 1, j - start) != 0))
		    text[j] = ' ';
	    }
	}
	for (i = end; i < n && isspace ((unsigned char) text[i]); i++)
	    ;
    }
}

/* Whether the len bytes at t are an operator word or hold a bracket. */
static int
operator_token (const char *t, size_t len)
{
    static const char *const ops[] = { "AND", "OR", "NOT", "XOR", "NEAR",
				       "ADJ" };
    if (memchr (t, '(', len) || memchr (t, ')', len))
	return 1;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
	if (len == strlen (ops[k]) && !memcmp (t, ops[k], len))
	    return 1;
    return (len >= 5 && !memcmp (t, "NEAR/", 5)) ||
	(len >= 4 && !memcmp (t, "ADJ/", 4));
}

int
_cari_split_hate (const char *text, size_t n, char *love, char *hate)
{
    size_t i = 0, nl = 0, nh = 0;
    love[0] = hate[0] = '\0';
    while (i < n) {
	while (i < n && isspace ((unsigned char) text[i]))
	    i++;
	if (i == n)
	    break;
	int minus = text[i] == '-' && i + 1 < n &&
		    !isspace ((unsigned char) text[i + 1]);
	size_t start = minus ? i + 1 : i, end = start;
	if (end < n && text[end] == '"') {
	    const char *q = memchr (text + end + 1, '"', n - end - 1);
	    end = q ? (size_t) (q - text) + 1 : n;
	}
	while (end < n && !isspace ((unsigned char) text[end]))
	    end++;
	if (operator_token (text + start, end - start))
	    return 0;
	char *to = minus ? hate : love;
	size_t *at = minus ? &nh : &nl;
	memcpy (to + *at, text + start, end - start);
	*at += end - start;
	to[(*at)++] = ' ';
	to[*at] = '\0';
	i = end;
    }
    return nh > 0;
}

/* The flags every part of a query is parsed with.  -word alone is every
 * article but those with word: without FLAG_PURE_NOT, Xapian's parser
 * would give up on the operator and search for the word instead. */
#define PARSE_FLAGS (CX_PARSE_DEFAULT | CX_PARSE_WILDCARD | CX_PARSE_PURE_NOT)

/* Xapian's parser turns -words into words when nothing else is left to
 * match (-kpk, or yang -kpk once the stopword yang is left out): into
 * q[0] (some words) and q[1] (every word) the articles with every other
 * word (all of them for none), but those with a -word.  Returns 1 when
 * text has such words and q was replaced, 0 when not, or -1 with the
 * binding's status in *st. */
static int
parse_hate (cx_search_t *search, const char *text, size_t n,
	    cx_query_t *q[2], cx_status_t *st)
{
    char *love = malloc (2 * n + 2), *hate = malloc (2 * n + 2);
    cx_query_t *no = NULL, *yes[2] = { NULL, NULL };
    int done = 0;

    *st = CX_STATUS_OUT_OF_MEMORY;
    if (!love || !hate)
	goto out;
    *st = CX_STATUS_SUCCESS;
    if (!_cari_split_hate (text, n, love, hate) || cx_query_has_not (q[0]))
	goto out;
    int blank = love[strspn (love, " ")] == '\0';
    if ((*st = cx_search_parse_query (search, hate, strlen (hate),
				      PARSE_FLAGS, CX_OP_OR, &no)))
	goto out;
    for (int all = 0; all < 2; all++)
	if ((*st = blank ? cx_query_match_all (&yes[all])
			 : cx_search_parse_query (search, love, strlen (love),
						  PARSE_FLAGS,
						  all ? CX_OP_AND : CX_OP_OR,
						  &yes[all])))
	    goto out;
    for (int all = 0; all < 2; all++) {
	cx_query_destroy (q[all]);
	q[all] = NULL;
	if ((*st = cx_query_combine (CX_OP_AND_NOT, yes[all], no, &q[all])))
	    goto out;
    }
    done = 1;
out:
    cx_query_destroy (no);
    cx_query_destroy (yes[0]);
    cx_query_destroy (yes[1]);
    free (love);
    free (hate);
    return *st ? -1 : done;
}

cx_status_t
_cari_query_parse (cx_search_t *search, const char *query, size_t len)
{
    char *text = malloc (len + 1);
    cx_query_t *q[2] = { NULL, NULL };  /* some words, every word */
    cx_status_t st = CX_STATUS_OUT_OF_MEMORY;

    if (!text)
	return st;
    memcpy (text, query, len);
    text[len] = '\0';
    _cari_split_joined_words (text, len);
    if ((st = cx_search_parse_query (search, text, len, PARSE_FLAGS,
				     CX_OP_OR, &q[0])) ||
	(st = cx_search_parse_query (search, text, len, PARSE_FLAGS,
				     CX_OP_AND, &q[1])))
	goto out;
    if (parse_hate (search, text, len, q, &st) < 0)
	goto out;
    if (!(st = cx_search_set_query (search, q[0], q[1])))
	st = cx_search_boost_phrase (search, text, len);
out:
    cx_query_destroy (q[0]);
    cx_query_destroy (q[1]);
    free (text);
    return st;
}
