#!/bin/sh
# t-snippets.sh - passages that show why a hit matched: the word, not a
# look-alike (empa in tempat); no " … " between adjacent words; the words
# a wildcard (korup*) expands to, highlighted and ranked by relevance
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

filler () {     # filler N: N sentences that hold no query word
    i=0; while [ "$i" -lt "$1" ]; do printf ' Kalimat pengisi nomor %s.' "$i"; i=$((i + 1)); done
}
{
    printf '{"id": "tempat", "title": "Terowongan Kota", "date": "2019-09-16", "content": "Di tempat itu, tempat ini dan tempat lain ada tempat baru.%s Pembangunan perlu analisa kerawanan seperti tanah longsor hingga gempa bumi.%s"}\n' "$(filler 20)" "$(filler 20)"
    printf '{"id": "old", "title": "Korupsi Dana Desa Terungkap", "date": "2019-01-02", "content": "Kasus korupsi dana desa. Para koruptor ditahan karena korupsi."}\n'
    printf '{"id": "new", "title": "Rapat Anggaran", "date": "2025-12-01", "content": "Rapat anggaran berjalan lama.%s Ada yang menyebut korupsi sekali."}\n' "$(filler 15)"
    # The query's words at places an LCG picks, in filler words: a
    # passage of two fragments often ends where the other begins.
    awk 'BEGIN {
	split("naik sedikit di pasar induk. kota besar itu pada pagi. ketika kemarin", f, " ")
	split("harga cabai pasokan", k, " "); seed = 1
	for (t = 0; t < 120; t++) {
	    s = ""
	    for (i = 0; i < 120; i++) {
		seed = (seed * 1103515245 + 12345) % 2147483648
		r = int(seed / 65536) % 100
		s = s (i ? " " : "") (r < 4 ? k[r % 3 + 1] : f[r % 12 + 1])
	    }
	    printf "{\"id\": \"g%d\", \"title\": \"Pasar %d\", \"content\": \"%s\"}\n", t, t, s
	}
    }'
} > "$TMP/a.jsonl"
DB="$TMP/db"
index_fixture "$DB" "$TMP/a.jsonl"

marks () { cari-query --db "$DB" --json -n 50 "$@" | jq -r '[.hits[] | "\(.id):\(.highlights | length)"] | join(" ")'; }

expect_eq "gempa highlighted, not the empa of tempat" "$(marks gempa)" "tempat:1"
expect_eq "korup*: the words it expands to highlighted" \
    "$(marks 'korup*' | tr ' ' '\n' | grep -c ':0$')" "0"
expect_eq "korup*: ranked by relevance, not by date" \
    "$(hit_ids "$DB" 'korup*' -n 1)" "old"
cari-query --db "$DB" --json -n 3 'korup*' |
    jq -e '[.hits[].score] | . == (sort | reverse)' > /dev/null
check "korup*: scores in order" test $? -eq 0

# Every " … " inside a passage: the text either side, joined by a space,
# is not a piece of the article.
for n in 60 80 100; do
    cari-query --db "$DB" --json -n 200 --snippet-chars $n 'harga cabai pasokan'
done > "$TMP/res.json"
bogus=$(jq -rn --slurpfile a "$TMP/a.jsonl" '
    ($a | map({(.id): .content}) | add) as $body
    | [inputs | .hits[] | . as $h | .snippet_text
       | ltrimstr("… ") | rtrimstr(" …") | split(" … ") as $f
       | range(1; $f | length) as $i
       | select(($body[$h.id] | index($f[$i - 1] + " " + $f[$i])) != null)]
    | length' "$TMP/res.json")
expect_eq "no ' … ' between words adjacent in the article" "$bogus" "0"
done_testing
