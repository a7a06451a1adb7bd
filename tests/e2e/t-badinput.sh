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
expect_status "unreadable file: exit 4" 4
expect_match "unreadable file: named with the reason" "$err" "cannot read '/proc/self/mem': .*skipped"
expect_match "unreadable file: the next file is indexed" "$out" "1 added"
if [ "$(id -u)" != 0 ]; then
    printf 'Rahasia\n\nisi\n' > "$TMP/secret.txt"
    chmod 000 "$TMP/secret.txt"
    run cari-index --db "$TMP/unread" "$TMP/secret.txt"
    expect_match "mode 000 file: says to check permissions" "$err" "cannot read '.*secret.txt': Permission denied; skipped \(check its permissions\)"
fi

# A missing directory: reported, exit 4; --prune deletes nothing for it.
run cari-index --db "$TMP/empty2" --prune "$TMP/no-such-dir" "$TMP/tree2"
expect_status "missing directory: exit 4" 4
expect_match "missing directory: named" "$err" "cannot read '.*no-such-dir': No such file or directory"
expect_match "missing directory: --prune removed nothing" "$out" "0 deleted, 2 errors.*holds 1 articles"

# A damaged gzip file: three members (as cat a.gz b.gz c.gz makes) of ten
# articles; a byte flipped in the middle of the second.  Its articles are
# all skipped, with the member's offset and first line, the others are
# indexed, and an index that had them keeps its versions.
# members VERSION: the three members' texts, written as m1, m2, m3.
members () {
    for m in 1 2 3; do
	for i in 0 1 2 3 4 5 6 7 8 9; do
	    printf '{"id": "m%s-%s", "content": "Berita %s nomor %s dari bagian %s tentang pelabuhan Tanjung Emas."}\n' \
		"$m" "$i" "$1" "$i" "$m"
	done > "$TMP/m$m"
    done
}
# flip FILE OFFSET: one byte of FILE changed.
flip () {
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf %03o $((b ^ 85)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2> /dev/null
}
members lama
cat "$TMP/m1" "$TMP/m2" "$TMP/m3" > "$TMP/lama.jsonl"
for m in 1 2 3; do gzip -c "$TMP/m$m"; done > "$TMP/lama.jsonl.gz"
members baru
for m in 1 2 3; do gzip -c "$TMP/m$m"; done > "$TMP/baru.jsonl.gz"
m1=$(gzip -c "$TMP/m1" | wc -c); m2=$(gzip -c "$TMP/m2" | wc -c)
flip "$TMP/baru.jsonl.gz" $((m1 + m2 / 2))
cp "$TMP/baru.jsonl.gz" "$TMP/flip.jsonl.gz"
run cari-index --db "$TMP/gzflip" "$TMP/flip.jsonl.gz"
expect_match "gzip, a byte flipped in member 2: exit 1, FILE:LINE, offset, skipped" "$status $err" \
    "^1 .*flip.jsonl.gz:11: the gzip member at byte $m1 is damaged \(wrong checksum\): its articles, line 11 to about line 20, are skipped"
expect_match "gzip, a byte flipped: the sound members are indexed" "$out" "20 added.*1 errors"
got=$(cari-query --db "$TMP/gzflip" --json -n 100 pelabuhan | jq -r '[.hits[].id | select(startswith("m2-"))] | length')
expect_eq "gzip, a byte flipped: no article of the damaged member" "$got" 0

# The same on an index that has the old versions: member 2's are kept.
run cari-index --db "$TMP/gzold" "$TMP/lama.jsonl.gz"
run cari-index --db "$TMP/gzold" "$TMP/baru.jsonl.gz"
expect_match "gzip, flipped, existing index: 20 replaced, exit 1" "$status $out" "^1 .*0 added, 20 replaced.*1 errors"
got=$(cari-query --db "$TMP/gzold" --json -n 100 pelabuhan | jq -r '[.hits[] | select(.id | startswith("m2-")) | .snippet_text | test("lama")] | map(tostring) | unique | join(" ")')
expect_eq "gzip, flipped, existing index: member 2 keeps its old text" "$got" "true"
got=$(cari-query --db "$TMP/gzold" --json -n 100 pelabuhan | jq '.total')
expect_eq "gzip, flipped, existing index: all 30 articles still there" "$got" 30

# One member, flipped mid-stream; and a file cut short.
gzip -c "$TMP/lama.jsonl" > "$TMP/one.jsonl.gz"
flip "$TMP/one.jsonl.gz" $(($(wc -c < "$TMP/one.jsonl.gz") / 2))
run cari-index --db "$TMP/gzone" "$TMP/one.jsonl.gz"
expect_match "gzip, one member flipped: exit 1, named" "$status $err" \
    "^1 .*one.jsonl.gz:1: the gzip member at byte 0 is damaged "
expect_match "gzip, one member flipped: nothing indexed" "$out" " 0 added"
for m in 1 2 3; do gzip -c "$TMP/m$m"; done | head -c $((m1 + m2 / 2)) > "$TMP/cut.jsonl.gz"
run cari-index --db "$TMP/gzcut" "$TMP/cut.jsonl.gz"
expect_match "gzip cut short: exit 1, the cut member named, its articles skipped" "$status $err" \
    "^1 .*cut.jsonl.gz:11: the gzip member at byte $m1 is damaged \(the file ends inside it: truncated\)"
expect_match "gzip cut short: the sound member indexed" "$out" "10 added"
# On standard input (copied to a file to be checked first).
run sh -c "cat '$TMP/flip.jsonl.gz' | cari-index --db '$TMP/gzpipe' -"
expect_match "gzip on a pipe, flipped: the same" "$status $err" \
    "^1 .*\(stdin\):11: the gzip member at byte $m1 is damaged "
expect_match "gzip on a pipe, flipped: the sound members indexed" "$out" "20 added"

# Caps: a title over 2,000 bytes is cut, a url over 4,096 or a source over
# 200 bytes left out, each with a warning naming FILE:LINE; dates outside
# 1900-01-01..tomorrow and impossible times indexed without a date.
long=$(printf '%03000d' 0 | tr 0 a)
printf '{"id": "cap1", "title": "Judul %s", "url": "https://contoh.id/%s%s", "source": "%s", "content": "Jembatan gantung diresmikan."}\n' \
    "$long" "$long" "$long" "$(printf '%0300d' 0 | tr 0 s)" > "$TMP/caps.jsonl"
printf '{"id": "d1", "date": "9999-12-31", "content": "Jembatan tahun jauh."}\n{"id": "d2", "date": "0001-01-01", "content": "Jembatan tahun satu."}\n{"id": "d3", "date": "2025-10-21T25:99:99", "content": "Jembatan jam aneh."}\n{"id": "d4", "date": "2025-10-21T08:30:00+07:00", "content": "Jembatan baik."}\n' >> "$TMP/caps.jsonl"
run cari-index --db "$TMP/caps" "$TMP/caps.jsonl"
expect_match "a 3 kB title: cut, warned with FILE:LINE" "$err" "caps.jsonl:1: warning: article 'cap1' has a title of 3006 bytes; it is cut to the first 2000"
expect_match "a 6 kB url: left out, warned" "$err" "caps.jsonl:1: warning: article 'cap1' has a url of [0-9]+ bytes \(the limit is 4096\); indexed without it"
expect_match "a 300-byte source: left out, warned" "$err" "caps.jsonl:1: warning: article 'cap1' has a source of 300 bytes \(the limit is 200\)"
expect_match "date 9999-12-31: out of range, warned" "$err" "caps.jsonl:2: warning: date '9999-12-31' is outside 1900-01-01\.\.[0-9-]+; indexed without a date \(CARI_DATE_RANGE"
expect_match "date 0001-01-01: out of range, warned" "$err" "caps.jsonl:3: warning: date '0001-01-01' is outside"
expect_match "time T25:99:99: refused, warned" "$err" "caps.jsonl:4: warning: date '2025-10-21T25:99:99' is not a real day"
expect_match "caps and dates: every article indexed, exit 0" "$status $out" "^0 .*5 added"
got=$(cari-query --db "$TMP/caps" --json -n 10 jembatan | jq -r '[.hits[] | "\(.id)=\(if .title_derived then 0 else (.title | length) end)/\(.url | length)/\(.source | length)/\(.date)"] | sort | join(" ")')
expect_eq "caps and dates: what is stored" "$got" "cap1=2000/0/0/ d1=0/0/0/ d2=0/0/0/ d3=0/0/0/ d4=0/0/0/2025-10-21"
run env CARI_DATE_RANGE=0001-01-01.. cari-index --db "$TMP/caps2" "$TMP/caps.jsonl"
expect_no_match "CARI_DATE_RANGE=0001-01-01..: year 1 is a date" "$err" "'0001-01-01' is outside"

# An HTML page over 8 MiB is refused before it is parsed (the tree takes
# many times its size); CARI_HTML_MAX_MB raises the limit.
{ printf '<html><head><title>Halaman besar</title></head><body><p>'
  head -c $((9 << 20)) /dev/zero | tr '\0' 'x'; printf '</p><p>Waduk penuh.</p></body></html>\n'; } > "$TMP/big.html"
run cari-index --db "$TMP/bightml" "$TMP/big.html"
expect_match "a 9 MiB HTML page: refused, exit 1, how to raise the limit" "$status $err" \
    "^1 .*cannot read '.*big.html': it is over the 8 MiB limit for an HTML page .*CARI_HTML_MAX_MB=N raises"
run env CARI_HTML_MAX_MB=16 cari-index --db "$TMP/bightml" "$TMP/big.html"
expect_match "CARI_HTML_MAX_MB=16: the page is indexed" "$status $out" "^0 .*1 added"

done_testing
