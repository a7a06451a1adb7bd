#!/bin/sh
# oldspelling-damage.sh - what each old-spelling rule (stemmer/oldspelling.c)
# does to the vocabulary of ../shared/corpus and of ../shared/stem's sets:
# for each rule, the distinct words (and their tokens) holding its letters;
# those the lexicon knows (today's words the rule alone would change
# wrongly; the analyzer keeps them); those the analyzer changes; of these,
# those whose new form the lexicon knows, and those whose new form is
# another word of the corpus (the two merge in the index); then the most
# frequent words changed, for a person to read.
# Usage: bench/oldspelling-damage.sh [SHARED_DIR]   (from a built tree)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
PATH="$top:$PATH"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-old.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "# $(date -u +%Y-%m-%d) cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)"
zcat "$shared"/corpus/*.jsonl.gz | jq -r '.title, .content' |
    tr -cs 'A-Za-z' '\n' | tr 'A-Z' 'a-z' | sort | uniq -c |
    awk '{ print $1, $2 }' > "$tmp/vocab"
cut -f1 "$shared"/stem/*.tsv | tr 'A-Z' 'a-z' | sort -u |
    awk '{ print 1, $1 }' > "$tmp/stemsets"
for set in vocab stemsets; do
    echo "## $set: rule, words (tokens): with its letters / the lexicon knows / changed / changed to a known word / changed to another word of the set"
    grep -E 'oe|dj|tj|sj|ch|nj' "$tmp/$set" | cari-stem --old-spelling > "$tmp/$set.rules"
    awk '{ print $2 }' "$tmp/$set" > "$tmp/$set.words"
    awk -v words="$tmp/$set.words" '
	BEGIN { while ((getline w < words) > 0) have[w] = 1 }
	{ r = $1; n[r]++; t[r] += $7
	  if ($4) { k[r]++; kt[r] += $7 }
	  if ($6) { c[r]++; ct[r] += $7
		    if ($5) { ck[r]++; ckt[r] += $7 }
		    if ($3 in have) { cm[r]++; cmt[r] += $7 } } }
	END { for (r in n)
		printf "  %-6s %6d (%8d) / %6d (%8d) / %6d (%7d) / %5d (%7d) / %5d (%7d)\n",
		    r, n[r], t[r], k[r], kt[r], c[r], ct[r], ck[r], ckt[r],
		    cm[r], cmt[r] }' "$tmp/$set.rules" | sort
done
echo "## the 12 most frequent words each rule changes in the corpus (word -> new form, tokens, * = the new form is another word of the corpus)"
awk -v words="$tmp/vocab.words" '
    BEGIN { while ((getline w < words) > 0) have[w] = 1 }
    $6 { print $1, $7, $2, $3, ($3 in have) ? "*" : "" }' "$tmp/vocab.rules" |
    sort -k1,1 -k2,2nr | awk '{ if (++seen[$1] <= 12) printf "  %-6s %s -> %s %s %s\n", $1, $3, $4, $2, $5 }'
echo "## stemmed words of ../shared/stem the folding changes"
cut -f1 "$shared"/stem/*.tsv | tr 'A-Z' 'a-z' | sort -u > "$tmp/stemwords"
CARI_OLD_SPELLING=off cari-stem < "$tmp/stemwords" | cut -f4 > "$tmp/off"
cari-stem < "$tmp/stemwords" | cut -f4 > "$tmp/on"
paste "$tmp/off" "$tmp/on" | awk '$1 != $2' | sed 's/^/  /' | head -20
