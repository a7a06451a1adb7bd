/* shards.c - an index split into shards by year: DIR/SHARDS, the routing
 * of articles, one writer a shard (see lib/shards.h)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/shards.h"

#include "lib/copies.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A file in each shard: the change token (cari_layout_token) it had after
 * its last compaction or parallel build, so that --compact leaves the
 * shards that did not change since (old years) untouched. */
#define COMPACTED "compacted"

struct child {
    char name[16];              /* "2019", "undated" */
    char *path;                 /* DIR/NAME */
    struct cari_writer *w;
    int built;                  /* a parallel build this run */
};

struct remote {
    char *line;                 /* "remote HOST:PORT", for the top stub */
    char *host;                 /* HOST:PORT */
    char **years;
    size_t nyears;
};

struct _cari_shardset {
    cari_writer_options_t o;    /* for the shards' writers */
    struct child *v;
    size_t n;
    struct remote *remotes;
    size_t nremotes;
    int begun, prepared;
};

int
_cari_sharded_wanted (const char *path, const cari_writer_options_t *o)
{
    return (o && o->shard_by) || cari_layout_sharded (path);
}

/* r's failure as the one of shard c's writer (its message). */
static int
child_failed (struct cari_writer *r, struct child *c)
{
    _cari_fail (r, c->w->status ? c->w->status : CARI_STATUS_INDEX_ERROR,
		"%s", c->w->status_string ? c->w->status_string
		: "cannot write a shard");
    return -1;
}

/* Read DIR/SHARDS into s.  Returns 0, or -1 (failed). */
static int
read_shards_file (struct cari_writer *r, struct _cari_shardset *s)
{
    char *path = NULL, *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    int ret = 0, by = 0;
    FILE *f;

    if (asprintf (&path, "%s/" CARI_LAYOUT_SHARDS, r->dbpath) < 0)
	return _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory"), -1;
    if (!(f = fopen (path, "re"))) {
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot read '%s': %s; fix "
		    "its permissions, then run again", path, strerror (errno));
	free (path);
	return -1;
    }
    while (ret == 0 && getline (&line, &cap, f) > 0) {
	char *save = NULL, *word;
	lineno++;
	line[strcspn (line, "\r\n#")] = '\0';
	if (!(word = strtok_r (line, " \t", &save)))
	    continue;
	if (!by) {
	    char *what = strtok_r (NULL, " \t", &save);
	    if (strcmp (word, "by") || !what || strcmp (what, "year") ||
		strtok_r (NULL, " \t", &save)) {
		_cari_fail (r, CARI_STATUS_INDEX_ERROR, "%s:%lu: the first "
			    "line must be 'by year' (the only rule cari "
			    "shards by); fix the file", path, lineno);
		ret = -1;
	    }
	    by = 1;
	    continue;
	}
	char *host = strtok_r (NULL, " \t", &save), *year;
	struct remote *grown;
	if (strcmp (word, "remote") || !host || !strchr (host, ':')) {
	    _cari_fail (r, CARI_STATUS_INDEX_ERROR, "%s:%lu: expected "
			"'remote HOST:PORT YEAR...' (a shard on another host "
			"and the years it holds); fix the line", path, lineno);
	    ret = -1;
	    break;
	}
	if (!(grown = realloc (s->remotes, (s->nremotes + 1) *
			       sizeof *grown))) {
	    ret = -1;
	    break;
	}
	s->remotes = grown;
	struct remote *m = &s->remotes[s->nremotes++];
	memset (m, 0, sizeof *m);
	if (!(m->host = strdup (host)) ||
	    asprintf (&m->line, "remote %s", host) < 0) {
	    m->line = NULL;
	    ret = -1;
	    break;
	}
	while (ret == 0 && (year = strtok_r (NULL, " \t", &save))) {
	    char **y;
	    if (!cari_layout_shard_name_ok (year)) {
		_cari_fail (r, CARI_STATUS_INDEX_ERROR, "%s:%lu: '%s' is not "
			    "a year (YYYY) or 'undated'; fix the line", path,
			    lineno, year);
		ret = -1;
	    } else if (!(y = realloc (m->years, (m->nyears + 1) *
				      sizeof *y)) ||
		       !((m->years = y)[m->nyears++] = strdup (year)))
		ret = -1;
	}
	if (ret == 0 && !m->nyears) {
	    _cari_fail (r, CARI_STATUS_INDEX_ERROR, "%s:%lu: the remote "
			"shard %s names no year; list the years it holds",
			path, lineno, host);
	    ret = -1;
	}
    }
    if (ret == 0 && !by) {
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "%s is empty; its first line "
		    "must be 'by year'", path);
	ret = -1;
    }
    if (ret < 0 && !r->status)
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
    fclose (f);
    free (line);
    free (path);
    return ret;
}

