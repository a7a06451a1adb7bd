/* collapse.cc - one hit for each value of a slot, from a table of the slot
 *
 * Xapian's Enquire::set_collapse_key reads the key of every document it
 * weighs.  A run that looks at all its matches (the title boosts make
 * most runs do, up to 20,000: _cx_boost_bound in search.cc) then reads
 * thousands of keys, each an article's id of some 20 bytes: collapsing
 * cost 12.6% more instructions over 200 latency queries, the slowest
 * twice their time.  Here the slot is read once for each revision of the
 * database into a table (a number a document, as the facets' spy reads
 * its slots), the run ranks without collapsing, a match spy counts the
 * distinct groups of every document it is given (the collapsed count,
 * exact when it saw every match), and the hits are the first of each
 * group in a window of the ranking, widened until it holds the page.
 * Only for a database of one part: of several, Xapian 1.4 gives a spy a
 * document's id within its part, so search.cc collapses as before.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "binding.h"

#include <cstdint>
#include <functional>
#include <unordered_map>

/* The slot's values: each document's group as a number (its index in
 * names plus 1; 0: no value), read for one revision. */
struct _cx_group_table {
    Xapian::valueno slot = Xapian::BAD_VALUENO;
    unsigned long long revision = ~0ULL;
    Xapian::docid lastdocid = 0;
    Xapian::doccount doccount = 0;
    std::vector<uint32_t> ids;
    std::vector<std::string> names;
    /* Marks of the groups a run's spy has seen: stamp[g] == run. */
    std::vector<uint32_t> stamp;
    uint32_t run = 0;
};

namespace {

class CxGroupSpy : public Xapian::MatchSpy {
    _cx_group_table &t;

  public:
    Xapian::doccount seen = 0, distinct = 0;

    explicit CxGroupSpy (_cx_group_table &table) : t (table)
    {
	if (++t.run == 0) {             /* wrapped: clear the marks */
	    std::fill (t.stamp.begin (), t.stamp.end (), 0);
	    t.run = 1;
	}
    }

    void
    operator() (const Xapian::Document &doc, double) override
    {
	seen++;
	Xapian::docid did = doc.get_docid ();
	uint32_t g = did < t.ids.size () ? t.ids[did] : 0;
	if (!g) {
	    distinct++;                 /* no group: a hit of its own */
	    return;
	}
	if (t.stamp[g] != t.run) {
	    t.stamp[g] = t.run;
	    distinct++;
	}
    }

    std::string get_description () const override { return "CxGroupSpy"; }
};

} /* namespace */

/* The table of search's collapse slot, read again when the database
 * changed; NULL when the database has several parts. */
static _cx_group_table *
_cx_groups (cx_search_t *search)
{
    if (!search->db->parts.empty () || search->db->shards)
	return NULL;
    const Xapian::Database &db = *search->db->db;
    unsigned long long rev;
    try {
	rev = db.get_revision ();
    } catch (const Xapian::InvalidOperationError &) {
	return NULL;                    /* a writer's: no revision */
    }
    if (!search->groups)
	search->groups = std::make_shared<_cx_group_table> ();
    _cx_group_table &t = *search->groups;
    Xapian::valueno slot = (Xapian::valueno) search->collapse_slot;
    if (t.slot == slot && t.revision == rev &&
	t.lastdocid == db.get_lastdocid () && t.doccount == db.get_doccount ())
	return &t;
    t = _cx_group_table ();
    t.slot = slot;
    t.lastdocid = db.get_lastdocid ();
    t.doccount = db.get_doccount ();
    t.ids.assign ((size_t) t.lastdocid + 1, 0);
    /* Each value's group by open addressing on its hash (the group
     * number, 0 empty), the value itself compared: nearly a group a
     * document, and std::unordered_map's node a value (its hashing,
     * allocation and freeing) took 0.76 s of a cari-serve thread's first
     * collapsed search on 1,000,000 articles (0.57 s reserved at once);
     * this takes 0.30 s. */
    size_t size = 16;
    while (size < 2 * (size_t) t.doccount)
	size *= 2;
    std::vector<uint32_t> slots (size, 0);
    std::hash<std::string> hash;
    for (Xapian::ValueIterator it = db.valuestream_begin (slot);
	 it != db.valuestream_end (slot); ++it) {
	Xapian::docid did = it.get_docid ();
	if (did >= t.ids.size ())
	    t.ids.resize ((size_t) did + 1, 0);
	const std::string value = *it;
	size_t i = hash (value) & (size - 1);
	while (slots[i] && t.names[slots[i] - 1] != value)
	    i = (i + 1) & (size - 1);
	if (!slots[i]) {
	    if (2 * (t.names.size () + 1) > size)
		continue;   /* more values than documents: ungrouped */
	    t.names.push_back (value);
	    slots[i] = (uint32_t) t.names.size ();
	}
	t.ids[did] = slots[i];
    }
    t.stamp.assign (t.names.size () + 1, 0);
    t.revision = rev;
    return &t;
}

