/* main.c - cari-query: search a cari index from the terminal
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "indexer/schema.h"
#include "query/snippet.h"
#include "stemmer/stopwords.h"

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

#define SNIPPET_CHARS 200

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

/* Options and the state every hit is printed with. */
struct ctx {
    int json, color;
    cari_analyzer_t *an;
    cari_highlighter_t *hl;
};

static const char *
jstr (json_t *o, const char *key)
{
    const char *s = json_string_value (json_object_get (o, key));
    return s ? s : "";
}

/* A highlighted rendering of text: the snippet of a body, or the whole of
 * a title (max_chars 0). */
static int
make_snippet (struct ctx *c, const char *text, size_t max_chars,
	      cari_snippet_t *s)
{
    return cari_snippet_make (c->an, c->hl, text, strlen (text), max_chars,
			      s);
}

static int
print_text_hit (struct ctx *c, unsigned rank, json_t *data)
{
    const char *on = c->color ? "\033[1;33m" : "**";
    const char *off = c->color ? "\033[0m" : "**";
    cari_snippet_t title, body;
    char *t = NULL, *b = NULL;
    int ret = -1;

    if (make_snippet (c, jstr (data, "title"), 0, &title) < 0)
	return -1;
    if (make_snippet (c, jstr (data, "content"), SNIPPET_CHARS, &body) < 0) {
	cari_snippet_clear (&title);
	return -1;
    }
    t = cari_snippet_render (&title, on, off, 0);
    b = cari_snippet_render (&body, on, off, 0);
    if (t && b) {
	const char *date = jstr (data, "date"), *source = jstr (data, "source");
	printf ("%s%2u. %s%s\n", c->color ? "\033[1m" : "", rank,
		*t ? t : jstr (data, "id"), c->color ? "\033[0m" : "");
	printf ("    %s%s%s%s%s\n", date, *date && *source ? " | " : "", source,
		(*date || *source) && *jstr (data, "url") ? " | " : "",
		jstr (data, "url"));
	printf ("    %s\n\n", b);
	ret = 0;
    }
    free (t);
    free (b);
    cari_snippet_clear (&title);
    cari_snippet_clear (&body);
    return ret;
}

static json_t *
json_hit (struct ctx *c, unsigned rank, double score, json_t *data)
{
    cari_snippet_t body;
    json_t *hit, *marks;
    char *html;

    if (make_snippet (c, jstr (data, "content"), SNIPPET_CHARS, &body) < 0)
	return NULL;
    html = cari_snippet_render (&body, "<mark>", "</mark>", 1);
    marks = json_array ();
    for (size_t i = 0; marks && i < body.n_marks; i++)
	json_array_append_new (marks, json_pack ("[I, I]",
						 (json_int_t) body.marks[i].start,
						 (json_int_t) body.marks[i].end));
    hit = html && marks
	? json_pack ("{s:I, s:s, s:s, s:s, s:s, s:s, s:f, s:s%, s:s, s:O}",
		     "rank", (json_int_t) rank, "id", jstr (data, "id"),
		     "title", jstr (data, "title"), "url", jstr (data, "url"),
		     "date", jstr (data, "date"), "source",
		     jstr (data, "source"), "score", score, "snippet_text",
		     body.text, body.len, "snippet_html", html,
		     "highlights", marks)
	: NULL;
    json_decref (marks);
    free (html);
    cari_snippet_clear (&body);
    return hit;
}

/* Open the index to read, with a message saying what to do on failure. */
static cx_db_t *
open_index (const char *dbpath)
{
    cx_db_t *db = NULL;
    char *error = NULL, *why = NULL;
    cx_status_t st = cx_db_open (dbpath, CX_DB_READ, &db, &error);

    if (st == CX_STATUS_DATABASE_NOT_FOUND)
	fprintf (stderr, "%s: no index at %s; build one with: cari-index "
		 "%s%s FILE...\n", prog, dbpath,
		 strcmp (dbpath, cari_default_db ()) ? "--db " : "",
		 strcmp (dbpath, cari_default_db ()) ? dbpath : "");
    else if (st)
	fprintf (stderr, "%s: cannot open the index %s: %s%s%s\n", prog,
		 dbpath, cx_status_to_string (st), error ? ": " : "",
		 error ? error : "");
    free (error);
    if (st)
	return NULL;
    if (cari_schema_check (db, 0, &why) < 0) {
	fprintf (stderr, "%s: cannot use the index %s: %s\n", prog, dbpath,
		 why ? why : "out of memory");
	free (why);
	cx_db_destroy (db);
	return NULL;
    }
    return db;
}

