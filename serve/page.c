/* page.c - cari-serve's search page, rendered on the server
 *
 * The page works without JavaScript: /?q=banjir&page=2 comes back with
 * its results in it; static/app.js only adds the suggestions.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/cli.h"
#include "cli/json.h"
#include "serve/page.h"
#include "serve/params.h"
#include "serve/worker.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Text as HTML (also safe inside a quoted attribute). */
static void
html (FILE *f, const char *s)
{
    for (; s && *s; s++)
	switch (*s) {
	case '&': fputs ("&amp;", f); break;
	case '<': fputs ("&lt;", f); break;
	case '>': fputs ("&gt;", f); break;
	case '"': fputs ("&quot;", f); break;
	case '\'': fputs ("&#39;", f); break;
	default: putc (*s, f);
	}
}

/* Percent-encoding for a query string value. */
static void
urlenc (FILE *f, const char *s)
{
    for (; s && *s; s++) {
	unsigned char ch = (unsigned char) *s;
	if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
	    ch == '~')
	    putc (ch, f);
	else if (ch == ' ')
	    putc ('+', f);
	else
	    fprintf (f, "%%%02X", ch);
    }
}

/* A link to the results of p at page `page` (href, already escaped). */
static void
page_href (FILE *f, const cari_params_t *p, const char *q, unsigned page)
{
    fputs ("./?q=", f);
    urlenc (f, q ? q : "");
    if (p->related) {
	fputs ("&amp;related=", f);
	urlenc (f, p->related);
    }
    if (p->source) {
	fputs ("&amp;source=", f);
	urlenc (f, p->source);
    }
    if (p->rubrik) {
	fputs ("&amp;rubrik=", f);
	urlenc (f, p->rubrik);
    }
    if (p->tag) {
	fputs ("&amp;tag=", f);
	urlenc (f, p->tag);
    }
    if (p->since) {
	fputs ("&amp;since=", f);
	urlenc (f, p->since);
    }
    if (p->until) {
	fputs ("&amp;until=", f);
	urlenc (f, p->until);
    }
    if (p->sort_given) {
	fputs ("&amp;sort=", f);
	urlenc (f, p->sort);
    }
    if (p->half_life) {
	fputs ("&amp;half_life=", f);
	urlenc (f, p->half_life);
    }
    if (p->size != DEFAULT_SIZE)
	fprintf (f, "&amp;size=%u", p->size);
    if (page > 1)
	fprintf (f, "&amp;page=%u", page);
    if (p->exact)
	fputs ("&amp;exact=1", f);
    if (!p->collapse)
	fputs ("&amp;collapse=0", f);
    if (p->copies_of) {
	fputs ("&amp;copies_of=", f);
	urlenc (f, p->copies_of);
    }
}

static void page_date (FILE *f, const char *d);

/* Under a collapsed hit h: "N serupa dari media lain", which opens (a
 * <details>, no JavaScript) to the titles, outlets and links of its
 * copies ("copies_list"), and links to the whole group. */
static void
page_copies (FILE *f, json_t *h)
{
    json_int_t n = json_integer_value (json_object_get (h, "copies"));
    json_t *list = json_object_get (h, "copies_list");

    if (n <= 0)
	return;
    fprintf (f, "<details class=\"copies\"><summary>%lld serupa dari media "
	     "lain</summary>\n<ul>\n", (long long) n);
    for (size_t i = 0; i < json_array_size (list); i++) {
	json_t *c = json_array_get (list, i);
	const char *url = cari_json_str (c, "url");
	int link = !strncasecmp (url, "https://", 8) ||
		   !strncasecmp (url, "http://", 7);
	fputs ("<li>", f);
	if (link) {
	    fputs ("<a href=\"", f);
	    html (f, url);
	    fputs ("\">", f);
	}
	html (f, *cari_json_str (c, "title") ? cari_json_str (c, "title")
					     : cari_json_str (c, "id"));
	fputs (link ? "</a>" : "", f);
	fputs (" <span class=\"meta\">", f);
	html (f, cari_json_str (c, "source"));
	if (*cari_json_str (c, "date")) {
	    fputs (" · ", f);
	    page_date (f, cari_json_str (c, "date"));
	}
	fputs ("</span></li>\n", f);
    }
    fputs ("</ul>\n<p><a class=\"group\" href=\"./?copies_of=", f);
    urlenc (f, cari_json_str (h, "id"));
    fputs ("\">Semua artikel cerita ini</a></p></details>\n", f);
}

