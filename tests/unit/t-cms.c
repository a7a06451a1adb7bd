/* t-cms.c - the CMS fields in the index (lib/cms.c): the keys of rubriks
 * and tags, the query's field values folded, the document data's tail,
 * the terms and values of an article, and a search of them through cari.h
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-cms-XXXXXX";

static void
test_keys (void)
{
    static const char *const cases[][2] = {
	{ "  Sepak \t BOLA ", "sepak bola" },
	{ "Ékonomi", "ekonomi" },
	{ "Pemilu 2024", "pemilu 2024" },
	{ "Ma'ruf Amin", "maruf amin" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
	char *key = _cari_cms_key (cases[i][0], strlen (cases[i][0]));
	is_str (key, cases[i][1], "key of '%s'", cases[i][0]);
	free (key);
    }
    ok (_cari_cms_key ("\xff", 1) == NULL, "no key of bytes that are not "
	"UTF-8");
}

static void
test_fold_query (void)
{
    static const char *const cases[][2] = {
	{ "banjir rubrik:\"Sepak  Bola\" -tag:TimNas title:Banjir",
	  "banjir rubrik:\"sepak bola\" -tag:timnas title:Banjir" },
	{ "subrubrik:Olahraga Tag:X", "subrubrik:Olahraga Tag:X" },
	{ "(tag:AFF OR tag:Liga) author:Budi", "(tag:aff OR tag:liga) author:Budi" },
	{ "rubrik:\" Sepak Bola", "rubrik:\"sepak bola" },
	{ "tag:", "tag:" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
	char *q = strdup (cases[i][0]);
	_cari_cms_fold_query (q);
	is_str (q, cases[i][1], "folded: %s", cases[i][0]);
	free (q);
    }
}

static void
test_data (void)
{
    cari_cms_t c;
    size_t len;
    cari_fields_t f;
    static const char head[] = "id1\0https://x.example/1\0Judul\0"
			       "2025-01-02\0Warta\0Isi berita.";
    char data[1024];

    memset (&c, 0, sizeof c);
    ok (_cari_cms_data (&c, &len) == NULL && len == 0,
	"no CMS field: nothing after the content");
    ok (cari_document_fields (head, sizeof head - 1, &f) == 0 &&
	f.content_len == strlen ("Isi berita.") && !f.author && !f.rubrik &&
	!f.image && !f.n_tags, "data without them: as before, no fields");

    cari_cms_add_author (&c, "Budi Santoso", 12);
    cari_cms_set_rubrik (&c, "Sepak Bola", 10);
    cari_cms_add_tags (&c, "Timnas, Piala AFF", 17);
    cari_cms_set_image (&c, "https://img.example/a.jpg", 25, NULL);
    char *tail = _cari_cms_data (&c, &len);
    memcpy (data, head, sizeof head);   /* with the NUL after content */
    memcpy (data + sizeof head, tail, len);
    free (tail);
    ok (cari_document_fields (data, sizeof head + len, &f) == 0,
	"data with them: read");
    ok (f.content_len == strlen ("Isi berita.") &&
	!strcmp (f.source, "Warta"), "the content ends at the NUL");
    is_str (f.author, "Budi Santoso", "author");
    is_str (f.rubrik, "Sepak Bola", "rubrik");
    is_str (f.image, "https://img.example/a.jpg", "image");
    const char **tags = NULL;
    ok (f.n_tags == 2 && _cari_cms_tag_list (&f, &tags) == 0 &&
	!strcmp (tags[0], "Timnas") && !strcmp (tags[1], "Piala AFF"),
	"the tags, in order");
    free (tags);

    /* A field of a later cari is skipped; a damaged tail keeps what came
     * before the damage. */
    static const char later[] = "Xnew\0Rekonomi\0Kcut";
    memcpy (data + sizeof head, later, sizeof later - 1);
    cari_document_fields (data, sizeof head + sizeof later - 1, &f);
    ok (f.rubrik && !strcmp (f.rubrik, "ekonomi") && f.n_tags == 0 &&
	!f.author, "an unknown field skipped, a cut one left out");
    cari_cms_clear (&c);
}

/* Collects the terms of a db as one string. */
static int
add_term (void *ctx, const char *term, size_t len, unsigned long freq)
{
    FILE *f = ctx;
    fprintf (f, "%.*s:%lu ", (int) len, term, freq);
    return 0;
}

static char *
all_terms (cx_db_t *db)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream (&s, &n);
    cx_db_terms (db, "", add_term, f);
    fclose (f);
    return s;
}

