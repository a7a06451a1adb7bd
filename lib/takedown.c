/* takedown.c - ids that stay out of the index until lifted
 *
 * A --delete is undone by the next nightly run when the article is still
 * in its archive file; a takedown (a court order, a retraction) must not
 * be.  The ids taken down are kept in a file of the index layout,
 * DIR/takedowns (lib/layout.h), one "WHEN<TAB>ID" a line: beside the
 * generations, so that compactions, the swap of a parallel build and
 * rebuilds into the same directory leave it alone.  It is rewritten whole
 * (a temporary file, fsync, rename) under the writer's lock, before the
 * article is deleted: a run killed in between leaves the id listed, and
 * the next run that reads input deletes what the list names.  At ingest
 * an article whose id is listed is skipped and counted (taken_down).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/shards.h"
#include "lib/writer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct entry {
    char *id;
    char when[32];
    size_t order;               /* for sort_unique */
};

/* The list as read from DIR/takedowns, sorted by id. */
struct _cari_takedowns {
    struct entry *v;
    size_t n, size;
    int purged;                 /* the ids the index held are deleted */
};

static int
entry_cmp (const void *a, const void *b)
{
    return strcmp (((const struct entry *) a)->id,
		   ((const struct entry *) b)->id);
}

/* By id, then by the order pushed. */
static int
entry_order_cmp (const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    int c = strcmp (x->id, y->id);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static char *
list_path (const char *dbpath, const char *suffix)
{
    char *p;
    if (asprintf (&p, "%s/" CARI_LAYOUT_TAKEDOWNS "%s", dbpath, suffix) < 0)
	return NULL;
    return p;
}

void
_cari_takedowns_free (struct _cari_takedowns *t)
{
    if (!t)
	return;
    for (size_t i = 0; i < t->n; i++)
	free (t->v[i].id);
    free (t->v);
    free (t);
}

static struct entry *
find (const struct _cari_takedowns *t, const char *id)
{
    struct entry key = { (char *) id, "", 0 };
    return t->n ? bsearch (&key, t->v, t->n, sizeof *t->v, entry_cmp) : NULL;
}

/* Append id (taken down at when) to t, unsorted.  0 or -1. */
static int
push (struct _cari_takedowns *t, const char *id, size_t len,
      const char *when)
{
    if (t->n == t->size) {
	size_t size = t->size ? t->size * 2 : 64;
	struct entry *v = realloc (t->v, size * sizeof *v);
	if (!v)
	    return -1;
	t->v = v;
	t->size = size;
    }
    if (!(t->v[t->n].id = strndup (id, len)))
	return -1;
    snprintf (t->v[t->n].when, sizeof t->v[t->n].when, "%s", when);
    t->n++;
    return 0;
}

/* Sort t by id, each id once: the first pushed is kept (the list read,
 * then the ids added; a list edited by hand may repeat one). */
static void
sort_unique (struct _cari_takedowns *t)
{
    size_t k = 0;

    if (t->n < 2)
	return;
    for (size_t i = 0; i < t->n; i++)
	t->v[i].order = i;
    qsort (t->v, t->n, sizeof *t->v, entry_order_cmp);
    for (size_t i = 0; i < t->n; i++) {
	if (k && !strcmp (t->v[k - 1].id, t->v[i].id))
	    free (t->v[i].id);
	else
	    t->v[k++] = t->v[i];
    }
    t->n = k;
}

/* Read the list of the index at dbpath (none: an empty one) into *out.
 * Returns 0, or -1 with errno set. */
static int
list_read (const char *dbpath, struct _cari_takedowns **out)
{
    struct _cari_takedowns *t = calloc (1, sizeof *t);
    char *path = list_path (dbpath, ""), *line = NULL;
    size_t size = 0;
    ssize_t n;
    int ret = 0;
    FILE *f = NULL;

    *out = NULL;
    if (!t || !path || (!(f = fopen (path, "re")) && errno != ENOENT)) {
	ret = -1;
	goto done;
    }
    while (f && (n = getline (&line, &size, f)) >= 0) {
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
	    line[--n] = '\0';
	char *tab = strchr (line, '\t');
	if (*line == '#' || !tab || !tab[1])
	    continue;
	*tab = '\0';
	if (push (t, tab + 1, strlen (tab + 1), line) < 0) {
	    ret = -1;
	    break;
	}
    }
    if (f && ferror (f))
	ret = -1;
    if (ret == 0)
	sort_unique (t);
done:
    if (f) {
	int e = errno;
	fclose (f);
	errno = e;
    }
    free (line);
    free (path);
    if (ret < 0)
	_cari_takedowns_free (t);
    else
	*out = t;
    return ret;
}

/* Write t as the list of the index at dbpath, durably.  Returns 0, or -1
 * with *why set (free with free()). */
static int
list_write (const char *dbpath, const struct _cari_takedowns *t, char **why)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream (&text, &len);
    int ret;

    *why = NULL;
    if (!f) {
	*why = strdup ("out of memory");
	return -1;
    }
    fprintf (f, "# cari takedown list: the articles with these ids stay out "
	     "of the index\n# until lifted (cari-index --lift ID).  One "
	     "WHEN<TAB>ID a line.\n");
    for (size_t i = 0; i < t->n; i++)
	fprintf (f, "%s\t%s\n", t->v[i].when, t->v[i].id);
    if (fclose (f) != 0) {
	free (text);
	*why = strdup ("out of memory");
	return -1;
    }
    ret = cari_layout_replace (dbpath, CARI_LAYOUT_TAKEDOWNS, text, len, why);
    free (text);
    return ret;
}

