/* json.h - the programs' JSON output: compact text, strings of a hit
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_JSON_H
#define CARI_JSON_H

#include <jansson.h>
#include <stddef.h>

/**
 * The text of j as json_dumps (j, JSON_COMPACT) writes it, NUL-terminated
 * (free with free()), its length into *len when len is not NULL; NULL when
 * out of memory or j holds a NaN or an infinity (not JSON).
 */
char *
cari_json_text (const json_t *j, size_t *len);

/** The string member key of the object o, borrowed from it: "" when o has
 * none or it is not a string. */
const char *
cari_json_str (const json_t *o, const char *key);

#endif /* CARI_JSON_H */
