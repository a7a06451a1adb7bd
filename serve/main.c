/* main.c - cari-serve: the site search box, an HTTP/JSON API and a page
 *
 * A libmicrohttpd daemon with a pool of worker threads; each worker keeps
 * its own index reader (a cari_searcher_t from query/search.h, and a plain
 * cx_db_t for the term lists of /api/suggest) in a pthread key, and checks
 * before each request that it sees the latest committed index generation.
 * The page and its static files are compiled in (serve/static.c): no path
 * from a URL ever reaches the file system.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "indexer/schema.h"
#include "query/json.h"
#include "query/search.h"
#include "serve/complete.h"
#include "serve/static.h"
#include "stemmer/analyzer.h"
#include "xapian-c/xapian-c.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Exit statuses, documented in --help. */
enum {
    EXIT_STOPPED = 0,           /* stopped by SIGTERM or SIGINT */
    EXIT_START = 1,             /* cannot listen or start the daemon */
    EXIT_USAGE = 2,
    EXIT_INDEX = 3              /* no usable index at start */
};

/* Caps on what one request may ask for (400 beyond them). */
#define MAX_QUERY_BYTES 500
#define MAX_PARAM_BYTES 100
#define MAX_SIZE 50
#define MAX_PAGE 100
#define DEFAULT_SIZE 10
#define SUGGEST_TERMS 10
#define SUGGEST_TITLES 5
/* Limits on a connection. */
#define CONNECTION_TIMEOUT_S 15
#define CONNECTION_MEMORY 65536
#define CONNECTION_LIMIT 1000
#define DRAIN_TIMEOUT_S 10

static const char *prog = "cari-serve";

/* Security headers of every response.  No inline script or style: the
 * page takes both from /static/. */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; " \
    "connect-src 'self'; img-src 'self'; form-action 'self'; " \
    "base-uri 'none'; frame-ancestors 'none'"

static void
usage (int status)
{
    fprintf (status ? stderr : stdout,
"Usage: cari-serve [--db DIR] [--listen HOST:PORT] [--threads N]\n"
"                  [--cors ORIGIN] [--cache N] [--quiet]\n"
"Serve the index over HTTP: a search page and a JSON API, for a site's\n"
"search box.  Put a reverse proxy (nginx) in front of it for TLS.\n"
"\n"
"  --db DIR            the index (default: $CARI_DB, else ./cari.db);\n"
"                      commits and compactions by cari-index show up\n"
"                      without a restart\n"
"  --listen HOST:PORT  address to listen on (default 127.0.0.1:8080;\n"
"                      [::1]:8080 for IPv6; :8080, no host, for every\n"
"                      interface; port 0 picks a free one, printed at\n"
"                      start)\n"
"  --threads N         worker threads, each with its own index reader\n"
"                      (default: the number of CPUs, at most 64)\n"
"  --cors ORIGIN       send Access-Control-Allow-Origin: ORIGIN on /api/\n"
"                      (default: no CORS headers)\n"
"  --quiet             no access log (one line per request on stderr)\n"
"  --cache N           keep the last N API answers (default 4096; 0: none),\n"
"                      each for the index revision it was read from\n"
"  -h, --help          show this help\n"
"\n"
"Endpoints (GET or HEAD; other methods get 405):\n"
"  /                   the search page; /?q=banjir&page=2 renders results\n"
"                      on the server, so it works without JavaScript\n"
"  /api/search         q (required, at most 500 bytes), page (1-100),\n"
"                      size (1-50, default 10), source, since, until\n"
"                      (YYYY, YYYY-MM or YYYY-MM-DD), sort (relevance or\n"
"                      date): the JSON of cari-query --json plus page,\n"
"                      size, took_ms, cached (true when from the cache)\n"
"                      and, when a spelling finds more, suggestion\n"
"  /api/suggest        q: up to 10 completions of its last word (most\n"
"                      frequent first) and up to 5 matching titles\n"
"  /healthz            200 ok when the index can be read, else 503\n"
"Errors are JSON {\"error\": ..., \"parameter\": ...} with status 400.\n"
"\n"
"SIGTERM or SIGINT stops accepting connections, lets the requests in\n"
"flight finish (at most 10 s) and exits 0.\n"
"\n"
"Exit status: 0 stopped by a signal; 1 cannot listen or start; 2 usage\n"
"error; 3 no usable index at start.\n");
    exit (status);
}

/* Settings, fixed after start. */
static struct {
    const char *dbpath;
    const char *cors;
    int quiet;
    unsigned long cache_entries;
} cfg;

static atomic_int inflight;
static atomic_int stopping;

/* ------------------------------------------------------------------ */
/* Per-thread index readers                                           */
/* ------------------------------------------------------------------ */

struct worker {
    cari_searcher_t *searcher;
    cx_db_t *db;                /* term lists for /api/suggest */
    cari_words_t *words;        /* the words of db at revision words_rev */
    unsigned long long words_rev;
    cari_analyzer_t *an;
    ino_t stub_ino;             /* DIR/XAPIANDB when db was opened */
    struct timespec stub_mtime;
};

static pthread_key_t worker_key;

static void
worker_destroy (void *p)
{
    struct worker *w = p;
    if (!w)
	return;
    cari_searcher_destroy (w->searcher);
    cx_db_destroy (w->db);
    cari_words_destroy (w->words);
    cari_analyzer_destroy (w->an);
    free (w);
}

static void
stub_stat (ino_t *ino, struct timespec *mtime)
{
    char path[4096];
    struct stat st;

    *ino = 0;
    memset (mtime, 0, sizeof *mtime);
    snprintf (path, sizeof path, "%s/XAPIANDB", cfg.dbpath);
    if (stat (path, &st) == 0) {
	*ino = st.st_ino;
	*mtime = st.st_mtim;
    }
}

/* Open the suggest reader anew: after a compaction swapped generations a
 * reopen would stay on the old one. */
static int
worker_open_db (struct worker *w)
{
    cx_db_t *db = NULL;

    stub_stat (&w->stub_ino, &w->stub_mtime);
    if (cx_db_open (cfg.dbpath, CX_DB_READ, &db, NULL))
	return -1;
    cx_db_destroy (w->db);
    w->db = db;
    cari_words_destroy (w->words);
    w->words = NULL;
    return 0;
}

/* This thread's readers, brought up to the latest committed index (the
 * term-list reader only when with_db: searches do not need it); NULL with
 * *error set when the index cannot be read. */
