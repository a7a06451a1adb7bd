/* t-related.c - the related articles of an article (lib/related.c):
 * itself, its reposts (same title) and its wire copies (same group in
 * value slot 5) left out, the subject found, filters, unknown ids
 *
 * The index is written here through the binding and the schema's own
 * document builder, so that slot 5 holds a group key, as the wire-copy
 * detection of issue 21 will write it.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "lib/schema.h"
#include "xapian-c/xapian-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-related-XXXXXX";

/* Articles written for this test: four about the floods of one week in
 * Bekasi and Karawang, the rest about other things. */
static const struct {
    const char *id, *title, *source, *date, *group, *content;
} articles[] = {
    { "banjir-1", "Banjir Rendam Ribuan Rumah di Bekasi", "Kabar Kota",
      "2025-03-04", "wire-banjir",
      "Banjir merendam ribuan rumah warga di Bekasi setelah hujan deras "
      "mengguyur sejak malam. Air sungai Cikeas meluap dan ketinggian "
      "genangan mencapai dua meter di perumahan warga. Petugas BPBD "
      "mengevakuasi warga dengan perahu karet ke posko pengungsian." },
    /* its repost: the same title on another outlet */
    { "banjir-1-repost", "Banjir Rendam Ribuan Rumah di Bekasi",
      "Portal Lain", "2025-03-04", NULL,
      "Banjir merendam ribuan rumah warga di Bekasi setelah hujan deras. "
      "Sungai Cikeas meluap, genangan dua meter, BPBD mengevakuasi warga "
      "dengan perahu karet ke posko pengungsian." },
    /* its wire copy: another title, the same group */
    { "banjir-1-wire", "Ribuan Rumah Warga Bekasi Terendam Banjir",
      "Warta Daerah", "2025-03-04", "wire-banjir",
      "Ribuan rumah warga di Bekasi terendam banjir setelah hujan deras. "
      "Sungai Cikeas meluap dan genangan mencapai dua meter; petugas BPBD "
      "mengevakuasi warga dengan perahu karet ke posko pengungsian." },
    /* the same story from another agency: another group */
    { "banjir-1-other", "Cikeas Meluap, Warga Bekasi Mengungsi",
      "Berita Timur", "2025-03-05", "wire-lain",
      "Sungai Cikeas meluap dan banjir merendam rumah warga Bekasi. "
      "Genangan mencapai dua meter, warga mengungsi ke posko pengungsian "
      "dan BPBD menyiapkan perahu karet." },
    { "banjir-2", "Banjir Karawang: Warga Mengungsi ke Posko",
      "Kabar Kota", "2025-03-06", NULL,
      "Banjir juga melanda Karawang. Sungai Citarum meluap setelah hujan "
      "deras, ratusan rumah terendam dan warga mengungsi ke posko "
      "pengungsian. BPBD mengerahkan perahu karet untuk evakuasi." },
    { "banjir-3", "Hujan Deras, Genangan Setinggi Lutut di Jakarta Timur",
      "Warta Daerah", "2024-11-20", NULL,
      "Hujan deras membuat genangan setinggi lutut di Jakarta Timur. "
      "Petugas BPBD memantau sungai yang meluap dan menyiapkan posko "
      "pengungsian bagi warga yang rumahnya terendam banjir." },
    { "bola-1", "Persija Menang Dua Gol di Kandang", "Kabar Kota",
      "2025-03-04", NULL,
      "Persija menang dua gol tanpa balas atas tamunya. Gol pertama dicetak "
      "pada babak pertama lewat sundulan, gol kedua dari tendangan bebas. "
      "Pelatih memuji lini tengah yang menguasai bola." },
    { "cabai-1", "Harga Cabai Rawit Naik di Pasar Induk", "Warta Daerah",
      "2025-03-04", NULL,
      "Harga cabai rawit di pasar induk naik menjadi delapan puluh ribu "
      "rupiah per kilogram. Pedagang menyebut pasokan dari petani "
      "berkurang karena panen yang gagal." },
    { "sekolah-1", "Sekolah Baru Dibuka di Desa Sukamaju", "Berita Timur",
      "2025-02-01", NULL,
      "Sekolah dasar baru dibuka di Desa Sukamaju. Murid tidak lagi "
      "berjalan jauh ke desa tetangga, kata kepala desa dalam peresmian "
      "gedung sekolah itu." },
    /* Other news of those days, so that the floods' words are rare in
     * the index, as in an archive. */
    { "sidang-1", "Sidang Kasus Korupsi Bupati Ditunda", "Berita Timur",
      "2025-03-03", NULL,
      "Sidang kasus korupsi bupati ditunda sepekan karena saksi tidak "
      "hadir. Jaksa meminta hakim memanggil saksi itu secara paksa." },
    { "kereta-1", "Jadwal Kereta Api Mudik Lebaran Diumumkan", "Kabar Kota",
      "2025-02-20", NULL,
      "PT KAI mengumumkan jadwal kereta api untuk mudik lebaran. Tiket "
      "dapat dipesan mulai bulan depan melalui aplikasi." },
    { "saham-1", "Indeks Saham Ditutup Menguat", "Warta Daerah",
      "2025-03-04", NULL,
      "Indeks harga saham gabungan ditutup menguat didorong saham "
      "perbankan. Investor asing mencatat pembelian bersih." },
    { "vaksin-1", "Vaksinasi Campak untuk Anak Sekolah Dimulai",
      "Berita Timur", "2025-01-15", NULL,
      "Dinas kesehatan memulai vaksinasi campak bagi anak sekolah dasar. "
      "Orang tua diminta membawa kartu vaksin ke puskesmas." },
    { "film-1", "Film Horor Lokal Tembus Satu Juta Penonton", "Kabar Kota",
      "2025-02-10", NULL,
      "Film horor karya sutradara muda itu ditonton satu juta orang dalam "
      "sepekan. Produser menyiapkan sekuelnya tahun depan." },
    { "pemilu-1", "KPU Tetapkan Jadwal Pilkada Ulang", "Warta Daerah",
      "2025-02-28", NULL,
      "Komisi Pemilihan Umum menetapkan jadwal pilkada ulang di tiga "
      "kabupaten. Kampanye berlangsung dua pekan." },
    { "kopi-1", "Ekspor Kopi Gayo ke Eropa Meningkat", "Berita Timur",
      "2025-01-30", NULL,
      "Ekspor kopi Gayo ke Eropa meningkat tahun ini. Petani kopi menikmati "
      "harga yang lebih baik berkat sertifikasi organik." },
    { "gempa-1", "Gempa Magnitudo 5 Guncang Maluku", "Kabar Kota",
      "2025-02-14", NULL,
      "Gempa bermagnitudo 5 mengguncang Maluku pagi ini. BMKG menyatakan "
      "gempa tidak berpotensi tsunami dan warga diminta tetap tenang." },
};
#define N_ARTICLES (sizeof articles / sizeof articles[0])

