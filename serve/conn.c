/* conn.c - cari-serve's open connections: the deadline of a request head
 *
 * libmicrohttpd's timeout counts silence only: a client that sends one
 * byte of its request head every few seconds (slowloris) keeps its
 * connection for ever, and a thousand such clients take every place.
 * Each connection is kept here from its opening to its closing, with the
 * time it began to wait for a request (its opening, or the end of its
 * previous answer).  A thread looks at them four times a second and shuts
 * down those that have waited longer than the timeout for a whole request
 * head, idle keep-alive connections included; while more than 3/4 of the
 * connections allowed are open the wait allowed drops to PRESSURE_S, so
 * that a flood of connections cannot keep the places it takes.
 *
 * The socket is shut down through a duplicate of its descriptor, kept
 * until libmicrohttpd says the connection is closed: the number of a
 * descriptor libmicrohttpd has closed may already be another
 * connection's, the duplicate's cannot.  libmicrohttpd then reads the end
 * of the stream and closes the connection itself.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "serve/conn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The wait allowed for a request head while the server is near its
 * connection limit, and how often the deadlines are looked at. */
#define PRESSURE_S 2
#define SWEEP_MS 250
/* Descriptors besides two per connection: the index readers of each
 * thread, epoll, the listening socket, standard streams. */
#define SPARE_FILES 256
/* Connections libmicrohttpd takes past max, to answer them 503. */
#define HEADROOM 64

static const char *prog = "cari-serve";

enum state { WAITING, HEAD, BUSY };

typedef struct conn {
    struct conn *prev, *next;
    int fd;                     /* a duplicate; -1 when none */
    enum state state;
    int shut;                   /* shut down once */
    struct timespec since;      /* of the wait for a request */
} conn_t;

static struct {
    cari_conn_limits_t lim;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    conn_t *head;
    atomic_uint open;
    int stop;
    pthread_t sweeper;
    int running;
    /* Shut down since the last log line: idle, in the middle of a head. */
    unsigned shut_idle, shut_head;
    /* Refused since the last log line: per address, over the limit. */
    atomic_uint refused_ip, refused_all;
    struct timespec logged;
} st = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

static double
seconds_since (const struct timespec *t0, const struct timespec *now)
{
    return (double) (now->tv_sec - t0->tv_sec) +
	   (double) (now->tv_nsec - t0->tv_nsec) / 1e9;
}

void
cari_conn_refused (int per_ip)
{
    atomic_fetch_add (per_ip ? &st.refused_ip : &st.refused_all, 1);
}

/* The log lines of what was closed and refused since the last ones
 * (st.lock held). */
static void
log_counts (const struct timespec *now)
{
    unsigned ip = atomic_exchange (&st.refused_ip, 0);
    unsigned all = atomic_exchange (&st.refused_all, 0);
    unsigned open = atomic_load (&st.open);

    if (ip)
	fprintf (stderr, "%s: refused %u connection%s: from an address "
		 "with --max-connections-per-ip (%u) open\n", prog, ip,
		 ip == 1 ? "" : "s", st.lim.per_ip);
    if (all)
	fprintf (stderr, "%s: refused %u connection%s: %u open, past "
		 "--max-connections (%u) and 64 more to answer 503; raise "
		 "--max-connections if these are clients\n", prog, all,
		 all == 1 ? "" : "s", open, st.lim.max);
    if (st.shut_idle || st.shut_head)
	fprintf (stderr, "%s: closed %u connection%s waiting for a whole "
		 "request: past the time allowed (%u s, --timeout; %d s "
		 "while more than 3/4 of --max-connections are open) or "
		 "to make room past --max-connections: %u in the middle "
		 "of a request head, %u idle; %u open\n", prog,
		 st.shut_head + st.shut_idle,
		 st.shut_head + st.shut_idle == 1 ? "" : "s",
		 st.lim.timeout_s, PRESSURE_S, st.shut_head, st.shut_idle,
		 open);
    st.shut_idle = st.shut_head = 0;
    st.logged = *now;
}

unsigned
cari_conn_open (void)
{
    return atomic_load (&st.open);
}

void
cari_conn_notify (void *cls, struct MHD_Connection *c, void **socket_context,
		  enum MHD_ConnectionNotificationCode code)
{
    conn_t *k = *socket_context;

    (void) cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info (c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (!(k = calloc (1, sizeof *k)))
	    return;             /* not watched: only the silence timeout */
	k->fd = ci ? fcntl (ci->connect_fd, F_DUPFD_CLOEXEC, 0) : -1;
	clock_gettime (CLOCK_MONOTONIC, &k->since);
	pthread_mutex_lock (&st.lock);
	k->next = st.head;
	if (st.head)
	    st.head->prev = k;
	st.head = k;
	pthread_mutex_unlock (&st.lock);
	atomic_fetch_add (&st.open, 1);
	*socket_context = k;
	return;
    }
    if (!k)
	return;
    pthread_mutex_lock (&st.lock);
    if (k->prev)
	k->prev->next = k->next;
    else
	st.head = k->next;
    if (k->next)
	k->next->prev = k->prev;
    pthread_mutex_unlock (&st.lock);
    atomic_fetch_sub (&st.open, 1);
    if (k->fd >= 0)
	close (k->fd);
    free (k);
    *socket_context = NULL;
}

