/* fuzz-files.c - libFuzzer harness of the text and HTML readers
 * (corpus/files.c)
 *
 * The input is a whole file: read as an HTML page, and as a text article
 * when it holds no NUL byte (the caller checks that, lib/ingest.c).  An
 * input of odd length is read with no id (as from standard input), so
 * that the id comes from the file.  What files.h promises of an article
 * is checked.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "corpus/files.h"
#include "fuzz/fuzz.h"

static void
check_text (const char *s)
{
    FUZZ_CHECK (s != NULL);
    FUZZ_CHECK (cari_utf8_valid (s, strlen (s)));
}

/* What files.h promises of an article read. */
static void
check_article (int ret, const cari_file_article_t *fa, const char *why)
{
    const cari_article_t *a = &fa->a;

    if (ret < 0) {
	FUZZ_CHECK (why && *why);
	return;
    }
    FUZZ_CHECK (ret == 0);
    FUZZ_CHECK (a->id && *a->id && strlen (a->id) <= CARI_MAX_ID_BYTES);
    check_text (a->id);
    check_text (a->url);
    check_text (a->title);
    check_text (a->source);
    check_text (a->date);
    check_text (a->content);
    FUZZ_CHECK (strlen (a->content) == a->content_len && a->content_len);
    FUZZ_CHECK (a->bad_date >= 0 && a->bad_date <= 2);
    fuzz_check_cms (a->cms);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    const char *buf = (const char *) data;
    const char *id = size % 2 ? "" : "fuzz/page";
    cari_file_article_t fa;
    const char *why = NULL;
    int ret;

    ret = cari_html_article (buf, size, id, &fa, &why);
    check_article (ret, &fa, why);
    if (ret == 0)
	cari_file_article_free (&fa);
    if (memchr (buf, '\0', size))
	return 0;
    why = NULL;
    ret = cari_text_article (buf, size, id, &fa, &why);
    check_article (ret, &fa, why);
    if (ret == 0)
	cari_file_article_free (&fa);
    return 0;
}
