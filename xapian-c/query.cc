/* query.cc - the query parser's set-up, and a query's text parsed
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <cctype>
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

/* Split a query of words, "phrases" and -excluded ones into the text of
 * the first two (love) and that of the excluded ones without their '-'
 * (hate).  False when text has no excluded word, or has brackets or an
 * operator word, which this does not read. */
static bool
_cx_split_hate (const std::string &text, std::string &love,
		std::string &hate)
{
    size_t i = 0, n = text.size ();
    love.clear ();
    hate.clear ();
    while (i < n) {
	while (i < n && isspace ((unsigned char) text[i]))
	    i++;
	if (i == n)
	    break;
	bool minus = text[i] == '-' && i + 1 < n &&
		     !isspace ((unsigned char) text[i + 1]);
	size_t start = minus ? i + 1 : i, end = start;
	if (end < n && text[end] == '"') {
	    end = text.find ('"', end + 1);
	    end = end == std::string::npos ? n : end + 1;
	}
	while (end < n && !isspace ((unsigned char) text[end]))
	    end++;
	std::string token = text.substr (start, end - start);
	if (token.find_first_of ("()") != std::string::npos ||
	    token == "AND" || token == "OR" || token == "NOT" ||
	    token == "XOR" || token == "NEAR" || token == "ADJ" ||
	    token.compare (0, 5, "NEAR/") == 0 ||
	    token.compare (0, 4, "ADJ/") == 0)
	    return false;
	(minus ? hate : love) += token + " ";
	i = end;
    }
    return !hate.empty ();
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
	search->positions_func = NULL;
	search->positions_ctx = NULL;
	search->positional = false;
	search->wildcards = 0;
	search->has_deadline = search->timed_out = false;
	const double bm25[5] = { 1, 0, 1, 0.5, 0.5 };  /* Xapian's defaults */
	memcpy (search->bm25, bm25, sizeof bm25);
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

/* A byte of a word: an ASCII letter or digit, or part of a UTF-8 sequence. */
static bool
_cx_word_byte (char c)
{
    return isalnum ((unsigned char) c) || (unsigned char) c >= 0x80;
}

/* A byte of a letter: an ASCII letter, or part of a UTF-8 sequence. */
static bool
_cx_letter_byte (char c)
{
    return isalpha ((unsigned char) c) || (unsigned char) c >= 0x80;
}

/* Xapian's parser reads words joined by a hyphen or a slash (Bergen-Belsen,
 * episode/seri) as a phrase, which gives nothing to an article holding only
 * some of them (Belsen alone) or holding them apart, though a slash mostly
 * means "or".  So letters joined by a slash, and names joined by a hyphen
 * (both halves capitalised: Rusia-Ukraina), are split into words of their
 * own: articles holding all of them still come first, through the all-words
 * tier.  Other hyphenated words stay as typed: Indonesian writes
 * reduplication and compounds with a hyphen (kupu-kupu, sayur-mayur), which
 * the analyzer indexes under one stem that a half would not find.  Numbers
 * and codes (19/7, 2007-2011, COVID-19) stay phrases.  A token that looks
 * like an address (a field:value, an e-mail or a host name: ':', '@' or a
 * dot inside it) is left as typed, and so are leading hyphens (-word
 * excludes a word). */
static void
_cx_split_joined_words (std::string &text)
{
    size_t n = text.size ();
    for (size_t i = 0; i < n;) {
	size_t end = i;
	bool address = false;
	for (; end < n && !isspace ((unsigned char) text[end]); end++)
	    if (text[end] == ':' || text[end] == '@' ||
		(text[end] == '.' && end > i && end + 1 < n &&
		 _cx_word_byte (text[end - 1]) && _cx_word_byte (text[end + 1])))
		address = true;
	for (size_t j = i + 1; !address && j + 1 < end; j++) {
	    if (!_cx_letter_byte (text[j - 1]) ||
		!_cx_letter_byte (text[j + 1]))
		continue;
	    if (text[j] == '/') {
		text[j] = ' ';
	    } else if (text[j] == '-' && isupper ((unsigned char) text[j + 1])) {
		size_t start = j;       /* of the half before the hyphen */
		while (start > i && _cx_letter_byte (text[start - 1]))
		    start--;
		if (isupper ((unsigned char) text[start]) &&
		    (end - j - 1 != j - start ||
		     text.compare (start, j - start, text, j + 1,
				   j - start) != 0))
		    text[j] = ' ';
	    }
	}
	for (i = end; i < n && isspace ((unsigned char) text[i]); i++)
	    ;
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

cx_status_t
cx_search_parse (cx_search_t *search, const char *query, size_t len)
{
    if (!search || (!query && len))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	search->terms.clear ();
	search->term_ptrs.clear ();
	search->query = Xapian::Query ();
	search->query_all = Xapian::Query ();
	search->filters.clear ();
	search->sort_slot = -1;
	/* -word alone is every article but those with word: without
	 * FLAG_PURE_NOT, Xapian's parser would give up on the operator and
	 * search for the word instead. */
	const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT |
			       Xapian::QueryParser::FLAG_WILDCARD |
			       Xapian::QueryParser::FLAG_PURE_NOT;
	std::string text (query ? query : "", len);
	_cx_split_joined_words (text);
	search->parser.set_default_op (Xapian::Query::OP_OR);
	search->query = search->parser.parse_query (text, flags);
	search->parser.set_default_op (Xapian::Query::OP_AND);
	search->query_all = search->parser.parse_query (text, flags);
	search->parser.set_default_op (Xapian::Query::OP_OR);
	std::string love, hate;
	if (_cx_split_hate (text, love, hate) && !_cx_has_not (search->query)) {
	    /* Xapian's parser turns -words into words when nothing else
	     * is left to match (-kpk, or yang -kpk once the stopword yang is
	     * left out): the articles with every other word (all of them
	     * for none), but those with a -word. */
	    Xapian::Query no = search->parser.parse_query (hate, flags);
	    Xapian::Query yes[2];
	    for (int all = 0; all < 2; all++) {
		search->parser.set_default_op (all ? Xapian::Query::OP_AND
						   : Xapian::Query::OP_OR);
		yes[all] = love.find_first_not_of (' ') == std::string::npos
		    ? Xapian::Query (std::string ()) /* every document */
		    : search->parser.parse_query (love, flags);
	    }
	    search->parser.set_default_op (Xapian::Query::OP_OR);
	    search->query = Xapian::Query (Xapian::Query::OP_AND_NOT, yes[0],
					   no);
	    search->query_all = Xapian::Query (Xapian::Query::OP_AND_NOT,
					       yes[1], no);
	}
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
	/* The boost goes on the query of the articles with every word: an
	 * article whose title holds the query has them all, so on the query
	 * of those with only some (an OR over long posting lists) it only
	 * cost time, a fifth of a search's instructions. */
	if (search->phrase_factor > 0 && !search->query.empty ()) {
	    Xapian::Query boost = _cx_phrase_query (search, text);
	    Xapian::Query &q = search->query_all.empty () ? search->query
							   : search->query_all;
	    if (!boost.empty ())
		q = Xapian::Query (Xapian::Query::OP_AND_MAYBE, q, boost);
	}
	for (const std::string &t : search->terms)
	    search->term_ptrs.push_back (t.c_str ());
	return CX_STATUS_SUCCESS;
    } catch (...) {
	search->parser.set_default_op (Xapian::Query::OP_OR);
	search->terms.clear ();
	search->term_ptrs.clear ();
	search->query = Xapian::Query ();
	search->query_all = Xapian::Query ();
	search->positional = false;
	search->wildcards = 0;
	return _cx_db_fail (search->db);
    }
}

size_t
cx_search_wildcards (const cx_search_t *search)
{
    return search ? search->wildcards : 0;
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
