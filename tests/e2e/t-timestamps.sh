#!/bin/sh
# t-timestamps.sh - --timestamps and $CARI_TIMESTAMPS: every log line of
# cari-index and cari-serve can start with the local time (ISO 8601 with
# its offset), on by default when stderr is not a terminal
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
unset CARI_TIMESTAMPS

STAMP='20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9][+-][0-9][0-9]:[0-9][0-9]'
printf '%s\n' '{"id": "x", "content": ' > "$TMP/bad.jsonl"

# Every line of stderr and stdout starts with a time (or none does).
all_stamped () { [ -n "$1" ] && ! printf '%s\n' "$1" | grep -Ev "^$STAMP " | grep -q .; }
none_stamped () { [ -n "$1" ] && ! printf '%s\n' "$1" | grep -Eq "^$STAMP"; }

# Default (auto): stderr is a file here, so lines are stamped.
run cari-index --db "$TMP/db" "$SAMPLE" "$TMP/bad.jsonl" "$TMP/missing.jsonl"
check "auto, stderr a file: every stderr line has the time" all_stamped "$err"
check "auto: the summary on stdout has it too" all_stamped "$out"
expect_match "auto: the time, then the message as ever" "$err" \
    "^$STAMP .*bad\.jsonl:1: "
run cari-index --db "$TMP/db" --timestamps=never "$TMP/bad.jsonl"
check "--timestamps=never: no times on stderr" none_stamped "$err"
check "--timestamps=never: no times on stdout" none_stamped "$out"
CARI_TIMESTAMPS=never run cari-index --db "$TMP/db" "$TMP/bad.jsonl"
check "CARI_TIMESTAMPS=never: no times" none_stamped "$err"
CARI_TIMESTAMPS=never run cari-index --db "$TMP/db" --timestamps "$TMP/bad.jsonl"
check "--timestamps wins over CARI_TIMESTAMPS" all_stamped "$err"
run cari-index --db "$TMP/db" --timestamps=sometimes "$SAMPLE"
expect_status "--timestamps=sometimes: usage error" 2
expect_match "--timestamps=sometimes: says what it wants" "$err" \
    "--timestamps wants auto, always or never, not 'sometimes'"

# The offset is the local one, in the extended form.
TZ=Asia/Jakarta run cari-index --db "$TMP/db" --timestamps=always "$TMP/bad.jsonl"
expect_match "TZ=Asia/Jakarta: +07:00" "$err" "^20[0-9-]+T[0-9:]+\+07:00 "
before=$(TZ=UTC0 date +%Y-%m-%dT%H)
TZ=UTC0 run cari-index --db "$TMP/db" --timestamps=always "$TMP/bad.jsonl"
after=$(TZ=UTC0 date +%Y-%m-%dT%H)
expect_match "TZ=UTC0: +00:00" "$err" "^20[0-9-]+T[0-9:]+\+00:00 "
expect_match "the time is now" "$err" "^($before|$after)"

# --stats and --takedowns print data, not log lines.
run cari-index --db "$TMP/db" --timestamps --stats
check "--stats: its output has no times" none_stamped "$out"

# Under a terminal, auto is off.
if command -v script > /dev/null 2>&1; then
    script -qec "cari-index --db '$TMP/db' '$TMP/bad.jsonl'" /dev/null \
	> "$TMP/tty" 2>&1
    check "auto, a terminal: no times" none_stamped "$(tr -d '\r' < "$TMP/tty")"
    script -qec "cari-index --db '$TMP/db' '$SAMPLE' 2> '$TMP/tty-err'" /dev/null \
	> "$TMP/tty"
    check "auto, the summary on a terminal, stderr a file: no time on it" \
	none_stamped "$(tr -d '\r' < "$TMP/tty")"
else
    echo "# skip: no script(1) to give cari-index a terminal"
fi

# The journal (JOURNAL_STREAM names stderr) has times of its own.
: > "$TMP/journal"
JOURNAL_STREAM=$(stat -c %d:%i "$TMP/journal") \
    cari-index --db "$TMP/db" "$TMP/bad.jsonl" 2>> "$TMP/journal" > /dev/null
check "auto, the journal: no times" none_stamped "$(cat "$TMP/journal")"

# Lines of many threads stay whole: the progress lines and the messages of
# a parallel build.
run cari-index --db "$TMP/par" --jobs 4 --timestamps "$SAMPLE" "$TMP/bad.jsonl"
check "a parallel build: every line has one time" all_stamped "$err"
expect_no_match "a parallel build: no time in the middle of a line" "$err" \
    ".$STAMP"

# cari-serve: its start, its access log and its stop.
start_server "$TMP/serve.log" --db "$TMP/db" || fail "cari-serve starts"
curl -s "$URL/api/search?q=banjir" > /dev/null
stop_server
log=$(cat "$TMP/serve.log")
check "cari-serve, auto: every line has the time" all_stamped "$log"
expect_match "cari-serve: the access log line after the time" "$log" \
    "^$STAMP 127\.0\.0\.1 \"GET /api/search\?q=banjir\" 200 [0-9]+ [0-9.]+ms$"
start_server "$TMP/serve2.log" --db "$TMP/db" --timestamps=never ||
    fail "cari-serve --timestamps=never starts"
curl -s "$URL/api/search?q=banjir" > /dev/null
stop_server
check "cari-serve --timestamps=never: no times" none_stamped "$(cat "$TMP/serve2.log")"

done_testing
