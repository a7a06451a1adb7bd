/* params.c - the query parameters of cari-serve's search, read and checked
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "serve/params.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The site's choice (cari-serve --default-sort, --fresh-half-life). */
static const char *default_sort = "relevance";
static double default_half_life = 30;

const char *
cari_params_default_sort (void)
{
    return default_sort;
}

void
cari_params_set_defaults (const char *sort, double half_life_days)
{
    default_sort = sort;
    default_half_life = half_life_days;
}

static int
bad_param (cari_params_t *p, const char *name, cari_param_fault_t fault,
	   char *why)
{
    p->bad = name;
    p->fault = fault;
    p->why = why;
    return -1;
}

/* The GET argument name of the connection c, as a cari_params_get_t. */
static int
connection_arg (void *c, const char *name, const char **value, size_t *len)
{
    return MHD_lookup_connection_value_n (c, MHD_GET_ARGUMENT_KIND, name,
					  strlen (name), value, len)
	   == MHD_YES ? 0 : -1;
}

/* Argument name, NULL when absent.  Returns 0, or -1 (p->bad set) when it
 * holds a NUL byte (%00), which would cut it short as a string. */
static int
get_arg (const cari_params_src_t *c, cari_params_t *p, const char *name,
	 const char **out)
{
    size_t len = 0;

    if (c->get (c->ctx, name, out, &len) < 0)
	*out = NULL;
    if (*out && memchr (*out, '\0', len))
	return bad_param (p, name, CARI_PARAM_NUL,
			  cari_msg ("%s holds a NUL byte (%%00): leave it "
				    "out", name));
    return 0;
}

/* A whole number from lo to hi, or def when absent. */
static int
number_param (const cari_params_src_t *c, cari_params_t *p, const char *name,
	      unsigned lo, unsigned hi, unsigned def, unsigned *out)
{
    const char *v;
    unsigned long n = 0;

    *out = def;
    if (get_arg (c, p, name, &v) < 0)
	return -1;
    if (!v || !*v)
	return 0;
    for (const char *d = v; *d; d++)
	if (*d < '0' || *d > '9' || d - v > 6)
	    goto bad;
    n = strtoul (v, NULL, 10);
    if (n < lo || n > hi)
	goto bad;
    *out = (unsigned) n;
    return 0;
bad:
    return bad_param (p, name, CARI_PARAM_NUMBER,
		      cari_msg ("%s wants a whole number from %u to %u, not "
				"'%.40s'", name, lo, hi, v));
}

/* A text parameter: valid UTF-8 of at most max bytes, NULL when absent
 * or empty. */
static int
text_param (const cari_params_src_t *c, cari_params_t *p, const char *name,
	    size_t max, const char **out)
{
    const char *v;

    *out = NULL;
    if (get_arg (c, p, name, &v) < 0)
	return -1;
    if (!v || !*v)
	return 0;
    if (strlen (v) > max)
	return bad_param (p, name, CARI_PARAM_LONG,
			  cari_msg ("%s is %zu bytes long; the limit is %zu: "
				    "shorten it", name, strlen (v), max));
    if (!cari_utf8_valid (v, strlen (v)))
	return bad_param (p, name, CARI_PARAM_UTF8,
			  cari_msg ("%s is not valid UTF-8: send it "
				    "percent-encoded as UTF-8", name));
    *out = v;
    return 0;
}

/* since and until: YYYY, YYYY-MM or YYYY-MM-DD with a real month and day. */
static int
date_param (const cari_params_src_t *c, cari_params_t *p, const char *name,
	    const char **out)
{
    const char *v;

    if (text_param (c, p, name, MAX_PARAM_BYTES, out) < 0 || !*out)
	return p->bad ? -1 : 0;
    v = *out;
    if (cari_date_range (v, strlen (v), NULL, NULL) == 0)
	return 0;
    return bad_param (p, name, CARI_PARAM_DATE,
		      cari_msg ("%s wants a date as YYYY-MM-DD, YYYY-MM or "
				"YYYY, not '%.40s'", name, v));
}

/* sort and half_life into p.  Returns 0, or -1 with p->bad and p->why
 * set. */
