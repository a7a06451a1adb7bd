/* pool.c - cari-serve's search threads, in two lanes
 *
 * libmicrohttpd's threads read requests and write answers; a search would
 * hold one for as long as it runs (up to --time-limit), and every
 * connection of that thread waited behind it: six attackers sending
 * allowed wildcard queries made normal searches' p99 about a second.  So
 * a search is handed to a thread of this pool, its connection suspended
 * (MHD_suspend_connection) until the search is done and the connection
 * resumed; no libmicrohttpd thread waits on a search.
 *
 * The pool has two lanes, chosen from the query before it runs: the
 * costly one (a wildcard, or many words) has few threads, at a lower
 * priority, and no queue: one search more than it has threads gets 503
 * at once; the cheap one has the others and a bounded queue.  Costly
 * searches cannot take the threads the cheap ones need.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "serve/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A query of more words than this is costly, as a wildcard is. */
#define COSTLY_WORDS 16
/* How much lower the costly lane's threads run (nice). */
#define COSTLY_NICE 10

static const char *prog = "cari-serve";

typedef struct lane {
    pthread_t *threads;
    unsigned nthreads;
    unsigned queue_max;         /* waiting; 0 with bounded 0: none */
    int bounded;
    unsigned waiting, running;
    cari_job_t *head, *tail;
    int nice;
} lane_t;

static struct {
    pthread_mutex_t lock;
    pthread_cond_t work;
    lane_t lanes[2];
    int stop;
    int has_costly;
} pool = { .lock = PTHREAD_MUTEX_INITIALIZER,
	   .work = PTHREAD_COND_INITIALIZER };

enum cari_lane
cari_pool_lane (const char *q)
{
    size_t words = 0;
    int in_word = 0;

    if (!pool.has_costly || !q)
	return CARI_LANE_CHEAP;
    if (strchr (q, '*'))
	return CARI_LANE_COSTLY;
    for (const char *s = q; *s; s++) {
	int space = *s == ' ' || *s == '\t' || *s == '\n';
	words += !space && !in_word;
	in_word = !space;
    }
    return words > COSTLY_WORDS ? CARI_LANE_COSTLY : CARI_LANE_CHEAP;
}

void
cari_pool_job_free (cari_job_t *job)
{
    if (!job)
	return;
    json_decref (job->out);
    free (job->error);
    free (job->arg);
    free (job);
}

/* Record the outcome of job and resume its connection (pool.lock not
 * held: libmicrohttpd takes its own). */
static void
finish (cari_job_t *job, json_t *out, unsigned status, char *error)
{
    job->out = out;
    job->status = status;
    job->error = error;
    job->done = 1;
    MHD_resume_connection (job->c);
}

static void *
worker (void *arg)
{
    lane_t *l = arg;

    if (l->nice)                /* this thread only, on Linux */
	setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), l->nice);
    pthread_mutex_lock (&pool.lock);
    for (;;) {
	while (!l->head && !pool.stop)
	    pthread_cond_wait (&pool.work, &pool.lock);
	if (!l->head)
	    break;              /* stopping, and nothing left */
	cari_job_t *job = l->head;
	if (!(l->head = job->next))
	    l->tail = NULL;
	l->waiting--;
	l->running++;
	pthread_mutex_unlock (&pool.lock);
	unsigned status = MHD_HTTP_OK;
	char *error = NULL;
	json_t *out = job->fn (job->arg, &status, &error);
	pthread_mutex_lock (&pool.lock);
	l->running--;
	pthread_mutex_unlock (&pool.lock);
	finish (job, out, status, error);
	pthread_mutex_lock (&pool.lock);
    }
    pthread_mutex_unlock (&pool.lock);
    return NULL;
}

