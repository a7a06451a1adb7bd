/* writer.c - the writer of an index: one article at a time, batches, deletions
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

#include "lib/copies.h"
#include "lib/shards.h"

#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Test hook: CARI_TEST_KILL_AT=EVENT:N kills the process with SIGKILL at */
/* the Nth EVENT (article, commit, merge), to test crash safety at exact  */
/* points.  Not for production use.                                      */
/* ------------------------------------------------------------------ */

void
_cari_test_kill_point (const char *event, unsigned long n)
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

double
cari_seconds_since (const struct timespec *t0)
{
    struct timespec t;
    clock_gettime (CLOCK_MONOTONIC, &t);
    return (double) (t.tv_sec - t0->tv_sec) +
	   (double) (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Count one change toward the batch; commit when it is full.  Returns 0,
 * or -1 when the commit failed. */
static int
one_change (struct cari_writer *r)
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
	_cari_fail_index (r, st, "cannot commit to the index");
	return -1;
    }
    r->pending = 0;
    _cari_test_kill_point ("commit", ++r->commits);
    return 0;
}

/* Skip the article read from name:line (line 0 for a whole file) whose
 * source hash the index holds, unless its id was read before in this run
 * (then it is parsed, so that the later article wins and is warned about).
 * Returns 1 when skipped, 0 when the article is to be read, -1 when out of
 * memory (failed). */
int
_cari_skip_known (struct cari_writer *r, const char *hash,
		  const char *name, unsigned long line)
{
    const char *known;
    int is_new;

    if (r->sharded)
	return _cari_sharded_skip_known (r, hash, name, line);
    if (!(known = _cari_known_get (&r->known, hash)))
	return 0;
    struct seen *e = _cari_seen_get (&r->seen, known, &is_new);
    const char *kept = e ? _cari_seen_name (&r->seen, name) : NULL;
    if (!kept) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
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
void
_cari_article_done (struct cari_writer *r, unsigned long long pos)
{
    r->articles++;
    _cari_test_kill_point ("article", r->articles);
    _cari_progress (r, pos, 0);
}

/* Attach the delta r->db names in its stub, or (fresh) a new one, which is
 * then named in the stub.  Returns 0, or -1 (failed). */
static int
attach_delta (struct cari_writer *r, int fresh)
{
    char *path = NULL, *why = NULL;
    cx_status_t st;
    int ret = -1;

    if (cari_layout_delta (r->dbpath, fresh, &path) < 0) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return -1;
    }
    if (!path)
	return 0;
    if ((st = cx_db_attach_delta (r->db, path))) {
	_cari_fail_index (r, st, "cannot open the delta of");
	goto done;
    }
    r->has_delta = 1;
    if (fresh && cari_layout_publish_delta (r->dbpath, &why) < 0) {
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot add a delta to '%s': "
		    "%s", r->dbpath, why ? why : "out of memory");
	goto done;
    }
    ret = 0;
done:
    free (why);
    free (path);
    return ret;
}

/* Warn about a's date if it has none that counts, and hold its title, url
 * and source to their caps (writer.h), with warnings naming name and
 * where; a cut title is copied to a static buffer (articles are written
 * one at a time). */
