#!/bin/sh
# t-crash.sh - kill -9 cari-index at several points: the index must open and
# hold exactly the committed articles, and re-running the same command must
# end with the same index as a run that was never killed.
#
# Exact kill points come from CARI_TEST_KILL_AT=EVENT:N, which makes
# cari-index send itself SIGKILL at the Nth EVENT (article: after handing on
# an article; commit: right after a batch commit; merge: after a parallel
# build's compaction, before its swap).  One more run is killed from outside
# at whatever point it has reached.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

N=600 BATCH=50
# N distinct articles remixed from the sample: ids c0 .. c599, input order.
jq -c -s --argjson n $N '. as $a | range(0; $n) as $i | $a[$i % ($a | length)]
    | .id = "c\($i)" | .content += " salinan nomor \($i)."' "$SAMPLE" \
    > "$TMP/in.jsonl"
check "made $N test articles" test "$(grep -c . "$TMP/in.jsonl")" -eq $N

# dump DB: every term with its document count, one a line; and the ids.
dump () { xapian-delve -1 -v -a "$1" | sed 1d; }
# The same, with each wire-copy group term (XW=<hash of its key>) as its
# size only: a parallel build's group is keyed by whichever copy a core
# indexed first, so two parallel runs group alike but may name a group by
# different articles (doc/DESIGN.md, wire copies).
dump_groups () { dump "$1" | sed 's/^XW=[0-9a-f]* /XW= /' | sort; }
ids () { xapian-delve -1 -A Q "$1" | sed 1d | sort; }
# The ids of the first K input articles, sorted like ids().
first_ids () {
    k=$1; i=0
    while [ $i -lt "$k" ]; do echo "Qc$i"; i=$((i + 1)); done | sort
}
count () { cari-index --db "$1" --stats | sed -n 's/^articles: //p'; }

run cari-index --db "$TMP/ref" --jobs 1 --batch $BATCH "$TMP/in.jsonl"
expect_status "uninterrupted reference run" 0
dump "$TMP/ref" > "$TMP/ref.dump"
dump_groups "$TMP/ref" > "$TMP/ref.groups"
check "the reference has wire-copy groups to compare" \
    grep -q '^XW= ' "$TMP/ref.groups"
expect_eq "the reference holds every article" "$(count "$TMP/ref")" $N

# crash NAME JOBS KILL_AT WANT [FIRST]: kill at KILL_AT, expect WANT
# articles, re-run.  With FIRST, the index holds the first FIRST articles
# before, so that the killed run adds to it (in a delta: lib/layout.h).
crash () {
    db="$TMP/db-$1"
    if [ -n "${5:-}" ]; then
	head -n "$5" "$TMP/in.jsonl" > "$TMP/first.jsonl"
	cari-index -q --db "$db" --jobs 1 --batch $BATCH "$TMP/first.jsonl"
    fi
    CARI_TEST_KILL_AT=$3 cari-index --db "$db" --jobs "$2" --batch $BATCH \
	"$TMP/in.jsonl" > /dev/null 2>&1
    st=$?
    expect_eq "$1: killed by SIGKILL" "$st" 137
    expect_eq "$1: the index opens with $4 articles" "$(count "$db")" "$4"
    expect_eq "$1: exactly the first $4 articles" "$(ids "$db" | md5sum)" \
	"$(first_ids "$4" | md5sum)"
    run cari-index --db "$db" --jobs "$2" --batch $BATCH "$TMP/in.jsonl"
    expect_status "$1: re-running the same command succeeds" 0
    expect_match "$1: the re-run adds only what was not committed" "$out" \
	"^cari-index: $(($N - $4)) added, 0 replaced, $4 skipped"
    if [ "$2" -eq 1 ]; then
	dump "$db" > "$TMP/$1.dump"
	check "$1: same index as the uninterrupted run" \
	    cmp -s "$TMP/$1.dump" "$TMP/ref.dump"
    else
	dump_groups "$db" > "$TMP/$1.dump"
	check "$1: same index as the uninterrupted run (groups by size)" \
	    cmp -s "$TMP/$1.dump" "$TMP/ref.groups"
    fi
}

# The spelling data of committed articles survives a kill, so that a
# re-run, which skips them, leaves the same "did you mean" as a clean run
# (two edits from salinan: only the spelling data has it, --exact offers
# it).
CARI_TEST_KILL_AT=commit:1 cari-index --db "$TMP/spell" --jobs 1 \
    --batch $BATCH "$TMP/in.jsonl" > /dev/null 2>&1
expect_eq "killed after a commit: the spelling of its articles is kept" \
    "$(cari-query --db "$TMP/spell" --json --exact salinnaan | jq -r '.suggestion')" \
    "salinan"

crash before-first-commit 1 article:1 0
crash mid-batch 1 article:75 50
crash right-after-commit 1 commit:3 150
crash before-final-commit 1 article:599 550
crash parallel-build 2 article:300 0
crash before-swap 2 merge:1 0
crash delta-first-article 1 article:101 100 100
crash delta-after-commit 1 commit:2 200 100
crash delta-before-final-commit 1 article:599 550 100

# A kill from outside at whatever point the run has reached: what the index
# holds is a whole number of batches.
cari-index --db "$TMP/ext" --jobs 1 --batch $BATCH "$TMP/in.jsonl" \
    > /dev/null 2>&1 &
pid=$!
sleep 0.5
kill -9 $pid 2> /dev/null
{ wait $pid; } 2> /dev/null
got=$(count "$TMP/ext")
check "killed from outside: the index opens (holds $got)" test -n "$got"
check "killed from outside: whole batches only" \
    test $((got % BATCH)) -eq 0 -o "$got" -eq $N
run cari-index --db "$TMP/ext" --jobs 1 --batch $BATCH "$TMP/in.jsonl"
expect_status "killed from outside: re-run succeeds" 0
dump "$TMP/ext" > "$TMP/ext.dump"
check "killed from outside: same index as the uninterrupted run" \
    cmp -s "$TMP/ext.dump" "$TMP/ref.dump"

done_testing
