/* main.c - cari-query: search a cari index from the terminal
 *
 * The search itself is lib/search.c, shared with cari-serve; this file
 * reads the command line, prints the hits and runs batches of queries.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "cli/cli.h"
#include "cli/json.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Exit statuses, documented in --help. */
enum {
    EXIT_HITS = 0,              /* at least one article found */
    EXIT_NO_HITS = 1,           /* the search ran and found nothing */
    EXIT_ERROR = 2              /* usage error, bad query, no index */
};

static const char *prog = "cari-query";

static void
usage (int status)
{
    if (status)
	cari_cli_try_help (prog, status);
    printf (
"Usage: cari-query [OPTION]... QUERY...\n"
"       cari-query [--db DIR] --batch FILE [-n N] [--run OUT]\n"
"       cari-query [--db DIR] [--json] --sources\n"
"       cari-query [--db DIR] [--json] --copies-of ID\n"
"       cari-query [OPTION]... --related ID\n"
"Search the index for QUERY and print the best articles, each with its\n"
"rank, title, date, source, url and a passage with the matched words marked.\n"
"\n"
"  --db DIR             the index (default: $CARI_DB, else ./cari.db)\n"
"  -n, --limit N        show at most N articles (default 10, at most 10000)\n"
"  --offset N           skip the first N articles\n"
"  --page P             show page P (1 first) of N articles each\n"
"  --source NAME        only articles of this outlet (as source:NAME): any\n"
"                       form of its name (tempo for tempo.co, \"CNN\n"
"                       Indonesia\", antara for antaranews)\n"
"  --sources            list the outlets of the index and their articles\n"
"  --rubrik NAME        only articles of this rubrik (section; as\n"
"                       rubrik:\"NAME\": ASCII case and spaces aside;\n"
"                       a value of --facets)\n"
"  --tag NAME           only articles with this tag (as tag:\"NAME\")\n"
"  --since DATE         only articles of DATE or later (YYYY-MM-DD,\n"
"                       YYYY-MM or YYYY)\n"
"  --until DATE         only articles of DATE or earlier\n"
"  --sort ORDER         relevance (default: best first), date (newest\n"
"                       first, the articles with every word) or fresh\n"
"                       (--fresh " CARI_HALF_LIFE_DEFAULT ")\n"
"  --fresh HALF_LIFE    best and newest first: the score halves with every\n"
"                       HALF_LIFE of age (30d, 2w, 12h; a number: days);\n"
"                       undated articles count as the oldest\n"
"  --now DATE           with --fresh: count ages from 00:00 UTC of DATE\n"
"                       (YYYY-MM-DD) instead of the current time\n"
"  --snippet-chars N    passages of about N characters (default 200)\n"
"  --json               print one JSON document: query, total, total_all\n"
"                       (with every word), offset,\n"
"                       hits[] with rank, id, title, url, date, source,\n"
"                       score, snippet_text, snippet_html and title_html\n"
"                       (and author, rubrik, tags, image when the article\n"
"                       has them)\n"
"                       (<mark> around matches), highlights (byte ranges\n"
"                       of the matches in snippet_text); suggestion when a\n"
"                       corrected query finds more; corrected_query and\n"
"                       query_as_typed when the hits are a correction's;\n"
"                       expanded_query and synonyms when a synonym was used\n"
"  --synonyms FILE|none  search the abbreviations and long forms of FILE's\n"
"                       groups as one another (default: $CARI_SYNONYMS,\n"
"                       else the installed synonyms.txt); none: no synonyms\n"
"  --facets             after the hits, the articles they are of counted by\n"
"                       source, year, month, rubrik and tag (JSON: facets,\n"
"                       facets_exact)\n"
"  --facet-limit N      the N values of each facet most articles have\n"
"                       (default 10, at most 100)\n"
"  --exact              search the query as typed: a word few articles hold\n"
"                       is not corrected (the correction is only offered)\n"
"  --collapse           one hit for each story: wire copies and updated\n"
"                       versions of it left out, \"N serupa dari media\n"
"                       lain\" under it (\"copies\" and \"group\" in JSON)\n"
"  --copies-of ID       list the copies of the article ID (its group),\n"
"                       newest first, instead of searching\n"
"  --related ID         instead of a query: the articles most related to\n"
"                       the article ID (its best terms), without itself,\n"
"                       its reposts and wire copies; the filters apply\n"
"                       (JSON: related_to, related_title)\n"
"  --jsonl              print each hit as one JSON object a line\n"
"  --color=WHEN         auto (default: on a terminal, unless NO_COLOR is\n"
"                       set), always or never; without colour matches show\n"
"                       as **word**\n"
"  --batch FILE         run each line of FILE as a query (empty lines are\n"
"                       skipped), top N with snippets, and print one line:\n"
"                       queries, p50, p95, p99 and mean latency, no hits\n"
"  --run OUT            with --batch: write QNO<TAB>ID<TAB>RANK for every hit\n"
"                       to OUT (QNO: line number in FILE, RANK from 1)\n"
"  --time-limit MS      stop a search after MS milliseconds and print the\n"
"                       best articles it found, marked as partial results\n"
"                       (\"partial\": true in JSON); default 0, no limit\n"
"  --shard-timeout MS   wait at most MS milliseconds for a remote shard (a\n"
"                       \"remote HOST:PORT\" line of the index's XAPIANDB) to\n"
"                       connect and to answer; default 3000\n"
"  --partial            search the other shards when a remote one is down or\n"
"                       slow, and mark the results partial, naming those\n"
"                       missing (\"shards_missing\" in JSON); without it that\n"
"                       is an error\n"
"  -h, --help           show this help\n"
"      --version        print the version and exit\n"
"\n"
"Query language: words (any affixed form finds the others: tingkat finds\n"
"meningkatkan; stopwords such as yang, di, apa are left out unless quoted);\n"
"articles with all the words rank above those with only some;\n"
"\"exact phrase\"; -word excludes (alone: all but its articles), +word\n"
"requires; a OR b; a AND b; NOT;\n"
"a NEAR b (within 10 words); prefix*; title:word; source:name (any form of\n"
"the outlet's name: source:tempo, source:\"berita maritim\"); author:word,\n"
"author:\"two words\"; rubrik:name, rubrik:\"sepak bola\"; tag:name,\n"
"tag:\"pemilu 2024\" (each negatable: -rubrik:olahraga; a name no article\n"
"has finds nothing); date:2025-10-14, date:2025-10, date:2025 and\n"
"ranges date:2025-10-01..2025-10-31 (either end may be left out; a date\n"
"filter only narrows the search: it cannot be negated or joined by OR).\n"
"At most 8 prefix* in a query; each finds the 100 words it matches that\n"
"most articles hold.\n"
"\n"
"Exit status: 0 articles found (or a batch ran); 1 none found; 2 usage\n"
"error, query error or no usable index.\n");
    exit (status);
}

