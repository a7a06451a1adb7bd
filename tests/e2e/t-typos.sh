#!/bin/sh
# t-typos.sh - typo correction end to end (issue 19, item 3): a typo of a
# frequent word is searched as corrected, with the marker; --exact (and
# exact=1 on the page) searches as typed; a rare but real word that finds
# enough is not corrected away.  "Enough": 3 articles hold the word; a word
# that at most 2 hold is corrected to one that more than 10 times as many
# hold, when the corrected query finds more articles than the query as
# typed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# Articles written for this test: banjir in 24 (6 with Jakarta), Prabowo in
# 24, the typo Prabwo in one, banjar (a real word, one edit from banjir)
# in 3, banjur in 2.
{
    for i in $(seq 1 24); do
	city=Bekasi; [ "$i" -le 6 ] && city=Jakarta
	printf '{"id": "banjir-%s", "title": "Banjir melanda %s lagi", "content": "Hujan deras semalam membuat banjir setinggi lutut di %s, laporan %s."}\n' "$i" "$city" "$city" "$i"
	printf '{"id": "prabowo-%s", "title": "Presiden Prabowo berkunjung", "content": "Presiden Prabowo Subianto meresmikan gedung baru, kunjungan ke-%s tahun ini."}\n' "$i" "$i"
    done
    echo '{"id": "prabwo", "title": "Salah ketik", "content": "Sebuah berita menulis Prabwo tanpa huruf o kedua."}'
    for i in 1 2 3; do
	printf '{"id": "banjar-%s", "title": "Kabupaten Banjar membangun pasar", "content": "Pemerintah kabupaten Banjar membangun pasar ke-%s."}\n' "$i" "$i"
    done
    for i in 1 2; do
	printf '{"id": "banjur-%s", "title": "Desa kecil", "content": "Warga desa banjur menanam padi, tahun ke-%s."}\n' "$i" "$i"
    done
} > "$TMP/a.jsonl"
DB="$TMP/db"
index_fixture "$DB" "$TMP/a.jsonl"
ids () { hit_ids "$DB" "$@"; }
banjir=$(seq 1 24 | sed 's/^/banjir-/' | sort | tr '\n' ' ' | sed 's/ $//')

# A typo of a frequent word: its correction's articles, and the marker.
run cari-query --db "$DB" --color=never banjr
expect_status "banjr finds articles" 0
expect_match "banjr says it shows the results of banjir, and how to search as typed" \
    "$out" "^showing results for 'banjir'; search instead for 'banjr' with --exact$"
expect_match "the count is banjir's" "$out" "^(about )?24 results for 'banjir'"
expect_eq "banjr finds the banjir articles" "$(ids banjr)" "$banjir"
run cari-query --db "$DB" --json banjr
expect_eq "JSON: query as given, corrected_query, query_as_typed" \
    "$(printf '%s' "$out" | jq -c '[.query, .corrected_query, .query_as_typed, .total]')" \
    '["banjr","banjir","banjr",24]'
run cari-query --db "$DB" --jsonl banjr
expect_match "--jsonl says on stderr whose results these are" "$err" \
    "^cari-query: showing results for 'banjir'; search instead for 'banjr' with --exact$"

# --exact: as typed, the correction only suggested.
run cari-query --db "$DB" --color=never --exact banjr
expect_status "--exact banjr finds nothing" 1
expect_match "--exact banjr suggests banjir" "$out" "^did you mean: banjir$"
expect_no_match "--exact banjr does not show banjir's results" "$out" "showing results"
run cari-query --db "$DB" --json --exact banjr
expect_eq "--exact: no corrected_query in JSON, the suggestion" \
    "$(printf '%s' "$out" | jq -c '[.corrected_query, .suggestion, .total]')" \
    '[null,"banjir",0]'

# A typo one article holds (Prabwo, in 1; Prabowo in 24) is still
# corrected, written as typed (capital first); --exact finds that article.
run cari-query --db "$DB" --json Prabwo
expect_eq "Prabwo, in one article, is searched as Prabowo" \
    "$(printf '%s' "$out" | jq -c '[.corrected_query, .total]')" '["Prabowo",24]'
expect_eq "--exact Prabwo finds the article that has the typo" \
    "$(ids --exact Prabwo)" "prabwo"

# Two words: each corrected, the correction's articles hold both.
run cari-query --db "$DB" --json 'banjr jakrta'
expect_eq "banjr jakrta is searched as banjir jakarta" \
    "$(printf '%s' "$out" | jq -r '.corrected_query')" "banjir jakarta"
expect_match "its first hit holds both" \
    "$(printf '%s' "$out" | jq -r '.hits[0].title')" "^Banjir melanda Jakarta"

# A rare but real word that finds enough (3 articles): as typed.
run cari-query --db "$DB" --json banjar
expect_eq "banjar (3 articles, one edit from banjir in 24) is not corrected" \
    "$(printf '%s' "$out" | jq -c '[.corrected_query, .suggestion, .total]')" \
    '[null,null,3]'
expect_eq "banjar finds its own articles" "$(ids banjar)" "banjar-1 banjar-2 banjar-3"
# In 2 articles it is not enough: a word more than 10 times as many hold.
expect_eq "banjur (2 articles) is taken for banjir (24)" \
    "$(cari-query --db "$DB" --json banjur | jq -r '.corrected_query')" "banjir"

# A correction whose words no article holds together finds no more than
# the query as typed: the query stays as typed.
run cari-query --db "$DB" --json 'Prabwo banjr'
expect_eq "Prabwo banjr: Prabowo banjir finds no more, so not corrected" \
    "$(printf '%s' "$out" | jq -c '[.corrected_query, .query]')" '[null,"Prabwo banjr"]'

# The search page and the API.
command -v curl > /dev/null || { echo "# SKIP the page: curl is not installed"; done_testing; exit $?; }
start_server "$TMP/log" --db "$DB" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
page=$(curl -s "$URL/?q=banjr")
expect_match "the page: Menampilkan hasil untuk banjir" "$page" \
    '<p class="corrected">Menampilkan hasil untuk <strong>banjir</strong>'
expect_match "the page links to the query as typed with exact=1" "$page" \
    'href="\./\?q=banjr&amp;exact=1">banjr</a>'
expect_match "the page's count is of banjir" "$page" "hasil untuk <strong>banjir</strong> \("
page=$(curl -s "$URL/?q=banjr&exact=1")
expect_no_match "exact=1: no Menampilkan hasil untuk" "$page" "Menampilkan hasil"
expect_match "exact=1: Maksud Anda banjir" "$page" "Maksud Anda: <a href=[^>]*>banjir</a>"
expect_eq "/api/search: corrected_query, and none with exact=1" \
    "$(curl -s "$URL/api/search?q=banjr" | jq -r .corrected_query) $(curl -s "$URL/api/search?q=banjr&exact=1" | jq -r .corrected_query)" \
    "banjir null"
expect_eq "/api/search: exact=2 is refused" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=banjr&exact=2")" 400
stop_server

done_testing