/* Run the search, reopening the index if a commit changed it under us. */
static cx_status_t
run (cx_db_t *db, cx_search_t *search, unsigned limit, cx_hits_t **hits)
{
    cx_status_t st = CX_STATUS_SUCCESS;
    for (int attempt = 0; attempt < 3; attempt++) {
	st = cx_search_run (search, 0, limit, hits);
	if (st != CX_STATUS_DATABASE_MODIFIED)
	    break;
	cx_db_reopen (db);
    }
    return st;
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
    struct ctx c = { 0, 0, NULL, NULL };
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
	    c.json = 1;
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
    c.color = !strcmp (color, "always") ||
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
    char *normal = cari_normalize_query (query, qlen, &qlen);
    if (!normal) {
	fprintf (stderr, "%s: the query is not valid UTF-8; retype it or "
		 "check the terminal's encoding\n", prog);
	free (query);
	return EXIT_ERROR;
    }
    free (query);
    query = normal;

    cx_db_t *db = open_index (dbpath);
    cx_search_t *search = NULL;
    cx_hits_t *hits = NULL;
    json_t *out = NULL;
    cx_status_t st;
    if (!db)
	goto done;
    c.an = cari_analyzer_create ();
    if (c.an) {
	char *warning = cari_lexicon_check (db, c.an, 0);
	if (warning)
	    fprintf (stderr, "%s: warning: %s\n", prog, warning);
	free (warning);
    }
    if (!c.an || cx_search_create (db, cari_analyzer_stem, c.an, &search) ||
	cx_search_add_prefix (search, "title", CARI_PREFIX_TITLE, 0) ||
	cx_search_add_prefix (search, "source", CARI_PREFIX_SOURCE, 1) ||
	cx_search_set_phrase_boost (search, CARI_PREFIX_TITLE,
				    CARI_TITLE_PHRASE_BOOST) ||
	cx_search_set_stopwords (search, cari_stopwords,
				 cari_stopwords_count)) {
	fprintf (stderr, "%s: cannot set up the search: %s\n", prog,
		 cx_db_status_string (db));
	goto done;
    }

    st = cx_search_parse (search, query, qlen);
    if (st) {
	fprintf (stderr, "%s: cannot understand the query '%s': %s%s%s; "
		 "AND, OR, NOT and NEAR need words on both sides (write them in lower case to search for them as words)\n", prog,
		 query, cx_status_to_string (st),
		 *cx_db_status_string (db) ? ": " : "",
		 cx_db_status_string (db));
	goto done;
    }
    if (cx_search_is_empty (search)) {
	fprintf (stderr, "%s: the query '%s' has no words to search for; "
		 "use letters or digits, for example: cari-query banjir\n",
		 prog, query);
	goto done;
    }
    const char *const *terms;
    size_t nterms;
    cx_search_terms (search, &terms, &nterms);
    c.hl = cari_highlighter_create (terms, nterms);

    st = run (db, search, (unsigned) limit, &hits);
    if (st || !c.hl) {
	fprintf (stderr, "%s: the search failed: %s%s%s\n", prog,
		 cx_status_to_string (st ? st : CX_STATUS_OUT_OF_MEMORY),
		 *cx_db_status_string (db) ? ": " : "",
		 cx_db_status_string (db));
	goto done;
    }

    size_t n = cx_hits_count (hits);
    json_t *jhits = NULL;
    if (c.json) {
	jhits = json_array ();
	out = json_pack ("{s:s, s:I, s:o}", "query", query, "total",
			 (json_int_t) cx_hits_estimate (hits), "hits", jhits);
    } else {
	printf ("about %lu result%s for '%s'\n\n", cx_hits_estimate (hits),
		cx_hits_estimate (hits) == 1 ? "" : "s", query);
    }
    for (size_t i = 0; i < n; i++) {
	const cx_hit_t *hit = cx_hits_get (hits, i);
	json_t *data = json_loadb (hit->data, hit->data_len, 0, NULL);
	int failed;
	if (!data) {
	    fprintf (stderr, "%s: document %u in the index is damaged; "
		     "re-index its article\n", prog, hit->docid);
	    continue;
	}
	if (c.json)
	    failed = json_array_append_new (
		jhits, json_hit (&c, hit->rank + 1, hit->weight, data));
	else
	    failed = print_text_hit (&c, hit->rank + 1, data);
	json_decref (data);
	if (failed) {
	    fprintf (stderr, "%s: out of memory\n", prog);
	    goto done;
	}
    }
    if (c.json) {
	if (!out || json_dumpf (out, stdout, JSON_INDENT (2)) < 0)
	    goto done;
	putchar ('\n');
    }
    ret = n ? EXIT_HITS : EXIT_NO_HITS;
    if (fflush (stdout) != 0) {
	perror (prog);
	ret = EXIT_ERROR;
    }

done:
    json_decref (out);
    cx_hits_destroy (hits);
    cari_highlighter_destroy (c.hl);
    cx_search_destroy (search);
    cari_analyzer_destroy (c.an);
    cx_db_destroy (db);
    free (query);
    return ret;
}
