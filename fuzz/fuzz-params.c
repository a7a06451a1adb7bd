/* fuzz-params.c - libFuzzer harness of cari-serve's search parameters
 * (serve/params.c)
 *
 * The input is a query string (q=banjir&page=2&since=2025-01), split and
 * percent-decoded here as libmicrohttpd does it, then read and checked by
 * cari_params_read_from.  What params.h promises is checked: either every
 * parameter is in range, or the bad one is named with a message.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "serve/params.h"
#include "fuzz/fuzz.h"

#define MAX_ARGS 64

struct args {
    size_t n;
    char *name[MAX_ARGS], *value[MAX_ARGS];  /* value NULL: "name" alone */
    size_t len[MAX_ARGS];
};

static int
hex (int c)
{
    return c >= '0' && c <= '9' ? c - '0'
	   : c >= 'a' && c <= 'f' ? c - 'a' + 10
	   : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decode s in place (+ is a space, %XX a byte); returns its new length. */
static size_t
decode (char *s)
{
    char *out = s;

    for (char *p = s; *p; p++) {
	if (*p == '+')
	    *out++ = ' ';
	else if (*p == '%' && hex (p[1]) >= 0 && hex (p[2]) >= 0) {
	    *out++ = (char) (hex (p[1]) * 16 + hex (p[2]));
	    p += 2;
	} else
	    *out++ = *p;
    }
    *out = '\0';
    return (size_t) (out - s);
}

/* The first argument called name, as libmicrohttpd's lookup gives it. */
static int
lookup (void *ctx, const char *name, const char **value, size_t *len)
{
    struct args *a = ctx;

    for (size_t i = 0; i < a->n; i++)
	if (!strcmp (a->name[i], name)) {
	    *value = a->value[i];
	    *len = a->value[i] ? a->len[i] : 0;
	    return 0;
	}
    return -1;
}

static void
check_text (const char *v)
{
    FUZZ_CHECK (!v || (*v && strlen (v) <= MAX_PARAM_BYTES &&
		       cari_utf8_valid (v, strlen (v))));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    char *in = fuzz_string (data, size), *save = NULL;
    struct args a = { 0 };
    cari_params_src_t src = { lookup, &a };
    cari_params_t p;

    for (char *t = strtok_r (in, "&", &save); t && a.n < MAX_ARGS;
	 t = strtok_r (NULL, "&", &save)) {
	char *eq = strchr (t, '=');

	if (eq)
	    *eq = '\0';
	decode (t);
	a.name[a.n] = t;
	a.value[a.n] = eq ? eq + 1 : NULL;
	a.len[a.n] = eq ? decode (eq + 1) : 0;
	a.n++;
    }
    if (cari_params_read_from (&src, &p) == 0) {
	FUZZ_CHECK (!p.bad && !p.why);
	FUZZ_CHECK (p.page >= 1 && p.page <= MAX_PAGE);
	FUZZ_CHECK (p.size >= 1 && p.size <= MAX_SIZE);
	FUZZ_CHECK (!p.q || (strlen (p.q) <= MAX_QUERY_BYTES &&
			     cari_utf8_valid (p.q, strlen (p.q))));
	check_text (p.source);
	check_text (p.rubrik);
	check_text (p.tag);
	check_text (p.since);
	check_text (p.until);
	if (p.since)
	    FUZZ_CHECK (cari_date_range (p.since, strlen (p.since),
					 NULL, NULL) == 0);
	if (p.until)
	    FUZZ_CHECK (cari_date_range (p.until, strlen (p.until),
					 NULL, NULL) == 0);
	FUZZ_CHECK (p.sort_by_date == 0 || p.sort_by_date == 1);
    } else {
	FUZZ_CHECK (p.bad && *p.bad);
	FUZZ_CHECK (p.why && *p.why);
	free (p.why);
    }
    free (in);
    return 0;
}
