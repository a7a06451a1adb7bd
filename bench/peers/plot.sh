#!/bin/sh
# plot.sh RUN_OUTPUT PNG - the table printed by bench/peers/run.sh as two
# bar charts: indexing throughput (MB/s of JSON) and query latency (p50 and
# p95, ms, log scale) per engine.  Needs gnuplot (gnuplot-nox).
set -eu
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk '$1 == "engine" { on = 1; next } on && NF == 9 { print $1, $3, $6, $7 } on && NF != 9 { on = 0 }' "$1" > "$tmp"
gnuplot <<GP
set terminal pngcairo size 1000,420 font "sans,10"
set output "$2"
set multiplot layout 1,2 title "cari and its peers on ../shared/corpus (one run, this machine)"
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.8
set grid ytics
set key top left
set title "Indexing throughput (MB of JSON per second; higher is better)"
set ylabel "MB/s"
set yrange [0:*]
plot "$tmp" using 2:xtic(1) title "index MB/s" lc rgb "#3b7dd8"
set title "Query latency, top 10 with snippets (ms, log scale; lower is better)"
set ylabel "ms"
set logscale y
set yrange [*:*]
plot "$tmp" using 3:xtic(1) title "p50" lc rgb "#2a9d4a", "" using 4 title "p95" lc rgb "#e07b39"
unset multiplot
GP
