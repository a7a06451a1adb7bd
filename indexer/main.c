/* main.c - cari-index: add news articles to a cari index
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
 *     index, which one rename(2) of the stub makes current (see lib/layout.h).
 *     Until then the
 *     index is the empty one it was, so a killed build leaves an empty
 *     index and a re-run builds it again.  Xapian's inverter is where the
 *     time goes (>70%), and it is single-threaded per database: shards are
 *     how it uses more than one core.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "corpus/files.h"
#include "lib/schema.h"
#include "lib/layout.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Exit statuses, documented in --help. */
enum {
    EXIT_OK = 0,                /* every article indexed or unchanged */
    EXIT_INPUT = 1,             /* some lines or files could not be read */
    EXIT_USAGE = 2,             /* bad command line */
    EXIT_INDEX = 3              /* the index could not be opened or written */
};

#define DEFAULT_BATCH 1000      /* measured: faster than bigger batches */
#define MAX_JOBS 64
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

enum format { FORMAT_AUTO, FORMAT_JSONL, FORMAT_TEXT, FORMAT_HTML };

static const char *prog = "cari-index";

static void
usage (int status)
{
    fprintf (status ? stderr : stdout,
"Usage: cari-index [OPTION]... FILE...\n"
"       cari-index [--db DIR] --delete ID...\n"
"       cari-index [--db DIR] --compact | --stats\n"
"Add the news articles in each FILE to the index in DIR, replacing\n"
"articles with the same id.  A FILE is JSON Lines (plain or gzip), a text\n"
"article (.txt), an HTML page (.html, .htm), a directory tree of those,\n"
"or - for standard input (JSON Lines unless --format says otherwise).\n"
"Articles that have not changed since the last run are skipped.\n"
"\n"
"  --db DIR            the index (default: $CARI_DB, else ./cari.db)\n"
"  -b, --batch N       commit every N changed articles (default %d); a\n"
"                      killed run loses at most the batch in progress\n"
"  -j, --jobs N        threads (default: the number of cores); a new or\n"
"                      empty index is built as N shards in parallel, then\n"
"                      merged with Xapian's compaction\n"
"  --format FORMAT     read files as jsonl, text or html, whatever their\n"
"                      names (default: by extension; JSON Lines otherwise)\n"
"  --prune             remove the articles of each directory FILE whose\n"
"                      files are gone\n"
"  --delete            the operands are article ids to remove, not files\n"
"  --delete-from FILE  remove the article ids listed in FILE, one a line\n"
"  --compact           rewrite the index compactly and swap it in at once\n"
"  --stats             print articles, dates, sources, terms, size on disk\n"
"  --no-spelling       add no words to the spelling data that cari-query's\n"
"                      \"did you mean\" draws on (smaller, faster index)\n"
"  -q, --quiet         print only errors: no progress, no summary\n"
"  -h, --help          show this help\n"
"\n"
"JSON Lines: one object a line; \"id\" (else \"url\") and \"content\" are\n"
"required; \"title\", \"url\", \"date\" (YYYY-MM-DD...), \"source\" optional.\n"
"Text: line 1 the title; optional \"Id:\", \"Date:\", \"Source:\", \"Url:\"\n"
"lines; a blank line; the body.  The id of a file in a directory tree is\n"
"DIRNAME/PATH unless an Id: line gives one, and of a file named alone\n"
"its path as given (name it the same way each run); read from standard\n"
"input, a text or HTML article needs an Id: line or a url (Url: line,\n"
"canonical link).  At most 2 MiB of an article's text is indexed.\n"
"\n"
"Exit status: 0 all articles indexed; 1 some lines or files were skipped\n"
"(each is reported as FILE:LINE: reason, the rest is indexed); 2 usage\n"
"error; 3 the index could not be opened, is locked by another run, or\n"
"could not be written (articles committed before the failure are kept).\n",
	     DEFAULT_BATCH);
    exit (status);
}

/* ------------------------------------------------------------------ */
/* Test hook: CARI_TEST_KILL_AT=EVENT:N kills the process with SIGKILL at */
/* the Nth EVENT (article, commit, merge), to test crash safety at exact  */
/* points.  Not for production use.                                      */
/* ------------------------------------------------------------------ */

static void
test_kill_point (const char *event, unsigned long n)
{
    static const char *spec;
    static int checked;
    if (!checked) {
	spec = getenv ("CARI_TEST_KILL_AT");
	checked = 1;
    }
    if (!spec)
	return;
    size_t len = strlen (event);
    if (strncmp (spec, event, len) == 0 && spec[len] == ':' &&
	strtoul (spec + len + 1, NULL, 10) == n) {
	fflush (NULL);
	raise (SIGKILL);
    }
}

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

static unsigned long long
str_hash (const char *s)
{
    unsigned long long h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
	h = (h ^ (unsigned char) *s) * 0x100000001b3ULL;
    return h;
}

/* The entry of id, added (with hash "") if new; *is_new says which.  NULL
 * when out of memory. */
static struct seen *
seen_get (struct seen_table *t, const char *id, int *is_new)
{
    if (t->count * 2 >= t->size) {
	size_t size = t->size ? t->size * 2 : 1024;
	struct seen *slots = calloc (size, sizeof *slots);
	if (!slots)
	    return NULL;
	for (size_t i = 0; i < t->size; i++) {
	    if (!t->slots[i].id)
		continue;
	    size_t j = str_hash (t->slots[i].id) & (size - 1);
	    while (slots[j].id)
		j = (j + 1) & (size - 1);
	    slots[j] = t->slots[i];
	}
	free (t->slots);
	t->slots = slots;
	t->size = size;
    }
    size_t j = str_hash (id) & (t->size - 1);
    while (t->slots[j].id) {
	if (strcmp (t->slots[j].id, id) == 0) {
	    *is_new = 0;
	    return &t->slots[j];
	}
	j = (j + 1) & (t->size - 1);
    }
    if (!(t->slots[j].id = strdup (id)))
	return NULL;
    t->count++;
    *is_new = 1;
    return &t->slots[j];
}

/* A copy of file name that lives as long as t (a directory walk reuses
 * its path buffer): the last one again, or a new one.  NULL when out of
 * memory. */
static const char *
seen_name (struct seen_table *t, const char *name)
{
    if (t->nnames && strcmp (t->names[t->nnames - 1], name) == 0)
	return t->names[t->nnames - 1];
    char **names = realloc (t->names, (t->nnames + 1) * sizeof *names);
    if (!names)
	return NULL;
    t->names = names;
    if (!(names[t->nnames] = strdup (name)))
	return NULL;
    return names[t->nnames++];
}

static void
seen_free (struct seen_table *t)
{
    for (size_t i = 0; i < t->size; i++)
	free (t->slots[i].id);
    free (t->slots);
    for (size_t i = 0; i < t->nnames; i++)
	free (t->names[i]);
    free (t->names);
}

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

static int
known_add (void *ctx, const char *value, size_t len)
{
    struct known_table *t = ctx;
    char hex[CARI_HASH_CHARS + 1];

    if (len <= CARI_HASH_CHARS)
	return 0;
    if (t->n == t->size) {
	size_t size = t->size ? t->size * 2 : 1024;
	struct known *v = realloc (t->v, size * sizeof *v);
	if (!v) {
	    t->failed = 1;
	    return 1;
	}
	t->v = v;
	t->size = size;
    }
    memcpy (hex, value, CARI_HASH_CHARS);
    hex[CARI_HASH_CHARS] = '\0';
    t->v[t->n].hash = strtoull (hex, NULL, 16);
    if (!(t->v[t->n].id = strndup (value + CARI_HASH_CHARS,
				   len - CARI_HASH_CHARS))) {
	t->failed = 1;
	return 1;
    }
    t->n++;
    return 0;
}

static int
known_cmp (const void *a, const void *b)
{
    unsigned long long x = ((const struct known *) a)->hash,
		       y = ((const struct known *) b)->hash;
    return (x > y) - (x < y);
}

/* The id of the article read from bytes with this hash, or NULL. */
static const char *
known_get (const struct known_table *t, const char *hash)
{
    struct known key = { strtoull (hash, NULL, 16), NULL };
    const struct known *k = t->n ? bsearch (&key, t->v, t->n, sizeof *t->v,
					    known_cmp) : NULL;
    return k ? k->id : NULL;
}

static void
known_free (struct known_table *t)
{
    for (size_t i = 0; i < t->n; i++)
	free (t->v[i].id);
    free (t->v);
}

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
};

