/* files.c - read one news article from a text file or an HTML page
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "files.h"

#include "include/cari.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A growing string. */
struct buf {
    char *s;
    size_t len, size;
    int failed;
};

static void
buf_add (struct buf *b, const char *s, size_t n)
{
    if (b->failed)
	return;
    if (b->len + n + 1 > b->size) {
	size_t size = b->size ? b->size : 256;
	while (size < b->len + n + 1)
	    size *= 2;
	char *p = realloc (b->s, size);
	if (!p) {
	    b->failed = 1;
	    return;
	}
	b->s = p;
	b->size = size;
    }
    memcpy (b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* A copy of s with each invalid UTF-8 byte replaced by U+FFFD; *bad counts
 * them.  NULL when out of memory. */
static char *
utf8_repair (const char *s, size_t n, size_t *bad)
{
    struct buf b = { NULL, 0, 0, 0 };
    size_t i = 0;

    buf_add (&b, "", 0);
    while (i < n) {
	size_t run = i;
	size_t k;
	while (run < n && (k = cari_utf8_char ((const unsigned char *) s + run,
					       n - run)))
	    run += k;
	buf_add (&b, s + i, run - i);
	if (run < n) {
	    buf_add (&b, "\xef\xbf\xbd", 3);
	    ++*bad;
	    run++;
	}
	i = run;
    }
    if (b.failed) {
	free (b.s);
	return NULL;
    }
    return b.s;
}

static char *
dup_trim (const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
	s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
	n--;
    char *p = malloc (n + 1);
    if (p) {
	memcpy (p, s, n);
	p[n] = '\0';
    }
    return p;
}

static int
is_blank (const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
	if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
	    return 0;
    return 1;
}

void
cari_file_article_free (cari_file_article_t *fa)
{
    if (!fa)
	return;
    for (int i = 0; i < 6; i++)
	free (fa->mem[i]);
    cari_cms_clear (&fa->cms);
    memset (fa, 0, sizeof *fa);
}

/* Fill fa->a from fa->mem, with "" for what is missing. */
static int
finish (cari_file_article_t *fa, const char *id, const char **why)
{
    for (int i = 0; i < 6; i++)
	if (!fa->mem[i] && !(fa->mem[i] = strdup (i == 0 ? id : "")))
	    goto oom;
    /* No id (standard input has no file name): the url, as in JSON
     * Lines. */
    int from_url = !*fa->mem[0] && *fa->mem[1];
    if (from_url) {
	char *url = strdup (fa->mem[1]);
	if (!url)
	    goto oom;
	free (fa->mem[0]);
	fa->mem[0] = url;
    }
    if (!*fa->mem[0]) {
	*why = "the article has no id: read from standard input, it needs an "
	       "\"Id:\" or \"Url:\" line in its header (text) or a canonical "
	       "link or og:url (HTML)";
	cari_file_article_free (fa);
	return -1;
    }
    if (strlen (fa->mem[0]) > CARI_MAX_ID_BYTES) {
	*why = "the id is longer than 200 bytes; give a shorter \"Id:\" line "
	       "or file name";
	cari_file_article_free (fa);
	return -1;
    }
    fa->a.id_from_url = from_url;
    fa->a.id = fa->mem[0];
    fa->a.url = fa->mem[1];
    fa->a.title = fa->mem[2];
    fa->a.source = fa->mem[3];
    fa->a.date = fa->mem[4];
    fa->a.content = fa->mem[5];
    fa->a.content_len = strlen (fa->mem[5]);
    if (is_blank (fa->a.content, fa->a.content_len)) {
	*why = "the article has no body text";
	cari_file_article_free (fa);
	return -1;
    }
    if (*fa->a.date)
	fa->a.bad_date = -cari_parse_date (fa->a.date, fa->a.date8);
    if (!cari_cms_empty (&fa->cms) || *fa->cms.warning)
	fa->a.cms = &fa->cms;
    return 0;
oom:
    *why = "out of memory";
    cari_file_article_free (fa);
    return -1;
}

int
cari_text_article (const char *buf, size_t len, const char *id,
		   cari_file_article_t *out, const char **why)
{
    static const char *keys[] = { "id", "url", NULL, "source", "date" };
    char *text;
    size_t bad = 0;

    memset (out, 0, sizeof *out);
    /* A UTF-8 byte order mark is not part of the title. */
    if (len >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
	buf += 3, len -= 3;
    if (!(text = utf8_repair (buf, len, &bad))) {
	*why = "out of memory";
	return -1;
    }
    out->bad_utf8 = bad;
    len = strlen (text);

    /* Line 1: the title (skipping leading blank lines). */
    const char *p = text, *end = text + len;
    while (p < end && (*p == '\n' || *p == '\r'))
	p++;
    const char *nl = memchr (p, '\n', (size_t) (end - p));
    const char *eol = nl ? nl : end;
    out->mem[2] = dup_trim (p, (size_t) (eol - p));
    p = nl ? nl + 1 : end;

    /* Header lines, until one that is not "Key: value". */
    for (;;) {
	nl = memchr (p, '\n', (size_t) (end - p));
	eol = nl ? nl : end;
	const char *colon = memchr (p, ':', (size_t) (eol - p));
	int k = -1;
	for (int i = 0; colon && i < 5; i++)
	    if (keys[i] && (size_t) (colon - p) == strlen (keys[i]) &&
		strncasecmp (p, keys[i], strlen (keys[i])) == 0)
		k = i;
	int cms = k < 0 && colon
	    ? cari_cms_header (&out->cms, p, (size_t) (colon - p), colon + 1,
			       (size_t) (eol - colon - 1)) : 0;
	if (cms < 0) {
	    free (text);
	    cari_file_article_free (out);
	    *why = "out of memory";
	    return -1;
	}
	if (cms) {
	    p = nl ? nl + 1 : end;
	    continue;
	}
	if (k < 0)
	    break;
	free (out->mem[k]);
	out->mem[k] = dup_trim (colon + 1, (size_t) (eol - colon - 1));
	p = nl ? nl + 1 : end;
    }
    /* The body: the rest, or the title again for a one-line file. */
    out->mem[5] = is_blank (p, (size_t) (end - p)) && out->mem[2] &&
		  !out->mem[1] && !out->mem[3] && !out->mem[4] && !out->mem[0]
	? strdup (out->mem[2]) : dup_trim (p, (size_t) (end - p));
    free (text);
    return finish (out, id, why);
}

/* HTML */

static int
name_is (const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && n->name &&
	   strcasecmp ((const char *) n->name, name) == 0;
}

static char *
prop (const xmlNode *n, const char *name)
{
    return (char *) xmlGetProp (n, (const xmlChar *) name);
}

/* Elements whose text is not the article's. */
static int
skipped (const xmlNode *n)
{
    static const char *names[] = { "script", "style", "nav", "header",
				   "footer", "aside", "noscript", "form",
				   "template", "iframe", "svg", "button",
				   "select", "head", NULL };
    for (int i = 0; names[i]; i++)
	if (name_is (n, names[i]))
	    return 1;
    return 0;
}

static int
is_block (const xmlNode *n)
{
    static const char *names[] = { "p", "div", "br", "h1", "h2", "h3", "h4",
				   "h5", "h6", "li", "tr", "td", "th",
				   "section", "article", "blockquote", "pre",
				   "figcaption", "dd", "dt", "table", "ul",
				   "ol", NULL };
    for (int i = 0; names[i]; i++)
	if (name_is (n, names[i]))
	    return 1;
    return 0;
}

/* Append the text under top, with whitespace runs collapsed to one space
 * and a paragraph break around block elements.  A walk in document order
 * without recursion: pages of unclosed tags nest deeper than a C stack
 * holds. */
static void
collect_text (const xmlNode *top, struct buf *b, int *space)
{
    const xmlNode *n = top->children;

    while (n) {
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
	    const char *s = (const char *) n->content;
	    for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f') {
		    if (b->len && !*space)
			*space = 1;
		} else {
		    if (*space == 1)
			buf_add (b, " ", 1);
		    else if (*space == 2)
			buf_add (b, "\n\n", 2);
		    *space = 0;
		    buf_add (b, s, 1);
		}
	    }
	} else if (n->type == XML_ELEMENT_NODE && !skipped (n)) {
	    if (is_block (n) && b->len)
		*space = 2;
	    if (n->children) {
		n = n->children;
		continue;
	    }
	}
	/* Done with n: leave it, and each element it is the last of. */
	for (;;) {
	    if (n->type == XML_ELEMENT_NODE && !skipped (n) && is_block (n) &&
		b->len)
		*space = 2;
	    if (n->next) {
		n = n->next;
		break;
	    }
	    if (!(n = n->parent) || n == top)
		return;
	}
    }
}

