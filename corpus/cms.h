/* cms.h - the fields a news CMS exports: author, rubrik, tags, image
 *
 * Read by the readers (corpus/jsonl.c, corpus/files.c) into a cari_cms_t,
 * each value held to its cap as it is read: whitespace runs (and control
 * characters) fold to one space, the ends are trimmed, and an empty value
 * is none.  An author or a rubrik over its cap, or a tag over its cap, is
 * cut at a UTF-8 boundary; tags past CARI_CMS_MAX_TAGS, a second tag of
 * the same name (ASCII case and spaces aside), and an image that is over
 * its cap or not an http:// or https:// URL are dropped.  Each cut or drop
 * is said in `warning`, which the writer reports with the file and line.
 *
 * JSON Lines: "author" (a string, an array of strings or of objects with
 * "name", or such an object); the first present of "rubrik", "section",
 * "category", "kanal" (a string, or the first string of an array); the
 * first present of "tags", "keywords" (an array, or a comma-separated
 * string); the first present of "image", "image_url", "thumbnail" (a
 * string, an object with "url", or the first usable of an array).
 *
 * HTML: <meta name="author"> (else article:author when it is not a URL),
 * article:section, article:tag (repeated; else news_keywords, else
 * keywords, comma-separated), og:image; and JSON-LD (<script
 * type="application/ld+json">) of @type NewsArticle, Article or
 * ReportageNewsArticle, at the top, in an array or in @graph: author (name
 * or array), articleSection, keywords, image.  The meta tags win: JSON-LD
 * fills only what they leave empty (a page's meta tags are what its
 * sharing cards show, and JSON-LD is more often a template's leftover).
 *
 * Text articles: header lines Author: (or Penulis:, repeated for several),
 * Rubrik:, Tags: (comma-separated), Image:.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_CMS_H
#define CARI_CMS_H

#include <jansson.h>
#include <stddef.h>

#define CARI_CMS_AUTHOR_BYTES 200   /* all authors, ", " between them */
#define CARI_CMS_RUBRIK_BYTES 100
#define CARI_CMS_MAX_TAGS 32
#define CARI_CMS_TAG_BYTES 100
#define CARI_CMS_IMAGE_BYTES 2048
#define CARI_CMS_WARNING_BYTES 512

/** The CMS fields of an article; NULL (n_tags 0) when absent.  The
 * strings are owned by the struct: cari_cms_clear frees them. */
typedef struct cari_cms {
    char *author;               /* several joined by ", " */
    char *rubrik;
    char *image;                /* an http:// or https:// URL */
    char *tags[CARI_CMS_MAX_TAGS];
    size_t n_tags;
    char warning[CARI_CMS_WARNING_BYTES];  /* what was cut or dropped, "; "
				 * between; "" when nothing was */
} cari_cms_t;

/** Free what c holds and empty it. */
void
cari_cms_clear (cari_cms_t *c);

/** 1 when c holds no field (a warning may still be there). */
int
cari_cms_empty (const cari_cms_t *c);

/* Each of these takes n bytes at s (UTF-8, or the value is dropped with a
 * warning) and returns 0, or -1 when out of memory. */

/** Add an author (after the others, ", " between). */
int
cari_cms_add_author (cari_cms_t *c, const char *s, size_t n);

/** The rubrik, unless c has one. */
int
cari_cms_set_rubrik (cari_cms_t *c, const char *s, size_t n);

/** Add a tag. */
int
cari_cms_add_tag (cari_cms_t *c, const char *s, size_t n);

/** Add the tags of a comma-separated list. */
int
cari_cms_add_tags (cari_cms_t *c, const char *s, size_t n);

/** The image URL, unless c has one; a URL that is not http:// or https://
 * is refused (*taken, when not NULL, says whether it was kept). */
int
cari_cms_set_image (cari_cms_t *c, const char *s, size_t n, int *taken);

/** Fill what c lacks from the JSON object obj: its JSON Lines fields
 * (jsonld 0) or those of a schema.org article (jsonld 1).  A field of
 * another type is ignored with a warning.  Returns 0, or -1. */
int
cari_cms_from_json (cari_cms_t *c, const json_t *obj, int jsonld);

/** Fill what c lacks from the JSON-LD text (n bytes) of a <script
 * type="application/ld+json">: its first article (see above).  Text that is
 * not JSON is ignored.  Returns 0, or -1 when out of memory. */
int
cari_cms_from_jsonld (cari_cms_t *c, const char *text, size_t n);

/** A text header line KEY: VALUE of the CMS fields (key klen bytes, value
 * vlen): returns 1 when key is one (any case), 0 when not, -1 when out of
 * memory. */
int
cari_cms_header (cari_cms_t *c, const char *key, size_t klen,
		 const char *value, size_t vlen);

/** What an HTML page gives, gathered as it is walked (corpus/files.c):
 * zero it, hand it each <meta> and each JSON-LD script, then
 * cari_cms_page_finish. */
typedef struct cari_cms_page {
    char *meta[5];              /* the first author, article:author,
				 * article:section, news_keywords, keywords */
    char *og_image;
    cari_cms_t tags;            /* the article:tag meta tags, in order */
    json_t *ld;                 /* the JSON-LD scripts parsed, an array */
} cari_cms_page_t;

/** A <meta> of name (or property) key with content: returns 1 when it is
 * one of the fields, 0 when not, -1 when out of memory. */
int
cari_cms_page_meta (cari_cms_page_t *pg, const char *key,
		    const char *content);

/** The text of a <script type="application/ld+json">.  Returns 0, or -1
 * when out of memory. */
int
cari_cms_page_script (cari_cms_page_t *pg, const char *text);

/** Fill out (empty) from what pg gathered, meta tags first, and free pg.
 * Returns 0, or -1 when out of memory. */
int
cari_cms_page_finish (cari_cms_page_t *pg, cari_cms_t *out);

/** A deep copy of src into dst (its warning too).  Returns 0, or -1 when
 * out of memory (dst then empty). */
int
cari_cms_copy (cari_cms_t *dst, const cari_cms_t *src);

#endif /* CARI_CMS_H */
