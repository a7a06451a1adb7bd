#!/bin/sh
# t-query.sh - cari-query end to end on the sample corpus
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DB="$TMP/db"
cari-index -q --db "$DB" "$SAMPLE" || { echo "Bail out! cannot index the sample"; exit 1; }

# top QUERY...: the ids of the hits, space-separated, best first.
top () {
    cari-query --db "$DB" --json "$@" | jq -r '[.hits[].id] | join(" ")'
}
first () { top "$@" | cut -d' ' -f1; }

expect_eq "tingkat: the article about Peningkatan Ekspor ranks first" \
    "$(first tingkat)" "sample-001"
expect_eq "banjir Bekasi: the Bekasi flood article first" \
    "$(first banjir Bekasi)" "sample-011"
expect_eq "capitalised and lower-case queries agree" \
    "$(top BANJIR bekasi)" "$(top banjir Bekasi)"
expect_eq "gempa Cianjur finds exactly the earthquake article" \
    "$(top gempa Cianjur)" "sample-012"
expect_eq "a stem matches the affixed forms: 'ditingkatkan' finds what 'tingkat' finds" \
    "$(top ditingkatkan | tr ' ' '\n' | sort | tr '\n' ' ')" \
    "$(top tingkat | tr ' ' '\n' | sort | tr '\n' ' ')"
expect_eq "a phrase across a hyphen: \"buku-buku\"" "$(top '"buku-buku"')" "sample-031"
expect_eq "numbers written 19/7 are found as a phrase" "$(top 19/7)" "sample-005"
printf '%s\n' '{"id": "belsen", "content": "Kamp Belsen dibebaskan pada April 1945."}' \
    '{"id": "seri", "content": "Seri ini tayang sebanyak 12 episode."}' > "$TMP/joined.jsonl"
cari-index -q --db "$TMP/joined" "$TMP/joined.jsonl"
expect_eq "words joined by a hyphen are words of their own: Bergen-Belsen finds Belsen" \
    "$(cari-query --db "$TMP/joined" --json Bergen-Belsen | jq -r '[.hits[].id] | join(" ")')" "belsen"
expect_eq "... and by a slash: episode/seri finds them apart" \
    "$(cari-query --db "$TMP/joined" --json episode/seri | jq -r '[.hits[].id] | join(" ")')" "seri"
printf '%s\n' '{"id": "pasar", "content": "Harga sayur-mayur naik, kupu-kupu hinggap di kebun."}' > "$TMP/redup.jsonl"
cari-index -q --db "$TMP/redup" "$TMP/redup.jsonl"
for q in kupu-kupu sayur-mayur Kupu-Kupu; do
    expect_eq "a hyphenated word of one stem stays whole: $q" \
	"$(cari-query --db "$TMP/redup" --json "$q" | jq -r '[.hits[].id] | join(" ")')" "pasar"
done
expect_eq "digit groups: 2.000" "$(first 2.000)" "sample-005"
expect_eq "an apostrophe word: Jum'at" "$(top "Jum'at")" "sample-033"
printf '%s\n' '{"id": "mail", "content": "Kirim tulisan ke redaksi@kabar.co.id atau lewat https://kabar.example/kirim sebelum Jumat."}' > "$TMP/mail.jsonl"
cari-index -q --db "$TMP/mail" "$TMP/mail.jsonl"
expect_eq "an e-mail address is found as typed" \
    "$(cari-query --db "$TMP/mail" --json redaksi@kabar.co.id | jq -r '.hits[0].id')" "mail"
expect_eq "a URL is found as typed" \
    "$(cari-query --db "$TMP/mail" --json https://kabar.example/kirim | jq -r '.hits[0].id')" "mail"
# The lead counts more: two bodies of the same words, the query word first
# in one and last in the other; the earlier-indexed one would win a tie.
filler="warga kota menunggu kabar dari petugas yang datang pagi ini bersama relawan dan aparat desa setempat untuk membantu membersihkan lumpur di jalan utama dan rumah rumah yang terendam sejak semalam"
printf '{"id": "late", "content": "%s %s"}\n{"id": "lead", "content": "%s %s"}\n' \
    "$filler" "longsor" "longsor" "$filler" > "$TMP/lead.jsonl"
cari-index -q --db "$TMP/lead" "$TMP/lead.jsonl"
expect_eq "a word in the lead ranks its article above one that ends with it" \
    "$(cari-query --db "$TMP/lead" --json longsor | jq -r '[.hits[].id] | join(" ")')" "lead late"
