/* xapian-c.h - the C API over libxapian that the rest of cari uses
 *
 * This is the only header through which C code reaches Xapian.  It declares
 * opaque handles and task-level functions (open an index, add or replace an
 * article, search, read hits); it is not a mirror of the C++ API.
 *
 * Conventions, modelled on notmuch's lib/notmuch.h:
 *   - Every function that can fail returns cx_status_t.  Results come back
 *     through a final out parameter, which is set to NULL (or 0) on failure.
 *   - No C++ exception ever crosses this API, constructors included.
 *   - Error detail for the last failed call on a database, or on a search or
 *     document bound to it, is available from cx_db_status_string().
 *   - Objects come in create/destroy pairs; destroy(NULL) does nothing.
 *   - A returned `const char *` is borrowed: valid until the next call on
 *     the same handle or until the handle is destroyed.  A returned `char *`
 *     belongs to the caller: free it with free().
 *   - Text goes in as a pointer plus a length where it may be long or contain
 *     no terminating NUL.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#ifndef CARI_XAPIAN_C_H
#define CARI_XAPIAN_C_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cx_db cx_db_t;
typedef struct cx_doc cx_doc_t;
typedef struct cx_search cx_search_t;
typedef struct cx_hits cx_hits_t;

typedef enum {
    CX_STATUS_SUCCESS = 0,
    CX_STATUS_OUT_OF_MEMORY,
    CX_STATUS_DATABASE_NOT_FOUND,   /* no index at that path */
    CX_STATUS_DATABASE_LOCKED,      /* another writer holds the lock */
    CX_STATUS_DATABASE_MODIFIED,    /* changed under a reader: reopen, retry */
    CX_STATUS_DATABASE_CORRUPT,     /* damaged or of an unsupported version */
    CX_STATUS_READ_ONLY,            /* a write on a database opened to read */
    CX_STATUS_BAD_QUERY_SYNTAX,
    CX_STATUS_ILLEGAL_ARGUMENT,
    CX_STATUS_XAPIAN_EXCEPTION,     /* any other Xapian error: see detail */
    CX_STATUS_LAST_STATUS
} cx_status_t;

/** The longest term Xapian's disk backends accept, in bytes. */
#define CX_MAX_TERM_BYTES 245

/** A short English description of a status; never NULL, static storage. */
const char *
cx_status_to_string (cx_status_t status);

/* ------------------------------------------------------------------ */
/* Databases                                                          */
/* ------------------------------------------------------------------ */

typedef enum {
    CX_DB_READ,             /* open an existing index for searching */
    CX_DB_WRITE,            /* create the index if needed, open to write */
    CX_DB_WRITE_NO_SYNC     /* as CX_DB_WRITE, but commits do not wait for
			     * the disk (no fsync): for scratch indexes that
			     * are rebuilt after a crash, like the shards of
			     * a parallel build */
} cx_db_mode_t;

/**
 * Open the index in directory `path`.
 *
 * CX_DB_WRITE takes Xapian's writer lock: a second writer on the same
 * directory fails with CX_STATUS_DATABASE_LOCKED at once.  Readers never
 * wait for a writer and see the last committed state.
 *
 * On success *out is a new handle; free it with cx_db_destroy().  On failure
 * *out is NULL and, if error_message is not NULL, *error_message is set to a
 * description that the caller frees with free() (or NULL if none).
 *
 * Returns CX_STATUS_SUCCESS, CX_STATUS_DATABASE_NOT_FOUND,
 * CX_STATUS_DATABASE_LOCKED, CX_STATUS_DATABASE_CORRUPT,
 * CX_STATUS_ILLEGAL_ARGUMENT (NULL path or out), CX_STATUS_OUT_OF_MEMORY or
 * CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_db_open (const char *path, cx_db_mode_t mode, cx_db_t **out,
	    char **error_message);

/**
 * Open the n databases at paths to read, as one (as a stub file of n
 * lines would), keeping each: the revision (cx_db_revision) is then the
 * sum of theirs, which Xapian gives for none of a combined database.
 * n = 1 is cx_db_open (paths[0], CX_DB_READ, ...).  Returns as
 * cx_db_open; CX_STATUS_ILLEGAL_ARGUMENT for none.
 */
cx_status_t
cx_db_open_parts (const char *const *paths, size_t n, cx_db_t **out,
		  char **error_message);

/**
 * Open (creating it if need be) a second writable database at path beside
 * the writable db, for new documents: cx_db_replace() adds a document
 * whose unique term db's main database lacks to the delta, and replaces
 * one it has in place; deletions, commits and spelling words go to both or
 * to the delta; reads see both.  An incremental run of new articles then
 * writes a small database instead of rewriting blocks all over a large one
 * (Xapian keys postings and positions by term: 1% new articles touched
 * nearly every block of a compacted index).  CX_STATUS_ILLEGAL_ARGUMENT
 * when db already has a delta.
 */
cx_status_t
cx_db_attach_delta (cx_db_t *db, const char *path);

/** Documents in db's delta (0 without one), into *out. */
cx_status_t
cx_db_delta_count (cx_db_t *db, unsigned long *out);

