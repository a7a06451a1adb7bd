/* similar.cc - relevance feedback: a document's expand set, and the queries of similar ones
 *
 * What "articles like this one" needs of Xapian: the document indexed by a
 * unique term, its terms of a prefix, the terms that best tell it apart
 * (Enquire::get_eset over an RSet of that one document, through a decider
 * the caller gives), and the queries built of them.  Which terms, how many
 * and what is excluded are the library's (lib/related.c).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

/* The caller's term filter, as Xapian asks it: with the least number of
 * documents a term must be in (a term of this document alone finds no
 * other). */
class CxExpandDecider : public Xapian::ExpandDecider {
    const Xapian::Database &db;
    Xapian::doccount min_docs;
    cx_word_filter_t keep;
    void *keep_ctx;

  public:
    CxExpandDecider (const Xapian::Database &d, Xapian::doccount min,
		     cx_word_filter_t k, void *ctx)
	: db (d), min_docs (min), keep (k), keep_ctx (ctx) { }

    bool
    operator() (const std::string &term) const override
    {
	if (keep && !keep (keep_ctx, term.data (), term.size ()))
	    return false;
	return min_docs <= 1 || db.get_termfreq (term) >= min_docs;
    }
};

extern "C" {

cx_status_t
cx_db_find_doc (cx_db_t *db, const char *unique_term, unsigned *docid,
		char **data, size_t *len)
{
    if (docid)
	*docid = 0;
    if (data)
	*data = NULL;
    if (len)
	*len = 0;
    if (!db || !unique_term || !*unique_term || !docid)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT, "empty term");
    try {
	Xapian::PostingIterator it = db->db->postlist_begin (unique_term);
	if (it == db->db->postlist_end (unique_term))
	    return CX_STATUS_SUCCESS;
	Xapian::docid did = *it;
	if (data) {
	    std::string d = db->db->get_document (did).get_data ();
	    if (!(*data = _cx_strndup (d.data (), d.size ())))
		return CX_STATUS_OUT_OF_MEMORY;
	    if (len)
		*len = d.size ();
	}
	*docid = did;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	if (data) {
	    free (*data);
	    *data = NULL;
	}
	return _cx_db_fail (db);
    }
}

cx_status_t
cx_db_doc_terms (cx_db_t *db, unsigned docid, const char *prefix,
		 cx_term_func_t func, void *ctx)
{
    if (!db || !docid || !prefix || !func)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "no document or no function");
    std::vector<std::pair<std::string, unsigned long> > found;
    try {
	Xapian::TermIterator t = db->db->termlist_begin (docid);
	t.skip_to (prefix);
	for (; t != db->db->termlist_end (docid); ++t) {
	    const std::string term = *t;
	    if (term.compare (0, strlen (prefix), prefix) != 0)
		break;
	    found.emplace_back (term, db->db->get_termfreq (term));
	}
    } catch (...) {
	return _cx_db_fail (db);
    }
    for (const auto &f : found)
	if (func (ctx, f.first.data (), f.first.size (), f.second))
	    break;
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_db_expand (cx_db_t *db, unsigned docid, unsigned max, unsigned min_docs,
	      cx_word_filter_t keep, void *keep_ctx, cx_expand_func_t func,
	      void *ctx)
{
    if (!db || !docid || !func)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "no document or no function");
    std::vector<std::pair<std::string, double> > found;
    try {
	Xapian::Enquire enquire (*db->db);
	Xapian::RSet rset;
	rset.add_document (docid);
	CxExpandDecider decider (*db->db, min_docs, keep, keep_ctx);
	/* A stub of a generation and its delta is one database of two:
	 * exact term frequencies, not the first part's scaled. */
	Xapian::ESet eset = enquire.get_eset (max, rset,
					      Xapian::Enquire::USE_EXACT_TERMFREQ,
					      &decider);
	for (Xapian::ESetIterator e = eset.begin (); e != eset.end (); ++e)
	    found.emplace_back (*e, e.get_weight ());
    } catch (...) {
	return _cx_db_fail (db);
    }
    for (const auto &f : found)
	func (ctx, f.first.data (), f.first.size (), f.second);
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_query_terms (cx_op_t op, const char *const *terms, const double *factors,
		size_t n, cx_query_t **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!terms || !n || op == CX_OP_AND_NOT)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    for (size_t i = 0; i < n; i++)
	if (!terms[i] || !*terms[i] || (factors && !(factors[i] >= 0)))
	    return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	std::vector<Xapian::Query> subs;
	for (size_t i = 0; i < n; i++) {
	    Xapian::Query t (terms[i]);
	    if (factors && factors[i] != 1.0)
		t = Xapian::Query (Xapian::Query::OP_SCALE_WEIGHT, t,
				   factors[i]);
	    subs.push_back (t);
	}
	*out = new cx_query ();
	(*out)->q = Xapian::Query (op == CX_OP_AND ? Xapian::Query::OP_AND
					 : Xapian::Query::OP_OR,
				   subs.begin (), subs.end ());
	return CX_STATUS_SUCCESS;
    } catch (...) {
	delete *out;
	*out = NULL;
	return _cx_status_from_exception (NULL);
    }
}

cx_status_t
cx_query_value_equals (unsigned slot, const char *value, size_t len,
		       cx_query_t **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!value || !len)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	const std::string v (value, len);
	*out = new cx_query ();
	(*out)->q = Xapian::Query (Xapian::Query::OP_VALUE_RANGE, slot, v, v);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	delete *out;
	*out = NULL;
	return _cx_status_from_exception (NULL);
    }
}

} /* extern "C" */
