# engines.sh - sourced by bench/peers/run.sh and size.sh (bash): how each
# engine indexes and runs a query batch.  Needs $top (the built tree) and
# $tmp (a scratch directory, world-readable for PostgreSQL).
PATH="$top:$PATH"
peers="/usr/bin/python3 $top/bench/peers/peers.py"
lucene_cp=$(printf '/usr/share/java/lucene-%s-4.10.4.jar:' core analyzers-common \
    highlighter queryparser memory queries)$tmp/lucene

# lucene_build: compile LucenePeer.java into $tmp/lucene (javac, Debian's
# default-jdk-headless and liblucene4.10-java).
lucene_build () {
    mkdir -p "$tmp/lucene"
    javac -nowarn -cp "$lucene_cp" -d "$tmp/lucene" "$top/bench/peers/LucenePeer.java"
}

# index ENGINE DB FILES...: wall seconds and peak RSS (KiB) into $tmp/t
# (the JVM's start and default heap included for lucene).
index () {
    local engine=$1 db=$2; shift 2
    case $engine in
	cari) /usr/bin/time -o "$tmp/t" -f "%e %M" cari-index -q --db "$db" "$@" ;;
	lucene) /usr/bin/time -o "$tmp/t" -f "%e %M" java -cp "$lucene_cp" LucenePeer index "$db" "$@" ;;
	*) /usr/bin/time -o "$tmp/t" -f "%e %M" $peers index "$engine" "$db" "$@" ;;
    esac
}

# batch ENGINE DB QUERIES RUN: the summary line of the batch.
batch () {
    case $1 in
	cari) cari-query --db "$2" --batch "$3" -n 10 --run "$4" ;;
	lucene) java -cp "$lucene_cp" LucenePeer batch "$2" "$3" "$4" ;;
	*) $peers batch "$@" ;;
    esac
}
