/* synonyms.c - abbreviations and their long forms (KPK, Komisi
 * Pemberantasan Korupsi) searched as one another, from a file a site can
 * extend (data/synonyms.txt), at query time only
 *
 * The file: one group a line, its forms joined by '=' (KPK = Komisi
 * Pemberantasan Korupsi), '#' starts a comment, blank lines are skipped.
 * A form written in capitals whose lower case is a word of its own (AS:
 * as; BI: bi) is matched only where the query writes it in capitals, so
 * that "as" stays the word.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "include/cari.h"

#include "lib/synonyms.h"
#include "stemmer/stopwords.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#ifndef CARI_PKGDATADIR
#define CARI_PKGDATADIR "/usr/local/share/cari"
#endif

struct form {
    char *text;                 /* as written, normalized */
    char *words[CARI_SYNONYM_MAX_WORDS];    /* lower case */
    size_t n;
    int caps_only;              /* match only in capitals */
    size_t group;
};

struct cari_synonyms {
    struct form *forms;
    size_t n_forms, cap;
    size_t *first;              /* per group: its first form */
    size_t n_groups;
    char identity[CARI_SYNONYM_MAX_LINE + 128];
};

const char *
cari_synonyms_default_path (void)
{
    const char *env = getenv ("CARI_SYNONYMS");
    return env && *env ? env : CARI_PKGDATADIR "/synonyms.txt";
}

static void
free_form (struct form *f)
{
    free (f->text);
    for (size_t k = 0; k < f->n; k++)
	free (f->words[k]);
}

void
cari_synonyms_destroy (cari_synonyms_t *syn)
{
    if (!syn)
	return;
    for (size_t i = 0; i < syn->n_forms; i++)
	free_form (&syn->forms[i]);
    free (syn->forms);
    free (syn->first);
    free (syn);
}

size_t
cari_synonyms_groups (const cari_synonyms_t *syn)
{
    return syn ? syn->n_groups : 0;
}

const char *
cari_synonyms_identity (const cari_synonyms_t *syn)
{
    return syn ? syn->identity : "none";
}

/* Whether the lower-case word w is a word of its own: a stopword or a
 * word of hunspell-id's (as, bi; not kpk, which only cari's exceptions
 * list). */
static int
is_word (cari_analyzer_t *an, const char *w)
{
    for (size_t i = 0; i < cari_stopwords_count; i++)
	if (!strcmp (cari_stopwords[i], w))
	    return 1;
    return an && cari_analyzer_is_word (an, w, strlen (w));
}

/* Parse one form (len bytes at p, trimmed) of group g into syn.  Returns
 * NULL, or what is wrong with it (a static string). */
static const char *
add_form (cari_synonyms_t *syn, cari_analyzer_t *an, const char *p,
	  size_t len, size_t g)
{
    size_t nlen;
    struct form f = { NULL, { NULL }, 0, 0, g };

    if (!len)
	return "a form is empty (two '=' in a row, or one at an end)";
    if (len > CARI_SYNONYM_MAX_FORM)
	return "a form is longer than " CARI_SYNONYM_MAX_FORM_S " bytes";
    for (size_t i = 0; i < len; i++)
	if ((unsigned char) p[i] < 0x80 && !isalnum ((unsigned char) p[i]) &&
	    p[i] != ' ' && p[i] != '\t' && p[i] != '-')
	    return "a form may hold only letters, digits, spaces and hyphens";
    char *norm = cari_normalize_query (p, len, &nlen);
    if (!norm)
	return "a form is not valid UTF-8";
    /* In today's spelling, as the query it is matched against and the
     * index (Gadjah Mada as Gajah Mada). */
    f.text = an ? cari_analyzer_modernize_query (an, norm, nlen, &nlen) : NULL;
    free (norm);
    if (!f.text)
	return "out of memory";
    for (char *c = f.text; *c; c++)
	if (*c == '\t')
	    *c = ' ';
    int upper = 1, letters = 0;
    char *save = NULL, *copy = strdup (f.text);
    for (char *c = copy; c && *c; c++)
	if (*c == '-')
	    *c = ' ';
    if (!copy) {
	free (f.text);
	return "out of memory";
    }
    for (char *w = strtok_r (copy, " ", &save); w;
	 w = strtok_r (NULL, " ", &save)) {
	if (f.n == CARI_SYNONYM_MAX_WORDS) {
	    free (copy);
	    free_form (&f);
	    return "a form has more than " CARI_SYNONYM_MAX_WORDS_S " words";
	}
	for (char *c = w; *c; c++) {
	    if (islower ((unsigned char) *c))
		upper = 0;
	    letters += isalpha ((unsigned char) *c) != 0;
	    *c = (char) tolower ((unsigned char) *c);
	}
	f.words[f.n++] = strdup (w);
    }
    free (copy);
    for (size_t k = 0; k < f.n; k++)
	if (!f.words[k]) {
	    free_form (&f);
	    return "out of memory";
	}
    if (!f.n) {
	free_form (&f);
	return "a form is empty (two '=' in a row, or one at an end)";
    }
    f.caps_only = f.n == 1 && upper && letters > 1 && is_word (an, f.words[0]);
    /* a form that is in another group makes the two ambiguous */
    for (size_t i = 0; i < syn->n_forms; i++) {
	struct form *o = &syn->forms[i];
	size_t k = 0;
	while (o->n == f.n && k < f.n && !strcmp (o->words[k], f.words[k]))
	    k++;
	if (o->n == f.n && k == f.n) {
	    free_form (&f);
	    return o->group == g ? "a form is twice in its group"
				 : "a form is already in another group";
	}
    }
    if (syn->n_forms == syn->cap) {
	size_t cap = syn->cap ? 2 * syn->cap : 64;
	struct form *n = realloc (syn->forms, cap * sizeof *n);
	if (!n) {
	    free_form (&f);
	    return "out of memory";
	}
	syn->forms = n;
	syn->cap = cap;
    }
    syn->forms[syn->n_forms++] = f;
    return NULL;
}

