#!/bin/sh
# t-replicas.sh - cari-publish: an index copied to two read replicas while a
# cari-serve on each answers a loop of requests: every request 200 across
# nightly runs and compactions, the new articles found after each publish
# without a restart, what did not change linked and not copied; a copy cut
# short, or of an index written meanwhile, leaves the replica serving the
# old index; a replica HOST:DIR over ssh, a host down; bad arguments
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

if ! command -v rsync > /dev/null 2>&1; then
    echo "1..0 # SKIP rsync is not installed (apt-get install rsync; .ci/packages)"
    exit 0
fi
REAL_RSYNC=$(command -v rsync)
DB="$TMP/db"
R1="$TMP/r1"
R2="$TMP/r2"
S1= S2= L1= L2=
trap 'kill $S1 $S2 $L1 $L2 2> /dev/null; rm -rf "$TMP"' EXIT

# new_article N WORD: sample's article N as a new one (its own id, title and
# WORD, which no other article holds) in $TMP/WORD.jsonl.
new_article () {
    sed -n "${1}p" "$SAMPLE" |
	jq -c --arg w "$2" '.id = "baru-" + $w | .title = "Berita " + $w |
			     .content = .content + " " + $w' > "$TMP/$2.jsonl"
}
# total URL WORD: the articles cari-serve at URL finds for WORD.
total () { curl -sf --max-time 10 "$1/api/search?q=$2" | jq -r .total; }
# pubs R: the copies replica R holds.
pubs () { (cd "$1" && ls -d pub-* | tr '\n' ' '); }

head -n 30 "$SAMPLE" > "$TMP/first.jsonl"
index_fixture "$DB" "$TMP/first.jsonl"

run cari-publish "$DB" "$R1" "$R2"
expect_status "a first publish to two new replicas: exit 0" 0
expect_match "says what it published to each" "$out" \
    "^cari-publish: $R1: published pub-000001 \(gen-[0-9]{6}\): [0-9]+ bytes copied"
expect_match "... to the second too" "$out" "^cari-publish: $R2: published pub-000001 "
expect_eq "the replica's stub names the copy's generation" \
    "$(cat "$R1/XAPIANDB")" "$(sed 's|^glass |glass pub-000001/|' "$DB/XAPIANDB")"
expect_eq "a search of the replica finds what the index does" \
    "$(hit_ids "$R2" pemerintah)" "$(hit_ids "$DB" pemerintah)"
expect_eq "the copy is an index too (cari-query opens it)" \
    "$(hit_ids "$R1/pub-000001" pemerintah)" "$(hit_ids "$DB" pemerintah)"

start_server "$TMP/s1.log" --db "$R1" --quiet --cache 0 || fail "cari-serve on replica 1 starts"
S1=$SPID U1=$URL
start_server "$TMP/s2.log" --db "$R2" --quiet || fail "cari-serve on replica 2 starts"
S2=$SPID U2=$URL

# Requests all along: each answer's HTTP status, one a line (000: none).
loop () {
    while [ ! -e "$TMP/stop" ]; do
	curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 \
	     "$1/api/search?q=pemerintah&size=3" >> "$2"
    done
}
loop "$U1" "$TMP/codes1" & L1=$!
loop "$U2" "$TMP/codes2" & L2=$!

# Runs less than a second apart: rsync's quick check, by whole seconds,
# once linked the tables a run rewrote in place (same size) from the copy
# before, and the replica missed the run's article (cari-publish's
# --modify-window=-1).
n=1
for word in replikasatu replikadua replikatiga; do
    n=$((n + 1))
    new_article $((n + 30)) "$word"
    expect_eq "$word: not found before" "$(total "$U1" "$word")" 0
    cari-index -q --db "$DB" "$TMP/$word.jsonl"
    run cari-publish -q "$DB" "$R1" "$R2"
    expect_status "$word: a nightly run published: exit 0" 0
    expect_eq "$word: found on replica 1 after, no restart" "$(total "$U1" "$word")" 1
    expect_eq "$word: found on replica 2 after, no restart" "$(total "$U2" "$word")" 1
done
delta=$(sed -n '2s/^glass //p' "$DB/XAPIANDB")
check "the nightly runs wrote a delta" test -n "$delta"
gen=$(sed -n '1s/^glass //p' "$DB/XAPIANDB")
expect_eq "the generation, which the runs did not change, is linked, not copied" \
    "$(stat -c %i "$R1/pub-000003/$gen/postlist.glass")" \
    "$(stat -c %i "$R1/pub-000004/$gen/postlist.glass")"
expect_eq "the replica keeps the copy it replaced and no older" \
    "$(pubs "$R1")" "pub-000003 pub-000004 "

