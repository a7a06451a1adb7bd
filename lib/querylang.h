/* querylang.h - private to lib/: the lexer of the query language
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_LIB_QUERYLANG_H
#define CARI_LIB_QUERYLANG_H

#include "xapian-c/xapian-c.h"

#include <stddef.h>

/**
 * Take the date:SPEC words out of query q into [lo, hi] ("" for open):
 * returns the rest of the query (free with free()), or NULL with *bad set
 * to the first bad word (a copy to free) or NULL when out of memory;
 * *negated set when that word was negated or joined by OR, which a filter
 * cannot be (it only narrows the search).  An AND next to a date: word
 * goes with it.
 */
char *
_cari_take_dates (const char *q, char lo[9], char hi[9], char **bad,
		  int *negated);

/**
 * Words joined by a slash or names by a hyphen, split in place in the n
 * bytes of text.  Xapian's parser reads words joined by a hyphen or a
 * slash (Bergen-Belsen, episode/seri) as a phrase, which gives nothing to
 * an article holding only some of them (Belsen alone) or holding them
 * apart, though a slash mostly means "or".  So letters joined by a slash,
 * and names joined by a hyphen (both halves capitalised: Rusia-Ukraina),
 * become words of their own: articles holding all of them still come
 * first, through the all-words tier.  Other hyphenated words stay as
 * typed: Indonesian writes reduplication and compounds with a hyphen
 * (kupu-kupu, sayur-mayur), which the analyzer indexes under one stem that
 * a half would not find.  Numbers and codes (19/7, 2007-2011, COVID-19)
 * stay phrases.  A token that looks like an address (a field:value, an
 * e-mail or a host name: ':', '@' or a dot inside it) is left as typed,
 * and so are leading hyphens (-word excludes a word).
 */
void
_cari_split_joined_words (char *text, size_t n);

/**
 * Split the n bytes of text, a query of words, "phrases" and -excluded
 * ones, into the text of the first two (love) and that of the excluded
 * ones without their '-' (hate), each token followed by a space; love and
 * hate have room for 2 * n + 2 bytes.  Returns 0 when text has no
 * excluded word, or has brackets or an operator word, which this does not
 * read; else 1.
 */
int
_cari_split_hate (const char *text, size_t n, char *love, char *hate);

/**
 * Parse the len bytes of query into search as cari searches it: joined
 * words split, the articles with every word ranked before those with
 * some, -words excluded even where Xapian's parser would take them for
 * words, and the title phrase boost.  Returns the binding's status
 * (detail on the search's db).
 */
cx_status_t
_cari_query_parse (cx_search_t *search, const char *query, size_t len);

#endif
