/* fuzz-jsonl.c - libFuzzer harness of the JSON Lines reader (corpus/jsonl.c)
 *
 * The input is a whole file, plain or gzip (the reader tells them apart by
 * content): every line is read and parsed, and what the reader promises of
 * an article it gives is checked.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "corpus/jsonl.h"
#include "fuzz/fuzz.h"

static char path[4200];

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    (void) argc;
    (void) argv;
    snprintf (path, sizeof path, "%s/in.jsonl", fuzz_scratch ("jsonl"));
    return 0;
}

static int
is_digits (const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
	if (s[i] < '0' || s[i] > '9')
	    return 0;
    return s[n] == '\0';
}

/* What jsonl.h promises of an article. */
static void
check_article (const cari_article_t *a)
{
    FUZZ_CHECK (a->id && *a->id && strlen (a->id) <= CARI_MAX_ID_BYTES);
    for (const char *c = a->id; *c; c++)
	FUZZ_CHECK ((unsigned char) *c >= 0x20 && *c != 0x7f);
    FUZZ_CHECK (cari_utf8_valid (a->id, strlen (a->id)));
    FUZZ_CHECK (a->content && a->content_len > 0);
    FUZZ_CHECK (a->content[a->content_len] == '\0');
    FUZZ_CHECK (memchr (a->content, '\0', a->content_len) == NULL);
    FUZZ_CHECK (cari_utf8_valid (a->content, a->content_len));
    FUZZ_CHECK (a->title && a->url && a->source && a->date);
    FUZZ_CHECK (cari_utf8_valid (a->title, strlen (a->title)));
    FUZZ_CHECK (a->bad_date >= 0 && a->bad_date <= 2);
    if (!*a->date)
	FUZZ_CHECK (a->date8[0] == '\0' && a->bad_date == 0);
    else if (a->bad_date == 0)
	FUZZ_CHECK (is_digits (a->date8, 8));
    else if (a->bad_date == 2)
	FUZZ_CHECK (a->date8[0] == '\0');
    fuzz_check_cms (a->cms);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    char *error = NULL;
    cari_reader_t *r;
    cari_article_t a;
    unsigned long last = 0;

    fuzz_write_file (path, data, size);
    r = cari_reader_open (path, &error);
    if (!r) {
	FUZZ_CHECK (error && *error);
	free (error);
	return 0;
    }
    for (;;) {
	cari_read_t got = cari_reader_next (r, &a);

	if (got == CARI_READ_END)
	    break;
	FUZZ_CHECK (cari_reader_line (r) >= last);
	last = cari_reader_line (r);
	FUZZ_CHECK (cari_reader_offset (r) <= size);
	if (got == CARI_READ_ARTICLE) {
	    check_article (&a);
	    continue;
	}
	FUZZ_CHECK (got == CARI_READ_BAD_LINE || got == CARI_READ_DAMAGED ||
		    got == CARI_READ_IO_ERROR);
	FUZZ_CHECK (cari_reader_error (r) && *cari_reader_error (r));
	if (got == CARI_READ_IO_ERROR)
	    break;
    }
    cari_reader_close (r);
    return 0;
}
