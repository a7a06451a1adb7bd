/* analyzer.c - the Indonesian analyzer: UTF-8 words, case folding, stems
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "analyzer.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "stemmer/indonesian.h"
#include "stemmer/lexicon.h"
#include "stemmer/oldspelling.h"

#define FOLD_BYTES (4 * CARI_MAX_WORD_BYTES + 1)

/* Stems already worked out: a direct-mapped cache, since news text repeats
 * its words and the lexicon search costs far more than a probe. */
#define CACHE_SLOTS (1u << 16)
/* A slot is one 64-byte cache line (4 MB in all): with slots of three
 * lines, room for the longest word and stem, and half as many, analyzing
 * ../shared/corpus was a fifth slower (8.3-9.5 against 10.4-11.6 M
 * words/s).  Longer words (1 in 10,000) are not cached. */
#define CACHE_WORD 31
struct cached {
    unsigned char len, stem_len;        /* len 0: empty slot */
    char word[CACHE_WORD];
    char stem[CACHE_WORD];
};

/* A word as read from the text. */
struct word {
    size_t start, end;          /* bytes of the word in the text */
    size_t next;                /* where scanning goes on */
    int acronym;
    int capital, upper;         /* first letter a capital; every letter */
    size_t folded_len;          /* 0: too long, dropped */
    char folded[FOLD_BYTES];
};

struct cari_analyzer {
    struct sb_stemmer *stemmer;
    const cari_lexicon_t *lex;
    struct cached *cache;               /* in cache_mem, 64-byte aligned */
    void *cache_mem;
    char stem[CARI_STEM_BYTES];         /* a stem not cached */
    char group_stem[CARI_STEM_BYTES];   /* the stem of a hyphen group */
    struct word a, b;
    int snowball_only;
    cari_names_func_t names;    /* what the index knows, or NULL */
    void *names_ctx;
    int case_tells;             /* the text is in sentence case */
    int initial;                /* the word read starts a sentence */
    int old_spelling;           /* fold the spelling before 1972 */
    char identity[600];         /* the lexicon's, and the folding's */
};

cari_analyzer_t *
cari_analyzer_create (void)
{
    cari_analyzer_t *an = calloc (1, sizeof *an);
    if (!an)
	return NULL;
    an->stemmer = sb_stemmer_new ("indonesian", "UTF_8");
    an->lex = cari_lexicon_get ();
    /* calloc: pages the cache never uses are never touched. */
    an->cache_mem = calloc (1, CACHE_SLOTS * sizeof *an->cache + 63);
    an->cache = an->cache_mem ? (struct cached *) (((uintptr_t) an->cache_mem
						    + 63) & ~(uintptr_t) 63)
			      : NULL;
    if (!an->stemmer || !an->cache) {
	cari_analyzer_destroy (an);
	return NULL;
    }
    /* For comparing with plain Snowball (bench/): CARI_STEMMER=snowball. */
    const char *mode = getenv ("CARI_STEMMER");
    an->snowball_only = mode && !strcmp (mode, "snowball");
    /* For measuring what folding the old spelling changes (bench/). */
    const char *old = getenv ("CARI_OLD_SPELLING");
    an->old_spelling = !old || strcmp (old, "off") != 0;
    /* Folding the old spelling changes the index's words as a lexicon
     * does: an index read with the other folding is told to rebuild. */
    snprintf (an->identity, sizeof an->identity, "%s%s",
	      cari_lexicon_identity (an->lex),
	      an->old_spelling ? " old-spelling-1" : "");
    return an;
}

void
cari_analyzer_destroy (cari_analyzer_t *an)
{
    if (!an)
	return;
    sb_stemmer_delete (an->stemmer);
    free (an->cache_mem);
    free (an);
}

void
cari_analyzer_set_snowball_only (cari_analyzer_t *an, int on)
{
    an->snowball_only = on;
    memset (an->cache, 0, CACHE_SLOTS * sizeof *an->cache);
}

void
cari_analyzer_set_names (cari_analyzer_t *an, cari_names_func_t names,
			 void *ctx)
{
    an->names = names;
    an->names_ctx = ctx;
    memset (an->cache, 0, CACHE_SLOTS * sizeof *an->cache);
}