/* A db at dir/name of the articles, claimed for this schema. */
static cx_db_t *
make_db (cari_analyzer_t *an, const char *name, const cari_article_t *a,
	 size_t n)
{
    char path[256];
    cx_db_t *db = NULL;
    cx_doc_t *doc = NULL;
    char hash[17] = "0123456789abcdef";

    snprintf (path, sizeof path, "%s/%s", dir, name);
    if (cx_db_open (path, CX_DB_WRITE, &db, NULL) || cx_doc_create (&doc))
	return NULL;
    cx_db_set_metadata (db, CARI_META_SCHEMA, CARI_SCHEMA_VERSION);
    cx_db_set_metadata (db, CARI_META_LEXICON,
			cari_analyzer_lexicon (an, NULL));
    for (size_t i = 0; i < n; i++) {
	if (cari_document_build (an, &a[i], doc, hash) ||
	    cx_db_add (db, doc))
	    return NULL;
    }
    cx_doc_destroy (doc);
    cx_db_commit (db);
    return db;
}

static const char *
hits (cari_searcher_t *s, const char *q, const char *rubrik, const char *tag)
{
    static char buf[256];
    cari_request_t req;
    cari_results_t *r = NULL;
    char *error = NULL;

    memset (&req, 0, sizeof req);
    req.query = q;
    req.limit = 10;
    req.rubrik = rubrik;
    req.tag = tag;
    if (cari_searcher_run (s, &req, &r, &error)) {
	snprintf (buf, sizeof buf, "error: %s", error);
	free (error);
	return buf;
    }
    buf[0] = '\0';
    for (size_t i = 0; i < r->n_hits; i++)
	snprintf (buf + strlen (buf), sizeof buf - strlen (buf), "%s%s",
		  i ? " " : "", r->hits[i].id);
    cari_results_destroy (r);
    return buf;
}

