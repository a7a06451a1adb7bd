#!/bin/sh
# t-nightly.sh - doc/nightly.md works as written: its cron lines, taken
# from the file, run in cron's environment (env -i, PATH=/usr/bin:/bin,
# /bin/sh) with its paths moved into a temporary directory, and print
# something (which cron mails) exactly when the doc says they do; its
# systemd service runs under env -i and its SuccessExitStatus= takes the
# statuses the doc calls success and no other; the units pass
# systemd-analyze verify where there is one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

DOC="$top_srcdir/doc/nightly.md"
BIN=$(cd "$top_builddir" && pwd)
ARSIP="$TMP/arsip"

# The documented paths, moved here.
subst () {
    sed -e "s|/usr/local/bin/cari-index|$BIN/cari-index|g" \
	-e "s|/var/lib/cari/index|$TMP/index|g" \
	-e "s|/srv/arsip|$ARSIP|g" \
	-e "s|/var/log/cari-index.log|$TMP/cari-index.log|g"
}

# The command of each line of the ```cron block (the five time fields cut).
awk '/^```cron/ { f = 1; next } /^```/ { f = 0 } f && !/^#/ && NF' "$DOC" |
    sed 's/^[^ ]* *[^ ]* *[^ ]* *[^ ]* *[^ ]* *//' | subst > "$TMP/cron"
nightly=$(sed -n 1p "$TMP/cron")
weekly=$(sed -n '/--compact/p' "$TMP/cron")
expect_match "doc: a cron line that indexes the archive" "$nightly" "cari-index .*$ARSIP"
expect_match "doc: the cron line names cari-index by its full path" \
    "$(awk '/^```cron/ { f = 1; next } /^```/ { f = 0 } f && !/^#/' "$DOC")" \
    '^[0-9*]+ [0-9*]+ [0-9*]+ [0-9*]+ [0-9*]+ +/usr/local/bin/cari-index '
expect_match "doc: a weekly --compact cron line" "$weekly" "cari-index .*--compact"

# cron: /bin/sh -c LINE with next to no environment.  Output is what
# cron would mail.
cron_run () {
    env -i PATH=/usr/bin:/bin HOME="$TMP" SHELL=/bin/sh LOGNAME=cari \
	/bin/sh -c "$1" > "$TMP/mail" 2>&1
    status=$?
    mail=$(cat "$TMP/mail")
}

mkdir -p "$ARSIP/html"
gzip -c "$SAMPLE" > "$ARSIP/2025-10.jsonl.gz"
cat > "$ARSIP/html/berita.html" <<'EOF'
<html><head><title>Harga cabai naik di pasar Cianjur</title>
<link rel="canonical" href="https://example.org/cabai-cianjur"></head>
<body><p>Harga cabai rawit di pasar induk Cianjur naik dua kali lipat pekan
ini karena hujan deras merusak panen petani.</p></body></html>
EOF

# 1. All well: cron is told nothing; the index holds every article.
cron_run "$nightly"
expect_eq "cron, all well: the line exits 0" "$status" 0
expect_eq "cron, all well: nothing to mail" "$mail" ""
n=$(cari-index --db "$TMP/index" --stats | sed -n 's/^articles: //p')
expect_eq "cron, all well: the archive is indexed" "$n" 37

# 2. A bad line in an archive file: skipped and logged with a time; cron
# is not told (the doc says so: status 1 is expected).
{ zcat "$ARSIP/2025-10.jsonl.gz"; echo '{"id": "rusak", "content": '; } |
    gzip -c > "$ARSIP/2025-11.jsonl.gz"
: > "$TMP/cari-index.log"
cron_run "$nightly"
expect_eq "cron, a bad line: the line exits 0" "$status" 0
expect_eq "cron, a bad line: nothing to mail" "$mail" ""
expect_match "cron, a bad line: in the log, with the time and FILE:LINE" \
    "$(cat "$TMP/cari-index.log")" \
    '^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]{8}[+-][0-9][0-9]:[0-9][0-9] .*2025-11\.jsonl\.gz:37: '
rm "$ARSIP/2025-11.jsonl.gz"

# 3. The archive is missing (a glob that matches nothing, a directory of
# no files: an archive that is not mounted): cron is told.
mv "$ARSIP" "$TMP/away"
mkdir -p "$ARSIP/html"
cron_run "$nightly"
expect_match "cron, no archive: cron is told, with the status" "$mail" \
    "^cari-index: exit status 4; see $TMP/cari-index.log"
expect_match "cron, no archive: the log names what is missing" \
    "$(cat "$TMP/cari-index.log")" "cannot read '$ARSIP/\*\.jsonl\.gz': No such file"
expect_match "cron, no archive: the log names the empty directory" \
    "$(cat "$TMP/cari-index.log")" "'$ARSIP/html' holds no article files"