/* The remote shard that holds year name, or NULL. */
static const struct remote *
remote_of (const struct _cari_shardset *s, const char *name)
{
    for (size_t i = 0; i < s->nremotes; i++)
	for (size_t k = 0; k < s->remotes[i].nyears; k++)
	    if (!strcmp (s->remotes[i].years[k], name))
		return &s->remotes[i];
    return NULL;
}

/* Write DIR/XAPIANDB: the shards' parts and the remote lines. */
static int
write_top_stub (struct cari_writer *r)
{
    struct _cari_shardset *s = r->sharded;
    const char **lines = calloc (s->nremotes + 1, sizeof *lines);
    char *why = NULL;
    int ret;

    if (!lines)
	return _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory"), -1;
    for (size_t i = 0; i < s->nremotes; i++)
	lines[i] = s->remotes[i].line;
    ret = cari_layout_shards_stub (r->dbpath, lines, s->nremotes, &why);
    if (ret < 0)
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot write '%s/"
		    CARI_LAYOUT_STUB "': %s", r->dbpath,
		    why ? why : "out of memory");
    free (why);
    free (lines);
    return ret;
}

/* Shard c finds the wire copies of its articles among every shard's of
 * this run (the run's table, r's), as one index would; among the articles
 * of earlier runs, in its own only (lib/copies.c asks one database). */
static void
share_copies (struct cari_writer *r, struct child *c)
{
    _cari_copies_destroy (c->w->copies);
    c->w->copies = r->copies;
}

/* Open the writer of shard name (made when new) as s->v[s->n], begun and
 * prepared when the run is.  Returns it, or NULL (failed). */
static struct child *
open_child (struct cari_writer *r, const char *name)
{
    struct _cari_shardset *s = r->sharded;
    struct child *grown = realloc (s->v, (s->n + 1) * sizeof *grown), *c;
    char *why = NULL;

    if (!grown) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return NULL;
    }
    s->v = grown;
    c = &s->v[s->n];
    memset (c, 0, sizeof *c);
    snprintf (c->name, sizeof c->name, "%s", name);
    if (asprintf (&c->path, "%s/%s", r->dbpath, name) < 0) {
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	return NULL;
    }
    cari_status_t st = cari_writer_open (c->path, &s->o, &c->w, &why);
    if (st) {
	_cari_fail (r, st, "shard %s: %s", name, why ? why : "out of memory");
	free (why);
	free (c->path);
	return NULL;
    }
    s->n++;
    c->w->message = r->message;
    c->w->message_data = r->message_data;
    if (s->begun && cari_writer_begin (c->w)) {
	child_failed (r, c);
	return NULL;
    }
    if (s->begun)
	share_copies (r, c);
    if (s->prepared && cari_writer_prepare (c->w)) {
	child_failed (r, c);
	return NULL;
    }
    c->built = c->w->nshards > 0;
    /* Readers of DIR see the new shard at once. */
    return write_top_stub (r) < 0 ? NULL : c;
}

/* 1 when the directory dir holds nothing (or is not there), else 0. */
static int
dir_empty (const char *dir)
{
    DIR *d = opendir (dir);
    struct dirent *e;
    int empty = 1;
    while (d && empty && (e = readdir (d)))
	empty = !strcmp (e->d_name, ".") || !strcmp (e->d_name, "..") ||
	    !strcmp (e->d_name, CARI_LAYOUT_TAKEDOWNS);
    if (d)
	closedir (d);
    return empty;
}

