/* cari-stem.c - show, explain and measure how cari's analyzer reads text
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
#include <time.h>

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static const char *prog = "cari-stem";

static void
usage (int status)
{
    if (status)
	cari_cli_try_help (prog, status);
    printf (
"Usage: cari-stem [--snowball] [--db DIR] [TEXT...]\n"
"       cari-stem [--snowball] [--db DIR] --eval FILE...\n"
"       cari-stem --explain WORD...\n"
"       cari-stem [--snowball] --count < TEXT\n"
"       cari-stem [--snowball] --conflations[=N] < TEXT\n"
"       cari-stem --old-spelling < WORDS\n"
"Show how cari's analyzer reads TEXT (or standard input): one line a word,\n"
"  POS  START-END  WORD  FOLDED  STEM\n"
"\n"
"  --eval FILE   read word<TAB>root lines; print the misses (word, wanted\n"
"                root, stem) and the accuracy\n"
"  --explain     show the steps that stem each WORD: Snowball's stem, the\n"
"                candidate roots found in the lexicon, the choice\n"
"  --count       analyze standard input; print words and words/s\n"
"  --conflations[=N]  analyze standard input; print the N (default 50)\n"
"                stems that join the most frequent pairs of words, with\n"
"                their forms and counts, for a person to check\n"
"  --old-spelling  read lines of [COUNT] WORD (lower case); print for each\n"
"                old-spelling rule whose letters the word has: RULE WORD\n"
"                FOLDED KNOWN-WORD KNOWN-FOLDED APPLIED COUNT (1 or 0)\n"
"  --snowball    stem with Snowball alone, without the root lexicon\n"
"  --db DIR      stem as a search of the index DIR does, with the names\n"
"                it has learned from its articles (Lukaku, not luka + -ku)\n"
"  -h, --help    show this help\n"
"      --version print the version and exit\n"
"\n"
"The lexicon is $CARI_LEXICON, else " "/usr/share/hunspell/id_ID.dic (Debian\n"
"package hunspell-id).  Exit status: 0 done; 1 a file could not be read;\n"
"2 usage error.\n");
    exit (status);
}

static int
print_token (void *ctx, const cari_token_t *t)
{
    const char *text = ctx;
    printf ("%u\t%zu-%zu\t%.*s\t%s\t%.*s\n", t->pos, t->start, t->end,
	    (int) (t->end - t->start), text + t->start, t->folded,
	    (int) t->stem_len, t->stem);
    return 0;
}

static int
count_token (void *ctx, const cari_token_t *t)
{
    (void) t;
    ++*(unsigned long *) ctx;
    return 0;
}

static char *
read_all (FILE *f, size_t *len)
{
    char *text = NULL, buf[65536];
    size_t n;
    FILE *mem = open_memstream (&text, len);
    if (!mem)
	return NULL;
    while ((n = fread (buf, 1, sizeof buf, f)) > 0)
	fwrite (buf, 1, n, mem);
    if (fclose (mem) != 0) {
	free (text);
	return NULL;
    }
    return text;
}

/* Lower-case ASCII in place (evaluation files and --explain words). */
static void
lower (char *s)
{
    for (; *s; s++)
	if (*s >= 'A' && *s <= 'Z')
	    *s += 32;
}

/* One gold line: word, its right roots, how often it occurs, its class. */
struct gold_miss {
    char *line;                 /* "miss\tword\troots\tstem..." */
    unsigned long count, order;
};

struct tally {
    char name[32];
    unsigned long forms, right, tokens, right_tokens;
};

/* Is the n bytes at stem one of the '|'-separated roots? */
static int
is_a_root (const char *roots, const char *stem, size_t n)
{
    for (const char *r = roots;;) {
	const char *bar = strchr (r, '|');
	size_t k = bar ? (size_t) (bar - r) : strlen (r);
	if (k == n && !memcmp (r, stem, n))
	    return 1;
	if (!bar)
	    return 0;
	r = bar + 1;
    }
}

