/* fresh.c - relevance mixed with recency: half-lives, the clock, a date's recency
 *
 * A fresh search ranks by log2 (BM25 weight) + (day - now) / half-life:
 * the weight halves with every half-life of age, the order of
 * weight x 2^(-age / half-life) without its underflow for old articles.
 * The binding finds the best by it over every match (xapian-c/fresh.cc);
 * this file is cari's part: the dates of CARI_SLOT_DATE as days, the
 * undated taken as of CARI_DATE_FIRST, the request's fields and their JSON.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include "lib/fresh.h"
#include "lib/schema.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days from 1970-01-01 to the day y-m-d (a real one, y >= 1). */
static long
days_since_epoch (long y, int m, int d)
{
    static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243,
				    273, 304, 334 };
    long leaps = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400
		 - (1969 / 4 - 1969 / 100 + 1969 / 400);
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return 365 * (y - 1970) + leaps + before[m - 1] + (m > 2 && leap) + d - 1;
}

/* The day of YYYYMMDD at v (len bytes) into *days.  Returns 0, or -1 when
 * v is not 8 digits of a month 1-12 and a day 1-31. */
static int
value_days (const char *v, size_t len, long *days)
{
    int n[8];

    if (len != 8)
	return -1;
    for (int i = 0; i < 8; i++) {
	if (v[i] < '0' || v[i] > '9')
	    return -1;
	n[i] = v[i] - '0';
    }
    long y = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3];
    int m = n[4] * 10 + n[5], d = n[6] * 10 + n[7];
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
	return -1;
    *days = days_since_epoch (y, m, d);
    return 0;
}

double
_cari_fresh_recency (void *ctx, const char *value, size_t len)
{
    const _cari_fresh_t *f = ctx;
    long days;

    if (value_days (value, len, &days) < 0)
	return (f->undated_days - f->now_days) / f->half_life_days;
    return ((double) days - f->now_days) / f->half_life_days;
}

int
cari_parse_half_life (const char *s, double *days)
{
    size_t len = s ? strlen (s) : 0, digits = 0, points = 0, i;
    double unit = 1, n;

    *days = 0;
    if (!len || len > 16)
	return -1;
    for (i = 0; i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.');
	 i++) {
	digits += s[i] != '.';
	points += s[i] == '.';
    }
    if (!digits || points > 1 || i + 1 < len)
	return -1;
    if (i < len) {
	switch (s[i]) {
	case 'h':
	    unit = 1.0 / 24;
	    break;
	case 'd':
	    break;
	case 'w':
	    unit = 7;
	    break;
	default:
	    return -1;
	}
    }
    n = strtod (s, NULL) * unit;
    /* The bounds with a little room: 1h is 1/24 d, as computed. */
    if (!(n >= CARI_HALF_LIFE_MIN_DAYS * (1 - 1e-12)) ||
	n > CARI_HALF_LIFE_MAX_DAYS)
	return -2;
    *days = n;
    return 0;
}

int
cari_parse_now (const char *s, time_t *out)
{
    char lo[9];
    long days;

    if (!s || strlen (s) != 10 || cari_date_range (s, 10, lo, NULL) < 0 ||
	strcmp (lo, CARI_DATE_FIRST) < 0 || value_days (lo, 8, &days) < 0)
	return -1;
    *out = (time_t) days * 86400;
    return 0;
}

int
_cari_fresh_check (const cari_request_t *req, char **error)
{
    double h = req->fresh_half_life_days;

    if (h == 0)
	return 0;
    if (!(h >= CARI_HALF_LIFE_MIN_DAYS * (1 - 1e-12)) ||
	h > CARI_HALF_LIFE_MAX_DAYS) {
	*error = cari_msg ("the half-life of a fresh ranking wants %s, not "
			   "%g days", CARI_HALF_LIFE_FORMS, h);
	return -1;
    }
    if (req->sort_by_date) {
	*error = cari_msg ("newest first and fresh are two orders: ask for "
			   "one of them");
	return -1;
    }
    return 0;
}

int
_cari_fresh_set (cx_search_t *search, _cari_fresh_t *f,
		 const cari_request_t *req)
{
    long first;

    if (req->fresh_half_life_days <= 0)
	return cx_search_set_recency (search, CARI_SLOT_DATE, NULL, NULL)
	       ? -1 : 0;
    value_days (CARI_DATE_FIRST, 8, &first);
    f->now = req->now ? req->now : time (NULL);
    f->now_days = (double) f->now / 86400;
    f->half_life_days = req->fresh_half_life_days;
    f->undated_days = (double) first;
    return cx_search_set_recency (search, CARI_SLOT_DATE,
				  _cari_fresh_recency, f) ? -1 : 0;
}

int
_cari_fresh_json (const cari_results_t *r, json_t *out)
{
    char now[32];
    struct tm tm;

    if (json_object_set_new (out, "ranking", json_string (r->ranking
							  ? r->ranking
							  : "relevance")))
	return -1;
    if (!r->ranking || strcmp (r->ranking, "fresh"))
	return 0;
    if (!gmtime_r (&r->now, &tm) ||
	!strftime (now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm))
	snprintf (now, sizeof now, "%lld", (long long) r->now);
    return json_object_set_new (out, "half_life_days",
				json_real (r->half_life_days)) ||
	   json_object_set_new (out, "now", json_string (now)) ? -1 : 0;
}

int
_cari_fresh_hit_json (const cari_hit_t *h, json_t *hit)
{
    if (isnan (h->fresh_score))
	return 0;
    return json_object_set_new (hit, "fresh_score",
				isfinite (h->fresh_score)
				? json_real (h->fresh_score) : json_null ())
	   ? -1 : 0;
}
