/* cache.h - cari-serve's cache of API answers, per index revision
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_CACHE_H
#define CARI_SERVE_CACHE_H

#include <stddef.h>

/**
 * Make room for entries answers (0: no cache) of the index at dbpath
 * (borrowed until cari_cache_free()).  Out of memory leaves no cache.
 */
void
cari_cache_init (const char *dbpath, unsigned long entries);

/** Free the cache and the answers in it. */
void
cari_cache_free (void);

/**
 * The cache key (free with free()) of a request of kind with parts[0..n)
 * (NULL parts count as empty), for the index revision of now.  NULL when
 * there is no cache or out of memory.
 */
char *
cari_cache_key (const char *kind, const char *const *parts, size_t n);

/** A copy of the cached body for key (free with free()), or NULL. */
char *
cari_cache_get (const char *key, size_t *len);

/** File a copy of body (len bytes) under key (NULL: do nothing). */
void
cari_cache_put (const char *key, const char *body, size_t len);

#endif /* CARI_SERVE_CACHE_H */