/* Parse a line (its comment cut) as a group of syn.  Returns NULL, or
 * what is wrong with it. */
static const char *
add_line (cari_synonyms_t *syn, cari_analyzer_t *an, char *line)
{
    size_t before = syn->n_forms, forms = 0;
    const char *why = NULL;

    if (!strchr (line, '='))
	return "a group needs two forms or more joined by '=', such as "
	       "KPK = Komisi Pemberantasan Korupsi";
    size_t *first = realloc (syn->first, (syn->n_groups + 1) * sizeof *first);
    if (!first)
	return "out of memory";
    syn->first = first;
    for (char *p = line;; forms++) {
	char *end = strchr (p, '=');
	size_t len = end ? (size_t) (end - p) : strlen (p);
	while (len && isspace ((unsigned char) *p))
	    p++, len--;
	while (len && isspace ((unsigned char) p[len - 1]))
	    len--;
	if (forms == CARI_SYNONYM_MAX_FORMS)
	    why = "a group has more than " CARI_SYNONYM_MAX_FORMS_S " forms";
	else
	    why = add_form (syn, an, p, len, syn->n_groups);
	if (why || !end)
	    break;
	p = end + 1;
    }
    if (why) {
	while (syn->n_forms > before)
	    free_form (&syn->forms[--syn->n_forms]);
	return why;
    }
    syn->first[syn->n_groups++] = before;
    return NULL;
}

cari_status_t
cari_synonyms_load (const char *path, cari_synonyms_t **out, char **error)
{
    char line[CARI_SYNONYM_MAX_LINE + 2];
    unsigned long long hash = 14695981039346656037ull, bytes = 0;
    unsigned lineno = 0;
    cari_synonyms_t *syn = calloc (1, sizeof *syn);
    cari_analyzer_t *an = cari_analyzer_create ();
    FILE *f = NULL;

    *out = NULL;
    *error = NULL;
    if (!syn || !an) {
	*error = cari_msg ("out of memory");
	goto fail;
    }
    if (!(f = fopen (path, "r"))) {
	*error = cari_msg ("cannot read the synonyms file %s: %s; give another "
			   "with --synonyms FILE (or CARI_SYNONYMS), or "
			   "--synonyms none to search without synonyms",
			   path, strerror (errno));
	goto fail;
    }
    while (fgets (line, sizeof line, f)) {
	size_t len = strlen (line);
	lineno++;
	for (size_t i = 0; i < len; i++)
	    hash = (hash ^ (unsigned char) line[i]) * 1099511628211ull;
	bytes += len;
	if (len > CARI_SYNONYM_MAX_LINE ||
	    (len == CARI_SYNONYM_MAX_LINE + 1 && line[len - 1] != '\n')) {
	    *error = cari_msg ("%s:%u: the line is longer than %d bytes; "
			       "split the group", path, lineno,
			       CARI_SYNONYM_MAX_LINE);
	    goto fail;
	}
	char *hash_mark = strchr (line, '#');
	if (hash_mark)
	    *hash_mark = '\0';
	if (line[strspn (line, " \t\r\n")] == '\0')
	    continue;
	line[strcspn (line, "\r\n")] = '\0';
	if (syn->n_groups == CARI_SYNONYM_MAX_GROUPS) {
	    *error = cari_msg ("%s:%u: more than %d groups; a synonyms file "
			       "holds at most that many", path, lineno,
			       CARI_SYNONYM_MAX_GROUPS);
	    goto fail;
	}
	const char *why = add_line (syn, an, line);
	if (why) {
	    *error = cari_msg ("%s:%u: %s; write one group a line, such as "
			       "KPK = Komisi Pemberantasan Korupsi", path,
			       lineno, why);
	    goto fail;
	}
    }
    if (ferror (f)) {
	*error = cari_msg ("cannot read the synonyms file %s: %s", path,
			   strerror (errno));
	goto fail;
    }
    fclose (f);
    cari_analyzer_destroy (an);
    snprintf (syn->identity, sizeof syn->identity, "%s %zu %llu %016llx",
	      path, syn->n_groups, bytes, hash);
    *out = syn;
    return CARI_STATUS_SUCCESS;

fail:
    if (f)
	fclose (f);
    cari_analyzer_destroy (an);
    cari_synonyms_destroy (syn);
    return *error && strcmp (*error, "out of memory")
	? CARI_STATUS_ILLEGAL_ARGUMENT : CARI_STATUS_OUT_OF_MEMORY;
}

