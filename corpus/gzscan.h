/* gzscan.h - check every member of a gzip file before its text is read
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_GZSCAN_H
#define CARI_GZSCAN_H

#include <stddef.h>
#include <sys/types.h>

/** A damaged part of a gzip file: compressed bytes [start, end), from the
 * start of the gzip data, whose text must not be read. */
typedef struct cari_gz_gap {
    unsigned long long start, end;
    unsigned long lines;        /* newlines in its text, as far as it
				 * decoded */
    const char *why;            /* "wrong checksum", "invalid data", ... */
} cari_gz_gap_t;

/**
 * Inflate every member of the gzip data at offset base of fd (read with
 * pread, so fd's offset is left alone), checking each one's CRC and
 * length, and list the damaged parts in *gaps (free with free()), *ngaps
 * of them, in file order.  Members that follow a damaged one are found
 * again by their header and are sound only if they inflate and check.
 * Bytes after the last member that hold no sound member are ignored, as
 * gzip does.  Returns 0, or -1 with msg set (a read error, out of memory).
 */
int
cari_gz_scan (int fd, off_t base, cari_gz_gap_t **gaps, size_t *ngaps,
	      char *msg, size_t size);

#endif /* CARI_GZSCAN_H */
