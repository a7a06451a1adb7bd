#!/bin/sh
# wire-build.sh - what finding wire copies costs a build of ../shared/corpus:
# CPU (user + sys) and the compacted index's size, built by this tree's
# cari-index and by BASE (a cari-index without wire copies, e.g. one built
# at the commit before them), in turn, ROUNDS times (default 3), with the
# ratios of the medians.
# Usage: bench/wire-build.sh BASE_CARI_INDEX [ROUNDS [SHARED_DIR]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
base=$1
rounds=${2:-3}
shared=${3:-$top/../shared}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
for r in $(seq 1 "$rounds"); do
    for mode in base wire; do
	bin=$top/cari-index
	[ "$mode" = base ] && bin=$base
	rm -rf "$tmp/idx"
	/usr/bin/time -f "%U %S %e" -o "$tmp/time" "$bin" -q --db "$tmp/idx" \
	    "$shared"/corpus/*.jsonl.gz
	"$bin" -q --db "$tmp/idx" --compact > /dev/null 2>&1 || true
	kib=$(du -sk "$tmp/idx" | cut -f1)
	set -- $(cat "$tmp/time")
	cpu=$(echo "$1 $2" | awk '{ printf "%.2f", $1 + $2 }')
	echo "$r $mode cpu ${cpu}s wall ${3}s size ${kib}KiB"
	echo "$cpu $kib" >> "$tmp/$mode"
    done
done
med () { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ca=$(cut -d' ' -f1 "$tmp/base" | med); sa=$(cut -d' ' -f2 "$tmp/base" | med)
cb=$(cut -d' ' -f1 "$tmp/wire" | med); sb=$(cut -d' ' -f2 "$tmp/wire" | med)
echo "median: without cpu ${ca}s size ${sa}KiB; with wire copies cpu ${cb}s size ${sb}KiB"
awk -v a="$ca" -v b="$cb" -v c="$sa" -v d="$sb" \
    'BEGIN { printf "with / without: cpu %.3f, size %.3f\n", b / a, d / c }'
