/* t-copies.c - wire copies (lib/copies.c): the signature of a text, the
 * estimate of two texts' similarity, the thresholds, the band and group
 * terms, and the grouping of articles in one run (two threads sharing
 * the table, as a parallel build's workers) and across runs (the index)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/copies.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-copies-XXXXXX";

/* n words: words from..from+n-1 of a vocabulary "kata<prefix><k>", so
 * that two texts share exactly the words (and shingles) of their common
 * range. */
static char *
words (const char *prefix, int from, int n)
{
    size_t size = (size_t) n * 24 + 1, at = 0;
    char *s = malloc (size);
    if (s)
	*s = '\0';
    for (int k = from; s && k < from + n; k++)
	at += (size_t) snprintf (s + at, size - at, "%skata%s%d", at ? " " : "",
				 prefix, k);
    return s;
}

/* Two texts of 200 words sharing their first `shared`: the Jaccard
 * similarity of their 3-word shingles, exactly. */
static double
jaccard_of (int shared)
{
    int sa = 198, both = shared >= 3 ? shared - 2 : 0;
    return (double) both / (2 * sa - both);
}

/* The signature of a text of 200 words whose first `shared` are those of
 * words ("", 0, 200), the rest its own (prefix other). */
static void
sign_sharing (int shared, const char *other, _cari_sig_t *sig)
{
    char *b1 = words ("", 0, shared);
    char *b2 = words (other, shared, 200 - shared), *b = NULL;
    if (b1 && b2 && asprintf (&b, "%s %s", b1, b2) >= 0)
	_cari_copies_sign (b, strlen (b), sig);
    else
	memset (sig, 0, sizeof *sig);
    free (b);
    free (b1);
    free (b2);
}

static unsigned
estimate (int shared)
{
    char *a = words ("", 0, 200);
    _cari_sig_t sa, sb;
    _cari_copies_sign (a, strlen (a), &sa);
    free (a);
    sign_sharing (shared, "x", &sb);
    return _cari_copies_similarity (&sa, &sb);
}

static void
test_signature (void)
{
    const char *t = "Banjir merendam ratusan rumah di Lebak, setelah hujan "
		    "deras sejak Senin; 412 KK terdampak.";
    _cari_sig_t a, b, c;
    size_t n = _cari_copies_sign (t, strlen (t), &a);

    ok (n == 12, "a text of 14 words has 12 shingles of 3 (got %zu)", n);
    ok (n < CARI_COPIES_MIN_SHINGLES, "too few to be signed");
    _cari_copies_sign (t, strlen (t), &b);
    ok (memcmp (&a, &b, sizeof a) == 0, "the same text, the same signature");
    const char *u = "BANJIR merendam ratusan rumah di lebak setelah hujan "
		    "deras sejak senin 412 kk terdampak";
    _cari_copies_sign (u, strlen (u), &c);
    ok (_cari_copies_similarity (&a, &c) == 100,
	"case and punctuation do not count");
    const char *v = "Banjir merendam ratusan rumah di Lebak, setelah hujan "
		    "deras sejak Senin; 413 KK terdampak.";
    _cari_copies_sign (v, strlen (v), &c);
    ok (_cari_copies_similarity (&a, &c) < 100, "digits count (412, 413)");
    ok (_cari_copies_sign ("", 0, &c) == 0, "no text, no shingles");
}

static void
test_estimate (void)
{
    static const int shared[] = { 0, 40, 80, 100, 120, 150, 170, 190, 200 };
    double worst = 0, sum = 0;
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++) {
	double want = 100 * jaccard_of (shared[i]), got = estimate (shared[i]);
	double err = got > want ? got - want : want - got;
	sum += err;
	if (err > worst)
	    worst = err;
    }
    ok (estimate (200) == 100, "identical texts: 100%%");
    ok (estimate (0) == 0, "texts without a word in common: 0%%");
    ok (worst <= 15, "the estimate is within 15 points of the Jaccard "
	"similarity (worst %.1f)", worst);
    ok (sum / 9 <= 6, "and within 6 on average (%.1f)", sum / 9);
}

