/* main.c - cari-index: add news articles to a cari index
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "indexer/schema.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Exit statuses, documented in --help. */
enum {
    EXIT_OK = 0,                /* every article indexed or unchanged */
    EXIT_INPUT = 1,             /* some lines or files could not be read */
    EXIT_USAGE = 2,             /* bad command line */
    EXIT_INDEX = 3              /* the index could not be opened or written */
};

static const char *prog = "cari-index";

static void
usage (int status)
{
    fprintf (status ? stderr : stdout,
"Usage: cari-index [--db DIR] [--quiet] FILE...\n"
"Add the news articles in each FILE (JSON Lines, plain or gzip; - for\n"
"standard input) to the index in DIR, replacing articles with the same id.\n"
"Articles that have not changed since the last run are skipped.\n"
"\n"
"  --db DIR     the index (default: $CARI_DB, else ./cari.db)\n"
"  -q, --quiet  print only errors, no summary\n"
"  -h, --help   show this help\n"
"\n"
"Each line is one JSON object: \"id\" and \"content\" are required; \"title\",\n"
"\"url\", \"date\" (YYYY-MM-DD...) and \"source\" are optional.\n"
"\n"
"Exit status: 0 all articles indexed; 1 some lines or files were skipped\n"
"(each is reported as FILE:LINE: reason, the rest is indexed); 2 usage\n"
"error; 3 the index could not be opened, is locked by another run, or\n"
"could not be written (articles indexed before the failure are kept).\n");
    exit (status);
}

struct counts {
    unsigned long added, replaced, skipped, errors;
};

/* Index one file.  Returns 0, or -1 when the index failed (stop). */
static int
index_file (cx_db_t *db, cari_analyzer_t *an, cx_doc_t *doc,
	    const char *path, struct counts *c)
{
    char *error = NULL;
    cari_article_t a;
    cari_read_t got;
    cari_reader_t *r = cari_reader_open (path, &error);
    const char *name = strcmp (path, "-") ? path : "(stdin)";
    int ret = 0;

    if (!r) {
	fprintf (stderr, "%s: cannot read '%s': %s\n", prog, name,
		 error ? error : "out of memory");
	free (error);
	c->errors++;
	return 0;
    }

    while ((got = cari_reader_next (r, &a)) != CARI_READ_END) {
	if (got == CARI_READ_IO_ERROR) {
	    fprintf (stderr, "%s:%lu: %s; the rest of the file is skipped\n",
		     name, cari_reader_line (r) + 1, cari_reader_error (r));
	    c->errors++;
	    break;
	}
	if (got == CARI_READ_BAD_LINE) {
	    fprintf (stderr, "%s:%lu: %s; line skipped\n", name,
		     cari_reader_line (r), cari_reader_error (r));
	    c->errors++;
	    continue;
	}
	if (a.bad_date)
	    fprintf (stderr, "%s:%lu: warning: date '%s' is not YYYY-MM-DD; "
		     "indexed without a date\n", name, cari_reader_line (r),
		     a.date);

	char qterm[CX_MAX_TERM_BYTES + 1], hash[17], *old = NULL;
	snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", a.id);
	cari_article_hash (&a, hash);
	cx_status_t st = cx_db_get_value_by_term (db, qterm, CARI_SLOT_HASH,
						  &old, NULL);
	int known = old != NULL, same = old && strcmp (old, hash) == 0;
	free (old);
	if (!st && same) {
	    c->skipped++;
	    continue;
	}
	if (!st)
	    st = cari_document_build (an, &a, doc, hash);
	if (!st)
	    st = cx_db_replace (db, qterm, doc, NULL);
	if (st) {
	    fprintf (stderr, "%s: %s:%lu: cannot index article '%s': %s%s%s\n",
		     prog, name, cari_reader_line (r), a.id,
		     cx_status_to_string (st), *cx_db_status_string (db)
		     ? ": " : "", cx_db_status_string (db));
	    ret = -1;
	    break;
	}
	if (known)
	    c->replaced++;
	else
	    c->added++;
    }
    cari_reader_close (r);
    return ret;
}

