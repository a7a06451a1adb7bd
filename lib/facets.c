/* facets.c - a search's hits counted by outlet, year, month, rubrik and tag
 *
 * The binding counts the values of slots over the articles of a run
 * (xapian-c/facets.cc); this file says which slots (lib/schema.h), how a
 * value is shown (an outlet as cari_searcher_sources names it, a month as
 * YYYY-MM) and how many are kept.  A facet's rubrik or tag filters as
 * --rubrik and --tag do (lib/cms.c: its key's term).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include "lib/facets.h"
#include "lib/schema.h"

#include <stdlib.h>
#include <string.h>

/* The facets, in the order of cari_results_t's facets. */
static const struct kind {
    const char *name;
    unsigned slot;
    size_t prefix;              /* bytes of the value: 0 all */
    int pieces;                 /* each piece, ended by NUL */
} kinds[] = {
    { "source", CARI_SLOT_SOURCE, 0, 0 },
    { "year", CARI_SLOT_DATE, 4, 0 },
    { "month", CARI_SLOT_DATE, 6, 0 },
    { "rubrik", CARI_SLOT_RUBRIK, 0, 0 },
    { "tag", CARI_SLOT_TAGS, 0, 1 },
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])

int
_cari_facets_check (const cari_request_t *req, char **error)
{
    if (req->facet_limit > CARI_FACET_LIMIT_MAX) {
	*error = cari_msg ("the facet limit wants a number from 1 to %d, not "
			   "%u", CARI_FACET_LIMIT_MAX, req->facet_limit);
	return -1;
    }
    return 0;
}

cx_status_t
_cari_facets_setup (cx_search_t *search, const cari_request_t *req)
{
    cx_status_t st = CX_STATUS_SUCCESS;

    /* The same facets each time: the binding keeps what it read of the
     * slots for the next search (reading them was 80% of a search's
     * instructions when each search started again). */
    if (!req->facets)
	cx_search_clear_facets (search);
    for (size_t i = 0; req->facets && !st && i < N_KINDS; i++)
	st = cx_search_add_facet (search, kinds[i].slot, kinds[i].prefix,
				  kinds[i].pieces);
    return st;
}

/* The values of one facet being collected. */
struct collect {
    const struct kind *kind;
    cari_facet_value_t *values;
    size_t n, cap, limit;
    int failed;
};

static int
collect_value (void *ctx, const char *value, size_t len, unsigned long count)
{
    struct collect *c = ctx;
    char buf[CX_MAX_TERM_BYTES + 1], *v;
    int source = c->kind->slot == CARI_SLOT_SOURCE;

    if (source) {
	/* Outlets written in other cases are one outlet: add them up. */
	_cari_source_fold (value, len, buf);
	for (size_t i = 0; i < c->n; i++)
	    if (!strcmp (c->values[i].value, buf)) {
		c->values[i].count += count;
		return 0;
	    }
	v = strdup (buf);
    } else if (c->kind->prefix == 6) {
	v = cari_msg ("%.4s-%.2s", value, value + 4);
    } else {
	v = strndup (value, len);
    }
    if (v && c->n == c->cap) {
	size_t cap = c->cap ? 2 * c->cap : 16;
	cari_facet_value_t *more = realloc (c->values, cap * sizeof *more);
	if (more) {
	    c->values = more;
	    c->cap = cap;
	}
    }
    if (!v || c->n == c->cap) {
	free (v);
	c->failed = 1;
	return 1;
    }
    c->values[c->n].value = v;
    c->values[c->n++].count = count;
    /* In order already, unless outlets were added up. */
    return !source && c->n == c->limit;
}

static int
most_first (const void *a, const void *b)
{
    const cari_facet_value_t *x = a, *y = b;
    if (x->count != y->count)
	return x->count < y->count ? 1 : -1;
    return strcmp (x->value, y->value);
}

int
_cari_facets_take (cari_results_t *r, const cari_request_t *req,
		   const cx_hits_t *hits)
{
    size_t limit = req->facet_limit ? req->facet_limit : CARI_FACET_LIMIT;
    cari_facet_t *list;

    if (!req->facets)
	return 0;
    if (!(list = calloc (N_KINDS, sizeof *list)))
	return -1;
    r->facets = list;
    r->n_facets = N_KINDS;
    r->facets_exact = cx_hits_facets_exact (hits);
    for (size_t i = 0; i < N_KINDS; i++) {
	struct collect c = { &kinds[i], NULL, 0, 0, limit, 0 };
	list[i].name = kinds[i].name;
	cx_hits_facet_values (hits, i, collect_value, &c);
	if (c.n > 1)
	    qsort (c.values, c.n, sizeof *c.values, most_first);
	for (size_t k = limit; k < c.n; k++)
	    free ((char *) c.values[k].value);
	list[i].values = c.values;
	list[i].n_values = c.n < limit ? c.n : limit;
	if (c.failed)
	    return -1;
    }
    return 0;
}

void
_cari_facets_free (cari_results_t *r)
{
    cari_facet_t *list = (cari_facet_t *) r->facets;

    for (size_t i = 0; list && i < r->n_facets; i++) {
	for (size_t k = 0; k < list[i].n_values; k++)
	    free ((char *) list[i].values[k].value);
	free ((cari_facet_value_t *) list[i].values);
    }
    free (list);
    r->facets = NULL;
    r->n_facets = 0;
}

int
_cari_facets_json (const cari_results_t *r, json_t *out)
{
    json_t *facets;

    if (!r->facets)
	return 0;
    if (!(facets = json_object ()) ||
	json_object_set_new (out, "facets", facets) ||
	json_object_set_new (out, "facets_exact",
			     json_boolean (r->facets_exact)))
	return -1;
    for (size_t i = 0; i < r->n_facets; i++) {
	const cari_facet_t *f = &r->facets[i];
	json_t *values = json_array ();
	if (!values || json_object_set_new (facets, f->name, values))
	    return -1;
	for (size_t k = 0; k < f->n_values; k++) {
	    json_t *v = json_object ();
	    if (!v || json_array_append_new (values, v) ||
		json_object_set_new (v, "value",
				     json_string (f->values[k].value)) ||
		json_object_set_new (v, "count",
				     json_integer ((json_int_t)
						   f->values[k].count)))
		return -1;
	}
    }
    return 0;
}
