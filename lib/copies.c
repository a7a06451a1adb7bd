/* copies.c - wire copies: the signature of an article's text, its group
 *
 * See lib/copies.h for the method.  The signature is computed where the
 * document is built (a parallel build's worker threads); the group is
 * looked up in the articles of the run (a table shared under a mutex) and,
 * for a run adding to an index, in the index's band terms.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/copies.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

static uint64_t mult[CARI_COPIES_HASHES], add[CARI_COPIES_HASHES];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint64_t
splitmix (uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The hash functions: (x * mult + add) >> 32, mult odd; fixed, so that
 * every run gives an article the same signature. */
static void
init_hashes (void)
{
    uint64_t state = 0x63617269ULL;   /* "cari" */
    for (int i = 0; i < CARI_COPIES_HASHES; i++) {
	mult[i] = splitmix (&state) | 1;
	add[i] = splitmix (&state);
    }
}

static uint64_t
rotl (uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

size_t
_cari_copies_sign (const char *text, size_t len, _cari_sig_t *sig)
{
    const unsigned char *p = (const unsigned char *) text;
    uint64_t w[CARI_COPIES_SHINGLE] = { 0 };
    size_t words = 0, shingles = 0, i = 0;

    pthread_once (&once, init_hashes);
    for (int k = 0; k < CARI_COPIES_HASHES; k++)
	sig->h[k] = UINT32_MAX;
    while (i < len) {
	/* A word: ASCII letters and digits, and every byte of a multibyte
	 * character; letters lower-cased (FNV-1a as it goes). */
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t start = i;
	for (; i < len; i++) {
	    unsigned c = p[i];
	    if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	    else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		       c >= 0x80))
		break;
	    h = (h ^ c) * 0x100000001b3ULL;
	}
	if (i == start) {
	    i++;
	    continue;
	}
	memmove (w, w + 1, (CARI_COPIES_SHINGLE - 1) * sizeof *w);
	w[CARI_COPIES_SHINGLE - 1] = h;
	if (++words < CARI_COPIES_SHINGLE)
	    continue;
	uint64_t st = w[0] ^ rotl (w[1], 21) ^ rotl (w[2], 42);
	uint64_t x = splitmix (&st);
	for (int k = 0; k < CARI_COPIES_HASHES; k++) {
	    uint32_t v = (uint32_t) ((x * mult[k] + add[k]) >> 32);
	    if (v < sig->h[k])
		sig->h[k] = v;
	}
	shingles++;
    }
    return shingles;
}

unsigned
_cari_copies_similarity (const _cari_sig_t *a, const _cari_sig_t *b)
{
    unsigned same = 0;
    for (int k = 0; k < CARI_COPIES_HASHES; k++)
	same += a->h[k] == b->h[k];
    return same * 100 / CARI_COPIES_HASHES;
}

int
_cari_copies_same_story (const _cari_sig_t *a, const char *sa,
			 const _cari_sig_t *b, const char *sb)
{
    unsigned need = strcasecmp (sa, sb) == 0 ? CARI_COPIES_WITHIN
					     : CARI_COPIES_ACROSS;
    return _cari_copies_similarity (a, b) >= need;
}

static uint64_t
band_hash (const _cari_sig_t *sig, int band)
{
    return XXH3_64bits_withSeed (sig->h + band * CARI_COPIES_ROWS,
				 CARI_COPIES_ROWS * sizeof (uint32_t),
				 (XXH64_hash_t) band);
}

void
_cari_copies_band_term (const _cari_sig_t *sig, int band,
			char term[CARI_COPIES_TERM_BYTES])
{
    /* 32 bits of the hash: a band's term is in one posting list per
     * article, and 16 hex digits made the index of ../shared/corpus 42%
     * bigger than without wire copies instead of 32%; the few articles
     * a collision makes candidates are told apart by their signatures. */
    snprintf (term, CARI_COPIES_TERM_BYTES, CARI_PREFIX_WIRE_BAND "%02x%08x",
	      band, (unsigned) (band_hash (sig, band) & 0xffffffffu));
}

void
_cari_copies_group_term (const char *key, char term[CARI_COPIES_TERM_BYTES])
{
    snprintf (term, CARI_COPIES_TERM_BYTES, CARI_PREFIX_WIRE_GROUP "%016llx",
	      (unsigned long long) XXH3_64bits (key, strlen (key)));
}

/* ------------------------------------------------------------------ */
/* The articles of the run                                              */
/* ------------------------------------------------------------------ */

struct article {
    char *id, *key, *source;
    _cari_sig_t sig;
};

