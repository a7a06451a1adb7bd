#!/bin/sh
# replicas-cost.sh - what publishing an index to a read replica costs, two
# ways, interleaved (A B A B ...) on copies of one index:
#   A  Xapian's replication: cari-index with XAPIAN_MAX_CHANGESETS=10,
#      xapian-replicate-server on the writer's index directory,
#      xapian-replicate -o of each database its stub names into the replica
#      (one replica directory a database, as Xapian requires), then the
#      replica's stub written anew when the names changed;
#   B  copying: cari-publish (rsync, hard links for the files a run did not
#      change, the stub renamed over).
# Steps: the first copy, a nightly run of 1% new articles, a second one
# (the delta grows), a publish with nothing new, a third run that A sends
# as a full copy of the delta (as to a replica more than
# XAPIAN_MAX_CHANGESETS behind), a compaction (a new generation).  Each
# step: the bytes sent to the replica (A: counted by a TCP relay between
# client and server; B: rsync's bytes sent), the wall time of the publish,
# and what a cari-serve on the replica answered meanwhile (a loop of
# requests: failed ones, and whether the run's articles are found after).
# Usage: bench/replicas-cost.sh [SHARED_DIR [ROUNDS [BASE_INDEX]]]
#   (from a built tree; BASE_INDEX as in bench/replicas.sh; needs
#    xapian-tools, rsync, jq, curl, python3)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${1:-$top/../shared}
rounds=${2:-3}
base=${3:-/tmp/replicas-idx}
PATH="$top:$PATH"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cari-replicas-cost.XXXXXX")
srv= relay= spid= loop=
cleanup () {
    set +e      # a kill of a process gone would end the trap, status 2
    touch "$tmp/stop"
    for p in $srv $relay $spid $loop; do kill "$p"; done 2> /dev/null
    wait
    rm -rf "$tmp"
}
trap cleanup EXIT