/**
 * What the binding does when libxapian ends the process: func (with ctx)
 * is called with the description of the exception, then the process
 * aborts as before.  Xapian 1.4.22 can throw from its own clean-up while
 * an earlier exception unwinds (seen when a parallel build's shards run
 * out of disk: an ENOSPC in a commit, then another out of a noexcept
 * frame as the commit unwinds), which no catch can stop: C++ calls
 * std::terminate.  This is
 * the one place that sees it; func NULL restores C++'s default.  For the
 * whole process (std::set_terminate); func must not return to go on.
 */
typedef void (*cx_fatal_func_t) (const char *description, void *ctx);
void
cx_set_fatal_handler (cx_fatal_func_t func, void *ctx);

/**
 * Close the index and free the handle.  As in Xapian, pending changes of a
 * writable index are committed, but a failure to do so goes unreported:
 * call cx_db_commit() first to learn of it.  Does nothing if db is NULL.
 */
void
cx_db_destroy (cx_db_t *db);

/**
 * Detail of the last error on db or on a handle made from it, or "" if none.
 * Borrowed from db.
 */
const char *
cx_db_status_string (const cx_db_t *db);

/**
 * Make all changes since the last commit durable and visible to readers, at
 * once.  Returns CX_STATUS_SUCCESS, CX_STATUS_READ_ONLY,
 * CX_STATUS_OUT_OF_MEMORY or CX_STATUS_XAPIAN_EXCEPTION (disk full, ...).
 */
cx_status_t
cx_db_commit (cx_db_t *db);

/**
 * Move a reader to the latest committed revision.  Returns
 * CX_STATUS_SUCCESS, CX_STATUS_DATABASE_NOT_FOUND or
 * CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_db_reopen (cx_db_t *db);

/** The revision db reads, into *out: it changes with every commit. */
cx_status_t
cx_db_revision (cx_db_t *db, unsigned long long *out);

/** Number of documents in the index, into *out. */
cx_status_t
cx_db_doc_count (cx_db_t *db, unsigned long *out);

/** How many documents have a value in slot, into *out. */
cx_status_t
cx_db_value_freq (cx_db_t *db, unsigned slot, unsigned long *out);

/**
 * Metadata value for key, into *out: a NUL-terminated copy that the caller
 * frees with free(); "" when the key is not set.
 */
cx_status_t
cx_db_get_metadata (cx_db_t *db, const char *key, char **out);

/** Set metadata key to value (part of the next commit). */
cx_status_t
cx_db_set_metadata (cx_db_t *db, const char *key, const char *value);

/**
 * Look up the document indexed by `unique_term` and copy its value in
 * `slot` into *out (NUL-terminated, length in *out_len if not NULL; free
 * with free()).  *out is NULL when no document has that term; a document
 * without that value gives "".
 */
cx_status_t
cx_db_get_value_by_term (cx_db_t *db, const char *unique_term,
			 unsigned slot, char **out, size_t *out_len);

/**
 * Add doc, or replace the document(s) indexed by `unique_term` with it.
 * `doc` should contain `unique_term` as a boolean term; it stays owned by the
 * caller.  *replaced (if not NULL) is set to 1 when a document was replaced,
 * 0 when doc was added.
 *
 * Returns CX_STATUS_SUCCESS, CX_STATUS_READ_ONLY,
 * CX_STATUS_ILLEGAL_ARGUMENT, CX_STATUS_OUT_OF_MEMORY or
 * CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_db_replace (cx_db_t *db, const char *unique_term, const cx_doc_t *doc,
	       int *replaced);

/**
 * Add `doc` as a new document, without looking for one to replace: for a
 * writer that knows the document's unique term is not in the database
 * yet (a shard of a new index).  Same statuses as cx_db_replace().
 */
cx_status_t
cx_db_add (cx_db_t *db, const cx_doc_t *doc);

/**
 * Delete the documents indexed by `unique_term`; *deleted (if not NULL) is
 * set to 1 if there was one.  Same statuses as cx_db_replace().
 */
cx_status_t
cx_db_delete (cx_db_t *db, const char *unique_term, int *deleted);

/* ------------------------------------------------------------------ */
/* Documents under construction                                       */
/* ------------------------------------------------------------------ */

/** A new empty document; free with cx_doc_destroy(). */
cx_status_t
cx_doc_create (cx_doc_t **out);

/** Does nothing if doc is NULL. */
void
cx_doc_destroy (cx_doc_t *doc);

/** Empty the document, to build the next one without reallocating. */
void
cx_doc_clear (cx_doc_t *doc);

/**
 * Add term at position pos (for phrases) and increase its within-document
 * frequency by wdf_inc.  Terms are 1..CX_MAX_TERM_BYTES bytes long; others
 * give CX_STATUS_ILLEGAL_ARGUMENT.
 */
cx_status_t
cx_doc_add_posting (cx_doc_t *doc, const char *term, size_t len,
		    unsigned pos, unsigned wdf_inc);

/** Add term without a position.  Same limits as cx_doc_add_posting(). */
cx_status_t
cx_doc_add_term (cx_doc_t *doc, const char *term, size_t len,
		 unsigned wdf_inc);

/** Add a filter term (wdf 0, no position, never weighted). */
cx_status_t
cx_doc_add_boolean_term (cx_doc_t *doc, const char *term, size_t len);

/** Set value slot `slot` (dates, hashes: sortable strings). */
cx_status_t
cx_doc_set_value (cx_doc_t *doc, unsigned slot, const char *value,
		  size_t len);

/** Set the document data returned with each hit. */
cx_status_t
cx_doc_set_data (cx_doc_t *doc, const char *data, size_t len);

