#!/bin/sh
# t-fresh.sh - the fresh ranking end to end (issue 21): cari-query --fresh,
# --sort fresh and --now, their errors and JSON fields; cari-serve's
# sort=fresh and half_life, and the page's default order set by
# --default-sort and --fresh-half-life
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# "old" says banjir most (title and lead) but is five years old; "new" is
# of yesterday and says it once; "undated" says it as often as "old".
cat > "$TMP/a.jsonl" <<'JSON'
{"id": "old", "title": "Banjir banjir Jakarta", "content": "Banjir besar. Banjir merendam rumah, banjir di jalan, banjir lagi.", "date": "2020-10-01"}
{"id": "new", "title": "Cuaca", "content": "Hujan deras di kota pesisir, warga waspada; semalam ada sedikit banjir di kota pesisir yang ramai itu.", "date": "2025-10-01"}
{"id": "mid", "title": "Sungai", "content": "Sungai meluap dan banjir datang ke kampung di tepi sungai itu.", "date": "2025-06-01"}
{"id": "undated", "title": "Banjir banjir Bandung", "content": "Banjir besar. Banjir merendam rumah, banjir di jalan, banjir lagi."}
{"id": "other", "title": "Gempa", "content": "Gempa kecil terasa di kota.", "date": "2025-10-01"}
JSON
DB="$TMP/db"
index_fixture "$DB" "$TMP/a.jsonl"
json () { cari-query --db "$DB" --json "$@"; }
ids () { json "$@" | jq -r '[.hits[].id] | join(" ")'; }

# By relevance the old article leads; a month's half-life from the next
# day puts the newest first (five years are 60 half-lives: no weight makes
# up for 2^60), and undated articles, taken as of 1900, last.
relevance=$(ids banjir)
expect_match "by relevance: the old article before the new one" "$relevance" "old .*new"
expect_eq "fresh 30d from 2025-10-02: newest first, undated last" \
    "$(ids --fresh 30d --now 2025-10-02 banjir)" "new mid old undated"
# A century's half-life: five years cost 3.4% of the weight, the order is
# nearly relevance's, but the undated article (125 years) drops behind old.
expect_match "fresh 36525d: old leads again" \
    "$(ids --fresh 36525d --now 2025-10-02 banjir)" "^old "
expect_match "fresh 36525d: the undated after the dated twin" \
    "$(ids --fresh 36525d --now 2025-10-02 banjir)" "old .*undated"

# The JSON says the ranking, the half-life, the clock, and each hit's
# fresh_score, which is log2 (score) + (day - now) / half-life.
out=$(json --fresh 2w --now 2025-10-02 banjir)
expect_eq "JSON: ranking, half_life_days, now" \
    "$(printf '%s' "$out" | jq -r '[.ranking, .half_life_days, .now] | join(" ")')" \
    "fresh 14 2025-10-02T00:00:00Z"
expect_eq "JSON: every fresh_score is log2 (score) + (day - now) / half-life" \
    "$(printf '%s' "$out" | jq '[.hits[] | (.date | if . == "" then "1900-01-01" else . end | strptime("%Y-%m-%d") | mktime) as $d
	| (.score | log2) + ($d - ("2025-10-02" | strptime("%Y-%m-%d") | mktime)) / 86400 / 14 - .fresh_score | fabs < 1e-9] | all')" "true"
expect_eq "JSON: the hits are in fresh_score order" \
    "$(printf '%s' "$out" | jq '[.hits[].fresh_score] as $s | $s == ($s | sort | reverse)')" "true"
expect_eq "JSON: the counts are relevance's" \
    "$(printf '%s' "$out" | jq -c '[.total, .total_exact, .total_all]')" \
    "$(json banjir | jq -c '[.total, .total_exact, .total_all]')"
expect_eq "JSON by relevance: ranking relevance, no fresh fields" \
    "$(json banjir | jq -r '[.ranking, (.now // "none"), (.hits[0].fresh_score // "none")] | join(" ")')" \
    "relevance none none"
expect_eq "JSON by date: ranking date" "$(json --sort date banjir | jq -r .ranking)" "date"
expect_eq "--sort fresh: the default half-life, 30 days" \
    "$(json --sort fresh --now 2025-10-02 banjir | jq -r '[.ranking, .half_life_days] | join(" ")')" \
    "fresh 30"
expect_eq "--fresh 30 is --fresh 30d is --fresh 720h" \
    "$(ids --fresh 30 --now 2025-10-02 banjir)|$(ids --fresh 720h --now 2025-10-02 banjir)" \
    "$(ids --fresh 30d --now 2025-10-02 banjir)|$(ids --fresh 30d --now 2025-10-02 banjir)"
expect_eq "--offset pages through the fresh order" \
    "$(ids --fresh 30d --now 2025-10-02 --offset 1 -n 2 banjir)" "mid old"
run cari-query --db "$DB" --color=never --fresh 30d banjir
expect_status "text: a fresh search runs" 0

# Bad input: the argument named, what it takes, exit 2.
for bad in 0 -3 30x 2y "" 100000d 1.2.3; do
    run cari-query --db "$DB" --fresh "$bad" banjir
    expect_status "--fresh '$bad': usage error" 2
    expect_match "--fresh '$bad': says what it takes" "$err" "--fresh wants a half-life: .*12h.*2w.*not '$bad'"
done
for bad in 2025-13-01 2025-10 yesterday 2025-10-01T10:00; do
    run cari-query --db "$DB" --fresh 30d --now "$bad" banjir
    expect_status "--now '$bad': usage error" 2
    expect_match "--now '$bad': says it wants YYYY-MM-DD" "$err" "--now wants a day as YYYY-MM-DD"
