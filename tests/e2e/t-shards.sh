#!/bin/sh
# t-shards.sh - an index of shards by year (cari-index --shard-by year):
# its layout, the same hits, order and scores as one index of the same
# articles (searches, facets, collapsing, date sort, fresh, related), an
# article whose year changed moved, a nightly run writing only its year,
# takedowns and deletions over every shard, --compact of the changed
# shards, --stats, remote years refused, bad input; cari-serve over it
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# The sample's articles over 2023-2025 and undated, and wire copies of
# equal text (equal weights: ties) in the same year and in another.
jq -c 'if (.id | ltrimstr("sample-") | tonumber) % 5 == 0
       then .date = ("2023" + .date[4:])
       elif (.id | ltrimstr("sample-") | tonumber) % 7 == 0
       then del(.date) else . end' "$SAMPLE" > "$TMP/in.jsonl"
jq -c 'select(.id == "sample-011" or .id == "sample-012" or
              .id == "sample-003") | .id = ("wire-" + .id) |
       .source = "Kantor Berita"' "$TMP/in.jsonl" > "$TMP/copies.jsonl"
jq -c 'select(.id == "sample-011" or .id == "sample-013") |
       .id = ("wire2-" + .id) | .source = "Kabar Lain" |
       .date = "2023-01-02"' "$TMP/in.jsonl" >> "$TMP/copies.jsonl"
cat "$TMP/copies.jsonl" >> "$TMP/in.jsonl"
n=$(wc -l < "$TMP/in.jsonl")

ONE="$TMP/one" SH="$TMP/sh"
index_fixture "$ONE" "$TMP/in.jsonl"
run cari-index --db "$SH" --shard-by year "$TMP/in.jsonl"
expect_status "--shard-by year: exit 0" 0
expect_match "--shard-by year: the summary counts every shard" "$out" \
    "$n added, .* holds $n articles"
expect_eq "DIR/SHARDS says the rule" "$(cat "$SH/SHARDS")" "by year"
want_dirs=$(jq -r '.date // "undated" | .[0:4] | sub("unda"; "undated")' \
		"$TMP/in.jsonl" | sort -u | tr '\n' ' ')
expect_eq "a shard a year, and undated" \
    "$(cd "$SH" && ls -d [0-9]* undated | tr '\n' ' ')" "$want_dirs"
top=$(for d in $want_dirs; do sed "s|^glass |glass $d/|" "$SH/$d/XAPIANDB"; done)
expect_eq "the top stub names every shard's parts" "$(cat "$SH/XAPIANDB")" "$top"
expect_eq "2023's shard holds the articles of 2023" \
    "$(cari-index --db "$SH/2023" --stats | sed -n 's/^articles: //p')" \
    "$(jq -r 'select(.date // "" | startswith("2023")) | .id' "$TMP/in.jsonl" | wc -l)"

# The same top 10 from both: ids, order, scores (%.12g: a weighted OR of
# many terms adds its terms' weights in another order over several
# databases, which changes the 16th digit), counts, facets, copies.  Not
# the group's key: a parallel build keys a group by whichever copy a core
# indexed first, in one index as in shards (DESIGN, "Wire copies").
top10 () {
    db=$1; shift
    cari-query --db "$db" --json "$@" 2> /dev/null | jq -c '[.total,
      [.hits[] | [.id, (.score * 1e12 | round), .copies]],
      .facets, .facets_exact]'
}
same () {
    name=$1; shift
    a=$(top10 "$ONE" "$@") b=$(top10 "$SH" "$@")
    if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$a" != '[null,[],null,null]' ]
    then pass "one index and shards: $name"
    else fail "one index and shards: $name" "one:    $a
shards: $b"
    fi
}
for q in banjir gempa harga pilkada "desa warga" "nelayan kapal" sekolah \
	 rumah "jakarta OR lampung"; do
    same "$q" "$q"
    same "$q --collapse" --collapse "$q"
    same "$q --facets" --facets "$q"
    same "$q --sort date" --sort date "$q"
    same "$q --fresh" --fresh 30d --now 2025-12-01 "$q"
done
same "--since 2024 --facets --collapse" --since 2024 --facets --collapse rumah
same "--source" --source "Kantor Berita" banjir
for id in sample-011 sample-003 sample-020; do
    same "--related $id" --related "$id"
done
# The order of equal weights is the library's, not the document ids'.
ties=$(cari-query --db "$SH" --json -n 50 rumah |
       jq '[.hits[].score] | group_by(.) | map(select(length > 1)) | length')
check "the queries meet equal weights (wire copies)" test "$ties" -gt 0

# cari-serve searches the shards as one.
api () { curl -sf "$URL/api/search?q=$1" | jq -c '[.total, [.hits[].id]]'; }
start_server "$TMP/serve.log" --db "$ONE" || fail "cari-serve starts"
a=$(api banjir) b=$(api rumah)
stop_server
start_server "$TMP/serve.log" --db "$SH" || fail "cari-serve starts"
expect_eq "cari-serve: the hits of one index from the shards" \
    "$(api banjir) $(api rumah)" "$a $b"
stop_server

