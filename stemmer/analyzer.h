/* analyzer.h - the Indonesian analyzer: UTF-8 words, case folding, stems
 *
 * One analyzer serves the indexer, the query parser (as Xapian's stemmer,
 * through cari_analyzer_stem) and the snippet highlighter, so that a word
 * the index holds is found by typing it and a hit shows why it matched.
 *
 * Word rules (compatible with Xapian's QueryParser, which splits the query):
 *   - a word is a run of letters, marks and digits (Unicode categories L, M,
 *     N); anything else separates words: spaces, punctuation, hyphens,
 *     slashes, invalid UTF-8, NUL bytes;
 *   - an apostrophe (' or U+2019) between two letters stays in the word
 *     (Jum'at, Qur'an); '.' or ',' between two digits too (2.000, 1,5);
 *   - so "buku-buku" is two words at consecutive positions and "19/7" is
 *     "19" then "7": a query for either is a phrase that finds them.
 *   - two words joined by a hyphen that are one reduplicated word
 *     (buku-buku, berbalas-balasan, memanggil-manggil) share one stem, the
 *     root; a reduplicated lexicon root whose half is no word (kupu-kupu)
 *     keeps its whole form as the stem of both.
 * Folding is Unicode case folding with NFC (utf8proc); U+2019 becomes '.
 * Stemming is libstemmer's Snowball "indonesian" refined by a root-word
 * lexicon (stemmer/indonesian.c).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_ANALYZER_H
#define CARI_ANALYZER_H

#include <stddef.h>
#include <stdio.h>

/** Words whose folded form is longer than this are dropped (Xapian does
 * the same with its default max_word_length). */
#define CARI_MAX_WORD_BYTES 64

typedef struct cari_analyzer cari_analyzer_t;

/** How a word is written, as evidence that it is a name (see
 * cari_token_t.written).  Capitals are evidence only inside a sentence of
 * a text written in sentence case: not at a sentence's start, nor in a
 * headline in Title Case or in capitals. */
typedef enum {
    CARI_WRITTEN_LOWER = 0,     /* in lower case (or a digit first) */
    CARI_WRITTEN_UNTOLD,        /* a capital where case tells nothing */
    CARI_WRITTEN_CAPITAL,       /* Capitalized inside a sentence: Megawati */
    CARI_WRITTEN_UPPER          /* in capitals, two letters or more: KPK */
} cari_written_t;

typedef struct cari_token {
    size_t start, end;          /* byte offsets of the word in the input */
    unsigned pos;               /* position: consecutive words differ by 1 */
    const char *folded;         /* case-folded word, NUL-terminated */
    size_t folded_len;
    const char *stem;           /* its stem, NUL-terminated */
    size_t stem_len;
    cari_written_t written;     /* how the text writes it */
    int guess;                  /* the stem is a guess: the lexicon does
				 * not license the affixes stripped */
} cari_token_t;

/**
 * Called for each word; the token's strings are borrowed for the duration
 * of the call.  Return non-zero to stop the analysis.
 */
typedef int (*cari_token_func_t) (void *ctx, const cari_token_t *token);

/** A new analyzer, or NULL when out of memory.  Not thread-safe: use one
 * per thread.  Free with cari_analyzer_destroy().  With CARI_STEMMER=
 * snowball in the environment it stems with Snowball alone (to measure
 * what the lexicon costs and adds). */
cari_analyzer_t *
cari_analyzer_create (void);

/**
 * The query text with what the analyzer folds away also removed from it
 * (accents of Latin letters, compatibility forms, apostrophes inside
 * words), case and operators kept, so that the words Xapian's query parser keeps unstemmed (names,
 * "phrases") match the index: Ötzi as otzi.  Returns a NUL-terminated
 * string to free(), its length in *out_len; NULL when out of memory or
 * the text is not UTF-8.
 */
char *
cari_normalize_query (const char *text, size_t len, size_t *out_len);

/** Does nothing if an is NULL. */
void
cari_analyzer_destroy (cari_analyzer_t *an);

/**
 * Split text (len bytes, any bytes at all) into words and call func for
 * each, numbering positions from first_pos.  Returns the position after the
 * last word.  If func stops the analysis, returns the position of the word
 * it stopped at.  (A word that cannot be folded for want of memory is
 * skipped.)
 */
