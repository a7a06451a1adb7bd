/* cari-stem.c - show how cari's analyzer splits, folds and stems text
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "analyzer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

static void
usage (int status)
{
    fprintf (status ? stderr : stdout,
	     "Usage: cari-stem [TEXT...]\n"
	     "Print each word of TEXT (or of standard input) with its byte\n"
	     "offsets, position, case-folded form and stem, tab-separated:\n"
	     "  POS  START-END  WORD  FOLDED  STEM\n");
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

int
main (int argc, char **argv)
{
    cari_analyzer_t *an;
    char *text = NULL;
    size_t len = 0;

    for (int i = 1; i < argc; i++) {
	if (!strcmp (argv[i], "-h") || !strcmp (argv[i], "--help"))
	    usage (EXIT_OK);
	if (!strcmp (argv[i], "--"))
	    break;
	if (argv[i][0] == '-' && argv[i][1]) {
	    fprintf (stderr, "cari-stem: unknown option '%s'\n", argv[i]);
	    usage (EXIT_USAGE);
	}
    }

    an = cari_analyzer_create ();
    if (!an) {
	fprintf (stderr, "cari-stem: cannot load the Indonesian stemmer "
		 "(is libstemmer0d installed?)\n");
	return EXIT_FAILED;
    }

    if (argc > 1) {
	/* The arguments, joined by spaces, are the text. */
	int first = strcmp (argv[1], "--") ? 1 : 2;
	size_t size = 1;
	for (int i = first; i < argc; i++)
	    size += strlen (argv[i]) + 1;
	text = malloc (size);
	if (!text) {
	    perror ("cari-stem");
	    cari_analyzer_destroy (an);
	    return EXIT_FAILED;
	}
	for (int i = first; i < argc; i++) {
	    size_t n = strlen (argv[i]);
	    memcpy (text + len, argv[i], n);
	    len += n;
	    text[len++] = ' ';
	}
	text[len] = '\0';
    } else {
	FILE *mem = open_memstream (&text, &len);
	char buf[65536];
	size_t n;
	if (!mem) {
	    perror ("cari-stem");
	    cari_analyzer_destroy (an);
	    return EXIT_FAILED;
	}
	while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
	    fwrite (buf, 1, n, mem);
	fclose (mem);
    }

    cari_analyze (an, text, len, 1, print_token, text);
    free (text);
    cari_analyzer_destroy (an);
    return ferror (stdout) ? EXIT_FAILED : EXIT_OK;
}
