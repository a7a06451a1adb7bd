#!/bin/sh
# index-corpus.sh - index ../shared/corpus from scratch, then search every
# Detik headline and report where its article ranks.
# Usage: bench/index-corpus.sh [SHARED_DIR]   (run from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
db=$(mktemp -d "${TMPDIR:-/tmp}/cari-bench.XXXXXX")
trap 'rm -rf "$db"' EXIT
PATH="$top:$PATH"

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores; $(cari-index --help >/dev/null && echo cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown))"
echo "## indexing $(ls "$shared"/corpus/*.jsonl.gz | wc -l) files, $(zcat "$shared"/corpus/*.jsonl.gz | wc -c) bytes of JSON"
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "peak RSS %M KiB, wall %e s" cari-index --db "$db/idx" "$shared"/corpus/*.jsonl.gz
else
    cari-index --db "$db/idx" "$shared"/corpus/*.jsonl.gz
fi
echo "index size: $(du -sk "$db/idx" | cut -f1) KiB"

echo "## known-item search: every Detik headline, top 10"
zcat "$shared"/corpus/news-detik2025.jsonl.gz | jq -r '[.id, .title] | @tsv' |
while IFS="$(printf '\t')" read -r id title; do
    cari-query --db "$db/idx" --json -n 10 -- "$title" |
	jq -r --arg id "$id" '[.hits[].id] | index($id) // -1'
done | awk '{ n++; if ($1 >= 0) { rr += 1 / ($1 + 1); if ($1 == 0) top++ } }
	END { printf "queries %d, at rank 1: %d, MRR@10 %.4f\n", n, top, rr / n }'
