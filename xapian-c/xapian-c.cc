/* xapian-c.cc - the C API over libxapian (C++, as is deflate-igzip.cc)
 *
 * Every exported function catches every exception and turns it into a
 * cx_status_t, with detail stored on the database handle.  Callbacks into C
 * (the stemmer) cannot throw, so nothing unwinds through C frames.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "xapian-c.h"

#include <xapian.h>

#include <algorithm>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct cx_db {
    Xapian::Database *db;           /* the one to read from */
    Xapian::WritableDatabase *wdb;  /* NULL when opened to read */
    /* New documents go to delta when there is one (see
     * cx_db_attach_delta); db then reads wdb and delta together. */
    Xapian::WritableDatabase *delta;
    int flags;                      /* wdb's open flags */
    /* A reader of several databases (a stub of several lines) keeps each
     * one too: Xapian gives no revision for the whole. */
    std::vector<Xapian::Database> parts;
    std::string error;
    /* Spelling words not yet given to Xapian, with their counts: Xapian
     * rewrites its spelling fragments at every commit, which made a
     * parallel build 40-75% slower when each commit carried them. */
    std::unordered_map<std::string, unsigned> spelling;
    size_t spelling_adds = 0;
    unsigned spelling_min = 1;      /* write words seen this often, at least */
    bool spelling_catch_up = false; /* see cx_db_set_spelling_catch_up */
};

/* Buffered spelling words are written at a commit once there are this many
 * additions, or by cx_db_flush_spelling(). */
#define CX_SPELLING_BUFFER 2000000

struct cx_doc {
    Xapian::Document doc;
};

struct cx_search {
    cx_db_t *db;
    Xapian::QueryParser parser;
    Xapian::Query query;
    Xapian::Query query_all;            /* every word required, or empty
					 * when that is the same query */
    std::vector<Xapian::Query> filters; /* ANDed with the query as filters */
    int sort_slot;                      /* < 0: by relevance */
    Xapian::QueryParser phrase_parser;  /* for the phrase boost */
    std::string phrase_prefix;
    double phrase_factor;               /* 0: no phrase boost */
    double bm25[5];             /* k1, k2, k3, b, min_normlen */
    cx_stem_func_t stem_func;           /* NULL: no stemming */
    void *stem_ctx;
    cx_terms_func_t positions_func;     /* see cx_search_set_positions */
    void *positions_ctx;
    /* The parsed query holds a phrase or NEAR that positions_func checks;
     * a NOT of one at the top is lifted out of query and query_all into
     * these, as the database would take it for an AND. */
    bool positional;
    Xapian::Query query_not, query_all_not;
    std::vector<std::string> terms;
    std::vector<const char *> term_ptrs;
    size_t wildcards;                   /* in the parsed query */
    /* See cx_search_set_time_limit: runs stop at deadline when has_deadline,
     * and timed_out says that one did. */
    bool has_deadline, timed_out;
    struct timespec deadline;
};

struct cx_hits {
    std::vector<cx_hit_t> hits;
    std::vector<std::string> data;
    unsigned long estimate;
    unsigned long estimate_all;     /* of those holding every word */
    bool partial;                   /* a run stopped at the deadline */
};

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

/* The word term that stands in for stem term t where the index has none:
 * a word that is its own stem is indexed without its stem term (Z, or Z
 * and a field prefix such as ZS), so the stem is looked for as either.
 * Empty when t is no stem term or its word is not its own stem. */
static std::string
_cx_stem_alt (const cx_search *search, const std::string &t)
{
    if (!search->stem_func || t.size () < 2 || t[0] != 'Z')
	return std::string ();
    size_t w = 1;
    while (w < t.size () && t[w] >= 'A' && t[w] <= 'Z')
	w++;
    if (w == t.size ())
	return std::string ();
    size_t len = 0;
    const char *stem = search->stem_func (search->stem_ctx, t.data () + w,
					  t.size () - w, &len);
    if (stem && (len != t.size () - w || memcmp (stem, t.data () + w, len)))
	return std::string ();
    return t.substr (1);
}

/* Xapian keeps a phrase's or NEAR's window to itself but for its
 * description, "(a PHRASE 2 b)"; failing that, the defaults of its
 * QueryParser. */
