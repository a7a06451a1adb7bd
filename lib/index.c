/* index.c - an index opened to read: refresh, revision, schema, status
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/index.h"

#include "lib/layout.h"
#include "lib/schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cari_index {
    char *path;
    cx_db_t *db;
    cari_layout_stamp_t stub;   /* DIR/XAPIANDB when db was opened */
    char *status;               /* detail of the last failure, or NULL */
};

_Static_assert ((int) CARI_STATUS_INDEX_ERROR ==
		(int) CX_STATUS_XAPIAN_EXCEPTION &&
		(int) CARI_STATUS_BAD_QUERY == (int) CX_STATUS_BAD_QUERY_SYNTAX,
		"cari_status_t starts with the binding's statuses");

cari_status_t
_cari_status_from_cx (cx_status_t st)
{
    return (cari_status_t) st;
}

const char *
cari_status_to_string (cari_status_t status)
{
    if (status < CARI_STATUS_SCHEMA_MISMATCH)
	return cx_status_to_string ((cx_status_t) status);
    if (status == CARI_STATUS_SCHEMA_MISMATCH)
	return "not a cari index of this schema";
    if (status == CARI_STATUS_NOT_FOUND)
	return "no article has that id";
    return "unknown status";
}

char *
_cari_vmsg (const char *fmt, va_list ap)
{
    char *s;

    if (vasprintf (&s, fmt, ap) < 0)
	s = NULL;
    return s;
}

char *
cari_msg (const char *fmt, ...)
{
    va_list ap;

    va_start (ap, fmt);
    char *s = _cari_vmsg (fmt, ap);
    va_end (ap);
    return s;
}

static void
set_status (cari_index_t *idx, char *detail)
{
    free (idx->status);
    idx->status = detail;
}

cx_status_t
_cari_index_open_db (const char *path, cx_db_t **db, char **detail,
		     cari_layout_stamp_t *stamp)
{
    cx_status_t st;

    for (int tries = 0;; tries++) {
	cari_layout_stamp_t after;
	cari_layout_stamp (path, stamp);
	st = _cari_layout_open_read (path, db, detail);
	cari_layout_stamp (path, &after);
	if (tries == 4 || cari_layout_stamp_equal (stamp, &after))
	    return st;
	cx_db_destroy (*db);
	*db = NULL;
	if (detail) {
	    free (*detail);
	    *detail = NULL;
	}
    }
}

cari_status_t
cari_index_open (const char *path, cari_index_t **out, char **error_message)
{
    cari_index_t *idx;
    cx_status_t st;

    *out = NULL;
    if (error_message)
	*error_message = NULL;
    if (!path)
	return CARI_STATUS_ILLEGAL_ARGUMENT;
    if (!(idx = calloc (1, sizeof *idx)) || !(idx->path = strdup (path))) {
	free (idx);
	return CARI_STATUS_OUT_OF_MEMORY;
    }
    st = _cari_index_open_db (path, &idx->db, error_message, &idx->stub);
    if (st) {
	cari_index_destroy (idx);
	return _cari_status_from_cx (st);
    }
    *out = idx;
    return CARI_STATUS_SUCCESS;
}

void
cari_index_destroy (cari_index_t *idx)
{
    if (!idx)
	return;
    cx_db_destroy (idx->db);
    free (idx->status);
    free (idx->path);
    free (idx);
}

/* After a swap a reopen would stay on the old generation: open anew (the
 * stamp is taken first, so that a failed open is not tried at every call;
 * idx keeps the old database then). */
cari_status_t
cari_index_refresh (cari_index_t *idx, int *anew)
{
    cari_layout_stamp_t stub;
    cx_status_t st;

    if (anew)
	*anew = 0;
    cari_layout_stamp (idx->path, &stub);
    if (!cari_layout_stamp_equal (&stub, &idx->stub)) {
	cx_db_t *db = NULL;
	char *detail = NULL;
	st = _cari_index_open_db (idx->path, &db, &detail, &idx->stub);
	if (st) {
	    set_status (idx, detail);
	    return _cari_status_from_cx (st);
	}
	free (detail);
	cx_db_destroy (idx->db);
	idx->db = db;
	if (anew)
	    *anew = 1;
	return CARI_STATUS_SUCCESS;
    }
    st = cx_db_reopen (idx->db);
    if (st)
	set_status (idx, strdup (cx_db_status_string (idx->db)));
    return _cari_status_from_cx (st);
}

cari_status_t
cari_index_revision (cari_index_t *idx, unsigned long long *out)
{
    cx_status_t st = cx_db_revision (idx->db, out);
    if (st)
	set_status (idx, strdup (cx_db_status_string (idx->db)));
    return _cari_status_from_cx (st);
}

cari_status_t
cari_index_check_schema (cari_index_t *idx)
{
    char *why = NULL;

    if (cari_schema_check (idx->db, 0, &why) == 0)
	return CARI_STATUS_SUCCESS;
    set_status (idx, why);
    return CARI_STATUS_SCHEMA_MISMATCH;
}

void
cari_index_set_names (cari_index_t *idx, cari_analyzer_t *an)
{
    cari_analyzer_set_names (an, cari_names_learned, idx->db);
}

const char *
cari_index_status_string (const cari_index_t *idx)
{
    return idx ? idx->status : NULL;
}

void
cari_index_change_token (const char *path, char *tag, size_t size)
{
    cari_layout_token (path, tag, size);
}

cx_db_t *
_cari_index_db (cari_index_t *idx)
{
    return idx->db;
}

cari_status_t
cari_index_doc_count (cari_index_t *idx, unsigned long *out)
{
    cx_status_t st = cx_db_doc_count (idx->db, out);
    if (st)
	set_status (idx, strdup (cx_db_status_string (idx->db)));
    return _cari_status_from_cx (st);
}
