/* routes.c - cari-serve's routes: the API, /healthz and the dispatch
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "cli/json.h"
#include "include/cari.h"
#include "serve/cache.h"
#include "serve/page.h"
#include "serve/params.h"
#include "serve/pool.h"
#include "serve/routes.h"
#include "serve/static.h"
#include "serve/worker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How many completions and titles /api/suggest answers with, at most. */
#define SUGGEST_TERMS 10
#define SUGGEST_TITLES 5

/* Reply with body (the JSON without its closing brace, len bytes, taken
 * over) and took_ms. */
static enum MHD_Result
reply_body (struct MHD_Connection *c, cari_req_t *r, char *body, size_t len,
	    const struct timespec *t0, int cached)
{
    char *full = NULL;
    int n = asprintf (&full, "%.*s,\"took_ms\":%.3f%s}", (int) len, body,
		      cari_http_ms_since (t0),
		      cached ? ",\"cached\":true" : "");
    free (body);
    if (n < 0)
	return MHD_NO;
    return cari_http_reply (c, r, MHD_HTTP_OK, "application/json", full,
			    (size_t) n, 1, 1);
}

/* Dump j (taken over) without its closing brace, cache it under key (if
 * any) and reply with it. */
static enum MHD_Result
reply_cached (struct MHD_Connection *c, cari_req_t *r, const char *key,
	      json_t *j, const struct timespec *t0)
{
    size_t len = 0;
    char *s = cari_json_text (j, &len);

    json_decref (j);
    if (!s || !len || s[len - 1] != '}') {
	free (s);
	return cari_http_reply_error (c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				      NULL, "out of memory");
    }
    s[--len] = '\0';
    cari_cache_put (key, s, len);
    return reply_body (c, r, s, len, t0, 0);
}

/* The answer to the search of p under the cache key (which this frees):
 * from the cache, or run on a search thread (then MHD_YES: called again
 * when it is done); a failure names param when it is the caller's (400,
 * 404). */
static enum MHD_Result
search_answer (struct MHD_Connection *c, cari_req_t *r,
	       const cari_params_t *p, struct timespec *t0, char *key,
	       const char *param)
{
    unsigned status;
    char *error = NULL, *body;
    size_t len;
    enum MHD_Result ret;
    json_t *out;

    if ((!r || !r->job) && (body = cari_cache_get (key, &len))) {
	free (key);
	return reply_body (c, r, body, len, t0, 1);
    }
    if (cari_worker_search (c, r, p, &out, &status, &error)) {
	free (key);
	return MHD_YES;         /* called again when it is done */
    }
    if (r)
	*t0 = r->t0;            /* the wait for a thread counts */
    if (!out) {
	ret = cari_http_reply_error (c, r, status,
				     status == MHD_HTTP_BAD_REQUEST ||
				     status == MHD_HTTP_NOT_FOUND
				     ? param : NULL,
				     error ? error : "out of memory");
	free (error);
	free (key);
	return ret;
    }
    /* A partial answer is not kept: the same search may finish later. */
    ret = reply_cached (c, r, json_is_true (json_object_get (out, "partial"))
			      ? NULL : key, out, t0);
    free (key);
    return ret;
}

/* The cache key of the answer to p: every parameter a search reads, so
 * that two requests share an answer only when it is the same. */
static char *
params_key (const char *kind, const cari_params_t *p)
{
    char page[16], size[16], facets[16], fresh[64] = "";

    snprintf (page, sizeof page, "%u", p->page);
    snprintf (size, sizeof size, "%u", p->size);
    snprintf (facets, sizeof facets, "%u", p->facets ? p->facet_limit + 1 : 0);
    if (p->fresh)
	snprintf (fresh, sizeof fresh, "%.17g@%lld", p->half_life_days,
		  (long long) p->now);
    const char *parts[] = { p->q, p->related, page, size, p->source,
			    p->since, p->until, p->sort,
			    p->exact ? "exact" : "", p->rubrik, p->tag,
			    p->collapse ? "collapse" : "", p->copies_of,
			    facets, fresh };
    return cari_cache_key (kind, parts, sizeof parts / sizeof parts[0]);
}

