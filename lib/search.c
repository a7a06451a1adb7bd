/* search.c - one search, from query text to the JSON of its hits
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include "lib/cms.h"
#include "lib/copies.h"
#include "lib/correct.h"
#include "lib/facets.h"
#include "lib/fresh.h"
#include "lib/index.h"
#include "lib/layout.h"
#include "lib/querylang.h"
#include "lib/related.h"
#include "lib/remote.h"
#include "lib/sources.h"
#include "lib/synonyms.h"
#include "lib/schema.h"
#include "lib/snippet.h"
#include "lib/ties.h"
#include "stemmer/stopwords.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define DEFAULT_SNIPPET_CHARS 200

struct cari_searcher {
    char *dbpath;
    cx_db_t *db;
    cx_search_t *search;
    cari_analyzer_t *an;
    char *warning;
    cari_layout_stamp_t stub;   /* of DIR/XAPIANDB when opened */
    unsigned long long revision;    /* what the names learned are of */
    const char *corrected;      /* the words a correction put in the query
				 * being run, space-separated, or NULL */
    int dated;                  /* the query being run has a date filter */
    const cari_synonyms_t *synonyms;    /* borrowed, or NULL */
    _cari_fresh_t fresh;        /* the clock of a fresh ranking */
};

/* Open dbpath and set up the query parser on it: into s.  Returns the
 * status, with *error set on failure. */
static cari_status_t
open_index (cari_searcher_t *s, char **error)
{
    cx_db_t *db = NULL;
    cx_search_t *search = NULL;
    char *detail = NULL, *why = NULL;
    const char *dbpath = s->dbpath;
    cx_status_t st;

    st = _cari_index_open_db (dbpath, &db, &detail, &s->stub);
    if (st == CX_STATUS_DATABASE_NOT_FOUND) {
	int named = strcmp (dbpath, cari_default_db ()) != 0;
	*error = cari_msg ("no index at %s; build one with: cari-index %s%s%sFILE...",
		      dbpath, named ? "--db " : "", named ? dbpath : "",
		      named ? " " : "");
    } else if (st) {
	*error = cari_msg ("cannot open the index %s: %s%s%s%s", dbpath,
		      cx_status_to_string (st), detail ? ": " : "",
		      detail ? detail : "",
		      st == CX_STATUS_DATABASE_CORRUPT
		      ? "; restore it from a backup, or build it again in a new "
			"directory with cari-index" : "");
    }
    free (detail);
    if (st)
	return _cari_status_from_cx (st);
    if (cari_schema_check (db, 0, &why) < 0) {
	*error = cari_msg ("cannot use the index %s: %s", dbpath,
		      why ? why : "out of memory");
	free (why);
	cx_db_destroy (db);
	return why ? CARI_STATUS_SCHEMA_MISMATCH : CARI_STATUS_OUT_OF_MEMORY;
    }
    if (cx_search_create (db, cari_analyzer_stem, s->an, &search) ||
	cx_search_add_prefix (search, "title", CARI_PREFIX_TITLE, 0) ||
	cx_search_add_prefix (search, "source", CARI_PREFIX_SOURCE, 1) ||
	cx_search_add_prefix (search, "author", CARI_PREFIX_AUTHOR, 0) ||
	cx_search_add_prefix (search, "rubrik", CARI_PREFIX_RUBRIK, 1) ||
	cx_search_add_prefix (search, "tag", CARI_PREFIX_TAG, 1) ||
	cx_search_set_phrase_boost (search, CARI_PREFIX_TITLE,
				    CARI_TITLE_PHRASE_BOOST) ||
	cx_search_set_positions (search, cari_document_positions, s->an) ||
	cx_search_set_term_rule (search, _cari_stem_rule, s->an) ||
	cx_search_set_max_expansion (search, CARI_MAX_EXPANSION) ||
	/* Equal weights (wire copies of equal text) in the same order in
	 * one index and in shards (lib/shards.c): by the source hash and
	 * id of slot 1, not by document id. */
	cx_search_set_tiebreak (search, CARI_SLOT_HASH) ||
	cx_search_set_stopwords (search, cari_stopwords,
				 cari_stopwords_count)) {
	*error = cari_msg ("cannot set up the search on %s: %s", dbpath,
		      cx_db_status_string (db));
	cx_search_destroy (search);
	cx_db_destroy (db);
	return CARI_STATUS_INDEX_ERROR;
    }
    free (s->warning);
    s->warning = cari_lexicon_check (db, s->an, 0);
    cx_search_destroy (s->search);
    cx_db_destroy (s->db);
    s->db = db;
    s->search = search;
    cari_analyzer_set_names (s->an, cari_names_learned, db);
    if (cx_db_revision (db, &s->revision))
	s->revision = 0;
    return CARI_STATUS_SUCCESS;
}

