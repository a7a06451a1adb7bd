/* cari.h - the public interface of libcari, cari's search library
 *
 * The programs (cari-index, cari-query, cari-serve, cari-stem) include this
 * header and the CLI layer (cli/) only; the Xapian binding (xapian-c/) and
 * the library's private headers (lib/) are the library's own.  Layers, top
 * down: programs, cli/, this library (lib/, with the readers of corpus/ and
 * the analyzer of stemmer/), the binding.  See doc/DESIGN.md.
 *
 * Conventions, as notmuch's: public names are cari_<object>_<verb>; a
 * function that can fail returns cari_status_t, with its result through a
 * final **out parameter (NULL on failure); the detail of a failure is kept
 * on the handle (cari_index_status_string, cari_writer_status_string) or,
 * for an open that has no handle yet, given in a char ** to free() with
 * free().  The library prints nothing (but --stats' output): messages of
 * a run go to a handler the program sets (cari_writer_set_message_handler).
 * destroy (NULL) does nothing; a returned const char * is borrowed from
 * its handle.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_H
#define CARI_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "stemmer/analyzer.h"   /* the analyzer: its public API */

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this interface: the minor grows with every addition, the
 * major with a change that breaks a caller. */
#define CARI_VERSION_MAJOR 0
#define CARI_VERSION_MINOR 1

/** True when this header is at least version major.minor. */
#define CARI_CHECK_VERSION(major, minor) \
    (CARI_VERSION_MAJOR > (major) || \
     (CARI_VERSION_MAJOR == (major) && CARI_VERSION_MINOR >= (minor)))

/* ------------------------------------------------------------------ */
/* Status */

/**
 * What a library call did.  The first values are the binding's, in its
 * order (xapian-c.h), so that a failure of the index keeps its meaning.
 */
typedef enum cari_status {
    CARI_STATUS_SUCCESS = 0,
    CARI_STATUS_OUT_OF_MEMORY,
    CARI_STATUS_INDEX_NOT_FOUND,    /* no index at that path */
    CARI_STATUS_INDEX_LOCKED,       /* another writer holds the lock */
    CARI_STATUS_INDEX_MODIFIED,     /* changed under a reader: retry */
    CARI_STATUS_INDEX_CORRUPT,      /* damaged or of an unsupported version */
    CARI_STATUS_READ_ONLY,          /* a write on an index opened to read */
    CARI_STATUS_BAD_QUERY,          /* the user's query or filter: change it */
    CARI_STATUS_ILLEGAL_ARGUMENT,
    CARI_STATUS_INDEX_ERROR,        /* any other failure of the index */
    CARI_STATUS_SCHEMA_MISMATCH,    /* not a cari index of this schema */
    CARI_STATUS_NOT_FOUND,          /* no article has the id asked for */
    CARI_STATUS_LAST_STATUS
} cari_status_t;

/** A short English description of status (static; never NULL). */
const char *
cari_status_to_string (cari_status_t status);

