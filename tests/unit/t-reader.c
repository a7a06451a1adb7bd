/* t-reader.c - the JSON Lines reader on good, broken and empty lines
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "corpus/jsonl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-reader-XXXXXX";

/* The test file: which lines are good and which are reported. */
static const char lines[] =
    "{\"id\": \"a1\", \"title\": \"Banjir\", \"url\": \"https://x.example/1\", "
    "\"date\": \"2025-01-28\", \"source\": \"Warta\", \"content\": \"Air naik.\"}\n"
    "\n"                                                     /* 2 blank */
    "{\"id\": \"a3\", \"content\": \"tanpa judul\"\n"        /* 3 broken */
    "   \t \r\n"                                             /* 4 blank */
    "{\"id\": 42, \"content\": \"id angka\", \"date\": \"2025-10-21T08:30:00+07:00\"}\r\n"
    "{\"content\": \"tanpa id\"}\n"                         /* 6 no id */
    "{\"id\": \"a7\", \"content\": 7}\n"                    /* 7 bad type */
    "{\"id\": \"a8\", \"content\": \"isi\", \"date\": \"kemarin\"}\n" /* 8 */
    "[1, 2]\n"                                               /* 9 array */
    "{\"id\": \"a10\", \"content\": \"bad \xff utf8\"}\n"    /* 10 */
    "{\"id\": \"a11\", \"content\": \"nul \\u0000 escaped\"}\n" /* 11 */
    "{\"id\": \"a12\", \"content\": \"   \"}\n"              /* 12 empty */
    "{\"id\": \"a13\", \"title\": null, \"content\": \"terakhir\"}"; /* 13 */

struct expect {
    cari_read_t got;
    unsigned long line;
    const char *id;             /* or a word of the error */
};

static const struct expect want[] = {
    { CARI_READ_ARTICLE, 1, "a1" },
    { CARI_READ_BAD_LINE, 3, "invalid JSON" },
    { CARI_READ_ARTICLE, 5, "42" },
    { CARI_READ_BAD_LINE, 6, "missing field \"id\"" },
    { CARI_READ_BAD_LINE, 7, "\"content\" must be a string" },
    { CARI_READ_ARTICLE, 8, "a8" },
    { CARI_READ_BAD_LINE, 9, "a JSON array, not an object" },
    { CARI_READ_BAD_LINE, 10, "UTF-8" },
    { CARI_READ_BAD_LINE, 11, "NUL character (\\u0000)" },
    { CARI_READ_BAD_LINE, 12, "is empty" },
    { CARI_READ_ARTICLE, 13, "a13" },
    { CARI_READ_END, 13, NULL },
};

static void
read_all (const char *path, const char *what)
{
    char *err = NULL;
    cari_article_t a;
    cari_reader_t *r = cari_reader_open (path, &err);

    if (!ok (r != NULL, "%s: open", what))
	return;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
	cari_read_t got = cari_reader_next (r, &a);
	int good = got == want[i].got && cari_reader_line (r) == want[i].line;
	if (good && got == CARI_READ_ARTICLE)
	    good = strcmp (a.id, want[i].id) == 0;
	if (good && got == CARI_READ_BAD_LINE)
	    good = strstr (cari_reader_error (r), want[i].id) != NULL;
	ok (good, "%s: line %lu: %s (got %d at line %lu: %s)", what,
	    want[i].line, want[i].id ? want[i].id : "end", got,
	    cari_reader_line (r), cari_reader_error (r));
	if (got == CARI_READ_ARTICLE && !strcmp (a.id, "a1")) {
	    ok (!strcmp (a.title, "Banjir") && !strcmp (a.source, "Warta") &&
		    !strcmp (a.url, "https://x.example/1") &&
		    !strcmp (a.date8, "20250128") && !a.bad_date &&
		    a.content_len == 9, "%s: a1's fields", what);
	}
	if (got == CARI_READ_ARTICLE && !strcmp (a.id, "42"))
	    ok (!strcmp (a.date8, "20251021") && !*a.title,
		"%s: ISO date with time; absent title is \"\"", what);
	if (got == CARI_READ_ARTICLE && !strcmp (a.id, "a8"))
	    ok (a.bad_date && !*a.date8, "%s: unparsable date flagged", what);
	if (got == CARI_READ_ARTICLE && !strcmp (a.id, "a13"))
	    ok (!strcmp (a.content, "terakhir") && !*a.title,
		"%s: last line without newline; null title is \"\"", what);
    }
    cari_reader_close (r);
}

/* Files that cannot be read; dates. */
static void
test_unreadable_and_dates (void)
{
    cari_reader_t *r;
    char *err = NULL, d8[9];

    /* Files that cannot be read. */
    r = cari_reader_open ("/nonexistent/x.jsonl", &err);
    ok (!r && err && strstr (err, "No such file"), "missing file: %s", err);
    free (err);
    r = cari_reader_open (dir, &err);
    ok (!r && err && strstr (err, "directory"), "directory: %s", err);
    free (err);
    cari_reader_close (NULL);

    /* Dates. */
    ok (cari_parse_date ("2024-02-29", d8) == 0 && !strcmp (d8, "20240229"),
	"leap day");
    ok (cari_parse_date ("2025-02-29", d8) < 0, "2025-02-29 refused");
    ok (cari_parse_date ("2025-13-01", d8) < 0, "month 13 refused");
    ok (cari_parse_date ("2025-1-1", d8) < 0, "2025-1-1 refused");
    ok (cari_parse_date ("21/10/2025", d8) < 0, "21/10/2025 refused");
}

