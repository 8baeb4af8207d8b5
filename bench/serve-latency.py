#!/usr/bin/env python3
"""Measure `opsite serve` live-reload latency on a generated site.

    bench/gen-site.py 10000 /tmp/site10k
    bench/serve-latency.py target/release/opsite /tmp/site10k [iterations]

For each iteration one page's Markdown is rewritten; we time (a) from the
write to the `reload` event naming that page, and (b) from the event to the
changed page being served. Also times a full rebuild (touching book.toml).
Prints medians and p95s. Not a test: numbers depend on the machine.
"""
import http.client
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time


def percentile(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def main():
    binary, root = sys.argv[1], sys.argv[2]
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    proc = subprocess.Popen([binary, "serve", "--root", root, "--port", "0"], stdout=subprocess.PIPE, text=True)
    built = None
    url = None
    for line in proc.stdout:
        m = re.match(r"built in (.*)", line)
        if m:
            built = m.group(1).strip()
        if line.startswith("serving "):
            url = line.split()[1]
            break
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()

    events = queue.Queue()

    def listen():
        conn = http.client.HTTPConnection(host, int(port))
        conn.request("GET", "/__opsite/events")
        resp = conn.getresponse()
        name = None
        while True:
            line = resp.readline().decode()
            if not line:
                return
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: ") and name:
                events.put((time.perf_counter(), name, line[6:]))
                name = None

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5)

    pages = []
    for dirpath, _, files in os.walk(os.path.join(root, "content")):
        for f in files:
            if f.startswith("page-") and f.endswith(".md"):
                pages.append(os.path.join(dirpath, f))
    pages.sort()
    to_event, to_served = [], []
    conn = http.client.HTTPConnection(host, int(port))
    for i in range(iterations):
        path = pages[(i * 97) % len(pages)]
        rel = os.path.relpath(path, os.path.join(root, "content"))[:-3] + "/"
        with open(path) as f:
            text = f.read()
        marker = f"bench-marker-{i}-{time.time_ns()}"
        text = re.sub(r"bench-marker-\S+", "", text).rstrip("\n") + f"\n\n{marker}\n"
        while not events.empty():
            events.get()
        t0 = time.perf_counter()
        with open(path, "w") as f:
            f.write(text)
        while True:
            t1, name, data = events.get(timeout=30)
            if name == "reload" and ("/" + rel in data or '"*"' in data):
                break
            if name == "build-error":
                sys.exit(f"build error: {data}")
        conn.request("GET", "/" + rel)
        body = conn.getresponse().read().decode()
        t2 = time.perf_counter()
        assert marker in body, "served page is stale"
        to_event.append((t1 - t0) * 1000)
        to_served.append((t2 - t1) * 1000)
        time.sleep(0.05)

    # Full rebuild: touching the config reloads everything.
    full = []
    book = os.path.join(root, "book.toml")
    for _ in range(3):
        while not events.empty():
            events.get()
        with open(book) as f:
            cfg = f.read()
        t0 = time.perf_counter()
        with open(book, "w") as f:
            f.write(cfg)
        while True:
            t1, name, data = events.get(timeout=120)
            if name == "reload":
                break
        full.append((t1 - t0) * 1000)
    proc.terminate()

    def line(label, xs):
        print(f"{label:32} median {statistics.median(xs):8.1f} ms   p95 {percentile(xs, 0.95):8.1f} ms   (n={len(xs)})")

    print(f"initial build (serve): {built}")
    line("write -> reload event", to_event)
    line("reload event -> page served", to_served)
    line("full rebuild (book.toml)", full)


if __name__ == "__main__":
    main()