static struct worker *
worker_get (char **error, int with_db)
{
    struct worker *w = pthread_getspecific (worker_key);

    *error = NULL;
    if (!w) {
	w = calloc (1, sizeof *w);
	if (!w || !(w->an = cari_analyzer_create ())) {
	    worker_destroy (w);
	    *error = strdup ("out of memory");
	    return NULL;
	}
	pthread_setspecific (worker_key, w);
    }
    if (!w->searcher) {
	w->searcher = cari_searcher_open (cfg.dbpath, error);
	if (!w->searcher)
	    return NULL;
    } else if (cari_searcher_refresh (w->searcher) < 0) {
	/* Keep serving what we have; the next request tries again. */
    }
    if (!with_db)
	return w;
    ino_t ino;
    struct timespec mtime;
    stub_stat (&ino, &mtime);
    if (!w->db || ino != w->stub_ino || mtime.tv_sec != w->stub_mtime.tv_sec
	|| mtime.tv_nsec != w->stub_mtime.tv_nsec)
	worker_open_db (w);
    else
	cx_db_reopen (w->db);
    /* The words for completions, read again when a commit changed them. */
    unsigned long long rev;
    if (w->db && !cx_db_revision (w->db, &rev) &&
	(!w->words || rev != w->words_rev)) {
	cari_words_destroy (w->words);
	w->words = cari_words_read (w->db);
	w->words_rev = rev;
    }
    return w;
}

/* ------------------------------------------------------------------ */
/* Requests and responses                                             */
/* ------------------------------------------------------------------ */

/* One request, from its first line to its access log line. */
struct req {
    struct timespec t0;
    char *uri;                  /* as sent, for the log */
    const char *method;
    unsigned status;            /* 0: answered by libmicrohttpd itself */
    size_t bytes;
    int started;                /* the handler was called once */
    int handled;
};