struct posting {
    uint64_t band;              /* band_hash, with the band in its low bits */
    uint32_t article, next;     /* next: 1-based index, 0 ends the chain */
};

struct _cari_copies {
    pthread_mutex_t mu;
    struct article *articles;
    size_t n, size;
    struct posting *postings;
    size_t np, psize;
    uint32_t *heads;            /* nbuckets chains (1-based, 0: empty) */
    size_t nbuckets;
};

_cari_copies_t *
_cari_copies_create (void)
{
    _cari_copies_t *t = calloc (1, sizeof *t);
    if (t)
	pthread_mutex_init (&t->mu, NULL);
    return t;
}

void
_cari_copies_destroy (_cari_copies_t *t)
{
    if (!t)
	return;
    for (size_t i = 0; i < t->n; i++) {
	free (t->articles[i].id);
	free (t->articles[i].key);
	free (t->articles[i].source);
    }
    free (t->articles);
    free (t->postings);
    free (t->heads);
    pthread_mutex_destroy (&t->mu);
    free (t);
}

static uint64_t
band_key (const _cari_sig_t *sig, int band)
{
    return (band_hash (sig, band) & ~(uint64_t) 0x3f) | (uint64_t) band;
}

/* Rebuild the chains in twice as many buckets.  Returns 0, or -1. */
static int
grow_buckets (_cari_copies_t *t)
{
    size_t nb = t->nbuckets ? t->nbuckets * 2 : 4096;
    uint32_t *heads = calloc (nb, sizeof *heads);
    if (!heads)
	return -1;
    for (size_t i = 0; i < t->np; i++) {
	size_t b = (size_t) (t->postings[i].band * 0x9e3779b97f4a7c15ULL
			     >> 20) & (nb - 1);
	t->postings[i].next = heads[b];
	heads[b] = (uint32_t) (i + 1);
    }
    free (t->heads);
    t->heads = heads;
    t->nbuckets = nb;
    return 0;
}

static size_t
bucket_of (const _cari_copies_t *t, uint64_t band)
{
    return (size_t) (band * 0x9e3779b97f4a7c15ULL >> 20) & (t->nbuckets - 1);
}

/* Add article a with sig and key to t (locked).  Returns 0, or -1. */
static int
table_add (_cari_copies_t *t, const cari_article_t *a, const _cari_sig_t *sig,
	   const char *key)
{
    if (t->n == t->size) {
	size_t size = t->size ? t->size * 2 : 1024;
	struct article *v = realloc (t->articles, size * sizeof *v);
	if (!v)
	    return -1;
	t->articles = v;
	t->size = size;
    }
    while (t->np + CARI_COPIES_BANDS > t->psize) {
	size_t size = t->psize ? t->psize * 2 : 1024 * CARI_COPIES_BANDS;
	struct posting *v = realloc (t->postings, size * sizeof *v);
	if (!v)
	    return -1;
	t->postings = v;
	t->psize = size;
    }
    if (t->np + CARI_COPIES_BANDS > t->nbuckets && grow_buckets (t) < 0)
	return -1;
    struct article *e = &t->articles[t->n];
    e->id = strdup (a->id);
    e->key = strdup (key);
    e->source = strdup (a->source);
    if (!e->id || !e->key || !e->source) {
	free (e->id);
	free (e->key);
	free (e->source);
	return -1;
    }
    e->sig = *sig;
    for (int b = 0; b < CARI_COPIES_BANDS; b++) {
	struct posting *p = &t->postings[t->np];
	p->band = band_key (sig, b);
	p->article = (uint32_t) t->n;
	size_t k = bucket_of (t, p->band);
	p->next = t->heads[k];
	t->heads[k] = (uint32_t) ++t->np;
    }
    t->n++;
    return 0;
}

/* The best copy found so far of the article being marked. */
struct best {
    const cari_article_t *a;
    const _cari_sig_t *sig;
    unsigned similarity;        /* 0: none yet */
    char *key;
    int failed;
};

static void
consider (struct best *b, const char *id, const char *source,
	  const _cari_sig_t *sig, const char *key)
{
    if (strcmp (id, b->a->id) == 0 ||
	!_cari_copies_same_story (b->sig, b->a->source, sig, source))
	return;
    unsigned sim = _cari_copies_similarity (b->sig, sig);
    if (sim <= b->similarity)
	return;
    char *k = strdup (*key ? key : id);
    if (!k) {
	b->failed = 1;
	return;
    }
    free (b->key);
    b->key = k;
    b->similarity = sim;
}

