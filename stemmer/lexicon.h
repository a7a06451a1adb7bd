/* lexicon.h - the root words that refine stemming (hunspell-id's id_ID.dic)
 *
 * A root word list with hunspell affix flags, read once at run time, plus
 * cari's own exceptions (stemmer/exceptions.c).  A lookup is a few probes
 * of an open-addressing hash table.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_LEXICON_H
#define CARI_LEXICON_H

#include <stddef.h>

/** Where the lexicon is read from unless $CARI_LEXICON says otherwise. */
#define CARI_DEFAULT_LEXICON "/usr/share/hunspell/id_ID.dic"

typedef struct cari_lexicon cari_lexicon_t;

/** What the lexicon knows about a word. */
typedef struct cari_root {
    const char *flags;          /* hunspell affix flags, two characters each */
    const char *stem;           /* an exception's stem, or NULL: a root */
    int exception;              /* from stemmer/exceptions.c, not hunspell */
} cari_root_t;

/**
 * The process-wide lexicon: loaded on first use from $CARI_LEXICON or
 * CARI_DEFAULT_LEXICON, then shared read-only by every thread.  Never NULL:
 * when the file cannot be read it holds only cari's exceptions, and
 * cari_lexicon_problem() says why.
 */
const cari_lexicon_t *
cari_lexicon_get (void);

/** Why the root-word file could not be read, or NULL when it was. */
const char *
cari_lexicon_problem (const cari_lexicon_t *lex);

/** "PATH WORDS CHECKSUM": which lexicon this is, to store in an index. */
const char *
cari_lexicon_identity (const cari_lexicon_t *lex);

/** The entry for word (len bytes, folded), or NULL. */
const cari_root_t *
cari_lexicon_find (const cari_lexicon_t *lex, const char *word, size_t len);

#endif /* CARI_LEXICON_H */
