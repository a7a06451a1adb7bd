#!/bin/sh
# t-serve.sh - cari-serve's HTTP API end to end with curl, on a free
# loopback port: search, suggest, filters, caps, errors, security headers,
# the page without JavaScript, live re-indexing, logging and shutdown.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

command -v curl > /dev/null || { echo "1..0 # SKIP curl is not installed (apt-get install curl)"; exit 0; }
FIXTURE="$top_srcdir/tests/serve-articles.jsonl"
DB="$TMP/db"
cari-index -q --db "$DB" "$SAMPLE" "$FIXTURE" || { echo "Bail out! cannot index the sample"; exit 1; }


# get PATH [CURL ARGS...]: $code, $body and the headers in $TMP/headers.
get () {
    path=$1; shift
    code=$(curl -s -g -o "$TMP/body" -D "$TMP/headers" -w '%{http_code}' "$@" "$URL$path")
    body=$(cat "$TMP/body")
}
header () { tr -d '\r' < "$TMP/headers" | grep -i "^$1:" | head -1 | cut -d' ' -f2-; }
jqb () { printf '%s' "$body" | jq -r "$@"; }

# Start-up errors.
run cari-serve --help
expect_status "--help: exit 0" 0
expect_match "--help names the endpoints" "$out" "/api/search.*/api/suggest|/api/suggest"
run cari-serve --db "$TMP/nowhere" --listen 127.0.0.1:0
expect_status "no index: exit 3" 3
expect_match "no index: says how to build one" "$err" "no index at .*nowhere; build one with: cari-index --db"
run cari-serve --db "$DB" --listen nonsense
expect_status "bad --listen: exit 2" 2
expect_match "bad --listen: says what it wants" "$err" "--listen wants HOST:PORT"
run cari-serve --db "$DB" --threads 0
expect_status "bad --threads: exit 2" 2

start_server "$TMP/log" --db "$DB" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }

# Search: the JSON of cari-query --json, plus page, size and took_ms.
get "/api/search?q=banjir+bekasi"
expect_eq "search: 200" "$code" "200"
expect_eq "search: JSON content type" "$(header content-type)" "application/json"
expect_eq "search: the Bekasi flood article first" "$(jqb '.hits[0].id')" "sample-011"
expect_eq "search: took_ms, page and size" "$(jqb '[(.took_ms >= 0), .page, .size] | join(" ")')" "true 1 10"
expect_eq "search: hits have cari-query's schema" "$(jqb '.hits[0] | keys | join(",")')" \
    "$(cari-query --db "$DB" --json --collapse banjir bekasi | jq -r '.hits[0] | keys | join(",")')"
expect_eq "search: the same hits as cari-query" "$(get '/api/search?q=pemerintah'; jqb '[.hits[].id] | join(" ")')" \
    "$(cari-query --db "$DB" --json pemerintah | jq -r '[.hits[].id] | join(" ")')"
get "/api/search?q=banjir+bekasi"
expect_eq "the same search again: from the cache, with took_ms" "$(jqb '[.cached, (.took_ms >= 0), .hits[0].id] | join(" ")')" "true true sample-011"
get "/api/search?q=banjir+bekasi&size=9"
expect_eq "other parameters: not the cached answer" "$(jqb '.cached // false')" "false"
# The 24 pelabuhan test articles are one text with its number changed:
# copies of one story, collapsed by default (issue 21); collapse=0 pages
# through all of them.
get "/api/search?q=pelabuhan&page=2&collapse=0"
expect_eq "page 2: ranks 11 to 20" "$(jqb '[.hits[].rank] | "\(first) \(last) \(length)"')" "11 20 10"
get "/api/search?q=pelabuhan&page=3&size=10&collapse=0"
expect_eq "page 3: from rank 21 to the last" "$(jqb '[.hits[0].rank, (.hits | length) + 20 == .total] | join(" ")')" "21 true"
get "/api/search?q=pelabuhan&size=5&collapse=0"
expect_eq "size=5: five hits" "$(jqb '.hits | length')" "5"
get "/api/search?q=pelabuhan&source=Kabar+Pesisir&size=50&collapse=0"
expect_eq "source: only that outlet" "$(jqb '[.hits[].source] | unique | join(",")')" "Kabar Pesisir"
expect_eq "source: all its 7 articles" "$(jqb '.hits | length')" "7"
get "/api/search?q=pelabuhan&since=2025-06&until=2025-08-31&size=50"
expect_eq "since/until: dates inside the range" \
    "$(jqb '[.hits[].date | select(. < "2025-06-01" or . > "2025-08-31")] | length')" "0"
