#!/bin/sh
# t-man.sh - every long option that a program's --help prints is in its
# manual page (read at run time, so options added later are checked too)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

for prog in cari-index cari-query cari-stem cari-serve; do
    page="$top_srcdir/doc/$prog.1"
    if [ ! -f "$page" ]; then
	fail "$prog: manual page doc/$prog.1 exists"
	continue
    fi
    pass "$prog: manual page doc/$prog.1 exists"
    # The page as text: roff's \- is a -.
    text=$(sed 's/\\-/-/g' "$page")
    opts=$("$prog" --help | grep -o -- '--[a-z][a-z-]*' | sort -u)
    if [ -z "$opts" ]; then
	fail "$prog: --help prints long options"
	continue
    fi
    for opt in $opts; do
	if printf '%s\n' "$text" | grep -q -- "$opt\([^a-z-]\|\$\)"; then
	    pass "$prog: $opt of --help is in the manual page"
	else
	    fail "$prog: $opt of --help is in the manual page" \
		"doc/$prog.1 does not mention $opt; describe it there"
	fi
    done
    # And the page names no option the program does not know.
    for opt in $(printf '%s\n' "$text" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	if printf '%s\n' "$opts" | grep -qx -- "$opt"; then :; else
	    fail "$prog: $opt of the manual page is in --help" \
		"doc/$prog.1 mentions $opt, which --help does not print"
	fi
    done
done

done_testing