static enum MHD_Result
api_search (struct MHD_Connection *c, cari_req_t *r)
{
    cari_params_t p;
    struct timespec t0;
    char *key;
    enum MHD_Result ret;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (cari_params_read (c, &p) < 0) {
	ret = cari_http_reply_error (c, r, MHD_HTTP_BAD_REQUEST, p.bad,
				     p.why ? p.why : "out of memory");
	free (p.why);
	return ret;
    }
    if ((!p.q || !*p.q) && !p.copies_of)
	return cari_http_reply_error (c, r, MHD_HTTP_BAD_REQUEST, "q",
				      "q is missing: give words to search "
				      "for, for example /api/search?q=banjir");
    key = params_key ("search", &p);
    return search_answer (c, r, &p, &t0, key, "q");
}

/* /api/related?id=ID: the articles related to the article ID, as
 * /api/search answers (and with its filters, page and size). */
static enum MHD_Result
api_related (struct MHD_Connection *c, cari_req_t *r)
{
    cari_params_t p;
    struct timespec t0;
    char *key;
    enum MHD_Result ret;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    if (cari_params_read (c, &p) < 0 ||
	cari_params_text (c, &p, "id", MAX_ID_BYTES, &p.related) < 0) {
	ret = cari_http_reply_error (c, r, MHD_HTTP_BAD_REQUEST, p.bad,
				     p.why ? p.why : "out of memory");
	free (p.why);
	return ret;
    }
    if (!p.related)
	return cari_http_reply_error (c, r, MHD_HTTP_BAD_REQUEST, "id",
				      "id is missing: give the id of an "
				      "article (a hit's \"id\"), for example "
				      "/api/related?id=ID");
    key = params_key ("related", &p);
    return search_answer (c, r, &p, &t0, key, "id");
}

/* ------------------------------------------------------------------ */
/* /api/suggest                                                       */
/* ------------------------------------------------------------------ */

/* The words of the suggest query: the last one, when the query does not
 * end in a separator, is the partial word to complete. */
struct words {
    size_t len;                 /* of the query */
    char *folded[16];           /* complete words, folded */
    size_t n;
    size_t last_start;          /* of the partial word in the query */
    char *partial;              /* folded, or NULL */
};

static int
collect_word (void *ctx, const cari_token_t *t)
{
    struct words *w = ctx;

    free (w->partial);
    w->partial = NULL;
    if (t->end == w->len) {
	w->partial = strdup (t->folded);
	w->last_start = t->start;
	return 0;
    }
    if (w->n < sizeof w->folded / sizeof w->folded[0])
	w->folded[w->n++] = strdup (t->folded);
    return 0;
}

/* Up to SUGGEST_TITLES titles of articles whose titles hold the words
 * (with the best completion of the partial one). */
static json_t *
suggest_titles (cari_worker_t *w, struct words *ws, const char *best)
{
    json_t *titles = json_array (), *out = NULL, *hits;
    char *q = NULL, *error = NULL;
    size_t qlen = 0;
    cari_request_t req;
    FILE *f;
    int st;

    if (!titles || !(f = open_memstream (&q, &qlen)))
	return titles;
    for (size_t i = 0; i < ws->n; i++)
	if (ws->folded[i])
	    fprintf (f, "title:%s ", ws->folded[i]);
    if (best)
	fprintf (f, "title:%s", best);
    if (fclose (f) != 0 || !*q)
	goto done;
    memset (&req, 0, sizeof req);
    req.query = q;
    req.limit = SUGGEST_TITLES;
    req.no_snippets = 1;
    req.no_suggestion = 1;      /* the completions are the suggestions */
    req.time_limit_ms = cari_worker_time_limit ();
    out = cari_searcher_search (w->searcher, &req, &st, &error);
    hits = json_object_get (out, "hits");
    for (size_t i = 0; i < json_array_size (hits); i++) {
	json_t *h = json_array_get (hits, i);
	json_array_append_new (titles, json_pack (
	    "{s:O, s:O, s:O, s:O, s:O, s:O}", "id", json_object_get (h, "id"),
	    "title", json_object_get (h, "title"), "title_html",
	    json_object_get (h, "title_html"), "url",
	    json_object_get (h, "url"), "date", json_object_get (h, "date"),
	    "source", json_object_get (h, "source")));
    }
done:
    json_decref (out);
    free (error);
    free (q);
    return titles;
}

