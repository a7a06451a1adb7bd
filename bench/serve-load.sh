#!/bin/sh
# serve-load.sh - load cari-serve on loopback with wrk: /api/search with a
# mix of 1,000 queries drawn from the titles of ../shared/corpus, then
# /api/suggest with 1,000 partial words, 32 connections each.
# Usage: bench/serve-load.sh [SHARED_DIR [SECONDS [DB]]]
#   (run from a built tree; without DB it indexes the corpus first;
#    needs wrk, jq and curl: apt-get install wrk jq curl)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
secs=${2:-30}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-serve-bench.XXXXXX")
PATH="$top:$PATH"
spid=
trap '[ -n "$spid" ] && kill -TERM $spid 2>/dev/null; wait; rm -rf "$tmp"' EXIT
db=${3:-}
if [ -z "$db" ]; then
    db=$tmp/idx
    echo "## indexing ../shared/corpus"
    cari-index -q --jobs 2 --db "$db" "$shared"/corpus/*.jsonl.gz
fi

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown); $(cari-index --db "$db" --stats 2>/dev/null | grep -m1 -o '[0-9]* articles' || true)"

# 1,000 queries: one to three consecutive words of a title, seeded; and
# 1,000 partial words: the first 2 to 6 letters of a title word, after the
# words before it.
zcat "$shared"/corpus/*.jsonl.gz | jq -r '.title // empty' |
    tr 'A-Z' 'a-z' | tr -c 'a-z0-9\n' ' ' > "$tmp/titles"
awk 'BEGIN { srand(42) }
    { t[NR] = $0 }
    END {
        for (k = 0; k < 1000; k++) {
            n = split(t[int(rand() * NR) + 1], w, " ")
            if (n == 0) { k--; continue }
            len = int(rand() * 3) + 1; s = int(rand() * n) + 1
            q = w[s]; for (j = s + 1; j < s + len && j <= n; j++) q = q " " w[j]
            print q > "/dev/stderr"
            p = w[s]; m = int(rand() * 5) + 2; if (length(p) < m) m = length(p)
            pre = (s > 1 ? w[s - 1] " " : "") substr(p, 1, m)
            print pre
        }
    }' "$tmp/titles" 2> "$tmp/queries" > "$tmp/partials"
jq -Rr '"/api/search?q=" + @uri' < "$tmp/queries" > "$tmp/search-paths"
jq -Rr '"/api/suggest?q=" + @uri' < "$tmp/partials" > "$tmp/suggest-paths"

# start_server ARGS...: sets spid and url.
start_server () {
    cari-serve --db "$db" --listen 127.0.0.1:0 --quiet "$@" 2> "$tmp/log" &
    spid=$!
    for _ in $(seq 1 100); do
        port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/log")
        [ -n "$port" ] && break
        sleep 0.1
    done
    url=http://127.0.0.1:$port
    head -2 "$tmp/log"
}

# Every answer computed (--cache 0), then with the default cache of
# answers: the 1,000 queries fit in it, so after the first round every
# request is a cache hit while the index does not change.
for cache in 0 4096; do
    start_server --cache $cache
    if [ $cache = 0 ]; then
        echo "## sample answers"
        curl -s "$url$(sed -n 1p "$tmp/search-paths")" | jq -c '{query, total, took_ms, first: .hits[0].title}'
        curl -s "$url$(sed -n 1p "$tmp/suggest-paths")" | jq -c '{query, completions: [.completions[].text][:3], titles: (.titles | length)}'
    fi
    for kind in search suggest; do
        echo "## --cache $cache: /api/$kind: 1,000 paths rotating, 32 connections, 2 wrk threads, ${secs} s"
        WRK_PATHS="$tmp/$kind-paths" wrk -t2 -c32 -d"${secs}s" --latency \
            -s "$top/bench/serve-load.lua" "$url" | grep -E '^requests|Non-2xx|Socket errors'
        # wrk leaves its last requests running, up to --search-queue of
        # them: the next run starts once the server answers again and a
        # second more (else its first second is 503s: most of
        # /api/suggest's at 1,000,000 articles, issue 22).
        for _ in $(seq 1 300); do
            curl -sf -o /dev/null "$url$(sed -n 1p "$tmp/suggest-paths")" && break
            sleep 0.1
        done
        sleep 1
    done
    kill -TERM $spid
    wait $spid || true
    spid=
done