static struct tally *
tally_of (struct tally *t, int *nt, int max, const char *name)
{
    for (int i = 0; i < *nt; i++)
	if (!strcmp (t[i].name, name))
	    return &t[i];
    if (*nt == max)
	return &t[max - 1];     /* classes past the table share the last */
    memset (&t[*nt], 0, sizeof t[*nt]);
    snprintf (t[*nt].name, sizeof t[*nt].name, "%s", name);
    return &t[(*nt)++];
}

static void
tally_add (struct tally *t, int right, unsigned long count)
{
    t->forms++;
    t->right += right != 0;
    t->tokens += count;
    t->right_tokens += right ? count : 0;
}

static void
print_tally (const char *what, const char *label, const struct tally *t,
	     int counted)
{
    printf ("%s%s: %lu of %lu right (%.1f%%)", what, label, t->right, t->forms,
	    t->forms ? 100.0 * (double) t->right / (double) t->forms : 0.0);
    if (counted)
	printf (", token-weighted %.1f%% (%lu of %lu tokens)",
		t->tokens ? 100.0 * (double) t->right_tokens
			    / (double) t->tokens : 0.0,
		t->right_tokens, t->tokens);
    printf ("\n");
}

static int
by_count (const void *a, const void *b)
{
    const struct gold_miss *x = a, *y = b;
    if (x->count != y->count)
	return x->count < y->count ? 1 : -1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Read word<TAB>root[|root...][<TAB>count[<TAB>class]] lines: print the
 * misses, most frequent first, the accuracy per class when the file names
 * classes, and the accuracy per form and (with counts) per token. */
static int
eval (cari_analyzer_t *an, const char *path)
{
    FILE *f = fopen (path, "r");
    char *line = NULL;
    size_t size = 0, nmiss = 0, maxmiss = 0;
    unsigned long lineno = 0;
    struct gold_miss *miss = NULL;
    struct tally all = { "", 0, 0, 0, 0 }, classes[16];
    int nclasses = 0, counted = 0, failed = 0;

    if (!f) {
	fprintf (stderr, "%s: cannot read '%s': %m\n", prog, path);
	return -1;
    }
    while (getline (&line, &size, f) > 0) {
	/* A UTF-8 byte order mark at the start is not part of the word. */
	char *start = ++lineno == 1 && !strncmp (line, "\xef\xbb\xbf", 3)
	    ? line + 3 : line;
	char *word = strtok (start, "\t\r\n"), *root = strtok (NULL, "\t\r\n");
	char *third = strtok (NULL, "\t\r\n"), *cls = strtok (NULL, "\t\r\n");
	if (!word || *word == '#')
	    continue;
	if (!root) {
	    fprintf (stderr, "%s:%lu: want word<TAB>root; line skipped\n",
		     path, lineno);
	    continue;
	}
	/* A third column that is a number is how often the word occurs. */
	unsigned long count = 1;
	if (third && third[strspn (third, "0123456789")] == '\0') {
	    count = strtoul (third, NULL, 10);
	    counted = 1;
	}
	lower (word);
	size_t n;
	const char *stem = cari_analyzer_stem (an, word, strlen (word), &n);
	int right = is_a_root (root, stem, n);
	tally_add (&all, right, count);
	if (cls)
	    tally_add (tally_of (classes, &nclasses, 16, cls), right, count);
	if (right)
	    continue;
	if (nmiss == maxmiss) {
	    maxmiss = maxmiss ? 2 * maxmiss : 64;
	    struct gold_miss *m = realloc (miss, maxmiss * sizeof *miss);
	    if (!m) {
		failed = 1;
		break;
	    }
	    miss = m;
	}
	if (asprintf (&miss[nmiss].line, "miss\t%s\t%s\t%.*s", word, root,
		      (int) n, stem) < 0) {
	    failed = 1;
	    break;
	}
	miss[nmiss].count = count;
	miss[nmiss].order = lineno;
	nmiss++;
    }
    free (line);
    if (ferror (f) || failed) {
	fprintf (stderr, "%s: cannot read '%s': %s\n", prog, path,
		 failed ? "out of memory" : strerror (errno));
	fclose (f);
	for (size_t i = 0; i < nmiss; i++)
	    free (miss[i].line);
	free (miss);
	return -1;
    }
    fclose (f);
    if (nmiss)
	qsort (miss, nmiss, sizeof *miss, by_count);
    for (size_t i = 0; i < nmiss; i++) {
	if (counted)
	    printf ("%s\t%lu\n", miss[i].line, miss[i].count);
	else
	    printf ("%s\n", miss[i].line);
	free (miss[i].line);
    }
    free (miss);
    for (int i = 0; i < nclasses; i++) {
	print_tally ("  class ", classes[i].name, &classes[i], counted);
    }
    print_tally ("", path, &all, counted);
    return 0;
}

/* --conflations: which words of a text meet under one stem. */
struct form {
    char *word, *stem;          /* folded word and its stem */
    unsigned long count;
};

struct forms {
    struct form *slots;
    size_t mask, used;
    int failed;
};

static unsigned long
str_hash (const char *s, size_t n)
{
    unsigned long h = 5381;
    for (size_t i = 0; i < n; i++)
	h = h * 33 + (unsigned char) s[i];
    return h;
}

static int
forms_grow (struct forms *fs)
{
    size_t size = fs->mask ? 2 * (fs->mask + 1) : 1 << 16;
    struct form *slots = calloc (size, sizeof *slots);
    if (!slots)
	return -1;
    for (size_t i = 0; fs->mask && i <= fs->mask; i++) {
	struct form *f = &fs->slots[i];
	if (!f->word)
	    continue;
	size_t j = str_hash (f->word, strlen (f->word)) & (size - 1);
	while (slots[j].word)
	    j = (j + 1) & (size - 1);
	slots[j] = *f;
    }
    free (fs->slots);
    fs->slots = slots;
    fs->mask = size - 1;
    return 0;
}

static int
count_form (void *ctx, const cari_token_t *t)
{
    struct forms *fs = ctx;
    if (fs->failed || ((fs->used + 1) * 2 > fs->mask + 1 && forms_grow (fs))) {
	fs->failed = 1;
	return 1;
    }
    size_t j = str_hash (t->folded, t->folded_len) & fs->mask;
    for (;; j = (j + 1) & fs->mask) {
	struct form *f = &fs->slots[j];
	if (!f->word) {
	    f->word = strndup (t->folded, t->folded_len);
	    f->stem = strndup (t->stem, t->stem_len);
	    if (!f->word || !f->stem) {
		fs->failed = 1;
		return 1;
	    }
	    fs->used++;
	}
	if (strlen (f->word) == t->folded_len &&
	    !memcmp (f->word, t->folded, t->folded_len)) {
	    f->count++;
	    return 0;
	}
    }
}

static int
by_stem_then_count (const void *a, const void *b)
{
    const struct form *x = a, *y = b;
    int c = strcmp (x->stem, y->stem);
    if (c)
	return c;
    return x->count < y->count ? 1 : x->count > y->count ? -1
	   : strcmp (x->word, y->word);
}

struct group {
    size_t first, n;            /* forms[first .. first + n - 1] */
    unsigned long second;       /* the count of its second form */
};

static int
by_second (const void *a, const void *b)
{
    const struct group *x = a, *y = b;
    return x->second < y->second ? 1 : x->second > y->second ? -1
	   : x->first < y->first ? -1 : 1;
}

/* The stems that join two frequent words, those whose second most
 * frequent form is commonest first: for a person to read which of them
 * join words of unrelated meaning (memberikan and ikan). */
static int
conflations (cari_analyzer_t *an, unsigned top)
{
    struct forms fs = { NULL, 0, 0, 0 };
    size_t len, ngroups = 0;
    char *text = read_all (stdin, &len);

    if (!text || forms_grow (&fs)) {
	free (text);
	fprintf (stderr, "%s: out of memory reading standard input\n", prog);
	return -1;
    }
    cari_analyze (an, text, len, 1, count_form, &fs);
    free (text);
    struct form *all = fs.slots;
    size_t n = 0;
    for (size_t i = 0; i <= fs.mask; i++)
	if (all[i].word)
	    all[n++] = all[i];
    qsort (all, n, sizeof *all, by_stem_then_count);
    struct group *groups = fs.failed ? NULL : malloc ((n + 1) * sizeof *groups);
    for (size_t i = 0; groups && i < n;) {
	size_t j = i;
	while (j < n && !strcmp (all[j].stem, all[i].stem))
	    j++;
	if (j - i >= 2)
	    groups[ngroups++] = (struct group) { i, j - i, all[i + 1].count };
	i = j;
    }
    if (groups) {
	qsort (groups, ngroups, sizeof *groups, by_second);
	printf ("# stem\tits forms, most frequent first (word count)\n");
	for (size_t g = 0; g < ngroups && g < top; g++) {
	    printf ("%s\t", all[groups[g].first].stem);
	    for (size_t k = 0; k < groups[g].n && k < 10; k++)
		printf ("%s%s %lu", k ? ", " : "", all[groups[g].first + k].word,
			all[groups[g].first + k].count);
	    printf ("%s\n", groups[g].n > 10 ? ", ..." : "");
	}
    } else {
	fprintf (stderr, "%s: out of memory counting words\n", prog);
    }
    for (size_t i = 0; i < n; i++) {
	free (all[i].word);
	free (all[i].stem);
    }
    free (all);
    free (groups);
    return groups ? 0 : -1;
}

/* Stem as a search of the index at dbpath does: with the names it has
 * learned (see cari_names_learned). */
static int
open_names (cari_analyzer_t *an, const char *dbpath, cari_index_t **idx)
{
    char *detail = NULL;
    cari_status_t st = cari_index_open (dbpath, idx, &detail);

    if (st) {
	cari_cli_status (prog, st, detail, "cannot open the index '%s'",
			 dbpath);
	free (detail);
	return -1;
    }
    if (cari_index_check_schema (*idx)) {
	const char *why = cari_index_status_string (*idx);
	fprintf (stderr, "%s: cannot use the index '%s': %s\n", prog, dbpath,
		 why ? why : "out of memory");
	cari_index_destroy (*idx);
	*idx = NULL;
	return -1;
    }
    cari_index_set_names (*idx, an);
    return 0;
}

/* --count: the words of standard input, and how fast they were read.
 * Returns 0, or -1 (reported). */
static int
count_words (cari_analyzer_t *an, int snowball)
{
    size_t len;
    unsigned long words = 0;
    struct timespec t0, t1;
    char *text = read_all (stdin, &len);
    if (!text) {
	perror (prog);
	return -1;
    }
    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t0);
    cari_analyze (an, text, len, 1, count_token, &words);
    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t1);
    double secs = (double) (t1.tv_sec - t0.tv_sec) +
		  (double) (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf ("%lu words, %zu bytes in %.3f s CPU: %.2f M words/s (%s)\n",
	    words, len, secs, secs > 0 ? (double) words / secs / 1e6 : 0.0,
	    snowball ? "Snowball alone" : "Snowball + lexicon");
    free (text);
    return 0;
}

