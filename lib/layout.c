/* store.c - the on-disk layout of a cari index (see lib/layout.h)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/layout.h"

#include "lib/remote.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define GEN_PREFIX "gen-"
#define DELTA_SUFFIX ".delta"

/* What to do when the disk is full (cari_layout_disk_full). */
static const char full_disk[] = "; the disk is full: free space on it (or "
    "move the index to a larger disk) and run again: what was committed is "
    "kept";

static int
fail (char **why, const char *fmt, const char *path)
{
    int e = errno;
    char *msg;

    if (asprintf (&msg, fmt, path, strerror (e)) < 0)
	msg = NULL;
    if (!msg || asprintf (why, "%s%s", msg,
			  e == ENOSPC || e == EDQUOT ? full_disk : "") < 0)
	*why = NULL;
    free (msg);
    return -1;
}

const char *
cari_layout_disk_full (const char *detail)
{
    if (detail && (strstr (detail, strerror (ENOSPC)) ||
		   strstr (detail, strerror (EDQUOT))))
	return full_disk;
    return "";
}

static int
file_exists (const char *dir, const char *name)
{
    char *p;
    struct stat st;
    int ret;

    if (asprintf (&p, "%s/%s", dir, name) < 0)
	return 0;
    ret = stat (p, &st) == 0;
    free (p);
    return ret;
}

/* The generation number named by DIR's stub, or 0 when there is none;
 * into *lines (if not NULL) how many databases the stub names (2 with a
 * delta). */
static unsigned long
stub_read (const char *dir, int *lines)
{
    char *p, line[256];
    unsigned long gen = 0;
    int n = 0;
    FILE *f;

    if (lines)
	*lines = 0;
    if (asprintf (&p, "%s/" CARI_LAYOUT_STUB, dir) < 0)
	return 0;
    f = fopen (p, "r");
    free (p);
    if (!f)
	return 0;
    while (fgets (line, sizeof line, f))
	if (n++ == 0 && sscanf (line, "glass " GEN_PREFIX "%lu", &gen) != 1)
	    gen = 0;
    fclose (f);
    if (lines)
	*lines = n;
    return gen;
}

static unsigned long
stub_generation (const char *dir)
{
    return stub_read (dir, NULL);
}

int
cari_layout_replace (const char *dir, const char *name, const char *data,
		     size_t len, char **why)
{
    char *tmp = NULL, *path = NULL;
    int fd = -1, ret = -1;

    *why = NULL;
    if (asprintf (&tmp, "%s/%s.tmp", dir, name) < 0 ||
	asprintf (&path, "%s/%s", dir, name) < 0) {
	*why = strdup ("out of memory");
	goto done;
    }
    fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
	fail (why, "cannot write '%s': %s", tmp);
	goto done;
    }
    for (size_t off = 0; off < len;) {
	ssize_t n = write (fd, data + off, len - off);
	if (n < 0 && errno == EINTR)
	    continue;
	if (n <= 0) {
	    fail (why, "cannot write '%s': %s", tmp);
	    goto done;
	}
	off += (size_t) n;
    }
    if (fsync (fd) < 0) {
	fail (why, "cannot write '%s': %s", tmp);
	goto done;
    }
    if (close (fd) < 0) {
	fd = -1;
	fail (why, "cannot write '%s': %s", tmp);
	goto done;
    }
    fd = -1;
    if (rename (tmp, path) < 0) {
	fail (why, "cannot rename the new file to '%s': %s", path);
	goto done;
    }
    /* Make the rename itself durable. */
    int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
	fsync (dfd);
	close (dfd);
    }
    ret = 0;
done:
    if (fd >= 0)
	close (fd);
    if (ret < 0 && tmp)
	unlink (tmp);
    free (tmp);
    free (path);
    return ret;
}

static int shard_parent_refresh (const char *dir, char **why);

/* Write DIR/XAPIANDB naming generation gen (and its delta), atomically. */
static int
write_stub (const char *dir, unsigned long gen, int delta, char **why)
{
    char text[128];
    int n = snprintf (text, sizeof text, "glass " GEN_PREFIX "%06lu\n", gen);
    if (delta)
	n += snprintf (text + n, sizeof text - (size_t) n,
		       "glass " GEN_PREFIX "%06lu" DELTA_SUFFIX "\n", gen);
    if (cari_layout_replace (dir, CARI_LAYOUT_STUB, text, (size_t) n,
			     why) < 0)
	return -1;
    /* A shard of a sharded index: the top stub names this one's parts. */
    return shard_parent_refresh (dir, why);
}

