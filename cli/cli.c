/* cli.c - what cari's programs share: printing a failure the one way
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void
cari_cli_status (const char *prog, cari_status_t st, const char *detail,
		 const char *fmt, ...)
{
    va_list ap;

    fprintf (stderr, "%s: ", prog);
    va_start (ap, fmt);
    vfprintf (stderr, fmt, ap);
    va_end (ap);
    fprintf (stderr, ": %s%s%s\n", cari_status_to_string (st),
	     detail ? ": " : "", detail ? detail : "");
}

void
cari_cli_say (const char *prog, int to_stdout, const char *where,
	      const char *text)
{
    fprintf (to_stdout ? stdout : stderr, "%s: %s\n", where ? where : prog,
	     text);
}

void
cari_cli_fail (const char *prog, cari_status_t st, const char *message)
{
    fprintf (stderr, "%s: %s\n", prog,
	     message ? message : cari_status_to_string (st));
}

void
cari_cli_try_help (const char *prog, int status)
{
    fprintf (stderr, "Try '%s --help' for more information.\n", prog);
    exit (status);
}

void
cari_cli_version (const char *prog)
{
    printf ("%s (cari) %s\n"
	    "Copyright 2026 the cari developers.\n"
	    "Licence GPL-2.0-or-later: you may change and share it; "
	    "there is no warranty.\n", prog, PACKAGE_VERSION);
    exit (0);
}

char *
cari_cli_count (unsigned long long n, char sep, char buf[32])
{
    char digits[24];
    int len = snprintf (digits, sizeof digits, "%llu", n), o = 0;

    for (int i = 0; i < len; i++) {
	if (i && (len - i) % 3 == 0)
	    buf[o++] = sep;
	buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}
