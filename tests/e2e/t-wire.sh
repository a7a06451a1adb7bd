#!/bin/sh
# t-wire.sh - wire copies (issue 21): one story republished by three
# outlets and an outlet's updated version of another found at index time,
# two unrelated stories sharing an outlet's template kept apart; a nightly
# run joining a copy to its group, a parallel build grouping alike, the
# group kept through deleting its first article and replacing a member;
# cari-query --collapse and --copies-of, the API and the page.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# a1-a3: one story (Lebak) as three outlets ran it, each with its own
# opening and closing lines; b1, b2: a story and its update in one outlet;
# c1, c2: unrelated stories ending in the same long template; d1 alone.
cat > "$TMP/day1.jsonl" <<'JSON'
{"url": "https://example.com/a1", "id": "a1", "source": "antaranews", "title": "Banjir rendam ratusan rumah di Lebak", "content": "Lebak (ANTARA) - Banjir merendam ratusan rumah di Kecamatan Sukamaju, Kabupaten Lebak, setelah hujan deras mengguyur wilayah itu sejak Senin sore. Kepala Pelaksana Badan Penanggulangan Bencana Daerah Lebak, Rudi Hartono, mengatakan air mulai naik sekitar pukul 19.00 WIB dan mencapai ketinggian satu meter di beberapa desa. Sebanyak 412 kepala keluarga terdampak dan sebagian warga mengungsi ke balai desa serta masjid terdekat. Petugas gabungan dari TNI, Polri dan relawan mengevakuasi warga lanjut usia dan anak-anak dengan perahu karet. Rudi menyebut tidak ada korban jiwa, namun kerugian material masih didata. Ia meminta warga yang tinggal di bantaran Sungai Ciujung tetap waspada karena curah hujan diperkirakan masih tinggi hingga akhir pekan. Dapur umum telah didirikan di dua titik untuk memenuhi kebutuhan makan para pengungsi. Pewarta: Sinta Dewi. Editor: Budi Santoso.", "date": "2025-10-20"}
{"url": "https://example.com/a2", "id": "a2", "source": "kompas.com", "title": "Ratusan Rumah di Lebak Terendam Banjir, 412 KK Terdampak", "content": "LEBAK, KOMPAS.com - Banjir merendam ratusan rumah di Kecamatan Sukamaju, Kabupaten Lebak, setelah hujan deras mengguyur wilayah itu sejak Senin (20/10/2025) sore. Kepala Pelaksana Badan Penanggulangan Bencana Daerah Lebak, Rudi Hartono, mengatakan air mulai naik sekitar pukul 19.00 WIB dan mencapai ketinggian satu meter di beberapa desa. Sebanyak 412 kepala keluarga terdampak dan sebagian warga mengungsi ke balai desa serta masjid terdekat. Petugas gabungan dari TNI, Polri dan relawan mengevakuasi warga lanjut usia dan anak-anak dengan perahu karet. Rudi menyebut tidak ada korban jiwa, namun kerugian material masih didata. Ia meminta warga yang tinggal di bantaran Sungai Ciujung tetap waspada karena curah hujan diperkirakan masih tinggi hingga akhir pekan. Dapur umum telah didirikan di dua titik untuk memenuhi kebutuhan makan para pengungsi. Artikel ini telah tayang dengan judul serupa. Simak berita pilihan lainnya.", "date": "2025-10-20"}
{"url": "https://example.com/a3", "id": "a3", "source": "tempo.co", "title": "Hujan Deras, Banjir Satu Meter Rendam Desa di Lebak", "content": "TEMPO.CO, Jakarta - Banjir merendam ratusan rumah di Kecamatan Sukamaju, Kabupaten Lebak, setelah hujan deras mengguyur wilayah itu sejak Senin sore. Kepala Pelaksana Badan Penanggulangan Bencana Daerah Lebak, Rudi Hartono, mengatakan air mulai naik sekitar pukul 19.00 WIB dan mencapai ketinggian satu meter di beberapa desa. Sebanyak 412 kepala keluarga terdampak dan sebagian warga mengungsi ke balai desa serta masjid terdekat. Tim gabungan dari TNI, Polri dan relawan mengevakuasi warga lanjut usia dan anak-anak dengan perahu karet. Rudi menyebut tidak ada korban jiwa, namun kerugian material masih didata. Ia meminta warga yang tinggal di bantaran Sungai Ciujung tetap waspada karena curah hujan diperkirakan masih tinggi hingga akhir pekan. Dapur umum telah didirikan di dua titik untuk memenuhi kebutuhan makan para pengungsi. Baca berita lainnya di Tempo.", "date": "2025-10-21"}
{"url": "https://example.com/b1", "id": "b1", "source": "detik", "title": "Jalan Kaligawe Semarang Ditutup Akibat Genangan", "content": "Pemerintah Kota Semarang menutup sementara Jalan Kaligawe karena genangan air setinggi 40 sentimeter yang membuat kendaraan kecil mogok. Kepala Dinas Perhubungan Kota Semarang, Andi Wibowo, mengatakan arus lalu lintas dialihkan melalui Jalan Arteri Soekarno-Hatta sejak pukul 06.00 WIB. Petugas memasang rambu pengalihan di simpang Terboyo dan meminta pengendara truk bersabar. Andi mengatakan pompa air di rumah pompa Tenggang sudah dinyalakan penuh, tetapi rob dari laut membuat air surut lebih lambat. Ia memperkirakan jalan dapat dibuka kembali pada sore hari bila air terus surut.", "date": "2025-10-22"}
{"url": "https://example.com/b2", "id": "b2", "source": "detik", "title": "Jalan Kaligawe Semarang Dibuka Lagi Setelah Genangan Surut", "content": "Pemerintah Kota Semarang menutup sementara Jalan Kaligawe karena genangan air setinggi 40 sentimeter yang membuat kendaraan kecil mogok. Kepala Dinas Perhubungan Kota Semarang, Andi Wibowo, mengatakan arus lalu lintas dialihkan melalui Jalan Arteri Soekarno-Hatta sejak pukul 06.00 WIB. Petugas memasang rambu pengalihan di simpang Terboyo dan meminta pengendara truk bersabar. Andi mengatakan pompa air di rumah pompa Tenggang sudah dinyalakan penuh, tetapi rob dari laut membuat air surut lebih lambat. Ia memperkirakan jalan dapat dibuka kembali pada sore hari bila air terus surut. Pada pukul 15.30 WIB jalur arah Demak sudah dibuka kembali untuk semua kendaraan.", "date": "2025-10-22"}
{"url": "https://example.com/c1", "id": "c1", "source": "detik", "title": "Harga Cabai Rawit di Semarang Naik", "content": "Harga cabai rawit di Pasar Johar naik menjadi Rp80.000 per kilogram setelah pasokan dari Temanggung berkurang karena gagal panen. Pedagang bernama Siti mengaku pembeli mulai mengurangi belanja dan memilih cabai keriting yang lebih murah. Dinas Perdagangan berencana menggelar operasi pasar pekan depan untuk menekan harga. Baca juga: kumpulan berita pilihan hari ini dari redaksi. Dapatkan berita terkini setiap hari melalui aplikasi kami di ponsel Anda, ikuti kami di media sosial, dan kirimkan tulisan, foto serta video Anda ke redaksi melalui laman kirim berita. Seluruh isi artikel ini dilindungi undang-undang hak cipta dan tidak boleh disalin tanpa izin tertulis dari redaksi.", "date": "2025-10-23"}
{"url": "https://example.com/c2", "id": "c2", "source": "detik", "title": "PSIS Menang Tipis di Jatidiri", "content": "Tim sepak bola PSIS Semarang menang 2-1 atas tamunya dalam laga lanjutan liga di Stadion Jatidiri pada Sabtu malam. Dua gol tuan rumah dicetak pada babak kedua melalui sundulan kepala dan tendangan bebas dari luar kotak penalti. Pelatih mengatakan timnya bermain sabar dan memanfaatkan peluang yang ada dengan baik. Baca juga: kumpulan berita pilihan hari ini dari redaksi. Dapatkan berita terkini setiap hari melalui aplikasi kami di ponsel Anda, ikuti kami di media sosial, dan kirimkan tulisan, foto serta video Anda ke redaksi melalui laman kirim berita. Seluruh isi artikel ini dilindungi undang-undang hak cipta dan tidak boleh disalin tanpa izin tertulis dari redaksi.", "date": "2025-10-23"}
{"url": "https://example.com/d1", "id": "d1", "source": "antaranews", "title": "Kantor imigrasi buka layanan paspor akhir pekan", "content": "Kantor Imigrasi Kelas I Semarang membuka layanan pembuatan paspor pada hari Sabtu untuk mengurangi antrean pemohon menjelang musim libur. Kepala kantor mengatakan kuota layanan akhir pekan sebanyak 150 pemohon dan pendaftaran dilakukan melalui aplikasi. Pemohon diminta datang tepat waktu dengan membawa dokumen asli.", "date": "2025-10-24"}
JSON
cat > "$TMP/day2.jsonl" <<'JSON'
{"url": "https://example.com/a4", "id": "a4", "source": "sindonews.com", "title": "Banjir Lebak: 412 Keluarga Terdampak, Warga Mengungsi", "content": "LEBAK -  Banjir merendam ratusan rumah di Kecamatan Sukamaju, Kabupaten Lebak, setelah hujan deras mengguyur wilayah itu sejak Senin sore. Kepala Pelaksana Badan Penanggulangan Bencana Daerah Lebak, Rudi Hartono, mengatakan air mulai naik sekitar pukul 19.00 WIB dan mencapai ketinggian satu meter di beberapa desa. Sebanyak 412 kepala keluarga terdampak dan sebagian warga mengungsi ke balai desa serta masjid terdekat. Petugas gabungan dari TNI, Polri dan relawan mengevakuasi warga lanjut usia dan anak-anak dengan perahu karet. Rudi menyebut tidak ada korban jiwa, namun kerugian material masih didata. Ia meminta warga yang tinggal di bantaran Sungai Ciujung tetap waspada karena curah hujan diperkirakan masih tinggi hingga akhir pekan. Sebuah dapur umum telah didirikan di dua titik untuk memenuhi kebutuhan makan para pengungsi. (sindonews)", "date": "2025-10-21"}
JSON