int
cari_layout_exists (const char *dir)
{
    return file_exists (dir, CARI_LAYOUT_STUB) ||
	file_exists (dir, CARI_LAYOUT_SHARDS) ||
	file_exists (dir, "iamglass") || file_exists (dir, "iamchert");
}

/* 1 when DIR holds a generation directory other than gen. */
static int
other_generation (const char *dir, unsigned long gen)
{
    DIR *d = opendir (dir);
    struct dirent *e;
    unsigned long n;
    int found = 0;

    while (d && !found && (e = readdir (d)))
	found = sscanf (e->d_name, GEN_PREFIX "%lu", &n) == 1 && n != gen &&
	    !strchr (e->d_name, '.');
    if (d)
	closedir (d);
    return found;
}

int
cari_layout_init (const char *dir, char **why)
{
    struct stat st;

    *why = NULL;
    if (stat (dir, &st) < 0) {
	if (errno != ENOENT)
	    return fail (why, "cannot use '%s': %s", dir);
	if (mkdir (dir, 0755) < 0 && errno != EEXIST)
	    return fail (why, "cannot create the index directory '%s': %s",
			 dir);
    } else if (!S_ISDIR (st.st_mode)) {
	errno = ENOTDIR;
	return fail (why, "cannot use '%s' as an index: %s", dir);
    }
    if (file_exists (dir, CARI_LAYOUT_STUB)) {
	/* Opening a generation that is not there would make a new, empty
	 * one; the next swap would then remove the real one. */
	unsigned long gen = stub_generation (dir);
	char name[64];
	snprintf (name, sizeof name, GEN_PREFIX "%06lu", gen);
	if (gen && !file_exists (dir, name) && other_generation (dir, gen)) {
	    if (asprintf (why, "the index '%s' names its generation %s in "
			  "%s/" CARI_LAYOUT_STUB ", and %s is missing; "
			  "nothing was changed: restore it, or rebuild the "
			  "index in a new directory", dir, name, dir, name) < 0)
		*why = NULL;
	    return -1;
	}
	return 1;
    }
    if (file_exists (dir, "iamglass") || file_exists (dir, "iamchert"))
	return 0;

    /* An empty directory (or one of files that are not an index: Xapian
     * will say so when it opens the stub's generation). */
    DIR *d = opendir (dir);
    struct dirent *e;
    int empty = 1;
    if (!d)
	return fail (why, "cannot read the directory '%s': %s", dir);
    /* The takedown list outlives the generations: a directory holding
     * only it is an index to build again. */
    while ((e = readdir (d)))
	if (strcmp (e->d_name, ".") && strcmp (e->d_name, "..") &&
	    strcmp (e->d_name, CARI_LAYOUT_TAKEDOWNS))
	    empty = 0;
    closedir (d);
    if (!empty) {
	if (asprintf (why, "'%s' is not empty and holds no index; give an "
		      "empty or new directory with --db", dir) < 0)
	    *why = NULL;
	return -1;
    }
    /* Xapian creates the generation's directory when the writer opens
     * the stub. */
    return write_stub (dir, 1, 0, why) < 0 ? -1 : 1;
}

int
cari_layout_current (const char *dir, char **out)
{
    unsigned long gen = stub_generation (dir);
    int n = gen ? asprintf (out, "%s/" GEN_PREFIX "%06lu", dir, gen)
		: asprintf (out, "%s", dir);
    if (n < 0) {
	*out = NULL;
	return -1;
    }
    return 0;
}

int
cari_layout_next (const char *dir, char **out, char **why)
{
    unsigned long gen = stub_generation (dir);

    *why = NULL;
    if (!gen) {
	if (asprintf (why, "'%s' is an index of an older cari, which cannot "
		      "be swapped in place; rebuild it into a new directory",
		      dir) < 0)
	    *why = NULL;
	return -1;
    }
    if (asprintf (out, "%s/" GEN_PREFIX "%06lu", dir, gen + 1) < 0) {
	*why = strdup ("out of memory");
	return -1;
    }
    cari_layout_remove (*out);   /* a leftover of a killed run */
    return 0;
}

