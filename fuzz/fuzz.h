/* fuzz.h - what the libFuzzer harnesses of fuzz/ share: checks that abort
 * (so that libFuzzer keeps the input), a scratch directory, files
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_FUZZ_H
#define CARI_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A property the code under test promises: its failure is a finding. */
#define FUZZ_CHECK(cond) \
    ((cond) ? (void) 0 \
     : (fprintf (stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, \
		 #cond), abort ()))

static char fuzz_dir[4096];

static inline void
fuzz_remove_dir (void)
{
    char cmd[4200];

    /* The directory is ours (mkdtemp) and its name has no quote. */
    snprintf (cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
    if (fuzz_dir[0] && system (cmd) != 0)
	fprintf (stderr, "fuzz: cannot remove %s\n", fuzz_dir);
}

/* A scratch directory for the run, removed at exit: in /dev/shm when there
 * is one (files written at every input stay in memory), else $TMPDIR. */
static inline const char *
fuzz_scratch (const char *name)
{
    const char *tmp = access ("/dev/shm", W_OK) == 0 ? "/dev/shm"
		      : getenv ("TMPDIR") ? getenv ("TMPDIR") : "/tmp";

    if (fuzz_dir[0])
	return fuzz_dir;
    snprintf (fuzz_dir, sizeof fuzz_dir, "%s/cari-%s-XXXXXX", tmp, name);
    if (!mkdtemp (fuzz_dir)) {
	perror ("fuzz: mkdtemp");
	exit (1);
    }
    atexit (fuzz_remove_dir);
    return fuzz_dir;
}

/* Write the size bytes at data to path (replacing it); exits on failure,
 * which is the machine's, not the code's under test. */
static inline void
fuzz_write_file (const char *path, const void *data, size_t size)
{
    FILE *f = fopen (path, "wb");

    if (!f || (size && fwrite (data, 1, size, f) != size) || fclose (f)) {
	perror (path);
	exit (1);
    }
}

/* The input as a NUL-terminated string (to free). */
static inline char *
fuzz_string (const uint8_t *data, size_t size)
{
    char *s = malloc (size + 1);

    if (!s)
	abort ();
    memcpy (s, data, size);
    s[size] = '\0';
    return s;
}

#endif /* CARI_FUZZ_H */
