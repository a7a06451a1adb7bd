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
 * Print a message the library gave (cari_message_func_t): "WHERE: TEXT"
 * when where is not NULL (the input it is about), else "PROG: TEXT"; on
 * stdout when to_stdout, else on stderr.
 */
void
cari_cli_say (const char *prog, int to_stdout, const char *where,
	      const char *text);

/**
 * Print the failure of a library call on stderr: "PROG: MESSAGE", the
 * message kept on the handle (or given by an open) being whole; when
 * there is none (out of memory), "PROG: " and cari_status_to_string (st).
 */
void
cari_cli_fail (const char *prog, cari_status_t st, const char *message);

/* Timestamps at the start of log lines (cli/log.c): --timestamps[=WHEN]
 * in cari-index and cari-serve. */
enum {
    CARI_CLI_STAMP_AUTO,        /* when stderr is not a terminal nor the
				 * journal */
    CARI_CLI_STAMP_ALWAYS,
    CARI_CLI_STAMP_NEVER
};

/** The getopt_long entry of --timestamps, returning val. */
#define CARI_CLI_TIMESTAMPS_OPTION(val) \
    { "timestamps", optional_argument, NULL, (val) }

/** The --help lines of --timestamps. */
#define CARI_CLI_TIMESTAMPS_HELP \
"  --timestamps[=WHEN] start each line on stderr with the local time\n" \
"                      (2026-12-02T05:50:01+07:00): WHEN is auto (the\n" \
"                      default: when stderr is not a terminal nor the\n" \
"                      systemd journal), always (no WHEN) or never\n"

/** The WHEN of --timestamps[=WHEN] (NULL for none given): a
 * CARI_CLI_STAMP_ value, or -1 when it is none of them. */
int
cari_cli_timestamps_parse (const char *arg);

/**
 * Start each line written to stderr from now on (and to stdout when
 * with_stdout) with the local time in ISO 8601 and a space, when mode
 * says so; auto takes $CARI_TIMESTAMPS (auto, always or never) when it is
 * set, then decides: stderr when it is neither a terminal nor the journal,
 * stdout then too unless it is a terminal.  Call it once, before the first
 * message.  Returns 1 when lines are stamped, 0 when not, -1 when out of
 * memory.
 */
int
cari_cli_log_start (int mode, int with_stdout);
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

/**
 * The synonyms to search with (cli/synonyms.c), into *out (NULL for
 * none): the file arg names (--synonyms FILE), none for "none"; with arg
 * NULL, $CARI_SYNONYMS, else the installed data/synonyms.txt when it is
 * there.  Returns 0, or -1 having printed why (PROG: FILE:LINE: ...).
 */
int
cari_cli_synonyms (const char *prog, const char *arg, cari_synonyms_t **out);

#endif /* CARI_CLI_H */