/** A message built like printf's, to free(); NULL when out of memory. */
char *
cari_msg (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/** The index used without --db: $CARI_DB if set and not empty, else
 * "cari.db" in the current directory. */
const char *
cari_default_db (void);

/* ------------------------------------------------------------------ */
/* Dates (lib/date.c): the one parser, for articles and for filters */

/** The first day an article's date may be (YYYYMMDD). */
#define CARI_DATE_FIRST "19000101"

/**
 * The days an article's date may be, as YYYYMMDD into lo and hi: from
 * CARI_DATE_FIRST to tomorrow (UTC: a day ahead of the zones east of it),
 * unless $CARI_DATE_RANGE is FROM..TO (YYYY-MM-DD each; an empty one keeps
 * its default; a value that is not such a range is ignored).
 */
void
cari_date_limits (char lo[9], char hi[9]);

/**
 * Parse an ISO 8601 date ("2025-10-21", "2025-10-21T08:30:00+07:00",
 * "2025-10-21 08:30:00.000Z") into YYYYMMDD: a real day, then optionally
 * a real time of day (HH:MM[:SS[.frac]], hour 00-23) and zone (Z, +HH:MM,
 * +HHMM, +HH).  Returns 0 on success, -1 if s is not such a date, -2 if
 * it is one outside cari_date_limits (out is then "").
 */
int
cari_parse_date (const char *s, char out[9]);

/**
 * A date filter as the index stores dates (YYYYMMDD in CARI_SLOT_DATE): the
 * len bytes at d are YYYY-MM-DD, YYYY-MM or YYYY; lo[9] and hi[9] (either
 * may be NULL) get the first and the last day it covers.  Returns 0, or -1
 * when d is none of those (a YYYY-MM-DD must be a real day, as
 * cari_parse_date wants it: 2025-02-31 is refused).
 */
int
cari_date_range (const char *d, size_t len, char lo[9], char hi[9]);

/* ------------------------------------------------------------------ */
/* UTF-8 (lib/utf8.c): the one checker.  Valid means what RFC 3629 says:
 * no overlong forms, no surrogates, nothing beyond U+10FFFF. */

/** Length of the valid UTF-8 sequence at s (at most n bytes, n > 0), or 0
 * when the bytes there are not one. */
size_t
cari_utf8_char (const unsigned char *s, size_t n);

/** 1 when the n bytes at s are valid UTF-8, else 0. */
int
cari_utf8_valid (const char *s, size_t n);

/** How many of the n bytes of UTF-8 at s to keep to hold at most max
 * bytes without cutting a character: n when n <= max. */
size_t
cari_utf8_cut (const char *s, size_t n, size_t max);

/* ------------------------------------------------------------------ */
/* The index: open to read, refresh, revision, layout */

typedef struct cari_index cari_index_t;

/**
 * Open the index at path to read it (its term lists, its revision), into
 * *out.  Returns CARI_STATUS_SUCCESS, CARI_STATUS_INDEX_NOT_FOUND,
 * CARI_STATUS_INDEX_CORRUPT, CARI_STATUS_ILLEGAL_ARGUMENT,
 * CARI_STATUS_OUT_OF_MEMORY or CARI_STATUS_INDEX_ERROR; on failure *out is
 * NULL and, when error_message is not NULL, *error_message may hold the
 * detail (free with free()).
 */
cari_status_t
cari_index_open (const char *path, cari_index_t **out, char **error_message);

/** Does nothing if idx is NULL. */
void
cari_index_destroy (cari_index_t *idx);

/**
 * Bring idx to the latest committed index: a reopen, or, when a compaction
 * or a parallel build swapped a new generation in, an open of that one
 * (then *anew, when not NULL, is 1: what was read from the old one is
 * stale).  On failure idx keeps what it had.  Returns CARI_STATUS_SUCCESS
 * or the failing status (detail in cari_index_status_string).
 */
cari_status_t
cari_index_refresh (cari_index_t *idx, int *anew);

/**
 * The revision of the index as idx sees it, into *out: it changes at every
 * commit.  Returns CARI_STATUS_SUCCESS or the failing status.
 */
cari_status_t
cari_index_revision (cari_index_t *idx, unsigned long long *out);

/** The number of articles in idx, into *out.  Returns
 * CARI_STATUS_SUCCESS or the failing status. */
cari_status_t
cari_index_doc_count (cari_index_t *idx, unsigned long *out);

/**
 * Check that idx holds a cari index of this schema.  Returns
 * CARI_STATUS_SUCCESS or CARI_STATUS_SCHEMA_MISMATCH with what to do in
 * cari_index_status_string.
 */
cari_status_t
cari_index_check_schema (cari_index_t *idx);

/** Let an stem as searches of idx do: with the names idx has learned
 * (idx must outlive the analyzer's use of them). */
void
cari_index_set_names (cari_index_t *idx, cari_analyzer_t *an);

/** The detail of the last failure on idx, or NULL; borrowed from idx. */
const char *
cari_index_status_string (const cari_index_t *idx);

/**
 * A short string into tag (size bytes) that changes whenever the committed
 * index at path does, without opening it (a few stat(2) calls): a key for
 * caches of answers.
 */
void
cari_index_change_token (const char *path, char *tag, size_t size);

/* ------------------------------------------------------------------ */
/* Completions: the words of the index */

typedef struct cari_words cari_words_t;

/** Read the words of idx.  NULL when out of memory or the index fails. */
cari_words_t *
cari_words_read (cari_index_t *idx);

/** Does nothing if w is NULL. */
void
cari_words_destroy (cari_words_t *w);

/**
 * Up to max words starting with prefix, most frequent first (ties in
 * alphabetical order), into words[] (borrowed from w) and freqs[].
 * Returns how many.
 */
size_t
cari_words_complete (const cari_words_t *w, const char *prefix, size_t max,
		     const char **words, unsigned long *freqs);

/**
 * The word in the case the index saw most (KPK, Jokowi, harga), from how
 * its articles write it; lower case with an index from before 2026-12
 * (which does not say).  Returns a string to free(), or NULL when out of
 * memory.
 */
char *
cari_words_cased (const cari_words_t *w, const char *word);

/** Completions in context: the words with the prefix (at most
 * CARI_COMPLETE_CANDIDATES) in the titles and passages of the
 * CARI_COMPLETE_CONTEXT_HITS best articles for the words before come
 * first, by how many of them hold the word, plus CARI_COMPLETE_ADJACENT
 * each time it follows the last word before (harga cabai); then the most
 * frequent others. */
#define CARI_COMPLETE_CANDIDATES 256
#define CARI_COMPLETE_WORD_BYTES 128
#define CARI_COMPLETE_CONTEXT_HITS 20
#define CARI_COMPLETE_CONTEXT_CHARS 200
#define CARI_COMPLETE_CONTEXT_MS 200
#define CARI_COMPLETE_ADJACENT 5

/**
 * cari_words_complete for the last word of a query, in the context of the
 * n_before (folded) words before it, searched with s (which this runs a
 * search on) and read with an; with no word before, or s or an NULL,
 * cari_words_complete.  freqs[] are the words' article counts.  Returns
 * how many.
 */
struct cari_searcher;           /* cari_searcher_t, below */

size_t
cari_words_complete_after (const cari_words_t *w, struct cari_searcher *s,
			   cari_analyzer_t *an, const char *const *before,
			   size_t n_before, const char *prefix, size_t max,
			   const char **words, unsigned long *freqs);

/* ------------------------------------------------------------------ */
/* The writer: add, replace and delete articles, in batches, or build a
 * new index in parallel shards and merge them (see lib/writer.h).
 *
 * The writer says, it does not print.  Its functions return
 * CARI_STATUS_SUCCESS, or the status of a failure that stops the run (what
 * was committed stays), whose whole message (what failed, why, what to do;
 * without the program's name) is kept on the writer for
 * cari_writer_status_string.  What a run meets and goes on from (a bad
 * line, FILE:LINE: what is wrong; what to do; a file skipped) and what a
 * long step says it does go to the handler set with
 * cari_writer_set_message_handler: none by default. */

/** How the files given to cari_writer_add are read. */
typedef enum cari_format {
    CARI_FORMAT_AUTO,           /* by extension; JSON Lines otherwise */
    CARI_FORMAT_JSONL,
    CARI_FORMAT_TEXT,
    CARI_FORMAT_HTML
} cari_format_t;

/** Commit every this many changed articles unless told otherwise
 * (measured: faster than bigger batches). */
#define CARI_WRITER_DEFAULT_BATCH 1000
/** At most this many threads of a parallel build. */
#define CARI_WRITER_MAX_JOBS 64

/** Where a run is, for a progress display. */
typedef struct cari_progress {
    unsigned long articles;     /* read so far (indexed or skipped) */
    unsigned long long bytes_done, bytes_total;  /* of the input files */
    int last;                   /* the display is to be cleared: a message
				 * follows, or the input is all read */
} cari_progress_t;

/** Called every 64 articles, and with last set (see cari_progress_t). */
typedef void cari_progress_func_t (void *ctx, const cari_progress_t *p);

typedef struct cari_writer_options {
    unsigned long batch;        /* commit every batch changes (>= 1) */
    int jobs;                   /* threads of a parallel build */
    int spelling;               /* add words to the spelling data */
    int prune;                  /* cari_writer_prune will be called */
    int deleting;               /* ids will be deleted, or pruned */
    int delete_from;            /* cari_writer_delete_from will be called */
    int quiet;                  /* no messages but errors */
    cari_format_t format;
    unsigned long long bytes_total;  /* of the input, for progress */
    cari_progress_func_t *progress;  /* or NULL */
    void *progress_ctx;
    const char *shard_by;       /* "year": make a new or empty index one
				 * of shards by year (lib/shards.c); NULL:
				 * as DIR/SHARDS says, if there is one */
} cari_writer_options_t;

typedef struct cari_writer_counts {
    unsigned long added, replaced, skipped, errors, deleted;
    unsigned long unread;       /* inputs not read at all (missing,
				 * unreadable, a directory of no articles):
				 * also counted in errors */
    unsigned long taken_down;   /* articles skipped: their id is taken down */
} cari_writer_counts_t;

typedef struct cari_writer cari_writer_t;

/** What a message given to the handler is. */
typedef enum cari_message {
    CARI_MESSAGE_WARNING,       /* about the input or the index; the run
				 * goes on (cari-index: stderr) */
    CARI_MESSAGE_NOTE,          /* a long step begins (stderr) */
    CARI_MESSAGE_REPORT         /* what a step did (cari-index: stdout) */
} cari_message_t;

/**
 * A message of a run: where is the FILE or FILE:LINE of the input it is
 * about (to be printed first, "where: text"), or NULL (the program then
 * names itself: "PROG: text").  Both are borrowed for the call.  Called
 * in the thread that called the writer's function, after the progress
 * display was told to clear itself (cari_progress_t's last).
 */
typedef void cari_message_func_t (void *data, cari_message_t kind,
				  const char *where, const char *text);

/**
 * Open the index at path to write (creating it when path does not exist
 * or is empty), holding its lock until cari_writer_destroy, and check its
 * schema, into *out.  Returns CARI_STATUS_SUCCESS, or the failure's status
 * (CARI_STATUS_INDEX_LOCKED, CARI_STATUS_SCHEMA_MISMATCH, ...) with *out
 * NULL and, when error_message is not NULL, *error_message (free with
 * free(); NULL when out of memory) set to the whole message, e.g. "the
 * index 'DIR' is locked: another cari-index is writing to it; wait until
 * it ends, then run this again".
 */
cari_status_t
cari_writer_open (const char *path, const cari_writer_options_t *options,
		  cari_writer_t **out, char **error_message);

/** Give the run's messages to func (NULL: to none, the default). */
void
cari_writer_set_message_handler (cari_writer_t *w, cari_message_func_t *func,
				 void *data);

/**
 * A function for the failure that ends the process: libxapian can throw
 * from inside its own clean-up (seen when a parallel build's shards run
 * out of disk), which nothing can catch and C++ ends with std::terminate.
 * The message says what Xapian reported and what to do (for a full disk,
 * as cari_writer_status_string would).  func should print it and _exit();
 * if it returns, the process aborts.
 */
typedef void cari_fatal_func_t (const char *message);

/** Call func (NULL: none, C++'s default abort) for such a failure, in
 * whichever thread it happens.  For the whole process. */
void
cari_set_fatal_handler (cari_fatal_func_t *func);

/** The message of the last failure on w (what failed, why, what to do),
 * or NULL (none, or none could be made: out of memory); borrowed from w. */
const char *
cari_writer_status_string (cari_writer_t *w);

/** Rewrite the index compactly and swap it in (--compact).  The status. */
cari_status_t
cari_writer_compact (cari_writer_t *w);

/** Get ready to change articles: the analyzer, the delta.  The status. */
cari_status_t
cari_writer_begin (cari_writer_t *w);

/** Delete the article with this id (a missing or bad id counts as an
 * error, with a warning).  The status. */
cari_status_t
cari_writer_delete (cari_writer_t *w, const char *id);

/** Delete the ids listed in the file at path ("-": standard input), one a
 * line, blank lines and # comments ignored.  The status. */
cari_status_t
cari_writer_delete_from (cari_writer_t *w, const char *path);

/** After the deletions, before the first cari_writer_add: the hashes the
 * index holds, the spelling data, the shards of a parallel build.  The
 * status. */
cari_status_t
cari_writer_prepare (cari_writer_t *w);

/** Add the articles of a file, a directory tree or "-" (standard input),
 * replacing those with the same ids.  The status. */
cari_status_t
cari_writer_add (cari_writer_t *w, const char *path);

/** Remove the articles of the directory tree at path whose files are gone
 * (nothing when path is not a directory).  The status. */
cari_status_t
cari_writer_prune (cari_writer_t *w, const char *path);

/**
 * End the run: merge a parallel build's shards (when ok), commit, and
 * merge a delta grown to an eighth of the index into it.  With ok 0 (a
 * step failed, its message taken) only what the failure left is closed:
 * CARI_STATUS_SUCCESS unless that fails too.  The status.
 */
cari_status_t
cari_writer_finish (cari_writer_t *w, int ok);

/** What the run did so far. */
void
cari_writer_counts (const cari_writer_t *w, cari_writer_counts_t *out);

/** Close the writer (releasing the lock).  Does nothing if w is NULL. */
void
cari_writer_destroy (cari_writer_t *w);

/* ------------------------------------------------------------------ */
/* Takedowns (lib/takedown.c): ids that stay out of the index until
 * lifted, whatever the input holds (a --delete is undone by the next run
 * that reads the article).  Kept in DIR/takedowns, beside the generations:
 * compactions, swaps and rebuilds into DIR keep it.  A writer's run skips
 * the articles whose id is listed (counted in taken_down) and deletes any
 * the index still holds.  The functions say as the writer's do: a status,
 * its message in cari_writer_status_string, warnings to the handler. */

/**
 * Take the article with this id down: list the id (durably, before the
 * index changes), then delete the article if the index holds it (*found,
 * when not NULL, is then 1; cari_writer_finish commits).  Returns
 * CARI_STATUS_SUCCESS, CARI_STATUS_ILLEGAL_ARGUMENT when id cannot be
 * listed (empty, too long, a line break: nothing changed, the run may go
 * on), or the status of the list's or the index's failure.
 */
cari_status_t
cari_takedown_add (cari_writer_t *w, const char *id, int *found);

/**
 * cari_takedown_add for each id of the file at path ("-": standard
 * input), one a line, blank lines and # comments ignored; the list is
 * written once.  *listed gets the ids listed, *found the articles deleted,
 * *refused the ids not listed and files not read (each with a warning).
 * Returns CARI_STATUS_SUCCESS or the status of a failure.
 */
cari_status_t
cari_takedown_add_from (cari_writer_t *w, const char *path,
			unsigned long *listed, unsigned long *found,
			unsigned long *refused);

/**
 * Lift the takedown of id: the next run that reads the article indexes it
 * again.  Returns CARI_STATUS_SUCCESS, CARI_STATUS_ILLEGAL_ARGUMENT when
 * id is not taken down (nothing changed, the run may go on), or the
 * status of the list's failure.
 */
cari_status_t
cari_takedown_lift (cari_writer_t *w, const char *id);

/** Called for each id taken down, with when it was (ISO 8601); a non-zero
 * return stops the listing. */
typedef int cari_takedown_func_t (void *ctx, const char *id,
				  const char *when);

/**
 * Call func for each id taken down in the index at path, in byte order.
 * Needs no lock.  Returns CARI_STATUS_SUCCESS, or the status of a list
 * that cannot be read with, when error_message is not NULL,
 * *error_message (free with free()) set to the whole message.
 */
cari_status_t
cari_takedown_list (const char *path, cari_takedown_func_t *func, void *ctx,
		    char **error_message);

/* ------------------------------------------------------------------ */
/* Maintenance (lib/maintain.c) */

/** 1 when path holds an index (of either layout), else 0. */
int
cari_index_exists (const char *path);

/**
 * Print articles, dates, sources, terms and size on disk of the index at
 * path on stdout (--stats): the one function of the library that prints,
 * since printing is what it is asked for.  Returns CARI_STATUS_SUCCESS, or
 * the failure's status with, when error_message is not NULL,
 * *error_message (free with free()) set to the whole message.
 */
cari_status_t
cari_index_print_stats (const char *path, char **error_message);

/** Seconds on the monotonic clock since t0. */
double
cari_seconds_since (const struct timespec *t0);

/** t as ISO 8601 local time with its offset (2026-12-02T05:50:01+07:00)
 * into buf (32 bytes are enough).  Returns its length (lib/isotime.c). */
size_t
cari_iso_time (time_t t, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* Search: from query text to the JSON of its hits
 *
 * The search logic shared by cari-query and cari-serve, so that both read
 * the query language the same way and answer with the same JSON schema:
 *
 *   {
 *     "query": "the query as given",
 *     "total": 123,            the articles holding some of the words
 *                              (counted when few may, else Xapian's
 *                              estimate: see total_exact)
 *     "offset": 0,             rank - 1 of the first hit returned
 *     "hits": [ {
 *       "rank": 1,             1-based over the whole result list
 *       "id", "title", "url", "date" (YYYY-MM-DD or ""), "source": strings
 *       "score": 12.3,         BM25 weight (higher is better)
 *       "snippet_text": "…",   best passage, UTF-8, "…" where text is cut
 *       "snippet_html": "…",   the same HTML-escaped, matches in <mark>
 *       "title_html": "…",     the title HTML-escaped, matches in <mark>
 *       "highlights": [[s, e], ...]  byte ranges of matches in snippet_text
 *       "title_derived": false, true when the article has no title: title and
 *                              title_html are then its first words (its
 *                              url when it has no text)
 *       "author": "…",         the CMS fields, each only when the article
 *       "rubrik": "…",         has it: author (several joined by ", "),
 *       "tags": ["…", ...],    rubrik (section) and tags as written, image
 *       "image": "https://…",  an http:// or https:// URL
 *       "copies": 2,           only with collapse or copies_of: how many
 *                              other articles are copies of this one's
 *                              story (its wire-copy group; 0: none)
 *       "group": "id"          with copies: the group's key, the id of its
 *                              first article (give it, or any member's
 *                              id, as copies_of to list the group)
 *     } ... ],
 *     "suggestion": "…",       only when a corrected query finds more
 *     "corrected_query": "…",  only when the hits are those of a corrected
 *     "query_as_typed": "…"    query (few articles hold all the words of
 *                              the query as typed, many those of the
 *                              correction); query_as_typed is query
 *     "partial": true,         only when the time limit stopped the search:
 *                              the best hits of the articles it looked at;
 *                              or when remote shards were left out:
 *     "shards_missing": ["HOST:PORT", ...],  those (cari_set_partial_shards)
 *     "total_exact": true,     whether total is a count, not an estimate
 *     "total_all": 25,         of them, those holding every word (= total
 *                              for a query of one word); _exact as above
 *     "total_all_exact": true,
 *     "total_listed": 123,     how many the hits run to: total by relevance,
 *                              total_all newest first (hits hold every word)
 *     "some_words_only": true, only when no article holds every word: the
 *                              hits are of articles with some
 *     "undated": 12,           only with a date filter, when articles of the
 *                              index have no date: they are in no range
 *     "related_to": "ID",      only for the related articles of an article
 *     "related_title": "…",    (cari_request_t's related_id): its id and
 *                              title; "query" is then ""
 *     "expanded_query": "…",   only when synonyms changed the query: the
 *                              query as searched, (KPK OR "Komisi
 *                              Pemberantasan Korupsi") for KPK
 *     "synonyms": "…",         with expanded_query: the identity of the
 *                              synonyms file (cari_synonyms_identity)
 *     "facets": {              only when asked for (req->facets): the
 *                              articles the hits are of (total_all, or
 *                              total with some_words_only), counted
 *       "source": [{"value": "tempo.co", "count": 12}, ...],
 *       "year": [{"value": "2024", ...}], "month": [{"value": "2024-10",
 *       ...}], "rubrik": [...], "tag": [...]   most articles first, ties
 *                              by value; at most facet_limit each
 *     },
 *     "facets_exact": true,    with facets: every such article counted
 *                              (not past 20,000, nor when partial)
 *     "ranking": "fresh",      how the hits are ordered: "relevance", "date"
 *                              or "fresh" (fresh_half_life_days), and then:
 *     "half_life_days": 30,    the half-life, and
 *     "now": "2026-12-03T00:00:00Z"  what ages count from (UTC); each hit
 *                              then has "fresh_score": log2 (score) +
 *                              (its day - now) / half_life_days (null for
 *                              a score of 0), what it is ranked by
 *   }
 *
 * Fields may be added later; none will be removed or change meaning.
 * With no_snippets, snippet_text and snippet_html are "" and highlights [].
 *
 * A searcher is not thread-safe: open one per thread.
 *
 */

typedef struct cari_searcher cari_searcher_t;

/**
 * Open the index in dbpath to search it, into *out.  Returns
 * CARI_STATUS_SUCCESS, or the failure's status with *out NULL and *error
 * (free with free()) set to a whole message naming dbpath and saying what
 * to do, e.g. "no index at DIR; build one with: cari-index --db DIR
 * FILE...": CARI_STATUS_INDEX_NOT_FOUND, CARI_STATUS_INDEX_CORRUPT,
 * CARI_STATUS_SCHEMA_MISMATCH (another schema or no cari index),
 * CARI_STATUS_OUT_OF_MEMORY or CARI_STATUS_INDEX_ERROR.
 */
cari_status_t
cari_searcher_open (const char *dbpath, cari_searcher_t **out, char **error);

/** Does nothing if s is NULL. */
void
cari_searcher_destroy (cari_searcher_t *s);

/**
 * A warning about the index to show the user once (the index was built with
 * another lexicon: rebuild it), or NULL.  Borrowed from s.
 */
const char *
cari_searcher_warning (const cari_searcher_t *s);

/** An outlet of the index: its name as source: and --source take it
 * (ASCII lower case, as indexed), and how many articles it has. */
typedef struct cari_source {
    char *name;
    unsigned long articles;
} cari_source_t;

/**
 * The outlets of the index, most articles first, into *out (*n of them;
 * free with cari_sources_free).  Returns 0, or -1 when the index cannot
 * be read or memory ran out.
 */
int
cari_searcher_sources (cari_searcher_t *s, cari_source_t **out, size_t *n);

/** Frees the n outlets of list; does nothing if list is NULL. */
void
cari_sources_free (cari_source_t *list, size_t n);

/**
 * Cheap check that the searcher sees the latest committed index: reopens
 * it when a commit, a compaction or a parallel build changed it.  Returns
 * 0, or -1 when the index can no longer be opened (the searcher then keeps
 * what it had).
 */
int
cari_searcher_refresh (cari_searcher_t *s);

/** At most this many wildcards (prefix*) in a query: each costs a search
 * of its own over the terms it matches (125 me* took 86 s of CPU over
 * ../shared/corpus).  A query with more is refused (CARI_STATUS_BAD_QUERY,
 * the message names the limit). */
#define CARI_MAX_WILDCARDS 8
/** A wildcard finds the articles of at most this many of the words it
 * matches, those most articles hold (as Xapian expands a partial word). */
#define CARI_MAX_EXPANSION 100

/** How many of an article's best terms (Xapian's expand set over it)
 * make the query of its related articles (bench/README.md, issue 21). */
#define CARI_RELATED_TERMS 60

typedef struct cari_request {
    const char *query;          /* the query language, see cari-query(1) */
    unsigned offset;            /* hits to skip */
    unsigned limit;             /* hits to return, 1..10000 */
    size_t snippet_chars;       /* about this many characters; 0: 200 */
    const char *source;         /* only this outlet (as source:), or NULL */
    const char *since, *until;  /* YYYY-MM-DD, YYYY-MM or YYYY, or NULL */
    int sort_by_date;           /* newest first instead of best first */
    int no_snippets;            /* skip the snippets (faster) */
    int no_suggestion;          /* skip "did you mean" and corrections
				 * (faster) */
    unsigned time_limit_ms;     /* stop the search after this many ms and
				 * return what it found, marked partial
				 * (0: no limit) */
    int exact;                  /* search the query as typed: a correction
				 * (see corrected_query) is only offered,
				 * as the suggestion */
    const char *rubrik;         /* only this rubrik (as rubrik:; a rubrik
				 * facet's value), or NULL; at most 100
				 * bytes */
    const char *tag;            /* only articles with this tag (as tag:; a
				 * tag facet's value), or NULL; at most 100
				 * bytes */
    int collapse;               /* one hit for each group of wire copies
				 * (the best ranked), with its copies and
				 * group; the totals then count the hits
				 * as collapsed, exact only when the search
				 * looked at every article (else the count
				 * of articles, marked not exact) */
    const char *copies_of;      /* or NULL: list the group of the article
				 * with this id, newest first (query is
				 * then ignored and may be NULL) */
    const char *related_id;     /* or NULL: the hits are the articles most
				 * related to the article of this id
				 * (lib/related.c; query may then be NULL
				 * and is not searched): the same subject
				 * by its CARI_RELATED_TERMS best terms,
				 * without the article itself, its
				 * reposts (the same title) and its wire
				 * copies (its group, CARI_SLOT_GROUP);
				 * the filters still apply, sort_by_date
				 * does not (best first).  At most
				 * 200 bytes (an id's longest). */
    /* Facets (lib/facets.c; see cari_results_t's facets). */
    int facets;                 /* count the hits' articles by facet */
    unsigned facet_limit;       /* values of each facet, at most
				 * CARI_FACET_LIMIT_MAX; 0: CARI_FACET_LIMIT */
    /* Fresh (lib/fresh.c): relevance mixed with recency, "what is new
     * about X".  A hit's fresh_score is log2 (its BM25 weight) + (its
     * day - now) / half-life, in days: the weight halves every half-life
     * of age.  The hits are the best by it over every article that
     * matches, each tier (every word, then some) as by relevance; an
     * article without a date counts as of CARI_DATE_FIRST, the oldest.
     * Not with sort_by_date; wire copies are not collapsed (collapse is
     * ignored).  The counts are those of relevance. */
    double fresh_half_life_days;    /* 0: off; else CARI_HALF_LIFE_MIN_DAYS
				 * to CARI_HALF_LIFE_MAX_DAYS */
    time_t now;                 /* ages are counted from (0: the current
				 * time) */
} cari_request_t;

/** Values of each facet by default, and at most (cari_request_t). */
#define CARI_FACET_LIMIT 10
#define CARI_FACET_LIMIT_MAX 100

/* Fresh: the half-lives a request may ask for (1 hour to 100 years), and
 * the one cari-query --sort fresh and cari-serve use unless told. */
#define CARI_HALF_LIFE_MIN_DAYS (1.0 / 24)
#define CARI_HALF_LIFE_MAX_DAYS 36525.0
#define CARI_HALF_LIFE_DEFAULT "30d"
/* What cari_parse_half_life takes, for messages. */
#define CARI_HALF_LIFE_FORMS "a number of days (30), or of hours, days " \
    "or weeks with h, d or w after it (12h, 30d, 2w), from 1h to 36525d"

/**
 * Parse a half-life: digits (a decimal point allowed), then nothing
 * (days), h (hours), d (days) or w (weeks), at most 16 bytes: "30", "30d",
 * "2w", "12h", "1.5d", into *days.  Returns 0, -1 when s is not of that
 * form, -2 when it is outside CARI_HALF_LIFE_MIN_DAYS to
 * CARI_HALF_LIFE_MAX_DAYS (*days is then 0).
 */
int
cari_parse_half_life (const char *s, double *days);

/**
 * Parse the day fresh ages count from: YYYY-MM-DD (a real day, from
 * CARI_DATE_FIRST to 9999-12-31), as 00:00 UTC of that day, into *out.
 * Returns 0, or -1 when s is not such a day.
 */
int
cari_parse_now (const char *s, time_t *out);

/** Status of a failed search, in *status (names kept from before
 * cari_status_t). */
#define CARI_SEARCH_USER_ERROR CARI_STATUS_BAD_QUERY
#define CARI_SEARCH_INDEX_ERROR CARI_STATUS_INDEX_ERROR
/** The article of req->related_id is not in the index (the message names
 * the id). */
#define CARI_SEARCH_NOT_FOUND CARI_STATUS_NOT_FOUND

/** A byte range [start, end) of a text: a match in a snippet. */
typedef struct cari_span {
    size_t start, end;          /* byte offsets in the snippet's text */
} cari_span_t;

/** One hit of a search: the fields of the JSON above.  Every pointer is
 * borrowed from the cari_results_t that holds the hit. */
typedef struct cari_hit {
    unsigned rank;              /* 1-based over the whole result list */
    double score;               /* BM25 weight (higher is better) */
    const char *id, *title, *url, *date, *source;   /* date: YYYY-MM-DD or "" */
    const char *snippet_text;   /* snippet_len bytes of UTF-8 ("" with
				 * no_snippets), NUL-terminated */
    size_t snippet_len;
    const char *snippet_html, *title_html;  /* escaped, matches in <mark> */
    const cari_span_t *highlights;  /* the matches in snippet_text */
    size_t n_highlights;
    int title_derived;          /* no title: title is the text's first words
				 * (or the url) */
    /* The CMS fields, NULL (n_tags 0) when the article has none: */
    const char *author;         /* several: ", " between */
    const char *rubrik;         /* the section, as written */
    const char *image;          /* an http:// or https:// URL */
    const char *const *tags;    /* as written */
    size_t n_tags;
    /* Wire copies: with collapse or copies_of, the key of the hit's group
     * (the id of its first article) and how many other articles it holds;
     * else NULL and 0. */
    const char *group;
    unsigned long copies;
    double fresh_score;         /* ranked fresh: log2 (score) + (date -
				 * now) / half-life (-HUGE_VAL for a score
				 * of 0); else NAN */
} cari_hit_t;

/** One value of a facet and how many articles have it. */
typedef struct cari_facet_value {
    const char *value;          /* borrowed from the results */
    unsigned long count;
} cari_facet_value_t;

/** One facet of a search's articles: name is "source" (the outlet's name
 * as cari_searcher_sources gives it, source: takes it), "year" (YYYY),
 * "month" (YYYY-MM; articles with no date are in neither), "rubrik" or
 * "tag" (as the article gave them; each of an article's tags counts).
 * values: the facet_limit values most articles have, most first, ties in
 * byte order. */
typedef struct cari_facet {
    const char *name;
    const cari_facet_value_t *values;
    size_t n_values;
} cari_facet_t;

/** The results of a search (free with cari_results_destroy). */
typedef struct cari_results {
    const char *query;          /* req->query: borrowed from the request */
    unsigned long long total;   /* the articles with some of the words */
    unsigned offset;            /* rank - 1 of the first hit */
    const cari_hit_t *hits;
    size_t n_hits;
    const char *suggestion;     /* a corrected query that finds more, or
				 * NULL */
    const char *corrected_query;    /* the query these hits are of, when
				 * query had a word few articles hold and
				 * its correction finds more (then query is
				 * as typed); NULL: as typed */
    int partial;                /* the time limit stopped the search: the
				 * hits are the best of the articles it
				 * looked at, total may be low */
    /* The counts ("total_all" and the rest in the JSON above): they do not
     * depend on the order asked for, nor on the limit. */
    unsigned long long total_all;   /* of total, those with every word */
    int total_exact, total_all_exact;   /* counted, not estimated */
    unsigned long long total_listed;    /* how many the hits run to */
    int some_words_only;        /* no article holds every word */
    unsigned long undated;      /* with a date filter: how many articles of
				 * the index have no date, and so are in no
				 * date range; else 0 */
    const char *related_to;     /* req->related_id (borrowed), or NULL */
    const char *related_title;  /* that article's title (its first words
				 * when it has none), or NULL */
    const char *expanded_query; /* the query as searched, when synonyms
				 * (cari_searcher_set_synonyms) changed it,
				 * else NULL */
    const char *synonyms;       /* with expanded_query: the identity of the
				 * synonyms file (cari_synonyms_identity) */
    /* With req->facets: the articles the hits are of (total_all of them,
     * or with some_words_only total), each filter holding, counted by
     * source, year, month, rubrik and tag, in that order; the same for
     * either order and any offset or limit.  NULL without. */
    const cari_facet_t *facets;
    size_t n_facets;
    int facets_exact;           /* every such article was counted: not
				 * when more than 20,000 are, or the time
				 * limit stopped the count */
    const char *ranking;        /* "relevance", "date" (asked for, or a
				 * query of filters only) or "fresh"
				 * (static) */
    double half_life_days;      /* ranked fresh: the half-life; else 0 */
    time_t now;                 /* ranked fresh: what ages count from */
    /* Remote shards left out (cari_set_partial_shards): their HOST:PORT,
     * n_missing_shards of them (partial is then set too); NULL, 0: none. */
    const char *const *missing_shards;
    size_t n_missing_shards;
} cari_results_t;

/**
 * Run req into *out (free with cari_results_destroy; it borrows
 * req->query).  Returns 0, or CARI_SEARCH_USER_ERROR (the message in
 * *error says what to change) or CARI_SEARCH_INDEX_ERROR, with *out NULL
 * and *error to free() with free().
 */
int
cari_searcher_run (cari_searcher_t *s, const cari_request_t *req,
		   cari_results_t **out, char **error);

/** Does nothing if r is NULL. */
void
cari_results_destroy (cari_results_t *r);

/** The JSON document above of r (free with json_decref()); NULL when out
 * of memory. */
json_t *
cari_results_json (const cari_results_t *r);

/** The JSON of one hit, as in "hits" above; NULL when out of memory. */
json_t *
cari_hit_json (const cari_hit_t *h);

/**
 * Run req: cari_searcher_run, then cari_results_json.  Returns the JSON
 * document above (free with json_decref()), or NULL with *status set to
 * CARI_SEARCH_USER_ERROR (the message in *error says what to change) or
 * CARI_SEARCH_INDEX_ERROR, and *error to free() with free().
 */
json_t *
cari_searcher_search (cari_searcher_t *s, const cari_request_t *req,
		      int *status, char **error);

/* ------------------------------------------------------------------ */
/* Synonyms (lib/synonyms.c): abbreviations and their long forms searched
 * as one another, at query time
 *
 * A file of groups, one a line, the forms joined by '=':
 *     KPK = Komisi Pemberantasan Korupsi     # '#' starts a comment
 * A query word (or run of words) that is a form is searched as its group:
 * KPK and Komisi Pemberantasan Korupsi both as (KPK OR "Komisi
 * Pemberantasan Korupsi"), which the results give as expanded_query.  A
 * form written in capitals whose lower case is a word (AS: as) matches only
 * a query word in capitals.  Nothing of it is in the index: a site changes
 * the file and restarts, without a rebuild.
 */

/** Limits of a synonyms file, each refused with FILE:LINE. */
#define CARI_SYNONYM_MAX_LINE 1024      /* bytes a line */
#define CARI_SYNONYM_MAX_FORM 128       /* bytes a form */
#define CARI_SYNONYM_MAX_FORM_S "128"
#define CARI_SYNONYM_MAX_WORDS 8        /* words a form */
#define CARI_SYNONYM_MAX_WORDS_S "8"
#define CARI_SYNONYM_MAX_FORMS 16       /* forms a group */
#define CARI_SYNONYM_MAX_FORMS_S "16"
#define CARI_SYNONYM_MAX_GROUPS 10000   /* groups a file */
/** At most this many forms of a query are rewritten (the rest are searched
 * as typed): each long form is a phrase, checked on the stored text of the
 * articles holding its words (bench/README.md, issue 21). */
#define CARI_SYNONYM_MAX_REWRITES 8

typedef struct cari_synonyms cari_synonyms_t;

/** The file to load when none is named: $CARI_SYNONYMS, else the one
 * installed (PKGDATADIR/synonyms.txt).  "none" means no synonyms. */
const char *
cari_synonyms_default_path (void);

/**
 * Read the synonyms file at path into *out (free with
 * cari_synonyms_destroy).  Returns CARI_STATUS_SUCCESS, or with *out NULL
 * and *error (free with free()) the whole message, "PATH:LINE: what is
 * wrong; ..." for a bad line: CARI_STATUS_ILLEGAL_ARGUMENT (unreadable, a
 * bad line, a limit above passed) or CARI_STATUS_OUT_OF_MEMORY.
 */
cari_status_t
cari_synonyms_load (const char *path, cari_synonyms_t **out, char **error);

/** Does nothing if syn is NULL. */
void
cari_synonyms_destroy (cari_synonyms_t *syn);

/** Which file the groups came from, "PATH GROUPS BYTES HASH" (HASH: 16 hex
 * digits of FNV-1a over its bytes), as cari.lexicon names the lexicon;
 * "none" for NULL.  Borrowed from syn. */
const char *
cari_synonyms_identity (const cari_synonyms_t *syn);

/** How many groups syn has (0 for NULL). */
size_t
cari_synonyms_groups (const cari_synonyms_t *syn);

/** Search s with the synonyms of syn (borrowed: keep it until s is
 * destroyed or set again), NULL for none, the default. */
void
cari_searcher_set_synonyms (cari_searcher_t *s, const cari_synonyms_t *syn);

/* Remote shards (issue 22): "remote HOST:PORT" lines in an index's stub
 * DIR/XAPIANDB, each a database served by xapian-tcpsrv, searched with the
 * local "glass" parts as one index (BM25 over the whole collection). */

/** The default of cari_set_shard_timeout, in milliseconds. */
#define CARI_SHARD_TIMEOUT_MS 3000

/**
 * How long a remote shard may take to accept a connection and to answer
 * each message, in milliseconds (0: the default, CARI_SHARD_TIMEOUT_MS);
 * past it the open or the search fails naming the shard, or leaves it out
 * (cari_set_partial_shards).  For the whole process, before the opens.
 */
void
cari_set_shard_timeout (unsigned ms);

/**
 * allow non-zero: a remote shard that is down or does not answer in time
 * is left out, and the results of the others are marked (partial, and
 * missing_shards in cari_results_t: JSON "partial": true and
 * "shards_missing"); 0 (the default): the open or the search fails with a
 * message naming the shard.  For the whole process, before the opens.
 */
void
cari_set_partial_shards (int allow);

#ifdef __cplusplus
}
#endif

#endif /* CARI_H */
