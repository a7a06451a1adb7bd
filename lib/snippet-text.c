/* snippet-text.c - the text helpers of snippets: characters counted, ASCII
 * lower-cased, a snippet rendered with its marks wrapped, or as HTML
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/snippet.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Characters (not bytes) in text[a, b): the bytes but the UTF-8
 * continuation bytes (10xxxxxx), counted eight at a time. */
size_t
_cari_chars (const char *text, size_t a, size_t b)
{
    const uint64_t high = 0x8080808080808080u;
    size_t n = b > a ? b - a : 0, i = a;
    for (; i + 8 <= b; i += 8) {
	uint64_t x;
	memcpy (&x, text + i, 8);
	x &= ~(x << 1) & high;      /* bit 7 of each byte 10xxxxxx */
	if (x)
	    n -= (size_t) __builtin_popcountll (x);
    }
    for (; i < b; i++)
	n -= ((unsigned char) text[i] & 0xc0) == 0x80;
    return n;
}

/* text[0, len) into out with ASCII letters in lower case, eight bytes at
 * a time: 0x20 is added to each byte from 'A' to 'Z'. */
void
_cari_lower_ascii (char *out, const char *text, size_t len)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
	uint64_t x, low7;
	memcpy (&x, text + i, 8);
	low7 = x & ~high;
	/* Bit 7 set where the low seven bits are >= 'A' and <= 'Z' and
	 * the byte is ASCII; the sums stay below 0x100 a byte. */
	uint64_t ge_a = low7 + (0x80 - 'A') * ones;
	uint64_t gt_z = low7 + (0x80 - 'Z' - 1) * ones;
	uint64_t upper = ge_a & ~gt_z & ~x & high;
	x |= upper >> 2;
	memcpy (out + i, &x, 8);
    }
    for (; i < len; i++)
	out[i] = (text[i] >= 'A' && text[i] <= 'Z') ? (char) (text[i] + 32)
						    : text[i];
}

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
