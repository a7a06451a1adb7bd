#!/usr/bin/python3
"""peers.py - the engines a newsroom would pick instead of cari, driven the
way cari is benchmarked: index JSON Lines articles, then run a file of
queries in one process (top 10 with snippets) and write a run file.

  peers.py index ENGINE DB FILE.jsonl[.gz]...
  peers.py batch ENGINE DB QUERIES RUN
  peers.py eval QRELS RUN          (MRR@10 and success@10)

ENGINE: sqlite (SQLite FTS5, unicode61 tokenizer: no stemming; bm25(),
snippet()), xapian (Xapian's TermGenerator and QueryParser with the
Indonesian Snowball stemmer, STEM_SOME, OR; MSet.snippet()) or postgres
(PostgreSQL 15, a private cluster in DB: the 'indonesian' text search
configuration, title weight A, GIN index, ts_rank_cd, ts_headline).  Run
with Debian's python3 (python3-xapian, python3-psycopg2, postgresql).  batch prints the same summary line as
`cari-query --batch`; RUN gets "QNO<TAB>ID<TAB>RANK" lines.  The fifth
peer, Lucene 4.10, is LucenePeer.java (same commands, run by engines.sh).
"""
import gzip
import json
import re
import sqlite3
import sys
import time


def articles(paths):
    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                yield (str(a.get("id")), a.get("title") or "",
                       a.get("content") or "")


def words(q):
    """The words of a query, operators and punctuation dropped (each
    engine gets them as a plain OR query)."""
    return re.findall(r"\w+", q, re.UNICODE)


# SQLite FTS5 ---------------------------------------------------------------

def sqlite_index(db, paths):
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, "
                "content, tokenize = 'unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO docs VALUES (?, ?, ?)", articles(paths))
    con.commit()
    con.close()


def sqlite_searcher(db):
    con = sqlite3.connect(db)
    sql = ("SELECT id, snippet(docs, 2, '<b>', '</b>', '…', 24) FROM docs "
           "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10")

    def search(q):
        w = words(q)
        if not w:
            return []
        match = " OR ".join('"%s"' % x.replace('"', '""') for x in w)
        return [r[0] for r in con.execute(sql, (match,))]
    return search


# Xapian ---------------------------------------------------------------------

def xapian_index(db, paths):
    import xapian
    wdb = xapian.WritableDatabase(db, xapian.DB_CREATE_OR_OPEN)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("indonesian"))
    for i, (aid, title, content) in enumerate(articles(paths)):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title, 1, "S")
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(content)
        doc.add_boolean_term("Q" + aid)
        doc.set_data(json.dumps({"id": aid, "content": content}))
        wdb.replace_document("Q" + aid, doc)
    wdb.commit()
    wdb.close()


