/* worker.h - cari-serve's per-thread index readers and its searches
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_WORKER_H
#define CARI_SERVE_WORKER_H

#include "include/cari.h"
#include "serve/http.h"
#include "serve/params.h"

#include <jansson.h>

/* The readers of one worker thread. */
typedef struct cari_worker {
    cari_searcher_t *searcher;
    cari_index_t *index;        /* term lists for /api/suggest */
    cari_words_t *words;        /* the words of index at words_rev */
    unsigned long long words_rev;
    cari_analyzer_t *an;
} cari_worker_t;

/**
 * Make ready for readers of the index at dbpath (borrowed until
 * cari_worker_stop()).  Returns 0, or -1 when out of memory.
 */
int
cari_worker_start (const char *dbpath);

/**
 * The limit of every search: stop each after time_limit_ms (0: none) with
 * partial results (how many run at once is pool.c's).  The environment
 * variable CARI_SERVE_TEST_DELAY_MS, for tests only, makes each search
 * sleep that long first, holding its place; CARI_SERVE_TEST_COSTLY_DELAY_MS
 * the same for the searches of the costly lane only.
 */
void
cari_worker_limits (unsigned time_limit_ms);

/** The time limit of each search in ms, as set by cari_worker_limits. */
unsigned
cari_worker_time_limit (void);

/** Search with the synonyms of syn (borrowed until cari_worker_stop()),
 * NULL for none; before the first search. */
void
cari_worker_synonyms (const cari_synonyms_t *syn);

/** Let go of the key of the readers, once the daemon's threads are
 * stopped (each thread's readers are freed as it ends). */
void
cari_worker_stop (void);

/**
 * This thread's readers, up to date (with the term-list reader when
 * with_db); NULL with *error set (free with free()) when the index cannot
 * be read.
 */
cari_worker_t *
cari_worker_get (char **error, int with_db);

/**
 * Run the search of p for the request r of c on a search thread of its
 * lane (pool.c).  Returns 1 when c is suspended for it: the handler
 * returns MHD_YES, and calls this again once resumed, with the same p,
 * for the outcome.  Else 0 with *out, the JSON with page and size added,
 * or NULL with *status (HTTP) and *error (503 when the lane is full).
 */
int
cari_worker_search (struct MHD_Connection *c, cari_req_t *r,
		    const cari_params_t *p, json_t **out, unsigned *status,
		    char **error);

#endif /* CARI_SERVE_WORKER_H */
