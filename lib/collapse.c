/* collapse.c - wire copies at query time: a group's articles, its size
 *
 * Collapsing itself is Xapian's (Enquire::set_collapse_key on
 * CARI_SLOT_GROUP, cx_search_set_collapse); this file lists a group and
 * counts it, from the group term every article has (lib/copies.h).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/copies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
_cari_copies_of (cx_db_t *db, cx_search_t *search, const char *id,
		 char **error)
{
    char qterm[CX_MAX_TERM_BYTES + 1], term[CARI_COPIES_TERM_BYTES];
    char *key = NULL;
    cx_query_t *all = NULL;

    if (!*id || strlen (id) > CARI_MAX_ID_BYTES) {
	*error = cari_msg ("copies of '%.40s': an id is 1 to %d bytes; give "
			   "the id of a hit (the \"id\" of its JSON)", id,
			   CARI_MAX_ID_BYTES);
	return -1;
    }
    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
    cx_status_t st = cx_db_get_value_by_term (db, qterm, CARI_SLOT_GROUP,
					      &key, NULL);
    if (!st && !key) {
	*error = cari_msg ("copies of '%s': no article has that id in the "
			   "index; give the id of a hit (the \"id\" of its "
			   "JSON)", id);
	return -1;
    }
    /* An article indexed before wire copies has no key: its own group. */
    if (!st)
	_cari_copies_group_term (*key ? key : id, term);
    if (!st)
	st = cx_query_match_all (&all);
    if (!st)
	st = cx_search_set_query (search, all, NULL);
    if (!st)
	st = cx_search_filter_term (search, *key ? term : qterm);
    if (!st)
	st = cx_search_sort_by_value (search, CARI_SLOT_DATE);
    if (!st)
	st = cx_search_set_collapse (search, -1);
    cx_query_destroy (all);
    free (key);
    if (st) {
	*error = cari_msg ("cannot list the copies of '%s': %s%s%s", id,
			   cx_status_to_string (st),
			   *cx_db_status_string (db) ? ": " : "",
			   cx_db_status_string (db));
	return -1;
    }
    return 0;
}

unsigned long
_cari_copies_count (cx_db_t *db, const char *key)
{
    char term[CARI_COPIES_TERM_BYTES];
    unsigned long n = 0;

    if (!key || !*key)
	return 0;
    _cari_copies_group_term (key, term);
    if (cx_db_term_freq (db, term, &n) || n == 0)
	return 0;
    return n - 1;
}

char *
_cari_group_of (cx_db_t *db, const char *id)
{
    char qterm[CX_MAX_TERM_BYTES + 1], *key = NULL;

    if (strlen (id) > CARI_MAX_ID_BYTES)
	return NULL;
    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
    if (cx_db_get_value_by_term (db, qterm, CARI_SLOT_GROUP, &key, NULL) ||
	!key)
	return NULL;
    if (!*key) {
	free (key);
	return strdup (id);
    }
    return key;
}

void
_cari_copies_hit (cx_db_t *db, const char *key, cari_hit_t *h)
{
    h->group = key && *key ? key : h->id;
    h->copies = _cari_copies_count (db, h->group);
}

int
_cari_collapsed (const cari_hit_t *hits, size_t n, const cx_hit_t *xhit)
{
    if (!xhit->collapse_key_len)
	return 0;
    for (size_t i = 0; i < n; i++)
	if (hits[i].group && strcmp (hits[i].group, xhit->collapse_key) == 0)
	    return 1;
    return 0;
}
