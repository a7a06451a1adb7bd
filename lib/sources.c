/* sources.c - outlets: listed, and found by any reasonable form of their name
 *
 * An outlet is indexed as the boolean term XS + its name in ASCII lower
 * case, as the article gave it: tempo.co, cnn indonesia, antaranews.  A
 * reader types Tempo, "CNN Indonesia", antara or detik.com; each names
 * one outlet through its key (tempo, cnnindonesia) or the start of one.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"
#include "lib/schema.h"
#include "lib/sources.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Domain endings left out of a key (tempo.co, kompas.com, detik.co.id). */
static const char *const endings[] = {
    "com", "co", "id", "net", "org", "or", "go", "ac", "info", "tv", "news",
};

static int
ends_with_domain (const char *s, size_t n, size_t *cut)
{
    for (size_t i = 0; i < sizeof endings / sizeof *endings; i++) {
	size_t e = strlen (endings[i]);
	if (n > e + 1 && s[n - e - 1] == '.' &&
	    !strncasecmp (s + n - e, endings[i], e)) {
	    *cut = e + 1;
	    return 1;
	}
    }
    return 0;
}

size_t
_cari_source_key (const char *name, size_t n, char *key, size_t size)
{
    size_t cut, k = 0;

    if (n >= 4 && !strncasecmp (name, "www.", 4)) {
	name += 4;
	n -= 4;
    }
    while (ends_with_domain (name, n, &cut))
	n -= cut;
    for (size_t i = 0; i < n && k + 1 < size; i++) {
	unsigned char c = (unsigned char) name[i];
	if (isalnum (c) || c >= 0x80)
	    key[k++] = (char) tolower (c);
    }
    key[k] = '\0';
    return k;
}

struct outlets {
    char **names;
    size_t n, cap;
};

static int
collect (void *ctx, const char *term, size_t len, unsigned long freq)
{
    struct outlets *o = ctx;
    size_t plen = strlen (CARI_PREFIX_SOURCE);

    (void) freq;
    if (memchr (term, '"', len))
	return 0;               /* not one that source:"..." can name */
    if (o->n == o->cap) {
	size_t cap = o->cap ? 2 * o->cap : 32;
	char **names = realloc (o->names, cap * sizeof *names);
	if (!names)
	    return 1;
	o->names = names;
	o->cap = cap;
    }
    if (!(o->names[o->n] = strndup (term + plen, len - plen)))
	return 1;
    o->n++;
    return 0;
}

void
_cari_sources_free (char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
	free (names[i]);
    free (names);
}

/* Keep in o the names for which keep (0: the very name, 1: the same key,
 * 2: a key that starts with it) holds; the others are freed. */
static void
keep_matching (struct outlets *o, const char *typed, size_t n,
	       const char *key, size_t klen, int how)
{
    size_t kept = 0;
    char k[CX_MAX_TERM_BYTES + 1];

    for (size_t i = 0; i < o->n; i++) {
	const char *name = o->names[i];
	size_t len = _cari_source_key (name, strlen (name), k, sizeof k);
	int yes = how == 0 ? strlen (name) == n && !strncasecmp (name, typed, n)
		  : how == 1 ? len == klen && !memcmp (k, key, klen)
		  : klen >= 3 && len > klen && !memcmp (k, key, klen);
	if (yes)
	    o->names[kept++] = o->names[i];
	else
	    free (o->names[i]);
    }
    o->n = kept;
}

cx_status_t
_cari_sources_match (cx_db_t *db, const char *typed, size_t n,
		     char ***names, size_t *count)
{
    char key[CX_MAX_TERM_BYTES + 1];
    size_t klen = _cari_source_key (typed, n, key, sizeof key);
    cx_status_t st = CX_STATUS_SUCCESS;

    *names = NULL;
    *count = 0;
    for (int how = 0; how < 3 && !*count; how++) {
	struct outlets o = { NULL, 0, 0 };
	if ((st = cx_db_terms (db, CARI_PREFIX_SOURCE, collect, &o))) {
	    _cari_sources_free (o.names, o.n);
	    return st;
	}
	keep_matching (&o, typed, n, key, klen, how);
	if (o.n) {
	    *names = o.names;
	    *count = o.n;
	} else {
	    free (o.names);
	}
    }
    return st;
}

