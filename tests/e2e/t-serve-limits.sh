#!/bin/sh
# t-serve-limits.sh - cari-serve's limits on connections and request heads
# (issue 20): the per-address limit, the connection cap's 503, the head
# deadline against slowloris, oversized heads answered by cari with its
# headers.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

command -v curl > /dev/null || { echo "1..0 # SKIP curl is not installed (apt-get install curl)"; exit 0; }
command -v python3 > /dev/null || { echo "1..0 # SKIP python3 is not installed"; exit 0; }
DB="$TMP/db"
index_fixture "$DB" "$top_srcdir/tests/serve-articles.jsonl"

# raw PORT COUNT HOLD SCRIPT: python3 with socket helpers; conns(n) opens
# n connections, ask(s, head) sends a head and returns the answer's
# first line and whether it carries the security headers.
raw () {
    python3 -c "
import socket, sys, time
port = $1
def conns(n):
    return [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
def ask(s, head):
    s.settimeout(10)
    data = b''
    try:
        s.sendall(head)
        while b'\r\n\r\n' not in data or len(data) < 40:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except (ConnectionResetError, BrokenPipeError):
        pass        # closed: by a reset when the close came first
    except OSError as e:
        return type(e).__name__
    first = data.split(b'\r\n')[0].decode()
    csp = b'Content-Security-Policy' in data and b'nosniff' in data
    return first + (' +headers' if csp else ' -headers')
$2"
}
port_of () { printf '%s' "$URL" | sed 's/.*://'; }

# Per address: the 4th connection from 127.0.0.1 is closed at once, with
# a line on stderr; the three others are answered.
start_server "$TMP/ip.log" --db "$DB" --max-connections-per-ip 3 ||
    { echo "Bail out! cari-serve did not start: $(cat "$TMP/ip.log")"; exit 1; }
got=$(raw "$(port_of)" "
cs = conns(4)
time.sleep(0.3)
print(' / '.join(sorted(ask(s, b'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n') for s in cs)))")
# Sorted: which of the four the server accepted last (and closed) is the
# order its threads took them from the queue, not the order they opened in.
expect_eq "per-IP limit: three answered, one closed unanswered" "$got" \
    " -headers / HTTP/1.1 200 OK +headers / HTTP/1.1 200 OK +headers / HTTP/1.1 200 OK +headers"
sleep 0.5
expect_match "per-IP limit: the refusal logged, naming the option" "$(cat "$TMP/ip.log")" \
    "refused 1 connection: from an address with --max-connections-per-ip \(3\) open"
stop_server

# The connection cap: a request on a connection past --max-connections
# gets 503 from cari (its headers, Retry-After), and is logged.
start_server "$TMP/cap.log" --db "$DB" --max-connections 16 ||
    fail "cari-serve --max-connections 16 starts"
got=$(raw "$(port_of)" "
cs = conns(20)
time.sleep(0.3)
print(ask(cs[-1], b'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n'))")
expect_eq "past --max-connections: 503 with cari's headers" "$got" "HTTP/1.1 503 Service Unavailable +headers"
expect_match "past --max-connections: in the access log" "$(cat "$TMP/cap.log")" '"GET /healthz" 503 '
# Connections that have waited a second or more are closed to make room
# for a whole request.
got=$(raw "$(port_of)" "
cs = conns(20)
time.sleep(1.5)
print(ask(conns(1)[0], b'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n'))")
expect_eq "past --max-connections: idle ones closed to make room" "$got" "HTTP/1.1 200 OK +headers"
stop_server

start_server "$TMP/log" --db "$DB" --timeout 2 ||
    fail "cari-serve --timeout 2 starts"
port=$(port_of)

# Oversized heads: answered at once by cari, with its headers, and logged.
got=$(raw "$port" "
t = time.monotonic()
args = b'&'.join(b'p%d=x' % i for i in range(1000))
print(ask(conns(1)[0], b'GET /api/search?q=banjir&' + args + b' HTTP/1.1\r\nHost: a\r\n\r\n'), time.monotonic() - t < 2)")
expect_eq "1,000 parameters: 400 at once, with cari's headers" "$got" "HTTP/1.1 400 Bad Request +headers True"
got=$(raw "$port" "
print(ask(conns(1)[0], b'GET /api/search?q=banjir&' + b'a&' * 30000 + b' HTTP/1.1\r\nHost: a\r\n\r\n'))")
expect_eq "30,000 parameters in 60 KB: 414 with cari's headers" "$got" "HTTP/1.1 414 URI Too Long +headers"
got=$(raw "$port" "
print(ask(conns(1)[0], b'GET /api/search?q=a HTTP/1.1\r\nHost: a\r\nX-a: ' + b'a' * 40000 + b'\r\n\r\n'))")
expect_eq "a 40 KB header line: 431 with cari's headers" "$got" "HTTP/1.1 431 Request Header Fields Too Large +headers"
curl -s -o "$TMP/body" "$URL/api/search?q=banjir&$(python3 -c "print('&'.join('p%d=x' % i for i in range(100)))")"
expect_match "too many parameters: says the limit" "$(cat "$TMP/body")" "the request has 101 parameters; the limit is 64"
expect_match "too many parameters: in the access log" "$(cat "$TMP/log")" '"GET /api/search\?q=banjir&p0=x.*" 400 '

# Slowloris: a head sent a line a second is closed at --timeout (2 s),
# although it is never silent; the close is counted on stderr.
got=$(raw "$port" "
s = conns(1)[0]
s.sendall(b'GET /api/search?q=banjir HTTP/1.1\r\nHost: a\r\n')
t = time.monotonic()
try:
    for i in range(8):
        time.sleep(1)
        s.sendall(b'X-a: b\r\n')
    print('still open after 8 s')
except OSError:
    print('closed after', round(time.monotonic() - t), 's')")
expect_match "slowloris: closed at the deadline" "$got" "^closed after [234] s"
sleep 1.2
expect_match "slowloris: the close logged" "$(cat "$TMP/log")" \
    "closed 1 connection waiting for a whole request: past the time allowed \(2 s, --timeout.*1 in the middle of a request head"
# A normal keep-alive client is not hurt: two requests on one connection.
got=$(raw "$port" "
s = conns(1)[0]
print(ask(s, b'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n'))
time.sleep(0.5)
print(ask(s, b'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n'))" | tr '\n' ' ')
expect_eq "keep-alive: a second request on the connection is answered" "$got" "HTTP/1.1 200 OK +headers HTTP/1.1 200 OK +headers "
stop_server

# Every answer cari makes carries the security headers.
start_server "$TMP/h.log" --db "$DB" ||
    fail "cari-serve starts"
for path in / "/?q=banjir" "/api/search?q=banjir" "/api/suggest?q=ban" /healthz \
    /static/style.css /nowhere "/api/search?q=" "/api/search?q=a&size=x"; do
    h=$(curl -s -g -o /dev/null -D - "$URL$path" | tr -d '\r')
    expect_match "$path: $(printf '%s' "$h" | head -1 | cut -d' ' -f2) with nosniff and the CSP" \
        "$(printf '%s' "$h" | grep -ci '^x-content-type-options: nosniff\|^content-security-policy: default-src')" "^2$"
done
h=$(curl -s -o /dev/null -D - -X DELETE "$URL/api/search?q=a" | tr -d '\r')
expect_match "DELETE: 405 with nosniff and the CSP" \
    "$(printf '%s' "$h" | head -1)$(printf '%s' "$h" | grep -ci '^x-content-type-options: nosniff\|^content-security-policy: default-src')" "405.*2$"
stop_server

# The lanes: two costly searches (a *) hold the costly lane's two threads
# for 4 s; a cheap search meanwhile is answered while both still run, and
# a third costly one gets 503 at once.  (With the searches on
# libmicrohttpd's two threads, the cheap one waited for them.)
CARI_SERVE_TEST_COSTLY_DELAY_MS=4000 start_server "$TMP/lanes.log" --db "$DB" \
    --max-wildcard-searches 2 --max-searches 1 || fail "cari-serve starts"
cpids=
for n in 1 2; do
    curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=banj*+$n" > "$TMP/costly.$n" &
    cpids="$cpids $!"
done
sleep 0.5
expect_eq "a third costly search: 503 at once" \
    "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "$URL/api/search?q=pel*")" 503
code=$(curl -s -o /dev/null -w '%{http_code}' -m 3 "$URL/api/search?q=banjir")
expect_eq "a cheap search meanwhile: 200, answered while both costly ones still run" \
    "$code $(cat "$TMP/costly.1" "$TMP/costly.2")" "200 "
# shellcheck disable=SC2086
wait $cpids
expect_eq "...and the costly ones are answered in the end" "$(cat "$TMP/costly.1" "$TMP/costly.2")" "200200"
stop_server

# /api/suggest's title search is under --max-searches: with the only
# search thread taken and no queue, a suggestion gets 503.
CARI_SERVE_TEST_DELAY_MS=2000 start_server "$TMP/sug.log" --db "$DB" \
    --max-searches 1 --search-queue 0 --cache 0 || fail "cari-serve starts"
curl -s -o /dev/null "$URL/api/search?q=banjir" &
cpid=$!
sleep 0.5
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$URL/api/suggest?q=ban")
expect_eq "suggest while the only search thread runs: 503" "$code" 503
expect_match "...naming --max-searches" "$(cat "$TMP/body")" "at most 1 search at once \(--max-searches\)"
wait "$cpid"
expect_eq "suggest once it is free: 200" "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/suggest?q=ban")" 200
stop_server

run cari-serve --db "$DB" --max-connections 5
expect_status "--max-connections 5: usage error" 2
expect_match "--max-connections 5: says the range" "$err" "--max-connections wants a number from 16 to 100000"
run cari-serve --db "$DB" --timeout 0
expect_status "--timeout 0: usage error" 2

done_testing
