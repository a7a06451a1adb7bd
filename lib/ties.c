/* ties.c - hits of equal weight and date in one order (see lib/ties.h)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/ties.h"

#include <stdlib.h>
#include <string.h>

static int
tied (const cari_hit_t *a, const cari_hit_t *b)
{
    return a->score == b->score &&
	strcmp (a->date ? a->date : "", b->date ? b->date : "") == 0;
}

static int
by_id (const void *a, const void *b)
{
    return strcmp (((const cari_hit_t *) a)->id, ((const cari_hit_t *) b)->id);
}

void
_cari_ties_order (cari_hit_t *hits, size_t n)
{
    for (size_t i = 0; i + 1 < n;) {
	size_t end = i + 1;
	while (end < n && tied (&hits[i], &hits[end]))
	    end++;
	if (end - i > 1) {
	    unsigned first = hits[i].rank;
	    qsort (hits + i, end - i, sizeof *hits, by_id);
	    for (size_t k = i; k < end; k++)
		hits[k].rank = first + (unsigned) (k - i);
	}
	i = end;
    }
}
