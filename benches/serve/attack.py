#!/usr/bin/env python3
"""Hostile load against `dealcalc serve` on 127.0.0.1, with a normal
request timed during each attack, and the server's threads and memory
before, during and after (from /proc). Python's standard library only.

    benches/serve/attack.py [PATH_TO_DEALCALC]

Phases:
  load       1,000 connections at once, each sending keep-alive
             conversions for 10 s: requests/s, p50, p99, errors;
  slowloris  1,100 connections sending their headers a byte a second;
  idle       1,100 connections opened and left silent;
  heavy      16 scenarios of 40 companies x 100 events posted at once
             (each minutes of work unless stopped), and the 188-byte
             offer that once made 1.44 million vesting dates.
"""
import asyncio
import logging
import os
import resource
import subprocess
import sys
import time

HOST = "127.0.0.1"
CONVERT = b'{"amount": "$100M", "to": "EUR", "on": "2025-07-08"}'


def request(port, path, body, kind=b"application/json", keep=True):
    head = (
        b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1:" + str(port).encode()
        + b"\r\nContent-Type: " + kind + b"\r\nContent-Length: "
        + str(len(body)).encode() + b"\r\n"
        + (b"" if keep else b"Connection: close\r\n") + b"\r\n"
    )
    return head + body


async def read_response(reader):
    """Status and body of one response."""
    line = await reader.readline()
    if not line:
        raise ConnectionError("closed")
    status = int(line.split()[1])
    length = 0
    while True:
        h = await reader.readline()
        if h in (b"\r\n", b""):
            break
        if h.lower().startswith(b"content-length:"):
            length = int(h.split(b":")[1])
    body = await reader.readexactly(length)
    return status, body


def probe_sync(port):
    """One normal conversion on a fresh connection: seconds it took, or
    None when it failed."""
    import socket

    started = time.monotonic()
    try:
        s = socket.create_connection((HOST, port), timeout=10)
        s.sendall(request(port, b"/api/convert", CONVERT, keep=False))
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        ok = data.startswith(b"HTTP/1.1 200") and b"85338795.02" in data
        return time.monotonic() - started if ok else None
    except OSError:
        return None


async def probe(port):
    return await asyncio.to_thread(probe_sync, port)


