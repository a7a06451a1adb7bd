#!/bin/sh
# run.sh - run libFuzzer harnesses, each for a while from its seeds, and
# fail on any crash, leak, sanitizer report or broken promise (make
# check-fuzz)
#
# Usage: fuzz/run.sh SRCDIR SECONDS HARNESS...
# Each HARNESS (fuzz/fuzz-NAME) starts from SRCDIR/fuzz/corpus/NAME, with
# SRCDIR/fuzz/NAME.dict when there is one; what it finds is kept in
# fuzz/work/NAME (inputs that add coverage; a failing one is written to
# fuzz/work/NAME-crash-*, -leak-*, -timeout-* or -oom-*),
# its output in fuzz/NAME.log.  Extra libFuzzer options in $FUZZ_OPTIONS.
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.

srcdir=$1 seconds=$2
shift 2
# Leaks of the system's libraries that are not cari's (see the file).
LSAN_OPTIONS=suppressions=$srcdir/fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
export LSAN_OPTIONS
failed=0
for h in "$@"; do
    name=${h##*/fuzz-}
    work=fuzz/work/$name
    mkdir -p "$work" || exit 1
    dict=
    [ -f "$srcdir/fuzz/$name.dict" ] && dict=-dict=$srcdir/fuzz/$name.dict
    # shellcheck disable=SC2086
    "$h" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$work-" $dict $FUZZ_OPTIONS \
	"$work" "$srcdir/fuzz/corpus/$name" > "fuzz/$name.log" 2>&1
    st=$?
    done_line=$(sed -n 's/^#[0-9]*[[:space:]]*DONE *//p' "fuzz/$name.log" |
	tail -n 1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/$name.log")
    if [ $st -eq 0 ]; then
	echo "check-fuzz: $name: ok: $runs runs in ${seconds} s; $done_line"
    else
	failed=1
	echo "check-fuzz: $name: FAILED (exit $st); the end of fuzz/$name.log:"
	tail -n 40 "fuzz/$name.log"
	ls "$work"-crash-* "$work"-leak-* "$work"-timeout-* "$work"-oom-* \
	    2>/dev/null | sed 's/^/check-fuzz: reproduce with: '"$(echo "$h" |
	    sed 's/[\/&]/\\&/g')"' /'
    fi
done
exit $failed
