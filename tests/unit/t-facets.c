/* t-facets.c - the facets of a search (lib/facets.c, xapian-c/facets.cc):
 * counts against brute force over an index of a generation and a delta,
 * with filters, both orders, rubrik and tags indexed as cari-index does
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "corpus/cms.h"
#include "lib/schema.h"
#include "xapian-c/xapian-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/tap.h"

#define N_BASE 60
#define N_ALL 66                /* the last 6 go to the delta */

static char dir[] = "/tmp/cari-t-facets-XXXXXX";
static const char *top_builddir;

/* Article i, as the generator below writes it. */
struct art {
    char id[16], title[64], content[256], date[16], date8[9];
    const char *source, *rubrik;
    char tags[64];
    size_t tags_len;
    int banjir, gempa, pasar;
};

static void
make (int i, struct art *a)
{
    static const char *const sources[] = { "Tempo.co", "tempo.co", "Kompas",
					     "Antara News" };
    static const char *const rubriks[] = { "Nasional", "Ekonomi", "Daerah" };

    memset (a, 0, sizeof *a);
    snprintf (a->id, sizeof a->id, "f-%03d", i);
    snprintf (a->title, sizeof a->title, "Catatan warga nomor %d", i);
    a->banjir = i % 2 == 0;
    a->gempa = i % 3 == 0;
    a->pasar = i % 5 == 0;
    snprintf (a->content, sizeof a->content,
	      "Warga kota melaporkan kejadian pagi tadi.%s%s%s",
	      a->banjir ? " Hari ini banjir melanda kawasan itu." : "",
	      a->gempa ? " Semalam gempa terasa kuat." : "",
	      a->pasar ? " Kemarin pasar tetap buka." : "");
    a->source = sources[i % 4];
    if (i % 7 != 6) {
	unsigned u = (unsigned) i;
	snprintf (a->date8, sizeof a->date8, "%04u%02u%02u", 2023 + u % 3,
		  1 + u % 12, 1 + u % 28);
	snprintf (a->date, sizeof a->date, "%.4s-%.2s-%.2s", a->date8,
		  a->date8 + 4, a->date8 + 6);
    }
    a->rubrik = i % 5 == 4 ? NULL : rubriks[(i / 2) % 3];
    /* Each tag ended by a NUL; Banjir twice in some, counted once. */
    size_t n = 0;
    if (i % 2 == 0)
	n += (size_t) sprintf (a->tags + n, "Cuaca") + 1;
    if (i % 3 != 0)
	n += (size_t) sprintf (a->tags + n, "Jakarta") + 1;
    if (i % 6 == 0) {
	n += (size_t) sprintf (a->tags + n, "Banjir") + 1;
	n += (size_t) sprintf (a->tags + n, "Banjir") + 1;
    }
    a->tags_len = n;
}

static int
has_tag (const struct art *a, const char *tag)
{
    for (size_t at = 0; at < a->tags_len; at += strlen (a->tags + at) + 1)
	if (!strcmp (a->tags + at, tag))
	    return 1;
    return 0;
}

/* Write articles [from, to) as JSON Lines to path. */
static void
write_jsonl (const char *path, int from, int to)
{
    FILE *f = fopen (path, "w");
    for (int i = from; f && i < to; i++) {
	struct art a;
	make (i, &a);
	fprintf (f, "{\"id\": \"%s\", \"url\": \"https://x.example/%s\", "
		 "\"title\": \"%s\", \"source\": \"%s\", ", a.id, a.id,
		 a.title, a.source);
	if (*a.date)
	    fprintf (f, "\"date\": \"%s\", ", a.date);
	fprintf (f, "\"content\": \"%s\"}\n", a.content);
    }
    if (f)
	fclose (f);
}

/* Give the articles [from, to) of the database at path their rubrik and
 * tags, as the CMS fields will: each document built again with them. */