static int
sort_params (const cari_params_src_t *c, cari_params_t *p, const char *sort)
{
    const char *h;

    if (sort && strcmp (sort, "relevance") && strcmp (sort, "date") &&
	strcmp (sort, "fresh"))
	return bad_param (p, "sort", CARI_PARAM_SORT,
			  cari_msg ("sort wants relevance, date or fresh, "
				    "not '%.40s'", sort));
    p->sort_given = sort != NULL;
    p->sort = sort ? sort : default_sort;
    p->sort_by_date = !strcmp (p->sort, "date");
    p->fresh = !strcmp (p->sort, "fresh");
    p->half_life_days = default_half_life;
    if (text_param (c, p, "half_life", 16, &h) < 0)
	return -1;
    if (h && cari_parse_half_life (h, &p->half_life_days))
	return bad_param (p, "half_life", CARI_PARAM_HALF_LIFE,
			  cari_msg ("half_life wants %s, not '%.40s'",
				    CARI_HALF_LIFE_FORMS, h));
    if (h && !p->fresh)
	return bad_param (p, "half_life", CARI_PARAM_HALF_LIFE,
			  cari_msg ("half_life weighs only a fresh ranking: "
				    "give sort=fresh with it"));
    p->half_life = h;
    /* The hour, not the second: the same answer for an hour, cached. */
    if (p->fresh)
	p->now = time (NULL) / 3600 * 3600;
    return 0;
}

int
cari_params_text (struct MHD_Connection *c, cari_params_t *p, const char *name,
		  size_t max, const char **out)
{
    cari_params_src_t src = { connection_arg, c };

    return text_param (&src, p, name, max, out);
}

/* Read and check the parameters of a search.  Returns 0, or -1 with
 * p->bad and p->why set. */
int
cari_params_read_from (const cari_params_src_t *c, cari_params_t *p)
{
    const char *sort;
    unsigned exact, collapse, facets;

    memset (p, 0, sizeof *p);
    if (get_arg (c, p, "q", &p->q) < 0)
	return -1;
    if (p->q && strlen (p->q) > MAX_QUERY_BYTES)
	return bad_param (p, "q", CARI_PARAM_LONG,
			  cari_msg ("q is %zu bytes long; the limit is %d: "
				    "shorten the query", strlen (p->q),
				    MAX_QUERY_BYTES));
    if (p->q && !cari_utf8_valid (p->q, strlen (p->q)))
	return bad_param (p, "q", CARI_PARAM_UTF8,
			  cari_msg ("q is not valid UTF-8: send it "
				    "percent-encoded as UTF-8"));
    if (number_param (c, p, "page", 1, MAX_PAGE, 1, &p->page) < 0 ||
	number_param (c, p, "size", 1, MAX_SIZE, DEFAULT_SIZE, &p->size) < 0 ||
	text_param (c, p, "source", MAX_PARAM_BYTES, &p->source) < 0 ||
	text_param (c, p, "rubrik", MAX_PARAM_BYTES, &p->rubrik) < 0 ||
	text_param (c, p, "tag", MAX_PARAM_BYTES, &p->tag) < 0 ||
	date_param (c, p, "since", &p->since) < 0 ||
	date_param (c, p, "until", &p->until) < 0 ||
	text_param (c, p, "sort", MAX_PARAM_BYTES, &sort) < 0 ||
	number_param (c, p, "exact", 0, 1, 0, &exact) < 0 ||
	number_param (c, p, "collapse", 0, 1, 1, &collapse) < 0 ||
	text_param (c, p, "copies_of", MAX_ID_BYTES, &p->copies_of) < 0 ||
	number_param (c, p, "facets", 0, 1, 0, &facets) < 0 ||
	number_param (c, p, "facet_limit", 1, CARI_FACET_LIMIT_MAX, 0,
		      &p->facet_limit) < 0)
	return -1;
    p->exact = (int) exact;
    p->collapse = (int) collapse;
    p->facets = (int) facets;
    /* Over the shorter of the two, since after until leaves no day. */
    if (p->since && p->until &&
	strncmp (p->since, p->until, strlen (p->since) < strlen (p->until)
		 ? strlen (p->since) : strlen (p->until)) > 0)
	return bad_param (p, "since", CARI_PARAM_DATE_ORDER,
			  cari_msg ("since (%s) is after until (%s): no day "
				    "is left; swap them", p->since,
				    p->until));
    return sort_params (c, p, sort);
}

int
cari_params_read (struct MHD_Connection *c, cari_params_t *p)
{
    cari_params_src_t src = { connection_arg, c };

    return cari_params_read_from (&src, p);
}