/* Write n bytes of article text (title, source, url, passage) to the
 * terminal with its control characters (C0, DEL, C1) as spaces: scraped
 * text can hold escape sequences that would set the terminal's title or
 * clear its screen. */
static void
put_clean (const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
	unsigned char c = (unsigned char) s[i];
	if (c == 0xc2 && i + 1 < n && (unsigned char) s[i + 1] >= 0x80 &&
	    (unsigned char) s[i + 1] <= 0x9f) {
	    putchar (' ');
	    i++;
	} else {
	    putchar (c < 0x20 || c == 0x7f ? ' ' : c);
	}
    }
}

static void
put_str (const char *s)
{
    put_clean (s, strlen (s));
}

/* Write the HTML of s (title_html) as text: <mark> becomes on/off, the
 * entities the snippet escaper writes become their characters. */
static void
put_html (const char *s, const char *on, const char *off)
{
    static const struct { const char *from, *to; } map[] = {
	{ "<mark>", NULL }, { "</mark>", NULL }, { "&lt;", "<" },
	{ "&gt;", ">" }, { "&amp;", "&" }, { "&quot;", "\"" },
	{ "&#39;", "'" }
    };
    while (*s) {
	size_t i;
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
	    size_t n = strlen (map[i].from);
	    if (!strncmp (s, map[i].from, n)) {
		fputs (i == 0 ? on : i == 1 ? off : map[i].to, stdout);
		s += n;
		break;
	    }
	}
	if (i == sizeof map / sizeof map[0]) {
	    size_t n = 1;
	    /* A C1 control is two bytes: pass both to put_clean. */
	    if ((unsigned char) *s == 0xc2 && s[1])
		n = 2;
	    put_clean (s, n);
	    s += n;
	}
    }
}

