#!/bin/sh
# kill.sh - `make check-long`: cari-index killed with SIGKILL at 20 random
# points of each of a full build, an incremental run and a compaction over
# the first 1,200 articles of ../shared/corpus (see lib.sh).  After each
# kill the index opens and holds only committed articles: a prefix of the
# input in whole batches, each article byte for byte the article of an
# uninterrupted run (data, values, terms); Xapian's check finds no fault;
# a re-run finishes, and the index then has the terms and counts of an
# uninterrupted run.  Half the points are the test hook's (an exact article
# count), half a kill -9 from outside after a random delay within the run's
# time (anywhere: commits, merges, swaps; a run that ends first is run
# again with half the delay).  CARI_FAULT_SEED=N repeats them.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/fault/lib.sh"
need_corpus
echo "# seed $SEED (CARI_FAULT_SEED=$SEED repeats these points)"
t_start=$(now_ms)
BATCH=${CARI_FAULT_BATCH:-50}
KILLS=${CARI_FAULT_KILLS:-20}

zcat $SUBSET | head -n $SUBSET_N > "$TMP/all.jsonl"
jq -r '"Q\(.id)"' "$TMP/all.jsonl" > "$TMP/order"
N=$(wc -l < "$TMP/order")
first_ids () { head -n "$1" "$TMP/order" | sort; }
BASE=$((N / 2))		# the incremental runs start from this many
head -n $BASE "$TMP/all.jsonl" > "$TMP/base.jsonl"
tail -n +$((BASE + 1)) "$TMP/all.jsonl" > "$TMP/rest.jsonl"
# The compaction's index: a generation and a delta under an eighth of it
# (a bigger one is merged at the end of the run that adds it).
DELTA=$((N / 10))
head -n $((N - DELTA)) "$TMP/all.jsonl" > "$TMP/gen.jsonl"
tail -n $DELTA "$TMP/all.jsonl" > "$TMP/delta.jsonl"

# The random delays are drawn within the time of an uninterrupted run,
# measured for each kind of run (the shortest of two, as the machine may be
# busy with other work).
# timed DB ARGS...: sets T to the milliseconds cari-index ARGS takes on a
# copy of DB (or on no index), the shorter of two runs.
timed () {
    T= from=$1
    shift
    for _ in 1 2; do
	rm -rf "$TMP/timed"
	[ -d "$from" ] && cp -a "$from" "$TMP/timed"
	t0=$(now_ms)
	cari-index --db "$TMP/timed" "$@" > /dev/null 2>&1 || T=fail
	[ "$T" = fail ] && break
	t=$(($(now_ms) - t0))
	[ -z "$T" ] || [ $t -lt $T ] && T=$t
    done
    check "uninterrupted cari-index $* ($T ms)" [ "$T" != fail ]
}

run cari-index --db "$TMP/ref" --jobs 1 --batch $BATCH "$TMP/all.jsonl"
expect_status "uninterrupted build of $N articles" 0
dump "$TMP/ref" > "$TMP/ref.dump"
docs "$TMP/ref" > "$TMP/ref.docs"
expect_eq "the reference holds every article" "$(wc -l < "$TMP/ref.docs")" $N
timed "$TMP/none" --jobs 1 --batch $BATCH "$TMP/all.jsonl"
T_BUILD1=$T
timed "$TMP/none" --jobs 2 --batch $BATCH "$TMP/all.jsonl"
T_BUILD2=$T

cari-index -q --db "$TMP/base" --jobs 1 --batch $BATCH "$TMP/base.jsonl"
cp -a "$TMP/base" "$TMP/inc"
run cari-index --db "$TMP/inc" --batch $BATCH "$TMP/rest.jsonl"
expect_status "uninterrupted incremental run of $((N - BASE)) articles" 0
timed "$TMP/base" --batch $BATCH "$TMP/rest.jsonl"
T_INC=$T
check "... it equals the full build" cmp -s "$TMP/ref.dump" "$(dump "$TMP/inc" > "$TMP/inc.dump"; echo "$TMP/inc.dump")"

cari-index -q --db "$TMP/gen" --jobs 1 --batch $BATCH "$TMP/gen.jsonl"
cari-index -q --db "$TMP/gen" --jobs 1 --batch $BATCH "$TMP/delta.jsonl"
expect_eq "the compaction's index has a delta" \
    "$(sed -n 2p "$TMP/gen/XAPIANDB" | grep -c delta)" 1
cp -a "$TMP/gen" "$TMP/cpt"
run cari-index --db "$TMP/cpt" --compact
expect_status "uninterrupted compaction" 0
timed "$TMP/gen" --compact
T_CPT=$T
dump "$TMP/cpt" > "$TMP/cpt.dump"
check "... it equals the full build" cmp -s "$TMP/cpt.dump" "$TMP/ref.dump"

