#!/bin/sh
# summary.sh - one line counting every test case of the last make check:
#   N passed, N failed, N skipped
# Usage: summary.sh DIR...  (the directories holding the .trs files, or
# their parents)
cat $(for d in "$@"; do ls "$d"/*.trs "$d"/*/*.trs 2>/dev/null; done) /dev/null |
awk '/^:test-result: (PASS|XFAIL)/ { p++ }
     /^:test-result: (FAIL|XPASS|ERROR)/ { f++ }
     /^:test-result: SKIP/ { s++ }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
