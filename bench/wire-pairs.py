#!/usr/bin/env python3
# wire-pairs.py - wire copies: detected pairs to check by hand (precision),
# and the copies a sample of articles has by exact shingle similarity
# (recall).
#
#   bench/wire-pairs.py pairs INDEX CORPUS [N] > bench/wire-pairs.txt
#       N (60) pairs of articles the index groups together, drawn with a
#       fixed seed, each with outlets, dates, titles, openings and the
#       exact Jaccard similarity of their 3-word shingles; and, as TSV
#       on stderr, "PAIR ID_A ID_B JACCARD" lines to judge.
#   bench/wire-pairs.py recall INDEX CORPUS [N]
#       N (1000) articles drawn with a fixed seed; every other article of
#       the corpus whose shingles are at least 30% alike to one of them
#       (exact Jaccard), shown as above with whether the index groups them.
#   bench/wire-pairs.py score FILE
#       the share of "same" among the verdicts (last column: same or
#       different) of a judged TSV, and of those, the share grouped when
#       the TSV has a grouped column.
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire_index  # noqa: E402

SEED = 21


def show(no, a, b, sim, extra=""):
    print("== %d  %s | %s  jaccard %.2f%s" % (no, a["id"], b["id"], sim, extra))
    for x in (a, b):
        print("  [%s %s] %s" % (x.get("source", ""), x.get("date", "")[:10],
                                x.get("title", "")))
        print("    " + " ".join((x.get("content") or "").split())[:300])


def pairs(db, corpus, n):
    group_of = wire_index.groups(db)
    groups = wire_index.members(group_of)
    every = [(g[i], g[j]) for g in groups.values()
             for i in range(len(g)) for j in range(i + 1, len(g))]
    every.sort()
    pick = random.Random(SEED).sample(every, min(n, len(every)))
    want = {i for p in pick for i in p}
    arts = wire_index.articles(corpus, want)
    print("# %d groups of 2 or more, %d articles in them, %d pairs; %d drawn "
          "(seed %d)" % (len(groups), sum(map(len, groups.values())),
                         len(every), len(pick), SEED))
    for no, (x, y) in enumerate(pick, 1):
        a, b = arts[x], arts[y]
        sim = wire_index.jaccard(wire_index.shingles(a.get("content")),
                                 wire_index.shingles(b.get("content")))
        show(no, a, b, sim)
        print("%d\t%s\t%s\t%.2f" % (no, x, y, sim), file=sys.stderr)


def recall(db, corpus, n):
    group_of = wire_index.groups(db)
    arts = wire_index.articles(corpus)
    ids = sorted(arts)
    sample = random.Random(SEED).sample(ids, min(n, len(ids)))
    sh = {i: wire_index.shingles(arts[i].get("content")) for i in ids}
    # Only the shingles of the sample are indexed: each other article is
    # compared with the sampled ones it shares one with.
    post = {}
    for i in sample:
        for s in sh[i]:
            post.setdefault(s, set()).add(i)
    found = {}
    for j in ids:
        cand = set()
        for s in sh[j]:
            cand |= post.get(s, set())
        for i in cand:
            if i == j or (j, i) in found:
                continue
            sim = wire_index.jaccard(sh[i], sh[j])
            if sim >= 0.3:
                found[(i, j)] = sim
    print("# %d articles drawn (seed %d): %d pairs with another article at "
          "least 30%% alike" % (len(sample), SEED, len(found)))
    for no, ((i, j), sim) in enumerate(sorted(found.items()), 1):
        grouped = group_of.get(i) == group_of.get(j)
        show(no, arts[i], arts[j], sim, "  grouped" if grouped else "  apart")
        print("%d\t%s\t%s\t%.2f\t%s" % (no, i, j, sim,
                                         "grouped" if grouped else "apart"),
              file=sys.stderr)


def score(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path)
            if l.strip() and not l.startswith("#")]
    same = [r for r in rows if r[-1] == "same"]
    print("%d judged, %d the same story: %.1f%%" % (
        len(rows), len(same), 100.0 * len(same) / len(rows)))
    if rows and len(rows[0]) >= 6:
        got = [r for r in same if r[4] == "grouped"]
        print("of the %d the same story, %d grouped: recall %.1f%%" % (
            len(same), len(got), 100.0 * len(got) / max(1, len(same))))


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "pairs" and len(sys.argv) >= 4:
        pairs(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 60)
    elif cmd == "recall" and len(sys.argv) >= 4:
        recall(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 1000)
    elif cmd == "score" and len(sys.argv) == 3:
        score(sys.argv[2])
    else:
        sys.exit("usage: wire-pairs.py pairs|recall INDEX CORPUS [N] | score FILE")
