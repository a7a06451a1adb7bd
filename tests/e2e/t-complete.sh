#!/bin/sh
# t-complete.sh - /api/suggest completes the last word in the context of
# the words before it, in the case the articles write it most
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

command -v curl > /dev/null || { echo "1..0 # SKIP curl is not installed (apt-get install curl)"; exit 0; }
{
    # cara and calon in more articles than cabai, never after harga.
    for i in 1 2 3 4 5 6; do
	printf '{"id": "cara%s", "title": "Cara Memilih Calon %s", "content": "Ini cara memilih calon yang baik. Calon itu tahu cara bekerja."}\n' "$i" "$i"
    done
    for i in 1 2 3; do
	printf '{"id": "cabai%s", "title": "Pasar Induk %s", "content": "Pedagang mengeluh karena harga cabai naik lagi pekan ini."}\n' "$i" "$i"
    done
    printf '{"id": "kpk%s", "title": "Penyidik Bekerja", "content": "Penyidik KPK memeriksa saksi. Menurut KPK, saksi datang pagi."}\n' 1 2 3
    printf '{"id": "kpk4", "title": "Singkatan", "content": "ditulis kpk oleh satu orang saja."}\n'
} > "$TMP/a.jsonl"
DB="$TMP/db"
index_fixture "$DB" "$TMP/a.jsonl"
start_server "$TMP/log" --db "$DB" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
suggest () { curl -s "$URL/api/suggest?q=$1" | jq -r '[.completions[].text] | join(",")'; }

expect_eq "ca alone: the most frequent first (ties in order)" "$(suggest ca)" "calon,cara,cabai"
expect_eq "harga ca: the word that follows harga first" "$(suggest 'harga+ca' | cut -d, -f1)" "harga cabai"
expect_eq "harga ca: the others still offered" "$(suggest 'harga+ca' | tr , '\n' | sort | paste -sd,)" \
    "harga cabai,harga calon,harga cara"
expect_eq "kp: KPK in the case most articles write it" "$(suggest kp)" "KPK"
expect_eq "the term stays folded" "$(curl -s "$URL/api/suggest?q=kp" | jq -r '.completions[0].term')" "kpk"
stop_server
done_testing