static struct item *
item_copy (const cari_article_t *a, const char *hash)
{
    const char *s[] = { a->id, a->url, a->title, a->source, a->date };
    size_t n[5], total = a->content_len + 1;
    for (int i = 0; i < 5; i++)
	total += (n[i] = strlen (s[i])) + 1;
    struct item *it = malloc (sizeof *it + total);
    if (!it)
	return NULL;
    char *p = it->buf;
    const char **d[] = { &it->a.id, &it->a.url, &it->a.title, &it->a.source,
			 &it->a.date };
    for (int i = 0; i < 5; i++) {
	memcpy (p, s[i], n[i] + 1);
	*d[i] = p;
	p += n[i] + 1;
    }
    memcpy (p, a->content, a->content_len);
    p[a->content_len] = '\0';
    it->a.content = p;
    it->a.content_len = a->content_len;
    memcpy (it->a.date8, a->date8, sizeof a->date8);
    it->a.bad_date = a->bad_date;
    memcpy (it->hash, hash, 17);
    it->next = NULL;
    it->sub = 0;
    it->old_sub = -1;
    return it;
}

static void
shard_fail (struct shard *s, cx_status_t st, const char *what)
{
    if (s->status)
	return;
    s->status = st;
    snprintf (s->error, sizeof s->error, "%s: %s%s%s", what,
	      cx_status_to_string (st), *cx_db_status_string (s->db) ? ": "
	      : "", cx_db_status_string (s->db));
}

/* Open worker s's next shard, path.K, for its next SHARD_ROLL articles.
 * Returns 0, or -1 (s->status and s->error set). */
static int
shard_open_sub (struct shard *s)
{
    char *error = NULL, *path = NULL;
    char **subs = realloc (s->subs, (size_t) (s->nsubs + 1) * sizeof *subs);

    if (!subs || asprintf (&path, "%s.%d", s->path, s->nsubs) < 0) {
	if (subs)
	    s->subs = subs;
	s->status = CX_STATUS_OUT_OF_MEMORY;
	snprintf (s->error, sizeof s->error, "out of memory");
	return -1;
    }
    s->subs = subs;
    cx_status_t st = cx_db_open (path, CX_DB_WRITE_NO_SYNC, &s->db, &error);
    if (!st)
	st = cx_db_set_metadata (s->db, CARI_META_SCHEMA, CARI_SCHEMA_VERSION);
    /* The merged index records the lexicon its stems come from. */
    if (!st)
	free (cari_lexicon_check (s->db, s->an, 1));
    if (st) {
	s->status = st;
	snprintf (s->error, sizeof s->error, "cannot create the shard '%s': "
		  "%s%s%s", path, cx_status_to_string (st), error ? ": " : "",
		  error ? error : "");
	free (error);
	free (path);
	return -1;
    }
    s->subs[s->nsubs++] = path;
    return 0;
}

/* Commit worker s's shard and go on in a new one.  Returns 0, or -1
 * (s->status and s->error set). */
static int
shard_roll (struct shard *s)
{
    cx_status_t st = cx_db_commit (s->db);
    if (st) {
	shard_fail (s, st, "cannot commit a shard");
	return -1;
    }
    cx_db_destroy (s->db);
    s->db = NULL;
    s->pending = 0;
    return shard_open_sub (s);
}

/* Note id for deletion from worker s's earlier shard sub. */
static void
later_delete (struct shard *s, int sub, const char *id)
{
    struct later_delete *d = realloc (s->dels, (s->ndels + 1) * sizeof *d);
    if (d)
	s->dels = d;
    if (!d || !(d[s->ndels].id = strdup (id))) {
	s->status = CX_STATUS_OUT_OF_MEMORY;
	snprintf (s->error, sizeof s->error, "out of memory");
	return;
    }
    d[s->ndels++].sub = sub;
}

static void *
shard_main (void *arg)
{
    struct shard *s = arg;
    for (;;) {
	pthread_mutex_lock (&s->mu);
	while (!s->head && !s->closed)
	    pthread_cond_wait (&s->cv, &s->mu);
	struct item *it = s->head;
	if (it) {
	    s->head = it->next;
	    if (!s->head)
		s->tail = NULL;
	    s->len--;
	    pthread_cond_signal (&s->cv);
	}
	pthread_mutex_unlock (&s->mu);
	if (!it)
	    break;

	/* A failure sets s->status (and is reported at the end). */
	if (!s->status && it->sub >= s->nsubs)
	    shard_roll (s);
	if (!s->status && it->old_sub >= 0 && it->old_sub != s->nsubs - 1)
	    later_delete (s, it->old_sub, it->a.id);
	if (!s->status) {
	    cx_status_t st = cari_document_build (s->an, &it->a, s->doc,
						  it->hash);
	    /* An id new to this run cannot be in a shard yet: adding it
	     * skips the two look-ups of a replace. */
	    if (!st && it->old_sub < 0) {
		st = cx_db_add (s->db, s->doc);
	    } else if (!st) {
		char qterm[CX_MAX_TERM_BYTES + 1];
		snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", it->a.id);
		st = cx_db_replace (s->db, qterm, s->doc, NULL);
	    }
	    if (st)
		shard_fail (s, st, "cannot add an article to a shard");
	    else if (++s->pending >= s->batch) {
		if ((st = cx_db_commit (s->db)))
		    shard_fail (s, st, "cannot commit a shard");
		s->pending = 0;
	    }
	}
	free (it);
    }
    if (!s->status) {
	/* No spelling words here: shards_close counts them from the terms
	 * of all shards at once. */
	cx_status_t st = cx_db_commit (s->db);
	if (st)
	    shard_fail (s, st, "cannot commit a shard");
    }
    /* Ids read again after their worker moved to a new shard. */
    for (size_t i = 0; i < s->ndels && !s->status; i++) {
	char qterm[CX_MAX_TERM_BYTES + 1];
	cx_db_t *db = NULL;
	snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", s->dels[i].id);
	cx_status_t st = cx_db_open (s->subs[s->dels[i].sub],
				     CX_DB_WRITE_NO_SYNC, &db, NULL);
	if (!st)
	    st = cx_db_delete (db, qterm, NULL);
	if (!st)
	    st = cx_db_commit (db);
	if (st) {
	    s->status = st;
	    snprintf (s->error, sizeof s->error, "cannot delete an article "
		      "read again from '%s': %s", s->subs[s->dels[i].sub],
		      cx_status_to_string (st));
	}
	cx_db_destroy (db);
    }
    return NULL;
}

/* Hand an article to shard s, waiting while its queue is full. */
static int
shard_push (struct shard *s, const cari_article_t *a, const char *hash,
	    int *sub, int old_sub)
{
    struct item *it = item_copy (a, hash);
    if (!it)
	return -1;
    it->sub = *sub = (int) (s->pushed++ / s->roll);
    it->old_sub = old_sub;
    pthread_mutex_lock (&s->mu);
    while (s->len >= QUEUE_MAX)
	pthread_cond_wait (&s->cv, &s->mu);
    if (s->tail)
	s->tail->next = it;
    else
	s->head = it;
    s->tail = it;
    s->len++;
    pthread_cond_signal (&s->cv);
    pthread_mutex_unlock (&s->mu);
    return 0;
}

/* ------------------------------------------------------------------ */
/* One run                                                              */
/* ------------------------------------------------------------------ */

struct run {
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
    enum format format;
    const char **dirs;          /* the directory operands so far */
    size_t ndirs;
    struct seen_table seen;
    struct known_table known;   /* empty for a new index */
    int want_delta;             /* new articles go to a delta (lib/layout.h) */
    int has_delta;              /* r->db has it attached */
    /* Parallel shards, when nshards > 0. */
    struct shard *shards;
    int nshards;
    /* Progress. */
    int tty;
    unsigned long long bytes_total, bytes_done;
    unsigned long articles;
    struct timespec t0, last_report;
    int bar_shown;
};