static int
add_cms_fields (const char *path, int from, int to)
{
    cx_db_t *db = NULL;
    cx_doc_t *doc = NULL;
    cari_analyzer_t *an = cari_analyzer_create ();
    char *err = NULL;
    int failed = cx_db_open (path, CX_DB_WRITE, &db, &err) ||
		 cx_doc_create (&doc) || !an;

    for (int i = from; !failed && i < to; i++) {
	struct art a;
	char q[32];
	make (i, &a);
	cari_article_t art = { .id = a.id, .url = "https://x.example/",
			       .title = a.title, .source = a.source,
			       .date = a.date, .content = a.content,
			       .content_len = strlen (a.content) };
	memcpy (art.date8, a.date8, sizeof art.date8);
	snprintf (q, sizeof q, CARI_PREFIX_ID "%s", a.id);
	/* The fields as cari-index indexes them (lib/cms.c: terms, slots,
	 * data), the tags as they are (Banjir twice). */
	cari_cms_t c;
	memset (&c, 0, sizeof c);
	c.rubrik = (char *) a.rubrik;
	for (size_t at = 0; at < a.tags_len; at += strlen (a.tags + at) + 1)
	    c.tags[c.n_tags++] = a.tags + at;
	art.cms = &c;
	failed = cari_document_build (an, &art, doc, "0000000000000000") ||
		 cx_db_replace (db, q, doc, NULL);
    }
    failed = failed || cx_db_commit (db);
    if (err)
	free (err);
    cx_doc_destroy (doc);
    cx_db_destroy (db);
    cari_analyzer_destroy (an);
    return failed ? -1 : 0;
}

/* Which articles a query matches, by brute force. */
typedef int match_func (const struct art *a);

/* The facet name of the expected counts of the articles match accepts,
 * the limit values most have (ties by value) as "v=c v=c", into out. */
static void
expect (match_func *match, const char *filter_src, const char *name,
	size_t limit, char *out, size_t size)
{
    char vals[N_ALL][64];
    unsigned long counts[N_ALL];
    size_t n = 0;

    for (int i = 0; i < N_ALL; i++) {
	struct art a;
	make (i, &a);
	if (!match (&a))
	    continue;
	char v[4][64];
	size_t nv = 0;
	if (!strcmp (name, "source")) {
	    for (size_t k = 0; a.source[k] && k < 63; k++)
		v[0][k] = (char) (a.source[k] >= 'A' && a.source[k] <= 'Z'
				  ? a.source[k] + 32 : a.source[k]),
		v[0][k + 1] = '\0';
	    nv = 1;
	} else if (!strcmp (name, "year") && *a.date8) {
	    snprintf (v[nv++], 64, "%.4s", a.date8);
	} else if (!strcmp (name, "month") && *a.date8) {
	    snprintf (v[nv++], 64, "%.4s-%.2s", a.date8, a.date8 + 4);
	} else if (!strcmp (name, "rubrik") && a.rubrik) {
	    snprintf (v[nv++], 64, "%s", a.rubrik);
	} else if (!strcmp (name, "tag")) {
	    for (size_t at = 0; at < a.tags_len;
		 at += strlen (a.tags + at) + 1)
		if (!nv || strcmp (v[nv - 1], a.tags + at))
		    snprintf (v[nv++], 64, "%s", a.tags + at);
	}
	for (size_t k = 0; k < nv; k++) {
	    size_t j = 0;
	    while (j < n && strcmp (vals[j], v[k]))
		j++;
	    if (j == n) {
		snprintf (vals[n], 64, "%s", v[k]);
		counts[n++] = 0;
	    }
	    counts[j]++;
	}
    }
    (void) filter_src;
    /* Most first, ties by value: a selection sort is enough here. */
    size_t o = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n && k < limit; k++) {
	size_t best = k;
	for (size_t j = k + 1; j < n; j++)
	    if (counts[j] > counts[best] ||
		(counts[j] == counts[best] && strcmp (vals[j], vals[best]) < 0))
		best = j;
	char tv[64];
	unsigned long tc = counts[k];
	memcpy (tv, vals[k], 64);
	memcpy (vals[k], vals[best], 64);
	counts[k] = counts[best];
	memcpy (vals[best], tv, 64);
	counts[best] = tc;
	o += (size_t) snprintf (out + o, size - o, "%s%s=%lu", k ? " " : "",
				vals[k], counts[k]);
    }
}

