# lib.sh - helpers of the fault tests (tests/fault/*.sh, `make check-long`)
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

SHARED=${CARI_SHARED:-$top_srcdir/../shared}
# The subset the randomized faults run over: the first SUBSET_N articles of
# these files (a build of them takes a second or two, so that 20 kills and
# re-runs of each kind fit in minutes on two cores).
SUBSET="$SHARED/corpus/news-detik2025.jsonl.gz $SHARED/corpus/news-indosum.jsonl.gz"
SUBSET_N=${CARI_FAULT_ARTICLES:-1200}

# need_corpus: skip the whole test when ../shared/corpus is not there.
need_corpus () {
    if ! command -v python3 > /dev/null; then
	echo "1..0 # SKIP no python3 (tests/fault/docs.py compares articles)"
	exit 0
    fi
    for f in $SUBSET; do
	if [ ! -f "$f" ]; then
	    echo "1..0 # SKIP no corpus at $SHARED/corpus (set CARI_SHARED to the shared data directory)"
	    exit 0
	fi
    done
}

# The seed of the random points: CARI_FAULT_SEED=N repeats a run.
SEED=${CARI_FAULT_SEED:-$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')}
rand_state=$SEED
# rand N: sets R to a pseudo-random number in 1..N from the seeded
# sequence (an LCG, so that a seed gives the same points with any shell).
rand () {
    rand_state=$(( (rand_state * 1103515245 + 12345) % 2147483648 ))
    R=$(( (rand_state / 65536) % $1 + 1 ))
}

# dump DB: every term with its document count; ids DB: the article ids;
# count DB: the articles, as cari-index --stats prints them.
dump () { xapian-delve -1 -v -a "$1" | sed 1d; }
ids () { xapian-delve -1 -A Q "$1" | sed 1d | sort; }
count () { cari-index --db "$1" --stats 2> /dev/null | sed -n 's/^articles: //p'; }

# docs DB: one line per article, sorted: its id term and a digest of its
# stored data, values and terms with their wdf (tests/fault/docs.py), so
# that two indexes hold an article byte for byte alike when its lines are
# equal.
docs () {
    xapian-delve -1 -v -d -V $(xapian-delve -1 -V1 "$1" |
	sed -n 's/^\([0-9]*\):.*/-r \1/p') "$1" |
	python3 "$top_srcdir/tests/fault/docs.py" | LC_ALL=C sort
}

# same_docs NAME DB REF.docs: DB's articles are, byte for byte, the
# reference's articles of the same ids (REF.docs made by docs).
same_docs () {
    docs "$2" > "$TMP/same.docs"
    LC_ALL=C join "$TMP/same.docs" "$3" > "$TMP/same.join"
    bad=$(awk '$2 != $3' "$TMP/same.join" | wc -l)
    expect_eq "$1" "$(wc -l < "$TMP/same.docs") $bad" \
	"$(wc -l < "$TMP/same.join") 0"
}

# index_check DB: Xapian's own check of each database the stub names.
index_check () {
    stub="$1/XAPIANDB"
    for g in $(sed -n 's/^glass //p' "$stub"); do
	xapian-check "$1/$g" > "$TMP/check.out" 2>&1 || {
	    cat "$TMP/check.out"; return 1; }
    done
}

now_ms () { date +%s%3N; }

# run_killed HOW ARGS...: runs cari-index ARGS killed by HOW: at:EVENT:N
# by the test hook (lib/writer.c: exactly at the Nth article, commit or
# merge) or after:MS by a kill -9 from outside MS milliseconds after the
# start (anywhere: in a commit, a compaction, a swap).  Sets st to the
# exit status (137 when killed, 0 when the run ended first).  A run that
# ends before its delay is run again from the start (after the function
# prep, which the caller defines to reset the index) with half the delay,
# twice at most.
run_killed () {
    how=$1; shift
    prep
    case $how in
    at:*)
	CARI_TEST_KILL_AT=${how#at:} cari-index "$@" > "$TMP/killed.out" 2>&1
	st=$? ;;
    after:*)
	ms=${how#after:}
	cari-index "$@" > "$TMP/killed.out" 2>&1 &
	pid=$!
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	kill -KILL "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	st=$?
	if [ $st -eq 0 ] && [ "${retry:-0}" -lt 2 ] && [ $ms -gt 1 ]; then
	    retry=$((${retry:-0} + 1))
	    run_killed "after:$((ms / 2))" "$@"
	    retry=0
	    return
	fi ;;
    esac
    how_run=$how
}
