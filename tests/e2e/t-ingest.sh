#!/bin/sh
# t-ingest.sh - cari-index at archive scale: --batch, --jobs, --delete,
# --delete-from, --stats, --compact, progress lines
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

n_sample=$(grep -c . "$SAMPLE")
dump () { xapian-delve -1 -v -a "$1" | sed 1d; }

# --jobs 2 (parallel shards merged by compaction) and --jobs 1 (one writer)
# build the same index.
run cari-index --db "$TMP/j1" --jobs 1 --batch 7 "$SAMPLE"
expect_status "--jobs 1 --batch 7" 0
run cari-index --db "$TMP/j2" --jobs 2 "$SAMPLE"
expect_status "--jobs 2" 0
expect_match "--jobs 2: summary as ever" "$out" \
    "^cari-index: $n_sample added, 0 replaced, 0 skipped \(unchanged\), 0 errors in .* holds $n_sample articles"
dump "$TMP/j1" > "$TMP/j1.dump"
dump "$TMP/j2" > "$TMP/j2.dump"
check "--jobs 1 and --jobs 2 give the same terms and counts" \
    cmp -s "$TMP/j1.dump" "$TMP/j2.dump"
check "a parallel build leaves no shards behind" test ! -e "$TMP/j2/build"
check "the index is a stub naming its generation" \
    grep -q '^glass gen-' "$TMP/j2/XAPIANDB"
run cari-query --db "$TMP/j2" --json banjir
expect_status "the parallel build is searchable" 0

# A duplicate id within one run: warned, the later article wins.
{ sed -n 1p "$SAMPLE"; sed -n 2p "$SAMPLE";
  sed -n 1p "$SAMPLE" | sed 's/Kopi Robusta/Kopi Liberika/'; } > "$TMP/dup.jsonl"
for j in 1 2; do
    run cari-index --db "$TMP/dup$j" --jobs $j "$TMP/dup.jsonl"
    expect_status "duplicate id, --jobs $j: exit 0" 0
    expect_match "duplicate id, --jobs $j: warned with both places" "$err" \
	"dup.jsonl:3: warning: id 'sample-001' was already read at .*dup.jsonl:1"
    expect_match "duplicate id, --jobs $j: counted as replaced" "$out" \
	"2 added, 1 replaced, 0 skipped .* holds 2 articles"
    run cari-query --db "$TMP/dup$j" --json title:liberika
    expect_eq "duplicate id, --jobs $j: the later one wins" \
	"$(printf '%s' "$out" | jq -r '.hits[0].id')" sample-001
done

# A worker of a parallel build goes on in a new shard every so many
# articles (CARI_TEST_SHARD_ROLL, a test hook, makes it every 2 here): the
# same index as ever, and an id read again after its worker moved on is
# deleted from the earlier shard.
CARI_TEST_SHARD_ROLL=2 run cari-index --db "$TMP/roll" --jobs 2 "$SAMPLE"
expect_status "shards rolled over: exit 0" 0
expect_match "shards rolled over: merged from more shards" "$err" \
    "$n_sample articles in [0-9]+ shards"
dump "$TMP/roll" > "$TMP/roll.dump"
check "shards rolled over: the same terms and counts as --jobs 1" \
    cmp -s "$TMP/j1.dump" "$TMP/roll.dump"
CARI_TEST_SHARD_ROLL=1 run cari-index --db "$TMP/rolldup" --jobs 2 "$TMP/dup.jsonl"
expect_match "shards rolled over, duplicate id: one copy" "$out" \
    "2 added, 1 replaced, 0 skipped .* holds 2 articles"
run cari-query --db "$TMP/rolldup" --json title:liberika
expect_eq "shards rolled over, duplicate id: the later one wins" \
    "$(printf '%s' "$out" | jq -r '.hits[0].id')" sample-001
run cari-query --db "$TMP/rolldup" --json title:robusta
expect_status "shards rolled over, duplicate id: the earlier one is gone" 1

# Re-run on the index of that run: the unchanged lines are skipped before
# they are parsed, yet the later article still wins (line 3's bytes are the
# indexed ones, but line 1 replaced them first).
run cari-index --db "$TMP/dup1" "$TMP/dup.jsonl"
expect_status "duplicate id, re-run: exit 0" 0
expect_match "duplicate id, re-run: warned again" "$err" \
    "dup.jsonl:3: warning: id 'sample-001' was already read at .*dup.jsonl:1"
expect_match "duplicate id, re-run: line 2 skipped, sample-001 written twice" \
    "$out" "0 added, 2 replaced, 1 skipped .* holds 2 articles"
run cari-query --db "$TMP/dup1" --json title:liberika
expect_eq "duplicate id, re-run: the later one still wins" \
    "$(printf '%s' "$out" | jq -r '.hits[0].id')" sample-001

# Bad option values are usage errors.
run cari-index --db "$TMP/x" --batch 0 "$SAMPLE"
expect_status "--batch 0: usage error" 2
expect_match "--batch 0: says what it wants" "$err" "--batch wants a whole number"
run cari-index --db "$TMP/x" --jobs many "$SAMPLE"
expect_status "--jobs many: usage error" 2

