/* params.h - the query parameters of cari-serve's search, read and checked
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_PARAMS_H
#define CARI_SERVE_PARAMS_H

#include <microhttpd.h>
#include <stddef.h>
#include <time.h>

/* Caps on what one request may ask for (400 beyond them). */
#define MAX_QUERY_BYTES 500
#define MAX_PARAM_BYTES 100
#define MAX_SIZE 50
#define MAX_PAGE 100
#define DEFAULT_SIZE 10
#define MAX_ID_BYTES 200        /* an article's id (CARI_MAX_ID_BYTES): copies_of=,
				 * related=, id= */

/* What is wrong with a bad parameter, for the page to say in Indonesian. */
typedef enum cari_param_fault {
    CARI_PARAM_NUL = 1,         /* holds %00 */
    CARI_PARAM_LONG,            /* over MAX_QUERY_BYTES or MAX_PARAM_BYTES */
    CARI_PARAM_UTF8,            /* not UTF-8 */
    CARI_PARAM_NUMBER,          /* page or size not a number in range */
    CARI_PARAM_DATE,            /* since or until not a date */
    CARI_PARAM_DATE_ORDER,      /* since after until */
    CARI_PARAM_SORT,            /* sort neither relevance, date nor fresh */
    CARI_PARAM_HALF_LIFE,       /* half_life not a half-life, or without a
				 * fresh ranking */
} cari_param_fault_t;

typedef struct cari_params {
    const char *q;              /* NULL when missing */
    unsigned page, size;
    const char *source, *since, *until;
    int sort_by_date;
    int exact;                  /* exact=1: the query as typed, no
				 * correction */
    int facets;                 /* facets=1: the hits counted by facet
				 * (the page always asks) */
    unsigned facet_limit;       /* facet_limit=N, 0 when absent */
    /* On a bad parameter: which, what is wrong, and why (in English, to
     * free). */
    const char *bad;
    cari_param_fault_t fault;
    char *why;
    const char *rubrik, *tag;   /* only this rubrik, this tag (issue 21; as
				 * a facet shows it or any case of it) */
    /* Wire copies (issue 21): collapse=0 shows every copy (1, the
     * default: one hit a story); copies_of=ID lists a group; list_copies
     * (the page's, not a parameter) gives each collapsed hit with copies
     * its "copies_list". */
    int collapse;
    const char *copies_of;
    int list_copies;
    const char *related;        /* the page's related=ID, /api/related's
				 * id=ID (read with cari_params_text): the
				 * articles related to that one instead of
				 * a query; or NULL */
    /* Fresh (issue 21): sort=fresh, or the site's default sort (see
     * cari_params_set_defaults) when sort is not given. */
    const char *sort;           /* relevance, date or fresh: as given, else
				 * the site's default */
    int sort_given;
    int fresh;
    const char *half_life;      /* as given, or NULL */
    double half_life_days;      /* given, or the site's */
    time_t now;                 /* ranked fresh: the hour ages count from,
				 * so that answers can be cached */
} cari_params_t;

/**
 * The order of a search that gives no sort (relevance, date or fresh) and
 * the half-life of fresh without half_life: cari-serve's --default-sort
 * and --fresh-half-life.  Relevance and CARI_HALF_LIFE_DEFAULT unless set.
 */
void
cari_params_set_defaults (const char *sort, double half_life_days);

/** The site's default order (relevance, date or fresh). */
const char *
cari_params_default_sort (void);

/**
 * Where the parameters are read from: get (ctx, name, value, len) sets
 * *value (borrowed, NUL-terminated) and *len to the value of name and
 * returns 0, or returns -1 when name is absent.  cari_params_read reads a
 * connection's GET arguments; the fuzzing harness (fuzz/) reads its own.
 */
typedef struct cari_params_src {
    int (*get) (void *ctx, const char *name, const char **value,
		size_t *len);
    void *ctx;
} cari_params_src_t;

/** cari_params_read from any source of parameters. */
int
cari_params_read_from (const cari_params_src_t *src, cari_params_t *p);

/**
 * Read and check the parameters of a search (q, page, size, source, since,
 * until, sort, half_life, exact, rubrik, tag, collapse, copies_of, facets,
 * facet_limit) into p (related is the caller's to read); the strings are
 * borrowed from c.  Returns 0, or -1
 * with p->bad and p->why set (p->why NULL when out of memory).
 */
int
cari_params_read (struct MHD_Connection *c, cari_params_t *p);

/**
 * The text parameter name (valid UTF-8 of at most max bytes) into *out,
 * NULL when absent or empty.  Returns 0, or -1 with p->bad and p->why set.
 */
int
cari_params_text (struct MHD_Connection *c, cari_params_t *p,
		  const char *name, size_t max, const char **out);

#endif /* CARI_SERVE_PARAMS_H */