/* The answer to /api/suggest?q=q, as a job of the pool (arg: the query,
 * borrowed from the suspended connection). */
static json_t *
suggest_job (void *arg, unsigned *status, char **error)
{
    const char *q = *(const char **) arg;
    struct words ws;
    const char *terms[SUGGEST_TERMS];
    unsigned long freqs[SUGGEST_TERMS];
    size_t nterms = 0;
    cari_worker_t *w;
    json_t *out, *completions;

    if (!(w = cari_worker_get (error, 1))) {
	*status = MHD_HTTP_SERVICE_UNAVAILABLE;
	return NULL;
    }
    memset (&ws, 0, sizeof ws);
    if (q) {
	ws.len = strlen (q);
	cari_analyze (w->an, q, ws.len, 0, collect_word, &ws);
    }
    /* Terms are folded words, as the partial word is; the last word is
     * completed in the context of those before it. */
    if (ws.partial && w->words)
	nterms = cari_words_complete_after (w->words, w->searcher, w->an,
					    (const char *const *) ws.folded,
					    ws.n, ws.partial, SUGGEST_TERMS,
					    terms, freqs);
    completions = json_array ();
    for (size_t i = 0; completions && i < nterms; i++) {
	char *cased = cari_words_cased (w->words, terms[i]);
	char *text = cased ? cari_msg ("%.*s%s", (int) ws.last_start, q,
				       cased) : NULL;
	json_array_append_new (completions, json_pack (
	    "{s:s?, s:s, s:I}", "text", text, "term", terms[i],
	    "articles", (json_int_t) freqs[i]));
	free (text);
	free (cased);
    }
    out = json_pack ("{s:s, s:o, s:o}", "query", q ? q : "",
		     "completions", completions, "titles",
		     suggest_titles (w, &ws, nterms ? terms[0] : ws.partial));
    for (size_t i = 0; i < ws.n; i++)
	free (ws.folded[i]);
    free (ws.partial);
    if (!out) {
	*status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	*error = strdup ("out of memory");
    }
    return out;
}

static enum MHD_Result
api_suggest (struct MHD_Connection *c, cari_req_t *r)
{
    cari_params_t p;
    struct timespec t0;
    unsigned status;
    char *error = NULL, *key, *body;
    const char **arg = NULL;
    size_t len;
    enum MHD_Result ret;
    json_t *out;

    clock_gettime (CLOCK_MONOTONIC, &t0);
    memset (&p, 0, sizeof p);
    if (cari_params_text (c, &p, "q", MAX_QUERY_BYTES, &p.q) < 0) {
	ret = cari_http_reply_error (c, r, MHD_HTTP_BAD_REQUEST, p.bad,
				     p.why ? p.why : "out of memory");
	free (p.why);
	return ret;
    }
    if (!MHD_lookup_connection_value (c, MHD_GET_ARGUMENT_KIND, "q"))
	return cari_http_reply_error (c, r, MHD_HTTP_BAD_REQUEST, "q",
				      "q is missing: give the words typed so "
				      "far, for example /api/suggest?q=banj");
    key = cari_cache_key ("suggest", &p.q, 1);
    if ((!r || !r->job) && (body = cari_cache_get (key, &len))) {
	free (key);
	return reply_body (c, r, body, len, &t0, 1);
    }
    /* A search of titles: on the cheap lane, under --max-searches. */
    if (!r || !r->job) {
	if (!(arg = malloc (sizeof *arg))) {
	    free (key);
	    return cari_http_reply_error (c, r, MHD_HTTP_INTERNAL_SERVER_ERROR,
					  NULL, "out of memory");
	}
	*arg = p.q;
    }
    if (cari_pool_run (c, r, CARI_LANE_CHEAP, suggest_job, arg, &out,
		       &status, &error)) {
	free (key);
	return MHD_YES;         /* called again when it is done */
    }
    if (r)
	t0 = r->t0;
    if (!out) {
	ret = cari_http_reply_error (c, r, status, NULL,
				     error ? error : "out of memory");
	free (error);
	free (key);
	return ret;
    }
    ret = reply_cached (c, r, key, out, &t0);
    free (key);
    return ret;
}

