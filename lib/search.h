/* search.h - one search, from query text to the JSON of its hits
 *
 * The search logic shared by cari-query and cari-serve, so that both read
 * the query language the same way and answer with the same JSON schema:
 *
 *   {
 *     "query": "the query as given",
 *     "total": 123,            Xapian's estimate of all matching articles
 *     "offset": 0,             rank - 1 of the first hit returned
 *     "hits": [ {
 *       "rank": 1,             1-based over the whole result list
 *       "id", "title", "url", "date" (YYYY-MM-DD or ""), "source": strings
 *       "score": 12.3,         BM25 weight (higher is better)
 *       "snippet_text": "…",   best passage, UTF-8, "…" where text is cut
 *       "snippet_html": "…",   the same HTML-escaped, matches in <mark>
 *       "title_html": "…",     the title HTML-escaped, matches in <mark>
 *       "highlights": [[s, e], ...]  byte ranges of matches in snippet_text
 *     } ... ],
 *     "suggestion": "…"        only when a corrected query finds more
 *   }
 *
 * Fields may be added later; none will be removed or change meaning.
 * With no_snippets, snippet_text and snippet_html are "" and highlights [].
 *
 * A searcher is not thread-safe: open one per thread.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SEARCH_H
#define CARI_SEARCH_H

#include <jansson.h>
#include <stddef.h>

typedef struct cari_searcher cari_searcher_t;

/**
 * Open the index in dbpath to search it.  On failure returns NULL and sets
 * *error (free with free()) to a message naming dbpath and saying what to
 * do, e.g. "no index at DIR; build one with: cari-index --db DIR FILE...".
 */
cari_searcher_t *
cari_searcher_open (const char *dbpath, char **error);

/** Does nothing if s is NULL. */
void
cari_searcher_destroy (cari_searcher_t *s);

/**
 * A warning about the index to show the user once (the index was built with
 * another lexicon: rebuild it), or NULL.  Borrowed from s.
 */
const char *
cari_searcher_warning (const cari_searcher_t *s);

/**
 * Cheap check that the searcher sees the latest committed index: reopens
 * it when a commit, a compaction or a parallel build changed it.  Returns
 * 0, or -1 when the index can no longer be opened (the searcher then keeps
 * what it had).
 */
int
cari_searcher_refresh (cari_searcher_t *s);

typedef struct cari_request {
    const char *query;          /* the query language, see cari-query(1) */
    unsigned offset;            /* hits to skip */
    unsigned limit;             /* hits to return, 1..10000 */
    size_t snippet_chars;       /* about this many characters; 0: 200 */
    const char *source;         /* only this outlet (as source:), or NULL */
    const char *since, *until;  /* YYYY-MM-DD, YYYY-MM or YYYY, or NULL */
    int sort_by_date;           /* newest first instead of best first */
    int no_snippets;            /* skip the snippets (faster) */
    int no_suggestion;          /* skip "did you mean" (faster) */
} cari_request_t;

/** Status of a failed search, in *status. */
enum {
    CARI_SEARCH_USER_ERROR = 1,  /* bad or empty query, bad filter */
    CARI_SEARCH_INDEX_ERROR = 2  /* the index failed or out of memory */
};

/**
 * Run req.  Returns the JSON document above (free with json_decref()), or
 * NULL with *status set to CARI_SEARCH_USER_ERROR (the message in *error
 * says what to change) or CARI_SEARCH_INDEX_ERROR, and *error to free()
 * with free().
 */
json_t *
cari_searcher_search (cari_searcher_t *s, const cari_request_t *req,
		      int *status, char **error);

/** A message built like printf's, to free(); NULL when out of memory. */
char *
cari_msg (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

#endif /* CARI_SEARCH_H */