/* Write the articles into a new index at path.  Returns 0 or -1. */
static int
write_index (const char *path)
{
    cari_analyzer_t *an = cari_analyzer_create ();
    cx_db_t *db = NULL;
    cx_doc_t *doc = NULL;
    char *why = NULL, *warn;
    int ret = -1;

    if (!an || cx_db_open (path, CX_DB_WRITE, &db, NULL) ||
	cari_schema_check (db, 1, &why) < 0 || cx_doc_create (&doc))
	goto done;
    warn = cari_lexicon_check (db, an, 1);
    free (warn);
    for (size_t i = 0; i < N_ARTICLES; i++) {
	cari_article_t a;
	char hash[17], q[64];
	memset (&a, 0, sizeof a);
	a.id = articles[i].id;
	a.url = "";
	a.title = articles[i].title;
	a.source = articles[i].source;
	a.date = articles[i].date;
	if (cari_parse_date (a.date, a.date8) < 0)
	    goto done;
	a.content = articles[i].content;
	a.content_len = strlen (a.content);
	cari_source_hash ("jsonl", "", a.content, a.content_len, hash);
	snprintf (q, sizeof q, CARI_PREFIX_ID "%s", a.id);
	if (cari_document_build (an, &a, doc, hash) ||
	    (articles[i].group &&
	     cx_doc_set_value (doc, CARI_SLOT_GROUP, articles[i].group,
			       strlen (articles[i].group))) ||
	    cx_db_replace (db, q, doc, NULL))
	    goto done;
    }
    ret = cx_db_commit (db) ? -1 : 0;
done:
    free (why);
    cx_doc_destroy (doc);
    cx_db_destroy (db);
    cari_analyzer_destroy (an);
    return ret;
}

