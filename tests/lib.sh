# lib.sh - TAP helpers for the shell tests (sourced)
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
PATH="$top_builddir:$PATH"
export PATH
SAMPLE="$top_srcdir/corpus/sample/sample.jsonl"

tap_n=0
tap_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cari-test.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT
unset CARI_DB NO_COLOR
# Log lines without the time in front, whatever stderr is (a test of the
# times sets it again: tests/e2e/t-timestamps.sh).
CARI_TIMESTAMPS=never
export CARI_TIMESTAMPS

# pass NAME / fail NAME [DETAIL]
pass () { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
fail () {
    tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1))
    echo "not ok $tap_n - $1"
    [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/#   /'
    return 0
}

# hit_ids DB QUERY...: the ids of the hits (50 at most), sorted,
# space-separated.
hit_ids () {
    db=$1; shift
    cari-query --db "$db" --json -n 50 "$@" | jq -r '[.hits[].id] | sort | join(" ")'
}

# index_fixture DB FILE: index the test's articles into DB, or bail out:
# every test after it would fail for the same reason.
index_fixture () {
    cari-index -q --db "$1" "$2" ||
	{ echo "Bail out! cannot index the test articles of $2"; exit 1; }
}

# check NAME COMMAND...: passes when COMMAND succeeds.
check () {
    name=$1; shift
    if "$@"; then pass "$name"; else fail "$name"; fi
}

# run CMD...: runs a command, keeping its stdout, stderr and exit status in
# $out, $err and $status.
run () {
    "$@" > "$TMP/out" 2> "$TMP/err"
    status=$?
    out=$(cat "$TMP/out")
    err=$(cat "$TMP/err")
}

# expect_status NAME N: the last run exited with status N.
expect_status () {
    if [ "$status" -eq "$2" ]; then pass "$1"
    else fail "$1" "exit status $status, want $2; stderr: $err"; fi
}

# expect_match NAME TEXT PATTERN: grep -E PATTERN matches TEXT.
expect_match () {
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then pass "$1"
    else fail "$1" "no match for /$3/ in: $2"; fi
}

# expect_no_match NAME TEXT PATTERN
expect_no_match () {
    if printf '%s\n' "$2" | grep -Eq -- "$3"; then fail "$1" "unwanted /$3/ in: $2"
    else pass "$1"; fi
}

# expect_eq NAME GOT WANT
expect_eq () {
    if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "got '$2', want '$3'"; fi
}

done_testing () {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}

# start_server LOG ARGS...: cari-serve on a free port; sets SPID and URL.
start_server () {
    log=$1; shift
    cari-serve --listen 127.0.0.1:0 --threads 2 "$@" 2> "$log" &
    SPID=$!
    for _ in $(seq 1 100); do
        port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$log")
        [ -n "$port" ] && break
        sleep 0.05
    done
    URL="http://127.0.0.1:$port"
    [ -n "$port" ]
}
stop_server () { kill -TERM "$SPID" 2> /dev/null; wait "$SPID"; }
