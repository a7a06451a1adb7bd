/* t-querylang.c - the query language's lexer (lib/querylang.c): date:
 * words, -word exclusions, joined words split; and the tiers it parses a
 * query into, on a small index of its own
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/querylang.h"
#include "lib/synonyms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-querylang-XXXXXX";

/* text with its joined words split, into a static buffer. */
static const char *
split (const char *text)
{
    static char buf[256];
    snprintf (buf, sizeof buf, "%s", text);
    _cari_split_joined_words (buf, strlen (buf));
    return buf;
}

static void
test_joined_words (void)
{
    is_str (split ("episode/seri"), "episode seri", "a slash between letters");
    is_str (split ("Rusia-Ukraina"), "Rusia Ukraina",
	    "a hyphen between two names");
    is_str (split ("Bergen-Belsen kamp"), "Bergen Belsen kamp",
	    "a name's halves, with another word");
    is_str (split ("kupu-kupu"), "kupu-kupu", "reduplication stays");
    is_str (split ("sayur-mayur"), "sayur-mayur", "a compound stays");
    is_str (split ("Jokowi-Jokowi"), "Jokowi-Jokowi",
	    "a reduplicated name stays");
    is_str (split ("COVID-19"), "COVID-19", "a code with digits stays");
    is_str (split ("19/7 2007-2011"), "19/7 2007-2011", "numbers stay");
    is_str (split ("title:Rusia-Ukraina a@b/c www.x/y"),
	    "title:Rusia-Ukraina a@b/c www.x/y",
	    "a field:value, an e-mail and a host name stay as typed");
    is_str (split ("-Rusia banjir"), "-Rusia banjir",
	    "a leading hyphen (an exclusion) stays");
}

static void
test_hate (void)
{
    char love[64], hate[64];
    const char *q = "banjir -jakarta \"musim hujan\" -\"air bah\"";
    ok (_cari_split_hate (q, strlen (q), love, hate) == 1,
	"a query with -words is split");
    is_str (love, "banjir \"musim hujan\" ", "the words and phrases kept");
    is_str (hate, "jakarta \"air bah\" ", "the excluded ones, without '-'");
    q = "banjir jakarta";
    ok (_cari_split_hate (q, strlen (q), love, hate) == 0,
	"no -word: nothing to split");
    q = "(banjir OR hujan) -jakarta";
    ok (_cari_split_hate (q, strlen (q), love, hate) == 0,
	"brackets: left to Xapian's parser");
    q = "banjir NEAR/3 hujan -jakarta";
    ok (_cari_split_hate (q, strlen (q), love, hate) == 0,
	"an operator word: left to Xapian's parser");
    q = "a - b";
    ok (_cari_split_hate (q, strlen (q), love, hate) == 0,
	"a lone '-' excludes nothing");
}

static void
test_dates (void)
{
    char lo[9] = "", hi[9] = "", *bad = NULL;
    int negated = 0;
    char *rest = _cari_take_dates ("banjir date:2025-01..2025-06 AND hujan",
				   lo, hi, &bad, &negated);
    ok (rest != NULL, "date: words taken out");
    is_str (rest ? rest : "", "banjir  hujan", "the rest, the AND gone too");
    is_str (lo, "20250101", "from the range's first day");
    is_str (hi, "20250631", "to its last (day 31 of any month: a bound)");
    free (rest);
    lo[0] = hi[0] = '\0';
    rest = _cari_take_dates ("banjir -date:2025", lo, hi, &bad, &negated);
    ok (!rest && bad && negated, "a negated date: is refused (%s)",
	bad ? bad : "-");
    free (bad);
    rest = _cari_take_dates ("banjir date:kemarin", lo, hi, &bad, &negated);
    ok (!rest && bad && !negated && !strcmp (bad, "date:kemarin"),
	"a date: that is no date is refused");
    free (bad);
}

/* How many documents the query as cari parses it finds, and how many of
 * them hold every word (the first tier); -1 on error. */
static long
found (cx_search_t *s, const char *q, unsigned long *all)
{
    cx_hits_t *hits = NULL;
    long n = -1;
    if (!_cari_query_parse (s, q, strlen (q)) &&
	!cx_search_run (s, 0, 10, &hits)) {
	n = (long) cx_hits_count (hits);
	*all = cx_hits_estimate_all (hits);
    }
    cx_hits_destroy (hits);
    return n;
}

