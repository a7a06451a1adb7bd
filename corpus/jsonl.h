/* jsonl.h - read news articles from JSON Lines files (plain or gzip)
 *
 * One JSON object a line: "id" (string or integer; when it is missing, a
 * "url" of at most CARI_MAX_ID_BYTES serves as the id) and "content"
 * (string) are required; "title", "url", "date" (ISO 8601) and "source" are optional
 * strings; the CMS fields are read as corpus/cms.h says.  A bad line is
 * reported and skipped; blank lines are ignored.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_JSONL_H
#define CARI_JSONL_H

#include <stddef.h>

#include "corpus/cms.h"
#include "include/cari.h"   /* cari_parse_date */

/** Ids longer than this are refused (the index's unique term must fit). */
#define CARI_MAX_ID_BYTES 200
/** Lines longer than this are refused without being held in memory. */
#define CARI_MAX_LINE_BYTES (64u << 20)

/** One article; every string is borrowed from the reader until the next
 * call, NUL-terminated, "" when absent. */
typedef struct cari_article {
    const char *id;
    const char *url;
    const char *title;
    const char *source;
    const char *date;           /* as written in the file */
    char date8[9];              /* YYYYMMDD, or "" when absent or unparsed */
    int bad_date;               /* a date was given but not understood
				 * (1) or outside cari_date_limits (2) */
    int id_from_url;            /* no "id": the url serves as the id */
    const char *content;
    size_t content_len;
    const cari_cms_t *cms;      /* author, rubrik, tags, image (cms.h), or
				 * NULL when the article has none of them
				 * and nothing of them was dropped */
} cari_article_t;

typedef enum {
    CARI_READ_ARTICLE,          /* *article holds the next article */
    CARI_READ_END,              /* end of file */
    CARI_READ_BAD_LINE,         /* a line was skipped: see cari_reader_error */
    CARI_READ_IO_ERROR,         /* the file cannot be read further */
    CARI_READ_DAMAGED           /* a damaged gzip member was skipped, all
				 * its lines: see cari_reader_error */
} cari_read_t;

typedef struct cari_reader cari_reader_t;

/**
 * Open path ("-" for standard input); gzip is detected by content.  The
 * members of a gzip file are all checked before its first line is given
 * (corpus/gzscan.c; standard input is copied to a file in $TMPDIR for
 * that), and no line of a damaged one is given.  On
 * failure returns NULL and sets *error to a message to free() with free().
 */
cari_reader_t *
cari_reader_open (const char *path, char **error);

/** Read the next article: cari_reader_next_line, then cari_reader_parse. */
cari_read_t
cari_reader_next (cari_reader_t *r, cari_article_t *article);

/**
 * Read the next line that is not blank, without parsing it: *line (not
 * NUL-terminated, may hold NUL bytes) and *len are borrowed until the next
 * call.  Returns CARI_READ_ARTICLE for a line, or CARI_READ_END,
 * CARI_READ_BAD_LINE (too long), CARI_READ_DAMAGED (cari_reader_line is
 * then the first line skipped) or CARI_READ_IO_ERROR.  Lets a caller skip
 * a line it has seen before without the cost of parsing it.
 */
cari_read_t
cari_reader_next_line (cari_reader_t *r, const char **line, size_t *len);

/** Parse the line last read by cari_reader_next_line into *article. */
cari_read_t
cari_reader_parse (cari_reader_t *r, cari_article_t *article);

/** Why the last line was skipped or reading failed; borrowed. */
const char *
cari_reader_error (const cari_reader_t *r);

/** Line number (from 1) of the line last read. */
unsigned long
cari_reader_line (const cari_reader_t *r);

/** Bytes of the file consumed so far (compressed bytes for gzip), for
 * progress reports against the file's size. */
unsigned long long
cari_reader_offset (const cari_reader_t *r);

/** Does nothing if r is NULL. */
void
cari_reader_close (cari_reader_t *r);

#endif /* CARI_JSONL_H */