bool
_cx_collapse_run (cx_search_t *search, Xapian::Enquire &enquire,
		  unsigned offset, unsigned count, unsigned rank_base,
		  Xapian::doccount check_at_least, cx_hits_t *hits,
		  const Xapian::MatchDecider *verify, Xapian::MatchSpy *spy,
		  _cx_count *out)
{
    _cx_group_table *t = _cx_groups (search);
    if (!t)
	return false;
    Xapian::doccount need = (Xapian::doccount) offset + count;
    Xapian::doccount want = need ? need + 2 : 0;
    for (;;) {
	CxGroupSpy groups (*t);
	enquire.clear_matchspies ();
	if (spy)
	    enquire.add_matchspy (_cx_facets_spy (search));
	enquire.add_matchspy (&groups);
	Xapian::MSet mset = enquire.get_mset (
	    0, want, std::max (want, check_at_least), NULL, verify);
	/* The first of each group, in rank order; the later ones counted
	 * against it (those in the window: a lower bound, as Xapian's). */
	std::unordered_map<uint32_t, size_t> first;
	std::vector<Xapian::MSetIterator> picked;
	std::vector<unsigned long> dropped;
	for (Xapian::MSetIterator m = mset.begin (); m != mset.end (); ++m) {
	    Xapian::docid did = *m;
	    uint32_t g = did < t->ids.size () ? t->ids[did] : 0;
	    if (g) {
		auto got = first.emplace (g, picked.size ());
		if (!got.second) {
		    dropped[got.first->second]++;
		    continue;
		}
	    }
	    picked.push_back (m);
	    dropped.push_back (0);
	}
	if (picked.size () < need && mset.size () == want &&
	    want < mset.get_matches_upper_bound ()) {
	    want = want * 2 + need;     /* copies filled the window: widen */
	    continue;
	}
	for (size_t i = offset; i < picked.size () && i < need; i++) {
	    const Xapian::MSetIterator &m = picked[i];
	    Xapian::docid did = *m;
	    uint32_t g = did < t->ids.size () ? t->ids[did] : 0;
	    _cx_hits_add (hits, did, rank_base + (unsigned) i, m.get_weight (),
			  0, m.get_document ().get_data (),
			  g ? t->names[g - 1] : std::string (), dropped[i]);
	}
	bool all = mset.get_matches_lower_bound () ==
		   mset.get_matches_upper_bound ();
	Xapian::doccount n = mset.get_matches_estimated ();
	out->uncollapsed = n;
	out->uncollapsed_exact = all;
	if (all && groups.seen == n) {
	    out->n = groups.distinct;   /* every match seen: exact */
	    out->exact = true;
	} else {
	    out->n = n;                 /* the articles: at least as many */
	    out->exact = false;
	}
	enquire.clear_matchspies ();
	return true;
    }
}
