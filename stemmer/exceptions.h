/* exceptions.h - words cari's stemmer must know that hunspell-id lacks
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_EXCEPTIONS_H
#define CARI_EXCEPTIONS_H

/** "word" (a root) or "word stem" entries, NULL-terminated. */
extern const char *const cari_exceptions[];

#endif /* CARI_EXCEPTIONS_H */
