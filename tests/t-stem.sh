#!/bin/sh
# t-stem.sh - cari-stem on arguments, standard input and bad input
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"

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
expect_match "an unknown option is named" "$err" "unknown option '--bogus'"

done_testing
