/* exceptions.c - words cari's stemmer must know that hunspell-id lacks
 *
 * Written for this project from general knowledge of Indonesian news text,
 * not from any evaluation set.  Each entry is "word" (a root: keep it as
 * it is) or "word stem".  Keep it short: rules and the lexicon do the work;
 * this is for names, acronyms and news words whose affix-like ends would
 * otherwise be stripped into another word (Bekasi is not bekas + -i).
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "stemmer/exceptions.h"

#include <stddef.h>

const char *const cari_exceptions[] = {
    /* Places whose names end like an affix or hold a root. */
    "bekasi", "kediri", "bali", "jambi", "jakarta", "bandung", "bogor",
    "depok", "tangerang", "serang", "cianjur", "sukabumi", "cirebon",
    "semarang", "surabaya", "malang", "medan", "makassar", "manado",
    "palembang", "pekanbaru", "padang", "pontianak", "banjarmasin",
    "balikpapan", "samarinda", "kupang", "ambon", "jayapura", "merauke",
    "mataram", "denpasar", "lampung", "bengkulu", "riau", "aceh",
    "sumatera", "kalimantan", "sulawesi", "maluku", "papua", "banten",
    "yogyakarta", "solo", "madiun", "kendari", "palu", "gorontalo",
    "ternate", "sorong", "natuna", "batam", "karawang", "purwakarta",
    "indonesia", "malaysia", "singapura", "filipina", "suriah", "arab",
    "amerika", "eropa", "australia", "jepang", "tiongkok", "china",
    "korea", "rusia", "ukraina", "palestina", "israel", "iran", "irak",
    "india", "pakistan", "belanda", "inggris", "jerman", "prancis",
    /* Acronyms and news words read as words. */
    "asean", "pbb", "kpk", "dpr", "dprd", "mpr", "bumn", "tni", "polri",
    "apbn", "apbd", "pemilu", "pilkada", "pilpres", "pileg", "ojk",
    "bpk", "bpjs", "pln", "kemenkes", "kemendagri", "pemprov", "pemkot",
    "pemkab", "ihsg", "umkm", "covid", "rupiah", "miliar", "triliun",
    /* Numerals written as one word: their se- is "one", not a prefix. */
    "sepuluh", "sebelas", "seratus", "seribu", "sejuta",
    /* Frequent lexicalised forms, as dictionaries list them. */
    "adalah", "kerjasama", "pasukan",
    NULL
};
