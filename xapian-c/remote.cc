/* remote.cc - remote shards: xapian-tcpsrv databases read with the local parts as one
 *
 * A shard behind xapian-tcpsrv is opened with Xapian::Remote::open under
 * the timeout the caller gives (Xapian's stub file would use 10 s), and
 * added to the one Database with the local parts.  A remote shard that
 * cannot be reached is an error naming it, or, when the caller allows
 * partial results, left out and listed as missing.  A run that loses a
 * remote shard (its server restarted, or it stopped answering) connects to
 * every remote again once and runs again (cx_search_run).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#include "binding.h"

#include <cstdio>
#include <future>
#include <stdexcept>

struct _cx_remote {
    std::string name;           /* HOST:PORT as given */
    std::string host;
    unsigned port = 0;
    Xapian::Database db;        /* when up */
    bool up = false;
};

struct _cx_shards {
    std::vector<_cx_remote> remotes;
    unsigned timeout_ms = 0;
    bool partial = false;
    std::vector<std::string> missing;   /* the names of those not up */
    time_t tried = 0;                   /* the last connect, monotonic s */
    std::unordered_map<std::string, Xapian::doccount> freqs;
};

/* The most term frequencies kept (about 64 bytes each). */
#define CX_SHARD_FREQS_MAX 100000

static time_t
_cx_now ()
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return t.tv_sec;
}

/* Split "HOST:PORT" (HOST may be an IPv6 address in brackets) as Xapian's
 * stub file does; false when it is not of that form. */