static void
table_find (_cari_copies_t *t, struct best *b)
{
    for (int band = 0; t->nbuckets && band < CARI_COPIES_BANDS; band++) {
	uint64_t want = band_key (b->sig, band);
	unsigned seen = 0;
	for (uint32_t i = t->heads[bucket_of (t, want)];
	     i && seen < CARI_COPIES_BAND_MAX; i = t->postings[i - 1].next) {
	    const struct posting *p = &t->postings[i - 1];
	    if (p->band != want)
		continue;
	    const struct article *e = &t->articles[p->article];
	    consider (b, e->id, e->source, &e->sig, e->key);
	    seen++;
	}
    }
}

/* The signature as stored: big-endian 32-bit hashes. */
#define SIG_BYTES (CARI_COPIES_HASHES * 4)

static void
sig_store (const _cari_sig_t *sig, unsigned char out[SIG_BYTES])
{
    for (int k = 0; k < CARI_COPIES_HASHES; k++) {
	out[4 * k] = (unsigned char) (sig->h[k] >> 24);
	out[4 * k + 1] = (unsigned char) (sig->h[k] >> 16);
	out[4 * k + 2] = (unsigned char) (sig->h[k] >> 8);
	out[4 * k + 3] = (unsigned char) sig->h[k];
    }
}

static void
sig_load (const unsigned char *in, _cari_sig_t *sig)
{
    for (int k = 0; k < CARI_COPIES_HASHES; k++)
	sig->h[k] = (uint32_t) in[4 * k] << 24 | (uint32_t) in[4 * k + 1] << 16
		    | (uint32_t) in[4 * k + 2] << 8 | in[4 * k + 3];
}

/* A document of the index sharing a band: slot 1 (hash, then id), 2
 * (source), 5 (group key), the signature. */
static int
db_candidate (void *ctx, const char *const *v, const size_t *lens)
{
    struct best *b = ctx;
    _cari_sig_t sig;

    if (lens[0] <= CARI_HASH_CHARS || lens[3] != SIG_BYTES)
	return 0;
    sig_load ((const unsigned char *) v[3], &sig);
    consider (b, v[0] + CARI_HASH_CHARS, v[1], &sig, v[2]);
    return b->failed;
}

cx_status_t
_cari_copies_mark (_cari_copies_t *t, cx_db_t *db, const cari_article_t *a,
		   cx_doc_t *doc)
{
    static const unsigned slots[] = { CARI_SLOT_HASH, CARI_SLOT_SOURCE,
				      CARI_SLOT_GROUP, CARI_SLOT_SIGNATURE };
    char term[CARI_COPIES_TERM_BYTES];
    _cari_sig_t sig;
    struct best b = { a, &sig, 0, NULL, 0 };
    cx_status_t st = CX_STATUS_SUCCESS;
    int signed_ = _cari_copies_sign (a->content, a->content_len, &sig)
		  >= CARI_COPIES_MIN_SHINGLES;

    for (int band = 0; signed_ && db && !st && band < CARI_COPIES_BANDS;
	 band++) {
	_cari_copies_band_term (&sig, band, term);
	st = cx_db_postings_values (db, term, slots, 4, CARI_COPIES_BAND_MAX,
				    db_candidate, &b);
    }
    if (st) {
	free (b.key);
	return st;
    }
    if (signed_) {
	pthread_mutex_lock (&t->mu);
	table_find (t, &b);
	if (!b.failed && table_add (t, a, &sig, b.key ? b.key : a->id) < 0)
	    b.failed = 1;
	pthread_mutex_unlock (&t->mu);
    }
    if (b.failed) {
	free (b.key);
	return CX_STATUS_OUT_OF_MEMORY;
    }
    const char *key = b.key ? b.key : a->id;
    if (signed_) {
	unsigned char stored[SIG_BYTES];
	sig_store (&sig, stored);
	st = cx_doc_set_value (doc, CARI_SLOT_SIGNATURE, (const char *) stored,
			       SIG_BYTES);
	for (int band = 0; !st && band < CARI_COPIES_BANDS; band++) {
	    _cari_copies_band_term (&sig, band, term);
	    st = cx_doc_add_boolean_term (doc, term, strlen (term));
	}
    }
    if (!st)
	st = cx_doc_set_value (doc, CARI_SLOT_GROUP, key, strlen (key));
    _cari_copies_group_term (key, term);
    if (!st)
	st = cx_doc_add_boolean_term (doc, term, strlen (term));
    free (b.key);
    return st;
}
