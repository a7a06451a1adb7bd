/* fresh.h - private to lib/: relevance mixed with recency (lib/fresh.c)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_FRESH_H
#define CARI_FRESH_H

#include "include/cari.h"
#include "xapian-c/xapian-c.h"

/* The clock and the half-life of a search ranked fresh: the context of
 * _cari_fresh_recency, kept on the searcher. */
typedef struct _cari_fresh {
    time_t now;                 /* the request's now (or the clock's) */
    double now_days;            /* the same in days since 1970 */
    double half_life_days;
    double undated_days;        /* CARI_DATE_FIRST, the day undated
				 * articles are taken to be of */
} _cari_fresh_t;

/* Check the fields of req that rank fresh.  Returns 0, or -1 with *error
 * set to what the caller should change. */
int
_cari_fresh_check (const cari_request_t *req, char **error);

/* Rank the parsed search of req fresh into f (or by weight again, when req
 * does not ask for it).  Returns 0, or -1 when out of memory. */
int
_cari_fresh_set (cx_search_t *search, _cari_fresh_t *f,
		 const cari_request_t *req);

/* The recency of a date in CARI_SLOT_DATE (YYYYMMDD; anything else, or
 * none, is CARI_DATE_FIRST): (its day - now) / half-life, a
 * cx_recency_func_t with an _cari_fresh_t as ctx. */
double
_cari_fresh_recency (void *ctx, const char *value, size_t len);

/* The ranking's fields of r into its JSON out: ranking, and when fresh
 * half_life_days and now.  Returns 0, or -1 when out of memory. */
int
_cari_fresh_json (const cari_results_t *r, json_t *out);

/* fresh_score of h into its JSON hit, when ranked fresh.  Returns 0, or
 * -1 when out of memory. */
int
_cari_fresh_hit_json (const cari_hit_t *h, json_t *hit);

#endif /* CARI_FRESH_H */
