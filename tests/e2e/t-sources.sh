#!/bin/sh
# t-sources.sh - an outlet found by any reasonable form of its name
# (tempo for tempo.co, "CNN Indonesia" as displayed, antara for
# antaranews), in --source and in source:, an unknown one said plainly,
# and the outlets listed: cari-query --sources, /api/sources, the page.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

cat > "$TMP/a.jsonl" <<'JSON'
{"id":"t1","source":"tempo.co","date":"2025-01-02","title":"Banjir rendam Bekasi","content":"Banjir merendam ratusan rumah di Bekasi."}
{"id":"t2","source":"tempo.co","date":"2025-01-03","title":"Banjir surut","content":"Banjir di Bekasi mulai surut pagi ini."}
{"id":"c1","source":"CNN Indonesia","date":"2025-01-04","title":"Banjir Jakarta","content":"Banjir melanda Jakarta Timur sejak malam."}
{"id":"a1","source":"antaranews","date":"2025-01-05","title":"Banjir di Medan","content":"Banjir juga terjadi di Medan."}
{"id":"r1","source":"Redaksi Kita","date":"2025-01-06","title":"Banjir bandang","content":"Banjir bandang menerjang desa di lereng gunung."}
JSON
index_fixture "$TMP/db" "$TMP/a.jsonl"

for s in tempo Tempo tempo.co TEMPO.CO www.tempo.co; do
    expect_eq "--source $s: the articles of tempo.co" \
	"$(hit_ids "$TMP/db" --source "$s" banjir)" "t1 t2"
done
expect_eq "source:Tempo in the query" "$(hit_ids "$TMP/db" 'banjir source:Tempo')" "t1 t2"
expect_eq 'source:"CNN Indonesia" as displayed' \
    "$(hit_ids "$TMP/db" 'banjir source:"CNN Indonesia"')" "c1"
expect_eq "source:cnn, the start of a name" "$(hit_ids "$TMP/db" 'banjir source:cnn')" "c1"
expect_eq "source:antara for antaranews" "$(hit_ids "$TMP/db" 'banjir source:antara')" "a1"
expect_eq "source:redaksi-kita for Redaksi Kita" \
    "$(hit_ids "$TMP/db" 'banjir source:redaksi-kita')" "r1"
expect_eq "two source: filters: the articles of either" \
    "$(hit_ids "$TMP/db" 'banjir source:tempo source:antara')" "a1 t1 t2"
expect_eq "-source:tempo leaves tempo.co out" \
    "$(hit_ids "$TMP/db" 'banjir -source:tempo')" "a1 c1 r1"
expect_eq "a source: filter alone lists its articles" \
    "$(hit_ids "$TMP/db" 'source:tempo')" "t1 t2"

run cari-query --db "$TMP/db" --source kompas banjir
expect_status "an outlet the index does not have: exit 2" 2
expect_match "it is named, with where to find the outlets" "$err" \
    "no outlet is named 'kompas' in the index; cari-query --sources"
run cari-query --db "$TMP/db" 'banjir source:kompas'
expect_status "source:kompas: exit 2" 2

run cari-query --db "$TMP/db" 'banjir AND source:tempo AND'
expect_status "a query error with a source: filter: exit 2" 2
expect_match "its message quotes the query as typed" "$err" \
    "cannot understand the query 'banjir AND source:tempo AND'"

run cari-query --db "$TMP/db" --sources
expect_status "--sources: exit 0" 0
expect_eq "--sources: each outlet with its articles, most first" \
    "$(printf '%s\n' "$out" | tr '\t' ' ')" "tempo.co 2
antaranews 1
cnn indonesia 1
redaksi kita 1"
run cari-query --db "$TMP/db" --sources --json
expect_eq "--sources --json" "$(printf '%s' "$out" | jq -c '.sources[0]')" \
    '{"name":"tempo.co","articles":2}'

command -v curl > /dev/null || { echo "# curl is not installed: cari-serve not tried"; done_testing; exit; }
start_server "$TMP/log" --db "$TMP/db" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
expect_eq "/api/sources lists the outlets" \
    "$(curl -s "$URL/api/sources" | jq -r '[.sources[].name] | join(",")')" \
    "tempo.co,antaranews,cnn indonesia,redaksi kita"
expect_eq "/api/search?source=Tempo" \
    "$(curl -s "$URL/api/search?q=banjir&source=Tempo" | jq -r '[.hits[].id] | sort | join(" ")')" \
    "t1 t2"
page=$(curl -s "$URL/?q=banjir&source=tempo.co")
expect_match "the page offers the outlets" "$page" \
    '<option value="antaranews">antaranews \(1\)</option>'
expect_match "the page's outlet is selected" "$page" \
    '<option value="tempo.co" selected>tempo.co \(2\)</option>'
stop_server
done_testing