int
_cari_sharded_open (struct cari_writer *r, const cari_writer_options_t *o)
{
    struct _cari_shardset *s = calloc (1, sizeof *s);
    char **names = NULL, *why = NULL;
    size_t n = 0;
    int ret = -1;

    if (!s)
	return _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory"), -1;
    r->sharded = s;
    r->layout = 1;
    s->o = *o;
    s->o.shard_by = NULL;
    s->o.bytes_total = 0;
    if (o->shard_by && strcmp (o->shard_by, "year")) {
	_cari_fail (r, CARI_STATUS_ILLEGAL_ARGUMENT, "--shard-by wants "
		    "'year', not '%s'", o->shard_by);
	return -1;
    }
    if (!cari_layout_sharded (r->dbpath)) {
	/* --shard-by: a new or empty directory only. */
	unsigned long articles = 0;
	cari_index_t *idx = NULL;
	if (cari_layout_exists (r->dbpath)) {
	    if (cari_index_open (r->dbpath, &idx, NULL) == 0)
		cari_index_doc_count (idx, &articles);
	    cari_index_destroy (idx);
	    _cari_fail (r, CARI_STATUS_ILLEGAL_ARGUMENT, "'%s' is an index "
			"that is not sharded (%lu articles); an index is "
			"sharded when it is built: build it anew into a new "
			"directory with cari-index --db NEWDIR --shard-by "
			"year FILE..., then search NEWDIR (or move it in "
			"place of '%s')", r->dbpath, articles, r->dbpath);
	    return -1;
	}
	if (!dir_empty (r->dbpath)) {
	    _cari_fail (r, CARI_STATUS_ILLEGAL_ARGUMENT, "'%s' is not empty "
			"and holds no index; give an empty or new directory "
			"with --db", r->dbpath);
	    return -1;
	}
	if (mkdir (r->dbpath, 0755) < 0 && errno != EEXIST) {
	    _cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot create the index "
			"directory '%s': %s", r->dbpath, strerror (errno));
	    return -1;
	}
	static const char first[] = "by year\n";
	if (cari_layout_replace (r->dbpath, CARI_LAYOUT_SHARDS, first,
				 sizeof first - 1, &why) < 0) {
	    _cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot write '%s/"
			CARI_LAYOUT_SHARDS "': %s", r->dbpath,
			why ? why : "out of memory");
	    free (why);
	    return -1;
	}
    }
    if (read_shards_file (r, s) < 0)
	return -1;
    if (cari_layout_shard_list (r->dbpath, &names, &n) < 0) {
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot read the directory "
		    "'%s': %s", r->dbpath, strerror (errno));
	return -1;
    }
    ret = 0;
    for (size_t i = 0; i < n && ret == 0; i++)
	if (!open_child (r, names[i]))
	    ret = -1;
    for (size_t i = 0; i < n; i++)
	free (names[i]);
    free (names);
    return ret == 0 ? write_top_stub (r) : -1;
}

void
_cari_sharded_destroy (struct cari_writer *r)
{
    struct _cari_shardset *s = r->sharded;
    if (!s)
	return;
    for (size_t i = 0; i < s->n; i++) {
	if (s->v[i].w && s->v[i].w->copies == r->copies)
	    s->v[i].w->copies = NULL;       /* r's, freed with r */
	cari_writer_destroy (s->v[i].w);
	free (s->v[i].path);
    }
    free (s->v);
    for (size_t i = 0; i < s->nremotes; i++) {
	free (s->remotes[i].line);
	free (s->remotes[i].host);
	for (size_t k = 0; k < s->remotes[i].nyears; k++)
	    free (s->remotes[i].years[k]);
	free (s->remotes[i].years);
    }
    free (s->remotes);
    free (s);
    r->sharded = NULL;
}

int
_cari_sharded_begin (struct cari_writer *r)
{
    struct _cari_shardset *s = r->sharded;
    if (!(r->copies = _cari_copies_create ()))
	return _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory"), -1;
    for (size_t i = 0; i < s->n; i++) {
	struct child *c = &s->v[i];
	c->w->message = r->message;
	c->w->message_data = r->message_data;
	if (cari_writer_begin (c->w))
	    return child_failed (r, c);
	share_copies (r, c);
	r->before += c->w->before;
    }
    s->begun = 1;
    return 0;
}

int
_cari_sharded_prepare (struct cari_writer *r)
{
    struct _cari_shardset *s = r->sharded;
    for (size_t i = 0; i < s->n; i++) {
	struct child *c = &s->v[i];
	if (cari_writer_prepare (c->w))
	    return child_failed (r, c);
	c->built = c->w->nshards > 0;
    }
    s->prepared = 1;
    return 0;
}

