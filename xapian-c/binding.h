/* binding.h - private to xapian-c/: the handles' structs and the helpers its files share
 *
 * Every exported function catches every exception and turns it into a
 * cx_status_t, with detail stored on the database handle.  Callbacks into C
 * (the stemmer) cannot throw, so nothing unwinds through C frames.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#ifndef CARI_XAPIAN_C_BINDING_H
#define CARI_XAPIAN_C_BINDING_H

#include "xapian-c.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <memory>
#include <new>
#include <string>
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
    /* Remote shards read with parts (remote.cc), or NULL: parts then
     * holds the local ones only, and db all that are up. */
    std::shared_ptr<struct _cx_shards> shards;
};

/* Buffered spelling words are written at a commit once there are this many
 * additions, or by cx_db_flush_spelling(). */
#define CX_SPELLING_BUFFER 2000000

struct cx_doc {
    Xapian::Document doc;
};

struct cx_query {
    Xapian::Query q;
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
    unsigned weigh_all_max;     /* see cx_search_set_weigh_all */
    cx_stem_func_t stem_func;           /* NULL: no stemming */
    void *stem_ctx;
    cx_term_rule_t term_rule;           /* NULL: terms as parsed */
    void *term_rule_ctx;
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
    int collapse_slot = -1;             /* see cx_search_set_collapse */
    int tie_slot = -1;                  /* see cx_search_set_tiebreak */
    /* The facets each run counts (facets.cc), or none. */
    std::shared_ptr<struct _cx_facet_spy> facets;
    /* The collapse slot's values, read once a revision (collapse.cc). */
    std::shared_ptr<struct _cx_group_table> groups;
    /* See cx_search_set_recency (fresh.cc): NULL, by weight. */
    cx_recency_func_t recency = NULL;
    void *recency_ctx = NULL;
    unsigned recency_slot = 0;
};

struct cx_hits {
    std::vector<cx_hit_t> hits;
    std::vector<std::string> data;
    std::vector<std::string> keys;  /* the collapse keys of the hits */
    unsigned long estimate = 0;
    unsigned long estimate_all = 0; /* of those holding every word */
    bool exact = false, exact_all = false;  /* counted, not estimated */
    bool some_only = false;         /* no article holds every word */
    bool partial = false;           /* a run stopped at the deadline */
    std::shared_ptr<struct _cx_facet_counts> facets;    /* facets.cc */
};

/* The terms that count as term t of a parsed query where the index may
 * hold t under another (the search's term rule, cx_search_set_term_rule),
 * appended to alts; with checked_only, only those the positions checker
 * takes for t too.  Returns whether t is a stem term (see cx_term_rule_t).
 * Throws std::bad_alloc when it cannot keep them. */
bool
_cx_term_alts (const cx_search *search, const std::string &t,
	       std::vector<std::string> &alts, bool checked_only);

/* Map the exception being handled to a status and record its detail on db
 * (which may be NULL, for errors before a handle exists).  Must be called
 * from inside a catch block: it rethrows to look at the type. */
static inline cx_status_t
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
static inline cx_status_t
_cx_db_fail (cx_db_t *db)
{
    return _cx_status_from_exception (db ? &db->error : NULL);
}

static inline cx_status_t
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

static inline char *
_cx_strndup (const char *s, size_t len)
{
    char *copy = (char *) malloc (len + 1);
    if (copy) {
	memcpy (copy, s, len);
	copy[len] = '\0';
    }
    return copy;
}

/* Give the buffered spelling words to Xapian (part of the next commit). */
static inline void
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

/* q with the deadline of search, when it has one (search.cc). */
Xapian::Query
_cx_deadlined (cx_search *search, const Xapian::Query &q);

/* Append a hit to hits (search.cc): its document's data and its collapse
 * key ("" when not collapsing) kept in hits, pointed at by cx_search_run
 * once they stop growing.  Throws std::bad_alloc. */
void
_cx_hits_add (cx_hits *hits, Xapian::docid did, unsigned rank, double weight,
	      double key, std::string data, std::string collapse_key,
	      unsigned long collapse_count);

/* What a run says of the documents its query matches (search.cc):
 * exact when Xapian looked at every one (its bounds meet). */
struct _cx_count {
    Xapian::doccount n;
    bool exact;
    /* The documents matched before collapsing (the same as n without),
     * and whether every one was looked at: what a match spy saw. */
    Xapian::doccount uncollapsed = 0;
    bool uncollapsed_exact = false;
};

