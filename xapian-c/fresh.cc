/* fresh.cc - hits ranked by relevance mixed with a value's recency, exactly
 *
 * The key of a document is log2 (its weight) + recency (its value in a
 * slot), recency being the caller's function (cx_search_set_recency): with
 * recency = -age / half-life, the weight halves every half-life.  A sum of
 * a log and the value's term is no sum of term weights, so no Xapian
 * Weight, KeyMaker (it sees no weight) or PostingSource (it adds to the
 * weight: BM25 + recency, not BM25 times the decay) ranks by it.  Instead
 * the match runs over every document with a MatchSpy that keeps the best k
 * keys in a heap, and a PostingSource ANDed with the query as a filter
 * that rejects, before they are weighed, the documents whose best possible
 * key (the query's maximum weight, Xapian's get_max_possible, with their
 * own recency) cannot reach the k-th best key found so far: nothing that
 * could rank is skipped, so the top k are those of the whole match.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

/* A candidate hit: its key, its value (ties: the greater value first, then
 * the lower docid) and its weight. */
struct FreshCand {
    double key;
    std::string value;
    Xapian::docid did;
    double wt;
};

/* Whether a ranks before b. */
bool
fresh_better (const FreshCand &a, const FreshCand &b)
{
    if (a.key != b.key)
	return a.key > b.key;
    if (a.value != b.value)
	return a.value > b.value;
    return a.did < b.did;
}

/* What the spy and the bound share during one run. */
struct FreshState {
    const cx_search *search;
    size_t k;                       /* how many to keep */
    std::vector<FreshCand> heap;    /* the worst kept in front */
    double log_wmax;                /* log2 of the query's maximum weight */
    double floor;                   /* the k-th key found, less a margin;
				     * -inf until k are kept */
    /* Phrases to check on the text, or NULL: only for the documents that
     * would enter the heap (reading every match's text cost most of a
     * fresh search of a headline in quotes). */
    const Xapian::MatchDecider *verify = NULL;
    Xapian::doccount seen = 0;      /* documents the spy was given */
    Xapian::doccount skipped = 0;   /* rejected by the bound */
    /* The spy is given a document by its docid in its database of a
     * combined one: the bound, which each candidate passes last, says
     * which database that is. */
    size_t n_shards = 1, shard = 0, inits = 0;
    /* The last document the bound looked at, by its docid in its
     * database, with its value and recency: the spy, given that document
     * next, reads neither again. */
    Xapian::docid bound_did = 0;
    std::string bound_value;
    double bound_recency = 0;
    std::vector<std::string> uuids; /* of the databases, in order */

    /* The last value asked about and its recency: articles indexed one
     * after another often share a day. */
    std::string memo_value;
    double memo_recency = 0;
    bool memo_set = false;

    double
    recency (const std::string &v)
    {
	if (!memo_set || v != memo_value) {
	    memo_recency = search->recency (search->recency_ctx, v.data (),
					    v.size ());
	    memo_value = v;
	    memo_set = true;
	}
	return memo_recency;
    }
};

/* Every document the heap may still take: one whose best possible key,
 * log_wmax + its recency, reaches the floor.  It claims every document
 * (its estimate is the database's size), so the query's other side drives
 * the AND and this one is checked on each of its candidates.  Xapian
 * clones it for each database of a combined one: docids are local there,
 * and so is the value stream read. */
class CxFreshBound : public Xapian::PostingSource {
    FreshState *state;
    Xapian::Database db;
    Xapian::ValueIterator vi;
    Xapian::docid current = 0, last = 0;
    Xapian::doccount count = 0;
    size_t shard = 0;

    bool
    accepts (Xapian::docid did)
    {
	state->shard = shard;
	std::string &v = state->bound_value;
	v.clear ();
	if (vi != db.valuestream_end (state->search->recency_slot)) {
	    vi.skip_to (did);
	    if (vi != db.valuestream_end (state->search->recency_slot) &&
		vi.get_docid () == did)
		v = *vi;
	}
	state->bound_did = did;
	state->bound_recency = state->recency (v);
	if (state->log_wmax + state->bound_recency >= state->floor)
	    return true;
	state->bound_did = 0;
	state->skipped++;
	return false;
    }

    void
    move (Xapian::docid did)
    {
	for (current = did; current <= last && !accepts (current); current++)
	    ;
    }

  public:
    explicit CxFreshBound (FreshState *s) : state (s) { }

    CxFreshBound *clone () const override { return new CxFreshBound (state); }

    void
    init (const Xapian::Database &d) override
    {
	db = d;
	/* Xapian builds the databases' postings in order: by the order of
	 * the calls, unless the database's UUID says otherwise. */
	shard = state->inits++ % state->n_shards;
	if (state->n_shards > 1) {
	    std::string u = db.get_uuid ();
	    for (size_t i = 0; i < state->uuids.size (); i++)
		if (!u.empty () && state->uuids[i] == u)
		    shard = i;
	}
	vi = db.valuestream_begin (state->search->recency_slot);
	count = db.get_doccount ();
	last = count ? db.get_lastdocid () : 0;
	current = 0;
    }