static void
test_thresholds (void)
{
    _cari_sig_t a, b;
    /* The Jaccard similarity of 200-word texts sharing 150 is 0.59, of
     * those sharing 190 0.90, of those sharing 60 0.18. */
    sign_sharing (200, "y", &a);
    sign_sharing (150, "y", &b);
    ok (_cari_copies_same_story (&a, "antaranews", &b, "tempo.co"),
	"59%% alike across outlets: one story");
    ok (!_cari_copies_same_story (&a, "detik", &b, "Detik"),
	"59%% alike within one outlet (named in either case): two stories");
    sign_sharing (190, "y", &b);
    ok (_cari_copies_same_story (&a, "detik", &b, "detik"),
	"90%% alike within one outlet: an updated version");
    sign_sharing (60, "y", &b);
    ok (!_cari_copies_same_story (&a, "antaranews", &b, "tempo.co"),
	"18%% alike across outlets: two stories");
}

static void
test_terms (void)
{
    char *t = words ("", 0, 100);
    _cari_sig_t a, b;
    char ta[CARI_COPIES_TERM_BYTES], tb[CARI_COPIES_TERM_BYTES];
    int same = 0;

    _cari_copies_sign (t, strlen (t), &a);
    b = a;
    b.h[0]++;                   /* one hash of band 0 differs */
    for (int band = 0; band < CARI_COPIES_BANDS; band++) {
	_cari_copies_band_term (&a, band, ta);
	_cari_copies_band_term (&b, band, tb);
	same += !strcmp (ta, tb);
    }
    ok (same == CARI_COPIES_BANDS - 1, "a hash that differs changes its "
	"band's term only (%d of %d the same)", same, CARI_COPIES_BANDS);
    _cari_copies_band_term (&a, 20, ta);
    ok (!strncmp (ta, "XW14", 4) && strlen (ta) == 12,
	"a band term: XW, the band in hex, 8 hex digits (%s)", ta);
    _cari_copies_group_term ("a1", ta);
    _cari_copies_group_term ("a1", tb);
    ok (!strcmp (ta, tb) && !strncmp (ta, "XW=", 3) && strlen (ta) == 19,
	"a group term: XW= and 16 hex digits of the key (%s)", ta);
    _cari_copies_group_term ("a2", tb);
    ok (strcmp (ta, tb) != 0, "another key, another term");
    free (t);
}

/* ------------------------------------------------------------------ */
/* Grouping: articles written to databases as the writer does           */

struct worker {
    _cari_copies_t *table;
    cx_db_t *db;                /* written to */
    cx_db_t *lookup;            /* looked up in, or NULL */
    const char *outlet;
    char prefix;                /* ids: PREFIX and the story's number */
    int from, n;
    cx_status_t status;
};

/* Story k: 150 words of its own, with an opening line of the outlet. */
static void
story (int k, const char *outlet, char **text)
{
    char p[16];
    snprintf (p, sizeof p, "s%dw", k);
    char *w = words (p, 0, 150);
    if (asprintf (text, "%s melaporkan: %s. Baca berita lain di %s.", outlet,
		  w, outlet) < 0)
	*text = NULL;
    free (w);
}

static void *
worker_main (void *arg)
{
    struct worker *w = arg;
    cari_analyzer_t *an = cari_analyzer_create ();
    cx_doc_t *doc = NULL;
    cx_status_t st = an && !cx_doc_create (&doc) ? CX_STATUS_SUCCESS
						: CX_STATUS_OUT_OF_MEMORY;
    for (int k = w->from; !st && k < w->from + w->n; k++) {
	char id[32], *text;
	snprintf (id, sizeof id, "%c%d", w->prefix, k);
	story (k, w->outlet, &text);
	cari_article_t a = { .id = id, .url = "", .title = "", .source =
			     w->outlet, .date = "", .content = text,
			     .content_len = text ? strlen (text) : 0 };
	st = text ? cari_document_build (an, &a, doc, "0123456789abcdef")
		  : CX_STATUS_OUT_OF_MEMORY;
	if (!st)
	    st = _cari_copies_mark (w->table, w->lookup, &a, doc);
	if (!st)
	    st = cx_db_add (w->db, doc);
	free (text);
    }
    if (!st)
	st = cx_db_commit (w->db);
    cx_doc_destroy (doc);
    cari_analyzer_destroy (an);
    w->status = st;
    return NULL;
}

