#!/bin/sh
# synonyms-latency.sh - search latency with and without synonyms (issue
# 21): the 1,000 queries of bench/query-latency.sh, and one query for each
# form of each group of data/synonyms.txt (the queries synonyms widen),
# run by cari-query --batch with --synonyms none and with the file,
# interleaved ROUNDS times (the machine is noisy), then the ratios of the
# medians of each summary's p50, p95 and mean.
# Usage: bench/synonyms-latency.sh [INDEX_DIR [SHARED_DIR [ROUNDS]]]
# (from a built tree; without INDEX_DIR the corpus is indexed first)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$top/../shared}
rounds=${3:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
PATH="$top:$PATH"
db=${1:-$tmp/idx}
syn=$top/data/synonyms.txt

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -e "$db" ] || cari-index -q --db "$db" "$shared"/corpus/*.jsonl.gz
QUERIES_ONLY=1 KEEP_QUERIES="$tmp/general" sh "$top/bench/query-latency.sh" "$db" "$shared" > /dev/null
sed -e 's/#.*//' "$syn" | tr '=' '\n' | sed -e 's/^[ \t]*//' -e 's/[ \t]*$//' |
    grep . > "$tmp/forms"
# One warm-up pass fills the page cache.
cat "$tmp/general" "$tmp/forms" > "$tmp/all"
cari-query --db "$db" --synonyms "$syn" --batch "$tmp/all" > /dev/null
for set in general forms; do
    echo "## $set: $(wc -l < "$tmp/$set") queries; --synonyms none, then the file, $rounds rounds"
    for i in $(seq 1 "$rounds"); do
	for mode in none "$syn"; do
	    line=$(cari-query --db "$db" --synonyms "$mode" --batch "$tmp/$set")
	    echo "  $([ "$mode" = none ] && echo without || echo with)  $line"
	done
    done | tee "$tmp/$set.runs"
    # the median of each figure over the rounds, and with/without
    awk '{ w = $1; gsub(/,/, "")
	   for (i = 2; i <= NF; i++) {
	       if ($i == "p50") p50[w] = p50[w] " " $(i + 1)
	       if ($i == "p95") p95[w] = p95[w] " " $(i + 1)
	       if ($i == "mean") mean[w] = mean[w] " " $(i + 1) } }
	 function med(s,   a, n, i, j, t) { n = split(s, a, " ")
	     for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		 if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	     return a[int((n + 1) / 2)] }
	 END { printf "  median with/without: p50 %.2f/%.2f ms (%.2fx), p95 %.2f/%.2f ms (%.2fx), mean %.2f/%.2f ms (%.2fx)\n",
		 med(p50["with"]), med(p50["without"]), med(p50["with"]) / med(p50["without"]),
		 med(p95["with"]), med(p95["without"]), med(p95["with"]) / med(p95["without"]),
		 med(mean["with"]), med(mean["without"]), med(mean["with"]) / med(mean["without"]) }' "$tmp/$set.runs"
done
