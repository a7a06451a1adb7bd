/* ingest.c - the input of the writer: formats, files and the directory walk
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

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

/* Index a JSON Lines file.  Returns 0, or -1 when the index failed
 * (stop). */
static int
index_jsonl (struct cari_writer *r, const char *path)
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
	_cari_warn (r, NULL, 0, "cannot read '%s': %s; skipped", name,
		    error ? error : "out of memory");
	free (error);
	r->errors++;
	r->unread++;
	return 0;
    }

    while ((got = cari_reader_next_line (rd, &line, &len)) != CARI_READ_END) {
	int skip = 0;
	if (got == CARI_READ_ARTICLE) {
	    cari_source_hash ("jsonl", "", line, len, hash);
	    skip = _cari_skip_known (r, hash, name, cari_reader_line (rd));
	    if (skip < 0) {
		ret = -1;
		break;
	    }
	    if (!skip)
		got = cari_reader_parse (rd, &a);
	}
	if (got == CARI_READ_DAMAGED) {
	    _cari_warn (r, name, cari_reader_line (rd), "%s",
			cari_reader_error (rd));
	    r->errors++;
	    continue;
	}
	if (got == CARI_READ_IO_ERROR) {
	    _cari_warn (r, name, cari_reader_line (rd) + 1, "%s; the rest of "
			"the file is skipped", cari_reader_error (rd));
	    r->errors++;
	    break;
	}
	if (got == CARI_READ_BAD_LINE && cari_reader_line (rd) == 1 &&
	    len == strspn (line, " \t[{") && len) {
	    /* "[" or "{" alone: one JSON document over many lines, which
	     * would otherwise give an error a line. */
	    _cari_warn (r, name, 1, "this is one JSON %s over many lines, not "
			"JSON Lines (an article a line); convert it with: jq "
			"-c '%s' %s > articles.jsonl; file skipped",
			strchr (line, '[') ? "array" : "document",
			strchr (line, '[') ? ".[]" : ".", name);
	    r->errors++;
	    break;
	}
	if (got == CARI_READ_BAD_LINE) {
	    _cari_warn (r, name, cari_reader_line (rd), "%s; line skipped (fix "
			"it and run again)", cari_reader_error (rd));
	    r->errors++;
	    continue;
	}
	int down = skip ? 0 : _cari_takedown_check (r, a.id);
	if (down < 0 || (!skip && !down &&
			 _cari_index_article (r, &a, hash, name,
					      cari_reader_line (rd)) < 0)) {
	    ret = -1;
	    break;
	}
	_cari_article_done (r, cari_reader_offset (rd));
    }
    if (strcmp (path, "-") && stat (path, &st) == 0)
	r->bytes_done += (unsigned long long) st.st_size;
    cari_reader_close (rd);
    return ret;
}

cari_format_t
_cari_format_of (const char *path)
{
    const char *dot = strrchr (path, '.'), *slash = strrchr (path, '/');
    if (!dot || (slash && dot < slash))
	return CARI_FORMAT_AUTO;
    if (!strcasecmp (dot, ".html") || !strcasecmp (dot, ".htm"))
	return CARI_FORMAT_HTML;
    if (!strcasecmp (dot, ".txt"))
	return CARI_FORMAT_TEXT;
    if (!strcasecmp (dot, ".jsonl") || !strcasecmp (dot, ".ndjson") ||
	!strcasecmp (dot, ".json") || !strcasecmp (dot, ".gz"))
	return CARI_FORMAT_JSONL;
    return CARI_FORMAT_AUTO;
}

/* An HTML page is parsed into a tree several times its size (a 62 MB page
 * took 945 MB): pages over this many MiB are refused, unless
 * $CARI_HTML_MAX_MB raises it (up to the 64 MiB of any article file). */
#define HTML_MAX_MB 8

