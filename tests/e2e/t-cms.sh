#!/bin/sh
# t-cms.sh - the fields a news CMS exports (issue 21): author, rubrik, tags
# and image read from JSON Lines, HTML (meta tags, JSON-LD) and text
# headers; searched as author:, rubrik:, tag: (negated too) and with
# --rubrik, --tag; in the JSON of a hit only when the article has them;
# cari-serve's API filters and the page's thumbnail and filter links.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

mkdir "$TMP/in"
cat > "$TMP/in/a.jsonl" <<'JSON'
{"id":"j1","title":"Timnas menang","date":"2025-01-02","source":"Warta","content":"Berita olahraga: Timnas menang dua gol di stadion.","author":"Budi Santoso","rubrik":"Sepak Bola","tags":["Timnas","Piala AFF"],"image":"https://img.example/j1.jpg"}
{"id":"j2","title":"Harga cabai naik","date":"2025-01-03","source":"Warta","content":"Berita pasar: harga cabai naik tajam minggu ini.","author":[{"name":"Ani Lestari"},{"name":"Rudi Hartono"}],"section":"Ekonomi","keywords":"cabai, harga pangan","image_url":"http://img.example/j2.jpg"}
{"id":"j3","title":"Banjir Kudus","date":"2025-01-04","source":"Kabar","content":"Berita cuaca: banjir merendam tiga desa di Kudus."}
{"id":"j4","title":"Debat calon","date":"2025-01-05","source":"Kabar","content":"Berita politik: debat calon berlangsung panas.","category":["Politik","Nasional"],"tags":"Pemilu 2024","thumbnail":"javascript:alert(1)"}
{"id":"j5","title":"Liga dimulai","date":"2025-01-06","source":"Kabar","content":"Berita olahraga: liga dimulai pekan depan.","kanal":"sepak  bola","author":{"name":"Siti Budiarti"}}
{"id":"j6","title":"Catatan redaksi","date":"2025-01-07","source":"Kabar","content":"Berita redaksi: catatan tentang tanda baca.","author":"A & B <script>","tags":["<b>x</b>"],"image":"https://img.example/a\"b.jpg"}
JSON
cat > "$TMP/in/h1.html" <<'HTML'
<!DOCTYPE html><html><head><title>Ganda putra juara</title>
<meta name="author" content="Dewi Kartika">
<meta property="article:section" content="Olahraga">
<meta property="article:tag" content="Timnas">
<meta property="article:tag" content="Bulu Tangkis">
<meta property="og:image" content="https://img.example/h1.jpg">
<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Orang Lain"},"articleSection":"Lain"}</script>
</head><body><article><p>Berita olahraga: ganda putra juara di Jakarta.</p></article></body></html>
HTML
cat > "$TMP/in/h2.html" <<'HTML'
<!DOCTYPE html><html><head><title>Inflasi turun</title>
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"x"},
 {"@type":["NewsArticle"],"author":[{"@type":"Person","name":"Joko Santoso"}],
  "articleSection":"Ekonomi","keywords":["inflasi","Harga Pangan"],
  "image":{"@type":"ImageObject","url":"https://img.example/h2.jpg"}}]}
</script></head><body><p>Berita ekonomi: inflasi turun bulan ini.</p></body></html>
HTML
cat > "$TMP/in/t1.txt" <<'TEXT'
Persija menang tipis
Date: 2025-01-08
Penulis: Rina Wati
Rubrik: Sepak Bola
Tags: Timnas, Liga 1
Image: https://img.example/t1.jpg

Berita olahraga: Persija menang tipis atas tamunya.
TEXT
run cari-index --db "$TMP/db" "$TMP/in"
expect_status "the articles are indexed: a dropped field is a warning" 0
expect_match "an image that is not http(s) is dropped, with file and line" "$err" \
    "a.jsonl:4: warning: article 'j4': the image 'javascript:alert\(1\)' is not an http:// or https:// URL; dropped"
expect_match "9 articles" "$out" "9 added"

# The ids, the files' (in/h1.html) as their names (h1).
ids () {
    hit_ids "$TMP/db" "$@" | tr ' ' '\n' | sed 's|.*/||; s|\.[a-z]*$||' |
	sort | tr '\n' ' ' | sed 's/ $//'
}
expect_eq "author:budi" "$(ids author:budi)" "j1"
expect_eq "author:Budi, capitalized" "$(ids author:Budi)" "j1"
expect_eq 'author:"budi santoso", a phrase' "$(ids 'author:"budi santoso"')" "j1"
expect_eq 'author:"santoso budi": the words in another order' "$(ids 'author:"santoso budi"')" ""
expect_eq "author:santoso (JSON Lines and JSON-LD)" "$(ids author:santoso)" "h2 j1"
expect_eq "the second of two authors (objects with name)" "$(ids author:rudi)" "j2"
expect_eq "an author in an object" "$(ids author:budiarti)" "j5"
expect_eq "the text header Penulis:" "$(ids author:rina)" "t1"
expect_eq "the meta author wins over JSON-LD's" "$(ids author:dewi) / $(ids author:orang)" "h1 / "
expect_eq "author words are not in the free text" "$(ids santoso)" ""

