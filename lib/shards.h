/* shards.h - a writer of an index split into shards by year (private to
 * lib/: writer.c, takedown.c, stats.c call it; lib/shards.c)
 *
 * A sharded index DIR (lib/layout.h says its files) is written by a
 * writer of DIR that holds one writer a shard, each a whole cari index of
 * today's layout in DIR/YYYY (DIR/undated): the top writer reads the input
 * (lib/ingest.c), routes each article by its date's year to its shard, and
 * moves an article whose year changed (deleted from the shard that holds
 * it, written in its new one).  Every local shard is opened for writing
 * at the start, so that its lock is held and an id is found wherever it
 * is; a shard of no articles yet is built as a new index is (in parallel
 * with --jobs).  DIR/SHARDS's "remote HOST:PORT YEAR..." lines name
 * years kept on a shard behind xapian-tcpsrv: their articles are refused
 * here, each with a warning.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SHARDS_H
#define CARI_SHARDS_H

#include "lib/writer.h"

struct _cari_shardset;

/** 1 when a writer of path is one of shards (DIR/SHARDS is there, or
 * o->shard_by asks for it), 0 when not. */
int
_cari_sharded_wanted (const char *path, const cari_writer_options_t *o);

/** Open r (allocated, its options set) as the writer of a sharded index:
 * DIR/SHARDS written when new, read, every local shard opened.  Returns 0,
 * or -1 (failed). */
int
_cari_sharded_open (struct cari_writer *r, const cari_writer_options_t *o);

void
_cari_sharded_destroy (struct cari_writer *r);

/* The steps of a run, as cari_writer_<step> but over the shards; each
 * returns 0, or -1 (failed: the first shard's failure on r). */
int
_cari_sharded_begin (struct cari_writer *r);

int
_cari_sharded_prepare (struct cari_writer *r);

int
_cari_sharded_finish (struct cari_writer *r, int ok);

int
_cari_sharded_compact (struct cari_writer *r);

int
_cari_sharded_delete (struct cari_writer *r, const char *id,
		     const char *where);

int
_cari_sharded_prune (struct cari_writer *r, const char *path);

/** As _cari_skip_known and _cari_index_article, for a sharded r. */
int
_cari_sharded_skip_known (struct cari_writer *r, const char *hash,
			 const char *name, unsigned long line);

int
_cari_sharded_index_article (struct cari_writer *r, const cari_article_t *a,
			    const char *hash, const char *name,
			    unsigned long line);

/** Delete id from whichever shard holds it (a takedown).  Returns 1 when
 * one did, 0 when none, -1 when the index failed (failed). */
int
_cari_sharded_delete_article (struct cari_writer *r, const char *id);

/** The counts of r's shards added to *out. */
void
_cari_sharded_counts (const struct cari_writer *r, cari_writer_counts_t *out);

#endif /* CARI_SHARDS_H */
