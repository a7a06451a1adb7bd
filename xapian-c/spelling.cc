/* spelling.cc - the spelling data: buffered words, their writing, suggestions
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

extern "C" {

cx_status_t
cx_db_set_spelling_min (cx_db_t *db, unsigned min_docs)
{
    if (!db || !min_docs)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    db->spelling_min = min_docs;
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_db_set_spelling_catch_up (cx_db_t *db)
{
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    db->spelling_catch_up = true;
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_db_spelling_from_terms (cx_db_t *db, cx_db_t *const *from, size_t n,
			   cx_word_filter_t keep, void *keep_ctx,
			   unsigned part, unsigned nparts)
{
    if (!db || (n && !from) || !keep || !nparts || part >= nparts)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
	if (!from[i])
	    return CX_STATUS_ILLEGAL_ARGUMENT;
	try {
	    Xapian::Database *src = from[i]->db;
	    for (Xapian::TermIterator t = src->allterms_begin ();
		 t != src->allterms_end (); ++t) {
		const std::string &w = *t;
		if (!keep (keep_ctx, w.data (), w.size ()) ||
		    (nparts > 1 &&
		     std::hash<std::string> () (w) % nparts != part))
		    continue;
		db->spelling[w] += t.get_termfreq ();
		db->spelling_adds += t.get_termfreq ();
	    }
	} catch (...) {
	    return _cx_db_fail (db);      /* the caller reports db's error */
	}
    }
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_db_flush_spelling (cx_db_t *db)
{
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "spelling write on an index opened to read");
    try {
	_cx_write_spelling (db);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_add_spelling (cx_db_t *db, const char *word, size_t len)
{
    if (!db || !word || !len || len > CX_MAX_TERM_BYTES)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "spelling word empty or too long");
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "spelling write on an index opened to read");
    try {
	(db->delta ? db->delta : db->wdb)->add_spelling (
	    std::string (word, len));
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_add_spelling_doc (cx_db_t *db, const cx_doc_t *doc,
			cx_word_filter_t keep, void *keep_ctx)
{
    if (!db || !doc || !keep)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "no document for the spelling data");
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "spelling write on an index opened to read");
    try {
	for (Xapian::TermIterator t = doc->doc.termlist_begin ();
	     t != doc->doc.termlist_end (); ++t) {
	    const std::string &w = *t;
	    if (!keep (keep_ctx, w.data (), w.size ()))
		continue;
	    db->spelling[w]++;
	    db->spelling_adds++;
	}
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_spelling_suggestion (cx_db_t *db, const char *word, unsigned max_edits,
			   char **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!db || !word)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	std::string s = db->db->get_spelling_suggestion (word, max_edits);
	*out = _cx_strndup (s.data (), s.size ());
	return *out ? CX_STATUS_SUCCESS : CX_STATUS_OUT_OF_MEMORY;
    } catch (...) {
	return _cx_db_fail (db);
    }
}

} /* extern "C" */