def proc(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    files = len(os.listdir(f"/proc/{pid}/fd"))
    return f"{fields['Threads']} threads, {int(fields['VmRSS'].split()[0]) // 1024} MB, {files} files open"


def peak(pid):
    """The most memory the server has held so far (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return None


async def load(port, connections=1000, seconds=10):
    latencies, errors = [], 0
    deadline = time.monotonic() + seconds

    async def client():
        nonlocal errors
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
        except OSError:
            errors += 1
            return
        try:
            while time.monotonic() < deadline:
                started = time.monotonic()
                writer.write(request(port, b"/api/convert", CONVERT))
                await writer.drain()
                status, _ = await read_response(reader)
                if status == 200:
                    latencies.append(time.monotonic() - started)
                else:
                    errors += 1
        except (OSError, ConnectionError, asyncio.IncompleteReadError):
            errors += 1
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.monotonic() - started
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(len(latencies) * p))] * 1000
    return (
        f"{len(latencies)} requests in {elapsed:.1f} s: {len(latencies) / elapsed:,.0f}/s, "
        f"p50 {q(0.5):.1f} ms, p99 {q(0.99):.1f} ms, {errors} errors"
    )


async def slowloris(port, connections=1100, seconds=12, pid=None):
    opened, closed_by_server = 0, 0
    writers = []
    for _ in range(connections):
        try:
            r, w = await asyncio.open_connection(HOST, port)
            writers.append((r, w))
            opened += 1
        except OSError:
            pass
    header = b"POST /api/convert HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    times = []
    during = None
    for second in range(seconds):
        for _, w in writers:
            if w.is_closing():
                continue
            try:
                w.write(header[second % len(header):][:1])
            except (OSError, RuntimeError):
                pass
        times.append(await probe(port))
        if second == seconds // 2 and pid:
            during = proc(pid)
        await asyncio.sleep(1)
    for r, w in writers:
        if r.at_eof():
            closed_by_server += 1
        w.close()
    worst = max((t for t in times if t is not None), default=None)
    failed = sum(1 for t in times if t is None)
    return (
        f"{opened} opened, {closed_by_server} closed by the server by the end; "
        f"normal requests during: worst {worst * 1000:.0f} ms, {failed} failed; during: {during}"
    )


async def idle(port, connections=1100, pid=None):
    writers = []
    for _ in range(connections):
        try:
            writers.append(await asyncio.open_connection(HOST, port))
        except OSError:
            pass
    await asyncio.sleep(0.5)
    times = [await probe(port) for _ in range(5)]
    during = proc(pid) if pid else None
    for _, w in writers:
        w.close()
    worst = max((t for t in times if t is not None), default=None)
    return (
        f"{len(writers)} open; normal requests during: worst "
        f"{(worst or 0) * 1000:.0f} ms, {sum(t is None for t in times)} failed; during: {during}"
    )


def heavy_scenario():
    out = []
    for c in range(40):
        out.append(f"[companies.c{c}]\ncommon = {{ founders = 10_000_000 }}\npool = 1_000_000\n")
        for e in range(100):
            if e % 2 == 0:
                out.append(f'[[companies.c{c}.events]]\nid = "s{e}"\nkind = "safe"\nholder = "a{e}"\namount = "$100k"\ncap = "$50M"\n')
            else:
                out.append(f'[[companies.c{c}.events]]\nid = "r{e}"\nkind = "round"\nholder = "f{e}"\namount = "$1M"\npre_money = "$20M"\n')
        out.append(f'[[companies.c{c}.exits]]\nid = "x"\nvalue = "$80M"\n')
    return "".join(out).encode()


SCHEDULE = (b'[offers.x]\nstart = 2025-01-01\n[[offers.x.pay]]\nkind = "equity"\namount = "$1M"\n'
            b'price = "$10"\nvesting = "100y monthly"\nrefresh = { amount = "$1000", every = "1m", '
            b'vesting = "100y monthly", years = 100 }\n')


async def heavy(port, pid):
    body = heavy_scenario()
    statuses = []

    async def post(b):
        reader, writer = await asyncio.open_connection(HOST, port)
        writer.write(request(port, b"/api/eval", b, kind=b"application/toml", keep=False))
        await writer.drain()
        status, _ = await read_response(reader)
        statuses.append(status)
        writer.close()

    started = time.monotonic()
    tasks = [asyncio.create_task(post(body)) for _ in range(16)]
    tasks += [asyncio.create_task(post(SCHEDULE)) for _ in range(6)]
    await asyncio.sleep(1)
    t = await probe(port)
    during = proc(pid)
    await asyncio.gather(*tasks)
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    return (
        f"{len(body) // 1024} KB x 16 and the 188-byte schedule x 6 in {time.monotonic() - started:.1f} s: "
        f"statuses {counts}; a normal request during: {t * 1000:.0f} ms; during: {during}"
        if t is not None else f"statuses {counts}; the normal request during FAILED; during: {during}"
    )


def main():
    # A write on a connection the server closed is expected here.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/dealcalc"
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    port = 18282
    # The server under the common limit of 1,024 open files.
    server = subprocess.Popen(
        ["sh", "-c", f"ulimit -n 1024; exec {binary} serve --addr {HOST}:{port}"],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    pid = server.pid
    try:
        print(f"idle at start: {proc(pid)}")
        # 256 connections first, so that the peak so far is theirs.
        print(f"load, 256 connections: {asyncio.run(load(port, connections=256))}; "
              f"peak during: {peak(pid)} MB; after: {proc(pid)}")
        print(f"load: {asyncio.run(load(port))}; after: {proc(pid)}")
        print(f"slowloris: {asyncio.run(slowloris(port, pid=pid))}; after: {proc(pid)}")
        print(f"idle crowd: {asyncio.run(idle(port, pid=pid))}; after: {proc(pid)}")
        print(f"heavy: {asyncio.run(heavy(port, pid))}; after: {proc(pid)}")
        time.sleep(2)
        t = probe_sync(port)
        print(f"a normal request at the end: {t * 1000:.0f} ms; settled: {proc(pid)}" if t else "FAILED at the end")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
