#!/bin/sh
# t-takedown.sh - --takedown, --takedown-from, --lift, --takedowns: ids
# that stay out of the index, whatever the archive holds, through runs,
# compactions, parallel builds and rebuilds, until lifted
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DB="$TMP/db"
has () { [ "$(cari-query --db "$DB" --json -n 50 "$2" | jq --arg id "$1" '[.hits[].id] | index($id) != null')" = true ]; }
lacks () { ! has "$@"; }
count () { cari-index --db "$1" --stats | sed -n 's/^articles: //p'; }
# sample-001 is about coffee exports from Lampung.
ID=sample-001
Q="kopi robusta lampung"

index_fixture "$DB" "$SAMPLE"
check "before: the article is found" has "$ID" "$Q"

run cari-index --db "$DB" --takedown "$ID"
expect_status "--takedown: exit 0" 0
expect_match "--takedown: says what it did" "$out" \
    "took down '$ID': deleted from the index; it stays out until cari-index --lift"
check "--takedown: the article is gone at once" lacks "$ID" "$Q"
expect_eq "--takedown: one article fewer" "$(count "$DB")" 35
run cari-index --db "$DB" --takedowns
expect_match "--takedowns lists it with its time" "$out" \
    "^$ID	20[0-9-]+T[0-9:]+[+-][0-9:]+$"

# The next nightly run reads the article again: it stays out.
run cari-index --db "$DB" "$SAMPLE"
expect_status "the next run: exit 0 (not an error)" 0
expect_match "the next run: counted as taken down" "$out" \
    "0 added, 0 replaced, 35 skipped \(unchanged\), 1 taken down \(not indexed\), 0 errors"
check "the next run: still gone" lacks "$ID" "$Q"

# A compaction, then a run.
run cari-index --db "$DB" --compact
expect_status "--compact: exit 0" 0
run cari-index --db "$DB" "$SAMPLE"
expect_match "after --compact: still taken down" "$out" "1 taken down"
check "after --compact: still gone" lacks "$ID" "$Q"

# A rebuild into the same directory (the generations removed, the list
# kept): a parallel build, and its swap.
rm -rf "$DB"/gen-* "$DB/XAPIANDB"
run cari-index --db "$DB" --jobs 2 "$SAMPLE"
expect_status "a rebuild into the directory: exit 0" 0
expect_match "a rebuild: counted as taken down" "$out" "35 added, .*1 taken down.*holds 35 articles"
check "a rebuild: still gone" lacks "$ID" "$Q"

# A parallel build into an empty index that has a takedown already.
cari-index -q --db "$TMP/fresh" - < /dev/null
run cari-index --db "$TMP/fresh" --takedown "$ID"
expect_match "--takedown on an empty index: nothing to delete, listed" "$out" \
    "took down '$ID': not in the index now"
run cari-index --db "$TMP/fresh" --jobs 2 "$SAMPLE"
expect_match "a parallel build (swapped in): skips it" "$out" "35 added, .*1 taken down"
expect_eq "a parallel build: 35 articles" "$(count "$TMP/fresh")" 35
check "a parallel build: the list is still there" test -s "$TMP/fresh/takedowns"

# --lift: the next run brings it back.
run cari-index --db "$DB" --lift "$ID"
expect_status "--lift: exit 0" 0
expect_match "--lift: says what it did" "$out" "lifted the takedown of '$ID'"
run cari-index --db "$DB" "$SAMPLE"
expect_match "after --lift: the next run indexes it" "$out" "^cari-index: 1 added"
check "after --lift: found again" has "$ID" "$Q"
run cari-index --db "$DB" --lift "$ID"
expect_status "--lift of an id not taken down: exit 1" 1
expect_match "--lift of an id not taken down: says so" "$err" \
    "--lift: id '$ID' is not taken down; nothing lifted"

# --takedown-from: comments and blank lines, a bad id, several at once.
long=$(printf 'x%.0s' $(seq 1 300))
printf '# court order 17/2026\n\nsample-002\n  sample-003  \n%s\nno-such-id\n' \
    "$long" > "$TMP/orders.txt"
run cari-index --db "$DB" --takedown-from "$TMP/orders.txt"
expect_status "--takedown-from with a bad id: exit 1" 1
expect_match "--takedown-from: the bad id is named" "$err" \
    "orders.txt: id 'xxxx.*' is empty, longer than [0-9]+ bytes or holds a line break"
expect_match "--takedown-from: counts" "$out" \
    "took down the 3 ids of '.*orders.txt' \(2 articles deleted from the index\)"
expect_eq "--takedown-from: listed" "$(cari-index --db "$DB" --takedowns | cut -f1 | tr '\n' ' ')" \
    "no-such-id sample-002 sample-003 "
run cari-index --db "$DB" --takedown-from "$TMP/none.txt"
expect_status "--takedown-from a missing file: exit 4" 4

# A takedown killed between its list and its commit: the list is written
# first, and the next run deletes what the index still holds.
printf '2026-01-01T00:00:00+07:00\tsample-004\n' >> "$DB/takedowns"
run cari-index --db "$DB" "$SAMPLE"
expect_status "a listed id still indexed: exit 0" 0
expect_match "a listed id still indexed: deleted and skipped" "$out" \
    "1 deleted, 3 taken down"
expect_eq "a listed id still indexed: gone" "$(count "$DB")" 33

# Text and HTML articles of a directory tree: their ids are DIRNAME/PATH.
mkdir -p "$TMP/tree"
printf 'Banjir di Bekasi\n\nBanjir melanda Bekasi sejak pagi.\n' > "$TMP/tree/a.txt"
run cari-index --db "$DB" --takedown tree/a.txt "$TMP/tree"
expect_match "a file of a tree taken down with the run: skipped" "$out" \
    "0 added, .*1 taken down"

# Mistakes.
run cari-index --db "$TMP/no-index" --takedown "$ID"
expect_status "--takedown of no index: exit 3" 3
expect_match "--takedown of no index: says to check --db" "$err" "no index at"
run cari-index --db "$DB" --takedowns "$SAMPLE"
expect_status "--takedowns with files: usage error" 2
run cari-index --db "$DB" --takedown "$(printf 'a\nb')"
expect_status "an id with a line break: exit 1" 1
# The list cannot be written (its temporary file is in the way): nothing
# is taken down, the run stops with 3, the list is as it was.
cp "$DB/takedowns" "$TMP/list.before"
mkdir "$DB/takedowns.tmp"
run cari-index --db "$DB" --takedown sample-020
expect_status "the list cannot be written: exit 3" 3
expect_match "the list cannot be written: says so" "$err" \
    "cannot write the takedown list of '.*': cannot write '.*takedowns.tmp': .*; nothing was taken down"
check "the list cannot be written: the list is as it was" cmp -s "$TMP/list.before" "$DB/takedowns"
rmdir "$DB/takedowns.tmp"
check "the list cannot be written: the article is still there" has sample-020 \
    "pelatihan guru perbatasan"
chmod_list () { chmod "$1" "$DB/takedowns"; }
if [ "$(id -u)" != 0 ]; then
    chmod_list 000
    run cari-index --db "$DB" "$SAMPLE"
    chmod_list 644
    expect_status "an unreadable list: the run stops (3)" 3
    expect_match "an unreadable list: says so" "$err" "cannot read the takedown list"
fi

done_testing
