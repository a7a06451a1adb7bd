/* schema.h - how articles map onto the Xapian index (see DESIGN.md)
 *
 * History of the on-disk schema (bump CARI_SCHEMA_VERSION on any change):
 *   1  (2026-11) Q id; words with positions; Z stems; S/ZS title words and
 *      stems; XS source; D/M/Y date terms; slot 0 YYYYMMDD; slot 1 content
 *      hash; data = JSON {id, url, title, date, source, content}.
 *   2  (2026-11) the same terms; stems now from Snowball refined by the
 *      root lexicon, whose identity is stored under cari.lexicon.
 *   3  (2026-11) data = id, url, title, date, source each ended by a NUL
 *      byte, then the content (see cari_document_fields): 13% of a search
 *      went into parsing the JSON; spelling data of the words (cari-index
 *      --no-spelling leaves it out); words folded to NFKC without Latin
 *      accents (ecole for école); the lead's words count more
 *      (CARI_OPENING_WDF, CARI_LEAD_WDF).
 *   4  (2026-11) slot 1 = the hash of the bytes the article was read from
 *      (its JSON line, or its file with its id), 16 hex digits, then the
 *      id: an unchanged line is skipped before it is parsed.
 *   5  (2026-11) no positions: phrases and NEAR are checked on the stored
 *      text (cari_document_positions); the compacted index of
 *      ../shared/corpus went from 150 to 86 MB, its build from 22 to 13 s;
 *      XT and a hash of the title's words (cari_title_key), so that a query
 *      that is a title finds its article first.
 *   6  (2026-11) a word that is its own stem has no Z (nor ZS) term: the
 *      search takes the word for it (Zs or s, as one term, see
 *      cx_search_create); stem terms were a third of the postings, and the
 *      build of ../shared/corpus went from 11.2 to 8.5 s, 85 to 70 MB.
 *   7  (2026-12) names: a word whose stem is a guess and that an article
 *      writes with a capital inside sentences, never in lower case, is its
 *      own stem there, with its own Z term (Zpersebaya, not Zbaya); a word
 *      in capitals is never stemmed; a search takes a guessed word for a
 *      name where CARI_NAME_PERCENT of the articles holding it have that
 *      term (cari_names_learned).  Stems from the morphotactic rules of
 *      stemmer/indonesian.c (memberikan -> beri, no longer ikan).
 *   8  (2026-12) apostrophes inside words dropped (Ma'ruf, Ma’ruf and
 *      Maruf are all maruf; Jum'at is jumat), in the index and in queries
 *      (cari_normalize_query).
 *   9  (2026-12) the fields a newsroom asks of an archive: value slot 2
 *      holds the source as written, so that a search can count its hits
 *      by outlet (facets); slots and prefixes for the CMS fields and wire
 *      copies are reserved below.  The CMS fields (lib/cms.c, within
 *      schema 9: an article without them is indexed as before): A<word>
 *      for the author's words (ZA<stem>, a name's own word as in schema
 *      7; not in the body's free text), boolean XR<rubrik key> and
 *      K<tag key> (the key: folded as query text is, ASCII lower case,
 *      spaces folded), slot 3 the rubrik as written, slot 4 the tags as
 *      written each ended by a NUL; the document data gains, after the
 *      content, a NUL and A<author>, R<rubrik>, I<image>, K<tag>... each
 *      ended by a NUL.  Wire copies (issue 21): slot 15 the
 *      MinHash signature of the text, XW<band><hash> its LSH bands, slot 5
 *      the group key (the id of the group's first article), XW=<hash of
 *      the key> the group (lib/copies.h).  An index built before has
 *      none: every article is its own group until it is built again.
 *      Related articles (lib/related.c) add
 *      nothing: they leave out an article's wire copies by its value in
 *      CARI_SLOT_GROUP and its reposts by its XT term.  Words in the spelling before 1972 are
 *      indexed in today's (stemmer/oldspelling.c: Soeharto as suharto,
 *      Djakarta as jakarta), and a query's words read so too: this
 *      changes the words of today's articles (Soeharto, Djoko, Sjahrir),
 *      so an index of schema 9 built before it is rebuilt; cari.lexicon
 *      ends in " old-spelling-1" for an index read with the folding, and a
 *      search of one without it warns to rebuild.  Synonyms add nothing
 *      to the index (query time only, lib/synonyms.c).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#ifndef CARI_SCHEMA_H
#define CARI_SCHEMA_H

#include "corpus/jsonl.h"
#include "include/cari.h"
#include "stemmer/analyzer.h"
#include "xapian-c/xapian-c.h"

#define CARI_SCHEMA_VERSION "9"
#define CARI_META_SCHEMA "cari.schema"
#define CARI_META_LEXICON "cari.lexicon"

#define CARI_PREFIX_ID "Q"
#define CARI_PREFIX_STEM "Z"
#define CARI_PREFIX_TITLE "S"
#define CARI_PREFIX_SOURCE "XS"
#define CARI_PREFIX_DAY "D"
#define CARI_PREFIX_MONTH "M"
#define CARI_PREFIX_YEAR "Y"
#define CARI_PREFIX_TITLE_KEY "XT"
/* The case an article writes a word in, when not lower case (inside a
 * sentence): XU<folded> in capitals (KPK), XC<folded> capitalized
 * (Jokowi), for completions to show the case the index saw most.  Added
 * in 2026-12 without a new schema version: an index without them
 * completes in lower case, as before. */
