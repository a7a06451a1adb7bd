#!/bin/sh
# fresh-latency.sh - search latency by relevance and by the fresh ranking
# (relevance mixed with recency, issue 21) over the 1,000 queries of
# bench/query-latency.sh, top 10 with snippets, the two runs interleaved
# ROUNDS times (default 3) so that the machine's load falls on both.
# Usage: bench/fresh-latency.sh [INDEX_DIR [SHARED_DIR]]   (from a built tree)
# HALF_LIFE (default 30d) and NOW (default 2025-12-01, after the corpus's
# newest article, so that every run ranks the same) set the fresh runs.
# Prints each run's summary line, then the medians and fresh / relevance.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$top/../shared}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-fresh.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
PATH="$top:$PATH"
db=${1:-$tmp/idx}
rounds=${ROUNDS:-3}
half_life=${HALF_LIFE:-30d}
now=${NOW:-2025-12-01}

echo "# $(date -u '+%Y-%m-%d %H:%M') UTC $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
QUERIES_ONLY=1 KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$db" "$shared" > /dev/null
echo "## $(wc -l < "$tmp/queries") queries of bench/query-latency.sh; fresh: --fresh $half_life --now $now"

# A warm-up pass of each fills the page cache.
cari-query --db "$db" --batch "$tmp/queries" -n 10 > /dev/null
cari-query --db "$db" --batch "$tmp/queries" -n 10 --fresh "$half_life" --now "$now" > /dev/null
i=1
while [ "$i" -le "$rounds" ]; do
    printf 'relevance %s: ' "$i"
    cari-query --db "$db" --batch "$tmp/queries" -n 10 | tee -a "$tmp/rel"
    printf 'fresh     %s: ' "$i"
    cari-query --db "$db" --batch "$tmp/queries" -n 10 --fresh "$half_life" --now "$now" | tee -a "$tmp/fresh"
    i=$((i + 1))
done

# The medians of the runs' p50 and p95, and their ratios.
median () {
    sed -n "s/.* $1 \([0-9.]*\) ms.*/\1/p" "$2" | sort -n |
	awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for p in p50 p95; do
    r=$(median "$p" "$tmp/rel")
    f=$(median "$p" "$tmp/fresh")
    awk -v p="$p" -v r="$r" -v f="$f" 'BEGIN { printf "## %s (median of the runs): relevance %.2f ms, fresh %.2f ms, fresh / relevance %.2f\n", p, r, f, f / r }'
done