static double
seconds_since (const struct timespec *t0)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return (double) (t.tv_sec - t0->tv_sec) +
	   (double) (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* On a terminal a one-line bar, redrawn twice a second; otherwise a log
 * line every 5 seconds.  `pos` is the offset in the current file. */
static void
progress (struct run *r, unsigned long long pos, int last)
{
    if (r->quiet)
	return;
    if (last) {
	if (r->bar_shown)
	    fputs ("\r\033[K", stderr);
	return;
    }
    if (r->articles % 64)
	return;
    double since = seconds_since (&r->last_report);
    if (since < (r->tty ? 0.5 : 5.0))
	return;
    clock_gettime (CLOCK_MONOTONIC, &r->last_report);
    double secs = seconds_since (&r->t0);
    unsigned long long done = r->bytes_done + pos;
    double rate = secs > 0 ? (double) r->articles / secs : 0;
    char eta[32] = "";
    if (r->bytes_total && done && done <= r->bytes_total)
	snprintf (eta, sizeof eta, ", ETA %.0f s",
		  secs * (double) (r->bytes_total - done) / (double) done);
    if (r->tty) {
	int pct = r->bytes_total ? (int) (100 * done / r->bytes_total) : 0;
	char bar[21];
	for (int i = 0; i < 20; i++)
	    bar[i] = i < pct / 5 ? '#' : '.';
	bar[20] = '\0';
	fprintf (stderr, "\r\033[K%s: [%s] %3d%% %lu articles, %.1f MB, "
		 "%.0f articles/s%s", prog, bar, pct, r->articles,
		 (double) done / 1e6, rate, eta);
	r->bar_shown = 1;
    } else {
	fprintf (stderr, "%s: %lu articles, %.1f of %.1f MB read, "
		 "%.0f articles/s%s\n", prog, r->articles,
		 (double) done / 1e6, (double) r->bytes_total / 1e6, rate,
		 eta);
    }
}

static void
report_index_error (struct run *r, cx_status_t st, const char *what)
{
    if (r->bar_shown)
	fputs ("\r\033[K", stderr);
    fprintf (stderr, "%s: %s '%s': %s%s%s\n", prog, what, r->dbpath,
	     cx_status_to_string (st), *cx_db_status_string (r->db) ? ": "
	     : "", cx_db_status_string (r->db));
}

/* Count one change toward the batch; commit when it is full.  Returns 0,
 * or -1 when the commit failed (reported). */
static int
one_change (struct run *r)
{
    if (++r->pending < r->batch)
	return 0;
    /* The batch's spelling words go with it, so that a killed run loses
     * none for the articles it committed (a parallel build's shards buffer
     * theirs to the end: a killed build leaves no articles either). */
    cx_status_t st = r->spelling ? cx_db_flush_spelling (r->db)
				 : CX_STATUS_SUCCESS;
    if (!st)
	st = cx_db_commit (r->db);
    if (st) {
	report_index_error (r, st, "cannot commit to the index");
	return -1;
    }
    r->pending = 0;
    test_kill_point ("commit", ++r->commits);
    return 0;
}

/* Skip the article read from name:line (line 0 for a whole file) whose
 * source hash the index holds, unless its id was read before in this run
 * (then it is parsed, so that the later article wins and is warned about).
 * Returns 1 when skipped, 0 when the article is to be read, -1 when out of
 * memory (reported). */
static int
skip_known (struct run *r, const char *hash, const char *name,
	    unsigned long line)
{
    const char *known = known_get (&r->known, hash);
    int is_new;

    if (!known)
	return 0;
    struct seen *e = seen_get (&r->seen, known, &is_new);
    const char *kept = e ? seen_name (&r->seen, name) : NULL;
    if (!kept) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return -1;
    }
    if (!is_new)
	return 0;
    e->file = kept;
    e->line = line;
    memcpy (e->hash, hash, 17);
    r->skipped++;
    return 1;
}

/* One more article read (indexed or skipped), pos bytes into the input. */
static void
article_done (struct run *r, unsigned long long pos)
{
    r->articles++;
    test_kill_point ("article", r->articles);
    progress (r, pos, 0);
}

/* Attach the delta r->db names in its stub, or (fresh) a new one, which is
 * then named in the stub.  Returns 0, or -1 (reported). */
static int
attach_delta (struct run *r, int fresh)
{
    char *path = NULL, *why = NULL;
    cx_status_t st;
    int ret = -1;

    if (cari_layout_delta (r->dbpath, fresh, &path) < 0) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return -1;
    }
    if (!path)
	return 0;
    if ((st = cx_db_attach_delta (r->db, path))) {
	report_index_error (r, st, "cannot open the delta of");
	goto done;
    }
    r->has_delta = 1;
    if (fresh && cari_layout_publish_delta (r->dbpath, &why) < 0) {
	fprintf (stderr, "%s: cannot add a delta to '%s': %s\n", prog,
		 r->dbpath, why ? why : "out of memory");
	goto done;
    }
    ret = 0;
done:
    free (why);
    free (path);
    return ret;
}

/* One article read from name:line (line 0 for a whole file), from bytes
 * with source hash hash.  Returns 0, or -1 when the index failed
 * (reported; stop). */
static int
index_article (struct run *r, const cari_article_t *a0, const char *hash,
	       const char *name, unsigned long line)
{
    char qterm[CX_MAX_TERM_BYTES + 1], where[32] = "";
    cari_article_t limited = *a0;
    const cari_article_t *a = &limited;
    int is_new;

    if (line)
	snprintf (where, sizeof where, ":%lu", line);
    if (a0->id_from_url)
	fprintf (stderr, "%s%s: warning: no \"id\"; its url '%s' is used as "
		 "the id\n", name, where, a0->id);
    if (a0->bad_date)
	fprintf (stderr, "%s%s: warning: date '%s' is not a real day "
		 "written YYYY-MM-DD; indexed without a date\n", name, where,
		 a0->date);
    if (a0->content_len > MAX_CONTENT_BYTES) {
	size_t n = MAX_CONTENT_BYTES;
	/* Cut at a character boundary. */
	while (n && ((unsigned char) a0->content[n] & 0xc0) == 0x80)
	    n--;
	limited.content_len = n;
	fprintf (stderr, "%s%s: warning: article '%s' has %.1f MB of text; "
		 "only the first %u MiB is indexed and stored\n", name, where,
		 a0->id, (double) a0->content_len / 1e6,
		 MAX_CONTENT_BYTES >> 20);
    }

    struct seen *e = seen_get (&r->seen, a->id, &is_new);
    const char *kept = e ? seen_name (&r->seen, name) : NULL;
    if (!kept) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return -1;
    }
    if (!is_new) {
	char here[32] = "", there[32] = "";
	if (line)
	    snprintf (here, sizeof here, ":%lu", line);
	if (e->line)
	    snprintf (there, sizeof there, ":%lu", e->line);
	fprintf (stderr, "%s%s: warning: id '%s' was already read at %s%s "
		 "in this run; the later article wins\n", name, here, a->id,
		 e->file, there);
    }
    e->file = kept;
    e->line = line;

    if (r->nshards) {
	/* A new index: only this run's articles can be there already. */
	int same = !is_new && strcmp (e->hash, hash) == 0;
	memcpy (e->hash, hash, 17);
	if (same) {
	    r->skipped++;
	    return 0;
	}
	/* A new id goes to the shard with the shortest queue, so that one
	 * shard flushing to disk does not hold up the others; an id seen
	 * before goes where it went, so that the later article replaces it
	 * in the same shard. */
	if (is_new) {
	    size_t best = (size_t) -1;
	    for (int i = 0; i < r->nshards; i++) {
		struct shard *t = &r->shards[i];
		pthread_mutex_lock (&t->mu);
		size_t len = t->len;
		pthread_mutex_unlock (&t->mu);
		if (len < best) {
		    best = len;
		    e->shard = i;
		}
	    }
	}
	if (shard_push (&r->shards[e->shard], a, hash, &e->sub,
			is_new ? -1 : e->sub) < 0) {
	    fprintf (stderr, "%s: out of memory\n", prog);
	    return -1;
	}
	if (is_new)
	    r->added++;
	else
	    r->replaced++;
	return 0;
    }

    char *old = NULL;
    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", a->id);
    cx_status_t st = cx_db_get_value_by_term (r->db, qterm, CARI_SLOT_HASH,
					      &old, NULL);
    int known = old != NULL,
	same = old && strncmp (old, hash, CARI_HASH_CHARS) == 0;
    free (old);
    if (!st && same) {
	r->skipped++;
	return 0;
    }
    if (!st && !known && r->want_delta && !r->has_delta &&
	attach_delta (r, 1) < 0)
	return -1;
    if (!st)
	st = cari_document_build (r->an, a, r->doc, hash);
    if (!st)
	st = cx_db_replace (r->db, qterm, r->doc, NULL);
    if (!st && r->spelling)
	st = cx_db_add_spelling_doc (r->db, r->doc, CARI_SPELLING_MIN_BYTES);
    if (st) {
	if (r->bar_shown)
	    fputs ("\r\033[K", stderr);
	fprintf (stderr, "%s: %s%s: cannot index article '%s': %s%s%s\n",
		 prog, name, where, a->id, cx_status_to_string (st),
		 *cx_db_status_string (r->db) ? ": " : "",
		 cx_db_status_string (r->db));
	return -1;
    }
    if (known)
	r->replaced++;
    else
	r->added++;
    return one_change (r);
}

/* Index a JSON Lines file.  Returns 0, or -1 when the index failed
 * (stop). */
