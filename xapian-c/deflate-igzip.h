/* deflate-igzip.h - what the tests may ask of deflate-igzip.cc (private)
 *
 * Linked only into cari-index and tests/t-binding, and only when configure
 * was not given --disable-igzip-deflate (then CARI_IGZIP_DEFLATE is
 * defined).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later (as Xapian).
 */
#ifndef CARI_DEFLATE_IGZIP_H
#define CARI_DEFLATE_IGZIP_H

#ifdef __cplusplus
extern "C" {
#endif

/* How many table entries of Xapian igzip has compressed in this process
 * (the ones given back to Xapian as Z_STREAM_END), and how many it was
 * offered. */
unsigned long cx_igzip_entries (void);
unsigned long cx_igzip_offered (void);

/* 1 when the dynamic linker finds this file's deflateInit2_ ahead of
 * zlib's (so libxapian's calls come here), else 0: a version script that
 * hides it, or a dlopen()ed copy of it, leaves Xapian to zlib. */
int cx_igzip_bound (void);

#ifdef __cplusplus
}
#endif

#endif /* CARI_DEFLATE_IGZIP_H */
