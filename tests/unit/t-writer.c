/* t-writer.c - the writer's error convention: a status with its message on
 * the handle or from the open, warnings to the program's handler (with
 * the input they are about apart), and nothing printed by the library
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/tap.h"

static char dir[] = "/tmp/cari-t-writer-XXXXXX";

/* The messages a handler was given, one "KIND|WHERE|TEXT" a line. */
static char said[8192];

static void
collect (void *data, cari_message_t kind, const char *where,
	 const char *text)
{
    size_t n = strlen (said);
    (void) data;
    snprintf (said + n, sizeof said - n, "%d|%s|%s\n", (int) kind,
	      where ? where : "-", text);
}

static void
write_file (const char *path, const char *text)
{
    FILE *f = fopen (path, "w");
    if (f) {
	fputs (text, f);
	fclose (f);
    }
}

static off_t
file_size (const char *path)
{
    struct stat st;
    return stat (path, &st) == 0 ? st.st_size : -1;
}

int
main (void)
{
    char db[256], input[256], errfile[256], want[2048], *msg = NULL;
    cari_writer_options_t o;
    cari_writer_t *w = NULL, *w2 = NULL;
    cari_writer_counts_t c;

    if (!mkdtemp (dir)) {
	perror ("mkdtemp");
	return 1;
    }
    snprintf (db, sizeof db, "%s/db", dir);
    snprintf (input, sizeof input, "%s/a.jsonl", dir);
    snprintf (errfile, sizeof errfile, "%s/stderr", dir);
    write_file (input, "{\"id\":\"a\",\"title\":\"Banjir\",\"content\":\"banjir "
		"di Jakarta\"}\nnot json\n{\"id\":\"a\",\"title\":\"Banjir lagi\","
		"\"content\":\"hujan deras\"}\n");

    /* The library's stderr, kept apart: it must stay empty. */
    fflush (stderr);
    int saved = dup (STDERR_FILENO);
    int fd = open (errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2 (fd, STDERR_FILENO);
    close (fd);

    memset (&o, 0, sizeof o);
    o.batch = CARI_WRITER_DEFAULT_BATCH;
    o.jobs = 1;
    ok (cari_writer_open (db, &o, &w, &msg) == CARI_STATUS_SUCCESS && w &&
	!msg, "open a new index to write");
    ok (cari_writer_status_string (w) == NULL, "no message before a failure");

    /* A second writer: locked, the message from the open. */
    cari_status_t st = cari_writer_open (db, &o, &w2, &msg);
    ok (st == CARI_STATUS_INDEX_LOCKED && !w2, "a second writer: "
	"CARI_STATUS_INDEX_LOCKED (%d)", (int) st);
    snprintf (want, sizeof want, "the index '%s' is locked: another "
	      "cari-index is writing to it; wait until it ends, then run "
	      "this again", db);
    is_str (msg, want, "its message, whole, without the program's name");
    free (msg);
    msg = NULL;

    cari_writer_set_message_handler (w, collect, NULL);
    ok (cari_writer_begin (w) == CARI_STATUS_SUCCESS &&
	cari_writer_prepare (w) == CARI_STATUS_SUCCESS, "begin, prepare");
    said[0] = '\0';
    ok (cari_writer_add (w, input) == CARI_STATUS_SUCCESS,
	"a file with a bad line and a duplicate id: added");
    snprintf (want, sizeof want, "0|%s:2|invalid JSON at column 3: '[' or "
	      "'{' expected near 'not'; line skipped (fix it and run again)\n"
	      "0|%s:3|warning: id 'a' was already read at %s:1 in this run; "
	      "the later article wins\n", input, input, input);
    is_str (said, want, "the warnings, FILE:LINE apart");

    said[0] = '\0';
    ok (cari_writer_delete (w, "nope") == CARI_STATUS_SUCCESS,
	"delete a missing id: the run goes on");
    is_str (said, "0|-|--delete: warning: id 'nope' is not in the index; "
	    "nothing to delete\n", "a warning about no input");

    st = cari_takedown_add (w, "", NULL);
    ok (st == CARI_STATUS_ILLEGAL_ARGUMENT, "take down an empty id: "
	"CARI_STATUS_ILLEGAL_ARGUMENT (%d)", (int) st);
    is_str (cari_writer_status_string (w), "--takedown: id '' is empty, "
	    "longer than 200 bytes or holds a line break; not taken down",
	    "its message on the writer");
    st = cari_takedown_lift (w, "q");
    ok (st == CARI_STATUS_ILLEGAL_ARGUMENT, "lift an id not taken down: "
	"CARI_STATUS_ILLEGAL_ARGUMENT");
    is_str (cari_writer_status_string (w), "--lift: id 'q' is not taken "
	    "down; nothing lifted (cari-index --takedowns lists them)",
	    "its message on the writer");

    ok (cari_writer_finish (w, 1) == CARI_STATUS_SUCCESS, "finish");
    cari_writer_counts (w, &c);
    ok (c.added == 1 && c.replaced == 1 && c.errors == 1,
	"counts: 1 added, 1 replaced, 1 error (%lu %lu %lu)", c.added,
	c.replaced, c.errors);
    cari_writer_destroy (w);

    /* No handler: the same warnings go nowhere. */
    ok (cari_writer_open (db, &o, &w, NULL) == CARI_STATUS_SUCCESS &&
	cari_writer_begin (w) == CARI_STATUS_SUCCESS &&
	cari_writer_delete (w, "nope") == CARI_STATUS_SUCCESS &&
	cari_writer_prepare (w) == CARI_STATUS_SUCCESS &&
	cari_writer_add (w, input) == CARI_STATUS_SUCCESS &&
	cari_writer_finish (w, 1) == CARI_STATUS_SUCCESS,
	"a run with no handler");
    cari_writer_destroy (w);

    /* --stats of no index: a status and the message. */
    snprintf (db, sizeof db, "%s/none", dir);
    st = cari_index_print_stats (db, &msg);
    ok (st != CARI_STATUS_SUCCESS && msg &&
	strncmp (msg, "cannot open the index '", 23) == 0,
	"stats of no index: status %d, '%s'", (int) st, msg ? msg : "");
    free (msg);

    fflush (stderr);
    dup2 (saved, STDERR_FILENO);
    close (saved);
    ok (file_size (errfile) == 0, "the library wrote nothing to stderr "
	"(%lld bytes)", (long long) file_size (errfile));

    char cmd[4200];
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system (cmd) != 0)
	fprintf (stderr, "cannot remove %s\n", dir);
    return tap_done ();
}