/* Does a source: filter start at q[i]? */
static int
source_at (const char *q, size_t i)
{
    int word_start = i == 0 || q[i - 1] == ' ' || q[i - 1] == '\t' ||
		     q[i - 1] == '(' || q[i - 1] == '-' || q[i - 1] == '+';
    return word_start && !strncasecmp (q + i, "source:", 7);
}

char *
_cari_sources_rewrite (cx_db_t *db, const char *q, char **unknown)
{
    size_t n = strlen (q), cap = 2 * n + 64, o = 0;
    char *out = malloc (cap);

    *unknown = NULL;
    for (size_t i = 0; out && i < n;) {
	if (!source_at (q, i)) {
	    out[o++] = q[i++];
	    continue;
	}
	size_t v = i + 7, e;
	int quoted = v < n && q[v] == '"';
	if (quoted)
	    for (e = ++v; e < n && q[e] != '"'; e++)
		;
	else
	    for (e = v; e < n && q[e] != ' ' && q[e] != '\t' && q[e] != ')';
		 e++)
		;
	char sign = i > 0 && (q[i - 1] == '-' || q[i - 1] == '+') ? q[i - 1]
								  : 0;
	char **names;
	size_t count;
	if (_cari_sources_match (db, q + v, e - v, &names, &count)) {
	    free (out);
	    return NULL;
	}
	if (!count) {
	    *unknown = strndup (q + v, e - v);
	    free (out);
	    return NULL;
	}
	for (size_t m = 0; m < count; m++) {
	    size_t need = o + strlen (names[m]) + 16 + (n - e);
	    if (need > cap) {
		char *bigger = realloc (out, cap = 2 * need);
		if (!bigger) {
		    _cari_sources_free (names, count);
		    free (out);
		    return NULL;
		}
		out = bigger;
	    }
	    /* The sign was copied before the first. */
	    o += (size_t) sprintf (out + o, "%s%ssource:\"%s\"",
				   m ? " " : "", m && sign ? (sign == '-'
							      ? "-" : "+")
				   : "", names[m]);
	}
	_cari_sources_free (names, count);
	i = quoted && e < n ? e + 1 : e;
    }
    if (out)
	out[o] = '\0';
    return out;
}

struct listing {
    cari_source_t *list;
    size_t n, cap;
};

static int
list_one (void *ctx, const char *term, size_t len, unsigned long freq)
{
    struct listing *l = ctx;
    size_t plen = strlen (CARI_PREFIX_SOURCE);

    if (l->n == l->cap) {
	size_t cap = l->cap ? 2 * l->cap : 32;
	cari_source_t *list = realloc (l->list, cap * sizeof *list);
	if (!list)
	    return 1;
	l->list = list;
	l->cap = cap;
    }
    if (!(l->list[l->n].name = strndup (term + plen, len - plen)))
	return 1;
    l->list[l->n++].articles = freq;
    return 0;
}

static int
most_first (const void *a, const void *b)
{
    const cari_source_t *x = a, *y = b;
    if (x->articles != y->articles)
	return x->articles < y->articles ? 1 : -1;
    return strcmp (x->name, y->name);
}

int
_cari_sources_list (cx_db_t *db, cari_source_t **out, size_t *n)
{
    struct listing l = { NULL, 0, 0 };

    *out = NULL;
    *n = 0;
    if (cx_db_terms (db, CARI_PREFIX_SOURCE, list_one, &l)) {
	cari_sources_free (l.list, l.n);
	return -1;
    }
    if (l.n)
	qsort (l.list, l.n, sizeof *l.list, most_first);
    *out = l.list;
    *n = l.n;
    return 0;
}

void
cari_sources_free (cari_source_t *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
	free (list[i].name);
    free (list);
}