/* The facet name of r as "v=c v=c" into out; "(none)" when r has no such
 * facet. */
static void
got (const cari_results_t *r, const char *name, char *out, size_t size)
{
    snprintf (out, size, "(none)");
    for (size_t i = 0; r && i < r->n_facets; i++) {
	if (strcmp (r->facets[i].name, name))
	    continue;
	size_t o = 0;
	out[0] = '\0';
	for (size_t k = 0; k < r->facets[i].n_values; k++)
	    o += (size_t) snprintf (out + o, size - o, "%s%s=%lu",
				    k ? " " : "", r->facets[i].values[k].value,
				    r->facets[i].values[k].count);
    }
}

static int m_banjir (const struct art *a) { return a->banjir; }
static int m_both (const struct art *a) { return a->banjir && a->gempa; }
static int m_not_gempa (const struct art *a) { return a->banjir && !a->gempa; }
static int
m_tempo (const struct art *a)
{
    return a->banjir && !strcasecmp (a->source, "tempo.co");
}
static int
m_2024 (const struct art *a)
{
    return a->banjir && !strncmp (a->date8, "2024", 4);
}
static int
m_ekonomi (const struct art *a)
{
    return a->banjir && a->rubrik && !strcmp (a->rubrik, "Ekonomi");
}
static int m_jakarta (const struct art *a) { return a->banjir && has_tag (a, "Jakarta"); }
static int m_pasar (const struct art *a) { return a->pasar; }

static const char *const names[] = { "source", "year", "month", "rubrik",
				     "tag" };

/* Run req on s and check each facet against match. */
static void
check (cari_searcher_t *s, cari_request_t req, match_func *match,
       const char *what)
{
    cari_results_t *r = NULL;
    char *error = NULL, want[1024], have[1024];
    size_t limit = req.facet_limit ? req.facet_limit : CARI_FACET_LIMIT;

    req.facets = 1;
    if (!ok (cari_searcher_run (s, &req, &r, &error) == 0, "%s: runs",
	     what))
	printf ("# %s\n", error ? error : "?");
    free (error);
    ok (r && r->facets_exact && r->n_facets == 5, "%s: five facets, exact",
	what);
    for (size_t i = 0; i < 5; i++) {
	expect (match, NULL, names[i], limit, want, sizeof want);
	got (r, names[i], have, sizeof have);
	is_str (have, want, "%s: %s as brute force counts it", what,
		names[i]);
	if (i == 0 || i == 4)
	    printf ("#   %s\n", have);
    }
    cari_results_destroy (r);
}

/* total_all of req with facets off (a filter a facet link adds). */
static unsigned long long
total_all (cari_searcher_t *s, cari_request_t req)
{
    cari_results_t *r = NULL;
    char *error = NULL;
    unsigned long long n = ~0ULL;
    if (cari_searcher_run (s, &req, &r, &error) == 0)
	n = r->total_all;
    free (error);
    cari_results_destroy (r);
    return n;
}

