/* facets.cc - the values of slots counted over the matches of a search
 *
 * A match spy rides the run that looks at every document of the query
 * (the run of every word does, up to 20,000: see _cx_boost_bound in
 * search.cc); when that run did not, a run of its own counts them, with
 * no weights, up to CX_FACET_MAX.  The spy knows how many documents it
 * saw, so a count is exact only when that is the number the query
 * matches.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace {

struct FacetDef {
    Xapian::valueno slot;
    size_t prefix;              /* 0: the whole value */
    bool pieces;                /* split on NUL */
};

typedef std::unordered_map<std::string, Xapian::doccount> Counts;

/* A database that gives no revision (see _cx_facets_revision). */
#define CX_FACET_NO_REVISION (~0ULL - 1)

} /* namespace */

/* The values of one slot, read once for a revision of the database: each
 * document's value as a number, its index in names plus 1 (0: none).
 * Reading a value from Xapian's value stream cost the spy ~1,400
 * instructions a document (skip_to scans its chunk), more than the
 * search itself on queries of many matches; a look-up here costs a few.
 * 4 bytes a document a slot (the date's and the source's: 8).  Only for a
 * database of one part: of several (a generation and its delta), Xapian
 * 1.4 gives a spy the document's id within its part, and which part is
 * not said; the spy then asks the document for its values. */
struct SlotValues {
    Xapian::valueno slot;
    std::vector<uint32_t> ids;          /* by docid; empty: not read */
    std::vector<std::string> names;
    std::unordered_map<std::string, uint32_t> number;   /* of names */

    uint32_t
    intern (const std::string &v)
    {
	auto got = number.emplace (v, (uint32_t) names.size ());
	if (got.second)
	    names.push_back (v);
	return got.first->second;
    }
};

/* What a search counts, and the counts of its last run. */
struct _cx_facet_spy : public Xapian::MatchSpy {
    std::vector<FacetDef> defs;
    std::vector<Counts> counts;
    Xapian::doccount seen = 0;
    /* The slots to read (year and month share the date's), with the
     * facets of each: only the slots the database holds values in (an
     * index without tags reads no tags). */
    std::vector<SlotValues> slots;
    std::vector<std::vector<size_t>> facets_of;
    /* The documents of each value of each slot, by number. */
    std::vector<std::vector<Xapian::doccount>> raw;
    /* What the slots were read from: a revision, its documents. */
    unsigned long long revision = ~0ULL;
    Xapian::docid lastdocid = 0;
    Xapian::doccount doccount = 0;

    /* Read the slots of db anew when it changed (rev: cx_db_revision),
     * and start the counts from nothing. */
    void
    reset (const Xapian::Database &db, unsigned long long rev)
    {
	seen = 0;
	counts.assign (defs.size (), Counts ());
	if (rev == CX_FACET_NO_REVISION || rev != revision ||
	    db.get_lastdocid () != lastdocid ||
	    db.get_doccount () != doccount)
	    read (db, rev);
	raw.resize (slots.size ());
	for (size_t k = 0; k < slots.size (); k++)
	    raw[k].assign (slots[k].names.size (), 0);
    }

    void
    read (const Xapian::Database &db, unsigned long long rev)
    {
	slots.clear ();
	facets_of.clear ();
	revision = ~0ULL;
	lastdocid = db.get_lastdocid ();
	doccount = db.get_doccount ();
	for (size_t i = 0; i < defs.size (); i++) {
	    size_t k = 0;
	    while (k < slots.size () && slots[k].slot != defs[i].slot)
		k++;
	    if (k == slots.size ()) {
		if (!db.get_value_freq (defs[i].slot))
		    continue;
		slots.push_back (SlotValues ());
		facets_of.emplace_back ();
		read_slot (db, defs[i].slot, slots.back ());
	    }
	    facets_of[k].push_back (i);
	}
	revision = rev;
    }

    void
    read_slot (const Xapian::Database &db, Xapian::valueno slot,
	       SlotValues &sv)
    {
	sv.slot = slot;
	if (db.size () != 1)
	    return;
	sv.ids.assign ((size_t) lastdocid + 1, 0);
	for (Xapian::ValueIterator it = db.valuestream_begin (slot);
	     it != db.valuestream_end (slot); ++it) {
	    Xapian::docid did = it.get_docid ();
	    if (did >= sv.ids.size ())
		sv.ids.resize ((size_t) did + 1, 0);
	    sv.ids[did] = sv.intern (*it) + 1;
	}
    }

    void
    operator() (const Xapian::Document &doc, double) override
    {
	seen++;
	Xapian::docid did = doc.get_docid ();
	for (size_t k = 0; k < slots.size (); k++) {
	    SlotValues &sv = slots[k];
	    if (!sv.ids.empty ()) {
		if (did < sv.ids.size () && sv.ids[did])
		    ++raw[k][sv.ids[did] - 1];
		continue;
	    }
	    const std::string v = doc.get_value (sv.slot);
	    if (v.empty ())
		continue;
	    uint32_t id = sv.intern (v);
	    if (id >= raw[k].size ())
		raw[k].resize ((size_t) id + 1, 0);
	    ++raw[k][id];
	}
    }

