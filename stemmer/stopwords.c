/* stopwords.c - Indonesian words queries leave out (the index keeps them)
 *
 * Conjunctions, prepositions, particles, pronoun-like function words and
 * question words: what a question or headline query holds besides its
 * topic.  Written for this project; kept short, since a stopword can never
 * be searched for on its own except in "quotes".
 *
 * Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
 */
#include "stemmer/stopwords.h"

const char *const cari_stopwords[] = {
    "yang", "dan", "di", "ke", "dari", "pada", "dalam", "untuk", "dengan",
    "oleh", "kepada", "terhadap", "bagi", "tentang", "antara", "hingga",
    "sampai", "sejak", "atau", "tetapi", "namun", "serta", "maupun",
    "karena", "sehingga", "agar", "supaya", "jika", "kalau", "bahwa",
    "ini", "itu", "tersebut", "adalah", "ialah", "merupakan", "yaitu",
    "yakni", "akan", "sudah", "telah", "sedang", "masih", "juga", "pun",
    "lah", "kah", "para", "sang", "si", "nya", "saja", "lagi", "pula",
    "apa", "apakah", "siapa", "siapakah", "kapan", "kapankah", "berapa",
    "berapakah", "bagaimana", "bagaimanakah", "mengapa", "kenapa",
    "dimana", "manakah", "mana",
};
const size_t cari_stopwords_count =
    sizeof cari_stopwords / sizeof *cari_stopwords;
