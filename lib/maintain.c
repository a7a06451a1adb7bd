/* maintain.c - maintenance of an index: its statistics, compaction
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static unsigned long long
dir_size (const char *dir, int list)
{
    static const char *tables[] = { "postlist", "position", "termlist",
				    "docdata", "spelling", "synonym" };
    unsigned long long total = 0;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
	char *p;
	struct stat st;
	if (asprintf (&p, "%s/%s.glass", dir, tables[i]) < 0)
	    continue;
	if (stat (p, &st) == 0) {
	    total += (unsigned long long) st.st_size;
	    if (list)
		printf ("  %-9s %10.1f MB\n", tables[i],
			(double) st.st_size / 1e6);
	}
	free (p);
    }
    return total;
}

static int
print_source (void *ctx, const char *term, size_t len, unsigned long freq)
{
    size_t plen = strlen (CARI_PREFIX_SOURCE);
    (void) ctx;
    printf ("  %-30.*s %8lu\n", (int) (len - plen), term + plen, freq);
    return 0;
}

static int
count_term (void *ctx, const char *term, size_t len, unsigned long freq)
{
    (void) term;
    (void) len;
    (void) freq;
    ++*(unsigned long *) ctx;
    return 0;
}

int
cari_index_print_stats (const char *dbpath)
{
    cx_db_t *db = NULL;
    char *error = NULL, *why = NULL, *lo = NULL, *hi = NULL, *gen = NULL;
    cx_db_stats_t s;
    unsigned long nsources = 0;
    cx_status_t st = cx_db_open (dbpath, CX_DB_READ, &db, &error);

    if (st) {
	fprintf (stderr, "%s: cannot open the index '%s': %s%s%s; build it "
		 "with: cari-index --db %s FILE...\n", prog, dbpath,
		 cx_status_to_string (st), error ? ": " : "",
		 error ? error : "", dbpath);
	free (error);
	return -1;
    }
    if (cari_schema_check (db, 0, &why) < 0) {
	fprintf (stderr, "%s: cannot use the index '%s': %s\n", prog, dbpath,
		 why ? why : "out of memory");
	free (why);
	cx_db_destroy (db);
	return -1;
    }
    if ((st = cx_db_stats (db, &s)) ||
	(st = cx_db_value_range (db, CARI_SLOT_DATE, &lo, &hi)) ||
	(st = cx_db_terms (db, CARI_PREFIX_SOURCE, count_term, &nsources))) {
	fprintf (stderr, "%s: cannot read the index '%s': %s: %s\n", prog,
		 dbpath, cx_status_to_string (st), cx_db_status_string (db));
	cx_db_destroy (db);
	return -1;
    }
    printf ("index: %s (schema %s)\n", dbpath, CARI_SCHEMA_VERSION);
    printf ("articles: %lu\n", s.doc_count);
    if (*lo)
	printf ("dates: %.4s-%.2s-%.2s .. %.4s-%.2s-%.2s\n", lo, lo + 4,
		lo + 6, hi, hi + 4, hi + 6);
    else
	printf ("dates: none\n");
    printf ("sources: %lu\n", nsources);
    cx_db_terms (db, CARI_PREFIX_SOURCE, print_source, NULL);
    printf ("terms: %lu distinct, %llu word occurrences\n", s.term_count,
	    s.total_length);
    cari_layout_current (dbpath, &gen);
    if (gen) {
	printf ("size on disk: %s\n", gen);
	unsigned long long total = dir_size (gen, 1);
	char *delta = NULL;
	if (cari_layout_delta (dbpath, 0, &delta) == 0 && delta) {
	    printf ("new articles since then (merged by --compact): %s\n",
		    delta);
	    total += dir_size (delta, 1);
	}
	free (delta);
	printf ("  total     %10.1f MB\n", (double) total / 1e6);
    }
    free (gen);
    free (lo);
    free (hi);
    cx_db_destroy (db);
    return 0;
}

/* --compact, with the writer lock held in db. */
int
_cari_compact (const char *dbpath, int quiet)
{
    char *gen = NULL, *cur = NULL, *why = NULL, *error = NULL;
    const char *src = dbpath;
    struct timespec t0;
    int ret = -1;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (cari_layout_next (dbpath, &gen, &why) < 0) {
	fprintf (stderr, "%s: cannot compact: %s\n", prog,
		 why ? why : "out of memory");
	goto done;
    }
    cari_layout_current (dbpath, &cur);
    unsigned long long before = cur ? dir_size (cur, 0) : 0;
    cx_status_t st = cx_compact (&src, 1, gen, &error);
    if (st) {
	fprintf (stderr, "%s: cannot compact '%s' into '%s': %s%s%s; the "
		 "index is unchanged%s\n", prog, dbpath, gen,
		 cx_status_to_string (st), error ? ": " : "",
		 error ? error : "", cari_layout_disk_full (error));
	cari_layout_remove (gen);
	goto done;
    }
    _cari_test_kill_point ("merge", 1);
    if (cari_layout_swap (dbpath, gen, &why) < 0) {
	fprintf (stderr, "%s: cannot swap in the compacted index: %s; the "
		 "index is unchanged\n", prog, why ? why : "out of memory");
	cari_layout_remove (gen);
	goto done;
    }
    if (!quiet)
	printf ("%s: compacted '%s' from %.1f MB to %.1f MB in %.2f s\n",
		prog, dbpath, (double) before / 1e6,
		(double) dir_size (gen, 0) / 1e6, cari_seconds_since (&t0));
    ret = 0;
done:
    free (gen);
    free (cur);
    free (why);
    free (error);
    return ret;
}

int
cari_index_exists (const char *path)
{
    return cari_layout_exists (path);
}
