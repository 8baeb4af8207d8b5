#!/usr/bin/env python3
"""Search side by side with Pagefind on one built site, in real Chromium.

    bench/gen-site.py 10000 /dev/shm/site10k
    bench/search.py target/release/opsite /dev/shm/site10k [QUERY ...]

Builds the site with opsite (its index included), runs Pagefind (PyPI
`pagefind-bin`) over the same output, serves it on loopback and, for each
query, opens a fresh page, types the query and counts the bytes the browser
received for it after the page had loaded (search code, index, results'
records; counted by the server, uncompressed as python's http.server sends
them, with the browser cache off). opsite's
figure also gives the time from the last index file's arrival to the frame
that paints the results. Pagefind's page runs its documented API: search,
then `data()` of the first ten results (what its UI shows).
"""
import http.server
import json
import os
import shutil
import socketserver
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import CDP, CHROMIUM  # noqa: E402

PAGEFIND = os.path.join(os.path.dirname(__import__("pagefind_bin").__file__), "pagefind")


SERVED = []  # (path, bytes) of every answered request, in order


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def send_header(self, key, value):
        if key == "Content-Length":
            SERVED.append((self.path.split("?")[0], int(value)))
        super().send_header(key, value)


def served_since(mark, skip):
    got = [(p, n) for p, n in SERVED[mark:] if p not in skip]
    return sum(n for _, n in got), [p for p, _ in got]


def serve(root):
    handler = lambda *a: Handler(*a, directory=root)
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.server_address[1]


def timed(cmd, cwd):
    t = time.time()
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr)
    return time.time() - t, int(out.stderr.strip().splitlines()[-1]) // 1024


def du(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def main():
    binary, site = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
    queries = sys.argv[3:] or ["troubleshooting", "tro", "configuration timeout"]
    work = tempfile.mkdtemp(dir=os.path.dirname(site))
    try:
        for name in ("on", "off"):
            shutil.copytree(site, f"{work}/{name}", ignore=shutil.ignore_patterns("public", ".opsite-cache"))
        with open(f"{work}/off/book.toml", "a") as f:
            f.write("\n[build]\nsearch = false\n")
        rows = {}
        for name in ("on", "off"):
            subprocess.run([binary, "build", "-q"], cwd=f"{work}/{name}", check=True)  # warm the caches
            runs = [timed([binary, "build", "-q"], f"{work}/{name}") for _ in range(5)]
            cold = []
            for _ in range(3):
                shutil.rmtree(f"{work}/{name}/.opsite-cache", ignore_errors=True)
                cold.append(timed([binary, "build", "-q"], f"{work}/{name}"))
            rows[name] = (sorted(r[0] for r in runs)[2], sorted(c[0] for c in cold)[1], max(r[1] for r in runs + cold))
        on, off = rows["on"], rows["off"]
        print(f"opsite build, warm: {off[0]*1000:.0f} ms without search, {on[0]*1000:.0f} ms with (index +{(on[0]-off[0])*1000:.0f} ms, {100*(on[0]-off[0])/off[1]:.1f}% of the cold build)")
        print(f"opsite build, cold: {off[1]*1000:.0f} ms without search, {on[1]*1000:.0f} ms with (+{(on[1]-off[1])*1000:.0f} ms, {100*(on[1]-off[1])/off[1]:.1f}%)")
        print(f"opsite peak memory: {off[2]} MB without search, {on[2]} MB with (+{on[2]-off[2]} MB)")
        public = f"{work}/on/public"
        print(f"opsite index on disk: {du(public + '/search') / 1e6:.1f} MB in {sum(len(f) for _, _, f in os.walk(public + '/search'))} files")
        pf = [timed([PAGEFIND, "--site", public, "--quiet"], work) for _ in range(1)][0]
        print(f"pagefind index: {pf[0]*1000:.0f} ms, peak memory {pf[1]} MB, {du(public + '/pagefind') / 1e6:.1f} MB on disk")
        with open(f"{public}/pf.html", "w") as f:
            f.write("<!doctype html><meta charset=utf-8><title>pf</title><script type=module>"
                    "window.pf = await import('/pagefind/pagefind.js'); await pf.init(); window.ready = true;"
                    "</script>")
        port = serve(public)
        chrome = subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=9333",
                                   "--user-data-dir=" + work + "/chrome", "about:blank"], stderr=subprocess.DEVNULL)
        try:
            cdp = CDP(9333)
            cdp.call("Network.enable")
            cdp.call("Network.setCacheDisabled", cacheDisabled=True)
            cdp.events.clear()
            first = "/area-0/topic-0/page-0/"
            for q in queries:
                cdp.call("Network.clearBrowserCache")
                cdp.call("Page.navigate", url=f"http://127.0.0.1:{port}{first}")
                cdp.wait("document.readyState === 'complete'")
                time.sleep(0.3)
                mark = len(SERVED)
                cdp.eval("document.getElementById('search-input').focus()")
                cdp.call("Input.insertText", text=q)
                cdp.wait(f"document.querySelector('form.search').dataset.query === {json.dumps(q)}")
                time.sleep(0.3)
                total, files = served_since(mark, ("/favicon.ico",))
                paint = cdp.eval("document.querySelector('form.search').dataset.paintMs")
                shown = cdp.eval("document.querySelectorAll('.search-results li').length")
                print(f"opsite   {q!r}: {total/1000:.1f} KB in {len(files)} files, {shown} shown, painted {paint} ms after the last file arrived")
                # Everything pf.html loads but itself: Pagefind's code, its
                # WebAssembly, entry and meta files, then the query's chunks
                # and the first ten results' fragments.
                cdp.call("Network.clearBrowserCache")
                mark = len(SERVED)
                cdp.call("Page.navigate", url=f"http://127.0.0.1:{port}/pf.html")
                cdp.wait("window.ready === true")
                n = cdp.eval(f"(async () => {{ const r = await pf.search({json.dumps(q)}); await Promise.all(r.results.slice(0, 10).map(x => x.data())); return r.results.length; }})()")
                time.sleep(0.3)
                total, files = served_since(mark, ("/pf.html", "/favicon.ico"))
                print(f"pagefind {q!r}: {total/1000:.1f} KB in {len(files)} files, {n} results")
                if os.environ.get("DEBUG"):
                    print(files)
        finally:
            chrome.kill()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
