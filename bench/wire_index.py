# wire_index.py - what bench/wire-pairs.py and bench/wire-pages.py read:
# the wire-copy groups of a cari index (through xapian-delve, from
# xapian-tools) and the articles of ../shared/corpus.
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
import glob
import gzip
import json
import re
import subprocess


def _values(db, slot):
    out = subprocess.run(["xapian-delve", "-1", "-V%d" % slot, db + "/XAPIANDB"],
                         check=True, capture_output=True, text=True,
                         errors="replace").stdout
    vals = {}
    for line in out.splitlines()[1:]:
        docid, _, v = line.partition(":")
        vals[int(docid)] = v
    return vals


def groups(db):
    """{id: group key} of every article of the index at db (slot 1 holds
    16 hex digits of hash, then the id; slot 5 the group's key)."""
    ids = {d: v[16:] for d, v in _values(db, 1).items()}
    keys = _values(db, 5)
    return {ids[d]: keys.get(d) or ids[d] for d in ids}


def members(group_of):
    """{key: [ids]} of the groups of more than one article."""
    g = {}
    for i, k in group_of.items():
        g.setdefault(k, []).append(i)
    return {k: sorted(v) for k, v in g.items() if len(v) > 1}


def articles(corpus, want=None):
    """{id: article} of the JSON Lines files of corpus (only ids in want,
    when given)."""
    arts = {}
    for path in sorted(glob.glob(corpus + "/*.jsonl.gz")):
        with gzip.open(path, "rt", errors="replace") as f:
            for line in f:
                try:
                    a = json.loads(line)
                except ValueError:
                    continue
                i = a.get("id") or a.get("url")
                if i and (want is None or i in want):
                    arts[i] = a
    return arts


WORD = re.compile(r"[a-z0-9\x80-\U0010ffff]+")


def shingles(text, n=3):
    """The 3-word shingles of text, words normalised as lib/copies.c does
    (ASCII lower-cased, digits kept, other characters of UTF-8 kept)."""
    w = WORD.findall((text or "").lower())
    return {" ".join(w[i:i + n]) for i in range(len(w) - n + 1)}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0
