#!/bin/sh
# t-names.sh - the analyzer end to end: the most frequent news words meet
# their own forms only (ikan is not memberikan, undang is mengundang), and
# names stay whole (Persebaya is not sebaya, Lukaku not luka), including
# the names the index learns from how its articles write them (schema 7)
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"

# Articles written for this test; each says what it is about.
cat > "$TMP/a.jsonl" <<'JSON'
{"id": "ikan", "title": "Nelayan Muara Angke Panen Ikan", "content": "Para nelayan di Muara Angke membawa pulang ikan tongkol dan ikan kembung pekan ini. Harga ikan di pasar pun turun."}
{"id": "perikanan", "title": "Dinas perikanan membuka pasar", "content": "Dinas perikanan membuka pasar murah bagi warga pesisir."}
{"id": "beri", "title": "Pemerintah Salurkan Bantuan Beras", "content": "Pemerintah memberikan bantuan beras kepada warga terdampak banjir. Bantuan itu diberikan langsung oleh petugas kelurahan."}
{"id": "gawat", "title": "Kondisi pasien masih gawat", "content": "Dokter menyebut kondisi pasien korban kecelakaan itu masih gawat dan harus dirawat di ruang intensif."}
{"id": "megawati", "title": "Pidato ketua umum partai", "content": "Ketua umum partai, Megawati Soekarnoputri, berpidato di depan kader. Menurut Megawati, kader harus turun ke desa."}
{"id": "undang", "title": "Presiden mengundang tokoh agama", "content": "Presiden mengundang tokoh agama ke istana untuk berdialog. Acara itu digelar pagi hari."}
{"id": "kurus", "title": "Agar badan tidak terlalu kurus", "content": "Badan yang terlalu kurus bisa menjadi tanda kurang gizi, kata ahli gizi."}
{"id": "urus", "title": "Warga antre di kantor kecamatan", "content": "Ratusan warga mengurus KTP elektronik di kantor kecamatan sejak pagi."}
{"id": "hadi", "title": "Menteri meresmikan kantor pertanahan", "content": "Menteri Hadi Tjahjanto meresmikan kantor pertanahan yang baru. Menurut Hadi, pelayanan akan lebih cepat."}
{"id": "persebaya-1", "title": "Persebaya menang di kandang", "content": "Tim Persebaya Surabaya mengalahkan lawannya dua gol tanpa balas. Pelatih Persebaya memuji para pemain."}
{"id": "persebaya-2", "title": "Suporter memadati stadion", "content": "Ribuan suporter Persebaya memadati stadion sejak sore. Manajemen Persebaya menambah petugas keamanan."}
{"id": "sebaya", "title": "Anak perlu bermain", "content": "Anak usia sekolah perlu bermain bersama teman sebaya di luar rumah."}
{"id": "lukaku-1", "title": "Gol kemenangan di menit akhir", "content": "Penyerang Romelu Lukaku mencetak gol kemenangan. Pelatih memuji Lukaku usai laga."}
{"id": "lukaku-2", "title": "Transfer penyerang", "content": "Klub itu resmi melepas Lukaku ke Italia dengan nilai besar."}
{"id": "luka", "title": "Korban dibawa ke rumah sakit", "content": "Tiga korban luka dibawa ke rumah sakit. Luka mereka tidak parah."}
{"id": "kemenpora", "title": "Pekan olahraga pelajar", "content": "Kemenpora menggelar pekan olahraga pelajar. Menurut pejabat Kemenpora, acara itu diikuti ribuan peserta."}
{"id": "caps", "title": "Papan nama baru", "content": "Papan bertuliskan KANTOR PENDIDIKAN dipasang di depan gedung itu kemarin pagi oleh para pekerja."}
{"id": "didik", "title": "Guru dan murid", "content": "Para guru terus mendidik murid dengan sabar, dan pendidikan anak jadi perhatian orang tua."}
{"id": "tingkat", "title": "Ekspor kopi", "content": "Pemerintah ingin meningkatkan ekspor kopi. Peningkatan itu harus terus ditingkatkan, dan tingkat produksi naik."}
JSON
DB="$TMP/db"
index_fixture "$DB" "$TMP/a.jsonl"
ids () { hit_ids "$DB" "$@"; }

expect_eq "ikan finds the fish, not memberikan or diberikan" \
    "$(ids ikan)" "ikan perikanan"
expect_eq "beri finds memberikan and diberikan" "$(ids beri)" "beri"
expect_eq "gawat does not find Megawati" "$(ids gawat)" "gawat"
expect_eq "megawati finds Megawati only" "$(ids megawati)" "megawati"
expect_eq "undang finds mengundang" "$(ids undang)" "undang"
expect_eq "mengurus does not find kurus" "$(ids mengurus)" "urus"
expect_eq "kurus does not find mengurus" "$(ids kurus)" "kurus"
expect_eq "hadi finds Hadi only" "$(ids hadi)" "hadi"
expect_eq "kemenpora finds Kemenpora only" "$(ids kemenpora)" "kemenpora"
expect_eq "tingkat still finds peningkatan, meningkatkan, ditingkatkan" \
    "$(ids tingkat)" "tingkat"
expect_eq "peningkatan finds the other forms of tingkat" \
    "$(ids peningkatan)" "tingkat"

# A word written in capitals is never stemmed, and the word as typed
# still finds it.
expect_eq "didik does not find PENDIDIKAN written in capitals" \
    "$(ids didik)" "didik"
expect_eq "pendidikan finds it, and the other forms of didik" \
    "$(ids pendidikan)" "caps didik"

# Learned from the articles: Persebaya and Lukaku are written as names.
expect_eq "persebaya, a name the articles taught, finds only itself" \
    "$(ids persebaya)" "persebaya-1 persebaya-2"
expect_eq "sebaya does not find Persebaya" "$(ids sebaya)" "sebaya"
expect_eq "lukaku, a name the articles taught, finds only itself" \
    "$(ids lukaku)" "lukaku-1 lukaku-2"
expect_eq "luka does not find Lukaku" "$(ids luka)" "luka"
run cari-stem --db "$DB" persebaya lukaku luka
expect_eq "cari-stem --db stems as the search does" \
    "$(printf '%s\n' "$out" | cut -f5 | tr '\n' ' ')" "persebaya lukaku luka "
run cari-stem persebaya lukaku
expect_eq "without an index, the rules alone guess at them" \
    "$(printf '%s\n' "$out" | cut -f5 | tr '\n' ' ')" "baya luka "
run cari-query --db "$DB" --json lukaku
expect_match "a learned name is highlighted in the passage" \
    "$(printf '%s' "$out" | jq -r '.hits[].snippet_html')" "<mark>Lukaku</mark>"

# What the index learns is its own articles': one that writes the word in
# lower case teaches nothing.
printf '%s\n' '{"id": "lower", "title": "Catatan", "content": "persebaya dan lukaku ditulis dengan huruf kecil di sini."}' > "$TMP/b.jsonl"
index_fixture "$TMP/db2" "$TMP/b.jsonl"
run cari-stem --db "$TMP/db2" persebaya
expect_eq "an index whose articles write it in lower case learns no name" \
    "$(printf '%s' "$out" | cut -f5)" "baya"

done_testing
