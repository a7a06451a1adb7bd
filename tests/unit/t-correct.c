/* t-correct.c - the weighing of typo corrections (lib/correct.c), on a
 * real Xapian index written here
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/correct.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-correct.XXXXXX";

static double
dist (const char *typed, const char *meant)
{
    return _cari_typo_distance (typed, strlen (typed), meant, strlen (meant));
}

static void
test_distance (void)
{
    ok (dist ("gempa", "gempa") == 0, "a word is 0 from itself");
    ok (dist ("gemap", "gempa") < dist ("gemap", "genap"),
	"two letters swapped (gemap: gempa) cost less than a neighbouring "
	"key (genap)");
    ok (dist ("genap", "gemap") < dist ("gelap", "gemap"),
	"a neighbouring key (n for m) costs less than a far one (l for m)");
    ok (dist ("jokowu", "jokowi") < dist ("jokowa", "jokowi"),
	"u for i (neighbours) costs less than a for i");
    ok (dist ("prabwo", "prabowo") == 1.0,
	"a letter dropped (prabwo) costs one edit");
    ok (dist ("jakkarta", "jakarta") < dist ("jakxarta", "jakarta"),
	"a letter typed twice costs less than a stray one");
    ok (dist ("jakrta", "jakarta") > dist ("jakarrta", "jakarta"),
	"a doubled letter removed costs less than a letter dropped");
    ok (dist ("ramat", "rahmat") < dist ("rakat", "rahmat") &&
	dist ("rahmat", "ramat") < 1.0, "a dropped or added h costs less");
    ok (dist ("fositif", "positif") < dist ("gositif", "positif") &&
	dist ("zumat", "jumat") < dist ("rumat", "jumat") &&
	dist ("kamfus", "kampus") < 1.0 && dist ("ciamat", "kiamat") < 1.0
	&& dist ("vilm", "film") < 1.0 && dist ("kyai", "kiai") < 1.0,
	"f/p, v/f, z/j, c/k and y/i cost less than other letters");
    ok (dist ("bnanjir", "banjir") < dist ("bpanjir", "banjir"),
	"a key beside its neighbour pressed too costs less than a far one");
    ok (dist ("vanjir", "banjir") > dist ("bajnir", "banjir") &&
	dist ("vanjir", "banjir") > dist ("banjie", "banjir"),
	"an edit of the first letter costs more than one after it");
    ok (dist ("bnajir", "banjir") < dist ("banjir", "bajnirx"),
	"two edits cost more than one");
}

static void
test_score (void)
{
    ok (_cari_typo_score (1.0, 500) > _cari_typo_score (1.0, 50),
	"at the same distance the word more articles hold scores higher");
    ok (_cari_typo_score (0.4, 50) > _cari_typo_score (1.6, 500),
	"a close word scores higher than a far one ten times as frequent");
    ok (_cari_typo_score (dist ("gemap", "gempa"), 141) >
	_cari_typo_score (dist ("gemap", "genap"), 202),
	"gemap: gempa of 141 articles beats genap of 202");
}

/* An index of the given words, each in as many documents as its count. */
static cx_db_t *
make_index (const char *path)
{
    static const struct { const char *w; unsigned n; } words[] = {
	{ "gempa", 20 }, { "genap", 25 }, { "gelap", 30 },
	{ "prabowo", 30 }, { "prabwo", 1 },
	{ "banjir", 30 }, { "banjar", 3 }, { "banjur", 2 },
	{ "jakarta", 2 },
    };
    cx_db_t *db = NULL;
    int added = 0, wanted = 0;

    if (cx_db_open (path, CX_DB_WRITE, &db, NULL))
	return NULL;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
	for (unsigned k = 0; k < words[i].n; k++) {
	    cx_doc_t *doc = NULL;
	    wanted++;
	    if (cx_doc_create (&doc))
		continue;
	    added += !cx_doc_add_term (doc, words[i].w, strlen (words[i].w), 1)
		     && !cx_db_add (db, doc);
	    cx_doc_destroy (doc);
	}
    if (!ok (added == wanted && !cx_db_commit (db), "index %d documents",
	     wanted)) {
	cx_db_destroy (db);
	return NULL;
    }
    return db;
}

/* The correction of word (df its own count), or "" for none. */
static char *
correct (cx_db_t *db, const char *word, unsigned long df)
{
    static char got[64];
    char *out = NULL;

    strcpy (got, "(failed)");
    if (_cari_typo_correct (db, word, strlen (word), df, &out) == 0)
	snprintf (got, sizeof got, "%s", out ? out : "");
    free (out);
    return got;
}

static void
test_correct (cx_db_t *db)
{
    is_str (correct (db, "gemap", 0), "gempa",
	    "gemap (in no article): gempa, swapped, over genap and gelap "
	    "that more hold");
    is_str (correct (db, "banjr", 0), "banjir", "banjr: banjir");
    is_str (correct (db, "prabwo", 1), "prabowo",
	    "prabwo, in 1 article: prabowo, in 30");
    is_str (correct (db, "banjur", 2), "banjir",
	    "banjur, in 2 articles: banjir, in 30 (more than 10 times)");
    is_str (correct (db, "banjar", 3), "",
	    "banjar, in 3 articles, is what the reader meant: not corrected");
    is_str (correct (db, "jakrta", 0), "jakarta",
	    "jakrta: jakarta, in 2 articles (the fewest a correction may "
	    "have)");
    is_str (correct (db, "prabwo", 3), "",
	    "a word in 3 articles is never corrected");
    is_str (correct (db, "xyzzyq", 0), "", "no word near: no correction");
    is_str (correct (db, "gmp", 0), "",
	    "words under 4 letters are not corrected");
    is_str (correct (db, "gémap", 0), "",
	    "a word with letters beyond a-z is not corrected");
}

int
main (void)
{
    char path[256], cmd[300];
    cx_db_t *db;

    test_distance ();
    test_score ();
    if (!mkdtemp (dir)) {
	perror ("mkdtemp");
	return 1;
    }
    snprintf (path, sizeof path, "%s/db", dir);
    if ((db = make_index (path)))
	test_correct (db);
    cx_db_destroy (db);
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system (cmd) != 0)
	return 1;
    return tap_done ();
}
