/* facets.c - the facet lists beside the search page's results
 *
 * Each value is a link to the same search with its filter added (source=,
 * since= and until= for a year or a month, rubrik=, tag=); each filter in
 * force is shown with a link that removes it.  Plain links: no JavaScript.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/cli.h"
#include "cli/json.h"
#include "serve/page.h"
#include "serve/params.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The facets of the JSON, in the order shown, with their headings. */
static const struct {
    const char *name, *heading;
} shown[] = {
    { "source", "Media" }, { "year", "Tahun" }, { "month", "Bulan" },
    { "rubrik", "Rubrik" }, { "tag", "Tag" },
};

/* A month YYYY-MM as Indonesian writes it: Oktober 2024. */
static void
month_name (FILE *f, const char *v)
{
    static const char *const months[] = {
	"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
	"Agustus", "September", "Oktober", "November", "Desember"
    };
    int y, m;

    if (sscanf (v, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12)
	fprintf (f, "%s %d", months[m - 1], y);
    else
	cari_page_html (f, v);
}

/* p with the filter of facet name set to v (NULL: removed). */
static cari_params_t
with_filter (const cari_params_t *p, const char *name, const char *v)
{
    cari_params_t q = *p;

    q.page = 1;
    if (!strcmp (name, "source"))
	q.source = v;
    else if (!strcmp (name, "rubrik"))
	q.rubrik = v;
    else if (!strcmp (name, "tag"))
	q.tag = v;
    else
	q.since = q.until = v;      /* a year or a month, both ends */
    return q;
}

/* One filter in force, with its link that removes it. */
static void
active (FILE *f, const cari_params_t *p, const char *name,
	const char *heading, const char *value)
{
    cari_params_t q = with_filter (p, name, NULL);

    fprintf (f, "<li data-facet=\"%s\">%s: <strong>", name, heading);
    cari_page_html (f, value);
    fputs ("</strong> <a class=\"remove\" href=\"", f);
    cari_page_href (f, &q, p->q, 1);
    fputs ("\">× hapus</a></li>\n", f);
}

void
cari_page_facets (FILE *f, const cari_params_t *p, json_t *res)
{
    json_t *facets = json_object_get (res, "facets");
    char n[32], range[64];

    if (!json_is_object (facets))
	return;
    fputs ("<aside class=\"facets\" aria-label=\"Saring hasil\">\n", f);
    if (p->source || p->since || p->until || p->rubrik || p->tag) {
	fputs ("<div class=\"active\"><h2>Saringan</h2><ul>\n", f);
	if (p->source)
	    active (f, p, "source", "Media", p->source);
	if (p->since || p->until) {
	    if (p->since && p->until && !strcmp (p->since, p->until))
		snprintf (range, sizeof range, "%s", p->since);
	    else
		snprintf (range, sizeof range, "%s – %s",
			  p->since ? p->since : "…", p->until ? p->until : "…");
	    active (f, p, "date", "Tanggal", range);
	}
	if (p->rubrik)
	    active (f, p, "rubrik", "Rubrik", p->rubrik);
	if (p->tag)
	    active (f, p, "tag", "Tag", p->tag);
	fputs ("</ul></div>\n", f);
    }
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
	json_t *values = json_object_get (facets, shown[i].name);
	if (!json_array_size (values))
	    continue;
	fprintf (f, "<section class=\"facet\" data-facet=\"%s\"><h2>%s</h2>"
		 "<ul>\n", shown[i].name, shown[i].heading);
	for (size_t k = 0; k < json_array_size (values); k++) {
	    json_t *v = json_array_get (values, k);
	    const char *value = cari_json_str (v, "value");
	    cari_params_t q = with_filter (p, shown[i].name, value);
	    fputs ("<li><a href=\"", f);
	    cari_page_href (f, &q, p->q, 1);
	    fputs ("\" data-value=\"", f);
	    cari_page_html (f, value);
	    fputs ("\">", f);
	    if (!strcmp (shown[i].name, "month"))
		month_name (f, value);
	    else
		cari_page_html (f, value);
	    cari_cli_count ((unsigned long long) json_integer_value (
				json_object_get (v, "count")), '.', n);
	    fprintf (f, "</a> <span class=\"count\">%s</span></li>\n", n);
	}
	fputs ("</ul></section>\n", f);
    }
    if (!json_is_true (json_object_get (res, "facets_exact")))
	fputs ("<p class=\"facets-note\">Hitungan ini dari sebagian artikel "
	       "saja: terlalu banyak yang cocok.</p>\n", f);
    fputs ("</aside>\n", f);
}