static Xapian::termcount
_cx_window_of (const Xapian::Query &q)
{
    size_t n = q.get_num_subqueries ();
    const char *op = q.get_type () == Xapian::Query::OP_PHRASE
			 ? " PHRASE " : " NEAR ";
    std::string d = q.get_description ();
    size_t at = d.find (op);
    if (at != std::string::npos) {
	unsigned long w = strtoul (d.c_str () + at + strlen (op), NULL, 10);
	if (w)
	    return (Xapian::termcount) w;
    }
    return (Xapian::termcount) (q.get_type () == Xapian::Query::OP_PHRASE
				? n : n + 9);
}

/* q as the database is to run it, into out: each stem term that may be
 * missing (see _cx_stem_alt) as a SYNONYM of itself and its word (and of
 * the stem term of the word as typed, where it is not the stem), which
 * Xapian counts as one term holding both: the articles and term counts the
 * stem term would have had, had every word's been indexed.  Returns
 * whether out differs from q. */
static bool
_cx_expand_stems (const cx_search *search, const Xapian::Query &q,
		  Xapian::Query &out)
{
    Xapian::Query::op type = q.get_type ();
    out = q;
    if (type == Xapian::Query::LEAF_TERM) {
	const std::string t = *q.get_terms_begin ();
	std::vector<Xapian::Query> any (1, q);
	std::string alt = _cx_stem_alt (search, t);
	if (!alt.empty ())
	    any.push_back (Xapian::Query (alt));
	/* An article may index the word as typed as its own stem (a name,
	 * a word in capitals: see schema 7): that stem term too. */
	if (search->stem_func && t.size () > 1 && t[0] == 'Z') {
	    size_t p = 1;
	    while (p < t.size () && t[p] >= 'A' && t[p] <= 'Z')
		p++;
	    for (auto u = search->parser.unstem_begin (t);
		 u != search->parser.unstem_end (t); ++u)
		if (*u != t.substr (p))
		    any.push_back (Xapian::Query (t.substr (0, p) + *u));
	}
	if (any.size () == 1)
	    return false;
	out = Xapian::Query (Xapian::Query::OP_SYNONYM, any.begin (),
			     any.end ());
	return true;
    }
    switch (type) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
	break;
    default:
	return false;           /* nothing the parser puts stems under */
    }
    std::vector<Xapian::Query> subs (q.get_num_subqueries ());
    bool changed = false;
    for (size_t i = 0; i < subs.size (); i++)
	changed |= _cx_expand_stems (search, q.get_subquery (i), subs[i]);
    /* Xapian takes only terms in a PHRASE or NEAR, and answers one as an
     * AND on an index without positions: an AND it is (the verifier checks
     * the phrase on the query as parsed). */
    if (changed)
	out = Xapian::Query (type == Xapian::Query::OP_PHRASE ||
			     type == Xapian::Query::OP_NEAR
				 ? Xapian::Query::OP_AND : type,
			     subs.begin (), subs.end ());
    return changed;
}

/* q as the database is to run it (see above). */
static Xapian::Query
_cx_expanded (const cx_search *search, const Xapian::Query &q)
{
    Xapian::Query out;
    _cx_expand_stems (search, q, out);
    return out;
}

/* Whether the deadline of search (see cx_search_set_time_limit) has
 * passed; the first time it has, timed_out says so. */
static bool
_cx_past_deadline (cx_search *search)
{
    if (!search->has_deadline)
	return false;
    if (search->timed_out)
	return true;
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    if (now.tv_sec > search->deadline.tv_sec ||
	(now.tv_sec == search->deadline.tv_sec &&
	 now.tv_nsec >= search->deadline.tv_nsec))
	search->timed_out = true;
    return search->timed_out;
}

/* Every document until the deadline of a search, then none: as the filter
 * of a run's query (OP_FILTER, no weight), it ends the match once the
 * deadline has passed, and Xapian returns the best documents it has seen.
 * Xapian 1.4's Enquire::set_time_limit only stops checking more documents
 * than asked for (check_at_least); the match itself runs on.  The query's
 * other side is advanced first (this one claims every document, so it is
 * the AND's last), and this one skipped to each of its candidates: one
 * clock read a candidate (the vDSO's, tens of nanoseconds). */
class CxDeadline : public Xapian::PostingSource {
    cx_search *search;
    Xapian::docid current = 0, last = 0;
    Xapian::doccount count = 0;
    bool ended = false;

    void
    move (Xapian::docid did)
    {
	current = did;
	ended = current > last || _cx_past_deadline (search);
    }

