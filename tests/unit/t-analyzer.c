/* t-analyzer.c - words, offsets, folding and stems of the analyzer
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "stemmer/analyzer.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tests/tap.h"

/* Tokens rendered as "folded:stem@start-end/pos" joined by spaces. */
struct render {
    char buf[4096];
    size_t n;
    int bad;                    /* a token broke an invariant */
    size_t len;
    unsigned last_pos;
};

static int
render (void *ctx, const cari_token_t *t)
{
    struct render *r = ctx;
    int n = snprintf (r->buf + r->n, sizeof r->buf - r->n, "%s%s:%.*s@%zu-%zu/%u",
		      r->n ? " " : "", t->folded, (int) t->stem_len, t->stem,
		      t->start, t->end, t->pos);
    if (n > 0 && (size_t) n < sizeof r->buf - r->n)
	r->n += (size_t) n;
    return 0;
}

/* How each token is written and whether its stem is a guess, as
 * "L"/"U"/"C"/"A" (lower, untold, capital, all capitals) and "?" . */
static int
render_case (void *ctx, const cari_token_t *t)
{
    struct render *r = ctx;
    if (r->n + 3 < sizeof r->buf) {
	r->buf[r->n++] = "LUCA"[t->written];
	if (t->guess)
	    r->buf[r->n++] = '?';
	r->buf[r->n++] = ' ';
	r->buf[r->n] = '\0';
    }
    return 0;
}

static const char *
written (cari_analyzer_t *an, const char *text)
{
    static struct render r;
    memset (&r, 0, sizeof r);
    cari_analyze (an, text, strlen (text), 1, render_case, &r);
    return r.buf;
}

static int
names (void *ctx, const char *folded, size_t len)
{
    (void) ctx;
    return len == 6 && !memcmp (folded, "lukaku", 6);
}

static const char *
analyze (cari_analyzer_t *an, const char *text, size_t len)
{
    static struct render r;
    memset (&r, 0, sizeof r);
    cari_analyze (an, text, len, 1, render, &r);
    return r.buf;
}

/* Invariants for any input: offsets in bounds and ordered, folded words
 * non-empty valid UTF-8 no longer than the limit, positions consecutive. */
static int
check (void *ctx, const cari_token_t *t)
{
    struct render *r = ctx;
    utf8proc_int32_t cp;
    if (t->start >= t->end || t->end > r->len || t->folded_len == 0 ||
	t->folded_len > CARI_MAX_WORD_BYTES || t->pos != r->last_pos + 1 ||
	strlen (t->folded) != t->folded_len)
	r->bad = 1;
    for (size_t i = 0; i < t->folded_len;) {
	utf8proc_ssize_t k = utf8proc_iterate (
	    (const utf8proc_uint8_t *) t->folded + i,
	    (utf8proc_ssize_t) (t->folded_len - i), &cp);
	if (k <= 0) {
	    r->bad = 1;
	    break;
	}
	i += (size_t) k;
    }
    r->last_pos = t->pos;
    return 0;
}

/* Random bytes never crash the analyzer and never break the invariants. */
static void
test_random_bytes (cari_analyzer_t *an)
{
    /* Random bytes never crash it and never break the invariants. */
    struct render r;
    char buf[512];
    int bad = 0;
    srand (7);
    for (int round = 0; round < 3000; round++) {
	size_t len = (size_t) (rand () % (int) sizeof buf);
	for (size_t k = 0; k < len; k++) {
	    int pick = rand () % 6;
	    buf[k] = pick == 0 ? (char) (rand () % 256)
		   : pick == 1 ? "\xc3\xa9\xe2\x80\x99\xf0\x9f\x98\x80"[rand () % 9]
		   : pick == 2 ? " .,'-/&"[rand () % 7]
		   : pick == 3 ? "0123456789"[rand () % 10]
		   : (char) ('A' + rand () % 58);
	}
	memset (&r, 0, sizeof r);
	r.len = len;
	cari_analyze (an, buf, len, 1, check, &r);
	bad |= r.bad;
    }
    ok (!bad, "3000 random byte strings: offsets, UTF-8 and positions sound");
}