expect_match "since/until: some hits" "$(jqb '.hits | length')" "^[1-9]"
get "/api/search?q=pelabuhan&sort=date&size=50"
expect_eq "sort=date: newest first" "$(jqb '[.hits[].date] == ([.hits[].date] | sort | reverse)')" "true"
get "/api/search?q=pelabuhn&exact=1"
expect_eq "did you mean: a suggestion for a misspelt word searched as typed" "$(jqb '.suggestion')" "pelabuhan"

# Caps and bad parameters: 400 with a JSON message naming the parameter.
long=$(head -c 501 /dev/zero | tr '\0' a)
for case in "q|" "q|$long" "size|0" "size|51" "size|x" "page|0" "page|101" "page|-1" \
    "sort|best" "since|2025-13" "until|yesterday" "q|%FF%FE"; do
    p=${case%%|*}; v=${case#*|}
    if [ "$p" = q ]; then get "/api/search?q=$v"; else get "/api/search?q=banjir&$p=$v"; fi
    expect_eq "400 for $p=$(printf '%.12s' "$v")" "$code $(jqb .parameter)" "400 $p"
done
get "/api/search"
expect_match "missing q: says what to give" "$code $(jqb .error)" "^400 q is missing: give words"
get "/api/search?q=$long"
expect_match "long q: says the limit" "$(jqb .error)" "501 bytes long; the limit is 500"
get "/api/search?q=banjir&since=2025-10-31&until=2025-10-01"
expect_match "since after until: 400 naming since, with what to do" "$code $(jqb .parameter) $(jqb .error)" "^400 since since \(2025-10-31\) is after until.*swap them"
get "/api/search?q=banjir&since=2025-10-31&until=2025-10"
expect_eq "since on the last day of until's month: a range" "$code" "200"
# The one date parser: a day cari-index refuses is refused here too.
get "/api/search?q=banjir&since=2025-02-31"
expect_match "since=2025-02-31: 400, as cari-index refuses the day" "$code $(jqb .parameter)" "^400 since"

# A NUL byte (%00) would cut a value short: refused whole, in any parameter.
get "/api/search?q=banjir%00rob"
expect_match "NUL in q: 400 that names it" "$code $(jqb .parameter) $(jqb .error)" "^400 q q holds a NUL byte"
get "/api/search?q=banjir&source=detik%00"
expect_eq "NUL in source: 400 source" "$code $(jqb .parameter)" "400 source"
get "/api/suggest?q=pel%00ab"
expect_eq "NUL in suggest's q: 400 q" "$code $(jqb .parameter)" "400 q"
get "/api/search?q=%28banjir+AND"
expect_match "syntax error: 400 that says what is wrong" "$code $(jqb .error)" "^400 cannot understand the query"
get "/api/search?q=%3F%21"
expect_match "punctuation only: 400" "$code $(jqb .error)" "^400 .*no words to search for"

# Suggest: completions of the last word, most frequent first, and titles.
get "/api/suggest?q=pelab"
expect_eq "suggest: 200" "$code" "200"
expect_eq "suggest: pelab completes to pelabuhan" "$(jqb '.completions[0] | "\(.text) \(.term) \(.articles >= 22)"')" "pelabuhan pelabuhan true"
expect_match "suggest: matching titles" "$(jqb '.titles[0].title')" "^Pelabuhan Tanjung Emas"
get "/api/suggest?q=kapal+ter"
expect_eq "suggest: keeps the words before the partial one" "$(jqb '.completions[0].text')" "kapal ternak"
get "/api/suggest?q=p"
expect_eq "suggest: at most 10 completions" "$(jqb '.completions | length')" "10"
expect_eq "suggest: most frequent first" "$(jqb '[.completions[].articles] == ([.completions[].articles] | sort | reverse)')" "true"
get "/api/suggest?q=zzqqxx"
expect_eq "suggest: nothing to complete" "$code $(jqb '.completions | length')" "200 0"
get "/api/suggest"
expect_eq "suggest: missing q is 400" "$code $(jqb .parameter)" "400 q"

# Routing, methods and headers.
for path in /nope /api /api/ /static/ /static/../../etc/passwd /static/%2e%2e/README.md /index.html /etc/passwd; do
    get "$path" --path-as-is
    expect_eq "404 for $path" "$code" "404"
done
for m in POST PUT DELETE PATCH OPTIONS; do
    get "/api/search?q=banjir" -X "$m"
    expect_eq "405 for $m" "$code $(header allow)" "405 GET, HEAD"
done
get "/api/search?q=banjir" -X POST --data-binary "@$SAMPLE"
expect_eq "405 for POST with a body" "$code" "405"
expect_eq "HEAD /: 200 with no body" \
    "$(curl -s -I -o /dev/null -D "$TMP/headers" -w '%{http_code} %{size_download}' "$URL/")" "200 0"
expect_match "HEAD /: a Content-Length" "$(header content-length)" "^[1-9][0-9]*$"
get "/static/app.js"
expect_eq "static script: 200 JavaScript" "$code $(header content-type)" "200 text/javascript; charset=utf-8"
get "/static/style.css"
expect_eq "static style: 200 CSS" "$code $(header content-type)" "200 text/css; charset=utf-8"
get "/healthz"
expect_eq "healthz: 200 ok" "$code $body" "200 ok"
# Keep-alive: two requests over one connection (curl counts the
# connections it opened for each).
expect_eq "keep-alive: the second request reuses the connection" \
    "$(curl -s -o /dev/null -o /dev/null -w '%{num_connects} ' "$URL/api/suggest?q=pel" "$URL/api/search?q=banjir")" "1 0 "
expect_eq "a request with a body is answered, and the connection closed" \
    "$(curl -s -o /dev/null -o /dev/null -w '%{http_code}/%{num_connects} ' -d x "$URL/healthz" "$URL/healthz")" "405/1 405/1 "
get "/?q=banjir"
expect_match "Content-Security-Policy" "$(header content-security-policy)" "default-src 'none'; script-src 'self'"
expect_eq "X-Content-Type-Options" "$(header x-content-type-options)" "nosniff"
expect_eq "no CORS header without --cors" "$(header access-control-allow-origin)" ""

# The page works without JavaScript: results rendered on the server.
get "/?q=pelabuhan&collapse=0"
expect_eq "page: 200 HTML" "$code $(header content-type)" "200 text/html; charset=utf-8"
expect_match "page: a labelled search box" "$body" '<label for="q">'
expect_match "page: highlighted title" "$body" "<mark>Pelabuhan</mark> Tanjung Emas"
expect_match "page: date and outlet" "$body" '<time datetime="2025-[0-9-]*">[0-9]+ [A-Z][a-z]+ 2025</time> · (Kabar Pesisir|Berita Maritim)'
expect_match "page: a link to page 2" "$body" 'href="\./\?q=pelabuhan&amp;page=2&amp;collapse=0"'
get "/?q=pelabuhan&page=3&collapse=0"
expect_match "page 3: starts at rank 21" "$body" '<ol class="results" start="21">'
get "/?q=script+alert+judul"
expect_match "page: <script> in a title shows as text" "$body" "&lt;<mark>script</mark>&gt;<mark>alert</mark>\(&quot;<mark>judul</mark>"
expect_no_match "page: no <script> but the page's own" "$(printf '%s' "$body" | grep -v 'src="static/app.js"')" "<script"
expect_no_match "page: no raw <img> or <b> from an article" "$body" "<img|<b>"
get "/?q=tautan+berbahaya"
expect_no_match "page: a javascript: url is not a link" "$body" 'href="javascript'
expect_match "page: a javascript: url is shown as text" "$body" "javascript:alert\(1\)"
get "/?q=banjir&size=500"
expect_eq "page: a bad parameter is a 400 page" "$code" "400"
expect_match "page: the 400 page says why, in Indonesian" "$body" 'class="error".*Jumlah hasil per halaman harus bilangan bulat'
get "/?q=%3Cscript%3Ealert(1)%3C/script%3E"
expect_no_match "page: the query is escaped in the page" "$body" "<script>alert"

# A malformed request is a 400 and the server lives on.
if command -v bash > /dev/null; then
    bad=$(bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n' >&3; head -c 12 <&3" 2> /dev/null)
    expect_match "malformed header: 400" "$bad" "^HTTP/1.1 400"
    bad=$(bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf 'GARBAGE\r\n\r\n\0\377' >&3; head -c 12 <&3" 2> /dev/null)
    expect_no_match "garbage request line: no answer but an error" "$bad" "^HTTP/1.1 200"
fi
big=$(head -c 100000 /dev/zero | tr '\0' a)
get "/api/search?q=$big"
expect_eq "a 100 kB URL: 414" "$code" "414"
get "/healthz" -H "X-Big: $big"
expect_eq "a 100 kB header: 431" "$code" "431"
get "/healthz"
expect_eq "still serving after bad requests" "$code" "200"

# Live index: new articles appear without a restart, after a commit and
# after a compaction swapped the generation.
# wait_for QUERY ID: polls up to 5 s for ID to be the first hit of QUERY.
wait_for () {
    for _ in $(seq 1 50); do
        get "/api/search?q=$1"
        [ "$(jqb '.hits[0].id // empty')" = "$2" ] && return 0
        sleep 0.1
    done
    return 1
}
get "/api/search?q=zebrakuda"
expect_eq "live: the new word is not there yet" "$(jqb '.hits | length')" "0"
printf '%s\n' '{"id": "live-1", "title": "Zebrakuda lahir di kebun binatang", "content": "Seekor zebrakuda lahir pagi ini.", "date": "2025-11-01"}' > "$TMP/live1.jsonl"
cari-index -q --db "$DB" "$TMP/live1.jsonl"
check "live: an article indexed while serving appears" wait_for zebrakuda live-1
# A second run adds to the delta the first one began (the stub is the same):
# its article appears too, though the answer without it was cached.
get "/api/search?q=jerapah"
expect_eq "live: not there yet (and now cached)" "$(jqb '.hits | length')" "0"
printf '%s\n' '{"id": "live-1b", "title": "Jerapah makan daun", "content": "Seekor jerapah makan daun akasia.", "date": "2025-11-01"}' > "$TMP/live1b.jsonl"
cari-index -q --db "$DB" "$TMP/live1b.jsonl"
check "live: the second run added to the delta (the stub names two databases)" \
    test "$(wc -l < "$DB/XAPIANDB")" -eq 2
check "live: an article added to the delta appears despite the cache" \
    wait_for jerapah live-1b
cari-index -q --db "$DB" --compact > /dev/null
printf '%s\n' '{"id": "live-2", "title": "Kudanil berenang", "content": "Seekor kudanil berenang di kolam baru.", "date": "2025-11-02"}' > "$TMP/live2.jsonl"
cari-index -q --db "$DB" "$TMP/live2.jsonl"
check "live: after --compact, still found" wait_for zebrakuda live-1
check "live: after --compact, new articles appear" wait_for kudanil live-2
get "/api/suggest?q=zebrak"
expect_eq "live: suggest knows the new word" "$(jqb '.completions[0].term')" "zebrakuda"

# Graceful shutdown: a request in flight when SIGTERM comes is answered.
if command -v bash > /dev/null; then
    bash -c "exec 3<>/dev/tcp/127.0.0.1/$port
        printf 'GET /api/search?q=banjir HTTP/1.1\r\n' >&3; sleep 0.3
        printf 'Host: x\r\n\r\n' >&3; head -c 15 <&3" > "$TMP/inflight" 2>&1 &
    client=$!
    sleep 0.15
    kill -TERM "$SPID"
    wait "$client"
    expect_match "shutdown: the request in flight is answered" "$(cat "$TMP/inflight")" "^HTTP/1.1 200"
fi
wait "$SPID"
expect_eq "shutdown: exit 0" "$?" "0"
expect_match "shutdown: says it stopped" "$(cat "$TMP/log")" "cari-serve: stopped"
expect_match "access log: one line per request" "$(cat "$TMP/log")" \
    '^127\.0\.0\.1 "GET /api/search\?q=banjir\+bekasi" 200 [0-9]+ [0-9.]+ms$'
expect_match "access log: control bytes escaped" "$(cat "$TMP/log")" '"GET /api/search\?q=%FF%FE" 400'

# --quiet and --cors.
start_server "$TMP/log2" --db "$DB" --quiet --cors https://portal.example --cache 0
get "/api/search?q=banjir"
get "/api/search?q=banjir"
expect_eq "--cache 0: no answer from a cache" "$(jqb '.cached // false')" "false"
expect_eq "--cors: Access-Control-Allow-Origin" "$(header access-control-allow-origin)" "https://portal.example"
get "/api/search?q=banjir" -X OPTIONS
expect_eq "--cors: preflight answered" "$code $(header access-control-allow-methods)" "204 GET, HEAD"
stop_server
expect_eq "--quiet: no access log" "$(grep -c '"GET' "$TMP/log2")" "0"

done_testing
