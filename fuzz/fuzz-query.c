/* fuzz-query.c - libFuzzer harness of the query language, through the
 * public interface (include/cari.h): parsing, filters and search over a
 * small index the harness builds at start-up in a scratch directory
 *
 * The input is up to seven lines: the query (any bytes, as cari-query
 * passes its arguments), then since, until and source (an empty line for
 * none), then "date" to sort newest first, then rubrik and tag (issue
 * 21: two of the articles have the CMS fields).  A search must succeed or fail
 * with a user error and a message; its hits must be well formed.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "fuzz/fuzz.h"

static cari_searcher_t *searcher;

/* Articles enough to give every part of a query something to match:
 * names, affixed words, dates over two years, three sources. */
static const char articles[] =
    "{\"id\":\"a1\",\"title\":\"Banjir rendam Jakarta\",\"source\":\"Kompas\","
    "\"date\":\"2025-01-15\",\"url\":\"https://k.id/1\",\"author\":\"Budi "
    "Santoso\",\"rubrik\":\"Metro\",\"tags\":[\"banjir\",\"Jakarta Utara\"],"
    "\"image\":\"https://k.id/1.jpg\",\"content\":\"Banjir "
    "merendam ribuan rumah di Jakarta Utara. Pemerintah provinsi "
    "mengerahkan petugas untuk membersihkan saluran.\"}\n"
    "{\"id\":\"a2\",\"title\":\"Gempa guncang Cianjur\",\"source\":\"Detik\","
    "\"date\":\"2024-11-21T08:30:00+07:00\",\"content\":\"Gempa bermagnitudo "
    "5,6 mengguncang Cianjur. Warga berlarian keluar rumah; BMKG "
    "memperingatkan gempa susulan.\"}\n"
    "{\"id\":\"a3\",\"title\":\"KPK periksa pejabat\",\"source\":\"Tempo\","
    "\"date\":\"2025-03-02\",\"content\":\"Komisi Pemberantasan Korupsi (KPK) "
    "memeriksa pejabat yang harus mempertanggungjawabkan anggaran. Joko "
    "Widodo meminta pemeriksaan yang terbuka.\"}\n"
    "{\"id\":\"a4\",\"title\":\"Harga beras naik\",\"source\":\"Kompas\","
    "\"date\":\"2024-06-30\",\"content\":\"Harga beras di pasar-pasar "
    "tradisional naik lagi. Pedagang berharap pemerintah menurunkan "
    "harga; kupu-kupu dan anak-anak tidak ada hubungannya.\"}\n"
    "{\"id\":\"a5\",\"title\":\"Timnas menang\",\"source\":\"Detik\","
    "\"author\":[{\"name\":\"Ani\"},\"Rudi Hartono\"],\"section\":\"Sepak "
    "Bola\",\"keywords\":\"timnas, piala aff\","
    "\"date\":\"2025-02\",\"content\":\"Tim nasional Indonesia "
    "memenangkan pertandingan di Stadion Gelora Bung Karno, Jakarta, "
    "dengan skor 2-1. Pelatih Shin Tae-yong puas.\"}\n";

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    const char *dir = fuzz_scratch ("query");
    char jsonl[4200], db[4200], *error = NULL;
    cari_writer_options_t o;
    cari_writer_t *w = NULL;

    (void) argc;
    (void) argv;
    snprintf (jsonl, sizeof jsonl, "%s/articles.jsonl", dir);
    snprintf (db, sizeof db, "%s/db", dir);
    fuzz_write_file (jsonl, articles, sizeof articles - 1);
    memset (&o, 0, sizeof o);
    o.batch = CARI_WRITER_DEFAULT_BATCH;
    o.jobs = 1;
    o.spelling = 1;
    o.quiet = 1;
    if (cari_writer_open (db, &o, &w, &error) != CARI_STATUS_SUCCESS)
	fprintf (stderr, "fuzz-query: %s\n", error ? error : "out of memory");
    FUZZ_CHECK (w != NULL);
    free (error);
    error = NULL;
    FUZZ_CHECK (cari_writer_begin (w) == 0 && cari_writer_prepare (w) == 0 &&
		cari_writer_add (w, jsonl) == 0);
    FUZZ_CHECK (cari_writer_finish (w, 1) == 0);
    cari_writer_destroy (w);
    if (cari_searcher_open (db, &searcher, &error) != CARI_STATUS_SUCCESS)
	fprintf (stderr, "fuzz-query: %s\n", error);
    FUZZ_CHECK (searcher != NULL);
    return 0;
}

/* The first n lines of s into line[] (cut there), NULL for those missing
 * or empty. */
static void
split_lines (char *s, const char **line, int n)
{
    for (int i = 0; i < n; i++) {
	char *start = s;

	if (s && (s = strchr (s, '\n')))
	    *s++ = '\0';
	line[i] = start && *start ? start : NULL;
    }
}

static void
check_results (const cari_results_t *r, const cari_request_t *req)
{
    FUZZ_CHECK (r->n_hits <= req->limit && r->offset == req->offset);
    FUZZ_CHECK (r->total >= r->n_hits || r->partial);
    for (size_t i = 0; i < r->n_hits; i++) {
	const cari_hit_t *h = &r->hits[i];

	FUZZ_CHECK (h->rank == req->offset + i + 1);
	FUZZ_CHECK (h->id && h->title && h->url && h->date && h->source);
	FUZZ_CHECK (h->snippet_text && h->snippet_html && h->title_html);
	FUZZ_CHECK (strlen (h->snippet_text) == h->snippet_len);
	FUZZ_CHECK (cari_utf8_valid (h->snippet_text, h->snippet_len));
	for (size_t k = 0; k < h->n_highlights; k++)
	    FUZZ_CHECK (h->highlights[k].start < h->highlights[k].end &&
			h->highlights[k].end <= h->snippet_len);
	/* The CMS fields: as read, or none. */
	FUZZ_CHECK (!h->author || cari_utf8_valid (h->author,
						   strlen (h->author)));
	FUZZ_CHECK (!h->rubrik || cari_utf8_valid (h->rubrik,
						   strlen (h->rubrik)));
	FUZZ_CHECK (!h->image || !strncmp (h->image, "https://", 8));
	FUZZ_CHECK (h->n_tags <= 32 && (!h->n_tags) == (!h->tags));
	for (size_t k = 0; k < h->n_tags; k++)
	    FUZZ_CHECK (h->tags[k] && *h->tags[k]);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    char *in = fuzz_string (data, size), *error = NULL;
    const char *line[7];
    cari_request_t req;
    cari_results_t *r = NULL;
    int ret;

    memset (&req, 0, sizeof req);
    req.limit = 3;
    req.offset = size % 3;
    req.time_limit_ms = 5000;
    split_lines (in, line, 7);
    req.query = line[0] ? line[0] : "";
    req.since = line[1];
    req.until = line[2];
    req.source = line[3];
    req.sort_by_date = line[4] && !strcmp (line[4], "date");
    req.rubrik = line[5];
    req.tag = line[6];
    ret = cari_searcher_run (searcher, &req, &r, &error);
    if (ret == 0) {
	FUZZ_CHECK (r != NULL && error == NULL);
	check_results (r, &req);
	json_t *j = cari_results_json (r);
	FUZZ_CHECK (j != NULL);
	json_decref (j);
	cari_results_destroy (r);
    } else {
	FUZZ_CHECK (ret == CARI_SEARCH_USER_ERROR && r == NULL);
	FUZZ_CHECK (error && *error);
	free (error);
    }
    free (in);
    return 0;
}