/* The text of article i of the damaged-gzip tests. */
static void
damaged_text (int i, char *out, size_t size)
{
    size_t n = 0;
    for (int k = 0; k < 12 && n < size; k++)
	n += (size_t) snprintf (out + n, size - n, "artikel %d bagian %d ",
				i, k);
}

/* Read path: every article must be one of damaged_text's, whole.  Returns
 * the articles read (-1 for a garbled one); *damaged: CARI_READ_DAMAGED
 * results, *first: the line of the first. */
static int
read_checked (const char *path, int *damaged, unsigned long *first)
{
    char *err = NULL, want[512];
    cari_reader_t *r = cari_reader_open (path, &err);
    cari_article_t a;
    cari_read_t got;
    int n = 0, garbled = 0;

    *damaged = 0;
    *first = 0;
    free (err);
    while (r && (got = cari_reader_next (r, &a)) != CARI_READ_END &&
	   got != CARI_READ_IO_ERROR) {
	if (got == CARI_READ_DAMAGED && !(*damaged)++)
	    *first = cari_reader_line (r);
	if (got != CARI_READ_ARTICLE)
	    continue;
	damaged_text (atoi (a.id), want, sizeof want);
	garbled |= strcmp (a.content, want) != 0;
	n++;
    }
    cari_reader_close (r);
    return garbled ? -1 : n;
}

/* Three gzip members of 60 articles; a byte flipped anywhere, or the file
 * cut short: no article garbled, and the sound members read. */
static void
test_damaged_gzip (void)
{
    char path[256], bad[256], text[512];
    long ends[3];
    struct stat st;

    snprintf (path, sizeof path, "%s/three.jsonl.gz", dir);
    snprintf (bad, sizeof bad, "%s/bad.jsonl.gz", dir);
    for (int m = 0; m < 3; m++) {
	gzFile g = gzopen (path, m ? "ab" : "wb");
	for (int i = m * 60; i < m * 60 + 60; i++) {
	    damaged_text (i, text, sizeof text);
	    gzprintf (g, "{\"id\": \"%d\", \"content\": \"%s\"}\n", i, text);
	}
	gzclose (g);
	ends[m] = stat (path, &st) == 0 ? (long) st.st_size : 0;
    }
    FILE *f = fopen (path, "rb");
    unsigned char *buf = malloc ((size_t) ends[2]);
    size_t len = fread (buf, 1, (size_t) ends[2], f);
    fclose (f);

    int garbled = 0, tries = 0, damaged;
    unsigned long first;
    for (long pos = 0; pos < (long) len; pos += 7, tries++) {
	buf[pos] ^= 0x55;
	f = fopen (bad, "wb");
	fwrite (buf, 1, len, f);
	fclose (f);
	buf[pos] ^= 0x55;
	garbled += read_checked (bad, &damaged, &first) < 0;
    }
    ok (!garbled, "a byte flipped at each of %d places of a 3-member gzip "
	"file: no article garbled (%d were)", tries, garbled);

    /* Mid-stream in the second member: the others are read, and the
     * message names its offset and first line. */
    buf[ends[0] + (ends[1] - ends[0]) / 2] ^= 0x55;
    f = fopen (bad, "wb");
    fwrite (buf, 1, len, f);
    fclose (f);
    buf[ends[0] + (ends[1] - ends[0]) / 2] ^= 0x55;
    int n = read_checked (bad, &damaged, &first);
    ok (n == 120 && damaged == 1 && first == 61, "a byte flipped in the "
	"second member: %d articles (want 120), %d damaged part from line "
	"%lu (want 61)", n, damaged, first);

    /* Cut in the third member, and cut in a single-member file. */
    f = fopen (bad, "wb");
    fwrite (buf, 1, (size_t) (ends[1] + (ends[2] - ends[1]) / 2), f);
    fclose (f);
    n = read_checked (bad, &damaged, &first);
    ok (n == 120 && damaged == 1 && first == 121, "truncated in the third "
	"member: %d articles (want 120), damaged from line %lu", n, first);
    f = fopen (bad, "wb");
    fwrite (buf, 1, (size_t) ends[0] - 20, f);
    fclose (f);
    n = read_checked (bad, &damaged, &first);
    ok (n == 0 && damaged == 1 && first == 1, "truncated single member: "
	"%d articles (want 0), damaged from line %lu", n, first);
    free (buf);
}