/* How words are written, and the names an index learned. */
static void
test_written (cari_analyzer_t *an)
{
    size_t n;
    const char *s;

    /* How words are written: capitals count inside sentences only, and
     * not in a headline in Title Case. */
    is_str (written (an, "Kata Megawati di depan kader, partai harus turun "
		     "ke desa. Megawati bilang KPK juga datang"),
	    "U C L L L L L L L L U L A L L ",
	    "case inside and at the start of sentences");
    is_str (written (an, "Jokowi Resmikan Tol Baru di Bekasi"),
	    "U U? U U L U ", "a Title Case headline tells nothing");
    is_str (written (an, "ia memberikan bantuan kepada Persebaya"),
	    "L L L L C? ", "a stem no flag licenses is a guess");
    s = cari_analyzer_stem (an, "lukaku", 6, &n);
    ok (n == 4 && !memcmp (s, "luka", 4), "lukaku alone: luka + -ku");
    cari_analyzer_set_names (an, names, NULL);
    s = cari_analyzer_stem (an, "lukaku", 6, &n);
    ok (n == 6 && !memcmp (s, "lukaku", 6), "a name the index learned stays whole");
    s = cari_analyzer_stem (an, "meningkatkan", 12, &n);
    ok (n == 7 && !memcmp (s, "tingkat", 7), "a sure stem is not asked about");
    cari_analyzer_set_names (an, NULL, NULL);
}

/* The spelling before 1972 (stemmer/oldspelling.c): each rule both ways
 * (the old word and today's are one token), the words each rule must
 * leave alone, and the query's words rewritten with their case kept. */
static void
test_old_spelling (cari_analyzer_t *an)
{
    static const struct {
	const char *old, *now, *rule;
    } pairs[] = {
	{ "Soeharto", "Suharto", "oe>u" },
	{ "Soekarno", "Sukarno", "oe>u" },
	{ "Djakarta", "Jakarta", "dj>j" },
	{ "Djoko", "Joko", "dj>j" },
	{ "Tjikini", "Cikini", "tj>c" },
	{ "ketjil", "kecil", "tj>c" },
	{ "Sjahrir", "Syahrir", "sj>sy" },
	{ "masjarakat", "masyarakat", "sj>sy (the lexicon knows the new form)" },
	{ "Ichwan", "Ikhwan", "ch>kh (the lexicon knows the new form)" },
	{ "tachta", "takhta", "ch>kh (the lexicon knows the new form)" },
	{ "Njoto", "Nyoto", "nj>ny (first in a word)" },
	{ "njonja", "nyonya", "nj>ny (inside a word with a sure pair)" },
    };
    /* Today's words with the letters of a rule, kept as written. */
    static const char *const keep[] = {
	"menjadi", "banjir", "Penjaringan", "masjid", "transjakarta",
	"koefisien", "chat", "China", "Chelsea", "Joe", "Boeing", "ditjen",
	"letjen", "DJP", "DJ", "BPTJ", "oranje",
    };
    static char a[4096], b[4096];

    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
	snprintf (a, sizeof a, "%s", analyze (an, pairs[i].old,
					      strlen (pairs[i].old)));
	snprintf (b, sizeof b, "%s", analyze (an, pairs[i].now,
					      strlen (pairs[i].now)));
	/* the same word and stem; the offsets are each text's own */
	*strchr (a, '@') = *strchr (b, '@') = '\0';
	is_str (a, b, "%s: %s reads as %s", pairs[i].rule, pairs[i].old,
		pairs[i].now);
	size_t n;
	char *q = cari_analyzer_modernize_query (an, pairs[i].old,
						 strlen (pairs[i].old), &n);
	is_str (q, pairs[i].now, "%s: the query %s is searched as %s",
		pairs[i].rule, pairs[i].old, pairs[i].now);
	free (q);
	q = cari_analyzer_modernize_query (an, pairs[i].now,
					   strlen (pairs[i].now), &n);
	is_str (q, pairs[i].now, "%s: the query %s stays", pairs[i].rule,
		pairs[i].now);
	free (q);
    }
    for (size_t i = 0; i < sizeof keep / sizeof *keep; i++) {
	char low[64];
	size_t n = strlen (keep[i]);
	for (size_t k = 0; k <= n; k++)
	    low[k] = (char) (keep[i][k] >= 'A' && keep[i][k] <= 'Z'
			     ? keep[i][k] + 32 : keep[i][k]);
	size_t m = cari_analyzer_modernize (an, low, n);
	ok (m == n, "today's word %s is not changed", keep[i]);
    }
    const char *text = "SOEHARTO dan \"Djakarta 1950\" -Tjikini source:djarum";
    size_t n;
    char *q = cari_analyzer_modernize_query (an, text, strlen (text), &n);
    is_str (q, "SUHARTO dan \"Jakarta 1950\" -Cikini source:djarum",
	    "a query's words keep their case and operators; source: as typed");
    free (q);
    setenv ("CARI_OLD_SPELLING", "off", 1);
    cari_analyzer_t *off = cari_analyzer_create ();
    unsetenv ("CARI_OLD_SPELLING");
    ok (off && !strncmp (analyze (off, "Soeharto", 8), "soeharto:", 9),
	"CARI_OLD_SPELLING=off reads words as written");
    cari_analyzer_destroy (off);
}