/* ------------------------------------------------------------------ */
/* Searching                                                          */
/* ------------------------------------------------------------------ */

/**
 * The stemmer a search uses, supplied by C code.  Given a lower-case word of
 * len bytes, return its stem and set *out_len; the result is borrowed and
 * must stay valid until the next call.  Return NULL to leave the word as it
 * is.  It must not longjmp or throw.
 */
typedef const char *(*cx_stem_func_t) (void *ctx, const char *word,
				       size_t len, size_t *out_len);

/**
 * A search over db: Xapian's QueryParser (with stem_func as its stemmer in
 * STEM_SOME mode, stemmed terms prefixed with 'Z') and BM25 ranking.
 * db must outlive the search; errors are reported on db.
 * stem_func may be NULL for no stemming.  Free with cx_search_destroy().
 */
cx_status_t
cx_search_create (cx_db_t *db, cx_stem_func_t stem_func, void *stem_ctx,
		  cx_search_t **out);

/** Does nothing if search is NULL. */
void
cx_search_destroy (cx_search_t *search);

/**
 * Called by a cx_term_rule_t for each term that counts as the one asked
 * about; checked: the positions checker (cx_search_set_positions) takes it
 * for that term too.
 */
typedef void (*cx_term_add_t) (void *add_ctx, const char *term, size_t len,
			       int checked);

/**
 * The terms that count as the term of len bytes of a parsed query, where
 * the index may hold it under others: each given to add, in the order to
 * search them.  Returns nonzero when the term is a stem term (the
 * positions func is then asked for stems).  It must not longjmp or throw.
 */
typedef int (*cx_term_rule_t) (void *ctx, const cx_search_t *search,
			       const char *term, size_t len,
			       cx_term_add_t add, void *add_ctx);

/**
 * The rule of the index's terms (NULL, the default: every term as
 * parsed): each term of a query is searched as one term (Xapian's
 * OP_SYNONYM) with those the rule adds.  Applies to the runs after it.
 */
cx_status_t
cx_search_set_term_rule (cx_search_t *search, cx_term_rule_t rule, void *ctx);

/** Called by cx_search_unstem for each word. */
typedef void (*cx_word_func_t) (void *ctx, const char *word, size_t len);

/**
 * The words (as typed, folded) that the parser stemmed to term (len
 * bytes) in its last parse, each given to func; none when out of memory.
 */
void
cx_search_unstem (const cx_search_t *search, const char *term, size_t len,
		  cx_word_func_t func, void *ctx);

/**
 * Let queries say field:word.  A free-text field maps words to terms with
 * `prefix` (title: -> S); a boolean field filters on prefix + text as typed
 * (source: -> XS).
 */
cx_status_t
cx_search_add_prefix (cx_search_t *search, const char *field,
		      const char *prefix, int boolean);

/**
 * BM25 parameters (Xapian's defaults: 1, 0, 1, 0.5, 0.5).  Returns
 * CX_STATUS_ILLEGAL_ARGUMENT for a negative parameter or b above 1.
 */
cx_status_t
cx_search_set_bm25 (cx_search_t *search, double k1, double k2, double k3,
		    double b, double min_normlen);

/**
 * Words the query parser leaves out of queries (the index keeps them):
 * not inside "quoted phrases", and not when every word of the query is
 * one.  words (n of them, folded) are copied; n = 0 turns this off.
 * Returns CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT or
 * CX_STATUS_OUT_OF_MEMORY.
 */
cx_status_t
cx_search_set_stopwords (cx_search_t *search, const char *const *words,
			 size_t n);

/**
 * Rank documents higher whose field `prefix` holds the whole query text as
 * a phrase (an article whose title is the query): such a match adds its
 * weight times `factor`; other matches are unchanged.  factor 0 turns it
 * off (the default).  Applies to the queries parsed after the call.
 * Returns CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT or
 * CX_STATUS_OUT_OF_MEMORY.
 */
cx_status_t
cx_search_set_phrase_boost (cx_search_t *search, const char *prefix,
			    double factor);

/**
 * Called by a cx_terms_func_t for each term of a document with a position.
 */
typedef void (*cx_term_pos_func_t) (void *emit_ctx, const char *term,
				    size_t len, unsigned pos);

/**
 * Give, through emit, every term of the document whose data is the len
 * bytes at data, with the position it has (the terms the indexer gave it,
 * in any order; a term once for each position).  When stems is 0, no
 * phrase or NEAR holds a term the term rule (cx_search_set_term_rule)
 * calls a stem term, and the stemming may be skipped.
 * Returns 0, or nonzero when it cannot (the document is then taken as
 * matching).  It must not longjmp or throw.
 */
typedef int (*cx_terms_func_t) (void *ctx, const char *data, size_t len,
				int stems, cx_term_pos_func_t emit,
				void *emit_ctx);

/**
 * Phrases and NEAR for an index without positions (they cost more than
 * half of an index's size and of its build time): the database answers
 * them as if they were AND, and each document that may come into the
 * results is then checked against the query with the positions func gives
 * from its data.  Without it (the default), Xapian's own positions answer.
 * Applies to the queries parsed after the call.
 */
cx_status_t
cx_search_set_positions (cx_search_t *search, cx_terms_func_t func,
			 void *ctx);

