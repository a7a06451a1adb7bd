/* db.cc - databases and documents: open, delta, commit, reads, writes, stats, compaction
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <cstdlib>
#include <exception>

extern "C" {

const char *
cx_status_to_string (cx_status_t status)
{
    switch (status) {
    case CX_STATUS_SUCCESS:
	return "no error";
    case CX_STATUS_OUT_OF_MEMORY:
	return "out of memory";
    case CX_STATUS_DATABASE_NOT_FOUND:
	return "no index there";
    case CX_STATUS_DATABASE_LOCKED:
	return "index is locked by another writer";
    case CX_STATUS_DATABASE_MODIFIED:
	return "index changed while reading";
    case CX_STATUS_DATABASE_CORRUPT:
	return "index is damaged or of an unsupported version";
    case CX_STATUS_READ_ONLY:
	return "index is open read-only";
    case CX_STATUS_BAD_QUERY_SYNTAX:
	return "query syntax error";
    case CX_STATUS_ILLEGAL_ARGUMENT:
	return "illegal argument";
    case CX_STATUS_XAPIAN_EXCEPTION:
	return "Xapian error";
    case CX_STATUS_LAST_STATUS:
	break;
    }
    return "unknown status";
}

/* Open path (paths: n > 1 databases read as one, when not NULL) in mode
 * into *out; see cx_db_open and cx_db_open_parts. */
static cx_status_t
_cx_db_open (const char *path, const char *const *paths, size_t n,
	     cx_db_mode_t mode, cx_db_t **out, char **error_message)
{
    std::string detail;
    cx_status_t status;
    cx_db_t *db = NULL;

    if (error_message)
	*error_message = NULL;
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!path || !*path) {
	if (error_message)
	    *error_message = _cx_strndup ("empty index path", 16);
	return CX_STATUS_ILLEGAL_ARGUMENT;
    }

    try {
	db = new cx_db ();
	db->db = NULL;
	db->wdb = NULL;
	db->delta = NULL;
	if (mode == CX_DB_WRITE || mode == CX_DB_WRITE_NO_SYNC) {
	    db->flags = Xapian::DB_CREATE_OR_OPEN;
	    if (mode == CX_DB_WRITE_NO_SYNC)
		db->flags |= Xapian::DB_NO_SYNC;
	    db->wdb = new Xapian::WritableDatabase (path, db->flags);
	    db->db = db->wdb;
	} else {
	    for (size_t i = 0; paths && i < n; i++)
		db->parts.push_back (Xapian::Database (paths[i]));
	    if (db->parts.size () > 1) {
		db->db = new Xapian::Database ();
		for (const Xapian::Database &p : db->parts)
		    db->db->add_database (p);
	    } else {
		db->parts.clear ();
		db->db = new Xapian::Database (path);
	    }
	    /* An empty stub file opens as a database of nothing, which
	     * every search then refuses. */
	    if (db->db->size () == 0)
		throw Xapian::DatabaseCorruptError (
		    std::string (path) + ": its stub file names no database");
	}
	*out = db;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	status = _cx_status_from_exception (&detail);
    }

    cx_db_destroy (db);
    if (error_message && !detail.empty ())
	*error_message = _cx_strndup (detail.data (), detail.size ());
    return status;
}

cx_status_t
cx_db_open (const char *path, cx_db_mode_t mode, cx_db_t **out,
	    char **error_message)
{
    return _cx_db_open (path, NULL, 0, mode, out, error_message);
}

cx_status_t
cx_db_open_parts (const char *const *paths, size_t n, cx_db_t **out,
		  char **error_message)
{
    if (!paths || !n) {
	if (error_message)
	    *error_message = NULL;
	if (out)
	    *out = NULL;
	return CX_STATUS_ILLEGAL_ARGUMENT;
    }
    return _cx_db_open (paths[0], paths, n, CX_DB_READ, out, error_message);
}

void
cx_db_destroy (cx_db_t *db)
{
    if (!db)
	return;
    if (db->db != db->wdb)
	delete db->db;
    delete db->delta;
    delete db->wdb;
    delete db;
}

