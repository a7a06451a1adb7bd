/* schema.c - how articles map onto the Xapian index (see DESIGN.md)
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "lib/schema.h"

#include "lib/cms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

const char *
cari_default_db (void)
{
    const char *env = getenv ("CARI_DB");
    return env && *env ? env : "cari.db";
}

int
cari_schema_check (cx_db_t *db, int writable, char **why)
{
    char *version = NULL;
    unsigned long count = 0;
    int ret = -1;

    *why = NULL;
    if (cx_db_get_metadata (db, CARI_META_SCHEMA, &version) ||
	cx_db_doc_count (db, &count)) {
	if (asprintf (why, "cannot read it: %s", cx_db_status_string (db)) < 0)
	    *why = NULL;
	goto done;
    }
    if (strcmp (version, CARI_SCHEMA_VERSION) == 0) {
	ret = 0;
    } else if (!*version && count == 0) {
	/* A new index (or an empty one): claim it. */
	if (!writable ||
	    cx_db_set_metadata (db, CARI_META_SCHEMA, CARI_SCHEMA_VERSION) ==
		CX_STATUS_SUCCESS)
	    ret = 0;
	else if (asprintf (why, "cannot write to it: %s",
			   cx_db_status_string (db)) < 0)
	    *why = NULL;
    } else if (!*version) {
	*why = strdup ("it is a Xapian index, but not one cari made; "
		       "give another directory with --db");
    } else if (asprintf (why, "it has index schema version %s and this "
			 "cari uses version %s; rebuild it: remove the "
			 "directory and run cari-index again",
			 version, CARI_SCHEMA_VERSION) < 0) {
	*why = NULL;
    }
done:
    free (version);
    return ret;
}

char *
cari_lexicon_check (cx_db_t *db, const cari_analyzer_t *an, int writable)
{
    const char *mine = cari_analyzer_lexicon (an, NULL);
    char *theirs = NULL, *warning = NULL;

    if (cx_db_get_metadata (db, CARI_META_LEXICON, &theirs))
	return NULL;            /* unreadable: the search reports that */
    unsigned long count = 1;
    if (!*theirs && writable) {
	cx_db_set_metadata (db, CARI_META_LEXICON, mine);
    } else if (!*theirs && !cx_db_doc_count (db, &count) && count == 0) {
	/* No lexicon and no articles: a first build that was stopped (a
	 * parallel build leaves the empty index it started from). */
	warning = strdup ("the index holds no articles yet: its first build "
			  "did not finish (was it stopped?); run cari-index "
			  "again to build it");
    } else if (strcmp (theirs, mine) != 0 &&
	       asprintf (&warning, "the index was built with the lexicon "
			 "'%s' and this run stems with '%s': words may be "
			 "missed; rebuild the index (remove it and run "
			 "cari-index again) or set CARI_LEXICON to the file "
			 "it was built with", *theirs ? theirs : "(unknown)",
			 mine) < 0) {
	warning = NULL;
    }
    free (theirs);
    return warning;
}

void
cari_source_hash (const char *kind, const char *id, const char *bytes,
		  size_t len, char hash[17])
{
    /* A change detector, not a defence against anyone: XXH3 reads the
     * 50 MB of a nightly run's unchanged articles in a few milliseconds. */
    char head[256 + CARI_MAX_ID_BYTES];
    int n = snprintf (head, sizeof head, "cari %s %s %s", CARI_SCHEMA_VERSION,
		      kind, id);
    XXH64_hash_t seed = XXH3_64bits (head, n < (int) sizeof head
					    ? (size_t) n : sizeof head - 1);
    snprintf (hash, 17, "%016llx",
	      (unsigned long long) XXH3_64bits_withSeed (bytes, len, seed));
}

/* A word whose stem is not itself but a guess, held back until the whole
 * article is read: its stem term waits for the article's verdict.  Or a
 * word written in capitals (KPK), which is never stemmed. */
struct held {
    size_t folded, stem;        /* offsets of the strings in the pool */
    unsigned pos, wdf;
    int title;
    cari_written_t written;
    int guess;                  /* the stem is a guess (else in capitals) */
    int name;                   /* the verdict: it is a name here */
};