/**
 * Rank higher the documents with term (matched as typed), adding its
 * weight times factor, on the query parsed last: on its query of every
 * word when it has one.  Returns CX_STATUS_SUCCESS,
 * CX_STATUS_ILLEGAL_ARGUMENT or CX_STATUS_OUT_OF_MEMORY.
 */
cx_status_t
cx_search_boost_term (cx_search_t *search, const char *term, double factor);

/**
 * Parse len bytes of UTF-8 with Xapian's QueryParser and set the result as
 * the search's one query (cx_search_set_query), with the phrase boost:
 * words combined with OR; AND, OR, NOT, NEAR, "phrases", +word, -word,
 * prefix* and field prefixes understood (CX_PARSE_DEFAULT,
 * CX_PARSE_WILDCARD and CX_PARSE_PURE_NOT).
 * Returns CX_STATUS_SUCCESS, CX_STATUS_BAD_QUERY_SYNTAX (detail on db),
 * CX_STATUS_OUT_OF_MEMORY or CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_search_parse (cx_search_t *search, const char *query, size_t len);

/** A query (a Xapian::Query): free with cx_query_destroy(). */
typedef struct cx_query cx_query_t;

/** Flags of cx_search_parse_query(): Xapian::QueryParser's. */
#define CX_PARSE_DEFAULT  1u    /**< FLAG_DEFAULT: operators, phrases, +/- */
#define CX_PARSE_WILDCARD 2u    /**< FLAG_WILDCARD: prefix* */
#define CX_PARSE_PURE_NOT 4u    /**< FLAG_PURE_NOT: NOT x alone */

/** How queries are combined (Xapian's OP_OR, OP_AND, OP_AND_NOT). */
typedef enum cx_op {
    CX_OP_OR,
    CX_OP_AND,
    CX_OP_AND_NOT
} cx_op_t;

/**
 * Parse len bytes of UTF-8 with the search's parser (its stemmer,
 * prefixes and stopwords), with flags (CX_PARSE_*) and default_op between
 * words, into *out.  The parser remembers the words it stemmed in its
 * last parse (cx_search_unstem).  Returns CX_STATUS_SUCCESS,
 * CX_STATUS_BAD_QUERY_SYNTAX (detail on db), CX_STATUS_OUT_OF_MEMORY or
 * CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_search_parse_query (cx_search_t *search, const char *text, size_t len,
		       unsigned flags, cx_op_t default_op, cx_query_t **out);

/** The query of every document, into *out. */
cx_status_t
cx_query_match_all (cx_query_t **out);

/** a op b, into *out (a and b are copied). */
cx_status_t
cx_query_combine (cx_op_t op, const cx_query_t *a, const cx_query_t *b,
		  cx_query_t **out);

/** Whether q holds an AND_NOT anywhere. */
int
cx_query_has_not (const cx_query_t *q);

/** Does nothing if q is NULL. */
void
cx_query_destroy (cx_query_t *q);

/**
 * Make query (copied) what the search runs, with first (NULL: none)
 * those of its documents to rank before the others: cx_search_run gives
 * first's hits, then the rest of query's.  Clears the filters and the
 * sort order.  Returns CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT or
 * CX_STATUS_OUT_OF_MEMORY.
 */
cx_status_t
cx_search_set_query (cx_search_t *search, const cx_query_t *query,
		     const cx_query_t *first);

/**
 * The phrase boost (cx_search_set_phrase_boost) of the words of text
 * (len bytes) on the query set last: on first when it has one.
 */
cx_status_t
cx_search_boost_phrase (cx_search_t *search, const char *text, size_t len);

/**
 * How many wildcards (prefix*) the parsed query holds: each is expanded to
 * the terms it matches at every run, so a query of many costs as much.
 */
size_t
cx_search_wildcards (const cx_search_t *search);

/**
 * Weigh every match of a run with boosts (cx_search_boost_term,
 * cx_search_boost_phrase) when the query without them matches at most max
 * documents (default CX_WEIGH_ALL_MAX): the run then counts them too.  Past
 * max (0: always) Xapian prunes, and the binding keeps its pruning from
 * losing a boosted document (search.cc).  Returns CX_STATUS_SUCCESS or
 * CX_STATUS_ILLEGAL_ARGUMENT.
 */
#define CX_WEIGH_ALL_MAX 20000
cx_status_t
cx_search_set_weigh_all (cx_search_t *search, unsigned max);

/**
 * Expand each wildcard of the queries parsed after the call to at most
 * max terms, the ones most documents hold (0: all of them, the default).
 * Returns CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT or
 * CX_STATUS_OUT_OF_MEMORY.
 */
cx_status_t
cx_search_set_max_expansion (cx_search_t *search, unsigned max);

/**
 * Stop the runs of the search once `seconds` have passed from this call
 * (0 or less: no limit, the default): a run then returns the best hits of
 * the documents it looked at, and cx_hits_partial() says so.  The clock
 * is for every run until the next call, so that the runs of one request
 * share one budget.
 */
void
cx_search_set_time_limit (cx_search_t *search, double seconds);

/**
 * Restrict the runs of the parsed query to documents holding `term` (a
 * boolean filter: it adds no weight).  Filters add up (all must hold) and
 * are cleared by the next cx_search_parse().  With filters, a query that
 * parsed to nothing matches every document that passes them.
 */
cx_status_t
cx_search_filter_term (cx_search_t *search, const char *term);

/**
 * As cx_search_filter_term(), for documents holding any of the n terms
 * (n at least 1).
 */
