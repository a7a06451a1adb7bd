#!/bin/sh
# facets-collapse.sh - what facets and collapsing cost a search together
# (issue 21's target: at most 30% of p95): the 1,000 queries of
# bench/query-latency.sh, top 10 with snippets, as cari-query runs them
# plain, with --collapse, with --facets and with both, one after the other
# in each round (the machine is shared and noisy), and each mode's median
# p50 and p95 over the rounds with the median of its per-round ratios to
# plain.
# Usage: bench/facets-collapse.sh [INDEX_DIR [SHARED_DIR]]   (from a built
# tree; without INDEX_DIR, ../shared/corpus is indexed first, wire copies
# and all).  ROUNDS=N (default 5).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$top/../shared}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-fc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
PATH="$top:$PATH"
db=${1:-$tmp/idx}
rounds=${ROUNDS:-5}

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ ! -e "$db" ]; then
    echo "## indexing $shared/corpus into $db"
    cari-index -q --db "$db" "$shared"/corpus/*.jsonl.gz
fi
QUERIES_ONLY=1 KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$db" "$shared" > /dev/null
flags () {
    case $1 in
    plain) echo ;;
    collapse) echo --collapse ;;
    facets) echo --facets ;;
    both) echo --collapse --facets ;;
    esac
}
for m in plain both; do     # warm-up: the page cache
    cari-query --db "$db" --batch "$tmp/queries" -n 10 $(flags $m) > /dev/null
done
echo "## $rounds rounds of: cari-query --db DB --batch QUERIES -n 10 [--collapse] [--facets]"
i=0
while [ "$i" -lt "$rounds" ]; do
    i=$((i + 1))
    for m in plain collapse facets both; do
	line=$(cari-query --db "$db" --batch "$tmp/queries" -n 10 $(flags $m))
	echo "round $i $m: $line"
	echo "$line" | sed -n "s/.*p50 \([0-9.]*\) ms, p95 \([0-9.]*\) ms.*/$i $m \1 \2/p" >> "$tmp/runs"
    done
done
awk '
    function median(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { p50[$2, $1] = $3; p95[$2, $1] = $4; if ($1 > R) R = $1 }
    END {
	split("plain collapse facets both", modes, " ")
	for (k = 1; k <= 4; k++) {
	    m = modes[k]
	    for (r = 1; r <= R; r++) {
		a[r] = p50[m, r]; b[r] = p95[m, r]
		c[r] = p50[m, r] / p50["plain", r]; d[r] = p95[m, r] / p95["plain", r]
	    }
	    printf "%-8s median p50 %.2f ms, p95 %.2f ms; median ratio to plain: p50 %.3f, p95 %.3f\n", m, median(a, R), median(b, R), median(c, R), median(d, R)
	}
    }' "$tmp/runs"