int
main (void)
{
    static const struct {
	const char *text, *want, *name;
    } cases[] = {
	{ "Banjir rendam Bekasi", "banjir:banjir@0-6/1 rendam:rendam@7-13/2 "
	  "bekasi:bekasi@14-20/3", "words, offsets and positions" },
	{ "BEKASI Bekasi", "bekasi:bekasi@0-6/1 bekasi:bekasi@7-13/2",
	  "mixed case folds to lower case" },
	{ "  bermain\n\tmakanan", "bermain:main@2-9/1 makanan:makan@11-18/2",
	  "Snowball stems (bermain, makanan)" },
	{ "buku-buku", "buku:buku@0-4/1 buku:buku@5-9/2",
	  "hyphenated reduplication: two words at consecutive positions" },
	{ "Jum'at", "jumat:jumat@0-6/1",
	  "an apostrophe inside a word joins it and goes (Jum'at is jumat)" },
	{ "Jum\xe2\x80\x99" "at", "jumat:jumat@0-8/1",
	  "a typographic apostrophe inside a word goes too" },
	{ "Ma'ruf Maruf", "maruf:maruf@0-6/1 maruf:maruf@7-12/2",
	  "Ma'ruf and Maruf are one word" },
	{ "'kata'", "kata:kata@1-5/1", "quotes around a word are not part of it" },
	{ "19/7", "19:19@0-2/1 7:7@3-4/2", "19/7: two numbers, a phrase" },
	{ "Rp 2.000 dan 1,5", "rp:rp@0-2/1 2.000:2.000@3-8/2 dan:dan@9-12/3 "
	  "1,5:1,5@13-16/4", "digit groups stay one number" },
	{ "akhir. Lalu", "akhir:akhir@0-5/1 lalu:lalu@7-11/2",
	  "a full stop between words splits them" },
	{ "gelar S.H. dari", "gelar:gelar@0-5/1 sh:sh@6-9/2 dari:dari@11-15/3",
	  "dotted acronym S.H. becomes sh" },
	{ "\xc3\x89" "COLE", "ecole:ecole@0-6/1",
	  "non-ASCII capital folds, its accent goes" },
	{ "ka\xe2\x80\x8bta", "kata:kata@0-7/1",
	  "zero-width space inside a word is ignored" },
	{ "ab\xff\xfe" "cd", "ab:ab@0-2/1 cd:cd@4-6/2",
	  "invalid UTF-8 bytes separate words" },
	{ "ab\xe2\x80", "ab:ab@0-2/1", "truncated UTF-8 at the end is dropped" },
	{ "", "", "empty text: no words" },
	{ "?! ... -- //", "", "punctuation only: no words" },
    };
    cari_analyzer_t *an = cari_analyzer_create ();

    if (!ok (an != NULL, "create the analyzer"))
	return tap_done ();
    cari_analyzer_destroy (NULL);

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
	is_str (analyze (an, cases[i].text, strlen (cases[i].text)),
		cases[i].want, "%s", cases[i].name);

    is_str (analyze (an, "ab\0cd", 5), "ab:ab@0-2/1 cd:cd@3-5/2",
	    "a NUL byte separates words");

    /* The query loses the apostrophes the analyzer drops from words, and
     * keeps those that quote. */
    static const struct {
	const char *text, *want;
    } queries[] = {
	{ "Ma'ruf Amin", "Maruf Amin" },
	{ "Ma\xe2\x80\x99ruf \xc3\x89" "cole", "Maruf Ecole" },
	{ "'banjir' -Jum'at", "'banjir' -Jumat" },
	{ "x' 'y ''", "x' 'y ''" },
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
	size_t n = 0;
	char *q = cari_normalize_query (queries[i].text,
					strlen (queries[i].text), &n);
	is_str (q, queries[i].want, "the query %s as searched",
		queries[i].want);
	ok (q && n == strlen (q), "its length is given");
	free (q);
    }

    /* A word too long to index is dropped without a position. */
    char longw[200];
    memset (longw, 'a', 100);
    strcpy (longw + 100, " kata");
    is_str (analyze (an, longw, strlen (longw)), "kata:kata@101-105/1",
	    "a 100-letter word is dropped");

    /* Stems pinned: Snowball's known failures that the lexicon fixes,
     * reduplication, names, acronyms, numbers.  A change here is a change
     * of the index: make it on purpose. */
    static const struct {
	const char *text, *want;
    } stems[] = {
	{ "tingkat meningkatkan peningkatan ditingkatkan",
	  "tingkat tingkat tingkat tingkat" },
	{ "berita menteri mengatakan pasukan", "berita menteri kata pasukan" },
	{ "menangkap menahan memakan peningkatan penguatan",
	  "tangkap tahan makan tingkat kuat" },
	{ "pemerintah kebijakan pembangunan perusahaan keadaan",
	  "perintah bijak bangun usaha ada" },
	{ "buku-buku negara-negara", "buku buku negara negara" },
	{ "berbalas-balasan memanggil-manggil", "balas balas panggil panggil" },
	{ "kupu-kupu", "kupu-kupu kupu-kupu" },
	{ "Prabowo-Gibran", "prabowo gibran" },
	{ "ASEAN PBB KPK kerjasama", "asean pbb kpk kerjasama" },
	{ "Bekasi Suriah Kediri", "bekasi suriah kediri" },
	{ "kedua ketiganya", "dua tiga" },
	{ "diketahui mengetahui ketahuan", "tahu tahu tahu" },
	{ "ketidakpastian ketidakadilan", "pasti adil" },
	{ "sepuluh seratus kesepuluh", "sepuluh seratus sepuluh" },
	/* Accents of Latin letters go, other scripts' marks stay. */
	{ "Barthélemy Ötzi ＡＢＣ हिन्दी", "barthelemy otzi abc हिन्दी" },
	{ "19/7 2.000 21/10/2025", "19 7 2.000 21 10 2025" },
	/* URLs and e-mail addresses: their parts, at consecutive positions,
	 * so the query parser's phrase for the whole address finds them. */
	{ "https://kabar.example/berita redaksi@kabar.co.id",
	  "https kabar example berita redaksi kabar co id" },
    };
    for (size_t i = 0; i < sizeof stems / sizeof *stems; i++) {
	char got[512] = "";
	struct render rs;
	memset (&rs, 0, sizeof rs);
	cari_analyze (an, stems[i].text, strlen (stems[i].text), 1, render, &rs);
	/* keep only the stems: "folded:stem@..." */
	for (char *tok = strtok (rs.buf, " "); tok; tok = strtok (NULL, " ")) {
	    char *colon = strchr (tok, ':'), *at = strchr (tok, '@');
	    if (colon && at)
		snprintf (got + strlen (got), sizeof got - strlen (got), "%s%.*s",
			  *got ? " " : "", (int) (at - colon - 1), colon + 1);
	}
	is_str (got, stems[i].want, "stems of '%s'", stems[i].text);
    }

    const char *problem;
    cari_analyzer_lexicon (an, &problem);
    ok (problem == NULL, "the root lexicon is read (%s)",
	problem ? problem : "hunspell-id");

    size_t n;
    const char *s = cari_analyzer_stem (an, "ditemukan", 9, &n);
    ok (n == 4 && !memcmp (s, "temu", 4), "stem (ditemukan) = temu");

    test_written (an);
    test_random_bytes (an);
    test_old_spelling (an);

    cari_analyzer_destroy (an);
    return tap_done ();
}