# --delete and --delete-from.
DB="$TMP/j1"
run cari-index --db "$DB" --delete sample-001 sample-002 no-such-id
expect_status "--delete: exit 0" 0
expect_match "--delete: summary counts deletions" "$out" \
    "0 added, 0 replaced, 0 skipped \(unchanged\), 2 deleted, 0 errors .* holds $((n_sample - 2)) articles"
expect_match "--delete: an unknown id is a warning" "$err" \
    "--delete: warning: id 'no-such-id' is not in the index"
run cari-query --db "$DB" --json title:robusta
expect_status "a deleted article is not found" 1
printf '# ids to remove\nsample-003\n\n  sample-004  \nsample-003\n' > "$TMP/gone.txt"
run cari-index --db "$DB" --delete-from "$TMP/gone.txt"
expect_status "--delete-from: exit 0" 0
expect_match "--delete-from: both ids deleted" "$out" "2 deleted, 0 errors .* holds $((n_sample - 4)) articles"
expect_match "--delete-from: an id not there names FILE:LINE" "$err" \
    "gone.txt:5: warning: id 'sample-003' is not in the index"
run cari-index --db "$DB" --delete-from "$TMP/no-such-list"
expect_status "--delete-from a missing file: exit 1" 1
expect_match "--delete-from a missing file: named" "$err" "cannot read '.*no-such-list'"
run cari-index --db "$DB" --delete-from "$TMP"
expect_match "--delete-from a directory: exit 1, named" "$status $err" "^1 .*cannot read '.*': Is a directory"
run cari-index --db "$DB" "$SAMPLE"
expect_match "re-indexing brings the deleted articles back" "$out" \
    "^cari-index: 4 added, 0 replaced, $((n_sample - 4)) skipped .* holds $n_sample articles"

# New articles of a run on an index go to a delta beside its generation
# (lib/layout.h): the stub names both and readers see both; an article
# of the generation is replaced there, one of the delta in the delta, never
# leaving two copies; a deletion reaches either.
gen=$(sed -n '1s/^glass //p' "$DB/XAPIANDB")
expect_eq "the new articles went to a delta named in the stub" \
    "$(sed -n 2p "$DB/XAPIANDB")" "glass $gen.delta"
run cari-index --db "$DB" --stats
expect_match "--stats counts the delta" "$out" "^new articles since then .*$gen.delta"
run cari-query --db "$DB" --json title:robusta
expect_eq "an article in the delta is found" \
    "$(printf '%s' "$out" | jq -r '.hits[0].id')" sample-001
for id in sample-001 sample-009; do
    jq -c "select(.id == \"$id\") | .title = \"Zebrakuda $id\"" "$SAMPLE" > "$TMP/changed.jsonl"
    run cari-index --db "$DB" "$TMP/changed.jsonl"
    expect_match "a changed article ($id) is replaced, not added" "$out" \
	"0 added, 1 replaced, 0 skipped .* holds $n_sample articles"
    run cari-query --db "$DB" --json title:zebrakuda
    expect_eq "the changed article ($id) is found once" \
	"$(printf '%s' "$out" | jq --arg id "$id" '[.hits[] | select(.id == $id)] | length')" 1
done
run cari-index --db "$DB" --delete sample-001 sample-009
expect_match "--delete reaches the delta and the generation" "$out" \
    "2 deleted, 0 errors .* holds $((n_sample - 2)) articles"
run cari-index --db "$DB" "$SAMPLE"
expect_match "the deleted articles come back" "$out" \
    "2 added, 0 replaced, $((n_sample - 2)) skipped .* holds $n_sample articles"
expect_match "the delta, now an eighth of the index, is merged" "$out" \
    "merged the 5 articles added"
# A delta that reaches an eighth of the index is merged into it.
head -n 8 "$SAMPLE" > "$TMP/eight.jsonl"
run cari-index --db "$TMP/grow" "$TMP/eight.jsonl"
sed -n 9p "$SAMPLE" > "$TMP/ninth.jsonl"
run cari-index --db "$TMP/grow" "$TMP/ninth.jsonl"
check "one new article of nine: kept in the delta" \
    test "$(wc -l < "$TMP/grow/XAPIANDB")" -eq 2
sed -n 10p "$SAMPLE" > "$TMP/tenth.jsonl"
run cari-index --db "$TMP/grow" "$TMP/tenth.jsonl"
expect_match "two of ten: merged" "$out" "merged the 2 articles added"
check "merged: the stub names one generation" \
    test "$(wc -l < "$TMP/grow/XAPIANDB")" -eq 1
expect_match "merged: all ten articles" "$out" "holds 10 articles"

