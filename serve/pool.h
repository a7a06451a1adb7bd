/* pool.h - cari-serve's search threads, in two lanes
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_POOL_H
#define CARI_SERVE_POOL_H

#include "serve/http.h"

#include <jansson.h>

/* The lanes: a search is put in one before it runs. */
enum cari_lane {
    CARI_LANE_CHEAP,            /* words, phrases, filters; suggestions */
    CARI_LANE_COSTLY            /* a wildcard, or many words */
};

/* What a job runs on a search thread: the JSON, or NULL with *status and
 * *error (freed with free()). */
typedef json_t *(*cari_job_fn) (void *arg, unsigned *status, char **error);

/* A job and its outcome, kept in the request until it is answered. */
typedef struct cari_job {
    struct cari_job *next;
    struct MHD_Connection *c;
    cari_job_fn fn;
    void *arg;                  /* freed with free() with the job */
    int done;
    json_t *out;
    unsigned status;
    char *error;
} cari_job_t;

/**
 * Start the search threads: cheap of them for the cheap lane, with up to
 * queue searches waiting (cheap 0: as many threads as the daemon has, and
 * no bound on the waiting), and costly for the costly lane, none waiting
 * (costly 0: no lane of its own, such searches go in the cheap one).
 * Returns 0, or -1 with a message printed.
 */
int
cari_pool_start (unsigned cheap, unsigned queue, unsigned costly,
		 unsigned threads);

/**
 * Let the searches running and waiting finish, then stop the threads.
 * Called before the daemon stops: each job resumes its connection.
 */
void
cari_pool_stop (void);

/** The lane of a search for q. */
enum cari_lane
cari_pool_lane (const char *q);

/**
 * Run fn (arg, taken over) on a thread of lane for the request r of c,
 * with c suspended until it is done: the handler is then called again,
 * and finds the outcome in r->job.  Returns 0, or -1 with *status (503)
 * and *error set when the lane has no place (arg freed).
 */
int
cari_pool_submit (struct MHD_Connection *c, cari_req_t *r,
		  enum cari_lane lane, cari_job_fn fn, void *arg,
		  unsigned *status, char **error);

/**
 * Run fn (arg, taken over) for the request r of c on a thread of lane:
 * returns 1 when c is suspended for it (return MHD_YES: the handler is
 * called again once it is done, and the same call then gives the
 * outcome), else 0 with the outcome in *out, or NULL with *status and
 * *error (to free), when the lane is full or when r is NULL (run here).
 */
int
cari_pool_run (struct MHD_Connection *c, cari_req_t *r, enum cari_lane lane,
	       cari_job_fn fn, void *arg, json_t **out, unsigned *status,
	       char **error);

/** Free a job and its outcome. */
void
cari_pool_job_free (cari_job_t *job);

#endif /* CARI_SERVE_POOL_H */
