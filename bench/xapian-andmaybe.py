#!/usr/bin/python3
# xapian-andmaybe.py - shows the Xapian matcher bug that _cx_boost_bound
# (xapian-c/search.cc) works around, with Xapian's own Python bindings
# (Debian: python3-xapian) and no cari code: on these eight documents,
# AND_MAYBE(a AND b, k) asked for its top hit alone gives the second best.
# AndMaybePostList turns into an AND starting at max(lhead, rhead) + 1,
# past the optional side's document when check() left it ahead.
# Usage: bench/xapian-andmaybe.py   (exit 1 while the bug is there)
import sys
import xapian

DOCS = [  # wdf of a, b, k and of a filler term, in docid order
    (3, 2, 1, 25), (2, 4, 0, 2), (0, 3, 0, 22), (0, 0, 0, 18),
    (4, 3, 4, 1), (0, 0, 0, 1), (3, 2, 3, 13), (2, 2, 0, 6),
]

db = xapian.WritableDatabase('', xapian.DB_BACKEND_INMEMORY)
for wdfs in DOCS:
    doc = xapian.Document()
    for term, wdf in zip(('a', 'b', 'k', 'pad'), wdfs):
        if wdf:
            doc.add_term(term, wdf)
    db.add_document(doc)

Q = xapian.Query
query = Q(Q.OP_AND_MAYBE, Q(Q.OP_AND, Q('a'), Q('b')), Q('k'))
enquire = xapian.Enquire(db)
enquire.set_query(query)
one = [(m.docid, round(m.weight, 3)) for m in enquire.get_mset(0, 1)]
ten = [(m.docid, round(m.weight, 3)) for m in enquire.get_mset(0, 10)]
print('Xapian', xapian.version_string())
print('top hit alone:', one)
print('top 10:       ', ten)
if one[0] != ten[0]:
    print('the top hit alone is not the top of 10: the bug is there')
    sys.exit(1)
print('the top hit alone is the top of 10: fixed in this Xapian')