cari_status_t
cari_searcher_open (const char *dbpath, cari_searcher_t **out, char **error)
{
    cari_searcher_t *s = calloc (1, sizeof *s);
    cari_status_t st;

    *error = NULL;
    *out = NULL;
    if (!s || !(s->dbpath = strdup (dbpath)) ||
	!(s->an = cari_analyzer_create ())) {
	cari_searcher_destroy (s);
	*error = cari_msg ("out of memory");
	return CARI_STATUS_OUT_OF_MEMORY;
    }
    if ((st = open_index (s, error))) {
	cari_searcher_destroy (s);
	return st;
    }
    *out = s;
    return CARI_STATUS_SUCCESS;
}

void
cari_searcher_destroy (cari_searcher_t *s)
{
    if (!s)
	return;
    cx_search_destroy (s->search);
    cx_db_destroy (s->db);
    cari_analyzer_destroy (s->an);
    free (s->warning);
    free (s->dbpath);
    free (s);
}

const char *
cari_searcher_warning (const cari_searcher_t *s)
{
    return s ? s->warning : NULL;
}

int
cari_searcher_refresh (cari_searcher_t *s)
{
    cari_layout_stamp_t stub;
    char *error = NULL;

    cari_layout_stamp (s->dbpath, &stub);
    if (!cari_layout_stamp_equal (&stub, &s->stub)) {
	/* A new generation was swapped in: open it from scratch. */
	if (open_index (s, &error)) {
	    free (error);
	    return -1;
	}
	return 0;
    }
    unsigned long long revision;
    if (cx_db_reopen (s->db) || cx_db_revision (s->db, &revision))
	return -1;
    /* New articles may have taught the index names: forget the stems
     * worked out before. */
    if (revision != s->revision)
	cari_analyzer_set_names (s->an, cari_names_learned, s->db);
    s->revision = revision;
    return 0;
}

/* Search state for the hits of one request. */
struct job {
    cari_searcher_t *s;
    const cari_request_t *req;
    cari_highlighter_t *hl;
};

/* What a cari_results_t holds for its caller. */
struct results {
    cari_results_t pub;         /* first: what the caller sees */
    cx_hits_t *xhits;           /* the document data the hits borrow */
    cari_hit_t *hits;
    struct hit_text {
	cari_snippet_t body;    /* snippet_text and its highlights */
	char *html, *title_html;
	char *title;            /* derived, when the article has none */
	const char **tags;      /* the hit's tags */
    } *text;
    char *suggestion;
    char *group;                /* with copies_of: the group's key */
    char *related_title;        /* related_to's (lib/related.c) */
    char *expanded;             /* pub.expanded_query */
    char **missing;             /* pub.missing_shards (lib/remote.c) */
};

/* The hit of rank whose document data is data, its snippets made and
 * kept in text, into *out.  Returns 0, or -1 when out of memory. */
/* Whether req's hits collapse on wire copies: asked for, and not ranked
 * fresh (its run keeps the best by a mixed score and does not collapse). */
static int
collapsing (const cari_request_t *req)
{
    return req->collapse && !(req->fresh_half_life_days > 0);
}