/* The most bytes an article file of format f may have. */
static size_t
file_limit (cari_format_t f)
{
    const char *env = getenv ("CARI_HTML_MAX_MB");
    unsigned long mb = env && *env ? strtoul (env, NULL, 10) : HTML_MAX_MB;

    if (f != CARI_FORMAT_HTML || !mb || mb > CARI_MAX_FILE_BYTES >> 20)
	return CARI_MAX_FILE_BYTES;
    return (size_t) mb << 20;
}

/* Read all of fd (at most limit bytes) into *out.  Returns the length, or
 * -1 with *why set (errno message, or 0 for over the limit). */
static ssize_t
slurp (int fd, size_t limit, char **out, const char **why)
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
	    if (size > limit) {
		free (buf);
		*why = NULL;
		return -1;
	    }
	    /* One byte past the limit tells a file over it. */
	    size_t want = size * 2 > limit + 1 ? limit + 1 : size * 2;
	    char *p = realloc (buf, want);
	    if (!p) {
		free (buf);
		*why = "out of memory";
		return -1;
	    }
	    buf = p;
	    size = want;
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
index_one_article (struct cari_writer *r, const char *path, const char *id,
		   cari_format_t format)
{
    const char *name = strcmp (path, "-") ? path : "(stdin)", *why = NULL;
    int fd = strcmp (path, "-") ? open (path, O_RDONLY | O_CLOEXEC)
				: dup (STDIN_FILENO);
    char *buf = NULL;
    ssize_t len;
    cari_file_article_t fa;
    int ret = 0;

    if (fd < 0) {
	_cari_warn (r, NULL, 0, "cannot read '%s': %s; skipped (check its "
		    "permissions)", name, strerror (errno));
	r->errors++;
	r->unread++;
	return 0;
    }
    size_t limit = file_limit (format);
    len = slurp (fd, limit, &buf, &why);
    close (fd);
    if (len < 0 && !why && format == CARI_FORMAT_HTML) {
	_cari_warn (r, NULL, 0, "cannot read '%s': it is over the %zu MiB "
		    "limit for an HTML page (parsing takes many times its size "
		    "in memory); skipped (CARI_HTML_MAX_MB=N raises the limit, "
		    "up to %u)", name, limit >> 20, CARI_MAX_FILE_BYTES >> 20);
	r->errors++;
	return 0;
    }
    if (len < 0 && !why)
	why = "it is over the 64 MiB limit for one article; split it";
    if (len < 0) {
	_cari_warn (r, NULL, 0, "cannot read '%s': %s; skipped", name, why);
	r->errors++;
	r->unread++;
	return 0;
    }
    const char *nul = memchr (buf, '\0', (size_t) len);
    if (nul && format == CARI_FORMAT_TEXT) {
	_cari_warn (r, name, 0, "NUL byte at offset %zu: not a text file; "
		    "skipped (remove it, or fix the file)",
		    (size_t) (nul - buf));
	free (buf);
	r->errors++;
	return 0;
    }
    char hash[17];
    cari_source_hash (format == CARI_FORMAT_TEXT ? "text" : "html", id, buf,
		      (size_t) len, hash);
    int skip = _cari_skip_known (r, hash, name, 0);
    if (skip) {
	free (buf);
	if (skip > 0)
	    _cari_article_done (r, 0);
	return skip < 0 ? -1 : 0;
    }
    if ((format == CARI_FORMAT_TEXT ? cari_text_article ((char *) buf,
						    (size_t) len, id, &fa,
						    &why)
			       : cari_html_article (buf, (size_t) len, id,
						    &fa, &why)) < 0) {
	_cari_warn (r, name, 0, "%s; skipped", why);
	free (buf);
	r->errors++;
	return 0;
    }
    free (buf);
    if (fa.bad_utf8)
	_cari_warn (r, name, 0, "warning: %zu bytes of invalid UTF-8 replaced "
		    "by U+FFFD; convert the file to UTF-8 (e.g. with iconv) to "
		    "keep them", fa.bad_utf8);
    int down = _cari_takedown_check (r, fa.a.id);
    if (down < 0 || (!down && _cari_index_article (r, &fa.a, hash, name,
						   0) < 0))
	ret = -1;
    else
	_cari_article_done (r, 0);
    cari_file_article_free (&fa);
    return ret;
}

