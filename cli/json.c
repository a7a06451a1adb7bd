/* json.c - compact JSON text of a jansson value, in one buffer
 *
 * jansson's json_dumps() took an eighth of a search's instructions writing
 * the hits (callgrind, 200 queries): it hands every string to its output
 * callback one escaped piece at a time.  Here a string is copied in runs
 * between the few bytes JSON escapes.  The text is json_dumps()'s with
 * JSON_COMPACT (tests/unit/t-searcher compares the two).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
    char *p;
    size_t len, cap;
    int failed;
};

static void
put (struct out *o, const char *s, size_t n)
{
    if (o->failed)
	return;
    if (o->len + n + 1 > o->cap) {
	size_t cap = o->cap ? o->cap : 4096;
	while (o->len + n + 1 > cap)
	    cap *= 2;
	char *p = realloc (o->p, cap);
	if (!p) {
	    o->failed = 1;
	    return;
	}
	o->p = p;
	o->cap = cap;
    }
    memcpy (o->p + o->len, s, n);
    o->len += n;
}

static void
put_string (struct out *o, const char *s, size_t n)
{
    size_t run = 0;

    put (o, "\"", 1);
    for (size_t i = 0; i < n; i++) {
	unsigned char c = (unsigned char) s[i];
	if (c >= 0x20 && c != '"' && c != '\\')
	    continue;
	put (o, s + run, i - run);
	run = i + 1;
	char esc[8];
	const char *e = NULL;
	switch (c) {
	case '"': e = "\\\""; break;
	case '\\': e = "\\\\"; break;
	case '\b': e = "\\b"; break;
	case '\f': e = "\\f"; break;
	case '\n': e = "\\n"; break;
	case '\r': e = "\\r"; break;
	case '\t': e = "\\t"; break;
	default:
	    snprintf (esc, sizeof esc, "\\u%04X", c);
	    e = esc;
	}
	put (o, e, strlen (e));
    }
    put (o, s + run, n - run);
    put (o, "\"", 1);
}

/* A real as jansson writes it: 17 significant digits, and always a point
 * or an exponent so that it reads back as a real. */
static void
put_real (struct out *o, double v)
{
    char buf[64];
    int n = snprintf (buf, sizeof buf, "%.17g", v);

    if (!isfinite (v) || n < 0 || (size_t) n >= sizeof buf - 3) {
	o->failed = 1;              /* NaN and infinities are not JSON */
	return;
    }
    if (!strpbrk (buf, ".e")) {
	memcpy (buf + n, ".0", 3);
	n += 2;
    }
    /* 1e+20 -> 1e20, 1e-05 -> 1e-5, as jansson does */
    char *e = strchr (buf, 'e');
    if (e) {
	char *d = e + 1, *from = e + 1;
	if (*from == '+')
	    from++;
	else if (*from == '-')
	    d++, from++;
	while (*from == '0' && from[1])
	    from++;
	memmove (d, from, strlen (from) + 1);
	n = (int) strlen (buf);
    }
    put (o, buf, (size_t) n);
}

static void
put_value (struct out *o, const json_t *j)
{
    char buf[32];
    size_t i;
    const char *key;
    json_t *v;

    switch (json_typeof (j)) {
    case JSON_OBJECT: {
	int first = 1;
	put (o, "{", 1);
	json_object_foreach ((json_t *) j, key, v) {
	    if (!first)
		put (o, ",", 1);
	    first = 0;
	    put_string (o, key, strlen (key));
	    put (o, ":", 1);
	    put_value (o, v);
	}
	put (o, "}", 1);
	break;
    }
    case JSON_ARRAY:
	put (o, "[", 1);
	json_array_foreach (j, i, v) {
	    if (i)
		put (o, ",", 1);
	    put_value (o, v);
	}
	put (o, "]", 1);
	break;
    case JSON_STRING:
	put_string (o, json_string_value (j), json_string_length (j));
	break;
    case JSON_INTEGER:
	put (o, buf, (size_t) snprintf (buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
				       json_integer_value (j)));
	break;
    case JSON_REAL:
	put_real (o, json_real_value (j));
	break;
    case JSON_TRUE:
	put (o, "true", 4);
	break;
    case JSON_FALSE:
	put (o, "false", 5);
	break;
    case JSON_NULL:
	put (o, "null", 4);
	break;
    }
}

char *
cari_json_text (const json_t *j, size_t *len)
{
    struct out o = { NULL, 0, 0, 0 };

    if (!j)
	return NULL;
    put_value (&o, j);
    if (o.failed || !o.p) {
	free (o.p);
	return NULL;
    }
    o.p[o.len] = '\0';
    if (len)
	*len = o.len;
    return o.p;
}

const char *
cari_json_str (const json_t *o, const char *key)
{
    const char *s = json_string_value (json_object_get (o, key));
    return s ? s : "";
}