static int
fill_hit (struct job *j, unsigned rank, double score,
	  const cari_fields_t *data, struct hit_text *text, cari_hit_t *out)
{
    cari_snippet_t title = { NULL, 0, NULL, 0 };
    const char *t = data->title, *content = data->content;
    size_t chars = j->req->snippet_chars ? j->req->snippet_chars
					  : DEFAULT_SNIPPET_CHARS;
    int ret = -1;

    if (!*t && !(t = text->title = _cari_title_derive (content,
						       data->content_len,
						       data->url)))
	return -1;
    if (cari_snippet_make (j->s->an, j->hl, t, strlen (t), 0, &title) < 0)
	return -1;
    if (!j->req->no_snippets &&
	cari_snippet_make (j->s->an, j->hl, content, data->content_len, chars,
			   &text->body) < 0)
	goto done;
    text->title_html = cari_snippet_render (&title, "<mark>", "</mark>", 1);
    text->html = text->body.text ? cari_snippet_render (&text->body, "<mark>",
							"</mark>", 1)
				 : strdup ("");
    if (!text->html || !text->title_html)
	goto done;
    out->rank = rank;
    out->score = score;
    out->id = data->id;
    out->title = t;
    out->url = data->url;
    out->date = data->date;
    out->source = data->source;
    out->snippet_text = text->body.text ? text->body.text : "";
    out->snippet_len = text->body.len;
    out->snippet_html = text->html;
    out->title_html = text->title_html;
    out->highlights = text->body.marks;
    out->n_highlights = text->body.n_marks;
    out->title_derived = text->title != NULL;
    out->author = data->author;
    out->rubrik = data->rubrik;
    out->image = data->image;
    if (_cari_cms_tag_list (data, &text->tags) < 0)
	goto done;
    out->tags = text->tags;
    out->n_tags = data->n_tags;
    ret = 0;
done:
    cari_snippet_clear (&title);
    return ret;
}

void
cari_results_destroy (cari_results_t *pub)
{
    struct results *r = (struct results *) pub;

    if (!r)
	return;
    for (size_t i = 0; r->text && i < r->pub.n_hits + 1; i++) {
	cari_snippet_clear (&r->text[i].body);
	free (r->text[i].html);
	free (r->text[i].title_html);
	free (r->text[i].title);
	free (r->text[i].tags);
    }
    free (r->text);
    free (r->hits);
    free (r->suggestion);
    free (r->group);
    free (r->related_title);
    free (r->expanded);
    for (size_t i = 0; i < r->pub.n_missing_shards; i++)
	free (r->missing[i]);
    free (r->missing);
    _cari_facets_free (&r->pub);
    cx_hits_destroy (r->xhits);
    free (r);
}

/* The hits of xhits into r (which takes them). Returns 0, or -1 when out
 * of memory. */
static int
fill_hits (struct job *j, cx_hits_t *xhits, struct results *r)
{
    size_t n = cx_hits_count (xhits);

    r->xhits = xhits;
    /* One more text than hits: the one being filled when memory ran out. */
    r->hits = calloc (n ? n : 1, sizeof *r->hits);
    r->text = calloc (n + 1, sizeof *r->text);
    if (!r->hits || !r->text)
	return -1;
    r->pub.hits = r->hits;
    for (size_t i = 0; i < n; i++) {
	const cx_hit_t *hit = cx_hits_get (xhits, i);
	cari_fields_t data;
	if (cari_document_fields (hit->data, hit->data_len, &data) < 0)
	    continue;           /* damaged: cari-index --stats tells */
	size_t k = r->pub.n_hits;
	if (j->req->collapse && _cari_collapsed (r->hits, k, hit))
	    continue;
	if (fill_hit (j, hit->rank + 1, hit->weight, &data, &r->text[k],
		      &r->hits[k]) < 0)
	    return -1;
	if (collapsing (j->req) || j->req->copies_of)
	    _cari_copies_hit (j->s->db, j->req->copies_of ? r->group
				: hit->collapse_key, &r->hits[k]);
	r->hits[k].fresh_score = r->pub.ranking &&
				 !strcmp (r->pub.ranking, "fresh")
				 ? hit->key : NAN;
	r->pub.n_hits++;
    }
    return 0;
}

/* Only the articles of the outlets source names (tempo for tempo.co).
 * Returns 0, or -1 with *error set. */
static int
set_source (cari_searcher_t *s, const char *source, char **error)
{
    char **names, **terms = NULL;
    size_t n;
    cx_status_t st = _cari_sources_match (s->db, source, strlen (source),
					  &names, &n);

    if (!st && !n) {
	*error = cari_msg ("no outlet is named '%s' in the index; cari-query "
			   "--sources and /api/sources list them", source);
	return -1;
    }
    if (!st && !(terms = calloc (n, sizeof *terms)))
	st = CX_STATUS_OUT_OF_MEMORY;
    for (size_t i = 0; !st && i < n; i++)
	if (!(terms[i] = cari_msg (CARI_PREFIX_SOURCE "%s", names[i])))
	    st = CX_STATUS_OUT_OF_MEMORY;
    if (!st)
	st = cx_search_filter_any (s->search, (const char *const *) terms, n);
    for (size_t i = 0; terms && i < n; i++)
	free (terms[i]);
    free (terms);
    _cari_sources_free (names, n);
    if (st) {
	*error = cari_msg ("cannot set the filters: %s",
			   cx_db_status_string (s->db));
	return -1;
    }
    return 0;
}