# members DB ID: the ids of ID's group, sorted.
members () {
    cari-query --db "$1" --json -n 50 --copies-of "$2" |
	jq -r '[.hits[].id] | sort | join(" ")'
}

# One writer (--jobs 1), the articles one after the other.
cari-index -q --jobs 1 --db "$TMP/db" "$TMP/day1.jsonl" ||
    { echo "Bail out! cannot index $TMP/day1.jsonl"; exit 1; }
expect_eq "three outlets' copies of one story are one group" \
    "$(members "$TMP/db" a2)" "a1 a2 a3"
expect_eq "an outlet's updated version joins its story" \
    "$(members "$TMP/db" b1)" "b1 b2"
expect_eq "a story sharing only a template with another stays alone" \
    "$(members "$TMP/db" c1)" "c1"
expect_eq "the other one too" "$(members "$TMP/db" c2)" "c2"
expect_eq "an unrelated story stays alone" "$(members "$TMP/db" d1)" "d1"
expect_eq "the group's key is its first article's id" \
    "$(cari-query --db "$TMP/db" --json --copies-of a3 | jq -r '[.hits[].group] | unique | join(" ")')" "a1"

run cari-query --db "$TMP/db" --json banjir
expect_eq "without --collapse, every copy is a hit" \
    "$(printf '%s' "$out" | jq '.hits | length')" 3