cari-index -q --db "$DB" --compact
new_article 36 replikaempat
cari-index -q --db "$DB" "$TMP/replikaempat.jsonl"
cari-index -q --db "$DB" --compact
run cari-publish "$DB" "$R1" "$R2"
expect_status "a compaction published: exit 0" 0
expect_eq "after a compaction: the new generation in the replica's stub" \
    "$(cat "$R2/XAPIANDB")" "$(sed 's|^glass |glass pub-000005/|' "$DB/XAPIANDB")"
expect_eq "after a compaction: found on replica 1" "$(total "$U1" replikaempat)" 1
expect_eq "after a compaction: every article on replica 2" \
    "$(curl -sf "$U2/api/search?q=pemerintah&size=50" | jq '[.hits[].id] | sort | join(" ")')" \
    "$(cari-query --db "$DB" --json -n 50 pemerintah | jq '[.hits[].id] | sort | join(" ")')"

# A copy cut short (the link drops): rsync copies some files and fails.
mkdir "$TMP/cut" "$TMP/busy"
cat > "$TMP/cut/rsync" <<EOF
#!/bin/sh
case " \$* " in
    *" --stats "*) "$REAL_RSYNC" --exclude=postlist.glass "\$@"; exit 20 ;;
esac
exec "$REAL_RSYNC" "\$@"
EOF
chmod +x "$TMP/cut/rsync"
new_article 35 replikalima
cari-index -q --db "$DB" "$TMP/replikalima.jsonl"
before=$(cat "$R1/XAPIANDB")
PATH="$TMP/cut:$PATH" run cari-publish "$DB" "$R1"
expect_status "a copy cut short: exit 3" 3
expect_match "a copy cut short: says the replica serves the index it had" "$err" \
    "^cari-publish: $R1: the copy failed: .*; the replica serves the index it had: run cari-publish again"
expect_eq "a copy cut short: the replica's stub as it was" "$(cat "$R1/XAPIANDB")" "$before"
expect_eq "a copy cut short: the replica answers as before" "$(total "$U1" replikalima)" 0
expect_eq "a copy cut short: and finds what it found" "$(total "$U1" replikaempat)" 1
run cari-publish "$DB" "$R1"
expect_status "the publish after a cut one: exit 0" 0
expect_eq "the publish after a cut one: found" "$(total "$U1" replikalima)" 1
expect_eq "the publish after a cut one: two copies kept, the cut one replaced" \
    "$(pubs "$R1")" "pub-000005 pub-000006 "

# cari-publish killed (SIGKILL, it and its rsync) in the middle of a copy:
# the copy has begun, the stub is the old one.
mkdir "$TMP/slow"
cat > "$TMP/slow/rsync" <<EOF
#!/bin/sh
case " \$* " in
    *" --stats "*) "$REAL_RSYNC" --exclude=termlist.glass "\$@"
	: > "$TMP/slow/copying"; sleep 30 ;;
esac
exec "$REAL_RSYNC" "\$@"
EOF
chmod +x "$TMP/slow/rsync"
new_article 32 replikakilat
cari-index -q --db "$DB" "$TMP/replikakilat.jsonl"
before=$(cat "$R1/XAPIANDB")
# (Its work directory in $TMP: a killed cari-publish cannot remove it.)
PATH="$TMP/slow:$PATH" TMPDIR="$TMP" setsid cari-publish -q "$DB" "$R1" > /dev/null 2>&1 &
KP=$!
for _ in $(seq 1 100); do
    [ -e "$TMP/slow/copying" ] && break
    sleep 0.1
done
# setsid made it the leader of a group of its own: the group is its id.
kill -9 "-$KP" 2> /dev/null
wait "$KP" 2> /dev/null
check "killed in the middle: the copy had begun" test -e "$TMP/slow/copying"
expect_eq "killed in the middle: the replica's stub as it was" "$(cat "$R1/XAPIANDB")" "$before"
expect_eq "killed in the middle: the replica answers as before" "$(total "$U1" replikakilat)" 0
run cari-publish "$DB" "$R1"
expect_status "the publish after a killed one: exit 0" 0
expect_eq "the publish after a killed one: found" "$(total "$U1" replikakilat)" 1

# The index written during the copy (a cari-index run): copied again.
cat > "$TMP/busy/rsync" <<EOF
#!/bin/sh
case " \$* " in
    *" --stats "*) "$REAL_RSYNC" "\$@"; rc=\$?
	if [ ! -e "$TMP/busy/once" ]; then
	    : > "$TMP/busy/once"
	    cari-index -q --db "$DB" "$TMP/replikaenam.jsonl"
	fi
	exit \$rc ;;