/* Set the filters of req and of the date: words (already in lo, hi) on
 * the parsed query.  Returns 0, or -1 with *error set. */
static int
set_filters (cari_searcher_t *s, const cari_request_t *req, char lo[9],
	     char hi[9], char **error)
{
    char l[9], h[9];
    if (req->since) {
	if (cari_date_range (req->since, strlen (req->since), l, h) < 0) {
	    *error = cari_msg ("--since wants a date as YYYY-MM-DD, YYYY-MM or "
			  "YYYY, not '%s'", req->since);
	    return -1;
	}
	if (!*lo || strcmp (l, lo) > 0)
	    memcpy (lo, l, 9);
    }
    if (req->until) {
	if (cari_date_range (req->until, strlen (req->until), l, h) < 0) {
	    *error = cari_msg ("--until wants a date as YYYY-MM-DD, YYYY-MM or "
			  "YYYY, not '%s'", req->until);
	    return -1;
	}
	if (!*hi || strcmp (h, hi) < 0)
	    memcpy (hi, h, 9);
    }
    if (*lo && *hi && strcmp (lo, hi) > 0) {
	*error = cari_msg ("the dates asked for leave no day (from %.4s-%.2s-%.2s "
		      "to %.4s-%.2s-%.2s); make the range wider", lo, lo + 4,
		      lo + 6, hi, hi + 4, hi + 6);
	return -1;
    }
    s->dated = *lo || *hi;
    if ((*lo || *hi) &&
	cx_search_filter_range (s->search, CARI_SLOT_DATE, *lo ? lo : NULL,
				*hi ? hi : NULL))
	goto oom;
    if (req->source && *req->source && set_source (s, req->source, error) < 0)
	return -1;
    if (_cari_cms_filters (s->search, req, error) < 0)
	return -1;
    if (req->sort_by_date &&
	cx_search_sort_by_value (s->search, CARI_SLOT_DATE))
	goto oom;
    return 0;
oom:
    *error = cari_msg ("cannot set the filters: %s", cx_db_status_string (s->db));
    return -1;
}

/* Run the parsed query, reopening the index if a commit changed it. */
static cx_status_t
run (cari_searcher_t *s, unsigned offset, unsigned limit, cx_hits_t **hits)
{
    cx_status_t st = CX_STATUS_SUCCESS;
    for (int attempt = 0; attempt < 3; attempt++) {
	st = cx_search_run (s->search, offset, limit, hits);
	if (st != CX_STATUS_DATABASE_MODIFIED)
	    break;
	cx_db_reopen (s->db);
    }
    return st;
}

/* Parse q with the filters of req into s->search.  Returns 0, or -1 with
 * *error set to what the user should change. */
