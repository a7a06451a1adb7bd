#!/usr/bin/env python3
# snippet-check.py - do the passages of cari-query's hits show why they
# matched?  Over the 1,000 queries of bench/query-latency.sh, top 10 by
# relevance and by date, it counts:
#   - misses: hits whose passage has no highlight although the article's
#     body holds a form of a query word (its folded form or its stem, read
#     by cari-stem --db as the search reads it; stopwords left out);
#   - bogus gaps: a " … " between two fragments that are adjacent in the
#     article (whitespace made one space);
#   - invented text: a fragment that is not a piece of the article.
# Usage: bench/snippet-check.py INDEX_DIR [QUERIES [SHARED_DIR]]  (from a
# built tree).  Without QUERIES, bench/query-latency.sh makes them (it
# runs its latency passes too).  Prints one line per sort order.
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEP = 'zzsepzz'


def queries_of(db, path, shared):
    if path:
        with open(path, encoding='utf-8') as f:
            return [q for q in f.read().split('\n') if q.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        keep = os.path.join(tmp, 'queries')
        subprocess.run(['sh', os.path.join(TOP, 'bench/query-latency.sh'),
                        db, shared], env=dict(os.environ, KEEP_QUERIES=keep),
                       stdout=subprocess.DEVNULL, check=True)
        return queries_of(db, keep, shared)


def stopwords():
    with open(os.path.join(TOP, 'stemmer/stopwords.c'), encoding='utf-8') as f:
        return set(re.findall(r'"([a-z]*)"', f.read()))


def analyze(db, texts):
    """The (word, folded, stem) of each text, read by cari-stem --db."""
    data = ('\n\n%s\n\n' % SEP).join(t.replace(SEP, ' ') for t in texts)
    out = subprocess.run([os.path.join(TOP, 'cari-stem'), '--db', db],
                         input=data.encode(), stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    res, cur = [], []
    for line in out.split('\n'):
        f = line.split('\t')
        if len(f) < 5:
            continue
        if f[3] == SEP:
            res.append(cur)
            cur = []
        else:
            cur.append((f[2], f[3], f[4]))
    res.append(cur)
    return res


def search(db, q, sort):
    cmd = [os.path.join(TOP, 'cari-query'), '--db', db, '--json', '-n', '10',
           '--sort', sort, '--', q]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        return json.loads(r.stdout.decode())['hits']
    except (ValueError, KeyError):
        return []


def norm(s):
    # cari's whitespace (not Python's, which takes in U+00A0).
    return re.sub(r'[ \t\n\r\f\v]+', ' ', s).strip(' ')


def main():
    db = sys.argv[1]
    shared = sys.argv[3] if len(sys.argv) > 3 else os.path.join(TOP, '..',
                                                                  'shared')
    qs = queries_of(db, sys.argv[2] if len(sys.argv) > 2 else None, shared)
    stop = stopwords()
    runs = {}
    with ThreadPoolExecutor(2) as ex:
        for sort in ('relevance', 'date'):
            runs[sort] = list(ex.map(lambda q: search(db, q, sort), qs))
    ids = {h['id'] for r in runs.values() for hits in r for h in hits}
    body = {}
    for name in sorted(os.listdir(os.path.join(shared, 'corpus'))):
        if not name.endswith('.jsonl.gz'):
            continue
        with gzip.open(os.path.join(shared, 'corpus', name), 'rt',
                       encoding='utf-8') as f:
            for line in f:
                a = json.loads(line)
                if a.get('id') in ids:
                    body[a['id']] = a.get('content') or ''
    order = sorted(body)
    # An article's folded words, and its stems marked with Z.
    forms = dict(zip(order, ({w[1] for w in ws} | {'Z' + w[2] for w in ws}
                             for ws in analyze(db, [body[i] for i in order]))))
    qwords = analyze(db, qs)
    for sort in ('relevance', 'date'):
        hits = misses = two = gaps = invented = 0
        examples = []
        for q, words, res in zip(qs, qwords, runs[sort]):
            # A word typed with a capital is searched as it is, unstemmed
            # (Xapian's parser, STEM_SOME).
            keys = {p for w in words if w[1] not in stop
                    for p in ((w[1],) if w[0][:1].isupper()
                              else (w[1], 'Z' + w[2]))}
            for h in res:
                if h['id'] not in body:
                    continue
                hits += 1
                text = norm(body[h['id']])
                if not h['highlights'] and keys & forms[h['id']]:
                    misses += 1
                    if len(examples) < 3:
                        examples.append('%s: %s' % (q, h['id']))
                snip = h['snippet_text']
                if snip.startswith('… '):
                    snip = snip[2:]
                if snip.endswith(' …'):
                    snip = snip[:-2]
                frags = snip.split(' … ')
                two += len(frags) > 1
                invented += sum(1 for f in frags if f not in text)
                gaps += sum(1 for a, b in zip(frags, frags[1:])
                            if a + ' ' + b in text)
        print('%-9s %5d hits: %d without a highlight whose body holds a '
              'query word; %d two-part passages, %d bogus gaps; %d '
              'fragments not in the article%s' %
              (sort, hits, misses, two, gaps, invented,
               ('  (' + ', '.join(examples) + ')') if examples else ''))


main()
