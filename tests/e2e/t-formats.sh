#!/bin/sh
# t-formats.sh - text articles, HTML pages, directory trees, standard input,
# --format and --prune
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

A="$TMP/arsip"
mkdir -p "$A/2025/10" "$A/.git"
cat > "$A/2025/10/banjir.txt" <<'X'
Banjir rendam tiga desa di Kudus
Date: 2025-10-21
Source: Kabar Kudus
Url: https://kabar.example/banjir-kudus

Hujan deras sejak Senin malam membuat Sungai Wulan meluap.
Warga mengungsi ke balai desa.
X
cat > "$A/2025/10/aktual.txt" <<'X'
Harga cabai rawit naik dua kali lipat
Pedagang di Pasar Kramat Jati mengeluh karena pasokan dari Garut berkurang.
X
cat > "$A/2025/10/kustom.txt" <<'X'
Jembatan baru diresmikan
id: jembatan-2025
date: 2025-10-30

Bupati meresmikan jembatan penghubung dua kecamatan.
X
cat > "$A/2025/gempa.html" <<'X'
<!DOCTYPE html>
<html><head><title>Gempa | Warta Jabar</title>
<meta property="og:title" content="Gempa magnitudo 5 guncang Cianjur">
<meta property="article:published_time" content="2025-11-02T07:15:00+07:00">
<meta property="og:site_name" content="Warta Jabar">
<link rel="canonical" href="https://warta.example/gempa-cianjur">
<style>.iklan { color: red }</style>
<script>var skripjahat = "jangan diindeks";</script></head>
<body><nav>Beranda Politik Olahraga</nav><header>Logo situs</header>
<article><h1>Gempa magnitudo 5 guncang Cianjur</h1>
<p>Warga berhamburan keluar rumah.</p><p>BMKG mencatat pusat gempa di darat.</p>
<aside>Baca juga: berita lainnya</aside></article>
<footer>Hak cipta kakisitus</footer></body></html>
X
cat > "$A/2025/polos.htm" <<'X'
<html><head><title>Pasar malam dibuka</title></head>
<body><p>Pasar malam di alun-alun dibuka kembali.</p></body></html>
X
echo 'bukan artikel' > "$A/2025/foto.jpg"
echo 'Rahasia git' > "$A/.git/config.txt"
sed -n 1,2p "$SAMPLE" > "$A/lama.jsonl"

run cari-index --db "$TMP/db" "$A"
expect_status "a directory tree: exit 0" 0
expect_match "a directory tree: text, HTML and JSON Lines, nothing else" "$out" \
    "^cari-index: 7 added, 0 replaced, 0 skipped \(unchanged\), 0 errors"

q () { cari-query --db "$TMP/db" --json -n 5 -- "$@"; }
hit () { q "$@" | jq -r '.hits[0] | [.id, .title, .date, .source, .url] | join("|")'; }
expect_eq "text with a header: id from the path, fields from the header" \
    "$(hit mengungsi)" "arsip/2025/10/banjir.txt|Banjir rendam tiga desa di Kudus|2025-10-21|Kabar Kudus|https://kabar.example/banjir-kudus"
expect_eq "text without a header: first line is the title" \
    "$(hit title:lipat)" "arsip/2025/10/aktual.txt|Harga cabai rawit naik dua kali lipat|||"
expect_eq "text with an Id: header (any case) takes that id" \
    "$(hit jembatan)" "jembatan-2025|Jembatan baru diresmikan|2025-10-30||"
expect_eq "HTML: og:title, published_time, site_name, canonical url" \
    "$(hit berhamburan)" "arsip/2025/gempa.html|Gempa magnitudo 5 guncang Cianjur|2025-11-02|Warta Jabar|https://warta.example/gempa-cianjur"
expect_eq "HTML without meta tags: <title> is the title" \
    "$(hit alun)" "arsip/2025/polos.htm|Pasar malam dibuka|||"
for w in skripjahat iklan beranda kakisitus lainnya; do
    run cari-query --db "$TMP/db" "$w"
    expect_status "HTML: '$w' (script, style, nav, footer, aside) is not indexed" 1
done
run cari-query --db "$TMP/db" --json berhamburan
expect_match "HTML: paragraphs are separate in the stored text" \
    "$(printf '%s' "$out" | jq -r '.hits[0].snippet_text')" "rumah\.[[:space:]]+BMKG"
run cari-query --db "$TMP/db" rahasia
expect_status "dot directories are left alone" 1

