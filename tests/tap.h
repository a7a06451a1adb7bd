/* tap.h - a tiny Test Anything Protocol emitter for the C unit tests
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_TAP_H
#define CARI_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

/* ok (cond, "name %s", ...): one test line; returns cond. */
#define ok(cond, ...) tap_ok (!!(cond), __FILE__, __LINE__, __VA_ARGS__)

__attribute__ ((format (printf, 4, 5))) static int
tap_ok (int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    tap_count++;
    if (!cond)
	tap_failed++;
    printf ("%sok %d - ", cond ? "" : "not ", tap_count);
    va_start (ap, fmt);
    vprintf (fmt, ap);
    va_end (ap);
    printf ("\n");
    if (!cond)
	printf ("# failed at %s:%d\n", file, line);
    fflush (stdout);
    return cond;
}

/* is_str (got, want, name): string equality, showing both on failure. */
#define is_str(got, want, ...)                                            \
    do {                                                                  \
	const char *g_ = (got), *w_ = (want);                             \
	if (!ok (g_ && w_ && strcmp (g_, w_) == 0, __VA_ARGS__))          \
	    printf ("#   got:  '%s'\n#   want: '%s'\n", g_ ? g_ : "(null)", \
		    w_ ? w_ : "(null)");                                  \
    } while (0)

/* skip ("reason %s", ...): one test line not run, saying why (TAP's
 * "# SKIP", counted as skipped). */
__attribute__ ((format (printf, 1, 2))) static inline void
skip (const char *fmt, ...)
{
    va_list ap;
    printf ("ok %d # SKIP ", ++tap_count);
    va_start (ap, fmt);
    vprintf (fmt, ap);
    va_end (ap);
    printf ("\n");
    fflush (stdout);
}

static int
tap_done (void)
{
    printf ("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif /* CARI_TAP_H */
