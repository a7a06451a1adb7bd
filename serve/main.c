/* main.c - cari-serve: the site search box, an HTTP/JSON API and a page
 *
 * A libmicrohttpd daemon with a pool of threads for the connections
 * (http.c, their limits in conn.c) and search threads of its own in two
 * lanes (pool.c); each search thread keeps its own index reader in a
 * pthread key, and checks before each search that it sees the latest
 * committed index generation (worker.c).  routes.c answers the API,
 * page.c the search page, params.c reads the query parameters and cache.c
 * keeps recent API answers.  The
 * page and its static files are compiled in (serve/static.c): no path
 * from a URL ever reaches the file system.  This file reads the options,
 * starts the server and stops it on a signal.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "cli/cli.h"
#include "serve/cache.h"
#include "serve/http.h"
#include "serve/params.h"
#include "serve/pool.h"
#include "serve/worker.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Exit statuses, documented in --help. */
enum {
    EXIT_STOPPED = 0,           /* stopped by SIGTERM or SIGINT */
    EXIT_START = 1,             /* cannot listen or start the daemon */
    EXIT_USAGE = 2,
    EXIT_INDEX = 3              /* no usable index at start */
};

static const char *prog = "cari-serve";
static int timestamps;          /* --timestamps: a CARI_CLI_STAMP_ value */

/* Connections waiting to be accepted: when a flood of them is closed at
 * its timeout and opens again at once, a short queue drops the SYN of
 * normal clients too, which then wait a second for their retry (the
 * kernel caps it at net.core.somaxconn). */
#define LISTEN_BACKLOG 4096

