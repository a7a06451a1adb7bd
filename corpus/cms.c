/* cms.c - the fields a news CMS exports, read and held to their caps
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "corpus/cms.h"

#include "include/cari.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
cari_cms_clear (cari_cms_t *c)
{
    if (!c)
	return;
    free (c->author);
    free (c->rubrik);
    free (c->image);
    for (size_t i = 0; i < c->n_tags; i++)
	free (c->tags[i]);
    memset (c, 0, sizeof *c);
}

int
cari_cms_empty (const cari_cms_t *c)
{
    return !c->author && !c->rubrik && !c->image && !c->n_tags;
}

/* Say what was cut or dropped, after what was said before. */
__attribute__ ((format (printf, 2, 3))) static void
say_cut (cari_cms_t *c, const char *fmt, ...)
{
    size_t used = strlen (c->warning);
    va_list ap;

    if (used && used + 2 < sizeof c->warning) {
	memcpy (c->warning + used, "; ", 3);
	used += 2;
    }
    if (used + 1 >= sizeof c->warning)
	return;
    va_start (ap, fmt);
    vsnprintf (c->warning + used, sizeof c->warning - used, fmt, ap);
    va_end (ap);
    /* Cut short by vsnprintf, it still ends with a whole character: a
     * last one cut in its middle goes (fuzz-files found one). */
    size_t n = strlen (c->warning), at = n;
    while (at > 0 && ((unsigned char) c->warning[at - 1] & 0xc0) == 0x80)
	at--;
    if (at > 0 && !cari_utf8_char ((const unsigned char *) c->warning + at - 1,
				    n - (at - 1)))
	c->warning[at - 1] = '\0';
}

/* How many bytes of s to quote in a warning: at most max, whole
 * characters. */
static int
quote_len (const char *s, size_t max)
{
    return (int) cari_utf8_cut (s, strlen (s), max);
}

/* The n bytes at s with each run of whitespace and control characters
 * one space, the ends trimmed, into *out (to free; NULL for an empty
 * value) and *len.  A value that is not UTF-8 is dropped with a warning
 * naming what (field).  Returns 0, or -1 when out of memory. */
static int
clean (cari_cms_t *c, const char *what, const char *s, size_t n, char **out,
       size_t *len)
{
    char *p;
    size_t o = 0;
    int space = 0;

    *out = NULL;
    *len = 0;
    if (!cari_utf8_valid (s, n)) {
	say_cut (c, "the %s is not valid UTF-8; dropped", what);
	return 0;
    }
    if (!(p = malloc (n + 1)))
	return -1;
    for (size_t i = 0; i < n; i++) {
	unsigned char ch = (unsigned char) s[i];
	if (ch <= ' ' || ch == 0x7f) {
	    space = o > 0;
	    continue;
	}
	if (space)
	    p[o++] = ' ';
	space = 0;
	p[o++] = (char) ch;
    }
    p[o] = '\0';
    if (!o) {
	free (p);
	return 0;
    }
    *out = p;
    *len = o;
    return 0;
}

/* Cut v (len bytes) to max at a UTF-8 boundary, with a warning. */
static void
cap (cari_cms_t *c, const char *what, char *v, size_t len, size_t max)
{
    if (len <= max)
	return;
    size_t cut = cari_utf8_cut (v, len, max);
    while (cut && v[cut - 1] == ' ')
	cut--;
    v[cut] = '\0';
    say_cut (c, "the %s '%.*s...' is %zu bytes; cut to the first %zu (the "
	     "limit is %zu)", what, quote_len (v, 40), v, len, cut, max);
}

int
cari_cms_add_author (cari_cms_t *c, const char *s, size_t n)
{
    char *v, *joined;
    size_t len;

    if (clean (c, "author", s, n, &v, &len) < 0)
	return -1;
    if (!v)
	return 0;
    if (c->author) {
	size_t have = strlen (c->author);
	if (have >= CARI_CMS_AUTHOR_BYTES) {
	    say_cut (c, "the author '%.*s' is past the %d bytes of authors; "
		     "dropped", quote_len (v, 40), v, CARI_CMS_AUTHOR_BYTES);
	    free (v);
	    return 0;
	}
	if (!(joined = malloc (have + 2 + len + 1))) {
	    free (v);
	    return -1;
	}
	memcpy (joined, c->author, have);
	memcpy (joined + have, ", ", 2);
	memcpy (joined + have + 2, v, len + 1);
	free (v);
	free (c->author);
	v = joined;
	len += have + 2;
    }
    cap (c, "author", v, len, CARI_CMS_AUTHOR_BYTES);
    c->author = v;
    return 0;
}

