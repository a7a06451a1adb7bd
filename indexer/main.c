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

/* Exit statuses, documented in --help, the manual page and
 * doc/nightly.md. */
enum {
    EXIT_OK = 0,                /* every article indexed or unchanged */
    EXIT_INPUT = 1,             /* some lines or articles were skipped */
    EXIT_USAGE = 2,             /* bad command line */
    EXIT_INDEX = 3,             /* the index could not be opened or written */
    EXIT_NO_INPUT = 4           /* an input was not there or not readable */
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
"       cari-index [--db DIR] --compact | --stats | --takedowns\n"
"       cari-index [--db DIR] --takedown ID | --lift ID...\n"
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
"  --takedown ID       take the article ID down: delete it now and keep\n"
"                      it out of every later run, whatever the input\n"
"                      holds, until --lift ID (repeatable)\n"
"  --takedown-from FILE  take down the ids listed in FILE, one a line\n"
"  --lift ID           lift the takedown of ID: the next run that reads\n"
"                      the article indexes it again (repeatable)\n"
"  --takedowns         list the ids taken down, each with its time\n"
"  --compact           rewrite the index compactly and swap it in at once;\n"
"                      the generation and delta it replaces are removed\n"
"  --stats             print articles, dates, sources, terms, size on disk\n"
"  --shard-by year     make the new or empty index DIR one of shards by\n"
"                      year (DIR/YYYY, DIR/undated), searched as one;\n"
"                      later runs route by DIR/SHARDS without it\n"
"  --no-spelling       add no words to the spelling data that cari-query's\n"
"                      \"did you mean\" draws on (smaller, faster index)\n"
"  -q, --quiet         print only errors: no progress, no summary\n"
CARI_CLI_TIMESTAMPS_HELP
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
"Exit status: 0 all articles indexed (taken down ones skipped); 1 some\n"
"lines or articles were skipped (each is reported as FILE:LINE: reason,\n"
"the rest is indexed); 2 usage error; 3 the index could not be opened,\n"
"is locked by another run, or could not be written (articles committed\n"
"before the failure are kept); 4 an input was not read at all: a FILE\n"
"missing or unreadable, a directory with no article files (the rest is\n"
"indexed).\n",
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
    int timestamps;             /* --timestamps: a CARI_CLI_STAMP_ value */
    const char **takedown, **lift;   /* --takedown, --lift ids */
    int ntakedown, nlift, list_takedowns;
    const char *takedown_file;
};

/* The ids of --takedown and --lift, freed at exit (main returns from
 * many places). */
static const char **takedown_ids, **lift_ids;

static void
free_ids (void)
{
    free (takedown_ids);
    free (lift_ids);
}

