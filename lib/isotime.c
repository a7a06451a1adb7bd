/* isotime.c - a time as ISO 8601 local time with its offset
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include <string.h>
#include <time.h>

size_t
cari_iso_time (time_t t, char *buf, size_t size)
{
    struct tm tm;
    char zone[8];
    size_t n;

    if (!size)
	return 0;
    localtime_r (&t, &tm);
    n = strftime (buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
    /* %z is +0700; ISO 8601's extended form wants +07:00. */
    if (n && strftime (zone, sizeof zone, "%z", &tm) == 5 && n + 7 <= size) {
	memcpy (buf + n, zone, 3);
	buf[n + 3] = ':';
	memcpy (buf + n + 4, zone + 3, 2);
	n += 6;
    }
    buf[n] = '\0';
    return n;
}