/* The related articles of id with the filters of base: the ids of the
 * hits, space-separated, into buf; "error N: MESSAGE" on failure. */
static const char *
related (cari_searcher_t *s, const char *id, const cari_request_t *base,
	 cari_results_t **keep)
{
    static char buf[1024];
    cari_request_t req;
    cari_results_t *r = NULL;
    char *error = NULL;
    int st;

    if (base)
	req = *base;
    else
	memset (&req, 0, sizeof req);
    req.related_id = id;
    req.limit = 20;
    if ((st = cari_searcher_run (s, &req, &r, &error))) {
	snprintf (buf, sizeof buf, "error %d: %s", st, error ? error : "?");
	free (error);
	return buf;
    }
    buf[0] = '\0';
    for (size_t i = 0; i < r->n_hits; i++)
	snprintf (buf + strlen (buf), sizeof buf - strlen (buf), "%s%s",
		  i ? " " : "", r->hits[i].id);
    if (keep)
	*keep = r;
    else
	cari_results_destroy (r);
    return buf;
}

/* Whether the space-separated list holds id. */
static int
has (const char *list, const char *id)
{
    size_t n = strlen (id);
    for (const char *p = list; (p = strstr (p, id)); p += n)
	if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
	    return 1;
    return 0;
}

/* The rank (1 first) of id in the list, or 0. */
static int
rank_of (const char *list, const char *id)
{
    char copy[1024];
    int rank = 0;
    snprintf (copy, sizeof copy, "%s", list);
    for (char *t = strtok (copy, " "); t; t = strtok (NULL, " ")) {
	rank++;
	if (!strcmp (t, id))
	    return rank;
    }
    return 0;
}

/* The binding's relevance feedback (xapian-c/similar.cc) on its own. */
struct eterms {
    cx_db_t *db;
    size_t n;
    int rare, unkept, unordered;
    double last;
};

static int
keep_no_stems (void *ctx, const char *term, size_t len)
{
    (void) ctx;
    return len && term[0] != 'Z';
}

static void
check_eterm (void *ctx, const char *term, size_t len, double weight)
{
    struct eterms *e = ctx;
    char t[256];
    unsigned long freq = 0;
    snprintf (t, sizeof t, "%.*s", (int) len, term);
    cx_db_term_freq (e->db, t, &freq);
    e->rare += freq < 2;
    e->unkept += term[0] == 'Z';
    e->unordered += e->n && weight > e->last;
    e->last = weight;
    e->n++;
}

