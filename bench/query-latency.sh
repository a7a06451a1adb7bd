#!/bin/sh
# query-latency.sh - search latency of cari-query over 1,000 queries drawn
# deterministically from ../shared/corpus: 500 headlines as typed and 500
# queries of 2 to 4 words from article bodies, top 10 with snippets.
# Usage: bench/query-latency.sh [INDEX_DIR [SHARED_DIR]]   (from a built tree)
# Without INDEX_DIR (or with one that does not exist yet) the corpus is
# indexed first.  Prints the summary line of cari-query --batch.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$top/../shared}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-bench.XXXXXX")
trap '[ -n "${KEEP_QUERIES:-}" ] && cp "$tmp/queries" "$KEEP_QUERIES"; rm -rf "$tmp"' EXIT
PATH="$top:$PATH"
db=${1:-$tmp/idx}

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ ! -e "$db" ]; then
    echo "## indexing $shared/corpus into $db"
    cari-index -q --db "$db" "$shared"/corpus/*.jsonl.gz
fi

# The queries: no randomness, so every run draws the same ones.  Body
# words skip cari's stopwords (stemmer/stopwords.c), which a query of its
# own would not hold.
grep -o '"[a-z]*"' "$top/stemmer/stopwords.c" | tr -d '"' > "$tmp/stop"
zcat "$shared"/corpus/*.jsonl.gz | jq -r '[.title, .content] | map(gsub("[\t\n\r]"; " ")) | @tsv' |
awk -F'\t' -v stop="$tmp/stop" '
    BEGIN { while ((getline sw < stop) > 0) skip[sw] = 1 }
    NR % 40 == 0 && titles < 500 && $1 != "" { print $1; titles++ }
    NR % 40 == 23 && words < 500 {
	n = split(tolower($2), w, /[^a-z]+/); m = 0
	for (i = 1; i <= n; i++) if (length(w[i]) >= 4 && !(w[i] in skip)) v[++m] = w[i]
	if (m < 10) next
	k = 2 + NR % 3; q = ""
	for (j = 0; j < k; j++) q = q (j ? " " : "") v[1 + (NR * 7 + j * 5) % m]
	print q; words++
    }' > "$tmp/queries"
echo "## $(wc -l < "$tmp/queries") queries ($(head -c 60 "$tmp/queries" | head -1) ...)"
# QUERIES_ONLY=1 KEEP_QUERIES=FILE: the queries into FILE, no run (bench/date-sort.sh).
[ -n "${QUERIES_ONLY:-}" ] && exit 0

# One warm-up pass fills the page cache; the second is reported.
cari-query --db "$db" --batch "$tmp/queries" -n 10 > /dev/null
echo "## cari-query --db DB --batch QUERIES -n 10"
cari-query --db "$db" --batch "$tmp/queries" -n 10
