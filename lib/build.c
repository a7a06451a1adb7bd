/* build.c - the parallel build: worker threads writing shards, then the merge
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

#include "lib/copies.h"

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
    it->a.cms = NULL;
    if (a->cms) {
	/* The reader's CMS fields are its own until the next article. */
	cari_cms_t *cms = malloc (sizeof *cms);
	if (!cms || cari_cms_copy (cms, a->cms) < 0) {
	    free (cms);
	    free (it);
	    return NULL;
	}
	it->a.cms = cms;
    }
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
	    /* A new index: the copies are among the build's articles. */
	    if (!st)
		st = _cari_copies_mark (s->copies, NULL, &it->a, s->doc);
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
	if (it->a.cms) {
	    cari_cms_clear ((cari_cms_t *) it->a.cms);
	    free ((cari_cms_t *) it->a.cms);
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
int
_cari_shard_push (struct shard *s, const cari_article_t *a,
		  const char *hash, int *sub, int old_sub)
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

/* Open the shards of a parallel build under DIR/build.  Returns 0, or -1
 * (failed). */
int
_cari_shards_open (struct cari_writer *r, int n)
{
    char *build = NULL;

    if (asprintf (&build, "%s/" CARI_LAYOUT_BUILD, r->dbpath) < 0) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return -1;
    }
    cari_layout_remove (build);  /* what a killed run left */
    if (mkdir (build, 0755) < 0) {
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot create '%s': %s", build,
		    strerror (errno));
	free (build);
	return -1;
    }
    r->shards = calloc ((size_t) n, sizeof *r->shards);
    if (!r->shards) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	free (build);
	return -1;
    }
    r->nshards = n;
    for (int i = 0; i < n; i++) {
	struct shard *s = &r->shards[i];
	pthread_mutex_init (&s->mu, NULL);
	pthread_cond_init (&s->cv, NULL);
	s->batch = SHARD_BATCH;
	s->copies = r->copies;
	/* Test hook: CARI_TEST_SHARD_ROLL=N rolls every N articles. */
	const char *roll = getenv ("CARI_TEST_SHARD_ROLL");
	s->roll = roll && strtoul (roll, NULL, 10) ? strtoul (roll, NULL, 10)
						   : SHARD_ROLL;
	if (asprintf (&s->path, "%s/shard-%d", build, i) < 0) {
	    s->path = NULL;
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	    free (build);
	    return -1;
	}
	if (!(s->an = cari_analyzer_create ()) || cx_doc_create (&s->doc)) {
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	    free (build);
	    return -1;
	}
	if (shard_open_sub (s) < 0) {
	    _cari_fail (r, _cari_status_from_cx (s->status), "%s%s", s->error,
			cari_layout_disk_full (s->error));
	    free (build);
	    return -1;
	}
	if (pthread_create (&s->thread, NULL, shard_main, s)) {
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "cannot start a thread");
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
    struct cari_writer *r;
    int part;
    int started;                /* in a thread of its own */
    cx_status_t status;
    pthread_t thread;
};

static void *
spell_main (void *arg)
{
    struct spell_job *j = arg;
    struct cari_writer *r = j->r;
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
					_cari_spelling_word, NULL,
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
 * written and committed, else -1 (failed). */
int
_cari_shards_close (struct cari_writer *r)
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
	    /* The first failure is the writer's; any other is told. */
	    if (ret == 0)
		_cari_fail (r, _cari_status_from_cx (s->status), "%s ('%s')%s",
			    s->error, s->path, cari_layout_disk_full (s->error));
	    else
		_cari_warn (r, NULL, 0, "%s ('%s')%s", s->error, s->path,
			    cari_layout_disk_full (s->error));
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
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
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
		const char *detail = cx_db_status_string (db);
		if (ret == 0)
		    _cari_fail (r, _cari_status_from_cx (j->status), "cannot "
				"write the spelling data to '%s': %s%s%s",
				r->shards[i].subs[r->shards[i].nsubs - 1],
				cx_status_to_string (j->status),
				*detail ? ": " : "", detail);
		else
		    _cari_warn (r, NULL, 0, "cannot write the spelling data "
				"to '%s': %s%s%s",
				r->shards[i].subs[r->shards[i].nsubs - 1],
				cx_status_to_string (j->status),
				*detail ? ": " : "", detail);
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
 * Returns 0, or -1 (failed; the index is unchanged). */
int
_cari_shards_merge (struct cari_writer *r)
{
    const char **paths;
    char *gen = NULL, *why = NULL, *error = NULL;
    size_t n = 0;
    int ret = -1;

    for (int i = 0; i < r->nshards; i++)
	n += (size_t) r->shards[i].nsubs;
    if (!(paths = calloc (n, sizeof *paths))) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return -1;
    }
    n = 0;
    for (int i = 0; i < r->nshards; i++)
	for (int k = 0; k < r->shards[i].nsubs; k++)
	    paths[n++] = r->shards[i].subs[k];
    if (cari_layout_next (r->dbpath, &gen, &why) < 0) {
	_cari_fail (r, why ? CARI_STATUS_INDEX_ERROR : CARI_STATUS_OUT_OF_MEMORY,
		    "%s", why ? why : "out of memory");
	goto done;
    }
    if (!r->quiet)
	_cari_say (r, CARI_MESSAGE_NOTE, NULL, 0, "%.1f s: %lu articles in %d "
		   "shards; merging them with Xapian's compaction",
		   cari_seconds_since (&r->t0), r->articles, (int) n);
    cx_status_t st = cx_compact (paths, n, gen, &error);
    if (st) {
	_cari_fail (r, _cari_status_from_cx (st), "cannot merge the shards "
		    "into '%s': %s%s%s%s", gen, cx_status_to_string (st),
		    error ? ": " : "", error ? error : "",
		    cari_layout_disk_full (error));
	cari_layout_remove (gen);
	goto done;
    }
    _cari_test_kill_point ("merge", 1);
    if (cari_layout_swap (r->dbpath, gen, &why) < 0) {
	_cari_fail (r, why ? CARI_STATUS_INDEX_ERROR : CARI_STATUS_OUT_OF_MEMORY,
		    "%s", why ? why : "out of memory");
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

void
_cari_shards_free (struct cari_writer *r)
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
