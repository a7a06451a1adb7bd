/* t-querylang.c - the query language's lexer (lib/querylang.c): date:
 * words, -word exclusions, joined words split; and the tiers it parses a
 * query into, on a small index of its own
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/querylang.h"

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
    char cmd[300];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system (cmd) != 0)
	printf ("# could not remove %s\n", dir);
    return tap_done ();
}