cx_status_t
cx_search_filter_any (cx_search_t *search, const char *const *terms,
		      size_t n);

/**
 * Restrict the runs of the parsed query to documents whose value in `slot`
 * is >= lo and <= hi (string comparison); either may be NULL for an open
 * end, not both.  Cleared by the next cx_search_parse() like
 * cx_search_filter_term().
 */
cx_status_t
cx_search_filter_range (cx_search_t *search, unsigned slot, const char *lo,
			const char *hi);

/**
 * Order the hits by the value in `slot`, highest first, then by relevance;
 * slot -1 orders by relevance (the default, set again by every
 * cx_search_parse()).
 */
cx_status_t
cx_search_sort_by_value (cx_search_t *search, int slot);

/**
 * Keep at most one hit of the documents sharing a value in `slot`, the best
 * ranked (collapse.cc: from a table of the slot read once a revision;
 * on a database of parts, Xapian's Enquire::set_collapse_key); documents
 * without a value
 * there are each kept.  slot -1: no collapsing (the default).  Unlike the
 * sort order, it stays for the runs after it until set again.  The counts
 * (cx_hits_estimate) are then of the collapsed hits when exact; a count
 * not exact is of the documents, at least as many.
 */
cx_status_t
cx_search_set_collapse (cx_search_t *search, int slot);

/**
 * Rank documents of equal weight by their value in `slot` (ascending;
 * Xapian's Enquire::set_sort_by_relevance_then_value) instead of by
 * document id, which differs between a database and the same documents
 * split over several (a sharded index); -1: by document id (the default).
 * Stays for the runs after it.
 */
cx_status_t
cx_search_set_tiebreak (cx_search_t *search, int slot);

/**
 * The distinct terms of the parsed query, for highlighting: *terms is a
 * borrowed array of *n NUL-terminated terms, valid until the next parse.
 * Words are unprefixed, stems 'Z'-prefixed, field terms carry their prefix.
 */
void
cx_search_terms (const cx_search_t *search, const char *const **terms,
		 size_t *n);

/** Whether the parsed query has nothing to search for (only punctuation)
 * and no filter. */
int
cx_search_is_empty (const cx_search_t *search);

/**
 * Run the parsed query: hits ranked from `offset`, at most `count` of them.
 * Ranked by relevance, the documents of the first query (every word: the
 * query with AND between its words, cx_search_set_query) come first, then
 * those holding only some; sorted by value (cx_search_sort_by_value), only
 * the documents of the first query, or, when none matches it, those of the
 * query (cx_hits_some_only).  The counts (cx_hits_estimate) are of both
 * queries, whatever the order and `count`.
 * Returns CX_STATUS_SUCCESS, CX_STATUS_DATABASE_MODIFIED (reopen db and
 * retry), CX_STATUS_OUT_OF_MEMORY or CX_STATUS_XAPIAN_EXCEPTION.
 * Free *out with cx_hits_destroy().
 */
cx_status_t
cx_search_run (cx_search_t *search, unsigned offset, unsigned count,
	       cx_hits_t **out);

/** One ranked hit; `data` is borrowed from the hits. */
typedef struct cx_hit {
    unsigned docid;
    unsigned rank;              /* 0-based over the whole result list */
    double weight;
    const char *data;           /* document data, NUL-terminated */
    size_t data_len;
    /* Collapsing (cx_search_set_collapse): the hit's value in the slot
     * (NUL-terminated, "" when none or not collapsing), and how many
     * documents of the run Xapian left out for it (a lower bound). */
    const char *collapse_key;
    size_t collapse_key_len;
    unsigned long collapse_count;
    double key;                 /* ranked by recency (cx_search_set_recency):
				 * log2 (weight) + its recency; else 0 */
} cx_hit_t;

/**
 * The recency of a value of the slot given to cx_search_set_recency (len
 * bytes at value; "" for a document with none), in powers of two: a
 * document's key is log2 (its weight) + this.  Called for every document
 * the run looks at; must not fail (nor call back into the binding).
 */
typedef double (*cx_recency_func_t) (void *ctx, const char *value,
				     size_t len);

/**
 * Rank the hits of cx_search_run by log2 (weight) + func (ctx, value in
 * slot), highest first (ties: the greater value, then the lower docid),
 * instead of by weight: in each of the run's tiers (every word, then
 * some), the best `offset + count` over every document the tier matches,
 * found in one match that skips, before weighing them, the documents
 * whose best possible key (the query's maximum weight) cannot reach the
 * last kept (fresh.cc).  The hits' key says each one's.  func NULL: by
 * weight again.  ctx must stay valid while the setting is in force.
 * Returns CX_STATUS_SUCCESS or CX_STATUS_ILLEGAL_ARGUMENT.
 */
cx_status_t
cx_search_set_recency (cx_search_t *search, unsigned slot,
		       cx_recency_func_t func, void *ctx);

/** Number of hits held (at most `count`). */
size_t
cx_hits_count (const cx_hits_t *hits);

/** How many documents match the query: counted when few may (a query of
 * several words: 2,000, or 200 with phrases to check; of one: 20,000),
 * else Xapian's estimate (cx_hits_exact says which). */
unsigned long
cx_hits_estimate (const cx_hits_t *hits);

/**
 * How many of them hold every word of the query (match the first query;
 * all of them when there is none): counted up to 20,000 that may match,
 * past that Xapian's estimate.
 */