  public:
    explicit CxDeadline (cx_search *s) : search (s) { }

    CxDeadline *clone () const override { return new CxDeadline (search); }

    void
    init (const Xapian::Database &db) override
    {
	count = db.get_doccount ();
	last = db.get_lastdocid ();
	current = 0;
	ended = count == 0 || _cx_past_deadline (search);
    }

    Xapian::doccount get_termfreq_min () const override { return count; }
    Xapian::doccount get_termfreq_est () const override { return count; }
    Xapian::doccount get_termfreq_max () const override { return count; }
    void next (double) override { move (current + 1); }

    void
    skip_to (Xapian::docid did, double) override
    {
	if (did > current)
	    move (did);
    }

    bool at_end () const override { return ended; }
    Xapian::docid get_docid () const override { return current; }
    std::string get_description () const override { return "CxDeadline"; }
};

/* Phrases and NEAR checked against the positions of a document's terms,
 * for an index without positions (see cx_search_set_positions): the
 * database took them for AND, and this decides, for each document that may
 * come into the results, whether it matches the query as written.  The
 * document's terms are read from its term list, and its text analyzed only
 * when a phrase decides: in an OR, another word found settles it. */
class CxVerifier : public Xapian::MatchDecider {
    struct Node {
	Xapian::Query::op type;
	std::string term;               /* of a LEAF_TERM */
	std::string alt;                /* its word, for a stem that may be
					 * missing (see _cx_stem_alt) */
	Xapian::termcount window;       /* of a PHRASE or NEAR */
	bool positional;                /* holds a PHRASE or NEAR */
	std::vector<Node> subs;
    };
    struct Term {
	bool present;
	std::vector<unsigned> pos;
    };

    const cx_search *search;
    Node include;
    std::vector<Node> exclude;
    std::vector<std::unique_ptr<std::string>> wanted;   /* sorted at last */
    mutable std::unordered_map<std::string_view, Term> terms;
    bool stems = false;                 /* a stem in a phrase or NEAR */
    mutable const Xapian::Document *doc = nullptr;
    mutable bool have_terms, have_pos, failed;

    Node
    compile (const Xapian::Query &q)
    {
	Node n;
	n.type = q.get_type ();
	n.window = 0;
	n.positional = false;
	if (n.type == Xapian::Query::LEAF_TERM) {
	    n.term = *q.get_terms_begin ();
	    n.alt = _cx_stem_alt (search, n.term);
	    for (const std::string *t : { &n.term, &n.alt })
		if (!t->empty () && !terms.count (std::string_view (*t))) {
		    wanted.emplace_back (new std::string (*t));
		    terms.emplace (std::string_view (*wanted.back ()),
				   Term ());
		}
	    return n;
	}
	for (size_t i = 0; i < q.get_num_subqueries (); i++) {
	    n.subs.push_back (compile (q.get_subquery (i)));
	    n.positional |= n.subs.back ().positional;
	}
	if (n.type == Xapian::Query::OP_PHRASE ||
	    n.type == Xapian::Query::OP_NEAR) {
	    n.window = _cx_window_of (q);
	    n.positional = true;
	    for (const Node &s : n.subs)
		if (!s.term.empty () && s.term[0] == 'Z')
		    stems = true;
	}
	/* In an AND or an OR, the children that settle the answer without
	 * the text go first. */
	switch (n.type) {
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_FILTER:
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_SYNONYM:
	case Xapian::Query::OP_ELITE_SET:
	case Xapian::Query::OP_MAX:
	    std::stable_partition (n.subs.begin (), n.subs.end (),
				   [] (const Node &s) {
				       return !s.positional;
				   });
	    break;
	default:
	    break;
	}
	return n;
    }

    static void
    emit (void *ctx, const char *term, size_t len, unsigned p)
    {
	const CxVerifier *v = static_cast<const CxVerifier *> (ctx);
	auto it = v->terms.find (std::string_view (term, len));
	if (it == v->terms.end ())
	    return;
	try {
	    it->second.pos.push_back (p);
	} catch (...) {
	    v->failed = true;
	}
    }