static int
index_jsonl (struct run *r, const char *path)
{
    char *error = NULL, hash[17];
    const char *line;
    size_t len;
    cari_article_t a;
    cari_read_t got;
    cari_reader_t *rd = cari_reader_open (path, &error);
    const char *name = strcmp (path, "-") ? path : "(stdin)";
    struct stat st;
    int ret = 0;

    if (!rd) {
	fprintf (stderr, "%s: cannot read '%s': %s; skipped\n", prog, name,
		 error ? error : "out of memory");
	free (error);
	r->errors++;
	return 0;
    }

    while ((got = cari_reader_next_line (rd, &line, &len)) != CARI_READ_END) {
	int skip = 0;
	if (got == CARI_READ_ARTICLE) {
	    cari_source_hash ("jsonl", "", line, len, hash);
	    if ((skip = skip_known (r, hash, name, cari_reader_line (rd))) < 0) {
		ret = -1;
		break;
	    }
	    if (!skip)
		got = cari_reader_parse (rd, &a);
	}
	if (got == CARI_READ_IO_ERROR) {
	    fprintf (stderr, "%s:%lu: %s; the rest of the file is skipped\n",
		     name, cari_reader_line (rd) + 1, cari_reader_error (rd));
	    r->errors++;
	    break;
	}
	if (got == CARI_READ_BAD_LINE && cari_reader_line (rd) == 1 &&
	    len == strspn (line, " \t[{") && len) {
	    /* "[" or "{" alone: one JSON document over many lines, which
	     * would otherwise give an error a line. */
	    fprintf (stderr, "%s:1: this is one JSON %s over many lines, not "
		     "JSON Lines (an article a line); convert it with: jq -c "
		     "'%s' %s > articles.jsonl; file skipped\n", name,
		     strchr (line, '[') ? "array" : "document",
		     strchr (line, '[') ? ".[]" : ".", name);
	    r->errors++;
	    break;
	}
	if (got == CARI_READ_BAD_LINE) {
	    fprintf (stderr, "%s:%lu: %s; line skipped (fix it and run "
		     "again)\n", name, cari_reader_line (rd),
		     cari_reader_error (rd));
	    r->errors++;
	    continue;
	}
	if (!skip && index_article (r, &a, hash, name,
				    cari_reader_line (rd)) < 0) {
	    ret = -1;
	    break;
	}
	article_done (r, cari_reader_offset (rd));
    }
    if (strcmp (path, "-") && stat (path, &st) == 0)
	r->bytes_done += (unsigned long long) st.st_size;
    cari_reader_close (rd);
    return ret;
}

static enum format
format_of (const char *path)
{
    const char *dot = strrchr (path, '.'), *slash = strrchr (path, '/');
    if (!dot || (slash && dot < slash))
	return FORMAT_AUTO;
    if (!strcasecmp (dot, ".html") || !strcasecmp (dot, ".htm"))
	return FORMAT_HTML;
    if (!strcasecmp (dot, ".txt"))
	return FORMAT_TEXT;
    if (!strcasecmp (dot, ".jsonl") || !strcasecmp (dot, ".ndjson") ||
	!strcasecmp (dot, ".json") || !strcasecmp (dot, ".gz"))
	return FORMAT_JSONL;
    return FORMAT_AUTO;
}

/* Read all of fd (at most CARI_MAX_FILE_BYTES) into *out.  Returns the
 * length, or -1 with *why set (errno message or a limit). */
static ssize_t
slurp (int fd, char **out, const char **why)
{
    size_t len = 0, size = 65536;
    char *buf = malloc (size);
    *out = NULL;
    if (!buf) {
	*why = "out of memory";
	return -1;
    }
    for (;;) {
	if (len == size) {
	    if (size >= CARI_MAX_FILE_BYTES) {
		free (buf);
		*why = "it is over the 64 MiB limit for one article; split "
		       "it";
		return -1;
	    }
	    char *p = realloc (buf, size * 2);
	    if (!p) {
		free (buf);
		*why = "out of memory";
		return -1;
	    }
	    buf = p;
	    size *= 2;
	}
	ssize_t n = read (fd, buf + len, size - len);
	if (n < 0 && errno == EINTR)
	    continue;
	if (n < 0) {
	    free (buf);
	    *why = strerror (errno);
	    return -1;
	}
	if (n == 0)
	    break;
	len += (size_t) n;
    }
    *out = buf;
    return (ssize_t) len;
}

/* Index one text or HTML article from path (- for stdin) under id.
 * Returns 0, or -1 when the index failed (stop). */
static int
index_one_article (struct run *r, const char *path, const char *id,
		   enum format format)
{
    const char *name = strcmp (path, "-") ? path : "(stdin)", *why = NULL;
    int fd = strcmp (path, "-") ? open (path, O_RDONLY | O_CLOEXEC)
				: dup (STDIN_FILENO);
    char *buf = NULL;
    ssize_t len;
    cari_file_article_t fa;
    int ret = 0;

    if (fd < 0) {
	fprintf (stderr, "%s: cannot read '%s': %s; skipped (check its "
		 "permissions)\n", prog, name, strerror (errno));
	r->errors++;
	return 0;
    }
    len = slurp (fd, &buf, &why);
    close (fd);
    if (len < 0) {
	fprintf (stderr, "%s: cannot read '%s': %s; skipped\n", prog, name,
		 why);
	r->errors++;
	return 0;
    }
    const char *nul = memchr (buf, '\0', (size_t) len);
    if (nul && format == FORMAT_TEXT) {
	fprintf (stderr, "%s: NUL byte at offset %zu: not a text file; "
		 "skipped (remove it, or fix the file)\n", name,
		 (size_t) (nul - buf));
	free (buf);
	r->errors++;
	return 0;
    }
    char hash[17];
    cari_source_hash (format == FORMAT_TEXT ? "text" : "html", id, buf,
		      (size_t) len, hash);
    int skip = skip_known (r, hash, name, 0);
    if (skip) {
	free (buf);
	if (skip > 0)
	    article_done (r, 0);
	return skip < 0 ? -1 : 0;
    }
    if ((format == FORMAT_TEXT ? cari_text_article ((char *) buf,
						    (size_t) len, id, &fa,
						    &why)
			       : cari_html_article (buf, (size_t) len, id,
						    &fa, &why)) < 0) {
	fprintf (stderr, "%s: %s; skipped\n", name, why);
	free (buf);
	r->errors++;
	return 0;
    }
    free (buf);
    if (fa.bad_utf8)
	fprintf (stderr, "%s: warning: %zu bytes of invalid UTF-8 replaced "
		 "by U+FFFD; convert the file to UTF-8 (e.g. with iconv) to "
		 "keep them\n", name, fa.bad_utf8);
    if (index_article (r, &fa.a, hash, name, 0) < 0)
	ret = -1;
    else
	article_done (r, 0);
    cari_file_article_free (&fa);
    return ret;
}

/* The name a directory operand gives its articles' ids: its last path
 * component ("archive/" and "./archive" give "archive"). */
static char *
dir_tag (const char *dir)
{
    char *copy = strdup (dir);
    if (!copy)
	return NULL;
    size_t n = strlen (copy);
    while (n > 1 && copy[n - 1] == '/')
	copy[--n] = '\0';
    char *base = strrchr (copy, '/');
    char *tag = strdup (base ? base + 1 : copy);
    free (copy);
    return tag;
}

static int
fts_by_name (const FTSENT **a, const FTSENT **b)
{
    return strcmp ((*a)->fts_name, (*b)->fts_name);
}

/* Index a directory tree, in name order: .txt, .html/.htm and JSON Lines
 * files; other files and dot files are left alone.  Returns 0, or -1 when
 * the index failed (stop). */
