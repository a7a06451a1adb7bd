/* t-fresh.c - the fresh ranking (lib/fresh.c, xapian-c/fresh.cc): its
 * hits are the best by log2 (BM25 weight) + (day - now) / half-life over
 * every match, as a brute force over the whole relevance ranking finds
 * them, for many random queries, half-lives, clocks and pages, on an
 * index of random articles written here (a generation and a delta,
 * undated articles among them); the parsers of half-lives and days
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-fresh-XXXXXX";
static const char *top_builddir;

static const char *const vocab[] = {
    "banjir", "gempa", "harga", "cabai", "pasar", "sawah", "petani",
    "hujan", "pantai", "nelayan", "sekolah", "guru", "kereta", "stasiun",
    "bandara", "pesawat", "tiket", "pupuk", "beras", "gula", "kopi",
    "listrik", "sungai", "gunung", "hutan", "kebakaran", "polisi", "jaksa",
    "hakim", "sidang", "pemilu", "partai", "menteri", "rakyat", "nasi",
    "jagung"
};
#define NVOCAB (sizeof vocab / sizeof vocab[0])

/* Words drawn with a skew, so that some are common and some rare. */
static const char *
word (void)
{
    unsigned r = (unsigned) rand () % (NVOCAB * NVOCAB);
    return vocab[(unsigned) sqrt ((double) r)];
}

/* n random articles from number first into path: a title of 2-4 words, a
 * body of 5-40, a day from 2018 to 2025, or none for one in eight. */
static void
write_articles (const char *path, int first, int n)
{
    FILE *f = fopen (path, "w");
    for (int i = first; f && i < first + n; i++) {
	fprintf (f, "{\"id\": \"a%04d\", \"title\": \"", i);
	for (int w = 0, nw = 2 + rand () % 3; w < nw; w++)
	    fprintf (f, "%s%s", w ? " " : "", word ());
	fputs ("\", \"content\": \"", f);
	for (int w = 0, nw = 5 + rand () % 36; w < nw; w++)
	    fprintf (f, "%s%s", w ? " " : "", word ());
	fputs (".\"", f);
	if (rand () % 8)
	    fprintf (f, ", \"date\": \"%d-%02d-%02d\"", 2018 + rand () % 8,
		     1 + rand () % 12, 1 + rand () % 28);
	fputs ("}\n", f);
    }
    if (f)
	fclose (f);
}

static int
cari_index (const char *file)
{
    char cmd[4096];
    snprintf (cmd, sizeof cmd, "'%s/cari-index' -q --db '%s/db' '%s/%s'",
	      top_builddir, dir, dir, file);
    return system (cmd);
}

/* 00:00 UTC of the day YYYY-MM-DD, by the C library (not lib/fresh.c's
 * arithmetic); an undated article's is 1900-01-01's. */
static double
day_seconds (const char *date)
{
    struct tm tm;
    memset (&tm, 0, sizeof tm);
    if (!*date)
	date = "1900-01-01";
    sscanf (date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (double) timegm (&tm);
}

/* One article of the brute force: its id, tier and key. */
struct cand {
    const char *id;
    int tier;                   /* 0: every word, 1: some */
    double key;
    const char *date;
};

static int
cand_cmp (const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->tier != y->tier)
	return x->tier - y->tier;
    if (x->key != y->key)
	return x->key > y->key ? -1 : 1;
    return strcmp (y->date, x->date);   /* newer first, as the ties go */
}

static int checked, mismatched, ordered_ok, counts_ok, scores_ok, runs;
static int phrase_runs;
static const unsigned req_all_limit = 10000;

/* Compare the fresh hits of q at (offset, limit) with the brute force over
 * its whole relevance ranking. */
