#!/bin/sh
# t-stem-terms.sh - a word that is its own stem has no stem term in the
# index (schema 6): searches for the stem still find it, as a word and in
# titles, with phrases and NOT
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

cat > "$TMP/a.jsonl" <<'JSON'
{"id": "root", "title": "Tingkat Pengangguran Turun", "content": "Pengangguran turun ke tingkat terendah tahun ini."}
{"id": "inflected", "title": "Pemerintah Berupaya Meningkatkan Ekspor", "content": "Peningkatan ekspor kopi terus dilakukan."}
{"id": "other", "title": "Banjir di Pesisir", "content": "Air laut naik ke jalan raya."}
JSON
DB="$TMP/db"
index_fixture "$DB" "$TMP/a.jsonl"

# termfreq TERM: how many articles the index holds TERM for.
termfreq () {
    xapian-delve -t "$1" "$DB" 2>/dev/null | sed -n 's/.*termfreq \([0-9]*\).*/\1/p'
}
ids () { hit_ids "$DB" "$@"; }

expect_eq "the stem term is indexed for the inflected words only" \
    "$(termfreq Ztingkat)" 1
expect_eq "the word that is its own stem is indexed as the word" \
    "$(termfreq tingkat)" 1
expect_eq "nor is a title word that is its own stem indexed as a title stem" \
    "$(termfreq ZStingkat)" 1
expect_eq "a stemmed query finds the root word and its inflected forms" \
    "$(ids meningkatkan)" "inflected root"
expect_eq "title: with a stem finds the root word in a title" \
    "$(ids title:peningkatan)" "inflected root"
expect_eq "a capitalised word is not stemmed: the word alone" \
    "$(ids Tingkat)" "root"
expect_eq "a stem ANDed with a phrase, decided on the term list" \
    "$(ids '"turun ke" AND meningkatkan')" "root"
expect_eq "NOT a stem leaves out the article with its root word" \
    "$(ids 'pengangguran -meningkatkan')" ""
expect_eq "the hit count of a stem query counts both" \
    "$(cari-query --db "$DB" --json meningkatkan | jq -r '.total')" 2

done_testing
