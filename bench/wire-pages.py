#!/usr/bin/env python3
# wire-pages.py - the first page (10 hits) of the 100 most common one-word
# queries, without and with --collapse: how many pages hold two articles
# of one wire-copy group, and how many two hits with near-identical titles
# (at least 80% of their words alike: a check that does not use the
# groups).  The queries: the 100 words that most titles of the corpus
# hold, 4 letters or more, not cari's stopwords.
#   bench/wire-pages.py INDEX CORPUS [CARI_QUERY]
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
import collections
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wire_index  # noqa: E402

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def queries(corpus):
    stop = set(re.findall(r'"([a-z]+)"', open(top + "/stemmer/stopwords.c").read()))
    df = collections.Counter()
    for a in wire_index.articles(corpus).values():
        df.update({w for w in re.findall(r"[a-z]+", (a.get("title") or "").lower())
                   if len(w) >= 4 and w not in stop})
    return [w for w, _ in df.most_common(100)]


def title_words(t):
    return set(re.findall(r"[a-z0-9]+", (t or "").lower()))


def page_faults(hits, group_of):
    groups = [group_of.get(h["id"], h["id"]) for h in hits]
    twice = len(groups) != len(set(groups))
    alike = False
    for i in range(len(hits)):
        for j in range(i + 1, len(hits)):
            a, b = title_words(hits[i]["title"]), title_words(hits[j]["title"])
            if a and b and len(a & b) / len(a | b) >= 0.8:
                alike = True
    return twice, alike


def main():
    db, corpus = sys.argv[1], sys.argv[2]
    cq = sys.argv[3] if len(sys.argv) > 3 else top + "/cari-query"
    group_of = wire_index.groups(db)
    qs = queries(corpus)
    print("# %d queries: %s ..." % (len(qs), " ".join(qs[:10])))
    for label, extra in (("without --collapse", []), ("with --collapse", ["--collapse"])):
        twice = alike = 0
        examples = []
        for q in qs:
            out = subprocess.run([cq, "--db", db, "--json", "-n", "10",
                                  "--exact"]
                                 + extra + [q], capture_output=True, text=True).stdout
            hits = json.loads(out)["hits"] if out else []
            t, a = page_faults(hits, group_of)
            twice += t
            alike += a
            if (t or a) and len(examples) < 5:
                examples.append(q)
        print("%-20s pages with two of one group: %3d; with two near-identical "
              "titles: %3d%s" % (label, twice, alike,
                                  "  (e.g. %s)" % " ".join(examples) if examples else ""))


if __name__ == "__main__":
    main()
