/* date.c - the one date parser (see include/cari.h)
 *
 * Two readings of the same YYYY-MM-DD shape, so that what an article says
 * and what a search asks for are read by one piece of code:
 *   - an article's date (cari_parse_date): a whole calendar day, optionally
 *     followed by a time ("2025-10-21T08:30:00+07:00");
 *   - a filter (cari_date_range): YYYY-MM-DD, YYYY-MM or YYYY, standing for
 *     the days it covers (day 31 stands for the end of any month).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether the first len bytes of s (len at most 10) have the shape of
 * YYYY-MM-DD; a NUL byte stops the check, so s may be shorter than len. */
static int
date_shape (const char *s, size_t len)
{
    static const char shape[] = "dddd-dd-dd";

    for (size_t i = 0; i < len; i++)
	if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
	    return 0;
    return 1;
}

static int
days_in_month (int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
	return 29;
    return days[m - 1];
}

int
cari_parse_date (const char *s, char out[9])
{
    int y, m, d;
    out[0] = '\0';
    if (!date_shape (s, 10))
	return -1;
    if (s[10] != '\0' && s[10] != 'T' && s[10] != ' ')
	return -1;
    y = atoi (s);
    m = atoi (s + 5);
    d = atoi (s + 8);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month (y, m))
	return -1;
    memcpy (out, s, 4);
    memcpy (out + 4, s + 5, 2);
    memcpy (out + 6, s + 8, 2);
    out[8] = '\0';
    return 0;
}

int
cari_date_range (const char *d, size_t len, char lo[9], char hi[9])
{
    int y, m = 0, day = 0;

    if (len != 4 && len != 7 && len != 10)
	return -1;
    if (!date_shape (d, len))
	return -1;
    y = atoi (d);
    if (len >= 7 && ((m = atoi (d + 5)) < 1 || m > 12))
	return -1;
    if (len == 10 && ((day = atoi (d + 8)) < 1 || day > 31))
	return -1;
    if (lo)
	snprintf (lo, 9, "%04d%02d%02d", y, m ? m : 1, day ? day : 1);
    if (hi)
	snprintf (hi, 9, "%04d%02d%02d", y, m ? m : 12, day ? day : 31);
    return 0;
}
