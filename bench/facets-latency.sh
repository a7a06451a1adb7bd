#!/bin/sh
# facets-latency.sh - what facets cost a search: the 1,000 queries of
# bench/query-latency.sh, top 10 with snippets, without and with --facets,
# interleaved (the machine is shared and noisy: each round runs both,
# one after the other, and the ratio of each round is reported).  Issue 21.
# Usage: bench/facets-latency.sh [INDEX_DIR [SHARED_DIR]]   (from a built tree)
# ROUNDS=N (default 5) rounds; SORT=date to search newest first.
# Prints each run's summary line, then the median p50 and p95 of each
# side and their ratios (with / without).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$top/../shared}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-facets.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
PATH="$top:$PATH"
db=${1:-$tmp/idx}
rounds=${ROUNDS:-5}
sort=${SORT:-relevance}

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ ! -e "$db" ]; then
    echo "## indexing $shared/corpus into $db"
    cari-index -q --db "$db" "$shared"/corpus/*.jsonl.gz
fi
QUERIES_ONLY=1 KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$db" "$shared" > /dev/null
# One warm-up pass of each fills the page cache.
cari-query --db "$db" --batch "$tmp/queries" -n 10 --sort "$sort" > /dev/null
cari-query --db "$db" --batch "$tmp/queries" -n 10 --sort "$sort" --facets > /dev/null
echo "## $rounds rounds of: cari-query --db DB --batch QUERIES -n 10 --sort $sort [--facets]"
i=0
while [ "$i" -lt "$rounds" ]; do
    i=$((i + 1))
    for side in without with; do
	opt=; [ "$side" = with ] && opt=--facets
	line=$(cari-query --db "$db" --batch "$tmp/queries" -n 10 --sort "$sort" $opt)
	echo "round $i $side: $line"
	echo "$line" | sed -n "s/.*p50 \([0-9.]*\) ms, p95 \([0-9.]*\) ms.*/$i $side \1 \2/p" >> "$tmp/runs"
    done
done
awk '
    function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    $2 == "without" { p50[$1] = $3; p95[$1] = $4 }
    $2 == "with" { n++; r50[n] = $3 / p50[$1]; r95[n] = $4 / p95[$1]; w50[n] = $3; w95[n] = $4; o50[n] = p50[$1]; o95[n] = p95[$1] }
    END {
	printf "median p50: without %.2f ms, with %.2f ms; p95: without %.2f ms, with %.2f ms\n", median(o50, n), median(w50, n), median(o95, n), median(w95, n)
	printf "median ratio of a round (with / without): p50 %.3f, p95 %.3f\n", median(r50, n), median(r95, n)
    }' "$tmp/runs"
