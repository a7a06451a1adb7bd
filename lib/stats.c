/* stats.c - --stats: the articles, dates, sources, terms and size on disk
 * of an index, printed on stdout
 *
 * The one file of the library that prints (tests/unit/t-layers.sh): what
 * it prints is the output asked for, not a message.  Its failures are a
 * status and a message for the caller, as everywhere in the library.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The failure of a --stats, into *error_message when the caller wants it
 * (msg: to free, may be NULL). */
static cari_status_t
stats_failed (cari_status_t st, char *msg, char **error_message)
{
    if (error_message)
	*error_message = msg;
    else
	free (msg);
    return st;
}

/* --stats of a sharded index (lib/shards.c): each shard's, after the
 * totals. */
static cari_status_t
print_each_shard (const char *dbpath, char **error_message)
{
    char **names = NULL;
    size_t n = 0;
    cari_status_t st = CARI_STATUS_SUCCESS;

    if (cari_layout_shard_list (dbpath, &names, &n) < 0) {
	if (error_message)
	    *error_message = cari_msg ("cannot read the directory '%s': %s",
				       dbpath, strerror (errno));
	return CARI_STATUS_INDEX_ERROR;
    }
    printf ("shards: %zu (by year)\n", n);
    for (size_t i = 0; i < n; i++) {
	char *p = NULL;
	if (st == 0 && asprintf (&p, "%s/%s", dbpath, names[i]) >= 0) {
	    printf ("\nshard %s:\n", names[i]);
	    st = cari_index_print_stats (p, error_message);
	}
	free (p);
	free (names[i]);
    }
    free (names);
    return st;
}

cari_status_t
cari_index_print_stats (const char *dbpath, char **error_message)
{
    cx_db_t *db = NULL;
    char *error = NULL, *why = NULL, *lo = NULL, *hi = NULL, *gen = NULL;
    cx_db_stats_t s;
    unsigned long nsources = 0;
    cx_status_t st = _cari_layout_open_read (dbpath, &db, &error);

    if (error_message)
	*error_message = NULL;
    if (st) {
	char *msg = cari_msg ("cannot open the index '%s': %s%s%s; build it "
			      "with: cari-index --db %s FILE...", dbpath,
			      cx_status_to_string (st), error ? ": " : "",
			      error ? error : "", dbpath);
	free (error);
	return stats_failed (_cari_status_from_cx (st), msg, error_message);
    }
    if (cari_schema_check (db, 0, &why) < 0) {
	char *msg = cari_msg ("cannot use the index '%s': %s", dbpath,
			      why ? why : "out of memory");
	free (why);
	cx_db_destroy (db);
	return stats_failed (CARI_STATUS_SCHEMA_MISMATCH, msg, error_message);
    }
    if ((st = cx_db_stats (db, &s)) ||
	(st = cx_db_value_range (db, CARI_SLOT_DATE, &lo, &hi)) ||
	(st = cx_db_terms (db, CARI_PREFIX_SOURCE, count_term, &nsources))) {
	char *msg = cari_msg ("cannot read the index '%s': %s: %s", dbpath,
			      cx_status_to_string (st),
			      cx_db_status_string (db));
	cx_db_destroy (db);
	return stats_failed (_cari_status_from_cx (st), msg, error_message);
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
    int sharded = cari_layout_sharded (dbpath);
    if (sharded)
	printf ("on disk: %.1f MB (everything in %s)\n",
		(double) cari_layout_bytes (dbpath) / 1e6, dbpath);
    else
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
	printf ("  on disk   %10.1f MB (everything in %s)\n",
		(double) cari_layout_bytes (dbpath) / 1e6, dbpath);
    }
    free (gen);
    free (lo);
    free (hi);
    cx_db_destroy (db);
    /* Then each shard's, the same way. */
    return sharded ? print_each_shard (dbpath, error_message)
		   : CARI_STATUS_SUCCESS;
}

