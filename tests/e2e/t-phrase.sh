#!/bin/sh
# t-phrase.sh - phrases, NEAR and NOT of phrases, which the index answers
# without positions (see cari_document_positions): checked on the text
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

cat > "$TMP/boats.jsonl" <<'JSON'
{"id": "apart", "title": "Nelayan Desa Pesisir", "content": "Kapal itu milik nelayan dari pelabuhan lama."}
{"id": "adjacent", "title": "Bantuan Tiba", "content": "Bantuan kapal nelayan tiba di pelabuhan pagi ini."}
{"id": "reverse", "title": "Keluhan Warga", "content": "Para nelayan kapal kecil mengeluh soal solar."}
{"id": "near", "title": "Perahu Rakyat", "content": "Kapal dan perahu serta sampan dan rakit milik nelayan berlabuh."}
{"id": "title", "title": "Harga Beras Naik Lagi", "content": "Pedagang di pasar induk mengeluh."}
{"id": "boundary", "title": "Laporan Harga", "content": "Beras di gudang Bulog menumpuk."}
JSON
DB="$TMP/db"
index_fixture "$DB" "$TMP/boats.jsonl"

ids () { hit_ids "$DB" "$@"; }

expect_eq "a phrase finds its words side by side, not apart or reversed" \
    "$(ids '"kapal nelayan"')" "adjacent"
expect_eq "the phrase reversed finds the reversed words" \
    "$(ids '"nelayan kapal"')" "reverse"
expect_eq "NEAR: within 10 words, in any order" \
    "$(ids 'kapal NEAR nelayan')" "adjacent apart near reverse"
expect_eq "NEAR/2: within 2 words" \
    "$(ids 'kapal NEAR/2 nelayan')" "adjacent reverse"
expect_eq "ADJ/3: in order, within 3 words" \
    "$(ids 'kapal ADJ/3 nelayan')" "adjacent apart"
# (pelabuhan and berlabuh share the stem labuh)
expect_eq "NOT a phrase leaves the articles with its words apart" \
    "$(ids 'pelabuhan -"kapal nelayan"')" "apart near"
expect_eq "NOT a phrase, in both tiers of a query of several words" \
    "$(ids 'nelayan pelabuhan -"kapal nelayan"')" "apart near reverse"
expect_eq "a phrase OR a word" \
    "$(ids '"kapal nelayan" OR sampan')" "adjacent near"
expect_eq "a phrase and other words: all-words articles and the rest" \
    "$(ids '"kapal nelayan" solar')" "adjacent reverse"
expect_eq "a phrase in a title" "$(ids '"harga beras"')" "title"
expect_eq "no phrase across the end of a title and the start of a body" \
    "$(ids '"laporan harga beras"')" ""
expect_eq "title: and a phrase" "$(ids 'title:"harga beras"')" "title"
expect_eq "title: and a phrase of body words finds nothing" \
    "$(ids 'title:"kapal nelayan"')" ""
expect_eq "a phrase of stopwords, quoted, is searched" \
    "$(ids '"di pasar"')" "title"

# A reduplicated word is a phrase to the query parser, inside the OR of the
# other words: an article with the other words but not the phrase is found
# after the one with all of them.
printf '%s\n' '{"id": "redup", "content": "Dua warga luka-luka dan satu korban tewas."}' \
    '{"id": "single", "content": "Korban mengalami luka ringan di kaki."}' \
    '{"id": "none", "content": "Luka lama belum sembuh."}' > "$TMP/redup.jsonl"
cari-index -q --db "$TMP/redup" "$TMP/redup.jsonl"
expect_eq "a reduplicated word in a query of several words: all-words article first, then the rest" \
    "$(cari-query --db "$TMP/redup" --json 'korban luka-luka' | jq -r '[.hits[].id] | join(" ")')" "redup single"

# A headline typed whole finds its article first, also when another title
# holds all its words.
cat > "$TMP/titles.jsonl" <<'JSON'
{"id": "longer", "title": "KPK Lakukan OTT di Medan", "content": "Penyidik KPK menggelar operasi tangkap tangan di Medan, Sumatera Utara, pada Rabu malam. KPK OTT di Medan menjaring lima orang."}
{"id": "exact", "title": "KPK OTT di Medan", "content": "Komisi Pemberantasan Korupsi menangkap pejabat dinas di Medan."}
JSON
cari-index -q --db "$TMP/titles" "$TMP/titles.jsonl"
for t in "KPK OTT di Medan" "KPK Lakukan OTT di Medan"; do
    expect_eq "the headline '$t' finds its article first" \
	"$(cari-query --db "$TMP/titles" --json "$t" | jq -r '.hits[0].title')" "$t"
done

done_testing
