/* jsonl.c - read news articles from JSON Lines files (plain or gzip)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "jsonl.h"
#include "gzscan.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <isa-l/igzip_lib.h>

#define CHUNK (256u << 10)
#define NCHUNKS 4

/* A thread reads and decompresses the file into a ring of NCHUNKS chunks
 * while the caller splits, parses and indexes what came before: gzip
 * decompression was two thirds of a run whose articles had not changed,
 * and the second core had nothing to do.  It decompresses with Intel's
 * ISA-L, which took 0.046 s where zlib took 0.118 s for the largest file of
 * ../shared/corpus (40 MB of JSON). */
struct cari_reader {
    int fd;                     /* the thread's once started */
    int kind;                   /* 0 not yet known, 1 plain, 2 gzip */
    struct inflate_state *z;
    unsigned char *in;          /* CHUNK bytes of the compressed file */
    unsigned long long in_read; /* bytes read from fd */
    int in_eof;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    char *chunks[NCHUNKS];
    size_t lens[NCHUNKS];
    unsigned long long offsets[NCHUNKS];  /* compressed bytes read after */
    size_t chunk_gaps[NCHUNKS]; /* 1 + the gap a chunk stands for, or 0 */
    off_t base;                 /* where the gzip data starts in fd */
    cari_gz_gap_t *gaps;        /* damaged parts (gzscan.c), in order */
    size_t ngaps, gap;          /* how many; the next one */
    int at_member;              /* inflate is at the start of a member */
    size_t chunk_gap;           /* the chunk taken stands for gap - 1 */
    unsigned long lineno_after; /* lineno once a gap was reported */
    size_t head, count;         /* the caller's chunk; full chunks */
    int done, stop;             /* the thread: end or error; told to end */
    char read_error[256];       /* "" at the end of the file */
    char *chunk;                /* bytes read but not yet split into lines */
    size_t chunk_len, chunk_pos;
    unsigned long long offset;
    int holding;                /* chunk is chunks[head], still counted */
    int eof;
    char *line;
    size_t line_len, line_size;
    unsigned long lineno;
    json_t *root;               /* the last article's object */
    cari_cms_t cms;             /* its CMS fields */
    char idbuf[32];             /* an integer id as text */
    char error[512];
};

/* Read more of the file after the avail_in bytes not yet used, which move
 * to the start of the buffer.  Returns 0, or -1 with the error in msg. */
static int
read_more (cari_reader_t *r, char *msg, size_t size)
{
    struct inflate_state *z = r->z;
    size_t have = z->avail_in;
    ssize_t n;

    if (have && z->next_in != r->in)
	memmove (r->in, z->next_in, have);
    do
	n = read (r->fd, r->in + have, CHUNK - have);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
	snprintf (msg, size, "read error: %s", strerror (errno));
	return -1;
    }
    r->in_eof = n == 0;
    r->in_read += (unsigned long long) n;
    z->next_in = r->in;
    z->avail_in = (uint32_t) (have + (size_t) n);
    return 0;
}

/* At least want bytes not yet used, unless the file ends first (a pipe may
 * give the first byte alone; a gzip member may end a byte before a read
 * does).  Returns 0, or -1 with the error in msg. */
static int
refill (cari_reader_t *r, uint32_t want, char *msg, size_t size)
{
    while (r->z->avail_in < want && !r->in_eof)
	if (read_more (r, msg, size) < 0)
	    return -1;
    return 0;
}

/* Copy the rest of a pipe, after the bytes already read, to a temporary
 * file that the scan and the read can each go through (a pipe cannot be
 * read twice).  Returns 0, or -1 with the error in msg. */