static bool
_cx_split_remote (const std::string &spec, std::string &host, unsigned &port)
{
    std::string::size_type colon = spec.rfind (':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= spec.size ())
	return false;
    unsigned long p = 0;
    for (size_t i = colon + 1; i < spec.size (); i++) {
	if (spec[i] < '0' || spec[i] > '9' || p > 65535)
	    return false;
	p = p * 10 + (unsigned) (spec[i] - '0');
    }
    if (p == 0 || p > 65535)
	return false;
    host.assign (spec, 0, colon);
    if (host.size () > 2 && host[0] == '[' && host.back () == ']')
	host = host.substr (1, host.size () - 2);
    port = (unsigned) p;
    return !host.empty ();
}

/* Xapian's description of the exception being handled, with what it
 * means for a shard: "did not answer within N ms" for a timeout. */
static std::string
_cx_remote_why (const _cx_shards &s)
{
    try {
	throw;
    } catch (const Xapian::NetworkTimeoutError &e) {
	return "did not answer within " + std::to_string (s.timeout_ms) +
	       " ms (" + e.get_msg () + ")";
    } catch (const Xapian::Error &e) {
	const char *err = e.get_error_string ();
	return "cannot be reached (" + e.get_msg () +
	       (err ? std::string (": ") + err : std::string ()) + ")";
    }
}

/* Connect to r; false (and why) when it cannot be. */
static bool
_cx_remote_connect (const _cx_shards &s, _cx_remote &r, std::string &why)
{
    r.up = false;
    r.db = Xapian::Database ();
    try {
	r.db = Xapian::Remote::open (r.host, r.port, s.timeout_ms,
				     s.timeout_ms);
	r.up = true;
	return true;
    } catch (const Xapian::Error &) {
	why = "remote shard " + r.name + " " + _cx_remote_why (s);
	return false;
    }
}

/* db->db again of the local parts and the remotes that are up. */
static void
_cx_shards_combine (cx_db *db)
{
    Xapian::Database all;
    for (const Xapian::Database &p : db->parts)
	all.add_database (p);
    db->shards->missing.clear ();
    db->shards->freqs.clear ();
    for (const _cx_remote &r : db->shards->remotes) {
	if (r.up)
	    all.add_database (r.db);
	else
	    db->shards->missing.push_back (r.name);
    }
    *db->db = all;
}

bool
_cx_db_has_remote (const cx_db *db)
{
    if (!db || !db->shards)
	return false;
    for (const _cx_remote &r : db->shards->remotes)
	if (r.up)
	    return true;
    return false;
}

bool
_cx_shards_reconnect (cx_db *db)
{
    if (!db || !db->shards || db->shards->remotes.empty ())
	return false;
    std::string why, first;
    size_t lost = 0;
    db->shards->tried = _cx_now ();
    for (_cx_remote &r : db->shards->remotes) {
	if (!_cx_remote_connect (*db->shards, r, why)) {
	    if (first.empty ())
		first = why;
	    lost++;
	}
    }
    /* Not a Xapian::NetworkError: no caller is to connect again. */
    if (lost && !db->shards->partial)
	throw std::runtime_error (first);
    _cx_shards_combine (db);
    if (!db->parts.empty () || _cx_db_has_remote (db))
	return true;
    throw std::runtime_error (first + "; no shard is left to search");
}

Xapian::doccount
_cx_shards_termfreq (cx_db *db, const std::string &term)
{
    auto &freqs = db->shards->freqs;
    auto it = freqs.find (term);
    if (it != freqs.end ())
	return it->second;
    /* Each shard's in parallel: one round trip's wait, not one a shard
     * (a thread each remote but the first). */
    Xapian::doccount n = 0;
    std::vector<Xapian::Database *> up;
    for (_cx_remote &r : db->shards->remotes)
	if (r.up)
	    up.push_back (&r.db);
    std::vector<std::future<Xapian::doccount>> asked;
    for (size_t i = 1; i < up.size (); i++)
	asked.push_back (std::async (std::launch::async, [&term, d = up[i]] {
	    return d->get_termfreq (term);
	}));
    for (const Xapian::Database &p : db->parts)
	n += p.get_termfreq (term);
    if (!up.empty ())
	n += up[0]->get_termfreq (term);
    for (auto &a : asked)
	n += a.get ();
    if (freqs.size () >= CX_SHARD_FREQS_MAX)
	freqs.clear ();
    freqs.emplace (term, n);
    return n;
}

void
_cx_shards_forget (cx_db *db)
{
    if (db && db->shards)
	db->shards->freqs.clear ();
}

bool
_cx_shards_retry (cx_db *db)
{
    if (!db || !db->shards || db->shards->missing.empty () ||
	_cx_now () - db->shards->tried < CX_SHARD_RETRY_S)
	return false;
    return _cx_shards_reconnect (db);
}

void
_cx_checked_mset (Xapian::Enquire &enquire, Xapian::doccount want,
		  Xapian::doccount at_least, const Xapian::MatchDecider &verify,
		  Xapian::doccount cap, _cx_checked_run &out)
{
    Xapian::doccount window = std::max<Xapian::doccount> (want, 20);
    window = std::min (window, std::max (cap, want));
    for (;;) {
	out.mset = enquire.get_mset (0, window,
				     std::max (at_least, window));
	out.mset.fetch ();      /* the documents asked for at once */
	out.passed.clear ();
	for (Xapian::doccount i = 0; i < out.mset.size (); i++)
	    if (verify (out.mset[i].get_document ()))
		out.passed.push_back (i);
	out.exhausted = out.mset.size () < window;
	if (out.exhausted || out.passed.size () >= want || window >= cap)
	    return;
	window = std::min<Xapian::doccount> (cap, window * 4);
    }
}

extern "C" {

cx_status_t
cx_db_open_shards (const char *const *paths, size_t n,
		   const char *const *remotes, size_t m, unsigned timeout_ms,
		   int partial, cx_db_t **out, char **error_message)
{
    std::string detail;
    cx_status_t status;
    cx_db_t *db = NULL;

    if (error_message)
	*error_message = NULL;
    if (!out)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    *out = NULL;
    if ((n && !paths) || !m || !remotes)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    try {
	db = new cx_db ();
	db->db = NULL;
	db->wdb = NULL;
	db->delta = NULL;
	db->flags = 0;
	db->shards = std::make_shared<_cx_shards> ();
	db->shards->timeout_ms = timeout_ms;
	db->shards->partial = partial != 0;
	for (size_t i = 0; i < n; i++)
	    db->parts.push_back (Xapian::Database (paths[i]));
	for (size_t i = 0; i < m; i++) {
	    _cx_remote r;
	    r.name = remotes[i] ? remotes[i] : "";
	    if (!_cx_split_remote (r.name, r.host, r.port))
		throw Xapian::InvalidArgumentError (
		    "remote shard '" + r.name + "' is not HOST:PORT");
	    db->shards->remotes.push_back (r);
	}
	db->db = new Xapian::Database ();
	db->shards->tried = _cx_now ();
	std::string why, first;
	size_t lost = 0;
	for (_cx_remote &r : db->shards->remotes)
	    if (!_cx_remote_connect (*db->shards, r, why)) {
		if (first.empty ())
		    first = why;
		lost++;
	    }
	if (lost && (!partial || (lost == m && !n)))
	    throw Xapian::NetworkError (
		first + (lost > 1 ? " (and " + std::to_string (lost - 1) +
				    " more)" : ""));
	_cx_shards_combine (db);
	*out = db;
	return CX_STATUS_SUCCESS;
    } catch (const Xapian::NetworkError &e) {
	status = CX_STATUS_XAPIAN_EXCEPTION;
	try {
	    detail = e.get_msg ();      /* ours: it names the shard */
	} catch (...) {
	}
    } catch (...) {
	status = _cx_status_from_exception (&detail);
    }
    cx_db_destroy (db);
    if (error_message && !detail.empty ())
	*error_message = _cx_strndup (detail.data (), detail.size ());
    return status;
}

size_t
cx_db_remote_count (const cx_db_t *db)
{
    return db && db->shards ? db->shards->remotes.size () : 0;
}

size_t
cx_db_missing_count (const cx_db_t *db)
{
    return db && db->shards ? db->shards->missing.size () : 0;
}

const char *
cx_db_missing (const cx_db_t *db, size_t i)
{
    if (!db || !db->shards || i >= db->shards->missing.size ())
	return NULL;
    return db->shards->missing[i].c_str ();
}

const char *
cx_db_remote_name (const cx_db_t *db, size_t i)
{
    if (!db || !db->shards || i >= db->shards->remotes.size ())
	return NULL;
    return db->shards->remotes[i].name.c_str ();
}

unsigned
cx_search_needs_local (const cx_search_t *search)
{
    if (!search || !_cx_db_has_remote (search->db))
	return 0;
    unsigned what = 0;
    /* Phrases are checked on the fetched hits (_cx_checked_mset), but not
     * after collapsing, which the shards do before cari could check. */
    if (search->positional && search->collapse_slot >= 0)
	what |= CX_LOCAL_POSITIONS;
    if (search->facets)
	what |= CX_LOCAL_FACETS;
    if (search->recency && search->sort_slot < 0)
	what |= CX_LOCAL_RECENCY;
    return what;
}

cx_status_t
cx_db_local_terms (cx_db_t *db, const char *prefix, cx_term_func_t func,
		   void *ctx)
{
    if (!db || !func)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    if (!db->shards || db->parts.empty ())
	return cx_db_terms (db, prefix, func, ctx);
    std::vector<std::string> terms;
    std::vector<unsigned long> freqs;
    try {
	Xapian::Database local;
	for (const Xapian::Database &p : db->parts)
	    local.add_database (p);
	std::string pre (prefix ? prefix : "");
	for (Xapian::TermIterator t = local.allterms_begin (pre);
	     t != local.allterms_end (pre); ++t) {
	    terms.push_back (*t);
	    freqs.push_back (t.get_termfreq ());
	}
    } catch (...) {
	return _cx_db_fail (db);
    }
    for (size_t i = 0; i < terms.size (); i++)
	if (func (ctx, terms[i].c_str (), terms[i].size (), freqs[i]))
	    break;
    return CX_STATUS_SUCCESS;
}

} /* extern "C" */
