/* files.h - read one news article from a text file or an HTML page
 *
 * Text articles (.txt) follow a small header convention:
 *
 *     Banjir rendam tiga desa di Kudus          <- line 1: the title
 *     Date: 2025-10-21                         <- optional header lines,
 *     Source: Kabar Kudus                         "Key: value", keys Id,
 *     Url: https://example.id/banjir              Date, Source, Url (any
 *                                                 case); then a blank line
 *     Hujan deras sejak Senin malam ...         <- the body
 *
 * A file without header lines is its first line as title and the rest as
 * body (a one-line file is its line as both).  HTML pages (.html, .htm)
 * are parsed with libxml2's HTML parser: title from og:title, else
 * <title>, else the first <h1>; date from article:published_time; source
 * from og:site_name; url from og:url or <link rel="canonical">; body text
 * from the first <article>, else <body>, without scripts, styles,
 * navigation, headers, footers, asides and forms; author, rubrik, tags
 * and image from the meta tags and JSON-LD that corpus/cms.h lists.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_FILES_H
#define CARI_FILES_H

#include "corpus/jsonl.h"

#include <stddef.h>

/** An article read from a file; `a`'s strings are owned by it. */
typedef struct cari_file_article {
    cari_article_t a;
    char *mem[6];               /* id, url, title, source, date, content */
    size_t bad_utf8;            /* invalid UTF-8 sequences replaced */
    cari_cms_t cms;             /* the CMS fields (corpus/cms.h); a.cms
				 * points here when it holds any */
} cari_file_article_t;

/** Files bigger than this are refused without being read whole. */
#define CARI_MAX_FILE_BYTES (64u << 20)

/**
 * Parse a text article of len bytes (no NUL bytes: the caller checks).
 * Invalid UTF-8 is replaced by U+FFFD and counted in out->bad_utf8.  The id
 * is the header's Id, else `id`.  Returns 0, or -1 with *why set to a
 * static message (empty body, out of memory).  On success free out with
 * cari_file_article_free().
 */
int
cari_text_article (const char *buf, size_t len, const char *id,
		   cari_file_article_t *out, const char **why);

/** Parse an HTML page; as cari_text_article(). */
int
cari_html_article (const char *buf, size_t len, const char *id,
		   cari_file_article_t *out, const char **why);

/** Free what a successful parse holds; does nothing for NULL. */
void
cari_file_article_free (cari_file_article_t *fa);

#endif /* CARI_FILES_H */
