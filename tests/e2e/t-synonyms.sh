#!/bin/sh
# t-synonyms.sh - synonyms and old spelling at query time (issue 21): every
# group of data/synonyms.txt both ways (each form finds the articles that
# write any form of its group, which it does not without synonyms), over
# articles this test writes from the file; every old-spelling rule both
# ways (Soeharto finds Suharto, Suharto finds Soeharto); expanded_query
# and the file's identity in the JSON, "searched as" in the text, "Dicari
# sebagai" on the page, the identity in cari-serve's log; bad files named
# with FILE:LINE and a non-zero exit; --synonyms none and CARI_SYNONYMS.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

SYN="$top_srcdir/data/synonyms.txt"
unset CARI_SYNONYMS

# The groups: one line each, forms separated by '|'.
sed -e 's/#.*//' "$SYN" | awk -F= 'NF > 1 {
    out = ""
    for (i = 1; i <= NF; i++) { f = $i; gsub(/^[ \t]+|[ \t]+$/, "", f)
				out = out (i > 1 ? "|" : "") f }
    print out }' > "$TMP/groups"
ngroups=$(wc -l < "$TMP/groups")
[ "$ngroups" -ge 30 ] && pass "data/synonyms.txt has $ngroups groups" ||
    fail "data/synonyms.txt has $ngroups groups, want 30 or more"

# One article a form, writing only that form.
awk -F'|' '{ for (i = 1; i <= NF; i++)
    printf "{\"id\":\"g%df%d\",\"title\":\"Laporan %d\",\"date\":\"2024-01-01\",\"source\":\"uji\",\"content\":\"Laporan pagi ini menyebut %s dalam berita utama.\"}\n", NR, i, NR * 10 + i, $i }' \
    "$TMP/groups" > "$TMP/a.jsonl"
# The old-spelling rules: an article in each spelling of each pair.
cat > "$TMP/pairs" <<'EOF2'
oe>u Soeharto Suharto
oe>u Soekarno Sukarno
dj>j Djakarta Jakarta
dj>j Djoko Joko
tj>c Tjikini Cikini
tj>c ketjil kecil
sj>sy Sjahrir Syahrir
sj>sy masjarakat masyarakat
ch>kh Ichwan Ikhwan
ch>kh tachta takhta
nj>ny Njoto Nyoto
nj>ny njonja nyonya
EOF2
n=0
while read -r rule old new; do
    n=$((n + 1))
    printf '{"id":"s%do","title":"Sejarah %d","date":"1960-01-01","content":"Catatan lama tentang %s di arsip."}\n' "$n" "$n" "$old"
    printf '{"id":"s%dn","title":"Kini %d","date":"2024-01-01","content":"Catatan baru tentang %s di arsip."}\n' "$n" "$n" "$new"
done < "$TMP/pairs" >> "$TMP/a.jsonl"
index_fixture "$TMP/db" "$TMP/a.jsonl"

# ids_of Q [OPTIONS]: the ids of every hit, sorted, and expanded_query.
ids_of () {
    q=$1; shift
    cari-query --db "$TMP/db" --json -n 1000 "$@" -- "$q" |
	jq -r '([.hits[].id] | sort | join(" ")) + "|" + (.expanded_query // "")'
}
# has_all IDS WANT...: every id of WANT is in IDS.
has_all () {
    have=" $1 "; shift
    for w in "$@"; do
	case "$have" in *" $w "*) ;; *) return 1 ;; esac
    done
}

g=0
while IFS= read -r line; do
    g=$((g + 1))
    nf=$(printf '%s\n' "$line" | awk -F'|' '{ print NF }')
    want=$(seq 1 "$nf" | sed "s/^/g${g}f/" | tr '\n' ' ')
    f=0
    printf '%s\n' "$line" | tr '|' '\n' > "$TMP/forms"
    while IFS= read -r form; do
	f=$((f + 1))
	got=$(ids_of "$form" --synonyms "$SYN")
	# shellcheck disable=SC2086
	if has_all "${got%%|*}" $want && [ -n "${got#*|}" ]; then
	    pass "group $g: '$form' finds every form's articles ($want)"
	else
	    fail "group $g: '$form' finds every form's articles ($want)" \
		"got ${got%%|*}; expanded_query '${got#*|}'"
	fi
    done < "$TMP/forms"
    # Without synonyms the first form does not find the others' articles:
    # the test above can fail.
    first=$(head -1 "$TMP/forms")
    got=$(ids_of "$first" --synonyms none --exact)
    case " ${got%%|*} " in
	*" g${g}f2 "*) fail "group $g: without synonyms '$first' does not find g${g}f2" "got ${got%%|*}" ;;
	*) [ -z "${got#*|}" ] && pass "group $g: without synonyms '$first' does not find g${g}f2" ||
	       fail "group $g: without synonyms, no expanded_query" "${got#*|}" ;;
    esac
done < "$TMP/groups"

n=0
while read -r rule old new; do
    n=$((n + 1))
    for q in "$old" "$new"; do
	got=$(ids_of "$q" --synonyms none)
	check "$rule: $q finds both spellings (s${n}o s${n}n)" \
	    has_all "${got%%|*}" "s${n}o" "s${n}n"
    done
