#!/bin/sh
# wire-latency.sh - the cost of collapsing wire copies on search latency:
# the 1,000 queries of bench/query-latency.sh, top 10 with snippets, run
# without and with --collapse in turn, ROUNDS times (default 5), and the
# ratios of the medians of p50 and p95 over the rounds.
# Usage: bench/wire-latency.sh INDEX_DIR [ROUNDS]   (from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
db=$1
rounds=${2:-5}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
PATH="$top:$PATH"

QUERIES_ONLY=1 KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$db" > /dev/null
echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cari-query --db "$db" --batch "$tmp/queries" -n 10 > /dev/null   # warm-up
for r in $(seq 1 "$rounds"); do
    for mode in plain collapse; do
	flag=
	[ "$mode" = collapse ] && flag=--collapse
	line=$(cari-query --db "$db" --batch "$tmp/queries" -n 10 $flag | tail -1)
	echo "$r $mode $line"
	echo "$line" | sed 's/.*p50 \([0-9.]*\) ms, p95 \([0-9.]*\) ms.*/\1 \2/' >> "$tmp/$mode"
    done
done
med () { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
p50a=$(cut -d' ' -f1 "$tmp/plain" | med); p95a=$(cut -d' ' -f2 "$tmp/plain" | med)
p50b=$(cut -d' ' -f1 "$tmp/collapse" | med); p95b=$(cut -d' ' -f2 "$tmp/collapse" | med)
echo "median of $rounds rounds: without p50 $p50a ms p95 $p95a ms; --collapse p50 $p50b ms p95 $p95b ms"
awk -v a="$p50a" -v b="$p50b" -v c="$p95a" -v d="$p95b" \
    'BEGIN { printf "--collapse / without: p50 %.3f, p95 %.3f\n", b / a, d / c }'

# INSTRUCTIONS=1: also the instructions of the first 200 queries, each way,
# counted by valgrind's callgrind: a figure the load of the machine does
# not change.
if [ -n "${INSTRUCTIONS:-}" ]; then
    head -200 "$tmp/queries" > "$tmp/q200"
    for mode in plain collapse; do
	flag=
	[ "$mode" = collapse ] && flag=--collapse
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
	    cari-query --db "$db" --batch "$tmp/q200" -n 10 $flag 2>&1 |
	    sed -n 's/.*refs: *//p' | tr -d , > "$tmp/i.$mode"
	echo "instructions, 200 queries, $mode: $(cat "$tmp/i.$mode")"
    done
    awk -v a="$(cat "$tmp/i.plain")" -v b="$(cat "$tmp/i.collapse")" \
	'BEGIN { printf "--collapse / without: instructions %.3f\n", b / a }'
fi