const char *
cari_analyzer_lexicon (const cari_analyzer_t *an, const char **problem)
{
    if (problem)
	*problem = an->snowball_only ? NULL : cari_lexicon_problem (an->lex);
    return an->snowball_only ? "(Snowball alone)" : an->identity;
}

/* The stem of folded, and in *guess whether it is a guess (see
 * cari_indonesian_stem); a guess yields to a name the index has learned. */
static const char *
stem_word (cari_analyzer_t *an, const char *folded, size_t len,
	   size_t *out_len, int *guess)
{
    *out_len = len;
    *guess = 0;
    if (!an || len == 0 || len > CARI_MAX_WORD_BYTES)
	return folded;
    if (an->snowball_only) {
	const sb_symbol *s = sb_stemmer_stem (an->stemmer,
					      (const sb_symbol *) folded,
					      (int) len);
	if (!s)
	    return folded;
	*out_len = (size_t) sb_stemmer_length (an->stemmer);
	return (const char *) s;
    }

    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
	h = (h ^ (unsigned char) folded[i]) * 16777619u;
    struct cached *c = &an->cache[h & (CACHE_SLOTS - 1)];
    if (c->len == len && memcmp (c->word, folded, len) == 0) {
	*out_len = c->stem_len & 0x7f;
	*guess = c->stem_len >> 7;
	return c->stem;
    }
    size_t n = cari_indonesian_stem (an->lex, an->stemmer, folded, len,
				     an->stem, guess, NULL);
    if (*guess && an->names && an->names (an->names_ctx, folded, len)) {
	memcpy (an->stem, folded, len);
	an->stem[len] = '\0';
	n = len;
	*guess = 0;
    }
    if (len <= sizeof c->word && n < sizeof c->stem) {
	c->len = (unsigned char) len;
	memcpy (c->word, folded, len);
	c->stem_len = (unsigned char) (n | (size_t) (*guess << 7));
	memcpy (c->stem, an->stem, n + 1);
    }
    *out_len = n;
    return an->stem;
}

const char *
cari_analyzer_stem (void *ctx, const char *folded, size_t len,
		    size_t *out_len)
{
    int guess;
    return stem_word (ctx, folded, len, out_len, &guess);
}

void
cari_analyzer_explain (cari_analyzer_t *an, const char *folded, size_t len,
		       FILE *out)
{
    char stem[CARI_STEM_BYTES];
    int guess = 0;
    const sb_symbol *s = sb_stemmer_stem (an->stemmer,
					  (const sb_symbol *) folded,
					  (int) len);
    fprintf (out, "%.*s\n  Snowball alone: %.*s\n", (int) len, folded,
	     s ? sb_stemmer_length (an->stemmer) : 0, s ? (const char *) s : "");
    size_t n = len <= CARI_MAX_WORD_BYTES
	? cari_indonesian_stem (an->lex, an->stemmer, folded, len, stem,
				&guess, out)
	: 0;
    if (n && guess && an->names && an->names (an->names_ctx, folded, len)) {
	fprintf (out, "  a guess, and the index has learned that %.*s is a "
		 "name: keep the word\n", (int) len, folded);
	memcpy (stem, folded, len);
	n = len;
    }
    fprintf (out, "  stem: %.*s\n", (int) n, n ? stem : "");
}

/* Decode the code point at p (at most n bytes).  Invalid UTF-8 yields -1
 * and consumes one byte, so that any byte string can be scanned. */
static inline utf8proc_int32_t
next_char (const char *p, size_t n, size_t *used)
{
    utf8proc_int32_t cp;
    if ((unsigned char) *p < 0x80) {
	*used = 1;              /* what utf8proc_iterate says, quicker */
	return (unsigned char) *p;
    }
    utf8proc_ssize_t k = utf8proc_iterate ((const utf8proc_uint8_t *) p,
					   (utf8proc_ssize_t) n, &cp);
    if (k <= 0) {
	*used = 1;
	return -1;
    }
    *used = (size_t) k;
    return cp;
}

