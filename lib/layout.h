/* layout.h - the on-disk layout of a cari index: generations behind a stub
 *
 * An index is a directory DIR holding
 *   DIR/XAPIANDB       Xapian stub file, one line "glass gen-NNNNNN": what
 *                      every reader opening DIR actually opens; a second
 *                      line "glass gen-NNNNNN.delta" when there is a delta;
 *   DIR/gen-NNNNNN     the Xapian glass database itself;
 *   DIR/gen-NNNNNN.delta  the articles that incremental runs added since
 *                      that generation was written, in a database of their
 *                      own: adding 1% new articles to the generation itself
 *                      rewrote nearly all its blocks (Xapian keys postings
 *                      and positions by term).  Readers search both; a
 *                      compaction merges them into the next generation;
 *   DIR/build          shards of a parallel build in progress (cari-index
 *                      removes a leftover one when it next holds the lock);
 *   DIR/takedowns      the ids taken down (lib/takedown.c), kept whatever
 *                      the generations do.
 * A compaction or a parallel build writes a new generation and then renames
 * a new stub over XAPIANDB: one atomic rename(2), so a reader opens either
 * the old or the new index, never half of one.  A compaction then removes
 * the generation it replaced and its delta (cari_layout_tidy): readers
 * that have them open keep reading their open files until they next
 * refresh, and the kernel frees the space when the last of them closes
 * them; a reader whose open spans the rename sees the stub change and
 * opens again.  A parallel build's swap keeps the (empty) generation it
 * replaced, which its writer commits once more, until the next swap.
 *
 * An index made by an older cari (a glass database directly in DIR) still
 * works for indexing and searching; only the swaps need the stub layout.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_LAYOUT_H
#define CARI_LAYOUT_H

#include "xapian-c/xapian-c.h"

#include <stddef.h>

#define CARI_LAYOUT_STUB "XAPIANDB"
#define CARI_LAYOUT_BUILD "build"
/* DIR/takedowns: the ids kept out of the index (lib/takedown.c); beside
 * the generations, so that swaps and rebuilds in DIR keep it. */
#define CARI_LAYOUT_TAKEDOWNS "takedowns"

/**
 * Make sure DIR is an index directory: create DIR and an empty first
 * generation behind a stub when DIR does not exist or is empty.  Returns 1
 * for the stub layout, 0 for an older cari's plain layout, -1 on error with
 * *why set (free with free()).
 */
int
cari_layout_init (const char *dir, char **why);

/**
 * The path of the next generation's directory (DIR/gen-NNNNNN, not yet
 * existing), into *out (free with free()).  Returns 0, or -1 with *why set.
 */
int
cari_layout_next (const char *dir, char **out, char **why);

/**
 * Make generation `gen_path` (a path cari_layout_next() gave) the index:
 * write a new stub and rename it over DIR/XAPIANDB, sync, then remove the
 * generations older than the one it replaces.  Returns 0, or -1 with *why
 * set (the old generation is then still the index).
 */
int
cari_layout_swap (const char *dir, const char *gen_path, char **why);

/**
 * The path of the current generation's delta into *out (free with free()):
 * with fresh = 0, the delta the stub names, or NULL when it names none;
 * with fresh = 1, where a new one goes when the stub names none (a leftover
 * there is removed), else NULL.  Returns 0, or -1 when out of memory.
 */
int
cari_layout_delta (const char *dir, int fresh, char **out);

/**
 * Name the current generation's delta in the stub (which must already be
 * a database: readers open it at once).  Returns 0, or -1 with *why set.
 */
int
cari_layout_publish_delta (const char *dir, char **why);

/**
 * Replace the file DIR/name by the len bytes at data, atomically and
 * durably: DIR/name.tmp written and synced, renamed over DIR/name, DIR
 * synced.  Returns 0, or -1 with *why set (free with free()); DIR/name is
 * then as it was.
 */
int
cari_layout_replace (const char *dir, const char *name, const char *data,
		     size_t len, char **why);

