#!/bin/sh
# t-layers.sh - the layers hold in the sources: the programs include the
# public header and the CLI layer only, only the library includes the
# binding, and the library includes no program (see doc/DESIGN.md)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

cd "$top_srcdir" || exit 1

# The quoted includes of the files named, as FILE:HEADER lines.
includes () {
    grep -H '^#include "' "$@" | sed 's/:#include "\([^"]*\)".*/:\1/'
}

programs="indexer/*.c query/*.c serve/*.c serve/*.h stemmer/cari-stem.c"
bad=$(includes $programs | grep -v ':include/cari\.h$' |
      grep -v ':cli/[a-z]*\.h$' | grep -v '^serve/[a-z]*\.[ch]:serve/')
if [ -z "$bad" ]; then
    pass "programs include include/cari.h, cli/ and their own headers only"
else
    fail "programs include include/cari.h, cli/ and their own headers only" "$bad"
fi

bad=$(includes cli/*.c cli/*.h | grep -v ':include/cari\.h$' |
      grep -v ':cli/[a-z]*\.h$')
if [ -z "$bad" ]; then
    pass "cli/ includes include/cari.h and cli/ only"
else
    fail "cli/ includes include/cari.h and cli/ only" "$bad"
fi

bad=$(includes $(ls */*.c */*.h */*.cc | grep -v '^lib/\|^xapian-c/\|^tests/') |
      grep ':xapian-c/xapian-c\.h$')
if [ -z "$bad" ]; then
    pass "only lib/ (and the binding's own test) includes xapian-c.h"
else
    fail "only lib/ (and the binding's own test) includes xapian-c.h" "$bad"
fi

bad=$(includes lib/*.c lib/*.h include/*.h corpus/*.c corpus/*.h \
	  stemmer/*.c stemmer/*.h | grep -v '^stemmer/cari-stem\.c:' |
      grep ':\(indexer\|query\|serve\|cli\)/')
if [ -z "$bad" ]; then
    pass "the library includes no program and not the CLI layer"
else
    fail "the library includes no program and not the CLI layer" "$bad"
fi

# The library says, it does not print (issue 18, doc/DESIGN.md "The error
# convention"): no message of its own on stderr or stdout, in lib/, the
# readers of corpus/ or the analyzer of stemmer/ (code only, comments
# aside).  Writing to a FILE * the caller gives (the analyzer's
# explanations, the query's terms) is not printing; lib/stats.c prints
# the --stats output it is asked for and is the one file left out.
lib_code=$(ls lib/*.c lib/*.h corpus/*.c corpus/*.h stemmer/*.c stemmer/*.h |
	   grep -v '^lib/stats\.c$\|^stemmer/cari-stem\.c$')
bad=$(for f in $lib_code; do
	  sed -e 's|/\*.*\*/||' -e '/\/\*/,/\*\//d' -e 's|"[^"]*"|""|g' "$f" |
	  grep -n '\<std\(err\|out\)\>\|\(^\|[^a-z_]\)v\{0,1\}printf *(\|\<puts *(\|\<perror *(\|\<putchar *(\|\<warnx\{0,1\} *(\|\<errx\{0,1\} *(' |
	  sed "s|^|$f:|"
      done)
if [ -z "$bad" ]; then
    pass "the library prints nothing on stderr or stdout (lib/stats.c aside)"
else
    fail "the library prints nothing on stderr or stdout (lib/stats.c aside)" "$bad"
fi

# The binding is a pure binding (issue 18): none of cari's policy in its
# code (comments aside): not the stub file of the index layout
# (lib/layout.c), not the stem term's prefix rules (lib/schema.c), not the
# query language's words (lib/querylang.c), not the library's names.
code () {
    sed -e 's|/\*.*\*/||' -e '/\/\*/,/\*\//d' -e 's|//.*||' "$@"
}
for f in xapian-c/*.cc xapian-c/binding.h; do
    bad=$(code "$f" | grep -n "XAPIANDB\|gen-\|'Z'\|\"NEAR\|\"ADJ\|\"AND\"\|isupper\|cari_\|_cari")
    if [ -z "$bad" ]; then
	pass "$f: no stub file, stem prefix or query word of cari's"
    else
	fail "$f: no stub file, stem prefix or query word of cari's" "$bad"
    fi
done

done_testing