int
cari_cms_set_rubrik (cari_cms_t *c, const char *s, size_t n)
{
    char *v;
    size_t len;

    if (c->rubrik)
	return 0;
    if (clean (c, "rubrik", s, n, &v, &len) < 0)
	return -1;
    if (v)
	cap (c, "rubrik", v, len, CARI_CMS_RUBRIK_BYTES);
    c->rubrik = v;
    return 0;
}

int
cari_cms_add_tag (cari_cms_t *c, const char *s, size_t n)
{
    char *v;
    size_t len;

    if (clean (c, "tag", s, n, &v, &len) < 0)
	return -1;
    if (!v)
	return 0;
    cap (c, "tag", v, len, CARI_CMS_TAG_BYTES);
    for (size_t i = 0; i < c->n_tags; i++)
	if (!strcasecmp (c->tags[i], v)) {
	    free (v);           /* said twice: one tag */
	    return 0;
	}
    if (c->n_tags == CARI_CMS_MAX_TAGS) {
	if (!strstr (c->warning, "more than"))
	    say_cut (c, "more than %d tags; '%.*s' and those after it are "
		     "dropped", CARI_CMS_MAX_TAGS, quote_len (v, 40), v);
	free (v);
	return 0;
    }
    c->tags[c->n_tags++] = v;
    return 0;
}

int
cari_cms_add_tags (cari_cms_t *c, const char *s, size_t n)
{
    while (n) {
	const char *comma = memchr (s, ',', n);
	size_t k = comma ? (size_t) (comma - s) : n;
	if (cari_cms_add_tag (c, s, k) < 0)
	    return -1;
	if (!comma)
	    break;
	s += k + 1;
	n -= k + 1;
    }
    return 0;
}

int
cari_cms_set_image (cari_cms_t *c, const char *s, size_t n, int *taken)
{
    char *v;
    size_t len;

    if (taken)
	*taken = 0;
    if (c->image)
	return 0;
    if (clean (c, "image", s, n, &v, &len) < 0)
	return -1;
    if (!v)
	return 0;
    if (len > CARI_CMS_IMAGE_BYTES) {
	say_cut (c, "the image URL is %zu bytes (the limit is %d); dropped",
		 len, CARI_CMS_IMAGE_BYTES);
	free (v);
	return 0;
    }
    size_t scheme = !strncasecmp (v, "https://", 8) ? 8
		    : !strncasecmp (v, "http://", 7) ? 7 : 0;
    if (!scheme || len == scheme || strchr (v, ' ')) {
	say_cut (c, "the image '%.*s' is not an http:// or https:// URL; "
		 "dropped", quote_len (v, 60), v);
	free (v);
	return 0;
    }
    c->image = v;
    if (taken)
	*taken = 1;
    return 0;
}

/* The first of keys obj has (not null), or NULL; its key into *key. */
static json_t *
first_of (const json_t *obj, const char *const *keys, const char **key)
{
    for (; *keys; keys++) {
	json_t *v = json_object_get (obj, *keys);
	if (v && !json_is_null (v)) {
	    *key = *keys;
	    return v;
	}
    }
    return NULL;
}

/* A name: a string, or an object's "name" string; NULL otherwise. */
static const char *
name_of (const json_t *v, size_t *n)
{
    if (json_is_object (v))
	v = json_object_get (v, "name");
    if (!json_is_string (v))
	return NULL;
    *n = json_string_length (v);
    return json_string_value (v);
}

static int
json_authors (cari_cms_t *c, const json_t *v, const char *key, int quiet)
{
    const char *s;
    size_t n, i;
    json_t *e;

    if ((s = name_of (v, &n)))
	return cari_cms_add_author (c, s, n);
    if (json_is_array (v)) {
	json_array_foreach (v, i, e) {
	    if ((s = name_of (e, &n)) && cari_cms_add_author (c, s, n) < 0)
		return -1;
	}
	return 0;
    }
    if (!quiet)
	say_cut (c, "field \"%s\" must be a string, an array of strings or an "
		 "object with \"name\"; ignored", key);
    return 0;
}

static int
json_rubrik (cari_cms_t *c, const json_t *v, const char *key, int quiet)
{
    if (json_is_array (v))
	v = json_array_get (v, 0);
    if (json_is_string (v))
	return cari_cms_set_rubrik (c, json_string_value (v),
				    json_string_length (v));
    if (!quiet)
	say_cut (c, "field \"%s\" must be a string; ignored", key);
    return 0;
}

