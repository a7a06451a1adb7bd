#!/bin/sh
# load.sh - `make check-long`: readers under load while the writer commits
# and compacts: cari-query in a loop, cari-serve under wrk and a curl loop,
# while cari-index adds the articles of ../shared/corpus in small runs
# (commits of BATCH articles) and compacts every COMPACT_EVERY runs.  Every
# read succeeds; the count of articles a reader sees (a query for all
# articles) never goes down and is always that of a whole commit; the
# final index equals an uninterrupted build of the same articles.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/fault/lib.sh"
need_corpus
if [ ! -f "$SHARED/corpus/news-clickid.jsonl.gz" ]; then
    echo "1..0 # SKIP no $SHARED/corpus/news-clickid.jsonl.gz"
    exit 0
fi
t_start=$(now_ms)
BATCH=50
CHUNK=100		# articles a run
RUNS=${CARI_FAULT_RUNS:-30}
COMPACT_EVERY=5
ALL='-zzqxnotaword'	# a query for every article: all but a word's
SPID= WPID= QPID= CPID=
trap 'kill $WPID $QPID $CPID 2> /dev/null; [ -n "$SPID" ] && stop_server; rm -rf "$TMP"' EXIT

zcat $SUBSET | head -n $SUBSET_N > "$TMP/base.jsonl"
zcat "$SHARED/corpus/news-clickid.jsonl.gz" | head -n $((RUNS * CHUNK)) |
    split -l $CHUNK -d -a 3 - "$TMP/chunk."
B=$(wc -l < "$TMP/base.jsonl")
db="$TMP/db"
cari-index -q --db "$db" --batch $BATCH "$TMP/base.jsonl"
expect_eq "the base index holds $B articles" "$(count "$db")" $B

start_server "$TMP/serve.log" --db "$db" --quiet --cache 0
check "cari-serve starts" [ -n "$port" ]

# Readers: each line of their logs is an exit or HTTP status and the count.
(
    while :; do
	n=$(cari-query --db "$db" --json -n 1 -- "$ALL" 2> "$TMP/q.err" |
	    jq -r .total)
	echo "$? ${n:-none} $(head -c 200 "$TMP/q.err")"
	cari-query --db "$db" -n 3 banjir > /dev/null 2>> "$TMP/q.err2"
	echo "$? word"
    done
) > "$TMP/query.log" &
QPID=$!
(
    while :; do
	curl -s -o "$TMP/c.json" -w '%{http_code}' \
	    "$URL/api/search?q=$ALL&size=1" > "$TMP/c.code"
	echo "$(cat "$TMP/c.code") $(jq -r .total "$TMP/c.json" 2> /dev/null)"
    done
) > "$TMP/curl.log" &
CPID=$!
wrk -t 1 -c 2 -d 600s "$URL/api/search?q=banjir+sungai" > "$TMP/wrk.out" 2>&1 &
WPID=$!

# The writer.
commits=0 compactions=0 merges=0 werr=0
k=0
for f in "$TMP"/chunk.*; do
    k=$((k + 1))
    cari-index --db "$db" --batch $BATCH "$f" > "$TMP/w.out" 2>&1 ||
	{ werr=$((werr + 1)); cat "$TMP/w.out"; }
    commits=$((commits + CHUNK / BATCH))
    grep -q "merged the" "$TMP/w.out" && merges=$((merges + 1))
    if [ $((k % COMPACT_EVERY)) -eq 0 ]; then
	cari-index -q --db "$db" --compact || werr=$((werr + 1))
	compactions=$((compactions + 1))
    fi
done
sleep 1
kill -INT $WPID
wait $WPID
kill $QPID $CPID
wait $QPID $CPID 2> /dev/null
WPID= QPID= CPID=
final=$((B + k * CHUNK))
expect_eq "the writer: $k runs, $commits commits, $compactions compactions and $merges merges, no error" "$werr" 0
expect_eq "the index holds every article" "$(count "$db")" $final

# monotonic LOG FIELD: the counts (field FIELD of lines whose status is
# OK) never go down and are each base + whole commits; prints the number
# of lines and the bad ones.
monotonic () {
    awk -v f="$2" -v ok="$3" -v b=$B -v batch=$BATCH -v final=$final '
	$f == "word" { next }
	{ n++ }
	$1 != ok || $f !~ /^[0-9]+$/ { bad++; if (bad < 4) print "# bad: " $0 > "/dev/stderr"; next }
	$f < last || ($f - b) % batch || $f > final { bad++; print "# bad: " $0 " after " last > "/dev/stderr" }
	{ last = $f }
	END { print n + 0, bad + 0 }' "$1"
}
set -- $(monotonic "$TMP/query.log" 2 0)
qreads=$1
expect_eq "cari-query: $1 reads of the count, none failed, none went down, each a whole commit" "$2" 0
words=$(grep -c ' word$' "$TMP/query.log")
wordbad=$(grep ' word$' "$TMP/query.log" | grep -vc '^0 word$')
expect_eq "cari-query: $words searches for a word, all found it" "$wordbad" 0
set -- $(monotonic "$TMP/curl.log" 2 200)
creads=$1
expect_eq "cari-serve, curl: $1 reads of the count, none failed, none went down, each a whole commit" "$2" 0
reqs=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$TMP/wrk.out")
wbad=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$TMP/wrk.out")
serr=$(grep -c 'Socket errors' "$TMP/wrk.out")
expect_eq "cari-serve, wrk: ${reqs:-no} searches, none failed" "${wbad:-0} $serr" "0 0"
[ -n "$reqs" ] || cat "$TMP/wrk.out"
stop_server
SPID=

cat "$TMP/base.jsonl" "$TMP"/chunk.* > "$TMP/all.jsonl"
cari-index -q --db "$TMP/ref" --jobs 1 --batch $BATCH "$TMP/all.jsonl"
dump "$TMP/ref" > "$TMP/ref.dump"
dump "$db" > "$TMP/db.dump"
check "the index equals an uninterrupted build of the same articles" \
    cmp -s "$TMP/db.dump" "$TMP/ref.dump"

echo "# $((qreads + words)) cari-query runs, $creads curl and ${reqs:-0} wrk" \
    "requests; $commits commits, $compactions compactions, $merges merges;" \
    "$(( ($(now_ms) - t_start) / 1000 )) s"
done_testing
