/* http.c - cari-serve's HTTP layer: the daemon, its limits and replies
 *
 * The libmicrohttpd daemon with its pool of worker threads and its limits
 * on a connection, the access log, and the replies with the headers every
 * response carries; what a request is answered with is routes.c's.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/json.h"
#include "include/cari.h"
#include "serve/conn.h"
#include "serve/http.h"
#include "serve/pool.h"
#include "serve/routes.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Memory of a connection, for its request head and what libmicrohttpd
 * parses of it: big enough that the heads past the caps below reach the
 * handler, which answers them with the headers of every response (a head
 * that does not fit gets libmicrohttpd's own 431, without them).  Pages
 * not touched cost nothing. */
#define CONNECTION_MEMORY (256 * 1024)
#define DRAIN_TIMEOUT_S 10
/* Caps on a request head: its URI, its parameters, its header lines. */
#define MAX_URI_BYTES 8192
#define MAX_PARAMS 64
#define MAX_HEADER_BYTES (32 * 1024)

static const char *prog = "cari-serve";

/* Security headers of every response.  No inline script or style: the
 * page takes both from /static/.  Images from anywhere on the web: the
 * articles' thumbnails are on their outlets' servers (no referrer is
 * sent). */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
    "connect-src 'self'; img-src 'self' http: https:; form-action 'self'; " \
    "base-uri 'none'; frame-ancestors 'none'"

/* Settings, fixed after start. */
static struct {
    const char *cors;
    int quiet;
    unsigned max_connections;
} cfg;

static atomic_int inflight;
static atomic_int stopping;

