/* search.cc - a parsed query run: stems expanded, filters, the run and its hits
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <algorithm>
#include <memory>

struct _cx_alts_ctx {
    std::vector<std::string> *alts;
    bool checked_only;
    bool failed;
};

static void
_cx_add_alt (void *ctx, const char *term, size_t len, int checked)
{
    _cx_alts_ctx *c = static_cast<_cx_alts_ctx *> (ctx);
    if (c->checked_only && !checked)
	return;
    try {
	c->alts->push_back (std::string (term, len));
    } catch (...) {
	c->failed = true;
    }
}

bool
_cx_term_alts (const cx_search *search, const std::string &t,
	       std::vector<std::string> &alts, bool checked_only)
{
    if (!search->term_rule)
	return false;
    _cx_alts_ctx c = { &alts, checked_only, false };
    bool stem = search->term_rule (search->term_rule_ctx, search, t.data (),
				   t.size (), _cx_add_alt, &c) != 0;
    if (c.failed)
	throw std::bad_alloc ();
    return stem;
}

/* q as the database is to run it, into out: each term for which the term
 * rule gives others (cx_search_set_term_rule) as a SYNONYM of itself and
 * them, which Xapian counts as one term holding them all: the articles and
 * term counts the term would have had, had the index held it under one
 * name.  Returns whether out differs from q. */
