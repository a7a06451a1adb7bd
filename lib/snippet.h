/* snippet.h - the passage of a hit that shows why it matched, highlighted
 *
 * Built on the analyzer's byte offsets: a word of the text is marked when
 * its folded form is a query word or its stem is a query stem, so every
 * affixed form of a query word lights up (meningkatkan for tingkat).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SNIPPET_H
#define CARI_SNIPPET_H

#include <stddef.h>

#include "include/cari.h"       /* cari_span_t */
#include "stemmer/analyzer.h"

typedef struct cari_highlighter cari_highlighter_t;

/**
 * What to highlight, from the terms of a parsed query (cx_search_terms):
 * "Z<stem>" and "ZS<stem>" give stems, "S<word>" and "<word>" give words;
 * other prefixed terms (filters) are ignored.  Returns NULL when out of
 * memory.  Free with cari_highlighter_destroy().
 */
cari_highlighter_t *
cari_highlighter_create (const char *const *terms, size_t n);

/** Does nothing if h is NULL. */
void
cari_highlighter_destroy (cari_highlighter_t *h);

/**
 * Also mark the words that the wildcards of query (korup*) expand to:
 * every word whose folded form starts with the folded prefix.  The
 * parsed query's terms do not hold them.  Returns 0, or -1 when out of
 * memory.
 */
int
_cari_highlighter_add_wildcards (cari_highlighter_t *h, cari_analyzer_t *an,
				 const char *query);

/** Whether the highlighter has anything to mark. */
int
cari_highlighter_is_empty (const cari_highlighter_t *h);

typedef struct cari_snippet {
    char *text;                 /* UTF-8, whitespace runs made one space */
    size_t len;
    cari_span_t *marks;         /* highlighted words, in order */
    size_t n_marks;
} cari_snippet_t;

/**
 * Cut the best passage of about max_chars characters (0: all of it) out of
 * text: the window holding the most distinct query words, then the most
 * matches, started at a sentence boundary when one is near.  "… " and " …"
 * show where text was left out.  Never cuts inside a UTF-8 character.
 * Returns 0, or -1 when out of memory.  Free with cari_snippet_clear().
 */
int
cari_snippet_make (cari_analyzer_t *an, const cari_highlighter_t *h,
		   const char *text, size_t len, size_t max_chars,
		   cari_snippet_t *out);

/** Free what a snippet holds. */
void
cari_snippet_clear (cari_snippet_t *s);

/**
 * The snippet with each mark wrapped in open ... close.  With html, the
 * text is HTML-escaped first (open and close are inserted as given).
 * Returns a string to free with free(), or NULL when out of memory.
 */
char *
cari_snippet_render (const cari_snippet_t *s, const char *open,
		     const char *close, int html);

/**
 * A title for an article that has none: the first sentence of its text,
 * cut after about CARI_DERIVED_TITLE_CHARS characters at a space (" …"
 * shows the cut), whitespace runs made one space; the url when the text
 * has no words.  Returns a string to free(), or NULL when out of memory.
 */
#define CARI_DERIVED_TITLE_CHARS 80

char *
_cari_title_derive (const char *text, size_t len, const char *url);

/** Characters (not bytes) in text[a, b) of UTF-8. */
size_t
_cari_chars (const char *text, size_t a, size_t b);

/** text[0, len) into out (len bytes) with ASCII letters in lower case. */
void
_cari_lower_ascii (char *out, const char *text, size_t len);

#endif /* CARI_SNIPPET_H */