def xapian_searcher(db):
    import xapian
    rdb = xapian.Database(db)
    qp = xapian.QueryParser()
    qp.set_database(rdb)
    qp.set_stemmer(xapian.Stem("indonesian"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.add_prefix("title", "S")
    enq = xapian.Enquire(rdb)

    def search(q):
        w = words(q)
        if not w:
            return []
        enq.set_query(qp.parse_query(" ".join(w)))
        mset = enq.get_mset(0, 10)
        ids = []
        for m in mset:
            data = json.loads(m.document.get_data())
            mset.snippet(data["content"], 200)
            ids.append(data["id"])
        return ids
    return search


# PostgreSQL -----------------------------------------------------------------
# A private cluster in DB (initdb as the postgres user when run as root),
# reached over a Unix socket in DB; started for each command, then stopped.

PG_BIN = "/usr/lib/postgresql/15/bin/"


def pg_run(args):
    import os
    import subprocess
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def pg_connect(db, create):
    import atexit
    import os
    import psycopg2
    db = os.path.abspath(db)
    if create:
        os.makedirs(db, 0o755)
        if os.geteuid() == 0:
            import shutil
            shutil.chown(db, "postgres", "postgres")
        pg_run([PG_BIN + "initdb", "-D", db + "/data", "-A", "trust", "-U",
                "postgres"])
    pg_run([PG_BIN + "pg_ctl", "-D", db + "/data", "-w", "-l", db + "/log",
            "-o", "-k %s -c listen_addresses='' -c shared_buffers=256MB" % db,
            "start"])
    atexit.register(pg_run, [PG_BIN + "pg_ctl", "-D", db + "/data", "-w",
                             "-m", "fast", "stop"])
    con = psycopg2.connect(host=db, user="postgres", dbname="postgres")
    con.autocommit = True
    return con


def postgres_index(db, paths):
    from psycopg2.extras import execute_values
    con = pg_connect(db, True)
    cur = con.cursor()
    cur.execute("CREATE TABLE docs (id text PRIMARY KEY, title text, "
                "content text, tsv tsvector GENERATED ALWAYS AS "
                "(setweight(to_tsvector('indonesian', title), 'A') || "
                "setweight(to_tsvector('indonesian', content), 'B')) STORED)")
    execute_values(cur, "INSERT INTO docs (id, title, content) VALUES %s "
                   "ON CONFLICT (id) DO NOTHING", articles(paths),
                   page_size=500)
    cur.execute("CREATE INDEX docs_tsv ON docs USING gin (tsv)")
    cur.execute("VACUUM ANALYZE docs")
    cur.execute("SELECT pg_total_relation_size('docs')")
    with open(db + "/size", "w") as f:
        f.write("%d\n" % cur.fetchone()[0])


def postgres_searcher(db):
    con = pg_connect(db, False)
    cur = con.cursor()
    sql = ("SELECT id, ts_headline('indonesian', content, q, 'MaxFragments=2, "
           "MaxWords=30, MinWords=10') FROM (SELECT id, content, q, "
           "ts_rank_cd(tsv, q) AS r FROM docs, to_tsquery('indonesian', %s) q "
           "WHERE tsv @@ q ORDER BY r DESC LIMIT 10) t ORDER BY r DESC")

    def search(q):
        w = words(q)
        if not w:
            return []
        cur.execute(sql, (" | ".join(w),))
        return [r[0] for r in cur.fetchall()]
    return search


ENGINES = {"sqlite": (sqlite_index, sqlite_searcher),
           "xapian": (xapian_index, xapian_searcher),
           "postgres": (postgres_index, postgres_searcher)}


def batch(engine, db, queries, run):
    search = ENGINES[engine][1](db)
    times, nohits = [], 0
    with open(queries, encoding="utf-8") as f, open(run, "w") as out:
        for qno, q in enumerate(f, 1):
            q = q.strip()
            if not q:
                continue
            t = time.perf_counter()
            ids = search(q)
            times.append((time.perf_counter() - t) * 1000)
            nohits += not ids
            for rank, aid in enumerate(ids, 1):
                out.write("%d\t%s\t%d\n" % (qno, aid, rank))
    times.sort()
    pct = lambda p: times[min(len(times) - 1, int(p * len(times)))]
    print("queries %d, p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, mean %.2f ms, "
          "no hits %d" % (len(times), pct(0.5), pct(0.95), pct(0.99),
                          sum(times) / len(times), nohits))


def evaluate(qrels, run):
    """qrels: "QNO ID" lines (the relevant article of each query, by line
    number of the query file); run: QNO<TAB>ID<TAB>RANK."""
    rel = {}
    with open(qrels) as f:
        for line in f:
            qno, aid = line.split()
            rel[qno] = aid
    best = {}
    with open(run) as f:
        for line in f:
            qno, aid, rank = line.rstrip("\n").split("\t")
            if rel.get(qno) == aid and int(rank) <= 10:
                best[qno] = min(best.get(qno, 99), int(rank))
    mrr = sum(1.0 / r for r in best.values()) / len(rel)
    print("MRR@10 %.4f success@10 %.4f (%d queries)"
          % (mrr, len(best) / len(rel), len(rel)))


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "index" and len(sys.argv) >= 5:
        ENGINES[sys.argv[2]][0](sys.argv[3], sys.argv[4:])
    elif cmd == "batch" and len(sys.argv) == 6:
        batch(*sys.argv[2:])
    elif cmd == "eval" and len(sys.argv) == 4:
        evaluate(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
