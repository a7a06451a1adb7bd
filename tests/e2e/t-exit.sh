#!/bin/sh
# t-exit.sh - cari-index's exit statuses tell "no input at all" (4) from
# "some lines skipped" (1), success (0) and a failed index (3)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

printf '%s\n' '{"id": "x", "content": ' > "$TMP/bad.jsonl"
mkdir -p "$TMP/empty" "$TMP/other"
echo "not an article" > "$TMP/other/README"

run cari-index --db "$TMP/db" "$SAMPLE"
expect_status "all indexed: 0" 0
run cari-index --db "$TMP/db" "$SAMPLE" "$TMP/bad.jsonl"
expect_status "a bad line, the rest indexed: 1" 1
run cari-index --db "$TMP/db" "$TMP/no-such.jsonl.gz"
expect_status "a missing file: 4" 4
expect_match "a missing file: named" "$err" "cannot read '.*no-such.jsonl.gz': No such file"
run cari-index --db "$TMP/db" "$SAMPLE" "$TMP/no-such-dir"
expect_status "a missing directory beside a good file: 4" 4
expect_match "a missing directory beside a good file: the file is indexed" \
    "$out" "0 added, 0 replaced, 36 skipped"
run cari-index --db "$TMP/db" "$TMP/bad.jsonl" "$TMP/no-such.jsonl"
expect_status "a missing file wins over a bad line: 4" 4
run cari-index --db "$TMP/db" "$TMP/empty"
expect_status "an empty directory (an archive not mounted): 4" 4
expect_match "an empty directory: says so" "$err" \
    "'.*empty' holds no article files .*nothing read from it"
run cari-index --db "$TMP/db" "$TMP/other"
expect_status "a directory of no article files: 4" 4
if [ "$(id -u)" != 0 ]; then
    cp "$SAMPLE" "$TMP/secret.jsonl"
    chmod 000 "$TMP/secret.jsonl"
    run cari-index --db "$TMP/db" "$TMP/secret.jsonl"
    expect_status "an unreadable file: 4" 4
else
    run cari-index --db "$TMP/db" --format text /proc/self/mem
    expect_status "an unreadable file (/proc/self/mem as root): 4" 4
fi
run cari-index --db "$TMP/db" - < /dev/null
expect_status "empty standard input: nothing wrong, 0" 0
echo "not a directory" > "$TMP/file-db"
run cari-index --db "$TMP/file-db" "$SAMPLE"
expect_status "the index cannot be opened: 3" 3
run cari-index --db "$TMP/file-db" "$TMP/no-such.jsonl"
expect_status "the index wins over a missing file: 3" 3
run cari-index --db "$TMP/db"
expect_status "nothing given: a usage error, 2" 2

# --help and the manual page say the same.
help=$(cari-index --help)
expect_match "--help documents 4" "$help" "4 an input was not read at all"
expect_match "the manual page documents 4" \
    "$(sed -n '/^\.SH EXIT STATUS/,/^\.SH ENV/p' "$top_srcdir/doc/cari-index.1")" \
    "^\.B 4$"
expect_match "doc/nightly.md documents 4" "$(cat "$top_srcdir/doc/nightly.md")" \
    "^\| 4 \| an input was not read at all"

done_testing