double
cari_http_ms_since (const struct timespec *t0)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return (double) (t.tv_sec - t0->tv_sec) * 1e3 +
	   (double) (t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void *
on_uri (void *cls, const char *uri, struct MHD_Connection *c)
{
    cari_req_t *r = calloc (1, sizeof *r);

    (void) cls;
    atomic_fetch_add (&inflight, 1);
    cari_conn_head (c);
    if (r) {
	const char *q = strchr (uri, '?');
	clock_gettime (CLOCK_MONOTONIC, &r->t0);
	r->uri = strndup (uri, 2000);
	r->uri_bytes = strlen (uri);
	for (const char *s = q; s && *s; s++)
	    r->params += *s == '&' || *s == ';';
	r->params += q != NULL;
	/* libmicrohttpd parses the arguments after this call, each into a
	 * record of the connection's memory: ten thousand of them fill it,
	 * and its 431 then never leaves (the client waits for the timeout).
	 * The URI is in the connection's own buffer (0.9.75, as before), so
	 * that cutting the arguments short here leaves it none to parse;
	 * the handler answers 400 or 414 from the counts. */
	if (q && (r->params > MAX_PARAMS || r->uri_bytes > MAX_URI_BYTES))
	    ((char *) q)[1] = '\0';
    }
    return r;
}

/* The URI with control characters, quotes and non-ASCII bytes as \xHH, so
 * that a request cannot forge log lines. */
static void
log_escaped (FILE *out, const char *s)
{
    for (; s && *s; s++) {
	unsigned char ch = (unsigned char) *s;
	if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
	    fprintf (out, "\\x%02x", ch);
	else
	    putc (ch, out);
    }
}

static void
on_completed (void *cls, struct MHD_Connection *c, void **req_cls,
	      enum MHD_RequestTerminationCode toe)
{
    cari_req_t *r = *req_cls;

    (void) cls;
    if (!cfg.quiet && r) {
	char addr[INET6_ADDRSTRLEN] = "-", *line = NULL;
	size_t len = 0;
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info (c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
	    const struct sockaddr *sa = ci->client_addr;
	    if (sa->sa_family == AF_INET)
		inet_ntop (AF_INET, &((const struct sockaddr_in *) sa)->sin_addr,
			   addr, sizeof addr);
	    else if (sa->sa_family == AF_INET6)
		inet_ntop (AF_INET6,
			   &((const struct sockaddr_in6 *) sa)->sin6_addr,
			   addr, sizeof addr);
	}
	FILE *out = open_memstream (&line, &len);
	if (out) {
	    /* The time is put in front by the stream (cli/log.c), as for
	     * every line of cari-serve: --timestamps. */
	    fprintf (out, "%s \"%s ", addr,
		     r->method ? r->method : "-");
	    log_escaped (out, r->uri);
	    if (r->status)
		fprintf (out, "\" %u %zu %.1fms", r->status, r->bytes,
			 cari_http_ms_since (&r->t0));
	    else
		fprintf (out, "\" - - %.1fms%s", cari_http_ms_since (&r->t0),
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
			 : " (aborted)");
	    if (fclose (out) == 0)
		fprintf (stderr, "%s\n", line);      /* one write a line */
	    free (line);
	}
    }
    if (r) {
	cari_pool_job_free (r->job);
	free (r->uri);
	free (r);
    }
    *req_cls = NULL;
    cari_conn_idle (c);
    atomic_fetch_sub (&inflight, 1);
}

/* Queue body (len bytes; freed with free() when must_free) with the
 * headers every response carries. */
enum MHD_Result
cari_http_reply (struct MHD_Connection *c, cari_req_t *r, unsigned status,
		 const char *type, const char *body, size_t len,
		 int must_free, int api)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer (
	len, (void *) body,
	must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;

    if (!resp) {
	if (must_free)
	    free ((void *) body);
	return MHD_NO;
    }
    MHD_add_response_header (resp, "Content-Type", type);
    MHD_add_response_header (resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header (resp, "Content-Security-Policy", CSP);
    MHD_add_response_header (resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header (resp, "X-Frame-Options", "DENY");
    MHD_add_response_header (resp, "Cache-Control",
			     strncmp (type, "text/html", 9) && !api
			     ? "public, max-age=3600" : "no-store");
    if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
	MHD_add_response_header (resp, "Allow", "GET, HEAD");
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
	MHD_add_response_header (resp, "Retry-After", "1");
    if (api && cfg.cors) {
	MHD_add_response_header (resp, "Access-Control-Allow-Origin",
				 cfg.cors);
	MHD_add_response_header (resp, "Vary", "Origin");
    }
    if (atomic_load (&stopping) || (r && r->close))
	MHD_add_response_header (resp, "Connection", "close");
    if (r) {
	r->status = status;
	r->bytes = len;
    }
    ret = MHD_queue_response (c, status, resp);
    MHD_destroy_response (resp);
    return ret;
}

/* Reply with the JSON document j (a reference is taken over). */
enum MHD_Result
cari_http_reply_json (struct MHD_Connection *c, cari_req_t *r,
		      unsigned status, json_t *j)
{
    size_t len = 0;
    char *s = cari_json_text (j, &len);
    json_decref (j);
    if (!s) {
	static const char oom[] = "{\"error\":\"out of memory\"}";
	return cari_http_reply (c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				"application/json", oom, sizeof oom - 1, 0, 1);
    }
    return cari_http_reply (c, r, status, "application/json", s, len, 1, 1);
}

/* A JSON error: {"error": message, "parameter": name (if any)}. */
enum MHD_Result
cari_http_reply_error (struct MHD_Connection *c, cari_req_t *r,
		       unsigned status, const char *parameter,
		       const char *message)
{
    json_t *j = json_pack ("{s:s}", "error", message);
    if (j && parameter)
	json_object_set_new (j, "parameter", json_string (parameter));
    return cari_http_reply_json (c, r, status, j);
}

/* The answer to a CORS preflight (OPTIONS) of an /api/ URL. */
static enum MHD_Result
preflight (struct MHD_Connection *c, cari_req_t *r)
{
    struct MHD_Response *resp =
	MHD_create_response_from_buffer (0, NULL, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret;

    if (!resp)
	return MHD_NO;
    MHD_add_response_header (resp, "Access-Control-Allow-Origin", cfg.cors);
    MHD_add_response_header (resp, "Access-Control-Allow-Methods",
			     "GET, HEAD");
    MHD_add_response_header (resp, "Access-Control-Max-Age", "86400");
    MHD_add_response_header (resp, "Vary", "Origin");
    if (r)
	r->status = MHD_HTTP_NO_CONTENT;
    ret = MHD_queue_response (c, MHD_HTTP_NO_CONTENT, resp);
    MHD_destroy_response (resp);
    return ret;
}

static enum MHD_Result
add_header_bytes (void *cls, enum MHD_ValueKind kind, const char *key,
		  const char *value)
{
    size_t *n = cls;

    (void) kind;
    *n += strlen (key) + (value ? strlen (value) : 0) + 4;
    return MHD_YES;
}

/* Answer a request past a cap on its head or on the connections open, and
 * close its connection: 1 when answered (*ret set), else 0. */
static int
refuse (struct MHD_Connection *c, cari_req_t *r, enum MHD_Result *ret)
{
    size_t header_bytes = 0;
    unsigned open = cari_conn_open ();
    char *msg = NULL;
    unsigned status = 0;

    MHD_get_connection_values (c, MHD_HEADER_KIND, add_header_bytes,
			       &header_bytes);
    if (r->uri_bytes > MAX_URI_BYTES) {
	status = MHD_HTTP_URI_TOO_LONG;
	msg = cari_msg ("the URI is %zu bytes long; the limit is %d: shorten "
			"the query", r->uri_bytes, MAX_URI_BYTES);
    } else if (r->params > MAX_PARAMS) {
	status = MHD_HTTP_BAD_REQUEST;
	msg = cari_msg ("the request has %u parameters; the limit is %d: "
			"send only q, page, size, source, since, until, "
			"sort, exact, rubrik and tag", r->params, MAX_PARAMS);
    } else if (header_bytes > MAX_HEADER_BYTES) {
	status = MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE;
	msg = cari_msg ("the request's header lines hold %zu bytes; the "
			"limit is %d: send fewer or shorter cookies",
			header_bytes, MAX_HEADER_BYTES);
    } else if (open > cfg.max_connections &&
	       cari_conn_shed (open - cfg.max_connections) == 0) {
	/* A whole request is worth more than a connection that waits for
	 * one: those are closed to make room, and only when none is left
	 * to close does the request get 503. */
	status = MHD_HTTP_SERVICE_UNAVAILABLE;
	msg = cari_msg ("the server has %u connections open, more than its "
			"limit of %u (--max-connections): retry in a second",
			open, cfg.max_connections);
    }
    if (!status)
	return 0;
    r->close = 1;
    *ret = cari_http_reply_error (c, r, status, NULL,
				  msg ? msg : "out of memory");
    free (msg);
    return 1;
}

static enum MHD_Result
handle (void *cls, struct MHD_Connection *c, const char *url,
	const char *method, const char *version, const char *upload_data,
	size_t *upload_data_size, void **req_cls)
{
    cari_req_t *r = *req_cls;

    (void) cls;
    (void) version;
    (void) upload_data;
    /* Resumed after a search on the pool's threads: the route again. */
    if (r && r->job)
	return cari_routes_dispatch (c, r, url, method);
    if (r && r->handled) {
	*upload_data_size = 0;  /* a body we do not want */
	return MHD_YES;
    }
    /* A request without a body is answered on the second call, once
     * libmicrohttpd has read all of it: a response queued on the first
     * call makes it close the connection, so that every request paid for
     * a new one (a quarter of the server's CPU went into TCP set-up and
     * tear-down).  One with a body is answered at once, and the connection
     * closed, rather than reading a body we do not want. */
    if (r && !r->started &&
	!MHD_lookup_connection_value (c, MHD_HEADER_KIND,
				      MHD_HTTP_HEADER_CONTENT_LENGTH) &&
	!MHD_lookup_connection_value (c, MHD_HEADER_KIND,
				      MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
	r->started = 1;
	cari_conn_busy (c);
	return MHD_YES;
    }
    cari_conn_busy (c);
    if (r) {
	enum MHD_Result ret;
	r->handled = 1;
	r->method = method;
	if (refuse (c, r, &ret))
	    return ret;
    }
    if (!strcmp (method, "OPTIONS") && cfg.cors &&
	!strncmp (url, "/api/", 5))
	return preflight (c, r);
    return cari_routes_dispatch (c, r, url, method);
}

static void
mhd_log (void *cls, const char *fmt, va_list ap)
{
    char *s = NULL;

    (void) cls;
    if (vasprintf (&s, fmt, ap) >= 0) {
	size_t n = strlen (s);
	while (n && s[n - 1] == '\n')
	    s[--n] = '\0';
	/* A connection refused at a limit: counted, and logged by conn.c
	 * once a second at most (a flood of them would be a flood of
	 * lines).  libmicrohttpd says the same for both of its limits. */
	if (strstr (s, "reached connection limit"))
	    cari_conn_refused (cari_conn_open () < cari_conn_mhd_limit ());
	else
	    fprintf (stderr, "%s: %s\n", prog, s);
	free (s);
    }
}

struct MHD_Daemon *
cari_http_start (int fd, unsigned threads, const char *cors, int quiet,
		 cari_conn_limits_t *lim)
{
    cfg.cors = cors;
    cfg.quiet = quiet;
    if (cari_conn_start (lim) < 0)
	return NULL;
    cfg.max_connections = lim->max;
    return MHD_start_daemon (
	MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
	MHD_USE_ERROR_LOG,
	0, NULL, NULL, handle, NULL,
	MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	MHD_OPTION_LISTEN_SOCKET, fd,
	MHD_OPTION_THREAD_POOL_SIZE, threads,
	MHD_OPTION_CONNECTION_TIMEOUT, lim->timeout_s,
	MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) CONNECTION_MEMORY,
	MHD_OPTION_CONNECTION_LIMIT, cari_conn_mhd_limit (),
	MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim->per_ip,
	MHD_OPTION_NOTIFY_CONNECTION, cari_conn_notify, NULL,
	MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	MHD_OPTION_END);
}

void
cari_http_stop (struct MHD_Daemon *d)
{
    atomic_store (&stopping, 1);
    MHD_quiesce_daemon (d);
    for (int i = 0; i < DRAIN_TIMEOUT_S * 100 && atomic_load (&inflight) > 0;
	 i++)
	usleep (10000);
    /* Every search finished, and its connection resumed, before the
     * daemon goes. */
    cari_pool_stop ();
    MHD_stop_daemon (d);
    cari_conn_stop ();
}
