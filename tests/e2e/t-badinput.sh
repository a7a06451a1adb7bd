#!/bin/sh
# t-badinput.sh - the bad-input catalogue: each bad article or file is
# reported with FILE:LINE (or FILE) and what to do, the good articles
# around it are indexed, and the exit status says something was skipped.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

good1='{"id": "g1", "title": "Banjir di Demak", "content": "Air sungai meluap ke sawah."}'
good2='{"id": "g2", "title": "Panen raya", "content": "Petani di Grobogan memanen padi."}'
# around NAME LINE: a JSON Lines file with LINE between two good articles.
around () { { echo "$good1"; printf '%s\n' "$2"; echo "$good2"; } > "$TMP/$1.jsonl"; }
# expect_good NAME DB: both good articles were indexed.
expect_good () {
    got=$(cari-query --db "$2" --json -n 10 'banjir OR panen' | jq -r '[.hits[].id] | sort | join(" ")')
    expect_eq "$1: the good articles around it are indexed" "$got" "g1 g2"
}

# Invalid UTF-8 in JSON Lines: the line is skipped, with how to convert.
around utf8 "$(printf '{"id": "u", "content": "harga \377 naik"}')"
run cari-index --db "$TMP/utf8" "$TMP/utf8.jsonl"
expect_status "invalid UTF-8 line: exit 1" 1
expect_match "invalid UTF-8 line: FILE:LINE and iconv" "$err" \
    "utf8.jsonl:2: invalid UTF-8 .*convert the file to UTF-8.*line skipped"
expect_good "invalid UTF-8 line" "$TMP/utf8"

# An id with a control character (a newline, a tab) would break the
# line-based outputs: the line is refused with the reason.
printf '%s\n' '{"id": "baris\nbaru", "content": "Isi."}' '{"id": "baik", "content": "Isi baik."}' > "$TMP/ctlid.jsonl"
run cari-index --db "$TMP/ctlid" "$TMP/ctlid.jsonl"
expect_match "an id with a newline: FILE:LINE, the reason, exit 1" "$status $err" \
    "^1 .*ctlid.jsonl:1: field \"id\" holds a control character \(byte 10 at 6\)"
expect_match "an id with a newline: the next article is indexed" "$out" "1 added"

# One JSON array or document over many lines (pretty-printed): one
# message with the command that converts it, not an error a line.
printf '[\n  {\n    "id": "a1",\n    "content": "Isi."\n  }\n]\n' > "$TMP/array.json"
run cari-index --db "$TMP/array" "$TMP/array.json"
expect_match "a pretty-printed JSON array: exit 1, one message with jq" "$status $err" \
    "^1 .*array.json:1: this is one JSON array over many lines.*jq -c '\.\[\]'.*file skipped$"

# A UTF-8 byte order mark at the start of a JSON Lines file (and CRLF
# line ends), as Windows tools write them: the first article is read too.
printf '\357\273\277{"id": "bom-1", "content": "Pertama dengan tanda urutan."}\r\n{"id": "bom-2", "content": "Kedua."}\r\n' > "$TMP/bom.jsonl"
run cari-index --db "$TMP/bom" "$TMP/bom.jsonl"
expect_match "byte order mark: both articles, no error" "$status $out" "^0 .*2 added, 0 replaced, 0 skipped \(unchanged\), 0 errors"

# Invalid UTF-8 in a text article: repaired (U+FFFD) and warned.
mkdir -p "$TMP/tree"
printf 'Harga cabai\n\nHarga cabai naik \377\376 tajam di pasar.\n' > "$TMP/tree/latin.txt"
run cari-index --db "$TMP/latin" "$TMP/tree/latin.txt"
expect_status "invalid UTF-8 text file: indexed, exit 0" 0
expect_match "invalid UTF-8 text file: warned with the file" "$err" \
    "latin.txt: warning: 2 bytes of invalid UTF-8 replaced by U\+FFFD; convert"
run cari-query --db "$TMP/latin" --json tajam
expect_eq "invalid UTF-8 text file: its words are found" "$(printf '%s' "$out" | jq .total)" 1

# NUL bytes: a JSON Lines line, and a text file.
{ echo "$good1"; printf '{"id": "n", "content": "a\001b"}\n' | tr '\001' '\000'
  echo "$good2"; } > "$TMP/nul.jsonl"
run cari-index --db "$TMP/nul" "$TMP/nul.jsonl"
expect_status "NUL byte line: exit 1" 1
expect_match "NUL byte line: FILE:LINE" "$err" "nul.jsonl:2: NUL byte at column 26.*line skipped"
expect_good "NUL byte line" "$TMP/nul"
printf 'Judul\n\nisi\000biner\n' > "$TMP/binary.txt"
run cari-index --db "$TMP/nul" "$TMP/binary.txt"
expect_status "NUL byte text file: exit 1" 1
expect_match "NUL byte text file: named, skipped" "$err" "binary.txt: NUL byte at offset 10: not a text file; skipped"

# A broken JSON line.
around broken '{"id": "b", "content": "tanpa kurung"'
run cari-index --db "$TMP/broken" "$TMP/broken.jsonl"
expect_status "broken JSON: exit 1" 1
expect_match "broken JSON: FILE:LINE, what to do" "$err" "broken.jsonl:2: invalid JSON at column [0-9]+: .*line skipped \(fix it and run again\)"
expect_good "broken JSON" "$TMP/broken"