    /* Which of the wanted terms the document has: one walk of its term
     * list, skipping from one wanted term to the next in order. */
    void
    read_terms () const
    {
	Xapian::TermIterator t = doc->termlist_begin ();
	Xapian::TermIterator end = doc->termlist_end ();
	for (const auto &w : wanted) {
	    Term &e = terms.at (std::string_view (*w));
	    if (t != end)
		t.skip_to (*w);
	    e.present = t != end && *t == *w;
	}
	have_terms = true;
    }

    /* The positions of the wanted terms, from the document's text. */
    bool
    read_positions () const
    {
	std::string data = doc->get_data ();
	have_pos = true;
	if (search->positions_func (search->positions_ctx, data.data (),
				    data.size (), stems, emit,
				    (void *) this) || failed)
	    return false;
	for (auto &e : terms)
	    if (!std::is_sorted (e.second.pos.begin (), e.second.pos.end ()))
		std::sort (e.second.pos.begin (), e.second.pos.end ());
	return true;
    }

    bool
    has_term (const Node &n) const
    {
	const Term &e = terms.at (std::string_view (n.term));
	if (have_pos && !e.pos.empty ())
	    return true;
	if (!have_terms)
	    read_terms ();
	return e.present ||
	       (!n.alt.empty () && terms.at (std::string_view (n.alt)).present);
    }

    /* The positions of n's terms in p, or false when one has none (the
     * text gives every term a phrase can have). */
    bool
    positions (const Node &n,
	       std::vector<const std::vector<unsigned> *> &p) const
    {
	if (!have_pos && !read_positions ())
	    throw std::bad_alloc ();
	for (const Node &s : n.subs) {
	    const std::vector<unsigned> &v =
		terms.at (std::string_view (s.term)).pos;
	    if (v.empty ())
		return false;
	    p.push_back (&v);
	}
	return true;
    }

    /* The subqueries' terms in order within n.window positions. */
    bool
    phrase (const Node &n) const
    {
	std::vector<const std::vector<unsigned> *> p;
	if (!positions (n, p))
	    return false;
	for (unsigned first : *p[0]) {
	    unsigned last = first;
	    size_t i;
	    for (i = 1; i < p.size (); i++) {
		auto it = std::upper_bound (p[i]->begin (), p[i]->end (), last);
		if (it == p[i]->end ())
		    return false;       /* nor for any later first */
		last = *it;
		if (last - first >= n.window)
		    break;
	    }
	    if (i == p.size ())
		return true;
	}
	return false;
    }

    /* The subqueries' terms in any order within n.window positions: the
     * smallest range holding a position of each, from its lists' heads. */
    bool
    near (const Node &n) const
    {
	std::vector<const std::vector<unsigned> *> p;
	if (!positions (n, p))
	    return false;
	std::vector<size_t> at (p.size (), 0);
	for (;;) {
	    size_t lo = 0;
	    unsigned hi = 0;
	    for (size_t i = 0; i < p.size (); i++) {
		unsigned v = (*p[i])[at[i]];
		if (v < (*p[lo])[at[lo]])
		    lo = i;
		hi = std::max (hi, v);
	    }
	    if (hi - (*p[lo])[at[lo]] < n.window)
		return true;
	    if (++at[lo] == p[lo]->size ())
		return false;
	}
    }

    bool
    eval (const Node &n) const
    {
	switch (n.type) {
	case Xapian::Query::LEAF_TERM:
	    return has_term (n);
	case Xapian::Query::OP_AND:
	case Xapian::Query::OP_FILTER:
	    for (const Node &s : n.subs)
		if (!eval (s))
		    return false;
	    return true;
	case Xapian::Query::OP_OR:
	case Xapian::Query::OP_SYNONYM:
	case Xapian::Query::OP_ELITE_SET:
	case Xapian::Query::OP_MAX:
	    for (const Node &s : n.subs)
		if (eval (s))
		    return true;
	    return false;
	case Xapian::Query::OP_XOR: {
	    bool odd = false;
	    for (const Node &s : n.subs)
		odd ^= eval (s);
	    return odd;
	}
	case Xapian::Query::OP_AND_NOT:
	    if (!n.subs.empty () && !eval (n.subs[0]))
		return false;
	    for (size_t i = 1; i < n.subs.size (); i++)
		if (eval (n.subs[i]))
		    return false;
	    return true;
	case Xapian::Query::OP_AND_MAYBE:
	case Xapian::Query::OP_SCALE_WEIGHT:
	    return n.subs.empty () || eval (n.subs[0]);
	case Xapian::Query::OP_PHRASE:
	case Xapian::Query::OP_NEAR:
	    for (const Node &s : n.subs)
		if (s.type != Xapian::Query::LEAF_TERM) {
		    /* A phrase of wildcards: as the database took it. */
		    for (const Node &t : n.subs)
			if (!eval (t))
			    return false;
		    return true;
		}
	    return n.type == Xapian::Query::OP_PHRASE ? phrase (n) : near (n);
	case Xapian::Query::LEAF_MATCH_NOTHING:
	    return false;
	default:
	    /* Wildcards, value ranges, everything: as the database took
	     * them. */
	    return true;
	}
    }

