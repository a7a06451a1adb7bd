#!/bin/sh
# stem-bench.sh - stemming accuracy and speed: Snowball alone against cari's
# analyzer (Snowball refined by the hunspell-id root lexicon), then the cost
# of the lexicon when indexing the whole news corpus.
# Usage: bench/stem-bench.sh [SHARED_DIR] [--no-index]   (from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
PATH="$top:$PATH"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "## accuracy (stem == gold root)"
for f in "$shared"/stem/*.tsv; do
    printf '%-22s Snowball %s   cari %s\n' "$(basename "$f")" \
	"$(cari-stem --snowball --eval "$f" | tail -1 | sed 's/.*: //')" \
	"$(cari-stem --eval "$f" | tail -1 | sed 's/.*: //')"
done

echo "## speed over the corpus text (one core; tokenize + fold + stem)"
zcat "$shared"/corpus/*.jsonl.gz | jq -r '.title, .content' > "$tmp/text"
for i in 1 2 3; do cari-stem --snowball --count < "$tmp/text"; done | sort -t: -k2 -n | tail -1
for i in 1 2 3; do cari-stem --count < "$tmp/text"; done | sort -t: -k2 -n | tail -1

[ "${2:-}" = --no-index ] && exit 0
# CPU time of one thread, twice each, alternating: less swayed than wall
# time by whatever else the machine runs.
echo "## indexing ../shared/corpus (--jobs 1, CPU seconds), Snowball alone vs cari"
for round in 1 2; do
    for how in snowball cari; do
	rm -rf "$tmp/idx"
	CARI_STEMMER=$([ $how = snowball ] && echo snowball) /usr/bin/time \
	    -f "$how: %U s user + %S s system, %e s wall, peak RSS %M KiB" \
	    cari-index --quiet --jobs 1 --db "$tmp/idx" "$shared"/corpus/*.jsonl.gz
    done
done