static void
page_date (FILE *f, const char *d)
{
    static const char *const months[] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
    };
    int y, m, day;

    if (d && sscanf (d, "%4d-%2d-%2d", &y, &m, &day) == 3 && m >= 1 &&
	m <= 12) {
	fputs ("<time datetime=\"", f);
	html (f, d);
	fprintf (f, "\">%d %s %d</time>", day, months[m - 1], y);
    } else {
	html (f, d);
    }
}

/* The CMS fields of hit h (issue 21): its rubrik and tags as links that
 * filter the results of p by them. */
static void
page_cms_links (FILE *f, const cari_params_t *p, json_t *h)
{
    const char *rubrik = json_string_value (json_object_get (h, "rubrik"));
    const char *author = json_string_value (json_object_get (h, "author"));
    json_t *tags = json_object_get (h, "tags");
    cari_params_t to = *p;

    to.page = 1;
    if (author) {
	fputs (" · <span class=\"author\">", f);
	html (f, author);
	fputs ("</span>", f);
    }
    if (rubrik) {
	to.rubrik = rubrik;
	fputs (" · <a class=\"rubrik\" href=\"", f);
	page_href (f, &to, p->q, 1);
	fputs ("\">", f);
	html (f, rubrik);
	fputs ("</a>", f);
	to.rubrik = p->rubrik;
    }
    if (!json_array_size (tags))
	return;
    fputs ("</p>\n<p class=\"tags\">Tag:", f);
    for (size_t i = 0; i < json_array_size (tags); i++) {
	const char *tag = json_string_value (json_array_get (tags, i));
	if (!tag)
	    continue;
	to.tag = tag;
	fputs (" <a class=\"tag\" href=\"", f);
	page_href (f, &to, p->q, 1);
	fputs ("\">", f);
	html (f, tag);
	fputs ("</a>", f);
    }
}

/* The thumbnail of hit h, when it has an image: lazy, of a fixed size so
 * that the page does not move as images come in; only web images. */
static void
page_thumbnail (FILE *f, json_t *h)
{
    const char *image = json_string_value (json_object_get (h, "image"));

    if (!image || (strncasecmp (image, "https://", 8) &&
		   strncasecmp (image, "http://", 7)))
	return;
    fputs ("<img class=\"thumb\" loading=\"lazy\" decoding=\"async\" "
	   "width=\"120\" height=\"80\" alt=\"\" src=\"", f);
    html (f, image);
    fputs ("\">", f);
}

/* The rubrik and tag the results are narrowed to, each with a link that
 * lifts it, and kept for the next search from the form. */
static void
page_cms_filters (FILE *f, const cari_params_t *p, int form)
{
    const char *names[] = { "rubrik", "tag" };
    const char *values[] = { p->rubrik, p->tag };

    for (int i = 0; i < 2; i++) {
	if (!values[i])
	    continue;
	if (form) {
	    fprintf (f, "<input type=\"hidden\" name=\"%s\" value=\"",
		     names[i]);
	    html (f, values[i]);
	    fputs ("\">\n", f);
	    continue;
	}
	cari_params_t without = *p;
	*(i ? &without.tag : &without.rubrik) = NULL;
	fprintf (f, "<p class=\"cms-filter\">%s: <strong>", i ? "Tag"
		 : "Rubrik");
	html (f, values[i]);
	fputs ("</strong> <a class=\"lift\" href=\"", f);
	page_href (f, &without, p->q, 1);
	fputs ("\">hapus saringan ini</a></p>\n", f);
    }
}

/* Count `key` of res the Indonesian way: "8.800", "sekitar 8.800" (the
 * first word of a sentence capitalised) when it is Xapian's estimate. */