int
main (void)
{
    char path[4096], cmd[8192], line[512];
    char *error = NULL;
    cari_searcher_t *s = NULL;

    top_builddir = getenv ("top_builddir") ? getenv ("top_builddir") : ".";
    if (!mkdtemp (dir)) {
	printf ("1..0 # SKIP cannot make a temporary directory\n");
	return 0;
    }
    snprintf (path, sizeof path, "%s/base.jsonl", dir);
    write_jsonl (path, 0, N_BASE);
    snprintf (cmd, sizeof cmd, "'%s/cari-index' -q --db '%s/db' '%s'",
	      top_builddir, dir, path);
    ok (system (cmd) == 0, "the generation is built");
    snprintf (path, sizeof path, "%s/delta.jsonl", dir);
    write_jsonl (path, N_BASE, N_ALL);
    snprintf (cmd, sizeof cmd, "'%s/cari-index' -q --db '%s/db' '%s'",
	      top_builddir, dir, path);
    ok (system (cmd) == 0, "an incremental run adds to it");

    /* The stub names the generation and its delta. */
    char parts[2][600] = { "", "" };
    int nparts = 0;
    snprintf (path, sizeof path, "%s/db/XAPIANDB", dir);
    FILE *stub = fopen (path, "r");
    while (stub && nparts < 2 && fgets (line, sizeof line, stub)) {
	line[strcspn (line, "\n")] = '\0';
	if (!strncmp (line, "glass ", 6))
	    snprintf (parts[nparts++], sizeof parts[0], "%s/db/%s", dir,
		      line + 6);
    }
    if (stub)
	fclose (stub);
    ok (nparts == 2 && strstr (parts[1], ".delta"),
	"the index is a generation and a delta");
    ok (add_cms_fields (parts[0], 0, N_BASE) == 0 &&
	add_cms_fields (parts[1], N_BASE, N_ALL) == 0,
	"rubrik and tags indexed as cari-index does, in both parts");

    snprintf (path, sizeof path, "%s/db", dir);
    if (!ok (cari_searcher_open (path, &s, &error) == 0, "the searcher opens"))
	printf ("# %s\n", error ? error : "?");
    free (error);
    error = NULL;
    if (!s) {
	printf ("1..%d\n", tap_count);
	return 1;
    }

    cari_request_t req = { .query = "banjir", .limit = 10,
			   .no_suggestion = 1 };
    check (s, req, m_banjir, "one word");
    req.facet_limit = 2;
    check (s, req, m_banjir, "one word, two values a facet");
    req.facet_limit = 0;
    req.sort_by_date = 1;
    req.offset = 3;
    req.limit = 1;
    check (s, req, m_banjir, "one word, newest first, from the fourth");

    cari_request_t both = { .query = "banjir gempa", .limit = 10,
			    .no_suggestion = 1 };
    check (s, both, m_both, "two words: the articles with both");
    both.sort_by_date = 1;
    check (s, both, m_both, "two words, newest first");
    both.sort_by_date = 0;
    both.query = "banjir kxqzvbnw";
    check (s, both, m_banjir, "no article with both: those with some");
    both.query = "banjir -gempa";
    check (s, both, m_not_gempa, "a word and a NOT");
    both.query = "\"banjir melanda\"";
    check (s, both, m_banjir, "a phrase, checked on the text");
    both.query = "pasar";
    both.limit = 1;
    check (s, both, m_pasar, "a word of the delta too, one hit asked for");

    cari_request_t f = req;
    f.sort_by_date = 0;
    f.offset = 0;
    f.limit = 10;
    f.source = "tempo";
    check (s, f, m_tempo, "with --source");
    f.source = NULL;
    f.since = "2024";
    f.until = "2024";
    check (s, f, m_2024, "with --since and --until");
    f.since = f.until = NULL;
    f.rubrik = "Ekonomi";
    check (s, f, m_ekonomi, "with a rubrik");
    f.rubrik = NULL;
    f.tag = "Jakarta";
    check (s, f, m_jakarta, "with a tag");
    f.tag = NULL;

    /* Each value of a facet, as its link filters: as many articles. */
    cari_results_t *r = NULL;
    req = (cari_request_t) { .query = "banjir", .limit = 10, .facets = 1,
			     .no_suggestion = 1 };
    ok (cari_searcher_run (s, &req, &r, &error) == 0 && r->n_facets == 5,
	"the facets to follow");
    free (error);
    error = NULL;
    for (size_t i = 0; r && i < r->n_facets; i++)
	for (size_t k = 0; k < r->facets[i].n_values; k++) {
	    const cari_facet_t *fc = &r->facets[i];
	    cari_request_t by = { .query = "banjir", .limit = 10,
				  .no_suggestion = 1 };
	    char since[8];
	    if (!strcmp (fc->name, "source"))
		by.source = fc->values[k].value;
	    else if (!strcmp (fc->name, "rubrik"))
		by.rubrik = fc->values[k].value;
	    else if (!strcmp (fc->name, "tag"))
		by.tag = fc->values[k].value;
	    else {
		snprintf (since, sizeof since, "%s", fc->values[k].value);
		by.since = by.until = since;
	    }
	    ok (total_all (s, by) == fc->values[k].count,
		"%s %s: the filter finds its %lu articles", fc->name,
		fc->values[k].value, fc->values[k].count);
	}

    /* The JSON: facets and facets_exact, only when asked for. */
    json_t *j = r ? cari_results_json (r) : NULL;
    json_t *jf = json_object_get (j, "facets");
    ok (json_is_object (jf) && json_object_size (jf) == 5 &&
	json_is_true (json_object_get (j, "facets_exact")) &&
	json_integer_value (json_object_get (json_array_get (
	    json_object_get (jf, "source"), 0), "count")) ==
	(json_int_t) r->facets[0].values[0].count,
	"JSON: facets of five lists, facets_exact");
    json_decref (j);
    cari_results_destroy (r);
    r = NULL;
    req.facets = 0;
    ok (cari_searcher_run (s, &req, &r, &error) == 0 && !r->facets &&
	(j = cari_results_json (r)) && !json_object_get (j, "facets") &&
	!json_object_get (j, "facets_exact"),
	"JSON: no facets unless asked for");
    json_decref (j);
    cari_results_destroy (r);
    r = NULL;
    free (error);
    error = NULL;

    /* Bad arguments: named, with what to do. */
    req.facets = 1;
    req.facet_limit = CARI_FACET_LIMIT_MAX + 1;
    ok (cari_searcher_run (s, &req, &r, &error) == CARI_SEARCH_USER_ERROR &&
	!r && error && strstr (error, "facet limit") && strstr (error, "100"),
	"a facet limit over 100 is refused: %s", error ? error : "");
    free (error);
    error = NULL;
    req.facet_limit = 0;
    char longv[CARI_CMS_RUBRIK_BYTES + 2];
    memset (longv, 'a', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    req.rubrik = longv;
    ok (cari_searcher_run (s, &req, &r, &error) == CARI_SEARCH_USER_ERROR &&
	error && strstr (error, "rubrik") && strstr (error, "limit is 100"),
	"a rubrik too long is refused: %s", error ? error : "");
    free (error);
    error = NULL;
    req.rubrik = NULL;
    req.tag = "\xff\xfe";
    ok (cari_searcher_run (s, &req, &r, &error) == CARI_SEARCH_USER_ERROR &&
	error && strstr (error, "tag") && strstr (error, "UTF-8"),
	"a tag that is not UTF-8 is refused: %s", error ? error : "");
    free (error);
    error = NULL;
    req.tag = "Tidakada";
    ok (cari_searcher_run (s, &req, &r, &error) == 0 && r->total_all == 0 &&
	r->facets_exact && r->facets[4].n_values == 0,
	"a tag no article has: nothing, no facet values");
    cari_results_destroy (r);
    free (error);

    /* A commit: the values are read again (the spy keeps them for a
     * revision of the index). */
    snprintf (path, sizeof path, "%s/more.jsonl", dir);
    FILE *more = fopen (path, "w");
    if (more) {
	fputs ("{\"id\": \"n-1\", \"source\": \"Baru\", \"date\": "
	       "\"2026-01-02\", \"title\": \"Kabar baru\", \"content\": "
	       "\"Hari ini banjir melanda kota.\"}\n", more);
	fclose (more);
    }
    snprintf (cmd, sizeof cmd, "'%s/cari-index' -q --db '%s/db' '%s'",
	      top_builddir, dir, path);
    ok (system (cmd) == 0 && cari_searcher_refresh (s) == 0,
	"an article added, the searcher refreshed");
    req = (cari_request_t) { .query = "banjir", .limit = 10, .facets = 1,
			     .facet_limit = 100, .no_suggestion = 1 };
    r = NULL;
    error = NULL;
    char have[1024], want[1024];
    ok (cari_searcher_run (s, &req, &r, &error) == 0, "searched again");
    got (r, "source", have, sizeof have);
    expect (m_banjir, NULL, "source", 100, want, sizeof want);
    strcat (want, " baru=1");
    is_str (have, want, "the new article's outlet is counted");
    got (r, "year", have, sizeof have);
    ok (strstr (have, "2026=1") != NULL, "and its year: %s", have);
    cari_results_destroy (r);
    free (error);

    cari_searcher_destroy (s);
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system (cmd) != 0)
	printf ("# could not remove %s\n", dir);
    return tap_done ();
}
