#!/bin/sh
# long-crash.sh - `make check-long`: cari-index killed with SIGKILL at 20
# points over the whole of ../shared/corpus.  After each kill the index
# opens and holds exactly the articles committed so far (a prefix of the
# input, whole batches); the next run, killed later, goes on from there; the
# last one finishes, and the index equals one built without a kill.
# Points: a parallel build killed mid-way and before its swap, 16 articles
# (none on a batch boundary) and 2 commits in incremental runs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

SHARED=${CARI_SHARED:-$top_srcdir/../shared}
set -- "$SHARED"/corpus/*.jsonl.gz
if [ ! -f "$1" ]; then
    echo "1..0 # SKIP no corpus at $SHARED/corpus (set CARI_SHARED to the shared data directory)"
    exit 0
fi
BATCH=500

# dump DB: every term with its document count; ids DB: the article ids.
dump () { xapian-delve -1 -v -a "$1" | sed 1d; }
ids () { xapian-delve -1 -A Q "$1" | sed 1d | sort; }
count () { cari-index --db "$1" --stats | sed -n 's/^articles: //p'; }
zcat "$@" | jq -r '"Q\(.id)"' > "$TMP/order"
N=$(grep -c . "$TMP/order")
# The ids of the first K input articles, sorted like ids().
first_ids () { head -n "$1" "$TMP/order" | sort; }

run cari-index --db "$TMP/ref" --jobs 1 --batch $BATCH "$@"
expect_status "uninterrupted reference run over $N articles" 0
dump "$TMP/ref" > "$TMP/ref.dump"

# A parallel build (an empty index) killed mid-way or before its swap
# leaves an empty index.
for at in article:9000 merge:1; do
    CARI_TEST_KILL_AT=$at cari-index --db "$TMP/par" --jobs 2 --batch $BATCH \
	"$@" > /dev/null 2>&1
    expect_eq "parallel build killed at $at: killed" "$?" 137
    expect_eq "parallel build killed at $at: the index opens empty" \
	"$(count "$TMP/par")" 0
done

# Incremental runs on one index, each killed further on.
db="$TMP/db"
committed=0
step=$((N / 19))
i=1
while [ $i -le 18 ]; do
    if [ $i -eq 6 ] || [ $i -eq 12 ]; then
	at=commit:1 want=$((committed + BATCH))
    else
	k=$((i * step - 137))
	[ $k -gt $committed ] || k=$((committed + 1))
	at=article:$k want=$((k / BATCH * BATCH))
    fi
    CARI_TEST_KILL_AT=$at cari-index --db "$db" --jobs 1 --batch $BATCH \
	"$@" > /dev/null 2>&1
    st=$?
    got=$(count "$db")
    expect_eq "kill $i at $at: killed, the index opens with $want articles" \
	"$st $got" "137 $want"
    expect_eq "kill $i: exactly the first $want articles" \
	"$(ids "$db" | md5sum)" "$(first_ids "$want" | md5sum)"
    committed=$want
    i=$((i + 1))
done
run cari-index --db "$db" --jobs 1 --batch $BATCH "$@"
expect_status "the last run finishes" 0
expect_match "... adding only what was not committed" "$out" \
    "^cari-index: $((N - committed)) added, 0 replaced, $committed skipped"
dump "$db" > "$TMP/db.dump"
check "the index equals the uninterrupted one" cmp -s "$TMP/db.dump" "$TMP/ref.dump"

done_testing
