/* copies.h - the copies of the page's collapsed hits (wire copies, issue 21)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_COPIES_H
#define CARI_SERVE_COPIES_H

#include "include/cari.h"

#include <jansson.h>

/** At most this many copies are listed under a hit. */
#define CARI_PAGE_COPIES 20

/**
 * Give each hit of the search answer out that has copies (collapsed) a
 * "copies_list": its group's other articles, newest first, each {id,
 * title, url, source, date}, searched with s.  Returns 0, or -1 when out
 * of memory or the index fails.
 */
int
cari_worker_copies_lists (cari_searcher_t *s, json_t *out);

#endif /* CARI_SERVE_COPIES_H */