/* ---- the rewrite of a query ---- */

enum kind { OTHER, WORD, PHRASE, NEARBY };

struct item {
    size_t start, end;          /* the whole token in the text */
    size_t body, body_end;      /* the word, or the phrase without quotes */
    char sign;                  /* '-', '+' or 0 */
    int open, close;            /* brackets before and after */
    enum kind kind;
};

static int
word_byte (char c)
{
    return isalnum ((unsigned char) c) || (unsigned char) c >= 0x80;
}

/* The next token of text from i into *it; returns where it ends. */
static size_t
next_item (const char *text, size_t n, size_t i, struct item *it)
{
    memset (it, 0, sizeof *it);
    it->start = i;
    while (i < n && text[i] == '(')
	i++, it->open = 1;
    if (i < n && (text[i] == '-' || text[i] == '+') && i + 1 < n &&
	!isspace ((unsigned char) text[i + 1]))
	it->sign = text[i++];
    it->body = i;
    if (i < n && text[i] == '"') {
	const char *q = memchr (text + i + 1, '"', n - i - 1);
	it->body = i + 1;
	it->body_end = q ? (size_t) (q - text) : n;
	i = q ? it->body_end + 1 : n;
	it->kind = PHRASE;
    } else {
	/* hyphens inside a word are the form's too: Bangsa-Bangsa */
	while (i < n && (word_byte (text[i]) ||
			 (text[i] == '-' && i > it->body && i + 1 < n &&
			  word_byte (text[i + 1]))))
	    i++;
	it->body_end = i;
	it->kind = i > it->body ? WORD : OTHER;
    }
    size_t close = i;
    while (i < n && text[i] == ')')
	i++;
    it->close = i > close;
    if (i < n && !isspace ((unsigned char) text[i])) {
	/* a field (title:x), a wildcard (kp*), a word with a dot */
	it->kind = OTHER;
	while (i < n && !isspace ((unsigned char) text[i]) &&
	       (text[i] != '"' || i == it->start))
	    i++;
    }
    it->end = i;
    size_t len = it->body_end - it->body;
    const char *b = text + it->body;
    if (it->kind == WORD &&
	((len == 4 && !memcmp (b, "NEAR", 4)) ||
	 (len == 3 && !memcmp (b, "ADJ", 3)) ||
	 (len > 4 && !memcmp (b, "NEAR/", 5)) ||
	 (len > 3 && !memcmp (b, "ADJ/", 4))))
	it->kind = NEARBY;
    if (it->kind == OTHER && (!strncmp (b, "NEAR/", 5) ||
			      !strncmp (b, "ADJ/", 4)))
	it->kind = NEARBY;
    return i;
}

/* Whether the words of the len bytes at t (split at other bytes) are
 * those of form f, from word k on: the words of f matched so far, 0 for
 * a mismatch.  A caps-only form needs the text in capitals. */
static size_t
match_words (const struct form *f, size_t k, const char *t, size_t len)
{
    size_t i = 0;
    while (i < len) {
	while (i < len && !word_byte (t[i]))
	    i++;
	if (i == len)
	    break;
	size_t s = i;
	while (i < len && word_byte (t[i]))
	    i++;
	if (k == f->n || strlen (f->words[k]) != i - s ||
	    strncasecmp (f->words[k], t + s, i - s))
	    return 0;
	if (f->caps_only)
	    for (size_t c = s; c < i; c++)
		if (islower ((unsigned char) t[c]))
		    return 0;
	k++;
    }
    return k;
}

/* The form of syn that the items from it[0] on start with, longest first:
 * its index, the items it takes in *taken; (size_t) -1 for none. */