expect_eq "without --collapse, no copies field" \
    "$(printf '%s' "$out" | jq '[.hits[] | has("copies")] | any')" false
run cari-query --db "$TMP/db" --json --collapse banjir
expect_eq "--collapse: one hit for the story" \
    "$(printf '%s' "$out" | jq '.hits | length')" 1
expect_eq "--collapse: the hit says it has 2 copies, and its group" \
    "$(printf '%s' "$out" | jq -c '[.hits[0].copies, .hits[0].group]')" '[2,"a1"]'
expect_eq "--collapse: the total counts the collapsed hits" \
    "$(printf '%s' "$out" | jq -c '[.total, .total_exact]')" '[1,true]'
run cari-query --db "$TMP/db" --collapse --color=never banjir
expect_match "--collapse in text: N serupa dari media lain" "$out" \
    "2 serupa dari media lain: cari-query --copies-of a[123]"
run cari-query --db "$TMP/db" --json --collapse semarang
expect_eq "--collapse keeps unrelated stories apart" \
    "$(printf '%s' "$out" | jq -r '[.hits[].id] | map(select(. == "c1" or . == "c2" or . == "d1")) | sort | join(" ")')" "c1 c2 d1"
expect_eq "--collapse: one of the two versions of the Kaligawe story" \
    "$(printf '%s' "$out" | jq '[.hits[].id | select(. == "b1" or . == "b2")] | length')" 1