static void
test_binding (const char *path)
{
    cx_db_t *db = NULL;
    cx_query_t *q = (cx_query_t *) 1;
    unsigned docid = 7;
    char *data = (char *) 1;
    size_t len = 1;
    const char *two[] = { "banjir", "bekasi" };
    double bad[] = { 1, -1 };

    if (!ok (cx_db_open (path, CX_DB_READ, &db, NULL) == CX_STATUS_SUCCESS,
	     "binding: open the index"))
	return;
    ok (cx_db_find_doc (db, "Qtidak-ada", &docid, &data, &len) ==
	CX_STATUS_SUCCESS && docid == 0 && !data && len == 0,
	"cx_db_find_doc of a missing term: docid 0, no data");
    ok (cx_db_find_doc (db, "Qbanjir-2", &docid, &data, &len) ==
	CX_STATUS_SUCCESS && docid && data && len > 0 &&
	!strcmp (data, "banjir-2"),
	"cx_db_find_doc: the document and its data (the id first)");
    free (data);
    struct eterms e = { db, 0, 0, 0, 0, 0 };
    cx_status_t st = cx_db_expand (db, docid, 15, 2, keep_no_stems, NULL,
				   check_eterm, &e);
    ok (st == CX_STATUS_SUCCESS && e.n == 15 && !e.rare && !e.unkept &&
	!e.unordered,
	"cx_db_expand: 15 terms, best first, all kept and in 2+ documents "
	"(%zu, %d rare, %d not kept, %d out of order)", e.n, e.rare, e.unkept,
	e.unordered);
    ok (cx_db_expand (db, 0, 15, 2, NULL, NULL, check_eterm, &e) ==
	CX_STATUS_ILLEGAL_ARGUMENT, "cx_db_expand of no document: refused");
    ok (cx_query_terms (CX_OP_OR, two, NULL, 0, &q) ==
	CX_STATUS_ILLEGAL_ARGUMENT && !q, "cx_query_terms of none: refused");
    q = (cx_query_t *) 1;
    ok (cx_query_terms (CX_OP_OR, two, bad, 2, &q) ==
	CX_STATUS_ILLEGAL_ARGUMENT && !q,
	"cx_query_terms with a negative factor: refused");
    q = (cx_query_t *) 1;
    ok (cx_query_terms (CX_OP_AND_NOT, two, NULL, 2, &q) ==
	CX_STATUS_ILLEGAL_ARGUMENT && !q, "cx_query_terms of AND_NOT: refused");
    q = (cx_query_t *) 1;
    ok (cx_query_value_equals (CARI_SLOT_GROUP, "g", 0, &q) ==
	CX_STATUS_ILLEGAL_ARGUMENT && !q,
	"cx_query_value_equals of an empty value: refused");
    ok (cx_query_terms (CX_OP_AND, two, NULL, 2, &q) == CX_STATUS_SUCCESS &&
	q, "cx_query_terms of AND: a query");
    cx_query_destroy (q);
    cx_db_destroy (db);
}

