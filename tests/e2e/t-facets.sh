#!/bin/sh
# t-facets.sh - the hits counted by outlet, year and month (issue 21):
# cari-query --facets (text and JSON), /api/search?facets=1, and the page's
# facet lists whose links filter, over an index with a delta, against the
# counts jq makes of the articles themselves.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

cat > "$TMP/base.jsonl" <<'JSON'
{"id":"b01","source":"Tempo.co","date":"2024-01-05","title":"Banjir rendam Bekasi","content":"Air banjir merendam ratusan rumah di Bekasi."}
{"id":"b02","source":"tempo.co","date":"2024-01-20","title":"Warga mengungsi","content":"Warga mengungsi karena banjir di bantaran sungai."}
{"id":"b03","source":"Kompas","date":"2024-02-11","title":"Banjir surut","content":"Banjir di Jakarta Timur mulai surut pagi ini."}
{"id":"b04","source":"Kompas","date":"2025-02-03","title":"Harga beras naik","content":"Harga beras di pasar induk naik lagi pekan ini."}
{"id":"b05","source":"Antara News","date":"2025-03-09","title":"Banjir di Medan","content":"Banjir juga terjadi di Medan setelah hujan deras."}
{"id":"b06","source":"Antara News","title":"Tanpa tanggal","content":"Laporan banjir ini tidak bertanggal."}
{"id":"b07","source":"Tempo.co","date":"2025-03-15","title":"Jalan tol ditutup","content":"Jalan tol ditutup karena banjir setinggi lutut."}
{"id":"b08","source":"Detik","date":"2025-03-28","title":"Pasar sepi","content":"Pasar tradisional sepi pembeli menjelang akhir bulan."}
{"id":"b09","source":"Detik","date":"2023-12-30","title":"Banjir akhir tahun","content":"Banjir menutup akhir tahun di pesisir utara."}
{"id":"b10","source":"Kompas","date":"2024-02-25","title":"Tanggul jebol","content":"Tanggul jebol dan banjir menggenangi sawah."}
{"id":"b11","source":"Republika","date":"2024-07-01","title":"Kemarau panjang","content":"Kemarau panjang membuat sumur warga kering."}
{"id":"b12","source":"Republika","date":"2024-07-04","title":"Sungai meluap","content":"Sungai meluap tetapi banjir tidak masuk permukiman."}
JSON
cat > "$TMP/delta.jsonl" <<'JSON'
{"id":"d01","source":"Kompas","date":"2025-03-30","title":"Banjir lagi","content":"Banjir kembali melanda Jakarta Timur malam tadi."}
JSON
index_fixture "$TMP/db" "$TMP/base.jsonl"
index_fixture "$TMP/db" "$TMP/delta.jsonl"
expect_eq "the index is a generation and its delta" \
    "$(grep -c '^glass ' "$TMP/db/XAPIANDB")" 2

# The counts of the articles that hold the word, made by jq: outlets as
# the sources list names them (lower case), years, months; most first,
# ties by value; articles with no date in no year.
cat "$TMP/base.jsonl" "$TMP/delta.jsonl" > "$TMP/all.jsonl"
brute () { # brute WORD FACET [JQ-FILTER]
    jq -s -c --arg w "$1" --arg f "$2" '
	def top: group_by(.) | map({value: .[0], count: length})
		 | sort_by(-.count, .value) | .[:10];
	map(select(((.title + " " + .content) | ascii_downcase
		    | test("\\b" + $w + "\\b"))) | '"${3:-.}"')
	| if $f == "source" then map(.source | ascii_downcase) | top
	  elif $f == "year" then map(select(.date) | .date[:4]) | top
	  else map(select(.date) | .date[:7]) | top end' "$TMP/all.jsonl"
}

run cari-query --db "$TMP/db" --json --facets banjir
expect_status "--facets --json: exit 0" 0
printf '%s' "$out" > "$TMP/banjir.json"
for f in source year month; do
    expect_eq "JSON: facets.$f as the articles count" \
	"$(jq -c ".facets.$f" "$TMP/banjir.json")" "$(brute banjir $f)"
done
expect_eq "JSON: facets_exact, and the CMS facets are there, empty" \
    "$(jq -c '[.facets_exact, .facets.rubrik, .facets.tag]' "$TMP/banjir.json")" '[true,[],[]]'
expect_eq "the delta's article is counted" \
    "$(jq -c '.facets.month[] | select(.value == "2025-03") | .count' "$TMP/banjir.json")" 3
expect_eq "the outlet written Tempo.co and tempo.co is one" \
    "$(jq -c '[.facets.source[] | select(.value == "tempo.co")] | length' "$TMP/banjir.json")" 1

# Compacted to one database, the spy reads each slot once for the index
# (xapian-c/facets.cc): the same counts.
cp -r "$TMP/db" "$TMP/one"
cari-index -q --db "$TMP/one" --compact > /dev/null 2>&1
expect_eq "compacted: the index is one database" "$(grep -c '^glass ' "$TMP/one/XAPIANDB")" 1
run cari-query --db "$TMP/one" --json --facets banjir
expect_eq "compacted: the same facets" "$(printf '%s' "$out" | jq -c .facets)" \
    "$(jq -c .facets "$TMP/banjir.json")"
run cari-query --db "$TMP/one" --json --facets --source tempo 'banjir OR jalan'
expect_eq "compacted, with --source: counted within it" \
    "$(printf '%s' "$out" | jq -c .facets.month)" \
    "$(brute '(banjir|jalan)' month 'select(.source | ascii_downcase == "tempo.co")')"

