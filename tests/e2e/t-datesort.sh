#!/bin/sh
# t-datesort.sh - newest first lists only articles with every word (or
# says that none has them), and the counts say how many hold every word and
# how many some, the same whatever the order, the limit, or a delete and
# re-add; in cari-query's text and JSON, cari-serve's API and its page
# (issue 19, items 1 and 2)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# Two articles hold both words (one as berharga: the stem of harga), the
# newest hold one, or a word that only looks like it (seharga).
cat > "$TMP/prices.jsonl" <<'JSON'
{"id": "both-old", "title": "Pasar Induk", "content": "Harga cabai rawit naik tajam di pasar induk.", "date": "2024-01-05"}
{"id": "both-stem", "title": "Dapur Umum", "content": "Cabai yang berharga bagi dapur umum warga.", "date": "2024-02-10"}
{"id": "harga-1", "title": "Tiket Murah", "content": "Harga tiket pesawat turun menjelang libur.", "date": "2025-06-01"}
{"id": "harga-2", "title": "Pupuk", "content": "Harga pupuk diturunkan pemerintah.", "date": "2025-07-01"}
{"id": "harga-3", "title": "Penghargaan", "content": "Polwan itu menerima penghargaan dari PBB.", "date": "2025-08-01"}
{"id": "harga-4", "title": "Jaksa Gadungan", "content": "Seragam dibeli seharga satu juta rupiah.", "date": "2025-09-01"}
{"id": "cabai-1", "title": "Kebun", "content": "Petani menanam cabai di lereng gunung.", "date": "2025-10-01"}
{"id": "gempa-1", "title": "Gempa", "content": "Gempa kecil terasa di kota pesisir.", "date": "2025-11-01"}
JSON
DB="$TMP/db"
index_fixture "$DB" "$TMP/prices.jsonl"

json () { cari-query --db "$DB" --json "$@"; }

# 1. Newest first: only the articles with every word.
expect_eq "by date: the two articles with both words, newest first" \
    "$(json --sort date 'harga cabai' | jq -r '[.hits[].id] | join(" ")')" \
    "both-stem both-old"
expect_eq "by relevance: those two first, then those with one word" \
    "$(json 'harga cabai' | jq -r '([.hits[:2][].id] | sort | join(" ")), (.hits | length)' | tr '\n' ' ')" \
    "both-old both-stem 7 "
run cari-query --db "$DB" --color=never --sort date 'harga cabai'
expect_match "text by date: the counts of both, the hits with both" "$out" \
    "^2 articles hold every word of 'harga cabai', 7 hold some; 1 to 2$"
expect_no_match "text by date: no article with one word" "$out" "Tiket|Pupuk|seharga|Kebun"
run cari-query --db "$DB" --color=never --sort date 'cabai gempa'
expect_match "by date, no article with every word: said plainly" "$out" \
    "^no article holds every word; showing those with some$"
expect_eq "by date, no article with every word: those with some, newest first" \
    "$(json --sort date 'cabai gempa' | jq -r '[.some_words_only, (.hits | map(.id) | join(" "))] | join(" ")')" \
    "true gempa-1 cabai-1 both-stem both-old"
expect_eq "JSON: no some_words_only while an article holds every word" \
    "$(json --sort date 'harga cabai' | jq -r '.some_words_only // "absent"')" "absent"

# 2. The counts: every word, some, exact, the same for any order and limit.
counts () { json "$@" | jq -r '[.total_all, .total_all_exact, .total, .total_exact] | join(" ")'; }
want="2 true 7 true"
for args in "" "--sort date" "-n 1" "-n 1 --sort date" "--offset 5" "--offset 3 -n 2 --sort date"; do
    # shellcheck disable=SC2086
    expect_eq "counts with '${args:-defaults}'" "$(counts $args 'harga cabai')" "$want"
done
expect_eq "JSON: total_listed is what the hits run to" \
    "$(json 'harga cabai' | jq .total_listed) $(json --sort date 'harga cabai' | jq .total_listed)" "7 2"