static void
page_count (FILE *f, json_t *res, const char *key, int first)
{
    char n[32], exact[40];

    snprintf (exact, sizeof exact, "%s_exact", key);
    cari_cli_count ((unsigned long long) json_integer_value (
			json_object_get (res, key)), '.', n);
    fprintf (f, "%s%s", json_is_true (json_object_get (res, exact)) ? ""
			: first ? "Sekitar " : "sekitar ", n);
}

/* "25 artikel memuat semua kata harga cabai; sekitar 2.000 memuat
 * sebagian", or "49 hasil untuk cabai" when the two counts are one. */
static void
page_summary (FILE *f, const cari_params_t *p, json_t *res, double ms,
	      const char *fixed)
{
    const char *q = fixed ? fixed : p->q;   /* the query the hits are of */
    char t[32];

    fputs ("<p class=\"summary\" role=\"status\">", f);
    if (p->copies_of) {
	page_count (f, res, "total", 1);
	fputs (" artikel memuat cerita yang sama dengan <strong>", f);
	html (f, p->copies_of);
	fputs ("</strong>", f);
    } else if (json_integer_value (json_object_get (res, "total_all")) ==
	json_integer_value (json_object_get (res, "total"))) {
	page_count (f, res, "total", 1);
	fputs (" hasil untuk <strong>", f);
	html (f, q);
	fputs ("</strong>", f);
    } else {
	page_count (f, res, "total_all", 1);
	fputs (" artikel memuat semua kata <strong>", f);
	html (f, q);
	fputs ("</strong>; ", f);
	page_count (f, res, "total", 0);
	fputs (" memuat sebagian", f);
    }
    /* A decimal comma, as Indonesian writes it. */
    snprintf (t, sizeof t, "%.1f", ms);
    for (char *c = t; *c; c++)
	if (*c == '.')
	    *c = ',';
    fprintf (f, " (%s ms)</p>\n", t);
    json_int_t undated = json_integer_value (json_object_get (res, "undated"));
    if (undated > 0) {
	cari_cli_count ((unsigned long long) undated, '.', t);
	fprintf (f, "<p class=\"undated\">%s artikel tanpa tanggal tidak "
		 "termasuk dalam rentang tanggal mana pun.</p>\n", t);
    }
    if (json_is_true (json_object_get (res, "some_words_only")))
	fputs ("<p class=\"someonly\">Tidak ada artikel yang memuat semua "
	       "kata; yang ditampilkan memuat sebagian.</p>\n", f);
}

/* The head of the related articles of an article (/?related=ID):
 * "Berita terkait: TITLE" and how many. */
static void
page_related_head (FILE *f, json_t *res, double ms)
{
    fputs ("<h2 class=\"related-head\">Berita terkait: <cite>", f);
    html (f, cari_json_str (res, "related_title"));
    fputs ("</cite></h2>\n<p class=\"summary\" role=\"status\">", f);
    page_count (f, res, "total", 1);
    fprintf (f, " artikel terkait (%.0f ms)</p>\n", ms);
}

/* The link under a hit to the articles related to it (no script needed). */
static void
page_related_link (FILE *f, const char *id)
{
    if (!*id)
	return;
    fputs (" · <a class=\"related\" href=\"./?related=", f);
    urlenc (f, id);
    fputs ("\">Berita terkait</a>", f);
}