/* Keep shard c's change token as of now in DIR/NAME/compacted. */
static void
mark_compacted (struct child *c)
{
    char tag[1024], *why = NULL;
    cari_layout_token (c->path, tag, sizeof tag);
    if (cari_layout_replace (c->path, COMPACTED, tag, strlen (tag),
			     &why) < 0)
	free (why);     /* the next --compact compacts it again: no harm */
}

/* 1 when shard c changed since its last compaction (or was never
 * compacted), else 0. */
static int
changed_since_compacted (const struct child *c)
{
    char tag[1024], old[1024] = "", *p;
    FILE *f;

    cari_layout_token (c->path, tag, sizeof tag);
    if (asprintf (&p, "%s/" COMPACTED, c->path) < 0)
	return 1;
    f = fopen (p, "re");
    free (p);
    if (!f)
	return 1;
    if (!fgets (old, sizeof old, f))
	old[0] = '\0';
    fclose (f);
    return strcmp (old, tag) != 0;
}

int
_cari_sharded_finish (struct cari_writer *r, int ok)
{
    struct _cari_shardset *s = r->sharded;
    int ret = 0;

    for (size_t i = 0; i < s->n; i++) {
	struct child *c = &s->v[i];
	/* What its merge's note counts: the articles read into it. */
	c->w->articles = c->w->added + c->w->replaced;
	if (cari_writer_finish (c->w, ok) && ret == 0)
	    ret = child_failed (r, c);
	else if (ok && c->built && c->w->added + c->w->replaced)
	    mark_compacted (c);
    }
    if (write_top_stub (r) < 0)
	ret = -1;
    return ret;
}

int
_cari_sharded_compact (struct cari_writer *r)
{
    struct _cari_shardset *s = r->sharded;
    size_t done = 0;

    for (size_t i = 0; i < s->n; i++) {
	struct child *c = &s->v[i];
	if (!changed_since_compacted (c))
	    continue;
	if (cari_writer_compact (c->w))
	    return child_failed (r, c);
	mark_compacted (c);
	done++;
    }
    if (!r->quiet)
	_cari_say (r, CARI_MESSAGE_REPORT, NULL, 0, "compacted %zu of the "
		   "%zu shards of '%s' (the others have not changed since "
		   "they were last compacted)", done, s->n, r->dbpath);
    return write_top_stub (r);
}

/* 1 when the index of shard c holds id, 0 when not, -1 on failure. */
static int
holds (struct cari_writer *r, struct child *c, const char *id)
{
    char qterm[CX_MAX_TERM_BYTES + 1], *old = NULL;
    int found = 0;

    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
    cx_status_t st = cx_db_get_value_by_term (c->w->db, qterm,
					      CARI_SLOT_HASH, &old, NULL);
    if (st) {
	_cari_fail_index (c->w, st, "cannot look up an article in");
	return child_failed (r, c);
    }
    found = old != NULL;
    free (old);
    return found;
}

/* The shard of s that holds id, or NULL; *failed set on failure. */
static struct child *
holder (struct cari_writer *r, const char *id, const struct child *but,
	int *failed)
{
    struct _cari_shardset *s = r->sharded;
    *failed = 0;
    for (size_t i = 0; i < s->n; i++) {
	struct child *c = &s->v[i];
	if (c == but)
	    continue;
	int got = holds (r, c, id);
	if (got < 0) {
	    *failed = 1;
	    return NULL;
	}
	if (got)
	    return c;
    }
    return NULL;
}

/* Delete id from shard c.  Returns 1 when it was there, 0 when not, -1
 * (failed). */
static int
delete_from_child (struct cari_writer *r, struct child *c, const char *id)
{
    char qterm[CX_MAX_TERM_BYTES + 1];
    int deleted = 0;

    snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
    cx_status_t st = cx_db_delete (c->w->db, qterm, &deleted);
    if (st) {
	_cari_fail_index (c->w, st, "cannot delete from the index");
	return child_failed (r, c);
    }
    return deleted;
}

int
_cari_sharded_delete_article (struct cari_writer *r, const char *id)
{
    int failed;
    struct child *c = holder (r, id, NULL, &failed);

    if (failed)
	return -1;
    return c ? delete_from_child (r, c, id) : 0;
}