static int
spool (cari_reader_t *r, char *msg, size_t size)
{
    const char *dir = getenv ("TMPDIR");
    char *path = NULL;
    int fd = -1;
    ssize_t n;

    if (asprintf (&path, "%s/cari-stdin-XXXXXX", dir && *dir ? dir
		  : "/tmp") < 0 || (fd = mkstemp (path)) < 0) {
	snprintf (msg, size, "cannot make a temporary copy of standard "
		  "input: %s", strerror (errno));
	free (path);
	return -1;
    }
    unlink (path);
    free (path);
    /* The bytes already read, then the rest through the whole buffer;
     * then the bytes already read back into it, as they were. */
    size_t held = r->z->avail_in;
    int ok = write (fd, r->in, held) == (ssize_t) held;
    for (;;) {
	do
	    n = read (r->fd, r->in, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
	    break;
	ok = ok && write (fd, r->in, (size_t) n) == n;
    }
    if (n < 0 || !ok || pread (fd, r->in, held, 0) != (ssize_t) held ||
	lseek (fd, (off_t) held, SEEK_SET) < 0) {
	snprintf (msg, size, "cannot make a temporary copy of standard "
		  "input: %s", strerror (errno));
	close (fd);
	return -1;
    }
    close (r->fd);
    r->fd = fd;
    r->in_read = r->z->avail_in;
    r->in_eof = 0;
    return 0;
}

/* Before the first byte of a gzip file is inflated: find its damaged
 * parts (gzscan.c).  Returns 0, or -1 with the error in msg. */
static int
gzip_prepare (cari_reader_t *r, char *msg, size_t size)
{
    struct stat st;
    off_t here = lseek (r->fd, 0, SEEK_CUR);

    if (here < 0 || fstat (r->fd, &st) < 0 || !S_ISREG (st.st_mode)) {
	if (spool (r, msg, size) < 0)
	    return -1;
	here = (off_t) r->in_read;
    }
    r->base = here - (off_t) r->in_read;
    r->at_member = 1;
    return cari_gz_scan (r->fd, r->base, &r->gaps, &r->ngaps, msg, size);
}

/* Go on inflating at offset pos of the gzip data, the start of a member
 * ((unsigned long long) -1: the end).  Returns 0, or -1 with msg set. */
static int
skip_to (cari_reader_t *r, unsigned long long pos, char *msg, size_t size)
{
    struct inflate_state *z = r->z;
    unsigned long long now = r->in_read - z->avail_in;
    uint8_t *next = z->next_in;
    uint32_t avail = z->avail_in;

    if (pos <= r->in_read) {
	next += pos - now;
	avail -= (uint32_t) (pos - now);
    } else if (pos == (unsigned long long) -1) {
	avail = 0;
	r->in_eof = 1;
    } else {
	if (lseek (r->fd, r->base + (off_t) pos, SEEK_SET) < 0) {
	    snprintf (msg, size, "read error: %s", strerror (errno));
	    return -1;
	}
	r->in_read = pos;
	r->in_eof = 0;
	next = r->in;
	avail = 0;
    }
    isal_inflate_reset (z);
    z->crc_flag = ISAL_GZIP;
    z->next_in = next;
    z->avail_in = avail;
    r->at_member = 1;
    return 0;
}

/* Up to size bytes of the file's text into out, as they were before gzip
 * (gzip members one after the other; bytes after the last member that do
 * not start another are ignored, as zlib's gzread does), or the file's
 * bytes when it is not gzip.  Returns the number of bytes, 0 at the end of
 * the file, -2 when a damaged part was skipped (r->gap - 1), or -1 with
 * the error in msg. */
static long
fill (cari_reader_t *r, char *out, size_t size, char *msg, size_t msg_size)
{
    struct inflate_state *z = r->z;

    if (refill (r, r->kind ? 1 : 2, msg, msg_size) < 0)
	return -1;
    if (!r->kind) {
	r->kind = z->avail_in >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b
		      ? 2 : 1;
	if (r->kind == 2 && gzip_prepare (r, msg, msg_size) < 0)
	    return -1;
    }
    if (r->kind == 1) {
	size_t n = z->avail_in < size ? z->avail_in : size;
	memcpy (out, z->next_in, n);
	z->next_in += n;
	z->avail_in -= (uint32_t) n;
	return (long) n;
    }
    for (;;) {
	int end = z->block_state == ISAL_BLOCK_FINISH;
	if (refill (r, end || r->at_member ? 2 : 1, msg, msg_size) < 0)
	    return -1;
	if (end || r->at_member) {
	    /* The start of a member: damaged, another one, or the end. */
	    unsigned long long pos = r->in_read - z->avail_in;
	    if (r->gap < r->ngaps && r->gaps[r->gap].start == pos) {
		if (skip_to (r, r->gaps[r->gap].end, msg, msg_size) < 0)
		    return -1;
		r->gap++;
		return -2;
	    }
	    if (z->avail_in < 2 || z->next_in[0] != 0x1f ||
		z->next_in[1] != 0x8b)
		return 0;
	    if (end && skip_to (r, pos, msg, msg_size) < 0)
		return -1;
	    r->at_member = 0;
	}
	if (!z->avail_in && r->in_eof) {
	    snprintf (msg, msg_size, "the gzip file is truncated");
	    return -1;
	}
	z->next_out = (uint8_t *) out;
	z->avail_out = (uint32_t) size;
	int err = isal_inflate (z);
	if (err < 0) {
	    snprintf (msg, msg_size, "read error: %s",
		      err == ISAL_INCORRECT_CHECKSUM
			  ? "the gzip file is damaged (wrong checksum)"
			  : "the gzip file is damaged (invalid data)");
	    return -1;
	}
	if (z->avail_out < size)
	    return (long) (size - z->avail_out);
    }
}

/* The thread: fill free chunks until the end of the file, an error, or
 * the reader is closed. */
static void *
read_ahead (void *arg)
{
    cari_reader_t *r = arg;

    pthread_mutex_lock (&r->mu);
    for (;;) {
	while (r->count == NCHUNKS && !r->stop)
	    pthread_cond_wait (&r->cv, &r->mu);
	if (r->stop)
	    break;
	size_t i = (r->head + r->count) % NCHUNKS;
	pthread_mutex_unlock (&r->mu);
	char msg[sizeof r->read_error] = "";
	long n = fill (r, r->chunks[i], CHUNK, msg, sizeof msg);
	unsigned long long off = r->in_read - r->z->avail_in;
	pthread_mutex_lock (&r->mu);
	r->chunk_gaps[i] = n == -2 ? r->gap : 0;
	if (n == -2)
	    n = 0;
	else if (n < 0)
	    memcpy (r->read_error, msg, sizeof msg);
	if (n <= 0 && !r->chunk_gaps[i]) {
	    r->done = 1;
	    pthread_cond_broadcast (&r->cv);
	    break;
	}
	r->lens[i] = (size_t) n;
	r->offsets[i] = off;
	r->count++;
	pthread_cond_broadcast (&r->cv);
    }
    pthread_mutex_unlock (&r->mu);
    return NULL;
}

/* Give back the chunk the caller was splitting and take the next one.
 * Returns 1, 0 at the end of the file, or -1 on a read error (r->error
 * set). */
static int
next_chunk (cari_reader_t *r)
{
    pthread_mutex_lock (&r->mu);
    if (r->holding) {
	r->head = (r->head + 1) % NCHUNKS;
	r->count--;
	r->holding = 0;
	pthread_cond_broadcast (&r->cv);
    }
    while (!r->count && !r->done)
	pthread_cond_wait (&r->cv, &r->mu);
    int got = r->count ? 1 : r->read_error[0] ? -1 : 0;
    if (got > 0) {
	r->chunk = r->chunks[r->head];
	r->chunk_len = r->lens[r->head];
	r->chunk_pos = 0;
	r->chunk_gap = r->chunk_gaps[r->head];
	r->offset = r->offsets[r->head];
	r->holding = 1;
    } else if (got < 0)
	snprintf (r->error, sizeof r->error, "%s", r->read_error);
    pthread_mutex_unlock (&r->mu);
    return got;
}

cari_reader_t *
cari_reader_open (const char *path, char **error)
{
    cari_reader_t *r;
    struct stat st;
    int fd;

    *error = NULL;
    if (strcmp (path, "-") == 0) {
	fd = dup (STDIN_FILENO);
    } else {
	fd = open (path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
	*error = strdup (strerror (errno));
	return NULL;
    }
    if (fstat (fd, &st) == 0 && S_ISDIR (st.st_mode)) {
	close (fd);
	*error = strdup ("is a directory; give the JSON Lines files "
			 "in it (for example DIR/*.jsonl)");
	return NULL;
    }

    r = calloc (1, sizeof *r);
    if (r) {
	r->fd = fd;
	r->z = malloc (sizeof *r->z);
	r->in = malloc (CHUNK);
    }
    int ok = r && r->z && r->in;
    for (int i = 0; ok && i < NCHUNKS; i++)
	ok = (r->chunks[i] = malloc (CHUNK)) != NULL;
    if (!ok) {
	if (!r)
	    close (fd);
	cari_reader_close (r);
	*error = strdup ("out of memory");
	return NULL;
    }
    isal_inflate_init (r->z);
    r->z->crc_flag = ISAL_GZIP;
    r->z->avail_in = 0;
    pthread_mutex_init (&r->mu, NULL);
    pthread_cond_init (&r->cv, NULL);
    if (pthread_create (&r->thread, NULL, read_ahead, r)) {
	pthread_mutex_destroy (&r->mu);
	pthread_cond_destroy (&r->cv);
	cari_reader_close (r);
	*error = strdup ("cannot start a thread");
	return NULL;
    }
    r->started = 1;
    return r;
}

void
cari_reader_close (cari_reader_t *r)
{
    if (!r)
	return;
    if (r->started) {
	pthread_mutex_lock (&r->mu);
	r->stop = 1;
	pthread_cond_broadcast (&r->cv);
	pthread_mutex_unlock (&r->mu);
	pthread_join (r->thread, NULL);
	pthread_mutex_destroy (&r->mu);
	pthread_cond_destroy (&r->cv);
    }
    if (r->fd >= 0)
	close (r->fd);
    free (r->z);
    free (r->in);
    json_decref (r->root);
    cari_cms_clear (&r->cms);
    for (int i = 0; i < NCHUNKS; i++)
	free (r->chunks[i]);
    free (r->line);
    free (r->gaps);
    free (r);
}

unsigned long long
cari_reader_offset (const cari_reader_t *r)
{
    return r->offset;
}

const char *
cari_reader_error (const cari_reader_t *r)
{
    return r->error;
}

unsigned long
cari_reader_line (const cari_reader_t *r)
{
    return r->lineno;
}

/* Append n bytes to the line, unless it has grown past the limit. */
static int
line_append (cari_reader_t *r, const char *s, size_t n)
{
    if (r->line_len + n > CARI_MAX_LINE_BYTES)
	return -1;
    if (r->line_len + n + 1 > r->line_size) {
	size_t size = r->line_size ? r->line_size : 4096;
	while (size < r->line_len + n + 1)
	    size *= 2;
	char *line = realloc (r->line, size);
	if (!line)
	    return -1;
	r->line = line;
	r->line_size = size;
    }
    memcpy (r->line + r->line_len, s, n);
    r->line_len += n;
    r->line[r->line_len] = '\0';
    return 0;
}

/* A damaged part g of a gzip file was skipped: say so in r->error, with
 * the lines it held (counted as far as its text decoded).  The line it
 * began in is dropped with it; the next member's text starts a line (when
 * it is the end of a line that began in the damaged part, it is not JSON
 * and is reported as a bad line: no suffix of a JSON object is one). */
static void
gap_report (cari_reader_t *r, const cari_gz_gap_t *g)
{
    unsigned long first = r->lineno + 1;
    unsigned long last = r->lineno + g->lines;

    if (last < first)
	last = first;
    snprintf (r->error, sizeof r->error, "the gzip member at byte %llu is "
	      "damaged (%s): its articles, line %lu to about line %lu, are "
	      "skipped and nothing of them is indexed; get a sound copy of "
	      "the file (gzip -t tests one) and run again", g->start, g->why,
	      first, last);
    r->lineno_after = r->lineno + g->lines;
    r->lineno = first;
}

/* Read the next line (without its newline) into r->line, which may hold
 * NUL bytes.  Returns 1 for a line, 0 at the end, -1 on a read error, -2
 * for a line too long to hold (it is skipped), -3 for a damaged part of a
 * gzip file that was skipped (with the line it cut). */
static int
read_line (cari_reader_t *r)
{
    int have = 0, too_long = 0;

    r->line_len = 0;
    if (r->line)
	r->line[0] = '\0';
    if (r->lineno_after) {
	r->lineno = r->lineno_after;
	r->lineno_after = 0;
    }
    for (;;) {
	if (r->chunk_pos == r->chunk_len) {
	    if (r->eof)
		break;
	    int got = next_chunk (r);
	    if (got < 0)
		return -1;
	    if (got == 0) {
		r->eof = 1;
		break;
	    }
	    if (r->chunk_gap) {
		gap_report (r, &r->gaps[r->chunk_gap - 1]);
		r->chunk_gap = 0;
		return -3;
	    }
	    continue;
	}
	char *start = r->chunk + r->chunk_pos;
	size_t avail = r->chunk_len - r->chunk_pos;
	char *nl = memchr (start, '\n', avail);
	size_t take = nl ? (size_t) (nl - start) : avail;
	have = 1;
	if (!too_long && line_append (r, start, take) < 0)
	    too_long = 1;
	r->chunk_pos += take + (nl ? 1 : 0);
	if (nl)
	    break;
    }
    if (!have)
	return 0;
    r->lineno++;
    if (too_long)
	return -2;
    if (r->line_len && r->line[r->line_len - 1] == '\r')
	r->line[--r->line_len] = '\0';
    /* A UTF-8 byte order mark, as Windows tools write at a file's start. */
    if (r->lineno == 1 && r->line_len >= 3 &&
	!memcmp (r->line, "\xef\xbb\xbf", 3)) {
	r->line_len -= 3;
	memmove (r->line, r->line + 3, r->line_len + 1);
    }
    return 1;
}

static int
is_blank (const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
	if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
	    return 0;
    return 1;
}

/* Field `key` of the object as a string: "" when absent or null.  Returns
 * NULL (with r->error set) when it has another type. */
static const char *
get_string (cari_reader_t *r, const char *key)
{
    json_t *v = json_object_get (r->root, key);
    if (!v || json_is_null (v))
	return "";
    if (!json_is_string (v)) {
	snprintf (r->error, sizeof r->error,
		  "field \"%s\" must be a string", key);
	return NULL;
    }
    return json_string_value (v);
}

static cari_read_t
bad_line (cari_reader_t *r)
{
    json_decref (r->root);
    r->root = NULL;
    return CARI_READ_BAD_LINE;
}

cari_read_t
cari_reader_next (cari_reader_t *r, cari_article_t *a)
{
    const char *line;
    size_t len;
    cari_read_t got = cari_reader_next_line (r, &line, &len);

    return got == CARI_READ_ARTICLE ? cari_reader_parse (r, a) : got;
}

cari_read_t
cari_reader_next_line (cari_reader_t *r, const char **line, size_t *len)
{
    int got;

    json_decref (r->root);
    r->root = NULL;
    r->error[0] = '\0';

    do {
	got = read_line (r);
	if (got == 0)
	    return CARI_READ_END;
	if (got == -1)
	    return CARI_READ_IO_ERROR;
	if (got == -3)
	    return CARI_READ_DAMAGED;
	if (got == -2) {
	    snprintf (r->error, sizeof r->error,
		      "line longer than %u MiB; split the article",
		      CARI_MAX_LINE_BYTES >> 20);
	    return CARI_READ_BAD_LINE;
	}
    } while (is_blank (r->line, r->line_len));
    *line = r->line;
    *len = r->line_len;
    return CARI_READ_ARTICLE;
}

cari_read_t
cari_reader_parse (cari_reader_t *r, cari_article_t *a)
{
    json_error_t jerr;
    const char *nul = memchr (r->line, '\0', r->line_len);
    if (nul) {
	snprintf (r->error, sizeof r->error,
		  "NUL byte at column %zu; the line is not text",
		  (size_t) (nul - r->line) + 1);
	return CARI_READ_BAD_LINE;
    }

    r->root = json_loadb (r->line, r->line_len, 0, &jerr);
    if (!r->root) {
	if (json_error_code (&jerr) == json_error_invalid_utf8)
	    snprintf (r->error, sizeof r->error, "invalid UTF-8 at column "
		      "%d (%s); convert the file to UTF-8, e.g. with iconv",
		      jerr.column, jerr.text);
	else if (json_error_code (&jerr) == json_error_null_character)
	    snprintf (r->error, sizeof r->error, "a NUL character (\\u0000) "
		      "in a string at column %d (article text cannot hold "
		      "one)", jerr.column);
	else
	    snprintf (r->error, sizeof r->error,
		      "invalid JSON at column %d: %s", jerr.column,
		      jerr.text);
	return CARI_READ_BAD_LINE;
    }
    if (json_is_array (r->root)) {
	snprintf (r->error, sizeof r->error,
		  "a JSON array, not an object: a line holds one article "
		  "(convert the file with jq -c '.[]')");
	return bad_line (r);
    }
    if (!json_is_object (r->root)) {
	snprintf (r->error, sizeof r->error,
		  "not a JSON object (want {\"id\": ..., \"content\": ...})");
	return bad_line (r);
    }

    memset (a, 0, sizeof *a);
    json_t *id = json_object_get (r->root, "id");
    if (json_is_integer (id)) {
	snprintf (r->idbuf, sizeof r->idbuf, "%" JSON_INTEGER_FORMAT,
		  json_integer_value (id));
	a->id = r->idbuf;
    } else if (json_is_string (id)) {
	a->id = json_string_value (id);
    } else if (!id && json_is_string (json_object_get (r->root, "url")) &&
	       *json_string_value (json_object_get (r->root, "url"))) {
	a->id = json_string_value (json_object_get (r->root, "url"));
	a->id_from_url = 1;
    } else {
	snprintf (r->error, sizeof r->error, id
		  ? "field \"id\" must be a string or an integer"
		  : "missing field \"id\" (and no \"url\" to use instead); "
		  "give each article an id");
	return bad_line (r);
    }
    if (!*a->id || strlen (a->id) > CARI_MAX_ID_BYTES) {
	snprintf (r->error, sizeof r->error,
		  "field \"id\" is empty or longer than %d bytes",
		  CARI_MAX_ID_BYTES);
	return bad_line (r);
    }
    /* A tab or a newline in an id would break every line-based output
     * (--run, --delete-from); no control character belongs in one. */
    for (const char *c = a->id; *c; c++)
	if ((unsigned char) *c < 0x20 || *c == 0x7f) {
	    snprintf (r->error, sizeof r->error, "field \"id\" holds a "
		      "control character (byte %d at %d); ids are printable "
		      "text", (unsigned char) *c, (int) (c - a->id) + 1);
	    return bad_line (r);
	}

    json_t *content = json_object_get (r->root, "content");
    if (!content || !json_is_string (content)) {
	snprintf (r->error, sizeof r->error, content
		  ? "field \"content\" must be a string"
		  : "missing field \"content\"");
	return bad_line (r);
    }
    a->content = json_string_value (content);
    a->content_len = json_string_length (content);
    if (is_blank (a->content, a->content_len)) {
	snprintf (r->error, sizeof r->error, "field \"content\" is empty");
	return bad_line (r);
    }

    if (!(a->title = get_string (r, "title")) ||
	!(a->url = get_string (r, "url")) ||
	!(a->source = get_string (r, "source")) ||
	!(a->date = get_string (r, "date")))
	return bad_line (r);
    if (*a->date)
	a->bad_date = -cari_parse_date (a->date, a->date8);
    cari_cms_clear (&r->cms);
    if (cari_cms_from_json (&r->cms, r->root, 0) < 0) {
	snprintf (r->error, sizeof r->error, "out of memory");
	return bad_line (r);
    }
    if (!cari_cms_empty (&r->cms) || *r->cms.warning)
	a->cms = &r->cms;
    return CARI_READ_ARTICLE;
}