run cari-query --db "$TMP/db" --jsonl --copies-of b2
expect_eq "--copies-of --jsonl: the group newest first, each with copies 1" \
    "$(printf '%s\n' "$out" | jq -r '[.id, .copies] | join(":")' | sort | tr '\n' ' ')" "b1:1 b2:1 "

# A nightly run adds a fourth outlet's copy to the existing group.
cari-index -q --db "$TMP/db" "$TMP/day2.jsonl" ||
    { echo "Bail out! cannot index $TMP/day2.jsonl"; exit 1; }
expect_eq "an incremental run joins a new copy to its group" \
    "$(members "$TMP/db" a4)" "a1 a2 a3 a4"
expect_eq "with the group's key" \
    "$(cari-query --db "$TMP/db" --json --copies-of a4 | jq -r '.hits[] | select(.id == "a4") | .group')" "a1"

# Deleting the article whose id is the key: the group keeps its key.
cari-index -q --db "$TMP/db" --delete a1 ||
    { echo "Bail out! cannot delete a1"; exit 1; }
expect_eq "deleting the key article keeps the rest of the group" \
    "$(members "$TMP/db" a2)" "a2 a3 a4"
expect_eq "still under its key" \
    "$(cari-query --db "$TMP/db" --json --copies-of a3 | jq -r '[.hits[].group] | unique | join(" ")')" "a1"
# Replacing a member by another story takes it out of the group.
sed -n 's/"id": "d1"/"id": "a3"/p' "$TMP/day1.jsonl" > "$TMP/replace.jsonl"
cari-index -q --db "$TMP/db" "$TMP/replace.jsonl" ||
    { echo "Bail out! cannot index $TMP/replace.jsonl"; exit 1; }
expect_eq "a member replaced by another story leaves the group" \
    "$(members "$TMP/db" a2)" "a2 a4"
expect_eq "and joins the story it now tells (d1's text)" \
    "$(members "$TMP/db" a3)" "a3 d1"

# A parallel build of both days groups them alike.
cari-index -q --jobs 2 --db "$TMP/par" "$TMP/day1.jsonl" "$TMP/day2.jsonl" ||
    { echo "Bail out! cannot build $TMP/par"; exit 1; }
expect_eq "--jobs 2: the four copies are one group" \
    "$(members "$TMP/par" a1)" "a1 a2 a3 a4"
expect_eq "--jobs 2: the update joins its story" "$(members "$TMP/par" b2)" "b1 b2"
expect_eq "--jobs 2: the template's stories stay apart" \
    "$(members "$TMP/par" c1) | $(members "$TMP/par" c2)" "c1 | c2"