static int
prepare (cari_searcher_t *s, const cari_request_t *req, const char *q,
	 char **error)
{
    cx_status_t st;
    char lo[9] = "", hi[9] = "", *bad = NULL;
    int negated;
    char *named = NULL, *words;
    if (strcasestr (q, "source:")) {
	if (!(named = _cari_sources_rewrite (s->db, q, &bad))) {
	    *error = bad ? cari_msg ("no outlet is named '%s' in the index; "
				     "cari-query --sources and /api/sources "
				     "list them", bad)
			 : cari_msg ("cannot read the outlets of the index: %s",
				     cx_db_status_string (s->db));
	    free (bad);
	    return -1;
	}
    }
    /* The messages below quote q as the reader typed it. */
    words = _cari_take_dates (named ? named : q, lo, hi, &bad, &negated);
    free (named);
    if (!words) {
	if (bad && negated)
	    *error = cari_msg ("'%s' in the query: a date: filter only narrows "
			  "the search, so it cannot be negated (-, NOT) or "
			  "joined by OR; give the dates to keep as one range, "
			  "such as date:2024-01..2024-06 or date:..2024-12-31",
			  bad);
	else if (bad)
	    *error = cari_msg ("cannot understand '%s' in the query: write dates "
			  "as date:2025-10-14, date:2025-10 or date:2025, "
			  "ranges as date:2025-10-01..2025-10-31", bad);
	else
	    *error = cari_msg ("out of memory");
	free (bad);
	return -1;
    }
    /* Synonyms widen what is parsed; the title key stays the words'. */
    int oom;
    char *wide = _cari_synonyms_expand (s->synonyms, words, &oom);
    st = oom ? CX_STATUS_OUT_OF_MEMORY
	     : _cari_query_parse (s->search, wide ? wide : words,
				  strlen (wide ? wide : words));
    free (wide);
    char key[CARI_TITLE_KEY_BYTES];
    if (!st && cari_title_key (s->an, words, strlen (words), key) == 0)
	st = cx_search_boost_term (s->search, key, CARI_TITLE_KEY_BOOST);
    free (words);
    if (st == CX_STATUS_BAD_QUERY_SYNTAX) {
	/* Xapian's own text ("Syntax: <expression> AND <expression>") says
	 * no more than this. */
	*error = cari_msg ("cannot understand the query '%s': AND, OR, NOT "
		      "and NEAR need words on both sides (write them in "
		      "lower case to search for them as words)", q);
	return -1;
    } else if (st) {
	*error = cari_msg ("cannot run the query '%s': %s%s%s", q,
		      cx_status_to_string (st),
		      *cx_db_status_string (s->db) ? ": " : "",
		      cx_db_status_string (s->db));
	return -1;
    }
    if (cx_search_wildcards (s->search) > CARI_MAX_WILDCARDS) {
	*error = cari_msg ("the query has %zu wildcards (word*); at most %d "
			   "are allowed in a query: remove some, or write "
			   "the words out", cx_search_wildcards (s->search),
			   CARI_MAX_WILDCARDS);
	return -1;
    }
    if (set_filters (s, req, lo, hi, error) < 0)
	return -1;
    if (cx_search_is_empty (s->search)) {
	*error = cari_msg ("the query '%s' has no words to search for; use "
		      "letters or digits, for example: banjir", q);
	return -1;
    }
    return 0;
}

/* The related articles of req->related_id, with the filters of req, into
 * s->search, that article's title into *title.  Returns 0, or -1 with
 * *status and *error set. */
static int
prepare_related (cari_searcher_t *s, const cari_request_t *req,
		 char **title, int *status, char **error)
{
    char lo[9] = "", hi[9] = "";
    /* By relevance only: newest first, the OR of the article's terms
     * would list nearly every article of the index by date. */
    cari_request_t filters = *req;
    filters.sort_by_date = 0;
    int st = _cari_related_query (s->db, s->search, s->an, req->related_id,
				  title, error);
    if (!st && set_filters (s, &filters, lo, hi, error) < 0) {
	st = CARI_SEARCH_USER_ERROR;
	free (*title);
	*title = NULL;
    }
    if (!st)
	return 0;
    *status = st;
    return -1;
}

/* The words of a query that may be misspelt: their byte spans. */
struct words {
    const char *q;
    struct { size_t start, end; } span[16];
    size_t n;
    size_t all;                 /* the words seen, those left alone too */
};

/* 1 when byte at of q is inside the value of a source: filter (an
 * outlet's name, not words to correct), or of a CMS field. */
static int
in_source_value (const char *q, size_t at)
{
    static const char *const fields[] = { "source:", "author:", "rubrik:",
					  "tag:" };
    const char *last = NULL, *v = NULL;
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
	for (const char *p = q; (p = strcasestr (p, fields[k])) &&
	     p < q + at; p++)
	    if (!last || p > last) {
		last = p;
		v = p + strlen (fields[k]);
	    }
    if (!last)
	return 0;
    const char *end = *v == '"' ? strchr (v + 1, '"') : v + strcspn (v, " \t");
    return q + at >= v && (!end || q + at < end);
}