static int
index_dir (struct run *r, const char *dir)
{
    char *paths[] = { (char *) dir, NULL };
    char *tag = dir_tag (dir);
    FTS *fts = tag ? fts_open (paths, FTS_PHYSICAL | FTS_NOCHDIR,
			       fts_by_name) : NULL;
    FTSENT *e;
    size_t dirlen = strlen (dir);
    int ret = 0;

    while (dirlen > 1 && dir[dirlen - 1] == '/')
	dirlen--;
    if (!fts) {
	fprintf (stderr, "%s: cannot read the directory '%s': %s; skipped\n",
		 prog, dir, strerror (errno));
	free (tag);
	r->errors++;
	return 0;
    }
    /* Ids start with the directory's last name: two directories with the
     * same one share ids (2024/news/x.txt and 2025/news/x.txt). */
    for (size_t i = 0; i < r->ndirs; i++) {
	char *other = dir_tag (r->dirs[i]);
	if (other && strcmp (other, tag) == 0)
	    fprintf (stderr, "%s: warning: '%s' and '%s' both give ids "
		     "starting '%s/', so a file in one replaces the file "
		     "with the same path in the other; index a directory "
		     "above both instead\n", prog, r->dirs[i], dir, tag);
	free (other);
    }
    const char **dirs = realloc (r->dirs, (r->ndirs + 1) * sizeof *dirs);
    if (dirs) {
	r->dirs = dirs;
	r->dirs[r->ndirs++] = dir;
    }
    while (ret == 0 && (e = fts_read (fts))) {
	if (e->fts_level > 0 && e->fts_name[0] == '.') {
	    if (e->fts_info == FTS_D)
		fts_set (fts, e, FTS_SKIP);
	    continue;
	}
	if (e->fts_info == FTS_DNR || e->fts_info == FTS_ERR) {
	    fprintf (stderr, "%s: cannot read '%s': %s; skipped (check its "
		     "permissions)\n", prog, e->fts_path,
		     strerror (e->fts_errno));
	    r->errors++;
	    continue;
	}
	if (e->fts_info != FTS_F)
	    continue;
	enum format f = r->format ? r->format : format_of (e->fts_path);
	if (f == FORMAT_AUTO)
	    continue;
	if (f == FORMAT_JSONL) {
	    ret = index_jsonl (r, e->fts_path);
	    continue;
	}
	char *id;
	if (asprintf (&id, "%s%s", tag, e->fts_path + dirlen) < 0) {
	    ret = -1;
	    break;
	}
	ret = index_one_article (r, e->fts_path, id, f);
	free (id);
    }
    fts_close (fts);
    free (tag);
    return ret;
}

/* Index one operand: a file in its format, or a directory tree. */
static int
index_file (struct run *r, const char *path)
{
    struct stat st;
    enum format f = r->format ? r->format : format_of (path);

    if (strcmp (path, "-") && stat (path, &st) == 0 && S_ISDIR (st.st_mode))
	return index_dir (r, path);
    if (f == FORMAT_TEXT || f == FORMAT_HTML) {
	if (!strcmp (path, "-")) {
	    /* Standard input has no name: its Id: header gives the id. */
	    return index_one_article (r, path, "", f);
	}
	return index_one_article (r, path, path, f);
    }
    return index_jsonl (r, path);
}

struct prune_ctx {
    char **ids;
    size_t n, size;
    int failed;
};

static int
collect_id (void *ctx, const char *term, size_t len, unsigned long freq)
{
    struct prune_ctx *p = ctx;
    (void) freq;
    if (p->n == p->size) {
	size_t size = p->size ? p->size * 2 : 256;
	char **ids = realloc (p->ids, size * sizeof *ids);
	if (!ids) {
	    p->failed = 1;
	    return 1;
	}
	p->ids = ids;
	p->size = size;
    }
    if (!(p->ids[p->n] = strndup (term + 1, len - 1))) {
	p->failed = 1;
	return 1;
    }
    p->n++;
    return 0;
}

static int delete_id (struct run *r, const char *id, const char *where);

/* --prune: delete the articles DIRNAME/PATH of directory dir whose file
 * PATH is gone.  Returns 0, or -1 when the index failed (reported). */
static int
prune_dir (struct run *r, const char *dir)
{
    struct prune_ctx p = { NULL, 0, 0, 0 };
    char *tag = dir_tag (dir), *prefix = NULL;
    size_t dirlen = strlen (dir);
    int ret = 0;

    while (dirlen > 1 && dir[dirlen - 1] == '/')
	dirlen--;
    if (!tag || asprintf (&prefix, CARI_PREFIX_ID "%s/", tag) < 0) {
	free (tag);
	return -1;
    }
    cx_status_t st = cx_db_terms (r->db, prefix, collect_id, &p);
    if (st || p.failed) {
	report_index_error (r, st ? st : CX_STATUS_OUT_OF_MEMORY,
			    "cannot list the articles of");
	ret = -1;
    }
    for (size_t i = 0; i < p.n && ret == 0; i++) {
	char *path;
	struct stat sb;
	/* Only the ids of text and HTML files: an article of a JSON Lines
	 * file may have an id that starts the same way (news/2025/...). */
	enum format f = r->format ? r->format : format_of (p.ids[i]);
	if (f != FORMAT_TEXT && f != FORMAT_HTML)
	    continue;
	if (asprintf (&path, "%.*s%s", (int) dirlen, dir,
		      p.ids[i] + strlen (tag)) < 0) {
	    ret = -1;
	    break;
	}
	if (lstat (path, &sb) < 0 && errno == ENOENT) {
	    char where[64];
	    snprintf (where, sizeof where, "--prune");
	    if (delete_id (r, p.ids[i], where) < 0)
		ret = -1;
	}
	free (path);
    }
    for (size_t i = 0; i < p.n; i++)
	free (p.ids[i]);
    free (p.ids);
    free (prefix);
    free (tag);
    return ret;
}

/* Delete one id, named at where (FILE:LINE or "--delete").  Returns 0, 1
 * for a bad id (reported), or -1 when the index failed (reported). */
static int
delete_id (struct run *r, const char *id, const char *where)
{
    char qterm[CX_MAX_TERM_BYTES + 1];
    int deleted = 0;

    if (!*id || strlen (id) > CARI_MAX_ID_BYTES) {
	fprintf (stderr, "%s: %s: id '%.40s' is empty or longer than %d "
		 "bytes; not deleted\n", prog, where, id, CARI_MAX_ID_BYTES);
	return 1;
    }
    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
    cx_status_t st = cx_db_delete (r->db, qterm, &deleted);
    if (st) {
	report_index_error (r, st, "cannot delete from the index");
	return -1;
    }
    if (!deleted) {
	fprintf (stderr, "%s: %s: warning: id '%s' is not in the index; "
		 "nothing to delete\n", prog, where, id);
	return 0;
    }
    r->deleted++;
    return one_change (r);
}

/* --delete-from FILE: one id a line; blank lines and # comments ignored. */
static int
delete_from (struct run *r, const char *path)
{
    FILE *f = strcmp (path, "-") ? fopen (path, "r") : stdin;
    char *line = NULL, *where = NULL;
    size_t size = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int ret = 0;

    if (!f) {
	fprintf (stderr, "%s: cannot read '%s': %s; nothing deleted from "
		 "it\n", prog, path, strerror (errno));
	r->errors++;
	return 0;
    }
    while ((n = getline (&line, &size, f)) >= 0) {
	lineno++;
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
			 line[n - 1] == ' ' || line[n - 1] == '\t'))
	    line[--n] = '\0';
	char *id = line + strspn (line, " \t");
	if (!*id || *id == '#')
	    continue;
	free (where);
	if (asprintf (&where, "%s:%lu", path, lineno) < 0) {
	    where = NULL;
	    ret = -1;
	    break;
	}
	int got = delete_id (r, id, where);
	if (got < 0) {
	    ret = -1;
	    break;
	}
	r->errors += (unsigned long) got;
    }
    if (ret == 0 && ferror (f)) {
	fprintf (stderr, "%s: cannot read '%s': %s; nothing more deleted "
		 "from it\n", prog, path, strerror (errno));
	r->errors++;
    }
    free (where);
    free (line);
    if (f != stdin)
	fclose (f);
    return ret;
}

/* Open the shards of a parallel build under DIR/build.  Returns 0, or -1
 * (reported). */
static int
shards_open (struct run *r, int n)
{
    char *build = NULL;

    if (asprintf (&build, "%s/" CARI_LAYOUT_BUILD, r->dbpath) < 0)
	return -1;
    cari_layout_remove (build);  /* what a killed run left */
    if (mkdir (build, 0755) < 0) {
	fprintf (stderr, "%s: cannot create '%s': %s\n", prog, build,
		 strerror (errno));
	free (build);
	return -1;
    }
    r->shards = calloc ((size_t) n, sizeof *r->shards);
    if (!r->shards) {
	free (build);
	return -1;
    }
    r->nshards = n;
    for (int i = 0; i < n; i++) {
	struct shard *s = &r->shards[i];
	pthread_mutex_init (&s->mu, NULL);
	pthread_cond_init (&s->cv, NULL);
	s->batch = SHARD_BATCH;
	/* Test hook: CARI_TEST_SHARD_ROLL=N rolls every N articles. */
	const char *roll = getenv ("CARI_TEST_SHARD_ROLL");
	s->roll = roll && strtoul (roll, NULL, 10) ? strtoul (roll, NULL, 10)
						   : SHARD_ROLL;
	if (asprintf (&s->path, "%s/shard-%d", build, i) < 0) {
	    s->path = NULL;
	    free (build);
	    return -1;
	}
	if (!(s->an = cari_analyzer_create ()) || cx_doc_create (&s->doc)) {
	    fprintf (stderr, "%s: out of memory\n", prog);
	    free (build);
	    return -1;
	}
	if (shard_open_sub (s) < 0) {
	    fprintf (stderr, "%s: %s\n", prog, s->error);
	    free (build);
	    return -1;
	}
	if (pthread_create (&s->thread, NULL, shard_main, s)) {
	    fprintf (stderr, "%s: cannot start a thread\n", prog);
	    free (build);
	    return -1;
	}
	s->started = 1;
    }
    free (build);
    return 0;
}

