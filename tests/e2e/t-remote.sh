#!/bin/sh
# t-remote.sh - remote shards: "remote HOST:PORT" stub lines served by
# xapian-tcpsrv on loopback, searched with local ones (issue 22)
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
. "$(dirname "$0")/../lib.sh"

if ! command -v xapian-tcpsrv > /dev/null || ! command -v python3 > /dev/null
then
    echo "1..0 # SKIP xapian-tcpsrv or python3 not installed (xapian-tools)"
    exit 0
fi

# Every server this test starts is killed on the way out.
PIDS=
cleanup () {
    for p in $PIDS; do
	kill -CONT "$p" 2> /dev/null
	kill -TERM "$p" 2> /dev/null
    done
    rm -rf "$TMP"
}
trap cleanup EXIT

# A free loopback port, at run time.
free_port () {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# tcpsrv DIR: xapian-tcpsrv serving the index DIR on a free port; sets PORT
# and TPID (the server, which forks a child for each connection).  In a
# session of its own: on SIGTERM xapian-tcpsrv signals its whole process
# group (killpg), which would end make and this test too.
tcpsrv () {
    for _ in 1 2 3; do
	PORT=$(free_port)
	setsid xapian-tcpsrv --interface 127.0.0.1 --port "$PORT" "$1" \
	    > "$TMP/tcpsrv-$PORT.log" 2>&1 &
	TPID=$!
	PIDS="$PIDS $TPID"
	for _ in $(seq 1 50); do
	    grep -q Listening "$TMP/tcpsrv-$PORT.log" && return 0
	    kill -0 "$TPID" 2> /dev/null || break
	    sleep 0.05
	done
    done
    echo "Bail out! xapian-tcpsrv did not start"; exit 1
}

# The sample's articles in three shards, each its own cari index.
split -n l/3 -d "$SAMPLE" "$TMP/part"
for i in 0 1 2; do
    index_fixture "$TMP/s$i" "$TMP/part0$i"
done
gen=$(sed -n 's/^glass //p' "$TMP/s0/XAPIANDB")
for i in 0 1 2; do
    [ "$(sed -n 's/^glass //p' "$TMP/s$i/XAPIANDB")" = "$gen" ] ||
	{ echo "Bail out! the shards have other generations"; exit 1; }
done
tcpsrv "$TMP/s1"; P1=$PORT; T1=$TPID
tcpsrv "$TMP/s2"; P2=$PORT; T2=$TPID
tcpsrv "$TMP/s0"; P0=$PORT

stub () {
    mkdir -p "$TMP/$1"; shift
    printf '%s\n' "$@" > "$TMP/$dir/XAPIANDB"
}
dir=local; stub local "glass ../s0/$gen" "glass ../s1/$gen" "glass ../s2/$gen"
dir=mixed; stub mixed "# shard 2019" "glass ../s0/$gen" "" \
    "remote 127.0.0.1:$P1" "remote 127.0.0.1:$P2"
dir=allremote; stub allremote "remote 127.0.0.1:$P0" "remote 127.0.0.1:$P1" \
    "remote 127.0.0.1:$P2"
dir=two; stub two "glass ../s0/$gen" "glass ../s1/$gen"

# Results equal to the same shards opened locally: ids, order, scores
# and counts, for queries made of the articles' own title words.
q() { timeout 20 cari-query --shard-timeout 3000 "$@"; }
same=0; differ=; hits=0
jq -r '.title' "$SAMPLE" | awk '{ print $1; print $1 " " $2; print $2 " " $3 }' |
    head -20 > "$TMP/queries"
while IFS= read -r query; do
    want=$(q --db "$TMP/local" --json -n 10 "$query" |
	   jq -c '[.total, .total_all, [.hits[] | [.id, .score]]]')
    case $want in *'[["sample-'*) hits=$((hits + 1)) ;; esac
    for d in mixed allremote; do
	got=$(q --db "$TMP/$d" --json -n 10 "$query" |
	      jq -c '[.total, .total_all, [.hits[] | [.id, .score]]]')
	if [ "$got" = "$want" ]; then same=$((same + 1))
	else differ="$differ$d '$query': $got != $want
"; fi
    done
done < "$TMP/queries"
expect_eq "remote and mixed shards rank as the local ones (40 runs)" \
    "$same$differ" 40
