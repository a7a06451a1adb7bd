#!/bin/sh
# t-related.sh - related articles ("Berita terkait", issue 21) end to end:
# cari-query --related (text, JSON, JSON Lines, filters, bad ids), cari-serve's
# /api/related (its status codes) and the page's links and list, without
# JavaScript.  Wire copies (slot 5) are left out too: tests/unit/t-related.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# Articles written for this test beside the sample: two floods like the
# sample's Bekasi flood (sample-011), a repost of that one (its title), and
# a flood long before.
cat > "$TMP/floods.jsonl" <<'JSON'
{"id":"flood-bekasi-repost","url":"https://portal.example/banjir-bekasi","title":"Banjir Rendam Ribuan Rumah di Bekasi, Warga Mengungsi ke Masjid dan Sekolah","date":"2025-01-28","source":"Portal Lain","content":"Hujan deras membuat Kali Bekasi meluap dan merendam ribuan rumah di tujuh kecamatan. BPBD Kota Bekasi mencatat ribuan warga mengungsi ke masjid dan sekolah; petugas mengerahkan perahu karet."}
{"id":"flood-bekasi-2","url":"https://harian.example/tanggul-kali-bekasi","title":"Tanggul Kali Bekasi Jebol Lagi, BPBD Kerahkan Perahu Karet","date":"2025-01-29","source":"Harian Timur","content":"Tanggul Kali Bekasi kembali jebol setelah hujan deras semalam. BPBD Kota Bekasi mengerahkan perahu karet untuk mengevakuasi warga yang rumahnya terendam banjir. Warga mengungsi ke masjid dan balai warga, dan pemerintah kota memperpanjang status tanggap darurat banjir."}
{"id":"flood-bekasi-3","url":"https://harian.example/pengungsi-banjir-bekasi","title":"Pengungsi Banjir Bekasi Mulai Terserang Penyakit Kulit","date":"2025-02-01","source":"Harian Timur","content":"Ribuan pengungsi banjir di Kota Bekasi mulai terserang gatal dan penyakit kulit. Petugas kesehatan membuka posko di masjid dan sekolah tempat warga mengungsi sejak Kali Bekasi meluap. BPBD menyebut air di perumahan warga mulai surut."}
{"id":"esc-title","url":"https://pasar.example/cabai","title":"Harga Cabai \u001b]0;judul\u0007Naik \u001b[2JLagi","date":"2025-03-01","source":"Kabar Pasar","content":"Harga cabai rawit di pasar naik lagi pekan ini."}
{"id":"flood-bekasi-2020","url":"https://kabar.example/banjir-bekasi-2020","title":"Kali Bekasi Meluap, Ribuan Rumah Terendam Banjir","date":"2020-01-01","source":"Kabar Lama","content":"Kali Bekasi meluap pada malam tahun baru dan merendam ribuan rumah warga Bekasi. BPBD mengerahkan perahu karet, warga mengungsi ke masjid dan sekolah."}
JSON
DB="$TMP/db"
cari-index -q --db "$DB" "$SAMPLE" "$TMP/floods.jsonl" ||
    { echo "Bail out! cannot index the test articles"; exit 1; }

# cari-query --related
run cari-query --db "$DB" --json --related sample-011
expect_status "--related: exit 0" 0
expect_eq "--related: related_to and related_title" \
    "$(printf '%s' "$out" | jq -r '[.related_to, .related_title, .query] | join("|")')" \
    "sample-011|Banjir Rendam Ribuan Rumah di Bekasi, Warga Mengungsi ke Masjid dan Sekolah|"
ids=$(printf '%s' "$out" | jq -r '[.hits[].id] | join(" ")')
expect_no_match "--related: not the article itself" " $ids " " sample-011 "
expect_no_match "--related: not its repost (the same title)" " $ids " " flood-bekasi-repost "
expect_eq "--related: the three other Bekasi floods first" \
    "$(printf '%s' "$out" | jq -r '[.hits[:3][].id] | sort | join(" ")')" \
    "flood-bekasi-2 flood-bekasi-2020 flood-bekasi-3"
expect_eq "--related: snippets mark the article's words" \
    "$(printf '%s' "$out" | jq -r '[.hits[:3][] | (.highlights | length) > 0] | unique | join(" ")')" "true"
run cari-query --db "$DB" --color=never --related sample-011 -n 2
expect_match "--related: text names the article" "$out" \
    "^[0-9,]+ articles? related to 'Banjir Rendam Ribuan Rumah di Bekasi, Warga Mengungsi ke Masjid dan Sekolah' \(sample-011\), 1 to 2$"
expect_match "--related: text shows the hits" "$out" "^ 2\. "
run cari-query --db "$DB" --color=never --related esc-title -n 1
expect_eq "--related: the title's control characters as spaces" \
    "$(printf '%s\n' "$out" | head -1 | tr -d '\033\007' | cut -d"'" -f2)" \
    "$(printf '%s\n' "$out" | head -1 | cut -d"'" -f2)"
run cari-query --db "$DB" --jsonl --related sample-011 -n 3
expect_eq "--related --jsonl: a hit a line" "$(printf '%s\n' "$out" | jq -r .id | wc -l)" "3"
run cari-query --db "$DB" --json --related sample-011 --since 2025
expect_eq "--related --since: the filter applies" \
    "$(printf '%s' "$out" | jq -r '[.hits[].id | select(. == "flood-bekasi-2020")] | length')" "0"
run cari-query --db "$DB" --json --related sample-011 --source "harian timur"
expect_eq "--related --source: only that outlet's" \
    "$(printf '%s' "$out" | jq -r '[.hits[].id] | sort | join(" ")')" "flood-bekasi-2 flood-bekasi-3"