/* Spelling words for the last shard of worker `part` of a parallel build:
 * its share of the words of every shard (see cx_db_spelling_from_terms). */
struct spell_job {
    struct run *r;
    int part;
    int started;                /* in a thread of its own */
    cx_status_t status;
    pthread_t thread;
};

static void *
spell_main (void *arg)
{
    struct spell_job *j = arg;
    struct run *r = j->r;
    cx_db_t *db = r->shards[j->part].db, **dbs;
    size_t n = 0, opened = 0;
    cx_status_t st = CX_STATUS_SUCCESS;

    for (int i = 0; i < r->nshards; i++)
	n += (size_t) r->shards[i].nsubs;
    if (!(dbs = calloc (n, sizeof *dbs)))
	st = CX_STATUS_OUT_OF_MEMORY;
    /* Every shard is committed: each is read through a handle of this
     * thread's own. */
    for (int i = 0; !st && i < r->nshards; i++)
	for (int k = 0; !st && k < r->shards[i].nsubs; k++)
	    st = cx_db_open (r->shards[i].subs[k], CX_DB_READ,
			     &dbs[opened++], NULL);
    if (!st)
	st = cx_db_spelling_from_terms (db, dbs, opened,
					CARI_SPELLING_MIN_BYTES,
					(unsigned) j->part,
					(unsigned) r->nshards);
    /* Small builds keep every word: too few articles to tell. */
    if (!st)
	st = cx_db_set_spelling_min (db, r->articles <
				     BUILD_SPELLING_MIN_ARTICLES ? 1
				     : BUILD_SPELLING_MIN);
    if (!st)
	st = cx_db_flush_spelling (db);
    if (!st)
	st = cx_db_commit (db);
    for (size_t k = 0; k < opened; k++)
	cx_db_destroy (dbs[k]);
    free (dbs);
    j->status = st;
    return NULL;
}

/* Stop the workers and free the shards.  Returns 0 when every shard was
 * written and committed, else -1 (reported). */
static int
shards_close (struct run *r)
{
    int ret = 0;

    for (int i = 0; i < r->nshards; i++) {
	struct shard *s = &r->shards[i];
	pthread_mutex_lock (&s->mu);
	s->closed = 1;
	pthread_cond_broadcast (&s->cv);
	pthread_mutex_unlock (&s->mu);
    }
    for (int i = 0; i < r->nshards; i++) {
	struct shard *s = &r->shards[i];
	if (s->started)
	    pthread_join (s->thread, NULL);
	if (s->status) {
	    fprintf (stderr, "%s: %s ('%s')\n", prog, s->error, s->path);
	    ret = -1;
	}
    }
    /* The build's spelling words, counted over all its articles, those of
     * a single article left out when there are enough articles to tell:
     * each worker's last shard takes its share of the words, all at once
     * (the merge carries them over). */
    if (ret == 0 && r->spelling && r->nshards) {
	struct spell_job *jobs = calloc ((size_t) r->nshards, sizeof *jobs);
	if (!jobs) {
	    fprintf (stderr, "%s: out of memory\n", prog);
	    ret = -1;
	}
	/* The first share in this thread, the others in threads of their
	 * own (or here, when a thread cannot start). */
	for (int i = 0; jobs && i < r->nshards; i++) {
	    jobs[i] = (struct spell_job) { .r = r, .part = i };
	    jobs[i].started = i > 0 && !pthread_create (&jobs[i].thread, NULL,
							spell_main, &jobs[i]);
	}
	for (int i = 0; jobs && i < r->nshards; i++) {
	    struct spell_job *j = &jobs[i];
	    if (j->started)
		pthread_join (j->thread, NULL);
	    else
		spell_main (j);
	    if (j->status) {
		cx_db_t *db = r->shards[i].db;
		fprintf (stderr, "%s: cannot write the spelling data to "
			 "'%s': %s%s%s\n", prog,
			 r->shards[i].subs[r->shards[i].nsubs - 1],
			 cx_status_to_string (j->status),
			 *cx_db_status_string (db) ? ": " : "",
			 cx_db_status_string (db));
		ret = -1;
	    }
	}
	free (jobs);
    }
    for (int i = 0; i < r->nshards; i++) {
	struct shard *s = &r->shards[i];
	cx_db_destroy (s->db);
	cari_analyzer_destroy (s->an);
	cx_doc_destroy (s->doc);
	pthread_mutex_destroy (&s->mu);
	pthread_cond_destroy (&s->cv);
    }
    return ret;
}

/* Merge the committed shards into a new generation and swap it in.
 * Returns 0, or -1 (reported; the index is unchanged). */
static int
shards_merge (struct run *r)
{
    const char **paths;
    char *gen = NULL, *why = NULL, *error = NULL;
    size_t n = 0;
    int ret = -1;

    for (int i = 0; i < r->nshards; i++)
	n += (size_t) r->shards[i].nsubs;
    if (!(paths = calloc (n, sizeof *paths))) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return -1;
    }
    n = 0;
    for (int i = 0; i < r->nshards; i++)
	for (int k = 0; k < r->shards[i].nsubs; k++)
	    paths[n++] = r->shards[i].subs[k];
    if (cari_layout_next (r->dbpath, &gen, &why) < 0) {
	fprintf (stderr, "%s: %s\n", prog, why ? why : "out of memory");
	goto done;
    }
    if (!r->quiet)
	fprintf (stderr, "%s: %.1f s: %lu articles in %d shards; merging them "
		 "with Xapian's compaction\n", prog, seconds_since (&r->t0),
		 r->articles, (int) n);
    cx_status_t st = cx_compact (paths, n, gen, &error);
    if (st) {
	fprintf (stderr, "%s: cannot merge the shards into '%s': %s%s%s\n",
		 prog, gen, cx_status_to_string (st), error ? ": " : "",
		 error ? error : "");
	cari_layout_remove (gen);
	goto done;
    }
    test_kill_point ("merge", 1);
    if (cari_layout_swap (r->dbpath, gen, &why) < 0) {
	fprintf (stderr, "%s: %s\n", prog, why ? why : "out of memory");
	cari_layout_remove (gen);
	goto done;
    }
    ret = 0;
done:
    free (paths);
    free (gen);
    free (why);
    free (error);
    return ret;
}

static void
shards_free (struct run *r)
{
    for (int i = 0; i < r->nshards; i++) {
	struct shard *s = &r->shards[i];
	for (int k = 0; k < s->nsubs; k++)
	    free (s->subs[k]);
	free (s->subs);
	for (size_t k = 0; k < s->ndels; k++)
	    free (s->dels[k].id);
	free (s->dels);
    }
    char *build;
    for (int i = 0; i < r->nshards; i++)
	free (r->shards[i].path);
    free (r->shards);
    r->shards = NULL;
    if (r->nshards && asprintf (&build, "%s/" CARI_LAYOUT_BUILD,
				r->dbpath) >= 0) {
	cari_layout_remove (build);
	free (build);
    }
    r->nshards = 0;
}

/* ------------------------------------------------------------------ */
/* --stats and --compact                                                */
/* ------------------------------------------------------------------ */

static unsigned long long
dir_size (const char *dir, int list)
{
    static const char *tables[] = { "postlist", "position", "termlist",
				    "docdata", "spelling", "synonym" };
    unsigned long long total = 0;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
	char *p;
	struct stat st;
	if (asprintf (&p, "%s/%s.glass", dir, tables[i]) < 0)
	    continue;
	if (stat (p, &st) == 0) {
	    total += (unsigned long long) st.st_size;
	    if (list)
		printf ("  %-9s %10.1f MB\n", tables[i],
			(double) st.st_size / 1e6);
	}
	free (p);
    }
    return total;
}

static int
print_source (void *ctx, const char *term, size_t len, unsigned long freq)
{
    size_t plen = strlen (CARI_PREFIX_SOURCE);
    (void) ctx;
    printf ("  %-30.*s %8lu\n", (int) (len - plen), term + plen, freq);
    return 0;
}

static int
count_term (void *ctx, const char *term, size_t len, unsigned long freq)
{
    (void) term;
    (void) len;
    (void) freq;
    ++*(unsigned long *) ctx;
    return 0;
}

