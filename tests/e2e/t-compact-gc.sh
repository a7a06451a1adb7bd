#!/bin/sh
# t-compact-gc.sh - --compact reports everything the index directory holds
# and removes the generation and the delta it replaced, while readers
# (cari-query, cari-serve) keep working through it; a search right after a
# killed first build says to run cari-index again
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DB="$TMP/db"
bytes () { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.1f", s / 1e6 }'; }
head -n 30 "$SAMPLE" > "$TMP/first.jsonl"
tail -n 6 "$SAMPLE" > "$TMP/more.jsonl"
# Fewer than an eighth of the index: the run leaves them in a delta.
head -n 33 "$SAMPLE" > "$TMP/first33.jsonl"
tail -n 3 "$SAMPLE" > "$TMP/last3.jsonl"
index_fixture "$DB" "$TMP/first33.jsonl"
index_fixture "$DB" "$TMP/last3.jsonl"
gen=$(sed -n '1s/^glass //p' "$DB/XAPIANDB")
check "an incremental run left a delta" test -d "$DB/$gen.delta"
# What an older cari left: the generation before, kept until the next swap.
cp -r "$DB/$gen" "$DB/gen-000000"

before=$(bytes "$DB")
run cari-index --db "$DB" --compact
expect_status "--compact: exit 0" 0
expect_match "--compact: the size of everything before, and each part" "$out" \
    "compacted '.*' from $before MB on disk \(the generation [0-9.]+ MB, its delta [0-9.]+ MB, generations replaced before [0-9.]+ MB\) to [0-9.]+ MB"
after=$(bytes "$DB")
expect_match "--compact: the size after is what is on disk" "$out" " to $after MB in "
new=$(sed -n '1s/^glass //p' "$DB/XAPIANDB")
expect_eq "--compact: one generation left, the new one" \
    "$(cd "$DB" && ls -d gen-* | tr '\n' ' ')" "$new "
check "--compact: the delta is gone" test ! -e "$DB/$gen.delta"
expect_eq "--compact: every article still there" \
    "$(cari-index --db "$DB" --stats | sed -n 's/^articles: //p')" 36
expect_match "--stats: everything on disk" "$(cari-index --db "$DB" --stats)" \
    "^  on disk +$after MB \(everything in "

# A delta merged by a run (an eighth of the index) goes the same way.
index_fixture "$TMP/db2" "$TMP/first.jsonl"
run cari-index --db "$TMP/db2" "$TMP/more.jsonl"
expect_match "a run that merges its delta: says so" "$out" "merged the 6 articles"
expect_eq "a run that merges its delta: one generation, no delta" \
    "$(cd "$TMP/db2" && ls -d gen-* | wc -l)" 1

# Readers through compactions and runs: cari-serve (a thread keeps the old
# generation open between requests) and cari-query (a new open each time).
start_server "$TMP/serve.log" --db "$DB" || fail "cari-serve starts"
curl -sf "$URL/api/search?q=banjir" > /dev/null
(
    fails=0 n=0
    while [ ! -e "$TMP/stop" ]; do
	n=$((n + 1))
	curl -sf "$URL/api/search?q=banjir" | jq -e '.total > 0' > /dev/null ||
	    fails=$((fails + 1))
	cari-query --db "$DB" --json -n 3 pelabuhan | jq -e '.total > 0' \
	    > /dev/null 2>&1 || fails=$((fails + 1))
    done
    echo "$fails $n" > "$TMP/readers"
) &
loop=$!
(
    fails=0 n=0
    while [ ! -e "$TMP/stop" ]; do
	n=$((n + 1))
	curl -sf -o /dev/null "$URL/api/suggest?q=ban" || fails=$((fails + 1))
	curl -sf "$URL/api/search?q=pemerintah&size=3" | grep -q '"total"' ||
	    fails=$((fails + 1))
    done
    echo "$fails $n" > "$TMP/serve-readers"
) &
loop2=$!
for i in $(seq 1 12); do
    cari-index -q --db "$DB" --compact
    cp "$TMP/more.jsonl" "$TMP/m$i.jsonl"
    sed -i "s/\"id\": \"/\"id\": \"r$i-/" "$TMP/m$i.jsonl"
    cari-index -q --db "$DB" "$TMP/m$i.jsonl"
done
touch "$TMP/stop"
wait "$loop" "$loop2"
read -r fails n < "$TMP/readers"
expect_eq "readers through 12 compactions and 12 runs: no failure (of $n)" "$fails" 0
check "readers: they ran" test "$n" -gt 0
read -r fails n < "$TMP/serve-readers"
expect_eq "cari-serve's searches and completions through them: no failure (of $n)" "$fails" 0
code=$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=banjir")
expect_eq "cari-serve after the compactions: 200" "$code" 200
# Not collapsed: the r12- copies have the text (and weight) of the others,
# and which one stands for a group of equal weights is the library's
# order (slot 1), not the delta's document ids.
expect_eq "cari-serve sees the last run's articles" \
    "$(curl -s "$URL/api/search?q=pelabuhan&size=50&collapse=0" | jq '[.hits[].id | select(startswith("r12-"))] | length > 0')" true
stop_server
expect_eq "after it all: one generation on disk" \
    "$(cd "$DB" && ls -d gen-* | grep -vc delta)" 1

# A killed first build: the search says to run cari-index again.
CARI_TEST_KILL_AT=article:10 cari-index --db "$TMP/killed" --jobs 2 "$SAMPLE" \
    > /dev/null 2>&1
run cari-query --db "$TMP/killed" banjir
expect_match "after a killed first build: run cari-index again" "$err" \
    "holds no articles yet: its first build did not finish .*run cari-index again"
expect_no_match "after a killed first build: not told to remove the index" "$err" \
    "remove"
run cari-index --db "$TMP/killed" "$SAMPLE"
expect_status "after a killed first build: re-running builds it" 0
run cari-query --db "$TMP/killed" banjir
expect_eq "after the re-run: no warning" "$err" ""

done_testing
