#!/bin/sh
# replicas.sh - two read replicas under load while the writer publishes: a
# cari-serve on each of two replica directories (two search hosts), wrk with
# 32 connections on each (/api/search, 1,000 title queries of
# ../shared/corpus, no answer cache), and meanwhile a nightly run of 1% new
# articles, a compaction and a second nightly run, each published to both
# with cari-publish.  Counts the failed requests of each (non-2xx answers
# and socket errors: the target is 0) and checks that both serve the
# writer's articles after.
# Usage: bench/replicas.sh [SHARED_DIR [SECONDS [BASE_INDEX]]]
#   (from a built tree; BASE_INDEX, default /tmp/replicas-idx, is built from
#    99% of the corpus when it is not there, and copied, never written;
#    needs wrk, jq, curl, rsync)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
secs=${2:-40}
base=${3:-/tmp/replicas-idx}
PATH="$top:$PATH"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-replicas-bench.XXXXXX")
s1= s2= w1= w2=
# set +e: a kill of a process gone would end the trap, and make the status 2.
trap 'set +e; kill $s1 $s2 $w1 $w2 2>/dev/null; wait; rm -rf "$tmp"' EXIT

# The corpus split: every 100th article is the nightly run's 1%; the second
# night is those again under new ids (a run of as many new articles).
zcat "$shared"/corpus/*.jsonl.gz |
    awk -v b="$tmp/base.jsonl" -v n="$tmp/night.jsonl" \
	'NR % 100 == 0 { print > n; next } { print > b }'
sed 's/"id": *"/"id": "n2-/' "$tmp/night.jsonl" > "$tmp/night2.jsonl"
if [ ! -f "$base/XAPIANDB" ]; then
    echo "## building $base from $(wc -l < "$tmp/base.jsonl") articles"
    cari-index -q --db "$base" "$tmp/base.jsonl"
fi
cp -a "$base" "$tmp/writer"
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown); $(cari-index --db "$tmp/writer" --stats | sed -n 's/^articles: /articles /p'), $(du -sm "$tmp/writer" | cut -f1) MB"

zcat "$shared"/corpus/*.jsonl.gz | jq -r '.title // empty' |
    tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' ' ' |
    awk 'BEGIN { srand(42) } { t[NR] = $0 }
	 END { for (k = 0; k < 1000; k++) {
		   n = split(t[int(rand() * NR) + 1], w, " ")
		   if (n == 0) { k--; continue }
		   len = int(rand() * 3) + 1; s = int(rand() * n) + 1
		   q = w[s]; for (j = s + 1; j < s + len && j <= n; j++) q = q " " w[j]
		   print q } }' |
    jq -Rr '"/api/search?q=" + @uri' > "$tmp/paths"

cari-publish "$tmp/writer" "$tmp/r1" "$tmp/r2"

# url_of LOG: the URL cari-serve printed in LOG.
url_of () {
    for _ in $(seq 1 100); do
	port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$1")
	[ -n "$port" ] && break
	sleep 0.1
    done
    echo "http://127.0.0.1:$port"
}
: > "$tmp/s1.log"        # there before the servers' shells open them
: > "$tmp/s2.log"
cari-serve --db "$tmp/r1" --listen 127.0.0.1:0 --quiet --cache 0 2> "$tmp/s1.log" &
s1=$!
cari-serve --db "$tmp/r2" --listen 127.0.0.1:0 --quiet --cache 0 2> "$tmp/s2.log" &
s2=$!
u1=$(url_of "$tmp/s1.log")
u2=$(url_of "$tmp/s2.log")

WRK_PATHS=$tmp/paths wrk -t2 -c32 -d"${secs}s" --timeout 10s \
    -s "$top/bench/serve-load.lua" "$u1" > "$tmp/wrk1" 2>&1 & w1=$!
WRK_PATHS=$tmp/paths wrk -t2 -c32 -d"${secs}s" --timeout 10s \
    -s "$top/bench/serve-load.lua" "$u2" > "$tmp/wrk2" 2>&1 & w2=$!

step () {
    t0=$(date +%s.%N)
    "$@"
    echo "  ($* : $(echo "$t0 $(date +%s.%N)" | awk '{ printf "%.2f", $2 - $1 }') s)"
}
sleep $((secs / 8))
echo "## a nightly run of $(wc -l < "$tmp/night.jsonl") new articles (1%), then published"
step cari-index -q --db "$tmp/writer" "$tmp/night.jsonl"
step cari-publish "$tmp/writer" "$tmp/r1" "$tmp/r2"
sleep $((secs / 8))
echo "## a compaction, then published"
step cari-index -q --db "$tmp/writer" --compact
step cari-publish "$tmp/writer" "$tmp/r1" "$tmp/r2"
sleep $((secs / 8))
echo "## a second nightly run of $(wc -l < "$tmp/night2.jsonl") new articles, then published"
step cari-index -q --db "$tmp/writer" "$tmp/night2.jsonl"
step cari-publish "$tmp/writer" "$tmp/r1" "$tmp/r2"
wait $w1 $w2
w1= w2=

echo "## wrk, 32 connections on each replica, ${secs} s across the three publishes"
failed=0
for i in 1 2; do
    line=$(grep '^requests ' "$tmp/wrk$i" || { cat "$tmp/wrk$i"; echo "wrk failed"; })
    echo "replica $i: $line"
    n=$(echo "$line" | sed -n 's/.*socket errors \([0-9]*\) .*non-2xx \([0-9]*\)$/\1 \2/p')
    set -- $n
    failed=$((failed + ${1:-1} + ${2:-1}))
done
stale=0
# collapse=0: the API groups wire copies by default, cari-query does not.
want=$(cari-query --db "$tmp/writer" --json -n 5 pemerintah | jq -c '[.total, [.hits[].id]]')
for u in "$u1" "$u2"; do
    got=$(curl -sf "$u/api/search?q=pemerintah&size=5&collapse=0" | jq -c '[.total, [.hits[].id]]')
    [ "$got" = "$want" ] || { echo "$u serves $got, the writer $want"; stale=$((stale + 1)); }
done
kill -TERM $s1 $s2
wait $s1 $s2 || true
s1= s2=
# Under --enable-sanitizers a report goes to the server's stderr.
reports=$(cat "$tmp/s1.log" "$tmp/s2.log" | grep -c -e Sanitizer -e 'runtime error' || true)
echo "sanitizer reports of the two cari-serve: $reports"
echo "failed requests (non-2xx and socket errors, both replicas): $failed; replicas not serving the writer's last index: $stale"
[ "$failed" -eq 0 ] && [ "$stale" -eq 0 ] && [ "$reports" -eq 0 ]