/* Collapsing (collapse.cc): run enquire (its query, weights and order
 * set; no spy, no collapse key) for hits [offset, offset + count) of
 * search's collapse slot, the first of each group, appended to hits with
 * ranks from rank_base; spy, when not NULL (the facets'), sees the run.
 * Returns false, having run nothing, when the database has several parts
 * (then collapse with Xapian's collapse key); else true with *out the
 * collapsed count (exact when the run saw every match) and the
 * uncollapsed one. */
bool
_cx_collapse_run (cx_search_t *search, Xapian::Enquire &enquire,
		  unsigned offset, unsigned count, unsigned rank_base,
		  Xapian::doccount check_at_least, cx_hits_t *hits,
		  const Xapian::MatchDecider *verify, Xapian::MatchSpy *spy,
		  _cx_count *out);

/* Facets (facets.cc).  The spy to add to the run of q that may look at
 * every document the facets count, or NULL when the search counts none:
 * its counts start again from nothing. */
Xapian::MatchSpy *
_cx_facets_spy (cx_search *search);

/* The facets of the documents of q that verify (NULL: none) accepts, into
 * hits: those the spy counted when it rode a run that looked at all n of
 * them (exact says n is a count), else counted again by a run of their
 * own, up to CX_FACET_MAX documents. */
void
_cx_facets_finish (cx_search *search, cx_hits *hits, const Xapian::Query &q,
		   const Xapian::MatchDecider *verify, Xapian::doccount n,
		   bool exact);

/* The verifier of a search's phrases and NEARs (verify.cc): documents
 * that match inc and none of exc, checked on their text. */
Xapian::MatchDecider *
_cx_verifier_new (const cx_search *s, const Xapian::Query &inc,
		  std::initializer_list<const Xapian::Query *> exc);

/* The hits of q (deadlined, filtered) for [offset, offset + count) by the
 * key of cx_search_set_recency, appended to hits with ranks shifted by
 * rank_base (fresh.cc); *n gets the documents it looked at, and it
 * returns whether that is all of q's (then *n counts them). */
bool
_cx_fresh_run (cx_search *search, const Xapian::Query &q, unsigned offset,
	       unsigned count, unsigned rank_base, cx_hits *hits,
	       const Xapian::MatchDecider *verify, Xapian::doccount *n);

/* Remote shards (remote.cc): whether db reads one that is up; connect to
 * each again and make db->db of those that answer, the others left out
 * when partial results are allowed (true), else a Xapian::NetworkError
 * naming the first that did not answer; false when db has none. */
bool
_cx_db_has_remote (const cx_db *db);
bool
_cx_shards_reconnect (cx_db *db);
/* Connect again (as above) when a remote shard was left out and the last
 * try is CX_SHARD_RETRY_S old: true when it did. */
#define CX_SHARD_RETRY_S 10
bool
_cx_shards_retry (cx_db *db);

/* The term frequency over db's shards, kept until db next reconnects
 * or reopens: the search's term rule asks for tens a query, each a round
 * trip to every remote shard (153 for a query of two words). */
Xapian::doccount
_cx_shards_termfreq (cx_db *db, const std::string &term);
/* Forget them (a reopen may see commits). */
void
_cx_shards_forget (cx_db *db);

/* A run whose documents verify checks, on a database with remote shards
 * (which cannot run a MatchDecider): the top documents of enquire fetched
 * and checked here, the window widened (x4) until want of them pass, the
 * matches run out, or cap were checked.  passed: the ranks in mset of
 * those that passed, best first; exhausted: every match was checked. */
struct _cx_checked_run {
    Xapian::MSet mset;
    std::vector<Xapian::doccount> passed;
    bool exhausted = false;
};
/* The most documents a run checks so (each fetched over the network). */
#define CX_REMOTE_CHECK_MAX 1000
/* A count of the documents that pass is made over at most this many
 * (past it, Xapian's estimate scaled by the share that passed, marked not
 * exact): counting 1,000 took the p95 of the latency queries from 21 to
 * 60-90 ms over 3 loopback shards, as every document is fetched. */
#define CX_REMOTE_COUNT_MAX 100
void
_cx_checked_mset (Xapian::Enquire &enquire, Xapian::doccount want,
		  Xapian::doccount at_least, const Xapian::MatchDecider &verify,
		  Xapian::doccount cap, _cx_checked_run &out);

#endif