# A nightly run: new articles of 2025, and one article's date changed to
# 2019 (moved: in one shard only).  The other years are not written.
stamp () { stat -c %Y.%y "$SH/$1"/gen-*/iamglass | tr '\n' ' '; }
old2024=$(stamp 2024)
jq -c 'select(.id == "sample-002") | .date = "2019-05-05"' "$TMP/in.jsonl" \
    > "$TMP/night.jsonl"
jq -c 'select(.id == "sample-001") | .id = "new-1" | .date = "2025-12-01"' \
    "$TMP/in.jsonl" >> "$TMP/night.jsonl"
run cari-index --db "$SH" "$TMP/night.jsonl"
expect_match "nightly: one added, the moved one replaced" "$out" \
    "1 added, 1 replaced, .* holds $((n + 1)) articles"
expect_eq "nightly: 2024's shard not written" "$(stamp 2024)" "$old2024"
expect_eq "moved: once, in its new year" \
    "$(cari-query --db "$SH" --json -n 50 cabai | jq -c '[.hits[] | [.id, .date]]')" \
    '[["sample-002","2019-05-05"]]'
check "moved: the new year's shard made" test -f "$SH/2019/XAPIANDB"
expect_match "moved: the top stub names the new shard" "$(cat "$SH/XAPIANDB")" \
    "^glass 2019/gen-"
run cari-index --db "$SH" "$TMP/night.jsonl"
expect_match "an unchanged re-run skips them" "$out" "0 added, 0 replaced, 2 skipped"

# Takedowns and deletions, in whichever shard holds the article.
run cari-index --db "$SH" --takedown wire2-sample-011
expect_match "--takedown: found in its shard" "$out" "deleted from the index"
run cari-index --db "$SH" "$TMP/in.jsonl"
expect_match "a run keeps the taken down article out" "$out" "1 taken down"
expect_eq "--takedown: gone from the search" \
    "$(hit_ids "$SH" banjir)" "sample-011 wire-sample-011"
run cari-index --db "$SH" --delete sample-005 no-such-id
expect_match "--delete: from its shard (2023)" "$out" "1 deleted"
expect_match "--delete: an id no shard holds is said" "$err" "'no-such-id' is not in the index"
expect_eq "--delete: the article count" \
    "$(cari-index --db "$SH" --stats | sed -n '1,/^shards/s/^articles: //p')" \
    "$((n - 1))"

# --compact: the shards that changed since their build (2025's delta,
# 2023 and 2019), not the others; the top stub follows.
old2024=$(stamp 2024)
run cari-index --db "$SH" --compact
expect_status "--compact: exit 0" 0
expect_match "--compact: the changed shards only" "$out" "compacted [1-9] of the"
expect_eq "--compact: 2024 untouched" "$(stamp 2024)" "$old2024"
check "--compact: no delta left" sh -c "! grep -q delta '$SH/XAPIANDB'"
top=$(for d in $(cd "$SH" && ls -d [0-9]* undated); do
	  sed "s|^glass |glass $d/|" "$SH/$d/XAPIANDB"; done)
expect_eq "--compact: the top stub names the new generations" \
    "$(cat "$SH/XAPIANDB")" "$top"
run cari-index --db "$SH" --compact
expect_match "--compact again: nothing changed" "$out" "compacted 0 of the"
run cari-index --db "$SH" --stats
expect_match "--stats: the totals, then each shard" "$out" \
    "^articles: $((n - 1))"
expect_match "--stats: each shard" "$out" "^shard 2019:"


# Bad input.
run cari-index --db "$ONE" --shard-by year "$TMP/in.jsonl"
expect_status "--shard-by on an index not sharded: exit 3" 3
expect_match "--shard-by on an index not sharded: how to reshard" "$err" \
    "is an index that is not sharded \($n articles\).*build it anew"
run cari-index --db "$TMP/m" --shard-by month "$TMP/in.jsonl"
expect_status "--shard-by month: usage error" 2
expect_match "--shard-by month: says what it wants" "$err" "wants year"
mkdir "$TMP/bad" && echo "by month" > "$TMP/bad/SHARDS"
run cari-index --db "$TMP/bad" "$TMP/in.jsonl"
expect_status "a SHARDS file of another rule: exit 3" 3
expect_match "a SHARDS file of another rule: file and line" "$err" "SHARDS:1: "
mkdir "$TMP/far" && printf 'by year\nremote 127.0.0.1:1 2023 undated\n' \
			    > "$TMP/far/SHARDS"
run cari-index -q --db "$TMP/far" "$TMP/in.jsonl"
expect_status "articles of a remote year: exit 1" 1
expect_match "articles of a remote year: each said" "$err" \
    "in.jsonl:5: article 'sample-005' is of 2023, which .* puts on the remote shard 127.0.0.1:1; not indexed here"
check "articles of a remote year: no local shard of it" test ! -e "$TMP/far/2023"
expect_match "the top stub names the remote shard" "$(cat "$TMP/far/XAPIANDB")" \
    "^remote 127.0.0.1:1$"
printf 'by year\nremote nohost 2023\n' > "$TMP/far/SHARDS"
run cari-index --db "$TMP/far" "$TMP/in.jsonl"
expect_match "a bad remote line: file and line" "$err" "SHARDS:2: expected 'remote HOST:PORT YEAR...'"

echo "1..$tap_n"
[ "$tap_failed" -eq 0 ]