static int
stats (const char *dbpath)
{
    cx_db_t *db = NULL;
    char *error = NULL, *why = NULL, *lo = NULL, *hi = NULL, *gen = NULL;
    cx_db_stats_t s;
    unsigned long nsources = 0;
    cx_status_t st = cx_db_open (dbpath, CX_DB_READ, &db, &error);

    if (st) {
	fprintf (stderr, "%s: cannot open the index '%s': %s%s%s; build it "
		 "with: cari-index --db %s FILE...\n", prog, dbpath,
		 cx_status_to_string (st), error ? ": " : "",
		 error ? error : "", dbpath);
	free (error);
	return EXIT_INDEX;
    }
    if (cari_schema_check (db, 0, &why) < 0) {
	fprintf (stderr, "%s: cannot use the index '%s': %s\n", prog, dbpath,
		 why ? why : "out of memory");
	free (why);
	cx_db_destroy (db);
	return EXIT_INDEX;
    }
    if ((st = cx_db_stats (db, &s)) ||
	(st = cx_db_value_range (db, CARI_SLOT_DATE, &lo, &hi)) ||
	(st = cx_db_terms (db, CARI_PREFIX_SOURCE, count_term, &nsources))) {
	fprintf (stderr, "%s: cannot read the index '%s': %s: %s\n", prog,
		 dbpath, cx_status_to_string (st), cx_db_status_string (db));
	cx_db_destroy (db);
	return EXIT_INDEX;
    }
    printf ("index: %s (schema %s)\n", dbpath, CARI_SCHEMA_VERSION);
    printf ("articles: %lu\n", s.doc_count);
    if (*lo)
	printf ("dates: %.4s-%.2s-%.2s .. %.4s-%.2s-%.2s\n", lo, lo + 4,
		lo + 6, hi, hi + 4, hi + 6);
    else
	printf ("dates: none\n");
    printf ("sources: %lu\n", nsources);
    cx_db_terms (db, CARI_PREFIX_SOURCE, print_source, NULL);
    printf ("terms: %lu distinct, %llu word occurrences\n", s.term_count,
	    s.total_length);
    cari_layout_current (dbpath, &gen);
    if (gen) {
	printf ("size on disk: %s\n", gen);
	unsigned long long total = dir_size (gen, 1);
	char *delta = NULL;
	if (cari_layout_delta (dbpath, 0, &delta) == 0 && delta) {
	    printf ("new articles since then (merged by --compact): %s\n",
		    delta);
	    total += dir_size (delta, 1);
	}
	free (delta);
	printf ("  total     %10.1f MB\n", (double) total / 1e6);
    }
    free (gen);
    free (lo);
    free (hi);
    cx_db_destroy (db);
    return EXIT_OK;
}

/* --compact, with the writer lock held in db. */
static int
compact (const char *dbpath, int quiet)
{
    char *gen = NULL, *cur = NULL, *why = NULL, *error = NULL;
    const char *src = dbpath;
    struct timespec t0;
    int ret = EXIT_INDEX;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (cari_layout_next (dbpath, &gen, &why) < 0) {
	fprintf (stderr, "%s: cannot compact: %s\n", prog,
		 why ? why : "out of memory");
	goto done;
    }
    cari_layout_current (dbpath, &cur);
    unsigned long long before = cur ? dir_size (cur, 0) : 0;
    cx_status_t st = cx_compact (&src, 1, gen, &error);
    if (st) {
	fprintf (stderr, "%s: cannot compact '%s' into '%s': %s%s%s; the "
		 "index is unchanged\n", prog, dbpath, gen,
		 cx_status_to_string (st), error ? ": " : "",
		 error ? error : "");
	cari_layout_remove (gen);
	goto done;
    }
    test_kill_point ("merge", 1);
    if (cari_layout_swap (dbpath, gen, &why) < 0) {
	fprintf (stderr, "%s: cannot swap in the compacted index: %s; the "
		 "index is unchanged\n", prog, why ? why : "out of memory");
	cari_layout_remove (gen);
	goto done;
    }
    if (!quiet)
	printf ("%s: compacted '%s' from %.1f MB to %.1f MB in %.2f s\n",
		prog, dbpath, (double) before / 1e6,
		(double) dir_size (gen, 0) / 1e6, seconds_since (&t0));
    ret = EXIT_OK;
done:
    free (gen);
    free (cur);
    free (why);
    free (error);
    return ret;
}

static unsigned long
parse_count (const char *arg, const char *option, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul (arg, &end, 10);
    if (errno || end == arg || *end || n < 1 || n > max || *arg == '-') {
	fprintf (stderr, "%s: %s wants a whole number from 1 to %lu, not "
		 "'%s'\n", prog, option, max, arg);
	usage (EXIT_USAGE);
    }
    return n;
}

