/* gzscan.c - check every member of a gzip file before its text is read
 *
 * The reader hands out lines as it inflates, and a member's CRC is known
 * only at its end: without this pass a flipped byte gives garbled articles
 * that are indexed (and replace good ones) before the error shows.  This
 * pass inflates the whole file once more, into a scratch buffer, so it
 * costs time and no memory (bench/README.md has the measurement).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "gzscan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <isa-l/igzip_lib.h>

#define SCAN_CHUNK (256u << 10)

struct scan {
    int fd;
    off_t base;
    struct inflate_state z;
    unsigned char *in, *out;
    const char *error;          /* a read error: strerror */
};

/* Read up to SCAN_CHUNK bytes at pos into s->in.  Returns the count (0 at
 * the end), or -1 (s->error set). */
static ssize_t
scan_read (struct scan *s, unsigned long long pos)
{
    ssize_t n;

    do
	n = pread (s->fd, s->in, SCAN_CHUNK, s->base + (off_t) pos);
    while (n < 0 && errno == EINTR);
    if (n < 0)
	s->error = strerror (errno);
    return n;
}

/* Inflate the member at pos.  Returns 1 when it is sound (*end: the byte
 * after it), 0 when it is damaged (*why), -1 on a read error.  *lines:
 * the newlines of its text, as far as it decoded. */
static int
member_check (struct scan *s, unsigned long long pos, unsigned long long *end,
	      unsigned long *lines, const char **why)
{
    struct inflate_state *z = &s->z;
    unsigned long long next = pos;

    isal_inflate_init (z);
    z->crc_flag = ISAL_GZIP;
    z->avail_in = 0;
    *lines = 0;
    for (;;) {
	if (!z->avail_in) {
	    ssize_t n = scan_read (s, next);
	    if (n < 0)
		return -1;
	    if (n == 0) {
		*why = "the file ends inside it: truncated";
		return 0;
	    }
	    next += (unsigned long long) n;
	    z->next_in = s->in;
	    z->avail_in = (uint32_t) n;
	}
	z->next_out = s->out;
	z->avail_out = SCAN_CHUNK;
	int err = isal_inflate (z);
	size_t got = SCAN_CHUNK - z->avail_out;
	for (unsigned char *p = s->out, *e = s->out + got;
	     (p = memchr (p, '\n', (size_t) (e - p))); p++)
	    (*lines)++;
	if (err < 0) {
	    *why = err == ISAL_INCORRECT_CHECKSUM ? "wrong checksum"
		   : "invalid data";
	    return 0;
	}
	if (z->block_state == ISAL_BLOCK_FINISH) {
	    *end = next - z->avail_in;
	    return 1;
	}
    }
}

/* The first offset at or after pos where a sound member starts, in *at;
 * returns 1, 0 when there is none, -1 on a read error.  *end is that
 * member's end. */
static int
resync (struct scan *s, unsigned long long pos, unsigned long long *at,
	unsigned long long *end)
{
    for (;;) {
	ssize_t n = scan_read (s, pos);
	if (n <= 0)
	    return n < 0 ? -1 : 0;
	if (n < 3)
	    return 0;
	/* A header is 1f 8b 08; look at every start that fits here. */
	unsigned char *p = s->in, *e = s->in + n - 2;
	for (; p < e && (p = memchr (p, 0x1f, (size_t) (e - p))); p++) {
	    if (p[1] != 0x8b || p[2] != 0x08)
		continue;
	    unsigned long long c = pos + (unsigned long long) (p - s->in);
	    unsigned long lines;
	    int got;
	    const char *why;
	    unsigned char *keep = s->in;
	    /* member_check reads into s->in: use a copy of the window. */
	    s->in = s->out;
	    s->out = malloc (SCAN_CHUNK);
	    if (!s->out) {
		s->out = s->in;
		s->in = keep;
		s->error = "out of memory";
		return -1;
	    }
	    got = member_check (s, c, end, &lines, &why);
	    free (s->in);
	    s->in = keep;
	    if (got != 0) {
		*at = c;
		return got;
	    }
	}
	pos += (unsigned long long) (n - 2);
    }
}

/* Add [start, end) to the list. */
static int
gap_add (cari_gz_gap_t **gaps, size_t *ngaps, const cari_gz_gap_t *g)
{
    cari_gz_gap_t *p = realloc (*gaps, (*ngaps + 1) * sizeof *p);
    if (!p)
	return -1;
    p[(*ngaps)++] = *g;
    *gaps = p;
    return 0;
}

int
cari_gz_scan (int fd, off_t base, cari_gz_gap_t **gaps, size_t *ngaps,
	      char *msg, size_t size)
{
    struct scan s = { .fd = fd, .base = base };
    unsigned long long pos = 0, end = 0, at = 0;
    int ret = 0;

    *gaps = NULL;
    *ngaps = 0;
    s.in = malloc (SCAN_CHUNK);
    s.out = malloc (SCAN_CHUNK);
    if (!s.in || !s.out)
	s.error = "out of memory";
    while (!s.error) {
	ssize_t n = scan_read (&s, pos);
	if (n <= 0)
	    break;
	cari_gz_gap_t g = { .start = pos };
	int got = 0;
	if (n >= 2 && s.in[0] == 0x1f && s.in[1] == 0x8b) {
	    got = member_check (&s, pos, &end, &g.lines, &g.why);
	    if (got > 0) {
		pos = end;
		continue;
	    }
	    if (got < 0)
		break;
	} else
	    g.why = "bytes that are not gzip";
	/* Damaged, or not a member: up to the next sound member, if any
	 * (after the end of a file, bytes that are not gzip are ignored,
	 * as gzip ignores them). */
	got = resync (&s, got == 0 && g.why[0] != 'b' ? pos + 1 : pos, &at,
		      &end);
	if (got < 0)
	    break;
	if (got == 0 && g.why[0] == 'b')
	    break;
	g.end = got ? at : (unsigned long long) -1;
	if (gap_add (gaps, ngaps, &g) < 0) {
	    s.error = "out of memory";
	    break;
	}
	if (!got)
	    break;
	pos = end;
    }
    if (s.error) {
	snprintf (msg, size, "read error: %s", s.error);
	free (*gaps);
	*gaps = NULL;
	*ngaps = 0;
	ret = -1;
    }
    free (s.in);
    free (s.out);
    return ret;
}