int
cari_pool_submit (struct MHD_Connection *c, cari_req_t *r,
		  enum cari_lane lane, cari_job_fn fn, void *arg,
		  unsigned *status, char **error)
{
    lane_t *l = &pool.lanes[lane];
    cari_job_t *job = calloc (1, sizeof *job);

    if (!job) {
	free (arg);
	*status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	*error = strdup ("out of memory");
	return -1;
    }
    pthread_mutex_lock (&pool.lock);
    /* A thread idle, or a place in the queue. */
    if (l->bounded &&
	l->running + l->waiting >= l->nthreads + l->queue_max) {
	unsigned n = l->nthreads;
	pthread_mutex_unlock (&pool.lock);
	free (job);
	free (arg);
	*status = MHD_HTTP_SERVICE_UNAVAILABLE;
	*error = lane == CARI_LANE_COSTLY
	    ? cari_msg ("the server is busy: it runs at most %u search%s "
			"with a wildcard (*) or more than %d words at once "
			"(--max-wildcard-searches) and all are running; retry "
			"in a second", n, n == 1 ? "" : "es", COSTLY_WORDS)
	    : cari_msg ("the server is busy: it runs at most %u search%s at "
			"once (--max-searches) and %u more wait "
			"(--search-queue); retry in a second", n,
			n == 1 ? "" : "es", l->queue_max);
	return -1;
    }
    job->c = c;
    job->fn = fn;
    job->arg = arg;
    r->job = job;
    /* Suspended before a thread can resume it: under the lock. */
    MHD_suspend_connection (c);
    if (l->tail)
	l->tail->next = job;
    else
	l->head = job;
    l->tail = job;
    l->waiting++;
    pthread_cond_broadcast (&pool.work);
    pthread_mutex_unlock (&pool.lock);
    return 0;
}

int
cari_pool_run (struct MHD_Connection *c, cari_req_t *r, enum cari_lane lane,
	       cari_job_fn fn, void *arg, json_t **out, unsigned *status,
	       char **error)
{
    *out = NULL;
    *status = MHD_HTTP_OK;
    *error = NULL;
    if (r && r->job && r->job->done) {
	cari_job_t *job = r->job;
	*out = job->out;
	*status = job->status;
	*error = job->error;
	job->out = NULL;
	job->error = NULL;
	cari_pool_job_free (job);
	r->job = NULL;
	return 0;
    }
    if (!r) {                   /* no memory for the request: here */
	*out = fn (arg, status, error);
	free (arg);
	return 0;
    }
    return cari_pool_submit (c, r, lane, fn, arg, status, error) == 0;
}

static int
start_lane (lane_t *l, unsigned n, unsigned queue_max, int bounded,
	    int nice)
{
    l->nthreads = 0;
    l->queue_max = queue_max;
    l->bounded = bounded;
    l->nice = nice;
    if (!(l->threads = calloc (n, sizeof *l->threads)))
	return -1;
    for (unsigned i = 0; i < n; i++) {
	if (pthread_create (&l->threads[i], NULL, worker, l))
	    return -1;
	l->nthreads++;
    }
    return 0;
}

int
cari_pool_start (unsigned cheap, unsigned queue, unsigned costly,
		 unsigned threads)
{
    pool.stop = 0;
    pool.has_costly = costly > 0;
    if (start_lane (&pool.lanes[CARI_LANE_CHEAP], cheap ? cheap : threads,
		    queue, cheap > 0, 0) < 0 ||
	(costly && start_lane (&pool.lanes[CARI_LANE_COSTLY], costly, 0, 1,
			       COSTLY_NICE) < 0)) {
	fprintf (stderr, "%s: cannot start the search threads: %s\n", prog,
		 strerror (errno ? errno : ENOMEM));
	cari_pool_stop ();
	return -1;
    }
    return 0;
}

void
cari_pool_stop (void)
{
    pthread_mutex_lock (&pool.lock);
    pool.stop = 1;
    pthread_cond_broadcast (&pool.work);
    pthread_mutex_unlock (&pool.lock);
    for (int k = 0; k < 2; k++) {
	lane_t *l = &pool.lanes[k];
	for (unsigned i = 0; i < l->nthreads; i++)
	    pthread_join (l->threads[i], NULL);
	free (l->threads);
	l->threads = NULL;
	l->nthreads = 0;
    }
}
