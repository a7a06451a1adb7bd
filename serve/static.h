/* static.h - the static files of cari-serve's page, built into the binary
 *
 * serve/embed.sh turns serve/static/ into static.c at build time: the
 * server maps a fixed set of URL paths onto these arrays and never opens a
 * file named by a request.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SERVE_STATIC_H
#define CARI_SERVE_STATIC_H

#include <stddef.h>

typedef struct cari_static {
    const char *path;           /* URL path, e.g. /static/app.js */
    const char *type;           /* Content-Type */
    const char *data;
    size_t len;
} cari_static_t;

/** The files, ended by an entry whose path is NULL. */
extern const cari_static_t cari_static_files[];

#endif /* CARI_SERVE_STATIC_H */