/* The writer's list, read at its first use.  0, or -1 (failed). */
static int
load (struct cari_writer *r)
{
    if (r->takedowns)
	return 0;
    if (list_read (r->dbpath, &r->takedowns) == 0)
	return 0;
    _cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot read the takedown list "
		"'%s/" CARI_LAYOUT_TAKEDOWNS "': %s; nothing was changed (fix "
		"its permissions, then run again)", r->dbpath,
		strerror (errno));
    return -1;
}

/* Delete the article with this id from the index, if it is there.
 * Returns 1 when it was, 0 when not, -1 when the index failed. */
static int
delete_article (struct cari_writer *r, const char *id)
{
    char qterm[CX_MAX_TERM_BYTES + 1];
    int deleted = 0;

    if (r->sharded)     /* whichever shard holds it (lib/shards.c) */
	deleted = _cari_sharded_delete_article (r, id);
    else {
	snprintf (qterm, sizeof qterm, CARI_PREFIX_ID "%s", id);
	cx_status_t st = cx_db_delete (r->db, qterm, &deleted);
	if (st) {
	    _cari_fail_index (r, st, "cannot delete from the index");
	    return -1;
	}
    }
    if (deleted > 0)
	r->deleted++;
    return deleted;
}

/* 1 when id can be listed: not empty, within CARI_MAX_ID_BYTES, no line
 * break (a line of the list); else 0, said: the failure of the call when
 * alone, else a warning. */
static int
valid_id (struct cari_writer *r, const char *id, const char *where,
	  int alone)
{
    static const char fmt[] = "%s: id '%.40s' is empty, longer than %d "
	"bytes or holds a line break; not taken down";

    if (*id && strlen (id) <= CARI_MAX_ID_BYTES && !strpbrk (id, "\r\n"))
	return 1;
    if (alone)
	_cari_fail (r, CARI_STATUS_ILLEGAL_ARGUMENT, fmt, where, id,
		    CARI_MAX_ID_BYTES);
    else
	_cari_warn (r, NULL, 0, fmt, where, id, CARI_MAX_ID_BYTES);
    return 0;
}

/* Add the n ids at ids to the list (written once), then delete their
 * articles (alone: ids is the one of --takedown).  *found (if not NULL)
 * gets how many the index held.  Returns 0, the number of invalid ids
 * (said), or -1 (failed). */
static int
take_down (struct cari_writer *r, const char *const *ids, size_t n,
	   const char *where, int alone, unsigned long *found)
{
    char when[32];
    size_t old = 0;
    int bad = 0;

    if (found)
	*found = 0;
    if (load (r) < 0)
	return -1;
    old = r->takedowns->n;
    cari_iso_time (time (NULL), when, sizeof when);
    for (size_t i = 0; i < n; i++) {
	if (!valid_id (r, ids[i], where, alone)) {
	    bad++;
	    continue;
	}
	if (push (r->takedowns, ids[i], strlen (ids[i]), when) < 0) {
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	    return -1;
	}
    }
    /* Once for all the ids: a listed one keeps its first time. */
    sort_unique (r->takedowns);
    char *why = NULL;
    if (r->takedowns->n != old &&
	list_write (r->dbpath, r->takedowns, &why) < 0) {
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot write the takedown "
		    "list of '%s': %s; nothing was taken down", r->dbpath,
		    why ? why : "out of memory");
	free (why);
	return -1;
    }
    for (size_t i = 0; i < n; i++) {
	int got = find (r->takedowns, ids[i]) ? delete_article (r, ids[i]) : 0;
	if (got < 0)
	    return -1;
	if (found)
	    *found += (unsigned long) got;
    }
    return bad;
}

/* The status of a public function whose step returned ret. */
static cari_status_t
takedown_status (struct cari_writer *r, int ret)
{
    if (ret == 0)
	return CARI_STATUS_SUCCESS;
    if (ret > 0)
	return CARI_STATUS_ILLEGAL_ARGUMENT;
    return r->status ? r->status : CARI_STATUS_OUT_OF_MEMORY;
}

