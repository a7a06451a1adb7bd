#!/bin/sh
# remote-shards.sh - search latency over 3 shards behind xapian-tcpsrv on
# loopback against one local index of the same articles (issue 22).
# ../shared/corpus split by year (2019, 2025, undated: one shard each), the
# 1,000 latency queries of bench/query-latency.sh, top 10 with snippets;
# runs interleaved (one, local shards, remote shards, ...) ROUNDS times.
# Usage: bench/remote-shards.sh [WORK_DIR [SHARED_DIR]]   (from a built tree)
# WORK_DIR keeps the indexes between runs (built when missing).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$top/../shared}
work=${1:-}
rounds=${ROUNDS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-remote.XXXXXX")
PIDS=
trap 'for p in $PIDS; do kill $p 2> /dev/null; done; rm -rf "$tmp"' EXIT
[ -n "$work" ] || work=$tmp/work
mkdir -p "$work"
PATH="$top:$PATH"

echo "# $(date -u +%Y-%m-%d) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown); $rounds rounds"
if [ ! -e "$work/one" ]; then
    echo "## indexing $shared/corpus into one index and into 3 shards by year"
    cari-index -q --db "$work/one" "$shared"/corpus/*.jsonl.gz
    for y in 2019 2025 none; do
	zcat "$shared"/corpus/*.jsonl.gz |
	    jq -c --arg y "$y" 'select(((.date // "") | .[0:4]) as $d |
		if $y == "none" then ($d != "2019" and $d != "2025")
		else $d == $y end)' > "$tmp/$y.jsonl"
	cari-index -q --db "$work/y$y" "$tmp/$y.jsonl"
    done
fi
KEEP_QUERIES=$tmp/queries QUERIES_ONLY=1 \
    sh "$top/bench/query-latency.sh" "$work/one" "$shared" > /dev/null
echo "## $(wc -l < "$tmp/queries") queries of bench/query-latency.sh"

free_port () {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
mkdir -p "$work/local" "$work/remote"
: > "$work/local/XAPIANDB"
: > "$work/remote/XAPIANDB"
for y in 2019 2025 none; do
    gen=$(sed -n '1s/^glass //p' "$work/y$y/XAPIANDB")
    echo "glass ../y$y/$gen" >> "$work/local/XAPIANDB"
    port=$(free_port)
    # Its own session: on SIGTERM xapian-tcpsrv signals its process group.
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$work/y$y" \
	> "$tmp/tcpsrv-$y.log" 2>&1 &
    PIDS="$PIDS $!"
    echo "remote 127.0.0.1:$port" >> "$work/remote/XAPIANDB"
done
for _ in $(seq 1 100); do
    [ "$(cat "$tmp"/tcpsrv-*.log | grep -c Listening)" = 3 ] && break
    sleep 0.1
done
echo "## stubs: local shards $(tr '\n' ';' < "$work/local/XAPIANDB") remote $(tr '\n' ';' < "$work/remote/XAPIANDB")"

# The same hits?  The top 10 of every query, ids and ranks.
cari-query --db "$work/one" --batch "$tmp/queries" -n 10 --run "$tmp/run-one" > /dev/null
for d in local remote; do
    cari-query --db "$work/$d" --batch "$tmp/queries" -n 10 --run "$tmp/run-$d" > /dev/null
    echo "## $d shards: $(cmp -s "$tmp/run-one" "$tmp/run-$d" && echo "the same top 10s as one index" ||
	echo "top 10s differ from one index in $(diff "$tmp/run-one" "$tmp/run-$d" | grep -c '^<') lines of $(wc -l < "$tmp/run-one")")"
done

echo "## cari-query --db DB --batch QUERIES -n 10 (queries, p50, p95, p99, mean)"
for r in $(seq 1 "$rounds"); do
    for d in one local remote; do
	printf '%s\t%s\t%s\n' "$r" "$d" \
	    "$(cari-query --db "$work/$d" --batch "$tmp/queries" -n 10 2>> "$tmp/errors")"
    done
done | tee "$tmp/runs"
[ -s "$tmp/errors" ] && echo "## $(wc -l < "$tmp/errors") queries failed: $(head -1 "$tmp/errors")"
echo "## medians over the rounds, and the ratio to one index"
median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for d in one local remote; do
    grep "	$d	" "$tmp/runs" | grep -o 'p50 [0-9.]*' | cut -d' ' -f2 | median > "$tmp/p50"
    grep "	$d	" "$tmp/runs" | grep -o 'p95 [0-9.]*' | cut -d' ' -f2 | median > "$tmp/p95"
    echo "$d p50 $(cat "$tmp/p50") p95 $(cat "$tmp/p95")"
done | tee "$tmp/medians"
awk '$1 == "one" { p50 = $3; p95 = $5 }
     $1 != "one" { printf "%s / one: p50 x%.2f, p95 x%.2f\n", $1, $3 / p50, $5 / p95 }' "$tmp/medians"
