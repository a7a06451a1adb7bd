/* http.h - cari-serve's HTTP layer: the libmicrohttpd daemon and replies
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_HTTP_H
#define CARI_SERVE_HTTP_H

#include "serve/conn.h"

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>
#include <time.h>

struct cari_job;

/* One request, from its first line to its access log line. */
typedef struct cari_req {
    struct timespec t0;
    char *uri;                  /* as sent, for the log */
    const char *method;
    unsigned status;            /* 0: answered by libmicrohttpd itself */
    size_t bytes;
    int started;                /* the handler was called once */
    int handled;
    int close;                  /* close the connection after the answer */
    size_t uri_bytes;           /* of the URI as sent */
    unsigned params;            /* in it */
    struct cari_job *job;       /* a search on the pool's threads */
} cari_req_t;

/** Milliseconds since t0 (CLOCK_MONOTONIC). */
double
cari_http_ms_since (const struct timespec *t0);

/**
 * Queue body (len bytes; freed with free() when must_free) with the
 * headers every response carries; api marks an /api/ answer (no-store,
 * CORS).  r may be NULL.
 */
enum MHD_Result
cari_http_reply (struct MHD_Connection *c, cari_req_t *r, unsigned status,
		 const char *type, const char *body, size_t len,
		 int must_free, int api);

/** Reply with the JSON document j (a reference is taken over). */
enum MHD_Result
cari_http_reply_json (struct MHD_Connection *c, cari_req_t *r,
		      unsigned status, json_t *j);

/** A JSON error: {"error": message, "parameter": name (if any)}. */
enum MHD_Result
cari_http_reply_error (struct MHD_Connection *c, cari_req_t *r,
		       unsigned status, const char *parameter,
		       const char *message);

/**
 * Start the daemon on the listening socket fd with threads workers,
 * answering CORS preflights itself and every other request through
 * cari_routes_dispatch().  cors is the origin for
 * Access-Control-Allow-Origin on /api/ (NULL: none); quiet turns the
 * access log off; lim bounds the connections (see conn.h; its max may be
 * lowered to what the open-file limit allows).  NULL when it cannot
 * start (libmicrohttpd or conn.c said why on stderr).
 */
struct MHD_Daemon *
cari_http_start (int fd, unsigned threads, const char *cors, int quiet,
		 cari_conn_limits_t *lim);

/**
 * Stop accepting connections, let the requests in flight finish (at most
 * 10 s) and stop d.  The socket is left to the caller.
 */
void
cari_http_stop (struct MHD_Daemon *d);

#endif /* CARI_SERVE_HTTP_H */
