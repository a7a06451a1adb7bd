#!/bin/bash
# size.sh - indexing time against corpus size: each engine indexes growing
# prefixes of ../shared/corpus (2,500, 5,000, 10,000 articles and all of
# them, in the order of the corpus files), wall seconds as run.sh measures
# them (engines.sh; process start included).  Prints a table (engine,
# articles, MB of JSON, seconds, peak RSS) and draws it with gnuplot.
# Usage: bench/peers/size.sh [SHARED_DIR [PNG]] [ENGINE...]   (from a built
# tree; PNG default bench/peers-index-size.png; engines as run.sh's)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
shared=${1:-$top/../shared}
png=${2:-$top/bench/peers-index-size.png}
shift 2 || shift $#
engines=${*:-cari sqlite xapian postgres lucene}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-size.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
. "$top/bench/peers/engines.sh"
case " $engines " in *" lucene "*) lucene_build ;; esac

echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
all=$(zcat "$shared"/corpus/*.jsonl.gz | wc -l)
sizes=$(printf '%s\n' 2500 5000 10000 "$all" | awk -v all="$all" '$1 <= all' | sort -nu)
for n in $sizes; do
    zcat "$shared"/corpus/*.jsonl.gz | head -n "$n" > "$tmp/$n.jsonl"
done

printf '%-8s %8s %7s %8s %7s\n' engine articles MB seconds RSS_MB
for e in $engines; do
    for n in $sizes; do
	index "$e" "$tmp/db" "$tmp/$n.jsonl"
	read -r wall rss < "$tmp/t"
	rm -rf "$tmp/db"
	printf '%-8s %8d %7.1f %8.1f %7.0f\n' "$e" "$n" \
	    "$(stat -c %s "$tmp/$n.jsonl" | awk '{ print $1 / 1048576 }')" "$wall" \
	    "$(echo "$rss" | awk '{ print $1 / 1024 }')" | tee -a "$tmp/size.$e"
    done
done

gnuplot <<GP
set terminal pngcairo size 760,480 font "sans,10"
set output "$png"
set title "Indexing time against corpus size (prefixes of ../shared/corpus; one run, this machine)"
set xlabel "MB of JSON (the first $(echo $sizes | sed 's/ /, /g') articles)"
set ylabel "wall seconds (lower is better)"
set grid
set key top left
plot for [e in "$engines"] "$tmp/size.".e using 3:4 with linespoints lw 2 pt 7 title e
GP
echo "## plotted into $png" >&2