/* As found (), newest first: cx_search_sort_by_value on slot 0 (no
 * document has a value there: all tie).  The hits, their counts, and
 * whether they hold only some of the words (*some). */
static long
found_sorted (cx_search_t *s, const char *q, unsigned long *all,
	      unsigned long *any, int *some)
{
    cx_hits_t *hits = NULL;
    long n = -1;
    if (!_cari_query_parse (s, q, strlen (q)) &&
	!cx_search_sort_by_value (s, 0) &&
	!cx_search_run (s, 0, 10, &hits)) {
	n = (long) cx_hits_count (hits);
	*all = cx_hits_estimate_all (hits);
	*any = cx_hits_estimate (hits);
	*some = cx_hits_some_only (hits) && cx_hits_exact (hits, 0) &&
		cx_hits_exact (hits, 1);
    }
    cx_hits_destroy (hits);
    return n;
}

static void
test_tiers (void)
{
    static const char *const docs[] = {
	"rusia ukraina perang", "rusia saja", "ukraina saja", "banjir kpk",
    };
    char path[300];
    cx_db_t *db = NULL;
    cx_search_t *s = NULL;
    unsigned long all = 0;
    int added = 0;

    snprintf (path, sizeof path, "%s/db", dir);
    if (cx_db_open (path, CX_DB_WRITE, &db, NULL)) {
	ok (0, "create the index");
	return;
    }
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
	cx_doc_t *doc = NULL;
	char words[64], *w, *save = NULL;
	if (cx_doc_create (&doc))
	    break;
	snprintf (words, sizeof words, "%s", docs[i]);
	for (w = strtok_r (words, " ", &save); w;
	     w = strtok_r (NULL, " ", &save))
	    cx_doc_add_term (doc, w, strlen (w), 1);
	cx_doc_set_data (doc, docs[i], strlen (docs[i]));
	added += cx_db_add (db, doc) == 0;
	cx_doc_destroy (doc);
    }
    ok (added == 4 && cx_db_commit (db) == 0, "index 4 documents");
    ok (cx_search_create (db, NULL, NULL, &s) == 0, "a search");
    ok (found (s, "Rusia-Ukraina", &all) == 3 && all == 1,
	"Rusia-Ukraina: 3 with either name, 1 with both first");
    ok (found (s, "rusia ukraina", &all) == 3 && all == 1,
	"the same as two words");
    ok (found (s, "-kpk", &all) == 3,
	"-kpk alone: every document but the one with kpk");
    ok (found (s, "rusia -perang", &all) == 1,
	"rusia -perang: the one with rusia and not perang");
    ok (found (s, "(a AND", &all) == -1, "a syntax error is the binding's");
    unsigned long any = 0;
    int some = -1;
    ok (found_sorted (s, "rusia ukraina", &all, &any, &some) == 1 &&
	all == 1 && any == 3 && !some,
	"sorted: only the one with every word; counted as by relevance");
    ok (found_sorted (s, "rusia banjir", &all, &any, &some) == 3 &&
	all == 0 && any == 3 && some,
	"sorted, none with every word: those with some, and says so");
    cx_search_destroy (s);
    cx_db_destroy (db);
}

/* Write text to dir/name; returns the path (static). */
static const char *
write_file (const char *name, const char *text)
{
    static char path[300];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen (path, "w");
    if (f) {
	fputs (text, f);
	fclose (f);
    }
    return path;
}

/* The rewrite of q by syn, "(none)" when it is left as typed (static). */
static const char *
expand (const cari_synonyms_t *syn, const char *q)
{
    static char buf[512];
    int oom;
    char *x = _cari_synonyms_expand (syn, q, &oom);
    snprintf (buf, sizeof buf, "%s", oom ? "(oom)" : x ? x : "(none)");
    free (x);
    return buf;
}