check "... and the queries found articles ($hits of 20)" [ "$hits" -ge 16 ]
want=$(q --db "$TMP/local" -n 5 "$(sed -n 1p "$TMP/queries")" | sed 1d)
got=$(q --db "$TMP/mixed" -n 5 "$(sed -n 1p "$TMP/queries")" | sed 1d)
expect_eq "the text output is the same too" "$got" "$want"
want=$(q --db "$TMP/local" --json --collapse -n 10 jakarta |
       jq -c '[.total, [.hits[] | [.id, .score, .copies]]]')
got=$(q --db "$TMP/mixed" --json --collapse -n 10 jakarta |
      jq -c '[.total, [.hits[] | [.id, .score, .copies]]]')
expect_eq "collapsing copies works over remote shards" "$got" "$want"
want=$(q --db "$TMP/local" --json --sort date -n 10 jakarta | jq -c '[.hits[].id]')
got=$(q --db "$TMP/mixed" --json --sort date -n 10 jakarta | jq -c '[.hits[].id]')
expect_eq "newest first over remote shards" "$got" "$want"

# Phrases (and hyphenated words, which Xapian parses as phrases) are
# checked on the hits the shards send back: the same as local ones, for
# phrases of title words that hold and of words that are not adjacent.
jq -r '.title' "$SAMPLE" | awk '{ print "\"" $2 " " $3 "\""; print "\"" $1 " " $3 "\" " $4 }' |
    head -16 > "$TMP/phrases"
same=0; differ=; found=0
while IFS= read -r query; do
    want=$(q --db "$TMP/local" --json -n 10 "$query" |
	   jq -c '[.total, .total_exact, .total_all, [.hits[] | [.id, .score]]]')
    case $want in *'[["sample-'*) found=$((found + 1)) ;; esac
    for d in mixed allremote; do
	got=$(q --db "$TMP/$d" --json -n 10 "$query" |
	      jq -c '[.total, .total_exact, .total_all, [.hits[] | [.id, .score]]]')
	if [ "$got" = "$want" ]; then same=$((same + 1))
	else differ="$differ$d '$query': $got != $want
"; fi
    done
done < "$TMP/phrases"
expect_eq "phrases over remote shards as over local ones (32 runs)" \
    "$same$differ" 32
check "... some found, some not ($found of 16)" [ "$found" -ge 5 -a "$found" -lt 16 ]

# What Xapian's servers cannot run: a clear refusal naming the shards.
phrase=$(sed -n 1p "$TMP/phrases")
run q --db "$TMP/mixed" --collapse "$phrase"
expect_status "a phrase with remote shards and --collapse fails" 2
expect_match "... saying why, naming the shards" "$err" \
    "phrase search .* not available with remote shards \(127.0.0.1:$P1, 127.0.0.1:$P2\)"
run q --db "$TMP/mixed" --facets jakarta
expect_match "facets are refused with remote shards" "$err" \
    "counting facets is not available with remote shards"
run q --db "$TMP/mixed" --fresh 30 jakarta
expect_match "the fresh ranking is refused with remote shards" "$err" \
    "the fresh ranking is not available with remote shards"
run q --db "$TMP/local" --collapse "$phrase"
expect_status "the same over local shards runs ($phrase)" 0

# "Did you mean" from the local part's spelling data: a typo of a word of
# shard 0's first title is corrected as over the local shards.
word=$(jq -r '.title' "$TMP/part00" | head -1 | awk '{ print tolower($3) }')
typo=$(printf '%s' "$word" | sed 's/\(.\)$/\1\1/')
want=$(q --db "$TMP/local" --json "$typo" | jq -r '.corrected_query // .suggestion')
got=$(q --db "$TMP/mixed" --json "$typo" | jq -r '.corrected_query // .suggestion')
expect_eq "a typo is corrected from the local part ($typo)" "$got" "$want"
expect_eq "... to the word" "$got" "$word"

# A shard nobody listens on: an error naming it, within the timeout.
DOWN=$(free_port)
dir=down; stub down "glass ../s0/$gen" "remote 127.0.0.1:$P1" \
    "remote 127.0.0.1:$DOWN"
