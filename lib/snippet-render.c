/* snippet-render.c - a snippet as text with its marks wrapped, or as HTML
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/snippet.h"

#include <stdlib.h>
#include <string.h>

/* What s[a, b) takes escaped for HTML if asked; written to out (when not
 * NULL), and the number of bytes. */
static size_t
put (char *out, const char *s, size_t a, size_t b, int html)
{
    size_t o = 0;
    for (size_t i = a; i < b; i++) {
	const char *e;
	switch (html ? s[i] : '\0') {
	case '&':
	    e = "&amp;";
	    break;
	case '<':
	    e = "&lt;";
	    break;
	case '>':
	    e = "&gt;";
	    break;
	case '"':
	    e = "&quot;";
	    break;
	case '\'':
	    e = "&#39;";
	    break;
	default:
	    if (out)
		out[o] = s[i];
	    o++;
	    continue;
	}
	size_t n = strlen (e);
	if (out)
	    memcpy (out + o, e, n);
	o += n;
    }
    return o;
}

/* The rendering of s into out (when not NULL); its length. */
static size_t
render (char *out, const cari_snippet_t *s, const char *open, size_t open_len,
	const char *close, size_t close_len, int html)
{
    size_t o = 0, at = 0;
    for (size_t i = 0; i < s->n_marks; i++) {
	o += put (out ? out + o : NULL, s->text, at, s->marks[i].start, html);
	if (out)
	    memcpy (out + o, open, open_len);
	o += open_len;
	o += put (out ? out + o : NULL, s->text, s->marks[i].start,
		  s->marks[i].end, html);
	if (out)
	    memcpy (out + o, close, close_len);
	o += close_len;
	at = s->marks[i].end;
    }
    return o + put (out ? out + o : NULL, s->text, at, s->len, html);
}

char *
cari_snippet_render (const cari_snippet_t *s, const char *open,
		     const char *close, int html)
{
    /* Measured first, then written: no stream, one allocation. */
    size_t open_len = strlen (open), close_len = strlen (close);
    size_t n = render (NULL, s, open, open_len, close, close_len, html);
    char *buf = malloc (n + 1);

    if (!buf)
	return NULL;
    render (buf, s, open, open_len, close, close_len, html);
    buf[n] = '\0';
    return buf;
}
