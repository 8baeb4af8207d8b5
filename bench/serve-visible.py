#!/usr/bin/env python3
"""Write → visible in real Chromium with `opsite serve`, on a generated site.

    bench/serve-visible.py target/release/opsite /dev/shm/site10k [ITERATIONS] [--load]

Opens one page scrolled half-way down, then rewrites its Markdown
ITERATIONS times (default 40). Each time it measures from the write to the
frame in which the new text is in the page (a MutationObserver stamps the
time, then waits for the next animation frame), and checks that the scroll
position did not move and that the page was updated in place. With --load,
two busy processes keep both cores loaded meanwhile. Prints the median and
p95, and the time until a new page (in a new folder) is served.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import CDP, CHROMIUM  # noqa: E402


def main():
    binary, site = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
    args = [a for a in sys.argv[3:] if not a.startswith("--")]
    n = int(args[0]) if args else 40
    work = tempfile.mkdtemp(dir=os.path.dirname(site))
    procs = []
    try:
        shutil.copytree(site, f"{work}/site", ignore=shutil.ignore_patterns("public"))
        page = "area-0/topic-0/page-1"
        md = f"{work}/site/content/{page}.md"
        original = open(md).read()
        port = 21000 + os.getpid() % 20000
        procs.append(subprocess.Popen([binary, "serve", "-q", "-p", str(port)], cwd=f"{work}/site",
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        base = f"http://127.0.0.1:{port}/"
        for _ in range(300):
            try:
                urllib.request.urlopen(base)
                break
            except Exception:
                time.sleep(0.1)
        procs.append(subprocess.Popen([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=9334",
                                       f"--user-data-dir={work}/chrome", "about:blank"], stderr=subprocess.DEVNULL))
        if "--load" in sys.argv:
            for _ in range(2):
                procs.append(subprocess.Popen([sys.executable, "-c", "while True: pass"]))
        cdp = CDP(9334)
        cdp.call("Page.navigate", url=f"{base}{page}/")
        cdp.wait("document.documentElement.dataset.opsiteLive === 'connected'")
        cdp.eval("document.body.style.minHeight = '4000px'; window.scrollTo({top: 600, behavior: 'instant'}); true")
        # The page may still be laying out: start once the scroll has taken.
        cdp.wait("window.scrollY > 0")
        times, moved, reloaded, parts, arrived = [], 0, 0, [], []
        cdp.eval("window.__marker = 1; true")
        for i in range(n):
            word = f"marker{i}x{os.getpid()}"
            cdp.eval(f"""window.__seen = new Promise(function (resolve) {{
                var o = new MutationObserver(function () {{
                  if (document.body.innerText.indexOf({word!r}) >= 0) {{
                    o.disconnect();
                    requestAnimationFrame(function () {{ resolve(Date.now()); }});
                  }}
                }});
                o.observe(document.body, {{ childList: true, subtree: true, characterData: true }});
              }}); true""")
            y = cdp.eval("window.scrollY")
            time.sleep(0.05)
            t0 = time.time() * 1000
            with open(md + ".tmp", "w") as f:
                f.write(original.replace("Introduction to page", f"Introduction ({word}) to page"))
            os.replace(md + ".tmp", md)
            seen = cdp.eval("window.__seen")
            if seen is None:
                # The page reloaded (the promise died with it): wait for the text.
                reloaded += 1
                cdp.wait(f"document.body && document.body.innerText.indexOf({word!r}) >= 0")
                seen = cdp.eval("Date.now()")
                cdp.eval("document.body.style.minHeight = '4000px'; window.scrollTo({top: 600, behavior: 'instant'}); window.__marker = 1; true")
            times.append(seen - t0)
            parts.append(cdp.eval("document.documentElement.dataset.opsiteUpdateMs") or "")
            arrived.append(float(cdp.eval("document.documentElement.dataset.opsiteEventAt") or 0) - t0)
            after = cdp.eval("window.scrollY")
            if after != y:
                moved += 1
                print(f"save {i}: scrollY {y} -> {after}", flush=True)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"write → visible over {n} saves: median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, "
              f"max {times[-1]:.0f} ms; scroll moved {moved} times; full reloads {reloaded}")
        split = [list(map(float, p.split(","))) for p in parts if p]
        if split:
            med = [statistics.median(col) for col in zip(*split)]
            print(f"write → reload event in the tab (median): {statistics.median(arrived):.1f} ms; then fetch {med[0]:.1f} ms, "
                  f"parse {med[1]:.1f} ms, morph {med[2]:.1f} ms, then the next frame")
        # A new page in a new folder.
        os.makedirs(f"{work}/site/content/fresh/deeper", exist_ok=True)
        t0 = time.time()
        with open(f"{work}/site/content/fresh/deeper/new.md", "w") as f:
            f.write("# New page\n\nJust written.\n")
        while True:
            try:
                urllib.request.urlopen(f"{base}fresh/deeper/new/")
                break
            except Exception:
                time.sleep(0.005)
        print(f"new page served {1000 * (time.time() - t0):.0f} ms after its file was written")
    finally:
        for p in procs:
            p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
