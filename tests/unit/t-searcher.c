/* t-searcher.c - the search library that cari-query and cari-serve share:
 * open, search, JSON schema, errors, and refresh after the index changes
 * (a commit, a compaction that swaps in a new generation)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/json.h"
#include "include/cari.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-searcher-XXXXXX";
static const char *top_builddir, *top_srcdir;

/* Run cari-index with args (a shell fragment); returns its exit status. */
static int
cari_index (const char *args)
{
    char cmd[4096];
    snprintf (cmd, sizeof cmd, "'%s/cari-index' -q --db '%s/db' %s",
	      top_builddir, dir, args);
    return system (cmd);
}

/* Total and first id of a search, "total first" into buf. */
static const char *
search (cari_searcher_t *s, const char *q, int *status)
{
    static char buf[256];
    char *error = NULL;
    cari_request_t req = { .query = q, .limit = 10 };
    json_t *out = cari_searcher_search (s, &req, status, &error);
    if (!out) {
	snprintf (buf, sizeof buf, "error %d: %s", *status,
		  error ? error : "?");
	free (error);
	return buf;
    }
    json_t *hits = json_object_get (out, "hits");
    snprintf (buf, sizeof buf, "%lld %s",
	      (long long) json_integer_value (json_object_get (out, "total")),
	      json_array_size (hits)
	      ? json_string_value (json_object_get (json_array_get (hits, 0),
						    "id"))
	      : "-");
    json_decref (out);
    return buf;
}