int
cari_names_learned (void *db, const char *folded, size_t len)
{
    char term[CX_MAX_TERM_BYTES + 1];
    unsigned long as_name = 0, all = 0;

    if (len + strlen (CARI_PREFIX_STEM) > CX_MAX_TERM_BYTES)
	return 0;
    memcpy (term, CARI_PREFIX_STEM, strlen (CARI_PREFIX_STEM));
    memcpy (term + strlen (CARI_PREFIX_STEM), folded, len);
    term[strlen (CARI_PREFIX_STEM) + len] = '\0';
    if (cx_db_term_freq (db, term, &as_name) || as_name < CARI_NAME_ARTICLES)
	return 0;
    memcpy (term, folded, len);
    term[len] = '\0';
    if (cx_db_term_freq (db, term, &all))
	return 0;
    return as_name * 100 >= all * CARI_NAME_PERCENT;
}

int
_cari_spelling_word (void *ctx, const char *w, size_t len)
{
    (void) ctx;
    if (len < CARI_SPELLING_MIN_BYTES || (w[0] >= 'A' && w[0] <= 'Z'))
	return 0;
    for (size_t i = 0; i < len; i++)
	switch (w[i]) {
	case '0': case '1': case '2': case '3': case '4': case '5':
	case '6': case '7': case '8': case '9':
	case '@': case '/': case ':': case '.': case '_':
	    return 0;
	default:
	    break;
	}
    return 1;
}

/* The unstemmed words of a stem term, added as stem terms of their own. */
struct unstem_ctx {
    const char *term;
    size_t prefix;              /* Z and the field prefix of term */
    cx_term_add_t add;
    void *add_ctx;
};

static void
add_unstemmed (void *ctx, const char *word, size_t len)
{
    struct unstem_ctx *u = ctx;
    char t[2 * CX_MAX_TERM_BYTES];

    /* The word as typed is the stem already, or too long to be a term. */
    if (u->prefix + len > sizeof t ||
	(len == strlen (u->term + u->prefix) &&
	 !memcmp (word, u->term + u->prefix, len)))
	return;
    memcpy (t, u->term, u->prefix);
    memcpy (t + u->prefix, word, len);
    u->add (u->add_ctx, t, u->prefix + len, 0);
}

int
_cari_stem_rule (void *an, const cx_search_t *search, const char *t,
		 size_t len, cx_term_add_t add, void *add_ctx)
{
    if (len < 1 || t[0] != CARI_PREFIX_STEM[0])
	return 0;
    if (len < 2)
	return 1;
    /* A word that is its own stem is indexed without its stem term (Z,
     * or Z and a field prefix such as ZS): the stem is looked for as the
     * word too. */
    size_t w = 1;
    while (w < len && t[w] >= 'A' && t[w] <= 'Z')
	w++;
    if (w < len) {
	size_t n = 0;
	const char *stem = cari_analyzer_stem (an, t + w, len - w, &n);
	if (!stem || (n == len - w && !memcmp (stem, t + w, n)))
	    add (add_ctx, t + 1, len - 1, 1);
    }
    /* An article may index the word as typed as its own stem (a name, a
     * word in capitals: see schema 7): that stem term too. */
    char *term = strndup (t, len);
    if (!term)
	return 1;
    struct unstem_ctx u = { term, w, add, add_ctx };
    cx_search_unstem (search, t, len, add_unstemmed, &u);
    free (term);
    return 1;
}

struct builder {
    cx_doc_t *doc;              /* the terms go here, */
    cx_term_pos_func_t emit;    /* or, with their positions, here */
    void *emit_ctx;
    int stems;                  /* 0: the words only (to emit) */
    unsigned wdf;               /* for unprefixed words and Z stems */
    unsigned body_start;        /* position of the first body word, or 0 */
    const char *field_prefix;   /* NULL, or the title's S */
    cx_status_t status;
    struct held *held;          /* words whose stem terms wait */
    size_t n_held, max_held;
    char *pool;                 /* their strings */
    size_t pool_len, pool_size;
};

