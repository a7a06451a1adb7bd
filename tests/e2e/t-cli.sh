#!/bin/sh
# t-cli.sh - the command-line conventions every program keeps (GNU's):
# --version, --help on stdout with status 0, and a usage error that prints
# the error and one line pointing at --help, not the whole help.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

version=$(sed -n 's/^AC_INIT(\[cari\], \[\([^]]*\)\].*/\1/p' \
	  "$top_srcdir/configure.ac")
for prog in cari-index cari-query cari-serve cari-stem cari-publish; do
    run "$prog" --version
    expect_status "$prog --version: status 0" 0
    expect_eq "$prog --version: its name and configure's version" \
	"$(printf '%s\n' "$out" | head -n 1)" "$prog (cari) $version"

    run "$prog" --help
    expect_status "$prog --help: status 0" 0
    expect_match "$prog --help: usage on stdout" "$out" "^Usage: $prog"
    expect_match "$prog --help: lists --version" "$out" "--version"

    run "$prog" --no-such-option
    expect_status "$prog --no-such-option: usage error 2" 2
    expect_eq "$prog --no-such-option: nothing on stdout" "$out" ""
    expect_eq "$prog --no-such-option: two lines on stderr" \
	"$(printf '%s\n' "$err" | wc -l | tr -d ' ')" 2
    expect_match "$prog --no-such-option: names the option" "$err" \
	"no-such-option"
    expect_match "$prog --no-such-option: points at --help" "$err" \
	"^Try '$prog --help' for more information\.\$"
done

# A bad value names the option and what it wants, then points at --help.
run cari-index --batch 0 corpus/sample/sample.jsonl
expect_status "cari-index --batch 0: usage error 2" 2
expect_match "cari-index --batch 0: what --batch wants" "$err" \
    "--batch wants a whole number"
expect_match "cari-index --batch 0: points at --help" "$err" \
    "Try 'cari-index --help'"
expect_no_match "cari-index --batch 0: not the whole help" "$err" "Usage:"

done_testing
