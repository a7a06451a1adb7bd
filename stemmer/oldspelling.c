/* oldspelling.c - the spelling before 1972 (Soeharto, Djakarta, Tjikini)
 * folded to today's, for the index and the query alike
 *
 * The 1972 reform (Ejaan yang Disempurnakan) wrote oe as u, dj as j, tj as
 * c, sj as sy, ch as kh and nj as ny.  Names and old quotations keep the
 * old letters, so a reader typing Suharto must find Soeharto and the other
 * way round: the analyzer folds every word it reads, and the searcher the
 * words of a query, to today's spelling.  But today's words hold those
 * letters too (menjadi, masjid, koefisien, chip, Chelsea): no word the
 * lexicon knows is changed, and the risky rules change a word only where
 * the lexicon knows what they make and not the word itself (njonja ->
 * nyonya, chabar -> khabar; never China -> khina).  Which rules are safe
 * was measured on the vocabulary of ../shared/corpus
 * (bench/oldspelling-damage.sh, bench/README.md).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "stemmer/analyzer.h"
#include "stemmer/oldspelling.h"

#include <string.h>

enum { OE, DJ, TJ, SJ, CH, NJ, RULES };

static const struct rule {
    char a, b;                  /* the old pair, lower case */
    char x, y;                  /* today's letters (y 0: one letter) */
    const char *name;
} rules[RULES] = {
    { 'o', 'e', 'u', 0, "oe>u" },
    { 'd', 'j', 'j', 0, "dj>j" },
    { 't', 'j', 'c', 0, "tj>c" },
    { 's', 'j', 's', 'y', "sj>sy" },
    { 'c', 'h', 'k', 'h', "ch>kh" },
    { 'n', 'j', 'n', 'y', "nj>ny" },
};

/* The bit of _cari_oldspelling_decide's answer that applies the sure
 * pairs; bit r applies rule r's pairs that need the lexicon. */
#define SURE (1u << RULES)

static char
lower (char c)
{
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
}

static int
is_upper (char c)
{
    return c >= 'A' && c <= 'Z';
}

/* The rule of the pair at w[0], w[1], or RULES.  No rule's second letter
 * (e, j, h) is another's first, so pairs never overlap.  A switch: the
 * analyzer asks this of every letter it indexes. */
static int
rule_at (const char *w, size_t left)
{
    if (left < 2)
	return RULES;
    char a = lower (w[0]);
    switch (lower (w[1])) {
    case 'e':
	return a == 'o' ? OE : RULES;
    case 'h':
	return a == 'c' ? CH : RULES;
    case 'j':
	return a == 'd' ? DJ : a == 't' ? TJ : a == 's' ? SJ
	    : a == 'n' ? NJ : RULES;
    }
    return RULES;
}

/* How sure it is that the pair of rule r at w[i] is old spelling: 2 sure
 * (changed in any word the lexicon does not know), 1 only where the
 * lexicon knows what it makes and not the word before, 0 never.  Measured
 * on the vocabulary of ../shared/corpus (bench/oldspelling-damage.sh):
 *   oe: Soeharto, Moeldoko; at a word's end or before a vowel it is
 *       mostly English (Joe, Boeing, aloe): there only by the lexicon;
 *   dj, tj: the old letters before a vowel (Djakarta, Tjikini); DJ, DJP,
 *       BPTJ are abbreviations, and so are ditjen, letjen, setjen (-t
 *       jenderal): kept;
 *   sj: first in a word (Sjahrir, Sjamsul); inside one it is mostly a
 *       compound or a loan (transjakarta, masjidil, mesjid): by the
 *       lexicon (masjarakat -> masyarakat);
 *   ch: first in a word it is English (chat, chip, China, Chelsea):
 *       never; inside one by the lexicon (Ichwan, tachta -> takhta);
 *   nj: inside a word it is n + j (menjadi, Penjaringan, oranje) in
 *       today's text far more than old ny: sure first in a word (Njoto),
 *       where no word of today has it; inside one only in a word with a
 *       sure pair, and by the lexicon (njonja -> nyonya). */