static int
collect_word (void *ctx, const cari_token_t *t)
{
    struct words *w = ctx;
    const char *q = w->q;
    size_t len = t->end - t->start;

    w->all++;
    if (in_source_value (q, t->start))
	return 0;

    /* Operators, field names and words with digits are left alone. */
    if ((len == 2 && !strncmp (q + t->start, "OR", 2)) ||
	(len == 3 && (!strncmp (q + t->start, "AND", 3) ||
		      !strncmp (q + t->start, "NOT", 3) ||
		      !strncmp (q + t->start, "XOR", 3))) ||
	(len == 4 && !strncmp (q + t->start, "NEAR", 4)) ||
	q[t->end] == ':' || q[t->end] == '*' ||
	strpbrk (t->folded, "0123456789"))
	return 0;
    if (t->folded_len < CARI_SPELLING_MIN_BYTES)
	return 0;
    w->span[w->n].start = t->start;
    w->span[w->n].end = t->end;
    return ++w->n == sizeof w->span / sizeof w->span[0];
}

/* q with each word that may be a typo (few articles hold it) replaced by
 * its correction (lib/correct.c), or NULL when none is, or when q has
 * more than one word and some of the `found` articles hold them all: words
 * that meet in an article were typed as meant (a headline with a rare
 * name finds its article).  The corrected word, when q is that word
 * alone, into *words (else NULL). */