static int
json_tags (cari_cms_t *c, const json_t *v, const char *key, int quiet)
{
    const char *s;
    size_t n, i;
    json_t *e;

    if (json_is_string (v))
	return cari_cms_add_tags (c, json_string_value (v),
				  json_string_length (v));
    if (json_is_array (v)) {
	json_array_foreach (v, i, e) {
	    if ((s = name_of (e, &n)) && cari_cms_add_tag (c, s, n) < 0)
		return -1;
	}
	return 0;
    }
    if (!quiet)
	say_cut (c, "field \"%s\" must be an array of strings or a "
		 "comma-separated string; ignored", key);
    return 0;
}

/* An image: a string, an object with "url" (or "contentUrl"), or the
 * first of an array that is taken. */
static int
json_image (cari_cms_t *c, const json_t *v, const char *key, int quiet)
{
    int taken = 0;
    size_t i;
    json_t *e;

    if (json_is_object (v)) {
	json_t *url = json_object_get (v, "url");
	v = json_is_string (url) ? url : json_object_get (v, "contentUrl");
    }
    if (json_is_string (v))
	return cari_cms_set_image (c, json_string_value (v),
				   json_string_length (v), NULL);
    if (json_is_array (v)) {
	json_array_foreach (v, i, e) {
	    if (taken || json_is_array (e))
		break;
	    if (json_image (c, e, key, 1) < 0)
		return -1;
	    taken = c->image != NULL;
	}
	return 0;
    }
    if (!quiet)
	say_cut (c, "field \"%s\" must be a URL string or an object with "
		 "\"url\"; ignored", key);
    return 0;
}

int
cari_cms_from_json (cari_cms_t *c, const json_t *obj, int jsonld)
{
    static const char *const authors[] = { "author", NULL };
    static const char *const rubriks[2][5] = {
	{ "rubrik", "section", "category", "kanal", NULL },
	{ "articleSection", NULL } };
    static const char *const tags[2][3] = {
	{ "tags", "keywords", NULL }, { "keywords", NULL } };
    static const char *const images[2][4] = {
	{ "image", "image_url", "thumbnail", NULL },
	{ "image", "thumbnailUrl", NULL } };
    const char *key = NULL;
    json_t *v;
    int ld = jsonld != 0;

    if (!json_is_object (obj))
	return 0;
    if (!c->author && (v = first_of (obj, authors, &key)) &&
	json_authors (c, v, key, ld) < 0)
	return -1;
    if (!c->rubrik && (v = first_of (obj, rubriks[ld], &key)) &&
	json_rubrik (c, v, key, ld) < 0)
	return -1;
    if (!c->n_tags && (v = first_of (obj, tags[ld], &key)) &&
	json_tags (c, v, key, ld) < 0)
	return -1;
    if (!c->image && (v = first_of (obj, images[ld], &key)) &&
	json_image (c, v, key, ld) < 0)
	return -1;
    return 0;
}

/* Whether a JSON-LD @type (a string or an array of them) is an article's. */
static int
article_type (const json_t *t)
{
    static const char *const types[] = { "NewsArticle", "Article",
					 "ReportageNewsArticle", NULL };
    size_t i;
    json_t *e;

    if (json_is_array (t)) {
	json_array_foreach (t, i, e)
	    if (article_type (e))
		return 1;
	return 0;
    }
    if (!json_is_string (t))
	return 0;
    const char *s = json_string_value (t), *slash = strrchr (s, '/');
    if (slash)
	s = slash + 1;          /* http://schema.org/NewsArticle */
    for (int k = 0; types[k]; k++)
	if (!strcmp (s, types[k]))
	    return 1;
    return 0;
}

/* The first article of a JSON-LD document: the object itself, or one in an
 * array or an @graph (depth: how far to look). */
static const json_t *
find_article (const json_t *v, int depth)
{
    size_t i;
    json_t *e;
    const json_t *found;

    if (depth < 0)
	return NULL;
    if (json_is_object (v)) {
	if (article_type (json_object_get (v, "@type")))
	    return v;
	v = json_object_get (v, "@graph");
    }
    if (!json_is_array (v))
	return NULL;
    json_array_foreach (v, i, e)
	if ((found = find_article (e, depth - 1)))
	    return found;
    return NULL;
}

int
cari_cms_from_jsonld (cari_cms_t *c, const char *text, size_t n)
{
    json_t *root = json_loadb (text, n, 0, NULL);
    int ret = 0;

    if (root)
	ret = cari_cms_from_json (c, find_article (root, 3), 1);
    json_decref (root);
    return ret;
}