killed=0 ended=0
# after_kill WHAT DB LOW: the checks after a kill: the index opens and
# holds the first C articles, C at least LOW, on a batch boundary past LOW
# (or every article); each as in the reference; Xapian's check passes.
after_kill () {
    if [ "$st" -eq 137 ]; then killed=$((killed + 1))
    else ended=$((ended + 1)); fi
    case $st in
    0|137) pass "$1: killed or ended ($st)" ;;
    *) fail "$1: killed or ended" "exit status $st: $(cat "$TMP/killed.out")" ;;
    esac
    if [ ! -e "$2/XAPIANDB" ] && [ "$3" -eq 0 ]; then
	pass "$1: killed before the index was made"
	return
    fi
    c=$(count "$2")
    if [ -z "$c" ]; then
	fail "$1: the index opens" "$(cari-index --db "$2" --stats 2>&1)"
	return
    fi
    if [ "$c" -eq $N ] || { [ "$c" -ge "$3" ] &&
	   [ $(((c - $3) % BATCH)) -eq 0 ]; }; then
	pass "$1: the index opens with $c articles, whole batches"
    else
	fail "$1: the index opens with whole batches" "$c articles"
    fi
    expect_eq "$1: exactly the first $c articles" \
	"$(ids "$2" | md5sum)" "$(first_ids "$c" | md5sum)"
    same_docs "$1: each as in an uninterrupted run" "$2" "$TMP/ref.docs"
    check "$1: xapian-check finds no fault" index_check "$2"
}

# rerun WHAT DB ARGS...: a re-run after the kill ends the work, and the
# index equals the uninterrupted one.
rerun () {
    what=$1 db=$2; shift 2
    run cari-index --db "$db" "$@"
    expect_status "$what: the re-run finishes" 0
    dump "$db" > "$TMP/rerun.dump"
    check "$what: ... and equals an uninterrupted run" \
	cmp -s "$TMP/rerun.dump" "$TMP/ref.dump"
}

# point MS N: sets how to a hook point (article:1..N) for odd i, else to a
# delay in 1..MS.
point () {
    if [ $((i % 2)) -eq 1 ]; then rand "$2"; how=at:article:$R
    else rand "$1"; how=after:$R; fi
}

# A full build into an empty index: --jobs 1 (commits every batch) and
# --jobs 2 (shards, merged and swapped in at the end) in turn.
i=1
while [ $i -le $KILLS ]; do
    jobs=$((1 + (i / 2) % 2))
    if [ $jobs -eq 1 ]; then point $T_BUILD1 $N; else point $T_BUILD2 $N; fi
    prep () { rm -rf "$TMP/b"; }
    run_killed "$how" --db "$TMP/b" --jobs $jobs --batch $BATCH "$TMP/all.jsonl"
    low=0
    [ $jobs -eq 2 ] && low=$N	# a parallel build commits all or nothing
    [ $jobs -eq 2 ] && [ "$(count "$TMP/b")" = 0 ] && low=0
    after_kill "build $i (--jobs $jobs, $how_run)" "$TMP/b" $low
    rerun "build $i" "$TMP/b" --jobs $jobs --batch $BATCH "$TMP/all.jsonl"
    i=$((i + 1))
done

# An incremental run adding the second half (then merging its delta).
i=1
while [ $i -le $KILLS ]; do
    point $T_INC $((N - BASE))
    prep () { rm -rf "$TMP/i"; cp -a "$TMP/base" "$TMP/i"; }
    run_killed "$how" --db "$TMP/i" --batch $BATCH "$TMP/rest.jsonl"
    after_kill "incremental $i ($how_run)" "$TMP/i" $BASE
    rerun "incremental $i" "$TMP/i" --batch $BATCH "$TMP/rest.jsonl"
    i=$((i + 1))
done

# A compaction of a generation and its delta: every article stays.
i=1
while [ $i -le $KILLS ]; do
    if [ $((i % 4)) -eq 1 ]; then how=at:merge:1	# before the swap
    else rand $T_CPT; how=after:$R; fi
    prep () { rm -rf "$TMP/c"; cp -a "$TMP/gen" "$TMP/c"; }
    run_killed "$how" --db "$TMP/c" --compact
    after_kill "compaction $i ($how_run)" "$TMP/c" $N
    check "compaction $i: the terms and counts are unchanged" \
	cmp -s "$(dump "$TMP/c" > "$TMP/c.dump"; echo "$TMP/c.dump")" "$TMP/ref.dump"
    rerun "compaction $i" "$TMP/c" --compact
    i=$((i + 1))
done

echo "# $((3 * KILLS)) points: $killed killed, $ended ended before their kill;" \
    "$(( ($(now_ms) - t_start) / 1000 )) s (seed $SEED)"
done_testing
