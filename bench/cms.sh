#!/bin/sh
# cms.sh - issue 21, the CMS fields (author, rubrik, tags, image):
#  1. the shared corpus (which has none of them) indexed by a tree built
#     without them (BASE, default ../main) and by this one answers the
#     1,000 queries of bench/query-latency.sh identically: the hits of
#     each (--run) and the whole JSON of the first 200;
#  2. what reading and indexing them costs: the corpus with CMS fields
#     added to every article (an author, the outlet as rubrik, three tags
#     from the title, an image URL; written to a temporary file, never
#     into the tree) against the corpus as it is, RUNS builds of each
#     interleaved; the wall times' ratio and the index sizes;
#  3. a search with a rubrik filter against the same search without it.
# Usage: bench/cms.sh [BASE [SHARED_DIR]]   (run from a built tree;
#        RUNS=3; PARTS="1 2 3"; CMS_IDX=/tmp/cms-idx keeps the indexes)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
base=$(cd "${1:-$top/../main}" && pwd)
shared=${2:-$top/../shared}
runs=${RUNS:-3}
parts=${PARTS:-1 2 3}
idx=${CMS_IDX:-/tmp/cms-idx}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-cms.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$idx"

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD), base at $(git -C "$base" rev-parse --short HEAD)"
[ -x "$base/cari-index" ] || { echo "no built tree at $base" >&2; exit 2; }

QUERIES_ONLY=1 KEEP_QUERIES="$tmp/queries" sh "$top/bench/query-latency.sh" "$tmp" > /dev/null  # (an existing DB: no build)
# 1. Without CMS fields, as before.  One writer (--jobs 1) each: hits of
# equal weight come in document order, which a parallel build deals out
# by the workers' queues, so that two parallel builds of one tree differ
# there (16 and 24 of the 9,997 hits of these queries in two pairs of
# parallel builds, ranks swapped among hits of equal weight).
case " $parts " in *" 1 "*)
[ -e "$idx/base1" ] || "$base/cari-index" -q -j 1 --db "$idx/base1" "$shared"/corpus/*.jsonl.gz
[ -e "$idx/this1" ] || "$top/cari-index" -q -j 1 --db "$idx/this1" "$shared"/corpus/*.jsonl.gz
"$base/cari-query" --db "$idx/base1" --batch "$tmp/queries" -n 10 --run "$tmp/run.base" > /dev/null
"$top/cari-query" --db "$idx/this1" --batch "$tmp/queries" -n 10 --run "$tmp/run.this" > /dev/null
head -200 "$tmp/queries" | while IFS= read -r q; do
    "$base/cari-query" --db "$idx/base1" --json -- "$q" || :
done > "$tmp/json.base" 2>&1
head -200 "$tmp/queries" | while IFS= read -r q; do
    "$top/cari-query" --db "$idx/this1" --json -- "$q" || :
done > "$tmp/json.this" 2>&1
echo "## without CMS fields: $(wc -l < "$tmp/queries") queries, $(wc -l < "$tmp/run.this") hits;" \
    "hits $(cmp -s "$tmp/run.base" "$tmp/run.this" && echo identical || echo DIFFERENT)," \
    "JSON of the first 200 $(cmp -s "$tmp/json.base" "$tmp/json.this" && echo identical || echo DIFFERENT)"
;; esac

# 2. With them: the cost of a full build.
zcat "$shared"/corpus/*.jsonl.gz | jq -c '. + {
    author: ("Penulis " + ((.id | tostring | explode | add) % 97 | tostring)),
    rubrik: (.source // "umum"),
    tags: ((.title // "") | split(" ") | map(select(length > 3)) | .[0:3]),
    image: ("https://img.example/" + (.id | tostring) + ".jpg") }' > "$tmp/cms.jsonl"
# The CPU seconds (user + system) of a build of $1 into $tmp/db: on a
# machine shared with other work they vary less than the wall time, which
# goes in $tmp/wall.
build () {
    rm -rf "$tmp/db"
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$top/cari-index" -q --db "$tmp/db" "$1"
    cut -d' ' -f1 "$tmp/time" > "$tmp/wall"
    awk '{ print $2 + $3 }' "$tmp/time"
}
plain=0 cms=0
case " $parts " in *" 2 "*)
zcat "$shared"/corpus/*.jsonl.gz > "$tmp/plain.jsonl"
for i in $(seq 1 "$runs"); do
    p=$(build "$tmp/plain.jsonl"); plain_size=$(du -sk "$tmp/db" | cut -f1)
    pw=$(cat "$tmp/wall")
    c=$(build "$tmp/cms.jsonl"); cms_size=$(du -sk "$tmp/db" | cut -f1)
    cw=$(cat "$tmp/wall")
    [ "$i" = 1 ] && cp -r "$tmp/db" "$idx/cms.new" && rm -rf "$idx/cms" && mv "$idx/cms.new" "$idx/cms"
    echo "run $i: CPU plain $p s, with CMS fields $c s (ratio $(echo "scale=3; $c / $p" | bc));" \
	"wall $pw s, $cw s, load $(cut -d' ' -f1 /proc/loadavg)"
    plain=$(echo "$plain + $p" | bc); cms=$(echo "$cms + $c" | bc)
done
echo "## full build, $runs runs interleaved, CPU seconds: plain $(echo "scale=2; $plain / $runs" | bc) s," \
    "with CMS fields $(echo "scale=2; $cms / $runs" | bc) s, ratio $(echo "scale=3; $cms / $plain" | bc);" \
    "index $plain_size KiB, with them $cms_size KiB"
;; esac

# 3. A rubrik filter (the outlet of the most articles as rubrik).
case " $parts " in *" 3 "*)
[ -e "$idx/cms" ] || "$top/cari-index" -q --db "$idx/cms" "$tmp/cms.jsonl"
rubrik=$(jq -r .rubrik "$tmp/cms.jsonl" | sort | uniq -c | sort -rn | head -1 | sed 's/^ *[0-9]* //')
for i in $(seq 1 "$runs"); do
    a=$("$top/cari-query" --db "$idx/cms" --batch "$tmp/queries" -n 10)
    b=$("$top/cari-query" --db "$idx/cms" --rubrik "$rubrik" --batch "$tmp/queries" -n 10)
    echo "run $i: without --rubrik: $a"
    echo "run $i: --rubrik '$rubrik': $b"
done
;; esac
