#!/bin/sh
# t-stem.sh - cari-stem on arguments, standard input and bad input
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

run cari-stem "Buku-buku" "ditemukan"
expect_status "cari-stem with arguments succeeds" 0
expect_eq "reduplication: two words, folded and stemmed" "$out" "$(printf '1\t0-4\tBuku\tbuku\tbuku\n2\t5-9\tbuku\tbuku\tbuku\n3\t10-19\tditemukan\tditemukan\ttemu')"

run sh -c 'printf "Banjir di BEKASI\n" | cari-stem'
expect_eq "standard input is read when there are no arguments" \
    "$(printf '%s\n' "$out" | cut -f4 | tr '\n' ' ')" "banjir di bekasi "

run sh -c 'printf "ab\377\000cd\n" | cari-stem'
expect_status "invalid UTF-8 and NUL on stdin: no crash" 0
expect_eq "invalid UTF-8 and NUL separate words" \
    "$(printf '%s\n' "$out" | cut -f4 | tr '\n' ' ')" "ab cd "

run cari-stem --help
expect_status "--help exits 0" 0
expect_match "--help shows usage" "$out" "^Usage: cari-stem"

run cari-stem --bogus
expect_status "an unknown option exits 2" 2
expect_match "an unknown option is named" "$err" "option '--bogus'"

# --eval: accuracy and misses; Snowball alone does worse on these.
printf 'meningkatkan\ttingkat\nmenangkap\ttangkap\nberita\tberita\nbermain\tmain\tcount\nrumah\tmobil\n' > "$TMP/pairs.tsv"
run cari-stem --eval "$TMP/pairs.tsv"
expect_status "--eval exits 0" 0
expect_match "--eval prints the accuracy" "$out" "pairs.tsv: 4 of 5 right \(80.0%\)"
expect_match "--eval lists the misses" "$out" "^miss	rumah	mobil	rumah$"
printf '\357\273\277meningkatkan\ttingkat\n' > "$TMP/bom.tsv"
run cari-stem --eval "$TMP/bom.tsv"
expect_match "--eval: a byte order mark is not part of the first word" "$out" "bom.tsv: 1 of 1 right"
run cari-stem --eval "$TMP"
expect_match "--eval of a directory: exit 1, named" "$status $err" "^1 .*cannot read '.*': Is a directory"
run cari-stem --snowball --eval "$TMP/pairs.tsv"
expect_match "--snowball: Snowball alone misses restored consonants and over-stems berita" "$out" "pairs.tsv: 1 of 5 right"
run cari-stem --eval "$TMP/nope.tsv"
expect_status "--eval of a missing file exits 1" 1

# --explain shows the steps.
run cari-stem --explain meningkatkan
expect_match "--explain: Snowball's stem" "$out" "Snowball alone: ingkat"
expect_match "--explain: the lexicon candidate" "$out" "candidate tingkat: meN- root -kan"
expect_match "--explain: the choice" "$out" "stem: tingkat"

run sh -c 'printf "Banjir rendam Bekasi.\n" | cari-stem --count'
expect_match "--count: words and speed" "$out" "^3 words, 22 bytes in .* M words/s"

# Without the lexicon: a warning that says what to install; Snowball stems.
run env CARI_LEXICON="$TMP/none.dic" cari-stem meningkatkan
expect_match "a missing lexicon is named, with the package to install" "$err" "none.dic.*hunspell-id"
expect_eq "without the lexicon Snowball stems alone" "$(printf '%s' "$out" | cut -f5)" "ingkat"
# A lexicon that is not one (a directory, an empty file, a program) is
# named as such too, not used silently.
: > "$TMP/empty.dic"
for l in "$TMP|cannot be read" "$TMP/empty.dic|is empty" "$top_builddir/cari-stem|is not a hunspell .dic file"; do
    run env CARI_LEXICON="${l%%|*}" cari-stem meningkatkan
    expect_match "CARI_LEXICON=$(basename "${l%%|*}"): ${l#*|}" "$err" "lexicon '.*' ${l#*|}.*hunspell-id"
done

done_testing