int
cari_cms_header (cari_cms_t *c, const char *key, size_t klen,
		 const char *value, size_t vlen)
{
#define KEY_IS(k) (klen == strlen (k) && !strncasecmp (key, k, klen))
    if (KEY_IS ("author") || KEY_IS ("penulis"))
	return cari_cms_add_author (c, value, vlen) < 0 ? -1 : 1;
    if (KEY_IS ("rubrik"))
	return cari_cms_set_rubrik (c, value, vlen) < 0 ? -1 : 1;
    if (KEY_IS ("tags"))
	return cari_cms_add_tags (c, value, vlen) < 0 ? -1 : 1;
    if (KEY_IS ("image"))
	return cari_cms_set_image (c, value, vlen, NULL) < 0 ? -1 : 1;
#undef KEY_IS
    return 0;
}

int
cari_cms_page_meta (cari_cms_page_t *pg, const char *key,
		    const char *content)
{
    static const char *const names[] = { "author", "article:author",
					 "article:section", "news_keywords",
					 "keywords" };
    char **slot = NULL;

    if (!content || !*content)
	return 0;
    if (!strcasecmp (key, "article:tag"))
	return cari_cms_add_tag (&pg->tags, content, strlen (content)) < 0
	       ? -1 : 1;
    if (!strcasecmp (key, "og:image"))
	slot = &pg->og_image;
    for (size_t i = 0; !slot && i < sizeof names / sizeof *names; i++)
	if (!strcasecmp (key, names[i]))
	    slot = &pg->meta[i];
    if (!slot)
	return 0;
    if (!*slot && !(*slot = strdup (content)))
	return -1;
    return 1;
}

int
cari_cms_page_script (cari_cms_page_t *pg, const char *text)
{
    json_t *root = json_loads (text, 0, NULL);

    if (!root)
	return 0;               /* not JSON: a page's mistake, not ours */
    if (!pg->ld && !(pg->ld = json_array ())) {
	json_decref (root);
	return -1;
    }
    return json_array_append_new (pg->ld, root) ? -1 : 0;
}

static int
is_url (const char *s)
{
    return !strncasecmp (s, "http://", 7) || !strncasecmp (s, "https://", 8);
}

int
cari_cms_page_finish (cari_cms_page_t *pg, cari_cms_t *out)
{
    const char *author = pg->meta[0] ? pg->meta[0]
			 : pg->meta[1] && !is_url (pg->meta[1]) ? pg->meta[1]
			 : NULL;
    const char *keywords = pg->meta[3] ? pg->meta[3] : pg->meta[4];
    int ret = -1;
    size_t i;
    json_t *e;

    memset (out, 0, sizeof *out);
    if (author && cari_cms_add_author (out, author, strlen (author)) < 0)
	goto done;
    if (pg->meta[2] &&
	cari_cms_set_rubrik (out, pg->meta[2], strlen (pg->meta[2])) < 0)
	goto done;
    if (pg->tags.n_tags) {
	memcpy (out->tags, pg->tags.tags, sizeof out->tags);
	out->n_tags = pg->tags.n_tags;
	pg->tags.n_tags = 0;
    } else if (keywords &&
	       cari_cms_add_tags (out, keywords, strlen (keywords)) < 0) {
	goto done;
    }
    if (*pg->tags.warning)
	say_cut (out, "%s", pg->tags.warning);
    if (pg->og_image &&
	cari_cms_set_image (out, pg->og_image, strlen (pg->og_image),
			    NULL) < 0)
	goto done;
    json_array_foreach (pg->ld, i, e)
	if (cari_cms_from_json (out, find_article (e, 3), 1) < 0)
	    goto done;
    ret = 0;
done:
    for (i = 0; i < sizeof pg->meta / sizeof *pg->meta; i++)
	free (pg->meta[i]);
    free (pg->og_image);
    cari_cms_clear (&pg->tags);
    json_decref (pg->ld);
    memset (pg, 0, sizeof *pg);
    if (ret < 0)
	cari_cms_clear (out);
    return ret;
}

static int
dup_or_null (char **dst, const char *src)
{
    *dst = NULL;
    return src && !(*dst = strdup (src)) ? -1 : 0;
}

int
cari_cms_copy (cari_cms_t *dst, const cari_cms_t *src)
{
    memset (dst, 0, sizeof *dst);
    memcpy (dst->warning, src->warning, sizeof dst->warning);
    if (dup_or_null (&dst->author, src->author) < 0 ||
	dup_or_null (&dst->rubrik, src->rubrik) < 0 ||
	dup_or_null (&dst->image, src->image) < 0)
	goto oom;
    for (size_t i = 0; i < src->n_tags; i++) {
	if (dup_or_null (&dst->tags[i], src->tags[i]) < 0)
	    goto oom;
	dst->n_tags = i + 1;
    }
    return 0;
oom:
    cari_cms_clear (dst);
    return -1;
}