int
_cari_sharded_delete (struct cari_writer *r, const char *id,
		     const char *where)
{
    int failed;
    struct child *c;

    if (!*id || strlen (id) > CARI_MAX_ID_BYTES) {
	_cari_warn (r, NULL, 0, "%s: id '%.40s' is empty or longer than %d "
		    "bytes; not deleted", where, id, CARI_MAX_ID_BYTES);
	return 1;
    }
    if (!(c = holder (r, id, NULL, &failed))) {
	if (failed)
	    return -1;
	_cari_warn (r, NULL, 0, "%s: warning: id '%s' is not in the index; "
		    "nothing to delete", where, id);
	return 0;
    }
    return cari_writer_delete (c->w, id) ? child_failed (r, c) : 0;
}

int
_cari_sharded_prune (struct cari_writer *r, const char *path)
{
    struct _cari_shardset *s = r->sharded;
    for (size_t i = 0; i < s->n; i++)
	if (cari_writer_prune (s->v[i].w, path))
	    return child_failed (r, &s->v[i]);
    return 0;
}

int
_cari_sharded_skip_known (struct cari_writer *r, const char *hash,
			 const char *name, unsigned long line)
{
    struct _cari_shardset *s = r->sharded;
    for (size_t i = 0; i < s->n; i++) {
	struct child *c = &s->v[i];
	if (_cari_known_get (&c->w->known, hash)) {
	    int got = _cari_skip_known (c->w, hash, name, line);
	    return got < 0 ? child_failed (r, c) : got;
	}
    }
    return 0;
}

/* The shard for a: its year, or "undated". */
static void
shard_name (const cari_article_t *a, char *out, size_t size)
{
    if (a->date8[0])
	snprintf (out, size, "%.4s", a->date8);
    else
	snprintf (out, size, "%s", CARI_LAYOUT_UNDATED);
}

int
_cari_sharded_index_article (struct cari_writer *r, const cari_article_t *a,
			    const char *hash, const char *name,
			    unsigned long line)
{
    struct _cari_shardset *s = r->sharded;
    struct child *c = NULL, *old;
    char year[16], where[32] = "";
    const struct remote *m;
    int failed, is_new;

    shard_name (a, year, sizeof year);
    if (line)
	snprintf (where, sizeof where, ":%lu", line);
    if ((m = remote_of (s, year))) {
	_cari_warn (r, name, line, "article '%s' is of %s, which %s/"
		    CARI_LAYOUT_SHARDS " puts on the remote shard %s; not "
		    "indexed here: index it on that host", a->id, year,
		    r->dbpath, m->host);
	r->errors++;
	return 0;
    }
    /* An id this run wrote already goes where it went: a shard being
     * built in parallel cannot delete it yet (the later article wins, in
     * that shard; cari-query shows its date). */
    struct seen *e = _cari_seen_get (&r->seen, a->id, &is_new);
    if (!e)
	return _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory"), -1;
    if (!is_new && (size_t) e->shard < s->n &&
	s->v[e->shard].w->nshards > 0 &&
	strcmp (s->v[e->shard].name, year)) {
	_cari_warn (r, name, line, "warning: id '%s' was read before in this "
		    "run with another year; the later article replaces it "
		    "in the shard %s", a->id, s->v[e->shard].name);
	c = &s->v[e->shard];
    }
    for (size_t i = 0; !c && i < s->n; i++)
	if (!strcmp (s->v[i].name, year))
	    c = &s->v[i];
    if (!c && !(c = open_child (r, year)))
	return -1;
    e->shard = (int) (c - s->v);
    /* Its date changed its year: out of the shard that holds it. */
    old = holder (r, a->id, c, &failed);
    if (failed)
	return -1;
    if (old && delete_from_child (r, old, a->id) < 0)
	return -1;
    unsigned long added = c->w->added;
    if (_cari_index_article (c->w, a, hash, name, line) < 0)
	return child_failed (r, c);
    if (old && c->w->added > added) {
	/* A move: one article replaced, not one added. */
	c->w->added--;
	c->w->replaced++;
    }
    return 0;
}

void
_cari_sharded_counts (const struct cari_writer *r, cari_writer_counts_t *out)
{
    const struct _cari_shardset *s = r->sharded;
    for (size_t i = 0; s && i < s->n; i++) {
	cari_writer_counts_t c;
	cari_writer_counts (s->v[i].w, &c);
	out->added += c.added;
	out->replaced += c.replaced;
	out->skipped += c.skipped;
	out->errors += c.errors;
	out->deleted += c.deleted;
	out->unread += c.unread;
	out->taken_down += c.taken_down;
    }
}