static bool
_cx_expand_stems (const cx_search *search, const Xapian::Query &q,
		  Xapian::Query &out)
{
    Xapian::Query::op type = q.get_type ();
    out = q;
    if (type == Xapian::Query::LEAF_TERM) {
	std::vector<std::string> alts;
	_cx_term_alts (search, *q.get_terms_begin (), alts, false);
	if (alts.empty ())
	    return false;
	std::vector<Xapian::Query> any (1, q);
	for (const std::string &a : alts)
	    any.push_back (Xapian::Query (a));
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

void
_cx_hits_add (cx_hits *hits, Xapian::docid did, unsigned rank, double weight,
	      double key, std::string data, std::string collapse_key,
	      unsigned long collapse_count)
{
    cx_hit_t hit;
    hit.docid = did;
    hit.rank = rank;
    hit.weight = weight;
    hit.key = key;
    hit.data = NULL;            /* pointed at by cx_search_run */
    hit.data_len = 0;
    hit.collapse_key = NULL;
    hit.collapse_key_len = 0;
    hit.collapse_count = collapse_count;
    hits->data.push_back (std::move (data));
    hits->keys.push_back (std::move (collapse_key));
    hits->hits.push_back (hit);
}

extern "C" {

cx_status_t
cx_search_set_term_rule (cx_search_t *search, cx_term_rule_t rule, void *ctx)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    search->term_rule = rule;
    search->term_rule_ctx = ctx;
    return CX_STATUS_SUCCESS;
}

void
cx_search_unstem (const cx_search_t *search, const char *term, size_t len,
		  cx_word_func_t func, void *ctx)
{
    if (!search || !term || !func)
	return;
    try {
	const std::string t (term, len);
	for (auto u = search->parser.unstem_begin (t);
	     u != search->parser.unstem_end (t); ++u)
	    func (ctx, (*u).data (), (*u).size ());
    } catch (...) {
	/* Out of memory: no words, as for a term the parser did not stem. */
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
cx_search_filter_any (cx_search_t *search, const char *const *terms,
		      size_t n)
{
    if (!search || !terms || !n)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	std::vector<Xapian::Query> any;
	for (size_t i = 0; i < n; i++) {
	    if (!terms[i] || !*terms[i])
		return CX_STATUS_ILLEGAL_ARGUMENT;
	    any.push_back (Xapian::Query (terms[i]));
	}
	search->filters.push_back (
	    Xapian::Query (Xapian::Query::OP_OR, any.begin (), any.end ()));
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
cx_search_set_collapse (cx_search_t *search, int slot)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    search->collapse_slot = slot < 0 ? -1 : slot;
    return CX_STATUS_SUCCESS;
}

cx_status_t
cx_search_set_tiebreak (cx_search_t *search, int slot)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    search->tie_slot = slot < 0 ? -1 : slot;
    return CX_STATUS_SUCCESS;
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

/* Xapian 1.4.22 turns an AND_MAYBE (the title boosts, under any filters)
 * into an AND once the weakest candidate outweighs what its required side
 * can still give, and starts that AND after the optional side's current
 * document (max(lhead, rhead) + 1 in AndMaybePostList::next), which may be
 * ahead and not returned yet: a document with both sides there is lost.
 * Asked for its top hit alone, "Pesawat Rimbun Air yang Hilang Kontak di
 * Papua belum Ditemukan" gave the 100.1 article instead of the 113.2 one
 * with that title; t-binding has eight documents that show it
 * (bench/xapian-andmaybe.py, with Xapian alone).  Xapian's OR turns into
 * an AND the same way, so the run of articles with only some of the words
 * can still lose one (bench/README.md).
 *
 * A run whose required side matches at most weigh_all_max documents
 * (cx_search_set_weigh_all) asks for room for all of them
 * (_cx_boost_bound): the candidates are never a full set, nothing is
 * pruned, and the run counts its matches too.  Past that, CxRaise keeps
 * the AND_MAYBE one: every document, weighing 0, with the maximum weight
 * the optional side can give.  ANDed to the required side it raises what
 * that side "can still give" to at least any document's whole weight,
 * which no candidate outweighs, while the matcher still skips what cannot
 * reach the candidates (its bound on the required side's terms is lower by
 * the boost's maximum than it could be).  Not on remote shards, which
 * cannot run a PostingSource of cari's.  On the 1,000 latency queries of
 * a 1,000,000-article index (bench/README.md, issue 22) the 254 runs past
 * 20,000 took 13% more time raised than pruned as Xapian would (1.90 s
 * against 1.61-1.68 s; their top 10s the same there, and the same as with
 * every match weighed); raising the runs of fewer matches too (weighing
 * all up to 5,000, 2,000 or 500) was no faster at p95, slower at p50: a
 * pruned run must count its matches with a walk of its own. */
#define CX_EXACT_MAX CX_WEIGH_ALL_MAX  /* counted as far as a run weighs all */

/* Every document of a database part, ids 1 to its last (a deleted one
 * too: ANDed to a query, it only meets that query's documents), weighing
 * 0; moved() says whether it ended at each step.  The base of CxRaise and
 * CxDeadline. */
class CxEvery : public Xapian::PostingSource {
  protected:
    Xapian::docid current = 0, last = 0;
    Xapian::doccount count = 0;
    bool ended = false;

    virtual void moved () { ended = current > last; }

  public:
    void
    init (const Xapian::Database &db) override
    {
	count = db.get_doccount ();
	last = db.get_lastdocid ();
	current = 0;
	ended = count == 0;
    }

    Xapian::doccount get_termfreq_min () const override { return count; }
    Xapian::doccount get_termfreq_est () const override { return count; }
    Xapian::doccount get_termfreq_max () const override { return count; }

    void
    next (double) override
    {
	current++;
	moved ();
    }

    void
    skip_to (Xapian::docid did, double) override
    {
	if (did > current) {
	    current = did;
	    moved ();
	}
    }

    bool at_end () const override { return ended; }
    Xapian::docid get_docid () const override { return current; }
};

class CxRaise : public CxEvery {
    double max;

  public:
    explicit CxRaise (double m) : max (m) { }

    CxRaise *clone () const override { return new CxRaise (max); }

    void
    init (const Xapian::Database &db) override
    {
	CxEvery::init (db);
	set_maxweight (max);
    }

    std::string get_description () const override { return "CxRaise"; }
};

/* q with each AND_MAYBE's required side ANDed to a CxRaise of what its
 * optional side weighs at most: Xapian's bound for that side alone (a term
 * weighs by its own leaf's wqf, and BM25's part of the whole query, k2's,
 * is the matcher's, outside the AND_MAYBE). */
static Xapian::Query
_cx_raised (const Xapian::Database &db, const Xapian::Weight &weight,
	    const Xapian::Query &q)
{
    size_t n = q.get_num_subqueries ();
    switch (q.get_type ()) {
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT: {
	std::vector<Xapian::Query> sub;
	sub.push_back (_cx_raised (db, weight, q.get_subquery (0)));
	for (size_t i = 1; i < n; i++)
	    sub.push_back (q.get_subquery (i));
	return Xapian::Query (q.get_type (), sub.begin (), sub.end ());
    }
    case Xapian::Query::OP_AND_MAYBE: {
	std::vector<Xapian::Query> opt;
	for (size_t i = 1; i < n; i++)
	    opt.push_back (q.get_subquery (i));
	Xapian::Enquire enquire (db);
	enquire.set_query (Xapian::Query (Xapian::Query::OP_OR, opt.begin (),
					  opt.end ()));
	enquire.set_weighting_scheme (weight);
	double m = enquire.get_mset (0, 0).get_max_possible ();
	m = m * 1.000001 + 1e-9;       /* rounding */
	std::vector<Xapian::Query> sub;
	sub.push_back (Xapian::Query (
	    Xapian::Query::OP_AND,
	    _cx_raised (db, weight, q.get_subquery (0)),
	    Xapian::Query ((new CxRaise (m))->release ())));
	sub.insert (sub.end (), opt.begin (), opt.end ());
	return Xapian::Query (Xapian::Query::OP_AND_MAYBE, sub.begin (),
			      sub.end ());
    }
    default:
	return q;
    }
}

/* How many documents a run of q asks for to weigh them all: as many as
 * the required side of its AND_MAYBE can match, or 0 past max. */
static Xapian::doccount
_cx_boost_bound (const Xapian::Database &db, const Xapian::Query &q,
		 Xapian::doccount max)
{
    switch (q.get_type ()) {
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
	return _cx_boost_bound (db, q.get_subquery (0), max);
    case Xapian::Query::OP_AND_MAYBE: {
	if (!max)
	    return 0;
	Xapian::Enquire enquire (db);
	enquire.set_query (q.get_subquery (0));
	Xapian::doccount n = enquire.get_mset (0, 0).get_matches_upper_bound ();
	return n <= max ? n : 0;
    }
    default:
	return 0;
    }
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
 * clock read (the vDSO's, tens of nanoseconds) every 16 candidates. */
class CxDeadline : public CxEvery {
    cx_search *search;
    unsigned moves = 0;

    /* The clock read every 16th candidate: at every one it was 12.5% of
     * cari-serve's time answering /api/suggest on 1,000,000 articles. */
    void
    moved () override
    {
	ended = current > last ||
		((++moves & 15) == 0 && _cx_past_deadline (search));
    }

  public:
    explicit CxDeadline (cx_search *s) : search (s) { }

    CxDeadline *clone () const override { return new CxDeadline (search); }

    void
    init (const Xapian::Database &db) override
    {
	CxEvery::init (db);
	ended = ended || _cx_past_deadline (search);
    }

    std::string get_description () const override { return "CxDeadline"; }
};


/* q with the deadline of search, when it has one (see CxDeadline); for
 * facets.cc too. */
extern "C++" {
Xapian::Query
_cx_deadlined (cx_search_t *search, const Xapian::Query &q)
{
    /* A remote shard cannot run cari's PostingSource (xapian-tcpsrv
     * knows none of it): its own timeout bounds it (remote.cc). */
    if (!search->has_deadline || q.empty () || search->db->shards)
	return q;
    return Xapian::Query (Xapian::Query::OP_FILTER, q,
			  Xapian::Query ((new CxDeadline (search))->release ()));
}
}

/* How many documents a query matches, and whether that is a count or
 * Xapian's estimate from its terms' frequencies. */

/* What mset says of the documents its query matches: exact when Xapian
 * looked at every one (its bounds meet). */
static _cx_count
_cx_mset_count (const Xapian::MSet &mset)
{
    return { mset.get_matches_estimated (),
	     mset.get_matches_lower_bound () ==
		 mset.get_matches_upper_bound (),
	     mset.get_uncollapsed_matches_estimated (),
	     mset.get_uncollapsed_matches_lower_bound () ==
		 mset.get_uncollapsed_matches_upper_bound () };
}

/* The count of q's documents that verify accepts (NULL: all): counted
 * when at most max can match, else Xapian's estimate from the terms'
 * frequencies.  Neither depends on how many hits a run asks for nor on
 * their order, as the estimate of a run does (it counts the documents the
 * run happened to look at: "about 2" for -n 1 and "about 1" for -n 10).
 * The count weighs nothing (BoolWeight): it only walks the postings. */
static _cx_count
_cx_count_of (cx_search_t *search, const Xapian::Query &q,
	      const Xapian::MatchDecider *verify, Xapian::doccount max)
{
    Xapian::Enquire enquire (*search->db->db);
    enquire.set_query (_cx_deadlined (search, q));
    enquire.set_weighting_scheme (Xapian::BoolWeight ());
    Xapian::MSet stats = enquire.get_mset (0, 0);
    Xapian::doccount upper = stats.get_matches_upper_bound ();
    _cx_count c = _cx_mset_count (stats);
    if ((c.exact && !verify) || upper == 0)
	return c;
    /* Xapian estimates a date range at 0 documents (and so a query under
     * one): 0 or few estimated, the documents are looked at up to max,
     * which are then a count, or at least max.  With nothing to return,
     * Xapian's matcher looks at every document it is asked to check (a
     * BoolWeight run stops there on a database of one part, else it goes
     * on to the end). */
    if (upper > max && c.n >= max)
	return { c.n, false };
    if (verify && _cx_db_has_remote (search->db)) {
	/* Checked here on the fetched documents (remote.cc). */
	Xapian::doccount n = std::min<Xapian::doccount> (
	    std::min (upper, max), CX_REMOTE_COUNT_MAX) + 1;
	_cx_checked_run run;
	_cx_checked_mset (enquire, n, 0, *verify, n, run);
	Xapian::doccount got = (Xapian::doccount) run.passed.size ();
	if (run.exhausted)
	    return { got, true };
	double share = run.mset.size () ? (double) got / run.mset.size () : 0;
	return { std::max<Xapian::doccount> (
		     got, (Xapian::doccount) (share *
					      run.mset.get_matches_estimated ())),
		 false };
    }
    Xapian::MSet m = enquire.get_mset (0, 0, std::min (upper, max) + 1, NULL,
				       verify);
    c = _cx_mset_count (m);
    if (!c.exact)
	c.n = std::max<Xapian::doccount> (c.n, max);
    return c;
}

/* The count of q's hits, from the run's own count c when it is exact.
 * For a run that collapses, a count of documents would be at least the
 * count of the collapsed hits, and no better than the run's own estimate
 * of them, which costs nothing more: that estimate (not exact) is kept
 * (counting again was a quarter of what collapsing cost, 59 of 238
 * million instructions over 200 of the latency queries). */
static _cx_count
_cx_count_hits (cx_search_t *search, const Xapian::Query &q,
		const Xapian::MatchDecider *verify, Xapian::doccount max,
		_cx_count c, bool ran)
{
    if (ran && c.exact)
	return c;
    if (ran && search->collapse_slot >= 0)
	return { c.n, false };
    c = _cx_count_of (search, q, verify, max);
    if (search->collapse_slot >= 0)
	c.exact = false;
    return c;
}

/* _cx_run_one's run on a database with remote shards, whose phrases are
 * checked here on the fetched hits (remote.cc): the ranks and weights are
 * those the database gives, less the documents that fail the check; the
 * count exact when every match was checked, else Xapian's estimate scaled
 * by the share that passed. */
static _cx_count
_cx_run_checked (cx_search_t *search, Xapian::Enquire &enquire,
		 unsigned offset, unsigned count, unsigned rank_base,
		 Xapian::doccount at_least, cx_hits_t *hits,
		 const Xapian::MatchDecider &verify)
{
    (void) search;
    _cx_checked_run run;
    _cx_checked_mset (enquire, offset + count, at_least, verify,
		      std::max<Xapian::doccount> (CX_REMOTE_CHECK_MAX,
						  offset + count), run);
    Xapian::doccount got = (Xapian::doccount) run.passed.size ();
    for (Xapian::doccount i = offset; i < got && i < offset + count; i++) {
	Xapian::MSetIterator m = run.mset[run.passed[i]];
	_cx_hits_add (hits, *m, rank_base + i, m.get_weight (), 0,
		      m.get_document ().get_data (), std::string (), 0);
    }
    if (run.exhausted)
	return { got, true, got, true };
    double share = run.mset.size () ? (double) got / run.mset.size () : 0;
    Xapian::doccount n = std::max<Xapian::doccount> (
	got, (Xapian::doccount) (share * run.mset.get_matches_estimated ()));
    return { n, false, n, false };
}

/* Run q for [offset, offset + count), appending its hits to hits with
 * ranks shifted by rank_base; returns Xapian's count of q, exact when the
 * run looked at every document q matches.  spy (facets.cc), when not
 * NULL, sees the documents the run looks at. */
static _cx_count
_cx_run_one (cx_search_t *search, const Xapian::Query &q, unsigned offset,
	     unsigned count, unsigned rank_base, cx_hits_t *hits,
	     const Xapian::MatchDecider *verify,
	     Xapian::MatchSpy *spy = NULL)
{
    if (search->recency && search->sort_slot < 0) {
	Xapian::doccount n;
	bool all = _cx_fresh_run (search, _cx_deadlined (search, q), offset,
				  count, rank_base, hits, verify, &n);
	return { n, all };
    }
    Xapian::Enquire enquire (*search->db->db);
    const double *p = search->bm25;
    Xapian::BM25Weight bm25 (p[0], p[1], p[2], p[3], p[4]);
    /* Every match weighed when the boosts' required side matches at most
     * weigh_all_max; past that the AND_MAYBEs raised (see CxRaise). */
    Xapian::doccount bound =
	count ? _cx_boost_bound (*search->db->db, q, search->weigh_all_max)
	      : 0;
    bool raise = count && !bound && !search->db->shards &&
		 search->sort_slot < 0;      /* by date nothing is pruned */
    enquire.set_query (_cx_deadlined (
	search, raise ? _cx_raised (*search->db->db, bm25, q) : q));
    enquire.set_weighting_scheme (bm25);
    if (search->sort_slot >= 0)
	enquire.set_sort_by_value_then_relevance (
	    (Xapian::valueno) search->sort_slot, true);
    else if (search->tie_slot >= 0)     /* equal weights by the slot */
	enquire.set_sort_by_relevance_then_value (
	    (Xapian::valueno) search->tie_slot, false);
    Xapian::doccount at_least =
	count ? std::max<Xapian::doccount> (offset + count, bound) : 0;
    _cx_count collapsed;
    if (search->collapse_slot >= 0 &&
	_cx_collapse_run (search, enquire, offset, count, rank_base, at_least,
			  hits, verify, spy, &collapsed))
	return collapsed;
    if (spy)
	enquire.add_matchspy (spy);
    if (search->collapse_slot >= 0)     /* a database of parts */
	enquire.set_collapse_key ((Xapian::valueno) search->collapse_slot);
    if (verify && _cx_db_has_remote (search->db))
	return _cx_run_checked (search, enquire, offset, count, rank_base,
				at_least, hits, *verify);
    Xapian::MSet mset = enquire.get_mset (offset, count, at_least, NULL,
					  verify);
    /* A remote shard's documents asked for at once, not one a hit. */
    if (search->db->shards)
	mset.fetch ();
    bool collapsing = search->collapse_slot >= 0;
    for (Xapian::MSetIterator m = mset.begin (); m != mset.end (); ++m)
	_cx_hits_add (hits, *m, rank_base + m.get_rank (), m.get_weight (), 0,
		      m.get_document ().get_data (),
		      collapsing ? m.get_collapse_key () : std::string (),
		      collapsing ? m.get_collapse_count () : 0);
    return _cx_mset_count (mset);
}

/* Counted up to this many that may match; past it, Xapian's estimate.
 * The documents with every word are counted up to CX_EXACT_MAX, which
 * their run mostly did already (see _cx_boost_bound); those with some, an
 * OR over long posting lists, up to CX_COUNT_SOME_MAX: counting up to
 * 20,000 cost 62% more instructions over 200 of the latency queries, up
 * to 5,000 9.9%, 2,000 2.4% (bench/README.md, issue 19).  With phrases to
 * check on the text, which is read for each, up to CX_COUNT_CHECKED_MAX. */
#define CX_COUNT_SOME_MAX 2000
#define CX_COUNT_CHECKED_MAX 200

/* What q matches, without what only weighs: each AND_MAYBE (the title
 * boosts) as its required side, a scaled query as itself.  For the side of
 * an AND_NOT, which gives no weight: libxapian 1.4.22 reads uninitialised
 * memory matching "any AND_NOT all" when all holds the boosts (valgrind;
 * fuzz-query's "date:2024 NOT ..202AND a" then counted fewer articles than
 * it returned, bench/README.md), and without them it has less to do. */
static Xapian::Query
_cx_required (const Xapian::Query &q)
{
    switch (q.get_type ()) {
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
	return _cx_required (q.get_subquery (0));
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT: {
	std::vector<Xapian::Query> sub;
	sub.push_back (_cx_required (q.get_subquery (0)));
	for (size_t i = 1; i < q.get_num_subqueries (); i++)
	    sub.push_back (q.get_subquery (i));
	return Xapian::Query (q.get_type (), sub.begin (), sub.end ());
    }
    default:
	return q;
    }
}

/* The hits of the single query any (the query has one tier) into hits. */
static void
_cx_run_single (cx_search_t *search, const Xapian::Query &any,
		unsigned offset, unsigned count, cx_hits_t *hits)
{
    std::unique_ptr<Xapian::MatchDecider> v;
    if (search->positional)
	v.reset (_cx_verifier_new (search, search->query,
				   { &search->query_not }));
    _cx_count c = _cx_run_one (search, any, offset, count, 0, hits, v.get (),
			       _cx_facets_spy (search));
    _cx_facets_finish (search, hits, any, v.get (), c.uncollapsed,
		       c.uncollapsed_exact && count);
    c = _cx_count_hits (search, any, v.get (), CX_EXACT_MAX, c, count > 0);
    hits->estimate = hits->estimate_all = c.n;
    hits->exact = hits->exact_all = c.exact;
}

/* The hits of the query of every word, all, then, ranked by relevance,
 * those of any with only some of them, into hits; sorted by date, only
 * the articles with every word, or, when there are none, those with some
 * (some_only).  The counts of both tiers. */
static void
_cx_run_tiers (cx_search_t *search, const Xapian::Query &any,
	       unsigned offset, unsigned count, cx_hits_t *hits)
{
    Xapian::Query all = _cx_filtered (search, _cx_expanded (
					  search, search->query_all));
    /* Phrases checked on the documents' text, when the query has any. */
    std::unique_ptr<Xapian::MatchDecider> v_all, v_any, v_some;
    if (search->positional) {
	v_all.reset (_cx_verifier_new (search, search->query_all,
				       { &search->query_all_not }));
	v_any.reset (_cx_verifier_new (search, search->query,
				       { &search->query_not }));
	v_some.reset (_cx_verifier_new (search, search->query,
					{ &search->query_not,
					  &search->query_all }));
    }
    _cx_count c_all = { 0, false };
    if (count)
	c_all = _cx_run_one (search, all, offset, count, 0, hits, v_all.get (),
			     _cx_facets_spy (search));
    _cx_count rode = c_all;
    c_all = _cx_count_hits (search, all, v_all.get (), CX_EXACT_MAX, c_all,
			    count > 0);
    unsigned got = (unsigned) hits->hits.size ();
    bool none_all = c_all.n == 0 && c_all.exact;
    /* The facets are of the articles the hits are of: with every word,
     * or, when none has them all, with some. */
    if (none_all)
	_cx_facets_finish (search, hits, any, v_any.get (), 0, false);
    else
	_cx_facets_finish (search, hits, all, v_all.get (), rode.uncollapsed,
			   rode.uncollapsed_exact);
    if (count && search->sort_slot >= 0 && none_all) {
	/* Newest first: the articles with every word; with none, those
	 * with some, and say so. */
	_cx_run_one (search, any, offset, count, 0, hits, v_any.get ());
    } else if (count && search->sort_slot < 0 && got < count) {
	/* Fewer than offset + count match all: c_all is exact.  With
	 * phrases to check, the database cannot tell which documents of
	 * all had them: the verifier leaves those out instead. */
	unsigned rest_offset = offset > c_all.n ? offset - c_all.n : 0;
	Xapian::Query some = search->positional ? any
	    : Xapian::Query (Xapian::Query::OP_AND_NOT, any,
			     _cx_required (all));
	_cx_run_one (search, some, rest_offset, count - got,
		     (unsigned) c_all.n, hits, v_some.get ());
    }
    hits->some_only = none_all && !hits->hits.empty ();
    _cx_count c_any = _cx_count_hits (search, any, v_any.get (),
				      v_any ? CX_COUNT_CHECKED_MAX
					    : CX_COUNT_SOME_MAX, c_all, false);
    hits->estimate_all = c_all.n;
    hits->exact_all = c_all.exact;
    hits->estimate = std::max<unsigned long> (c_any.n, c_all.n);
    hits->exact = c_any.exact;
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
	Xapian::Query any = _cx_filtered (search, _cx_expanded (
					      search, search->query));
	for (int attempt = 0;; attempt++) {
	    hits = new cx_hits ();
	    try {
		if (search->query_all.empty ())
		    _cx_run_single (search, any, offset, count, hits);
		else
		    _cx_run_tiers (search, any, offset, count, hits);
		break;
	    } catch (const Xapian::NetworkError &) {
		/* A remote shard was lost: connect to each again, once. */
		delete hits;
		hits = NULL;
		if (attempt || !_cx_shards_reconnect (search->db))
		    throw;
		search->parser.set_database (*search->db->db);
	    }
	}
	hits->partial = search->timed_out;
	/* Pointers into data are taken only once it stops growing. */
	for (size_t i = 0; i < hits->hits.size (); i++) {
	    hits->hits[i].data = hits->data[i].c_str ();
	    hits->hits[i].data_len = hits->data[i].size ();
	    hits->hits[i].collapse_key = hits->keys[i].c_str ();
	    hits->hits[i].collapse_key_len = hits->keys[i].size ();
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
cx_hits_exact (const cx_hits_t *hits, int all)
{
    return hits && (all ? hits->exact_all : hits->exact);
}

int
cx_hits_some_only (const cx_hits_t *hits)
{
    return hits && hits->some_only;
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

} /* extern "C" */