    /* The counts of each facet, from those of the values. */
    void
    tally ()
    {
	for (size_t k = 0; k < slots.size (); k++)
	    for (size_t id = 0; id < raw[k].size (); id++) {
		Xapian::doccount n = raw[k][id];
		const std::string &v = slots[k].names[id];
		if (!n || v.empty ())
		    continue;
		for (size_t i : facets_of[k]) {
		    const FacetDef &d = defs[i];
		    if (d.prefix) {
			if (v.size () >= d.prefix)
			    counts[i][v.substr (0, d.prefix)] += n;
		    } else if (!d.pieces) {
			counts[i][v] += n;
		    } else {
			count_pieces (v, counts[i], n);
		    }
		}
	    }
    }

    /* Each distinct piece of v, n more documents. */
    static void
    count_pieces (const std::string &v, Counts &c, Xapian::doccount n)
    {
	std::vector<std::string> seen_here;
	size_t at = 0;
	while (at < v.size ()) {
	    size_t end = v.find ('\0', at);
	    if (end == std::string::npos)
		end = v.size ();
	    if (end > at) {
		std::string p (v, at, end - at);
		if (std::find (seen_here.begin (), seen_here.end (), p) ==
		    seen_here.end ()) {
		    c[p] += n;
		    seen_here.push_back (p);
		}
	    }
	    at = end + 1;
	}
    }

    std::string get_description () const override { return "CxFacetSpy"; }
};

/* The counts a run gives its hits, most documents first. */
struct _cx_facet_counts {
    std::vector<std::vector<std::pair<std::string, Xapian::doccount>>> lists;
    bool exact = false;
    Xapian::doccount counted = 0;
};

/* The revision the spy's values are of (see cx_db_revision). */
static unsigned long long
_cx_facets_revision (cx_search *search)
{
    unsigned long long rev = 0;
    if (search->db->parts.empty ()) {
	try {
	    return search->db->db->get_revision ();
	} catch (const Xapian::InvalidOperationError &) {
	    return CX_FACET_NO_REVISION;    /* a writer's generation and
					     * delta: read them every run */
	}
    }
    for (const Xapian::Database &p : search->db->parts)
	rev += p.get_revision ();
    return rev;
}

Xapian::MatchSpy *
_cx_facets_spy (cx_search *search)
{
    if (!search->facets)
	return NULL;
    search->facets->reset (*search->db->db, _cx_facets_revision (search));
    return search->facets.get ();
}

void
_cx_facets_finish (cx_search *search, cx_hits *hits, const Xapian::Query &q,
		   const Xapian::MatchDecider *verify, Xapian::doccount n,
		   bool exact)
{
    _cx_facet_spy *spy = search->facets.get ();
    if (!spy)
	return;
    bool done = exact && spy->seen == n && !search->timed_out;
    if (!done) {
	spy->reset (*search->db->db, _cx_facets_revision (search));
	Xapian::Enquire enquire (*search->db->db);
	enquire.set_query (_cx_deadlined (search, q));
	enquire.set_weighting_scheme (Xapian::BoolWeight ());
	enquire.add_matchspy (spy);
	Xapian::MSet m = enquire.get_mset (0, 0, CX_FACET_MAX, NULL, verify);
	done = m.get_matches_lower_bound () == m.get_matches_upper_bound () &&
	       spy->seen == m.get_matches_lower_bound () &&
	       !search->timed_out;
    }
    std::shared_ptr<_cx_facet_counts> out =
	std::make_shared<_cx_facet_counts> ();
    out->exact = done;
    out->counted = spy->seen;
    spy->tally ();
    typedef std::pair<std::string, Xapian::doccount> Entry;
    for (const Counts &c : spy->counts) {
	std::vector<Entry> list (c.begin (), c.end ());
	std::sort (list.begin (), list.end (),
		   [] (const Entry &a, const Entry &b) {
		       return a.second != b.second ? a.second > b.second
						   : a.first < b.first;
		   });
	out->lists.push_back (std::move (list));
    }
    hits->facets = out;
}

extern "C" {

cx_status_t
cx_search_add_facet (cx_search_t *search, unsigned slot, size_t prefix,
		     int pieces)
{
    if (!search || (prefix && pieces))
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	if (!search->facets)
	    search->facets = std::make_shared<_cx_facet_spy> ();
	for (const FacetDef &d : search->facets->defs)
	    if (d.slot == slot && d.prefix == prefix &&
		d.pieces == (pieces != 0))
		return CX_STATUS_SUCCESS;   /* counted already */
	search->facets->defs.push_back ({ slot, prefix, pieces != 0 });
	return CX_STATUS_SUCCESS;
    } catch (...) {
	return _cx_db_fail (search->db);
    }
}

void
cx_search_clear_facets (cx_search_t *search)
{
    if (search)
	search->facets.reset ();
}

cx_status_t
cx_hits_facet_values (const cx_hits_t *hits, size_t i, cx_facet_func_t func,
		      void *ctx)
{
    if (!hits || !func || !hits->facets || i >= hits->facets->lists.size ())
	return CX_STATUS_ILLEGAL_ARGUMENT;
    for (const auto &e : hits->facets->lists[i])
	if (func (ctx, e.first.data (), e.first.size (), e.second))
	    break;
    return CX_STATUS_SUCCESS;
}

int
cx_hits_facets_exact (const cx_hits_t *hits)
{
    return hits && hits->facets && hits->facets->exact;
}

unsigned long
cx_hits_facets_counted (const cx_hits_t *hits)
{
    return hits && hits->facets ? hits->facets->counted : 0;
}

} /* extern "C" */
