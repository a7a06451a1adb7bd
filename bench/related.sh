#!/bin/sh
# related.sh - related articles (issue 21) over ../shared/corpus: a sheet of
# random articles and their top 3 related to judge by reading, the count of
# the judgements, and the latency of cari-query --related against a search
# of the article's title (interleaved, the same ids).
# Usage (from a built tree):
#   bench/related.sh sheet [N [SEED]]   N articles (default 50), SEED (21)
#   bench/related.sh score FILE         count FILE's judgements
#   bench/related.sh latency [N [SEED]] p50/p95 over N ids (default 200),
#                                       on a cari-serve of loopback
# The index: $RELATED_DB (default /tmp/related-idx), built from
# ../shared/corpus (or $SHARED/corpus) when missing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$top/../shared}
db=${RELATED_DB:-/tmp/related-idx}
PATH="$top:$PATH"

index () {
    [ -e "$db" ] && return
    ls "$shared"/corpus/*.jsonl.gz > /dev/null 2>&1 ||
	{ echo "related.sh: no corpus in $shared/corpus" >&2; exit 2; }
    nice cari-index -q --db "$db" "$shared"/corpus/*.jsonl.gz
}

# N ids of the index drawn with SEED: the same for the same corpus.
ids () {
    zcat "$shared"/corpus/*.jsonl.gz | jq -r .id | sort |
	shuf -n "$1" --random-source=<(yes "$2") 2> /dev/null ||
    zcat "$shared"/corpus/*.jsonl.gz | jq -r .id | sort |
	awk -v n="$1" -v s="$2" 'BEGIN { srand (s) } { print rand () "\t" $0 }' |
	sort | head -n "$1" | cut -f2
}

# One article's title and opening (160 characters), from the corpus.
opening () {
    jq -r --arg id "$1" 'select(.id == $id) |
	"\(.title) | \(.content | gsub("\\s+"; " ") | .[:160])"' "$tmp/all.jsonl"
}

case ${1:-} in
sheet)
    n=${2:-50} seed=${3:-21}
    index
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-related.XXXXXX"); trap 'rm -rf "$tmp"' EXIT
    zcat "$shared"/corpus/*.jsonl.gz > "$tmp/all.jsonl"
    echo "# $(date -u +%Y-%m-%d) related.sh sheet $n $seed, cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "# each block: the article, then its top 3 related; judge each line"
    echo "# RANK<TAB>ID<TAB>same|not after reading the two"
    ids "$n" "$seed" | while read -r id; do
	echo "== $id: $(opening "$id")"
	cari-query --db "$db" --json -n 3 --related "$id" | jq -r '.hits[].id' |
	while read -r r; do
	    echo "   $r: $(opening "$r")"
	done
    done
    ;;
score)
    # Lines "ARTICLE<TAB>RANK<TAB>RELATED<TAB>same|not".
    awk -F'\t' '$4 == "same" { s++ } $4 == "same" || $4 == "not" { n++ }
	$4 == "same" && $2 == 1 { s1++ } ($4 == "same" || $4 == "not") && $2 == 1 { n1++ }
	END { printf "%d/%d same subject (%.0f%%); at rank 1: %d/%d\n",
		     s, n, n ? 100 * s / n : 0, s1, n1 }' "$2"
    ;;
latency)
    n=${2:-200} seed=${3:-21}
    index
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-related.XXXXXX")
    zcat "$shared"/corpus/*.jsonl.gz > "$tmp/all.jsonl"
    ids "$n" "$seed" > "$tmp/ids"
    # cari-serve on a loopback port: the time of each answer as it says it
    # (took_ms: the search and its JSON, without the process's start).
    cari-serve --db "$db" --listen 127.0.0.1:0 --threads 2 --quiet 2> "$tmp/log" &
    spid=$!
    trap 'kill $spid 2> /dev/null; rm -rf "$tmp"' EXIT
    for _ in $(seq 1 100); do
	port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/log")
	[ -n "$port" ] && break
	sleep 0.1
    done
    [ -n "$port" ] || { echo "related.sh: cari-serve did not start" >&2; exit 1; }
    url=http://127.0.0.1:$port
    # Each id: its related articles, then a search of its title, one after
    # the other, so that both meet the same load (10 hits with snippets, as
    # the page asks; every id and title once, so nothing from the cache).
    while read -r id; do
	title=$(jq -r --arg id "$id" 'select(.id == $id) | .title' "$tmp/all.jsonl")
	r=$(curl -s -G "$url/api/related" --data-urlencode "id=$id" | jq -r .took_ms)
	q=-
	[ -n "$title" ] &&
	    q=$(curl -s -G "$url/api/search" --data-urlencode "q=$title" | jq -r '.took_ms // "-"')
	echo "$r $q"
    done < "$tmp/ids" > "$tmp/times"
    pct () {
	grep -v -- '^-$' | sort -n | awk -v what="$1" '{ v[NR] = $1 }
	    END { printf "%s %.2f %.2f %d\n", what, v[int(NR * 0.5 + 0.5)],
			 v[int(NR * 0.95 + 0.5)], NR }'
    }
    { cut -d' ' -f1 "$tmp/times" | pct related
      cut -d' ' -f2 "$tmp/times" | pct title; } > "$tmp/sum"
    awk '{ p50[$1] = $2; p95[$1] = $3; runs[$1] = $4 }
	END { printf "--related ID:          p50 %.2f ms, p95 %.2f ms (%d ids)\n", p50["related"], p95["related"], runs["related"]
	      printf "its title as a query:  p50 %.2f ms, p95 %.2f ms (%d titles)\n", p50["title"], p95["title"], runs["title"]
	      printf "ratio related/title:   p50 %.2f, p95 %.2f\n", p50["related"] / p50["title"], p95["related"] / p95["title"] }' "$tmp/sum"
    ;;
*)
    echo "usage: bench/related.sh sheet [N [SEED]] | score FILE | latency [N [SEED]]" >&2
    exit 2
    ;;
esac
