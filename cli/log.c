/* log.c - what cari's programs share: a time at the start of each line
 *
 * Every message of cari-index and cari-serve is a line written to stderr
 * (cari-index's reports also to stdout), from the programs and from the
 * library alike.  Rather than a call in each of those places, the one
 * place is here: with timestamps on, stderr (and, when asked, stdout) is
 * replaced by a stream of our own (fopencookie(3); glibc documents that
 * the standard streams may be assigned) that writes each line to the same
 * file descriptor with the local time in front, in one write(2), so that
 * the lines of concurrent threads and processes stay whole in a log file
 * opened with O_APPEND.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A stamped stream: the descriptor it writes to, and whether the next
 * byte starts a line. */
struct stamped {
    int fd;
    int at_start;
};

static int
write_all (int fd, const char *p, size_t n)
{
    while (n) {
	ssize_t w = write (fd, p, n);
	if (w < 0 && errno == EINTR)
	    continue;
	if (w <= 0)
	    return -1;
	p += w;
	n -= (size_t) w;
    }
    return 0;
}

/* Copy buf to the descriptor, a stamp before each line's first byte.  A
 * carriage return starts a line too (the progress bar redraws its line). */
static ssize_t
stamped_write (void *cookie, const char *buf, size_t size)
{
    struct stamped *s = cookie;
    char stamp[40], local[4096];
    size_t o = 0, stamp_len = 0;

    for (size_t i = 0; i < size; i++) {
	if (s->at_start && buf[i] != '\n' && buf[i] != '\r') {
	    if (!stamp_len) {
		stamp_len = cari_iso_time (time (NULL), stamp,
					   sizeof stamp - 1);
		stamp[stamp_len++] = ' ';
	    }
	    if (o + stamp_len > sizeof local) {
		if (write_all (s->fd, local, o) < 0)
		    return -1;
		o = 0;
	    }
	    memcpy (local + o, stamp, stamp_len);
	    o += stamp_len;
	    s->at_start = 0;
	}
	if (o == sizeof local) {
	    if (write_all (s->fd, local, o) < 0)
		return -1;
	    o = 0;
	}
	local[o++] = buf[i];
	if (buf[i] == '\n' || buf[i] == '\r')
	    s->at_start = 1;
    }
    if (o && write_all (s->fd, local, o) < 0)
	return -1;
    return (ssize_t) size;
}

/* A stamped stream over fd (its state in s, which lives as long as the
 * program: the streams are never closed), or NULL. */
static FILE *
stamped_open (struct stamped *s, int fd, int mode)
{
    static const cookie_io_functions_t io = {
	.read = NULL, .write = stamped_write, .seek = NULL, .close = NULL
    };
    FILE *f;

    s->fd = fd;
    s->at_start = 1;
    if (!(f = fopencookie (s, "w", io)))
	return NULL;
    setvbuf (f, NULL, mode, 0);
    return f;
}

int
cari_cli_timestamps_parse (const char *arg)
{
    if (!arg || !strcmp (arg, "always") || !strcmp (arg, "yes"))
	return CARI_CLI_STAMP_ALWAYS;
    if (!strcmp (arg, "auto"))
	return CARI_CLI_STAMP_AUTO;
    if (!strcmp (arg, "never") || !strcmp (arg, "no"))
	return CARI_CLI_STAMP_NEVER;
    return -1;
}

/* 1 when fd is the journal's stream (systemd sets $JOURNAL_STREAM to its
 * device and inode): the journal has a time for every line already. */
static int
is_journal (int fd)
{
    const char *env = getenv ("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;

    return env && sscanf (env, "%llu:%llu", &dev, &ino) == 2 &&
	fstat (fd, &st) == 0 && (unsigned long long) st.st_dev == dev &&
	(unsigned long long) st.st_ino == ino;
}

int
cari_cli_log_start (int mode, int with_stdout)
{
    const char *env = getenv ("CARI_TIMESTAMPS");
    if (mode == CARI_CLI_STAMP_AUTO && env && *env &&
	cari_cli_timestamps_parse (env) > 0)
	mode = cari_cli_timestamps_parse (env);
    if (mode == CARI_CLI_STAMP_AUTO) {
	mode = isatty (STDERR_FILENO) || is_journal (STDERR_FILENO)
	       ? CARI_CLI_STAMP_NEVER : CARI_CLI_STAMP_ALWAYS;
	/* Reports shown on a terminal, errors logged: no times there. */
	with_stdout = with_stdout && !isatty (STDOUT_FILENO);
    }
    if (mode != CARI_CLI_STAMP_ALWAYS)
	return 0;
    /* Standard error is unbuffered: a progress bar shows at once, and each
     * fprintf reaches the cookie whole (glibc formats it in one buffer). */
    static struct stamped err_state, out_state;
    FILE *err = stamped_open (&err_state, STDERR_FILENO, _IONBF);
    if (!err)
	return -1;
    fflush (stderr);
    stderr = err;
    if (with_stdout) {
	FILE *out = stamped_open (&out_state, STDOUT_FILENO, _IOLBF);
	if (!out)
	    return -1;
	fflush (stdout);
	stdout = out;
    }
    return 1;
}
