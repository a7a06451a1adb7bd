#!/bin/sh
# t-page-lang.sh - the search page speaks Indonesian: its errors are
# Indonesian sentences (the library's English detail, where there is one,
# marked lang="en"), and its date fields are date pickers holding the
# dates asked for, with no placeholder that looks like a filter.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

command -v curl > /dev/null || { echo "1..0 # SKIP curl is not installed (apt-get install curl)"; exit 0; }
DB="$TMP/db"
index_fixture "$DB" "$SAMPLE"
start_server "$TMP/log" --db "$DB" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }

# error QUERYSTRING: the page's error paragraph.
error () { curl -s "$URL/?$1" | sed -n 's/.*<p class="error" role="alert">\(.*\)<\/p>.*/\1/p'; }

for case in "since=2025-13|Tanggal “Sejak” harus berupa tanggal TTTT-BB-HH" \
	    "until=kemarin|Tanggal “Sampai” harus berupa tanggal" \
	    "since=2025-05&until=2025-01|jatuh sesudah tanggal “Sampai”.*Tukar keduanya" \
	    "sort=acak|Urutan harus “paling cocok”, “terbaru” atau “terbaru &amp; relevan”" \
	    "page=0|Nomor halaman harus bilangan bulat dari 1 sampai 100" \
	    "size=500|Jumlah hasil per halaman harus bilangan bulat dari 1 sampai 50"; do
    qs=${case%%|*}
    want=${case#*|}
    got=$(error "q=ekspor&$qs")
    expect_match "$qs: said in Indonesian" "$got" "$want"
    expect_no_match "$qs: no English" "$got" "wants|not valid|swap|is after"
done
long=$(printf 'kata%.0s' $(seq 1 130))
expect_match "a query over 500 bytes: said in Indonesian" "$(error "q=$long")" \
    "Kata pencarian terlalu panjang: paling banyak 500 byte"
got=$(error "q=ekspor+AND")
expect_match "a query that cannot run: an Indonesian sentence first" "$got" \
    "^Pencarian ini tidak dapat dijalankan"
expect_match "the library's detail after it, marked as English" "$got" \
    '<span class="detail" lang="en">'

page=$(curl -s "$URL/?q=ekspor&since=2025&until=2024-02")
expect_match "Sejak: a date picker holding the first day of 2025" "$page" \
    '<input type="date" name="since"[^>]* value="2025-01-01">'
expect_match "Sampai: the last day of February 2024" "$page" \
    '<input type="date" name="until"[^>]* value="2024-02-29">'
expect_no_match "no placeholder dates" "$page" 'placeholder="20'
stop_server
done_testing