    Xapian::doccount get_termfreq_min () const override { return 0; }
    Xapian::doccount get_termfreq_est () const override { return count; }
    Xapian::doccount get_termfreq_max () const override { return count; }
    void next (double) override { move (current + 1); }

    void
    skip_to (Xapian::docid did, double) override
    {
	if (did > current)
	    move (did);
    }

    bool
    check (Xapian::docid did, double) override
    {
	current = did;
	return did <= last && accepts (did);    /* else next () goes on
						 * after did */
    }

    bool at_end () const override { return current > last; }
    Xapian::docid get_docid () const override { return current; }
    std::string get_description () const override { return "CxFreshBound"; }
};

/* Keeps the best k candidates of the documents that match. */
class CxFreshSpy : public Xapian::MatchSpy {
    FreshState *state;

  public:
    explicit CxFreshSpy (FreshState *s) : state (s) { }

    void
    operator() (const Xapian::Document &doc, double wt) override
    {
	FreshState &s = *state;
	FreshCand c;
	double recency;
	if (s.bound_did && s.bound_did == doc.get_docid ()) {
	    c.value = s.bound_value;
	    recency = s.bound_recency;
	} else {
	    c.value = doc.get_value (s.search->recency_slot);
	    recency = s.recency (c.value);
	}
	c.wt = wt;
	c.key = (wt > 0 ? std::log2 (wt)
		 : -std::numeric_limits<double>::infinity ()) + recency;
	c.did = (doc.get_docid () - 1) * (Xapian::docid) s.n_shards +
		(Xapian::docid) s.shard + 1;
	s.seen++;
	bool full = s.heap.size () == s.k;
	if (full && !fresh_better (c, s.heap.front ()))
	    return;
	if (s.verify && !(*s.verify) (doc))
	    return;
	if (full) {
	    std::pop_heap (s.heap.begin (), s.heap.end (), fresh_better);
	    s.heap.back () = std::move (c);
	} else {
	    s.heap.push_back (std::move (c));
	}
	std::push_heap (s.heap.begin (), s.heap.end (), fresh_better);
	/* A key equal to the k-th may still rank first on the tie: the
	 * margin keeps such documents, and rounding, in. */
	if (s.heap.size () == s.k)
	    s.floor = s.heap.front ().key - 1e-9;
    }
};

} /* namespace */

bool
_cx_fresh_run (cx_search *search, const Xapian::Query &q, unsigned offset,
	       unsigned count, unsigned rank_base, cx_hits *hits,
	       const Xapian::MatchDecider *verify, Xapian::doccount *n)
{
    const Xapian::Database &db = *search->db->db;
    const double *p = search->bm25;
    const Xapian::BM25Weight bm25 (p[0], p[1], p[2], p[3], p[4]);
    FreshState state;

    *n = 0;
    if (!count || q.empty ())
	return false;
    state.search = search;
    state.k = (size_t) offset + count;
    state.verify = verify;
    state.floor = -std::numeric_limits<double>::infinity ();
    state.n_shards = std::max<size_t> (db.size (), 1);
    if (state.n_shards > 1) {
	std::string all = db.get_uuid ();
	for (size_t at = 0, colon; at <= all.size (); at = colon + 1) {
	    colon = all.find (':', at);
	    if (colon == std::string::npos)
		colon = all.size ();
	    state.uuids.push_back (all.substr (at, colon - at));
	}
	if (state.uuids.size () != state.n_shards)
	    state.uuids.clear ();
    }
    {
	Xapian::Enquire probe (db);
	probe.set_query (q);
	probe.set_weighting_scheme (bm25);
	double wmax = probe.get_mset (0, 0).get_max_possible ();
	state.log_wmax = (wmax > 0 ? std::log2 (wmax)
			  : -std::numeric_limits<double>::infinity ()) + 1e-9;
    }
    CxFreshSpy spy (&state);
    {
	Xapian::Enquire enquire (db);
	Xapian::Query bound ((new CxFreshBound (&state))->release ());
	enquire.set_query (Xapian::Query (Xapian::Query::OP_FILTER, q, bound));
	enquire.set_weighting_scheme (bm25);
	enquire.add_matchspy (&spy);
	/* Nothing asked for but every document looked at: the matcher then
	 * never raises its minimum weight, and prunes nothing (nor turns
	 * the title boosts' AND_MAYBE into an AND, see search.cc). */
	enquire.get_mset (0, 0, db.get_doccount ());
    }
    std::sort (state.heap.begin (), state.heap.end (), fresh_better);
    for (size_t i = offset; i < state.heap.size (); i++) {
	const FreshCand &c = state.heap[i];
	_cx_hits_add (hits, c.did, rank_base + (unsigned) i, c.wt, c.key,
		      db.get_document (c.did).get_data (),
		      std::string (), 0);   /* a fresh run does not collapse */
    }
    *n = state.seen;
    /* With phrases to check, the documents seen are not all matches. */
    return state.skipped == 0 && !verify && !search->timed_out;
}

extern "C" {

cx_status_t
cx_search_set_recency (cx_search_t *search, unsigned slot,
		       cx_recency_func_t func, void *ctx)
{
    if (!search)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    search->recency_slot = slot;
    search->recency = func;
    search->recency_ctx = ctx;
    return CX_STATUS_SUCCESS;
}

} /* extern "C" */