cari_status_t
cari_takedown_add (cari_writer_t *r, const char *id, int *found)
{
    unsigned long n = 0;
    int ret = take_down (r, &id, 1, "--takedown", 1, &n);
    if (found)
	*found = n > 0;
    return takedown_status (r, ret);
}

/* The ids of a file, gathered. */
struct id_list {
    char **v;
    size_t n, cap;
};

static int
gather_id (void *ctx, char *id, unsigned long line)
{
    struct id_list *l = ctx;
    (void) line;
    if (l->n == l->cap) {
	size_t cap = l->cap ? l->cap * 2 : 64;
	char **v = realloc (l->v, cap * sizeof *v);
	if (!v)
	    return -1;
	l->v = v;
	l->cap = cap;
    }
    if (!(l->v[l->n] = strdup (id)))
	return -1;
    l->n++;
    return 0;
}

cari_status_t
cari_takedown_add_from (cari_writer_t *r, const char *path,
			unsigned long *listed, unsigned long *found,
			unsigned long *refused)
{
    struct id_list l = { NULL, 0, 0 };
    int ret = _cari_id_file_each (path, gather_id, &l);

    *listed = *found = *refused = 0;
    if (ret == -1) {
	ret = -1;
	_cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
    } else if (ret) {
	_cari_warn (r, NULL, 0, "cannot read '%s': %s; nothing taken down "
		    "from it", path, strerror (errno));
	r->unread++;
	*refused = 1;
	ret = 0;
    } else {
	ret = take_down (r, (const char *const *) l.v, l.n, path, 0, found);
	*listed = ret < 0 ? 0 : l.n - (size_t) ret;
	*refused = ret < 0 ? 0 : (unsigned long) ret;
	ret = ret < 0 ? -1 : 0;
    }
    for (size_t i = 0; i < l.n; i++)
	free (l.v[i]);
    free (l.v);
    return takedown_status (r, ret);
}

cari_status_t
cari_takedown_lift (cari_writer_t *r, const char *id)
{
    struct entry *e;

    if (load (r) < 0)
	return takedown_status (r, -1);
    if (!(e = find (r->takedowns, id)))
	return _cari_fail (r, CARI_STATUS_ILLEGAL_ARGUMENT, "--lift: id '%s' "
			   "is not taken down; nothing lifted (cari-index "
			   "--takedowns lists them)", id);
    struct entry gone = *e;
    size_t at = (size_t) (e - r->takedowns->v);
    memmove (e, e + 1, (r->takedowns->n - at - 1) * sizeof *e);
    r->takedowns->n--;
    char *why = NULL;
    if (list_write (r->dbpath, r->takedowns, &why) < 0) {
	_cari_fail (r, CARI_STATUS_INDEX_ERROR, "cannot write the takedown "
		    "list of '%s': %s; nothing was lifted", r->dbpath,
		    why ? why : "out of memory");
	free (why);
	free (gone.id);
	return takedown_status (r, -1);
    }
    free (gone.id);
    return CARI_STATUS_SUCCESS;
}

cari_status_t
cari_takedown_list (const char *dbpath, cari_takedown_func_t *func,
		    void *ctx, char **error_message)
{
    struct _cari_takedowns *t;

    if (error_message)
	*error_message = NULL;
    if (list_read (dbpath, &t) < 0) {
	cari_status_t st = errno == ENOMEM ? CARI_STATUS_OUT_OF_MEMORY
					   : CARI_STATUS_INDEX_ERROR;
	if (error_message)
	    *error_message = cari_msg ("cannot read the takedown list of "
				       "'%s': %s; fix its permissions",
				       dbpath, strerror (errno));
	return st;
    }
    for (size_t i = 0; i < t->n; i++)
	if (func (ctx, t->v[i].id, t->v[i].when))
	    break;
    _cari_takedowns_free (t);
    return CARI_STATUS_SUCCESS;
}

/* Forget the hashes of the articles deleted: their lines are then read,
 * and skipped as taken down. */
static void
forget_known (struct cari_writer *r)
{
    size_t k = 0;
    for (size_t i = 0; i < r->known.n; i++) {
	if (find (r->takedowns, r->known.v[i].id))
	    free (r->known.v[i].id);
	else
	    r->known.v[k++] = r->known.v[i];
    }
    r->known.n = k;
}

int
_cari_takedown_check (struct cari_writer *r, const char *id)
{
    if (load (r) < 0)
	return -1;
    /* Once a run: a takedown killed before its commit left its article. */
    if (!r->takedowns->purged && r->before > 0) {
	unsigned long gone = 0;
	for (size_t i = 0; i < r->takedowns->n; i++) {
	    int got = delete_article (r, r->takedowns->v[i].id);
	    if (got < 0)
		return -1;
	    gone += (unsigned long) got;
	}
	if (gone)
	    forget_known (r);
    }
    r->takedowns->purged = 1;
    if (!id || !find (r->takedowns, id))
	return 0;
    r->taken_down++;
    return 1;
}
