#!/usr/bin/env python3
"""date-sort.py - do the hits of a run hold every word of their query?

Usage: date-sort.py QUERIES RUN STOPWORDS DB CORPUS.jsonl.gz...
(bench/date-sort.sh runs it).  QUERIES: one query a line; RUN: QNO<TAB>ID
<TAB>RANK lines (cari-query --batch --run); STOPWORDS: one a line.  Every
text goes through one `cari-stem --db DB`, so words and stems are those a
search of DB makes.  A query word is held by an article that has a word of
the same folded form or of the same stem.  MISSES=1 prints each hit that
lacks a word.
"""
import gzip
import json
import os
import subprocess
import sys

MARK = "qqcaridocmarkqq"


def analyze(texts, db):
    """[(folded, stem) pairs of each text], through one cari-stem run."""
    feed = "".join("%s%d %s\n" % (MARK, i, t.replace("\n", " "))
                   for i, t in enumerate(texts))
    out = subprocess.run(["cari-stem", "--db", db], input=feed,
                         capture_output=True, text=True, check=True).stdout
    words = [[] for _ in texts]
    cur = None
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) < 5:
            continue
        if f[3].startswith(MARK):
            cur = int(f[3][len(MARK):])
            continue
        if cur is not None:
            words[cur].append((f[3], f[4]))
    return words


def main():
    qfile, runfile, stopfile, db = sys.argv[1:5]
    queries = [l.rstrip("\n") for l in open(qfile, encoding="utf-8")]
    queries = [q for q in queries if q.strip()]
    stop = {l.strip() for l in open(stopfile, encoding="utf-8")}
    hits = {}
    for line in open(runfile, encoding="utf-8"):
        qno, doc, rank = line.split("\t")
        hits.setdefault(int(qno), []).append(doc)
    wanted = {d for ds in hits.values() for d in ds}
    text = {}
    for path in sys.argv[5:]:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                if a.get("id") in wanted:
                    text[a["id"]] = "%s %s" % (a.get("title") or "",
                                               a.get("content") or "")
    ids = sorted(text)
    analyzed = analyze(queries + [text[i] for i in ids], db)
    qwords = analyzed[:len(queries)]
    held = {}
    for i, w in zip(ids, analyzed[len(queries):]):
        held[i] = ({f for f, _ in w}, {s for _, s in w})
    n_hits = n_ok = q_ok = q_some = 0
    for qno, q in enumerate(qwords, 1):
        words = [(f, s) for f, s in q if f not in stop]
        docs = hits.get(qno, [])
        if docs:
            q_some += 1
        good = 0
        for d in docs:
            folded, stems = held.get(d, (set(), set()))
            missing = [f for f, s in words
                       if f not in folded and s not in stems]
            if not missing:
                good += 1
            elif os.environ.get("MISSES"):
                print("miss: query %d %r, %s lacks %s"
                      % (qno, queries[qno - 1], d, " ".join(missing)))
        n_hits += len(docs)
        n_ok += good
        q_ok += bool(docs) and good == len(docs)
    print("queries %d (%d with hits): top 10 all holding every word %d "
          "(%.1f%%); hits %d, holding every word %d (%.1f%%)"
          % (len(queries), q_some, q_ok, 100.0 * q_ok / max(q_some, 1),
             n_hits, n_ok, 100.0 * n_ok / max(n_hits, 1)))


if __name__ == "__main__":
    main()