/* Letters, marks, digits and connectors (_), as Xapian's is_wordchar. */
static inline int
is_wordchar (utf8proc_int32_t cp)
{
    if (cp < 0)
	return 0;
    if (cp < 0x80)
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       (cp >= '0' && cp <= '9') || cp == '_';
    utf8proc_category_t c = utf8proc_category (cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) ||
	   c == UTF8PROC_CATEGORY_PC;
}

static int
is_digit (utf8proc_int32_t cp)
{
    return cp >= 0 && (cp < 0x80 ? (cp >= '0' && cp <= '9')
		       : utf8proc_category (cp) == UTF8PROC_CATEGORY_ND);
}

static int
is_upper (utf8proc_int32_t cp)
{
    return cp >= 0 && utf8proc_category (cp) == UTF8PROC_CATEGORY_LU;
}

/* Characters that join two word characters into one word, as in Xapian's
 * termgenerator: apostrophes and '&' anywhere, '.' ',' ';' between digits. */
static int
is_infix (utf8proc_int32_t prev, utf8proc_int32_t cp, utf8proc_int32_t next)
{
    if (!is_wordchar (prev) || !is_wordchar (next))
	return 0;
    if (cp == '\'' || cp == 0x2019 || cp == 0x201b || cp == '&' ||
	cp == 0xb7)
	return 1;
    return (cp == '.' || cp == ',' || cp == ';') && is_digit (prev) &&
	   is_digit (next);
}

