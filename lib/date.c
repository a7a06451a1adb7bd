/* date.c - the one date parser (see include/cari.h)
 *
 * Two readings of the same YYYY-MM-DD shape, so that what an article says
 * and what a search asks for are read by one piece of code:
 *   - an article's date (cari_parse_date): a whole calendar day, optionally
 *     followed by a time ("2025-10-21T08:30:00+07:00"), within the range
 *     of cari_date_limits (a date of 9999 would sort first for ever);
 *   - a filter (cari_date_range): YYYY-MM-DD, YYYY-MM or YYYY, standing for
 *     the days it covers; a day must be a real one, as in an article.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* Whether s is a real day written YYYY-MM-DD (s at least 10 bytes or
 * NUL-terminated before). */
static int
real_day (const char *s)
{
    if (!date_shape (s, 10))
	return 0;
    int y = atoi (s), m = atoi (s + 5), d = atoi (s + 8);
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month (y, m);
}

/* Whether the n digits at s make a number of at most max. */
static int
digits_max (const char *s, int n, int max)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
	if (!(s[i] >= '0' && s[i] <= '9'))
	    return 0;
	v = v * 10 + (s[i] - '0');
    }
    return v <= max;
}

/* Whether t is a time of day after a date: HH:MM, then optionally :SS
 * (60 for a leap second) and a fraction, then optionally Z or a zone
 * offset +HH:MM, +HHMM or +HH. */
static int
time_ok (const char *t)
{
    if (!digits_max (t, 2, 23) || t[2] != ':' || !digits_max (t + 3, 2, 59))
	return 0;
    t += 5;
    if (*t == ':') {
	if (!digits_max (t + 1, 2, 60))
	    return 0;
	t += 3;
	if (*t == '.' || *t == ',') {
	    if (!(t[1] >= '0' && t[1] <= '9'))
		return 0;
	    for (t++; *t >= '0' && *t <= '9'; t++)
		;
	}
    }
    if (*t == 'Z')
	return t[1] == '\0';
    if (*t == '+' || *t == '-') {
	if (!digits_max (t + 1, 2, 14))
	    return 0;
	t += 3;
	if (*t == ':')
	    t++;
	if (*t && !digits_max (t, 2, 59))
	    return 0;
	t += *t ? 2 : 0;
    }
    return *t == '\0';
}

void
cari_date_limits (char lo[9], char hi[9])
{
    const char *env = getenv ("CARI_DATE_RANGE");
    const char *dots = env ? strstr (env, "..") : NULL;
    time_t now = time (NULL) + 24 * 3600;
    struct tm tm;

    memcpy (lo, CARI_DATE_FIRST, 9);
    if (gmtime_r (&now, &tm))
	strftime (hi, 9, "%Y%m%d", &tm);
    else
	memcpy (hi, "99991231", 9);
    /* FROM..TO, each a real day or empty for the default. */
    if (dots && (dots == env || (dots - env == 10 && real_day (env))))
	if (dots[2] == '\0' || (strlen (dots + 2) == 10 &&
				real_day (dots + 2))) {
	    if (dots != env)
		snprintf (lo, 9, "%.4s%.2s%.2s", env, env + 5, env + 8);
	    if (dots[2])
		snprintf (hi, 9, "%.4s%.2s%.2s", dots + 2, dots + 7,
			  dots + 10);
	}
}

int
cari_parse_date (const char *s, char out[9])
{
    char lo[9], hi[9];

    out[0] = '\0';
    if (!real_day (s))
	return -1;
    if (s[10] != '\0' && !((s[10] == 'T' || s[10] == ' ') &&
			    time_ok (s + 11)))
	return -1;
    memcpy (out, s, 4);
    memcpy (out + 4, s + 5, 2);
    memcpy (out + 6, s + 8, 2);
    out[8] = '\0';
    cari_date_limits (lo, hi);
    if (strcmp (out, lo) < 0 || strcmp (out, hi) > 0) {
	out[0] = '\0';
	return -2;
    }
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
    if (len == 10 && !real_day (d))
	return -1;
    if (len == 10)
	day = atoi (d + 8);
    if (lo)
	snprintf (lo, 9, "%04d%02d%02d", y, m ? m : 1, day ? day : 1);
    if (hi)
	snprintf (hi, 9, "%04d%02d%02d", y, m ? m : 12, day ? day : 31);
    return 0;
}
