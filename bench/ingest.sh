#!/bin/bash
# ingest.sh - the nightly ingest benchmark: a full build of ../shared/corpus
# with cari (--jobs = cores and --jobs 1) and with Xapian's scriptindex
# (Indonesian stemmer) in the same run; re-runs with nothing changed and with
# 1% new articles; --compact and what each table costs; scale runs over 10k,
# 30k and 100k articles remixed from real paragraphs (bench/remix.py).
# Usage: bench/ingest.sh [SHARED_DIR] [--no-scale]   (from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
PATH="$top:$PATH"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-ingest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
files=("$shared"/corpus/*.jsonl.gz)
for tool in /usr/bin/time scriptindex jq python3; do
    command -v $tool > /dev/null || {
	echo "ingest.sh: $tool is missing; apt-get install time xapian-omega xapian-tools jq python3" >&2
	exit 2; }
done

mb () { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
size () { du -sb "$1" | cut -f1; }
# The generation an index's stub points at (the previous one is kept for
# readers until the next swap, so du of DIR counts two after a compaction).
current () { echo "$1/$(awk 'NR == 1 { print $2 }' "$1/XAPIANDB")"; }
# The generation and the delta of new articles beside it (lib/layout.h).
everything () { awk -v d="$1" '{ print d "/" $2 }' "$1/XAPIANDB"; }

# timed NAME ARTICLES BYTES CMD...: one line with wall, articles/s, MB/s,
# CPU and peak RSS.
timed () {
    local name=$1 n=$2 bytes=$3; shift 3
    /usr/bin/time -o "$tmp/time" -f "%e %U %S %M" "$@" > "$tmp/out" 2>&1 || {
	echo "$name failed:"; tail -5 "$tmp/out"; return 1; }
    read -r wall user sys rss < "$tmp/time"
    awk -v name="$name" -v n="$n" -v b="$bytes" -v w="$wall" -v u="$user" \
	-v s="$sys" -v r="$rss" 'BEGIN {
	printf "%-34s %7.2f s wall %8.0f art/s %6.2f MB/s  CPU %6.1f s  peak RSS %4.0f MB\n",
	    name, w, (w > 0 ? n / w : 0), (w > 0 ? b / 1048576 / w : 0), u + s, r / 1024 }'
}

json=$(zcat "${files[@]}" | wc -c)
n=$(zcat "${files[@]}" | wc -l)
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "## full build: $n articles, $(mb "$json") MB of JSON"

# scriptindex reads "field=value" records separated by blank lines; a line
# of a multi-line value goes on after "=".
zcat "${files[@]}" | jq -r '"id=\(.id)\ntitle=\(.title // "" | gsub("\n"; " "))\ncontent=\(.content // "" | gsub("\n"; "\n="))\n"' > "$tmp/scriptindex.in"
cat > "$tmp/script" <<'SCRIPT'
id : field=id boolean=Q unique=Q
title : field=title index=S index
content : field=content index
SCRIPT
timed "scriptindex --stemmer=indonesian" "$n" "$json" \
    scriptindex --stemmer=indonesian "$tmp/si" "$tmp/script" "$tmp/scriptindex.in"
si_size=$(size "$tmp/si")
timed "cari-index --jobs 1" "$n" "$json" cari-index -q --jobs 1 --db "$tmp/one" "${files[@]}"
rm -rf "$tmp/one"
timed "cari-index --no-spelling" "$n" "$json" cari-index -q --no-spelling --db "$tmp/nosp" "${files[@]}"
rm -rf "$tmp/nosp"
timed "cari-index (--jobs $(nproc))" "$n" "$json" cari-index -q --db "$tmp/db" "${files[@]}"
full_size=$(size "$(current "$tmp/db")")

echo "## re-runs"
timed "re-run, nothing changed" "$n" "$json" cari-index -q --db "$tmp/db" "${files[@]}"
new=$((n / 100))
zcat "${files[0]}" | head -n "$new" | jq -c '.id = "new-\(.id)"' > "$tmp/new.jsonl"
timed "re-run, 1% new ($new articles)" "$n" "$json" \
    cari-index -q --db "$tmp/db" "${files[@]}" "$tmp/new.jsonl"

echo "## sizes (MB); input JSON $(mb "$json")"
echo "scriptindex, not compacted: $(mb "$si_size")"
xapian-compact "$tmp/si" "$tmp/si.c" > /dev/null
echo "scriptindex, compacted:     $(mb "$(size "$tmp/si.c")")"
echo "cari, as built (shards merged by compaction): $(mb "$full_size")"
echo "cari, after the 1% re-run:  $(mb "$(everything "$tmp/db" | xargs du -scb | tail -1 | cut -f1)") (of which the delta of new articles $(mb "$(everything "$tmp/db" | sed -n 2p | xargs -r du -sb | cut -f1)"))"
timed "cari-index --compact" "$n" "$json" cari-index -q --db "$tmp/db" --compact
echo "cari, compacted:            $(mb "$(size "$(current "$tmp/db")")")"
echo "## what each table of cari's compacted index costs (MB)"
for t in "$(current "$tmp/db")"/*.glass; do
    printf '  %-14s %7s\n' "$(basename "$t")" "$(mb "$(stat -c %s "$t")")"
done | sort -k2 -rn
cari-index --db "$tmp/db" --stats | head -20

[ "${2:-}" = --no-scale ] && exit 0
echo "## scale: remixed articles (bench/remix.py, seed 7), cari-index --jobs $(nproc)"
for k in 10000 30000 100000; do
    python3 "$top/bench/remix.py" "$k" 7 "${files[@]}" > "$tmp/remix.jsonl"
    rm -rf "$tmp/scale"
    timed "$((k / 1000))k articles ($(mb "$(size "$tmp/remix.jsonl")") MB)" "$k" \
	"$(size "$tmp/remix.jsonl")" cari-index -q --db "$tmp/scale" "$tmp/remix.jsonl"
    echo "   index $(mb "$(size "$(current "$tmp/scale")")") MB"
done