/* Zero-width characters that Xapian ignores inside words. */
static int
is_ignored (utf8proc_int32_t cp)
{
    return (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff;
}

/* Accents of Latin letters (and the other users of the combining
 * diacritical marks U+0300-U+036F) are dropped after canonical
 * decomposition, so Barthélemy is found as Barthelemy; the marks of other
 * scripts, which are their letters' vowels, stay.  Compatibility forms
 * (fullwidth letters, ligatures) become their plain letters.  options adds
 * utf8proc options (UTF8PROC_CASEFOLD).  Returns the length of the new
 * string in *out (free it), or -1. */
static utf8proc_ssize_t
normalize (const utf8proc_uint8_t *s, utf8proc_ssize_t n,
	   utf8proc_option_t options, utf8proc_uint8_t **out)
{
    utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPAT | options;
    utf8proc_ssize_t m = utf8proc_decompose (s, n, NULL, 0, opt |
					     UTF8PROC_DECOMPOSE);
    utf8proc_int32_t *buf;

    *out = NULL;
    if (m < 0 || (size_t) m > SIZE_MAX / 4 - 1)
	return -1;
    /* utf8proc_reencode writes UTF-8 into the same buffer: room for 4
     * bytes a code point. */
    buf = malloc (((size_t) m + 1) * sizeof *buf);
    if (!buf)
	return -1;
    m = utf8proc_decompose (s, n, buf, m, opt | UTF8PROC_DECOMPOSE);
    utf8proc_ssize_t k = 0;
    for (utf8proc_ssize_t i = 0; m > 0 && i < m; i++)
	if (buf[i] < 0x300 || buf[i] > 0x36f)
	    buf[k++] = buf[i];
    if (m >= 0)
	m = utf8proc_reencode (buf, k, opt | UTF8PROC_COMPOSE);
    if (m < 0) {
	free (buf);
	return -1;
    }
    *out = (utf8proc_uint8_t *) buf;
    return m;
}

/* A byte that may be part of a word: an ASCII letter or digit, or any
 * byte of a multibyte character. */
static int
word_byte (unsigned char b)
{
    return b >= 0x80 || (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' &&
						     (b | 0x20) <= 'z');
}

/* Drop the apostrophes (', U+2019, U+201B) between two word bytes of
 * s[0, *len), in place, as fold_word drops them from words. */
static void
drop_apostrophes (char *s, size_t *len)
{
    size_t j = 0, n = *len;

    for (size_t i = 0; i < n; i++) {
	size_t w = s[i] == '\'' ? 1
		   : (i + 2 < n && (unsigned char) s[i] == 0xe2 &&
		      (unsigned char) s[i + 1] == 0x80 &&
		      ((unsigned char) s[i + 2] == 0x99 ||
		       (unsigned char) s[i + 2] == 0x9b)) ? 3 : 0;
	if (w && j > 0 && word_byte ((unsigned char) s[j - 1]) &&
	    i + w < n && word_byte ((unsigned char) s[i + w])) {
	    i += w - 1;
	    continue;
	}
	s[j++] = s[i];
    }
    s[j] = '\0';
    *len = j;
}

char *
cari_normalize_query (const char *text, size_t len, size_t *out_len)
{
    utf8proc_uint8_t *out;
    size_t i;

    for (i = 0; i < len && (unsigned char) text[i] < 0x80; i++)
	;
    if (i == len) {
	char *copy = malloc (len + 1);
	if (copy) {
	    memcpy (copy, text, len);
	    copy[len] = '\0';
	    *out_len = len;
	    drop_apostrophes (copy, out_len);
	}
	return copy;
    }
    utf8proc_ssize_t m = normalize ((const utf8proc_uint8_t *) text,
				    (utf8proc_ssize_t) len, 0, &out);
    if (m < 0)
	return NULL;
    *out_len = (size_t) m;
    drop_apostrophes ((char *) out, out_len);
    return (char *) out;
}

/* Fold raw bytes [s, s+n) into fold (FOLD_BYTES).  Returns the folded
 * length, or 0 when the word is to be dropped (too long) or memory ran
 * out. */
static size_t
fold_word (char *fold, const char *s, size_t n)
{
    size_t i, j = 0;
    int ascii = 1;

    for (i = 0; i < n; i++)
	if ((unsigned char) s[i] >= 0x80) {
	    ascii = 0;
	    break;
	}
    if (ascii) {
	if (n > CARI_MAX_WORD_BYTES)
	    return 0;
	for (i = 0; i < n; i++) {
	    char c = s[i];
	    if (c != '\'')
		fold[j++] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
	}
	fold[j] = '\0';
	return j;
    }

    if (n > 4 * CARI_MAX_WORD_BYTES)
	return 0;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t m = normalize ((const utf8proc_uint8_t *) s,
				    (utf8proc_ssize_t) n,
				    UTF8PROC_CASEFOLD | UTF8PROC_IGNORE, &out);
    if (m < 0) {
	free (out);
	return 0;
    }
    /* Apostrophes inside a word, typographic or not, go: Ma'ruf and
     * Ma’ruf are maruf, as many articles write the name, and Jum'at is
     * jumat (cari_normalize_query does the same to queries). */
    for (i = 0; i < (size_t) m; i++) {
	if (out[i] == '\'')
	    continue;
	if (i + 2 < (size_t) m && out[i] == 0xe2 && out[i + 1] == 0x80 &&
	    (out[i + 2] == 0x99 || out[i + 2] == 0x9b)) {
	    i += 2;
	} else if (j < FOLD_BYTES - 1) {
	    fold[j++] = (char) out[i];
	}
    }
    free (out);
    if (j > CARI_MAX_WORD_BYTES)
	return 0;
    fold[j] = '\0';
    return j;
}

/* An acronym written with dots (S.H., P.B.B.): two or more capital
 * letters, each followed by a dot (the last one's may be missing), not
 * followed by a word character.  Xapian's query parser indexes these
 * without the dots, so the analyzer does too.  Returns the byte length of
 * the acronym at p, or 0, and copies its letters into buf. */
static size_t
parse_acronym (const char *p, size_t n, char *buf, size_t bufsize,
	       size_t *buflen)
{
    size_t i = 0, k = 0, used, letters = 0, end = 0;

    while (i < n) {
	utf8proc_int32_t cp = next_char (p + i, n - i, &used);
	if (!is_upper (cp) || k + used >= bufsize)
	    break;
	memcpy (buf + k, p + i, used);
	k += used;
	letters++;
	i += used;
	end = i;
	if (i >= n || p[i] != '.')
	    break;
	i++;
	end = i;
    }
    if (letters < 2)
	return 0;
    if (end < n) {
	utf8proc_int32_t cp = next_char (p + end, n - end, &used);
	if (is_wordchar (cp))
	    return 0;
    }
    *buflen = k;
    return end;
}

/* Whether the n bytes at s begin with a capital letter, and whether all
 * their letters (two or more) are capitals.  Most words are ASCII and in
 * lower case: one byte tells. */
static void
letter_case (const char *s, size_t n, int *capital, int *upper)
{
    size_t i = 0, used;
    int letters = 0, uppers = 0;

    *capital = *upper = 0;
    if (n && (unsigned char) s[0] >= 'a' && (unsigned char) s[0] <= 'z')
	return;
    while (i < n) {
	unsigned char b = (unsigned char) s[i];
	int up, letter;
	if (b < 0x80) {
	    i++;
	    up = b >= 'A' && b <= 'Z';
	    letter = up || (b >= 'a' && b <= 'z');
	} else {
	    utf8proc_int32_t cp = next_char (s + i, n - i, &used);
	    i += used;
	    utf8proc_category_t c = cp < 0 ? UTF8PROC_CATEGORY_CN
				  : utf8proc_category (cp);
	    up = c == UTF8PROC_CATEGORY_LU;
	    letter = up || c == UTF8PROC_CATEGORY_LL ||
		     c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LO;
	}
	if (!letter)
	    continue;
	if (letters++ == 0)
	    *capital = up;
	uppers += up;
	if (!*capital)
	    return;             /* a digit, then lower case: nothing more */
	if (uppers < letters)
	    break;              /* Capitalized: not in capitals */
    }
    *upper = letters >= 2 && uppers == letters;
}

/* Whether case tells names in text: it does in sentences, not in a
 * headline in Title Case ("Jokowi Resmikan Tol Baru") or in capitals.
 * Counted on the ASCII letters that start words, in the first 1,000 bytes
 * (an article's body is in sentence case all through). */
static int
case_tells (const char *text, size_t len)
{
    unsigned lower = 0, capital = 0;
    int in_word = 0;

    if (len > 1000)
	len = 1000;
    for (size_t i = 0; i < len; i++) {
	unsigned char b = (unsigned char) text[i];
	int letter = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
	if (letter && !in_word) {
	    if (b >= 'a')
		lower++;
	    else
		capital++;
	}
	in_word = letter || (b >= '0' && b <= '9') || b >= 0x80 || b == '\'';
    }
    return lower > capital;
}

/* Read the word that starts at text[i] (a word character) into w.  prev
 * is the character before it.  Returns the last character read. */
static utf8proc_int32_t
read_word (const char *text, size_t len, size_t i, utf8proc_int32_t prev,
	   struct word *w)
{
    char acro[4 * CARI_MAX_WORD_BYTES];
    size_t acro_len, used;

    w->start = i;
    w->acronym = 0;
    size_t alen = (prev == '.' || is_wordchar (prev)) ? 0
		  : parse_acronym (text + i, len - i, acro, sizeof acro,
				   &acro_len);
    if (alen) {
	w->acronym = 1;
	w->capital = w->upper = 1;
	w->next = i + alen;
	w->end = text[w->next - 1] == '.' ? w->next - 1 : w->next;
	w->folded_len = fold_word (w->folded, acro, acro_len);
	return '.';
    }

    /* Word characters, infixes and ignored characters (which folding
     * drops: UTF8PROC_IGNORE). */
    size_t end = i;
    while (i < len) {
	unsigned char b = (unsigned char) text[i];
	if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
	    (b >= '0' && b <= '9') || b == '_') {
	    prev = b;           /* the common case of the loop below */
	    end = ++i;
	    continue;
	}
	utf8proc_int32_t c = next_char (text + i, len - i, &used);
	if (is_wordchar (c)) {
	    prev = c;
	} else if (!is_ignored (c)) {
	    size_t u2;
	    utf8proc_int32_t nx = i + used < len
		? next_char (text + i + used, len - i - used, &u2) : -1;
	    if (!is_infix (prev, c, nx))
		break;
	    prev = c;
	}
	i += used;
	if (!is_ignored (c))
	    end = i;
    }
    w->end = end;
    w->next = i;
    w->folded_len = fold_word (w->folded, text + w->start, end - w->start);
    letter_case (text + w->start, end - w->start, &w->capital, &w->upper);
    return prev;
}

