/* analyzer.c - the Indonesian analyzer: UTF-8 words, case folding, stems
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "analyzer.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct cari_analyzer {
    struct sb_stemmer *stemmer;
    /* The folded word being handed out (folding can grow a word, and the
     * raw word may be long before it is dropped). */
    char *fold;
    size_t fold_size;
};

cari_analyzer_t *
cari_analyzer_create (void)
{
    cari_analyzer_t *an = calloc (1, sizeof *an);
    if (!an)
	return NULL;
    an->stemmer = sb_stemmer_new ("indonesian", "UTF_8");
    an->fold_size = 4 * CARI_MAX_WORD_BYTES + 1;
    an->fold = malloc (an->fold_size);
    if (!an->stemmer || !an->fold) {
	cari_analyzer_destroy (an);
	return NULL;
    }
    return an;
}

void
cari_analyzer_destroy (cari_analyzer_t *an)
{
    if (!an)
	return;
    sb_stemmer_delete (an->stemmer);
    free (an->fold);
    free (an);
}

const char *
cari_analyzer_stem (void *ctx, const char *folded, size_t len,
		    size_t *out_len)
{
    cari_analyzer_t *an = ctx;
    const sb_symbol *stem;

    *out_len = len;
    if (!an || len == 0 || len > CARI_MAX_WORD_BYTES)
	return folded;
    stem = sb_stemmer_stem (an->stemmer, (const sb_symbol *) folded,
			    (int) len);
    if (!stem)                  /* out of memory: keep the word */
	return folded;
    *out_len = (size_t) sb_stemmer_length (an->stemmer);
    return (const char *) stem;
}

/* Decode the code point at p (at most n bytes).  Invalid UTF-8 yields -1
 * and consumes one byte, so that any byte string can be scanned. */
static utf8proc_int32_t
next_char (const char *p, size_t n, size_t *used)
{
    utf8proc_int32_t cp;
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
static int
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

/* Fold raw bytes [s, s+n) into an->fold.  Returns the folded length, or 0
 * when the word is to be dropped (too long) or memory ran out. */
static size_t
fold_word (cari_analyzer_t *an, const char *s, size_t n)
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
	    an->fold[i] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
	}
	an->fold[n] = '\0';
	return n;
    }

    if (n > 4 * CARI_MAX_WORD_BYTES)
	return 0;
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t m = utf8proc_map (
	(const utf8proc_uint8_t *) s, (utf8proc_ssize_t) n, &out,
	UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
	    UTF8PROC_IGNORE);
    if (m < 0) {
	free (out);
	return 0;
    }
    /* Typographic apostrophes become ASCII ones, as Xapian does. */
    for (i = 0; i < (size_t) m; i++) {
	if (i + 2 < (size_t) m && out[i] == 0xe2 && out[i + 1] == 0x80 &&
	    (out[i + 2] == 0x99 || out[i + 2] == 0x9b)) {
	    an->fold[j++] = '\'';
	    i += 2;
	} else if (j < an->fold_size - 1) {
	    an->fold[j++] = (char) out[i];
	}
    }
    free (out);
    if (j > CARI_MAX_WORD_BYTES)
	return 0;
    an->fold[j] = '\0';
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

unsigned
cari_analyze (cari_analyzer_t *an, const char *text, size_t len,
	      unsigned first_pos, cari_token_func_t func, void *ctx)
{
    unsigned pos = first_pos;
    size_t i = 0, used;
    utf8proc_int32_t prev = -1;
    char acro[4 * CARI_MAX_WORD_BYTES];

    if (!an || !text)
	return first_pos;

    while (i < len) {
	utf8proc_int32_t cp = next_char (text + i, len - i, &used);
	if (!is_wordchar (cp)) {
	    prev = cp;
	    i += used;
	    continue;
	}

	cari_token_t tok;
	size_t start = i, raw_len = 0;
	tok.start = start;

	size_t acro_len;
	size_t alen = (prev == '.' || is_wordchar (prev)) ? 0
		      : parse_acronym (text + i, len - i, acro, sizeof acro,
				       &acro_len);
	if (alen) {
	    i += alen;
	    tok.end = text[i - 1] == '.' ? i - 1 : i;
	    tok.folded_len = fold_word (an, acro, acro_len);
	    prev = '.';
	} else {
	    /* Collect the word: word characters, infixes, ignored marks. */
	    char *raw;
	    int copy = 0;       /* raw must skip ignored characters */
	    size_t end = i;

	    while (i < len) {
		size_t u;
		utf8proc_int32_t c = next_char (text + i, len - i, &u);
		if (is_wordchar (c)) {
		    prev = c;
		} else if (is_ignored (c)) {
		    copy = 1;
		} else {
		    size_t u2;
		    utf8proc_int32_t nx = i + u < len
			? next_char (text + i + u, len - i - u, &u2) : -1;
		    if (!is_infix (prev, c, nx))
			break;
		    prev = c;
		}
		i += u;
		if (!is_ignored (c))
		    end = i;
	    }
	    tok.end = end;
	    if (copy) {
		/* Rare: rebuild the word without zero-width characters. */
		raw = malloc (end - start);
		if (!raw)
		    return 0;
		for (size_t k = start; k < end;) {
		    size_t u;
		    utf8proc_int32_t c = next_char (text + k, end - k, &u);
		    if (!is_ignored (c)) {
			memcpy (raw + raw_len, text + k, u);
			raw_len += u;
		    }
		    k += u;
		}
		tok.folded_len = fold_word (an, raw, raw_len);
		free (raw);
	    } else {
		tok.folded_len = fold_word (an, text + start, end - start);
	    }
	}

	if (tok.folded_len == 0)
	    continue;           /* too long to be a word worth indexing */
	tok.folded = an->fold;
	tok.pos = pos;
	tok.stem = cari_analyzer_stem (an, an->fold, tok.folded_len,
				       &tok.stem_len);
	if (func && func (ctx, &tok))
	    return pos;
	pos++;
    }
    return pos;
}