static void
page_results (FILE *f, const cari_params_t *p, json_t *res, double ms)
{
    json_t *hits = json_object_get (res, "hits");
    /* The pages run to the last hit: newest first, of those with every
     * word. */
    json_t *listed = json_object_get (res, "total_listed");
    json_int_t total = json_integer_value (
	listed ? listed : json_object_get (res, "total"));
    const char *better = json_string_value (json_object_get (res,
							     "suggestion"));
    const char *fixed = json_string_value (json_object_get (res,
							    "corrected_query"));
    unsigned last;

    if (better) {
	fputs ("<p class=\"didyoumean\">Maksud Anda: <a href=\"", f);
	page_href (f, p, better, 1);
	fputs ("\">", f);
	html (f, better);
	fputs ("</a>?</p>\n", f);
    }
    if (fixed) {                /* the hits are of the correction */
	cari_params_t typed = *p;
	typed.exact = 1;
	fputs ("<p class=\"corrected\">Menampilkan hasil untuk <strong>", f);
	html (f, fixed);
	fputs ("</strong>. Telusuri <a class=\"as-typed\" href=\"", f);
	page_href (f, &typed, p->q, 1);
	fputs ("\">", f);
	html (f, p->q);
	fputs ("</a> persis seperti yang diketik.</p>\n", f);
    }
    page_cms_filters (f, p, 0);
    const char *wide = json_string_value (json_object_get (res,
							   "expanded_query"));
    if (wide) {                 /* a synonym widened the query */
	fputs ("<p class=\"expanded\">Dicari sebagai: <strong>", f);
	html (f, wide);
	fputs ("</strong></p>\n", f);
    }
    if (p->related)
	page_related_head (f, res, ms);
    else
	page_summary (f, p, res, ms, fixed);
    if (json_is_true (json_object_get (res, "partial")))
	fputs ("<p class=\"partial\">Hasil sebagian: pencarian dihentikan "
	       "pada batas waktunya.</p>\n", f);
    cari_page_facets (f, p, res);
    if (!json_array_size (hits)) {
	fputs ("<p>Tidak ada artikel yang cocok. Coba kata lain.</p>\n", f);
	return;
    }
    fprintf (f, "<ol class=\"results\" start=\"%lld\">\n",
	     (long long) json_integer_value (json_object_get (
		 json_array_get (hits, 0), "rank")));
    for (size_t i = 0; i < json_array_size (hits); i++) {
	json_t *h = json_array_get (hits, i);
	const char *url = cari_json_str (h, "url"), *source = cari_json_str (h, "source");
	const char *title = cari_json_str (h, "title_html");
	/* Only web links: a javascript: url is shown, not followed. */
	int link = !strncasecmp (url, "https://", 8) ||
		   !strncasecmp (url, "http://", 7);
	/* An article without a title shows its first words, marked as
	 * such (title_derived). */
	int derived = json_is_true (json_object_get (h, "title_derived"));
	fputs ("<li>", f);
	page_thumbnail (f, h);
	fputs (derived ? "<h2 class=\"derived\" title=\"Artikel tanpa "
			 "judul: awal isinya\">" : "<h2>", f);
	if (link) {
	    fputs ("<a href=\"", f);
	    html (f, url);
	    fputs ("\">", f);
	}
	fputs (*title ? title : "(tanpa judul)", f);   /* escaped, <mark> */
	fputs (link ? "</a></h2>\n" : "</h2>\n", f);
	fputs ("<p class=\"meta\">", f);
	if (*cari_json_str (h, "date"))
	    page_date (f, cari_json_str (h, "date"));
	else
	    fputs ("<span class=\"nodate\">tanpa tanggal</span>", f);
	if (*source)
	    fputs (" · ", f);
	html (f, source);
	if (!link && *url) {
	    fputs (" · ", f);
	    html (f, url);
	}
	page_cms_links (f, p, h);
	page_related_link (f, cari_json_str (h, "id"));
	fputs ("</p>\n<p class=\"snippet\">", f);
	fputs (cari_json_str (h, "snippet_html"), f);            /* escaped, <mark> */
	fputs ("</p>\n", f);
	page_copies (f, h);
	fputs ("</li>\n", f);
    }
    fputs ("</ol>\n", f);
    last = (unsigned) ((total + p->size - 1) / p->size);
    if (last > MAX_PAGE)
	last = MAX_PAGE;
    if (last <= 1)
	return;
    fputs ("<nav class=\"pages\" aria-label=\"Halaman hasil\"><ul>\n", f);
    if (p->page > 1) {
	fputs ("<li><a rel=\"prev\" href=\"", f);
	page_href (f, p, p->q, p->page - 1);
	fputs ("\">‹ Sebelumnya</a></li>\n", f);
    }
    unsigned from = p->page > 5 ? p->page - 5 : 1, to = from + 9;
    if (to > last)
	to = last;
    for (unsigned n = from; n <= to; n++) {
	if (n == p->page) {
	    fprintf (f, "<li><span aria-current=\"page\">%u</span></li>\n", n);
	    continue;
	}
	fprintf (f, "<li><a aria-label=\"Halaman %u\" href=\"", n);
	page_href (f, p, p->q, n);
	fprintf (f, "\">%u</a></li>\n", n);
    }
    if (p->page < last) {
	fputs ("<li><a rel=\"next\" href=\"", f);
	page_href (f, p, p->q, p->page + 1);
	fputs ("\">Berikutnya ›</a></li>\n", f);
    }
    fputs ("</ul></nav>\n", f);
}