run q --db "$TMP/down" jakarta
expect_status "a shard that is down fails the search" 2
expect_match "... naming HOST:PORT and what to do" "$err" \
    "remote shard 127.0.0.1:$DOWN cannot be reached.*xapian-tcpsrv.*--partial"
run q --db "$TMP/down" --partial --json jakarta
expect_status "--partial searches the others" 0
expect_eq "... marked partial, the shard missing" \
    "$(printf '%s' "$out" | jq -c '[.partial, .shards_missing]')" \
    "[true,[\"127.0.0.1:$DOWN\"]]"
expect_eq "... with the hits of the others" \
    "$(printf '%s' "$out" | jq -c '[.hits[] | [.id, .score]]')" \
    "$(q --db "$TMP/two" --json jakarta | jq -c '[.hits[] | [.id, .score]]')"
run q --db "$TMP/down" --partial jakarta
expect_match "the text output says so" "$out" \
    "partial results: 1 remote shard did not answer.*127.0.0.1:$DOWN"
dir=bad; stub bad "glass ../s0/$gen" "remote 127.0.0.1"
run q --db "$TMP/bad" jakarta
expect_match "a remote line without a port is refused, naming the line" \
    "$err" "bad/XAPIANDB:2: a remote shard is written 'remote HOST:PORT'"

# A slow shard: a listener that accepts and never answers.
SLOW=$(free_port)
python3 -c 'import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)' "$SLOW" &
PIDS="$PIDS $!"
python3 -c 'import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1); break
    except OSError:
        time.sleep(0.05)' "$SLOW"
dir=slow; stub slow "glass ../s0/$gen" "remote 127.0.0.1:$SLOW"
start=$(date +%s%N)
run timeout 20 cari-query --db "$TMP/slow" --shard-timeout 300 jakarta
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status "a shard that does not answer fails the search" 2
expect_match "... saying it did not answer within the timeout" "$err" \
    "remote shard 127.0.0.1:$SLOW did not answer within 300 ms"
check "... in about the timeout ($ms ms)" [ "$ms" -lt 2000 ]
run timeout 20 cari-query --db "$TMP/slow" --shard-timeout 300 --partial \
    --json jakarta
expect_eq "--partial answers without it" \
    "$(printf '%s' "$out" | jq -c '[.partial, .shards_missing, (.hits | length > 0)]')" \
    "[true,[\"127.0.0.1:$SLOW\"],true]"

# cari-serve: a shard that stops answering while the server runs.
for mode in fail partial; do
    opt=; [ $mode = partial ] && opt=--partial
    start_server "$TMP/serve-$mode.log" --db "$TMP/mixed" --max-searches 1 \
	--shard-timeout 300 $opt ||
	{ echo "Bail out! cari-serve did not start"; exit 1; }
    PIDS="$PIDS $SPID"
    want=$(curl -s -m 10 "$URL/api/search?q=jakarta" | jq -c '.total')
    got=$(curl -s -m 10 "$URL/api/suggest?q=jak" | jq -c '.completions | length > 0')
    expect_eq "cari-serve ($mode): suggestions with remote shards" "$got" true
    # The server and the children it forked for the connections.
    stopped="$T2 $(ps -o pid= --ppid "$T2" | tr '\n' ' ')"
    # shellcheck disable=SC2086
    kill -STOP $stopped
    start=$(date +%s%N)
    body=$(curl -s -m 10 -w ' %{http_code}' "$URL/api/search?q=jakarta+kota")
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    if [ $mode = fail ]; then
	expect_match "cari-serve: a stopped shard fails the search, naming it" \
	    "$body" "remote shard 127.0.0.1:$P2 did not answer within 300 ms.* 500$"
    else
	expect_eq "cari-serve --partial: the others' results, marked" \
	    "$(printf '%s' "${body% *}" | jq -c '[.partial, .shards_missing]')" \
	    "[true,[\"127.0.0.1:$P2\"]]"
    fi
    check "... within a few timeouts ($ms ms)" [ "$ms" -lt 3000 ]
    # shellcheck disable=SC2086
    kill -CONT $stopped
    sleep 0.1
    got=$(curl -s -m 10 "$URL/api/search?q=jakarta" | jq -c '.total')
    [ $mode = fail ] &&
	expect_eq "cari-serve: the next search has every shard again" "$got" "$want"
    stop_server
done

done_testing
