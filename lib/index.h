/* index.h - the library's side of cari_index_t (private to lib/)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_INDEX_H
#define CARI_INDEX_H

#include "include/cari.h"
#include "lib/layout.h"
#include "xapian-c/xapian-c.h"

#include <stdarg.h>

/** The binding's handle under idx, borrowed: for the library's modules
 * (completions) that read the index's term lists. */
cx_db_t *
_cari_index_db (cari_index_t *idx);

/** cari_msg with a va_list. */
char *
_cari_vmsg (const char *fmt, va_list ap);

/** The cari_status_t of a binding status (the same meaning). */
cari_status_t
_cari_status_from_cx (cx_status_t st);

/**
 * Open the index at path to read, into *db, with the stamp of the stub it
 * was opened under into *stamp.  An open that a swap overtook (the stub
 * changed while it ran: the generation it read may be gone, lib/layout.h)
 * is done again.  Returns the binding's status; detail as cx_db_open's.
 */
cx_status_t
_cari_index_open_db (const char *path, cx_db_t **db, char **detail,
		     cari_layout_stamp_t *stamp);

#endif /* CARI_INDEX_H */