/* The outlets to choose from, most articles first, the one asked for
 * (source, which may be any form of its name) selected; kept as typed
 * when it names none of them. */
static void
source_select (FILE *f, const char *source)
{
    cari_worker_t *w;
    cari_source_t *list = NULL;
    size_t n = 0;
    char *error = NULL;
    int chosen = 0;

    if ((w = cari_worker_get (&error, 0)))
	cari_searcher_sources (w->searcher, &list, &n);
    free (error);
    fputs ("<label>Media <select name=\"source\">"
	   "<option value=\"\">semua media</option>", f);
    for (size_t i = 0; i < n; i++) {
	int on = source && !strcasecmp (source, list[i].name);
	chosen |= on;
	fputs ("<option value=\"", f);
	html (f, list[i].name);
	fprintf (f, "\"%s>", on ? " selected" : "");
	html (f, list[i].name);
	fprintf (f, " (%lu)</option>", list[i].articles);
    }
    if (source && *source && !chosen) {
	fputs ("<option selected value=\"", f);
	html (f, source);
	fputs ("\">", f);
	html (f, source);
	fputs ("</option>", f);
    }
    fputs ("</select></label>\n", f);
    cari_sources_free (list, n);
}

/* A date field: the browser's date picker, the date asked for (a year or
 * a month as the first or last day of it, which is what it means); a
 * value that is not a date stays as typed. */
static void
date_input (FILE *f, const char *name, const char *label, const char *value,
	    int last)
{
    char lo[9], hi[9], *d = last ? hi : lo;

    fprintf (f, "<label>%s <input type=\"date\" name=\"%s\" "
	     "min=\"1900-01-01\" value=\"", label, name);
    if (value && cari_date_range (value, strlen (value), lo, hi) == 0) {
	/* The range of a month ends on its 31st; a date field wants the
	 * month's last day. */
	int y = atoi ((char[5]) { d[0], d[1], d[2], d[3], 0 });
	int m = atoi ((char[3]) { d[4], d[5], 0 });
	int day = atoi (d + 6);
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	int most = m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0)
		   ? 29 : m >= 1 && m <= 12 ? days[m - 1] : 31;
	fprintf (f, "%.4s-%.2s-%02d", d, d + 4, day > most ? most : day);
    }
    else
	html (f, value);
    fputs ("\"></label>\n", f);
}

/* The orders of the sort selector, the one in force selected: the site's
 * default when the parameters are bad or give none. */
static void
sort_options (FILE *f, const cari_params_t *p, int bad)
{
    static const char *const sorts[][2] = {
	{ "relevance", "paling cocok" }, { "date", "terbaru" },
	{ "fresh", "terbaru &amp; relevan" },
    };
    const char *on = !bad && p->sort ? p->sort : cari_params_default_sort ();
    for (size_t i = 0; i < sizeof sorts / sizeof *sorts; i++)
	fprintf (f, "<option value=\"%s\"%s>%s</option>", sorts[i][0],
		 !strcmp (on, sorts[i][0]) ? " selected" : "", sorts[i][1]);
}

