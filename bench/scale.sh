#!/bin/bash
# scale.sh - a million articles on one machine (issue 22): bench/remix.py's
# 1,000,000 articles (seed 7, about 1.3 GB of JSON) and their first
# 100,000, each built by cari-index with wall, CPU, peak RSS and index size
# (the two builds interleaved, ROUNDS times); on the 1M index a nightly run
# of 1% new articles and one of 0.1% changed ones, then --compact; search
# latency p50/p95/p99 over bench/query-latency.sh's 1,000 queries (top 10
# with snippets) on both indexes, interleaved; cari-serve's req/s under wrk
# (bench/serve-load.sh) on both.
# Usage: bench/scale.sh [SHARED_DIR]   (from a built tree)
# Environment: WORK=DIR where the JSON and the indexes go (about 8 GB;
# default $TMPDIR or /tmp, removed after unless KEEP=1); ROUNDS=N builds of
# each (default 2); SERVE_SECS=S of wrk a test (default 20, 0: none);
# N=ARTICLES instead of 1,000,000 (the small set stays a tenth).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
PATH="$top:$PATH"
rounds=${ROUNDS:-2}
secs=${SERVE_SECS:-20}
big=${N:-1000000}
small=$((big / 10))
work=$(mktemp -d "${WORK:-${TMPDIR:-/tmp}}/cari-scale.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
for tool in /usr/bin/time python3 jq; do
    command -v $tool > /dev/null || {
	echo "scale.sh: $tool is missing; apt-get install time python3 jq" >&2
	exit 2; }
done
[ -d "$shared/corpus" ] || { echo "scale.sh: no $shared/corpus" >&2; exit 2; }

mb () { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
# The databases the stub names (the generation and its delta).
live () { awk -v d="$1" '$1 == "glass" { print d "/" $2 }' "$1/XAPIANDB" |
	      xargs du -scb | tail -1 | cut -f1; }
# timed NAME CMD...: wall, CPU and peak RSS of CMD, into $wall $cpu $rss
# and one line.
timed () {
    local name=$1; shift
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" > "$work/out" 2>&1 || {
	echo "$name failed:"; tail -5 "$work/out"; exit 1; }
    read -r wall user sys rss < "$work/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
    rss=$((rss / 1024))
    printf '%-40s %8.1f s wall  CPU %7.1f s  peak RSS %5d MB\n' \
	"$name" "$wall" "$cpu" "$rss"
}

echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
python3 "$top/bench/remix.py" "$big" 7 "$shared"/corpus/*.jsonl.gz > "$work/big.jsonl"
head -n "$small" "$work/big.jsonl" > "$work/small.jsonl"
echo "## articles: $small ($(mb "$(stat -c %s "$work/small.jsonl")") MB of JSON) and $big ($(mb "$(stat -c %s "$work/big.jsonl")") MB)"

echo "## full builds (cari-index --jobs $(nproc)), interleaved"
for r in $(seq 1 "$rounds"); do
    for set in small big; do
	rm -rf "$work/$set.idx"
	timed "build $set ($r)" cari-index -q --db "$work/$set.idx" "$work/$set.jsonl"
	echo "$set $wall $cpu $rss $(live "$work/$set.idx")" >> "$work/builds"
    done
done
# The best of the rounds (the least disturbed by the machine's other work).
awk -v small="$small" -v big="$big" '
    { if (!($1 in w) || $2 < w[$1]) w[$1] = $2
      if (!($1 in c) || $3 < c[$1]) c[$1] = $3
      if ($4 > r[$1]) r[$1] = $4; s[$1] = $5 }
    END {
	printf "best wall: %.1f s (%d art/s) and %.1f s (%d art/s): %.2fx for 10x the articles (target <= 12.5x)\n",
	    w["small"], small / w["small"], w["big"], big / w["big"], w["big"] / w["small"]
	printf "best CPU: %.1f s and %.1f s: %.2fx\n", c["small"], c["big"], c["big"] / c["small"]
	printf "peak RSS: %d MB and %d MB (target < 2048 MB); index %.0f MB and %.0f MB\n",
	    r["small"], r["big"], s["small"] / 1048576, s["big"] / 1048576
    }' "$work/builds"
full=$(awk '$1 == "big" && (!w || $2 < w) { w = $2 } END { print w }' "$work/builds")

echo "## nightly runs on the $big-article index"
python3 "$top/bench/remix.py" $((big / 100)) 8 "$shared"/corpus/*.jsonl.gz |
    jq -c '.id = "new-" + .id' > "$work/new.jsonl"
timed "1% new ($((big / 100)) articles)" cari-index -q --db "$work/big.idx" "$work/new.jsonl"
awk -v w="$wall" -v f="$full" 'BEGIN { printf "  %.1f%% of the full build (target <= 5%%)\n", 100 * w / f }'
awk -v n=$((big / 1000)) 'NR % 997 == 0 && k < n { print; k++ }' "$work/big.jsonl" |
    jq -c '.content = .content + " Artikel ini telah diperbarui."' > "$work/changed.jsonl"
timed "0.1% changed ($(wc -l < "$work/changed.jsonl") articles)" \
    cari-index -q --db "$work/big.idx" "$work/changed.jsonl"
awk -v w="$wall" -v f="$full" 'BEGIN { printf "  %.1f%% of the full build\n", 100 * w / f }'
timed "re-run of the 0.1%, nothing changed" \
    cari-index -q --db "$work/big.idx" "$work/changed.jsonl"
timed "--compact" cari-index -q --db "$work/big.idx" --compact
echo "  index after: $(mb "$(live "$work/big.idx")") MB"

echo "## search latency: cari-query --batch, 1,000 queries, top 10 with snippets"
QUERIES_ONLY=1 KEEP_QUERIES="$work/queries" sh "$top/bench/query-latency.sh" "$work/small.idx" "$shared" > /dev/null
for set in small big; do        # one warm-up pass each
    cari-query --db "$work/$set.idx" --batch "$work/queries" -n 10 > /dev/null
done
for r in $(seq 1 "$rounds"); do
    for set in small big; do
	echo "$set ($r): $(cari-query --db "$work/$set.idx" --batch "$work/queries" -n 10)"
    done
done

if [ "$secs" -gt 0 ] && ! command -v wrk > /dev/null; then
    echo "## cari-serve: not measured, wrk is missing (apt-get install wrk)"
elif [ "$secs" -gt 0 ]; then
    for set in small big; do
	echo "## cari-serve, $set index"
	sh "$top/bench/serve-load.sh" "$shared" "$secs" "$work/$set.idx" |
	    grep -E '^##|Requests/sec|Latency|Non-2xx|errors'
    done
fi