/* One hit as text: rank and title, date | source | url, the snippet. */
static void
print_text_hit (int color, const cari_hit_t *hit)
{
    const char *on = color ? "\033[1;33m" : "**";
    const char *off = color ? "\033[0m" : "**";
    const char *bold = color ? "\033[1m" : "", *plain = color ? "\033[0m" : "";
    const char *date = hit->date, *source = hit->source;
    const char *url = hit->url, *text = hit->snippet_text;
    size_t at = 0;

    printf ("%s%2lld. ", bold, (long long) hit->rank);
    if (*hit->title)
	put_html (hit->title_html, color ? "\033[1;33m" : "**",
		  color ? "\033[0m\033[1m" : "**");
    else
	put_str (hit->id);
    printf ("%s\n    ", plain);
    /* Said, not left out: a reader can tell an undated article from a
     * line that lost its date. */
    put_str (*date ? date : "tanpa tanggal");
    fputs (*source ? " | " : "", stdout);
    put_str (source);
    if (hit->rubrik) {
	fputs (" | rubrik: ", stdout);
	put_str (hit->rubrik);
    }
    if (hit->author) {
	fputs (" | author: ", stdout);
	put_str (hit->author);
    }
    fputs (*url ? " | " : "", stdout);
    put_str (url);
    fputs ("\n    ", stdout);
    for (size_t i = 0; i < hit->n_highlights; i++) {
	size_t s = hit->highlights[i].start, e = hit->highlights[i].end;
	put_clean (text + at, s - at);
	fputs (on, stdout);
	put_clean (text + s, e - s);
	fputs (off, stdout);
	at = e;
    }
    put_str (text + at);
    fputs ("\n", stdout);
    if (hit->group && hit->copies)
	printf ("    %lu serupa dari media lain: cari-query --copies-of %s\n",
		hit->copies, hit->id);
    fputs ("\n", stdout);
}

/* A number option from lo to hi, or a usage error naming it. */
static unsigned long
number (const char *name, const char *arg, unsigned long lo, unsigned long hi)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul (arg, &end, 10);
    if (errno || *end || !*arg || *arg == '-' || v < lo || v > hi) {
	fprintf (stderr, "%s: %s wants a number from %lu to %lu, not '%s'\n",
		 prog, name, lo, hi, arg);
	usage (EXIT_ERROR);
    }
    return v;
}

static int
cmp_double (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* The nearest-rank percentile p (0..100) of the n sorted values v. */
static double
percentile (const double *v, size_t n, double p)
{
    size_t k = (size_t) (p / 100.0 * (double) n + 0.999999);
    return n ? v[k ? k - 1 : 0] : 0;
}

static double
now_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec / 1e6;
}

/* --batch: run every query of file, time each (parse, search, snippets and
 * rendering the JSON a user would get) and print the summary line. */
static int
batch (cari_searcher_t *searcher, const cari_request_t *proto,
       const char *file, const char *run_path)
{
    FILE *in = strcmp (file, "-") ? fopen (file, "r") : stdin;
    FILE *run = NULL;
    char *line = NULL;
    size_t cap = 0, n = 0, alloc = 0, no_hits = 0;
    unsigned long lineno = 0;
    double *lat = NULL, sum = 0;
    ssize_t len;
    int ret = EXIT_ERROR;

    if (!in) {
	fprintf (stderr, "%s: cannot read the batch file %s: %s\n", prog,
		 file, strerror (errno));
	return EXIT_ERROR;
    }
    if (run_path && !(run = fopen (run_path, "w"))) {
	fprintf (stderr, "%s: cannot write the run file %s: %s\n", prog,
		 run_path, strerror (errno));
	goto done;
    }
    while ((len = getline (&line, &cap, in)) >= 0) {
	lineno++;
	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
	    line[--len] = '\0';
	if (!len)
	    continue;
	if (memchr (line, '\0', (size_t) len)) {
	    fprintf (stderr, "%s: %s:%lu: a NUL byte in the query; line "
		     "skipped (the batch file must be text)\n", prog, file,
		     lineno);
	    continue;
	}
	if (n == alloc) {
	    double *grown = realloc (lat, (alloc = alloc ? 2 * alloc : 1024)
					   * sizeof *lat);
	    if (!grown) {
		fprintf (stderr, "%s: out of memory\n", prog);
		goto done;
	    }
	    lat = grown;
	}
	cari_request_t req = *proto;
	char *error = NULL, *text = NULL;
	int status;
	req.query = line;
	double t0 = now_ms ();
	json_t *out = cari_searcher_search (searcher, &req, &status, &error);
	if (out)
	    text = cari_json_text (out, NULL);
	double t1 = now_ms ();
	lat[n++] = t1 - t0;
	sum += t1 - t0;
	free (text);
	if (!out && status == CARI_SEARCH_INDEX_ERROR) {
	    fprintf (stderr, "%s: %s:%lu: %s\n", prog, file, lineno,
		     error ? error : "out of memory");
	    free (error);
	    goto done;
	}
	if (!out)
	    fprintf (stderr, "%s: %s:%lu: %s\n", prog, file, lineno, error);
	free (error);
	json_t *hits = json_object_get (out, "hits"), *hit;
	size_t i;
	if (!json_array_size (hits))
	    no_hits++;
	json_array_foreach (hits, i, hit)
	    if (run)
		fprintf (run, "%lu\t%s\t%lld\n", lineno,
			 json_string_value (json_object_get (hit, "id")),
			 (long long) json_integer_value (
			     json_object_get (hit, "rank")));
	json_decref (out);
    }
    if (ferror (in)) {
	fprintf (stderr, "%s: cannot read the batch file %s: %s\n", prog,
		 file, strerror (errno));
	goto done;
    }
    if (run && fclose (run) != 0) {
	run = NULL;
	fprintf (stderr, "%s: cannot write the run file %s: %s\n", prog,
		 run_path, strerror (errno));
	goto done;
    }
    run = NULL;
    qsort (lat, n, sizeof *lat, cmp_double);
    printf ("queries %zu, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, "
	    "mean %.2f ms, no hits %zu\n", n, percentile (lat, n, 50),
	    percentile (lat, n, 95), percentile (lat, n, 99),
	    n ? sum / (double) n : 0.0, no_hits);
    ret = EXIT_HITS;
done:
    if (run)
	fclose (run);
    if (in != stdin)
	fclose (in);
    free (line);
    free (lat);
    return ret;
}

