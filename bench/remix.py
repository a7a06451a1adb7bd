#!/usr/bin/env python3
"""remix.py - new articles made of real paragraphs, for scale benchmarks.

Usage: remix.py [--years FROM-TO] N SEED FILE.jsonl.gz... > out.jsonl

Reads the articles of the given JSON Lines files (gzip), splits their
bodies into paragraphs (lines, or sentences where a body is one line),
and writes N new articles: a title taken from a random titled article,
then 3 to 8 paragraphs drawn at random from the whole corpus. The same N,
SEED and files give the same output. Every article is of 2025, or with
--years FROM-TO (issue 22, shards by year) article i is of year
FROM + i % (TO - FROM + 1): the same articles otherwise (the random draws
are the same), so that output without it stays byte-identical.
"""
import gzip
import json
import random
import re
import sys


def main():
    args = sys.argv[1:]
    years = [2025]
    if args and args[0] == "--years":
        lo, hi = (int(y) for y in args[1].split("-"))
        years = list(range(lo, hi + 1))
        args = args[2:]
    n, seed, files = int(args[0]), int(args[1]), args[2:]
    paragraphs, titles, sources = [], [], []
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                a = json.loads(line)
                body = a.get("content") or ""
                parts = [p.strip() for p in body.split("\n") if p.strip()]
                if len(parts) < 2:
                    parts = [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if s.strip()]
                paragraphs.extend(parts)
                if a.get("title"):
                    titles.append(a["title"])
                sources.append(a.get("source") or "")
    rng = random.Random(seed)
    out = sys.stdout
    for i in range(n):
        body = "\n".join(rng.choice(paragraphs) for _ in range(rng.randint(3, 8)))
        art = {
            "id": "remix-%d-%d" % (seed, i),
            "title": rng.choice(titles),
            "date": "%d-%02d-%02d" % (years[i % len(years)], rng.randint(1, 12),
                                      rng.randint(1, 28)),
            "source": rng.choice(sources),
            "content": body,
        }
        out.write(json.dumps(art, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
