#!/usr/bin/env python3
"""remix.py - new articles made of real paragraphs, for scale benchmarks.

Usage: remix.py N SEED FILE.jsonl.gz... > out.jsonl

Reads the articles of the given JSON Lines files (gzip), splits their
bodies into paragraphs (lines, or sentences where a body is one line),
and writes N new articles: a title taken from a random titled article,
then 3 to 8 paragraphs drawn at random from the whole corpus. The same N,
SEED and files give the same output.
"""
import gzip
import json
import random
import re
import sys


def main():
    n, seed, files = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
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
            "date": "2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
            "source": rng.choice(sources),
            "content": body,
        }
        out.write(json.dumps(art, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
