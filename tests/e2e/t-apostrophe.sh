#!/bin/sh
# t-apostrophe.sh - one name, written with an apostrophe, a typographic
# one or none (Ma'ruf, Ma’ruf, Maruf), is one word: each spelling finds
# the articles of all three, as a word and in a phrase, and the passage
# marks the name as the article writes it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

cat > "$TMP/a.jsonl" <<'JSON'
{"id":"a1","title":"Wapres Ma'ruf Amin tinjau banjir","date":"2025-01-02","content":"Wakil Presiden Ma'ruf Amin meninjau lokasi banjir di Bekasi pada hari Jum'at."}
{"id":"a2","title":"Kunjungan wapres ke pasar","date":"2025-01-03","content":"Wakil Presiden Ma’ruf Amin berbelanja di pasar tradisional bersama warga."}
{"id":"a3","title":"Maruf Amin hadiri pengajian","date":"2025-01-04","content":"Maruf Amin menghadiri pengajian akbar di Jakarta pada hari Jumat."}
{"id":"a4","title":"Harga cabai naik","date":"2025-01-05","content":"Harga cabai di pasar naik tajam menjelang akhir pekan."}
JSON
index_fixture "$TMP/db" "$TMP/a.jsonl"

for q in "Ma'ruf" "Ma’ruf" "Maruf" "ma'ruf amin" '"Maruf Amin"' "\"Ma'ruf Amin\""; do
    expect_eq "$q finds the articles of all three spellings" \
	"$(hit_ids "$TMP/db" "$q")" "a1 a2 a3"
done
expect_eq "Jum'at and Jumat find each other" \
    "$(hit_ids "$TMP/db" "Jum'at")" "a1 a3"
expect_eq "-Ma'ruf leaves the name's articles out" \
    "$(hit_ids "$TMP/db" "wakil -Ma'ruf")" ""

run cari-query --db "$TMP/db" --json "Maruf"
expect_status "Maruf: found" 0
expect_match "the passage marks Ma’ruf as a2 writes it" \
    "$(printf '%s' "$out" | jq -r '.hits[] | select(.id == "a2") | .snippet_html')" \
    "<mark>Ma’ruf</mark>"
expect_match "the passage marks Ma'ruf as a1 writes it" \
    "$(printf '%s' "$out" | jq -r '.hits[] | select(.id == "a1") | .snippet_html')" \
    "<mark>Ma(&#39;|')ruf</mark>"

done_testing