cx_status_t
cx_db_attach_delta (cx_db_t *db, const char *path)
{
    if (!db || !path || !*path || db->delta)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "delta on an index opened to read");
    Xapian::WritableDatabase *delta = NULL;
    Xapian::Database *both = NULL;
    try {
	delta = new Xapian::WritableDatabase (path, db->flags);
	both = new Xapian::Database ();
	both->add_database (*db->wdb);
	both->add_database (*delta);
	db->delta = delta;
	db->db = both;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	delete both;
	delete delta;
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_delta_count (cx_db_t *db, unsigned long *out)
{
    if (!db || !out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	*out = db->delta ? db->delta->get_doccount () : 0;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

const char *
cx_db_status_string (const cx_db_t *db)
{
    return db ? db->error.c_str () : "";
}

static cx_fatal_func_t fatal_func;
static void *fatal_ctx;
static std::terminate_handler default_terminate;

/* std::terminate's handler while cx_set_fatal_handler has a function:
 * the description of the exception that ended the process, then abort. */
static void
on_terminate ()
{
    /* Nothing may leave a terminate handler: out of memory, it aborts as
     * C++ would have. */
    try {
	std::string detail;

	if (std::current_exception ()) {
	    try {
		throw;
	    } catch (...) {
		(void) _cx_status_from_exception (&detail);
	    }
	}
	if (detail.empty ())
	    detail = "std::terminate was called with no exception";
	if (fatal_func)
	    fatal_func (detail.c_str (), fatal_ctx);
    } catch (...) {
    }
    std::abort ();
}

void
cx_set_fatal_handler (cx_fatal_func_t func, void *ctx)
{
    fatal_func = func;
    fatal_ctx = ctx;
    if (func) {
	std::terminate_handler old = std::set_terminate (on_terminate);
	if (old != on_terminate)
	    default_terminate = old;
    } else if (default_terminate) {
	std::set_terminate (default_terminate);
    }
}

cx_status_t
cx_db_commit (cx_db_t *db)
{
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "commit on an index opened to read");
    try {
	if (db->spelling_adds >= CX_SPELLING_BUFFER && db->spelling_min == 1)
	    _cx_write_spelling (db);
	/* Each id lives in one of the two (see cx_db_replace), so a kill
	 * between these commits loses changes, never duplicates them. */
	if (db->delta)
	    db->delta->commit ();
	db->wdb->commit ();
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_reopen (cx_db_t *db)
{
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	try {
	    _cx_shards_forget (db);            /* remote.cc */
	    if (!_cx_shards_retry (db))
		db->db->reopen ();
	} catch (const Xapian::NetworkError &) {
	    if (!_cx_shards_reconnect (db))
		throw;
	}
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_revision (cx_db_t *db, unsigned long long *out)
{
    if (!db || !out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	if (db->parts.empty () && !db->shards) {
	    *out = db->db->get_revision ();
	} else {
	    /* Every commit raises one part's revision; a new stub is a new
	     * handle (readers compare the stub's inode).  A remote shard
	     * gives none (Xapian 1.4): its host restarts its server. */
	    *out = 0;
	    for (const Xapian::Database &p : db->parts)
		*out += p.get_revision ();
	}
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_doc_count (cx_db_t *db, unsigned long *out)
{
    if (!db || !out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = 0;
    try {
	*out = db->db->get_doccount ();
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_value_freq (cx_db_t *db, unsigned slot, unsigned long *out)
{
    if (!db || !out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = 0;
    try {
	*out = db->db->get_value_freq (slot);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_get_metadata (cx_db_t *db, const char *key, char **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!db || !key || !*key)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "empty metadata key");
    try {
	std::string value = db->db->get_metadata (key);
	*out = _cx_strndup (value.data (), value.size ());
	return *out ? CX_STATUS_SUCCESS : CX_STATUS_OUT_OF_MEMORY;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_set_metadata (cx_db_t *db, const char *key, const char *value)
{
    if (!db || !key || !*key || !value)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "empty metadata key or NULL value");
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "metadata write on an index opened to read");
    try {
	db->wdb->set_metadata (key, value);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_get_value_by_term (cx_db_t *db, const char *unique_term,
			 unsigned slot, char **out, size_t *out_len)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (out_len)
	*out_len = 0;
    if (!db || !unique_term || !*unique_term)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT, "empty term");
    try {
	Xapian::PostingIterator it = db->db->postlist_begin (unique_term);
	if (it == db->db->postlist_end (unique_term))
	    return CX_STATUS_SUCCESS;
	std::string value = db->db->get_document (*it).get_value (slot);
	*out = _cx_strndup (value.data (), value.size ());
	if (!*out)
	    return CX_STATUS_OUT_OF_MEMORY;
	if (out_len)
	    *out_len = value.size ();
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

static cx_status_t
_cx_check_writable_term (cx_db_t *db, const char *term)
{
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "write on an index opened to read");
    if (!term || !*term || strlen (term) > CX_MAX_TERM_BYTES)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "unique term empty or longer than 245 bytes");
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_db_replace (cx_db_t *db, const char *unique_term, const cx_doc_t *doc,
	       int *replaced)
{
    cx_status_t status = _cx_check_writable_term (db, unique_term);
    if (status)
	return status;
    if (!doc)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT, "NULL document");
    try {
	/* An article already in the main database is replaced there; a new
	 * one goes to the delta when there is one. */
	bool in_main = db->wdb->term_exists (unique_term);
	if (replaced)
	    *replaced = in_main || (db->delta &&
				    db->delta->term_exists (unique_term));
	if (in_main || !db->delta)
	    db->wdb->replace_document (unique_term, doc->doc);
	else
	    db->delta->replace_document (unique_term, doc->doc);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_add (cx_db_t *db, const cx_doc_t *doc)
{
    if (!db || !doc)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "write on an index opened to read");
    try {
	(db->delta ? db->delta : db->wdb)->add_document (doc->doc);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_delete (cx_db_t *db, const char *unique_term, int *deleted)
{
    cx_status_t status = _cx_check_writable_term (db, unique_term);
    if (status)
	return status;
    try {
	if (deleted)
	    *deleted = db->db->term_exists (unique_term);
	db->wdb->delete_document (unique_term);
	if (db->delta)
	    db->delta->delete_document (unique_term);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

/* Documents.  These fail only on bad arguments or memory, so they report
 * through the status alone. */

cx_status_t
cx_doc_create (cx_doc_t **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	*out = new cx_doc ();
	return CX_STATUS_SUCCESS;
    } catch (...) {
	*out = NULL;
	return _cx_status_from_exception (NULL);
    }
}

void
cx_doc_destroy (cx_doc_t *doc)
{
    delete doc;
}

void
cx_doc_clear (cx_doc_t *doc)
{
    if (doc)
	doc->doc = Xapian::Document ();
}

static int
_cx_term_ok (const cx_doc_t *doc, const char *term, size_t len)
{
    return doc && term && len > 0 && len <= CX_MAX_TERM_BYTES;
}

cx_status_t
cx_doc_add_posting (cx_doc_t *doc, const char *term, size_t len,
		    unsigned pos, unsigned wdf_inc)
{
    if (!_cx_term_ok (doc, term, len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	doc->doc.add_posting (std::string (term, len), pos, wdf_inc);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_status_from_exception (NULL);
    }
}

cx_status_t
cx_doc_add_term (cx_doc_t *doc, const char *term, size_t len,
		 unsigned wdf_inc)
{
    if (!_cx_term_ok (doc, term, len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	doc->doc.add_term (std::string (term, len), wdf_inc);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_status_from_exception (NULL);
    }
}

cx_status_t
cx_doc_add_boolean_term (cx_doc_t *doc, const char *term, size_t len)
{
    if (!_cx_term_ok (doc, term, len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	doc->doc.add_boolean_term (std::string (term, len));
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_status_from_exception (NULL);
    }
}

cx_status_t
cx_doc_set_value (cx_doc_t *doc, unsigned slot, const char *value,
		  size_t len)
{
    if (!doc || (!value && len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	doc->doc.add_value (slot, std::string (value ? value : "", len));
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_status_from_exception (NULL);
    }
}

cx_status_t
cx_doc_set_data (cx_doc_t *doc, const char *data, size_t len)
{
    if (!doc || (!data && len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	doc->doc.set_data (std::string (data ? data : "", len));
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_status_from_exception (NULL);
    }
}

/* Maintenance: compaction and statistics */

cx_status_t
cx_compact (const char *const *sources, size_t n, const char *dest,
	    char **error_message)
{
    std::string detail;
    cx_status_t status;

    if (error_message)
	*error_message = NULL;
    if (!sources || !n || !dest || !*dest)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	Xapian::Database all;
	for (size_t i = 0; i < n; i++)
	    all.add_database (Xapian::Database (sources[i]));
	all.compact (dest, Xapian::Compactor::FULL);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	status = _cx_status_from_exception (&detail);
    }
    if (error_message && !detail.empty ())
	*error_message = _cx_strndup (detail.data (), detail.size ());
    return status;
}

cx_status_t
cx_db_stats (cx_db_t *db, cx_db_stats_t *out)
{
    if (!db || !out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    memset (out, 0, sizeof *out);
    try {
	out->doc_count = db->db->get_doccount ();
	out->last_docid = db->db->get_lastdocid ();
	out->total_length = db->db->get_total_length ();
	unsigned long terms = 0;
	for (Xapian::TermIterator t = db->db->allterms_begin ();
	     t != db->db->allterms_end (); ++t)
	    terms++;
	out->term_count = terms;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_value_range (cx_db_t *db, unsigned slot, char **lo, char **hi)
{
    if (!lo || !hi)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *lo = *hi = NULL;
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	std::string l = db->db->get_value_lower_bound (slot);
	std::string h = db->db->get_value_upper_bound (slot);
	*lo = _cx_strndup (l.data (), l.size ());
	*hi = _cx_strndup (h.data (), h.size ());
	if (*lo && *hi)
	    return CX_STATUS_SUCCESS;
	free (*lo);
	free (*hi);
	*lo = *hi = NULL;
	return CX_STATUS_OUT_OF_MEMORY;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_terms (cx_db_t *db, const char *prefix, cx_term_func_t func,
	     void *ctx)
{
    std::vector<std::string> terms;
    std::vector<unsigned long> freqs;

    if (!db || !func)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	std::string p (prefix ? prefix : "");
	for (Xapian::TermIterator t = db->db->allterms_begin (p);
	     t != db->db->allterms_end (p); ++t) {
	    terms.push_back (*t);
	    freqs.push_back (t.get_termfreq ());
	}
    } catch (...) {
	return _cx_db_fail (db);
    }
    /* Outside the try: the callback is C and must see no C++ frame. */
    for (size_t i = 0; i < terms.size (); i++)
	if (func (ctx, terms[i].c_str (), terms[i].size (), freqs[i]))
	    break;
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_db_values (cx_db_t *db, unsigned slot, cx_value_func_t func, void *ctx)
{
    std::vector<std::string> values;

    if (!db || !func)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	for (Xapian::ValueIterator v = db->db->valuestream_begin (slot);
	     v != db->db->valuestream_end (slot); ++v)
	    values.push_back (*v);
    } catch (...) {
	return _cx_db_fail (db);
    }
    for (size_t i = 0; i < values.size (); i++)
	if (func (ctx, values[i].data (), values[i].size ()))
	    break;
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_db_term_freq (cx_db_t *db, const char *term, unsigned long *out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = 0;
    if (!db || !term)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	*out = db->shards ? _cx_shards_termfreq (db, term)  /* remote.cc */
			  : db->db->get_termfreq (term);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

} /* extern "C" */