static size_t
find_form (const cari_synonyms_t *syn, const char *text, const struct item *it,
	   size_t left, size_t *taken)
{
    size_t best = (size_t) -1, best_n = 0;

    for (size_t f = 0; f < syn->n_forms; f++) {
	const struct form *fm = &syn->forms[f];
	size_t k = 0, used = 0;
	if (it[0].kind == PHRASE) {
	    k = match_words (fm, 0, text + it[0].body,
			     it[0].body_end - it[0].body);
	    used = 1;
	} else {
	    while (used < left && k < fm->n && it[used].kind == WORD &&
		   (used == 0 || (!it[used].open && !it[used].sign)) &&
		   (used == 0 || !it[used - 1].close)) {
		size_t j = match_words (fm, k, text + it[used].body,
					it[used].body_end - it[used].body);
		if (j <= k)     /* a word-bytes token holds one word or
				 * more (Bangsa-Bangsa) */
		    break;
		k = j;
		used++;
	    }
	}
	if (k == fm->n && fm->n > best_n) {
	    best = f;
	    best_n = fm->n;
	    *taken = used;
	}
    }
    return best;
}

/* Append the len bytes at s to the buffer (*buf, *n of *cap). */
static int
put (char **buf, size_t *n, size_t *cap, const char *s, size_t len)
{
    if (*n + len + 1 > *cap) {
	size_t c = 2 * (*n + len + 1);
	char *b = realloc (*buf, c);
	if (!b)
	    return -1;
	*buf = b;
	*cap = c;
    }
    memcpy (*buf + *n, s, len);
    *n += len;
    (*buf)[*n] = '\0';
    return 0;
}

/* The group of form f, as the query language: (A OR "B C"), or with
 * sign '-' -A -"B C". */
static int
put_group (const cari_synonyms_t *syn, size_t f, char sign, char **buf,
	   size_t *n, size_t *cap)
{
    size_t g = syn->forms[f].group;
    size_t end = g + 1 < syn->n_groups ? syn->first[g + 1] : syn->n_forms;
    int failed = !sign && put (buf, n, cap, "(", 1);

    for (size_t i = syn->first[g]; !failed && i < end; i++) {
	const struct form *fm = &syn->forms[i];
	if (i > syn->first[g])
	    failed |= put (buf, n, cap, sign ? " " : " OR ", sign ? 1 : 4);
	if (sign)
	    failed |= put (buf, n, cap, "-", 1);
	if (fm->n > 1)
	    failed |= put (buf, n, cap, "\"", 1);
	failed |= put (buf, n, cap, fm->text, strlen (fm->text));
	if (fm->n > 1)
	    failed |= put (buf, n, cap, "\"", 1);
    }
    if (!failed && !sign)
	failed = put (buf, n, cap, ")", 1);
    return failed ? -1 : 0;
}

char *
_cari_synonyms_expand (const cari_synonyms_t *syn, const char *text,
		       int *oom)
{
    size_t n = strlen (text), count = 0, cap = 0, len = 0, done = 0;
    struct item *items = NULL;
    char *out = NULL;
    int changed = 0;

    *oom = 0;
    if (!syn || !syn->n_forms)
	return NULL;
    for (size_t i = 0; i < n;) {
	while (i < n && isspace ((unsigned char) text[i]))
	    i++;
	if (i == n)
	    break;
	if (count % 16 == 0) {
	    struct item *m = realloc (items, (count + 16) * sizeof *m);
	    if (!m)
		goto oom;
	    items = m;
	}
	i = next_item (text, n, i, &items[count++]);
    }
    for (size_t i = 0; i < count;) {
	size_t taken = 0, f = (size_t) -1;
	if ((items[i].kind == WORD || items[i].kind == PHRASE) &&
	    items[i].sign != '+' && (i == 0 || items[i - 1].kind != NEARBY))
	    f = find_form (syn, text, items + i, count - i, &taken);
	if (f != (size_t) -1 && i + taken < count &&
	    items[i + taken].kind == NEARBY)
	    f = (size_t) -1;
	if (f == (size_t) -1 || changed == CARI_SYNONYM_MAX_REWRITES) {
	    i++;
	    continue;
	}
	const struct item *a = &items[i], *z = &items[i + taken - 1];
	size_t pre = a->body - a->start - (a->sign ? 1 : 0)
		     - (a->kind == PHRASE ? 1 : 0);
	size_t body_end = z->body_end + (z->kind == PHRASE &&
					 z->body_end < n ? 1 : 0);
	if (put (&out, &len, &cap, text + done, a->start - done) < 0 ||
	    put (&out, &len, &cap, text + a->start, pre) < 0 ||
	    put_group (syn, f, a->sign, &out, &len, &cap) < 0)
	    goto oom;
	done = body_end;
	changed++;
	i += taken;
    }
    if (changed && put (&out, &len, &cap, text + done, n - done) < 0)
	goto oom;
    free (items);
    if (!changed) {
	free (out);
	return NULL;
    }
    return out;

oom:
    *oom = 1;
    free (items);
    free (out);
    return NULL;
}
