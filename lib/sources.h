/* sources.h - private to lib/: outlets found by any reasonable form of their name
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_LIB_SOURCES_H
#define CARI_LIB_SOURCES_H

#include "include/cari.h"
#include "xapian-c/xapian-c.h"

#include <stddef.h>

/**
 * The names of the outlets of db (as indexed: ASCII lower case, without
 * the term prefix) that typed (n bytes) names, into *names (an array of
 * *count strings; free with _cari_sources_free): the outlet of that very
 * name; else those whose key (_cari_source_key) is typed's; else, for a
 * key of 3 or more characters, those whose key starts with it.  Returns
 * the binding's status; *count may be 0.
 */
cx_status_t
_cari_sources_match (cx_db_t *db, const char *typed, size_t n,
		     char ***names, size_t *count);

void
_cari_sources_free (char **names, size_t count);

/**
 * The query q with each source:NAME (or source:"NAME WITH SPACES") filter
 * replaced by the outlets NAME matches, each as source:"name" with the
 * sign (+, -) of the filter: the parser ORs filters of one field.  Returns
 * the new text (free it), or NULL with *unknown set to the first NAME that
 * matches no outlet (free it; NULL when out of memory or the index could
 * not be read).
 */
char *
_cari_sources_rewrite (cx_db_t *db, const char *q, char **unknown);

/**
 * The key an outlet's name is matched by, into key (size bytes, at least
 * 1): ASCII lower case, a leading "www." and domain endings (.com, .co.id,
 * .net...) gone, letters and digits only.  Returns its length.
 */
size_t
_cari_source_key (const char *name, size_t n, char *key, size_t size);

/**
 * The outlets of db, most articles first (cari_searcher_sources).
 * Returns 0, or -1.
 */
int
_cari_sources_list (cx_db_t *db, cari_source_t **out, size_t *n);

#endif
