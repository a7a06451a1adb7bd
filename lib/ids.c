/* ids.c - the ids seen in a run and the source hashes the index holds
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long
str_hash (const char *s)
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
	h = (h ^ (unsigned char) *s) * 0x100000001b3ULL;
    return h;
}

/* The entry of id, added (with hash "") if new; *is_new says which.  NULL
 * when out of memory. */
struct seen *
_cari_seen_get (struct seen_table *t, const char *id, int *is_new)
{
    if (t->count * 2 >= t->size) {
	size_t size = t->size ? t->size * 2 : 1024;
	struct seen *slots = calloc (size, sizeof *slots);
	if (!slots)
	    return NULL;
	for (size_t i = 0; i < t->size; i++) {
	    if (!t->slots[i].id)
		continue;
	    size_t j = str_hash (t->slots[i].id) & (size - 1);
	    while (slots[j].id)
		j = (j + 1) & (size - 1);
	    slots[j] = t->slots[i];
	}
	free (t->slots);
	t->slots = slots;
	t->size = size;
    }
    size_t j = str_hash (id) & (t->size - 1);
    while (t->slots[j].id) {
	if (strcmp (t->slots[j].id, id) == 0) {
	    *is_new = 0;
	    return &t->slots[j];
	}
	j = (j + 1) & (t->size - 1);
    }
    if (!(t->slots[j].id = strdup (id)))
	return NULL;
    t->count++;
    *is_new = 1;
    return &t->slots[j];
}

/* A copy of file name that lives as long as t (a directory walk reuses
 * its path buffer): the last one again, or a new one.  NULL when out of
 * memory. */
const char *
_cari_seen_name (struct seen_table *t, const char *name)
{
    if (t->nnames && strcmp (t->names[t->nnames - 1], name) == 0)
	return t->names[t->nnames - 1];
    char **names = realloc (t->names, (t->nnames + 1) * sizeof *names);
    if (!names)
	return NULL;
    t->names = names;
    if (!(names[t->nnames] = strdup (name)))
	return NULL;
    return names[t->nnames++];
}

void
_cari_seen_free (struct seen_table *t)
{
    for (size_t i = 0; i < t->size; i++)
	free (t->slots[i].id);
    free (t->slots);
    for (size_t i = 0; i < t->nnames; i++)
	free (t->names[i]);
    free (t->names);
}



int
_cari_known_add (void *ctx, const char *value, size_t len)
{
    struct known_table *t = ctx;
    char hex[CARI_HASH_CHARS + 1];

    if (len <= CARI_HASH_CHARS)
	return 0;
    if (t->n == t->size) {
	size_t size = t->size ? t->size * 2 : 1024;
	struct known *v = realloc (t->v, size * sizeof *v);
	if (!v) {
	    t->failed = 1;
	    return 1;
	}
	t->v = v;
	t->size = size;
    }
    memcpy (hex, value, CARI_HASH_CHARS);
    hex[CARI_HASH_CHARS] = '\0';
    t->v[t->n].hash = strtoull (hex, NULL, 16);
    if (!(t->v[t->n].id = strndup (value + CARI_HASH_CHARS,
				   len - CARI_HASH_CHARS))) {
	t->failed = 1;
	return 1;
    }
    t->n++;
    return 0;
}

int
_cari_known_cmp (const void *a, const void *b)
{
    unsigned long long x = ((const struct known *) a)->hash,
		       y = ((const struct known *) b)->hash;
    return (x > y) - (x < y);
}

/* The id of the article read from bytes with this hash, or NULL. */
const char *
_cari_known_get (const struct known_table *t, const char *hash)
{
    struct known key = { strtoull (hash, NULL, 16), NULL };
    const struct known *k = t->n ? bsearch (&key, t->v, t->n, sizeof *t->v,
					    _cari_known_cmp) : NULL;
    return k ? k->id : NULL;
}

void
_cari_known_free (struct known_table *t)
{
    for (size_t i = 0; i < t->n; i++)
	free (t->v[i].id);
    free (t->v);
}

int
_cari_id_file_each (const char *path,
		    int (*func) (void *ctx, char *id, unsigned long line),
		    void *ctx)
{
    FILE *f = strcmp (path, "-") ? fopen (path, "re") : stdin;
    char *line = NULL;
    size_t size = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int ret = 0;

    if (!f)
	return CARI_ID_FILE_UNOPENED;
    while (ret == 0 && (n = getline (&line, &size, f)) >= 0) {
	lineno++;
	while (n > 0 && strchr ("\r\n \t", line[n - 1]))
	    line[--n] = '\0';
	char *id = line + strspn (line, " \t");
	if (*id && *id != '#')
	    ret = func (ctx, id, lineno);
    }
    if (ret == 0 && ferror (f))
	ret = CARI_ID_FILE_UNREAD;
    int saved = errno;
    free (line);
    if (f != stdin)
	fclose (f);
    errno = saved;
    return ret;
}