run cari-query --db "$TMP/db" --json --facets --sort date -n 1 --offset 2 banjir
expect_eq "newest first, one hit from the third: the same facets" \
    "$(printf '%s' "$out" | jq -c .facets)" "$(jq -c .facets "$TMP/banjir.json")"
run cari-query --db "$TMP/db" --json --facets --source kompas --since 2024 --until 2024 banjir
expect_eq "with --source and the dates: counted within them" \
    "$(printf '%s' "$out" | jq -c .facets.month)" \
    "$(brute banjir month 'select(.source == "Kompas" and (.date // "" | startswith("2024")))')"
run cari-query --db "$TMP/db" --json --facets 'banjir jakarta'
expect_eq "two words: the articles with both" \
    "$(printf '%s' "$out" | jq -c .facets.source)" \
    "$(brute banjir source 'select(.content | test("Jakarta"))')"
run cari-query --db "$TMP/db" --json --facets --facet-limit 2 banjir
expect_eq "--facet-limit 2: two values a facet" \
    "$(printf '%s' "$out" | jq -c '[(.facets.source | length), (.facets.month | length)]')" '[2,2]'
run cari-query --db "$TMP/db" --json banjir
expect_eq "without --facets: no facets" "$(printf '%s' "$out" | jq -c '[.facets, .facets_exact]')" '[null,null]'

run cari-query --db "$TMP/db" --facets --color=never banjir
expect_match "text: the facets after the hits" "$out" '^facets \(every article counted\):$'
want=$(brute banjir source | jq -r 'map("\(.value) \(.count)") | join(", ")')
expect_match "text: the outlets with their counts" "$out" "^  source: $want\$"

# Bad arguments: named, with what to do, exit 2.
run cari-query --db "$TMP/db" --facets --facet-limit 0 banjir
expect_status "--facet-limit 0: exit 2" 2
expect_match "it names --facet-limit" "$err" "facet-limit"
run cari-query --db "$TMP/db" --facet-limit 5 banjir
expect_match "--facet-limit without --facets is refused" "$err" "--facet-limit goes with --facets"
run cari-query --db "$TMP/db" --facets --jsonl banjir
expect_status "--facets --jsonl: exit 2" 2
run cari-query --db "$TMP/db" --rubrik "" banjir
expect_match "an empty --rubrik is refused" "$err" "rubrik wants a name, not ''"
run cari-query --db "$TMP/db" --tag "$(printf '%0101d' 0)" banjir
expect_match "a --tag over 100 bytes (the longest a reader keeps) is refused" "$err" \
    "tag .* is 101 bytes long; the limit is 100"

command -v curl > /dev/null || { echo "# curl is not installed: cari-serve not tried"; done_testing; exit; }
start_server "$TMP/log" --db "$TMP/db" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
expect_eq "/api/search?facets=1: the facets of cari-query" \
    "$(curl -s "$URL/api/search?q=banjir&facets=1" | jq -c '[.facets, .facets_exact]')" \
    "$(jq -c '[.facets, .facets_exact]' "$TMP/banjir.json")"
expect_eq "/api/search without facets=1: none (and not from the cache)" \
    "$(curl -s "$URL/api/search?q=banjir" | jq -c .facets)" null
expect_eq "facet_limit=1" \
    "$(curl -s "$URL/api/search?q=banjir&facets=1&facet_limit=1" | jq -c '.facets.year | length')" 1
expect_eq "facets=2: 400 naming facets" \
    "$(curl -s -o /dev/null -w '%{http_code} ' "$URL/api/search?q=banjir&facets=2"; curl -s "$URL/api/search?q=banjir&facets=2" | jq -r .parameter)" "400 facets"
expect_eq "facet_limit=101: 400 naming facet_limit" \
    "$(curl -s "$URL/api/search?q=banjir&facets=1&facet_limit=101" | jq -r .parameter)" facet_limit

# The page: the lists beside the results, each value a link that filters.
curl -s "$URL/?q=banjir" > "$TMP/page.html"
expect_match "the page shows the facet lists" "$(cat "$TMP/page.html")" '<aside class="facets"'
kompas=$(jq -r '.facets.source[] | select(.value == "kompas") | .count' "$TMP/banjir.json")
href=$(sed -n 's/.*<a href="\([^"]*\)" data-value="kompas">.*/\1/p' "$TMP/page.html" | sed 's/&amp;/\&/g')
expect_eq "the outlet's link adds source=" "$href" "./?q=banjir&source=kompas"
curl -s "$URL/${href#./}" > "$TMP/kompas.html"
expect_match "following it: as many results as the facet counted" \
    "$(cat "$TMP/kompas.html")" "role=\"status\">$kompas hasil untuk"
expect_match "the filter in force, with a link that removes it" \
    "$(cat "$TMP/kompas.html")" 'Media: <strong>kompas</strong> <a class="remove" href="./\?q=banjir">× hapus</a>'
y2024=$(jq -r '.facets.year[] | select(.value == "2024") | .count' "$TMP/banjir.json")
href=$(sed -n 's/.*<a href="\([^"]*\)" data-value="2024">.*/\1/p' "$TMP/page.html" | sed 's/&amp;/\&/g')
expect_eq "a year's link sets since= and until=" "$href" "./?q=banjir&since=2024&until=2024"
expect_match "following it: the year's articles" \
    "$(curl -s "$URL/${href#./}")" "role=\"status\">$y2024 hasil untuk"
expect_match "a month is named as Indonesian writes it" "$(cat "$TMP/page.html")" \
    'data-value="2025-03">Maret 2025</a> <span class="count">3</span>'
expect_match "a tag too long: the page says so" \
    "$(curl -s "$URL/?q=banjir&tag=$(printf '%0101d' 0)")" 'Tag terlalu panjang: paling banyak 100 byte'
stop_server
done_testing
