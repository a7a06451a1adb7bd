/* main.c - cari-index: add news articles to a cari index
 *
 * The options, the progress display and the summary; the writing itself
 * is libcari's writer (lib/writer.h says how it works).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "cli/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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
    if (status)
	cari_cli_try_help (prog, status);
    printf (
"Usage: cari-index [OPTION]... FILE...\n"
"       cari-index [--db DIR] --delete ID...\n"
"       cari-index [--db DIR] --delete-from FILE [FILE]...\n"
"       cari-index [--db DIR] --compact | --stats\n"
"Add the news articles in each FILE to the index in DIR, replacing\n"
"articles with the same id.  A FILE is JSON Lines (plain or gzip), a text\n"
"article (.txt), an HTML page (.html, .htm), a directory tree of those,\n"
"or - for standard input (JSON Lines unless --format says otherwise).\n"
"Articles that have not changed since the last run are skipped.\n"
"\n"
"  --db DIR            the index (default: $CARI_DB, else ./cari.db)\n"
"  -b, --batch N       commit every N changed articles (default %d); a\n"
"                      killed run loses at most the batch in progress\n"
"  -j, --jobs N        threads (default: the number of cores); a new or\n"
"                      empty index is built as N shards in parallel, then\n"
"                      merged with Xapian's compaction\n"
"  --format FORMAT     read files as jsonl, text or html, whatever their\n"
"                      names (default: by extension; JSON Lines otherwise)\n"
"  --prune             remove the articles of each directory FILE whose\n"
"                      files are gone\n"
"  --delete            the operands are article ids to remove, not files\n"
"  --delete-from FILE  remove the article ids listed in FILE, one a line\n"
"  --compact           rewrite the index compactly and swap it in at once\n"
"  --stats             print articles, dates, sources, terms, size on disk\n"
"  --no-spelling       add no words to the spelling data that cari-query's\n"
"                      \"did you mean\" draws on (smaller, faster index)\n"
"  -q, --quiet         print only errors: no progress, no summary\n"
"  -h, --help          show this help\n"
"      --version       print the version and exit\n"
"\n"
"JSON Lines: one object a line; \"id\" (else \"url\") and \"content\" are\n"
"required; \"title\", \"url\", \"date\" (YYYY-MM-DD...), \"source\" optional.\n"
"Text: line 1 the title; optional \"Id:\", \"Date:\", \"Source:\", \"Url:\"\n"
"lines; a blank line; the body.  The id of a file in a directory tree is\n"
"DIRNAME/PATH unless an Id: line gives one, and of a file named alone\n"
"its path as given (name it the same way each run); read from standard\n"
"input, a text or HTML article needs an Id: line or a url (Url: line,\n"
"canonical link).  At most 2 MiB of an article's text is indexed.\n"
"\n"
"Exit status: 0 all articles indexed; 1 some lines or files were skipped\n"
"(each is reported as FILE:LINE: reason, the rest is indexed); 2 usage\n"
"error; 3 the index could not be opened, is locked by another run, or\n"
"could not be written (articles committed before the failure are kept).\n",
	     CARI_WRITER_DEFAULT_BATCH);
    exit (status);
}

/* The progress display: on a terminal a one-line bar, redrawn twice a
 * second; otherwise a log line every 5 seconds. */
struct display {
    int tty;
    int bar_shown;
    struct timespec t0, last_report;
};

static void
progress (void *ctx, const cari_progress_t *p)
{
    struct display *d = ctx;

    if (p->last) {
	if (d->bar_shown)
	    fputs ("\r\033[K", stderr);
	return;
    }
    double since = cari_seconds_since (&d->last_report);
    if (since < (d->tty ? 0.5 : 5.0))
	return;
    clock_gettime (CLOCK_MONOTONIC, &d->last_report);
    double secs = cari_seconds_since (&d->t0);
    unsigned long long done = p->bytes_done;
    double rate = secs > 0 ? (double) p->articles / secs : 0;
    char eta[32] = "";
    if (p->bytes_total && done && done <= p->bytes_total)
	snprintf (eta, sizeof eta, ", ETA %.0f s",
		  secs * (double) (p->bytes_total - done) / (double) done);
    if (d->tty) {
	int pct = p->bytes_total ? (int) (100 * done / p->bytes_total) : 0;
	char bar[21];
	for (int i = 0; i < 20; i++)
	    bar[i] = i < pct / 5 ? '#' : '.';
	bar[20] = '\0';
	fprintf (stderr, "\r\033[K%s: [%s] %3d%% %lu articles, %.1f MB, "
		 "%.0f articles/s%s", prog, bar, pct, p->articles,
		 (double) done / 1e6, rate, eta);
	d->bar_shown = 1;
    } else {
	fprintf (stderr, "%s: %lu articles, %.1f of %.1f MB read, "
		 "%.0f articles/s%s\n", prog, p->articles,
		 (double) done / 1e6, (double) p->bytes_total / 1e6, rate,
		 eta);
    }
}

