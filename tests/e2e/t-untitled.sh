#!/bin/sh
# t-untitled.sh - articles without a title or a date: the first words of
# the text (or the url) for a title, said to be derived, and "tanpa
# tanggal", the same in the terminal, the JSON and the search page
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

cat > "$TMP/a.jsonl" <<'JSON'
{"id": "notitle", "url": "https://x.test/a", "date": "2025-03-04", "content": "Banjir melanda desa itu sejak pagi. Warga mengungsi ke balai desa."}
{"id": "nodate", "title": "Banjir di Pesisir", "url": "https://x.test/b", "content": "Air banjir naik sampai pinggang."}
{"id": "long", "url": "https://x.test/c", "content": "Banjir besar yang melanda wilayah pesisir utara sejak tiga hari lalu membuat ribuan warga di lima kecamatan harus mengungsi"}
JSON
DB="$TMP/db"
index_fixture "$DB" "$TMP/a.jsonl"

json () { cari-query --db "$DB" --json -n 10 banjir | jq -r "$@"; }
expect_eq "JSON: the first sentence for a title" \
    "$(json '.hits[] | select(.id == "notitle") | .title')" "Banjir melanda desa itu sejak pagi."
expect_eq "JSON: title_derived says so; false for a real title" \
    "$(json '[.hits[] | "\(.id)=\(.title_derived)"] | sort | join(" ")')" \
    "long=true nodate=false notitle=true"
expect_eq "JSON: a long first sentence cut at a space, with ' …'" \
    "$(json '.hits[] | select(.id == "long") | .title')" \
    "Banjir besar yang melanda wilayah pesisir utara sejak tiga hari lalu membuat ribuan warga di …"
expect_eq "JSON: the derived title highlighted in title_html" \
    "$(json '.hits[] | select(.id == "notitle") | .title_html')" "<mark>Banjir</mark> melanda desa itu sejak pagi."
expect_eq "JSON: a missing date stays empty" "$(json '.hits[] | select(.id == "nodate") | .date')" ""

cari-query --db "$DB" -n 10 banjir > "$TMP/text"
check "terminal: the derived title, not the id" grep -q '^ *[0-9]*\. \*\*Banjir\*\* melanda desa itu sejak pagi\.$' "$TMP/text"
check "terminal: no hit titled by its id" sh -c "! grep -q '^ *[0-9]*\. \(notitle\|long\)$' '$TMP/text'"
check "terminal: tanpa tanggal for a missing date" grep -q '^    tanpa tanggal | https://x.test/b$' "$TMP/text"

if command -v curl > /dev/null; then
    start_server "$TMP/log" --db "$DB" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
    curl -s "$URL/?q=banjir" > "$TMP/page"
    stop_server
    page=$(cat "$TMP/page")
    expect_match "page: the derived title in a heading marked derived" "$page" \
	'<h2 class="derived" [^>]*><a href="https://x.test/a"><mark>Banjir</mark> melanda desa itu sejak pagi\.</a>'
    expect_match "page: tanpa tanggal" "$page" '<p class="meta"><span class="nodate">tanpa tanggal</span>( · <a class="related" href="[^"]*">Berita terkait</a>)</p>'
    check "page: no (tanpa judul)" sh -c "! grep -q 'tanpa judul)' '$TMP/page'"
fi
# A date filter says that undated articles are in no date range.
cat > "$TMP/und.jsonl" <<'JSON'
{"id":"d1","date":"2017-03-01","title":"Banjir lama","content":"Banjir melanda kota pada tahun itu."}
{"id":"d2","date":"2025-03-01","title":"Banjir baru","content":"Banjir melanda kota lagi."}
{"id":"u1","title":"Banjir tanpa tanggal","content":"Banjir tanpa tanggal di kota."}
{"id":"u2","title":"Banjir tanpa tanggal lagi","content":"Banjir lagi, juga tanpa tanggal."}
JSON
index_fixture "$TMP/und" "$TMP/und.jsonl"
run cari-query --db "$TMP/und" --until 2018 banjir
expect_eq "--until 2018: the dated article only" "$(hit_ids "$TMP/und" --until 2018 banjir)" "d1"
expect_match "--until 2018: says the undated articles are in no range" "$out" \
    "^2 articles of the index have no date and so are in no date range\$"
expect_eq "date:2025 in JSON: undated 2" \
    "$(cari-query --db "$TMP/und" --json 'banjir date:2025' | jq .undated)" 2
expect_eq "no date filter: no undated field" \
    "$(cari-query --db "$TMP/und" --json banjir | jq .undated)" null
run cari-query --db "$TMP/und" banjir
expect_no_match "no date filter: no such line" "$out" "no date range"
if command -v curl > /dev/null; then
    start_server "$TMP/log2" --db "$TMP/und" || { echo "Bail out! cari-serve did not start"; exit 1; }
    expect_match "page with Sampai 2018: says it in Indonesian" \
	"$(curl -s "$URL/?q=banjir&until=2018")" \
	'<p class="undated">2 artikel tanpa tanggal tidak termasuk dalam rentang tanggal mana pun\.</p>'
    stop_server
fi
done_testing
