#!/usr/bin/env python3
# docs.py - one line per article of an index: its id term and a digest of
# its stored data, its values and its terms with their wdf (the fault tests,
# tests/fault/lib.sh).  Reads `xapian-delve -1 -v -d -V -r N...` on stdin.
#
# Copyright 2026 the cari developers.  Licence: GPL-2.0-or-later.
#
# The document counts delve prints beside each term are left out: they
# depend on the other articles of the index, not on the article.

import hashlib
import re
import sys

HEADER = re.compile(rb"^(Data|Values|Term List) for record #(\d+)"
                    rb"(?: \(wdf, termfreq\))?:$")
parts = {}
ident = {}
section = rec = None
for line in sys.stdin.buffer:
    line = line.rstrip(b"\n")
    m = HEADER.match(line)
    if m:
        section, rec = m.group(1), m.group(2)
        continue
    if rec is None:
        continue
    if section == b"Term List":
        line = line.rsplit(b" ", 1)[0]
        if line.startswith(b"Q"):
            ident[rec] = line.rsplit(b" ", 1)[0]
    parts.setdefault(rec, {}).setdefault(section, []).append(line)
out = []
for rec, p in parts.items():
    h = hashlib.md5()
    for section in (b"Data", b"Values", b"Term List"):
        h.update(section + b"\0" + b"\n".join(p.get(section, [])) + b"\0")
    out.append(ident.get(rec, b"?") + b" " + h.hexdigest().encode())
sys.stdout.buffer.write(b"".join(x + b"\n" for x in sorted(out)))
