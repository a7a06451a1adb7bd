/* conn.h - cari-serve's open connections: the deadline of a request head
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_CONN_H
#define CARI_SERVE_CONN_H

#include <microhttpd.h>

/* Limits on connections, fixed after start. */
typedef struct cari_conn_limits {
    unsigned max;               /* open at once; one more request: 503 */
    unsigned per_ip;            /* from one address; 0: no bound */
    unsigned timeout_s;         /* for a request head, and of silence */
} cari_conn_limits_t;

/**
 * Check the limits against the open-file limit (raised to its hard
 * limit), lowering max with a warning when the files would run out, and
 * start the thread that closes connections past their deadline.  Returns
 * 0, or -1 with a message printed.
 */
int
cari_conn_start (cari_conn_limits_t *lim);

/** Stop that thread. */
void
cari_conn_stop (void);

/** libmicrohttpd's MHD_OPTION_NOTIFY_CONNECTION callback. */
void
cari_conn_notify (void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code);

/** The connection c sent its request line: a request head is under way. */
void
cari_conn_head (struct MHD_Connection *c);

/** The connection c sent a whole request head: its deadline is off. */
void
cari_conn_busy (struct MHD_Connection *c);

/** The connection c answered its request: it waits for the next one. */
void
cari_conn_idle (struct MHD_Connection *c);

/** How many connections libmicrohttpd may take: the limit and a
 * headroom, in which a request is answered 503. */
unsigned
cari_conn_mhd_limit (void);

/**
 * Shut down up to n connections that have waited a second or more for a
 * request, the longest waiting first; returns how many.
 */
unsigned
cari_conn_shed (unsigned n);

/** A connection was refused at --max-connections-per-ip (per_ip) or at
 * libmicrohttpd's limit: counted for the next log line. */
void
cari_conn_refused (int per_ip);

/** How many connections are open now. */
unsigned
cari_conn_open (void);

#endif /* CARI_SERVE_CONN_H */