/* Read the options into a; returns the index of the first operand. */
static int
parse_options (int argc, char **argv, struct args *a)
{
    enum { OPT_DB = 256, OPT_DELETE, OPT_DELETE_FROM, OPT_COMPACT,
	   OPT_STATS, OPT_FORMAT, OPT_PRUNE, OPT_NO_SPELLING,
	   OPT_TIMESTAMPS, OPT_TAKEDOWN, OPT_TAKEDOWN_FROM, OPT_LIFT,
	   OPT_TAKEDOWNS, OPT_SHARD_BY };
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
	{ "takedown", required_argument, NULL, OPT_TAKEDOWN },
	{ "takedown-from", required_argument, NULL, OPT_TAKEDOWN_FROM },
	{ "lift", required_argument, NULL, OPT_LIFT },
	{ "takedowns", no_argument, NULL, OPT_TAKEDOWNS },
	{ "shard-by", required_argument, NULL, OPT_SHARD_BY },
	CARI_CLI_TIMESTAMPS_OPTION (OPT_TIMESTAMPS),
	{ NULL, 0, NULL, 0 }
    };
    long cores = sysconf (_SC_NPROCESSORS_ONLN);
    int opt;

    memset (a, 0, sizeof *a);
    a->dbpath = cari_default_db ();
    a->o.batch = CARI_WRITER_DEFAULT_BATCH;
    a->o.spelling = 1;
    /* Each id of --takedown and --lift is an argument of its own. */
    a->takedown = takedown_ids = calloc ((size_t) argc, sizeof *a->takedown);
    a->lift = lift_ids = calloc ((size_t) argc, sizeof *a->lift);
    atexit (free_ids);
    if (!a->takedown || !a->lift) {
	fprintf (stderr, "%s: out of memory\n", prog);
	exit (EXIT_INDEX);
    }
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
	case OPT_TIMESTAMPS:
	    if ((a->timestamps = cari_cli_timestamps_parse (optarg)) < 0) {
		fprintf (stderr, "%s: --timestamps wants auto, always or "
			 "never, not '%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    break;
	case OPT_TAKEDOWN:
	    a->takedown[a->ntakedown++] = optarg;
	    break;
	case OPT_TAKEDOWN_FROM:
	    a->takedown_file = optarg;
	    break;
	case OPT_LIFT:
	    a->lift[a->nlift++] = optarg;
	    break;
	case OPT_TAKEDOWNS:
	    a->list_takedowns = 1;
	    break;
	case OPT_SHARD_BY:
	    if (strcmp (optarg, "year")) {
		fprintf (stderr, "%s: --shard-by wants year (the only rule "
			 "cari shards by), not '%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    a->o.shard_by = optarg;
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
    int takedowns = a->ntakedown || a->nlift || a->takedown_file;
    if (a->do_stats + a->do_compact + a->list_takedowns > 1 ||
	((a->do_stats || a->do_compact || a->list_takedowns) &&
	 (first < argc || a->delete_args || a->delete_file || takedowns))) {
	fprintf (stderr, "%s: --stats, --compact and --takedowns take no "
		 "files and go alone\n", prog);
	usage (EXIT_USAGE);
    } else if (a->do_stats || a->do_compact || a->list_takedowns) {
	return;
    } else if (a->delete_args && first == argc) {
	fprintf (stderr, "%s: --delete wants the ids to delete\n", prog);
	usage (EXIT_USAGE);
    } else if (first == argc && !a->delete_file && !takedowns) {
	fprintf (stderr, "%s: no input files; give JSON Lines files to "
		 "index, for example: cari-index corpus/sample/sample.jsonl\n",
		 prog);
	usage (EXIT_USAGE);
    }
}

/* libxapian ended the run (cari_set_fatal_handler): say why, and exit as
 * a run that could not write does, instead of aborting without a word. */
static void
fatal (const char *message)
{
    cari_cli_fail (prog, CARI_STATUS_INDEX_ERROR, message);
    fflush (NULL);
    _exit (EXIT_INDEX);
}

/* The library's messages, as cari-index prints them. */
static void
say (void *data, cari_message_t kind, const char *where, const char *text)
{
    (void) data;
    cari_cli_say (prog, kind == CARI_MESSAGE_REPORT, where, text);
}

/* The failure of a step of w: printed.  Returns -1. */
static int
failed (cari_writer_t *w, cari_status_t st)
{
    cari_cli_fail (prog, st, cari_writer_status_string (w));
    return -1;
}

/* A step of w that may refuse an id it was given (st
 * CARI_STATUS_ILLEGAL_ARGUMENT: printed, counted in *bad, the run goes
 * on).  Returns 0 when the run goes on, -1 when it stops. */
static int
refused (cari_writer_t *w, cari_status_t st, unsigned long *bad)
{
    if (st == CARI_STATUS_SUCCESS)
	return 0;
    if (st != CARI_STATUS_ILLEGAL_ARGUMENT)
	return failed (w, st);
    cari_cli_fail (prog, st, cari_writer_status_string (w));
    ++*bad;
    return 0;
}

/* --takedown, --takedown-from, --lift; what was refused is added to *bad.
 * Returns 0 or -1 (printed). */
static int
run_takedowns (cari_writer_t *w, const struct args *a, unsigned long *bad)
{
    for (int i = 0; i < a->ntakedown; i++) {
	int found = 0;
	cari_status_t st = cari_takedown_add (w, a->takedown[i], &found);
	if (refused (w, st, bad) < 0)
	    return -1;
	if (!st && !a->o.quiet)
	    printf ("%s: took down '%s': %s; it stays out until "
		    "cari-index --lift\n", prog, a->takedown[i],
		    found ? "deleted from the index" : "not in the index now");
    }
    if (a->takedown_file) {
	unsigned long listed, found, no;
	cari_status_t st = cari_takedown_add_from (w, a->takedown_file,
						   &listed, &found, &no);
	if (st)
	    return failed (w, st);
	*bad += no;
	if (!a->o.quiet)
	    printf ("%s: took down the %lu ids of '%s' (%lu articles deleted "
		    "from the index); they stay out until cari-index "
		    "--lift\n", prog, listed, a->takedown_file, found);
    }
    for (int i = 0; i < a->nlift; i++) {
	cari_status_t st = cari_takedown_lift (w, a->lift[i]);
	if (refused (w, st, bad) < 0)
	    return -1;
	if (!st && !a->o.quiet)
	    printf ("%s: lifted the takedown of '%s': the next run that reads "
		    "it indexes it again\n", prog, a->lift[i]);
    }
    return 0;
}

/* The takedowns, the deletions, then the files, then the pruning.
 * Returns 0 or -1 (printed). */
static int
run (cari_writer_t *w, const struct args *a, int first, int argc,
     char **argv, unsigned long *bad)
{
    cari_status_t st = CARI_STATUS_SUCCESS;

    if (run_takedowns (w, a, bad) < 0)
	return -1;
    if (a->delete_args) {
	for (int i = first; i < argc && !st; i++)
	    st = cari_writer_delete (w, argv[i]);
	first = argc;
    }
    if (!st && a->delete_file)
	st = cari_writer_delete_from (w, a->delete_file);
    if (!st)
	st = cari_writer_prepare (w);
    for (int i = first; i < argc && !st; i++)
	st = cari_writer_add (w, argv[i]);
    for (int i = first; i < argc && !st && a->o.prune; i++)
	st = cari_writer_prune (w, argv[i]);
    return st ? failed (w, st) : 0;
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
    char deleted[64] = "", down[64] = "";
    if (a->o.deleting || c->deleted)
	snprintf (deleted, sizeof deleted, "%lu deleted, ", c->deleted);
    if (c->taken_down)
	snprintf (down, sizeof down, "%lu taken down (not indexed), ",
		  c->taken_down);
    printf ("%s: %lu added, %lu replaced, %lu skipped (unchanged), "
	    "%s%s%lu errors in %.2f s (%.0f articles/s); '%s' holds %lu "
	    "articles\n", prog, c->added, c->replaced, c->skipped, deleted,
	    down, c->errors, secs, secs > 0 ? (double) done / secs : 0.0,
	    a->dbpath, total);
}

static int
print_takedown (void *ctx, const char *id, const char *when)
{
    (void) ctx;
    printf ("%s\t%s\n", id, when);
    return 0;
}

/* --takedowns: the ids, each with its time, a tab between. */
static int
list_takedowns (const char *dbpath)
{
    char *why = NULL;
    cari_status_t st = cari_takedown_list (dbpath, print_takedown, NULL,
					   &why);
    if (st)
	cari_cli_fail (prog, st, why);
    free (why);
    return st ? EXIT_INDEX : EXIT_OK;
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
    int takedowns = a.ntakedown || a.nlift || a.takedown_file;
    /* Lines on stderr, and the reports on stdout (not --stats' and
     * --takedowns' data), get the time in front. */
    if (cari_cli_log_start (a.timestamps,
			    !a.do_stats && !a.list_takedowns) < 0) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return EXIT_INDEX;
    }
    /* Maintenance of an index that is not there would make an empty one
     * and report success: a mistyped --db. */
    if ((a.do_stats || a.do_compact || a.delete_args || a.delete_file ||
	 a.list_takedowns || takedowns) && !cari_index_exists (a.dbpath)) {
	fprintf (stderr, "%s: no index at '%s'; check --db (or CARI_DB), or "
		 "build it with: cari-index --db %s FILE...\n", prog,
		 a.dbpath, a.dbpath);
	return EXIT_INDEX;
    }
    if (a.do_stats) {
	char *why = NULL;
	cari_status_t st = cari_index_print_stats (a.dbpath, &why);
	if (st)
	    cari_cli_fail (prog, st, why);
	free (why);
	return st ? EXIT_INDEX : EXIT_OK;
    }
    if (a.list_takedowns)
	return list_takedowns (a.dbpath);
    a.o.deleting = a.delete_args || a.delete_file || a.o.prune || takedowns;
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
    cari_set_fatal_handler (fatal);
    char *why = NULL;
    cari_status_t st = cari_writer_open (a.dbpath, &a.o, &w, &why);
    if (st) {
	cari_cli_fail (prog, st, why);
	free (why);
	return EXIT_INDEX;
    }
    cari_writer_set_message_handler (w, say, NULL);
    if (a.do_compact) {
	st = cari_writer_compact (w);
	if (st)
	    failed (w, st);
	cari_writer_destroy (w);
	return st ? EXIT_INDEX : EXIT_OK;
    }
    unsigned long bad = 0;
    int ok = (st = cari_writer_begin (w)) == CARI_STATUS_SUCCESS;
    if (!ok)
	failed (w, st);
    ok = ok && run (w, &a, first, argc, argv, &bad) == 0;
    if ((st = cari_writer_finish (w, ok))) {
	failed (w, st);
	ok = 0;
    }
    cari_writer_counts (w, &c);
    cari_writer_destroy (w);
    if (!ok)
	return EXIT_INDEX;
    c.errors += bad;
    if (first < argc || a.delete_args || a.delete_file)
	summary (&a, &c, &d.t0);
    return c.unread ? EXIT_NO_INPUT : c.errors ? EXIT_INPUT : EXIT_OK;
}
