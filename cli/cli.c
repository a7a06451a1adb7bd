/* cli.c - what cari's programs share: printing a failure the one way
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>

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
