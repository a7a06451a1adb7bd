/* postings.cc - the documents of a term, with the values asked for
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

extern "C" {

cx_status_t
cx_db_postings_values (cx_db_t *db, const char *term, const unsigned *slots,
		       size_t nslots, size_t max, cx_doc_values_func_t func,
		       void *ctx)
{
    if (!db || !term || !*term || !func || (nslots && !slots) ||
	nslots > CX_MAX_VALUES)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    std::vector<std::string> values;
    try {
	size_t n = 0;
	for (Xapian::PostingIterator it = db->db->postlist_begin (term);
	     it != db->db->postlist_end (term) && n < max; ++it, ++n) {
	    Xapian::Document doc = db->db->get_document (*it);
	    for (size_t i = 0; i < nslots; i++)
		values.push_back (doc.get_value (slots[i]));
	}
    } catch (...) {
	return _cx_db_fail (db);
    }
    /* Outside any C++ frame: func may do as it likes. */
    const char *v[CX_MAX_VALUES];
    size_t lens[CX_MAX_VALUES];
    for (size_t at = 0; nslots && at < values.size (); at += nslots) {
	for (size_t i = 0; i < nslots; i++) {
	    v[i] = values[at + i].c_str ();
	    lens[i] = values[at + i].size ();
	}
	if (func (ctx, v, lens))
	    break;
    }
    return CX_STATUS_SUCCESS;
}

} /* extern "C" */
