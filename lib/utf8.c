/* utf8.c - the one UTF-8 checker (see include/cari.h)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

size_t
cari_utf8_char (const unsigned char *s, size_t n)
{
    size_t need;
    unsigned c = s[0];
    if (c < 0x80)
	return 1;
    if (c >= 0xc2 && c <= 0xdf)
	need = 2;
    else if (c >= 0xe0 && c <= 0xef)
	need = 3;
    else if (c >= 0xf0 && c <= 0xf4)
	need = 4;
    else
	return 0;
    if (n < need)
	return 0;
    for (size_t i = 1; i < need; i++)
	if ((s[i] & 0xc0) != 0x80)
	    return 0;
    /* Overlong forms, surrogates, beyond U+10FFFF. */
    if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) ||
	(c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
	return 0;
    return need;
}

int
cari_utf8_valid (const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *) s;
    size_t i = 0, k;

    while (i < n) {
	if (!(k = cari_utf8_char (p + i, n - i)))
	    return 0;
	i += k;
    }
    return 1;
}

size_t
cari_utf8_cut (const char *s, size_t n, size_t max)
{
    if (n <= max)
	return n;
    while (max && ((unsigned char) s[max] & 0xc0) == 0x80)
	max--;
    return max;
}
