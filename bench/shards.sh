#!/bin/sh
# shards.sh - issue 22, shards by year: search latency over an index of 3
# shards by year against one index of the same articles, and a nightly run
# of 1% new articles of the current year on each.
# Usage: bench/shards.sh [N [SHARED_DIR [QUERY_OPTIONS]]]   (from a built
# tree; N default 300000 remixed articles over 2023-2025, bench/remix.py
# seed 7; QUERY_OPTIONS such as "--collapse --facets" for every query)
# Prints each cari-query --batch summary of the 1,000 latency queries
# (bench/query-latency.sh), runs interleaved one, shards, one, shards...,
# then the nightly runs' times and which shards they wrote.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-300000}
shared=${2:-$top/../shared}
qopt=${3:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-shards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
PATH="$top:$PATH"
export CARI_TIMESTAMPS=never

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ "$n" -eq 0 ]; then     # N 0: ../shared/corpus itself (2019, 2025, undated)
    zcat "$shared"/corpus/*.jsonl.gz > "$tmp/remix.jsonl"
    n=$(wc -l < "$tmp/remix.jsonl")
else
    python3 "$top/bench/remix.py" --years 2023-2025 "$n" 7 "$shared"/corpus/*.jsonl.gz > "$tmp/remix.jsonl"
fi
nightly=$((n / 100))
python3 "$top/bench/remix.py" --years 2025-2025 "$nightly" 8 "$shared"/corpus/*.jsonl.gz > "$tmp/nightly.jsonl"
echo "## $n articles; nightly: $nightly of 2025"
for layout in one shards; do
    opt=""; [ "$layout" = shards ] && opt="--shard-by year"
    /usr/bin/time -f "## build $layout: %e s wall, %U s user, %M KB peak" \
	cari-index -q --db "$tmp/$layout" $opt "$tmp/remix.jsonl"
    cari-index -q --db "$tmp/$layout" --compact
done
echo "## top stub of the shards:"; sed 's/^/#   /' "$tmp/shards/XAPIANDB"

QUERIES_ONLY=1 KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$tmp/one" "$shared" > /dev/null
for layout in one shards; do        # warm the page cache
    cari-query --db "$tmp/$layout" --batch "$tmp/queries" -n 10 > /dev/null
done
for i in 1 2 3 4 5; do
    for layout in one shards; do
	printf '%s %s: ' "$layout" "$i"
	[ -n "$qopt" ] && printf '(%s) ' "$qopt"
	cari-query --db "$tmp/$layout" --batch "$tmp/queries" -n 10 $qopt | tail -1
    done
done

# The same hits, in the same order, for every query.
for layout in one shards; do
    cari-query --db "$tmp/$layout" --batch "$tmp/queries" -n 10 $qopt --run "$tmp/$layout.run" > /dev/null
done
echo "## hits (query, id, rank) of the 1,000 queries: $(wc -l < "$tmp/one.run") in one index," \
     "$(wc -l < "$tmp/shards.run") in the shards, $(diff "$tmp/one.run" "$tmp/shards.run" | grep -c '^[<>]') lines differ"

touch "$tmp/marker"; sleep 1
for layout in one shards; do
    /usr/bin/time -f "## nightly $layout: %e s wall, %U s user" \
	cari-index -q --db "$tmp/$layout" "$tmp/nightly.jsonl"
done
for d in "$tmp/shards"/[0-9u]*; do
    echo "## nightly: files written in shard ${d##*/}: $(find "$d" -type f -newer "$tmp/marker" ! -name flintlock | wc -l) (and Xapian's lock file)"
done
du -sh "$tmp/one" "$tmp/shards" | sed 's/^/## /'