/* The tokens of the operands (joined by spaces), else of standard input.
 * Returns 0, or -1 (reported). */
static int
print_tokens (cari_analyzer_t *an, int first, int argc, char **argv)
{
    char *text = NULL;
    size_t len = 0;
    if (first < argc) {
	/* The arguments, joined by spaces, are the text. */
	FILE *mem = open_memstream (&text, &len);
	for (int i = first; mem && i < argc; i++)
	    fprintf (mem, "%s ", argv[i]);
	if (!mem || fclose (mem) != 0)
	    text = NULL;
    } else {
	text = read_all (stdin, &len);
    }
    if (!text) {
	perror (prog);
	return -1;
    }
    cari_analyze (an, text, len, 1, print_token, text);
    free (text);
    return 0;
}

/* --old-spelling: what each rule would do to the words of stdin, and what
 * the analyzer does (bench/oldspelling-damage.sh). */
static int
old_spelling (cari_analyzer_t *an)
{
    char line[256], word[128], now[128], out[128];
    unsigned long count;

    while (fgets (line, sizeof line, stdin)) {
	if (sscanf (line, "%lu %127s", &count, word) != 2) {
	    count = 1;
	    if (sscanf (line, "%127s", word) != 1)
		continue;
	}
	size_t n = strlen (word);
	if (n > CARI_MAX_WORD_BYTES)
	    continue;
	memcpy (now, word, n + 1);
	size_t m = cari_analyzer_modernize (an, now, n);
	now[m] = '\0';
	for (unsigned r = 0; r < cari_old_spelling_rules (); r++) {
	    size_t k = cari_old_spelling_apply (r, word, n, out);
	    if (!k)
		continue;
	    char left[128];
	    int applied = !cari_old_spelling_apply (r, now, m, left);
	    printf ("%s\t%s\t%.*s\t%d\t%d\t%d\t%lu\n",
		    cari_old_spelling_rule_name (r), word, (int) k, out,
		    cari_analyzer_knows (an, word, n),
		    cari_analyzer_knows (an, out, k), applied, count);
	}
    }
    return ferror (stdin) ? -1 : 0;
}

