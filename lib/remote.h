/* remote.h - remote shards: the settings, what they cannot do, the advice (private to lib/)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_REMOTE_H
#define CARI_REMOTE_H

#include "xapian-c/xapian-c.h"

#include <stddef.h>

/** The timeout of cari_set_shard_timeout (the default when unset), ms. */
unsigned
_cari_remote_timeout (void);

/** Whether cari_set_partial_shards allowed leaving shards out. */
int
_cari_remote_partial (void);

/**
 * What a failure of db (which may read remote shards) should say next:
 * "; check xapian-tcpsrv there, or ..." when db has remote shards, else "".
 * Static storage.
 */
const char *
_cari_remote_advice (const cx_db_t *db);

/** The same for a failed open of DIR's stub naming remote shards. */
char *
_cari_remote_open_failed (const char *dir, const char *detail);

/**
 * 0 when search can run on db as it is parsed; else -1 with *error (free
 * with free()) naming what a remote shard cannot do (phrases, facets, the
 * fresh ranking), the shards, and what to do instead.
 */
int
_cari_remote_check (cx_search_t *search, cx_db_t *db, char **error);

/** A NULL-ended copy of the names of db's missing shards into *out (NULL
 * when none), and their number; -1 when out of memory. */
int
_cari_remote_missing (const cx_db_t *db, char ***out, size_t *n);

#endif /* CARI_REMOTE_H */