int
main (int argc, char **argv)
{
    static const struct option options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
    };
    const char *dbpath = cari_default_db ();
    int quiet = 0, opt, ret = EXIT_OK;
    struct counts c = { 0, 0, 0, 0 };
    struct timespec t0, t1;

    while ((opt = getopt_long (argc, argv, "qh", options, NULL)) != -1) {
	switch (opt) {
	case 'd':
	    dbpath = optarg;
	    break;
	case 'q':
	    quiet = 1;
	    break;
	case 'h':
	    usage (EXIT_OK);
	    break;
	default:
	    usage (EXIT_USAGE);
	}
    }
    if (optind == argc) {
	fprintf (stderr, "%s: no input files; give JSON Lines files to "
		 "index, for example: cari-index corpus/sample/sample.jsonl\n",
		 prog);
	usage (EXIT_USAGE);
    }
    clock_gettime (CLOCK_MONOTONIC, &t0);

    cx_db_t *db = NULL;
    char *error = NULL, *why = NULL;
    cx_status_t st = cx_db_open (dbpath, CX_DB_WRITE, &db, &error);
    if (st) {
	if (st == CX_STATUS_DATABASE_LOCKED)
	    fprintf (stderr, "%s: the index '%s' is locked: another "
		     "cari-index is writing to it; wait until it ends, then "
		     "run this again\n", prog, dbpath);
	else
	    fprintf (stderr, "%s: cannot open the index '%s' for writing: "
		     "%s%s%s\n", prog, dbpath, cx_status_to_string (st),
		     error ? ": " : "", error ? error : "");
	free (error);
	return EXIT_INDEX;
    }
    if (cari_schema_check (db, 1, &why) < 0) {
	fprintf (stderr, "%s: cannot use the index '%s': %s\n", prog, dbpath,
		 why ? why : "out of memory");
	free (why);
	cx_db_destroy (db);
	return EXIT_INDEX;
    }

    cari_analyzer_t *an = cari_analyzer_create ();
    cx_doc_t *doc = NULL;
    if (!an || cx_doc_create (&doc)) {
	fprintf (stderr, "%s: out of memory\n", prog);
	cari_analyzer_destroy (an);
	cx_db_destroy (db);
	return EXIT_INDEX;
    }
    const char *problem;
    cari_analyzer_lexicon (an, &problem);
    if (problem)
	fprintf (stderr, "%s: warning: %s\n", prog, problem);
    char *warning = cari_lexicon_check (db, an, 1);
    if (warning) {
	fprintf (stderr, "%s: warning: %s\n", prog, warning);
	free (warning);
    }

    for (int i = optind; i < argc && ret == EXIT_OK; i++)
	if (index_file (db, an, doc, argv[i], &c) < 0)
	    ret = EXIT_INDEX;

    if (ret == EXIT_OK && (st = cx_db_commit (db))) {
	fprintf (stderr, "%s: cannot commit to the index '%s': %s: %s\n",
		 prog, dbpath, cx_status_to_string (st),
		 cx_db_status_string (db));
	ret = EXIT_INDEX;
    }
    unsigned long total = 0;
    cx_db_doc_count (db, &total);
    cari_analyzer_destroy (an);
    cx_doc_destroy (doc);
    cx_db_destroy (db);
    if (ret == EXIT_INDEX)
	return ret;

    clock_gettime (CLOCK_MONOTONIC, &t1);
    double secs = (double) (t1.tv_sec - t0.tv_sec) +
		  (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    unsigned long done = c.added + c.replaced + c.skipped;
    if (!quiet)
	printf ("%s: %lu added, %lu replaced, %lu skipped (unchanged), "
		"%lu errors in %.2f s (%.0f articles/s); '%s' holds %lu "
		"articles\n", prog, c.added, c.replaced, c.skipped, c.errors,
		secs, secs > 0 ? (double) done / secs : 0.0, dbpath, total);
    return c.errors ? EXIT_INPUT : EXIT_OK;
}