expect_eq 'rubrik:"sepak bola": rubrik, kanal and the text header' \
    "$(ids 'rubrik:"sepak bola"')" "j1 j5 t1"
expect_eq 'rubrik:"Sepak  BOLA": case and spaces aside' \
    "$(ids 'rubrik:"Sepak  BOLA"')" "j1 j5 t1"
expect_eq "rubrik:sepak: a rubrik is one name" "$(ids rubrik:sepak)" ""
expect_eq "rubrik:ekonomi: section and JSON-LD articleSection" "$(ids rubrik:ekonomi)" "h2 j2"
expect_eq "rubrik:olahraga: article:section (meta wins)" "$(ids rubrik:olahraga)" "h1"
expect_eq "the first of a category array" "$(ids rubrik:politik) / $(ids rubrik:nasional)" "j4 / "

expect_eq "tag:timnas: an array, article:tag and Tags:" "$(ids tag:timnas)" "h1 j1 t1"
expect_eq 'tag:"harga pangan": comma-separated keywords and JSON-LD' \
    "$(ids 'tag:"harga pangan"')" "h2 j2"
expect_eq 'tag:"pemilu 2024": a string of one tag' "$(ids 'tag:"pemilu 2024"')" "j4"
expect_eq 'tag:"bulu tangkis": the second article:tag' "$(ids 'tag:"Bulu Tangkis"')" "h1"
expect_eq "tag:timnas -rubrik:olahraga" "$(ids 'tag:timnas -rubrik:olahraga')" "j1 t1"
expect_eq "berita -tag:timnas -rubrik:ekonomi" "$(ids 'berita -tag:timnas -rubrik:ekonomi')" "j3 j4 j5 j6"
expect_eq "NOT tag:timnas with words" "$(ids 'olahraga NOT tag:timnas')" "j5"
expect_eq "a field with the others: tag: and source:" "$(ids 'tag:timnas source:warta')" "j1"
expect_eq "a field with the others: rubrik: and date:" \
    "$(ids 'rubrik:"sepak bola" date:2025-01-06..2025-01-08')" "j5 t1"

expect_eq "--rubrik and --tag" "$(ids --rubrik 'Sepak Bola' --tag timnas berita)" "j1 t1"
expect_eq "--tag alone, with words" "$(ids --tag 'liga 1' berita)" "t1"
run cari-query --db "$TMP/db" --rubrik kuliner berita
expect_status "--rubrik that no article has: no hits (exit 1), not an error" 1
expect_no_match "and no message" "$err" "."
run cari-query --db "$TMP/db" 'berita tag:kuliner'
expect_status "tag:kuliner: no hits" 1
run cari-query --db "$TMP/db" --rubrik "$(printf '%0101d' 0)" berita
expect_status "--rubrik over 100 bytes: exit 2" 2
expect_match "it is named, with the limit" "$err" "rubrik \(--rubrik, rubrik=\) is 101 bytes long; the limit is 100"
run cari-query --db "$TMP/db" --tag '' berita
expect_status "--tag '': a usage error" 2
expect_match "named" "$err" "--tag wants a name"

json=$(cari-query --db "$TMP/db" --json -n 20 berita)
expect_eq "j1's CMS fields in JSON" \
    "$(printf '%s' "$json" | jq -c '.hits[] | select(.id == "j1") | [.author, .rubrik, .tags, .image]')" \
    '["Budi Santoso","Sepak Bola",["Timnas","Piala AFF"],"https://img.example/j1.jpg"]'
expect_eq "two authors joined; the keywords' tags" \
    "$(printf '%s' "$json" | jq -c '.hits[] | select(.id == "j2") | [.author, .tags, .image]')" \
    '["Ani Lestari, Rudi Hartono",["cabai","harga pangan"],"http://img.example/j2.jpg"]'
expect_eq "an article without them has none of the four keys" \
    "$(printf '%s' "$json" | jq -c '.hits[] | select(.id == "j3") | [has("author"), has("rubrik"), has("tags"), has("image")]')" \
    '[false,false,false,false]'
