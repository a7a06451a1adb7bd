/* index.h - the library's side of cari_index_t (private to lib/)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_INDEX_H
#define CARI_INDEX_H

#include "include/cari.h"
#include "xapian-c/xapian-c.h"

/** The binding's handle under idx, borrowed: for the library's modules
 * (completions) that read the index's term lists. */
cx_db_t *
_cari_index_db (cari_index_t *idx);

/** The cari_status_t of a binding status (the same meaning). */
cari_status_t
_cari_status_from_cx (cx_status_t st);

#endif /* CARI_INDEX_H */
