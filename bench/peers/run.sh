#!/bin/bash
# run.sh - cari against the engines a newsroom would pick instead, in one
# run on one machine: index time, MB/s, index size, peak RSS, query latency
# (1,000 queries, top 10 with snippets, one process), and quality (TyDi-id
# dev MRR@10 and headline known-item MRR@10).  Ratios cari/peer are taken
# within this run.
# Usage: bench/peers/run.sh [SHARED_DIR] [ENGINE...]   (from a built tree;
# engines: cari sqlite xapian postgres lucene, default all; the Debian
# packages in bench/peers/packages; each engine's commands in engines.sh)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
shared=${1:-$top/../shared}
shift || true
engines=${*:-cari sqlite xapian postgres lucene}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-peers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"        # PostgreSQL's cluster runs as the postgres user
. "$top/bench/peers/engines.sh"
case " $engines " in *" lucene "*) lucene_build ;; esac
news=("$shared"/corpus/*.jsonl.gz)
tydi=$shared/ir/tydi-id

echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
json=$(zcat "${news[@]}" | wc -c)

# The query sets.  Headlines: every 40th article with a title (500), the
# relevant article being its own.  TyDi: the dev questions as asked.
zcat "${news[@]}" | jq -r '[.id, .title // "" | gsub("[\t\n\r]"; " ")] | @tsv' |
    awk -F'\t' 'NR % 40 == 0 && $2 != "" && n < 500 { n++; print $2 > "'"$tmp/titles"'"; print n, $1 }' > "$tmp/titles.qrels"
cut -f2 "$tydi/dev-queries.tsv" > "$tmp/tydi.q"
awk -F'\t' 'NR == FNR { line[$1] = FNR; next } { print line[$1], $3 }' \
    "$tydi/dev-queries.tsv" <(tr ' ' '\t' < "$tydi/dev-qrels.tsv") > "$tmp/tydi.qrels"

printf '%-7s %8s %7s %9s %8s %8s %8s %9s %9s\n' engine index_s MB/s index_MB RSS_MB p50_ms p95_ms tydi_mrr news_mrr > "$tmp/table"
for e in $engines; do
    echo "## $e" >&2
    index "$e" "$tmp/$e.news" "${news[@]}"
    read -r wall rss < "$tmp/t"
    if [ -f "$tmp/$e.news/size" ]; then size=$(cat "$tmp/$e.news/size")   # PostgreSQL: the table and its indexes
    else size=$(du -sb "$tmp/$e.news" | cut -f1); fi
    # cari's latency, and the 1,000 queries, come from query-latency.sh.
    if [ "$e" = cari ]; then
	lat=$(KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$tmp/cari.news" "$shared" | tail -1)
    else
	[ -f "$tmp/queries" ] || KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "" "$shared" > /dev/null
	batch "$e" "$tmp/$e.news" "$tmp/queries" "$tmp/lat.run" > /dev/null   # warm the cache
	lat=$(batch "$e" "$tmp/$e.news" "$tmp/queries" "$tmp/lat.run")
    fi
    echo "  latency: $lat" >&2
    batch "$e" "$tmp/$e.news" "$tmp/titles" "$tmp/$e.titles.run" > /dev/null
    news_q=$($peers eval "$tmp/titles.qrels" "$tmp/$e.titles.run")
    index "$e" "$tmp/$e.tydi" "$tydi/docs.jsonl.gz"
    batch "$e" "$tmp/$e.tydi" "$tmp/tydi.q" "$tmp/$e.tydi.run" > /dev/null
    tydi_q=$($peers eval "$tmp/tydi.qrels" "$tmp/$e.tydi.run")
    echo "  headlines: $news_q; tydi: $tydi_q" >&2
    printf '%-7s %8.1f %7.2f %9.1f %8.0f %8s %8s %9s %9s\n' "$e" "$wall" \
	"$(echo "$json $wall" | awk '{ print $1 / 1048576 / $2 }')" \
	"$(echo "$size" | awk '{ print $1 / 1048576 }')" \
	"$(echo "$rss" | awk '{ print $1 / 1024 }')" \
	"$(echo "$lat" | sed 's/.*p50 \([0-9.]*\) ms.*/\1/')" \
	"$(echo "$lat" | sed 's/.*p95 \([0-9.]*\) ms.*/\1/')" \
	"$(echo "$tydi_q" | awk '{ print $2 }')" "$(echo "$news_q" | awk '{ print $2 }')" >> "$tmp/table"
done
echo "## $(zcat "${news[@]}" | wc -l) articles, $(echo "$json" | awk '{ printf "%.1f", $1 / 1048576 }') MB of JSON; 1,000 queries; top 10 with snippets"
cat "$tmp/table"
echo "## cari / peer (index time: < 1 is faster; p50: < 1 is faster)"
awk 'NR > 1 { i[$1] = $2; p[$1] = $6 } END { for (e in i) if (e != "cari" && ("cari" in i))
    printf "%-7s index time %.2f  p50 %.2f\n", e, i["cari"] / i[e], p["cari"] / p[e] }' "$tmp/table"