int
main (int argc, char **argv)
{
    enum { OPT_DB = 256, OPT_DELETE, OPT_DELETE_FROM, OPT_COMPACT,
	   OPT_STATS, OPT_FORMAT, OPT_PRUNE, OPT_NO_SPELLING };
    static const struct option options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "batch", required_argument, NULL, 'b' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "delete", no_argument, NULL, OPT_DELETE },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "prune", no_argument, NULL, OPT_PRUNE },
	{ "delete-from", required_argument, NULL, OPT_DELETE_FROM },
	{ "compact", no_argument, NULL, OPT_COMPACT },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "no-spelling", no_argument, NULL, OPT_NO_SPELLING },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
    };
    struct run r;
    const char *delete_file = NULL;
    int opt, ret = EXIT_OK, delete_args = 0, do_compact = 0, do_stats = 0;
    long cores = sysconf (_SC_NPROCESSORS_ONLN);
    int jobs = cores > 0 ? (cores > MAX_JOBS ? MAX_JOBS : (int) cores) : 1;

    memset (&r, 0, sizeof r);
    r.dbpath = cari_default_db ();
    r.batch = DEFAULT_BATCH;
    r.spelling = 1;
    while ((opt = getopt_long (argc, argv, "b:j:qh", options, NULL)) != -1) {
	switch (opt) {
	case OPT_DB:
	    r.dbpath = optarg;
	    break;
	case 'b':
	    r.batch = parse_count (optarg, "--batch", 100000000);
	    break;
	case 'j':
	    jobs = (int) parse_count (optarg, "--jobs", MAX_JOBS);
	    break;
	case OPT_DELETE:
	    delete_args = 1;
	    break;
	case OPT_FORMAT:
	    if (!strcmp (optarg, "jsonl"))
		r.format = FORMAT_JSONL;
	    else if (!strcmp (optarg, "text"))
		r.format = FORMAT_TEXT;
	    else if (!strcmp (optarg, "html"))
		r.format = FORMAT_HTML;
	    else {
		fprintf (stderr, "%s: --format wants jsonl, text or html, not "
			 "'%s'\n", prog, optarg);
		usage (EXIT_USAGE);
	    }
	    break;
	case OPT_PRUNE:
	    r.prune = 1;
	    break;
	case OPT_DELETE_FROM:
	    delete_file = optarg;
	    break;
	case OPT_COMPACT:
	    do_compact = 1;
	    break;
	case OPT_STATS:
	    do_stats = 1;
	    break;
	case OPT_NO_SPELLING:
	    r.spelling = 0;
	    break;
	case 'q':
	    r.quiet = 1;
	    break;
	case 'h':
	    usage (EXIT_OK);
	    break;
	default:
	    usage (EXIT_USAGE);
	}
    }
    if (do_stats || do_compact) {
	if (optind < argc || delete_args || delete_file ||
	    (do_stats && do_compact)) {
	    fprintf (stderr, "%s: --stats and --compact take no files and "
		     "go alone\n", prog);
	    usage (EXIT_USAGE);
	}
    } else if (delete_args && optind == argc) {
	fprintf (stderr, "%s: --delete wants the ids to delete\n", prog);
	usage (EXIT_USAGE);
    } else if (optind == argc && !delete_file) {
	fprintf (stderr, "%s: no input files; give JSON Lines files to "
		 "index, for example: cari-index corpus/sample/sample.jsonl\n",
		 prog);
	usage (EXIT_USAGE);
    }
    /* Maintenance of an index that is not there would make an empty one
     * and report success: a mistyped --db. */
    if ((do_stats || do_compact || delete_args || delete_file) &&
	!cari_layout_exists (r.dbpath)) {
	fprintf (stderr, "%s: no index at '%s'; check --db (or CARI_DB), or "
		 "build it with: cari-index --db %s FILE...\n", prog,
		 r.dbpath, r.dbpath);
	return EXIT_INDEX;
    }
    if (do_stats)
	return stats (r.dbpath);
    r.deleting = delete_args || delete_file || r.prune;
    clock_gettime (CLOCK_MONOTONIC, &r.t0);
    r.last_report = r.t0;
    r.tty = isatty (STDERR_FILENO);

    char *error = NULL, *why = NULL;
    int layout = cari_layout_init (r.dbpath, &why);
    if (layout < 0) {
	fprintf (stderr, "%s: %s\n", prog, why ? why : "out of memory");
	free (why);
	return EXIT_INDEX;
    }
    /* The writer opens the generation itself: the stub may name a delta
     * too, which is attached below. */
    char *gen = NULL;
    if (layout == 1 && cari_layout_current (r.dbpath, &gen) < 0) {
	fprintf (stderr, "%s: out of memory\n", prog);
	return EXIT_INDEX;
    }
    cx_status_t st = cx_db_open (gen ? gen : r.dbpath, CX_DB_WRITE, &r.db,
				 &error);
    /* Xapian reports a lock file it may not write as a lock held. */
    int denied = st && access (gen ? gen : r.dbpath, W_OK) < 0 &&
		 errno == EACCES;
    free (gen);
    if (st) {
	if (denied)
	    fprintf (stderr, "%s: cannot write to the index '%s': %s; run "
		     "this as the user that owns it, or fix its "
		     "permissions\n", prog, r.dbpath, strerror (EACCES));
	else if (st == CX_STATUS_DATABASE_LOCKED)
	    fprintf (stderr, "%s: the index '%s' is locked: another "
		     "cari-index is writing to it; wait until it ends, then "
		     "run this again\n", prog, r.dbpath);
	else
	    fprintf (stderr, "%s: cannot open the index '%s' for writing: "
		     "%s%s%s%s\n", prog, r.dbpath, cx_status_to_string (st),
		     error ? ": " : "", error ? error : "",
		     st == CX_STATUS_DATABASE_CORRUPT || st ==
		     CX_STATUS_DATABASE_NOT_FOUND ? "; restore it from a "
		     "backup, or build it again in a new directory" : "");
	free (error);
	return EXIT_INDEX;
    }
    if (cari_schema_check (r.db, 1, &why) < 0) {
	fprintf (stderr, "%s: cannot use the index '%s': %s\n", prog,
		 r.dbpath, why ? why : "out of memory");
	free (why);
	cx_db_destroy (r.db);
	return EXIT_INDEX;
    }
    if (do_compact) {
	ret = compact (r.dbpath, r.quiet);
	cx_db_destroy (r.db);
	return ret;
    }

    r.an = cari_analyzer_create ();
    if (!r.an || cx_doc_create (&r.doc)) {
	fprintf (stderr, "%s: out of memory\n", prog);
	cari_analyzer_destroy (r.an);
	cx_db_destroy (r.db);
	return EXIT_INDEX;
    }
    const char *problem;
    cari_analyzer_lexicon (r.an, &problem);
    if (problem)
	fprintf (stderr, "%s: warning: %s\n", prog, problem);
    char *warning = cari_lexicon_check (r.db, r.an, 1);
    if (warning) {
	fprintf (stderr, "%s: warning: %s\n", prog, warning);
	free (warning);
    }

    unsigned long before = 0;
    if (layout == 1 && attach_delta (&r, 0) < 0) {
	cari_analyzer_destroy (r.an);
	cx_doc_destroy (r.doc);
	cx_db_destroy (r.db);
	return EXIT_INDEX;
    }
    cx_db_doc_count (r.db, &before);
    if (delete_args) {
	for (int i = optind; i < argc && ret == EXIT_OK; i++) {
	    int got = delete_id (&r, argv[i], "--delete");
	    if (got < 0)
		ret = EXIT_INDEX;
	    else
		r.errors += (unsigned long) got;
	}
	optind = argc;
    }
    if (ret == EXIT_OK && delete_file && delete_from (&r, delete_file) < 0)
	ret = EXIT_INDEX;

    /* An existing index: the source hashes it holds.  Not after deleting
     * from a file, which this run's articles may bring back. */
    if (ret == EXIT_OK && before > 0 && !delete_file) {
	st = cx_db_values (r.db, CARI_SLOT_HASH, known_add, &r.known);
	if (!st && !r.known.failed)
	    qsort (r.known.v, r.known.n, sizeof *r.known.v, known_cmp);
	if (st || r.known.failed) {
	    report_index_error (&r, st ? st : CX_STATUS_OUT_OF_MEMORY,
				"cannot read the article hashes of");
	    ret = EXIT_INDEX;
	}
    }

    /* Adding to an index of many articles: as in a build, a word joins the
     * spelling data when it is in two articles, here counted over the
     * whole index (new words of a single article made an incremental run
     * of 1% new articles 65% slower). */
    if (ret == EXIT_OK && r.spelling && before >= BUILD_SPELLING_MIN_ARTICLES &&
	((st = cx_db_set_spelling_min (r.db, BUILD_SPELLING_MIN)) ||
	 (st = cx_db_set_spelling_catch_up (r.db)))) {
	report_index_error (&r, st, "cannot set up the spelling data of");
	ret = EXIT_INDEX;
    }

    /* Parallel shards for a new or empty index with the stub layout. */
    if (ret == EXIT_OK && jobs > 1 && before == 0 && layout == 1 &&
	!r.deleting && shards_open (&r, jobs) < 0) {
	shards_close (&r);
	shards_free (&r);
	ret = EXIT_INDEX;
    }

    /* Adding to an index: new articles go to a delta (see lib/layout.h). */
    r.want_delta = layout == 1 && before > 0 && !r.nshards;

    for (int i = optind; i < argc; i++) {
	struct stat sb;
	if (strcmp (argv[i], "-") && stat (argv[i], &sb) == 0 &&
	    S_ISREG (sb.st_mode))
	    r.bytes_total += (unsigned long long) sb.st_size;
    }
    for (int i = optind; i < argc && ret == EXIT_OK; i++)
	if (index_file (&r, argv[i]) < 0)
	    ret = EXIT_INDEX;
    progress (&r, 0, 1);
    for (int i = optind; i < argc && ret == EXIT_OK && r.prune; i++) {
	struct stat sb;
	if (strcmp (argv[i], "-") && stat (argv[i], &sb) == 0 &&
	    S_ISDIR (sb.st_mode) && prune_dir (&r, argv[i]) < 0)
	    ret = EXIT_INDEX;
    }

    if (r.nshards) {
	if (shards_close (&r) < 0)
	    ret = EXIT_INDEX;
	else if (ret == EXIT_OK && r.added + r.replaced &&
		 shards_merge (&r) < 0)
	    ret = EXIT_INDEX;
	shards_free (&r);
    }
    /* Spelling words are buffered by the binding: hand them over even
     * when some lines were skipped (the close then commits them). */
    if (ret != EXIT_INDEX && (st = cx_db_flush_spelling (r.db))) {
	report_index_error (&r, st, "cannot write the spelling data");
	ret = EXIT_INDEX;
    }
    if (ret == EXIT_OK && (st = cx_db_commit (r.db))) {
	report_index_error (&r, st, "cannot commit to the index");
	ret = EXIT_INDEX;
    }
    /* A delta that grew to an eighth of the index is merged into it, so
     * that searches stay on one database and the delta small. */
    unsigned long in_delta = 0, in_all = 0;
    if (ret == EXIT_OK && r.has_delta && !cx_db_delta_count (r.db, &in_delta)
	&& !cx_db_doc_count (r.db, &in_all) && in_delta * 8 >= in_all) {
	if (compact (r.dbpath, 1) != EXIT_OK)
	    ret = EXIT_INDEX;
	else if (!r.quiet)
	    printf ("%s: merged the %lu article%s added since the last "
		    "compaction into the index\n", prog, in_delta,
		    in_delta == 1 ? "" : "s");
    }
    cari_analyzer_destroy (r.an);
    cx_doc_destroy (r.doc);
    cx_db_destroy (r.db);
    seen_free (&r.seen);
    free (r.dirs);
    known_free (&r.known);
    if (ret == EXIT_INDEX)
	return ret;

    /* Count what readers now see (a parallel build swapped the index). */
    unsigned long total = 0;
    cx_db_t *rdb = NULL;
    if (cx_db_open (r.dbpath, CX_DB_READ, &rdb, NULL) == CX_STATUS_SUCCESS)
	cx_db_doc_count (rdb, &total);
    cx_db_destroy (rdb);

    double secs = seconds_since (&r.t0);
    unsigned long done = r.added + r.replaced + r.skipped;
    if (!r.quiet) {
	char deleted[64] = "";
	if (r.deleting)
	    snprintf (deleted, sizeof deleted, "%lu deleted, ", r.deleted);
	printf ("%s: %lu added, %lu replaced, %lu skipped (unchanged), "
		"%s%lu errors in %.2f s (%.0f articles/s); '%s' holds %lu "
		"articles\n", prog, r.added, r.replaced, r.skipped, deleted,
		r.errors, secs, secs > 0 ? (double) done / secs : 0.0,
		r.dbpath, total);
    }
    return r.errors ? EXIT_INPUT : EXIT_OK;
}