printf '%s\n' '{"id": "accent", "content": "Mumi Ötzi ditemukan di Pegunungan Alpen; Barthélemy Boganda politikus Afrika."}' > "$TMP/accent.jsonl"
cari-index -q --db "$TMP/accent" "$TMP/accent.jsonl"
for q in Otzi Ötzi '"mumi ötzi"' barthelemy Barthélemy; do
    expect_eq "accents need not be typed, and may be: $q" \
	"$(cari-query --db "$TMP/accent" --json "$q" | jq -r '.hits[0].id')" "accent"
done
run cari-query --db "$TMP/accent" "$(printf 'ba\377njir')"
expect_status "a query that is not UTF-8 is a usage error" 2
expect_match "... and says so" "$err" "not valid UTF-8"
expect_eq "title: searches titles only" "$(top title:ekspor)" "sample-001"
expect_eq "source: filters by outlet" \
    "$(top 'pemerintah source:"berita maritim"' | tr ' ' '\n' | sort | tr '\n' ' ')" "sample-026 "
expect_eq "-word excludes" "$(top 'gempa -cianjur')" ""
# Xapian's parser reads -words as words when nothing else is left to
# match: -banjir found the flood article, and so did yang -banjir once the
# stopword yang was left out.
count () { cari-query --db "$DB" --json -n 100 -- "$@" | jq '.hits | length'; }
has011 () { cari-query --db "$DB" --json -n 100 -- "$@" | jq '[.hits[].id] | index("sample-011") != null'; }
expect_eq "-word alone: every article but the one with the word" \
    "$(has011 -banjir) $(count -banjir)" "false $(($(count -- '-zzzz') - 1))"
expect_eq "stopword -word: the stopword's articles but the one with the word" \
    "$(has011 'yang -banjir') $(count 'yang -banjir')" "false $(($(count yang) - 1))"
expect_eq "... and a NOT of a phrase after stopwords" \
    "$(has011 'yang -"banjir rendam"')" "false"
expect_eq "-n limits the hits" "$(top -n 2 pemerintah | wc -w)" "2"

# The analyzer's stems: every affixed form of tingkat is found and marked.
run cari-query --db "$DB" -n 1 tingkat
expect_match "tingkat marks Peningkatan in the title" "$out" "^ 1\. \*\*Peningkatan\*\* Ekspor"
expect_match "tingkat marks meningkatkan and ditingkatkan in the snippet" "$out" \
    "^    .*\*\*meningkatkan\*\*.*\*\*ditingkatkan\*\*"
expect_eq "tangkap finds both articles about arrests" \
    "$(top tangkap | tr ' ' '\n' | sort | tr '\n' ' ')" "sample-008 sample-009 "
expect_eq "menangkap finds the same articles as tangkap" \
    "$(top menangkap | tr ' ' '\n' | sort | tr '\n' ' ')" "sample-008 sample-009 "

# Stopwords are left out of queries, unless they are all there is.
expect_eq "'banjir di Bekasi' searches as 'banjir Bekasi'" \
    "$(cari-query --db "$DB" --json 'banjir di Bekasi' | jq .total)" \
    "$(cari-query --db "$DB" --json 'banjir Bekasi' | jq .total)"
run cari-query --db "$DB" yang
expect_status "a query of only stopwords still searches" 0

# An index built with another lexicon is searched with a warning.
CARI_LEXICON="$TMP/none.dic" cari-index -q --db "$TMP/other" "$SAMPLE" 2> /dev/null
run cari-query --db "$TMP/other" banjir
expect_match "another lexicon: a warning that says to rebuild" "$err" \
    "built with the lexicon .*none.*rebuild the index"

# Text output: marked snippets when piped, colour only when asked.
run cari-query --db "$DB" banjir Bekasi
expect_status "hits: exit 0" 0
expect_match "text: the count line (counted: no 'about')" "$out" "^[0-9]+ results? for 'banjir Bekasi'"
expect_match "text: rank and title" "$out" "^ 1\. \*\*Banjir\*\* Rendam Ribuan Rumah di \*\*Bekasi\*\*"
expect_match "text: date, source and url" "$out" "^    2025-01-28 \| Warta Kota Harian \| https://"
expect_match "text: the snippet marks the words" "$out" "^    .*\*\*[Bb]anjir\*\*.*\*\*Bekasi\*\*"
expect_no_match "piped: no escape codes" "$out" "$(printf '\033')"
run cari-query --db "$DB" --color=always banjir
expect_match "--color=always: escape codes" "$out" "$(printf '\033')\[1;33mbanjir|$(printf '\033')\[1;33mBanjir"
# Control characters in an article (an escape sequence that sets the
# terminal's title, a C1 CSI) are printed as spaces, not sent to the terminal.
printf '%s\n' '{"id": "ctl", "title": "Judul \u001b]0;DIBAJAK\u0007 kontrol", "content": "Isi \u001b[2J kontrol \u009b31m akhir.", "source": "Sumber\u001b[5m", "url": "https://x.example/\u001b[31m"}' > "$TMP/ctl.jsonl"
cari-index -q --db "$TMP/ctl" "$TMP/ctl.jsonl"
run cari-query --db "$TMP/ctl" --color=never kontrol
expect_match "control characters: the hit is printed" "$out" "Judul  \]0;DIBAJAK  \*\*kontrol\*\*"
expect_no_match "control characters: no escape byte reaches the terminal" "$out" "$(printf '\033')"
expect_no_match "control characters: no C1 control either" "$out" "$(printf '\302\233')"