static double
ms_since (const struct timespec *t0)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return (double) (t.tv_sec - t0->tv_sec) * 1e3 +
	   (double) (t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void *
on_uri (void *cls, const char *uri, struct MHD_Connection *c)
{
    struct req *r = calloc (1, sizeof *r);

    (void) cls;
    (void) c;
    atomic_fetch_add (&inflight, 1);
    if (r) {
	clock_gettime (CLOCK_MONOTONIC, &r->t0);
	r->uri = strndup (uri, 2000);
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
    struct req *r = *req_cls;

    (void) cls;
    if (!cfg.quiet && r) {
	char addr[INET6_ADDRSTRLEN] = "-", stamp[32], *line = NULL;
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
	time_t now = time (NULL);
	struct tm tm;
	strftime (stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ",
		  gmtime_r (&now, &tm));
	FILE *out = open_memstream (&line, &len);
	if (out) {
	    fprintf (out, "%s %s \"%s ", stamp, addr,
		     r->method ? r->method : "-");
	    log_escaped (out, r->uri);
	    if (r->status)
		fprintf (out, "\" %u %zu %.1fms", r->status, r->bytes,
			 ms_since (&r->t0));
	    else
		fprintf (out, "\" - - %.1fms%s", ms_since (&r->t0),
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? ""
			 : " (aborted)");
	    if (fclose (out) == 0)
		fprintf (stderr, "%s\n", line);      /* one write a line */
	    free (line);
	}
    }
    if (r) {
	free (r->uri);
	free (r);
    }
    *req_cls = NULL;
    atomic_fetch_sub (&inflight, 1);
}

/* Queue body (len bytes; freed with free() when must_free) with the
 * headers every response carries. */
static enum MHD_Result
reply (struct MHD_Connection *c, struct req *r, unsigned status,
       const char *type, const char *body, size_t len, int must_free,
       int api)
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
    if (api && cfg.cors) {
	MHD_add_response_header (resp, "Access-Control-Allow-Origin",
				 cfg.cors);
	MHD_add_response_header (resp, "Vary", "Origin");
    }
    if (atomic_load (&stopping))
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
static enum MHD_Result
reply_json (struct MHD_Connection *c, struct req *r, unsigned status,
	    json_t *j)
{
    size_t len = 0;
    char *s = cari_json_text (j, &len);
    json_decref (j);
    if (!s) {
	static const char oom[] = "{\"error\":\"out of memory\"}";
	return reply (c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
		      "application/json", oom, sizeof oom - 1, 0, 1);
    }
    return reply (c, r, status, "application/json", s, len, 1, 1);
}

/* A JSON error: {"error": message, "parameter": name (if any)}. */
static enum MHD_Result
reply_error (struct MHD_Connection *c, struct req *r, unsigned status,
	     const char *parameter, const char *message)
{
    json_t *j = json_pack ("{s:s}", "error", message);
    if (j && parameter)
	json_object_set_new (j, "parameter", json_string (parameter));
    return reply_json (c, r, status, j);
}

/* ------------------------------------------------------------------ */
/* A cache of API answers                                             */
/* ------------------------------------------------------------------ */

/* The answers to /api/search and /api/suggest, keyed by the request and
 * by the revision of the index they were read from: a commit or a swap
 * changes the revision, so no answer outlives the index it came from.
 * Direct-mapped (a new answer replaces the one in its slot), shared by the
 * workers under one mutex; bodies are kept without took_ms. */
#define CACHE_MAX_BODY 65536

struct centry {
    char *key;
    char *body;                 /* the JSON without its closing brace */
    size_t len;
};

static struct centry *cache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* The revision of the committed index, as a short string into tag: the
 * stub names the generation (and the delta of new articles beside it), and
 * Xapian replaces a database's version file (iamglass) by a rename at every
 * commit.  Taken before the search, so that an answer is never filed under
 * a later revision than its own. */
static void
index_revision (char *tag, size_t size)
{
    char path[4096], line[300];
    struct stat a, b;
    FILE *f;
    int n = 0;

    memset (&a, 0, sizeof a);
    snprintf (path, sizeof path, "%s/XAPIANDB", cfg.dbpath);
    f = fopen (path, "re");
    if (f)
	fstat (fileno (f), &a);
    n = snprintf (tag, size, "%lu.%ld.%ld", (unsigned long) a.st_ino,
		  (long) a.st_mtim.tv_sec, a.st_mtim.tv_nsec);
    /* No stub: an index of an older cari, the database in DIR itself. */
    int lines = 0;
    while (lines < 4 && (f ? fgets (line, sizeof line, f) != NULL
			   : lines == 0)) {
	char gen[256] = "";
	if (f && sscanf (line, "glass %255s", gen) != 1)
	    gen[0] = '\0';
	snprintf (path, sizeof path, "%s%s%s/iamglass", cfg.dbpath,
		  *gen ? "/" : "", gen);
	if (stat (path, &b) < 0)
	    memset (&b, 0, sizeof b);
	if (n >= 0 && (size_t) n < size)
	    n += snprintf (tag + n, size - (size_t) n, ":%lu.%ld.%ld.%ld",
			   (unsigned long) b.st_ino, (long) b.st_mtim.tv_sec,
			   b.st_mtim.tv_nsec, (long) b.st_size);
	lines++;
    }
    if (f)
	fclose (f);
}

static size_t
cache_slot (const char *key)
{
    unsigned long h = 14695981039346656037UL;
    for (; *key; key++)
	h = (h ^ (unsigned char) *key) * 1099511628211UL;
    return (size_t) (h % cfg.cache_entries);
}

/* A copy of the cached body for key (free with free()), or NULL. */
static char *
cache_get (const char *key, size_t *len)
{
    char *body = NULL;

    if (!cache || !key)
	return NULL;
    struct centry *e = &cache[cache_slot (key)];
    pthread_mutex_lock (&cache_lock);
    if (e->key && !strcmp (e->key, key) && (body = malloc (e->len + 1))) {
	memcpy (body, e->body, e->len + 1);
	*len = e->len;
    }
    pthread_mutex_unlock (&cache_lock);
    return body;
}

static void
cache_put (const char *key, const char *body, size_t len)
{
    char *k, *b;

    if (!cache || !key || len > CACHE_MAX_BODY)
	return;
    k = strdup (key);
    b = malloc (len + 1);
    if (!k || !b) {
	free (k);
	free (b);
	return;
    }
    memcpy (b, body, len);
    b[len] = '\0';
    struct centry *e = &cache[cache_slot (key)];
    pthread_mutex_lock (&cache_lock);
    free (e->key);
    free (e->body);
    e->key = k;
    e->body = b;
    e->len = len;
    pthread_mutex_unlock (&cache_lock);
}

static void
cache_free (void)
{
    for (size_t i = 0; cache && i < cfg.cache_entries; i++) {
	free (cache[i].key);
	free (cache[i].body);
    }
    free (cache);
    cache = NULL;
}

/* The cache key of a request: the revision, then each part with its length
 * in front, so that no text in one part can pass for another part. */
static char *
cache_key (const char *kind, const char *const *parts, size_t n)
{
    char rev[512], *key = NULL;
    size_t len = 0;
    FILE *f;

    if (!cache)
	return NULL;
    index_revision (rev, sizeof rev);
    if (!(f = open_memstream (&key, &len)))
	return NULL;
    fprintf (f, "%s %s", kind, rev);
    for (size_t i = 0; i < n; i++)
	fprintf (f, " %zu:%s", parts[i] ? strlen (parts[i]) : 0,
		 parts[i] ? parts[i] : "");
    if (fclose (f) != 0) {
	free (key);
	return NULL;
    }
    return key;
}

/* Reply with body (the JSON without its closing brace, len bytes, taken
 * over) and took_ms. */
static enum MHD_Result
reply_body (struct MHD_Connection *c, struct req *r, char *body, size_t len,
	    const struct timespec *t0, int cached)
{
    char *full = NULL;
    int n = asprintf (&full, "%.*s,\"took_ms\":%.3f%s}", (int) len, body,
		      ms_since (t0), cached ? ",\"cached\":true" : "");
    free (body);
    if (n < 0)
	return MHD_NO;
    return reply (c, r, MHD_HTTP_OK, "application/json", full, (size_t) n,
		  1, 1);
}

/* Dump j (taken over) without its closing brace, cache it under key (if
 * any) and reply with it. */
static enum MHD_Result
reply_cached (struct MHD_Connection *c, struct req *r, const char *key,
	      json_t *j, const struct timespec *t0)
{
    size_t len = 0;
    char *s = cari_json_text (j, &len);

    json_decref (j);
    if (!s || !len || s[len - 1] != '}') {
	free (s);
	return reply_error (c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, NULL,
			    "out of memory");
    }
    s[--len] = '\0';
    cache_put (key, s, len);
    return reply_body (c, r, s, len, t0, 0);
}

/* ------------------------------------------------------------------ */
/* Parameters                                                         */
/* ------------------------------------------------------------------ */

struct params {
    const char *q;              /* NULL when missing */
    unsigned page, size;
    const char *source, *since, *until;
    int sort_by_date;
    /* On a bad parameter: which, and why (to free). */
    const char *bad;
    char *why;
};

static int
valid_utf8 (const char *s)
{
    const unsigned char *p = (const unsigned char *) s;
    while (*p) {
	unsigned n, cp;
	if (*p < 0x80) {
	    p++;
	    continue;
	} else if ((*p & 0xe0) == 0xc0) {
	    n = 1, cp = *p & 0x1f;
	} else if ((*p & 0xf0) == 0xe0) {
	    n = 2, cp = *p & 0x0f;
	} else if ((*p & 0xf8) == 0xf0) {
	    n = 3, cp = *p & 0x07;
	} else {
	    return 0;
	}
	for (unsigned i = 1; i <= n; i++) {
	    if ((p[i] & 0xc0) != 0x80)
		return 0;
	    cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
	    (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
	    return 0;
	p += n + 1;
    }
    return 1;
}

static int
bad_param (struct params *p, const char *name, char *why)
{
    p->bad = name;
    p->why = why;
    return -1;
}

/* GET argument name, NULL when absent.  Returns 0, or -1 (p->bad set)
 * when it holds a NUL byte (%00), which would cut it short as a string. */
static int
get_arg (struct MHD_Connection *c, struct params *p, const char *name,
	 const char **out)
{
    size_t len = 0;

    if (MHD_lookup_connection_value_n (c, MHD_GET_ARGUMENT_KIND, name,
				       strlen (name), out, &len) != MHD_YES)
	*out = NULL;
    if (*out && memchr (*out, '\0', len))
	return bad_param (p, name, cari_msg ("%s holds a NUL byte (%%00): "
					     "leave it out", name));
    return 0;
}

/* A whole number from lo to hi, or def when absent. */
static int
number_param (struct MHD_Connection *c, struct params *p, const char *name,
	      unsigned lo, unsigned hi, unsigned def, unsigned *out)
{
    const char *v;
    unsigned long n = 0;

    *out = def;
    if (get_arg (c, p, name, &v) < 0)
	return -1;
    if (!v || !*v)
	return 0;
    for (const char *d = v; *d; d++)
	if (*d < '0' || *d > '9' || d - v > 6)
	    goto bad;
    n = strtoul (v, NULL, 10);
    if (n < lo || n > hi)
	goto bad;
    *out = (unsigned) n;
    return 0;
bad:
    return bad_param (p, name, cari_msg ("%s wants a whole number from %u to %u, "
				    "not '%.40s'", name, lo, hi, v));
}

/* A text parameter: valid UTF-8 of at most max bytes, NULL when absent
 * or empty. */
static int
text_param (struct MHD_Connection *c, struct params *p, const char *name,
	    size_t max, const char **out)
{
    const char *v;

    *out = NULL;
    if (get_arg (c, p, name, &v) < 0)
	return -1;
    if (!v || !*v)
	return 0;
    if (strlen (v) > max)
	return bad_param (p, name, cari_msg ("%s is %zu bytes long; the limit is "
					"%zu: shorten it", name, strlen (v),
					max));
    if (!valid_utf8 (v))
	return bad_param (p, name, cari_msg ("%s is not valid UTF-8: send it "
					"percent-encoded as UTF-8", name));
    *out = v;
    return 0;
}

/* since and until: YYYY, YYYY-MM or YYYY-MM-DD with a real month and day. */
static int
date_param (struct MHD_Connection *c, struct params *p, const char *name,
	    const char **out)
{
    static const char shape[] = "dddd-dd-dd";
    const char *v;
    size_t len;

    if (text_param (c, p, name, MAX_PARAM_BYTES, out) < 0 || !*out)
	return p->bad ? -1 : 0;
    v = *out;
    len = strlen (v);
    if (len != 4 && len != 7 && len != 10)
	goto bad;
    for (size_t i = 0; i < len; i++)
	if (shape[i] == 'd' ? v[i] < '0' || v[i] > '9' : v[i] != '-')
	    goto bad;
    if (len >= 7 && (atoi (v + 5) < 1 || atoi (v + 5) > 12))
	goto bad;
    if (len == 10 && (atoi (v + 8) < 1 || atoi (v + 8) > 31))
	goto bad;
    return 0;
bad:
    return bad_param (p, name, cari_msg ("%s wants a date as YYYY-MM-DD, YYYY-MM "
				    "or YYYY, not '%.40s'", name, v));
}

/* Read and check the parameters of a search.  Returns 0, or -1 with
 * p->bad and p->why set. */
static int
read_params (struct MHD_Connection *c, struct params *p)
{
    const char *sort;

    memset (p, 0, sizeof *p);
    if (get_arg (c, p, "q", &p->q) < 0)
	return -1;
    if (p->q && strlen (p->q) > MAX_QUERY_BYTES)
	return bad_param (p, "q", cari_msg ("q is %zu bytes long; the limit is "
				       "%d: shorten the query", strlen (p->q),
				       MAX_QUERY_BYTES));
    if (p->q && !valid_utf8 (p->q))
	return bad_param (p, "q", cari_msg ("q is not valid UTF-8: send it "
				       "percent-encoded as UTF-8"));
    if (number_param (c, p, "page", 1, MAX_PAGE, 1, &p->page) < 0 ||
	number_param (c, p, "size", 1, MAX_SIZE, DEFAULT_SIZE, &p->size) < 0 ||
	text_param (c, p, "source", MAX_PARAM_BYTES, &p->source) < 0 ||
	date_param (c, p, "since", &p->since) < 0 ||
	date_param (c, p, "until", &p->until) < 0 ||
	text_param (c, p, "sort", MAX_PARAM_BYTES, &sort) < 0)
	return -1;
    /* Over the shorter of the two, since after until leaves no day. */
    if (p->since && p->until &&
	strncmp (p->since, p->until, strlen (p->since) < strlen (p->until)
		 ? strlen (p->since) : strlen (p->until)) > 0)
	return bad_param (p, "since", cari_msg ("since (%s) is after until (%s): "
					   "no day is left; swap them",
					   p->since, p->until));
    if (sort && strcmp (sort, "relevance") && strcmp (sort, "date"))
	return bad_param (p, "sort", cari_msg ("sort wants relevance or date, not "
					  "'%.40s'", sort));
    p->sort_by_date = sort && !strcmp (sort, "date");
    return 0;
}

/* Run the search of p on this thread's searcher.  Returns the JSON with
 * page and size added, or NULL with *status (HTTP) and *error. */
static json_t *
search (const struct params *p, unsigned *status, char **error)
{
    struct worker *w;
    cari_request_t req;
    json_t *out;
    int st;

    if (!(w = worker_get (error, 0))) {
	*status = MHD_HTTP_SERVICE_UNAVAILABLE;
	return NULL;
    }
    memset (&req, 0, sizeof req);
    req.query = p->q;
    req.offset = (p->page - 1) * p->size;
    req.limit = p->size;
    req.source = p->source;
    req.since = p->since;
    req.until = p->until;
    req.sort_by_date = p->sort_by_date;
    out = cari_searcher_search (w->searcher, &req, &st, error);
    if (!out) {
	*status = st == CARI_SEARCH_USER_ERROR ? MHD_HTTP_BAD_REQUEST
	    : MHD_HTTP_INTERNAL_SERVER_ERROR;
	return NULL;
    }
    json_object_set_new (out, "page", json_integer (p->page));
    json_object_set_new (out, "size", json_integer (p->size));
    return out;
}

static enum MHD_Result
api_search (struct MHD_Connection *c, struct req *r)
{
    struct params p;
    struct timespec t0;
    unsigned status;
    char *error = NULL, *key, *body;
    size_t len;
    enum MHD_Result ret;
    json_t *out;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (read_params (c, &p) < 0) {
	ret = reply_error (c, r, MHD_HTTP_BAD_REQUEST, p.bad,
			   p.why ? p.why : "out of memory");
	free (p.why);
	return ret;
    }
    if (!p.q || !*p.q)
	return reply_error (c, r, MHD_HTTP_BAD_REQUEST, "q",
			    "q is missing: give words to search for, for "
			    "example /api/search?q=banjir");
    char page[16], size[16];
    snprintf (page, sizeof page, "%u", p.page);
    snprintf (size, sizeof size, "%u", p.size);
    const char *parts[] = { p.q, page, size, p.source, p.since, p.until,
			    p.sort_by_date ? "date" : "" };
    key = cache_key ("search", parts, sizeof parts / sizeof parts[0]);
    if ((body = cache_get (key, &len))) {
	free (key);
	return reply_body (c, r, body, len, &t0, 1);
    }
    out = search (&p, &status, &error);
    if (!out) {
	ret = reply_error (c, r, status, status == MHD_HTTP_BAD_REQUEST
			   ? "q" : NULL, error ? error : "out of memory");
	free (error);
	free (key);
	return ret;
    }
    ret = reply_cached (c, r, key, out, &t0);
    free (key);
    return ret;
}

/* ------------------------------------------------------------------ */
/* /api/suggest                                                       */
/* ------------------------------------------------------------------ */

/* The words of the suggest query: the last one, when the query does not
 * end in a separator, is the partial word to complete. */
struct words {
    size_t len;                 /* of the query */
    char *folded[16];           /* complete words, folded */
    size_t n;
    size_t last_start;          /* of the partial word in the query */
    char *partial;              /* folded, or NULL */
};

static int
collect_word (void *ctx, const cari_token_t *t)
{
    struct words *w = ctx;

    free (w->partial);
    w->partial = NULL;
    if (t->end == w->len) {
	w->partial = strdup (t->folded);
	w->last_start = t->start;
	return 0;
    }
    if (w->n < sizeof w->folded / sizeof w->folded[0])
	w->folded[w->n++] = strdup (t->folded);
    return 0;
}

/* Up to SUGGEST_TITLES titles of articles whose titles hold the words
 * (with the best completion of the partial one). */
static json_t *
suggest_titles (struct worker *w, struct words *ws, const char *best)
{
    json_t *titles = json_array (), *out = NULL, *hits;
    char *q = NULL, *error = NULL;
    size_t qlen = 0;
    cari_request_t req;
    FILE *f;
    int st;

    if (!titles || !(f = open_memstream (&q, &qlen)))
	return titles;
    for (size_t i = 0; i < ws->n; i++)
	if (ws->folded[i])
	    fprintf (f, "title:%s ", ws->folded[i]);
    if (best)
	fprintf (f, "title:%s", best);
    if (fclose (f) != 0 || !*q)
	goto done;
    memset (&req, 0, sizeof req);
    req.query = q;
    req.limit = SUGGEST_TITLES;
    req.no_snippets = 1;
    req.no_suggestion = 1;      /* the completions are the suggestions */
    out = cari_searcher_search (w->searcher, &req, &st, &error);
    hits = json_object_get (out, "hits");
    for (size_t i = 0; i < json_array_size (hits); i++) {
	json_t *h = json_array_get (hits, i);
	json_array_append_new (titles, json_pack (
	    "{s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get (h, "id"),
	    "title", json_object_get (h, "title"), "title_html",
	    json_object_get (h, "title_html"), "url",
	    json_object_get (h, "url"), "date", json_object_get (h, "date"),
	    "source", json_object_get (h, "source")));
    }
done:
    json_decref (out);
    free (error);
    free (q);
    return titles;
}

static enum MHD_Result
api_suggest (struct MHD_Connection *c, struct req *r)
{
    struct params p;
    struct words ws;
    const char *terms[SUGGEST_TERMS];
    unsigned long freqs[SUGGEST_TERMS];
    size_t nterms = 0;
    struct worker *w;
    struct timespec t0;
    char *error = NULL, *key, *body;
    size_t len;
    enum MHD_Result ret;
    json_t *out, *completions;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    memset (&p, 0, sizeof p);
    if (text_param (c, &p, "q", MAX_QUERY_BYTES, &p.q) < 0) {
	ret = reply_error (c, r, MHD_HTTP_BAD_REQUEST, p.bad,
			   p.why ? p.why : "out of memory");
	free (p.why);
	return ret;
    }
    if (!MHD_lookup_connection_value (c, MHD_GET_ARGUMENT_KIND, "q"))
	return reply_error (c, r, MHD_HTTP_BAD_REQUEST, "q",
			    "q is missing: give the words typed so far, for "
			    "example /api/suggest?q=banj");
    key = cache_key ("suggest", &p.q, 1);
    if ((body = cache_get (key, &len))) {
	free (key);
	return reply_body (c, r, body, len, &t0, 1);
    }
    if (!(w = worker_get (&error, 1))) {
	ret = reply_error (c, r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
			   error ? error : "out of memory");
	free (error);
	free (key);
	return ret;
    }
    memset (&ws, 0, sizeof ws);
    if (p.q) {
	ws.len = strlen (p.q);
	cari_analyze (w->an, p.q, ws.len, 0, collect_word, &ws);
    }
    /* Terms are folded words, as the partial word is. */
    if (ws.partial && w->words)
	nterms = cari_words_complete (w->words, ws.partial, SUGGEST_TERMS,
				      terms, freqs);
    completions = json_array ();
    for (size_t i = 0; completions && i < nterms; i++) {
	char *text = cari_msg ("%.*s%s", (int) ws.last_start, p.q, terms[i]);
	json_array_append_new (completions, json_pack (
	    "{s:s?, s:s, s:I}", "text", text, "term", terms[i],
	    "articles", (json_int_t) freqs[i]));
	free (text);
    }
    out = json_pack ("{s:s, s:o, s:o}", "query", p.q ? p.q : "",
		     "completions", completions, "titles",
		     suggest_titles (w, &ws, nterms ? terms[0] : ws.partial));
    for (size_t i = 0; i < ws.n; i++)
	free (ws.folded[i]);
    free (ws.partial);
    ret = reply_cached (c, r, key, out, &t0);
    free (key);
    return ret;
}

/* ------------------------------------------------------------------ */
/* The page                                                           */
/* ------------------------------------------------------------------ */

/* Text as HTML (also safe inside a quoted attribute). */
static void
html (FILE *f, const char *s)
{
    for (; s && *s; s++)
	switch (*s) {
	case '&': fputs ("&amp;", f); break;
	case '<': fputs ("&lt;", f); break;
	case '>': fputs ("&gt;", f); break;
	case '"': fputs ("&quot;", f); break;
	case '\'': fputs ("&#39;", f); break;
	default: putc (*s, f);
	}
}

/* Percent-encoding for a query string value. */
static void
urlenc (FILE *f, const char *s)
{
    for (; s && *s; s++) {
	unsigned char ch = (unsigned char) *s;
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
	    ch == '~')
	    putc (ch, f);
	else if (ch == ' ')
	    putc ('+', f);
	else
	    fprintf (f, "%%%02X", ch);
    }
}

/* A link to the results of p at page `page` (href, already escaped). */
static void
page_href (FILE *f, const struct params *p, const char *q, unsigned page)
{
    fputs ("./?q=", f);
    urlenc (f, q);
    if (p->source) {
	fputs ("&amp;source=", f);
	urlenc (f, p->source);
    }
    if (p->since) {
	fputs ("&amp;since=", f);
	urlenc (f, p->since);
    }
    if (p->until) {
	fputs ("&amp;until=", f);
	urlenc (f, p->until);
    }
    if (p->sort_by_date)
	fputs ("&amp;sort=date", f);
    if (p->size != DEFAULT_SIZE)
	fprintf (f, "&amp;size=%u", p->size);
    if (page > 1)
	fprintf (f, "&amp;page=%u", page);
}

static void
page_date (FILE *f, const char *d)
{
    static const char *const months[] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
    };
    int y, m, day;

    if (d && sscanf (d, "%4d-%2d-%2d", &y, &m, &day) == 3 && m >= 1 &&
	m <= 12) {
	fputs ("<time datetime=\"", f);
	html (f, d);
	fprintf (f, "\">%d %s %d</time>", day, months[m - 1], y);
    } else {
	html (f, d);
    }
}

static const char *
jstr (json_t *o, const char *key)
{
    const char *s = json_string_value (json_object_get (o, key));
    return s ? s : "";
}

static void
page_results (FILE *f, const struct params *p, json_t *res, double ms)
{
    json_t *hits = json_object_get (res, "hits");
    json_int_t total = json_integer_value (json_object_get (res, "total"));
    const char *better = json_string_value (json_object_get (res,
							     "suggestion"));
    unsigned last;

    if (better) {
	fputs ("<p class=\"didyoumean\">Maksud Anda: <a href=\"", f);
	page_href (f, p, better, 1);
	fputs ("\">", f);
	html (f, better);
	fputs ("</a>?</p>\n", f);
    }
    fprintf (f, "<p class=\"summary\" role=\"status\">Sekitar %lld hasil "
	     "untuk <strong>", (long long) total);
    html (f, p->q);
    fprintf (f, "</strong> (%.1f ms)</p>\n", ms);
    if (!json_array_size (hits)) {
	fputs ("<p>Tidak ada artikel yang cocok. Coba kata lain.</p>\n", f);
	return;
    }
    fprintf (f, "<ol class=\"results\" start=\"%lld\">\n",
	     (long long) json_integer_value (json_object_get (
		 json_array_get (hits, 0), "rank")));
    for (size_t i = 0; i < json_array_size (hits); i++) {
	json_t *h = json_array_get (hits, i);
	const char *url = jstr (h, "url"), *source = jstr (h, "source");
	const char *title = jstr (h, "title_html");
	/* Only web links: a javascript: url is shown, not followed. */
	int link = !strncasecmp (url, "https://", 8) ||
		   !strncasecmp (url, "http://", 7);
	fputs ("<li><h2>", f);
	if (link) {
	    fputs ("<a href=\"", f);
	    html (f, url);
	    fputs ("\">", f);
	}
	fputs (*title ? title : "(tanpa judul)", f);   /* escaped, <mark> */
	fputs (link ? "</a></h2>\n" : "</h2>\n", f);
	fputs ("<p class=\"meta\">", f);
	page_date (f, jstr (h, "date"));
	if (*jstr (h, "date") && *source)
	    fputs (" · ", f);
	html (f, source);
	if (!link && *url) {
	    fputs (" · ", f);
	    html (f, url);
	}
	fputs ("</p>\n<p class=\"snippet\">", f);
	fputs (jstr (h, "snippet_html"), f);            /* escaped, <mark> */
	fputs ("</p></li>\n", f);
    }
    fputs ("</ol>\n", f);
    last = (unsigned) ((total + p->size - 1) / p->size);
    if (last > MAX_PAGE)
	last = MAX_PAGE;
    if (last <= 1)
	return;
    fputs ("<nav class=\"pages\" aria-label=\"Halaman hasil\"><ul>\n", f);
    if (p->page > 1) {
	fputs ("<li><a rel=\"prev\" href=\"", f);
	page_href (f, p, p->q, p->page - 1);
	fputs ("\">‹ Sebelumnya</a></li>\n", f);
    }
    unsigned from = p->page > 5 ? p->page - 5 : 1, to = from + 9;
    if (to > last)
	to = last;
    for (unsigned n = from; n <= to; n++) {
	if (n == p->page) {
	    fprintf (f, "<li><span aria-current=\"page\">%u</span></li>\n", n);
	    continue;
	}
	fprintf (f, "<li><a aria-label=\"Halaman %u\" href=\"", n);
	page_href (f, p, p->q, n);
	fprintf (f, "\">%u</a></li>\n", n);
    }
    if (p->page < last) {
	fputs ("<li><a rel=\"next\" href=\"", f);
	page_href (f, p, p->q, p->page + 1);
	fputs ("\">Berikutnya ›</a></li>\n", f);
    }
    fputs ("</ul></nav>\n", f);
}

static enum MHD_Result
page (struct MHD_Connection *c, struct req *r)
{
    struct params p;
    struct timespec t0;
    unsigned status = MHD_HTTP_OK;
    char *body = NULL, *error = NULL;
    size_t len = 0;
    json_t *res = NULL;
    FILE *f;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (read_params (c, &p) < 0) {
	status = MHD_HTTP_BAD_REQUEST;
	error = p.why;
	p.q = NULL;
    } else if (p.q && *p.q) {
	res = search (&p, &status, &error);
    }
    if (!(f = open_memstream (&body, &len))) {
	free (error);
	json_decref (res);
	return MHD_NO;
    }
    fputs ("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n"
	   "<meta charset=\"utf-8\">\n"
	   "<meta name=\"viewport\" content=\"width=device-width, "
	   "initial-scale=1\">\n<title>", f);
    if (p.q && *p.q) {
	html (f, p.q);
	fputs (" – ", f);
    }
    fputs ("cari</title>\n"
	   "<link rel=\"icon\" href=\"static/icon.svg\" type=\"image/svg+xml\">\n"
	   "<link rel=\"stylesheet\" href=\"static/style.css\">\n"
	   "<script src=\"static/app.js\" defer></script>\n"
	   "</head>\n<body>\n<header>\n"
	   "<h1><a href=\"./\">cari</a> <small>arsip berita</small></h1>\n"
	   "<form role=\"search\" action=\"./\" method=\"get\">\n"
	   "<div class=\"box\"><label for=\"q\">Cari berita</label>\n"
	   "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" "
	   "spellcheck=\"false\" maxlength=\"500\" role=\"combobox\" "
	   "aria-autocomplete=\"list\" aria-expanded=\"false\" "
	   "aria-controls=\"suggestions\" value=\"", f);
    html (f, p.q);
    fputs ("\"", f);
    if (!p.q || !*p.q)
	fputs (" autofocus", f);
    fputs (">\n<ul id=\"suggestions\" role=\"listbox\" aria-label=\"Saran\" "
	   "hidden></ul></div>\n"
	   "<button type=\"submit\">Cari</button>\n"
	   "<div class=\"filters\">\n"
	   "<label>Urutkan <select name=\"sort\">"
	   "<option value=\"relevance\">paling cocok</option>"
	   "<option value=\"date\"", f);
    if (p.sort_by_date)
	fputs (" selected", f);
    fputs (">terbaru</option></select></label>\n"
	   "<label>Sejak <input name=\"since\" size=\"10\" "
	   "placeholder=\"2025-01-01\" value=\"", f);
    html (f, p.since);
    fputs ("\"></label>\n<label>Sampai <input name=\"until\" size=\"10\" "
	   "placeholder=\"2025-12-31\" value=\"", f);
    html (f, p.until);
    fputs ("\"></label>\n", f);
    if (p.source) {
	fputs ("<input type=\"hidden\" name=\"source\" value=\"", f);
	html (f, p.source);
	fputs ("\">\n", f);
    }
    fputs ("</div>\n</form>\n</header>\n<main>\n", f);
    if (error) {
	fputs ("<p class=\"error\" role=\"alert\">", f);
	html (f, error);
	fputs ("</p>\n", f);
    } else if (res) {
	page_results (f, &p, res, ms_since (&t0));
    }
    fputs ("</main>\n</body>\n</html>\n", f);
    free (error);
    json_decref (res);
    if (fclose (f) != 0)
	return MHD_NO;
    return reply (c, r, status, "text/html; charset=utf-8", body, len, 1, 0);
}

/* ------------------------------------------------------------------ */
/* Routing                                                            */
/* ------------------------------------------------------------------ */

static enum MHD_Result
healthz (struct MHD_Connection *c, struct req *r)
{
    char *error = NULL;
    enum MHD_Result ret;

    if (!worker_get (&error, 0)) {
	ret = reply_error (c, r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
			   error ? error : "out of memory");
	free (error);
	return ret;
    }
    static const char ok[] = "ok\n";
    return reply (c, r, MHD_HTTP_OK, "text/plain; charset=utf-8", ok,
		  sizeof ok - 1, 0, 1);
}

static enum MHD_Result
handle (void *cls, struct MHD_Connection *c, const char *url,
	const char *method, const char *version, const char *upload_data,
	size_t *upload_data_size, void **req_cls)
{
    struct req *r = *req_cls;
    static const char not_found[] =
	"{\"error\":\"no such page: the API is /api/search?q=WORDS and "
	"/api/suggest?q=WORDS, the search page is /\"}";

    (void) cls;
    (void) version;
    (void) upload_data;
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
	return MHD_YES;
    }
    if (r) {
	r->handled = 1;
	r->method = method;
    }
    if (!strcmp (method, "OPTIONS") && cfg.cors &&
	!strncmp (url, "/api/", 5)) {
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer (0, NULL, MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;
	if (!resp)
	    return MHD_NO;
	MHD_add_response_header (resp, "Access-Control-Allow-Origin",
				 cfg.cors);
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
    if (strcmp (method, "GET") && strcmp (method, "HEAD"))
	return reply_error (c, r, MHD_HTTP_METHOD_NOT_ALLOWED, NULL,
			    "only GET and HEAD are allowed here");
    if (!strcmp (url, "/"))
	return page (c, r);
    if (!strcmp (url, "/api/search"))
	return api_search (c, r);
    if (!strcmp (url, "/api/suggest"))
	return api_suggest (c, r);
    if (!strcmp (url, "/healthz"))
	return healthz (c, r);
    for (const cari_static_t *s = cari_static_files; s->path; s++)
	if (!strcmp (url, s->path))
	    return reply (c, r, MHD_HTTP_OK, s->type, s->data, s->len, 0, 0);
    return reply (c, r, MHD_HTTP_NOT_FOUND, "application/json", not_found,
		  sizeof not_found - 1, 0, 1);
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
	fprintf (stderr, "%s: %s\n", prog, s);
	free (s);
    }
}

/* ------------------------------------------------------------------ */
/* Start and stop                                                     */
/* ------------------------------------------------------------------ */

/* Listen on spec (HOST:PORT or [V6]:PORT); returns the socket, or -1 with
 * a message printed. */
static int
listen_on (const char *spec, char *shown, size_t shown_size)
{
    char host[256], port[16];
    const char *colon;
    struct addrinfo hints, *ai = NULL;
    int fd = -1, one = 1, rc;

    if (spec[0] == '[') {
	const char *end = strchr (spec, ']');
	if (!end || end[1] != ':' || (size_t) (end - spec - 1) >= sizeof host)
	    goto bad;
	memcpy (host, spec + 1, (size_t) (end - spec - 1));
	host[end - spec - 1] = '\0';
	colon = end + 1;
    } else {
	colon = strrchr (spec, ':');
	if (!colon || (size_t) (colon - spec) >= sizeof host ||
	    memchr (spec, ':', (size_t) (colon - spec)))
	    goto bad;
	memcpy (host, spec, (size_t) (colon - spec));
	host[colon - spec] = '\0';
    }
    if (!colon[1] || strlen (colon + 1) >= sizeof port ||
	strspn (colon + 1, "0123456789") != strlen (colon + 1) ||
	atol (colon + 1) > 65535)
	goto bad;
    strcpy (port, colon + 1);
    memset (&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    rc = getaddrinfo (*host ? host : NULL, port, &hints, &ai);
    if (rc) {
	fprintf (stderr, "%s: --listen %s: cannot resolve '%s': %s; give an "
		 "address such as 127.0.0.1:8080\n", prog, spec, host,
		 gai_strerror (rc));
	return -1;
    }
    fd = socket (ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 ||
	setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	bind (fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen (fd, 512) < 0 ||
	fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK) < 0) {
	fprintf (stderr, "%s: cannot listen on %s: %s; stop what uses it or "
		 "pick another address with --listen\n", prog, spec,
		 strerror (errno));
	if (fd >= 0)
	    close (fd);
	freeaddrinfo (ai);
	return -1;
    }
    freeaddrinfo (ai);
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    char a[INET6_ADDRSTRLEN] = "?";
    unsigned bound = 0;
    if (getsockname (fd, (struct sockaddr *) &ss, &sl) == 0) {
	if (ss.ss_family == AF_INET6) {
	    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *) &ss;
	    inet_ntop (AF_INET6, &s6->sin6_addr, a, sizeof a);
	    bound = ntohs (s6->sin6_port);
	    snprintf (shown, shown_size, "[%s]:%u", a, bound);
	} else {
	    struct sockaddr_in *s4 = (struct sockaddr_in *) &ss;
	    inet_ntop (AF_INET, &s4->sin_addr, a, sizeof a);
	    bound = ntohs (s4->sin_port);
	    snprintf (shown, shown_size, "%s:%u", a, bound);
	}
    }
    return fd;
bad:
    fprintf (stderr, "%s: --listen wants HOST:PORT such as 127.0.0.1:8080 "
	     "or [::1]:8080, not '%s'\n", prog, spec);
    return -2;
}

int
main (int argc, char **argv)
{
    static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "listen", required_argument, NULL, 'l' },
	{ "threads", required_argument, NULL, 't' },
	{ "cors", required_argument, NULL, 'c' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "cache", required_argument, NULL, 'C' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
    };
    const char *listen_spec = "127.0.0.1:8080";
    long cpus = sysconf (_SC_NPROCESSORS_ONLN);
    unsigned long threads = cpus > 0 ? (unsigned long) cpus : 1;
    char shown[300] = "", *end, *error = NULL;
    int opt, fd, sig;
    sigset_t sigs;

    /* Blocked from the start, so that a signal during start-up stops the
     * server cleanly once it runs; workers inherit the mask, so only the
     * main thread takes the signals, in sigwait(). */
    sigemptyset (&sigs);
    sigaddset (&sigs, SIGINT);
    sigaddset (&sigs, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &sigs, NULL);
    signal (SIGPIPE, SIG_IGN);

    cfg.dbpath = cari_default_db ();
    cfg.cache_entries = 4096;
    while ((opt = getopt_long (argc, argv, "qh", options, NULL)) != -1) {
	switch (opt) {
	case 'd':
	    cfg.dbpath = optarg;
	    break;
	case 'l':
	    listen_spec = optarg;
	    break;
	case 't':
	    threads = strtoul (optarg, &end, 10);
	    if (*end || !*optarg || threads == 0 || threads > 64) {
		fprintf (stderr, "%s: --threads wants a number from 1 to 64, "
			 "not '%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    break;
	case 'c':
	    if (!*optarg || strpbrk (optarg, "\r\n")) {
		fprintf (stderr, "%s: --cors wants an origin such as "
			 "https://example.org\n", prog);
		usage (EXIT_USAGE);
	    }
	    cfg.cors = optarg;
	    break;
	case 'q':
	    cfg.quiet = 1;
	    break;
	case 'C':
	    cfg.cache_entries = strtoul (optarg, &end, 10);
	    if (*end || !*optarg || cfg.cache_entries > 1000000) {
		fprintf (stderr, "%s: --cache wants a number of answers from "
			 "0 (no cache) to 1000000, not '%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    break;
	case 'h':
	    usage (EXIT_STOPPED);
	    break;
	default:
	    usage (EXIT_USAGE);
	}
    }
    if (optind < argc) {
	fprintf (stderr, "%s: unexpected argument '%s'; the index is given "
		 "with --db DIR\n", prog, argv[optind]);
	usage (EXIT_USAGE);
    }
    if (threads > 64)
	threads = 64;

    /* The index must be there at start: a typo in --db shows at once. */
    cari_searcher_t *probe = cari_searcher_open (cfg.dbpath, &error);
    if (!probe) {
	fprintf (stderr, "%s: %s\n", prog, error ? error : "out of memory");
	free (error);
	return EXIT_INDEX;
    }
    if (cari_searcher_warning (probe))
	fprintf (stderr, "%s: warning: %s\n", prog,
		 cari_searcher_warning (probe));
    cari_searcher_destroy (probe);

    fd = listen_on (listen_spec, shown, sizeof shown);
    if (fd == -2)
	usage (EXIT_USAGE);
    if (fd < 0)
	return EXIT_START;

    if (cfg.cache_entries &&
	!(cache = calloc (cfg.cache_entries, sizeof *cache)))
	cfg.cache_entries = 0;
    if (pthread_key_create (&worker_key, worker_destroy)) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return EXIT_START;
    }

    struct MHD_Daemon *d = MHD_start_daemon (
	MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG,
	0, NULL, NULL, handle, NULL,
	MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	MHD_OPTION_LISTEN_SOCKET, fd,
	MHD_OPTION_THREAD_POOL_SIZE, (unsigned) threads,
	MHD_OPTION_CONNECTION_TIMEOUT, (unsigned) CONNECTION_TIMEOUT_S,
	MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) CONNECTION_MEMORY,
	MHD_OPTION_CONNECTION_LIMIT, (unsigned) CONNECTION_LIMIT,
	MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
	MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	MHD_OPTION_END);
    if (!d) {
	fprintf (stderr, "%s: cannot start the HTTP daemon on %s; see the "
		 "message above\n", prog, shown);
	close (fd);
	return EXIT_START;
    }
    fprintf (stderr, "%s: listening on http://%s/ (index %s, %lu threads)\n",
	     prog, shown, cfg.dbpath, threads);

    while (sigwait (&sigs, &sig) != 0)
	;
    fprintf (stderr, "%s: %s: finishing the requests in flight\n", prog,
	     strsignal (sig));
    atomic_store (&stopping, 1);
    MHD_quiesce_daemon (d);
    for (int i = 0; i < DRAIN_TIMEOUT_S * 100 && atomic_load (&inflight) > 0;
	 i++)
	usleep (10000);
    MHD_stop_daemon (d);
    close (fd);
    pthread_key_delete (worker_key);
    cache_free ();
    fprintf (stderr, "%s: stopped\n", prog);
    return EXIT_STOPPED;
}
