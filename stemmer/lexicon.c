/* lexicon.c - the root words that refine stemming (hunspell-id's id_ID.dic)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lexicon.h"

#include "stemmer/exceptions.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
    uint32_t word, len;         /* offset in the pool, length */
    cari_root_t root;           /* pointers into the pool (fixed up) */
    uint32_t flags_off, stem_off;   /* UINT32_MAX: none */
};

struct cari_lexicon {
    struct slot *slots;
    size_t mask;                /* slots - 1, a power of two minus one */
    size_t count;
    char *pool;
    size_t pool_len, pool_size;
    char identity[512];
    char problem[512];
    int has_problem;
};

static cari_lexicon_t the_lexicon;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint64_t
hash (const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
	h ^= (unsigned char) s[i];
	h *= 0x100000001b3ULL;
    }
    return h;
}

/* Append n bytes and a NUL to the pool; returns their offset. */
static uint32_t
pool_add (cari_lexicon_t *lex, const char *s, size_t n)
{
    if (lex->pool_len + n + 1 > lex->pool_size) {
	size_t size = lex->pool_size ? lex->pool_size * 2 : 1 << 20;
	while (size < lex->pool_len + n + 1)
	    size *= 2;
	char *pool = realloc (lex->pool, size);
	if (!pool)
	    return UINT32_MAX;
	lex->pool = pool;
	lex->pool_size = size;
    }
    memcpy (lex->pool + lex->pool_len, s, n);
    lex->pool[lex->pool_len + n] = '\0';
    uint32_t off = (uint32_t) lex->pool_len;
    lex->pool_len += n + 1;
    return off;
}

static struct slot *
probe (const cari_lexicon_t *lex, const char *w, size_t n)
{
    size_t i = (size_t) hash (w, n) & lex->mask;
    for (;;) {
	struct slot *s = &lex->slots[i];
	if (s->len == 0 ||
	    (s->len == n && memcmp (lex->pool + s->word, w, n) == 0))
	    return s;
	i = (i + 1) & lex->mask;
    }
}

/* Add word with flags (either may be empty) or, for an exception, a stem.
 * A later entry for the same word adds its flags (hunspell lists some
 * words twice) or, for an exception, overrides. */
static int
add (cari_lexicon_t *lex, const char *w, size_t n, const char *flags,
     size_t nflags, const char *stem, size_t nstem)
{
    if (n == 0 || n > 64)
	return 0;
    if ((lex->count + 1) * 2 > lex->mask + 1) {
	/* Grow to keep the table at most half full. */
	size_t size = (lex->mask + 1) * 2;
	struct slot *old = lex->slots, *slots = calloc (size, sizeof *slots);
	if (!slots)
	    return -1;
	size_t old_size = lex->mask + 1;
	lex->slots = slots;
	lex->mask = size - 1;
	for (size_t i = 0; i < old_size; i++)
	    if (old[i].len)
		*probe (lex, lex->pool + old[i].word, old[i].len) = old[i];
	free (old);
    }
    struct slot *s = probe (lex, w, n);
    if (s->len == 0) {
	uint32_t off = pool_add (lex, w, n);
	if (off == UINT32_MAX)
	    return -1;
	s = probe (lex, w, n);  /* the pool may have moved: same slot */
	s->word = off;
	s->len = (uint32_t) n;
	s->flags_off = s->stem_off = UINT32_MAX;
	lex->count++;
    }
    if (nflags) {
	if (s->flags_off != UINT32_MAX) {
	    /* Join both flag lists. */
	    size_t had = strlen (lex->pool + s->flags_off);
	    char buf[1024];
	    if (had + nflags < sizeof buf) {
		memcpy (buf, lex->pool + s->flags_off, had);
		memcpy (buf + had, flags, nflags);
		s->flags_off = pool_add (lex, buf, had + nflags);
	    }
	} else {
	    s->flags_off = pool_add (lex, flags, nflags);
	}
    }
    if (stem) {
	s->stem_off = nstem ? pool_add (lex, stem, nstem) : UINT32_MAX;
	s->root.exception = 1;
    }
    return 0;
}

/* A .dic line "word/FLAGS" (ISO 8859-1, as its .aff says) into UTF-8,
 * lower case. */
