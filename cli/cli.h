/* cli.h - what cari's programs share: printing a failure the one way
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_CLI_H
#define CARI_CLI_H

#include "include/cari.h"

/**
 * Print "PROG: WHAT: STATUS[: DETAIL]" on stderr, WHAT made like printf's
 * from fmt: what failed, then cari_status_to_string (st), then the detail
 * when there is one (detail may be NULL).
 */
void
cari_cli_status (const char *prog, cari_status_t st, const char *detail,
		 const char *fmt, ...) __attribute__ ((format (printf, 4, 5)));

/**
 * Print "Try 'PROG --help' for more information." on stderr and exit with
 * status: what a usage error says after the error itself, as GNU tools do.
 */
void
cari_cli_try_help (const char *prog, int status) __attribute__ ((noreturn));

/**
 * Print "PROG (cari) VERSION" and the licence on stdout and exit 0.
 */
void
cari_cli_version (const char *prog) __attribute__ ((noreturn));

/**
 * n with sep between its groups of three digits, into buf (returned):
 * "2,600" (sep ',') in English, "2.600" (sep '.') in Indonesian.
 */
char *
cari_cli_count (unsigned long long n, char sep, char buf[32]);

#endif /* CARI_CLI_H */