int
main (void)
{
    char path[4096], *error = NULL;
    cari_searcher_t *s = NULL;
    cari_results_t *r = NULL;
    const char *got;

    if (!mkdtemp (dir)) {
	printf ("Bail out! mkdtemp\n");
	return 1;
    }
    snprintf (path, sizeof path, "%s/db", dir);
    if (!ok (write_index (path) == 0, "write the articles, slot 5 too") ||
	!ok (cari_searcher_open (path, &s, &error) == CARI_STATUS_SUCCESS,
	     "open the index (%s)", error ? error : "")) {
	printf ("Bail out! no index to search\n");
	return 1;
    }

    test_binding (path);

    got = related (s, "banjir-1", NULL, &r);
    ok (!strncmp (got, "banjir", 6) && !has (got, "banjir-1"),
	"the article itself is left out, a flood article first: %s", got);
    ok (!has (got, "banjir-1-repost"),
	"its repost (the same title) is left out: %s", got);
    ok (!has (got, "banjir-1-wire"),
	"its wire copy (the same group in slot 5) is left out: %s", got);
    int other = rank_of (got, "banjir-1-other");
    ok (other && (!has (got, "bola-1") || rank_of (got, "bola-1") > other) &&
	(!has (got, "cabai-1") || rank_of (got, "cabai-1") > other),
	"the same story of another group is kept, above other subjects: %s",
	got);
    ok (has (got, "banjir-2") && has (got, "banjir-3"),
	"the other floods are related: %s", got);
    int worst_flood = rank_of (got, "banjir-2") > rank_of (got, "banjir-3")
		      ? rank_of (got, "banjir-2") : rank_of (got, "banjir-3");
    ok ((!has (got, "bola-1") || rank_of (got, "bola-1") > worst_flood) &&
	(!has (got, "cabai-1") || rank_of (got, "cabai-1") > worst_flood) &&
	!has (got, "sekolah-1"),
	"other subjects rank below the floods, or not at all: %s", got);
    ok (r && r->related_to && !strcmp (r->related_to, "banjir-1") &&
	r->related_title &&
	!strcmp (r->related_title, "Banjir Rendam Ribuan Rumah di Bekasi"),
	"related_to and related_title name the article");
    ok (r && r->n_hits && r->hits[0].n_highlights > 0 &&
	r->hits[0].snippet_len > 0,
	"the first hit's snippet marks the article's terms (%zu marks)",
	r && r->n_hits ? r->hits[0].n_highlights : 0);
    json_t *j = r ? cari_results_json (r) : NULL;
    ok (j && !strcmp (json_string_value (json_object_get (j, "related_to")),
		      "banjir-1") &&
	!strcmp (json_string_value (json_object_get (j, "query")), "") &&
	json_string_value (json_object_get (j, "related_title")),
	"JSON: related_to, related_title, query \"\"");
    json_decref (j);
    cari_results_destroy (r);
    r = NULL;

    /* The wire copy's exclusion is its group's: the same text without a
     * group of its own (banjir-2 has none) excludes none. */
    got = related (s, "banjir-1-repost", NULL, NULL);
    ok (!has (got, "banjir-1") && has (got, "banjir-1-wire"),
	"a repost without a group: the same title left out, the wire copy "
	"kept: %s", got);

    cari_request_t f;
    memset (&f, 0, sizeof f);
    f.source = "kabar kota";
    got = related (s, "banjir-1", &f, NULL);
    ok (has (got, "banjir-2") && !has (got, "banjir-3") &&
	!has (got, "banjir-1-other") && !has (got, "banjir-1"),
	"source filter: only Kabar Kota's, still without itself: %s", got);
    memset (&f, 0, sizeof f);
    f.until = "2024-12";
    got = related (s, "banjir-1", &f, NULL);
    ok (!strcmp (got, "banjir-3"), "date filter: only 2024's: %s", got);
    memset (&f, 0, sizeof f);
    f.since = "2025-13";
    got = related (s, "banjir-1", &f, NULL);
    ok (!strncmp (got, "error 7:", 8) && strstr (got, "--since"),
	"a bad date filter: a user error naming it: %s", got);
    char plain[1024];
    snprintf (plain, sizeof plain, "%s", related (s, "banjir-2", NULL, NULL));
    memset (&f, 0, sizeof f);
    f.query = "persija";        /* not searched: the id decides */
    got = related (s, "banjir-2", &f, &r);
    ok (!strcmp (got, plain) && !has (got, "bola-1") && r &&
	!strcmp (r->query, ""),
	"a query beside the id is not searched, nor said: %s", got);
    cari_results_destroy (r);
    r = NULL;
    memset (&f, 0, sizeof f);
    f.sort_by_date = 1;         /* best first all the same */
    got = related (s, "banjir-2", &f, NULL);
    ok (!strcmp (got, plain), "sort_by_date does not apply: %s", got);

    got = related (s, "tidak-ada", NULL, NULL);
    char want[64];
    snprintf (want, sizeof want, "error %d: ", CARI_SEARCH_NOT_FOUND);
    ok (!strncmp (got, want, strlen (want)) && strstr (got, "'tidak-ada'"),
	"an unknown id: CARI_SEARCH_NOT_FOUND naming the id: %s", got);
    is_str (cari_status_to_string (CARI_STATUS_NOT_FOUND),
	    "no article has that id", "the status has its description");
    got = related (s, "", NULL, NULL);
    ok (!strncmp (got, "error 7:", 8) && strstr (got, "empty"),
	"an empty id: a user error: %s", got);
    char longid[300];
    memset (longid, 'x', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    got = related (s, longid, NULL, NULL);
    ok (!strncmp (got, "error 7:", 8) && strstr (got, "too long"),
	"a 299-byte id: a user error: %.60s", got);

    /* The related run leaves the next search as it was. */
    cari_request_t q;
    memset (&q, 0, sizeof q);
    q.query = "persija";
    q.limit = 5;
    ok (cari_searcher_run (s, &q, &r, &error) == 0 && r->n_hits == 1 &&
	!strcmp (r->hits[0].id, "bola-1") && !r->related_to,
	"a search after it: its own hits, no related_to");
    cari_results_destroy (r);

    cari_searcher_destroy (s);
    snprintf (path, sizeof path, "rm -rf '%s'", dir);
    if (system (path) != 0)
	printf ("# could not remove %s\n", dir);
    return tap_done ();
}