unsigned long
cx_hits_estimate_all (const cx_hits_t *hits);

/** 1 when cx_hits_estimate_all (all != 0) or cx_hits_estimate (all == 0)
 * is a count, 0 when it is Xapian's estimate. */
int
cx_hits_exact (const cx_hits_t *hits, int all);

/** 1 when no document holds every word (matches the first query) and the
 * hits are of documents holding some. */
int
cx_hits_some_only (const cx_hits_t *hits);

/** 1 when the run stopped at the time limit (cx_search_set_time_limit)
 * before it had looked at every document that might rank: the hits are
 * the best of those it looked at, the estimates may be low. */
int
cx_hits_partial (const cx_hits_t *hits);

/** Hit i (0 <= i < cx_hits_count()), or NULL when out of range. */
const cx_hit_t *
cx_hits_get (const cx_hits_t *hits, size_t i);

/** Does nothing if hits is NULL. */
void
cx_hits_destroy (cx_hits_t *hits);

/* ------------------------------------------------------------------ */
/* Facets: the values of slots counted over a run's matches (facets.cc) */
/* ------------------------------------------------------------------ */

/** At most this many matches are counted for the facets (as the counts
 * of cx_hits_estimate_all): past it, cx_hits_facets_exact is 0. */
#define CX_FACET_MAX 20000

/**
 * Count, at each cx_search_run from now on, the values in `slot` over the
 * documents the run's hits are of (those of the first query, every word;
 * with none, those of the query; each filter and verifier holding): the
 * whole value (prefix 0, pieces 0), its first `prefix` bytes (a shorter
 * value is not counted), or (pieces 1) each of its pieces, the bytes
 * before each NUL (or the end), once a document each.  Empty values and
 * pieces are not counted.  The facets are numbered in the order added,
 * from 0; adding one the search counts already changes nothing (a search
 * asked for the same facets each time keeps the slots' values it read,
 * and reads them again only when the database changes).  Returns CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT or
 * CX_STATUS_OUT_OF_MEMORY.
 */
cx_status_t
cx_search_add_facet (cx_search_t *search, unsigned slot, size_t prefix,
		     int pieces);

/** Count no facets any more (the default). */
void
cx_search_clear_facets (cx_search_t *search);

/** Called for each value of a facet, most documents first (ties in byte
 * order); value is borrowed for the call.  Return non-zero to stop. */
typedef int (*cx_facet_func_t) (void *ctx, const char *value, size_t len,
				unsigned long count);

/**
 * Call func for each value counted for facet i of the run (see
 * cx_search_add_facet).  Returns CX_STATUS_SUCCESS, or
 * CX_STATUS_ILLEGAL_ARGUMENT when the run counted no facet i.
 */
cx_status_t
cx_hits_facet_values (const cx_hits_t *hits, size_t i, cx_facet_func_t func,
		      void *ctx);

/** 1 when the facets of hits counted every document the run's hits are
 * of; 0 when they counted fewer (more than CX_FACET_MAX match, or the time
 * limit stopped the count), or no facet was asked for. */
int
cx_hits_facets_exact (const cx_hits_t *hits);

/** How many documents the facets of hits counted. */
unsigned long
cx_hits_facets_counted (const cx_hits_t *hits);


/* ------------------------------------------------------------------ */
/* Maintenance: compaction and statistics (cari-index)                */
/* ------------------------------------------------------------------ */

/**
 * Merge the committed state of the n indexes at `sources` (paths; stub
 * files and directories allowed) into a new, compact index at `dest`,
 * which must not exist yet, with Xapian's compaction (Compactor::FULL;
 * document ids renumbered one source after the other).  The sources are
 * only read, so readers and even a writer holding their lock keep working.
 *
 * On failure, if error_message is not NULL, *error_message is set to a
 * description to free() with free() (or NULL).  Returns CX_STATUS_SUCCESS,
 * CX_STATUS_ILLEGAL_ARGUMENT (no sources, NULL dest),
 * CX_STATUS_DATABASE_NOT_FOUND, CX_STATUS_DATABASE_CORRUPT,
 * CX_STATUS_OUT_OF_MEMORY or CX_STATUS_XAPIAN_EXCEPTION (disk full, dest
 * exists, ...).
 */
cx_status_t
cx_compact (const char *const *sources, size_t n, const char *dest,
	    char **error_message);

/** Figures of an index, from cx_db_stats(). */
typedef struct cx_db_stats {
    unsigned long doc_count;
    unsigned long last_docid;
    unsigned long long total_length;    /* sum of document lengths */
    unsigned long term_count;           /* distinct terms, all prefixes */
} cx_db_stats_t;

/**
 * Fill *out with the figures of db.  Counting the distinct terms walks the
 * whole term list, so this takes a moment on a big index.  Returns
 * CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT, CX_STATUS_OUT_OF_MEMORY
 * or CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_db_stats (cx_db_t *db, cx_db_stats_t *out);

/**
 * The lowest and highest value in `slot` over all documents, as
 * NUL-terminated copies that the caller frees with free(); both "" when no
 * document has one.  Same statuses as cx_db_stats().
 */
cx_status_t
cx_db_value_range (cx_db_t *db, unsigned slot, char **lo, char **hi);

/**
 * Called by cx_db_terms() for each term; term is borrowed for the call.
 * Return non-zero to stop.
 */
