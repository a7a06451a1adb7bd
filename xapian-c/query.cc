/* query.cc - the query parser's set-up, and a query's text parsed
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <memory>

/* Xapian's StemImplementation over a C function, so that the query parser
 * stems with exactly the analyzer the indexer used (libstemmer and all). */
class CStem : public Xapian::StemImplementation {
    cx_stem_func_t func;
    void *ctx;

  public:
    CStem (cx_stem_func_t f, void *c) : func (f), ctx (c) { }

    std::string operator() (const std::string &word) override
    {
	size_t len = 0;
	const char *stem = func (ctx, word.data (), word.size (), &len);
	if (!stem)
	    return word;
	return std::string (stem, len);
    }

    std::string get_description () const override { return "cari"; }
};

/* Does q hold a NOT? */
static bool
_cx_has_not (const Xapian::Query &q)
{
    if (q.get_type () == Xapian::Query::OP_AND_NOT)
	return true;
    for (size_t i = 0; i < q.get_num_subqueries (); i++)
	if (_cx_has_not (q.get_subquery (i)))
	    return true;
    return false;
}

/* Does q hold a phrase or NEAR? */
static bool
_cx_positional (const Xapian::Query &q)
{
    if (q.get_type () == Xapian::Query::OP_PHRASE ||
	q.get_type () == Xapian::Query::OP_NEAR)
	return true;
    for (size_t i = 0; i < q.get_num_subqueries (); i++)
	if (_cx_positional (q.get_subquery (i)))
	    return true;
    return false;
}

/* q without the phrases and NEARs of a NOT at its top, which go to *out
 * (an OR of them): the database would exclude every document with their
 * words. */
static Xapian::Query
_cx_lift_not (const Xapian::Query &q, Xapian::Query *out)
{
    *out = Xapian::Query ();
    if (q.get_type () != Xapian::Query::OP_AND_NOT ||
	q.get_num_subqueries () < 2)
	return q;
    std::vector<Xapian::Query> keep, lifted;
    for (size_t i = 1; i < q.get_num_subqueries (); i++) {
	Xapian::Query s = q.get_subquery (i);
	(_cx_positional (s) ? lifted : keep).push_back (s);
    }
    if (lifted.empty ())
	return q;
    *out = Xapian::Query (Xapian::Query::OP_OR, lifted.begin (),
			  lifted.end ());
    if (keep.empty ())
	return q.get_subquery (0);
    return Xapian::Query (Xapian::Query::OP_AND_NOT, q.get_subquery (0),
			  Xapian::Query (Xapian::Query::OP_OR, keep.begin (),
					 keep.end ()));
}

extern "C" {

/* Searching */

cx_status_t
cx_search_create (cx_db_t *db, cx_stem_func_t stem_func, void *stem_ctx,
		  cx_search_t **out)
{
    cx_search_t *search = NULL;

    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	search = new cx_search ();
	search->db = db;
	search->phrase_factor = 0;
	search->sort_slot = -1;
	search->stem_func = stem_func;
	search->stem_ctx = stem_ctx;
	search->term_rule = NULL;
	search->term_rule_ctx = NULL;
	search->positions_func = NULL;
	search->positions_ctx = NULL;
	search->positional = false;
	search->wildcards = 0;
	search->has_deadline = search->timed_out = false;
	const double bm25[5] = { 1, 0, 1, 0.5, 0.5 };  /* Xapian's defaults */
	memcpy (search->bm25, bm25, sizeof bm25);
	search->weigh_all_max = CX_WEIGH_ALL_MAX;
	search->parser.set_database (*db->db);
	if (stem_func) {
	    search->parser.set_stemmer (
		Xapian::Stem (new CStem (stem_func, stem_ctx)));
	    search->parser.set_stemming_strategy (
		Xapian::QueryParser::STEM_SOME);
	}
	*out = search;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	delete search;
	return _cx_db_fail (db);
    }
}

void
cx_search_destroy (cx_search_t *search)
{
    delete search;
}