#define CARI_PREFIX_UPPER "XU"
#define CARI_PREFIX_CAPITAL "XC"

#define CARI_SLOT_DATE 0
#define CARI_SLOT_HASH 1         /* source hash (16 hex digits), then id */
#define CARI_SLOT_SOURCE 2       /* the source as written (schema 9) */
/* Reserved in schema 9 for the features of issue 21, each filled in by the
 * change that writes it (and described above when it does):
 * slot 3 the rubrik (section), slot 4 the tags (each ended by a NUL),
 * slot 5 the wire-copy group key; A author words (ZA their stems), XR the
 * rubrik, K a tag, XW a wire-copy similarity band.  Slots 3 and 4, A, ZA,
 * XR and K are written by lib/cms.c. */
#define CARI_SLOT_RUBRIK 3
#define CARI_SLOT_TAGS 4
#define CARI_SLOT_GROUP 5
#define CARI_PREFIX_AUTHOR "A"
#define CARI_PREFIX_RUBRIK "XR"
#define CARI_PREFIX_TAG "K"
#define CARI_PREFIX_WIRE_BAND "XW"
/* Wire copies (issue 21, within schema 9; lib/copies.h): XW<band><hash>
 * the LSH bands of an article's MinHash signature, XW=<hash of the key>
 * its group (the term's frequency is the group's size), slot 5 the key,
 * slot 15 the signature (64 big-endian 32-bit hashes). */
#define CARI_PREFIX_WIRE_GROUP "XW="
#define CARI_SLOT_SIGNATURE 15
#define CARI_HASH_CHARS 16

/** Title words count this many times in the body's term frequencies, so
 * that a match in the title weighs more. */
#define CARI_TITLE_WDF 3
/** A query whose words are all in a title (the index keeps no positions to
 * tell whether as a phrase) adds this times its title weight, so that
 * searching a headline finds its article first. */
#define CARI_TITLE_PHRASE_BOOST 1.0
/** A query that is a title, word for word, adds this times the weight of
 * the title's key term (see cari_title_key). */
#define CARI_TITLE_KEY_BOOST 1.0
/** Words of at least this many bytes go into the spelling data (see
 * cx_db_add_spelling_doc) that "did you mean" suggestions come from. */
#define CARI_SPELLING_MIN_BYTES 3
/** Gap between title and body positions, so no phrase spans the two. */
#define CARI_TITLE_GAP 100
/* The lead: what an article or passage is about comes first, so its first
 * CARI_OPENING_WORDS body words count CARI_OPENING_WDF times and the rest
 * of its first CARI_LEAD_WORDS count CARI_LEAD_WDF times (TyDi dev
 * MRR@10 0.779 -> 0.814; headline known-item search unchanged; see
 * bench/README.md). */
#define CARI_OPENING_WORDS 5
#define CARI_OPENING_WDF 5
#define CARI_LEAD_WORDS 20
#define CARI_LEAD_WDF 2

/** A word the analyzer would stem is a name to the search when at least
 * CARI_NAME_ARTICLES articles hold it written as a name, and they are at
 * least CARI_NAME_PERCENT of the articles that hold it (see schema 7). */
#define CARI_NAME_ARTICLES 2
#define CARI_NAME_PERCENT 50

/**
 * Whether the index db (a cx_db_t) has learned that the folded word is a
 * name: a cari_names_func_t for cari_analyzer_set_names.
 */
int
cari_names_learned (void *db, const char *folded, size_t len);