# Every word with a matched stem is highlighted.
run cari-query --db "$DB" --json tingkat
marks=$(printf '%s' "$out" | jq -r '.hits[].snippet_html' | grep -o '<mark>[^<]*</mark>' | sed 's/<[^>]*>//g' | sort -u)
stems=$(for w in $marks; do cari-stem "$w" | cut -f5; done | sort -u | tr '\n' ' ')
expect_eq "json: every marked word stems to the query's stem" "$stems" "tingkat "
expect_match "json: a mark in the best hit" "$(printf '%s' "$out" | jq -r '.hits[0].snippet_html')" "<mark>"
expect_eq "json: schema of a hit" \
    "$(printf '%s' "$out" | jq -r '.hits[0] | keys | join(",")')" \
    "date,highlights,id,rank,score,snippet_html,snippet_text,source,title,title_derived,title_html,url"
expect_eq "json: query and total" "$(printf '%s' "$out" | jq -r '[.query, (.total > 0)] | join(" ")')" "tingkat true"
expect_eq "json: ranks count from 1" "$(printf '%s' "$out" | jq -r '[.hits[].rank] | join(",")')" "1,2,3"
# Highlights are byte ranges in snippet_text.
text=$(printf '%s' "$out" | jq -r '.hits[0].snippet_text')
words=$(printf '%s' "$out" | jq -r '.hits[0].highlights[] | "\(.[0]) \(.[1])"' |
    while read -r s e; do printf '%s' "$text" | tail -c +$((s + 1)) | head -c $((e - s)); echo; done |
    tr '\n' ' ')
expect_eq "json: highlight byte ranges cover the marked words" "$words" \
    "$(printf '%s' "$out" | jq -r '.hits[0].snippet_html' | grep -o '<mark>[^<]*</mark>' | sed 's/<[^>]*>//g' | tr '\n' ' ')"

# HTML in an article is escaped before marking.
run cari-query --db "$DB" --json script alert
html=$(printf '%s' "$out" | jq -r '.hits[0].snippet_html')
expect_eq "the <script> article is found" "$(printf '%s' "$out" | jq -r '.hits[0].id')" "sample-024"
expect_match "snippet_html escapes <script>" "$html" "&lt;<mark>script</mark>&gt;"
expect_no_match "snippet_html holds no raw <script>" "$html" "<script"
expect_match "snippet_text keeps the text as written" \
    "$(printf '%s' "$out" | jq -r '.hits[0].snippet_text')" "<script>alert"

# Statuses and messages.
run cari-query --db "$DB" zzzqqqxxx
expect_status "no hits: exit 1" 1
run cari-query --db "$DB" '?!...'
expect_status "punctuation only: exit 2" 2
expect_match "punctuation only: a helpful message" "$err" "has no words to search for"
run cari-query --db "$DB" '(banjir AND'
expect_status "syntax error: exit 2" 2
expect_match "syntax error: says what is wrong" "$err" "cannot understand the query '\(banjir AND'"
expect_no_match "syntax error: not Xapian's own grammar text" "$err" "Syntax:|<expression>"
run cari-query --db "$TMP/nowhere" banjir
expect_status "missing index: exit 2" 2
expect_match "missing index: says how to build one" "$err" "no index at .*nowhere; build one with: cari-index --db .*nowhere FILE"
run cari-query --db "$DB"
expect_status "no query: exit 2" 2
run cari-query --db "$DB" -n x banjir
expect_status "bad -n: exit 2" 2
run cari-query --help
expect_status "--help: exit 0" 0

# Re-indexing does not duplicate.
cari-index -q --db "$DB" "$SAMPLE"
expect_eq "after re-indexing, one flood article still" "$(top banjir)" "sample-011"

done_testing
