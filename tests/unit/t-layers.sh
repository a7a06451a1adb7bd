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

done_testing