/**
 * Check that db holds a cari index of this schema version (an empty index
 * is claimed for it when writable).  On failure returns -1 and sets *why to
 * a message for the user, to free() with free().
 */
int
cari_schema_check (cx_db_t *db, int writable, char **why);

/**
 * Compare the lexicon an stems with against the one the index was built
 * with (recording it when the index has none and is writable).  Returns
 * NULL when they agree, else a warning for the user to free() with free().
 */
char *
cari_lexicon_check (cx_db_t *db, const cari_analyzer_t *an, int writable);

/**
 * Fill doc (cleared first) with the terms, values and data of article a,
 * analyzed by an; hash (from cari_source_hash) and the id go in
 * CARI_SLOT_HASH.  Returns CX_STATUS_SUCCESS or the failing status.
 */
cx_status_t
cari_document_build (cari_analyzer_t *an, const cari_article_t *a,
		     cx_doc_t *doc, const char hash[17]);

/**
 * The terms cari_document_build gave the article whose document data is
 * the len bytes at data, each with its position, through emit: the
 * cx_terms_func_t of cx_search_set_positions, with the analyzer as an.
 * stems 0 leaves out the stems (Z, ZS) and the stemming.  Returns 0, or -1
 * when the data is not an article's.
 */
int
cari_document_positions (void *an, const char *data, size_t len, int stems,
			 cx_term_pos_func_t emit, void *emit_ctx);

/**
 * The key term of a title (or of a query, to find the article whose title
 * it is): CARI_PREFIX_TITLE_KEY and a hash of its folded words, into key
 * (CARI_TITLE_KEY_BYTES).  Returns 0, or -1 when text has no words.
 */
#define CARI_TITLE_KEY_BYTES 24
int
cari_title_key (cari_analyzer_t *an, const char *text, size_t len,
		char key[CARI_TITLE_KEY_BYTES]);

/**
 * An outlet's name as its XS term holds it (what cari_searcher_sources
 * lists and source: takes): source folded to ASCII lower case, cut to fit
 * a term, into buf (at least CX_MAX_TERM_BYTES + 1 bytes).  Returns its
 * length.
 */
size_t
_cari_source_fold (const char *source, size_t len, char *buf);

/** The stored fields of an article, borrowed from its document data:
 * id, url, title, date, source each ended by a NUL, the content, and when
 * the article has CMS fields a NUL and those (lib/cms.h). */
typedef struct cari_fields {
    const char *id, *url, *title, *date, *source;   /* NUL-terminated */
    const char *content;        /* content_len bytes, NUL-terminated when
				 * the data is (as cx_hit_t data is) */
    size_t content_len;
    /* The CMS fields (lib/cms.c), NULL when the article has none: */
    const char *author, *rubrik, *image;
    const char *tags;           /* the first of n_tags items K<tag>\0 */
    size_t n_tags;
} cari_fields_t;

/**
 * Split document data (len bytes, as cari_document_build stored it) into
 * its fields.  Returns 0, or -1 when the data is not of that shape.
 */
int
cari_document_fields (const char *data, size_t len, cari_fields_t *out);

/**
 * The hash, as 16 hex digits, of the len bytes an article is read from:
 * its JSON line (kind "jsonl", id "", as the line holds the id) or its
 * file (kind "text" or "html", and the id the path gives it).  Equal bytes
 * of the same schema give the same article, so an article whose hash is
 * in the index is skipped without being parsed.
 */
void
cari_source_hash (const char *kind, const char *id, const char *bytes,
		  size_t len, char hash[17]);

/**
 * The stem rule of the schema, as a cx_term_rule_t (ctx: the analyzer):
 * a stem term of a query (Zs, or Z and a field prefix: ZSs) is searched
 * as itself, as its word (s, Ss) when the word is its own stem (schema 6:
 * such a word has no stem term; the positions checker takes the word
 * too), and as the stem terms of the words the parser stemmed to it (Zw,
 * schema 7: a name or a word in capitals is its own stem there).
 */
int
_cari_stem_rule (void *an, const cx_search_t *search, const char *term,
		 size_t len, cx_term_add_t add, void *add_ctx);

/**
 * Whether term (len bytes) is a word for the spelling data, as a
 * cx_word_filter_t (ctx unused): unprefixed (prefixes are capitals), at
 * least CARI_SPELLING_MIN_BYTES bytes, no digits, not part of a URL or an
 * e-mail address.
 */
int
_cari_spelling_word (void *ctx, const char *term, size_t len);

#endif /* CARI_SCHEMA_H */
