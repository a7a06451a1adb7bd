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

# cari-serve: the same limits, and a bound on the searches running at once.
if ! command -v curl > /dev/null; then
    echo "# curl is missing: cari-serve's limits not tested"
    done_testing
    exit
fi
if start_server "$TMP/serve.log" --db "$LDB" --time-limit 1; then
    pass "cari-serve --time-limit 1 starts"
else
    fail "cari-serve --time-limit 1 starts" "$(cat "$TMP/serve.log")"
fi
api="$URL/api/search?q=%22alpha+beta%22"
expect_eq "cari-serve --time-limit 1: \"partial\": true" \
    "$(curl -s "$api" | jq -r .partial)" true
expect_eq "...and a partial answer is not cached" \
    "$(curl -s "$api" | jq -r '.cached // false')" false
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$URL/api/search?q=a*+b*+c*+d*+e*+f*+g*+h*+i*")
expect_eq "9 wildcards: 400" "$code" 400
expect_match "...saying what the limit is" "$(cat "$TMP/body")" "at most 8 are allowed"
stop_server

# CARI_SERVE_TEST_DELAY_MS (a knob for tests) makes each search hold its
# place for a second: a second search meanwhile waits in the queue, or,
# with no queue, finds no place.
CARI_SERVE_TEST_DELAY_MS=1000 start_server "$TMP/queue.log" --db "$LDB" \
    --max-searches 1 || fail "cari-serve --max-searches 1 starts"
curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=alpha" > "$TMP/slow.code" &
cpid=$!
sleep 0.3
expect_eq "--max-searches 1: a second search at once waits its turn" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=beta")" 200
wait "$cpid"
stop_server
CARI_SERVE_TEST_DELAY_MS=1500 start_server "$TMP/busy.log" --db "$LDB" \
    --max-searches 1 --search-queue 0 ||
    fail "cari-serve --max-searches 1 --search-queue 0 starts"
curl -s -o "$TMP/slow" -w '%{http_code}' "$URL/api/search?q=alpha" > "$TMP/slow.code" &
cpid=$!
sleep 0.5
code=$(curl -s -D "$TMP/headers" -o "$TMP/body" -w '%{http_code}' "$URL/api/search?q=beta")
expect_eq "--max-searches 1 --search-queue 0: a second search at once gets 503" "$code" 503
expect_match "...with Retry-After" "$(cat "$TMP/headers")" "^Retry-After: 1"
expect_match "...and says why" "$(cat "$TMP/body")" \
    "the server is busy: it runs at most 1 search at once \(--max-searches\)"
expect_eq "...while /healthz still answers" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz")" 200
wait "$cpid"
expect_eq "...and the first search is answered" "$(cat "$TMP/slow.code")" 200
expect_match "the access log has the 503" "$(cat "$TMP/busy.log")" \
    '"GET /api/search\?q=beta" 503 '
stop_server

# One search with a wildcard at a time (--max-wildcard-searches 1, the
# default); other searches still run beside it.
CARI_SERVE_TEST_DELAY_MS=1500 start_server "$TMP/wild.log" --db "$LDB" ||
    fail "cari-serve starts"
curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=alph*" > "$TMP/slow.code" &
cpid=$!
sleep 0.5
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$URL/api/search?q=bet*")
expect_eq "a second search with a wildcard at once gets 503" "$code" 503
expect_match "...naming the bound" "$(cat "$TMP/body")" \
    "at most 1 search with a wildcard \(\*\) or more than 16 words at once \(--max-wildcard-searches\)"
wait "$cpid"
expect_eq "...and the first is answered" "$(cat "$TMP/slow.code")" 200
curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=alph*" > "$TMP/slow.code" &
cpid=$!
sleep 0.5
expect_eq "a search without one runs beside it" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=beta")" 200
wait "$cpid"
stop_server

done_testing