static void
limit_fields (struct cari_writer *r, cari_article_t *a, const char *name,
	      unsigned long line)
{
    static char title[MAX_TITLE_BYTES + 1];
    size_t n = strlen (a->title);

    if (a->bad_date == 1)
	_cari_warn (r, name, line, "warning: date '%.80s' is not a real day "
		    "written YYYY-MM-DD (with a real time, if any); indexed "
		    "without a date", a->date);
    else if (a->bad_date) {
	char lo[9], hi[9];
	cari_date_limits (lo, hi);
	_cari_warn (r, name, line, "warning: date '%.80s' is outside "
		    "%.4s-%.2s-%.2s..%.4s-%.2s-%.2s; indexed without a date "
		    "(CARI_DATE_RANGE=FROM..TO sets the range)", a->date, lo,
		    lo + 4, lo + 6, hi, hi + 4, hi + 6);
    }
    if (n > MAX_TITLE_BYTES) {
	size_t cut = cari_utf8_cut (a->title, n, MAX_TITLE_BYTES);
	memcpy (title, a->title, cut);
	title[cut] = '\0';
	_cari_warn (r, name, line, "warning: article '%s' has a title of %zu "
		    "bytes; it is cut to the first %zu (the limit is %d)",
		    a->id, n, cut, MAX_TITLE_BYTES);
	a->title = title;
    }
    if ((n = strlen (a->url)) > MAX_URL_BYTES) {
	_cari_warn (r, name, line, "warning: article '%s' has a url of %zu "
		    "bytes (the limit is %d); indexed without it", a->id, n,
		    MAX_URL_BYTES);
	a->url = "";
    }
    if (a->cms && *a->cms->warning)     /* held to their caps (cms.h) */
	_cari_warn (r, name, line, "warning: article '%s': %s", a->id,
		    a->cms->warning);
    if ((n = strlen (a->source)) > MAX_SOURCE_BYTES) {
	_cari_warn (r, name, line, "warning: article '%s' has a source of %zu "
		    "bytes (the limit is %d); indexed without it", a->id, n,
		    MAX_SOURCE_BYTES);
	a->source = "";
    }
}

/* One article read from name:line (line 0 for a whole file), from bytes
 * with source hash hash.  Returns 0, or -1 when the index failed
 * (failed; stop). */