static char *
correct_query (cari_searcher_t *s, const char *q, unsigned long found,
	       char **words)
{
    struct words w = { q, { { 0, 0 } }, 0, 0 };
    char *fixed = NULL;
    size_t fixed_len = 0, words_len = 0, at = 0;
    int changed = 0, failed = 0;
    FILE *out, *wout;

    *words = NULL;
    cari_analyze (s->an, q, strlen (q), 0, collect_word, &w);
    if (!w.n || (found && w.all > 1) ||
	!(out = open_memstream (&fixed, &fixed_len)))
	return NULL;
    if (!(wout = open_memstream (words, &words_len))) {
	fclose (out);
	free (fixed);
	return NULL;
    }
    for (size_t i = 0; i < w.n && !failed; i++) {
	size_t len = w.span[i].end - w.span[i].start;
	char *word = strndup (q + w.span[i].start, len), *better = NULL;
	unsigned long freq = 1;
	if (word)
	    for (char *c = word; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
		    *c = (char) (*c + 32);
	failed = !word || cx_db_term_freq (s->db, word, &freq) ||
		 _cari_typo_correct (s->db, word, len, freq, &better) < 0;
	if (!failed && better) {
	    /* Written as the reader wrote the word: Prabowo for Prabwo. */
	    if (q[w.span[i].start] >= 'A' && q[w.span[i].start] <= 'Z')
		better[0] = (char) (better[0] - 32);
	    fprintf (out, "%.*s%s", (int) (w.span[i].start - at), q + at,
		     better);
	    at = w.span[i].end;
	    fprintf (wout, "%s%s", changed ? " " : "", better);
	    changed = 1;
	}
	free (word);
	free (better);
    }
    fputs (q + at, out);
    failed |= fclose (wout) != 0;
    if (fclose (out) != 0 || !changed || failed) {
	free (fixed);
	free (*words);
	*words = NULL;
	return NULL;
    }
    /* Only a word alone counts more as written (CARI_TYPO_EXACT_BOOST):
     * with others, their stems decide (a TyDi question lost a rank). */
    if (w.all > 1) {
	free (*words);
	*words = NULL;
    }
    return fixed;
}

/* found articles hold all the words of q (*r its results): when more
 * hold those of its correction (see correct_query), *r
 * becomes the corrected query's results (its query still req's, its
 * corrected_query the correction), or with req->exact the correction is
 * only offered as r's suggestion.  Returns 0, or -1 when out of memory
 * (*r unchanged).  The corrected run's time limit starts anew. */
static int
correct (cari_searcher_t *s, const cari_request_t *req, const char *q,
	 unsigned long found, struct results **r)
{
    cari_request_t fix = *req;
    cari_results_t *pub = NULL;
    char *words, *fixed = correct_query (s, q, found, &words), *error = NULL;
    struct results *sub;
    int failed;

    if (!fixed)
	return 0;
    fix.query = fixed;
    fix.exact = fix.no_suggestion = 1;
    if (req->exact) {           /* only a count: is it worth offering? */
	fix.offset = 0;
	fix.limit = 1;
	fix.no_snippets = 1;
	fix.facets = 0;
    }
    s->corrected = words;
    failed = cari_searcher_run (s, &fix, &pub, &error);
    s->corrected = NULL;
    free (words);
    if (failed) {
	int oom = error && !strcmp (error, "out of memory");
	free (error);
	free (fixed);
	return oom ? -1 : 0;
    }
    sub = (struct results *) pub;
    if (cx_hits_estimate_all (sub->xhits) <= found) {
	cari_results_destroy (pub);
	free (fixed);
    } else if (req->exact) {
	cari_results_destroy (pub);
	(*r)->pub.suggestion = (*r)->suggestion = fixed;
    } else {
	/* suggestion owns what the results point at: here the correction */
	sub->pub.query = req->query;
	sub->pub.corrected_query = sub->suggestion = fixed;
	cari_results_destroy (&(*r)->pub);
	*r = sub;
    }
    return 0;
}

void
cari_searcher_set_synonyms (cari_searcher_t *s, const cari_synonyms_t *syn)
{
    s->synonyms = syn;
}

int
cari_searcher_sources (cari_searcher_t *s, cari_source_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    return s ? _cari_sources_list (s->db, out, n) : -1;
}

int
cari_searcher_run (cari_searcher_t *s, const cari_request_t *req,
		   cari_results_t **out, char **error)
{
    struct job j = { s, req, NULL };
    const char *q = req->query && !req->related_id ? req->query : "";
    cx_hits_t *hits = NULL;
    struct results *r = NULL;
    cx_status_t st;
    int status = CARI_SEARCH_USER_ERROR;
    char *related_title = NULL;

    *error = NULL;
    *out = NULL;
    if (req->limit == 0 || req->limit > 10000) {
	*error = cari_msg ("the limit wants a number from 1 to 10000, not %u",
		      req->limit);
	return status;
    }
    if (!*q && !req->copies_of && !req->related_id) {
	*error = cari_msg ("no query; give words to search for, for example: "
		      "banjir");
	return status;
    }
    if (_cari_facets_check (req, error) < 0 ||
	_cari_fresh_check (req, error) < 0)
	return status;
    /* The clock of the time limit runs from here, for every run of the
     * request (the suggestion's too). */
    cx_search_set_time_limit (s->search, req->time_limit_ms / 1000.0);
    /* Fold the text as the analyzer folds words (accents, compatibility
     * forms), so that the words the parser keeps unstemmed match. */
    size_t nlen;
    char *norm = cari_normalize_query (q, strlen (q), &nlen);
    if (!norm) {
	*error = cari_msg ("the query is not valid UTF-8; retype it or check the "
		      "terminal's encoding");
	return status;
    }
    _cari_cms_fold_query (norm);        /* rubrik: and tag: as indexed */
    /* The old spelling as today's (Soeharto as Suharto), as the analyzer
     * reads the articles. */
    char *now = cari_analyzer_modernize_query (s->an, norm, nlen, &nlen);
    free (norm);
    if (!(norm = now)) {
	*error = cari_msg ("out of memory");
	return status;
    }
    if (req->copies_of
	? _cari_copies_of (s->db, s->search, req->copies_of, error) < 0
	: req->related_id
	? prepare_related (s, req, &related_title, &status, error) < 0
	: (prepare (s, req, norm, error) < 0 ||
	   _cari_typo_boost (s->search, s->corrected, error) < 0 ||
	   cx_search_set_collapse (s->search, collapsing (req)
					       ? CARI_SLOT_GROUP : -1))) {
	free (norm);
	return status;
    }
    status = CARI_SEARCH_INDEX_ERROR;
    const char *const *terms;
    size_t nterms;
    cx_search_terms (s->search, &terms, &nterms);
    j.hl = cari_highlighter_create (terms, nterms);
    if (j.hl && cx_search_wildcards (s->search) &&
	_cari_highlighter_add_wildcards (j.hl, s->an, norm) < 0) {
	cari_highlighter_destroy (j.hl);
	j.hl = NULL;
    }
    /* Only filters (date:2025-10, source:x): nothing to rank by, so the
     * newest first. */
    int filters_only = j.hl && cari_highlighter_is_empty (j.hl);
    if (filters_only)
	cx_search_sort_by_value (s->search, CARI_SLOT_DATE);
    st = !j.hl || _cari_fresh_set (s->search, &s->fresh, req)
	 ? CX_STATUS_OUT_OF_MEMORY : _cari_facets_setup (s->search, req);
    if (!st && _cari_remote_check (s->search, s->db, error) < 0) {
	status = *error ? CARI_SEARCH_USER_ERROR : CARI_SEARCH_INDEX_ERROR;
	goto done;
    }
    if (!st)
	st = run (s, req->offset, req->limit, &hits);
    if (st) {
	*error = cari_msg ("the search failed: %s%s%s%s",
		      cx_status_to_string (st),
		      *cx_db_status_string (s->db) ? ": " : "",
		      cx_db_status_string (s->db),
		      _cari_remote_advice (s->db));
	cx_hits_destroy (hits);
	goto done;
    }
    if (!(r = calloc (1, sizeof *r))) {
	cx_hits_destroy (hits);
	goto oom;
    }
    r->pub.query = q;
    r->pub.total = cx_hits_estimate (hits);
    r->pub.total_all = cx_hits_estimate_all (hits);
    r->pub.total_exact = cx_hits_exact (hits, 0);
    r->pub.total_all_exact = cx_hits_exact (hits, 1);
    r->pub.some_words_only = cx_hits_some_only (hits);
    /* Newest first, the hits are of the articles with every word. */
    r->pub.total_listed = req->sort_by_date && !r->pub.some_words_only
			  ? r->pub.total_all : r->pub.total;
    r->pub.offset = req->offset;
    r->pub.partial = cx_hits_partial (hits);
    r->xhits = hits;
    if (_cari_facets_take (&r->pub, req, hits) < 0)
	goto oom;
    /* A query of filters only has no weights to mix: newest first. */
    r->pub.ranking = req->sort_by_date || filters_only ? "date"
		     : req->fresh_half_life_days > 0 ? "fresh" : "relevance";
    if (!strcmp (r->pub.ranking, "fresh")) {
	r->pub.half_life_days = req->fresh_half_life_days;
	r->pub.now = s->fresh.now;
    }
    /* Articles without a date are in no date range: say how many. */
    unsigned long docs, dated;
    if (s->dated && !cx_db_doc_count (s->db, &docs) &&
	!cx_db_value_freq (s->db, CARI_SLOT_DATE, &dated) && docs > dated)
	r->pub.undated = docs - dated;
    if (req->copies_of && !(r->group = _cari_group_of (s->db, req->copies_of)))
	goto oom;
    r->pub.related_to = req->related_id;
    r->pub.related_title = r->related_title = related_title;
    related_title = NULL;
    int oom;
    if ((r->expanded = _cari_synonyms_expand (s->synonyms, norm, &oom))) {
	r->pub.expanded_query = r->expanded;
	r->pub.synonyms = cari_synonyms_identity (s->synonyms);
    } else if (oom) {
	goto oom;
    }
    /* A word few articles hold: does a correction find more?  Not when
     * the time is up, nor when synonyms widened the query (its forms are
     * words the site knows: PSSI is no typo of pagi).  Asked before the
     * snippets are made, which a correction's hits replace (r then has
     * them already). */
    if (!req->no_suggestion && !req->copies_of && !r->pub.partial &&
	!r->expanded &&
	(!req->exact || !req->offset) &&
	correct (s, req, norm, cx_hits_estimate_all (hits), &r) < 0)
	goto oom;
    if (!r->hits && fill_hits (&j, hits, r) < 0)
	goto oom;
    _cari_ties_order ((cari_hit_t *) r->pub.hits, r->pub.n_hits);
    /* Remote shards left out: partial, and which (after the correction,
     * which is asked of the shards that answered). */
    if (!r->missing) {
	if (_cari_remote_missing (s->db, &r->missing,
				  &r->pub.n_missing_shards) < 0)
	    goto oom;
	r->pub.missing_shards = (const char *const *) r->missing;
	if (r->missing)
	    r->pub.partial = 1;
    }
    *out = &r->pub;
    status = 0;
    goto done;

oom:
    cari_results_destroy (r ? &r->pub : NULL);
    *error = cari_msg ("out of memory");
done:
    free (norm);
    free (related_title);
    cari_highlighter_destroy (j.hl);
    return status;
}

json_t *
cari_searcher_search (cari_searcher_t *s, const cari_request_t *req,
		      int *status, char **error)
{
    cari_results_t *r;
    json_t *out;

    if ((*status = cari_searcher_run (s, req, &r, error)))
	return NULL;
    if (!(out = cari_results_json (r))) {
	*status = CARI_SEARCH_INDEX_ERROR;
	*error = cari_msg ("out of memory");
    }
    cari_results_destroy (r);
    return out;
}