# No id: the url serves (warned); without a url it is an error; a text
# file takes its path.
around url '{"url": "https://contoh.id/berita/1", "content": "Gempa kecil di Sukabumi."}'
run cari-index --db "$TMP/url" "$TMP/url.jsonl"
expect_status "no id but a url: indexed, exit 0" 0
expect_match "no id but a url: warned" "$err" "url.jsonl:2: warning: no \"id\"; its url 'https://contoh.id/berita/1' is used as the id"
run cari-query --db "$TMP/url" --json gempa
expect_eq "no id but a url: found under its url" "$(printf '%s' "$out" | jq -r '.hits[0].id')" "https://contoh.id/berita/1"
around noid '{"title": "Tanpa id", "content": "Tidak ada id maupun url."}'
run cari-index --db "$TMP/noid" "$TMP/noid.jsonl"
expect_status "no id, no url: exit 1" 1
expect_match "no id, no url: FILE:LINE and what to do" "$err" "noid.jsonl:2: missing field \"id\" \(and no \"url\" to use instead\); give each article an id"
expect_good "no id, no url" "$TMP/noid"

# An empty body: JSON Lines and text.
around empty '{"id": "e", "title": "Kosong", "content": "  \n "}'
run cari-index --db "$TMP/empty" "$TMP/empty.jsonl"
expect_status "empty body line: exit 1" 1
expect_match "empty body line: FILE:LINE" "$err" "empty.jsonl:2: field \"content\" is empty; line skipped"
expect_good "empty body line" "$TMP/empty"
mkdir -p "$TMP/tree2"
printf 'Judul saja\nDate: 2025-01-02\n\n\n' > "$TMP/tree2/a-empty.txt"
printf 'Gempa di Garut\n\nRumah warga retak.\n' > "$TMP/tree2/b-good.txt"
run cari-index --db "$TMP/empty2" "$TMP/tree2"
expect_status "empty body text file: exit 1" 1
expect_match "empty body text file: named" "$err" "a-empty.txt: the article has no body text; skipped"
expect_match "empty body text file: the next file is indexed" "$out" "1 added"

# HTML: an empty page is named as such; a page of unclosed tags nested
# 20,000 deep (past libxml2's default limit of 256) still gives its text.
: > "$TMP/c-empty.html"
awk 'BEGIN { printf "<html><head><title>Tag terbuka</title></head><body>";
    for (i = 0; i < 20000; i++) printf "<div><font>";
    printf "<p>Teks jauh di dalam halaman lama.</p></body></html>\n" }' > "$TMP/deep.html"
run cari-index --db "$TMP/html" "$TMP/c-empty.html" "$TMP/deep.html"
expect_match "an empty HTML file: named as empty" "$err" "c-empty.html: the file is empty; skipped"
expect_match "a page nested 20,000 deep: indexed" "$out" "1 added"
run cari-query --db "$TMP/html" --json halaman
expect_eq "a page nested 20,000 deep: its text is found" "$(printf '%s' "$out" | jq -r '.hits[0].title')" "Tag terbuka"

# A 50 MB article: indexed up to 2 MiB, warned.
{ printf '%s\n' "$good1"
  printf '{"id": "besar", "title": "Artikel raksasa", "content": "awal '
  yes 'kata berita yang sangat panjang sekali' | head -c 50000000 | tr '\n' ' '
  printf ' akhircerita"}\n'
  printf '%s\n' "$good2"; } > "$TMP/big.jsonl"
run cari-index --db "$TMP/big" "$TMP/big.jsonl"
expect_status "50 MB article: exit 0 (indexed, cut)" 0
expect_match "50 MB article: warned with FILE:LINE and the limit" "$err" \
    "big.jsonl:2: warning: article 'besar' has 50.0 MB of text; only the first 2 MiB is indexed"
run cari-query --db "$TMP/big" --json awal
expect_eq "50 MB article: its start is indexed" "$(printf '%s' "$out" | jq -r '.hits[0].id')" besar
run cari-query --db "$TMP/big" --json akhircerita
expect_status "50 MB article: text beyond the limit is not" 1
expect_good "50 MB article" "$TMP/big"

# An unreadable file (as root, /proc/self/mem fails to read; otherwise a
# file with mode 000 is used too).
run cari-index --db "$TMP/unread" --format text /proc/self/mem "$TMP/tree2/b-good.txt"
expect_status "unreadable file: exit 1" 1
expect_match "unreadable file: named with the reason" "$err" "cannot read '/proc/self/mem': .*skipped"
expect_match "unreadable file: the next file is indexed" "$out" "1 added"
if [ "$(id -u)" != 0 ]; then
    printf 'Rahasia\n\nisi\n' > "$TMP/secret.txt"
    chmod 000 "$TMP/secret.txt"
    run cari-index --db "$TMP/unread" "$TMP/secret.txt"
    expect_match "mode 000 file: says to check permissions" "$err" "cannot read '.*secret.txt': Permission denied; skipped \(check its permissions\)"
fi

# A missing directory: reported, exit 1; --prune deletes nothing for it.
run cari-index --db "$TMP/empty2" --prune "$TMP/no-such-dir" "$TMP/tree2"
expect_status "missing directory: exit 1" 1
expect_match "missing directory: named" "$err" "cannot read '.*no-such-dir': No such file or directory"
expect_match "missing directory: --prune removed nothing" "$out" "0 deleted, 2 errors.*holds 1 articles"

done_testing
