/* oldspelling.h - private to stemmer/: old Indonesian spelling folded
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_OLDSPELLING_H
#define CARI_OLDSPELLING_H

#include <stddef.h>

/* Whether the lexicon knows the folded word w (n bytes). */
typedef int (*cari_known_func_t) (void *ctx, const char *w, size_t n);

/* The rules (as bits: 1 << rule number) to apply to the folded word w:
 * none when the lexicon knows w; else the safe rules present, and each
 * risky rule present when the lexicon knows what it makes and not the
 * word before it.  0 for none (the common case: no rule's letters). */
unsigned
_cari_oldspelling_decide (const char *w, size_t n, cari_known_func_t known,
			  void *ctx);

/* The n bytes of w (any case) with the rules given applied, letter case
 * kept, into out (n + 1 bytes: never longer; out may be w).  Returns the
 * new length. */
size_t
_cari_oldspelling_rewrite (const char *w, size_t n, unsigned rules,
			   char *out);

#endif