int
main (int argc, char **argv)
{
    static const struct option options[] = {
	{ "eval", no_argument, NULL, 'e' },
	{ "explain", no_argument, NULL, 'x' },
	{ "count", no_argument, NULL, 'c' },
	{ "conflations", optional_argument, NULL, 'C' },
	{ "snowball", no_argument, NULL, 's' },
	{ "old-spelling", no_argument, NULL, 'o' },
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
    };
    int opt, mode = 0, snowball = 0, ret = EXIT_OK;
    unsigned top = 50;
    const char *dbpath = NULL;
    cari_index_t *db = NULL;
    const char *problem;

    while ((opt = getopt_long (argc, argv, "h", options, NULL)) != -1) {
	switch (opt) {
	case 'C':
	    if (optarg) {
		char *end;
		unsigned long v = strtoul (optarg, &end, 10);
		if (*end || !*optarg || v == 0 || v > 100000) {
		    fprintf (stderr, "%s: --conflations=N wants a number of "
			     "stems from 1 to 100000, not '%s'\n", prog, optarg);
		    usage (EXIT_USAGE);
		}
		top = (unsigned) v;
	    }
	    /* fall through */
	case 'e':
	case 'x':
	case 'c':
	case 'o':
	    if (mode && mode != opt) {
		fprintf (stderr, "%s: give one of --eval, --explain, --count "
			 "--conflations and --old-spelling\n", prog);
		usage (EXIT_USAGE);
	    }
	    mode = opt;
	    break;
	case 's':
	    snowball = 1;
	    break;
	case 'd':
	    dbpath = optarg;
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
    if ((mode == 'e' || mode == 'x') && optind == argc) {
	fprintf (stderr, "%s: --%s needs %s\n", prog,
		 mode == 'e' ? "eval" : "explain",
		 mode == 'e' ? "a file of word<TAB>root lines" : "a word");
	usage (EXIT_USAGE);
    }

    cari_analyzer_t *an = cari_analyzer_create ();
    if (!an) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return EXIT_FAILED;
    }
    cari_analyzer_lexicon (an, &problem);
    if (problem && !snowball)
	fprintf (stderr, "%s: warning: %s\n", prog, problem);
    cari_analyzer_set_snowball_only (an, snowball);
    if (dbpath && open_names (an, dbpath, &db) < 0) {
	cari_analyzer_destroy (an);
	return EXIT_FAILED;
    }

    if (mode == 'e') {
	for (int i = optind; i < argc; i++)
	    if (eval (an, argv[i]) < 0)
		ret = EXIT_FAILED;
    } else if (mode == 'x') {
	for (int i = optind; i < argc; i++) {
	    lower (argv[i]);
	    cari_analyzer_explain (an, argv[i], strlen (argv[i]), stdout);
	}
    } else if (mode == 'C') {
	if (conflations (an, top) < 0)
	    ret = EXIT_FAILED;
    } else if (mode == 'o') {
	if (old_spelling (an) < 0)
	    ret = EXIT_FAILED;
    } else if (mode == 'c') {
	if (count_words (an, snowball) < 0)
	    ret = EXIT_FAILED;
    } else if (print_tokens (an, optind, argc, argv) < 0) {
	ret = EXIT_FAILED;
    }
    cari_analyzer_destroy (an);
    cari_index_destroy (db);
    if (fflush (stdout) != 0)
	ret = EXIT_FAILED;
    return ret;
}