rm -r "$ARSIP"
mv "$TMP/away" "$ARSIP"

# 4. The index cannot be written: cron is told.
mv "$TMP/index" "$TMP/index.real"
echo "not an index" > "$TMP/index"
cron_run "$nightly"
expect_match "cron, index unusable: cron is told (status 3)" "$mail" \
    "^cari-index: exit status 3;"
rm "$TMP/index"
mv "$TMP/index.real" "$TMP/index"

# 5. The weekly compaction: its report goes to the log, cron is told
# nothing; and it is told when there is no index.
: > "$TMP/cari-index.log"
cron_run "$weekly"
expect_eq "cron, --compact: nothing to mail" "$mail" ""
expect_match "cron, --compact: the report is in the log, with the time" \
    "$(cat "$TMP/cari-index.log")" \
    '^20[0-9-]+T[0-9:]+[+-][0-9:]+ cari-index: compacted .* MB on disk'
cron_run "$(printf '%s\n' "$weekly" | sed "s|$TMP/index|$TMP/no-index|")"
expect_match "cron, --compact of no index: cron is told" "$mail" \
    "^cari-index --compact: exit status 3"

# systemd: the service's ExecStart under env -i, its SuccessExitStatus.
awk '/^```ini/ { f = 1; n++; next } /^```/ { f = 0 } f { print > (dir "/unit" n) }' \
    dir="$TMP" "$DOC"
service=$(grep -l '^ExecStart=.*cari-index' "$TMP"/unit* | head -n 1)
timer=$(grep -l '^\[Timer\]' "$TMP"/unit* | head -n 1)
exec_start=$(sed -n 's/^ExecStart=//p' "$service" | subst)
success="0 $(sed -n 's/^SuccessExitStatus=//p' "$service")"
expect_match "doc: ExecStart names cari-index by its full path" \
    "$(sed -n 's/^ExecStart=//p' "$service")" '^/usr/local/bin/cari-index '
is_success () { printf ' %s \n' "$success" | grep -q " $1 "; }
rm -r "$TMP/index"
env -i PATH=/usr/bin:/bin $exec_start > "$TMP/out" 2> "$TMP/err"
status=$?
check "systemd, all well: status $status counts as success" is_success "$status"
{ zcat "$ARSIP/2025-10.jsonl.gz"; echo '{"id": "rusak", "content": '; } |
    gzip -c > "$ARSIP/2025-11.jsonl.gz"
env -i PATH=/usr/bin:/bin $exec_start > "$TMP/out" 2> "$TMP/err"
status=$?
expect_eq "systemd, a bad line: exit status 1" "$status" 1
check "systemd, a bad line: 1 counts as success (SuccessExitStatus)" is_success 1
rm "$ARSIP/2025-11.jsonl.gz"
mv "$ARSIP" "$TMP/away"
env -i PATH=/usr/bin:/bin $exec_start > "$TMP/out" 2> "$TMP/err"
status=$?
mv "$TMP/away" "$ARSIP"
expect_eq "systemd, no archive: exit status 4" "$status" 4
check "systemd, no archive: 4 fails the unit" test -z "$(is_success 4 && echo yes)"
check "systemd, 3 (the index) fails the unit" test -z "$(is_success 3 && echo yes)"
# Under the journal (JOURNAL_STREAM names stderr) no time of our own.
mv "$ARSIP" "$TMP/away"
: > "$TMP/journal"
env -i PATH=/usr/bin:/bin JOURNAL_STREAM="$(stat -c %d:%i "$TMP/journal")" \
    $exec_start > /dev/null 2>> "$TMP/journal"
mv "$TMP/away" "$ARSIP"
expect_match "systemd, in the journal: no time of our own" \
    "$(cat "$TMP/journal")" "^cari-index: cannot read"

if command -v systemd-analyze > /dev/null 2>&1; then
    mkdir "$TMP/units"
    subst < "$service" > "$TMP/units/cari-index.service"
    cp "$timer" "$TMP/units/cari-index.timer"
    sed "s|/usr/local/bin/cari-serve|$BIN/cari-serve|" \
	"$top_srcdir/doc/cari-serve.service" > "$TMP/units/cari-serve.service"
    for u in cari-index.service cari-index.timer cari-serve.service; do
	v=$(cd "$TMP/units" && timeout 120 systemd-analyze verify "./$u" 2>&1)
	st=$?
	if [ "$st" -eq 0 ] && [ -z "$v" ]; then
	    pass "systemd-analyze verify $u: clean"
	else
	    fail "systemd-analyze verify $u: clean" "status $st: $v"
	fi
    done
else
    echo "# skip: systemd-analyze is not installed; the units were not verified"
fi

done_testing
