/* cache.c - cari-serve's cache of API answers, per index revision
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "serve/cache.h"

#include "include/cari.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The answers to /api/search and /api/suggest, keyed by the request and
 * by the revision of the index they were read from: a commit or a swap
 * changes the revision, so no answer outlives the index it came from.
 * Direct-mapped (a new answer replaces the one in its slot), shared by the
 * workers under one mutex; bodies are kept without took_ms. */
#define CACHE_MAX_BODY 65536

struct centry {
    char *key;
    char *body;                 /* the JSON without its closing brace */
    size_t len;
};

static struct centry *cache;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* Settings, fixed after start. */
static struct {
    const char *dbpath;
    unsigned long cache_entries;
} cfg;

static size_t
cache_slot (const char *key)
{
    unsigned long h = 14695981039346656037UL;
    for (; *key; key++)
	h = (h ^ (unsigned char) *key) * 1099511628211UL;
    return (size_t) (h % cfg.cache_entries);
}

/* A copy of the cached body for key (free with free()), or NULL. */
char *
cari_cache_get (const char *key, size_t *len)
{
    char *body = NULL;

    if (!cache || !key)
	return NULL;
    struct centry *e = &cache[cache_slot (key)];
    pthread_mutex_lock (&cache_lock);
    if (e->key && !strcmp (e->key, key) && (body = malloc (e->len + 1))) {
	memcpy (body, e->body, e->len + 1);
	*len = e->len;
    }
    pthread_mutex_unlock (&cache_lock);
    return body;
}

void
cari_cache_put (const char *key, const char *body, size_t len)
{
    char *k, *b;

    if (!cache || !key || len > CACHE_MAX_BODY)
	return;
    k = strdup (key);
    b = malloc (len + 1);
    if (!k || !b) {
	free (k);
	free (b);
	return;
    }
    memcpy (b, body, len);
    b[len] = '\0';
    struct centry *e = &cache[cache_slot (key)];
    pthread_mutex_lock (&cache_lock);
    free (e->key);
    free (e->body);
    e->key = k;
    e->body = b;
    e->len = len;
    pthread_mutex_unlock (&cache_lock);
}

void
cari_cache_free (void)
{
    for (size_t i = 0; cache && i < cfg.cache_entries; i++) {
	free (cache[i].key);
	free (cache[i].body);
    }
    free (cache);
    cache = NULL;
}

/* The cache key of a request: the revision, then each part with its length
 * in front, so that no text in one part can pass for another part. */
char *
cari_cache_key (const char *kind, const char *const *parts, size_t n)
{
    char rev[512], *key = NULL;
    size_t len = 0;
    FILE *f;

    if (!cache)
	return NULL;
    cari_index_change_token (cfg.dbpath, rev, sizeof rev);
    if (!(f = open_memstream (&key, &len)))
	return NULL;
    fprintf (f, "%s %s", kind, rev);
    for (size_t i = 0; i < n; i++)
	fprintf (f, " %zu:%s", parts[i] ? strlen (parts[i]) : 0,
		 parts[i] ? parts[i] : "");
    if (fclose (f) != 0) {
	free (key);
	return NULL;
    }
    return key;
}

void
cari_cache_init (const char *dbpath, unsigned long entries)
{
    cfg.dbpath = dbpath;
    cfg.cache_entries = entries;
    if (cfg.cache_entries &&
	!(cache = calloc (cfg.cache_entries, sizeof *cache)))
	cfg.cache_entries = 0;
}