/* What the command line asks for. */
struct args {
    const char *dbpath, *color, *batch_file, *run_path;
    cari_request_t req;
    const char *synonyms;       /* --synonyms, or NULL */
    unsigned long page;
    int json, jsonl, offset_set, sources;
    const char *sort, *fresh, *now;   /* as given, or NULL */
};

/* --fresh HALF_LIFE (now 0) or --now DATE (now 1) into a; a bad one is a
 * usage error. */
static void
fresh_option (struct args *a, int now, const char *arg)
{
    if (now && cari_parse_now (arg, &a->req.now) < 0) {
	fprintf (stderr, "%s: --now wants a day as YYYY-MM-DD, from %.4s-%.2s-"
		 "%.2s, not '%s'\n", prog, CARI_DATE_FIRST,
		 CARI_DATE_FIRST + 4, CARI_DATE_FIRST + 6, arg);
	usage (EXIT_ERROR);
    }
    if (!now && cari_parse_half_life (arg, &a->req.fresh_half_life_days)) {
	fprintf (stderr, "%s: --fresh wants a half-life: %s; not '%s'\n",
		 prog, CARI_HALF_LIFE_FORMS, arg);
	usage (EXIT_ERROR);
    }
    *(now ? &a->now : &a->fresh) = arg;
}