# Re-run: nothing changed; a changed file is replaced; --prune removes
# the articles of vanished files only.
run cari-index --db "$TMP/db" "$A"
expect_match "re-run of the tree: all skipped" "$out" "0 added, 0 replaced, 7 skipped"
sed -i 's/Sungai Wulan/Sungai Serang/' "$A/2025/10/banjir.txt"
rm "$A/2025/10/aktual.txt" "$A/2025/polos.htm"
run cari-index --db "$TMP/db" "$A"
expect_match "without --prune vanished files stay indexed" "$out" "0 added, 1 replaced, 4 skipped .*holds 7 articles"
run cari-index --db "$TMP/db" --prune "$A/"
expect_status "--prune: exit 0" 0
expect_match "--prune: the two vanished files are removed" "$out" \
    "0 added, 0 replaced, 5 skipped \(unchanged\), 2 deleted, 0 errors .*holds 5 articles"
run cari-query --db "$TMP/db" title:lipat
expect_status "--prune: a vanished article is gone" 1
run cari-query --db "$TMP/db" jembatan
expect_status "--prune: an article with its own Id: is kept" 0

# --prune leaves alone an article of a JSON Lines file whose id looks like
# a path under the directory (only text and HTML files' ids are paths).
printf '%s\n' '{"id": "arsip/2025/berita-penting", "content": "Berita penting dari feed."}' > "$TMP/feed.jsonl"
cari-index -q --db "$TMP/db" "$TMP/feed.jsonl"
run cari-index --db "$TMP/db" --prune "$A"
expect_match "--prune: a JSON Lines id under the directory's name is kept" "$out" "0 deleted"
run cari-query --db "$TMP/db" -n 1 --json penting
expect_eq "--prune: that article is still found" "$(printf '%s' "$out" | jq -r '.hits[0].id')" "arsip/2025/berita-penting"

# Two directories with the same last name share ids: warned, and the
# warning names the first file (which the walk of its directory no longer
# holds in memory).
mkdir -p "$TMP/th/2024/news" "$TMP/th/2025/news"
printf 'Lama\n\nBerita harimau 2024.\n' > "$TMP/th/2024/news/x.txt"
printf 'Baru\n\nBerita harimau 2025.\n' > "$TMP/th/2025/news/x.txt"
run cari-index --db "$TMP/th.db" "$TMP/th/2024/news" "$TMP/th/2025/news"
expect_match "same-named directories: warned with what to do" "$err" \
    "warning: '.*2024/news' and '.*2025/news' both give ids starting 'news/'.*index a directory above both"
expect_match "a repeated id names the file it was first read from" "$err" \
    "2025/news/x.txt: warning: id 'news/x.txt' was already read at .*/th/2024/news/x.txt in this run"

# Standard input and --format.
printf 'Kereta cepat uji coba\nId: kereta-1\n\nKereta cepat menjalani uji coba.\n' |
    cari-index --db "$TMP/db" --format text - > "$TMP/o" 2>&1
expect_match "--format text -: a text article from standard input" "$(cat "$TMP/o")" "1 added"
expect_eq "stdin text: its Id: header is the id" "$(hit kereta)" "kereta-1|Kereta cepat uji coba|||"
printf 'Tanpa id\n\nIsi dari stdin tanpa id.\n' | cari-index --db "$TMP/db" --format text - > "$TMP/o" 2>&1
expect_match "stdin text without Id: is refused with what to do" "$(cat "$TMP/o")" \
    "\(stdin\): the article has no id: read from standard input, it needs an \"Id:\" or \"Url:\" line"
printf 'Tanpa id\nUrl: https://kabar.example/tanpa-id\n\nIsi dengan alamat saja.\n' |
    cari-index -q --db "$TMP/db" --format text - 2> /dev/null
expect_eq "stdin text with a Url: line: the url is the id" "$(hit alamat)" \
    "https://kabar.example/tanpa-id|Tanpa id|||https://kabar.example/tanpa-id"
cari-index -q --db "$TMP/db" --format html - < "$A/2025/gempa.html" 2> /dev/null
expect_eq "stdin HTML: its canonical link is the id" "$(q berhamburan | jq -r '[.hits[].id] | sort | join(" ")')" \
    "arsip/2025/gempa.html https://warta.example/gempa-cianjur"
# gzip JSON Lines on standard input, its first byte alone in the pipe for
# a moment: still told from plain text.
(printf '\037'; sleep 0.3; gzip -c "$SAMPLE" | tail -c +2) |
    cari-index --db "$TMP/gzpipe" - > "$TMP/o" 2>&1
expect_match "gzip on a pipe whose first read is one byte" "$(cat "$TMP/o")" \
    "$(grep -c . "$SAMPLE") added, 0 replaced, 0 skipped \(unchanged\), 0 errors"
cp "$A/2025/gempa.html" "$TMP/halaman.dat"
run cari-index --db "$TMP/db2" --format html "$TMP/halaman.dat"
expect_match "--format html reads a file whatever its name" "$out" "1 added"
run cari-index --db "$TMP/db2" --format word "$TMP/halaman.dat"
expect_status "--format word: usage error" 2

done_testing