  public:
    /* Documents that match include and none of exclude (empty queries
     * are left out). */
    CxVerifier (const cx_search *s, const Xapian::Query &inc,
		std::initializer_list<const Xapian::Query *> exc)
	: search (s), have_terms (false), have_pos (false), failed (false)
    {
	include = compile (inc);
	for (const Xapian::Query *q : exc)
	    if (!q->empty ())
		exclude.push_back (compile (*q));
	std::sort (wanted.begin (), wanted.end (),
		   [] (const std::unique_ptr<std::string> &a,
		       const std::unique_ptr<std::string> &b) {
		       return *a < *b;
		   });
    }

    bool
    operator() (const Xapian::Document &d) const override
    {
	for (auto &e : terms)
	    e.second.pos.clear ();
	doc = &d;
	have_terms = have_pos = failed = false;
	try {
	    if (!eval (include))
		return false;
	    for (const Node &n : exclude)
		if (eval (n))
		    return false;
	    return true;
	} catch (const std::bad_alloc &) {
	    return true;        /* cannot tell: as the database took it */
	}
    }
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

/* Map the exception being handled to a status and record its detail on db
 * (which may be NULL, for errors before a handle exists).  Must be called
 * from inside a catch block: it rethrows to look at the type. */
static cx_status_t
_cx_status_from_exception (std::string *detail)
{
    cx_status_t status = CX_STATUS_XAPIAN_EXCEPTION;
    std::string msg;

    try {
	throw;
    } catch (const Xapian::DatabaseNotFoundError &e) {
	status = CX_STATUS_DATABASE_NOT_FOUND;
	msg = e.get_description ();
    } catch (const Xapian::DatabaseLockError &e) {
	status = CX_STATUS_DATABASE_LOCKED;
	msg = e.get_description ();
    } catch (const Xapian::DatabaseModifiedError &e) {
	status = CX_STATUS_DATABASE_MODIFIED;
	msg = e.get_description ();
    } catch (const Xapian::DatabaseCorruptError &e) {
	status = CX_STATUS_DATABASE_CORRUPT;
	msg = e.get_description ();
    } catch (const Xapian::DatabaseVersionError &e) {
	status = CX_STATUS_DATABASE_CORRUPT;
	msg = e.get_description ();
    } catch (const Xapian::DatabaseOpeningError &e) {
	/* Xapian says "opening" both for a missing index and for a
	 * directory that is not one. */
	status = CX_STATUS_DATABASE_NOT_FOUND;
	msg = e.get_description ();
    } catch (const Xapian::QueryParserError &e) {
	status = CX_STATUS_BAD_QUERY_SYNTAX;
	msg = e.get_msg ();
    } catch (const Xapian::InvalidArgumentError &e) {
	status = CX_STATUS_ILLEGAL_ARGUMENT;
	msg = e.get_description ();
    } catch (const Xapian::InvalidOperationError &e) {
	status = CX_STATUS_READ_ONLY;
	msg = e.get_description ();
    } catch (const Xapian::Error &e) {
	msg = e.get_description ();
    } catch (const std::bad_alloc &) {
	status = CX_STATUS_OUT_OF_MEMORY;
	msg = "out of memory";
    } catch (const std::exception &e) {
	msg = e.what ();
    } catch (...) {
	msg = "unknown C++ exception";
    }

    if (detail) {
	try {
	    *detail = msg;
	} catch (...) {
	    /* No memory for the detail: the status says enough. */
	}
    }
    return status;
}

/* Like the above, for a handle that has a database. */
static cx_status_t
_cx_db_fail (cx_db_t *db)
{
    return _cx_status_from_exception (db ? &db->error : NULL);
}

static cx_status_t
_cx_db_error (cx_db_t *db, cx_status_t status, const char *msg)
{
    if (db) {
	try {
	    db->error = msg;
	} catch (...) {
	}
    }
    return status;
}

static char *
_cx_strndup (const char *s, size_t len)
{
    char *copy = (char *) malloc (len + 1);
    if (copy) {
	memcpy (copy, s, len);
	copy[len] = '\0';
    }
    return copy;
}

/* Whether term w is a word for the spelling data: unprefixed (prefixes
 * are capitals), at least min_len bytes, no digits, not part of a URL or
 * an e-mail address. */
static bool
_cx_spelling_word (const std::string &w, size_t min_len)
{
    return w.size () >= min_len && !(w[0] >= 'A' && w[0] <= 'Z') &&
	w.find_first_of ("0123456789@/:._") == std::string::npos;
}

/* Give the buffered spelling words to Xapian (part of the next commit). */
static void
_cx_write_spelling (cx_db_t *db)
{
    Xapian::WritableDatabase *to = db->delta ? db->delta : db->wdb;
    for (const auto &w : db->spelling) {
	Xapian::termcount n = w.second;
	/* With a delta, a word the main database has often enough is in
	 * its spelling data already: its count is not raised (that cost a
	 * run of 1% new articles a fifth of its time), so counts lag until
	 * the next full build. */
	if (db->delta && db->wdb->get_termfreq (w.first) >= db->spelling_min)
	    continue;
	if (n < db->spelling_min &&
	    (!db->spelling_catch_up ||
	     db->db->get_termfreq (w.first) < db->spelling_min))
	    continue;
	to->add_spelling (w.first, n);
    }
    db->spelling.clear ();
    db->spelling_adds = 0;
}

/* The databases a stub file DIR/XAPIANDB names, when it names more than
 * one in the "glass RELATIVE-PATH" lines cari writes, into parts; anything
 * else leaves parts empty, and Xapian opens the path itself. */
static void
_cx_stub_parts (const char *path, std::vector<Xapian::Database> &parts)
{
    std::string dir (path), stub = dir + "/XAPIANDB";
    FILE *f = fopen (stub.c_str (), "r");
    char line[4096];
    std::vector<std::string> paths;

    if (!f)
	return;
    while (fgets (line, sizeof line, f)) {
	size_t n = strcspn (line, "\r\n");
	line[n] = '\0';
	if (strncmp (line, "glass ", 6) || !line[6] || line[6] == '/') {
	    paths.clear ();
	    break;
	}
	paths.push_back (dir + "/" + (line + 6));
    }
    fclose (f);
    if (paths.size () > 1)
	for (const std::string &p : paths)
	    parts.push_back (Xapian::Database (p));
}

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

cx_status_t
cx_db_open (const char *path, cx_db_mode_t mode, cx_db_t **out,
	    char **error_message)
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
	    _cx_stub_parts (path, db->parts);
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
			   size_t min_len, unsigned part, unsigned nparts)
{
    if (!db || (n && !from) || !nparts || part >= nparts)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    for (size_t i = 0; i < n; i++) {
	if (!from[i])
	    return CX_STATUS_ILLEGAL_ARGUMENT;
	try {
	    Xapian::Database *src = from[i]->db;
	    for (Xapian::TermIterator t = src->allterms_begin ();
		 t != src->allterms_end (); ++t) {
		const std::string &w = *t;
		if (!_cx_spelling_word (w, min_len) ||
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
cx_db_reopen (cx_db_t *db)
{
    if (!db)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	db->db->reopen ();
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
	if (db->parts.empty ()) {
	    *out = db->db->get_revision ();
	} else {
	    /* Every commit raises one part's revision; a new stub is a new
	     * handle (readers compare the stub's inode). */
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

cx_status_t
cx_search_filter_term (cx_search_t *search, const char *term)
{
    if (!search || !term || !*term)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	search->filters.push_back (Xapian::Query (term));
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_search_filter_range (cx_search_t *search, unsigned slot, const char *lo,
			const char *hi)
{
    if (!search || (!lo && !hi))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	if (lo && hi)
	    search->filters.push_back (
		Xapian::Query (Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
	else if (lo)
	    search->filters.push_back (
		Xapian::Query (Xapian::Query::OP_VALUE_GE, slot, lo));
	else
	    search->filters.push_back (
		Xapian::Query (Xapian::Query::OP_VALUE_LE, slot, hi));
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

cx_status_t
cx_search_sort_by_value (cx_search_t *search, int slot)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    search->sort_slot = slot < 0 ? -1 : slot;
    return CX_STATUS_SUCCESS;
}

void
cx_search_terms (const cx_search_t *search, const char *const **terms,
		 size_t *n)
{
    if (terms)
	*terms = search && !search->term_ptrs.empty ()
		     ? search->term_ptrs.data () : NULL;
    if (n)
	*n = search ? search->term_ptrs.size () : 0;
}

int
cx_search_is_empty (const cx_search_t *search)
{
    return !search || (search->query.empty () && search->filters.empty ());
}

/* q restricted by the search's filters (q empty: every document). */
static Xapian::Query
_cx_filtered (const cx_search_t *search, const Xapian::Query &q)
{
    if (search->filters.empty ())
	return q;
    Xapian::Query f (Xapian::Query::OP_AND, search->filters.begin (),
		     search->filters.end ());
    if (q.empty ())
	return Xapian::Query (Xapian::Query::OP_SCALE_WEIGHT, f, 0);
    return Xapian::Query (Xapian::Query::OP_FILTER, q, f);
}

/* How many documents Xapian's matcher must keep as candidates so that it
 * never turns q's AND_MAYBE (the title boosts, under any filters) into an
 * AND: as many as its required side can match, or 0 past CX_EXACT_MAX.
 * Xapian 1.4.22 makes that AND once the weakest candidate outweighs what
 * the required side can still give, and starts it after the optional
 * side's current document (max(lhead, rhead) + 1 in AndMaybePostList),
 * which may be ahead and not returned yet: a document with both sides
 * there is lost.  Asked for its top hit alone, "Pesawat Rimbun Air yang
 * Hilang Kontak di Papua belum Ditemukan" gave the 100.1 article instead
 * of the 113.2 one with that title; t-binding has eight documents that
 * show it (bench/xapian-andmaybe.py, with Xapian alone).  With room for
 * every document, the candidates are never a full set, so nothing is
 * pruned.  Xapian's OR turns into an AND the same way, so the run of
 * articles with only some of the words can still lose one
 * (bench/README.md). */
#define CX_EXACT_MAX 20000

static Xapian::doccount
_cx_boost_bound (const Xapian::Database &db, const Xapian::Query &q)
{
    switch (q.get_type ()) {
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
	return _cx_boost_bound (db, q.get_subquery (0));
    case Xapian::Query::OP_AND_MAYBE: {
	Xapian::Enquire enquire (db);
	enquire.set_query (q.get_subquery (0));
	Xapian::doccount n = enquire.get_mset (0, 0).get_matches_upper_bound ();
	return n <= CX_EXACT_MAX ? n : 0;
    }
    default:
	return 0;
    }
}

/* Run q for [offset, offset + count), appending its hits to hits with
 * ranks shifted by rank_base; returns Xapian's estimate, which is exact
 * when fewer than offset + count documents match. */
static Xapian::doccount
_cx_run_one (cx_search_t *search, const Xapian::Query &q, unsigned offset,
	     unsigned count, unsigned rank_base, cx_hits_t *hits,
	     const Xapian::MatchDecider *verify)
{
    Xapian::Enquire enquire (*search->db->db);
    if (search->has_deadline && !q.empty ())
	enquire.set_query (Xapian::Query (
	    Xapian::Query::OP_FILTER, q,
	    Xapian::Query ((new CxDeadline (search))->release ())));
    else
	enquire.set_query (q);
    const double *p = search->bm25;
    enquire.set_weighting_scheme (
	Xapian::BM25Weight (p[0], p[1], p[2], p[3], p[4]));
    if (search->sort_slot >= 0)
	enquire.set_sort_by_value_then_relevance (
	    (Xapian::valueno) search->sort_slot, true);
    Xapian::MSet mset = enquire.get_mset (
	offset, count,
	count ? std::max<Xapian::doccount> (
		    offset + count, _cx_boost_bound (*search->db->db, q))
	      : 0,
	NULL, verify);
    for (Xapian::MSetIterator m = mset.begin (); m != mset.end (); ++m) {
	cx_hit_t hit;
	hits->data.push_back (m.get_document ().get_data ());
	hit.docid = *m;
	hit.rank = rank_base + m.get_rank ();
	hit.weight = m.get_weight ();
	hit.data = NULL;
	hit.data_len = 0;
	hits->hits.push_back (hit);
    }
    return mset.get_matches_estimated ();
}

cx_status_t
cx_search_run (cx_search_t *search, unsigned offset, unsigned count,
	       cx_hits_t **out)
{
    cx_hits_t *hits = NULL;

    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	hits = new cx_hits ();
	Xapian::Query any = _cx_filtered (search, _cx_expanded (
					      search, search->query));
	/* Phrases checked on the documents' text, when the query has any. */
	const bool check = search->positional;
	if (search->query_all.empty () || search->sort_slot >= 0 || !count) {
	    std::unique_ptr<CxVerifier> v;
	    if (check)
		v.reset (new CxVerifier (search, search->query,
					 { &search->query_not }));
	    hits->estimate = _cx_run_one (search, any, offset, count, 0, hits,
					  v.get ());
	    hits->estimate_all = hits->estimate;
	} else {
	    /* Articles with every word first, then those with only some. */
	    Xapian::Query all = _cx_filtered (search, _cx_expanded (
						  search, search->query_all));
	    std::unique_ptr<CxVerifier> v_all, v_some;
	    if (check) {
		v_all.reset (new CxVerifier (search, search->query_all,
					     { &search->query_all_not }));
		v_some.reset (new CxVerifier (search, search->query,
					      { &search->query_not,
						&search->query_all }));
	    }
	    Xapian::doccount n_all = _cx_run_one (search, all, offset, count,
						  0, hits, v_all.get ());
	    unsigned got = (unsigned) hits->hits.size ();
	    unsigned long estimate;
	    if (got < count) {
		/* Fewer than offset + count match all: n_all is exact.  With
		 * phrases to check, the database cannot tell which documents
		 * of all had them: the verifier leaves those out instead. */
		unsigned rest_offset = offset > n_all ? offset - n_all : 0;
		Xapian::Query some = check ? any
		    : Xapian::Query (Xapian::Query::OP_AND_NOT, any, all);
		estimate = n_all + _cx_run_one (search, some, rest_offset,
						count - got, (unsigned) n_all,
						hits, v_some.get ());
	    } else {
		Xapian::Enquire enquire (*search->db->db);
		enquire.set_query (any);
		estimate = enquire.get_mset (0, 0).get_matches_estimated ();
	    }
	    hits->estimate = std::max<unsigned long> (
		estimate, offset + hits->hits.size ());
	    hits->estimate_all = n_all;
	}
	hits->partial = search->timed_out;
	/* Pointers into data are taken only once it stops growing. */
	for (size_t i = 0; i < hits->hits.size (); i++) {
	    hits->hits[i].data = hits->data[i].c_str ();
	    hits->hits[i].data_len = hits->data[i].size ();
	}
	*out = hits;
	return CX_STATUS_SUCCESS;
    } catch (...) {
	delete hits;
	return _cx_db_fail (search->db);
    }
}

size_t
cx_hits_count (const cx_hits_t *hits)
{
    return hits ? hits->hits.size () : 0;
}

unsigned long
cx_hits_estimate (const cx_hits_t *hits)
{
    return hits ? hits->estimate : 0;
}

unsigned long
cx_hits_estimate_all (const cx_hits_t *hits)
{
    return hits ? hits->estimate_all : 0;
}

int
cx_hits_partial (const cx_hits_t *hits)
{
    return hits && hits->partial;
}

const cx_hit_t *
cx_hits_get (const cx_hits_t *hits, size_t i)
{
    if (!hits || i >= hits->hits.size ())
	return NULL;
    return &hits->hits[i];
}

void
cx_hits_destroy (cx_hits_t *hits)
{
    delete hits;
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
	*out = db->db->get_termfreq (term);
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
cx_db_add_spelling_doc (cx_db_t *db, const cx_doc_t *doc, size_t min_len)
{
    if (!db || !doc)
	return _cx_db_error (db, CX_STATUS_ILLEGAL_ARGUMENT,
			     "no document for the spelling data");
    if (!db->wdb)
	return _cx_db_error (db, CX_STATUS_READ_ONLY,
			     "spelling write on an index opened to read");
    try {
	for (Xapian::TermIterator t = doc->doc.termlist_begin ();
	     t != doc->doc.termlist_end (); ++t) {
	    const std::string &w = *t;
	    if (!_cx_spelling_word (w, min_len))
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
