#!/bin/sh
# run.sh - `make check-long`: the long crash test and the fault suite, one
# after the other, each's TAP into LOGDIR/NAME.log; prints each log and a
# line a test (passed, failed, seconds), and exits 1 when any check failed.
# CARI_FAULT_SEED=N repeats kill.sh's random points.
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
export top_srcdir top_builddir
logdir=${1:-tests}
status=0
summary=
for t in tests/e2e/long-crash.sh tests/fault/kill.sh tests/fault/disk-full.sh \
	 tests/fault/load.sh; do
    name=$(basename "$t" .sh)
    log="$logdir/$name.log"
    t0=$(date +%s)
    sh "$top_srcdir/$t" > "$log" 2>&1
    st=$?
    secs=$(($(date +%s) - t0))
    cat "$log"
    ok=$(grep -c '^ok' "$log")
    bad=$(grep -c '^not ok' "$log")
    skip=$(grep '^1\.\.0 # SKIP' "$log")
    if [ "$st" -ne 0 ] || [ "$bad" -ne 0 ] || ! grep -q '^1\.\.[0-9]' "$log"
    then status=1; fi
    summary="$summary
$name: $ok passed, $bad failed, exit $st, $secs s${skip:+ ($skip)}"
done
echo "check-long:$summary"
exit $status