static void
usage (int status)
{
    if (status)
	cari_cli_try_help (prog, status);
    printf (
"Usage: cari-serve [--db DIR] [--listen HOST:PORT] [--threads N]\n"
"                  [--cors ORIGIN] [--cache N] [--time-limit MS]\n"
"                  [--max-searches N] [--max-wildcard-searches N]\n"
"                  [--search-queue N] [--max-connections N]\n"
"                  [--max-connections-per-ip N] [--timeout S] [--quiet]\n"
"                  [--timestamps[=WHEN]] [--default-sort ORDER]\n"
"                  [--fresh-half-life HALF_LIFE]\n"
"                  [--shard-timeout MS] [--partial]\n"
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
"  --threads N         threads that read requests and write answers\n"
"                      (default: the number of CPUs, at most 64)\n"
"  --cors ORIGIN       send Access-Control-Allow-Origin: ORIGIN on /api/\n"
"                      (default: no CORS headers)\n"
"  --quiet             no access log (one line per request on stderr)\n"
CARI_CLI_TIMESTAMPS_HELP
"  --synonyms FILE|none  search the abbreviations and long forms of\n"
"                      FILE's groups as one another (default:\n"
"                      $CARI_SYNONYMS, else the installed synonyms.txt);\n"
"                      its identity is logged at start\n"
"  --cache N           keep the last N API answers (default 4096; 0: none),\n"
"                      each for the index revision it was read from\n"
"  --time-limit MS     stop each search after MS milliseconds and answer\n"
"                      the best articles it found, with \"partial\": true\n"
"                      (default 500; 0: no limit); partial answers are\n"
"                      not cached\n"
"  --max-searches N    search threads (default: as many as --threads; 0:\n"
"                      that many and no bound on the queue): searches\n"
"                      and suggestions run there, not on the threads\n"
"                      that read requests\n"
"  --search-queue N    searches that may wait for one (default 32); one\n"
"                      more gets 503 with Retry-After: 1\n"
"  --max-wildcard-searches N\n"
"                      threads of their own, at a lower priority, for\n"
"                      costly searches: a * or more than 16 words\n"
"                      (default 1; 0: no lane of their own); none wait:\n"
"                      one more than N gets 503\n"
"  --max-connections N at most N connections open (default 4096); a\n"
"                      request on one more gets 503, and past N + 64 a\n"
"                      new connection is closed at once\n"
"  --max-connections-per-ip N\n"
"                      at most N connections from one address (default\n"
"                      0: no bound; behind nginx every client has its\n"
"                      address); one more is closed at once\n"
"  --timeout S         a connection gets S seconds (default 10) to send a\n"
"                      whole request head, from its opening or its last\n"
"                      answer (so an idle keep-alive connection is closed\n"
"                      after S s), and S s of silence while it is\n"
"                      answered; 2 s while more than 3/4 of\n"
"                      --max-connections are open\n"
"  --default-sort ORDER\n"
"                      the order of a search that gives no sort, and the\n"
"                      page's choice: relevance (default), date (newest\n"
"                      first) or fresh (best and newest first)\n"
"  --fresh-half-life HALF_LIFE\n"
"                      with sort=fresh, the score halves with every\n"
"                      HALF_LIFE of age (default " CARI_HALF_LIFE_DEFAULT "; 12h, 2w; a\n"
"                      number: days), unless the request gives half_life\n"
"  --shard-timeout MS  wait at most MS milliseconds for a remote shard (a\n"
"                      \"remote HOST:PORT\" line of the index's XAPIANDB)\n"
"                      to connect and to answer (default 3000)\n"
"  --partial           answer from the other shards when a remote one is\n"
"                      down or slow, with \"partial\": true and\n"
"                      \"shards_missing\"; without it such a search fails\n"
"                      (500) naming the shard\n"
"  -h, --help          show this help\n"
"      --version       print the version and exit\n"
"\n"
"Endpoints (GET or HEAD; other methods get 405):\n"
"  /                   the search page; /?q=banjir&page=2 renders results\n"
"                      on the server, so it works without JavaScript\n"
"  /api/search         q (required, at most 500 bytes), page (1-100),\n"
"                      size (1-50, default 10), source, rubrik, tag\n"
"                      (only articles of this rubrik, with this tag), since,\n"
"                      until (YYYY, YYYY-MM or YYYY-MM-DD), sort\n"
"                      (relevance, date or fresh; default --default-sort),\n"
"                      half_life (with fresh; default --fresh-half-life),\n"
"                      exact (1: as typed, no typo correction), collapse\n"
"                      (0: every wire copy; 1, the default: one hit a\n"
"                      story; not with fresh), copies_of (an id: its\n"
"                      story's articles, instead of q), facets (1: the\n"
"                      hits counted by source, year, month, rubrik, tag),\n"
"                      facet_limit (1-100, default 10):\n"
"                      the JSON of cari-query --json plus page,\n"
"                      size, took_ms, cached (true when from the cache)\n"
"                      and, when a spelling finds more, suggestion\n"
"  /api/related        id (required): the articles related to that one\n"
"                      (cari-query --related), with source, since,\n"
"                      until, page and size as /api/search; 404 when\n"
"                      no article has the id\n"
"  /api/suggest        q: up to 10 completions of its last word (most\n"
"                      frequent first) and up to 5 matching titles\n"
"  /healthz            200 ok when the index can be read, else 503\n"
"Errors are JSON {\"error\": ..., \"parameter\": ...} with status 400\n"
"(503 when the server is busy or the index cannot be read).\n"
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
    const char *listen_spec;
    unsigned long threads;
    unsigned long time_limit_ms;
    long max_searches;          /* -1: as many as threads */
    unsigned long max_wildcard;
    unsigned search_queue;
    cari_conn_limits_t conn;
    const char *synonyms;       /* --synonyms, or NULL */
    const char *default_sort;   /* --default-sort */
    double half_life_days;      /* --fresh-half-life */
} cfg;

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
	bind (fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen (fd, LISTEN_BACKLOG) < 0 ||
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

/* The number of option name from lo (shown as lo_shown) to hi; a usage
 * error exits. */
static unsigned
number_option (const char *name, const char *arg, unsigned long lo,
	       unsigned long hi, const char *lo_shown)
{
    char *end;
    unsigned long n = strtoul (arg, &end, 10);

    if (*end || !*arg || *arg == '-' || n < lo || n > hi) {
	fprintf (stderr, "%s: %s wants a number from %s to %lu, not '%s'\n",
		 prog, name, lo_shown, hi, arg);
	usage (EXIT_USAGE);
    }
    return (unsigned) n;
}

/* The long options of cari-serve. */
static const struct option options[] = {
    { "db", required_argument, NULL, 'd' },
    { "listen", required_argument, NULL, 'l' },
    { "threads", required_argument, NULL, 't' },
    { "cors", required_argument, NULL, 'c' },
    { "quiet", no_argument, NULL, 'q' },
    { "cache", required_argument, NULL, 'C' },
    { "time-limit", required_argument, NULL, 'T' },
    { "max-searches", required_argument, NULL, 'M' },
    { "max-wildcard-searches", required_argument, NULL, 'W' },
    { "max-connections", required_argument, NULL, 'N' },
    { "max-connections-per-ip", required_argument, NULL, 'P' },
    { "timeout", required_argument, NULL, 'O' },
    { "search-queue", required_argument, NULL, 'Q' },
    { "synonyms", required_argument, NULL, 'Y' },
    { "default-sort", required_argument, NULL, 'R' },
    { "fresh-half-life", required_argument, NULL, 'H' },
    { "shard-timeout", required_argument, NULL, 'X' },
    { "partial", no_argument, NULL, 'Z' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    CARI_CLI_TIMESTAMPS_OPTION ('S'),
    { NULL, 0, NULL, 0 }
};

/* --default-sort (opt 'R') or --fresh-half-life ('H') into cfg; a bad
 * one is a usage error. */
static void
sort_option (int opt, const char *arg)
{
    if (opt == 'R' && strcmp (arg, "relevance") && strcmp (arg, "date") &&
	strcmp (arg, "fresh")) {
	fprintf (stderr, "%s: --default-sort wants relevance, date or fresh, "
		 "not '%s'\n", prog, arg);
	usage (EXIT_USAGE);
    }
    if (opt == 'R')
	cfg.default_sort = arg;
    else if (cari_parse_half_life (arg, &cfg.half_life_days)) {
	fprintf (stderr, "%s: --fresh-half-life wants %s; not '%s'\n", prog,
		 CARI_HALF_LIFE_FORMS, arg);
	usage (EXIT_USAGE);
    }
}

/* Read the options into cfg; a usage error exits. */
static void
parse_options (int argc, char **argv)
{
    long cpus = sysconf (_SC_NPROCESSORS_ONLN);
    char *end;
    int opt;

    cfg.listen_spec = "127.0.0.1:8080";
    cfg.threads = cpus > 0 ? (unsigned long) cpus : 1;
    cfg.dbpath = cari_default_db ();
    cfg.cache_entries = 4096;
    cfg.time_limit_ms = 500;
    cfg.max_searches = -1;
    cfg.max_wildcard = 1;
    cfg.conn.max = 4096;
    cfg.conn.per_ip = 0;
    cfg.conn.timeout_s = 10;
    cfg.search_queue = 32;
    cfg.default_sort = "relevance";
    cari_parse_half_life (CARI_HALF_LIFE_DEFAULT, &cfg.half_life_days);
    while ((opt = getopt_long (argc, argv, "qh", options, NULL)) != -1) {
	switch (opt) {
	case 'd':
	    cfg.dbpath = optarg;
	    break;
	case 'l':
	    cfg.listen_spec = optarg;
	    break;
	case 'Y':
	    cfg.synonyms = optarg;
	    break;
	case 't':
	    cfg.threads = strtoul (optarg, &end, 10);
	    if (*end || !*optarg || cfg.threads == 0 || cfg.threads > 64) {
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
	case 'T':
	    cfg.time_limit_ms = strtoul (optarg, &end, 10);
	    if (*end || !*optarg || *optarg == '-' ||
		cfg.time_limit_ms > 600000) {
		fprintf (stderr, "%s: --time-limit wants milliseconds from 0 "
			 "(no limit) to 600000, not '%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    break;
	case 'X':
	    cari_set_shard_timeout (number_option ("--shard-timeout", optarg,
						   1, 3600000, "1"));
	    break;
	case 'Z':
	    cari_set_partial_shards (1);
	    break;
	case 'M':
	    cfg.max_searches = number_option ("--max-searches", optarg, 0,
					      10000, "0 (no bound)");
	    break;
	case 'W':
	    cfg.max_wildcard = number_option ("--max-wildcard-searches",
					      optarg, 0, 10000, "0 (no bound)");
	    break;
	case 'N':
	    cfg.conn.max = number_option ("--max-connections", optarg, 16,
					  100000, "16");
	    break;
	case 'P':
	    cfg.conn.per_ip = number_option ("--max-connections-per-ip",
					     optarg, 0, 100000, "0 (no bound)");
	    break;
	case 'Q':
	    cfg.search_queue = number_option ("--search-queue", optarg, 0,
					      10000, "0");
	    break;
	case 'O':
	    cfg.conn.timeout_s = number_option ("--timeout", optarg, 1, 3600,
						"1");
	    break;
	case 'R':
	case 'H':
	    sort_option (opt, optarg);
	    break;
	case 'S':
	    if ((timestamps = cari_cli_timestamps_parse (optarg)) < 0) {
		fprintf (stderr, "%s: --timestamps wants auto, always or "
			 "never, not '%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    break;
	case 'V':
	    cari_cli_version (prog);
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
    if (cfg.threads > 64)
	cfg.threads = 64;
}

/* The index must be there at start: a typo in --db shows at once.
 * Returns 0, or -1 with the reason printed. */
static int
probe_index (void)
{
    char *error = NULL;
    cari_searcher_t *probe = NULL;

    if (cari_searcher_open (cfg.dbpath, &probe, &error)) {
	fprintf (stderr, "%s: %s\n", prog, error ? error : "out of memory");
	free (error);
	return -1;
    }
    if (cari_searcher_warning (probe))
	fprintf (stderr, "%s: warning: %s\n", prog,
		 cari_searcher_warning (probe));
    cari_searcher_destroy (probe);
    return 0;
}

int
main (int argc, char **argv)
{
    char shown[300] = "";
    int fd, sig;
    sigset_t sigs;

    /* Blocked from the start, so that a signal during start-up stops the
     * server cleanly once it runs; workers inherit the mask, so only the
     * main thread takes the signals, in sigwait(). */
    sigemptyset (&sigs);
    sigaddset (&sigs, SIGINT);
    sigaddset (&sigs, SIGTERM);
    pthread_sigmask (SIG_BLOCK, &sigs, NULL);
    signal (SIGPIPE, SIG_IGN);

    parse_options (argc, argv);
    if (cari_cli_log_start (timestamps, 0) < 0) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return EXIT_START;
    }
    if (probe_index () < 0)
	return EXIT_INDEX;
    /* Read once, shared read-only by every search thread. */
    cari_synonyms_t *syn = NULL;
    if (cari_cli_synonyms (prog, cfg.synonyms, &syn) < 0)
	return EXIT_USAGE;
    fprintf (stderr, "%s: synonyms: %s\n", prog,
	     cari_synonyms_identity (syn));
    cari_worker_synonyms (syn);

    fd = listen_on (cfg.listen_spec, shown, sizeof shown);
    if (fd == -2)
	usage (EXIT_USAGE);
    if (fd < 0)
	return EXIT_START;

    cari_cache_init (cfg.dbpath, cfg.cache_entries);
    cari_params_set_defaults (cfg.default_sort, cfg.half_life_days);
    cari_worker_limits ((unsigned) cfg.time_limit_ms);
    if (cari_worker_start (cfg.dbpath) < 0) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return EXIT_START;
    }
    if (cari_pool_start ((unsigned) (cfg.max_searches < 0
				     ? (long) cfg.threads : cfg.max_searches),
			 cfg.search_queue, (unsigned) cfg.max_wildcard,
			 (unsigned) cfg.threads) < 0)
	return EXIT_START;

    struct MHD_Daemon *d = cari_http_start (fd, (unsigned) cfg.threads,
					    cfg.cors, cfg.quiet, &cfg.conn);
    if (!d) {
	fprintf (stderr, "%s: cannot start the HTTP daemon on %s; see the "
		 "message above\n", prog, shown);
	close (fd);
	return EXIT_START;
    }
    fprintf (stderr, "%s: listening on http://%s/ (index %s, %lu threads)\n",
	     prog, shown, cfg.dbpath, cfg.threads);

    while (sigwait (&sigs, &sig) != 0)
	;
    fprintf (stderr, "%s: %s: finishing the requests in flight\n", prog,
	     strsignal (sig));
    cari_http_stop (d);
    close (fd);
    cari_worker_stop ();
    cari_cache_free ();
    cari_synonyms_destroy (syn);
    fprintf (stderr, "%s: stopped\n", prog);
    return EXIT_STOPPED;
}