/* lib/synonyms.c: the file read, and a query's forms rewritten. */
static void
test_synonyms (void)
{
    cari_synonyms_t *syn = NULL;
    char *error = NULL;
    const char *path = write_file ("syn.txt",
	"# a comment line\n"
	"\n"
	"KPK = Komisi Pemberantasan Korupsi   # the commission\n"
	"AS = Amerika Serikat\n"
	"DPR = Dewan Perwakilan Rakyat\n"
	"DPRD = Dewan Perwakilan Rakyat Daerah\n"
	"Polri = Kepolisian Negara Republik Indonesia\n"
	"Jabar = Jawa Barat\n"
	"PBB = Perserikatan Bangsa-Bangsa\n"
	"UGM = Universitas Gadjah Mada\n");
    cari_status_t st = cari_synonyms_load (path, &syn, &error);
    if (!ok (st == CARI_STATUS_SUCCESS && syn, "a synonyms file is read (%s)",
	     error ? error : "no error")) {
	free (error);
	return;
    }
    ok (cari_synonyms_groups (syn) == 8, "eight groups: comments and blank "
	"lines are skipped");
    char want[400];
    snprintf (want, sizeof want, "%s 8 ", path);
    ok (!strncmp (cari_synonyms_identity (syn), want, strlen (want)) &&
	strlen (cari_synonyms_identity (syn)) == strlen (want) + 3 + 1 + 16,
	"the identity is PATH GROUPS BYTES HASH (%s)",
	cari_synonyms_identity (syn));

    static const struct {
	const char *q, *want, *name;
    } cases[] = {
	{ "KPK", "(KPK OR \"Komisi Pemberantasan Korupsi\")",
	  "an abbreviation becomes its group" },
	{ "kpk suap", "(KPK OR \"Komisi Pemberantasan Korupsi\") suap",
	  "in lower case too, the other words kept" },
	{ "komisi pemberantasan korupsi suap",
	  "(KPK OR \"Komisi Pemberantasan Korupsi\") suap",
	  "the long form finds the abbreviation" },
	{ "\"Komisi Pemberantasan Korupsi\"",
	  "(KPK OR \"Komisi Pemberantasan Korupsi\")",
	  "the long form as a phrase" },
	{ "-KPK suap", "-KPK -\"Komisi Pemberantasan Korupsi\" suap",
	  "an excluded form excludes every form" },
	{ "(KPK OR polri)", "((KPK OR \"Komisi Pemberantasan Korupsi\") OR "
	  "(Polri OR \"Kepolisian Negara Republik Indonesia\"))",
	  "inside brackets and OR" },
	{ "date:2024 KPK", "date:2024 (KPK OR \"Komisi Pemberantasan "
	  "Korupsi\")", "a date: filter stays" },
	{ "dewan perwakilan rakyat daerah",
	  "(DPRD OR \"Dewan Perwakilan Rakyat Daerah\")",
	  "the longest form wins (DPRD over DPR)" },
	{ "Jawa Barat banjir", "(Jabar OR \"Jawa Barat\") banjir",
	  "a two-word form" },
	{ "AS", "(AS OR \"Amerika Serikat\")", "AS in capitals" },
	{ "as roda", "(none)", "as in lower case is the word as" },
	{ "title:KPK", "(none)", "a field's word stays" },
	{ "source:kpk", "(none)", "an outlet stays" },
	{ "KPK*", "(none)", "a wildcard stays" },
	{ "KPK NEAR suap", "(none)", "a word next to NEAR stays" },
	{ "suap ADJ KPK", "(none)", "a word next to ADJ stays" },
	{ "+KPK", "(none)", "a required word stays" },
	{ "komisi pemberantasan", "(none)", "part of a long form stays" },
	{ "komisi \"pemberantasan korupsi\"", "(none)",
	  "a long form split by quotes stays" },
	{ "banjir", "(none)", "no form: the query as typed" },
	{ "AS AS AS AS AS AS AS AS AS", "(AS OR \"Amerika Serikat\") "
	  "(AS OR \"Amerika Serikat\") (AS OR \"Amerika Serikat\") "
	  "(AS OR \"Amerika Serikat\") (AS OR \"Amerika Serikat\") "
	  "(AS OR \"Amerika Serikat\") (AS OR \"Amerika Serikat\") "
	  "(AS OR \"Amerika Serikat\") AS",
	  "at most 8 forms of a query are rewritten" },
	{ "Perserikatan Bangsa-Bangsa", "(PBB OR \"Perserikatan "
	  "Bangsa-Bangsa\")", "a form with a hyphen" },
	{ "universitas gajah mada", "(UGM OR \"Universitas Gajah Mada\")",
	  "a form in the old spelling is matched in today's" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
	is_str (expand (syn, cases[i].q), cases[i].want, "%s: %s",
		cases[i].name, cases[i].q);
    is_str (expand (NULL, "KPK"), "(none)", "no synonyms: as typed");

    /* Random queries of the forms' words, operators and odd bytes: the
     * rewrite stays within its text and keeps every byte it does not
     * rewrite (ASan sees the rest). */
    static const char *const bits[] = {
	"KPK", "kpk", "komisi", "pemberantasan", "korupsi", "(", ")", "\"",
	"-", "+", "*", ":", "title:", "NEAR", "ADJ/2", "AS", "as", " ", " ",
	"Bangsa-", "-Bangsa", "\xe2\x80\x99", "\xff", "Jawa", "Barat", "OR",
    };
    unsigned seed = 21, wrong = 0;
    for (int round = 0; round < 3000; round++) {
	char q[256] = "";
	size_t qn = 0;
	int parts = 1 + (int) ((seed = seed * 1103515245u + 12345u) >> 16) % 12;
	for (int k = 0; k < parts; k++) {
	    seed = seed * 1103515245u + 12345u;
	    const char *b = bits[(seed >> 16) % (sizeof bits / sizeof *bits)];
	    if (qn + strlen (b) + 1 < sizeof q) {
		memcpy (q + qn, b, strlen (b) + 1);
		qn += strlen (b);
	    }
	}
	int oom;
	char *x = _cari_synonyms_expand (syn, q, &oom);
	if (oom || (x && !strstr (x, "(KPK OR") && !strstr (x, "-KPK") &&
		    !strstr (x, "(AS OR") && !strstr (x, "-AS") &&
		    !strstr (x, "Jabar") && !strstr (x, "PBB")))
	    wrong++;
	free (x);
    }
    ok (!wrong, "3000 random queries: every rewrite holds a group (%u not)",
	wrong);
    cari_synonyms_destroy (syn);

    static const struct {
	const char *text, *want, *name;
    } bad[] = {
	{ "KPK = Komisi Pemberantasan Korupsi\nKPK Komisi\n", ":2: a group "
	  "needs two forms", "a line without '='" },
	{ "KPK =\n", ":1: a form is empty", "an empty form" },
	{ "KPK = A == B\n", ":1: a form is empty", "two '=' in a row" },
	{ "KPK = Komisi\nkpk = Korupsi\n", ":2: a form is already in another "
	  "group", "a form in two groups" },
	{ "KPK = K*\n", ":1: a form may hold only", "a form with a '*'" },
	{ "A = a b c d e f g h i\n", ":1: a form has more than 8 words",
	  "a form of too many words" },
	{ "\xff = x\n", ":1: a form is not valid UTF-8", "invalid UTF-8" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
	path = write_file ("bad.txt", bad[i].text);
	error = NULL;
	st = cari_synonyms_load (path, &syn, &error);
	ok (st == CARI_STATUS_ILLEGAL_ARGUMENT && !syn && error &&
	    !strncmp (error, path, strlen (path)) &&
	    strstr (error, bad[i].want), "%s: FILE:LINE and why (%s)",
	    bad[i].name, error ? error : "no error");
	free (error);
    }
    char longline[CARI_SYNONYM_MAX_LINE + 40];
    memset (longline, 'a', sizeof longline - 2);
    memcpy (longline, "A = ", 4);
    longline[sizeof longline - 2] = '\n';
    longline[sizeof longline - 1] = '\0';
    path = write_file ("long.txt", longline);
    error = NULL;
    st = cari_synonyms_load (path, &syn, &error);
    ok (st == CARI_STATUS_ILLEGAL_ARGUMENT && error &&
	strstr (error, ":1: the line is longer than 1024 bytes"),
	"a line over the cap (%s)", error ? error : "no error");
    free (error);
    error = NULL;
    st = cari_synonyms_load ("/nonexistent/syn.txt", &syn, &error);
    ok (st == CARI_STATUS_ILLEGAL_ARGUMENT && error &&
	strstr (error, "/nonexistent/syn.txt") && strstr (error, "--synonyms"),
	"a missing file is named, with what to do (%s)",
	error ? error : "no error");
    free (error);
}

int
main (void)
{
    if (!mkdtemp (dir)) {
	perror ("mkdtemp");
	return 1;
    }
    test_joined_words ();
    test_hate ();
    test_dates ();
    test_tiers ();
    test_synonyms ();
    char cmd[300];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system (cmd) != 0)
	printf ("# could not remove %s\n", dir);
    return tap_done ();
}
