/* remote.c - remote shards: the settings, what they cannot do, the advice to give
 *
 * The binding opens the "remote HOST:PORT" lines of a stub (lib/layout.c
 * reads them) with Xapian::Remote::open; this file holds the process's
 * timeout and whether shards may be left out, and says to the user what a
 * remote shard cannot do and what to do when one is down.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/remote.h"

#include "include/cari.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned shard_timeout_ms;
static int partial_shards;

void
cari_set_shard_timeout (unsigned ms)
{
    shard_timeout_ms = ms;
}

void
cari_set_partial_shards (int allow)
{
    partial_shards = allow != 0;
}

unsigned
_cari_remote_timeout (void)
{
    return shard_timeout_ms ? shard_timeout_ms : CARI_SHARD_TIMEOUT_MS;
}

int
_cari_remote_partial (void)
{
    return partial_shards;
}

static const char advice[] =
    "; check that xapian-tcpsrv runs there and answers (doc/scale-out.md), "
    "give it more time (--shard-timeout MS), or search the other shards "
    "with --partial";

const char *
_cari_remote_advice (const cx_db_t *db)
{
    return cx_db_remote_count (db) ? advice : "";
}

char *
_cari_remote_open_failed (const char *dir, const char *detail)
{
    return cari_msg ("%s%s; or correct or remove its line in "
		     "%s/XAPIANDB", detail ? detail : "a remote shard failed",
		     advice, dir);
}

/* The remote shards of db, "a:1, b:2", into buf. */
static void
shard_list (const cx_db_t *db, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < cx_db_remote_count (db) && len + 1 < size; i++) {
	int n = snprintf (buf + len, size - len, "%s%s", i ? ", " : "",
			  cx_db_remote_name (db, i));
	if (n < 0)
	    break;
	len += (size_t) n;
    }
}

int
_cari_remote_check (cx_search_t *search, cx_db_t *db, char **error)
{
    unsigned what = cx_search_needs_local (search);
    const char *feature, *instead;
    char shards[512];

    *error = NULL;
    if (!what)
	return 0;
    if (what & CX_LOCAL_POSITIONS) {
	feature = "phrase search (\"...\" and NEAR) is";
	instead = "search the words without quotes or NEAR";
    } else if (what & CX_LOCAL_FACETS) {
	feature = "counting facets is";
	instead = "search without --facets (facets=1)";
    } else {
	feature = "the fresh ranking is";
	instead = "rank by relevance or by date instead";
    }
    shard_list (db, shards, sizeof shards);
    /* xapian-tcpsrv runs only what Xapian itself registers: cari checks
     * phrases on the stored text with a MatchDecider, and counts facets
     * and ranks fresh with its own MatchSpy and PostingSource. */
    *error = cari_msg ("%s not available with remote shards (%s): "
		       "Xapian's remote servers cannot run cari's checks; "
		       "%s, or search an index whose shards are all local",
		       feature, shards, instead);
    return -1;
}

int
_cari_remote_missing (const cx_db_t *db, char ***out, size_t *n)
{
    *out = NULL;
    *n = cx_db_missing_count (db);
    if (!*n)
	return 0;
    char **names = calloc (*n + 1, sizeof *names);
    if (!names)
	return -1;
    for (size_t i = 0; i < *n; i++)
	if (!(names[i] = strdup (cx_db_missing (db, i)))) {
	    for (size_t k = 0; k < i; k++)
		free (names[k]);
	    free (names);
	    return -1;
	}
    *out = names;
    return 0;
}