# Bad input.
run cari-query --db "$TMP/db" --copies-of ''
expect_status "--copies-of '': exit 2" 2
expect_match "it says what to give" "$err" "--copies-of wants the id of an article"
run cari-query --db "$TMP/db" --copies-of nosuch
expect_status "--copies-of an unknown id: exit 2" 2
expect_match "it names the id" "$err" "copies of 'nosuch': no article has that id"
run cari-query --db "$TMP/db" --copies-of "$(printf '%0300d' 0)"
expect_status "--copies-of a 300-byte id: exit 2" 2
expect_match "it names the limit" "$err" "an id is 1 to 200 bytes"
run cari-query --db "$TMP/db" --copies-of a2 banjir
expect_status "--copies-of with a query: exit 2" 2
expect_match "it says not both" "$err" "give no query"

command -v curl > /dev/null || { echo "# curl is not installed: cari-serve not tried"; done_testing; exit; }
start_server "$TMP/log" --db "$TMP/par" || { echo "Bail out! cari-serve did not start: $(cat "$TMP/log")"; exit 1; }
api=$(curl -s "$URL/api/search?q=banjir")
expect_eq "the API collapses by default" \
    "$(printf '%s' "$api" | jq -c '[(.hits | length), .hits[0].copies]')" '[1,3]'
expect_eq "the API has no copies_list" \
    "$(printf '%s' "$api" | jq '.hits[0] | has("copies_list")')" false
expect_eq "collapse=0: every copy" \
    "$(curl -s "$URL/api/search?q=banjir&collapse=0" | jq '.hits | length')" 4
expect_eq "copies_of=ID lists the group" \
    "$(curl -s "$URL/api/search?copies_of=a3" | jq -r '[.hits[].id] | sort | join(" ")')" "a1 a2 a3 a4"
expect_eq "collapse=2: 400" \
    "$(curl -s -o /dev/null -w '%{http_code}' "$URL/api/search?q=banjir&collapse=2")" 400
expect_match "collapse=2: named" "$(curl -s "$URL/api/search?q=banjir&collapse=2")" \
    "collapse wants a whole number from 0 to 1"
expect_match "a copies_of of 300 bytes: named, with the limit" \
    "$(curl -s "$URL/api/search?copies_of=$(printf '%0300d' 0)")" "copies_of is 300 bytes long; the limit is 200"
expect_match "copies_of of an unknown id: said" \
    "$(curl -s "$URL/api/search?copies_of=nosuch")" "no article has that id"
page=$(curl -s "$URL/?q=banjir")
expect_eq "the page collapses: one hit" "$(printf '%s' "$page" | grep -c '<li><h2>')" 1
expect_match "the page: a <details> N serupa dari media lain" "$page" \
    '<details class="copies"><summary>3 serupa dari media lain</summary>'
for t in "Ratusan Rumah di Lebak Terendam Banjir" "Hujan Deras, Banjir Satu Meter" "Banjir Lebak: 412 Keluarga" "rendam ratusan rumah di Lebak"; do
    expect_match "the page lists the copy '$t' or shows it as the hit" "$page" "$t"
done
expect_match "each copy with its link" "$page" '<li><a href="https://example.com/a[1-4]">'
expect_match "and a link to the whole group" "$page" 'href="./\?copies_of=a[1-4]"'
page=$(curl -s "$URL/?q=banjir&collapse=0")
expect_eq "collapse=0 on the page: every copy" "$(printf '%s' "$page" | grep -c '<li><h2>')" 4
expect_no_match "collapse=0: no <details>" "$page" '<details class="copies">'
page=$(curl -s "$URL/?copies_of=a2")
expect_eq "?copies_of= on the page lists the group" "$(printf '%s' "$page" | grep -c '<li><h2>')" 4
expect_match "and says so" "$page" "4 artikel memuat cerita yang sama dengan <strong>a2</strong>"
stop_server

done_testing
