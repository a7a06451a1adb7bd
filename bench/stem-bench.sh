#!/bin/sh
# stem-bench.sh - stemming accuracy and speed: Snowball alone against cari's
# analyzer (Snowball refined by the hunspell-id root lexicon and Indonesian
# morphotactics), alone and with the names an index of ../shared/corpus
# has learned (cari-stem --db); the words that meet under one stem
# (--conflations); then the cost of the analyzer when indexing the corpus.
# Usage: bench/stem-bench.sh [SHARED_DIR] [--no-index]   (from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
PATH="$top:$PATH"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
# The names the corpus teaches are in its index: build one.
cari-index --quiet --db "$tmp/news" "$shared"/corpus/*.jsonl.gz
echo "## accuracy (stem == gold root): per form, and per token where the file counts them"
for f in "$shared"/stem/*.tsv; do
    echo "$(basename "$f")"
    printf '  %-30s %s\n' "Snowball alone" \
	"$(cari-stem --snowball --eval "$f" | tail -1 | sed 's/.*: //')" \
	"cari, rules and lexicon" "$(cari-stem --eval "$f" | tail -1 | sed 's/.*: //')" \
	"cari with the corpus's names" \
	"$(cari-stem --db "$tmp/news" --eval "$f" | tail -1 | sed 's/.*: //')"
done
echo "## the misses on dev-news.tsv that weigh most (cari with the corpus's names)"
cari-stem --db "$tmp/news" --eval "$shared/stem/dev-news.tsv" | grep '^miss' | head -10
echo "## per class on dev-news.tsv (cari with the corpus's names)"
cari-stem --db "$tmp/news" --eval "$shared/stem/dev-news.tsv" | grep '^  class'

echo "## speed over the corpus text (one core; tokenize + fold + stem)"
zcat "$shared"/corpus/*.jsonl.gz | jq -r '.title, .content' > "$tmp/text"
for i in 1 2 3; do cari-stem --snowball --count < "$tmp/text"; done | sort -t: -k2 -n | tail -1
for i in 1 2 3; do cari-stem --count < "$tmp/text"; done | sort -t: -k2 -n | tail -1
echo "## the 20 stems that join the most frequent pairs of words (for a person to read)"
cari-stem --db "$tmp/news" --conflations=20 < "$tmp/text"

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