static void
add_dic_line (cari_lexicon_t *lex, const char *line, size_t n)
{
    char word[160];
    size_t w = 0, i = 0;

    while (i < n && line[i] != '/' && line[i] != ' ' && line[i] != '\t' &&
	   w < sizeof word - 2) {
	unsigned char c = (unsigned char) line[i++];
	if (c >= 'A' && c <= 'Z')
	    c += 32;
	if (c < 0x80) {
	    word[w++] = (char) c;
	} else {
	    if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		c += 32;        /* Latin-1 capitals */
	    word[w++] = (char) (0xc0 | (c >> 6));
	    word[w++] = (char) (0x80 | (c & 0x3f));
	}
    }
    size_t f = i;
    if (f < n && line[f] == '/') {
	f++;
	size_t e = f;
	while (e < n && line[e] != ' ' && line[e] != '\t')
	    e++;
	add (lex, word, w, line + f, e - f, NULL, 0);
    } else {
	add (lex, word, w, "", 0, NULL, 0);
    }
}

static void
load (void)
{
    cari_lexicon_t *lex = &the_lexicon;
    const char *path = getenv ("CARI_LEXICON");
    uint64_t sum = 0xcbf29ce484222325ULL;
    unsigned long words = 0;

    if (!path || !*path)
	path = CARI_DEFAULT_LEXICON;
    lex->mask = (1 << 16) - 1;
    lex->slots = calloc (lex->mask + 1, sizeof *lex->slots);

    FILE *f = lex->slots ? fopen (path, "rb") : NULL;
    if (!f) {
	snprintf (lex->problem, sizeof lex->problem,
		  "cannot read the root-word lexicon '%s': %s; install the "
		  "Debian package hunspell-id or set CARI_LEXICON to an "
		  "id_ID.dic; stemming falls back to Snowball alone", path,
		  lex->slots ? strerror (errno) : "out of memory");
	lex->has_problem = 1;
    } else {
	char *line = NULL;
	size_t size = 0;
	ssize_t n;
	int first = 1, counted = 0;
	while ((n = getline (&line, &size, f)) > 0) {
	    for (ssize_t i = 0; i < n; i++) {
		sum ^= (unsigned char) line[i];
		sum *= 0x100000001b3ULL;
	    }
	    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	    if (first) {            /* the first line is the word count */
		first = 0;
		counted = n > 0 && strspn (line, "0123456789") == (size_t) n;
		if (!counted)
		    break;
		continue;
	    }
	    if (n > 0 && line[0] != '#') {
		add_dic_line (lex, line, (size_t) n);
		words++;
	    }
	}
	free (line);
	/* A directory, an empty file or one of another kind: say so
	 * rather than stem with no roots and no word of it. */
	if (ferror (f) || !counted || !words) {
	    char why[128];
	    if (ferror (f))
		snprintf (why, sizeof why, "cannot be read (%s)",
			  strerror (errno));
	    snprintf (lex->problem, sizeof lex->problem,
		      "the root-word lexicon '%s' %s; set CARI_LEXICON to a "
		      "hunspell id_ID.dic (Debian package hunspell-id); "
		      "stemming falls back to Snowball alone", path,
		      ferror (f) ? why
		      : first ? "is empty"
		      : !counted ? "is not a hunspell .dic file (its first "
				   "line is not a word count)"
				 : "holds no words");
	    lex->has_problem = 1;
	}
	fclose (f);
    }

    for (const char *const *e = cari_exceptions; *e; e++) {
	const char *sp = strchr (*e, ' ');
	if (sp)
	    add (lex, *e, (size_t) (sp - *e), "", 0, sp + 1, strlen (sp + 1));
	else
	    add (lex, *e, strlen (*e), "", 0, "", 0);
	sum ^= hash (*e, strlen (*e));
	sum *= 0x100000001b3ULL;
    }
    snprintf (lex->identity, sizeof lex->identity, "%s %lu %016llx",
	      lex->has_problem ? "(none)" : path, words,
	      (unsigned long long) sum);

    /* Pointers into the pool, now that it no longer moves. */
    for (size_t i = 0; i <= lex->mask; i++) {
	struct slot *s = &lex->slots[i];
	if (!s->len)
	    continue;
	s->root.flags = s->flags_off == UINT32_MAX ? "" : lex->pool + s->flags_off;
	s->root.stem = s->stem_off == UINT32_MAX ? NULL : lex->pool + s->stem_off;
    }
}

const cari_lexicon_t *
cari_lexicon_get (void)
{
    pthread_once (&once, load);
    return &the_lexicon;
}

const char *
cari_lexicon_problem (const cari_lexicon_t *lex)
{
    return lex->has_problem ? lex->problem : NULL;
}

const char *
cari_lexicon_identity (const cari_lexicon_t *lex)
{
    return lex->identity;
}

const cari_root_t *
cari_lexicon_find (const cari_lexicon_t *lex, const char *word, size_t len)
{
    if (!lex->slots || len == 0)
	return NULL;
    const struct slot *s = probe (lex, word, len);
    return s->len ? &s->root : NULL;
}
