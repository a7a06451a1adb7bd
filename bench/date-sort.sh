#!/bin/sh
# date-sort.sh - sorted by date, do the hits hold every word of the query?
# The 1,000 queries of bench/query-latency.sh, top 10 newest first
# (cari-query --batch --sort date); a hit holds a query word when its title
# or body has a word of the same folded form or the same stem (cari-stem
# --db, as the search stems it).  Stopwords do not count: the query leaves
# them out.  Issue 19.
# Usage: bench/date-sort.sh [INDEX_DIR [SHARED_DIR]]   (from a built tree)
# Prints the share of queries whose top 10 all hold every word, and of hits.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$top/../shared}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-datesort.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
PATH="$top:$PATH"
db=${1:-$tmp/idx}

echo "# $(date -u +%Y-%m-%d) $(uname -m), load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
QUERIES_ONLY=1 KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$db" "$shared" > /dev/null
grep -o '"[a-z]*"' "$top/stemmer/stopwords.c" | tr -d '"' > "$tmp/stop"
echo "## cari-query --db DB --batch QUERIES --sort date -n 10 --run RUN"
cari-query --db "$db" --batch "$tmp/queries" --sort date -n 10 --run "$tmp/run"
python3 "$top/bench/date-sort.py" "$tmp/queries" "$tmp/run" "$tmp/stop" "$db" \
    "$shared"/corpus/*.jsonl.gz
