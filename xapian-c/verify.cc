/* verify.cc - phrases and NEAR checked on the positions of a document's terms
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <algorithm>
#include <memory>
#include <string_view>

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
	std::vector<std::string> alts;  /* what the term rule says may
					 * stand in for it (checked ones) */
	bool stem;                      /* a stem term, says the rule */
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

    void
    want (const std::string &t)
    {
	if (!t.empty () && !terms.count (std::string_view (t))) {
	    wanted.emplace_back (new std::string (t));
	    terms.emplace (std::string_view (*wanted.back ()), Term ());
	}
    }

    Node
    compile (const Xapian::Query &q)
    {
	Node n;
	n.type = q.get_type ();
	n.window = 0;
	n.positional = false;
	n.stem = false;
	if (n.type == Xapian::Query::LEAF_TERM) {
	    n.term = *q.get_terms_begin ();
	    n.stem = _cx_term_alts (search, n.term, n.alts, true);
	    want (n.term);
	    for (const std::string &a : n.alts)
		want (a);
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
		if (s.stem)
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
	if (e.present)
	    return true;
	for (const std::string &a : n.alts)
	    if (!a.empty () && terms.at (std::string_view (a)).present)
		return true;
	return false;
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

Xapian::MatchDecider *
_cx_verifier_new (const cx_search *s, const Xapian::Query &inc,
		  std::initializer_list<const Xapian::Query *> exc)
{
    return new CxVerifier (s, inc, exc);
}