static void
test_index (void)
{
    cari_analyzer_t *an = cari_analyzer_create ();
    cari_cms_t c, warned;
    cari_article_t a[2];

    memset (&c, 0, sizeof c);
    memset (&warned, 0, sizeof warned);
    memset (a, 0, sizeof a);
    a[0] = (cari_article_t) { .id = "c1", .url = "", .title = "Timnas menang",
			      .source = "Warta", .date = "",
			      .content = "Timnas menang dua gol.",
			      .content_len = 22 };
    a[1] = (cari_article_t) { .id = "c2", .url = "", .title = "Banjir",
			      .source = "Warta", .date = "",
			      .content = "Banjir merendam desa.",
			      .content_len = 21 };
    /* Without CMS fields, and with only a warning: the same index. */
    cari_cms_set_image (&warned, "ftp://x/y.jpg", 13, NULL);
    ok (cari_cms_empty (&warned) && *warned.warning, "an image refused");
    cx_db_t *plain = make_db (an, "plain", a, 2);
    a[0].cms = &warned;
    cx_db_t *same = make_db (an, "same", a, 2);
    char *t1 = all_terms (plain), *t2 = all_terms (same);
    ok (plain && same && t1 && t2 && !strcmp (t1, t2),
	"an article without CMS fields is indexed as before");
    free (t1);
    free (t2);
    cx_db_destroy (plain);
    cx_db_destroy (same);

    cari_cms_add_author (&c, "Budi Santoso", 12);
    cari_cms_add_author (&c, "Dewi Kesuma", 11);
    cari_cms_set_rubrik (&c, "Sepak Bola", 10);
    cari_cms_add_tag (&c, "Piala AFF", 9);
    cari_cms_add_tag (&c, "Timnas", 6);
    a[0].cms = &c;
    cx_db_t *db = make_db (an, "cms", a, 2);
    unsigned long freq = 0;
    ok (db && !cx_db_term_freq (db, "Abudi", &freq) && freq == 1,
	"A<word> of the author");
    ok (!cx_db_term_freq (db, "ZAkesuma", &freq) && freq == 1 &&
	!cx_db_term_freq (db, "ZAsuma", &freq) && freq == 0,
	"a guessed stem: ZA<word>, the name's own (not ZAsuma)");
    ok (!cx_db_term_freq (db, "ZAbudi", &freq) && freq == 0,
	"a word that is its own stem: no ZA term (schema 6)");
    ok (!cx_db_term_freq (db, "budi", &freq) && freq == 0,
	"the author's words are not free text");
    ok (!cx_db_term_freq (db, "XRsepak bola", &freq) && freq == 1,
	"XR and the rubrik's key");
    ok (!cx_db_term_freq (db, "Kpiala aff", &freq) && freq == 1 &&
	!cx_db_term_freq (db, "Ktimnas", &freq) && freq == 1,
	"K and each tag's key");
    char *v = NULL;
    size_t vlen = 0;
    ok (!cx_db_get_value_by_term (db, "Qc1", CARI_SLOT_RUBRIK, &v, &vlen) &&
	v && !strcmp (v, "Sepak Bola"), "slot 3: the rubrik as written");
    free (v);
    v = NULL;
    ok (!cx_db_get_value_by_term (db, "Qc1", CARI_SLOT_TAGS, &v, &vlen) &&
	vlen == 17 && !memcmp (v, "Piala AFF\0Timnas\0", 17),
	"slot 4: the tags as written, each ended by a NUL");
    free (v);
    v = NULL;
    ok (!cx_db_get_value_by_term (db, "Qc2", CARI_SLOT_TAGS, &v, &vlen) &&
	v && vlen == 0, "no slot 4 without tags");
    free (v);
    cx_db_destroy (db);

    char path[256], *error = NULL;
    cari_searcher_t *s = NULL;
    snprintf (path, sizeof path, "%s/cms", dir);
    ok (cari_searcher_open (path, &s, &error) == CARI_STATUS_SUCCESS,
	"search it: %s", error ? error : "open");
    free (error);
    if (!s)
	return;
    is_str (hits (s, "author:budi", NULL, NULL), "c1", "author:budi");
    is_str (hits (s, "author:\"budi santoso\"", NULL, NULL), "c1",
	    "author:\"budi santoso\"");
    is_str (hits (s, "author:\"santoso dewi\"", NULL, NULL), "c1",
	    "two authors: one field, ', ' between");
    is_str (hits (s, "author:kesuma", NULL, NULL), "c1", "author:kesuma");
    is_str (hits (s, "author:suma", NULL, NULL), "",
	    "author:suma does not find Kesuma");
    is_str (hits (s, "rubrik:\"SEPAK BOLA\"", NULL, NULL), "c1",
	    "rubrik: in any case");
    is_str (hits (s, "menang tag:\"piala aff\"", NULL, NULL), "c1",
	    "tag: with words");
    is_str (hits (s, "desa OR menang -tag:timnas", NULL, NULL), "c2",
	    "-tag:");
    is_str (hits (s, "desa OR menang", "sepak bola", NULL), "c1",
	    "the rubrik filter");
    is_str (hits (s, "desa OR menang", NULL, "Timnas"), "c1",
	    "the tag filter");
    is_str (hits (s, "desa OR menang", "kuliner", NULL), "",
	    "a rubrik no article has: no hits");
    char long_tag[120];
    memset (long_tag, 'x', 101);
    long_tag[101] = '\0';
    ok (!strncmp (hits (s, "menang", NULL, long_tag),
		  "error: the tag (--tag, tag=) is 101 bytes", 41),
	"a tag over its cap is an error naming it");

    cari_request_t req;
    cari_results_t *r = NULL;
    memset (&req, 0, sizeof req);
    req.query = "desa OR menang";
    req.limit = 10;
    ok (!cari_searcher_run (s, &req, &r, &error) && r->n_hits == 2,
	"both articles");
    for (size_t i = 0; r && i < r->n_hits; i++) {
	const cari_hit_t *h = &r->hits[i];
	if (!strcmp (h->id, "c1"))
	    ok (h->author && !strcmp (h->author, "Budi Santoso, Dewi Kesuma") &&
		h->rubrik && !strcmp (h->rubrik, "Sepak Bola") &&
		h->n_tags == 2 && !strcmp (h->tags[1], "Timnas") && !h->image,
		"c1's hit has its CMS fields");
	else
	    ok (!h->author && !h->rubrik && !h->image && !h->n_tags &&
		!h->tags, "c2's hit has none");
    }
    json_t *j = r ? cari_results_json (r) : NULL;
    json_t *hits_j = json_object_get (j, "hits");
    for (size_t i = 0; i < json_array_size (hits_j); i++) {
	json_t *h = json_array_get (hits_j, i);
	const char *id = json_string_value (json_object_get (h, "id"));
	if (!strcmp (id, "c1"))
	    ok (json_array_size (json_object_get (h, "tags")) == 2 &&
		!json_object_get (h, "image"), "c1's JSON: tags, no image");
	else
	    ok (!json_object_get (h, "author") && !json_object_get (h, "tags"),
		"c2's JSON: no CMS keys");
    }
    json_decref (j);
    cari_results_destroy (r);
    cari_searcher_destroy (s);
    cari_cms_clear (&c);
    cari_cms_clear (&warned);
    cari_analyzer_destroy (an);
}

int
main (void)
{
    char cmd[128];

    if (!mkdtemp (dir))
	return 1;
    test_keys ();
    test_fold_query ();
    test_data ();
    test_index ();
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system (cmd) != 0)
	return 1;
    return tap_done ();
}