zcat "$shared"/corpus/*.jsonl.gz |
    awk -v b="$tmp/base.jsonl" -v n="$tmp/night.jsonl" \
	'NR % 100 == 0 { print > n; next } { print > b }'
sed 's/"id": *"/"id": "n2-/' "$tmp/night.jsonl" > "$tmp/night2.jsonl"
sed 's/"id": *"/"id": "n3-/' "$tmp/night.jsonl" > "$tmp/night3.jsonl"
if [ ! -f "$base/XAPIANDB" ]; then
    echo "## building $base from $(wc -l < "$tmp/base.jsonl") articles"
    cari-index -q --db "$base" "$tmp/base.jsonl"
fi
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -m), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); cari at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown); $(xapian-replicate --version); $(rsync --version | head -1)"

# A relay that counts the bytes the server sends: listens on the port it
# prints, forwards to the port given, adds each connection's bytes to the
# file given when it closes.
cat > "$tmp/relay.py" <<'EOF'
import socket, sys, threading
up, out = int(sys.argv[1]), sys.argv[2]
lock, total = threading.Lock(), [0]
def pump(a, b, count):
    n = 0
    while True:
        d = a.recv(65536)
        if not d:
            break
        b.sendall(d)
        n += len(d)
    try: b.shutdown(socket.SHUT_WR)
    except OSError: pass
    if count:
        with lock:
            total[0] += n
            open(out, "w").write("%d\n" % total[0])
def serve(c):
    s = socket.create_connection(("127.0.0.1", up))
    t = threading.Thread(target=pump, args=(c, s, False)); t.start()
    pump(s, c, True); t.join(); c.close(); s.close()
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(8)
print(l.getsockname()[1], flush=True)
while True:
    c, _ = l.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF

free_port () {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
now () { date +%s.%N; }
secs () { echo "$1 $2" | awk '{ printf "%.2f", $2 - $1 }'; }

# serve R: a cari-serve on replica R, and a loop of requests counting the
# answers that are not 200 into $tmp/codes.
serve () {
    rm -f "$tmp/stop" "$tmp/codes"
    : > "$tmp/slog"     # there before the server's shell opens it
    cari-serve --db "$1" --listen 127.0.0.1:0 --quiet --cache 0 --threads 2 2> "$tmp/slog" &
    spid=$!
    for _ in $(seq 1 100); do
	port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$tmp/slog")
	[ -n "$port" ] && break
	sleep 0.1
    done
    url=http://127.0.0.1:$port
    (while [ ! -e "$tmp/stop" ]; do
	 curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 "$url/api/search?q=pemerintah&size=3"
     done > "$tmp/codes") &
    loop=$!
}
unserve () {
    touch "$tmp/stop"
    wait $loop
    kill -TERM $spid
    wait $spid || true
    spid= loop=
}
# found WORDS: the total cari-serve answers (no grouping of copies).
found () { curl -sf "$url/api/search?q=$1&collapse=0" | jq -r .total; }
# report WAY STEP BYTES SECONDS: one line of the table.
report () {
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" | tee -a "$tmp/table"
}

# A: xapian-replicate of each database the writer's stub names.
force=
replicate_all () {
    sed -n 's/^glass //p' "$tmp/wa/XAPIANDB" > "$tmp/names"
    while read -r name; do
	f=
	case $name in *.delta) f=$force ;; esac
	xapian-replicate -q -o $f -h 127.0.0.1 -p "$rport" -m "$name" "$tmp/ra/$name" ||
	    echo "xapian-replicate of $name failed"
    done < "$tmp/names"
    # The replica's stub: the replicated databases (each a directory
    # holding its own stub); renamed over only when it changes.
    sed 's/^/auto /' "$tmp/names" > "$tmp/ra/XAPIANDB.new"
    if cmp -s "$tmp/ra/XAPIANDB.new" "$tmp/ra/XAPIANDB"; then
	rm "$tmp/ra/XAPIANDB.new"
    else
	mv "$tmp/ra/XAPIANDB.new" "$tmp/ra/XAPIANDB"
    fi
    # Databases the stub no longer names (a compaction's old generation).
    for d in "$tmp"/ra/gen-*; do
	grep -qx "${d##*/}" "$tmp/names" || rm -rf "$d"
    done
}
a_step () {
    b0=$(cat "$tmp/sent" 2> /dev/null || echo 0)
    t0=$(now)
    replicate_all
    t1=$(now)
    b1=$(cat "$tmp/sent" 2> /dev/null || echo 0)
    report A "$1" $((b1 - b0)) "$(secs "$t0" "$t1")"
}
way_a () {
    rm -rf "$tmp/wa" "$tmp/ra" "$tmp/sent"
    cp -a "$base" "$tmp/wa"
    mkdir "$tmp/ra"
    sport=$(free_port)
    # Its own process group: on SIGTERM Xapian's servers kill their whole
    # group (net/tcpserver.cc, killpg (0, SIGTERM)), this script too.
    setsid xapian-replicate-server -p "$sport" "$tmp/wa" > "$tmp/srv.log" 2>&1 &
    srv=$!
    python3 "$tmp/relay.py" "$sport" "$tmp/sent" > "$tmp/rport" &
    relay=$!
    sleep 0.5
    rport=$(cat "$tmp/rport")
    a_step "first copy"
    serve "$tmp/ra"
    XAPIAN_MAX_CHANGESETS=10 cari-index -q --db "$tmp/wa" "$tmp/night.jsonl"
    a_step "nightly 1%"
    XAPIAN_MAX_CHANGESETS=10 cari-index -q --db "$tmp/wa" "$tmp/night2.jsonl"
    a_step "second nightly 1%"
    a_step "nothing new"
    echo "A: after the second nightly run: $(found pemerintah) (the writer: $(cari-query --db "$tmp/wa" --json -n 1 pemerintah | jq .total))"
    # A replica more than XAPIAN_MAX_CHANGESETS behind gets a full copy
    # into the same replica directory (here -f of the delta: the same):
    # Xapian switches the replica's own stub to its other copy, which
    # Database::reopen does not read again (docs/replication.rst, "Calling
    # reopen").
    XAPIAN_MAX_CHANGESETS=10 cari-index -q --db "$tmp/wa" "$tmp/night3.jsonl"
    force=-f
    a_step "third nightly"
    force=
    echo "A: after a full copy of the delta into its replica: cari-serve $(found pemerintah), a new open $(cari-query --db "$tmp/ra" --json -n 1 pemerintah | jq .total) (the writer: $(cari-query --db "$tmp/wa" --json -n 1 pemerintah | jq .total))"
    XAPIAN_MAX_CHANGESETS=10 cari-index -q --db "$tmp/wa" --compact
    a_step "compaction"
    echo "A: after the compaction: $(found pemerintah) (the writer: $(cari-query --db "$tmp/wa" --json -n 1 pemerintah | jq .total))"
    unserve
    echo "A: requests during the updates: $(wc -l < "$tmp/codes"), not 200: $(grep -vc '^200$' "$tmp/codes" || true)"
    echo "A: changesets kept on the writer: $(find "$tmp/wa" -name 'changes*' -printf '%s\n' | awk '{ s += $1; n++ } END { printf "%d files, %.1f MB", n, s / 1e6 }')"
    kill $srv $relay
    wait $srv $relay 2> /dev/null || true
    srv= relay=
}

