/* related.h - private to lib/: the query of an article's related articles
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_RELATED_H
#define CARI_RELATED_H

#include "include/cari.h"
#include "xapian-c/xapian-c.h"

/** Terms held by fewer articles than this find no other: left out. */
#define CARI_RELATED_MIN_DOCS 2

/**
 * Set as search's query (cx_search_set_query: filters cleared) the
 * articles related to the article of id in db, read with an (see
 * cari_request_t's related_id), and give that article's title (its first
 * words when it has none) in *title, to free().  Returns 0, or
 * CARI_SEARCH_NOT_FOUND (no article has the id), CARI_SEARCH_USER_ERROR
 * (the id cannot be one) or CARI_SEARCH_INDEX_ERROR, with *error (to
 * free()) the whole message.
 */
int
_cari_related_query (cx_db_t *db, cx_search_t *search, cari_analyzer_t *an,
		     const char *id, char **title, char **error);

#endif /* CARI_RELATED_H */
