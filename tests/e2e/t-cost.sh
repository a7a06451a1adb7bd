#!/bin/sh
# t-cost.sh - cari-query's cost limits: the expansion of a wildcard, the
# number of wildcards in a query, and --time-limit's partial results, on
# articles written here
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# 110 articles art-K, each with its own word zorbXY (no vowel in XY, so no
# affix to strip); three more hold the first 100 of those words, which
# makes them the most frequent.
awk 'BEGIN {
    split("b c d f g j p q r v w x z", l, " ")
    for (k = 0; k < 110; k++) {
        w[k] = "zorb" l[int(k / 13) + 1] l[k % 13 + 1]
        printf "{\"id\":\"art-%03d\",\"title\":\"Kabar %d\",\"content\":\"Warga membaca %s hari ini.\"}\n", k, k, w[k]
    }
    for (p = 0; p < 3; p++) {
        s = ""
        for (k = 0; k < 100; k++) s = s " " w[k]
        printf "{\"id\":\"pad-%d\",\"title\":\"Daftar %d\",\"content\":\"%s\"}\n", p, p, s
    }
}' > "$TMP/words.jsonl"
DB="$TMP/db"
cari-index -q --db "$DB" "$TMP/words.jsonl" || { echo "Bail out! cannot index"; exit 1; }

# A wildcard finds the articles of its 100 most frequent words.
ids=$(cari-query --db "$DB" --jsonl -n 1000 'zorb*' | jq -r .id | sort)
expect_eq "zorb* expands to its 100 most frequent words" \
    "$(printf '%s\n' "$ids" | wc -l | tr -d ' ')" 103
expect_match "...so art-099 is found" "$ids" "^art-099$"
expect_no_match "...and art-100, whose word only it holds, is not" "$ids" "^art-100$"
expect_eq "a word past the cap is still found by itself" \
    "$(cari-query --db "$DB" --jsonl zorbqv | jq -r .id)" "art-100"

# At most 8 wildcards in a query.
run cari-query --db "$DB" 'zorb* w* a* b* c* d* e* f* g*'
expect_status "9 wildcards: a query error" 2
expect_match "...saying what the limit is" "$err" \
    "the query has 9 wildcards \(word\*\); at most 8 are allowed"
run cari-query --db "$DB" -n 1 'zorb* w* a* b* c* d* e* f*'
expect_status "8 wildcards run" 0

# --time-limit: a phrase checked on the text of 4,000 articles takes more
# than a millisecond, so the search stops and says its hits are partial.
awk 'BEGIN {
    for (k = 0; k < 4000; k++)
        printf "{\"id\":\"long-%d\",\"content\":\"alpha %s beta pasar ikan sayur buah kota desa jalan sungai gunung laut pantai hutan sawah kebun rumah sekolah kantor pasar toko\"}\n", k, k % 50 ? "tengah" : ""
}' > "$TMP/long.jsonl"
LDB="$TMP/long"
cari-index -q --db "$LDB" "$TMP/long.jsonl" || { echo "Bail out! cannot index"; exit 1; }
full=$(cari-query --db "$LDB" --json -n 5 '"alpha beta"')
expect_eq "no time limit: the whole answer" \
    "$(printf '%s' "$full" | jq -r '.partial // false')" false
expect_eq "...80 articles hold the phrase" \
    "$(printf '%s' "$full" | jq -r .total)" 80
run cari-query --db "$LDB" --json -n 5 --time-limit 1 '"alpha beta"'
expect_eq "--time-limit 1: \"partial\": true" \
    "$(printf '%s' "$out" | jq -r .partial)" true
run cari-query --db "$LDB" --time-limit 1 '"alpha beta"'
expect_match "...and the text output says so" "$out" \
    "^partial results: the search stopped at its time limit \(--time-limit 1\)"
run cari-query --db "$LDB" --time-limit 1x alpha
expect_status "--time-limit wants a number" 2

done_testing
