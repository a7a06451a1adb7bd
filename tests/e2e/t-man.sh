#!/bin/sh
# t-man.sh - every long option that a program's --help prints is in its
# manual page (read at run time, so options added later are checked too)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

for prog in cari-index cari-query cari-stem cari-serve cari-publish; do
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
    for section in EXAMPLES "SEE ALSO"; do
	if grep -q "^\.SH $section\$" "$page"; then
	    pass "$prog: the manual page has $section"
	else
	    fail "$prog: the manual page has $section" \
		"doc/$prog.1 has no .SH $section section; add one"
	fi
    done
    for other in cari-index cari-query cari-serve cari-stem; do
	[ "$other" = "$prog" ] && continue
	if sed -n '/^\.SH SEE ALSO/,$p' "$page" | grep -q "^\.BR $other (1)"; then
	    pass "$prog: SEE ALSO names $other"
	else
	    fail "$prog: SEE ALSO names $other" "add .BR $other (1) to doc/$prog.1"
	fi
    done
    # The synopsis of the page shows every form the synopsis of --help does.
    synopsis=$("$prog" --help | awk 'NR == 1 || /^ / { print; next } { exit }')
    for form in $(printf '%s\n' "$synopsis" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	if sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p' "$page" |
	   sed 's/\\-/-/g' | grep -q -- "$form\([^a-z-]\|\$\)"; then
	    pass "$prog: $form of --help's synopsis is in the page's"
	else
	    fail "$prog: $form of --help's synopsis is in the page's" \
		"add the form with $form to SYNOPSIS in doc/$prog.1"
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