/** 1 when DIR holds an index (a stub, or an older cari's plain layout),
 * else 0. */
int
cari_layout_exists (const char *dir);

/** Remove every generation and delta that DIR's stub does not name (the
 * writer that swapped them out must not write to them again). */
void
cari_layout_tidy (const char *dir);

/** The bytes of the files in the tree at path (its apparent size, as
 * du --apparent-size counts it), 0 when there is none. */
unsigned long long
cari_layout_bytes (const char *path);

/**
 * What to do when detail, an error's text (Xapian's, or strerror's), says
 * the disk is full (ENOSPC, EDQUOT: Xapian ends its message with strerror's
 * text): "; the disk is full: free space ... run again ...", to append to
 * the message; else "".  A static string.
 */
const char *
cari_layout_disk_full (const char *detail);

/** Remove the tree at path, if any (like rm -rf).  Returns 0 or -1. */
int
cari_layout_remove (const char *path);

/**
 * The directory of the current generation (DIR/gen-NNNNNN, or DIR itself in
 * the plain layout), into *out (free with free()).  Returns 0 or -1.
 */
int
cari_layout_current (const char *dir, char **out);

/** The stub of an index as a reader last saw it: a swap renames a new stub
 * over it (another inode), publishing a delta rewrites it (another mtime). */
typedef struct cari_layout_stamp {
    unsigned long long ino;     /* 0: no stub (or an older cari's layout) */
    long long sec;
    long nsec;
} cari_layout_stamp_t;

/** The stamp of DIR's stub as it is now (all 0 when there is none): one
 * stat(2), cheap enough for every request. */
void
cari_layout_stamp (const char *dir, cari_layout_stamp_t *out);

/** 1 when a and b are the same stamp, else 0: a reader that opened the
 * index under a still has the current generation when it is 1. */
int
cari_layout_stamp_equal (const cari_layout_stamp_t *a,
			 const cari_layout_stamp_t *b);

/**
 * A short string into tag (size bytes) that changes whenever the committed
 * index of DIR does: the stub's stamp, and the version file Xapian renames
 * into each database the stub names at every commit.  Cheaper than opening
 * the index (a few stat(2) calls), for caches keyed by revision.
 */
void
cari_layout_token (const char *dir, char *tag, size_t size);

/**
 * Open the index of DIR to read (as cx_db_open with CX_DB_READ), as its
 * stub says: a generation and its delta as one database whose revision
 * counts both.
 */
cx_status_t
_cari_layout_open_read (const char *dir, cx_db_t **out, char **error_message);

/* A sharded index (lib/shards.c): DIR/SHARDS says how articles are split
 * ("by year", then the remote shards' lines); each shard DIR/YYYY (an
 * article without a date: DIR/undated) is an index of the layout above;
 * DIR/XAPIANDB names every shard's parts ("glass 2019/gen-000003", its
 * delta), then the "remote HOST:PORT" lines, and is written again
 * whenever a shard's stub is (write_stub), so that readers open DIR as
 * one database of all of them. */
#define CARI_LAYOUT_SHARDS "SHARDS"
#define CARI_LAYOUT_UNDATED "undated"

/** 1 when name is a shard's (four digits, or "undated"). */
int
cari_layout_shard_name_ok (const char *name);

/** 1 when DIR is a sharded index (holds DIR/SHARDS). */
int
cari_layout_sharded (const char *dir);

/** The names of DIR's local shards (those holding a stub), sorted, into
 * *names (n of them, each and the array to free).  Returns 0 or -1. */
int
cari_layout_shard_list (const char *dir, char ***names, size_t *n);

/**
 * Write DIR/XAPIANDB of a sharded index atomically: every local shard's
 * parts, then the nremote lines at remote (NULL: the remote lines the
 * stub holds now).  Returns 0, or -1 with *why set (free with free()).
 */
int
cari_layout_shards_stub (const char *dir, const char *const *remote,
			 size_t nremote, char **why);

#endif /* CARI_LAYOUT_H */