static int
emit (cari_analyzer_t *an, cari_token_func_t func, void *ctx,
      const struct word *w, unsigned pos, const char *stem, size_t stem_len,
      int guess)
{
    cari_written_t written = CARI_WRITTEN_LOWER;
    if (w->capital)
	written = !an->case_tells ? CARI_WRITTEN_UNTOLD
		  : w->upper ? CARI_WRITTEN_UPPER
		  : an->initial ? CARI_WRITTEN_UNTOLD : CARI_WRITTEN_CAPITAL;
    cari_token_t tok = { w->start, w->end, pos, w->folded, w->folded_len,
			 stem, stem_len, written, guess };
    return func && func (ctx, &tok);
}

/* Does the character cp end a sentence, so that the next word's capital
 * tells nothing?  Also a line break, and a colon (quotes open with a
 * capital). */
static int
ends_sentence (utf8proc_int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == '\n' ||
	   cp == 0x2026;
}

/* The stem two hyphen-joined words share (buku-buku, berbalas-balasan,
 * kupu-kupu), into an->group_stem; 0 when they are two words that keep
 * their own stems (Prabowo-Gibran). */
static size_t
group_stem (cari_analyzer_t *an)
{
    char whole[2 * CARI_MAX_WORD_BYTES + 2];
    size_t na = an->a.folded_len, nb = an->b.folded_len, n, k;
    const char *s;

    if (na + 1 + nb > CARI_MAX_WORD_BYTES)
	return 0;
    memcpy (whole, an->a.folded, na);
    whole[na] = '-';
    memcpy (whole + na + 1, an->b.folded, nb);
    n = na + 1 + nb;
    s = cari_analyzer_stem (an, whole, n, &k);
    if (k == n && !memcmp (s, whole, n) && !cari_lexicon_find (an->lex, s, k))
	return 0;
    memcpy (an->group_stem, s, k);
    an->group_stem[k] = '\0';
    return k;
}