/* The index keeps no positions: they were more than half of its size and
 * of its build time.  Phrases and NEAR are checked on the text instead
 * (cari_document_positions gives the positions these terms had). */
static cx_status_t
add_prefixed (struct builder *b, const char *p1, const char *p2,
	      const char *term, size_t len, unsigned pos, unsigned wdf)
{
    char buf[CX_MAX_TERM_BYTES + 1];
    size_t n1 = strlen (p1), n2 = strlen (p2);

    if (n1 + n2 + len > CX_MAX_TERM_BYTES)
	return CX_STATUS_SUCCESS;       /* cannot be; skip rather than fail */
    memcpy (buf, p1, n1);
    memcpy (buf + n1, p2, n2);
    memcpy (buf + n1 + n2, term, len);
    if (b->emit) {
	b->emit (b->emit_ctx, buf, n1 + n2 + len, pos);
	return CX_STATUS_SUCCESS;
    }
    return cx_doc_add_term (b->doc, buf, n1 + n2 + len, wdf);
}

/* Copy n bytes and a NUL into the builder's pool; returns the offset, or
 * (size_t) -1 when out of memory. */
static size_t
pool_add (struct builder *b, const char *s, size_t n)
{
    if (b->pool_len + n + 1 > b->pool_size) {
	size_t size = b->pool_size ? 2 * b->pool_size : 4096;
	while (size < b->pool_len + n + 1)
	    size *= 2;
	char *pool = realloc (b->pool, size);
	if (!pool)
	    return (size_t) -1;
	b->pool = pool;
	b->pool_size = size;
    }
    memcpy (b->pool + b->pool_len, s, n);
    b->pool[b->pool_len + n] = '\0';
    b->pool_len += n + 1;
    return b->pool_len - n - 1;
}

/* Hold back t's stem term (see struct held). */
static cx_status_t
hold (struct builder *b, const cari_token_t *t, unsigned wdf)
{
    if (b->n_held == b->max_held) {
	size_t max = b->max_held ? 2 * b->max_held : 256;
	struct held *h = realloc (b->held, max * sizeof *h);
	if (!h)
	    return CX_STATUS_OUT_OF_MEMORY;
	b->held = h;
	b->max_held = max;
    }
    size_t f = pool_add (b, t->folded, t->folded_len);
    size_t st = f == (size_t) -1 ? f : pool_add (b, t->stem, t->stem_len);
    if (st == (size_t) -1)
	return CX_STATUS_OUT_OF_MEMORY;
    b->held[b->n_held++] = (struct held) {
	f, st, t->pos, wdf, b->field_prefix != NULL, t->written, t->guess,
	0 };
    return CX_STATUS_SUCCESS;
}

