#!/bin/sh
# serve-attack.sh - cari-serve under connection floods (issue 20, item 3):
# slowloris (1,100 connections sending a request head a line every 5 s)
# and idle keep-alive connections (2,000), while a normal client sends a
# search every 0.25 s (bench/serve-attack.py).
# Usage: bench/serve-attack.sh [SECONDS [DB]]
#   CARI_BINS="before=/tmp/old after=." compares builds (directories with
#   cari-index and cari-serve); the default is this tree's, as "this".
#   Without DB it indexes tests/serve-articles.jsonl.  Needs python3.
# Phases, for each build:
#   default     the default settings; attackers on 127.0.0.1, like the
#               normal client
#   over-cap    --max-connections 1000: more attackers than connections
#               allowed, still on 127.0.0.1
#   per-ip      --max-connections 1000 --max-connections-per-ip 100, the
#               attackers spread over 127.0.0.2 and up (250 an address)
# A build without these options (before issue 20) runs "default" only.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20}
bins=${CARI_BINS:-this=$top}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-attack-bench.XXXXXX")
spid=
trap '[ -n "$spid" ] && kill -TERM $spid 2>/dev/null; wait; rm -rf "$tmp"' EXIT
# Two descriptors a connection in the attacker, two in the server.
ulimit -n "$(ulimit -Hn)" 2> /dev/null || true
db=${2:-}
if [ -z "$db" ]; then
    db=$tmp/idx
    first=${bins%% *}
    "${first#*=}"/cari-index -q --db "$db" "$top/tests/serve-articles.jsonl"
fi
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); open-file limit $(ulimit -n); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown); builds: $bins"

for b in $bins; do
    dir=${b#*=}
    for phase in default over-cap per-ip; do
        case $phase in
        default) opts= from=same ;;
        over-cap) opts="--max-connections 1000" from=same ;;
        per-ip) opts="--max-connections 1000 --max-connections-per-ip 100" from=spread ;;
        esac
        if [ -n "$opts" ] && ! "$dir/cari-serve" --help | grep -q -- --max-connections; then
            continue
        fi
        # shellcheck disable=SC2086
        "$dir/cari-serve" --db "$db" --listen 127.0.0.1:0 --quiet $opts \
            2> "$tmp/log" &
        spid=$!
        for _ in $(seq 1 100); do
            port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/log")
            [ -n "$port" ] && break
            sleep 0.1
        done
        for attack in "slowloris 1100" "idle 2000"; do
            # shellcheck disable=SC2086
            printf '%s %s: ' "${b%%=*}" "$phase"
            python3 "$top/bench/serve-attack.py" "http://127.0.0.1:$port/" \
                $attack "$secs" --from $from
        done
        kill -TERM "$spid"
        wait "$spid" || true
        spid=
        echo "  server log: $(grep -c 'waiting for a whole request' "$tmp/log" || true) lines on connections closed at their deadline, $(sed -n 's/.*refused \([0-9]*\) connection.*/\1/p' "$tmp/log" | awk '{ n += $1 } END { print n + 0 }' || true) on connections refused at a limit"
    done
done
