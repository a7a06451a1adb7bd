/* page.c - cari-serve's search page, rendered on the server
 *
 * The page works without JavaScript: /?q=banjir&page=2 comes back with
 * its results in it; static/app.js only adds the suggestions.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
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
    urlenc (f, q);
    if (p->source) {
	fputs ("&amp;source=", f);
	urlenc (f, p->source);
    }
    if (p->since) {
	fputs ("&amp;since=", f);
	urlenc (f, p->since);
    }
    if (p->until) {
	fputs ("&amp;until=", f);
	urlenc (f, p->until);
    }
    if (p->sort_by_date)
	fputs ("&amp;sort=date", f);
    if (p->size != DEFAULT_SIZE)
	fprintf (f, "&amp;size=%u", p->size);
    if (page > 1)
	fprintf (f, "&amp;page=%u", page);
    if (p->exact)
	fputs ("&amp;exact=1", f);
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

static void
page_results (FILE *f, const cari_params_t *p, json_t *res, double ms)
{
    json_t *hits = json_object_get (res, "hits");
    json_int_t total = json_integer_value (json_object_get (res, "total"));
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
    fprintf (f, "<p class=\"summary\" role=\"status\">Sekitar %lld hasil "
	     "untuk <strong>", (long long) total);
    html (f, fixed ? fixed : p->q);
    fprintf (f, "</strong> (%.1f ms)</p>\n", ms);
    if (json_is_true (json_object_get (res, "partial")))
	fputs ("<p class=\"partial\">Hasil sebagian: pencarian dihentikan "
	       "pada batas waktunya.</p>\n", f);
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
	fputs ("<li><h2>", f);
	if (link) {
	    fputs ("<a href=\"", f);
	    html (f, url);
	    fputs ("\">", f);
	}
	fputs (*title ? title : "(tanpa judul)", f);   /* escaped, <mark> */
	fputs (link ? "</a></h2>\n" : "</h2>\n", f);
	fputs ("<p class=\"meta\">", f);
	page_date (f, cari_json_str (h, "date"));
	if (*cari_json_str (h, "date") && *source)
	    fputs (" · ", f);
	html (f, source);
	if (!link && *url) {
	    fputs (" · ", f);
	    html (f, url);
	}
	fputs ("</p>\n<p class=\"snippet\">", f);
	fputs (cari_json_str (h, "snippet_html"), f);            /* escaped, <mark> */
	fputs ("</p></li>\n", f);
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

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (cari_params_read (c, &p) < 0) {
	status = MHD_HTTP_BAD_REQUEST;
	error = p.why;
	p.q = NULL;
    } else if (p.q && *p.q) {
	res = cari_worker_search (&p, &status, &error);
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
    if (p.q && *p.q) {
	html (f, p.q);
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
	   "<label>Urutkan <select name=\"sort\">"
	   "<option value=\"relevance\">paling cocok</option>"
	   "<option value=\"date\"", f);
    if (p.sort_by_date)
	fputs (" selected", f);
    fputs (">terbaru</option></select></label>\n"
	   "<label>Sejak <input name=\"since\" size=\"10\" "
	   "placeholder=\"2025-01-01\" value=\"", f);
    html (f, p.since);
    fputs ("\"></label>\n<label>Sampai <input name=\"until\" size=\"10\" "
	   "placeholder=\"2025-12-31\" value=\"", f);
    html (f, p.until);
    fputs ("\"></label>\n", f);
    if (p.source) {
	fputs ("<input type=\"hidden\" name=\"source\" value=\"", f);
	html (f, p.source);
	fputs ("\">\n", f);
    }
    fputs ("</div>\n</form>\n</header>\n<main>\n", f);
    if (error) {
	fputs ("<p class=\"error\" role=\"alert\">", f);
	html (f, error);
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
