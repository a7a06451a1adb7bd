/* synonyms.h - private to lib/: a query's abbreviations and their long
 * forms searched as one another (lib/synonyms.c)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_LIB_SYNONYMS_H
#define CARI_LIB_SYNONYMS_H

#include "include/cari.h"

/**
 * The query text (in the query language, normalized as the searcher
 * normalizes it) with each word or run of words that is a form of a group
 * of syn replaced by the group: KPK and Komisi Pemberantasan Korupsi both
 * by (KPK OR "Komisi Pemberantasan Korupsi"), -KPK by -KPK -"Komisi
 * Pemberantasan Korupsi".  Words of a field (title:, source:, date:),
 * with a wildcard or next to NEAR or ADJ are left as typed, and so are the
 * forms after the first CARI_SYNONYM_MAX_REWRITES.  Returns the
 * new text to free(), NULL when no group matched or memory ran out (*oom
 * set then).
 */
char *
_cari_synonyms_expand (const cari_synonyms_t *syn, const char *text,
		       int *oom);

#endif
