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
#include <strings.h>
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

#ifdef CARI_CMS_H
/* A value of the CMS fields as corpus/cms.h promises it: UTF-8 within its
 * cap, no control character, no space at either end. */
static inline void
fuzz_check_cms_value (const char *s, size_t max)
{
    size_t n = strlen (s);

    FUZZ_CHECK (n > 0 && n <= max && cari_utf8_valid (s, n));
    FUZZ_CHECK (s[0] != ' ' && s[n - 1] != ' ');
    for (size_t i = 0; i < n; i++)
	FUZZ_CHECK ((unsigned char) s[i] >= 0x20 && s[i] != 0x7f);
}

/* What corpus/cms.h promises of an article's CMS fields (NULL: none). */
static inline void
fuzz_check_cms (const cari_cms_t *c)
{
    if (!c)
	return;
    FUZZ_CHECK (!cari_cms_empty (c) || *c->warning);
    FUZZ_CHECK (cari_utf8_valid (c->warning, strlen (c->warning)));
    if (c->author)
	fuzz_check_cms_value (c->author, CARI_CMS_AUTHOR_BYTES);
    if (c->rubrik)
	fuzz_check_cms_value (c->rubrik, CARI_CMS_RUBRIK_BYTES);
    if (c->image) {
	fuzz_check_cms_value (c->image, CARI_CMS_IMAGE_BYTES);
	FUZZ_CHECK (!strncasecmp (c->image, "http://", 7) ||
		    !strncasecmp (c->image, "https://", 8));
	FUZZ_CHECK (!strchr (c->image, ' '));
    }
    FUZZ_CHECK (c->n_tags <= CARI_CMS_MAX_TAGS);
    for (size_t i = 0; i < c->n_tags; i++) {
	fuzz_check_cms_value (c->tags[i], CARI_CMS_TAG_BYTES);
	for (size_t k = 0; k < i; k++)
	    FUZZ_CHECK (strcasecmp (c->tags[i], c->tags[k]) != 0);
    }
}
#endif

#endif /* CARI_FUZZ_H */