done
run cari-query --db "$DB" --now 2025-10-02 banjir
expect_status "--now without --fresh: usage error" 2
expect_match "--now without --fresh: says to add it" "$err" "give --fresh HALF_LIFE or --sort fresh"
run cari-query --db "$DB" --fresh 30d --sort date banjir
expect_status "--fresh with --sort date: usage error" 2
expect_match "--fresh with --sort date: says so" "$err" "without --sort date"
run cari-query --db "$DB" --fresh 30d --collapse banjir
expect_status "--fresh with --collapse: usage error" 2
expect_match "--fresh with --collapse: says the fresh ranking does not collapse" "$err" \
    "a fresh ranking does not collapse wire copies"
run cari-query --db "$DB" --json --facets banjir
by_relevance=$(printf '%s' "$out" | jq -c '[.facets, .facets_exact]')
run cari-query --db "$DB" --json --facets --fresh 30d --now 2025-10-02 banjir
expect_eq "--fresh with --facets: ranked fresh" "$(printf '%s' "$out" | jq -r .ranking)" fresh
expect_eq "--fresh with --facets: the facets of the relevance search, exact" \
    "$(printf '%s' "$out" | jq -c '[.facets, .facets_exact]')" "$by_relevance"
check "--fresh with --facets: facets were counted" \
    test "$(printf '%s' "$by_relevance" | jq '.[0].year | length')" -gt 0
run cari-query --db "$DB" --sort newest banjir
expect_match "--sort names fresh among its orders" "$err" "relevance, date or fresh"

# cari-serve: sort=fresh and half_life, and the site's default order.
command -v curl > /dev/null || { echo "# curl is not installed: cari-serve not tried"; done_testing; exit; }
run cari-serve --db "$DB" --default-sort newest
expect_status "--default-sort newest: usage error" 2
expect_match "--default-sort: says what it takes" "$err" "--default-sort wants relevance, date or fresh"
run cari-serve --db "$DB" --fresh-half-life 3y
expect_status "--fresh-half-life 3y: usage error" 2
expect_match "--fresh-half-life: says what it takes" "$err" "--fresh-half-life wants .*12h"

start_server "$TMP/log" --db "$DB" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
expect_eq "API: no sort is relevance by default" \
    "$(curl -s "$URL/api/search?q=banjir" | jq -r .ranking)" "relevance"
expect_eq "API: sort=fresh&half_life=2w" \
    "$(curl -s "$URL/api/search?q=banjir&sort=fresh&half_life=2w" | jq -r '[.ranking, .half_life_days, (.hits[0].fresh_score | type), .hits[0].id] | join(" ")')" \
    "fresh 14 number new"
expect_eq "API: sort=fresh does not collapse (collapse=1 is the default): no copies fields" \
    "$(curl -s "$URL/api/search?q=banjir&sort=fresh" | jq '[.hits[] | has("copies")] | any')" false
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$URL/api/search?q=banjir&sort=fresh&half_life=soon")
expect_eq "API: a bad half_life is 400 naming it" "$code $(jq -r .parameter "$TMP/body")" "400 half_life"
expect_match "API: a bad half_life says what it takes" "$(jq -r .error "$TMP/body")" "half_life wants .*30d"
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$URL/api/search?q=banjir&half_life=2w")
expect_eq "API: half_life without fresh is 400" "$code $(jq -r .parameter "$TMP/body")" "400 half_life"
expect_match "API: sort=bogus names fresh" "$(curl -s "$URL/api/search?q=banjir&sort=bogus" | jq -r .error)" "relevance, date or fresh"
page=$(curl -s "$URL/?q=banjir")
expect_match "page: the selector offers Terbaru & relevan" "$page" '<option value="fresh">terbaru &amp; relevan</option>'
expect_match "page: relevance selected by default" "$page" '<option value="relevance" selected>'
page=$(curl -s "$URL/?q=banjir&sort=fresh")
expect_match "page: sort=fresh selected" "$page" '<option value="fresh" selected>'
expect_match "page: sort=fresh kept in the links" "$(curl -s "$URL/?q=banjir&sort=fresh&size=1")" 'sort=fresh'
page=$(curl -s "$URL/?q=banjir&sort=fresh&half_life=x")
expect_match "page: a bad half_life said in Indonesian" "$page" "Waktu paruh harus"
expect_match "page: the order's name HTML-escaped in the message" "$page" "urutan “terbaru &amp; relevan”"
expect_no_match "page: no bare ampersand in the message" "$page" "terbaru & relevan"
stop_server

start_server "$TMP/log" --db "$DB" --default-sort fresh --fresh-half-life 2w ||
    { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
expect_eq "--default-sort fresh: the API without sort ranks fresh, 14 days" \
    "$(curl -s "$URL/api/search?q=banjir" | jq -r '[.ranking, .half_life_days, .hits[0].id] | join(" ")')" \
    "fresh 14 new"
expect_eq "--default-sort fresh: sort=relevance still asks for relevance" \
    "$(curl -s "$URL/api/search?q=banjir&sort=relevance" | jq -r .ranking)" "relevance"
page=$(curl -s "$URL/?q=banjir")
expect_match "--default-sort fresh: the page's selector has it selected" "$page" '<option value="fresh" selected>'
expect_match "--default-sort fresh: the page's first hit is the newest" \
    "$(printf '%s\n' "$page" | grep -o '<li><h2>.*</h2>' | head -n 1)" "Cuaca"
stop_server
done_testing