int
main (void)
{
    char *error = NULL, path[4096];
    int status;

    top_builddir = getenv ("top_builddir") ? getenv ("top_builddir") : ".";
    top_srcdir = getenv ("top_srcdir") ? getenv ("top_srcdir") : ".";
    if (!mkdtemp (dir)) {
	printf ("Bail out! mkdtemp\n");
	return 1;
    }

    snprintf (path, sizeof path, "%s/db", dir);
    cari_searcher_t *s = (cari_searcher_t *) 1;
    cari_status_t st = cari_searcher_open (path, &s, &error);
    ok (st == CARI_STATUS_INDEX_NOT_FOUND && !s && error &&
	strstr (error, "no index at") && strstr (error, "cari-index --db"),
	"no index: NULL and a message saying how to build one (%s)", error);
    free (error);

    snprintf (path, sizeof path, "'%s/corpus/sample/sample.jsonl'",
	      top_srcdir);
    ok (cari_index (path) == 0, "index the sample");
    snprintf (path, sizeof path, "%s/db", dir);
    st = cari_searcher_open (path, &s, &error);
    ok (st == CARI_STATUS_SUCCESS && s && !error, "open the index");
    ok (!cari_searcher_warning (s), "no warning for an index of this lexicon");

    is_str (search (s, "gempa cianjur", &status), "1 sample-012",
	    "a search: total and best hit");
    ok (status == 0, "status 0");
    search (s, "?!", &status);
    ok (status == CARI_SEARCH_USER_ERROR, "punctuation only: a user error");
    search (s, "(gempa AND", &status);
    ok (status == CARI_SEARCH_USER_ERROR, "bad syntax: a user error");

    /* Schema of a hit. */
    cari_request_t req = { .query = "tingkat", .limit = 1 };
    json_t *out = cari_searcher_search (s, &req, &status, &error);
    json_t *hit = json_array_get (json_object_get (out, "hits"), 0);
    const char *keys[] = { "rank", "id", "title", "url", "date", "source",
			   "score", "snippet_text", "snippet_html",
			   "title_html", "highlights" };
    int all = hit != NULL;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
	all &= json_object_get (hit, keys[i]) != NULL;
    ok (all && json_object_get (out, "query") && json_object_get (out, "total"),
	"every field of the documented schema");
    json_decref (out);

    /* The counts: every word, some; the same newest first and for any
     * limit. */
    const char *counts[] = { "total", "total_all", "total_exact",
			     "total_all_exact", "total_listed" };
    char seen[4][128];
    cari_request_t creq = { .query = "pelabuhan kapal", .limit = 10,
			    .no_snippets = 1, .no_suggestion = 1 };
    for (int k = 0; k < 4; k++) {
	creq.limit = k % 2 ? 1 : 10;
	creq.sort_by_date = k / 2;
	out = cari_searcher_search (s, &creq, &status, &error);
	snprintf (seen[k], sizeof seen[k], "-");
	for (size_t i = 0; out && i < 4; i++) {
	    json_t *v = json_object_get (out, counts[i]);
	    size_t at = i ? strlen (seen[k]) : 0;
	    snprintf (seen[k] + at, sizeof seen[k] - at, "%s%lld", i ? " " : "",
		      json_is_boolean (v) ? (long long) json_is_true (v)
					  : (long long) json_integer_value (v));
	}
	if (k == 2)
	    ok (out && json_integer_value (json_object_get (out, counts[4])) ==
		json_integer_value (json_object_get (out, counts[1])),
		"newest first, total_listed is total_all");
	json_decref (out);
    }
    ok (strcmp (seen[0], "-") &&
	!strcmp (seen[0], seen[1]) && !strcmp (seen[0], seen[2]) &&
	!strcmp (seen[0], seen[3]),
	"counts (%s) the same for -n 1 and newest first (%s, %s, %s)",
	seen[0], seen[1], seen[2], seen[3]);
    req.no_snippets = 1;
    out = cari_searcher_search (s, &req, &status, &error);
    hit = json_array_get (json_object_get (out, "hits"), 0);
    ok (hit && !strcmp (json_string_value (json_object_get (hit, "snippet_text")), "") &&
	strstr (json_string_value (json_object_get (hit, "title_html")), "<mark>"),
	"no_snippets: empty snippet, title still marked");
    json_decref (out);

    /* The JSON text of an answer is jansson's compact text, byte for byte:
     * for whole answers with snippets, and for every kind of value. */
    req.no_snippets = 0;
    req.limit = 10;
    const char *queries[] = { "tingkat", "banjir jakarta", "\"kopi robusta\"" };
    int same = 1;
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
	req.query = queries[i];
	out = cari_searcher_search (s, &req, &status, &error);
	char *ours = cari_json_text (out, NULL), *theirs = json_dumps (out, JSON_COMPACT);
	same &= ours && theirs && !strcmp (ours, theirs);
	free (ours);
	free (theirs);
	json_decref (out);
    }
    ok (same, "cari_json_text of answers = json_dumps (JSON_COMPACT)");
    json_t *odd = json_pack ("{s:s, s:[f,f,f,f,f,i,I,b,b,n], s:{}, s:[]}",
			     "t\"e\\x\n\t\x01\x1f/\u00e9", "esc\x02", "r",
			     0.1, 1.0, 1e20, -2.5e-7, 123456789.125, -3,
			     (json_int_t) 9007199254740993LL, 1, 0, "o", "a");
    char *ours = cari_json_text (odd, NULL), *theirs = json_dumps (odd, JSON_COMPACT);
    ok (ours && theirs && !strcmp (ours, theirs),
	"escapes, reals, integers, booleans, null, empty object and array: %s",
	ours ? ours : "NULL");
    if (ours && theirs && strcmp (ours, theirs))
	printf ("# jansson: %s\n", theirs);
    free (ours);
    free (theirs);
    json_decref (odd);

    /* A new article, committed by another process: seen after refresh. */
    snprintf (path, sizeof path, "%s/new.jsonl", dir);
    FILE *f = fopen (path, "w");
    fputs ("{\"id\": \"new-1\", \"title\": \"Komodo Zebrakuda\", "
	   "\"content\": \"Seekor zebrakuda terlihat di Pulau Komodo.\"}\n", f);
    fclose (f);
    is_str (search (s, "zebrakuda", &status), "0 -", "not there yet");
    snprintf (path, sizeof path, "'%s/new.jsonl'", dir);
    ok (cari_index (path) == 0, "another process adds an article");
    ok (cari_searcher_refresh (s) == 0, "refresh after a commit");
    is_str (search (s, "zebrakuda", &status), "1 new-1",
	    "the new article is found after refresh");

    /* A compaction swaps in a new generation: refresh follows it. */
    ok (cari_index ("--compact > /dev/null") == 0, "compact the index");
    ok (cari_searcher_refresh (s) == 0, "refresh after a compaction");
    is_str (search (s, "zebrakuda", &status), "1 new-1",
	    "the article is found in the new generation");
    ok (cari_index ("--delete new-1") == 0, "delete it");
    ok (cari_searcher_refresh (s) == 0, "refresh after the deletion");
    is_str (search (s, "zebrakuda", &status), "0 -", "gone after refresh");

    cari_searcher_destroy (s);
    cari_searcher_destroy (NULL);
    snprintf (path, sizeof path, "rm -rf '%s'", dir);
    if (system (path) != 0)
	printf ("# could not remove %s\n", dir);
    return tap_done ();
}
