/* t-reader.c - the JSON Lines reader on good, broken and empty lines
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "corpus/files.h"
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

/* The CMS fields (issue 21), as corpus/cms.h lists their forms. */

/* The fields of c as one line: author|rubrik|tag,tag|image. */
static const char *
cms_line (const cari_cms_t *c)
{
    static char buf[4096];
    size_t n;

    if (!c)
	return "(none)";
    n = (size_t) snprintf (buf, sizeof buf, "%s|%s|",
			   c->author ? c->author : "-",
			   c->rubrik ? c->rubrik : "-");
    for (size_t i = 0; i < c->n_tags && n < sizeof buf; i++)
	n += (size_t) snprintf (buf + n, sizeof buf - n, "%s%s", i ? "," : "",
				c->tags[i]);
    if (n < sizeof buf)
	snprintf (buf + n, sizeof buf - n, "|%s", c->image ? c->image : "-");
    return buf;
}

static void
test_cms_jsonl (void)
{
    static const char *const lines[][2] = {
	{ "{\"id\":\"s\",\"content\":\"x\",\"author\":\"  Budi\\n Santoso \","
	  "\"rubrik\":\"Sepak Bola\",\"tags\":[\"Timnas\",\"Piala AFF\"],"
	  "\"image\":\"https://i.example/a.jpg\"}",
	  "Budi Santoso|Sepak Bola|Timnas,Piala AFF|https://i.example/a.jpg" },
	{ "{\"id\":\"a\",\"content\":\"x\",\"author\":[\"Ani\",{\"name\":"
	  "\"Rudi\"},7],\"section\":\"Ekonomi\",\"keywords\":\"cabai, harga "
	  "pangan,,cabai\",\"image_url\":\"http://i.example/b.jpg\"}",
	  "Ani, Rudi|Ekonomi|cabai,harga pangan|http://i.example/b.jpg" },
	{ "{\"id\":\"o\",\"content\":\"x\",\"author\":{\"name\":\"Siti\"},"
	  "\"category\":[\"Politik\",\"Nasional\"],\"kanal\":\"Lain\","
	  "\"thumbnail\":{\"url\":\"https://i.example/c.jpg\"}}",
	  "Siti|Politik||https://i.example/c.jpg" },
	{ "{\"id\":\"f\",\"content\":\"x\",\"rubrik\":null,\"kanal\":\"Kanal\","
	  "\"tags\":null,\"keywords\":[\"k1\"],\"image\":[\"ftp://x\","
	  "\"https://i.example/d.jpg\"]}",
	  "-|Kanal|k1|https://i.example/d.jpg" },
    };
    char path[256];
    FILE *f;

    snprintf (path, sizeof path, "%s/cms.jsonl", dir);
    f = fopen (path, "w");
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
	fprintf (f, "%s\n", lines[i][0]);
    fputs ("{\"id\":\"n\",\"content\":\"tanpa\"}\n", f);
    fputs ("{\"id\":\"b\",\"content\":\"x\",\"author\":5,\"tags\":{},"
	   "\"image\":\"javascript:alert(1)\"}\n", f);
    fclose (f);

    char *err = NULL;
    cari_reader_t *r = cari_reader_open (path, &err);
    cari_article_t a;
    for (size_t i = 0; r && i < sizeof lines / sizeof *lines; i++) {
	cari_read_t got = cari_reader_next (r, &a);
	/* The last one's ftp:// image is refused (and said) before the
	 * next of its array is taken. */
	ok (got == CARI_READ_ARTICLE && a.cms &&
	    !strcmp (cms_line (a.cms), lines[i][1]) &&
	    !*a.cms->warning == (i < 3),
	    "JSON Lines %s: %s", a.id, cms_line (a.cms));
    }
    ok (r && cari_reader_next (r, &a) == CARI_READ_ARTICLE && !a.cms,
	"JSON Lines without them: no CMS fields");
    ok (r && cari_reader_next (r, &a) == CARI_READ_ARTICLE && a.cms &&
	cari_cms_empty (a.cms) &&
	strstr (a.cms->warning, "field \"author\" must be") &&
	strstr (a.cms->warning, "field \"tags\" must be") &&
	strstr (a.cms->warning, "'javascript:alert(1)' is not an http:// or "
		"https:// URL"), "JSON Lines of wrong types, a non-http image: "
	"ignored, the article read: %s", a.cms ? a.cms->warning : "");
    cari_reader_close (r);
}

