/* maintain.c - maintenance of an index: compaction (statistics: stats.c)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* --compact, with the writer lock held in r->db.  The status (its message
 * on r). */
cari_status_t
_cari_compact (struct cari_writer *r, int quiet)
{
    char *gen = NULL, *cur = NULL, *why = NULL, *error = NULL;
    const char *dbpath = r->dbpath, *src = dbpath;
    struct timespec t0;
    cari_status_t ret = CARI_STATUS_INDEX_ERROR;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (cari_layout_next (dbpath, &gen, &why) < 0) {
	ret = _cari_fail (r, why ? CARI_STATUS_INDEX_ERROR
			  : CARI_STATUS_OUT_OF_MEMORY, "cannot compact: %s",
			  why ? why : "out of memory");
	goto done;
    }
    /* Everything the index directory holds, before and after: the
     * generation, its delta, and what an older cari left (it kept the
     * generation a swap replaced until the next swap). */
    char *delta = NULL;
    cari_layout_current (dbpath, &cur);
    cari_layout_delta (dbpath, 0, &delta);
    unsigned long long before = cari_layout_bytes (dbpath);
    unsigned long long in_gen = cur ? cari_layout_bytes (cur) : 0;
    unsigned long long in_delta = delta ? cari_layout_bytes (delta) : 0;
    free (delta);
    cx_status_t st = cx_compact (&src, 1, gen, &error);
    if (st) {
	ret = _cari_fail (r, _cari_status_from_cx (st), "cannot compact '%s' "
			  "into '%s': %s%s%s; the index is unchanged%s", dbpath,
			  gen, cx_status_to_string (st), error ? ": " : "",
			  error ? error : "", cari_layout_disk_full (error));
	cari_layout_remove (gen);
	goto done;
    }
    _cari_test_kill_point ("merge", 1);
    if (cari_layout_swap (dbpath, gen, &why) < 0) {
	ret = _cari_fail (r, why ? CARI_STATUS_INDEX_ERROR
			  : CARI_STATUS_OUT_OF_MEMORY, "cannot swap in the "
			  "compacted index: %s; the index is unchanged",
			  why ? why : "out of memory");
	cari_layout_remove (gen);
	goto done;
    }
    /* The generation replaced and its delta go at once (lib/layout.h):
     * the writer does not write to them again after a compaction. */
    cari_layout_tidy (dbpath);
    if (!quiet) {
	char parts[160];
	int n = snprintf (parts, sizeof parts, "the generation %.1f MB",
			  (double) in_gen / 1e6);
	if (in_delta)
	    n += snprintf (parts + n, sizeof parts - (size_t) n,
			   ", its delta %.1f MB", (double) in_delta / 1e6);
	if (before > in_gen + in_delta + 65536)
	    snprintf (parts + n, sizeof parts - (size_t) n, ", generations "
		      "replaced before %.1f MB",
		      (double) (before - in_gen - in_delta) / 1e6);
	_cari_say (r, CARI_MESSAGE_REPORT, NULL, 0, "compacted '%s' from "
		   "%.1f MB on disk (%s) to %.1f MB in %.2f s; what it "
		   "replaced is removed", dbpath, (double) before / 1e6,
		   parts, (double) cari_layout_bytes (dbpath) / 1e6,
		   cari_seconds_since (&t0));
    }
    ret = CARI_STATUS_SUCCESS;
done:
    free (gen);
    free (cur);
    free (why);
    free (error);
    return ret;
}

int
cari_index_exists (const char *path)
{
    return cari_layout_exists (path);
}
