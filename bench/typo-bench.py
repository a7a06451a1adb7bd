#!/usr/bin/python3
"""typo-bench.py - typo correction measured on queries made from the corpus
by a rule (issue 19, item 3); nothing is stored, the seed makes the sets.

  typo-bench.py [--seed N] [--query BIN] INDEX SHARED_DIR

Two sets, each from the titled articles of SHARED_DIR/corpus:
  headlines  200 headlines, each with one edit in one word of at least 4
             letters (deletion, insertion of a letter a-z, substitution by
             a keyboard neighbour, or two neighbouring letters swapped),
             chosen at random; the query is the whole edited headline.
             Scored: the share whose own article comes first.
  words      150 single words of at least 5 letters from headlines, each
             with one such edit that leaves it in at most 2 articles (as
             the corpus's lower-cased [a-z] words count them), searched
             alone.  Scored: the share whose top hit's title or text holds
             the intended word.
--write DIR also writes the two sets' queries there, for latency runs.
BIN is the cari-query to run (default: the one of this tree); each set
runs in one `BIN --batch --run` process.
"""
import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
WORD = re.compile(r"[a-z]+")


def neighbours(c):
    """The keys next to c on a QWERTY keyboard."""
    for r, row in enumerate(ROWS):
        if c in row:
            col = row.index(c)
            out = [row[i] for i in (col - 1, col + 1) if 0 <= i < len(row)]
            if r > 0:
                out += [ROWS[r - 1][i] for i in (col, col + 1)
                        if i < len(ROWS[r - 1])]
            if r < 2:
                out += [ROWS[r + 1][i] for i in (col - 1, col)
                        if 0 <= i < len(ROWS[r + 1])]
            return out
    return []


def edit(rng, w):
    """w with one edit of a kind chosen at random (None if none applies)."""
    kind = rng.choice(["del", "ins", "sub", "swap"])
    i = rng.randrange(len(w))
    if kind == "del":
        return w[:i] + w[i + 1:]
    if kind == "ins":
        return w[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + w[i:]
    if kind == "sub":
        near = neighbours(w[i].lower())
        if not near:
            return None
        c = rng.choice(near)
        return w[:i] + (c.upper() if w[i].isupper() else c) + w[i + 1:]
    if i + 1 >= len(w) or w[i] == w[i + 1]:
        return None
    return w[:i] + w[i + 1] + w[i] + w[i + 2:]


def articles(shared):
    corpus = os.path.join(shared, "corpus")
    for name in sorted(os.listdir(corpus)):
        if name.endswith(".jsonl.gz"):
            with gzip.open(os.path.join(corpus, name), "rt",
                           encoding="utf-8") as f:
                for line in f:
                    a = json.loads(line)
                    yield (str(a.get("id")), a.get("title") or "",
                           a.get("content") or "")


def make_sets(arts, seed):
    rng = random.Random(seed)
    titled = [a for a in arts if a[1].strip()]
    df = {}
    for _, t, c in arts:
        for w in set(WORD.findall((t + " " + c).lower())):
            df[w] = df.get(w, 0) + 1
    heads = []
    for a in rng.sample(titled, len(titled)):
        if len(heads) == 200:
            break
        toks = a[1].split()
        cand = [i for i, t in enumerate(toks) if re.fullmatch(r"[A-Za-z]{4,}", t)]
        if not cand:
            continue
        i = rng.choice(cand)
        e = edit(rng, toks[i])
        if not e or e.lower() == toks[i].lower():
            continue
        toks[i] = e
        heads.append((" ".join(toks), a[0]))
    words, seen = [], set()
    for a in rng.sample(titled, len(titled)):
        if len(words) == 150:
            break
        cand = [w for w in WORD.findall(a[1].lower()) if len(w) >= 5]
        if not cand:
            continue
        w = rng.choice(cand)
        e = edit(rng, w)
        if w in seen or not e or e == w or df.get(e, 0) > 2:
            continue
        seen.add(w)
        words.append((e, w))
    return heads, words


def run(binary, index, queries, extra):
    with tempfile.TemporaryDirectory() as tmp:
        qf, rf = os.path.join(tmp, "q"), os.path.join(tmp, "run")
        with open(qf, "w") as f:
            f.write("".join(q + "\n" for q in queries))
        out = subprocess.run([binary, "--db", index, "--batch", qf, "-n", "10",
                              "--run", rf] + extra, check=True,
                             capture_output=True, text=True).stdout.strip()
        top = {}
        with open(rf) as f:
            for line in f:
                qno, aid, rank = line.split("\t")
                if int(rank) == 1:
                    top[int(qno)] = aid
        return top, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--query", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "cari-query"))
    ap.add_argument("--extra", default="", help="more cari-query options")
    ap.add_argument("--write", metavar="DIR",
                    help="also write the sets' queries to DIR/headlines.q "
                    "and DIR/words.q (for latency runs)")
    ap.add_argument("index")
    ap.add_argument("shared")
    a = ap.parse_args()
    arts = list(articles(a.shared))
    heads, words = make_sets(arts, a.seed)
    if a.write:
        for name, qs in (("headlines.q", heads), ("words.q", words)):
            with open(os.path.join(a.write, name), "w") as f:
                f.write("".join(q + "\n" for q, _ in qs))
    extra = a.extra.split()
    top, lat = run(a.query, a.index, [q for q, _ in heads], extra)
    first = sum(1 for n, (_, aid) in enumerate(heads, 1) if top.get(n) == aid)
    print("seed %d headlines with one typo: %d/%d first (%.1f%%); %s"
          % (a.seed, first, len(heads), 100.0 * first / len(heads), lat))
    text = {aid: (t + " " + c).lower() for aid, t, c in arts}
    top, lat = run(a.query, a.index, [q for q, _ in words], extra)
    hit_words = {n: set(WORD.findall(text.get(top.get(n), "")))
                 for n in range(1, len(words) + 1)}
    stem = stems(a.query, a.index, set().union(*hit_words.values())
                 | {w for _, w in words})
    held = held_stem = 0
    for n, (typo, w) in enumerate(words, 1):
        ok = w in hit_words[n]
        ok_stem = stem.get(w, w) in {stem.get(x, x) for x in hit_words[n]}
        held += ok
        held_stem += ok_stem
        if os.environ.get("TYPO_BENCH_VERBOSE") and not ok_stem:
            print("  miss: %s (meant %s)" % (typo, w), file=sys.stderr)
    print("seed %d single words with one typo (df <= 2): intended word in "
          "the top hit %d/%d (%.1f%%), a word of its stem %d/%d (%.1f%%); %s"
          % (a.seed, held, len(words), 100.0 * held / len(words), held_stem,
             len(words), 100.0 * held_stem / len(words), lat))


def stems(query, index, words):
    """The stem of each word, as a search of index stems it (cari-stem
    beside BIN)."""
    binary = os.path.join(os.path.dirname(query), "cari-stem")
    if not os.access(binary, os.X_OK):
        binary = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "..", "cari-stem")
    out = subprocess.run([binary, "--db", index], input="\n".join(words),
                         check=True, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        f = line.split("\t")
        if len(f) == 5:
            found[f[3]] = f[4]
    return found


if __name__ == "__main__":
    main()