struct page {
    const xmlNode *title, *h1, *article, *body;
    char *og_title, *date, *site, *url;
    cari_cms_page_t cms;        /* the CMS fields' meta tags and JSON-LD */
    int failed;                 /* out of memory gathering them */
};

static void
set_once (char **slot, char *value)
{
    if (!*slot && value && *value)
	*slot = value;
    else
	xmlFree (value);
}

/* The elements from n on, in document order (without recursion, as
 * collect_text). */
static void
scan (const xmlNode *n, struct page *pg)
{
    const xmlNode *top = n ? n->parent : NULL;

    while (n) {
	if (n->type != XML_ELEMENT_NODE) {
	    /* nothing to look at */
	} else if (name_is (n, "meta")) {
	    char *key = prop (n, "property");
	    if (!key)
		key = prop (n, "name");
	    if (key) {
		if (strcasecmp (key, "og:title") == 0)
		    set_once (&pg->og_title, prop (n, "content"));
		else if (strcasecmp (key, "article:published_time") == 0)
		    set_once (&pg->date, prop (n, "content"));
		else if (strcasecmp (key, "og:site_name") == 0)
		    set_once (&pg->site, prop (n, "content"));
		else if (strcasecmp (key, "og:url") == 0)
		    set_once (&pg->url, prop (n, "content"));
		else {
		    char *content = prop (n, "content");
		    pg->failed |= cari_cms_page_meta (&pg->cms, key,
						      content) < 0;
		    xmlFree (content);
		}
		xmlFree (key);
	    }
	} else if (name_is (n, "link")) {
	    char *rel = prop (n, "rel");
	    if (rel && strcasecmp (rel, "canonical") == 0)
		set_once (&pg->url, prop (n, "href"));
	    xmlFree (rel);
	} else if (name_is (n, "title") && !pg->title) {
	    pg->title = n;
	} else if (name_is (n, "h1") && !pg->h1) {
	    pg->h1 = n;
	} else if (name_is (n, "article") && !pg->article) {
	    pg->article = n;
	} else if (name_is (n, "body") && !pg->body) {
	    pg->body = n;
	} else if (name_is (n, "script")) {
	    char *type = prop (n, "type");
	    if (type && !strcasecmp (type, "application/ld+json")) {
		char *text = (char *) xmlNodeGetContent (n);
		pg->failed |= text &&
			      cari_cms_page_script (&pg->cms, text) < 0;
		xmlFree (text);
	    }
	    xmlFree (type);
	}
	if (n->type == XML_ELEMENT_NODE && n->children) {
	    n = n->children;
	    continue;
	}
	while (!n->next) {
	    if (!(n = n->parent) || n == top)
		return;
	}
	n = n->next;
    }
}