/* Read the options into a (the operands start at optind). */
static void
parse_options (int argc, char **argv, struct args *a)
{
    enum { OPT_DB = 256, OPT_JSON, OPT_JSONL, OPT_COLOR, OPT_OFFSET,
	   OPT_PAGE, OPT_SOURCE, OPT_SINCE, OPT_UNTIL, OPT_SORT,
	   OPT_SNIPPET_CHARS, OPT_BATCH, OPT_RUN, OPT_TIME_LIMIT, OPT_SOURCES,
	   OPT_EXACT, OPT_RUBRIK, OPT_TAG, OPT_COLLAPSE, OPT_COPIES_OF,
	   OPT_RELATED, OPT_SYNONYMS, OPT_FACETS, OPT_FACET_LIMIT, OPT_FRESH,
	   OPT_NOW, OPT_SHARD_TIMEOUT, OPT_PARTIAL };
    static const struct option options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "limit", required_argument, NULL, 'n' },
	{ "offset", required_argument, NULL, OPT_OFFSET },
	{ "page", required_argument, NULL, OPT_PAGE },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "sources", no_argument, NULL, OPT_SOURCES },
	{ "rubrik", required_argument, NULL, OPT_RUBRIK },
	{ "tag", required_argument, NULL, OPT_TAG },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "snippet-chars", required_argument, NULL, OPT_SNIPPET_CHARS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "jsonl", no_argument, NULL, OPT_JSONL },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "batch", required_argument, NULL, OPT_BATCH },
	{ "run", required_argument, NULL, OPT_RUN },
	{ "time-limit", required_argument, NULL, OPT_TIME_LIMIT },
	{ "exact", no_argument, NULL, OPT_EXACT },
	{ "collapse", no_argument, NULL, OPT_COLLAPSE },
	{ "copies-of", required_argument, NULL, OPT_COPIES_OF },
	{ "related", required_argument, NULL, OPT_RELATED },
	{ "synonyms", required_argument, NULL, OPT_SYNONYMS },
	{ "facets", no_argument, NULL, OPT_FACETS },
	{ "facet-limit", required_argument, NULL, OPT_FACET_LIMIT },
	{ "fresh", required_argument, NULL, OPT_FRESH },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "shard-timeout", required_argument, NULL, OPT_SHARD_TIMEOUT },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
    };
    int opt;

    a->dbpath = cari_default_db ();
    a->color = "auto";
    a->req.limit = 10;
    while ((opt = getopt_long (argc, argv, "n:h", options, NULL)) != -1) {
	switch (opt) {
	case OPT_DB:
	    a->dbpath = optarg;
	    break;
	case 'n':
	    a->req.limit = (unsigned) number ("-n", optarg, 1, 10000);
	    break;
	case OPT_OFFSET:
	    a->req.offset = (unsigned) number ("--offset", optarg, 0, 1000000);
	    a->offset_set = 1;
	    break;
	case OPT_PAGE:
	    a->page = number ("--page", optarg, 1, 100000);
	    break;
	case OPT_SOURCE:
	    a->req.source = optarg;
	    break;
	case OPT_SOURCES:
	    a->sources = 1;
	    break;
	case OPT_RUBRIK:
	case OPT_TAG:
	    if (!optarg[strspn (optarg, " \t")]) {
		fprintf (stderr, "%s: %s wants a name, not '%s'\n", prog,
			 opt == OPT_RUBRIK ? "--rubrik" : "--tag", optarg);
		usage (EXIT_ERROR);
	    }
	    *(opt == OPT_RUBRIK ? &a->req.rubrik : &a->req.tag) = optarg;
	    break;
	case OPT_SINCE:
	    a->req.since = optarg;
	    break;
	case OPT_UNTIL:
	    a->req.until = optarg;
	    break;
	case OPT_SORT:
	    a->sort = optarg;
	    if (strcmp (optarg, "date") && strcmp (optarg, "relevance") &&
		strcmp (optarg, "fresh")) {
		fprintf (stderr, "%s: --sort wants relevance, date or fresh, "
			 "not '%s'\n", prog, optarg);
		usage (EXIT_ERROR);
	    }
	    a->req.sort_by_date = !strcmp (optarg, "date");
	    break;
	case OPT_FRESH:
	case OPT_NOW:
	    fresh_option (a, opt == OPT_NOW, optarg);
	    break;
	case OPT_SNIPPET_CHARS:
	    a->req.snippet_chars = number ("--snippet-chars", optarg, 20, 10000);
	    break;
	case OPT_EXACT:
	    a->req.exact = 1;
	    break;
	case OPT_COLLAPSE:
	    a->req.collapse = 1;
	    break;
	case OPT_COPIES_OF:
	    if (!*optarg) {
		fprintf (stderr, "%s: --copies-of wants the id of an article "
			 "(the \"id\" of a hit in --json), not ''\n", prog);
		usage (EXIT_ERROR);
	    }
	    a->req.copies_of = optarg;
	    break;
	case OPT_RELATED:
	    if (!*optarg || strlen (optarg) > 200) {
		fprintf (stderr, "%s: --related wants the id of an article "
			 "(a hit's \"id\", at most 200 bytes), not %s\n",
			 prog, *optarg ? "one that long" : "''");
		usage (EXIT_ERROR);
	    }
	    a->req.related_id = optarg;
	    break;
	case OPT_FACETS:
	    a->req.facets = 1;
	    break;
	case OPT_FACET_LIMIT:
	    a->req.facet_limit = (unsigned) number ("--facet-limit", optarg, 1,
						    CARI_FACET_LIMIT_MAX);
	    break;
	case OPT_JSON:
	    a->json = 1;
	    break;
	case OPT_JSONL:
	    a->jsonl = 1;
	    break;
	case OPT_COLOR:
	    a->color = optarg;
	    if (strcmp (a->color, "auto") && strcmp (a->color, "always") &&
		strcmp (a->color, "never")) {
		fprintf (stderr, "%s: --color wants auto, always or never, "
			 "not '%s'\n", prog, a->color);
		usage (EXIT_ERROR);
	    }
	    break;
	case OPT_BATCH:
	    a->batch_file = optarg;
	    break;
	case OPT_RUN:
	    a->run_path = optarg;
	    break;
	case OPT_SYNONYMS:
	    a->synonyms = optarg;
	    break;
	case OPT_TIME_LIMIT:
	    a->req.time_limit_ms = (unsigned) number ("--time-limit", optarg, 0,
						      3600000);
	    break;
	case OPT_SHARD_TIMEOUT:
	    cari_set_shard_timeout ((unsigned) number ("--shard-timeout",
						       optarg, 1, 3600000));
	    break;
	case OPT_PARTIAL:
	    cari_set_partial_shards (1);
	    break;
	case 'V':
	    cari_cli_version (prog);
	case 'h':
	    usage (EXIT_HITS);
	    break;
	default:
	    usage (EXIT_ERROR);
	}
    }
}