/* Whether the lexicon knows the folded word w: a root, or affixes it
 * licenses on one (a stem that is no guess, found in the lexicon). */
static int
knows (void *ctx, const char *w, size_t n)
{
    cari_analyzer_t *an = ctx;
    size_t k;
    int guess;

    if (cari_lexicon_find (an->lex, w, n))
	return 1;
    const char *stem = stem_word (an, w, n, &k, &guess);
    return !guess && cari_lexicon_find (an->lex, stem, k) != NULL;
}

int
cari_analyzer_knows (cari_analyzer_t *an, const char *folded, size_t len)
{
    return knows (an, folded, len);
}

int
cari_analyzer_is_word (cari_analyzer_t *an, const char *folded, size_t len)
{
    const cari_root_t *r = cari_lexicon_find (an->lex, folded, len);
    return r && !r->exception;
}

size_t
cari_analyzer_modernize (cari_analyzer_t *an, char *folded, size_t len)
{
    unsigned rules = an->old_spelling && !an->snowball_only
	? _cari_oldspelling_decide (folded, len, knows, an) : 0;
    return rules ? _cari_oldspelling_rewrite (folded, len, rules, folded)
		 : len;
}

/* The word read into w in today's spelling (stemmer/oldspelling.c). */
static void
modernize (cari_analyzer_t *an, struct word *w)
{
    if (w->folded_len)
	w->folded_len = cari_analyzer_modernize (an, w->folded,
						  w->folded_len);
}

