/* worker.c - cari-serve's per-thread index readers and its searches
 *
 * Each search thread (pool.c) keeps its own index reader (a
 * cari_searcher_t, and a cari_index_t for the term lists of /api/suggest)
 * in a pthread key, and checks before each search that it sees the latest
 * committed index generation.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "serve/pool.h"
#include "serve/worker.h"
#include "serve/copies.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Settings, fixed after start. */
static struct {
    const char *dbpath;
    unsigned time_limit_ms;     /* of each search; 0: none */
    unsigned test_delay_ms;     /* CARI_SERVE_TEST_DELAY_MS: tests only */
    unsigned test_costly_ms;    /* CARI_SERVE_TEST_COSTLY_DELAY_MS */
    const cari_synonyms_t *synonyms;    /* --synonyms, or NULL */
} cfg;

static pthread_key_t worker_key;

static void
worker_destroy (void *p)
{
    cari_worker_t *w = p;
    if (!w)
	return;
    cari_searcher_destroy (w->searcher);
    cari_index_destroy (w->index);
    cari_words_destroy (w->words);
    cari_analyzer_destroy (w->an);
    free (w);
}

/* This thread's readers, brought up to the latest committed index (the
 * term-list reader only when with_db: searches do not need it); NULL with
 * *error set when the index cannot be read. */
cari_worker_t *
cari_worker_get (char **error, int with_db)
{
    cari_worker_t *w = pthread_getspecific (worker_key);

    *error = NULL;
    if (!w) {
	w = calloc (1, sizeof *w);
	if (!w || !(w->an = cari_analyzer_create ()) ||
	    pthread_setspecific (worker_key, w)) {
	    worker_destroy (w);
	    *error = strdup ("out of memory");
	    return NULL;
	}
    }
    if (!w->searcher) {
	if (cari_searcher_open (cfg.dbpath, &w->searcher, error))
	    return NULL;
	cari_searcher_set_synonyms (w->searcher, cfg.synonyms);
    } else if (cari_searcher_refresh (w->searcher) < 0) {
	/* Keep serving what we have; the next request tries again. */
    }
    if (!with_db)
	return w;
    /* After a swap the words are of the old generation: read them anew. */
    int anew = 0;
    if (!w->index)
	cari_index_open (cfg.dbpath, &w->index, NULL);
    else if (cari_index_refresh (w->index, &anew) == CARI_STATUS_SUCCESS &&
	     anew) {
	cari_words_destroy (w->words);
	w->words = NULL;
    }
    /* The words for completions, read again when a commit changed them. */
    unsigned long long rev;
    if (w->index && !cari_index_revision (w->index, &rev) &&
	(!w->words || rev != w->words_rev)) {
	cari_words_destroy (w->words);
	w->words = cari_words_read (w->index);
	w->words_rev = rev;
    }
    return w;
}

/* The search of p, on this thread's searcher (see cari_worker_search). */
static json_t *
search (const cari_params_t *p, unsigned *status, char **error)
{
    cari_worker_t *w;
    cari_request_t req;
    json_t *out;
    int st;

    if (!(w = cari_worker_get (error, 0))) {
	*status = MHD_HTTP_SERVICE_UNAVAILABLE;
	return NULL;
    }
    unsigned delay = cfg.test_delay_ms;
    if (cfg.test_costly_ms && cari_pool_lane (p->q) == CARI_LANE_COSTLY)
	delay = cfg.test_costly_ms;
    if (delay) {
	struct timespec d = { (time_t) (delay / 1000),
			      (long) (delay % 1000) * 1000000L };
	nanosleep (&d, NULL);
    }
    memset (&req, 0, sizeof req);
    req.query = p->q;
    req.offset = (p->page - 1) * p->size;
    req.limit = p->size;
    req.source = p->source;
    req.rubrik = p->rubrik;
    req.tag = p->tag;
    req.since = p->since;
    req.until = p->until;
    req.sort_by_date = p->sort_by_date;
    req.fresh_half_life_days = p->fresh ? p->half_life_days : 0;
    req.now = p->now;
    req.exact = p->exact;
    req.collapse = p->collapse;
    req.copies_of = p->copies_of;
    req.related_id = p->related;
    req.facets = p->facets;
    req.facet_limit = p->facet_limit;
    req.time_limit_ms = cfg.time_limit_ms;
    out = cari_searcher_search (w->searcher, &req, &st, error);
    if (!out) {
	*status = st == CARI_SEARCH_USER_ERROR ? MHD_HTTP_BAD_REQUEST
	    : st == CARI_SEARCH_NOT_FOUND ? MHD_HTTP_NOT_FOUND
	    : MHD_HTTP_INTERNAL_SERVER_ERROR;
	return NULL;
    }
    if (p->list_copies && req.collapse && !req.copies_of &&
	cari_worker_copies_lists (w->searcher, out) < 0) {
	json_decref (out);
	*status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	*error = strdup ("out of memory");
	return NULL;
    }
    json_object_set_new (out, "page", json_integer (p->page));
    json_object_set_new (out, "size", json_integer (p->size));
    return out;
}

/* A search as a job of the pool: arg is a copy of the parameters. */
static json_t *
search_job (void *arg, unsigned *status, char **error)
{
    return search (arg, status, error);
}

int
cari_worker_search (struct MHD_Connection *c, cari_req_t *r,
		    const cari_params_t *p, json_t **out, unsigned *status,
		    char **error)
{
    cari_params_t *copy = NULL;

    /* The strings stay the connection's, kept while it is suspended. */
    if (!r || !r->job) {
	if (!(copy = malloc (sizeof *copy))) {
	    *out = NULL;
	    *status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	    *error = strdup ("out of memory");
	    return 0;
	}
	*copy = *p;
    }
    return cari_pool_run (c, r, cari_pool_lane (p->q ? p->q : ""),
			  search_job, copy, out,
			  status, error);
}

/* The time limit of each search, in ms (0: none). */
unsigned
cari_worker_time_limit (void)
{
    return cfg.time_limit_ms;
}

void
cari_worker_limits (unsigned time_limit_ms)
{
    const char *delay = getenv ("CARI_SERVE_TEST_DELAY_MS");

    cfg.time_limit_ms = time_limit_ms;
    cfg.test_delay_ms = delay ? (unsigned) strtoul (delay, NULL, 10) : 0;
    delay = getenv ("CARI_SERVE_TEST_COSTLY_DELAY_MS");
    cfg.test_costly_ms = delay ? (unsigned) strtoul (delay, NULL, 10) : 0;
}

int
cari_worker_start (const char *dbpath)
{
    cfg.dbpath = dbpath;
    return pthread_key_create (&worker_key, worker_destroy) ? -1 : 0;
}

void
cari_worker_synonyms (const cari_synonyms_t *syn)
{
    cfg.synonyms = syn;
}

void
cari_worker_stop (void)
{
    pthread_key_delete (worker_key);
}