static conn_t *
conn_of (struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
	MHD_get_connection_info (c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

static void
set_state (struct MHD_Connection *c, enum state s)
{
    conn_t *k = conn_of (c);

    if (!k)
	return;
    pthread_mutex_lock (&st.lock);
    k->state = s;
    if (s == WAITING)
	clock_gettime (CLOCK_MONOTONIC, &k->since);
    pthread_mutex_unlock (&st.lock);
}

void
cari_conn_busy (struct MHD_Connection *c)
{
    set_state (c, BUSY);
}

void
cari_conn_idle (struct MHD_Connection *c)
{
    set_state (c, WAITING);
}

/* Shut down the connections past their deadline (st.lock held). */
static void
sweep (const struct timespec *now)
{
    unsigned open = atomic_load (&st.open);
    double allowed = open > st.lim.max / 4 * 3 &&
		     st.lim.timeout_s > PRESSURE_S ? PRESSURE_S
						   : (double) st.lim.timeout_s;

    for (conn_t *k = st.head; k; k = k->next) {
	if (k->state == BUSY || k->shut || k->fd < 0 ||
	    seconds_since (&k->since, now) < allowed)
	    continue;
	k->shut = 1;
	shutdown (k->fd, SHUT_RDWR);
	/* Idle keep-alive connections closed at their timeout are the
	 * ordinary course (nginx keeps some open): counted under pressure
	 * only. */
	if (k->state == HEAD)
	    st.shut_head++;
	else if (allowed < st.lim.timeout_s)
	    st.shut_idle++;
    }
}

static void *
sweeper (void *arg)
{
    (void) arg;
    pthread_mutex_lock (&st.lock);
    while (!st.stop) {
	struct timespec now, until;
	clock_gettime (CLOCK_MONOTONIC, &now);
	sweep (&now);
	/* One line a second at most, with the counts since the last. */
	if ((st.shut_idle || st.shut_head || atomic_load (&st.refused_ip) ||
	     atomic_load (&st.refused_all)) &&
	    seconds_since (&st.logged, &now) >= 1)
	    log_counts (&now);
	clock_gettime (CLOCK_REALTIME, &until);
	until.tv_nsec += SWEEP_MS * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
	    until.tv_sec++;
	    until.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait (&st.wake, &st.lock, &until);
    }
    pthread_mutex_unlock (&st.lock);
    return NULL;
}

/* Shut down up to n connections that wait for a request (idle, or in the
 * middle of a head) since a second or more, the longest waiting first
 * within each pass; returns how many. */
unsigned
cari_conn_shed (unsigned n)
{
    struct timespec now;
    unsigned done = 0;

    clock_gettime (CLOCK_MONOTONIC, &now);
    pthread_mutex_lock (&st.lock);
    /* Three passes: waiting 8 s or more, 3 s, 1 s. */
    for (double age = 8; age >= 1 && done < n; age = age > 3 ? 3 : age / 3)
	for (conn_t *k = st.head; k && done < n; k = k->next) {
	    if (k->state == BUSY || k->shut || k->fd < 0 ||
		seconds_since (&k->since, &now) < age)
		continue;
	    k->shut = 1;
	    shutdown (k->fd, SHUT_RDWR);
	    done++;
	    if (k->state == HEAD)
		st.shut_head++;
	    else
		st.shut_idle++;
	}
    pthread_mutex_unlock (&st.lock);
    return done;
}

/* Mark the connection c as having sent its request line. */
void
cari_conn_head (struct MHD_Connection *c)
{
    set_state (c, HEAD);
}

int
cari_conn_start (cari_conn_limits_t *lim)
{
    struct rlimit rl;

    /* Two descriptors a connection: libmicrohttpd's and the duplicate. */
    if (getrlimit (RLIMIT_NOFILE, &rl) == 0) {
	rlim_t need = 2 * ((rlim_t) lim->max + HEADROOM) + SPARE_FILES;
	if (rl.rlim_cur < need && rl.rlim_cur < rl.rlim_max) {
	    rl.rlim_cur = rl.rlim_max < need ? rl.rlim_max : need;
	    setrlimit (RLIMIT_NOFILE, &rl);
	    getrlimit (RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
	    unsigned fit = rl.rlim_cur > SPARE_FILES + 2 * (HEADROOM + 16)
		? (unsigned) ((rl.rlim_cur - SPARE_FILES) / 2 - HEADROOM) : 16;
	    fprintf (stderr, "%s: warning: the open-file limit (%llu) allows "
		     "%u connections, not the %u of --max-connections; raise "
		     "it (ulimit -n, or LimitNOFILE= in the systemd unit)\n",
		     prog, (unsigned long long) rl.rlim_cur, fit, lim->max);
	    lim->max = fit;
	}
    }
    st.lim = *lim;
    st.stop = 0;
    if (pthread_create (&st.sweeper, NULL, sweeper, NULL)) {
	fprintf (stderr, "%s: cannot start a thread: %s\n", prog,
		 strerror (errno));
	return -1;
    }
    st.running = 1;
    return 0;
}

void
cari_conn_stop (void)
{
    if (!st.running)
	return;
    pthread_mutex_lock (&st.lock);
    st.stop = 1;
    pthread_cond_signal (&st.wake);
    pthread_mutex_unlock (&st.lock);
    pthread_join (st.sweeper, NULL);
    st.running = 0;
}

/* How many connections libmicrohttpd may take: max and the headroom. */
unsigned
cari_conn_mhd_limit (void)
{
    return st.lim.max + HEADROOM;
}