esac
exec "$REAL_RSYNC" "\$@"
EOF
chmod +x "$TMP/busy/rsync"
new_article 34 replikaenam
PATH="$TMP/busy:$PATH" run cari-publish "$DB" "$R2"
expect_status "written during the copy: exit 0" 0
expect_match "written during the copy: copied again" "$out" \
    "^cari-publish: $R2: '$DB' was written during the copy; copying again"
expect_eq "written during the copy: the run's article is on the replica" \
    "$(total "$U2" replikaenam)" 1
rm -f "$TMP/busy/once"
new_article 33 replikatujuh
cp "$TMP/replikatujuh.jsonl" "$TMP/replikaenam.jsonl"
PATH="$TMP/busy:$PATH" run cari-publish --tries=1 "$DB" "$R2"
expect_status "written during every copy: exit 3" 3
expect_match "written during every copy: says to run it after cari-index" "$err" \
    "^cari-publish: $R2: '$DB' was written during the copy \(1 tries; a cari-index run\?\); the replica serves the index it had: run cari-publish after cari-index ends"
expect_eq "written during every copy: the replica as it was" \
    "$(total "$U2" replikatujuh)" 0

touch "$TMP/stop"
wait $L1 $L2
L1= L2=
for i in 1 2; do
    n=$(wc -l < "$TMP/codes$i")
    bad=$(grep -vc '^200$' "$TMP/codes$i")
    check "replica $i: requests ran all along ($n)" test "$n" -ge 10
    expect_eq "replica $i: every request answered 200 across the publishes" "$bad" 0
done

# A replica on another host, HOST:DIR over ssh (rsync's remote shell): here
# an "ssh" that runs the command on this host, and one whose host is down.
cat > "$TMP/ssh-here" <<'EOS'
#!/bin/sh
shift
exec sh -c "$*"
EOS
cat > "$TMP/ssh-down" <<'EOS'
#!/bin/sh
echo "ssh: connect to host $1 port 22: Connection refused" >&2
exit 255
EOS
chmod +x "$TMP/ssh-here" "$TMP/ssh-down"
RSYNC_RSH=$TMP/ssh-here run cari-publish "$DB" "localhost:$TMP/r3"
expect_status "HOST:DIR: exit 0" 0
expect_eq "HOST:DIR: the replica's stub names its copy" \
    "$(cat "$TMP/r3/XAPIANDB")" "$(sed 's|^glass |glass pub-000001/|' "$DB/XAPIANDB")"
expect_eq "HOST:DIR: a search of it finds what the index does" \
    "$(hit_ids "$TMP/r3" pemerintah)" "$(hit_ids "$DB" pemerintah)"
before=$(cat "$R1/XAPIANDB")
RSYNC_RSH=$TMP/ssh-down run cari-publish "$DB" search9:/var/lib/cari/index "$R1"
expect_status "a host down: exit 3" 3
expect_match "a host down: says what ssh said and what to do" "$err" \
    "^cari-publish: search9:/var/lib/cari/index: cannot read the replica: ssh: connect to host search9 port 22: Connection refused; nothing was changed there: check that the host is up"
check "a host down: the other replica still published" \
    test "$(cat "$R1/XAPIANDB")" != "$before"

# Bad arguments.
run cari-publish "$DB"
expect_status "no replica: usage error 2" 2
expect_match "no replica: says what to give" "$err" "give the index and at least one replica"
run cari-publish "$TMP/nothing" "$R1"
expect_status "an index that is not there: exit 4" 4
expect_match "an index that is not there: names it" "$err" \
    "cannot publish '$TMP/nothing': it holds no cari index \(no $TMP/nothing/XAPIANDB\); give the directory cari-index --db writes"
index_fixture "$TMP/other" "$TMP/first.jsonl"
run cari-publish "$DB" "$TMP/other"
expect_status "a replica that is another index: exit 3" 3
expect_match "a replica that is another index: says so" "$err" \
    "$TMP/other: holds an index that cari-publish did not write .*nothing was changed"
check "a replica that is another index: left as it was" test ! -e "$TMP/other/pub-000001"
run cari-publish --tries=x "$DB" "$R1"
expect_status "--tries=x: usage error 2" 2
run cari-publish --version
expect_match "--version: its name" "$out" "^cari-publish \(cari\) "

stop_server
kill -TERM "$S1" 2> /dev/null
wait "$S1"
S1= S2=
# Under --enable-sanitizers a report goes to the server's stderr.
expect_eq "no sanitizer report from either cari-serve" \
    "$(grep -h -e 'Sanitizer' -e 'runtime error' "$TMP/s1.log" "$TMP/s2.log")" ""
done_testing