/* The outlets of the index as JSON: {"sources": [{"name", "articles"}]},
 * most articles first; NULL when it cannot be read. */
static json_t *
sources_json (cari_worker_t *w)
{
    cari_source_t *list;
    size_t n;
    json_t *a, *out;

    if (cari_searcher_sources (w->searcher, &list, &n) < 0)
	return NULL;
    a = json_array ();
    for (size_t i = 0; a && i < n; i++)
	json_array_append_new (a, json_pack ("{s:s, s:I}", "name",
					     list[i].name, "articles",
					     (json_int_t) list[i].articles));
    cari_sources_free (list, n);
    out = a ? json_pack ("{s:o}", "sources", a) : NULL;
    return out;
}

/* /api/sources: the outlets, for a site's list of them. */
static enum MHD_Result
api_sources (struct MHD_Connection *c, cari_req_t *r)
{
    char *error = NULL;
    enum MHD_Result ret;
    cari_worker_t *w = cari_worker_get (&error, 0);
    json_t *out = w ? sources_json (w) : NULL;

    if (!out) {
	ret = cari_http_reply_error (c, r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
				     error ? error
				     : "cannot read the outlets of the index");
	free (error);
	return ret;
    }
    return cari_http_reply_json (c, r, MHD_HTTP_OK, out);
}

static enum MHD_Result
healthz (struct MHD_Connection *c, cari_req_t *r)
{
    char *error = NULL;
    enum MHD_Result ret;

    if (!cari_worker_get (&error, 0)) {
	ret = cari_http_reply_error (c, r, MHD_HTTP_SERVICE_UNAVAILABLE, NULL,
				     error ? error : "out of memory");
	free (error);
	return ret;
    }
    static const char ok[] = "ok\n";
    return cari_http_reply (c, r, MHD_HTTP_OK, "text/plain; charset=utf-8",
			    ok, sizeof ok - 1, 0, 1);
}

enum MHD_Result
cari_routes_dispatch (struct MHD_Connection *c, cari_req_t *r,
		      const char *url, const char *method)
{
    static const char not_found[] =
	"{\"error\":\"no such page: the API is /api/search?q=WORDS and "
	"/api/suggest?q=WORDS and /api/related?id=ID and /api/sources, the "
	"search page is /\"}";

    if (strcmp (method, "GET") && strcmp (method, "HEAD"))
	return cari_http_reply_error (c, r, MHD_HTTP_METHOD_NOT_ALLOWED, NULL,
				      "only GET and HEAD are allowed here");
    if (!strcmp (url, "/"))
	return cari_page_serve (c, r);
    if (!strcmp (url, "/api/search"))
	return api_search (c, r);
    if (!strcmp (url, "/api/related"))
	return api_related (c, r);
    if (!strcmp (url, "/api/suggest"))
	return api_suggest (c, r);
    if (!strcmp (url, "/api/sources"))
	return api_sources (c, r);
    if (!strcmp (url, "/healthz"))
	return healthz (c, r);
    for (const cari_static_t *s = cari_static_files; s->path; s++)
	if (!strcmp (url, s->path))
	    return cari_http_reply (c, r, MHD_HTTP_OK, s->type, s->data,
				    s->len, 0, 0);
    return cari_http_reply (c, r, MHD_HTTP_NOT_FOUND, "application/json",
			    not_found, sizeof not_found - 1, 0, 1);
}