int
_cari_index_article (struct cari_writer *r, const cari_article_t *a0,
		     const char *hash, const char *name, unsigned long line)
{
    char qterm[CX_MAX_TERM_BYTES + 1];
    cari_article_t limited = *a0;
    const cari_article_t *a = &limited;
    int is_new;

    if (r->sharded)
	return _cari_sharded_index_article (r, a0, hash, name, line);
    if (a0->id_from_url)
	_cari_warn (r, name, line, "warning: no \"id\"; its url '%s' is used "
		    "as the id", a0->id);
    limit_fields (r, &limited, name, line);
    if (a0->content_len > MAX_CONTENT_BYTES) {
	limited.content_len = cari_utf8_cut (a0->content, a0->content_len,
					MAX_CONTENT_BYTES);
	_cari_warn (r, name, line, "warning: article '%s' has %.1f MB of "
		    "text; only the first %u MiB is indexed and stored",
		    a0->id, (double) a0->content_len / 1e6,
		    MAX_CONTENT_BYTES >> 20);
    }

    struct seen *e = _cari_seen_get (&r->seen, a->id, &is_new);
    const char *kept = e ? _cari_seen_name (&r->seen, name) : NULL;
    if (!kept) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return -1;
    }
    if (!is_new) {
	char there[32] = "";
	if (e->line)
	    snprintf (there, sizeof there, ":%lu", e->line);
	_cari_warn (r, name, line, "warning: id '%s' was already read at "
		    "%s%s in this run; the later article wins", a->id,
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
	if (_cari_shard_push (&r->shards[e->shard], a, hash, &e->sub,
			is_new ? -1 : e->sub) < 0) {
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
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
	st = _cari_copies_mark (r->copies, r->db, a, r->doc);
    if (!st)
	st = cx_db_replace (r->db, qterm, r->doc, NULL);
    if (!st && r->spelling)
	st = cx_db_add_spelling_doc (r->db, r->doc, _cari_spelling_word,
				     NULL);
    if (st) {
	char where[32] = "";
	if (line)
	    snprintf (where, sizeof where, ":%lu", line);
	_cari_fail (r, _cari_status_from_cx (st), "%s%s: cannot index "
		    "article '%s': %s%s%s%s", name, where, a->id,
		    cx_status_to_string (st),
		    *cx_db_status_string (r->db) ? ": " : "",
		    cx_db_status_string (r->db),
		    cari_layout_disk_full (cx_db_status_string (r->db)));
	return -1;
    }
    if (known)
	r->replaced++;
    else
	r->added++;
    return one_change (r);
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

static int delete_id (struct cari_writer *r, const char *id, const char *where);

/* --prune: delete the articles DIRNAME/PATH of directory dir whose file
 * PATH is gone.  Returns 0, or -1 when the index failed. */
static int
prune_dir (struct cari_writer *r, const char *dir)
{
    struct prune_ctx p = { NULL, 0, 0, 0 };
    char *tag = _cari_dir_tag (dir), *prefix = NULL;
    size_t dirlen = strlen (dir);
    int ret = 0;

    while (dirlen > 1 && dir[dirlen - 1] == '/')
	dirlen--;
    if (!tag || asprintf (&prefix, CARI_PREFIX_ID "%s/", tag) < 0) {
	free (tag);
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return -1;
    }
    cx_status_t st = cx_db_terms (r->db, prefix, collect_id, &p);
    if (st || p.failed) {
	_cari_fail_index (r, st ? st : CX_STATUS_OUT_OF_MEMORY,
			  "cannot list the articles of");
	ret = -1;
    }
    for (size_t i = 0; i < p.n && ret == 0; i++) {
	char *path;
	struct stat sb;
	/* Only the ids of text and HTML files: an article of a JSON Lines
	 * file may have an id that starts the same way (news/2025/...). */
	cari_format_t f = r->format ? r->format : _cari_format_of (p.ids[i]);
	if (f != CARI_FORMAT_TEXT && f != CARI_FORMAT_HTML)
	    continue;
	if (asprintf (&path, "%.*s%s", (int) dirlen, dir,
		      p.ids[i] + strlen (tag)) < 0) {
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	    ret = -1;
	    break;
	}
	if (lstat (path, &sb) < 0 && errno == ENOENT) {
	    if (delete_id (r, p.ids[i], "--prune") < 0)
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
 * for a bad id (warned about), or -1 when the index failed. */
static int
delete_id (struct cari_writer *r, const char *id, const char *where)
{
    char qterm[CX_MAX_TERM_BYTES + 1];
    int deleted = 0;

    if (r->sharded)
	return _cari_sharded_delete (r, id, where);
    if (!*id || strlen (id) > CARI_MAX_ID_BYTES) {
	_cari_warn (r, NULL, 0, "%s: id '%.40s' is empty or longer than %d "
		    "bytes; not deleted", where, id, CARI_MAX_ID_BYTES);
	return 1;
    }
    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
    cx_status_t st = cx_db_delete (r->db, qterm, &deleted);
    if (st) {
	_cari_fail_index (r, st, "cannot delete from the index");
	return -1;
    }
    if (!deleted) {
	_cari_warn (r, NULL, 0, "%s: warning: id '%s' is not in the index; "
		    "nothing to delete", where, id);
	return 0;
    }
    r->deleted++;
    return one_change (r);
}

struct delete_from_ctx {
    struct cari_writer *r;
    const char *path;
};

static int
delete_line (void *ctx, char *id, unsigned long line)
{
    struct delete_from_ctx *c = ctx;
    char *where;

    if (asprintf (&where, "%s:%lu", c->path, line) < 0) {
	_cari_fail (c->r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return -1;
    }
    int got = delete_id (c->r, id, where);
    free (where);
    if (got < 0)
	return -1;
    c->r->errors += (unsigned long) got;
    return 0;
}

/* --delete-from FILE: one id a line; blank lines and # comments ignored. */
static int
delete_from (struct cari_writer *r, const char *path)
{
    struct delete_from_ctx c = { r, path };
    int got = _cari_id_file_each (path, delete_line, &c);

    if (got == CARI_ID_FILE_UNOPENED || got == CARI_ID_FILE_UNREAD) {
	_cari_warn (r, NULL, 0, "cannot read '%s': %s; nothing %sdeleted "
		    "from it", path, strerror (errno),
		    got == CARI_ID_FILE_UNREAD ? "more " : "");
	r->errors++;
	return 0;
    }
    return got;
}

/* ------------------------------------------------------------------ */
/* One run, as cari-index makes it: open, begin, deletions, prepare,   */
/* the files, prune, finish.                                           */
/* ------------------------------------------------------------------ */

/* The one place a writer is told apart from a reader: open the current
 * generation to write (the stub may name a delta too, which
 * cari_writer_begin attaches).  Returns 0, or -1 (failed). */
static int
open_for_writing (struct cari_writer *r)
{
    char *error = NULL, *gen = NULL;

    if (r->layout == 1 && cari_layout_current (r->dbpath, &gen) < 0) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return -1;
    }
    cx_status_t st = cx_db_open (gen ? gen : r->dbpath, CX_DB_WRITE, &r->db,
				 &error);
    /* Xapian reports a lock file it may not write as a lock held. */
    int denied = st && access (gen ? gen : r->dbpath, W_OK) < 0 &&
		 errno == EACCES;
    free (gen);
    if (!st)
	return 0;
    if (denied)
	_cari_fail (r, _cari_status_from_cx (st), "cannot write to the index "
		    "'%s': %s; run this as the user that owns it, or fix its "
		    "permissions", r->dbpath, strerror (EACCES));
    else if (st == CX_STATUS_DATABASE_LOCKED)
	_cari_fail (r, CARI_STATUS_INDEX_LOCKED, "the index '%s' is locked: "
		    "another cari-index is writing to it; wait until it ends, "
		    "then run this again", r->dbpath);
    else
	_cari_fail (r, _cari_status_from_cx (st), "cannot open the index "
		    "'%s' for writing: %s%s%s%s%s", r->dbpath,
		    cx_status_to_string (st), error ? ": " : "",
		    error ? error : "",
		    st == CX_STATUS_DATABASE_CORRUPT || st ==
		    CX_STATUS_DATABASE_NOT_FOUND ? "; restore it from a "
		    "backup, or build it again in a new directory" : "",
		    cari_layout_disk_full (error));
    free (error);
    return -1;
}

/* What a public function returns after its steps returned ret. */
static cari_status_t
said (struct cari_writer *r, int ret)
{
    if (ret >= 0)
	return CARI_STATUS_SUCCESS;
    return r->status ? r->status : CARI_STATUS_OUT_OF_MEMORY;
}

/* Hand r's failure over to the caller of cari_writer_open as
 * *error_message, and free r. */
static cari_status_t
open_failed (struct cari_writer *r, char **error_message)
{
    cari_status_t st = said (r, -1);
    if (error_message) {
	*error_message = r->status_string;
	r->status_string = NULL;
    }
    cari_writer_destroy (r);
    return st;
}

cari_status_t
cari_writer_open (const char *path, const cari_writer_options_t *o,
		  cari_writer_t **out, char **error_message)
{
    struct cari_writer *r = calloc (1, sizeof *r);
    char *why = NULL;

    *out = NULL;
    if (error_message)
	*error_message = NULL;
    if (!r) {
	if (error_message)
	    *error_message = strdup ("out of memory");
	return CARI_STATUS_OUT_OF_MEMORY;
    }
    pthread_mutex_init (&r->status_mu, NULL);
    r->dbpath = path;
    r->batch = o->batch;
    r->jobs = o->jobs;
    r->spelling = o->spelling;
    r->prune = o->prune;
    r->deleting = o->deleting;
    r->delete_from = o->delete_from;
    r->quiet = o->quiet;
    r->format = o->format;
    r->bytes_total = o->bytes_total;
    r->progress = o->quiet ? NULL : o->progress;
    r->progress_ctx = o->progress_ctx;
    clock_gettime (CLOCK_MONOTONIC, &r->t0);
    if (_cari_sharded_wanted (path, o)) {
	if (_cari_sharded_open (r, o) < 0)
	    return open_failed (r, error_message);
	*out = r;
	return CARI_STATUS_SUCCESS;
    }
    r->layout = cari_layout_init (path, &why);
    if (r->layout < 0) {
	_cari_fail (r, why ? CARI_STATUS_INDEX_ERROR
		    : CARI_STATUS_OUT_OF_MEMORY, "%s",
		    why ? why : "out of memory");
	free (why);
	return open_failed (r, error_message);
    }
    if (open_for_writing (r) < 0)
	return open_failed (r, error_message);
    if (cari_schema_check (r->db, 1, &why) < 0) {
	_cari_fail (r, CARI_STATUS_SCHEMA_MISMATCH, "cannot use the index "
		    "'%s': %s", r->dbpath, why ? why : "out of memory");
	free (why);
	return open_failed (r, error_message);
    }
    *out = r;
    return CARI_STATUS_SUCCESS;
}

cari_status_t
cari_writer_compact (cari_writer_t *w)
{
    if (w->sharded)
	return said (w, _cari_sharded_compact (w));
    return _cari_compact (w, w->quiet);
}

cari_status_t
cari_writer_begin (cari_writer_t *r)
{
    if (r->sharded)
	return said (r, _cari_sharded_begin (r));
    r->an = cari_analyzer_create ();
    r->copies = _cari_copies_create ();
    if (!r->an || !r->copies || cx_doc_create (&r->doc))
	return _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
    const char *problem;
    cari_analyzer_lexicon (r->an, &problem);
    if (problem)
	_cari_warn (r, NULL, 0, "warning: %s", problem);
    char *warning = cari_lexicon_check (r->db, r->an, 1);
    if (warning) {
	_cari_warn (r, NULL, 0, "warning: %s", warning);
	free (warning);
    }
    if (r->layout == 1 && attach_delta (r, 0) < 0)
	return said (r, -1);
    cx_db_doc_count (r->db, &r->before);
    return CARI_STATUS_SUCCESS;
}

cari_status_t
cari_writer_delete (cari_writer_t *r, const char *id)
{
    int got = delete_id (r, id, "--delete");
    if (got < 0)
	return said (r, -1);
    r->errors += (unsigned long) got;
    return CARI_STATUS_SUCCESS;
}

cari_status_t
cari_writer_delete_from (cari_writer_t *r, const char *path)
{
    return said (r, delete_from (r, path));
}

static int
prepare (struct cari_writer *r)
{
    cx_status_t st;

    if (r->sharded)
	return _cari_sharded_prepare (r);
    /* An existing index: the source hashes it holds.  Not after deleting
     * from a file, which this run's articles may bring back. */
    if (r->before > 0 && !r->delete_from) {
	st = cx_db_values (r->db, CARI_SLOT_HASH, _cari_known_add, &r->known);
	if (!st && !r->known.failed)
	    qsort (r->known.v, r->known.n, sizeof *r->known.v, _cari_known_cmp);
	if (st || r->known.failed) {
	    _cari_fail_index (r, st ? st : CX_STATUS_OUT_OF_MEMORY,
			      "cannot read the article hashes of");
	    return -1;
	}
    }
    /* Adding to an index of many articles: as in a build, a word joins the
     * spelling data when it is in two articles, here counted over the
     * whole index (new words of a single article made an incremental run
     * of 1% new articles 65% slower). */
    if (r->spelling && r->before >= BUILD_SPELLING_MIN_ARTICLES &&
	((st = cx_db_set_spelling_min (r->db, BUILD_SPELLING_MIN)) ||
	 (st = cx_db_set_spelling_catch_up (r->db)))) {
	_cari_fail_index (r, st, "cannot set up the spelling data of");
	return -1;
    }
    /* Parallel shards for a new or empty index with the stub layout. */
    if (r->jobs > 1 && r->before == 0 && r->layout == 1 && !r->deleting &&
	_cari_shards_open (r, r->jobs) < 0) {
	_cari_shards_close (r);
	_cari_shards_free (r);
	return -1;
    }
    /* Adding to an index: new articles go to a delta (see lib/layout.h). */
    r->want_delta = r->layout == 1 && r->before > 0 && !r->nshards;
    return 0;
}

cari_status_t
cari_writer_prepare (cari_writer_t *r)
{
    return said (r, prepare (r));
}

cari_status_t
cari_writer_add (cari_writer_t *r, const char *path)
{
    return said (r, _cari_index_file (r, path));
}

cari_status_t
cari_writer_prune (cari_writer_t *r, const char *path)
{
    struct stat sb;

    _cari_progress (r, 0, 1);
    if (strcmp (path, "-") && stat (path, &sb) == 0 && S_ISDIR (sb.st_mode))
	return said (r, r->sharded ? _cari_sharded_prune (r, path)
				   : prune_dir (r, path));
    return CARI_STATUS_SUCCESS;
}

cari_status_t
cari_writer_finish (cari_writer_t *r, int ok)
{
    int ret = ok ? 0 : -1, failed = 0;
    cx_status_t st;

    _cari_progress (r, 0, 1);
    if (r->sharded)
	return said (r, _cari_sharded_finish (r, ok));
    if (r->nshards) {
	if (_cari_shards_close (r) < 0 ||
	    (ret == 0 && r->added + r->replaced && _cari_shards_merge (r) < 0))
	    ret = failed = -1;
	_cari_shards_free (r);
    }
    /* Spelling words are buffered by the binding: hand them over even
     * when some lines were skipped (the close then commits them). */
    if (ret == 0 && (st = cx_db_flush_spelling (r->db))) {
	_cari_fail_index (r, st, "cannot write the spelling data");
	ret = failed = -1;
    }
    if (ret == 0 && (st = cx_db_commit (r->db))) {
	_cari_fail_index (r, st, "cannot commit to the index");
	ret = failed = -1;
    }
    /* A delta that grew to an eighth of the index is merged into it, so
     * that searches stay on one database and the delta small. */
    unsigned long in_delta = 0, in_all = 0;
    if (ret == 0 && r->has_delta && !cx_db_delta_count (r->db, &in_delta)
	&& !cx_db_doc_count (r->db, &in_all) && in_delta * 8 >= in_all) {
	if (_cari_compact (r, 1) != CARI_STATUS_SUCCESS) {
	    /* "The index is unchanged" said the compaction: not the run. */
	    _cari_fail (r, r->status, "%s; the articles of this run are "
			"committed; the next run or --compact merges them",
			r->status_string ? r->status_string : "");
	    failed = -1;
	}
	else if (!r->quiet)
	    _cari_say (r, CARI_MESSAGE_REPORT, NULL, 0, "merged the %lu "
		       "article%s added since the last compaction into the "
		       "index", in_delta, in_delta == 1 ? "" : "s");
    }
    return said (r, failed);
}

void
cari_writer_counts (const cari_writer_t *r, cari_writer_counts_t *out)
{
    out->added = r->added;
    out->replaced = r->replaced;
    out->skipped = r->skipped;
    out->errors = r->errors;
    out->deleted = r->deleted;
    out->unread = r->unread;
    out->taken_down = r->taken_down;
    _cari_sharded_counts (r, out);
}

void
cari_writer_destroy (cari_writer_t *r)
{
    if (!r)
	return;
    _cari_sharded_destroy (r);
    cari_analyzer_destroy (r->an);
    _cari_copies_destroy (r->copies);
    cx_doc_destroy (r->doc);
    cx_db_destroy (r->db);
    _cari_seen_free (&r->seen);
    free (r->dirs);
    _cari_known_free (&r->known);
    _cari_takedowns_free (r->takedowns);
    free (r->status_string);
    pthread_mutex_destroy (&r->status_mu);
    free (r);
}