typedef int (*cx_term_func_t) (void *ctx, const char *term, size_t len,
			       unsigned long termfreq);

/**
 * Call func for every term that starts with prefix ("" for all), in
 * order, with the number of documents holding it.  The terms are collected
 * first and func is called after, outside any C++ frame.  Same statuses as
 * cx_db_stats().
 */
cx_status_t
cx_db_terms (cx_db_t *db, const char *prefix, cx_term_func_t func,
	     void *ctx);

/**
 * Called by cx_db_values() for each document with a value in the slot;
 * value is borrowed for the call.  Return non-zero to stop.
 */
typedef int (*cx_value_func_t) (void *ctx, const char *value, size_t len);

/**
 * Call func with the value in `slot` of every document that has one, in
 * document id order (read from the value stream, without opening the
 * documents).  The values are collected first and func is called after,
 * outside any C++ frame.  Same statuses as cx_db_stats().
 */
cx_status_t
cx_db_values (cx_db_t *db, unsigned slot, cx_value_func_t func, void *ctx);

/** At most this many slots in one cx_db_postings_values call. */
#define CX_MAX_VALUES 8

/**
 * Called by cx_db_postings_values() for each document: its values in the
 * slots asked for, in their order (values[i], lens[i] bytes, NUL-terminated,
 * "" when it has none), borrowed for the call.  Return non-zero to stop.
 */
typedef int (*cx_doc_values_func_t) (void *ctx, const char *const *values,
				     const size_t *lens);

/**
 * Call func for each of the first max documents holding term (in document
 * id order) with its values in the nslots slots (at most CX_MAX_VALUES).
 * The values are collected first and func is called after, outside any
 * C++ frame.  Returns CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT,
 * CX_STATUS_OUT_OF_MEMORY or CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_db_postings_values (cx_db_t *db, const char *term, const unsigned *slots,
		       size_t nslots, size_t max, cx_doc_values_func_t func,
		       void *ctx);

/* ------------------------------------------------------------------ */
/* Terms and spelling                                                 */
/* ------------------------------------------------------------------ */

/** Number of documents holding term, into *out (0 when none). */
cx_status_t
cx_db_term_freq (cx_db_t *db, const char *term, unsigned long *out);

/**
 * Count word once more in the spelling data of a writable index (part of
 * the next commit; compaction merges it).  Words are 1..CX_MAX_TERM_BYTES
 * bytes.
 */
cx_status_t
cx_db_add_spelling (cx_db_t *db, const char *word, size_t len);

/** Whether the term of len bytes is a word for the spelling data. */
typedef int (*cx_word_filter_t) (void *ctx, const char *term, size_t len);

/**
 * Add the words of doc (its terms that keep says are words, once each)
 * to the spelling data of a
 * writable index, so that a word's spelling frequency is the number of
 * documents it was added with.  A replaced or deleted document's words
 * are not taken out again.  The words are buffered in db (Xapian rewrites
 * its spelling data at each commit that carries some, which is slow) and
 * written by the commit after CX_SPELLING_BUFFER (2 million) additions or
 * after cx_db_flush_spelling() (cari-index calls it before each commit of
 * an incremental run); a run killed before that loses them, not its
 * articles.
 */
cx_status_t
cx_db_add_spelling_doc (cx_db_t *db, const cx_doc_t *doc,
			cx_word_filter_t keep, void *keep_ctx);

/**
 * Write only the buffered words added with at least min_docs documents
 * (default 1); with more than 1, the buffer is kept whole until
 * cx_db_flush_spelling() (no write every CX_SPELLING_BUFFER additions).
 * Words of a single article are most of a corpus's distinct words (typos,
 * rare names among them) and most of what the spelling data costs to
 * write: a parallel build of ../shared/corpus that leaves them out takes
 * about as long as one without spelling data.
 */
cx_status_t
cx_db_set_spelling_min (cx_db_t *db, unsigned min_docs);

/**
 * For a run that adds articles to an index that has many already: a
 * buffered word added with fewer than the minimum of documents is still
 * written when the index, with this run's articles, holds it in at least
 * the minimum of documents, so that a word of one article a night joins
 * the spelling data with its second article (counted from there).  Each
 * such word costs a term lookup: use it where the buffer holds the words
 * of a few thousand articles, not of a whole build.
 */
cx_status_t
cx_db_set_spelling_catch_up (cx_db_t *db);

/**
 * Buffer, for db's spelling data, the words of the n databases from (as
 * cx_db_add_spelling_doc() would take them from every document of those),
 * each counted in as many documents as hold it there.  A build made of
 * shards gets the same spelling data this way as by adding each
 * document's words, without the cost of it per document.  Only the words
 * of part `part` of `nparts` (1 for all) are taken: each part is a fixed
 * share of the words, so that nparts databases can each write one part at
 * the same time and a merge of them holds every word once.
 */
cx_status_t
cx_db_spelling_from_terms (cx_db_t *db, cx_db_t *const *from, size_t n,
			   cx_word_filter_t keep, void *keep_ctx,
			   unsigned part, unsigned nparts);

/** Make the buffered spelling words part of the next commit. */
cx_status_t
cx_db_flush_spelling (cx_db_t *db);

/**
 * The most frequent word of the spelling data within max_edits edits of
 * word, into *out (free with free()): "" when there is none, or when word
 * itself is in the spelling data.
 */
