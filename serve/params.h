/* params.h - the query parameters of cari-serve's search, read and checked
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_PARAMS_H
#define CARI_SERVE_PARAMS_H

#include <microhttpd.h>
#include <stddef.h>

/* Caps on what one request may ask for (400 beyond them). */
#define MAX_QUERY_BYTES 500
#define MAX_PARAM_BYTES 100
#define MAX_SIZE 50
#define MAX_PAGE 100
#define DEFAULT_SIZE 10

typedef struct cari_params {
    const char *q;              /* NULL when missing */
    unsigned page, size;
    const char *source, *since, *until;
    int sort_by_date;
    int exact;                  /* exact=1: the query as typed, no
				 * correction */
    /* On a bad parameter: which, and why (to free). */
    const char *bad;
    char *why;
} cari_params_t;

/**
 * Read and check the parameters of a search (q, page, size, source, since,
 * until, sort, exact) into p; the strings are borrowed from c.  Returns 0, or -1
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