done < "$TMP/pairs"

# The passage marks the word as the article writes it.
run cari-query --db "$TMP/db" --json --synonyms none Suharto
expect_match "Suharto marks Soeharto in the old article" \
    "$(printf '%s' "$out" | jq -r '.hits[] | select(.id == "s1o") | .snippet_html')" \
    "<mark>Soeharto</mark>"

# AS: only in capitals ("as" is a word).
got=$(ids_of "as" --synonyms "$SYN")
expect_eq "'as' in lower case is not expanded" "${got#*|}" ""
gAS=$(grep -n '^AS|' "$TMP/groups" | cut -d: -f1)
got=$(ids_of "AS" --synonyms "$SYN")
check "'AS' in capitals finds Amerika Serikat" has_all "${got%%|*}" "g${gAS}f2"

# The JSON and the text.
run cari-query --db "$TMP/db" --json --synonyms "$SYN" KPK
expect_eq "expanded_query of KPK" "$(printf '%s' "$out" | jq -r .expanded_query)" \
    '(KPK OR "Komisi Pemberantasan Korupsi")'
bytes=$(wc -c < "$SYN" | tr -d ' ')
expect_match "synonyms is the file's identity" \
    "$(printf '%s' "$out" | jq -r .synonyms)" "^$SYN $ngroups $bytes [0-9a-f]{16}\$"
run cari-query --db "$TMP/db" --json --synonyms "$SYN" laporan
expect_eq "no synonym: no expanded_query" \
    "$(printf '%s' "$out" | jq -r '.expanded_query // "absent"')" absent
run cari-query --db "$TMP/db" --synonyms "$SYN" --color=never KPK
expect_match "the text says what was searched" "$out" \
    '^searched as: \(KPK OR "Komisi Pemberantasan Korupsi"\)$'
CARI_SYNONYMS="$SYN" run cari-query --db "$TMP/db" --json KPK
expect_match "CARI_SYNONYMS names the file" \
    "$(printf '%s' "$out" | jq -r .expanded_query)" "Komisi"
CARI_SYNONYMS=none run cari-query --db "$TMP/db" --json KPK
expect_eq "CARI_SYNONYMS=none: no synonyms" \
    "$(printf '%s' "$out" | jq -r '.expanded_query // "absent"')" absent

# Bad files.
printf 'KPK = Komisi Pemberantasan Korupsi\nDPR Dewan Perwakilan Rakyat\n' > "$TMP/bad.txt"
run cari-query --db "$TMP/db" --synonyms "$TMP/bad.txt" KPK
expect_status "a bad line: exit 2" 2
expect_match "a bad line is named FILE:LINE" "$err" \
    "^cari-query: $TMP/bad.txt:2: a group needs two forms"
printf 'KPK = Komisi\nkpk = Korupsi\n' > "$TMP/twice.txt"
run cari-query --db "$TMP/db" --synonyms "$TMP/twice.txt" KPK
expect_match "a form in two groups is named FILE:LINE" "$err" \
    "twice.txt:2: a form is already in another group"
run cari-query --db "$TMP/db" --synonyms "$TMP/missing.txt" KPK
expect_status "a missing file: exit 2" 2
expect_match "a missing file is named, with what to do" "$err" \
    "cannot read the synonyms file $TMP/missing.txt: .*--synonyms none"
CARI_SYNONYMS="$TMP/bad.txt" run cari-query --db "$TMP/db" KPK
expect_match "a bad CARI_SYNONYMS file too" "$err" "bad.txt:2:"

# cari-serve: the identity logged, the API and the page.
if start_server "$TMP/serve.log" --db "$TMP/db" --synonyms "$SYN"; then
    expect_match "cari-serve logs the synonyms' identity" \
	"$(cat "$TMP/serve.log")" "cari-serve: synonyms: $SYN $ngroups $bytes [0-9a-f]{16}"
    expect_eq "the API gives expanded_query" \
	"$(curl -s "$URL/api/search?q=Komisi+Pemberantasan+Korupsi" | jq -r .expanded_query)" \
	'(KPK OR "Komisi Pemberantasan Korupsi")'
    expect_match "the page says Dicari sebagai" \
	"$(curl -s "$URL/?q=KPK")" \
	'<p class="expanded">Dicari sebagai: <strong>\(KPK OR &quot;Komisi Pemberantasan Korupsi&quot;\)</strong>'
    expect_no_match "no synonym: the page says nothing of it" \
	"$(curl -s "$URL/?q=laporan")" "Dicari sebagai"
    stop_server
else
    fail "cari-serve starts with --synonyms" "$(cat "$TMP/serve.log")"
fi
run cari-serve --listen 127.0.0.1:0 --db "$TMP/db" --synonyms "$TMP/bad.txt"
expect_status "cari-serve with a bad synonyms file: exit 2" 2
expect_match "cari-serve names FILE:LINE" "$err" "^cari-serve: $TMP/bad.txt:2:"

done_testing