cx_status_t
cx_db_spelling_suggestion (cx_db_t *db, const char *word, unsigned max_edits,
			   char **out);

/* ------------------------------------------------------------------ */
/* Similar documents: relevance feedback (similar.cc)                 */
/* ------------------------------------------------------------------ */

/**
 * The document indexed by unique_term: its id into *docid (0 when none
 * has the term) and, when data is not NULL, a copy of its data into *data
 * (free with free(); NULL when none) and its length into *len (when not
 * NULL).  Returns CX_STATUS_SUCCESS, CX_STATUS_ILLEGAL_ARGUMENT,
 * CX_STATUS_OUT_OF_MEMORY or CX_STATUS_XAPIAN_EXCEPTION.
 */
cx_status_t
cx_db_find_doc (cx_db_t *db, const char *unique_term, unsigned *docid,
		char **data, size_t *len);

/**
 * Call func for each term of document docid that starts with prefix, in
 * order, with the number of documents holding it; collected first, func
 * called outside any C++ frame.  Same statuses as cx_db_stats().
 */
cx_status_t
cx_db_doc_terms (cx_db_t *db, unsigned docid, const char *prefix,
		 cx_term_func_t func, void *ctx);

/** Called by cx_db_expand() for each term, best first; term is borrowed
 * for the call. */
typedef void (*cx_expand_func_t) (void *ctx, const char *term, size_t len,
				  double weight);

/**
 * Xapian's relevance feedback on one document: the at most max terms of
 * document docid that best tell it and its like from the rest
 * (Enquire::get_eset over an RSet of docid alone, exact term frequencies),
 * of those keep (NULL: all) accepts and at least min_docs documents hold,
 * through func with their expand weights, best first; collected first,
 * func called outside any C++ frame.  Same statuses as cx_db_stats().
 */
cx_status_t
cx_db_expand (cx_db_t *db, unsigned docid, unsigned max, unsigned min_docs,
	      cx_word_filter_t keep, void *keep_ctx, cx_expand_func_t func,
	      void *ctx);

/**
 * The n terms (n >= 1) combined with op (CX_OP_OR or CX_OP_AND), each
 * one's weight times factors[i] (>= 0; factors NULL: 1 each), into *out
 * (free with cx_query_destroy()).  Returns CX_STATUS_SUCCESS,
 * CX_STATUS_ILLEGAL_ARGUMENT or CX_STATUS_OUT_OF_MEMORY.
 */
cx_status_t
cx_query_terms (cx_op_t op, const char *const *terms, const double *factors,
		size_t n, cx_query_t **out);

/**
 * The documents whose value in slot is the len bytes at value (len >= 1),
 * into *out (free with cx_query_destroy()).  Same statuses as
 * cx_query_terms().
 */
cx_status_t
cx_query_value_equals (unsigned slot, const char *value, size_t len,
		       cx_query_t **out);

/* ------------------------------------------------------------------ */
/* Remote shards (remote.cc)                                          */
/* ------------------------------------------------------------------ */

/**
 * Open the n local databases at paths and the m remote ones at remotes
 * ("HOST:PORT", an IPv6 host in brackets: each served by xapian-tcpsrv) to
 * read, as one.  Each remote is opened with Xapian::Remote::open under
 * timeout_ms, both to connect and for every answer after (0: none).  A
 * remote that cannot be reached fails the open (CX_STATUS_XAPIAN_EXCEPTION,
 * the message names it and says whether it did not answer in time), or,
 * with partial, is left out: cx_db_missing() lists it.  The revision
 * (cx_db_revision) is that of the local parts.  A run that loses a remote
 * (cx_search_run, cx_db_reopen) connects to each again once; one that does
 * not answer then fails the run, or with partial is left out.
 */
cx_status_t
cx_db_open_shards (const char *const *paths, size_t n,
		   const char *const *remotes, size_t m, unsigned timeout_ms,
		   int partial, cx_db_t **out, char **error_message);

/** The remote shards db was opened with (0: none, or not opened by
 * cx_db_open_shards), and the name of the i-th (NULL past the end). */
size_t
cx_db_remote_count (const cx_db_t *db);
const char *
cx_db_remote_name (const cx_db_t *db, size_t i);

/** The remote shards left out of db (partial results allowed), and the
 * name of the i-th, borrowed until db next reconnects (NULL past the end). */
size_t
cx_db_missing_count (const cx_db_t *db);
const char *
cx_db_missing (const cx_db_t *db, size_t i);

/** What a run of search would ask of a remote shard that Xapian 1.4's
 * remote protocol cannot carry (the binding's MatchDecider, PostingSource
 * and MatchSpy subclasses are not registered in xapian-tcpsrv): a mask of
 * these, 0 when nothing or when db reads no remote. */
#define CX_LOCAL_POSITIONS 1u   /* phrases or NEAR checked on the text */
#define CX_LOCAL_FACETS 2u      /* facet counts (cx_search_set_facets) */
#define CX_LOCAL_RECENCY 4u     /* the recency key (cx_search_set_recency) */
unsigned
cx_search_needs_local (const cx_search_t *search);

/** As cx_db_terms, over db's local databases only (all of db when it has
 * no remote shards, or no local one): a remote shard's terms cost a round
 * trip and every matching term on the wire, each list. */
cx_status_t
cx_db_local_terms (cx_db_t *db, const char *prefix, cx_term_func_t func,
		   void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* CARI_XAPIAN_C_H */