b_step () {
    t0=$(now)
    cari-publish "$tmp/wb" "$tmp/rb" > "$tmp/pub"
    t1=$(now)
    report B "$1" "$(sed -n 's/.* \([0-9]*\) bytes sent.*/\1/p' "$tmp/pub")" "$(secs "$t0" "$t1")"
}
way_b () {
    rm -rf "$tmp/wb" "$tmp/rb"
    cp -a "$base" "$tmp/wb"
    b_step "first copy"
    serve "$tmp/rb"
    cari-index -q --db "$tmp/wb" "$tmp/night.jsonl"
    b_step "nightly 1%"
    cari-index -q --db "$tmp/wb" "$tmp/night2.jsonl"
    b_step "second nightly 1%"
    b_step "nothing new"
    echo "B: after the second nightly run: $(found pemerintah) (the writer: $(cari-query --db "$tmp/wb" --json -n 1 pemerintah | jq .total))"
    cari-index -q --db "$tmp/wb" "$tmp/night3.jsonl"
    b_step "third nightly"
    echo "B: after the third nightly run: cari-serve $(found pemerintah), a new open $(cari-query --db "$tmp/rb" --json -n 1 pemerintah | jq .total) (the writer: $(cari-query --db "$tmp/wb" --json -n 1 pemerintah | jq .total))"
    cari-index -q --db "$tmp/wb" --compact
    b_step "compaction"
    echo "B: after the compaction: $(found pemerintah) (the writer: $(cari-query --db "$tmp/wb" --json -n 1 pemerintah | jq .total))"
    unserve
    echo "B: requests during the updates: $(wc -l < "$tmp/codes"), not 200: $(grep -vc '^200$' "$tmp/codes" || true)"
}

for r in $(seq 1 "$rounds"); do
    echo "## round $r"
    way_a
    way_b
done
echo "## medians over $rounds rounds (bytes sent to the replica, seconds)"
for way in A B; do
    for step in "first copy" "nightly 1%" "second nightly 1%" "nothing new" \
		"third nightly" compaction; do
	col () {
	    awk -F'\t' -v w="$way" -v s="$step" -v c="$1" \
		'$1 == w && $2 == s { print $c }' "$tmp/table" | sort -n |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
	}
	printf '%s  %-18s %8.2f MB  %6.2f s\n' "$way" "$step" \
	    "$(col 3 | awk '{ print $1 / 1e6 }')" "$(col 4)"
    done
done