/* Refuse options that do not go together; --page becomes the offset. */
static void
check_options (struct args *a, int argc)
{
    if (a->json && a->jsonl) {
	fprintf (stderr, "%s: give --json or --jsonl, not both\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->fresh && a->sort && strcmp (a->sort, "fresh")) {
	fprintf (stderr, "%s: --fresh ranks fresh; give it without --sort "
		 "%s\n", prog, a->sort);
	usage (EXIT_ERROR);
    }
    if (a->sort && !strcmp (a->sort, "fresh") && !a->fresh)
	cari_parse_half_life (CARI_HALF_LIFE_DEFAULT,
			      &a->req.fresh_half_life_days);
    if (a->now && !a->req.fresh_half_life_days) {
	fprintf (stderr, "%s: --now only counts the ages of a fresh ranking; "
		 "give --fresh HALF_LIFE or --sort fresh with it\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->req.collapse && a->req.fresh_half_life_days) {
	fprintf (stderr, "%s: a fresh ranking does not collapse wire copies "
		 "(yet); give --collapse or --fresh, not both\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->page && a->offset_set) {
	fprintf (stderr, "%s: give --page or --offset, not both\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->page) {
	if ((a->page - 1) * a->req.limit > 1000000) {
	    fprintf (stderr, "%s: --page %lu is too far; ask for at most "
		     "1000000 articles in all\n", prog, a->page);
	    usage (EXIT_ERROR);
	}
	a->req.offset = (unsigned) ((a->page - 1) * a->req.limit);
    }
    if (a->req.facets && a->jsonl) {
	fprintf (stderr, "%s: --facets goes with the text or --json output, "
		 "not --jsonl (one hit a line)\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->req.facet_limit && !a->req.facets) {
	fprintf (stderr, "%s: --facet-limit goes with --facets\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->run_path && !a->batch_file) {
	fprintf (stderr, "%s: --run goes with --batch FILE\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->sources && (optind < argc || a->batch_file)) {
	fprintf (stderr, "%s: --sources lists the outlets; give no query or "
		 "--batch with it\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->batch_file && optind < argc) {
	fprintf (stderr, "%s: --batch reads its queries from %s; give no "
		 "query words with it\n", prog, a->batch_file);
	usage (EXIT_ERROR);
    }
    if (a->req.copies_of && (optind < argc || a->batch_file || a->sources)) {
	fprintf (stderr, "%s: --copies-of lists the copies of one article; "
		 "give no query, --batch or --sources with it\n", prog);
	usage (EXIT_ERROR);
    }
    if (a->req.related_id && (optind < argc || a->batch_file || a->sources)) {
	fprintf (stderr, "%s: --related finds the articles related to %s; "
		 "give no query, --batch or --sources with it\n", prog,
		 a->req.related_id);
	usage (EXIT_ERROR);
    }
    if (!a->batch_file && !a->sources && !a->req.copies_of &&
	!a->req.related_id && optind == argc) {
	fprintf (stderr, "%s: no query; give words to search for, for "
		 "example: cari-query banjir\n", prog);
	usage (EXIT_ERROR);
    }
}

/* Why r is partial, a line to out (prefixed "PROG: " when prog is not
 * ""): remote shards left out (--partial), or the time limit. */
static void
print_partial (FILE *out, const char *prog, const cari_results_t *r,
	       const struct args *a)
{
    fprintf (out, "%s%spartial results: ", prog, *prog ? ": " : "");
    if (r->n_missing_shards) {
	fprintf (out, "%zu remote shard%s did not answer and %s not "
		 "searched (--partial):", r->n_missing_shards,
		 r->n_missing_shards == 1 ? "" : "s",
		 r->n_missing_shards == 1 ? "was" : "were");
	for (size_t i = 0; i < r->n_missing_shards; i++)
	    fprintf (out, " %s", r->missing_shards[i]);
	fputc ('\n', out);
    } else {
	fprintf (out, "the search stopped at its time limit (--time-limit "
		 "%u)\n", a->req.time_limit_ms);
    }
}

/* The counts of r, for query: "25 articles hold every word of 'harga
 * cabai', about 2,600 hold some", or "49 results for 'cabai'" when the
 * two are the same; "about" where a count is Xapian's estimate. */
static void
print_counts (const cari_results_t *r, const char *query)
{
    char all[32], some[32];

    cari_cli_count (r->total_all, ',', all);
    cari_cli_count (r->total, ',', some);
    if (r->total_all == r->total)
	printf ("%s%s result%s for '%s'", r->total_exact ? "" : "about ",
		some, r->total == 1 ? "" : "s", query);
    else
	printf ("%s%s article%s hold%s every word of '%s', %s%s hold some",
		r->total_all_exact ? "" : "about ", all,
		r->total_all == 1 ? "" : "s", r->total_all == 1 ? "s" : "",
		query, r->total_exact ? "" : "about ", some);
}

/* The facets of r as text, after the hits: "source: tempo.co 12,
 * antaranews 5" a facet, those with values only. */
static void
print_facets (const cari_results_t *r)
{
    if (!r->facets)
	return;
    printf ("\nfacets (%s):\n", r->facets_exact
	    ? "every article counted" : "not every article counted");
    for (size_t i = 0; i < r->n_facets; i++) {
	const cari_facet_t *f = &r->facets[i];
	if (!f->n_values)
	    continue;
	printf ("  %s:", f->name);
	for (size_t k = 0; k < f->n_values; k++) {
	    printf ("%s ", k ? "," : "");
	    put_str (f->values[k].value);
	    printf (" %lu", f->values[k].count);
	}
	putchar ('\n');
    }
}

/* Print the results r of the query as text, JSON or JSON Lines.  Returns
 * the exit status, or -1 when out of memory. */
static int
print_answer (const struct args *a, const cari_results_t *r,
	      const char *query, int color_on)
{
    size_t n = r->n_hits;
    const char *suggestion = r->suggestion, *typed = query;

    /* The hits (and their count) are of the correction, if any. */
    if (r->corrected_query)
	query = r->corrected_query;

    if (a->json) {
	json_t *out = cari_results_json (r);
	int bad = !out || json_dumpf (out, stdout, JSON_INDENT (2)) < 0;
	json_decref (out);
	if (bad)
	    return -1;
	putchar ('\n');
    } else if (a->jsonl) {
	for (size_t i = 0; i < n; i++) {
	    size_t len;
	    json_t *hit = cari_hit_json (&r->hits[i]);
	    char *text = hit ? cari_json_text (hit, &len) : NULL;
	    json_decref (hit);
	    if (!text)
		return -1;
	    text[len] = '\n';
	    fwrite (text, 1, len + 1, stdout);
	    free (text);
	}
    } else if (a->req.copies_of) {
	printf ("%llu article%s in the group of '%s'\n\n", r->total,
		r->total == 1 ? "" : "s", a->req.copies_of);
	for (size_t i = 0; i < n; i++)
	    print_text_hit (color_on, &r->hits[i]);
    } else {
	if (r->related_to) {
	    /* The title and id as the article has them: control
	     * characters as spaces (put_clean). */
	    printf ("%s%lu article%s related to '",
		    r->total_exact ? "" : "about ", (unsigned long) r->total,
		    r->total == 1 ? "" : "s");
	    put_str (r->related_title ? r->related_title : "");
	    fputs ("' (", stdout);
	    put_str (r->related_to);
	    putchar (')');
	} else
	    print_counts (r, query);
	if (n)
	    printf ("%s %u to %zu", r->total_all == r->total ? "," : ";",
		    a->req.offset + 1, a->req.offset + n);
	printf ("\n");
	if (r->some_words_only)
	    printf ("no article holds every word; showing those with some\n");
	if (r->undated)
	    printf ("%lu article%s of the index %s no date and so %s in no "
		    "date range\n", r->undated, r->undated == 1 ? "" : "s",
		    r->undated == 1 ? "has" : "have",
		    r->undated == 1 ? "is" : "are");
	if (r->partial)
	    print_partial (stdout, "", r, a);
	if (r->corrected_query)
	    printf ("showing results for '%s'; search instead for '%s' with "
		    "--exact\n", r->corrected_query, typed);
	if (suggestion)
	    printf ("did you mean: %s\n", suggestion);
	if (r->expanded_query)
	    printf ("searched as: %s\n", r->expanded_query);
	printf ("\n");
	for (size_t i = 0; i < n; i++)
	    print_text_hit (color_on, &r->hits[i]);
	print_facets (r);
    }
    if (r->partial && a->jsonl)
	print_partial (stderr, prog, r, a);
    if (r->corrected_query && a->jsonl)
	fprintf (stderr, "%s: showing results for '%s'; search instead for "
		 "'%s' with --exact\n", prog, r->corrected_query, typed);
    if (!n && suggestion && (a->json || a->jsonl))
	fprintf (stderr, "%s: no articles; did you mean: %s\n", prog,
		 suggestion);
    return n ? EXIT_HITS : EXIT_NO_HITS;
}

/* --sources: the outlets, most articles first: NAME<TAB>ARTICLES lines,
 * or {"sources": [{"name", "articles"}...]}. */
static int
list_sources (cari_searcher_t *s, int json)
{
    cari_source_t *list;
    size_t n;

    if (cari_searcher_sources (s, &list, &n) < 0) {
	fprintf (stderr, "%s: cannot read the outlets of the index\n", prog);
	return EXIT_ERROR;
    }
    if (json)
	fputs ("{\"sources\": [", stdout);
    for (size_t i = 0; i < n; i++) {
	if (json) {
	    json_t *o = json_pack ("{s:s, s:I}", "name", list[i].name,
				   "articles", (json_int_t) list[i].articles);
	    char *text = o ? json_dumps (o, JSON_COMPACT) : NULL;
	    printf ("%s%s", i ? ", " : "", text ? text : "{}");
	    free (text);
	    json_decref (o);
	} else {
	    fputs (list[i].name, stdout);
	    printf ("\t%lu\n", list[i].articles);
	}
    }
    if (json)
	fputs ("]}\n", stdout);
    cari_sources_free (list, n);
    return n ? EXIT_HITS : EXIT_NO_HITS;
}

int
main (int argc, char **argv)
{
    struct args a = { 0 };
    int color_on, ret = EXIT_ERROR;

    parse_options (argc, argv, &a);
    check_options (&a, argc);
    const char *no_color = getenv ("NO_COLOR");
    color_on = !strcmp (a.color, "always") ||
	       (!strcmp (a.color, "auto") && isatty (STDOUT_FILENO) &&
		!(no_color && *no_color));

    /* The query is the arguments joined by spaces. */
    char *query = NULL;
    size_t qlen = 0;
    FILE *q = open_memstream (&query, &qlen);
    for (int i = optind; q && i < argc; i++)
	fprintf (q, "%s%s", i > optind ? " " : "", argv[i]);
    if (!q || fclose (q) != 0) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return EXIT_ERROR;
    }

    char *error = NULL;
    cari_searcher_t *searcher = NULL;
    cari_results_t *res = NULL;
    cari_synonyms_t *syn = NULL;
    if (cari_cli_synonyms (prog, a.synonyms, &syn) < 0)
	goto done;
    if (cari_searcher_open (a.dbpath, &searcher, &error)) {
	fprintf (stderr, "%s: %s\n", prog, error ? error : "out of memory");
	goto done;
    }
    cari_searcher_set_synonyms (searcher, syn);
    if (cari_searcher_warning (searcher))
	fprintf (stderr, "%s: warning: %s\n", prog,
		 cari_searcher_warning (searcher));
    if (a.batch_file) {
	ret = batch (searcher, &a.req, a.batch_file, a.run_path);
	goto flush;
    }
    if (a.sources) {
	ret = list_sources (searcher, a.json || a.jsonl);
	goto flush;
    }
    a.req.query = query;
    if (cari_searcher_run (searcher, &a.req, &res, &error)) {
	fprintf (stderr, "%s: %s\n", prog, error ? error : "out of memory");
	goto done;
    }
    ret = print_answer (&a, res, query, color_on);
    if (ret < 0) {
	ret = EXIT_ERROR;
	goto done;
    }
flush:
    if (fflush (stdout) != 0) {
	perror (prog);
	ret = EXIT_ERROR;
    }

done:
    free (error);
    cari_results_destroy (res);
    cari_searcher_destroy (searcher);
    cari_synonyms_destroy (syn);
    free (query);
    return ret;
}