run cari-query --db "$DB" --related no-such-article
expect_status "--related of an unknown id: exit 2" 2
expect_match "--related of an unknown id: names it" "$err" \
    "^cari-query: no article has the id 'no-such-article' in the index"
run cari-query --db "$DB" --related ""
expect_status "--related '': exit 2" 2
expect_match "--related '': names the option" "$err" "^cari-query: --related wants the id of an article"
run cari-query --db "$DB" --related "$(printf '%0201d' 0)"
expect_status "--related of 201 bytes: exit 2" 2
expect_match "--related of 201 bytes: names the option and the limit" "$err" \
    "^cari-query: --related wants the id of an article .*at most 200 bytes.*not one that long"
run cari-query --db "$DB" --related sample-011 banjir
expect_status "--related with query words: exit 2" 2
expect_match "--related with query words: says so" "$err" "give no query, --batch or --sources with it"
run cari-query --db "$DB" --related sample-011 --since 2025-13
expect_status "--related with a bad filter: exit 2" 2

# cari-serve
if ! command -v curl > /dev/null; then
    echo "# curl is not installed: cari-serve's part skipped"
    done_testing
    exit
fi
get () {
    code=$(curl -s -g -o "$TMP/body" -w '%{http_code}' "$URL$1")
    body=$(cat "$TMP/body")
}
jqb () { printf '%s' "$body" | jq -r "$@"; }
start_server "$TMP/log" --db "$DB" ||
    { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }

get "/api/related?id=sample-011"
expect_eq "/api/related: 200" "$code" "200"
expect_eq "/api/related: the hits of cari-query --related" "$(jqb '[.hits[].id] | join(" ")')" \
    "$(cari-query --db "$DB" --json --related sample-011 | jq -r '[.hits[].id] | join(" ")')"
expect_eq "/api/related: related_to, page, size" "$(jqb '[.related_to, .page, .size] | join(" ")')" "sample-011 1 10"
get "/api/related?id=sample-011&size=2&page=2"
expect_eq "/api/related: page 2 of size 2" "$(jqb '[.hits[].rank] | join(" ")')" "3 4"
get "/api/related?id=sample-011&source=harian+timur"
expect_eq "/api/related: filters" "$(jqb '[.hits[].id] | sort | join(" ")')" "flood-bekasi-2 flood-bekasi-3"
get "/api/related"
expect_eq "/api/related without id: 400" "$code" "400"
expect_eq "/api/related without id: names it" "$(jqb '.parameter')" "id"
expect_match "/api/related without id: says what to give" "$(jqb '.error')" "id is missing"
get "/api/related?id=no-such-article"
expect_eq "/api/related of an unknown id: 404" "$code" "404"
expect_match "/api/related of an unknown id: names it" "$(jqb '.error')" "no article has the id 'no-such-article'"
get "/api/related?id=$(printf '%0201d' 0)"
expect_eq "/api/related of a 201-byte id: 400" "$code" "400"
get "/api/related?id=sample-011&size=0"
expect_eq "/api/related with a bad size: 400" "$code" "400"

# The page: every hit links to its related articles; /?related=ID lists them.
get "/?q=banjir+bekasi"
expect_match "page: a hit links to its related articles" "$body" \
    '<a class="related" href="\./\?related=sample-011">Berita terkait</a>'
get "/?related=sample-011"
expect_eq "page /?related: 200" "$code" "200"
expect_match "page /?related: Berita terkait: the title" "$body" \
    '<h2 class="related-head">Berita terkait: <cite>Banjir Rendam Ribuan Rumah di Bekasi, Warga Mengungsi ke Masjid dan Sekolah</cite></h2>'
expect_match "page /?related: the list of them" \
    "$(printf '%s' "$body" | sed -n '/<ol class="results"/,/<\/ol>/p')" \
    'href="https://harian.example/tanggul-kali-bekasi"'
expect_no_match "page /?related: not the article itself in the list" \
    "$(printf '%s' "$body" | sed -n '/<ol class="results"/,/<\/ol>/p')" 'related=sample-011"'
get "/?related=no-such-article"
expect_eq "page /?related of an unknown id: 404" "$code" "404"
expect_match "page /?related of an unknown id: says so" "$body" "Artikel itu tidak ada di arsip"
stop_server

# Wire copies found by cari-index itself (lib/copies.c), not written through
# the binding: an agency story run by three outlets is one group, and the
# related articles of one of them hold neither of the others, which a search
# of its words finds.
WDB="$TMP/wire"
cari-index -q --db "$WDB" "$SAMPLE" "$top_srcdir/tests/serve-wire.jsonl" ||
    { echo "Bail out! cannot index tests/serve-wire.jsonl"; exit 1; }
run cari-query --db "$WDB" --json --copies-of wire-a1
expect_eq "wire copies: cari-index grouped the three outlets' story" \
    "$(printf '%s' "$out" | jq -r '[.hits[].id] | sort | join(" ")')" \
    "wire-a1 wire-a2 wire-a3"
run cari-query --db "$WDB" --json -n 20 banjir lebak
expect_eq "wire copies: a search of their words finds all three" \
    "$(printf '%s' "$out" | jq -r '[.hits[].id | select(startswith("wire-"))] | length')" 3
run cari-query --db "$WDB" --json -n 20 --related wire-a1
expect_status "wire copies: --related of one: exit 0" 0
expect_eq "wire copies: --related of one lists neither of its copies" \
    "$(printf '%s' "$out" | jq -r '[.hits[].id | select(startswith("wire-"))] | length')" 0
expect_match "wire copies: --related still finds another flood" \
    " $(printf '%s' "$out" | jq -r '[.hits[].id] | join(" ")') " " sample-011 "
done_testing
