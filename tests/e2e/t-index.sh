#!/bin/sh
# t-index.sh - cari-index: summary, idempotent re-runs, bad input, locking
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DB="$TMP/db"
n_sample=$(grep -c . "$SAMPLE")

run cari-index --db "$DB" "$SAMPLE"
expect_status "index the sample corpus" 0
expect_match "summary counts every article as added" "$out" \
    "$n_sample added, 0 replaced, 0 skipped \(unchanged\), 0 errors in [0-9.]+ s \([0-9]+ articles/s\); '.*' holds $n_sample articles"

run cari-index --db "$DB" "$SAMPLE"
expect_status "re-index the same file" 0
expect_match "re-run: every article unchanged, none added, same count" "$out" \
    "0 added, 0 replaced, $n_sample skipped .*holds $n_sample articles"

# A changed article is replaced, not added.
sed -n 1p "$SAMPLE" | sed 's/Kopi Robusta/Kopi Arabika/' > "$TMP/changed.jsonl"
run cari-index --db "$DB" "$TMP/changed.jsonl"
expect_match "a changed article is replaced" "$out" \
    "0 added, 1 replaced, 0 skipped .*holds $n_sample articles"
run cari-query --db "$DB" --json title:arabika
expect_eq "the replacement is what is found" \
    "$(printf '%s' "$out" | jq -r '[.total, .hits[0].id] | join(" ")')" "1 sample-001"
run cari-query --db "$DB" --json title:robusta
expect_status "the old version is gone" 1

# gzip input, and the same article twice in one run.
gzip -c "$SAMPLE" > "$TMP/sample.jsonl.gz"
run cari-index --db "$TMP/gz" "$TMP/sample.jsonl.gz" "$TMP/sample.jsonl.gz"
expect_status "gzip input" 0
expect_match "gzip input: all articles, the second copy skipped" "$out" \
    "$n_sample added, 0 replaced, $n_sample skipped .*holds $n_sample articles"

# Broken lines are reported with file and line; the rest is indexed.
{
    sed -n 1p "$SAMPLE"
    echo '{"id": "broken", "content": "no closing brace"'
    echo
    sed -n 2p "$SAMPLE"
    echo '{"id": "nocontent"}'
    printf '{"id": "nul", "content": "a\000b"}\n'
    echo '{"id": "baddate", "date": "kemarin", "content": "Banjir kemarin sore."}'
} > "$TMP/bad.jsonl"
run cari-index --db "$TMP/bad" "$TMP/bad.jsonl"
expect_status "a file with broken lines exits 1" 1
expect_match "broken JSON reported as FILE:LINE" "$err" "bad.jsonl:2: invalid JSON"
expect_match "missing content reported with its line" "$err" 'bad.jsonl:5: missing field "content"'
expect_match "NUL byte reported with its line" "$err" "bad.jsonl:6: NUL byte"
expect_match "a bad date is a warning with its line" "$err" "bad.jsonl:7: warning: date 'kemarin'"
expect_match "the good lines are indexed" "$out" "3 added, 0 replaced, 0 skipped, 3 errors|3 added, 0 replaced, 0 skipped \(unchanged\), 3 errors"

# Files that cannot be read.
run cari-index --db "$TMP/bad" "$TMP/no-such-file.jsonl" "$SAMPLE"
expect_status "a missing file exits 4 (not 1: no input is not a bad line)" 4
expect_match "a missing file is named" "$err" "cannot read '.*no-such-file.jsonl': No such file"
expect_match "the other files are still indexed" "$out" \
    "$((n_sample - 2)) added, 0 replaced, 2 skipped .*holds $((n_sample + 1)) articles"

mkdir "$TMP/tree" && cp "$SAMPLE" "$TMP/tree/"
run cari-index --db "$TMP/bad" "$TMP/tree"
expect_match "a directory is read as a tree of articles" "$out" \
    "0 added, 0 replaced, $n_sample skipped"

run cari-index --db "$DB"
expect_status "no input files: usage error 2" 2
expect_match "no input files: says what to give" "$err" "no input files"

# One writer at a time; readers keep working while it runs.
mkfifo "$TMP/fifo"
cari-index --db "$DB" - < "$TMP/fifo" > "$TMP/first.out" 2>&1 &
first=$!
exec 3> "$TMP/fifo"
# Wait (at most 20 s) until the first writer holds Xapian's lock.
for i in $(seq 200); do
    ls -l /proc/$first/fd 2>/dev/null | grep -q flintlock && break
    sleep 0.1
done
run cari-index --db "$DB" "$SAMPLE"
expect_status "a second writer exits 3 at once" 3
expect_match "the second writer is told the index is locked" "$err" "is locked: another cari-index is writing"
run cari-query --db "$DB" banjir
expect_status "a reader works while the writer runs" 0
sed -n 3p "$SAMPLE" | sed 's/"sample-003"/"sample-new"/' >&3
exec 3>&-
wait $first
expect_eq "the first writer finishes its work" "$?" 0
expect_match "the first writer added the article from stdin" "$(cat "$TMP/first.out")" "1 added.*holds $((n_sample + 1)) articles"

# An index this user may not write to is not reported as locked.  As
# root, run as nobody (root writes anywhere); otherwise take the write
# permission away.
cari-index -q --db "$TMP/ro" "$SAMPLE"
# The program and the sample are copied where the other user can read them.
mkdir -p "$TMP/ro.bin" && cp "$top_builddir/cari-index" "$SAMPLE" "$TMP/ro.bin/"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
    chmod -R a+rX "$TMP/ro" "$TMP/ro.bin"; chmod a+x "$TMP"
    as_other () { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
    chmod -R a-w "$TMP/ro"
    as_other () { "$@"; }
fi
run as_other "$TMP/ro.bin/cari-index" --db "$TMP/ro" "$TMP/ro.bin/$(basename "$SAMPLE")"
expect_match "no write permission: exit 3, said as such with what to do" "$status $err" \
    "^3 .*cannot write to the index '.*ro': Permission denied; run this as the user that owns it"
chmod -R u+w "$TMP/ro"

# The default index: $CARI_DB, else ./cari.db.
(cd "$TMP" && cari-index -q "$SAMPLE" > "$TMP/q.out" 2>&1)
check "without --db the index is ./cari.db" test -d "$TMP/cari.db"
check "--quiet prints nothing" test ! -s "$TMP/q.out"
CARI_DB="$TMP/envdb" cari-index -q "$SAMPLE"
check "CARI_DB names the default index" test -d "$TMP/envdb"

# An index of another schema version is refused with what to do.
xapian-metadata set "$TMP/envdb" cari.schema 999
run cari-index --db "$TMP/envdb" "$SAMPLE"
expect_status "another schema version: exit 3" 3
expect_match "another schema version: told to rebuild" "$err" "version 999 .*rebuild it"

done_testing