expect_eq "a refused image leaves no image key" \
    "$(printf '%s' "$json" | jq -c '.hits[] | select(.id == "j4") | [has("image"), .rubrik]')" \
    '[false,"Politik"]'
expect_eq "JSON-LD in @graph: the image object's url, the keywords" \
    "$(printf '%s' "$json" | jq -c '.hits[] | select(.id | endswith("h2.html")) | [.author, .rubrik, .tags, .image]')" \
    '["Joko Santoso","Ekonomi",["inflasi","Harga Pangan"],"https://img.example/h2.jpg"]'
expect_eq "--jsonl has them too" \
    "$(cari-query --db "$TMP/db" --jsonl tag:timnas | jq -r 'select(.id == "j1") | .rubrik')" "Sepak Bola"

run cari-query --db "$TMP/db" --color=never author:budi
expect_match "text: the rubrik and the author on the hit's line" "$out" \
    "2025-01-02 \| Warta \| rubrik: Sepak Bola \| author: Budi Santoso"
run cari-query --db "$TMP/db" --color=never banjir
expect_no_match "text: nothing of them for an article without them" "$out" "rubrik:|author:"

command -v curl > /dev/null || { echo "# curl is not installed: cari-serve not tried"; done_testing; exit; }
start_server "$TMP/log" --db "$TMP/db" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
api () {
    curl -s "$URL/api/search?$1" | jq -r '.hits[].id' | sed 's|.*/||; s|\.[a-z]*$||' |
	sort | tr '\n' ' ' | sed 's/ $//'
}
expect_eq "/api/search rubrik=" "$(api 'q=berita&rubrik=ekonomi')" "h2 j2"
expect_eq "/api/search tag= and rubrik=" "$(api 'q=berita&tag=Timnas&rubrik=sepak+bola')" "j1 t1"
expect_eq "/api/search rubrik= that no article has: no hits" "$(api 'q=berita&rubrik=kuliner')" ""
expect_eq "/api/search: the hit's fields" \
    "$(curl -s "$URL/api/search?q=author:budi" | jq -c '.hits[0] | [.author, .tags[0]]')" '["Budi Santoso","Timnas"]'
code=$(curl -s -o "$TMP/body" -w '%{http_code}' "$URL/api/search?q=berita&tag=$(printf '%0101d' 0)")
expect_eq "tag= over 100 bytes: 400" "$code" "400"
expect_match "it names tag" "$(cat "$TMP/body")" '"parameter": *"tag"'

curl -s -D "$TMP/head" -o "$TMP/page" "$URL/?q=berita&tag=timnas"
page=$(cat "$TMP/page")
expect_match "the page: a lazy thumbnail of fixed size, alt=\"\"" "$page" \
    '<img class="thumb" loading="lazy" decoding="async" width="120" height="80" alt="" src="https://img.example/j1.jpg">'
expect_match "the rubrik links to the results filtered by it" "$page" \
    '<a class="rubrik" href="\./\?q=berita&amp;rubrik=Sepak\+Bola&amp;tag=timnas">Sepak Bola</a>'
expect_match "each tag links to its filter" "$page" \
    '<a class="tag" href="\./\?q=berita&amp;tag=Piala\+AFF">Piala AFF</a>'
expect_match "the filter is kept for the next search, without JavaScript" "$page" \
    '<input type="hidden" name="tag" value="timnas">'
expect_match "and can be lifted" "$page" 'Tag: <strong>timnas</strong> <a class="lift" href="\./\?q=berita">'
expect_no_match "only the articles with the tag" "$page" "Harga cabai|Banjir Kudus"
expect_match "the CSP lets images of the web in" "$(cat "$TMP/head")" \
    "img-src 'self' http: https:;"
page=$(curl -s "$URL/?q=berita&rubrik=Sepak+Bola")
expect_match "following the rubrik link: its articles" "$page" "Persija menang tipis"
expect_no_match "and no other" "$page" "Ganda putra|Harga cabai"
page=$(curl -s "$URL/?q=redaksi")
expect_match "the author, HTML-escaped" "$page" '<span class="author">A &amp; B &lt;script&gt;</span>'
expect_match "a tag, HTML-escaped in the text and the link" "$page" \
    'href="\./\?q=redaksi&amp;tag=%3Cb%3Ex%3C%2Fb%3E">&lt;b&gt;x&lt;/b&gt;</a>'
expect_match "the image URL, escaped in its attribute" "$page" 'src="https://img.example/a&quot;b.jpg"'
page=$(curl -s "$URL/?q=banjir")
expect_no_match "no thumbnail, rubrik or tags for an article without them" "$page" \
    'class="thumb"|class="rubrik"|class="tags"'
stop_server

done_testing