static void
test_cms_caps (void)
{
    cari_cms_t c;
    char big[3000];

    memset (&c, 0, sizeof c);
    /* 150 bytes of "é": the cut falls inside none of them. */
    for (int i = 0; i < 75; i++)
	memcpy (big + 2 * i, "\xc3\xa9", 2);
    cari_cms_set_rubrik (&c, big, 150);
    ok (c.rubrik && strlen (c.rubrik) == 100 &&
	cari_utf8_valid (c.rubrik, 100) && strstr (c.warning, "cut to the "
						   "first 100"),
	"a rubrik of 150 bytes: cut to 100 at a character's end");
    cari_cms_clear (&c);
    memset (big, 'a', 250);
    cari_cms_add_author (&c, big, 250);
    ok (c.author && strlen (c.author) == 200 && *c.warning,
	"an author of 250 bytes: cut to 200");
    cari_cms_add_author (&c, "Lagi", 4);
    ok (strlen (c.author) == 200 && strstr (c.warning, "'Lagi' is past"),
	"an author past the cap: dropped");
    cari_cms_clear (&c);
    /* Warnings past their 512 bytes: cut at a character's end wherever
     * the cut falls (fuzz-files found one cut inside an é). */
    int whole = 1;
    for (int len = 2; len <= 40; len++) {
	/* An ASCII letter when len is odd, then é's: the messages' lengths
	 * take every value, and so does where the last one is cut. */
	char name[48];
	memset (name, 'x', (size_t) len % 2);
	for (int i = len % 2; i + 2 <= len; i += 2)
	    memcpy (name + i, "\xc3\xa9", 2);
	memset (big, 'a', 200);
	cari_cms_add_author (&c, big, 200);
	for (int k = 0; k < 30; k++)
	    cari_cms_add_author (&c, name, (size_t) len);
	whole = whole && strlen (c.warning) > 400 &&
		cari_utf8_valid (c.warning, strlen (c.warning));
	cari_cms_clear (&c);
    }
    ok (whole, "warnings past their cap end with a whole character");
    for (int i = 0; i < 40; i++) {
	char tag[16];
	snprintf (tag, sizeof tag, "tag%d", i);
	cari_cms_add_tag (&c, tag, strlen (tag));
    }
    cari_cms_add_tag (&c, "TAG1", 4);
    ok (c.n_tags == 32 && !strcmp (c.tags[31], "tag31") &&
	strstr (c.warning, "more than 32 tags; 'tag32'"),
	"40 tags: the first 32 kept");
    cari_cms_clear (&c);
    cari_cms_add_tags (&c, "Timnas, timnas ,TIMNAS", 22);
    memset (big, 'b', 120);
    cari_cms_add_tag (&c, big, 120);
    ok (c.n_tags == 2 && !strcmp (c.tags[0], "Timnas") &&
	strlen (c.tags[1]) == 100, "one tag said thrice; a tag cut to 100");
    cari_cms_clear (&c);
    memcpy (big, "https://i.example/", 18);
    memset (big + 18, 'c', 2100);
    int taken = 1;
    cari_cms_set_image (&c, big, 2118, &taken);
    ok (!taken && !c.image && strstr (c.warning, "2118 bytes"),
	"an image URL over 2048 bytes: dropped");
    cari_cms_clear (&c);
    static const char *const refused[] = { "ftp://x/y.jpg", "/img/a.jpg",
					   "data:image/png;base64,AAAA",
					   "https://", "javascript:x" };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
	cari_cms_set_image (&c, refused[i], strlen (refused[i]), &taken);
	ok (!taken && !c.image, "image '%s' refused", refused[i]);
    }
    cari_cms_set_image (&c, "HTTPS://I.example/a.jpg", 23, &taken);
    ok (taken && c.image, "HTTPS:// in capitals taken");
    cari_cms_clear (&c);
    cari_cms_add_author (&c, "\xff\xfe", 2);
    ok (!c.author && strstr (c.warning, "not valid UTF-8"),
	"an author that is not UTF-8: dropped");
    cari_cms_clear (&c);
}

/* An HTML page of head (and a body), read: its CMS fields as a line. */
static const char *
html_cms (const char *head, char *warning, size_t size)
{
    static char line[4096];
    char page[8192];
    cari_file_article_t fa;
    const char *why = NULL;

    snprintf (page, sizeof page, "<html><head><title>T</title>%s</head>"
	      "<body><p>Isi berita.</p></body></html>", head);
    if (cari_html_article (page, strlen (page), "p", &fa, &why) < 0)
	return why;
    snprintf (line, sizeof line, "%s", cms_line (fa.a.cms));
    if (warning)
	snprintf (warning, size, "%s", fa.a.cms ? fa.a.cms->warning : "");
    cari_file_article_free (&fa);
    return line;
}

