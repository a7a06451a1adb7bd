/* indonesian.c - Indonesian stemming: Snowball refined by a root lexicon
 *
 * Snowball's Indonesian stemmer strips affixes without knowing words, so it
 * over-strips roots (berita -> ita) and cannot restore the consonant that
 * meN-/peN- absorb (meningkatkan -> ingkat).  Here a word is looked up
 * first; if it is not a root, the affixes Indonesian morphology allows are
 * stripped in every combination (particles, possessives, -i/-kan/-an; up to
 * three prefixes, with t/k/p/s restored after meN-/peN-), and the candidate
 * roots found in the lexicon are ranked by how well hunspell's affix flags
 * say the root takes those affixes, then by fewer affixes, then by length.
 * A word with no candidate that shows an affix gets Snowball's stem,
 * unless that would leave fewer than four bytes (acronyms such as ASEAN
 * stay whole); any other word stays as it is.
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "indonesian.h"

#include <string.h>

#define MAXW 72                 /* longest word handled, with room */

enum { P_NONE, P_DI, P_KE, P_SE, P_KU, P_KAU, P_BER, P_TER, P_PER, P_ME,
       P_PE, P_KETIDAK };
static const char *const prefix_name[] = { "", "di-", "ke-", "se-", "ku-",
    "kau-", "ber-", "ter-", "per-", "meN-", "peN-", "ketidak-" };
/* The hunspell-id flag family of each prefix (see id_ID.aff); ketidak-
 * ...-an (ketidakadilan) takes whatever ke-...-an takes. */
static const char prefix_flag[] = { 0, 'D', 'K', 'S', 0, 0, 'B', 'T', 'R',
    'M', 'P', 'K' };

enum { S_NONE, S_KAN, S_AN, S_I };
static const char suffix_flag[] = { '0', 'k', 'a', 'i' };

struct cand {
    char root[MAXW];
    size_t len;
    int score, cost;
    int exact;                  /* the flags license exactly these affixes */
    size_t family;              /* how many affix flags the root has */
};

struct search {
    const cari_lexicon_t *lex;
    FILE *explain;
    struct cand best;
    int found;
};