# --stats
run cari-index --db "$TMP/j2" --stats
expect_status "--stats: exit 0" 0
expect_match "--stats: article count" "$out" "^articles: $n_sample$"
expect_match "--stats: date range" "$out" "^dates: [0-9]{4}-[0-9]{2}-[0-9]{2} \.\. [0-9]{4}-[0-9]{2}-[0-9]{2}$"
want_sources=$(jq -r '.source // empty' "$SAMPLE" | tr A-Z a-z | sort -u | grep -c .)
expect_match "--stats: sources counted" "$out" "^sources: $want_sources$"
expect_match "--stats: terms" "$out" "^terms: [0-9]+ distinct"
expect_match "--stats: size of each part" "$out" "^  postlist +[0-9.]+ MB"
run cari-index --db "$TMP/none" --stats
expect_status "--stats on no index: exit 3" 3
expect_match "--stats on no index: says how to build one" "$err" "build it with"
for op in --compact "--delete sample-001" "--delete-from $SAMPLE"; do
    run cari-index --db "$TMP/typo" $op
    expect_eq "$op on no index: exit 3, and no index made" \
	"$status $(test -e "$TMP/typo" && echo made)" "3 "
done
expect_match "maintenance on no index: names it and what to check" "$err" \
    "no index at '.*typo'; check --db"
run cari-index --db "$TMP/typo" --delete
expect_match "--delete without ids: says so" "$err" "--delete wants the ids"

# A stub naming a generation that is gone (removed by hand): nothing is
# changed, rather than a new empty index swapped in over the real one.
cari-index -q --db "$TMP/gone" "$SAMPLE"
cp "$TMP/gone/XAPIANDB" "$TMP/gone.stub"
echo "glass gen-000009" > "$TMP/gone/XAPIANDB"
before=$(ls "$TMP/gone" | tr '\n' ' ')
run cari-index --db "$TMP/gone" "$SAMPLE"
expect_eq "a stub naming a missing generation: exit 3" "$status" 3
expect_match "a missing generation: named, with what to do" "$err" \
    "names its generation gen-000009 .* is missing; nothing was changed"
expect_eq "a missing generation: the directory is untouched" "$(ls "$TMP/gone" | tr '\n' ' ')" "$before"
# An emptied stub: searches and the server say the index is damaged and
# what to do, rather than failing every search later.
: > "$TMP/gone/XAPIANDB"
run cari-query --db "$TMP/gone" banjir
expect_match "an empty stub: cari-query exit 2, damaged, what to do" "$status $err" \
    "^2 .*index is damaged.*names no database; restore it from a backup"
run timeout 10 cari-serve --db "$TMP/gone" --listen 127.0.0.1:0
expect_match "an empty stub: cari-serve does not start (exit 3)" "$status $err" "^3 .*index is damaged"
cp "$TMP/gone.stub" "$TMP/gone/XAPIANDB"
expect_eq "the stub restored, the articles are all there" \
    "$(cari-query --db "$TMP/gone" --json -n 1 tingkat | jq -r '.total > 0')" "true"

# --compact: a new generation swapped in; the same documents; the one it
# replaced is removed at once (readers that have it open keep their open
# files: tests/e2e/t-compact-gc.sh).
dump "$TMP/j1" > "$TMP/before.dump"
old=$(sed -n '1s/^glass //p' "$TMP/j1/XAPIANDB")
run cari-index --db "$TMP/j1" --compact
expect_status "--compact: exit 0" 0
expect_match "--compact: reports sizes" "$out" "compacted '.*' from [0-9.]+ MB on disk \(the generation [0-9.]+ MB.*\) to [0-9.]+ MB"
new=$(sed -n '1s/^glass //p' "$TMP/j1/XAPIANDB")
check "--compact: the stub names a new generation" test "$old" != "$new"
check "--compact: the old generation is removed" test ! -e "$TMP/j1/$old"
dump "$TMP/j1" > "$TMP/after.dump"
check "--compact: same terms and counts" cmp -s "$TMP/before.dump" "$TMP/after.dump"
run cari-index --db "$TMP/j1" --compact
run cari-index --db "$TMP/j1" --compact
check "--compact: only the current generation is kept" \
    test "$(ls -d "$TMP"/j1/gen-* | wc -l)" -eq 1
run cari-index --db "$TMP/j1" "$SAMPLE"
expect_match "indexing goes on after --compact" "$out" "0 added, 0 replaced, $n_sample skipped"

# --compact while another run holds the lock.
mkfifo "$TMP/fifo"
cari-index --db "$TMP/j1" - < "$TMP/fifo" > /dev/null 2>&1 &
first=$!
exec 3> "$TMP/fifo"
for i in $(seq 200); do
    ls -l /proc/$first/fd 2>/dev/null | grep -q flintlock && break
    sleep 0.1
done
run cari-index --db "$TMP/j1" --compact
expect_status "--compact on a locked index: exit 3" 3
expect_match "--compact on a locked index: says so" "$err" "is locked"
exec 3>&-
wait $first

# Progress: not on a terminal, a log line every few seconds, so none for a
# run this short; --quiet prints nothing at all.
run cari-index --db "$TMP/q" --quiet "$SAMPLE"
expect_eq "--quiet: no output" "$out$err" ""

done_testing
