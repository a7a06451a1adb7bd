/* writer.h - the writer of an index, its batches and its parallel build
 * (private to lib/: writer.c, build.c, ingest.c, maintain.c)
 *
 * Two ways to write, one result:
 *   - one writer (an existing index, or --jobs 1): each article is looked
 *     skipped when the bytes it was read from (its JSON line, or its file)
 *     hash as when it was indexed, else looked up by id and replaced; the
 *     hashes the index holds are loaded first, so that an unchanged article
 *     is not even parsed (JSON parsing was more than half of a nightly run
 *     with nothing new);
 *     a commit every --batch changes and at the end, so that a kill loses
 *     at most the batch in progress and a re-run completes the work;
 *   - parallel shards (a new or empty index and --jobs N > 1): articles are
 *     dealt out to N worker threads, each writing its own Xapian shards
 *     under DIR/build (a new one every SHARD_ROLL articles); at the end
 *     Xapian's compaction merges the shards into a new generation of the
 *     index, which one rename(2) of the stub makes current (see
 *     lib/layout.h).  Until then the index is the empty one it was, so
 *     a killed build leaves an empty index and a re-run builds it again.
 *     Xapian's inverter is where the time goes (>70%), and it is
 *     single-threaded per database: shards are how it uses more than one
 *     core.
 *
 * The writer says, it does not print (include/cari.h): a failure that
 * stops the run is a status with its message kept on the writer
 * (_cari_fail), what the run goes on from is a message to the program's
 * handler (_cari_warn, _cari_say).  The program names itself.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_WRITER_H
#define CARI_WRITER_H

#include "corpus/files.h"
#include "include/cari.h"
#include "lib/index.h"
#include "lib/layout.h"
#include "lib/schema.h"

#include <pthread.h>
#include <time.h>

#define QUEUE_MAX 256           /* articles waiting per worker */
/** A shard of a parallel build flushes every this many articles, without
 * fsync: the build is all or nothing, so these flushes need not be durable,
 * and Xapian inverts small batches faster than big ones (measured on
 * ../shared/corpus: 200 articles a batch used 25% less CPU than 1000). */
#define SHARD_BATCH 250
/** A worker of a parallel build starts a new shard every this many
 * articles: each flush rewrites the blocks it touches, which grow with
 * the shard, so a shard of 50,000 articles cost 20% more CPU an article
 * and 30 times the system time of shards of 12,500 merged at the end. */
#define SHARD_ROLL 10000
/* A parallel build's spelling data holds the words of at least this many
 * of its articles: words of one article are most of the vocabulary and
 * of the cost (with them, a build of ../shared/corpus took 57% longer). */
#define BUILD_SPELLING_MIN 2
#define BUILD_SPELLING_MIN_ARTICLES 1000
/** Article text beyond this is not indexed (and a warning says so). */
#define MAX_CONTENT_BYTES (2u << 20)
/* Caps on the other fields (every hit returns them: a 30 MB title made
 * each one 67 MB of JSON).  A longer title is cut (its start still reads
 * as the title); a longer url or source is left out (a cut url links
 * elsewhere, a cut source names another outlet).  Ids are capped by the
 * readers (CARI_MAX_ID_BYTES: the line is refused, a cut id would be
 * another article's). */
#define MAX_TITLE_BYTES 2000
#define MAX_URL_BYTES 4096
#define MAX_SOURCE_BYTES 200

/* ------------------------------------------------------------------ */
/* The ids seen in this run: duplicates are warned about (last wins).    */
/* ------------------------------------------------------------------ */

struct seen {
    char *id;                   /* NULL: free slot */
    char hash[17];
    int shard, sub;             /* where a parallel build sent it */
    const char *file;
    unsigned long line;
};

struct seen_table {
    struct seen *slots;
    size_t size, count;
    char **names;               /* the files entries name, each once */
    size_t nnames;
};

/* The source hashes the index holds, each with its article's id, sorted
 * by hash: an article read from bytes with a known hash is unchanged. */
struct known {
    unsigned long long hash;
    char *id;
};

struct known_table {
    struct known *v;
    size_t n, size;
    int failed;
};

/* ------------------------------------------------------------------ */
/* Parallel shards                                                      */
/* ------------------------------------------------------------------ */

/* An article copied for a worker: all strings in one allocation. */
struct item {
    struct item *next;
    cari_article_t a;
    char hash[17];
    int sub;                    /* the worker's shard for it */
    int old_sub;                /* an earlier shard with its id, or -1 */
    char buf[];
};

/* An id to delete from an earlier shard of a worker, once it is done. */
struct later_delete {
    int sub;
    char *id;
};

struct shard {
    pthread_t thread;
    int started;
    char *path;                 /* DIR/build/shard-N: each of its shards */
    char **subs;                /* is path.K, K from 0 to nsubs - 1; */
    int nsubs;                  /* the last is db (the worker's) */
    unsigned long pushed;       /* articles given to it (main thread) */
    unsigned long roll;         /* SHARD_ROLL */
    struct later_delete *dels;
    size_t ndels;
    cx_db_t *db;
    cari_analyzer_t *an;
    cx_doc_t *doc;
    unsigned long batch, pending;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct item *head, *tail;
    size_t len;
    int closed;
    cx_status_t status;         /* the first failure, then items drained */
    char error[512];
    struct _cari_copies *copies;    /* the run's (wire copies) */
};

/* ------------------------------------------------------------------ */
/* One run                                                              */
/* ------------------------------------------------------------------ */