static void
compare (cari_searcher_t *s, const char *q, double half_life, time_t now,
	 unsigned offset, unsigned limit)
{
    cari_request_t req;
    cari_results_t *all = NULL, *fr = NULL;
    char *error = NULL;

    memset (&req, 0, sizeof req);
    req.query = q;
    req.limit = req_all_limit;
    req.no_snippets = req.no_suggestion = req.exact = 1;
    if (cari_searcher_run (s, &req, &all, &error)) {
	free (error);
	return;                 /* a query of no words: nothing to rank */
    }
    req.offset = offset;
    req.limit = limit;
    req.fresh_half_life_days = half_life;
    req.now = now;
    if (cari_searcher_run (s, &req, &fr, &error)) {
	printf ("# %s: %s\n", q, error);
	mismatched++;
	free (error);
	cari_results_destroy (all);
	return;
    }
    runs++;
    phrase_runs += strchr (q, '"') != NULL;
    /* The counts are those of relevance. */
    if (fr->total == all->total && fr->total_all == all->total_all &&
	fr->total_exact == all->total_exact &&
	fr->total_all_exact == all->total_all_exact &&
	fr->total_listed == all->total_listed && !strcmp (fr->ranking, "fresh"))
	counts_ok++;
    else
	printf ("# counts of '%s' differ: %llu/%llu vs %llu/%llu\n", q,
		fr->total, fr->total_all, all->total, all->total_all);
    /* The relevance run lists every match when it ends before its limit
     * (with a phrase, total is an estimate then: the articles with some
     * words are counted on their terms, not their text; total_all, the
     * tiers' boundary, is a count). */
    if (all->partial || all->n_hits >= req_all_limit ||
	!all->total_all_exact) {
	printf ("# '%s': the relevance run is not whole (%zu hits, total_all "
		"exact %d)\n", q, all->n_hits, all->total_all_exact);
	goto done;
    }
    struct cand *c = calloc (all->n_hits + 1, sizeof *c);
    for (size_t i = 0; i < all->n_hits; i++) {
	const cari_hit_t *h = &all->hits[i];
	c[i].id = h->id;
	c[i].date = h->date;
	c[i].tier = !all->some_words_only && i >= all->total_all;
	c[i].key = log2 (h->score) +
		   (day_seconds (h->date) - (double) now) / 86400 / half_life;
    }
    qsort (c, all->n_hits, sizeof *c, cand_cmp);
    size_t want = offset < all->n_hits ? all->n_hits - offset : 0;
    if (want > limit)
	want = limit;
    int same = fr->n_hits == want, scored = same;
    for (size_t i = 0; same && i < want; i++) {
	const struct cand *b = &c[offset + i];
	const cari_hit_t *h = &fr->hits[i];
	checked++;
	if (fabs (h->fresh_score - b->key) > 1e-9 ||
	    h->rank != offset + i + 1) {
	    scored = 0;
	    printf ("# '%s' h=%g rank %zu: %s %.12f, want %s %.12f\n", q,
		    half_life, offset + i + 1, h->id, h->fresh_score, b->id,
		    b->key);
	}
	/* The same article, or one of the same key and day (a tie). */
	if (strcmp (h->id, b->id) &&
	    (fabs (h->fresh_score - b->key) > 1e-9 || strcmp (h->date, b->date)))
	    same = 0;
    }
    if (same)
	ordered_ok++;
    else {
	mismatched++;
	printf ("# '%s' h=%g offset %u limit %u: %zu hits, want %zu\n", q,
		half_life, offset, limit, fr->n_hits, want);
    }
    scores_ok += scored;
    free (c);
done:
    cari_results_destroy (all);
    cari_results_destroy (fr);
}

/* A random query: words, some OR, some -word, some a phrase in quotes
 * (checked on the text, in the spy for the documents that would enter its
 * heap: the brute force's relevance run checks every match). */
static void
random_query (char *q, size_t size)
{
    int n = 1 + rand () % 3, form = rand () % 6;
    const char *a = word (), *b = word (), *c = word ();
    if (form == 5 && n == 1)
	snprintf (q, size, "\"%s %s\"", a, b);
    else if (form == 5)
	snprintf (q, size, "\"%s %s\" %s", a, b, c);
    else if (n == 1)
	snprintf (q, size, "%s", a);
    else if (form == 0)
	snprintf (q, size, "%s OR %s", a, b);
    else if (form == 1)
	snprintf (q, size, "%s -%s", a, b);
    else if (n == 2)
	snprintf (q, size, "%s %s", a, b);
    else
	snprintf (q, size, "%s %s %s", a, b, c);
}

