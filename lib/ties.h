/* ties.h - hits of equal weight and date in one order, whatever the layout
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_TIES_H
#define CARI_TIES_H

#include "include/cari.h"

/**
 * Order each run of adjacent hits with the same score and date by id,
 * each keeping the rank of its place.  Xapian ranks documents of equal
 * weight (wire copies of equal text) by document id, which a sharded
 * index (lib/shards.c) interleaves over its shards: a search ranked by
 * relevance breaks the ties by slot 1 in the match already
 * (cx_search_set_tiebreak), over every page; one ranked by date or fresh
 * is ordered here, within the page.
 */
void
_cari_ties_order (cari_hit_t *hits, size_t n);

#endif /* CARI_TIES_H */