struct cari_writer {
    const char *dbpath;
    cx_db_t *db;                /* the writer: holds the lock throughout */
    cari_analyzer_t *an;
    cx_doc_t *doc;
    unsigned long batch, pending, commits;
    int quiet;
    unsigned long added, replaced, skipped, errors, deleted;
    int deleting;               /* --delete, --delete-from or --prune */
    int spelling;               /* add words to the spelling data */
    int prune;
    cari_format_t format;
    const char **dirs;          /* the directory operands so far */
    size_t ndirs;
    struct seen_table seen;
    struct known_table known;   /* empty for a new index */
    int want_delta;             /* new articles go to a delta (lib/layout.h) */
    int has_delta;              /* r->db has it attached */
    /* Parallel shards, when nshards > 0. */
    struct shard *shards;
    int nshards;
    int layout;                 /* 1: the stub layout, 0: an older cari's */
    int jobs;
    int delete_from;            /* ids are deleted from a file this run */
    unsigned long before;       /* articles in the index at the start */
    /* Progress. */
    cari_progress_func_t *progress;
    void *progress_ctx;
    unsigned long long bytes_total, bytes_done;
    unsigned long articles;
    struct timespec t0;
    /* Inputs not read at all; takedowns (lib/takedown.c). */
    unsigned long unread, taken_down;
    struct _cari_takedowns *takedowns;
    /* What the writer says (writer.c). */
    pthread_mutex_t status_mu;  /* status_string: set in any thread */
    char *status_string;
    cari_status_t status;       /* of the last _cari_fail */
    cari_message_func_t *message;
    void *message_data;
    struct _cari_copies *copies;    /* this run's articles (lib/copies.h) */
    struct _cari_shardset *sharded; /* an index of shards (lib/shards.h):
				     * r->db is NULL, each shard has its
				     * own writer */
};

/* Shared by the writer's files. */

/* ids.c: the ids seen in the run, the hashes the index holds */

struct seen *
_cari_seen_get (struct seen_table *t, const char *id, int *is_new);

const char *
_cari_seen_name (struct seen_table *t, const char *name);

void
_cari_seen_free (struct seen_table *t);

int
_cari_known_add (void *ctx, const char *value, size_t len);

int
_cari_known_cmp (const void *a, const void *b);

const char *
_cari_known_get (const struct known_table *t, const char *hash);

void
_cari_known_free (struct known_table *t);

/* say.c: what the writer says */

/** Tell the caller's progress display where the run is: every 64
 * articles, and (last) before a message or at the end of the input.  pos
 * is the offset in the current file. */
void
_cari_progress (struct cari_writer *r, unsigned long long pos, int last);

/** Keep st and the message made like printf's from fmt as r's status
 * and status string (under r->status_mu) and return st.  The internal
 * functions that return -1 "(failed)" have called it; the public ones
 * then return r->status. */
cari_status_t
_cari_fail (struct cari_writer *r, cari_status_t st, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/** _cari_fail with "WHAT 'DBPATH': STATUS[: the binding's detail]". */
cari_status_t
_cari_fail_index (struct cari_writer *r, cx_status_t st, const char *what);

/** A message of kind to the handler, if any: about file:line (line 0: the
 * whole file; file NULL: about none). */
void
_cari_say (struct cari_writer *r, cari_message_t kind, const char *file,
	   unsigned long line, const char *fmt, ...)
    __attribute__ ((format (printf, 5, 6)));

#define _cari_warn(r, ...) _cari_say ((r), CARI_MESSAGE_WARNING, __VA_ARGS__)

/* ids.c: a file of ids, one a line (blank lines and # comments ignored,
 * blanks around an id dropped; path "-": standard input).  Calls func
 * with each id and its line number until it returns non-zero.  Returns
 * 0, func's non-zero return, or CARI_ID_FILE_UNOPENED or
 * CARI_ID_FILE_UNREAD (then errno says why) when the file cannot be
 * opened or read to its end. */
#define CARI_ID_FILE_UNOPENED (-1000)
#define CARI_ID_FILE_UNREAD (-1001)
int
_cari_id_file_each (const char *path,
		    int (*func) (void *ctx, char *id, unsigned long line),
		    void *ctx);

/* writer.c: one article at a time */

int
_cari_skip_known (struct cari_writer *r, const char *hash,
		  const char *name, unsigned long line);

int
_cari_index_article (struct cari_writer *r, const cari_article_t *a0,
		     const char *hash, const char *name, unsigned long line);

void
_cari_article_done (struct cari_writer *r, unsigned long long pos);

void
_cari_test_kill_point (const char *event, unsigned long n);

/* build.c: the parallel build */

int
_cari_shards_open (struct cari_writer *r, int n);

int
_cari_shard_push (struct shard *s, const cari_article_t *a,
		  const char *hash, int *sub, int old_sub);

int
_cari_shards_close (struct cari_writer *r);

int
_cari_shards_merge (struct cari_writer *r);

void
_cari_shards_free (struct cari_writer *r);

/* ingest.c: the input */

int
_cari_index_file (struct cari_writer *r, const char *path);

cari_format_t
_cari_format_of (const char *path);

char *
_cari_dir_tag (const char *dir);

/* takedown.c */

/* The first call of a run deletes the listed articles the index still
 * holds; then 1 when id (may be NULL) is taken down (counted), 0 when
 * not, -1 when the list cannot be read (failed). */
int
_cari_takedown_check (struct cari_writer *r, const char *id);

void
_cari_takedowns_free (struct _cari_takedowns *t);

/* maintain.c */

cari_status_t
_cari_compact (struct cari_writer *r, int quiet);

#endif /* CARI_WRITER_H */