/* Held words by word, then position; pool is the builder's pool. */
static int
by_word (const void *a, const void *b, void *pool)
{
    const struct held *x = a, *y = b;
    int c = strcmp ((char *) pool + x->folded, (char *) pool + y->folded);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* The verdict on each held word whose stem is a guess: a name in this
 * article when it is written with a capital inside a sentence (Persebaya,
 * Lukaku) or in capitals, and never in lower case.  A name, like a word
 * in capitals, is its own stem, with its own Z term, so that sebaya does
 * not find Persebaya nor luka Lukaku, and the search learns from those
 * terms which words are names (see cari_names_learned).  Then the stem
 * terms. */
static cx_status_t
add_held (struct builder *b)
{
    if (b->n_held == 0)
	return b->status;
    qsort_r (b->held, b->n_held, sizeof *b->held, by_word, b->pool);
    for (size_t i = 0, j; i < b->n_held; i = j) {
	int capital = 0, lower = 0;
	for (j = i; j < b->n_held && !strcmp (b->pool + b->held[j].folded,
					      b->pool + b->held[i].folded);
	     j++) {
	    capital |= b->held[j].written >= CARI_WRITTEN_CAPITAL;
	    lower |= b->held[j].written == CARI_WRITTEN_LOWER;
	}
	for (size_t k = i; k < j; k++)
	    b->held[k].name = (capital && !lower) || !b->held[k].guess;
    }
    for (size_t i = 0; i < b->n_held && !b->status; i++) {
	const struct held *h = &b->held[i];
	const char *stem = b->pool + (h->name ? h->folded : h->stem);
	b->status = add_prefixed (b, CARI_PREFIX_STEM, "", stem, strlen (stem),
				  h->pos, h->wdf);
	if (!b->status && h->title)
	    b->status = add_prefixed (b, CARI_PREFIX_STEM, CARI_PREFIX_TITLE,
				      stem, strlen (stem), h->pos, 1);
    }
    return b->status;
}

static void
builder_clear (struct builder *b)
{
    free (b->held);
    free (b->pool);
}

/* XU<folded> or XC<folded>: the article writes the word in capitals or
 * capitalized inside a sentence (a boolean term: once an article). */
static cx_status_t
add_written (cx_doc_t *doc, const cari_token_t *t)
{
    char buf[CX_MAX_TERM_BYTES + 1];
    const char *prefix = t->written == CARI_WRITTEN_UPPER ? CARI_PREFIX_UPPER
							  : CARI_PREFIX_CAPITAL;
    size_t n = strlen (prefix);

    if (t->folded_len + n > CX_MAX_TERM_BYTES)
	return CX_STATUS_SUCCESS;
    memcpy (buf, prefix, n);
    memcpy (buf + n, t->folded, t->folded_len);
    return cx_doc_add_boolean_term (doc, buf, n + t->folded_len);
}

static int
add_token (void *ctx, const cari_token_t *t)
{
    struct builder *b = ctx;
    unsigned wdf = b->wdf;
    /* A word that is its own stem gets no stem term in the index: the
     * search looks for the stem as the stem term or the word (see
     * cx_search_create), and so finds the same articles with the same
     * counts.  Most words are their own stem; their stem terms were a
     * third of the index's postings and of its build time.  The positions
     * for phrases (b->emit) still give every word its stem. */
    int own = t->stem_len == t->folded_len &&
	      memcmp (t->stem, t->folded, t->stem_len) == 0;
    int stems = b->stems && (b->emit || !own);

    if (b->body_start && t->pos < b->body_start + CARI_LEAD_WORDS)
	wdf = t->pos < b->body_start + CARI_OPENING_WORDS ? CARI_OPENING_WDF
							   : CARI_LEAD_WDF;

    b->status = add_prefixed (b, "", "", t->folded, t->folded_len, t->pos,
			      wdf);
    if (!b->status && b->field_prefix)
	b->status = add_prefixed (b, b->field_prefix, "", t->folded,
				  t->folded_len, t->pos, 1);
    if (!b->status && b->doc && !b->emit &&
	t->written >= CARI_WRITTEN_CAPITAL)
	b->status = add_written (b->doc, t);
    if (!b->status && stems && !own &&
	(t->guess || t->written == CARI_WRITTEN_UPPER))
	b->status = hold (b, t, wdf);
    else if (!b->status && stems) {
	b->status = add_prefixed (b, CARI_PREFIX_STEM, "", t->stem,
				  t->stem_len, t->pos, wdf);
	if (!b->status && b->field_prefix)
	    b->status = add_prefixed (b, CARI_PREFIX_STEM, b->field_prefix,
				      t->stem, t->stem_len, t->pos, 1);
    }
    return b->status != CX_STATUS_SUCCESS;
}

size_t
_cari_source_fold (const char *source, size_t len, char *buf)
{
    /* As it always was: room for the prefix and 8 bytes to spare. */
    size_t n = cari_utf8_cut (source, len, CX_MAX_TERM_BYTES + 1 - 8
					    - strlen (CARI_PREFIX_SOURCE));

    for (size_t i = 0; i < n; i++)
	buf[i] = (source[i] >= 'A' && source[i] <= 'Z')
		 ? (char) (source[i] + 32) : source[i];
    buf[n] = '\0';
    return n;
}

/* The boolean source term: XS and the source folded to ASCII lower case
 * (what users type after source:), cut to fit a term. */
static cx_status_t
add_source (cx_doc_t *doc, const char *source)
{
    char buf[CX_MAX_TERM_BYTES + 1] = CARI_PREFIX_SOURCE;
    size_t n = strlen (CARI_PREFIX_SOURCE);

    n += _cari_source_fold (source, strlen (source), buf + n);
    return cx_doc_add_boolean_term (doc, buf, n);
}

struct title_key {
    XXH3_state_t *state;
    unsigned words;
};

static int
add_key_word (void *ctx, const cari_token_t *t)
{
    struct title_key *k = ctx;

    k->words++;
    return XXH3_64bits_update (k->state, t->folded, t->folded_len) ||
	   XXH3_64bits_update (k->state, " ", 1);
}

int
cari_title_key (cari_analyzer_t *an, const char *text, size_t len,
		char key[CARI_TITLE_KEY_BYTES])
{
    struct title_key k = { XXH3_createState (), 0 };

    if (!k.state || XXH3_64bits_reset (k.state)) {
	XXH3_freeState (k.state);
	return -1;
    }
    cari_analyze_words (an, text, len, 1, add_key_word, &k);
    snprintf (key, CARI_TITLE_KEY_BYTES, CARI_PREFIX_TITLE_KEY "%016llx",
	      (unsigned long long) XXH3_64bits_digest (k.state));
    XXH3_freeState (k.state);
    return k.words ? 0 : -1;
}

/* The words of title and body, through b. */
static cx_status_t
add_words (cari_analyzer_t *an, const char *title, const char *content,
	   size_t content_len, struct builder *b)
{
    unsigned (*analyze) (cari_analyzer_t *, const char *, size_t, unsigned,
			 cari_token_func_t, void *) =
	b->stems ? cari_analyze : cari_analyze_words;
    unsigned pos;

    b->wdf = CARI_TITLE_WDF;
    b->body_start = 0;
    b->field_prefix = CARI_PREFIX_TITLE;
    b->status = CX_STATUS_SUCCESS;
    pos = analyze (an, title, strlen (title), 1, add_token, b);
    if (b->status)
	return b->status;
    b->wdf = 1;
    b->field_prefix = NULL;
    b->body_start = pos + CARI_TITLE_GAP;
    analyze (an, content, content_len, pos + CARI_TITLE_GAP, add_token, b);
    return b->status ? b->status : add_held (b);
}

int
cari_document_positions (void *an, const char *data, size_t len, int stems,
			 cx_term_pos_func_t emit, void *emit_ctx)
{
    cari_fields_t f;
    struct builder b = { NULL, emit, emit_ctx, stems, 0, 0, NULL,
			 CX_STATUS_SUCCESS, NULL, 0, 0, NULL, 0, 0 };

    if (cari_document_fields (data, len, &f))
	return -1;
    cx_status_t status = add_words (an, f.title, f.content, f.content_len,
				    &b);
    builder_clear (&b);
    if (!status)
	_cari_cms_positions (an, f.author, stems, emit, emit_ctx);
    return status ? -1 : 0;
}

cx_status_t
cari_document_build (cari_analyzer_t *an, const cari_article_t *a,
		     cx_doc_t *doc, const char hash[17])
{
    struct builder b = { doc, NULL, NULL, 1, 0, 0, NULL, CX_STATUS_SUCCESS,
			 NULL, 0, 0, NULL, 0, 0 };
    cx_status_t status;
    char date[11] = "";

    cx_doc_clear (doc);

    /* a->id is at most CARI_MAX_ID_BYTES long, so the term fits. */
    char q[CX_MAX_TERM_BYTES + 1];
    int qlen = snprintf (q, sizeof q, CARI_PREFIX_ID "%s", a->id);
    if ((status = cx_doc_add_boolean_term (doc, q, (size_t) qlen)))
	return status;

    status = add_words (an, a->title, a->content, a->content_len, &b);
    builder_clear (&b);
    if (status)
	return status;
    char key[CARI_TITLE_KEY_BYTES];
    if (cari_title_key (an, a->title, strlen (a->title), key) == 0 &&
	(status = cx_doc_add_term (doc, key, strlen (key), 1)))
	return status;

    if (a->cms && (status = _cari_cms_index (an, a->cms, doc)))
	return status;

    if (*a->source &&
	((status = add_source (doc, a->source)) ||
	 (status = cx_doc_set_value (doc, CARI_SLOT_SOURCE, a->source,
				     strlen (a->source)))))
	return status;

    if (a->date8[0]) {
	char term[10];
	snprintf (term, sizeof term, CARI_PREFIX_DAY "%s", a->date8);
	if ((status = cx_doc_add_boolean_term (doc, term, 9)))
	    return status;
	snprintf (term, sizeof term, CARI_PREFIX_MONTH "%.6s", a->date8);
	if ((status = cx_doc_add_boolean_term (doc, term, 7)))
	    return status;
	snprintf (term, sizeof term, CARI_PREFIX_YEAR "%.4s", a->date8);
	if ((status = cx_doc_add_boolean_term (doc, term, 5)))
	    return status;
	if ((status = cx_doc_set_value (doc, CARI_SLOT_DATE, a->date8, 8)))
	    return status;
	snprintf (date, sizeof date, "%.4s-%.2s-%.2s", a->date8, a->date8 + 4,
		  a->date8 + 6);
    }

    char value[CARI_HASH_CHARS + CARI_MAX_ID_BYTES + 1];
    size_t idlen = strlen (a->id);
    if (idlen > CARI_MAX_ID_BYTES)
	return CX_STATUS_ILLEGAL_ARGUMENT;
    memcpy (value, hash, CARI_HASH_CHARS);
    memcpy (value + CARI_HASH_CHARS, a->id, idlen);
    if ((status = cx_doc_set_value (doc, CARI_SLOT_HASH, value,
				    CARI_HASH_CHARS + idlen)))
	return status;

    /* The fields in order, each but the content ended by a NUL byte; then
     * the CMS fields, after a NUL, when there are any. */
    const char *fields[] = { a->id, a->url, a->title, date, a->source };
    size_t n[5], total = a->content_len, cms_len = 0;
    char *cms = a->cms ? _cari_cms_data (a->cms, &cms_len) : NULL;
    if (!cms && a->cms && cms_len)
	return CX_STATUS_OUT_OF_MEMORY;
    for (int i = 0; i < 5; i++)
	total += (n[i] = strlen (fields[i])) + 1;
    char *text = malloc (total + 1 + (cms ? cms_len : 0)), *p = text;
    if (!text) {
	free (cms);
	return CX_STATUS_OUT_OF_MEMORY;
    }
    for (int i = 0; i < 5; i++) {
	memcpy (p, fields[i], n[i] + 1);
	p += n[i] + 1;
    }
    memcpy (p, a->content, a->content_len);
    if (cms) {
	p[a->content_len] = '\0';
	memcpy (p + a->content_len + 1, cms, cms_len);
	total += 1 + cms_len;
    }
    free (cms);
    status = cx_doc_set_data (doc, text, total);
    free (text);
    return status;
}

int
cari_document_fields (const char *data, size_t len, cari_fields_t *out)
{
    const char **f[] = { &out->id, &out->url, &out->title, &out->date,
			 &out->source };
    const char *p = data, *end = data + len;

    for (int i = 0; i < 5; i++) {
	const char *nul = p < end ? memchr (p, '\0', (size_t) (end - p))
				  : NULL;
	if (!nul)
	    return -1;
	*f[i] = p;
	p = nul + 1;
    }
    out->content = p;
    out->content_len = (size_t) (end - p);
    out->author = out->rubrik = out->image = out->tags = NULL;
    out->n_tags = 0;
    const char *nul = memchr (p, '\0', out->content_len);
    if (nul) {
	out->content_len = (size_t) (nul - p);
	_cari_cms_fields (nul + 1, (size_t) (end - nul - 1), out);
    }
    return 0;
}