static int
sure (const char *w, size_t n, size_t i, int r)
{
    int vowel = i + 2 < n && strchr ("aeiou", lower (w[i + 2]));
    switch (r) {
    case OE:
	return i + 2 == n || vowel ? 1 : 2;
    case DJ:
	return vowel ? 2 : 0;
    case TJ:
	return !vowel || (i + 4 == n && lower (w[i + 2]) == 'e' &&
			  lower (w[i + 3]) == 'n') ? 0 : 2;
    case SJ:
	return !vowel ? 0 : i == 0 ? 2 : 1;
    case CH:
	return i == 0 ? 0 : 1;
    case NJ:
	return !vowel ? 0 : i == 0 ? 2 : 1;
    }
    return 0;
}

/* Which answers of _cari_oldspelling_decide could change w: SURE when
 * it has a sure pair, bit r when a pair of rule r needs the lexicon. */
static unsigned
present (const char *w, size_t n)
{
    unsigned set = 0;
    for (size_t i = 1; i < n; i++) {
	char b = w[i] | 0x20;   /* a pair ends in e, h or j */
	if (b != 'e' && b != 'h' && b != 'j')
	    continue;
	int r = rule_at (w + i - 1, n - i + 1);
	if (r == RULES)
	    continue;
	int how = sure (w, n, i - 1, r);
	set |= how == 2 ? SURE : how == 1 ? 1u << r : 0;
    }
    /* An inner nj counts only in a word with a sure pair (menjadi, the
     * commonest, is then not even looked up). */
    return set & SURE ? set : set & ~(1u << NJ);
}

size_t
_cari_oldspelling_rewrite (const char *w, size_t n, unsigned set, char *out)
{
    size_t j = 0;
    for (size_t i = 0; i < n;) {
	int r = rule_at (w + i, n - i), how = r < RULES ? sure (w, n, i, r) : 0;
	if (!(how == 2 && (set & SURE)) && !(how == 1 && (set & (1u << r)))) {
	    out[j++] = w[i++];
	    continue;
	}
	char first = w[i], second = w[i + 1];
	const struct rule *u = &rules[r];
	out[j++] = is_upper (first) ? (char) (u->x - 32) : u->x;
	if (u->y)
	    out[j++] = is_upper (second) ? (char) (u->y - 32) : u->y;
	i += 2;
    }
    out[j] = '\0';
    return j;
}

unsigned
_cari_oldspelling_decide (const char *w, size_t n, cari_known_func_t known,
			  void *ctx)
{
    char now[CARI_MAX_WORD_BYTES + 1], next[CARI_MAX_WORD_BYTES + 1];
    unsigned set = n <= CARI_MAX_WORD_BYTES ? present (w, n) : 0, use;

    if (!set || known (ctx, w, n))
	return 0;
    use = set & SURE;
    for (int r = 0; r < RULES; r++) {
	if (!(set & (1u << r)))
	    continue;
	size_t a = _cari_oldspelling_rewrite (w, n, use, now);
	size_t b = _cari_oldspelling_rewrite (w, n, use | (1u << r), next);
	if (known (ctx, next, b) && (!use || !known (ctx, now, a)))
	    use |= 1u << r;
    }
    return use;
}

/* ---- the public part (analyzer.h) ---- */

unsigned
cari_old_spelling_rules (void)
{
    return RULES;
}

const char *
cari_old_spelling_rule_name (unsigned rule)
{
    return rule < RULES ? rules[rule].name : NULL;
}

size_t
cari_old_spelling_apply (unsigned rule, const char *w, size_t n, char *out)
{
    size_t j = 0;
    int found = 0;

    if (rule >= RULES || n > CARI_MAX_WORD_BYTES)
	return 0;
    for (size_t i = 0; i < n;) {
	if (rule_at (w + i, n - i) != (int) rule) {
	    out[j++] = w[i++];
	    continue;
	}
	found = 1;
	out[j++] = rules[rule].x;
	if (rules[rule].y)
	    out[j++] = rules[rule].y;
	i += 2;
    }
    out[j] = '\0';
    return found ? j : 0;
}
