/* say.c - what the writer says: the message of a failure kept on the
 * handle, the rest given to the program's handler (include/cari.h)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/writer.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Tell the caller's progress display where the run is: every 64
 * articles, and (last) before a message or at the end of the input.  pos
 * is the offset in the current file. */
void
_cari_progress (struct cari_writer *r, unsigned long long pos, int last)
{
    if (!r->progress || (!last && r->articles % 64))
	return;
    cari_progress_t p = { r->articles, r->bytes_done + pos, r->bytes_total,
			  last };
    r->progress (r->progress_ctx, &p);
}

cari_status_t
_cari_fail (struct cari_writer *r, cari_status_t st, const char *fmt, ...)
{
    va_list ap;

    va_start (ap, fmt);
    char *s = _cari_vmsg (fmt, ap);
    va_end (ap);
    _cari_progress (r, 0, 1);
    pthread_mutex_lock (&r->status_mu);
    free (r->status_string);
    r->status_string = s;
    r->status = st;
    pthread_mutex_unlock (&r->status_mu);
    return st;
}

cari_status_t
_cari_fail_index (struct cari_writer *r, cx_status_t st, const char *what)
{
    const char *detail = r->db ? cx_db_status_string (r->db) : "";
    return _cari_fail (r, _cari_status_from_cx (st), "%s '%s': %s%s%s%s",
		       what, r->dbpath, cx_status_to_string (st),
		       *detail ? ": " : "", detail,
		       cari_layout_disk_full (detail));
}

void
_cari_say (struct cari_writer *r, cari_message_t kind, const char *file,
	   unsigned long line, const char *fmt, ...)
{
    va_list ap;
    char *text, *where = NULL;

    if (!r->message)
	return;
    _cari_progress (r, 0, 1);
    if (file && (line ? asprintf (&where, "%s:%lu", file, line)
		      : asprintf (&where, "%s", file)) < 0)
	where = NULL;
    va_start (ap, fmt);
    text = _cari_vmsg (fmt, ap);
    va_end (ap);
    if (text && (where || !file))
	r->message (r->message_data, kind, where, text);
    free (text);
    free (where);
}

void
cari_writer_set_message_handler (cari_writer_t *w, cari_message_func_t *func,
				 void *data)
{
    w->message = func;
    w->message_data = data;
}

const char *
cari_writer_status_string (cari_writer_t *w)
{
    pthread_mutex_lock (&w->status_mu);
    const char *s = w->status_string;
    pthread_mutex_unlock (&w->status_mu);
    return s;
}

static cari_fatal_func_t *fatal_func;

/* The binding's fatal handler: the message, with what to do. */
static void
fatal (const char *description, void *ctx)
{
    static char message[2048];
    const char *advice = cari_layout_disk_full (description);

    (void) ctx;
    snprintf (message, sizeof message, "libxapian ended the run with an "
	      "error it cannot recover from: %s%s", description,
	      *advice ? advice : "; what was committed is kept: run again");
    if (fatal_func)
	fatal_func (message);
}

void
cari_set_fatal_handler (cari_fatal_func_t *func)
{
    fatal_func = func;
    cx_set_fatal_handler (func ? fatal : NULL, NULL);
}