cx_status_t
cx_search_add_prefix (cx_search_t *search, const char *field,
		      const char *prefix, int boolean)
{
    if (!search || !field || !*field || !prefix)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	if (boolean)
	    search->parser.add_boolean_prefix (field, prefix);
	else
	    search->parser.add_prefix (field, prefix);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_search_set_bm25 (cx_search_t *search, double k1, double k2, double k3,
		    double b, double min_normlen)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    /* Xapian would clamp these silently; a typo should be reported. */
    if (!(k1 >= 0 && k2 >= 0 && k3 >= 0 && b >= 0 && b <= 1 &&
	  min_normlen >= 0))
	return _cx_db_error (search->db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "BM25 wants k1, k2, k3, min_normlen >= 0 and "
			     "0 <= b <= 1");
    const double p[5] = { k1, k2, k3, b, min_normlen };
    memcpy (search->bm25, p, sizeof p);
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_search_set_stopwords (cx_search_t *search, const char *const *words,
			 size_t n)
{
    if (!search || (!words && n))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	const Xapian::Stopper *stopper = NULL;
	if (n) {
	    std::unique_ptr<Xapian::SimpleStopper> s (
		new Xapian::SimpleStopper ());
	    for (size_t i = 0; i < n; i++)
		s->add (words[i]);
	    /* Reference-counted: the parser owns it once released to it. */
	    stopper = s.release ()->release ();
	}
	search->parser.set_stopper (stopper);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_search_set_phrase_boost (cx_search_t *search, const char *prefix,
			    double factor)
{
    if (!search || !prefix || !(factor >= 0))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	search->phrase_parser = Xapian::QueryParser ();
	search->phrase_prefix = prefix;
	search->phrase_factor = factor;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_search_set_positions (cx_search_t *search, cx_terms_func_t func,
			 void *ctx)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    search->positions_func = func;
    search->positions_ctx = ctx;
    return CX_STATUS_SUCCESS;
}

/* The words of the query text, in order, as one phrase in the boost field,
 * or an empty query when there are fewer than two.  Operators in the text
 * are read as words (they just fail to match), so this never fails the
 * search. */
static Xapian::Query
_cx_phrase_query (cx_search_t *search, const std::string &text)
{
    try {
	Xapian::Query words = search->phrase_parser.parse_query (
	    text, 0, search->phrase_prefix);
	std::vector<std::string> terms (words.get_terms_begin (),
					words.get_terms_end ());
	if (terms.size () < 2)
	    return Xapian::Query ();
	return Xapian::Query (
	    Xapian::Query::OP_SCALE_WEIGHT,
	    Xapian::Query (Xapian::Query::OP_PHRASE, terms.begin (),
			   terms.end ()),
	    search->phrase_factor);
    } catch (const Xapian::Error &) {
	return Xapian::Query ();
    }
}

/* How many wildcards (prefix*) q holds. */
static size_t
_cx_count_wildcards (const Xapian::Query &q)
{
    if (q.get_type () == Xapian::Query::OP_WILDCARD)
	return 1;
    size_t n = 0;
    for (size_t i = 0; i < q.get_num_subqueries (); i++)
	n += _cx_count_wildcards (q.get_subquery (i));
    return n;
}

/* Xapian's parser flags for those of cx_search_parse_query. */
static unsigned
_cx_parse_flags (unsigned flags)
{
    unsigned f = 0;
    if (flags & CX_PARSE_DEFAULT)
	f |= Xapian::QueryParser::FLAG_DEFAULT;
    if (flags & CX_PARSE_WILDCARD)
	f |= Xapian::QueryParser::FLAG_WILDCARD;
    if (flags & CX_PARSE_PURE_NOT)
	f |= Xapian::QueryParser::FLAG_PURE_NOT;
    return f;
}

static Xapian::Query::op
_cx_op (cx_op_t op)
{
    switch (op) {
    case CX_OP_AND:
	return Xapian::Query::OP_AND;
    case CX_OP_AND_NOT:
	return Xapian::Query::OP_AND_NOT;
    case CX_OP_OR:
    default:
	return Xapian::Query::OP_OR;
    }
}

cx_status_t
cx_search_parse_query (cx_search_t *search, const char *text, size_t len,
		       unsigned flags, cx_op_t default_op, cx_query_t **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!search || (!text && len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    cx_query_t *q = NULL;
    try {
	q = new cx_query ();
	if (search->db->shards)     /* remote shards reconnected: remote.cc */
	    search->parser.set_database (*search->db->db);
	search->parser.set_default_op (_cx_op (default_op));
	q->q = search->parser.parse_query (std::string (text ? text : "", len),
					   _cx_parse_flags (flags));
	search->parser.set_default_op (Xapian::Query::OP_OR);
	*out = q;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	delete q;
	search->parser.set_default_op (Xapian::Query::OP_OR);
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_query_match_all (cx_query_t **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	*out = new cx_query ();
	(*out)->q = Xapian::Query (std::string ());
	return CX_STATUS_SUCCESS;
    } catch (...) {
	*out = NULL;
	return _cx_status_from_exception (NULL);
    }
}

cx_status_t
cx_query_combine (cx_op_t op, const cx_query_t *a, const cx_query_t *b,
		  cx_query_t **out)
{
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!a || !b)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	*out = new cx_query ();
	(*out)->q = Xapian::Query (_cx_op (op), a->q, b->q);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	delete *out;
	*out = NULL;
	return _cx_status_from_exception (NULL);
    }
}

int
cx_query_has_not (const cx_query_t *q)
{
    return q && _cx_has_not (q->q);
}

void
cx_query_destroy (cx_query_t *q)
{
    delete q;
}

cx_status_t
cx_search_set_query (cx_search_t *search, const cx_query_t *query,
		     const cx_query_t *first)
{
    if (!search || !query)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	search->terms.clear ();
	search->term_ptrs.clear ();
	search->filters.clear ();
	search->sort_slot = -1;
	search->query = query->q;
	search->query_all = first ? first->q : Xapian::Query ();
	if (search->query_all.serialise () == search->query.serialise ())
	    search->query_all = Xapian::Query ();
	search->wildcards = _cx_count_wildcards (search->query);
	for (Xapian::TermIterator t = search->query.get_unique_terms_begin ();
	     t != search->query.get_unique_terms_end (); ++t)
	    search->terms.push_back (*t);
	search->query_not = Xapian::Query ();
	search->query_all_not = Xapian::Query ();
	search->positional = search->positions_func &&
			     _cx_positional (search->query);
	if (search->positional) {
	    search->query = _cx_lift_not (search->query, &search->query_not);
	    if (!search->query_all.empty ())
		search->query_all = _cx_lift_not (search->query_all,
						  &search->query_all_not);
	}
	for (const std::string &t : search->terms)
	    search->term_ptrs.push_back (t.c_str ());
	return CX_STATUS_SUCCESS;
    } catch (...) {
	search->terms.clear ();
	search->term_ptrs.clear ();
	search->query = Xapian::Query ();
	search->query_all = Xapian::Query ();
	search->positional = false;
	search->wildcards = 0;
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_search_boost_phrase (cx_search_t *search, const char *text, size_t len)
{
    if (!search || (!text && len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    /* The boost goes on the query of the articles with every word: an
     * article whose title holds the query has them all, so on the query
     * of those with only some (an OR over long posting lists) it only
     * cost time, a fifth of a search's instructions. */
    if (search->phrase_factor <= 0 || search->query.empty ())
	return CX_STATUS_SUCCESS;
    try {
	Xapian::Query boost = _cx_phrase_query (
	    search, std::string (text ? text : "", len));
	Xapian::Query &q = search->query_all.empty () ? search->query
						       : search->query_all;
	if (!boost.empty ())
	    q = Xapian::Query (Xapian::Query::OP_AND_MAYBE, q, boost);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_search_parse (cx_search_t *search, const char *query, size_t len)
{
    cx_query_t *q = NULL;
    cx_status_t st = cx_search_parse_query (
	search, query, len,
	CX_PARSE_DEFAULT | CX_PARSE_WILDCARD | CX_PARSE_PURE_NOT, CX_OP_OR, &q);
    if (!st)
	st = cx_search_set_query (search, q, NULL);
    if (!st)
	st = cx_search_boost_phrase (search, query, len);
    cx_query_destroy (q);
    return st;
}

size_t
cx_search_wildcards (const cx_search_t *search)
{
    return search ? search->wildcards : 0;
}

cx_status_t
cx_search_set_weigh_all (cx_search_t *search, unsigned max)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    search->weigh_all_max = max;
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_search_set_max_expansion (cx_search_t *search, unsigned max)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	search->parser.set_max_expansion (
	    max, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
	    Xapian::QueryParser::FLAG_WILDCARD);
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

void
cx_search_set_time_limit (cx_search_t *search, double seconds)
{
    if (!search)
	return;
    search->timed_out = false;
    search->has_deadline = seconds > 0;
    if (!search->has_deadline)
	return;
    clock_gettime (CLOCK_MONOTONIC, &search->deadline);
    double whole = (double) (long) seconds;
    search->deadline.tv_sec += (time_t) whole;
    search->deadline.tv_nsec += (long) ((seconds - whole) * 1e9);
    if (search->deadline.tv_nsec >= 1000000000L) {
	search->deadline.tv_sec++;
	search->deadline.tv_nsec -= 1000000000L;
    }
}

cx_status_t
cx_search_boost_term (cx_search_t *search, const char *term, double factor)
{
    if (!search || !term || !*term || !(factor >= 0))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	Xapian::Query &q = search->query_all.empty () ? search->query
						       : search->query_all;
	if (!q.empty ())
	    q = Xapian::Query (
		Xapian::Query::OP_AND_MAYBE, q,
		Xapian::Query (Xapian::Query::OP_SCALE_WEIGHT,
			       Xapian::Query (term), factor));
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

} /* extern "C" */
