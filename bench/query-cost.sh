#!/bin/sh
# query-cost.sh - what the wildcard attack of issue 20 costs: CPU seconds
# and memory of each attack query in cari-query, then cari-serve's latency
# for normal searches while 6 attacker loops run, on loopback.
# Phases: alone (no attacker), issue (the attacks of the issue: 125 me*,
# a* .. z* five times, 50 me*), capped (8 me*; a* .. h*: as many wildcards
# as a query may hold).
# Usage: bench/query-cost.sh [SHARED_DIR [SECONDS [DB]]]
#   CARI_BINS="before=/tmp/old after=." compares builds (directories with
#   cari-index, cari-query, cari-serve), one after the other for each
#   measurement (the default: this tree's, as "this").  Needs wrk, jq,
#   curl and /usr/bin/time (apt-get install wrk jq curl time).  Every loop
#   stops by itself; the server listens on 127.0.0.1 only.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
secs=${2:-10}
bins=${CARI_BINS:-this=$top}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-cost-bench.XXXXXX")
spid=
trap '[ -n "$spid" ] && kill -TERM $spid 2>/dev/null; wait; rm -rf "$tmp"' EXIT

bin_of () { for b in $bins; do [ "${b%%=*}" = "$1" ] && echo "${b#*=}"; done; return 0; }
first=$(bin_of "${bins%%=*}")
db=${3:-}
if [ -z "$db" ]; then
    db=$tmp/idx
    "$first/cari-index" -q --jobs 2 --db "$db" "$shared"/corpus/*.jsonl.gz
fi
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown); builds: $bins"

# The attack queries of the issue, and 8 me* (as many as a query may hold).
me125=$(awk 'BEGIN { for (i = 0; i < 125; i++) s = s "me* "; print substr(s, 1, 500) }')
az5=$(awk 'BEGIN { for (k = 0; k < 5; k++) for (c = 97; c <= 122; c++) s = s sprintf("%c* ", c); print substr(s, 1, 500) }')
me50=$(awk 'BEGIN { for (i = 0; i < 50; i++) s = s "me* "; print s }')
me8=$(awk 'BEGIN { for (i = 0; i < 8; i++) s = s "me* "; print s }')
ah=$(awk 'BEGIN { for (c = 97; c < 105; c++) s = s sprintf("%c* ", c); print s }')

echo "## cari-query: CPU seconds (user+sys), max RSS, exit status"
for name in me125 az5 me50 me8 ah; do
    eval "q=\$$name"
    for b in $bins; do
        /usr/bin/time -f "%U %S %M" -o "$tmp/time" timeout 300 \
            "${b#*=}/cari-query" --db "$db" -n 10 "$q" > /dev/null 2>&1 &&
            rc=0 || rc=$?
        awk -v n="$name" -v b="${b%%=*}" -v rc="$rc" \
            'NF == 3 { printf "%-6s %-7s %7.2f s CPU %7.1f MB exit %s\n", n, b, $1 + $2, $3 / 1024, rc }' \
            "$tmp/time"
    done
done

# Normal searches: the first two words of every 37th title.
zcat "$shared"/corpus/*.jsonl.gz | jq -r '.title // empty' |
    tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' ' ' |
    awk 'NR % 37 == 0 && NF >= 2 { print $1 " " $2 }' | head -n 1000 |
    jq -Rr '"/api/search?q=" + @uri' > "$tmp/paths"
# The issue's attacks, and the most a query may hold (8 wildcards).
for name in me125 az5 me50; do
    eval "q=\$$name"
    printf '%s' "$q" | jq -sRr '"/api/search?q=" + @uri'
done > "$tmp/attacks.issue"
for q in "$me8" "$ah"; do
    printf '%s' "$q" | jq -sRr '"/api/search?q=" + @uri'
done > "$tmp/attacks.capped"

# attacker N KIND: requests the attack queries of KIND in turn for
# secs + 4 seconds.
attacker () {
    end=$(($(date +%s) + secs + 4))
    while [ "$(date +%s)" -lt "$end" ]; do
        while read -r path; do
            curl -s -o /dev/null -w '%{http_code}\n' --max-time "$((secs + 4))" \
                "$url$path" >> "$tmp/attack.$1" || echo timeout >> "$tmp/attack.$1"
        done < "$tmp/attacks.$2"
    done
}

echo "## cari-serve --cache 0: normal searches, wrk 1 connection, $secs s"
for b in $bins; do
    dir=${b#*=}
    "$dir/cari-serve" --db "$db" --listen 127.0.0.1:0 --quiet --cache 0 \
        2> "$tmp/log" &
    spid=$!
    for _ in $(seq 1 100); do
        port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/log")
        [ -n "$port" ] && break
        sleep 0.1
    done
    url=http://127.0.0.1:$port
    for phase in alone issue capped; do
        rm -f "$tmp"/attack.[0-9]
        apids=
        if [ $phase != alone ]; then
            for n in 1 2 3 4 5 6; do attacker $n $phase & apids="$apids $!"; done
            sleep 2
        fi
        WRK_PATHS=$tmp/paths wrk -t1 -c1 -d"${secs}s" --latency -s \
            "$top/bench/serve-load.lua" "$url" > "$tmp/wrk" 2>&1 || true
        p50=$(awk '$1 == "50%" { print $2 }' "$tmp/wrk")
        p99=$(awk '$1 == "99%" { print $2 }' "$tmp/wrk")
        reqs=$(awk '/requests in/ { print $1 }' "$tmp/wrk")
        # shellcheck disable=SC2086
        [ -n "$apids" ] && wait $apids
        codes=$(cat "$tmp"/attack.[0-9] 2> /dev/null | sort | uniq -c | awk '{ printf "%s %s, ", $1, $2 }')
        rss=$(ps -o rss= -p "$spid" | awk '{ printf "%.0f", $1 / 1024 }')
        echo "${b%%=*} ${phase}: normal p50 $p50 p99 $p99 ($reqs requests); attacks: ${codes:-none, }server RSS ${rss} MB"
    done
    # A search of the old build runs on after its client gave up: stop
    # the server by force if it has not stopped in 15 s.
    kill -TERM "$spid"
    for _ in $(seq 1 150); do kill -0 "$spid" 2> /dev/null || break; sleep 0.1; done
    kill -KILL "$spid" 2> /dev/null || true
    wait "$spid" || true
    spid=
done