static void
test_parsers (void)
{
    double d;
    time_t t;
    struct { const char *s; double days; } good[] = {
	{ "30", 30 }, { "30d", 30 }, { "2w", 14 }, { "12h", 0.5 },
	{ "1.5d", 1.5 }, { "1h", 1.0 / 24 }, { "36525d", 36525 },
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
	ok (cari_parse_half_life (good[i].s, &d) == 0 &&
	    fabs (d - good[i].days) < 1e-12, "half-life '%s' is %g days (%g)",
	    good[i].s, good[i].days, d);
    const char *bad[] = { "", "d", "30x", "-3", "3 d", "1..2", "30dd",
			  ".", "12345678901234567" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
	ok (cari_parse_half_life (bad[i], &d) == -1 && d == 0,
	    "half-life '%s' is refused", bad[i]);
    const char *far[] = { "0", "0d", "0.5h", "36526", "5300w" };
    for (size_t i = 0; i < sizeof far / sizeof *far; i++)
	ok (cari_parse_half_life (far[i], &d) == -2,
	    "half-life '%s' is out of range", far[i]);
    ok (cari_parse_now ("2025-10-01", &t) == 0 && t == 1759276800,
	"now 2025-10-01 is 00:00 UTC (%lld)", (long long) t);
    ok (cari_parse_now ("2024-02-29", &t) == 0 &&
	t == (time_t) day_seconds ("2024-02-29"), "now on a leap day");
    const char *bad_now[] = { "2025-13-01", "2025-02-30", "2025-10",
			      "2025-10-01T10:00", "yesterday", "1899-12-31" };
    for (size_t i = 0; i < sizeof bad_now / sizeof *bad_now; i++)
	ok (cari_parse_now (bad_now[i], &t) == -1, "now '%s' is refused",
	    bad_now[i]);
}

static void
test_request_errors (cari_searcher_t *s)
{
    cari_request_t req;
    cari_results_t *r = NULL;
    char *error = NULL;

    memset (&req, 0, sizeof req);
    req.query = "banjir";
    req.limit = 10;
    double bad[] = { -1, 1e-3, 1e9, NAN };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
	req.fresh_half_life_days = bad[i];
	int st = cari_searcher_run (s, &req, &r, &error);
	ok (st == CARI_SEARCH_USER_ERROR && !r && error &&
	    strstr (error, "half-life") && strstr (error, "12h"),
	    "half-life %g days: a user error saying what it takes (%s)", bad[i],
	    error);
	free (error);
	error = NULL;
    }
    req.fresh_half_life_days = 30;
    req.sort_by_date = 1;
    int st = cari_searcher_run (s, &req, &r, &error);
    ok (st == CARI_SEARCH_USER_ERROR && error && strstr (error, "one of them"),
	"fresh and newest first together: refused (%s)", error);
    free (error);
    error = NULL;
    /* Filters only: no weight to mix, newest first, and said so. */
    req.sort_by_date = 0;
    req.query = "date:2019";
    st = cari_searcher_run (s, &req, &r, &error);
    ok (st == 0 && r && !strcmp (r->ranking, "date") && r->n_hits &&
	isnan (r->hits[0].fresh_score),
	"a query of filters only is ranked by date, without fresh scores");
    cari_results_destroy (r);
}

int
main (void)
{
    char path[4096], *error = NULL;
    cari_searcher_t *s = NULL;
    glob_t g;

    top_builddir = getenv ("top_builddir") ? getenv ("top_builddir") : ".";
    if (!mkdtemp (dir)) {
	printf ("Bail out! mkdtemp\n");
	return 1;
    }
    srand (21);
    test_parsers ();

    /* A generation of 400 articles, then 40 more: fewer than an eighth,
     * so they stay in its delta. */
    snprintf (path, sizeof path, "%s/first.jsonl", dir);
    write_articles (path, 0, 400);
    snprintf (path, sizeof path, "%s/more.jsonl", dir);
    write_articles (path, 400, 40);
    ok (cari_index ("first.jsonl") == 0 && cari_index ("more.jsonl") == 0,
	"index 400 articles, then 40 more");
    snprintf (path, sizeof path, "%s/db/gen-*.delta", dir);
    ok (glob (path, 0, NULL, &g) == 0 && g.gl_pathc == 1,
	"the 40 are in a delta beside the generation");
    globfree (&g);
    snprintf (path, sizeof path, "%s/db", dir);
    if (cari_searcher_open (path, &s, &error)) {
	printf ("Bail out! %s\n", error);
	return 1;
    }
    test_request_errors (s);

    /* Random queries, half-lives from an hour to a century, clocks from
     * before the articles to years after, pages. */
    static const unsigned offsets[] = { 0, 0, 0, 1, 3, 9, 20 };
    static const unsigned limits[] = { 1, 3, 10, 10, 25 };
    int queries = 300;
    for (int i = 0; i < queries; i++) {
	char q[128];
	random_query (q, sizeof q);
	double h = pow (10, -1.3 + 5.8 * rand () / (double) RAND_MAX);
	if (h > CARI_HALF_LIFE_MAX_DAYS)
	    h = CARI_HALF_LIFE_MAX_DAYS;
	time_t now = (time_t) day_seconds ("2017-06-01") +
		     (time_t) (rand () % (365 * 12)) * 86400 + rand () % 86400;
	compare (s, q, h, now, offsets[rand () % 7], limits[rand () % 5]);
    }
    ok (runs >= queries * 9 / 10, "%d of %d random queries ran fresh", runs,
	queries);
    ok (mismatched == 0 && ordered_ok == runs,
	"every page of fresh hits is the brute force's (%d hits checked, %d "
	"runs differ)", checked, mismatched);
    ok (scores_ok == runs, "fresh_score and rank as the brute force's "
	"(%d of %d runs)", scores_ok, runs);
    ok (counts_ok == runs, "the counts are relevance's (%d of %d runs)",
	counts_ok, runs);
    ok (phrase_runs >= 20, "%d of the runs had a phrase in quotes",
	phrase_runs);

    /* Pages of one query join into its top 30. */
    cari_request_t req;
    cari_results_t *top = NULL, *page = NULL;
    memset (&req, 0, sizeof req);
    req.query = "harga OR banjir";
    req.limit = 30;
    req.no_snippets = req.no_suggestion = 1;
    req.fresh_half_life_days = 90;
    req.now = (time_t) day_seconds ("2026-01-01");
    int joined = cari_searcher_run (s, &req, &top, &error) == 0 &&
		 top->n_hits == 30;
    for (unsigned p = 0; joined && p < 3; p++) {
	req.offset = p * 10;
	req.limit = 10;
	joined = cari_searcher_run (s, &req, &page, &error) == 0 &&
		 page->n_hits == 10;
	for (unsigned i = 0; joined && i < 10; i++)
	    joined = !strcmp (page->hits[i].id, top->hits[p * 10 + i].id);
	cari_results_destroy (page);
	page = NULL;
    }
    ok (joined, "three pages of 10 are the top 30");
    cari_results_destroy (top);

    /* An undated article: ranked as of 1900-01-01, so with a half-life of
     * a century it still competes, and its score says so. */
    int undated_seen = 0, undated_right = 1;
    for (int i = 0; i < 40; i++) {
	cari_results_t *r = NULL;
	memset (&req, 0, sizeof req);
	req.query = vocab[i % NVOCAB];
	req.limit = 50;
	req.no_snippets = req.no_suggestion = 1;
	req.fresh_half_life_days = CARI_HALF_LIFE_MAX_DAYS;
	req.now = (time_t) day_seconds ("2026-01-01");
	if (cari_searcher_run (s, &req, &r, &error)) {
	    free (error);
	    continue;
	}
	for (size_t k = 0; k < r->n_hits; k++)
	    if (!*r->hits[k].date) {
		undated_seen++;
		double want = log2 (r->hits[k].score) +
		    (day_seconds ("1900-01-01") - (double) req.now) / 86400 /
		    CARI_HALF_LIFE_MAX_DAYS;
		undated_right &= fabs (r->hits[k].fresh_score - want) < 1e-9;
	    }
	cari_results_destroy (r);
    }
    ok (undated_seen > 0 && undated_right,
	"undated articles rank as of 1900-01-01 (%d seen)", undated_seen);

    /* The JSON says the ranking used. */
    cari_results_t *r = NULL;
    memset (&req, 0, sizeof req);
    req.query = "banjir";
    req.limit = 2;
    req.fresh_half_life_days = 30;
    req.now = (time_t) day_seconds ("2025-10-01");
    json_t *j = cari_searcher_run (s, &req, &r, &error) ? NULL
		: cari_results_json (r);
    json_t *h0 = j ? json_array_get (json_object_get (j, "hits"), 0) : NULL;
    ok (j && !strcmp (json_string_value (json_object_get (j, "ranking")),
		      "fresh") &&
	json_real_value (json_object_get (j, "half_life_days")) == 30 &&
	!strcmp (json_string_value (json_object_get (j, "now")),
		 "2025-10-01T00:00:00Z") &&
	json_is_real (json_object_get (h0, "fresh_score")),
	"JSON: ranking fresh, half_life_days, now, each hit's fresh_score");
    json_decref (j);
    cari_results_destroy (r);
    req.fresh_half_life_days = 0;
    j = cari_searcher_run (s, &req, &r, &error) ? NULL : cari_results_json (r);
    h0 = j ? json_array_get (json_object_get (j, "hits"), 0) : NULL;
    ok (j && !strcmp (json_string_value (json_object_get (j, "ranking")),
		      "relevance") &&
	!json_object_get (j, "now") && !json_object_get (h0, "fresh_score"),
	"JSON by relevance: ranking relevance, no fresh fields");
    json_decref (j);
    cari_results_destroy (r);

    cari_searcher_destroy (s);
    snprintf (path, sizeof path, "rm -rf '%s'", dir);
    if (system (path) != 0)
	printf ("# could not remove %s\n", dir);
    return tap_done ();
}