char *
cari_analyzer_modernize_query (cari_analyzer_t *an, const char *text,
			       size_t len, size_t *out_len)
{
    char *out = malloc (len + 1), low[CARI_MAX_WORD_BYTES + 1];
    size_t i = 0, j = 0;

    if (!out)
	return NULL;
    while (i < len) {
	size_t e = i;
	while (e < len && ((text[e] | 0x20) >= 'a' && (text[e] | 0x20) <= 'z'))
	    e++;
	/* A run of ASCII letters that is a whole word (not part of a word
	 * with digits or other letters, nor a field's name, nor the outlet
	 * of source:, which is matched as the index has it). */
	int whole = e > i && (i == 0 || !word_byte ((unsigned char) text[i - 1]))
		    && (e == len || (!word_byte ((unsigned char) text[e]) &&
				     text[e] != ':'))
		    && !(i >= 7 && text[i - 1] == ':' &&
			 !strncasecmp (text + i - 7, "source", 6));
	unsigned rules = 0;
	if (whole && e - i <= CARI_MAX_WORD_BYTES && an->old_spelling &&
	    !an->snowball_only) {
	    for (size_t k = i; k < e; k++)
		low[k - i] = (text[k] >= 'A' && text[k] <= 'Z')
		    ? (char) (text[k] + 32) : text[k];
	    rules = _cari_oldspelling_decide (low, e - i, knows, an);
	}
	if (rules) {
	    j += _cari_oldspelling_rewrite (text + i, e - i, rules, out + j);
	    i = e;
	} else if (e > i) {
	    memcpy (out + j, text + i, e - i);
	    j += e - i;
	    i = e;
	} else {
	    out[j++] = text[i++];
	}
    }
    out[j] = '\0';
    *out_len = j;
    return out;
}

/* cari_analyze, or cari_analyze_words without stems. */
static unsigned
analyze (cari_analyzer_t *an, const char *text, size_t len,
	 unsigned first_pos, cari_token_func_t func, void *ctx, int stems)
{
    unsigned pos = first_pos;
    size_t i = 0, used, k;
    utf8proc_int32_t prev = -1;
    const char *stem;

    if (!an || !text)
	return first_pos;

    an->case_tells = case_tells (text, len);
    an->initial = 1;
    while (i < len) {
	utf8proc_int32_t cp = next_char (text + i, len - i, &used);
	if (!is_wordchar (cp)) {
	    an->initial |= ends_sentence (cp);
	    prev = cp;
	    i += used;
	    continue;
	}
	prev = read_word (text, len, i, prev, &an->a);
	modernize (an, &an->a);
	i = an->a.next;
	if (an->a.folded_len == 0)
	    continue;           /* too long to be a word worth indexing */

	if (!stems) {
	    /* Each word alone: a hyphen group only gives its two words
	     * another stem. */
	    if (emit (an, func, ctx, &an->a, pos, an->a.folded,
		      an->a.folded_len, 0))
		return pos;
	    an->initial = 0;
	    pos++;
	    continue;
	}

	/* A hyphen between two words: maybe one reduplicated word. */
	if (!an->a.acronym && i + 1 < len && text[i] == '-' &&
	    is_wordchar (next_char (text + i + 1, len - i - 1, &used))) {
	    prev = read_word (text, len, i + 1, '-', &an->b);
	    modernize (an, &an->b);
	    if (an->b.folded_len && !an->b.acronym &&
		(k = group_stem (an)) > 0) {
		i = an->b.next;
		if (emit (an, func, ctx, &an->a, pos, an->group_stem, k, 0))
		    return pos;
		an->initial = 0;
		pos++;
		if (emit (an, func, ctx, &an->b, pos, an->group_stem, k, 0))
		    return pos;
		pos++;
		continue;
	    }
	    prev = '-';         /* the second word is read again, alone */
	}

	int guess;
	stem = stem_word (an, an->a.folded, an->a.folded_len, &k, &guess);
	if (emit (an, func, ctx, &an->a, pos, stem, k, guess))
	    return pos;
	an->initial = 0;
	pos++;
    }
    return pos;
}

unsigned
cari_analyze (cari_analyzer_t *an, const char *text, size_t len,
	      unsigned first_pos, cari_token_func_t func, void *ctx)
{
    return analyze (an, text, len, first_pos, func, ctx, 1);
}

unsigned
cari_analyze_words (cari_analyzer_t *an, const char *text, size_t len,
		    unsigned first_pos, cari_token_func_t func, void *ctx)
{
    return analyze (an, text, len, first_pos, func, ctx, 0);
}