/* The names of the parameters as the page calls them. */
static const char *
field_name (const char *param)
{
    static const char *const names[][2] = {
	{ "q", "Kata pencarian" }, { "page", "Nomor halaman" },
	{ "size", "Jumlah hasil per halaman" }, { "source", "Media" },
	{ "since", "Tanggal \u201cSejak\u201d" },
	{ "until", "Tanggal \u201cSampai\u201d" }, { "sort", "Urutan" },
	{ "rubrik", "Rubrik" }, { "tag", "Tag" },
	{ "related", "Artikel" }, { "facets", "Faset" },
	{ "facet_limit", "Jumlah nilai faset" },
	{ "half_life", "Waktu paruh" },
    };
    for (size_t i = 0; param && i < sizeof names / sizeof *names; i++)
	if (!strcmp (param, names[i][0]))
	    return names[i][1];
    return "Isian";
}

/* What went wrong, in Indonesian: a bad parameter p (NULL for none), or
 * the search's failure (its HTTP status; the library's English detail
 * follows in a span marked as English). */
static void
say_error (FILE *f, const cari_params_t *p, unsigned status,
	   const char *detail)
{
    const char *field = p ? field_name (p->bad) : NULL;

    switch (p ? p->fault : 0) {
    case CARI_PARAM_NUL:
	fprintf (f, "%s memuat byte NUL (%%00): hapus itu.", field);
	return;
    case CARI_PARAM_LONG:
	fprintf (f, "%s terlalu panjang: paling banyak %d byte. "
		 "Persingkat.", field, p->bad && !strcmp (p->bad, "q")
		 ? MAX_QUERY_BYTES : MAX_PARAM_BYTES);
	return;
    case CARI_PARAM_UTF8:
	fprintf (f, "%s bukan teks UTF-8 yang sah: ketik ulang.", field);
	return;
    case CARI_PARAM_NUMBER:
	fprintf (f, "%s harus bilangan bulat dari %d sampai %d.", field,
		 p->bad && !strcmp (p->bad, "facets") ? 0 : 1,
		 p->bad && !strcmp (p->bad, "page") ? MAX_PAGE
		 : p->bad && !strcmp (p->bad, "facets") ? 1
		 : p->bad && !strcmp (p->bad, "facet_limit")
		 ? CARI_FACET_LIMIT_MAX : MAX_SIZE);
	return;
    case CARI_PARAM_DATE:
	fprintf (f, "%s harus berupa tanggal TTTT-BB-HH, TTTT-BB atau TTTT, "
		 "misalnya 2025-10-14.", field);
	return;
    case CARI_PARAM_DATE_ORDER:
	fputs ("Tanggal \u201cSejak\u201d jatuh sesudah tanggal "
	       "\u201cSampai\u201d: tidak ada hari yang tersisa. "
	       "Tukar keduanya.", f);
	return;
    case CARI_PARAM_SORT:
	fputs ("Urutan harus \u201cpaling cocok\u201d, \u201cterbaru\u201d "
	       "atau \u201cterbaru &amp; relevan\u201d.", f);
	return;
    case CARI_PARAM_HALF_LIFE:
	fputs ("Waktu paruh harus berupa bilangan dengan satuan h (jam), d "
	       "(hari) atau w (minggu), misalnya 30d, dan hanya berlaku "
	       "untuk urutan \u201cterbaru &amp; relevan\u201d.", f);
	return;
    default:
	break;
    }
    if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
	fputs ("Server sedang sibuk melayani pencarian lain. Coba lagi "
	       "sebentar lagi.", f);
    else if (status == MHD_HTTP_NOT_FOUND)
	fputs ("Artikel itu tidak ada di arsip: mungkin sudah dihapus.", f);
    else if (status >= 500)
	fputs ("Terjadi kesalahan di server. Coba lagi nanti.", f);
    else
	fputs ("Pencarian ini tidak dapat dijalankan. Periksa kata "
	       "pencariannya.", f);
    if (detail && *detail) {
	fputs (" <span class=\"detail\" lang=\"en\">(", f);
	html (f, detail);
	fputs (")</span>", f);
    }
}