static void
test_cms_html (void)
{
    char warning[600];

    is_str (html_cms ("<meta name=\"author\" content=\"Dewi Kartika\">"
		      "<meta property=\"article:author\" content=\"Lain\">"
		      "<meta property=\"article:section\" content=\"Olahraga\">"
		      "<meta property=\"article:tag\" content=\"Timnas\">"
		      "<meta property=\"article:tag\" content=\"Bulu Tangkis\">"
		      "<meta name=\"keywords\" content=\"a, b\">"
		      "<meta property=\"og:image\" content=\"https://i.example/"
		      "h.jpg?a=1&amp;b=2\">", NULL, 0),
	    "Dewi Kartika|Olahraga|Timnas,Bulu Tangkis|"
	    "https://i.example/h.jpg?a=1&b=2", "HTML meta tags");
    is_str (html_cms ("<meta property=\"article:author\" content=\"https://"
		      "fb.example/dewi\"><meta name=\"news_keywords\" content="
		      "\"banjir, kudus\"><meta name=\"keywords\" content=\"x\">",
		      NULL, 0),
	    "-|-|banjir,kudus|-",
	    "article:author that is a URL is no name; news_keywords first");
    is_str (html_cms ("<script type=\"application/ld+json\">{\"@type\":"
		      "\"NewsArticle\",\"author\":[{\"@type\":\"Person\","
		      "\"name\":\"Ani\"},{\"name\":\"Budi\"}],"
		      "\"articleSection\":[\"Ekonomi\"],\"keywords\":\"inflasi,"
		      " harga\",\"image\":[\"https://i.example/1.jpg\","
		      "\"https://i.example/2.jpg\"]}</script>", NULL, 0),
	    "Ani, Budi|Ekonomi|inflasi,harga|https://i.example/1.jpg",
	    "JSON-LD NewsArticle: author array, section array, image array");
    is_str (html_cms ("<script type=\"application/ld+json\">{\"@context\":"
		      "\"https://schema.org\",\"@graph\":[{\"@type\":"
		      "\"WebPage\",\"author\":\"Bukan\"},{\"@type\":["
		      "\"ReportageNewsArticle\"],\"author\":{\"name\":\"Rina\"},"
		      "\"keywords\":[\"k1\",\"k2\"],\"image\":{\"@type\":"
		      "\"ImageObject\",\"url\":\"https://i.example/g.jpg\"}}]}"
		      "</script>", NULL, 0),
	    "Rina|-|k1,k2|https://i.example/g.jpg",
	    "JSON-LD in @graph, @type an array, image an object");
    is_str (html_cms ("<script type=\"application/ld+json\">[{\"@type\":"
		      "\"Organization\",\"name\":\"X\"},{\"@type\":\"Article\","
		      "\"articleSection\":\"Opini\"}]</script>", NULL, 0),
	    "-|Opini||-", "JSON-LD: an array of objects");
    is_str (html_cms ("<meta name=\"author\" content=\"Meta\">"
		      "<meta property=\"og:image\" content=\"/rel.jpg\">"
		      "<script type=\"application/ld+json\">{\"@type\":"
		      "\"NewsArticle\",\"author\":\"LD\",\"articleSection\":"
		      "\"LD rubrik\",\"image\":\"https://i.example/ld.jpg\"}"
		      "</script>", warning, sizeof warning),
	    "Meta|LD rubrik||https://i.example/ld.jpg",
	    "meta wins, JSON-LD fills the rest (a relative og:image refused)");
    ok (strstr (warning, "'/rel.jpg' is not an http:// or https:// URL") !=
	NULL, "the refused og:image said: %s", warning);
    is_str (html_cms ("<script type=\"application/ld+json\">{not json"
		      "</script><script type=\"text/javascript\">{\"@type\":"
		      "\"NewsArticle\",\"author\":\"X\"}</script>", NULL, 0),
	    "(none)", "broken JSON-LD and other scripts: nothing");
}

static void
test_cms_text (void)
{
    static const char text[] =
	"Judul artikel\n"
	"Date: 2025-01-02\n"
	"Penulis: Rina Wati\n"
	"Author: Budi\n"
	"Rubrik: Sepak Bola\n"
	"Tags: Timnas, Liga 1\n"
	"Image: https://i.example/t.jpg\n"
	"\n"
	"Isi berita.\n";
    cari_file_article_t fa;
    const char *why = NULL;

    ok (cari_text_article (text, sizeof text - 1, "t", &fa, &why) == 0 &&
	!strcmp (fa.a.date8, "20250102") &&
	strstr (fa.a.content, "Isi berita.") != NULL,
	"text with CMS headers: read");
    is_str (cms_line (fa.a.cms),
	    "Rina Wati, Budi|Sepak Bola|Timnas,Liga 1|https://i.example/t.jpg",
	    "text headers Penulis:, Author:, Rubrik:, Tags:, Image:");
    cari_file_article_free (&fa);
    static const char plain[] = "Judul\nSource: X\n\nRubrik: bukan header\n";
    ok (cari_text_article (plain, sizeof plain - 1, "t", &fa, &why) == 0 &&
	!fa.a.cms && strstr (fa.a.content, "Rubrik: bukan"),
	"a Rubrik: line in the body is body text");
    cari_file_article_free (&fa);
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
    test_cms_jsonl ();
    test_cms_caps ();
    test_cms_html ();
    test_cms_text ();
    test_damaged_gzip ();

    snprintf (buf, sizeof buf, "rm -rf '%s'", dir);
    if (system (buf) != 0)
	return 1;
    return tap_done ();
}
