#!/bin/sh
# t-search.sh - cari-query's operators, filters, paging, output formats,
# "did you mean" and --batch, on the sample corpus, with expected ids
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DB="$TMP/db"
cari-index -q --db "$DB" "$SAMPLE" || { echo "Bail out! cannot index the sample"; exit 1; }

# ids QUERY-ARGS...: the ids of all hits, best first, space-separated.
ids () { cari-query --db "$DB" --jsonl -n 100 "$@" | jq -r .id | tr '\n' ' ' | sed 's/ $//'; }
# sorted QUERY-ARGS...: the same, sorted.
sorted () { ids "$@" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//'; }

# Operators.
expect_eq "a word: both articles on fishermen" "$(sorted nelayan)" "sample-004 sample-026"
expect_eq "OR" "$(sorted 'nelayan OR gempa')" "sample-004 sample-012 sample-026"
expect_eq "AND" "$(ids 'nelayan AND kapal')" "sample-026"
expect_eq "-word excludes" "$(ids 'kapal -nelayan')" "sample-036"
expect_eq "+word requires" "$(sorted '+nelayan kapal')" "sample-004 sample-026"
expect_eq "\"phrase\"" "$(ids '"kapal nelayan"')" "sample-026"
expect_eq "\"phrase\" in the other order finds nothing" "$(ids '"nelayan kapal"')" ""
expect_eq "NEAR" "$(ids 'kapal NEAR listrik')" "sample-026"
expect_eq "prefix*" "$(sorted 'pilka*')" "sample-009 sample-010"
expect_eq "title:" "$(sorted 'title:kapal')" "sample-026 sample-036"
expect_eq "source:" "$(sorted 'source:"berita maritim" kapal')" "sample-026 sample-036"
expect_eq "source: of another outlet" "$(ids 'source:"lintas daerah" kapal')" ""

# Words: articles with all the words first.
all=$(sorted 'rumah AND warga')
n=$(echo "$all" | wc -w)
expect_eq "all the words rank above some of them ($n articles)" \
    "$(ids 'rumah warga' | tr ' ' '\n' | head -n "$n" | sort | tr '\n' ' ' | sed 's/ $//')" "$all"
expect_eq "...and the articles with some words follow" \
    "$(ids 'rumah warga' | wc -w)" "$(sorted 'rumah OR warga' | wc -w)"

# Dates and sources.
expect_eq "date:YYYY-MM" "$(ids 'date:2025-06 kapal')" "sample-036"
expect_eq "date:YYYY-MM-DD" "$(ids 'kapal date:2025-09-09')" "sample-026"
expect_eq "date:A..B alone lists the articles of the range" \
    "$(sorted 'date:2024-11-01..2024-11-30')" "sample-004 sample-009 sample-010"
expect_eq "date:..B" "$(ids 'date:..2024-02-14')" "sample-027"
expect_eq "only filters: the newest first" "$(ids 'date:2024-11')" \
    "sample-010 sample-009 sample-004"
expect_eq "only a source: the newest first" "$(ids 'source:"berita maritim"')" \
    "sample-026 sample-021 sample-036 sample-004"
expect_eq "date:A.. with a word" "$(sorted 'rumah date:2025-05..')" \
    "sample-029 sample-035 sample-036"
expect_eq "--since and --until" "$(ids --since 2025-09 --until 2025-09-30 kapal)" "sample-026"
expect_eq "--until a year" "$(sorted --until 2024 nelayan)" "sample-004"
expect_eq "--source, any case" "$(ids --source 'LINTAS daerah' gempa)" "sample-012"
expect_eq "--sort date: newest first" "$(ids --sort date rumah | cut -d' ' -f1-3)" \
    "sample-029 sample-036 sample-035"
expect_eq "date: with AND around it is the same filter" \
    "$(ids 'kapal AND date:2025-09-09')" "$(ids 'kapal date:2025-09-09')"
expect_eq "+date: is the same filter" "$(ids 'kapal +date:2025-06')" "$(ids 'kapal date:2025-06')"
for q in 'kapal -date:2025' 'kapal NOT date:2025' 'date:2024 OR date:2025'; do
    run cari-query --db "$DB" -- "$q"
    expect_match "'$q': exit 2, says a date: filter only narrows the search" \
	"$status $err" "^2 .*a date: filter only narrows the search.*one range"
done
run cari-query --db "$DB" 'kapal date:2025-13'
expect_status "a bad date: exit 2" 2
expect_match "a bad date: says how to write one" "$err" "date:2025-13.*date:2025-10-14"
run cari-query --db "$DB" --since 2025/01 kapal
expect_status "a bad --since: exit 2" 2
expect_match "a bad --since: named" "$err" "--since wants a date"
run cari-query --db "$DB" --since 2025-02-31 kapal
expect_match "--since 2025-02-31 (no such day): exit 2, named" "$status $err" "^2 .*--since wants a date"
run cari-query --db "$DB" 'kapal date:2025-04-31'
expect_status "date:2025-04-31 (no such day): exit 2" 2
run cari-query --db "$DB" --since 2025-10 --until 2025-01 kapal
expect_status "an empty date range: exit 2" 2
expect_match "an empty date range: says to widen it" "$err" "make the range wider"

# Paging.
expect_eq "--offset skips" "$(ids -n 3 --offset 2 rumah warga)" \
    "$(ids rumah warga | cut -d' ' -f3-5)"
expect_eq "--page P is --offset (P-1)*N" "$(ids -n 3 --page 2 rumah warga)" \
    "$(ids -n 3 --offset 3 rumah warga)"
expect_eq "ranks go on across pages" \
    "$(cari-query --db "$DB" --jsonl -n 3 --page 2 rumah warga | jq -r .rank | tr '\n' ' ')" "4 5 6 "
run cari-query --db "$DB" --page 2 --offset 3 rumah
expect_status "--page with --offset: exit 2" 2
run cari-query --db "$DB" --page 0 rumah
expect_status "--page 0: exit 2" 2

# Output.
run cari-query --db "$DB" --json -n 2 tingkat ekspor
expect_eq "--json parses; query, total, offset, hits" \
    "$(printf '%s' "$out" | jq -r '[.query, (.total >= 2), .offset, (.hits | length)] | join(" ")')" \
    "tingkat ekspor true 0 2"
expect_match "title_html marks every form of the stem" \
    "$(printf '%s' "$out" | jq -r '.hits[0].title_html')" "^<mark>Peningkatan</mark> <mark>Ekspor</mark>"
run cari-query --db "$DB" --jsonl -n 3 rumah
expect_eq "--jsonl: one hit a line" "$(printf '%s\n' "$out" | jq -r .rank | tr '\n' ' ')" "1 2 3 "
run cari-query --db "$DB" --snippet-chars 60 --json -n 1 rumah
len=$(printf '%s' "$out" | jq -r '.hits[0].snippet_text | length')
check "--snippet-chars 60: about 60 characters ($len)" test "$len" -le 70 -a "$len" -ge 30
run cari-query --db "$DB" -n 2 rumah
expect_match "text: N results (counted: no 'about'), which ones" "$out" "^[0-9]+ results for 'rumah', 1 to 2"
run env NO_COLOR=1 cari-query --db "$DB" --color=auto rumah
expect_no_match "NO_COLOR: no escape codes" "$out" "$(printf '\033')"
run cari-query --db "$DB" --color=never rumah
expect_no_match "--color=never: no escape codes" "$out" "$(printf '\033')"
run cari-query --db "$DB" --json --jsonl rumah
expect_status "--json with --jsonl: exit 2" 2

# Stopwords and punctuation.
run cari-query --db "$DB" '... !!! ???'
expect_status "only punctuation: exit 2" 2
expect_match "only punctuation: says what to type" "$err" "no words to search for.*for example"
run cari-query --db "$DB" 'yang di dan'
check "only stopwords: searched, not refused (exit $status)" test "$status" -le 1

# Did you mean: offered with --exact (without it, the correction's hits
# are shown: tests/e2e/t-typos.sh).
run cari-query --db "$DB" --json --exact banjr bekasi
expect_eq "a misspelt word: corrected" "$(printf '%s' "$out" | jq -r .suggestion)" "banjir bekasi"
run cari-query --db "$DB" --exact pemerintahh
expect_status "a misspelt query alone: no hits, exit 1" 1
expect_match "text: did you mean" "$out$err" "did you mean: pemerintah"
run cari-query --db "$DB" --json --exact -- 'kopi -source:"kabar nusantara"'
expect_eq "an outlet's name in source: is not corrected" "$(printf '%s' "$out" | jq -r '.suggestion // "none"')" "none"
run cari-query --db "$DB" --json --exact -- 'banjr -source:"kabar nusantara"'
expect_eq "a word beside source: is, the filter kept as typed" "$(printf '%s' "$out" | jq -r .suggestion)" \
    'banjir -source:"kabar nusantara"'
run cari-query --db "$DB" --json --exact warga
expect_eq "a word in the index is never corrected" "$(printf '%s' "$out" | jq -r '.suggestion // "none"')" "none"
run cari-query --db "$DB" --json --exact jalan harga
expect_eq "words in the index are not corrected even with few hits" \
    "$(printf '%s' "$out" | jq -r '.suggestion // "none"')" "none"
run cari-query --db "$DB" --json --exact zzzqqqxxx
expect_eq "no likely spelling: no suggestion" "$(printf '%s' "$out" | jq -r '.suggestion // "none"')" "none"
# The spelling data: typos two edits away (bbanjr), which only it finds
# (one edit away, the index's own words are candidates too).
cari-index -q --jobs 2 --db "$TMP/shards" "$SAMPLE"
expect_eq "spelling data of a parallel build survives the merge of its shards" \
    "$(cari-query --db "$TMP/shards" --json --exact bbanjr bekasi | jq -r .suggestion)" "banjir bekasi"
# Each worker writes its share of the spelling words: three workers and one
# writer give the same corrections (each word below with a letter dropped).
cari-index -q --jobs 3 --db "$TMP/shards3" "$SAMPLE"
cari-index -q --jobs 1 --db "$TMP/one" "$SAMPLE"
words=$(jq -r .content "$SAMPLE" | tr -cs 'a-z' '\n' | awk 'length >= 7' |
    sort -u | awk 'NR % 9 == 0' | head -40)
# A suggestion too far from the typo (emoial: modal) is none in both.
same=0 some=0 differ=""
for w in $words; do
    typo=$(printf '%s' "$w" | sed 's/^\(...\)./\1/')
    a=$(cari-query --db "$TMP/shards3" --json --exact "$typo" | jq -r '.suggestion // "none"')
    b=$(cari-query --db "$TMP/one" --json --exact "$typo" | jq -r '.suggestion // "none"')
    if [ "$a" = "$b" ]; then same=$((same + 1))
    else differ="$differ $typo:$a/$b"; fi
    [ "$a" != none ] && some=$((some + 1))
done
expect_eq "spelling words shared out among 3 workers: the corrections of one writer${differ:+ (differ:$differ)}" \
    "$same" "$(printf '%s\n' $words | grep -c .)"
check "... and most of the 40 typos have one ($some)" test "$some" -ge 30
cari-index -q --compact --db "$TMP/shards" > /dev/null
expect_eq "spelling data survives --compact" \
    "$(cari-query --db "$TMP/shards" --json --exact bbanjr bekasi | jq -r .suggestion)" "banjir bekasi"
cari-index -q --no-spelling --db "$TMP/nospell" "$SAMPLE"
run cari-query --db "$TMP/nospell" --json --exact bbanjr bekasi
expect_eq "an index built with --no-spelling suggests nothing" \
    "$(printf '%s' "$out" | jq -r '.suggestion // "none"')" "none"

# Batch mode.
printf 'nelayan\n\nkapal -nelayan\n?!\nzzzqqqxxx\nrumah warga\n' > "$TMP/queries"
run cari-query --db "$DB" --batch "$TMP/queries" -n 2 --run "$TMP/run"
expect_status "--batch: exit 0" 0
expect_match "--batch: the summary line" "$out" \
    "^queries 5, p50 [0-9]+\.[0-9]{2} ms, p95 [0-9]+\.[0-9]{2} ms, p99 [0-9]+\.[0-9]{2} ms, mean [0-9]+\.[0-9]{2} ms, no hits 2$"
expect_match "--batch: a query that cannot run is named by its line" "$err" "queries:4: .*no words"
expect_eq "--run: QNO ID RANK for every hit, QNO counting every line" \
    "$(cut -f1,3 "$TMP/run" | tr '\t\n' ': ')" "1:1 1:2 3:1 6:1 6:2 "
expect_eq "--run: the ids are the hits" "$(awk -F'\t' '$1 == 3 { print $2 }' "$TMP/run")" "sample-036"
expect_eq "--batch gives the same ranking as a single query" \
    "$(awk -F'\t' '$1 == 6 { print $2 }' "$TMP/run" | tr '\n' ' ')" "$(ids -n 2 rumah warga) "
printf 'nelayan\nkapal\000nelayan\n' > "$TMP/nulq"
run cari-query --db "$DB" --batch "$TMP/nulq" -n 2 --run "$TMP/nulrun"
expect_match "--batch: a line with a NUL byte is named and skipped" "$err" "nulq:2: a NUL byte in the query; line skipped"
expect_eq "--batch: the NUL line does not count as a query, nor is it searched cut short" \
    "$(printf '%s' "$out" | cut -d, -f1) $(cut -f1 "$TMP/nulrun" | sort -u | tr '\n' ' ')" "queries 1 1 "
run cari-query --db "$DB" --batch "$TMP/none"
expect_status "--batch of a missing file: exit 2" 2
expect_match "--batch of a missing file: named" "$err" "cannot read the batch file .*none"
run cari-query --db "$DB" --run "$TMP/run" rumah
expect_status "--run without --batch: exit 2" 2

# A parallel build of 1,000 articles or more leaves words of a single
# article (typos, rare names) out of the spelling data; a smaller one keeps
# them.  zebrakuda is in one article; the typos are two edits away, which
# only the spelling data finds.
jq -c -s '. as $a | range(0; 1200) as $i | $a[$i % ($a | length)] | .id = "s\($i)"
    | if $i == 7 then .content += " Zebrakuda itu lari." else . end' "$SAMPLE" > "$TMP/big.jsonl"
head -n 100 "$TMP/big.jsonl" > "$TMP/small.jsonl"
cari-index -q --jobs 2 --db "$TMP/big" "$TMP/big.jsonl"
cari-index -q --jobs 2 --db "$TMP/small" "$TMP/small.jsonl"
expect_eq "a small build suggests a word of one article" \
    "$(cari-query --db "$TMP/small" --json --exact zebbrakudda 2> /dev/null | jq -r .suggestion)" "zebrakuda"
expect_eq "a big build does not" \
    "$(cari-query --db "$TMP/big" --json --exact zebbrakudda 2> /dev/null | jq -r .suggestion)" "null"
expect_eq "... but suggests words of two articles or more" \
    "$(cari-query --db "$TMP/big" --json --exact bbanjr 2> /dev/null | jq -r .suggestion)" "banjir"
# Adding to a big index: a new word joins the spelling data with its
# second article, counted over the whole index.
printf '%s\n' '{"id": "k1", "title": "Satu", "content": "Hewan kudazebra itu makan."}' > "$TMP/k1.jsonl"
printf '%s\n' '{"id": "k2", "title": "Dua", "content": "Kudazebra lari lagi."}' > "$TMP/k2.jsonl"
cari-index -q --db "$TMP/big" "$TMP/k1.jsonl"
expect_eq "adding to a big index: a word of one article is not suggested" \
    "$(cari-query --db "$TMP/big" --json --exact kuddazebbra 2> /dev/null | jq -r .suggestion)" "null"
cari-index -q --db "$TMP/big" "$TMP/k2.jsonl"
expect_eq "... but is with a second article, added in another run" \
    "$(cari-query --db "$TMP/big" --json --exact kuddazebbra 2> /dev/null | jq -r .suggestion)" "kudazebra"

done_testing