static char *
text_of (const xmlNode *n)
{
    struct buf b = { NULL, 0, 0, 0 };
    int space = 0;
    buf_add (&b, "", 0);
    if (n)
	collect_text (n, &b, &space);
    if (b.failed) {
	free (b.s);
	return NULL;
    }
    return b.s;
}

static char *
xml_strdup (char *s)
{
    char *p = s ? strdup (s) : NULL;
    xmlFree (s);
    return p;
}

int
cari_html_article (const char *buf, size_t len, const char *id,
		   cari_file_article_t *out, const char **why)
{
    struct page pg;

    memset (out, 0, sizeof *out);
    memset (&pg, 0, sizeof pg);
    if (len > (size_t) 0x7fffffff) {
	*why = "the page is too big";
	return -1;
    }
    if (is_blank (buf, len)) {
	*why = "the file is empty";
	return -1;
    }
    htmlDocPtr doc = htmlReadMemory (buf, (int) len, NULL, NULL,
				     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
				     HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
				     XML_PARSE_HUGE);
    if (!doc) {
	*why = "libxml2 cannot parse it as HTML";
	return -1;
    }
    scan (xmlDocGetRootElement (doc), &pg);
    out->mem[1] = xml_strdup (pg.url);
    out->mem[3] = xml_strdup (pg.site);
    out->mem[4] = xml_strdup (pg.date);
    if (pg.og_title)
	out->mem[2] = xml_strdup (pg.og_title);
    else
	out->mem[2] = text_of (pg.title ? pg.title : pg.h1);
    out->mem[5] = text_of (pg.article ? pg.article : pg.body);
    xmlFreeDoc (doc);
    if (cari_cms_page_finish (&pg.cms, &out->cms) < 0 || pg.failed) {
	cari_file_article_free (out);
	*why = "out of memory";
	return -1;
    }
    /* libxml2 hands out UTF-8, but repair what a mislabelled page gives. */
    for (int i = 1; i < 6; i++) {
	if (out->mem[i]) {
	    char *fixed = utf8_repair (out->mem[i], strlen (out->mem[i]),
				       &out->bad_utf8);
	    free (out->mem[i]);
	    out->mem[i] = fixed;
	}
    }
    return finish (out, id, why);
}