static int
remove_entry (const char *path, const struct stat *st, int flag,
	      struct FTW *ftw)
{
    (void) st;
    (void) ftw;
    return flag == FTW_DP ? rmdir (path) : unlink (path);
}

int
cari_layout_remove (const char *path)
{
    struct stat st;
    if (lstat (path, &st) < 0)
	return errno == ENOENT ? 0 : -1;
    return nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Remove every generation (and delta) but gen and keep. */
static void
remove_generations (const char *dir, unsigned long gen, unsigned long keep)
{
    DIR *d = opendir (dir);
    struct dirent *e;
    if (!d)
	return;
    while ((e = readdir (d))) {
	unsigned long g;
	if (sscanf (e->d_name, GEN_PREFIX "%lu", &g) == 1 && g != gen &&
	    g != keep) {
	    char *p;
	    if (asprintf (&p, "%s/%s", dir, e->d_name) >= 0) {
		cari_layout_remove (p);
		free (p);
	    }
	}
    }
    closedir (d);
}

void
cari_layout_tidy (const char *dir)
{
    unsigned long gen = stub_generation (dir);
    if (gen)
	remove_generations (dir, gen, gen);
}

int
cari_layout_swap (const char *dir, const char *gen_path, char **why)
{
    unsigned long old = stub_generation (dir), gen = 0;
    const char *base = strrchr (gen_path, '/');

    *why = NULL;
    if (!old || !base || sscanf (base + 1, GEN_PREFIX "%lu", &gen) != 1) {
	*why = strdup ("not an index of the generation layout");
	return -1;
    }
    if (write_stub (dir, gen, 0, why) < 0)
	return -1;

    /* Keep the generation just replaced: the writer that swapped may still
     * have it open (a parallel build commits it once more), and readers
     * too; remove older ones.  cari_layout_tidy removes it as well. */
    remove_generations (dir, gen, old);
    return 0;
}

unsigned long long
cari_layout_bytes (const char *path)
{
    char *paths[] = { (char *) path, NULL };
    FTS *fts = fts_open (paths, FTS_PHYSICAL | FTS_NOCHDIR, NULL);
    FTSENT *e;
    unsigned long long total = 0;

    while (fts && (e = fts_read (fts)))
	if (e->fts_info == FTS_F)
	    total += (unsigned long long) e->fts_statp->st_size;
    if (fts)
	fts_close (fts);
    return total;
}

int
cari_layout_delta (const char *dir, int fresh, char **out)
{
    int lines;
    unsigned long gen = stub_read (dir, &lines);

    *out = NULL;
    if (!gen || (lines > 1) == fresh)
	return 0;
    if (asprintf (out, "%s/" GEN_PREFIX "%06lu" DELTA_SUFFIX, dir, gen) < 0) {
	*out = NULL;
	return -1;
    }
    if (fresh)
	cari_layout_remove (*out);       /* a leftover of a killed run */
    return 0;
}

int
cari_layout_publish_delta (const char *dir, char **why)
{
    unsigned long gen = stub_generation (dir);

    *why = NULL;
    if (!gen) {
	*why = strdup ("not an index of the generation layout");
	return -1;
    }
    return write_stub (dir, gen, 1, why);
}

void
cari_layout_stamp (const char *dir, cari_layout_stamp_t *out)
{
    char path[4096];
    struct stat st;

    memset (out, 0, sizeof *out);
    snprintf (path, sizeof path, "%s/" CARI_LAYOUT_STUB, dir);
    if (stat (path, &st) == 0) {
	out->ino = st.st_ino;
	out->sec = st.st_mtim.tv_sec;
	out->nsec = st.st_mtim.tv_nsec;
    }
}

int
cari_layout_stamp_equal (const cari_layout_stamp_t *a,
			 const cari_layout_stamp_t *b)
{
    return a->ino == b->ino && a->sec == b->sec && a->nsec == b->nsec;
}

/* The stub names the generation (and the delta of new articles beside
 * it), and Xapian replaces a database's version file (iamglass) by a rename
 * at every commit: the stub's inode and mtime and each version file's
 * inode, mtime and size make the token.  (Moved from cari-serve's cache.) */
void
cari_layout_token (const char *dir, char *tag, size_t size)
{
    char path[4096], line[300];
    struct stat a, b;
    FILE *f;
    int n = 0;

    memset (&a, 0, sizeof a);
    snprintf (path, sizeof path, "%s/XAPIANDB", dir);
    f = fopen (path, "re");
    if (f)
	fstat (fileno (f), &a);
    n = snprintf (tag, size, "%lu.%ld.%ld", (unsigned long) a.st_ino,
		  (long) a.st_mtim.tv_sec, a.st_mtim.tv_nsec);
    /* No stub: an index of an older cari, the database in DIR itself. */
    int lines = 0, folded = 0, remote = 0;
    unsigned long long hash = 0xcbf29ce484222325ULL;   /* FNV-1a */
    /* Every part: a sharded index names two a shard (lib/shards.c). */
    while ((f ? fgets (line, sizeof line, f) != NULL
			   : lines == 0)) {
	char gen[256] = "";
	if (f && !strncmp (line, "remote ", 7)) {
	    remote = 1;
	    continue;
	}
	if (f && sscanf (line, "glass %255s", gen) != 1)
	    gen[0] = '\0';
	snprintf (path, sizeof path, "%s%s%s/iamglass", dir,
		  *gen ? "/" : "", gen);
	if (stat (path, &b) < 0)
	    memset (&b, 0, sizeof b);
	char piece[96];
	int len = snprintf (piece, sizeof piece, ":%lu.%ld.%ld.%ld",
			    (unsigned long) b.st_ino, (long) b.st_mtim.tv_sec,
			    b.st_mtim.tv_nsec, (long) b.st_size);
	for (int i = 0; i < len; i++)
	    hash = (hash ^ (unsigned char) piece[i]) * 0x100000001b3ULL;
	if (n >= 0 && (size_t) n + (size_t) len + 18 < size) {
	    memcpy (tag + n, piece, (size_t) len + 1);
	    n += len;
	} else
	    folded = 1;
	lines++;
    }
    /* More parts than tag holds (many shards): the rest as a hash of
     * every part's, so that a change in any still changes the token. */
    if (folded && n >= 0 && (size_t) n + 18 <= size)
	n += snprintf (tag + n, size - (size_t) n, "#%016llx", hash);
    /* A remote shard's commits and swaps are not seen from here: answers
     * keyed on the token last a minute at most. */
    if (remote && n >= 0 && (size_t) n < size)
	snprintf (tag + n, size - (size_t) n, ":r%ld",
		  (long) (time (NULL) / 60));
    if (f)
	fclose (f);
}

/* The databases DIR's stub names in the "glass RELATIVE-PATH" lines
 * cari writes, into paths (n of them, each to free, and the array), and
 * the "remote HOST:PORT" lines of shards behind xapian-tcpsrv (Xapian's
 * stub syntax, backends/databasehelpers.h: the port after the last colon,
 * an IPv6 address in brackets) into remotes (m); empty lines and "#"
 * comments skipped, as Xapian does; none when a line is another kind
 * (Xapian then opens the stub itself).  Returns 0, -1 when out of memory,
 * or -2 with *why naming the stub's line that is not HOST:PORT. */
static int
stub_parts (const char *dir, char ***paths, size_t *n, char ***remotes,
	    size_t *m, char **why)
{
    char *p, line[4096];
    FILE *f;
    int failed = 0, line_no = 0;

    *paths = *remotes = NULL;
    *n = *m = 0;
    *why = NULL;
    if (asprintf (&p, "%s/" CARI_LAYOUT_STUB, dir) < 0)
	return -1;
    f = fopen (p, "r");
    free (p);
    if (!f)
	return 0;
    while (!failed && fgets (line, sizeof line, f)) {
	line_no++;
	line[strcspn (line, "\r\n")] = '\0';
	if (!line[0] || line[0] == '#')
	    continue;
	int remote = !strncmp (line, "remote ", 7) && line[7] != ':';
	if (remote) {
	    const char *spec = line + 7, *colon = strrchr (spec, ':');
	    if (!colon || colon == spec || !colon[1] ||
		strspn (colon + 1, "0123456789") != strlen (colon + 1) ||
		atol (colon + 1) < 1 || atol (colon + 1) > 65535) {
		if (asprintf (why, "%s/" CARI_LAYOUT_STUB ":%d: a remote "
			      "shard is written 'remote HOST:PORT' (as "
			      "xapian-tcpsrv --port PORT serves it), not "
			      "'%.200s'; correct the line", dir, line_no,
			      line) < 0)
		    *why = NULL;
		failed = -2;
		break;
	    }
	} else if (strncmp (line, "glass ", 6) || !line[6] ||
		   line[6] == '/') {
	    failed = 1;
	    break;
	}
	char ***list = remote ? remotes : paths;
	size_t *count = remote ? m : n;
	char **grown = realloc (*list, (*count + 1) * sizeof *grown);
	if (grown)
	    *list = grown;
	if (!grown || (remote ? !(grown[*count] = strdup (line + 7))
			      : asprintf (&grown[*count], "%s/%s", dir,
					  line + 6) < 0)) {
	    failed = -1;
	    break;
	}
	(*count)++;
    }
    fclose (f);
    if (failed) {
	for (size_t i = 0; i < *n; i++)
	    free ((*paths)[i]);
	for (size_t i = 0; i < *m; i++)
	    free ((*remotes)[i]);
	free (*paths);
	free (*remotes);
	*paths = *remotes = NULL;
	*n = *m = 0;
    }
    return failed < 0 ? failed : 0;
}

cx_status_t
_cari_layout_open_read (const char *dir, cx_db_t **out, char **error_message)
{
    char **paths, **remotes, *why;
    size_t n, m;
    cx_status_t st;
    int got = stub_parts (dir, &paths, &n, &remotes, &m, &why);

    if (error_message)
	*error_message = NULL;
    *out = NULL;
    if (got == -2) {
	if (error_message)
	    *error_message = why;
	else
	    free (why);
	return CX_STATUS_ILLEGAL_ARGUMENT;
    }
    if (got < 0)
	return CX_STATUS_OUT_OF_MEMORY;
    /* A reader of several databases keeps each, for the revision; remote
     * shards are opened under the process's timeout (lib/remote.c). */
    if (m) {
	char *detail = NULL;
	st = cx_db_open_shards ((const char *const *) paths, n,
				(const char *const *) remotes, m,
				_cari_remote_timeout (),
				_cari_remote_partial (), out, &detail);
	if (st && error_message)
	    *error_message = _cari_remote_open_failed (dir, detail);
	free (detail);
    } else if (n > 1) {
	st = cx_db_open_parts ((const char *const *) paths, n, out,
			       error_message);
    } else {
	st = cx_db_open (dir, CX_DB_READ, out, error_message);
    }
    for (size_t i = 0; i < n; i++)
	free (paths[i]);
    for (size_t i = 0; i < m; i++)
	free (remotes[i]);
    free (paths);
    free (remotes);
    return st;
}

/* ------------------------------------------------------------------ */
/* A sharded index (lib/shards.c routes the articles): DIR/SHARDS, one   */
/* index of the layout above in each DIR/NAME (a year, or "undated"),   */
/* and DIR/XAPIANDB naming every shard's parts, then the remote lines.  */
/* ------------------------------------------------------------------ */

int
cari_layout_shard_name_ok (const char *name)
{
    if (!strcmp (name, CARI_LAYOUT_UNDATED))
	return 1;
    return strlen (name) == 4 && strspn (name, "0123456789") == 4;
}

int
cari_layout_sharded (const char *dir)
{
    return file_exists (dir, CARI_LAYOUT_SHARDS);
}

static int
name_cmp (const void *a, const void *b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

int
cari_layout_shard_list (const char *dir, char ***names, size_t *n)
{
    DIR *d = opendir (dir);
    struct dirent *e;

    *names = NULL;
    *n = 0;
    if (!d)
	return errno == ENOENT ? 0 : -1;
    while ((e = readdir (d))) {
	char *p;
	if (!cari_layout_shard_name_ok (e->d_name))
	    continue;
	if (asprintf (&p, "%s/%s", dir, e->d_name) < 0)
	    break;
	int ok = file_exists (p, CARI_LAYOUT_STUB);
	free (p);
	if (!ok)
	    continue;
	char **grown = realloc (*names, (*n + 1) * sizeof *grown);
	if (!grown || !(grown[*n] = strdup (e->d_name))) {
	    if (grown)
		*names = grown;
	    closedir (d);
	    return -1;
	}
	*names = grown;
	(*n)++;
    }
    closedir (d);
    if (*n)
	qsort (*names, *n, sizeof **names, name_cmp);
    return 0;
}

/* Append the text of file path to *buf (*len bytes, *size allocated);
 * each line "glass X" as "glass PREFIX/X" when prefix, else the lines
 * that are not "glass" ones (want_glass 0).  Returns 0 or -1. */
static int
append_lines (const char *path, const char *prefix, int want_glass,
	      char **buf, size_t *len, size_t *size)
{
    char line[4096];
    FILE *f = fopen (path, "re");
    if (!f)
	return errno == ENOENT ? 0 : -1;
    while (fgets (line, sizeof line, f)) {
	line[strcspn (line, "\r\n")] = '\0';
	int glass = !strncmp (line, "glass ", 6);
	if (!*line || glass != want_glass)
	    continue;
	size_t need = strlen (line) + (prefix ? strlen (prefix) + 2 : 0) + 2;
	if (*len + need >= *size) {
	    size_t grown_size = (*size + need) * 2;
	    char *grown = realloc (*buf, grown_size);
	    if (!grown) {
		fclose (f);
		return -1;
	    }
	    *buf = grown;
	    *size = grown_size;
	}
	*len += (size_t) (prefix && glass
		? snprintf (*buf + *len, *size - *len, "glass %s/%s\n",
			    prefix, line + 6)
		: snprintf (*buf + *len, *size - *len, "%s\n", line));
    }
    fclose (f);
    return 0;
}

int
cari_layout_shards_stub (const char *dir, const char *const *remote,
			 size_t nremote, char **why)
{
    char **names = NULL, *buf = NULL, *p = NULL;
    size_t n = 0, len = 0, size = 0;
    int ret = -1;

    *why = NULL;
    if (cari_layout_shard_list (dir, &names, &n) < 0)
	goto oom;
    for (size_t i = 0; i < n; i++) {
	if (asprintf (&p, "%s/%s/" CARI_LAYOUT_STUB, dir, names[i]) < 0 ||
	    append_lines (p, names[i], 1, &buf, &len, &size) < 0)
	    goto oom;
	free (p);
	p = NULL;
    }
    /* The remote lines: those given, else the ones the stub has now. */
    for (size_t i = 0; remote && i < nremote; i++) {
	char *grown = realloc (buf, len + strlen (remote[i]) + 2);
	if (!grown)
	    goto oom;
	buf = grown;
	len += (size_t) sprintf (buf + len, "%s\n", remote[i]);
    }
    if (!remote && (asprintf (&p, "%s/" CARI_LAYOUT_STUB, dir) < 0 ||
		    append_lines (p, NULL, 0, &buf, &len, &size) < 0))
	goto oom;
    ret = cari_layout_replace (dir, CARI_LAYOUT_STUB, buf ? buf : "", len,
			       why);
    goto done;
oom:
    *why = strdup ("out of memory");
done:
    for (size_t i = 0; i < n; i++)
	free (names[i]);
    free (names);
    free (buf);
    free (p);
    return ret;
}

/* After the stub of dir was written: when dir is a shard (DIR/NAME of a
 * DIR holding SHARDS), write DIR's stub again, so that readers of DIR
 * open what the shard's stub now names. */
static int
shard_parent_refresh (const char *dir, char **why)
{
    const char *base = strrchr (dir, '/');
    char *parent;
    int ret = 0;

    if (!base || !cari_layout_shard_name_ok (base + 1))
	return 0;
    if (!(parent = strndup (dir, (size_t) (base - dir)))) {
	*why = strdup ("out of memory");
	return -1;
    }
    if (cari_layout_sharded (*parent ? parent : "/"))
	ret = cari_layout_shards_stub (*parent ? parent : "/", NULL, 0, why);
    free (parent);
    return ret;
}
