#!/bin/sh
# t-serve-browser.sh - cari-serve's search page in a real browser: Debian's
# chromium, driven headless by playwright-core (tests/serve-browser.cjs).
# Skipped when node, chromium or playwright-core is missing; .ci/run
# installs them (playwright-core with npm ci in the build tree's serve/).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
skip () { echo "1..0 # SKIP $1"; exit 0; }
command -v node > /dev/null || skip "node is not installed (apt-get install nodejs npm)"
[ -x "$CHROMIUM" ] || skip "no chromium at $CHROMIUM (apt-get install chromium)"
dirs="$top_builddir/serve $top_srcdir/serve"
node -e 'require.resolve("playwright-core", { paths: process.argv.slice(1) })' $dirs 2> /dev/null ||
    skip "playwright-core is not installed (cd $top_builddir/serve && npm ci, as .ci/run does)"
export CHROMIUM

DB="$TMP/db"
cari-index -q --db "$DB" "$SAMPLE" "$top_srcdir/tests/serve-articles.jsonl" \
    "$top_srcdir/tests/serve-wire.jsonl" ||
    { echo "Bail out! cannot index the sample"; exit 1; }
start_server "$TMP/log" --db "$DB" --quiet ||
    { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }

shot="$top_builddir/tests/serve-browser.png"
rm -f "$shot"
timeout 120 node "$top_srcdir/tests/serve-browser.cjs" "$URL" "$shot" $dirs \
    > "$TMP/results" 2> "$TMP/node-err"
nstatus=$?
stop_server

while IFS= read -r line; do
    case $line in
    PASS\ *) pass "${line#PASS }" ;;
    FAIL\ *) rest=${line#FAIL }; fail "${rest%%	*}" "${rest#*	}" ;;
    esac
done < "$TMP/results"
[ "$nstatus" -eq 0 ] || fail "node exited with status $nstatus" "$(tail -5 "$TMP/node-err")"
check "a screenshot saved as tests/serve-browser.png" test -s "$shot"

done_testing