/* The name a directory operand gives its articles' ids: its last path
 * component ("archive/" and "./archive" give "archive"). */
char *
_cari_dir_tag (const char *dir)
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
index_dir (struct cari_writer *r, const char *dir)
{
    char *paths[] = { (char *) dir, NULL };
    char *tag = _cari_dir_tag (dir);
    FTS *fts = tag ? fts_open (paths, FTS_PHYSICAL | FTS_NOCHDIR,
			       fts_by_name) : NULL;
    FTSENT *e;
    size_t dirlen = strlen (dir);
    unsigned long files = 0, unread = r->unread;
    int ret = 0;

    while (dirlen > 1 && dir[dirlen - 1] == '/')
	dirlen--;
    if (!fts) {
	_cari_warn (r, NULL, 0, "cannot read the directory '%s': %s; skipped",
		    dir, strerror (errno));
	free (tag);
	r->errors++;
	r->unread++;
	return 0;
    }
    /* Ids start with the directory's last name: two directories with the
     * same one share ids (2024/news/x.txt and 2025/news/x.txt). */
    for (size_t i = 0; i < r->ndirs; i++) {
	char *other = _cari_dir_tag (r->dirs[i]);
	if (other && strcmp (other, tag) == 0)
	    _cari_warn (r, NULL, 0, "warning: '%s' and '%s' both give ids "
			"starting '%s/', so a file in one replaces the file "
			"with the same path in the other; index a directory "
			"above both instead", r->dirs[i], dir, tag);
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
	    _cari_warn (r, NULL, 0, "cannot read '%s': %s; skipped (check its "
			"permissions)", e->fts_path, strerror (e->fts_errno));
	    r->errors++;
	    r->unread++;
	    continue;
	}
	if (e->fts_info != FTS_F)
	    continue;
	cari_format_t f = r->format ? r->format : _cari_format_of (e->fts_path);
	if (f == CARI_FORMAT_AUTO)
	    continue;
	files++;
	if (f == CARI_FORMAT_JSONL) {
	    ret = index_jsonl (r, e->fts_path);
	    continue;
	}
	char *id;
	if (asprintf (&id, "%s%s", tag, e->fts_path + dirlen) < 0) {
	    _cari_fail (r, CARI_STATUS_OUT_OF_MEMORY, "out of memory");
	    ret = -1;
	    break;
	}
	ret = index_one_article (r, e->fts_path, id, f);
	free (id);
    }
    fts_close (fts);
    free (tag);
    /* An empty directory is often an archive that is not there (a mount
     * that failed): say so, and let the exit status tell (4). */
    if (ret == 0 && !files && unread == r->unread) {
	_cari_warn (r, NULL, 0, "'%s' holds no article files (.jsonl, .json, "
		    ".ndjson, .gz, .txt, .html, .htm); nothing read from it "
		    "(is the archive there?)", dir);
	r->errors++;
	r->unread++;
    }
    return ret;
}

/* Index one operand: a file in its format, or a directory tree. */
int
_cari_index_file (struct cari_writer *r, const char *path)
{
    struct stat st;
    cari_format_t f = r->format ? r->format : _cari_format_of (path);

    /* The takedown list, read before the first article. */
    if (_cari_takedown_check (r, NULL) < 0)
	return -1;
    if (strcmp (path, "-") && stat (path, &st) == 0 && S_ISDIR (st.st_mode))
	return index_dir (r, path);
    if (f == CARI_FORMAT_TEXT || f == CARI_FORMAT_HTML) {
	if (!strcmp (path, "-")) {
	    /* Standard input has no name: its Id: header gives the id. */
	    return index_one_article (r, path, "", f);
	}
	return index_one_article (r, path, path, f);
    }
    return index_jsonl (r, path);
}
