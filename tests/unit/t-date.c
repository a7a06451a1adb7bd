/* t-date.c - the one date parser (lib/date.c), as cari-index, cari-query
 * and cari-serve all use it
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/tap.h"

/* Dates of articles: real days and times, in the range. */
static void
test_article_dates (void)
{
    static const struct {
	const char *date;
	int want;
    } cases[] = {
	{ "2025-10-21", 0 },
	{ "2025-10-21T08:30:00+07:00", 0 },
	{ "2025-10-21T08:30:00.123Z", 0 },
	{ "2025-10-21 08:30", 0 },
	{ "2025-10-21T23:59:60+0700", 0 },
	{ "2024-02-29", 0 },
	{ "1900-01-01", 0 },
	{ "2025-02-29", -1 },
	{ "2025-02-31", -1 },
	{ "2025-13-01", -1 },
	{ "2025-1-1", -1 },
	{ "21/10/2025", -1 },
	{ "2025-10-21T25:99:99", -1 },
	{ "2025-10-21T24:00", -1 },
	{ "2025-10-21T08:60", -1 },
	{ "2025-10-21T08:30:00+25:00", -1 },
	{ "2025-10-21T08", -1 },
	{ "2025-10-21Tpagi", -1 },
	{ "2025-10-21x", -1 },
	{ "0001-01-01", -2 },
	{ "1899-12-31", -2 },
	{ "9999-12-31", -2 },
	{ NULL, 0 }
    };
    char d8[9];

    for (int i = 0; cases[i].date; i++) {
	int got = cari_parse_date (cases[i].date, d8);
	ok (got == cases[i].want && (got == 0) == (d8[0] != '\0'),
	    "article date '%s': %d (want %d)", cases[i].date, got,
	    cases[i].want);
    }

    /* Today is in the range, a week from now is not. */
    char today[11], later[11], lo[9], hi[9];
    time_t now = time (NULL);
    struct tm tm;
    strftime (today, sizeof today, "%Y-%m-%d", gmtime_r (&now, &tm));
    now += 7 * 24 * 3600;
    strftime (later, sizeof later, "%Y-%m-%d", gmtime_r (&now, &tm));
    ok (cari_parse_date (today, d8) == 0, "today (%s) is a date", today);
    ok (cari_parse_date (later, d8) == -2, "a week from now (%s) is out of "
	"range", later);

    /* CARI_DATE_RANGE moves the range; a bad one is ignored. */
    setenv ("CARI_DATE_RANGE", "1800-01-01..", 1);
    ok (cari_parse_date ("1850-06-01", d8) == 0, "CARI_DATE_RANGE=1800-01-01.."
	": 1850 is a date");
    setenv ("CARI_DATE_RANGE", "..2020-12-31", 1);
    cari_date_limits (lo, hi);
    ok (!strcmp (lo, CARI_DATE_FIRST) && !strcmp (hi, "20201231") &&
	cari_parse_date ("2021-01-01", d8) == -2,
	"CARI_DATE_RANGE=..2020-12-31: %s..%s", lo, hi);
    setenv ("CARI_DATE_RANGE", "2020-02-31..", 1);
    cari_date_limits (lo, hi);
    ok (!strcmp (lo, CARI_DATE_FIRST), "CARI_DATE_RANGE of no real day is "
	"ignored (%s)", lo);
    unsetenv ("CARI_DATE_RANGE");
}

/* Filters (--since, --until, date:, since= and until=): the same days. */
static void
test_filters (void)
{
    char lo[9], hi[9];

    ok (cari_date_range ("2025-10", 7, lo, hi) == 0 &&
	!strcmp (lo, "20251001") && !strcmp (hi, "20251031"),
	"2025-10: %s..%s", lo, hi);
    ok (cari_date_range ("2025", 4, lo, hi) == 0 && !strcmp (lo, "20250101")
	&& !strcmp (hi, "20251231"), "2025: %s..%s", lo, hi);
    ok (cari_date_range ("2024-02-29", 10, lo, hi) == 0 &&
	!strcmp (lo, "20240229") && !strcmp (hi, "20240229"),
	"2024-02-29: one day");
    ok (cari_date_range ("2025-02-31", 10, lo, hi) < 0,
	"2025-02-31 refused, as in an article");
    ok (cari_date_range ("2025-04-31", 10, lo, hi) < 0, "2025-04-31 refused");
    ok (cari_date_range ("2025-13", 7, lo, hi) < 0, "2025-13 refused");
    ok (cari_date_range ("25-10-01", 8, lo, hi) < 0, "25-10-01 refused");
}

int
main (void)
{
    test_article_dates ();
    test_filters ();
    return tap_done ();
}