int
main (void)
{
    char plain[256], gz[256], trunc[256], nul[256], *err = NULL;
    FILE *f;

    if (!mkdtemp (dir)) {
	perror ("mkdtemp");
	return 1;
    }
    snprintf (plain, sizeof plain, "%s/a.jsonl", dir);
    snprintf (gz, sizeof gz, "%s/a.jsonl.gz", dir);
    snprintf (trunc, sizeof trunc, "%s/t.jsonl.gz", dir);
    snprintf (nul, sizeof nul, "%s/nul.jsonl", dir);

    f = fopen (plain, "w");
    fwrite (lines, 1, sizeof lines - 1, f);
    fclose (f);
    gzFile g = gzopen (gz, "wb");
    gzwrite (g, lines, sizeof lines - 1);
    gzclose (g);

    read_all (plain, "plain");
    read_all (gz, "gzip");

    /* Two gzip members, as cat a.gz b.gz makes, then zero bytes of
     * padding: one text, as zlib's gzread reads it. */
    char two[256];
    snprintf (two, sizeof two, "%s/two.jsonl.gz", dir);
    size_t half = strchr (lines + 100, '\n') - lines + 1;
    g = gzopen (two, "wb");
    gzwrite (g, lines, (unsigned) half);
    gzclose (g);
    g = gzopen (two, "ab");
    gzwrite (g, lines + half, (unsigned) (sizeof lines - 1 - half));
    gzclose (g);
    f = fopen (two, "ab");
    fwrite ("\0\0\0\0", 1, 4, f);
    fclose (f);
    read_all (two, "two gzip members");

    /* A first member that ends one byte before the reader's first read
     * of 256 KiB does: the second member's magic bytes come one in each
     * read.  Stored (level 0) gzip, its size found by trying. */
    char edge[256];
    snprintf (edge, sizeof edge, "%s/edge.jsonl.gz", dir);
    const long target = (256L << 10) - 1;
    long size = 0, pad = target - 100;
    for (int tries = 0; tries < 20 && size != target; tries++) {
	g = gzopen (edge, "wb0");
	gzprintf (g, "{\"id\": \"pad\", \"content\": \"");
	for (long i = 0; i < pad; i++)
	    gzputc (g, 'a');
	gzprintf (g, "\"}\n");
	gzclose (g);
	struct stat st;
	size = stat (edge, &st) == 0 ? (long) st.st_size : -1;
	pad += target - size;
    }
    g = gzopen (edge, "ab");
    gzprintf (g, "{\"id\": \"after\", \"content\": \"x\"}\n");
    gzclose (g);
    cari_reader_t *re = cari_reader_open (edge, &err);
    int n_edge = 0, after = 0;
    cari_article_t e;
    cari_read_t got_edge;
    while (re && (got_edge = cari_reader_next (re, &e)) != CARI_READ_END &&
	   got_edge != CARI_READ_IO_ERROR) {
	n_edge += got_edge == CARI_READ_ARTICLE;
	after |= got_edge == CARI_READ_ARTICLE && !strcmp (e.id, "after");
    }
    ok (size == target && n_edge == 2 && after,
	"a gzip member that ends a byte before a read: %d articles, the "
	"second member's read (first member %ld bytes)", n_edge, size);
    cari_reader_close (re);

    /* A truncated gzip file: its one member is damaged, none of its lines
     * is given (not even those before the cut). */
    f = fopen (gz, "rb");
    char buf[4096];
    size_t n = fread (buf, 1, sizeof buf, f);
    fclose (f);
    f = fopen (trunc, "wb");
    fwrite (buf, 1, n - 40, f);
    fclose (f);
    cari_reader_t *r = cari_reader_open (trunc, &err);
    cari_article_t a;
    cari_read_t got;
    int articles = 0;
    int damaged = 0;
    while ((got = cari_reader_next (r, &a)) != CARI_READ_END &&
	   got != CARI_READ_IO_ERROR) {
	articles += got == CARI_READ_ARTICLE;
	damaged += got == CARI_READ_DAMAGED;
    }
    ok (got == CARI_READ_END && damaged == 1 && articles == 0,
	"truncated gzip: %d articles, one damaged part: %s", articles,
	cari_reader_error (r));
    cari_reader_close (r);

    /* A raw NUL byte in a line. */
    f = fopen (nul, "wb");
    fwrite ("{\"id\":\"n\",\0\"content\":\"x\"}\n{\"id\":\"m\",\"content\":\"y\"}\n",
	    1, 52, f);
    fclose (f);
    r = cari_reader_open (nul, &err);
    got = cari_reader_next (r, &a);
    ok (got == CARI_READ_BAD_LINE && strstr (cari_reader_error (r), "NUL"),
	"raw NUL byte: line reported (%s)", cari_reader_error (r));
    got = cari_reader_next (r, &a);
    ok (got == CARI_READ_ARTICLE && !strcmp (a.id, "m") &&
	    cari_reader_line (r) == 2, "the next line is read");
    cari_reader_close (r);

    test_unreadable_and_dates ();
    test_damaged_gzip ();

    snprintf (buf, sizeof buf, "rm -rf '%s'", dir);
    if (system (buf) != 0)
	return 1;
    return tap_done ();
}