static char *
key_of (cx_db_t *db, char prefix, int k)
{
    char q[32], *key = NULL;
    snprintf (q, sizeof q, "Q%c%d", prefix, k);
    cx_db_get_value_by_term (db, q, CARI_SLOT_GROUP, &key, NULL);
    return key;
}

static cx_db_t *
open_db (const char *name)
{
    char path[256];
    cx_db_t *db = NULL;
    snprintf (path, sizeof path, "%s/%s", dir, name);
    if (cx_db_open (path, CX_DB_WRITE_NO_SYNC, &db, NULL))
	return NULL;
    return db;
}

static void
test_grouping (void)
{
    _cari_copies_t *table = _cari_copies_create ();
    cx_db_t *d1 = open_db ("one"), *d2 = open_db ("two");
    struct worker w[2] = {
	{ table, d1, NULL, "antaranews", 'a', 0, 40, 0 },
	{ table, d2, NULL, "kompas.com", 'k', 0, 40, 0 },
    };
    pthread_t th[2];
    int joined = 0, apart = 1;

    if (!table || !d1 || !d2) {
	ok (0, "cannot create the test's databases in %s", dir);
	return;
    }
    for (int i = 0; i < 2; i++)
	pthread_create (&th[i], NULL, worker_main, &w[i]);
    for (int i = 0; i < 2; i++)
	pthread_join (th[i], NULL);
    ok (!w[0].status && !w[1].status, "two threads marked 40 stories each");
    for (int k = 0; k < 40; k++) {
	char *ka = key_of (d1, 'a', k), *kk = key_of (d2, 'k', k);
	char own_a[32], own_k[32];
	snprintf (own_a, sizeof own_a, "a%d", k);
	snprintf (own_k, sizeof own_k, "k%d", k);
	joined += ka && kk && !strcmp (ka, kk) &&
		  (!strcmp (ka, own_a) || !strcmp (ka, own_k));
	if (k > 0) {
	    char *prev = key_of (d1, 'a', k - 1);
	    apart &= prev && ka && strcmp (prev, ka) != 0;
	    free (prev);
	}
	free (ka);
	free (kk);
    }
    ok (joined == 40, "each story's two copies, one in each thread, share "
	"the key of the first marked (%d of 40)", joined);
    ok (apart, "different stories have different keys");
    _cari_copies_destroy (table);

    /* A later run (a table of its own) finds the group in the index. */
    table = _cari_copies_create ();
    cx_db_t *d3 = open_db ("three");
    struct worker later = { table, d3, d1, "tempo.co", 't', 5, 1, 0 };
    char *want = key_of (d1, 'a', 5);
    worker_main (&later);
    char *got = key_of (d3, 't', 5);
    ok (!later.status && got && want && !strcmp (got, want),
	"a later run joins a copy to the group the index holds (%s, %s)",
	got ? got : "-", want ? want : "-");
    free (got);
    free (want);
    unsigned long n = 0;
    char term[CARI_COPIES_TERM_BYTES];
    want = key_of (d1, 'a', 7);
    _cari_copies_group_term (want ? want : "", term);
    cx_db_term_freq (d1, term, &n);
    ok (n == 1, "the group term counts the group's articles in a "
	"database (%lu)", n);
    free (want);
    cx_db_destroy (d3);
    _cari_copies_destroy (table);
    cx_db_destroy (d1);
    cx_db_destroy (d2);
}

int
main (void)
{
    if (!mkdtemp (dir)) {
	printf ("Bail out! cannot create %s\n", dir);
	return 1;
    }
    test_signature ();
    test_estimate ();
    test_thresholds ();
    test_terms ();
    test_grouping ();
    char cmd[300];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system (cmd) != 0)
	printf ("# could not remove %s\n", dir);
    return tap_done ();
}
