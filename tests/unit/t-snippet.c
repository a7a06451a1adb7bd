/* t-snippet.c - passages and highlighting, with the real analyzer
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/snippet.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tests/tap.h"

static int
valid_utf8 (const char *s, size_t n)
{
    utf8proc_int32_t cp;
    for (size_t i = 0; i < n;) {
	utf8proc_ssize_t k = utf8proc_iterate ((const utf8proc_uint8_t *) s + i,
					       (utf8proc_ssize_t) (n - i), &cp);
	if (k <= 0)
	    return 0;
	i += (size_t) k;
    }
    return 1;
}

static size_t
chars (const char *s)
{
    size_t n = 0;
    for (; *s; s++)
	n += ((unsigned char) *s & 0xc0) != 0x80;
    return n;
}

/* The marked words of a snippet, joined by '|'. */
static const char *
marked (const cari_snippet_t *s)
{
    static char buf[1024];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->n_marks && o < sizeof buf - 100; i++)
	o += (size_t) snprintf (buf + o, sizeof buf - o, "%s%.*s", i ? "|" : "",
				(int) (s->marks[i].end - s->marks[i].start),
				s->text + s->marks[i].start);
    return buf;
}

/* Where snippets are cut: characters, spaces, regions, fragments. */
static void
test_cuts (cari_analyzer_t *an, const cari_highlighter_t *h)
{
    cari_snippet_t s;
    size_t o;

    /* Multi-byte text is never cut inside a character. */
    char utf[4096];
    o = 0;
    for (int i = 0; i < 200; i++)
	o += (size_t) sprintf (utf + o, "%s ", i % 7 ? "\xc3\xa9t\xc3\xa9" :
			       "\xe2\x80\x9ctingkat\xe2\x80\x9d");
    int all_valid = 1;
    for (size_t max = 5; max < 200; max += 7) {
	cari_snippet_make (an, h, utf, o, max, &s);
	all_valid &= valid_utf8 (s.text, s.len);
	cari_snippet_clear (&s);
    }
    ok (all_valid, "snippets of multi-byte text are valid UTF-8 at every length");

    /* Whitespace runs and newlines become one space. */
    const char *ws = "Baris\n\nkedua   tingkat\tketiga";
    cari_snippet_make (an, h, ws, strlen (ws), 0, &s);
    is_str (s.text, "Baris kedua tingkat ketiga", "whitespace runs collapsed");
    ok (s.n_marks == 1 && s.marks[0].start == 12 && s.marks[0].end == 19,
	"mark offsets refer to the collapsed text");
    cari_snippet_clear (&s);

    /* A long text is analysed only around its matches; regions that end
     * and start inside one long word must not give its words twice
     * (once a heap overflow).  Every filler length is tried. */
    int sound = 1;
    for (int k = 0; k < 60 && sound; k += 3)
	for (int wl = 5; wl < 90 && sound; wl += 7)
	    for (size_t max = 10; max < 60 && sound; max += 9) {
		char big[8192];
		size_t n = 0;
		n += (size_t) sprintf (big + n, "tingkat %.*s ", k + 1,
				       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
				       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
		for (int i = 0; i < wl; i++)
		    big[n++] = 'w';
		n += (size_t) sprintf (big + n, " meningkatkan");
		for (int i = 0; i < 40; i++)
		    n += (size_t) sprintf (big + n, " kalimat pengisi %d.", i);
		if (cari_snippet_make (an, h, big, n, max, &s) < 0) {
		    sound = 0;
		    break;
		}
		for (size_t i = 0; i < s.n_marks; i++)
		    sound &= s.marks[i].start < s.marks[i].end &&
			     s.marks[i].end <= s.len &&
			     (i == 0 || s.marks[i - 1].end <= s.marks[i].start);
		sound &= strlen (s.text) == s.len && valid_utf8 (s.text, s.len) &&
			 chars (s.text) <= max + 2 * wl + 90;
		cari_snippet_clear (&s);
	    }
    ok (sound, "long texts cut into regions: marks in order, inside the text");

    /* A text a little longer than the whole-analysis limit, without a
     * match: its start, read within its bounds (once read past them). */
    char *nomatch = strdup ("Kalimat pertama tanpa kata yang dicari. Kalimat kedua juga "
			    "tidak. Kalimat ketiga pun sama saja. Kalimat keempat "
			    "masih belum. Kalimat kelima tidak");
    cari_snippet_make (an, h, nomatch, strlen (nomatch), 40, &s);
    ok (!strncmp (s.text, "Kalimat pertama", 15) && s.n_marks == 0 &&
	chars (s.text) <= 50, "no match in a text 3-4 times max_chars: its start (%s)",
	s.text);
    cari_snippet_clear (&s);
    free (nomatch);

    /* Matches far apart: two fragments joined by " … ". */
    char far[4096];
    size_t fl = (size_t) sprintf (far, "Harga kopi tingkat dunia naik.");
    for (int i = 0; i < 30; i++)
	fl += (size_t) sprintf (far + fl, " Kalimat pengisi nomor %d.", i);
    fl += (size_t) sprintf (far + fl, " Volume ekspor Lampung juga naik.");
    for (int i = 0; i < 30; i++)
	fl += (size_t) sprintf (far + fl, " Penutup nomor %d.", i);
    cari_snippet_make (an, h, far, fl, 100, &s);
    is_str (marked (&s), "tingkat|ekspor",
	    "far apart matches: both shown (%s)", s.text);
    ok (strstr (s.text, " … Volume ekspor") != NULL,
	"two fragments joined by ' … '");
    ok (!strncmp (s.text, "Harga kopi", 10) && chars (s.text) <= 120,
	"fragments together about max_chars long (%zu chars)", chars (s.text));
    cari_snippet_clear (&s);
    cari_snippet_make (an, h, far, fl, 600, &s);
    ok (s.n_marks == 2 && chars (s.text) <= 610,
	"matches that fit one window: one fragment");
    cari_snippet_clear (&s);
}

/* A text of `lead`, then 30 filler sentences, then `match`, then 30 more:
 * long enough to be analysed only around its likely matches. */
static size_t
long_text (char *buf, const char *lead, const char *match)
{
    size_t n = (size_t) sprintf (buf, "%s", lead);
    for (int i = 0; i < 30; i++)
	n += (size_t) sprintf (buf + n, " Kalimat pengisi nomor %d.", i);
    n += (size_t) sprintf (buf + n, " %s", match);
    for (int i = 0; i < 30; i++)
	n += (size_t) sprintf (buf + n, " Penutup nomor %d.", i);
    return n;
}

/* The highlighter of one query term, its snippet of text into *s. */
static void
snippet_of (cari_analyzer_t *an, const char *term, const char *text,
	    size_t len, size_t max, cari_snippet_t *s)
{
    const char *terms[] = { term };
    cari_highlighter_t *h = cari_highlighter_create (terms, 1);
    cari_snippet_make (an, h, text, len, max, s);
    cari_highlighter_destroy (h);
}

/* Places that only look like matches (a stem inside another word) do not
 * take the passage away from the match; a word that is its own stem is
 * marked where it is part of a longer stem. */
static void
test_guesses (cari_analyzer_t *an)
{
    char buf[8192];
    cari_snippet_t s;
    size_t n;

    n = long_text (buf, "Di tempat itu, tempat ini, dan tempat lain ada tempat "
		   "baru.", "Wilayah itu diguncang gempa bumi kemarin.");
    snippet_of (an, "Zgempa", buf, n, 100, &s);
    is_str (marked (&s), "gempa", "gempa shown, not the empa of tempat (%s)",
	    s.text);
    cari_snippet_clear (&s);

    n = long_text (buf, "Kepada pada dan dalam pada kepada dada.",
		   "Di sana ada rumah.");
    snippet_of (an, "Zada", buf, n, 100, &s);
    is_str (marked (&s), "ada", "ada shown, not the da of pada (%s)", s.text);
    cari_snippet_clear (&s);

    const char *rep = "Keduanya masing-masing berasal dari kota lain.";
    snippet_of (an, "Zmasing", rep, strlen (rep), 0, &s);
    is_str (marked (&s), "masing|masing", "Zmasing marks masing-masing");
    cari_snippet_clear (&s);
}

/* No " … " between fragments that are adjacent in the text: texts of
 * filler words with the query's words at places a fixed generator picks,
 * at several lengths. */
static void
test_gaps (cari_analyzer_t *an)
{
    const char *terms[] = { "Zharga", "Zcabai", "Zpasok" };
    cari_highlighter_t *h = cari_highlighter_create (terms, 3);
    const char *fill[] = { "naik", "sedikit", "di", "pasar", "induk.",
			   "kota", "besar", "itu", "pada", "pagi.", "ketika",
			   "kemarin" };
    const char *keys[] = { "harga", "cabai", "pasokan" };
    int bogus = 0, lost = 0;
    unsigned seed = 1;
    char text[4096], flat[4096];

    for (int t = 0; t < 400; t++) {
	size_t n = 0;
	for (int i = 0; i < 120; i++) {
	    seed = seed * 1103515245u + 12345u;
	    unsigned r = (seed >> 16) % 100;
	    n += (size_t) sprintf (text + n, "%s%s", i ? " " : "",
				   r < 4 ? keys[r % 3] : fill[r % 12]);
	}
	cari_snippet_t s;
	cari_snippet_make (an, h, text, n, 60 + 20 * (size_t) (t % 4), &s);
	lost += strstr (text, "harga") && !s.n_marks;
	/* Each " … " inside: the text either side joined by a space must
	 * not be a piece of the text itself. */
	for (char *gap = strstr (s.text, " … "); gap;
	     gap = strstr (gap + 1, " … ")) {
	    size_t at = (size_t) (gap - s.text), skip = strlen (" … ");
	    const char *from = strncmp (s.text, "… ", 4) ? s.text : s.text + 4;
	    snprintf (flat, sizeof flat, "%.*s %s", (int) (s.text + at - from),
		      from, gap + skip);
	    char *end = strstr (flat, " …");
	    if (end && !strcmp (end, " …"))
		*end = '\0';
	    bogus += strstr (text, flat) != NULL;
	}
	cari_snippet_clear (&s);
    }
    ok (!lost, "a match shown in every passage (%d without)", lost);
    ok (!bogus, "no ' … ' between adjacent words (%d snippets had one)",
	bogus);
    cari_highlighter_destroy (h);
}

int
main (void)
{
    cari_analyzer_t *an = cari_analyzer_create ();
    const char *terms[] = { "Ztingkat", "tingkat", "XSdetik", "Qa1", "Sekspor" };
    cari_highlighter_t *h = cari_highlighter_create (terms, 5);
    cari_snippet_t s;
    char *out;

    ok (h && !cari_highlighter_is_empty (h), "highlighter from query terms");
    cari_highlighter_destroy (NULL);

    const char *text = "Mutu kopi harus ditingkatkan. Tingkat air dan "
		       "tingkatan mutu diperiksa. Ekspor naik.";
    ok (cari_snippet_make (an, h, text, strlen (text), 0, &s) == 0,
	"whole-text snippet");
    is_str (marked (&s), "ditingkatkan|Tingkat|tingkatan|Ekspor",
	    "every form sharing the stem is marked; title word too");
    is_str (s.text, text, "max_chars 0 keeps the whole text");
    out = cari_snippet_render (&s, "[", "]", 0);
    is_str (out, "Mutu kopi harus [ditingkatkan]. [Tingkat] air dan "
	    "[tingkatan] mutu diperiksa. [Ekspor] naik.", "plain render");
    free (out);
    cari_snippet_clear (&s);

    const char *xss = "Kode <script>alert(\"x\")</script> & tingkat 'aman'.";
    cari_snippet_make (an, h, xss, strlen (xss), 0, &s);
    out = cari_snippet_render (&s, "<mark>", "</mark>", 1);
    is_str (out, "Kode &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
	    "&amp; <mark>tingkat</mark> &#39;aman&#39;.",
	    "HTML render escapes the text, not the marks");
    free (out);
    cari_snippet_clear (&s);

    /* The densest passage is chosen, far from the start. */
    char longtext[8192];
    size_t o = 0;
    for (int i = 0; i < 40; i++)
	o += (size_t) sprintf (longtext + o, "Kalimat pengisi nomor %d. ", i);
    o += (size_t) sprintf (longtext + o, "Ekspor kopi meningkat karena "
			   "tingkat mutu ditingkatkan. ");
    for (int i = 0; i < 40; i++)
	o += (size_t) sprintf (longtext + o, "Kalimat penutup nomor %d. ", i);
    cari_snippet_make (an, h, longtext, o, 120, &s);
    ok (strstr (s.text, "Ekspor kopi") == s.text + strlen ("… "),
	"window starts at the sentence of the matches: %s", s.text);
    is_str (marked (&s), "Ekspor|meningkat|tingkat|ditingkatkan",
	    "its matches marked, meningkat too (the lexicon restores the t)");
    ok (chars (s.text) <= 120 + 4, "about max_chars long (%zu chars)",
	chars (s.text));
    ok (!strncmp (s.text, "… ", strlen ("… ")) &&
	    !strcmp (s.text + s.len - strlen (" …"), " …"),
	"ellipses on both cut ends");
    cari_snippet_clear (&s);

    /* No match: the start of the text. */
    const char *none = "Tidak ada kata yang dicari di sini sama sekali, "
		       "hanya kalimat biasa yang cukup panjang.";
    cari_snippet_make (an, h, none, strlen (none), 30, &s);
    ok (!strncmp (s.text, "Tidak ada", 9) && s.n_marks == 0,
	"no match: the text's start, nothing marked: %s", s.text);
    cari_snippet_clear (&s);

    test_cuts (an, h);
    test_guesses (an);
    test_gaps (an);

    cari_highlighter_destroy (h);
    cari_analyzer_destroy (an);
    return tap_done ();
}
