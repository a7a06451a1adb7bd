/* main.c - cari-query: search a cari index from the terminal
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "indexer/schema.h"
#include "query/search.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
    fprintf (status ? stderr : stdout,
"Usage: cari-query [--db DIR] [-n N] [--json] [--color=WHEN] QUERY...\n"
"Search the index for QUERY and print the best articles, each with its\n"
"rank, title, date, source, url and a passage with the matched words marked.\n"
"\n"
"  --db DIR        the index (default: $CARI_DB, else ./cari.db)\n"
"  -n, --limit N   show at most N articles (default 10)\n"
"  --json          print one JSON document: query, total, hits[] with\n"
"                  rank, id, title, url, date, source, score, snippet_text,\n"
"                  snippet_html (<mark> around matches) and highlights\n"
"                  (byte ranges of the matches in snippet_text)\n"
"  --color=WHEN    auto (default: on a terminal, unless NO_COLOR is set),\n"
"                  always or never; without colour matches show as **word**\n"
"  -h, --help      show this help\n"
"\n"
"Query language: words (any affixed form finds the others: tingkat finds\n"
"meningkatkan; stopwords such as yang, di, apa are left out unless quoted),\n"
"\"exact phrase\", AND, OR, NOT, -word, +word, NEAR, prefix*,\n"
"title:word, source:name (lower case, e.g. source:detik).\n"
"\n"
"Exit status: 0 articles found; 1 none found; 2 usage error, query error\n"
"or no usable index.\n");
    exit (status);
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
	if (i == sizeof map / sizeof map[0])
	    putchar (*s++);
    }
}

static const char *
jstr (json_t *o, const char *key)
{
    const char *s = json_string_value (json_object_get (o, key));
    return s ? s : "";
}

/* One hit as text: rank and title, date | source | url, the snippet. */
static void
print_text_hit (int color, json_t *hit)
{
    const char *on = color ? "\033[1;33m" : "**";
    const char *off = color ? "\033[0m" : "**";
    const char *bold = color ? "\033[1m" : "", *plain = color ? "\033[0m" : "";
    const char *date = jstr (hit, "date"), *source = jstr (hit, "source");
    const char *url = jstr (hit, "url"), *text = jstr (hit, "snippet_text");
    json_t *marks = json_object_get (hit, "highlights");
    size_t at = 0, i;
    json_t *m;

    printf ("%s%2lld. ", bold,
	    (long long) json_integer_value (json_object_get (hit, "rank")));
    if (*jstr (hit, "title"))
	put_html (jstr (hit, "title_html"), color ? "\033[1;33m" : "**",
		  color ? "\033[0m\033[1m" : "**");
    else
	fputs (jstr (hit, "id"), stdout);
    printf ("%s\n", plain);
    printf ("    %s%s%s%s%s\n", date, *date && *source ? " | " : "", source,
	    (*date || *source) && *url ? " | " : "", url);
    fputs ("    ", stdout);
    json_array_foreach (marks, i, m) {
	size_t s = (size_t) json_integer_value (json_array_get (m, 0));
	size_t e = (size_t) json_integer_value (json_array_get (m, 1));
	printf ("%.*s%s%.*s%s", (int) (s - at), text + at, on,
		(int) (e - s), text + s, off);
	at = e;
    }
    printf ("%s\n\n", text + at);
}

int
main (int argc, char **argv)
{
    static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "limit", required_argument, NULL, 'n' },
	{ "json", no_argument, NULL, 'j' },
	{ "color", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
    };
    const char *dbpath = cari_default_db (), *color = "auto";
    int json = 0, color_on;
    unsigned long limit = 10;
    int opt, ret = EXIT_ERROR;
    char *end;

    while ((opt = getopt_long (argc, argv, "n:h", options, NULL)) != -1) {
	switch (opt) {
	case 'd':
	    dbpath = optarg;
	    break;
	case 'n':
	    limit = strtoul (optarg, &end, 10);
	    if (*end || !*optarg || limit == 0 || limit > 10000) {
		fprintf (stderr, "%s: -n wants a number from 1 to 10000, "
			 "not '%s'\n", prog, optarg);
		usage (EXIT_ERROR);
	    }
	    break;
	case 'j':
	    json = 1;
	    break;
	case 'c':
	    color = optarg;
	    if (strcmp (color, "auto") && strcmp (color, "always") &&
		strcmp (color, "never")) {
		fprintf (stderr, "%s: --color wants auto, always or never, "
			 "not '%s'\n", prog, color);
		usage (EXIT_ERROR);
	    }
	    break;
	case 'h':
	    usage (EXIT_HITS);
	    break;
	default:
	    usage (EXIT_ERROR);
	}
    }
    if (optind == argc) {
	fprintf (stderr, "%s: no query; give words to search for, for "
		 "example: cari-query banjir\n", prog);
	usage (EXIT_ERROR);
    }
    const char *no_color = getenv ("NO_COLOR");
    color_on = !strcmp (color, "always") ||
	      (!strcmp (color, "auto") && isatty (STDOUT_FILENO) &&
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
    int status;
    cari_searcher_t *searcher = cari_searcher_open (dbpath, &error);
    json_t *out = NULL;
    if (!searcher) {
	fprintf (stderr, "%s: %s\n", prog, error ? error : "out of memory");
	goto done;
    }
    if (cari_searcher_warning (searcher))
	fprintf (stderr, "%s: warning: %s\n", prog,
		 cari_searcher_warning (searcher));
    cari_request_t req = { query, 0, (unsigned) limit, 0, NULL, NULL, NULL,
			   0, 0 };
    out = cari_searcher_search (searcher, &req, &status, &error);
    if (!out) {
	fprintf (stderr, "%s: %s\n", prog, error ? error : "out of memory");
	goto done;
    }
    json_t *jhits = json_object_get (out, "hits");
    size_t n = json_array_size (jhits);
    if (json) {
	if (json_dumpf (out, stdout, JSON_INDENT (2)) < 0)
	    goto done;
	putchar ('\n');
    } else {
	json_int_t total = json_integer_value (json_object_get (out, "total"));
	printf ("about %lld result%s for '%s'\n\n", (long long) total,
		total == 1 ? "" : "s", query);
	for (size_t i = 0; i < n; i++)
	    print_text_hit (color_on, json_array_get (jhits, i));
    }
    ret = n ? EXIT_HITS : EXIT_NO_HITS;
    if (fflush (stdout) != 0) {
	perror (prog);
	ret = EXIT_ERROR;
    }

done:
    free (error);
    json_decref (out);
    cari_searcher_destroy (searcher);
    free (query);
    return ret;
}