unsigned
cari_analyze (cari_analyzer_t *an, const char *text, size_t len,
	      unsigned first_pos, cari_token_func_t func, void *ctx);

/**
 * cari_analyze without the stemming, for a caller that looks at the words
 * alone: the same words at the same offsets and positions, each token's
 * stem being its folded form.  Much cheaper on text not seen before.
 */
unsigned
cari_analyze_words (cari_analyzer_t *an, const char *text, size_t len,
		    unsigned first_pos, cari_token_func_t func, void *ctx);

/**
 * The stem of an already folded word: borrowed, valid until the next call
 * on an.  Never NULL for a non-NULL an (the word itself if it cannot be
 * stemmed).  Its signature matches cx_stem_func_t, so the query parser can
 * use it directly.
 */
const char *
cari_analyzer_stem (void *an, const char *folded, size_t len,
		    size_t *out_len);

/**
 * Which lexicon the stems come from ("PATH WORDS CHECKSUM", then
 * " old-spelling-1" when the old spelling is folded), to store in an
 * index and compare at search time.  *problem (if problem is not NULL) is
 * set to why the lexicon could not be read, or NULL.
 */
const char *
cari_analyzer_lexicon (const cari_analyzer_t *an, const char **problem);

/** Stem with Snowball alone (on) or refined by the lexicon (off, the
 * default): for measuring what the lexicon adds. */
void
cari_analyzer_set_snowball_only (cari_analyzer_t *an, int on);

/**
 * What the index knows of words: names(ctx, folded, len) returns non-zero
 * when the index has learned that the word is a name (it is written with
 * a capital inside sentences), so that its stem is the word itself.  Set
 * on the analyzer a search stems its query with; NULL (the default) for
 * none.  Clears the stems already worked out.
 */
typedef int (*cari_names_func_t) (void *ctx, const char *folded, size_t len);

void
cari_analyzer_set_names (cari_analyzer_t *an, cari_names_func_t names,
			 void *ctx);

/** Write how folded (a lower-case word) is stemmed, step by step. */
void
cari_analyzer_explain (cari_analyzer_t *an, const char *folded, size_t len,
		       FILE *out);

/* Old spelling (stemmer/oldspelling.c): the analyzer reads every word in
 * today's spelling (Soeharto as suharto, Djakarta as jakarta), but for a
 * word the lexicon knows (menjadi, masjid); the risky rules (ch, nj)
 * change a word only where the lexicon knows what they make.
 * CARI_OLD_SPELLING=off in the environment leaves words as written (to
 * measure what folding changes). */

/** The folded word (len bytes) in today's spelling, in place; returns its
 * new length (never longer). */
size_t
cari_analyzer_modernize (cari_analyzer_t *an, char *folded, size_t len);

/**
 * The query text with each word in the old spelling in today's, its case
 * kept (Soeharto -> Suharto), and everything else as typed: a string to
 * free(), its length in *out_len; NULL when out of memory.  Words that
 * are part of a field (title:, source:) or hold digits are kept.
 */
char *
cari_analyzer_modernize_query (cari_analyzer_t *an, const char *text,
			       size_t len, size_t *out_len);

/** Whether the lexicon knows the folded word: a root, or affixes it
 * licenses on one. */
int
cari_analyzer_knows (cari_analyzer_t *an, const char *folded, size_t len);

/** Whether the folded word is one of hunspell-id's own (not of cari's
 * exceptions, which hold acronyms such as kpk): as, bi. */
int
cari_analyzer_is_word (cari_analyzer_t *an, const char *folded, size_t len);

/** For measuring the rules: how many there are, the name of each
 * ("oe>u"), and the folded word w with that rule alone applied wherever
 * its letters are into out (n + 1 bytes): its length, 0 when the rule's
 * letters are not in w (the analyzer applies a rule only where it is
 * sure, or the lexicon tells: cari_analyzer_modernize). */
unsigned
cari_old_spelling_rules (void);
const char *
cari_old_spelling_rule_name (unsigned rule);
size_t
cari_old_spelling_apply (unsigned rule, const char *w, size_t n, char *out);

#endif /* CARI_ANALYZER_H */