static int
is_vowel (char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int
starts (const char *w, size_t n, const char *p)
{
    size_t k = strlen (p);
    return n >= k && memcmp (w, p, k) == 0;
}

static int
has_flag (const char *flags, char fam, char second)
{
    for (size_t i = 0; flags[i] && flags[i + 1]; i += 2)
	if (flags[i] == fam && (!second || flags[i + 1] == second))
	    return 1;
    return 0;
}

/* Does some flag of the root end in second (a suffix with a prefix)? */
static int
has_second (const char *flags, char second)
{
    for (size_t i = 0; flags[i] && flags[i + 1]; i += 2)
	if (flags[i + 1] == second && flags[i] >= 'A' && flags[i] <= 'Z')
	    return 1;
    return 0;
}

/* Prefix-suffix pairs Indonesian does not combine (be-i, di-an, ...). */
static int
bad_confix (int prefix, int suffix)
{
    return (prefix == P_BER && suffix == S_I) ||
	   (prefix == P_DI && suffix == S_AN) ||
	   (prefix == P_KE && (suffix == S_I || suffix == S_KAN)) ||
	   (prefix == P_KETIDAK && suffix != S_AN) ||
	   (prefix == P_ME && suffix == S_AN) ||
	   (prefix == P_SE && (suffix == S_I || suffix == S_KAN)) ||
	   (prefix == P_TER && suffix == S_AN);
}

/* The two-prefix stacks Indonesian builds (memper-, keber-, diper-, ...),
 * each with the hunspell-id flag (id_ID.aff) of a root that takes it.  Any
 * other stack (meN- + se-, per- + ter-, ...) is not a word's analysis. */
static const struct { int outer, inner; char flag[3]; } stacks[] = {
    { P_ME, P_PER, "MR" }, { P_ME, P_BER, "MB" }, { P_ME, P_PE, "MP" },
    { P_DI, P_PER, "DR" }, { P_DI, P_KE, "DK" }, { P_DI, P_SE, "DS" },
    { P_DI, P_BER, "MB" },  /* diberdayakan beside memberdayakan */
    { P_PE, P_BER, "PB" }, { P_PE, P_PER, "PR" },
    { P_KE, P_BER, "KB" }, { P_KE, P_PE, "KP" }, { P_KE, P_SE, "KS" },
    { P_KE, P_TER, "KT" }, { P_KE, P_ME, "KM" },
    { P_BER, P_KE, "BK" }, { P_BER, P_PE, "BP" }, { P_BER, P_SE, "BS" },
    { P_SE, P_BER, "SB" }, { P_SE, P_KE, "SK" }, { P_SE, P_PE, "SP" },
    { P_SE, P_PER, "SR" }, { P_SE, P_TER, "ST" },
    { P_PER, P_PE, "RP" }, { P_PER, P_SE, "RS" },
    { P_TER, P_KE, "TK" }, { P_TER, P_PER, "TR" }, { P_TER, P_BER, "TB" },
    { P_KETIDAK, P_BER, "KB" }, { P_KETIDAK, P_PE, "KP" },
    { P_KETIDAK, P_TER, "KT" }, { P_KETIDAK, P_SE, "KS" },
};

#define INVALID (-100)

/* The flag of the stack outer + inner, or NULL: no such stack. */
static const char *
find_stack (int outer, int inner)
{
    for (size_t i = 0; i < sizeof stacks / sizeof *stacks; i++)
	if (stacks[i].outer == outer && stacks[i].inner == inner)
	    return stacks[i].flag;
    return NULL;
}

/* How plausible it is that root takes these affixes, from its flags:
 * prefixes[0] is the outermost, prefixes[n-1] the one on the root.
 * INVALID for what Indonesian does not build.  *exact: whether a flag
 * licenses exactly these affixes. */
static int
score (const cari_root_t *r, const int *prefixes, int npre, int suffix,
       int *exact)
{
    int s = 0;

    *exact = 0;
    int affixed = npre || suffix != S_NONE;

    for (int i = 0; i + 1 < npre; i++)
	if (!find_stack (prefixes[i], prefixes[i + 1]))
	    return INVALID;
    if (npre && suffix != S_NONE && bad_confix (prefixes[0], suffix))
	s -= 5;
    /* A root of cari's own exceptions has no flags, but is a root for
     * sure (kesepuluh is ke- + sepuluh, not ke- + se- + puluh). */
    if (affixed && r->exception)
	return npre == 1 && suffix == S_NONE ? 3 : 0;
    if (affixed && !*r->flags)
	s -= 3;
    /* hunspell-id's NEEDAFFIX flag (A2) marks bound stems that only occur
     * affixed, such as ketahu (diketahui) beside the free root tahu
     * (mengetahui): where both are candidates, the free root wins, so the
     * forms of one word meet. */
    if (has_flag (r->flags, 'A', '2'))
	s -= 2;
    if (npre >= 2) {
	/* hunspell-id lists few stacks; the inner prefix with the suffix
	 * (ke-tahu-i of diketahui) is evidence too. */
	const char *flag = find_stack (prefixes[npre - 2], prefixes[npre - 1]);
	char inner = prefix_flag[prefixes[npre - 1]];
	*exact = has_flag (r->flags, flag[0], flag[1]);
	if (*exact)
	    s += 3;
	else if (inner && has_flag (r->flags, inner, suffix_flag[suffix]))
	    s += 2;
	else
	    s -= 2;
    } else if (npre) {
	char fam = prefix_flag[prefixes[0]];
	if (fam) {
	    /* di- is the passive of meN-: a root that takes meN-...-kan
	     * takes di-...-kan (dibelikan, beside membelikan). */
	    *exact = has_flag (r->flags, fam, suffix_flag[suffix]) ||
		     (prefixes[0] == P_DI &&
		      has_flag (r->flags, 'M', suffix_flag[suffix]));
	    if (*exact)
		s += 3;
	    else if (has_flag (r->flags, fam, 0))
		s += 1;
	}
    } else if (suffix != S_NONE) {
	/* A suffix alone must be one the root takes, alone (-i: i0) or
	 * with some prefix (Mi: me-...-i, so lewati beside melewati):
	 * hadi is not had + -i. */
	if ((*exact = has_flag (r->flags, suffix_flag[suffix], '0')))
	    s += 3;
	else if (has_second (r->flags, suffix_flag[suffix]))
	    s += 1;
	else
	    return INVALID;
    }
    return s;
}

static void
consider (struct search *st, const char *w, size_t n, const int *prefixes,
	  int npre, int suffix, int nsuffixes)
{
    const cari_root_t *r = cari_lexicon_find (st->lex, w, n);
    if (!r || r->stem)
	return;                 /* exceptions map whole words only */
    int exact;
    int sc = score (r, prefixes, npre, suffix, &exact);
    int cost = npre + nsuffixes;
    if (sc == INVALID)
	return;
    if (st->explain) {
	fprintf (st->explain, "  candidate %.*s:", (int) n, w);
	for (int i = 0; i < npre; i++)
	    fprintf (st->explain, " %s", prefix_name[prefixes[i]]);
	fprintf (st->explain, " root%s, %d suffix(es); flags '%s'; score %d, "
		 "cost %d\n", suffix == S_KAN ? " -kan" : suffix == S_AN
		 ? " -an" : suffix == S_I ? " -i" : "", nsuffixes, r->flags, sc,
		 cost);
    }
    struct cand *b = &st->best;
    /* Between equals, the root of the larger family of words: mengurus is
     * meN- + urus (14 flags), not + kurus (5), mengundang + undang, not
     * kundang; then the longer root. */
    size_t family = strlen (r->flags);
    if (!st->found || sc > b->score || (sc == b->score && cost < b->cost) ||
	(sc == b->score && cost == b->cost && family > b->family) ||
	(sc == b->score && cost == b->cost && family == b->family &&
	 n > b->len)) {
	memcpy (b->root, w, n);
	b->root[n] = '\0';
	b->len = n;
	b->score = sc;
	b->cost = cost;
	b->exact = exact && sc >= 3;
	b->family = family;
	st->found = 1;
    }
}

static void visit (struct search *st, const char *w, size_t n, int *prefixes,
		   int npre, int suffix, int nsuffixes);

/* Strip prefix p (its `strip` bytes, then `restore` in front) and go on. */
static void
step (struct search *st, const char *w, size_t n, size_t strip,
      const char *restore, int p, int *prefixes, int npre, int suffix,
      int nsuffixes)
{
    char buf[MAXW];
    size_t r = strlen (restore);

    if (n < strip + 2 || n - strip + r >= MAXW)
	return;
    /* meN-/di-/ku-/kau- come first; no prefix twice. */
    if (npre) {
	if (p == P_ME || p == P_DI || p == P_KU || p == P_KAU)
	    return;
	for (int i = 0; i < npre; i++)
	    if (prefixes[i] == p || prefixes[i] == P_KU || prefixes[i] == P_KAU)
		return;
    }
    memcpy (buf, restore, r);
    memcpy (buf + r, w + strip, n - strip);
    prefixes[npre] = p;
    visit (st, buf, r + n - strip, prefixes, npre + 1, suffix, nsuffixes);
}

/* meN- and peN- with the sound changes of their nasal. */
static void
nasal (struct search *st, const char *w, size_t n, int p, int *pre, int np,
       int sf, int ns)
{
    const char *t = w + 2;      /* after "me" / "pe" */
    size_t m = n - 2;

    if (m < 2)
	return;
    if (strchr ("lmnrwy", t[0]) && !starts (t, m, "ng") &&
	!starts (t, m, "ny"))
	step (st, w, n, 2, "", p, pre, np, sf, ns);     /* melihat */
    if (t[0] == 'm') {
	if (strchr ("bfvp", t[1]))
	    step (st, w, n, 3, "", p, pre, np, sf, ns); /* membaca */
	if (is_vowel (t[1])) {
	    step (st, w, n, 3, "p", p, pre, np, sf, ns);        /* memakai */
	    step (st, w, n, 3, "m", p, pre, np, sf, ns);        /* memakan */
	}
    }
    if (t[0] == 'n' && t[1] != 'g' && t[1] != 'y') {
	if (strchr ("cdjzts", t[1]))
	    step (st, w, n, 3, "", p, pre, np, sf, ns); /* mendengar */
	if (is_vowel (t[1])) {
	    step (st, w, n, 3, "t", p, pre, np, sf, ns);        /* menulis */
	    step (st, w, n, 3, "n", p, pre, np, sf, ns);        /* menanti */
	}
    }
    if (starts (t, m, "ng") && m > 2) {
	char c = t[2];
	if (strchr ("ghkqx", c) || is_vowel (c))
	    step (st, w, n, 4, "", p, pre, np, sf, ns);        /* mengambil */
	if (is_vowel (c))
	    step (st, w, n, 4, "k", p, pre, np, sf, ns);       /* mengirim */
	if (c == 'e' && m >= 5)
	    step (st, w, n, 5, "", p, pre, np, sf, ns);        /* mengebom */
    }
    if (starts (t, m, "ny") && m > 2 && is_vowel (t[2])) {
	step (st, w, n, 4, "s", p, pre, np, sf, ns);           /* menyapu */
	step (st, w, n, 2, "", p, pre, np, sf, ns);            /* menyanyi */
    }
}

static void
visit (struct search *st, const char *w, size_t n, int *pre, int np, int sf,
       int ns)
{
    consider (st, w, n, pre, np, sf, ns);
    if (np >= 3 || n < 3)
	return;

    static const struct { const char *s; int p; } plain[] = {
	{ "di", P_DI }, { "ke", P_KE }, { "se", P_SE }, { "ku", P_KU },
	{ "kau", P_KAU }, { "ber", P_BER }, { "bel", P_BER }, { "ter", P_TER },
	{ "per", P_PER }, { "pel", P_PER },
    };
    /* ketidak-...-an, the negated ke-...-an noun: outermost only. */
    if (np == 0 && sf == S_AN && starts (w, n, "ketidak"))
	step (st, w, n, 7, "", P_KETIDAK, pre, np, sf, ns);
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
	if (starts (w, n, plain[i].s))
	    step (st, w, n, strlen (plain[i].s), "", plain[i].p, pre, np, sf,
		  ns);
    /* be-rambut, te-rasa, pe-rintah: the r of the prefix merged. */
    if (w[0] == 'b' && w[1] == 'e' && (w[2] == 'r' || starts (w + 2, n - 2,
							       "ke")))
	step (st, w, n, 2, "", P_BER, pre, np, sf, ns);
    if (w[0] == 't' && w[1] == 'e' && w[2] == 'r')
	step (st, w, n, 2, "", P_TER, pre, np, sf, ns);
    if (w[0] == 'p' && w[1] == 'e' && w[2] == 'r')
	step (st, w, n, 2, "", P_PER, pre, np, sf, ns);
    /* pe- before a consonant without a nasal: petugas, pelawak. */
    if (w[0] == 'p' && w[1] == 'e' && !is_vowel (w[2]) &&
	!strchr ("mnr", w[2]))
	step (st, w, n, 2, "", P_PE, pre, np, sf, ns);
    if (w[0] == 'm' && w[1] == 'e')
	nasal (st, w, n, P_ME, pre, np, sf, ns);
    if (w[0] == 'p' && w[1] == 'e')
	nasal (st, w, n, P_PE, pre, np, sf, ns);
}

static int
ends (const char *w, size_t n, const char *s)
{
    size_t k = strlen (s);
    return n >= k + 2 && memcmp (w + n - k, s, k) == 0;
}

/* Try every way of stripping suffixes: particle, then possessive, then one
 * derivational suffix, each optional. */
static void
strip_suffixes (struct search *st, const char *w, size_t n)
{
    static const char *const particles[] = { "lah", "kah", "tah", "pun" };
    static const char *const possessives[] = { "ku", "mu", "nya" };
    static const struct { const char *s; int k; } derivs[] = {
	{ "kan", S_KAN }, { "an", S_AN }, { "i", S_I } };
    size_t ends1[5], ends2[20];
    int n1 = 0, n2 = 0;
    int counts1[5], counts2[20];
    int pre[4];

    ends1[n1] = n;
    counts1[n1++] = 0;
    for (size_t i = 0; i < 4; i++)
	if (ends (w, n, particles[i])) {
	    ends1[n1] = n - strlen (particles[i]);
	    counts1[n1++] = 1;
	}
    for (int a = 0; a < n1; a++) {
	ends2[n2] = ends1[a];
	counts2[n2++] = counts1[a];
	for (size_t i = 0; i < 3; i++)
	    if (ends (w, ends1[a], possessives[i])) {
		ends2[n2] = ends1[a] - strlen (possessives[i]);
		counts2[n2++] = counts1[a] + 1;
	    }
    }
    for (int a = 0; a < n2; a++) {
	visit (st, w, ends2[a], pre, 0, S_NONE, counts2[a]);
	for (size_t i = 0; i < 3; i++)
	    if (ends (w, ends2[a], derivs[i].s))
		visit (st, w, ends2[a] - strlen (derivs[i].s), pre, 0,
		       derivs[i].k, counts2[a] + 1);
    }
}

/* Can a root begin with these letters?  A vowel, a consonant and a vowel,
 * or a cluster loanwords bring (pr, tr, kl, st, str, ...): rtajati and
 * tlantas are no roots. */
static int
valid_onset (const char *s, size_t k)
{
    static const char *const clusters[] = { "bl", "br", "dr", "fl", "fr",
	"gl", "gr", "kh", "kl", "kr", "ng", "ny", "pl", "pr", "sk", "sl",
	"sm", "sn", "sp", "st", "sw", "sy", "tr", "ts", "gh", "ph", "th",
	"sh", "ch", "dh", NULL };
    if (k < 2)
	return 0;
    if (is_vowel (s[0]) || is_vowel (s[1]))
	return 1;
    for (int i = 0; clusters[i]; i++)
	if (s[0] == clusters[i][0] && s[1] == clusters[i][1])
	    return k > 2 && (is_vowel (s[2]) || s[2] == 'r' || s[2] == 'l');
    return 0;
}

/* Is front a prefix (or two) that can stand before a root that begins with
 * c: di-, ke-, se-, ber-, ter-, per-, pe- anywhere; meN-/peN- only in the
 * form their nasal takes before c (mem- before b, f, p, v or a vowel;
 * men- before c, d, j, t, z, s or a vowel; meng- before g, h, k or a
 * vowel; meny- before a vowel; me- before l, m, n, r, w, y). */
static int
valid_front (const char *f, size_t m, char c)
{
    static const struct { const char *s; const char *before; } units[] = {
	{ "di", NULL }, { "ke", NULL }, { "se", NULL }, { "ber", NULL },
	{ "be", "r" }, { "ter", NULL }, { "per", NULL }, { "memper", NULL },
	{ "diper", NULL }, { "keber", NULL }, { "ketidak", NULL },
	{ "mem", "bfpvaeiou" }, { "pem", "bfpvaeiou" },
	{ "men", "cdjtzsaeiou" }, { "pen", "cdjtzsaeiou" },
	{ "meng", "ghkaeiou" }, { "peng", "ghkaeiou" },
	{ "meny", "aeiou" }, { "peny", "aeiou" },
	{ "me", "lmnrwy" }, { "pe", "lmnrwybcdfgjkpstz" },
    };
    if (m == 0)
	return 1;
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
	if (strlen (units[i].s) == m && !memcmp (f, units[i].s, m))
	    return !units[i].before || strchr (units[i].before, c);
    return 0;
}

/* Is rear the suffixes Indonesian stacks: (-kan|-an|-i) (-ku|-mu|-nya)
 * (-lah|-kah|-tah|-pun), each optional? */
static int
valid_rear (const char *r, size_t m)
{
    static const char *const sets[3][4] = {
	{ "kan", "an", "i", NULL }, { "ku", "mu", "nya", NULL },
	{ "lah", "kah", "tah", "pun" } };
    for (int set = 0; set < 3 && m; set++)
	for (int i = 0; i < 4 && sets[set][i]; i++) {
	    size_t k = strlen (sets[set][i]);
	    if (k <= m && !memcmp (r, sets[set][i], k)) {
		r += k;
		m -= k;
		break;
	    }
	}
    return m == 0;
}

/* Is Snowball's stem s (k bytes) of w what stripping Indonesian affixes
 * leaves?  A prefix that fits the stem's first letter, suffixes in their
 * order, a stem that can begin a root and shows no nasal prefix of its
 * own (permendag is no per- + mendag); a particle or -ku/-mu alone is
 * not enough (Athallah, not athal + -lah), -nya alone is (Jokowinya). */
static int
plausible_guess (const char *w, size_t n, const char *s, size_t k)
{
    size_t off;
    for (off = 0; off + k <= n && off <= 8; off++)
	if (!memcmp (w + off, s, k))
	    break;
    if (off > 8 || off + k > n || !valid_onset (s, k) ||
	!valid_front (w, off, s[0]) || !valid_rear (w + off + k, n - off - k))
	return 0;
    if (off && (starts (s, k, "men") || starts (s, k, "mem") ||
		starts (s, k, "pen") || starts (s, k, "pem")))
	return 0;
    if (off == 0)
	return n - k == 3 && !memcmp (w + k, "nya", 3);
    return 1;
}

/* One word without hyphens. */
static size_t
stem_simple (const cari_lexicon_t *lex, struct sb_stemmer *snow,
	     const char *w, size_t n, char *out, int *guess, FILE *explain)
{
    const cari_root_t *r = cari_lexicon_find (lex, w, n);

    if (r) {
	const char *s = r->stem ? r->stem : w;
	size_t k = r->stem ? strlen (r->stem) : n;
	if (explain)
	    fprintf (explain, "  %.*s is %s\n", (int) n, w, r->stem
		     ? "an exception" : "a root in the lexicon");
	memcpy (out, s, k);
	out[k] = '\0';
	return k;
    }
    struct search st = { lex, explain, { "", 0, 0, 0, 0, 0 }, 0 };
    if (n < MAXW)
	strip_suffixes (&st, w, n);
    if (st.found) {
	/* Only the lexicon's flags for exactly these affixes make it sure. */
	*guess = !st.best.exact;
	memcpy (out, st.best.root, st.best.len + 1);
	return st.best.len;
    }

    const sb_symbol *s = snow ? sb_stemmer_stem (snow, (const sb_symbol *) w,
						 (int) n) : NULL;
    size_t k = s ? (size_t) sb_stemmer_length (snow) : n;
    if (explain)
	fprintf (explain, "  no root found; Snowball says '%.*s'%s\n", (int) k,
		 s ? (const char *) s : w, k < 4 ? ", too short: keep the word"
		 : "");
    /* Snowball's guess is taken only where what it cut off is affixes
     * Indonesian builds (see plausible_guess); elsewhere (loanwords,
     * names: keyboard, Kertajati, Permendag) it mostly cuts words apart. */
    if (s && !plausible_guess (w, n, (const char *) s, k)) {
	if (explain)
	    fprintf (explain, "  what Snowball cut off is no Indonesian "
		     "affix: keep the word\n");
	s = NULL;
    }
    if (!s || k < 4 || k > n) {
	memcpy (out, w, n);
	out[n] = '\0';
	return n;
    }
    *guess = 1;
    memcpy (out, s, k);
    out[k] = '\0';
    return k;
}

size_t
cari_indonesian_stem (const cari_lexicon_t *lex, struct sb_stemmer *snow,
		      const char *w, size_t n, char *out, int *guess,
		      FILE *explain)
{
    const char *hy = n < MAXW ? memchr (w, '-', n) : NULL;

    *guess = 0;

    if (!hy || hy == w || hy == w + n - 1)
	return stem_simple (lex, snow, w, n, out, guess, explain);

    /* Reduplication: buku-buku, berbalas-balasan, memanggil-manggil go to
     * one root; kupu-kupu (kupu is no word) stays whole. */
    const char *a = w, *b = hy + 1;
    size_t na = (size_t) (hy - w), nb = n - na - 1;
    char sa[MAXW + 8], sb[MAXW + 8];
    int twin = na == nb && !memcmp (a, b, na);
    if (twin && !cari_lexicon_find (lex, a, na) &&
	cari_lexicon_find (lex, w, n)) {
	if (explain)
	    fprintf (explain, "  %.*s is a reduplicated root\n", (int) n, w);
	memcpy (out, w, n);
	out[n] = '\0';
	return n;
    }
    static const char *const clitics[] = { "ku", "mu", "nya", "lah", "kah",
					   "pun", NULL };
    for (int i = 0; clitics[i]; i++)
	if (strlen (clitics[i]) == nb && !memcmp (b, clitics[i], nb))
	    return stem_simple (lex, snow, a, na, out, guess, explain); /* nikmat-ku */
    int ga = 0, gb = 0;
    size_t la = stem_simple (lex, snow, a, na, sa, &ga, explain);
    size_t lb = stem_simple (lex, snow, b, nb, sb, &gb, explain);
    int same = twin || (la == lb && !memcmp (sa, sb, la));
    int echo = memmem (a, na, b, nb < 4 ? nb : 4) != NULL;
    if (explain)
	fprintf (explain, "  halves stem to %s and %s: %s\n", sa, sb,
		 same || echo ? "reduplication" : "not reduplication");
    if (!same && !echo) {
	memcpy (out, w, n);
	out[n] = '\0';
	return n;
    }
    if (!cari_lexicon_find (lex, sa, la) && cari_lexicon_find (lex, sb, lb)) {
	*guess = gb;
	memcpy (out, sb, lb + 1);
	return lb;
    }
    *guess = ga;
    memcpy (out, sa, la + 1);
    return la;
}