expect_eq "JSON: a word alone, total_all = total" \
    "$(counts cabai)" "3 true 3 true"
run cari-query --db "$DB" --color=never cabai
expect_match "text: one word, a count without 'about'" "$out" "^3 results for 'cabai', 1 to 3$"

# A deleted and re-added article counts once, whatever the limit.
cari-index -q --db "$DB" --delete both-old
index_fixture "$DB" "$TMP/prices.jsonl"
for n in 1 10; do
    expect_eq "after a delete and re-add, -n $n: the same counts" \
	"$(counts -n $n 'harga cabai')" "$want"
done

# Past a thousand, the digits are grouped: 2,100 in the terminal.
# Fifteen of them hold sawah too.
awk 'BEGIN { for (i = 1; i <= 2100; i++)
    printf "{\"id\": \"n%d\", \"title\": \"Berita %d\", \"content\": \"Banjir melanda %s %d.\", \"date\": \"2025-01-%02d\"}\n", i, i, i <= 15 ? "sawah" : "kampung", i, 1 + i % 28 }' > "$TMP/many.jsonl"
index_fixture "$TMP/many" "$TMP/many.jsonl"
run cari-query --db "$TMP/many" --color=never -n 1 banjir
expect_match "text: 2,100 results" "$out" "^2,100 results for 'banjir', 1 to 1$"
# Xapian estimates a date range at 0 articles: more than 2,000 may hold
# some of the words, so they are looked at up to 2,000.
for args in "-n 1" "-n 10 --sort date"; do
    # shellcheck disable=SC2086
    expect_eq "a date range, '$args': 15 with both words, at least 2,000 some" \
	"$(cari-query --db "$TMP/many" --json $args --since 2025-01-02 'banjir sawah' | jq -r '[.total_all, .total_all_exact, .total >= 2000] | join(" ")')" \
	"15 true true"
done

# cari-serve: the same JSON, and the page in Indonesian.
if ! command -v curl > /dev/null || ! command -v cari-serve > /dev/null; then
    echo "# SKIP cari-serve's part: curl or cari-serve is missing (apt-get install curl libmicrohttpd-dev, then configure again)"
    done_testing
    exit
fi
start_server "$TMP/log" --db "$DB" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
body=$(curl -s -g "$URL/api/search?q=harga+cabai&sort=date")
expect_eq "API by date: the articles with both words, and the counts" \
    "$(printf '%s' "$body" | jq -r '[(.hits | map(.id) | join(",")), .total_all, .total] | join(" ")')" \
    "both-stem,both-old 2 7"
# The test's articles repeat one text: copies to the detector, collapsed
# by default (issue 21); collapse=0 counts them all.
page=$(curl -s -g "$URL/?q=harga+cabai&sort=date&collapse=0")
expect_match "page: how many hold every word, how many some" "$page" \
    "2 artikel memuat semua kata <strong>harga cabai</strong>; 7 memuat sebagian \([0-9]+,[0-9] ms\)"
expect_no_match "page by date: no article with one word" "$page" "Tiket Murah|Jaksa Gadungan"
page=$(curl -s -g "$URL/?q=cabai+gempa&sort=date")
expect_match "page: no article holds every word, said in Indonesian" "$page" \
    "Tidak ada artikel yang memuat semua kata"
stop_server
start_server "$TMP/log2" --db "$TMP/many" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log2")"; exit 1; }
page=$(curl -s -g "$URL/?q=banjir")
expect_match "page: 2.100 as Indonesian writes it" "$page" "2\.100 hasil untuk <strong>banjir</strong>"
page=$(curl -s -g "$URL/?q=banjir+sawah&sort=date&collapse=0")
expect_match "page by date: 15 with both words, of 2.100" "$page" \
    "15 artikel memuat semua kata <strong>banjir sawah</strong>; 2\.100 memuat sebagian"
expect_eq "page by date: the pages run to the last article with both words" \
    "$(printf '%s' "$page" | grep -o 'aria-label="Halaman [0-9]*"' | tr '\n' ' ')" 'aria-label="Halaman 2" '
stop_server

done_testing