enum MHD_Result
cari_page_serve (struct MHD_Connection *c, cari_req_t *r)
{
    cari_params_t p;
    struct timespec t0;
    unsigned status = MHD_HTTP_OK;
    char *body = NULL, *error = NULL;
    size_t len = 0;
    json_t *res = NULL;
    FILE *f;
    int params_bad = 0;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (cari_params_read (c, &p) < 0 ||
	cari_params_text (c, &p, "related", MAX_ID_BYTES, &p.related) < 0) {
	params_bad = 1;
	status = MHD_HTTP_BAD_REQUEST;
	error = p.why;
	p.q = NULL;
	p.related = NULL;
    } else if ((p.q && *p.q) || p.copies_of || p.related) {
	p.list_copies = 1;
	p.facets = p.q && *p.q;         /* always on the page's searches */
	if (cari_worker_search (c, r, &p, &res, &status, &error))
	    return MHD_YES;     /* called again when it is done */
    }
    if (!(f = open_memstream (&body, &len))) {
	free (error);
	json_decref (res);
	return MHD_NO;
    }
    fputs ("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n"
	   "<meta charset=\"utf-8\">\n"
	   "<meta name=\"viewport\" content=\"width=device-width, "
	   "initial-scale=1\">\n<title>", f);
    if (p.q && *p.q && !p.related) {
	html (f, p.q);
	fputs (" – ", f);
    } else if (res && p.related) {
	fputs ("Berita terkait: ", f);
	html (f, cari_json_str (res, "related_title"));
	fputs (" – ", f);
    }
    fputs ("cari</title>\n"
	   "<link rel=\"icon\" href=\"static/icon.svg\" type=\"image/svg+xml\">\n"
	   "<link rel=\"stylesheet\" href=\"static/style.css\">\n"
	   "<script src=\"static/app.js\" defer></script>\n"
	   "</head>\n<body>\n<header>\n"
	   "<h1><a href=\"./\">cari</a> <small>arsip berita</small></h1>\n"
	   "<form role=\"search\" action=\"./\" method=\"get\">\n"
	   "<div class=\"box\"><label for=\"q\">Cari berita</label>\n"
	   "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" "
	   "spellcheck=\"false\" maxlength=\"500\" role=\"combobox\" "
	   "aria-autocomplete=\"list\" aria-expanded=\"false\" "
	   "aria-controls=\"suggestions\" value=\"", f);
    html (f, p.q);
    fputs ("\"", f);
    if (!p.q || !*p.q)
	fputs (" autofocus", f);
    fputs (">\n<ul id=\"suggestions\" role=\"listbox\" aria-label=\"Saran\" "
	   "hidden></ul></div>\n"
	   "<button type=\"submit\">Cari</button>\n"
	   "<div class=\"filters\">\n"
	   "<label>Urutkan <select name=\"sort\">", f);
    sort_options (f, &p, params_bad);
    fputs ("</select></label>\n", f);
    date_input (f, "since", "Sejak", p.since, 0);
    date_input (f, "until", "Sampai", p.until, 1);
    source_select (f, p.source);
    page_cms_filters (f, &p, 1);
    if (!p.collapse && !params_bad)     /* kept by the next search */
	fputs ("<input type=\"hidden\" name=\"collapse\" value=\"0\">\n", f);
    fputs ("</div>\n</form>\n</header>\n<main>\n", f);
    if (error) {
	fputs ("<p class=\"error\" role=\"alert\">", f);
	say_error (f, params_bad ? &p : NULL, status, error);
	fputs ("</p>\n", f);
    } else if (res) {
	page_results (f, &p, res, cari_http_ms_since (&t0));
    }
    fputs ("</main>\n</body>\n</html>\n", f);
    free (error);
    json_decref (res);
    if (fclose (f) != 0)
	return MHD_NO;
    return cari_http_reply (c, r, status, "text/html; charset=utf-8", body,
			    len, 1, 0);
}

void
cari_page_html (FILE *f, const char *s)
{
    html (f, s);
}

void
cari_page_href (FILE *f, const cari_params_t *p, const char *q, unsigned page)
{
    page_href (f, p, q, page);
}