static unsigned long
parse_count (const char *arg, const char *option, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul (arg, &end, 10);
    if (errno || end == arg || *end || n < 1 || n > max || *arg == '-') {
	fprintf (stderr, "%s: %s wants a whole number from 1 to %lu, not "
		 "'%s'\n", prog, option, max, arg);
	usage (EXIT_USAGE);
    }
    return n;
}


/* What the command line asks for. */
struct args {
    const char *dbpath;
    cari_writer_options_t o;
    const char *delete_file;
    int delete_args, do_compact, do_stats;
};

/* Read the options into a; returns the index of the first operand. */
static int
parse_options (int argc, char **argv, struct args *a)
{
    enum { OPT_DB = 256, OPT_DELETE, OPT_DELETE_FROM, OPT_COMPACT,
	   OPT_STATS, OPT_FORMAT, OPT_PRUNE, OPT_NO_SPELLING };
    static const struct option options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "batch", required_argument, NULL, 'b' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "delete", no_argument, NULL, OPT_DELETE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "prune", no_argument, NULL, OPT_PRUNE },
	{ "delete-from", required_argument, NULL, OPT_DELETE_FROM },
	{ "compact", no_argument, NULL, OPT_COMPACT },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "no-spelling", no_argument, NULL, OPT_NO_SPELLING },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
    };
    long cores = sysconf (_SC_NPROCESSORS_ONLN);
    int opt;

    memset (a, 0, sizeof *a);
    a->dbpath = cari_default_db ();
    a->o.batch = CARI_WRITER_DEFAULT_BATCH;
    a->o.spelling = 1;
    a->o.jobs = cores > 0 ? (cores > CARI_WRITER_MAX_JOBS ?
			     CARI_WRITER_MAX_JOBS : (int) cores) : 1;
    while ((opt = getopt_long (argc, argv, "b:j:qh", options, NULL)) != -1) {
	switch (opt) {
	case OPT_DB:
	    a->dbpath = optarg;
	    break;
	case 'b':
	    a->o.batch = parse_count (optarg, "--batch", 100000000);
	    break;
	case 'j':
	    a->o.jobs = (int) parse_count (optarg, "--jobs",
					   CARI_WRITER_MAX_JOBS);
	    break;
	case OPT_DELETE:
	    a->delete_args = 1;
	    break;
	case OPT_FORMAT:
	    if (!strcmp (optarg, "jsonl"))
		a->o.format = CARI_FORMAT_JSONL;
	    else if (!strcmp (optarg, "text"))
		a->o.format = CARI_FORMAT_TEXT;
	    else if (!strcmp (optarg, "html"))
		a->o.format = CARI_FORMAT_HTML;
	    else {
		fprintf (stderr, "%s: --format wants jsonl, text or html, not "
			 "'%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    break;
	case OPT_PRUNE:
	    a->o.prune = 1;
	    break;
	case OPT_DELETE_FROM:
	    a->delete_file = optarg;
	    break;
	case OPT_COMPACT:
	    a->do_compact = 1;
	    break;
	case OPT_STATS:
	    a->do_stats = 1;
	    break;
	case OPT_NO_SPELLING:
	    a->o.spelling = 0;
	    break;
	case 'q':
	    a->o.quiet = 1;
	    break;
	case 'V':
	    cari_cli_version (prog);
	case 'h':
	    usage (EXIT_OK);
	    break;
	default:
	    usage (EXIT_USAGE);
	}
    }
    return optind;
}

/* Refuse operands that do not go with the options. */
static void
check_operands (const struct args *a, int first, int argc)
{
    if (a->do_stats || a->do_compact) {
	if (first < argc || a->delete_args || a->delete_file ||
	    (a->do_stats && a->do_compact)) {
	    fprintf (stderr, "%s: --stats and --compact take no files and "
		     "go alone\n", prog);
	    usage (EXIT_USAGE);
	}
    } else if (a->delete_args && first == argc) {
	fprintf (stderr, "%s: --delete wants the ids to delete\n", prog);
	usage (EXIT_USAGE);
    } else if (first == argc && !a->delete_file) {
	fprintf (stderr, "%s: no input files; give JSON Lines files to "
		 "index, for example: cari-index corpus/sample/sample.jsonl\n",
		 prog);
	usage (EXIT_USAGE);
    }
}

/* The deletions, then the files, then the pruning.  Returns 0 or -1. */
static int
run (cari_writer_t *w, const struct args *a, int first, int argc,
     char **argv)
{
    int ret = 0;

    if (a->delete_args) {
	for (int i = first; i < argc && ret == 0; i++)
	    ret = cari_writer_delete (w, argv[i]);
	first = argc;
    }
    if (ret == 0 && a->delete_file &&
	cari_writer_delete_from (w, a->delete_file) < 0)
	ret = -1;
    if (ret == 0 && cari_writer_prepare (w) < 0)
	ret = -1;
    for (int i = first; i < argc && ret == 0; i++)
	if (cari_writer_add (w, argv[i]) < 0)
	    ret = -1;
    for (int i = first; i < argc && ret == 0 && a->o.prune; i++)
	if (cari_writer_prune (w, argv[i]) < 0)
	    ret = -1;
    return ret;
}

/* The summary line: what the run did, and what readers now see. */
static void
summary (const struct args *a, const cari_writer_counts_t *c,
	 const struct timespec *t0)
{
    unsigned long total = 0;
    cari_index_t *idx = NULL;

    /* Count what readers now see (a parallel build swapped the index). */
    if (cari_index_open (a->dbpath, &idx, NULL) == CARI_STATUS_SUCCESS)
	cari_index_doc_count (idx, &total);
    cari_index_destroy (idx);
    double secs = cari_seconds_since (t0);
    unsigned long done = c->added + c->replaced + c->skipped;
    if (a->o.quiet)
	return;
    char deleted[64] = "";
    if (a->o.deleting)
	snprintf (deleted, sizeof deleted, "%lu deleted, ", c->deleted);
    printf ("%s: %lu added, %lu replaced, %lu skipped (unchanged), "
	    "%s%lu errors in %.2f s (%.0f articles/s); '%s' holds %lu "
	    "articles\n", prog, c->added, c->replaced, c->skipped, deleted,
	    c->errors, secs, secs > 0 ? (double) done / secs : 0.0,
	    a->dbpath, total);
}

int
main (int argc, char **argv)
{
    struct args a;
    struct display d;
    cari_writer_t *w = NULL;
    cari_writer_counts_t c;

    int first = parse_options (argc, argv, &a);
    check_operands (&a, first, argc);
    /* Maintenance of an index that is not there would make an empty one
     * and report success: a mistyped --db. */
    if ((a.do_stats || a.do_compact || a.delete_args || a.delete_file) &&
	!cari_index_exists (a.dbpath)) {
	fprintf (stderr, "%s: no index at '%s'; check --db (or CARI_DB), or "
		 "build it with: cari-index --db %s FILE...\n", prog,
		 a.dbpath, a.dbpath);
	return EXIT_INDEX;
    }
    if (a.do_stats)
	return cari_index_print_stats (a.dbpath) < 0 ? EXIT_INDEX : EXIT_OK;
    a.o.deleting = a.delete_args || a.delete_file || a.o.prune;
    a.o.delete_from = a.delete_file != NULL;
    memset (&d, 0, sizeof d);
    clock_gettime (CLOCK_MONOTONIC, &d.t0);
    d.last_report = d.t0;
    d.tty = isatty (STDERR_FILENO);
    a.o.progress = progress;
    a.o.progress_ctx = &d;
    for (int i = first; i < argc; i++) {
	struct stat sb;
	if (strcmp (argv[i], "-") && stat (argv[i], &sb) == 0 &&
	    S_ISREG (sb.st_mode))
	    a.o.bytes_total += (unsigned long long) sb.st_size;
    }
    if (cari_writer_open (a.dbpath, &a.o, &w) < 0)
	return EXIT_INDEX;
    if (a.do_compact) {
	int ret = cari_writer_compact (w) < 0 ? EXIT_INDEX : EXIT_OK;
	cari_writer_destroy (w);
	return ret;
    }
    int ok = cari_writer_begin (w) == 0 &&
	     run (w, &a, first, argc, argv) == 0;
    ok = cari_writer_finish (w, ok) == 0;
    cari_writer_counts (w, &c);
    cari_writer_destroy (w);
    if (!ok)
	return EXIT_INDEX;
    summary (&a, &c, &d.t0);
    return c.errors ? EXIT_INPUT : EXIT_OK;
}
