#!/usr/bin/env python3
"""Count files `opsite serve` misses: new folders written at once, `cp -r`
of a folder, while other processes load every core.

    bench/serve-missed.py BINARY [TRIALS]

Each trial makes a new page in a new nested folder (mkdir -p, then the file
right away) or copies a folder of three pages; a page counts as missed when
it is not served within 3 s of being written.
"""
import os, shutil, subprocess, sys, tempfile, time, urllib.request, urllib.error

binary = os.path.abspath(sys.argv[1])
trials = int(sys.argv[2]) if len(sys.argv) > 2 else 200
site = tempfile.mkdtemp()
os.makedirs(f"{site}/content")
open(f"{site}/book.toml", "w").write('[site]\ntitle = "T"\nbase_url = "https://example.org/"\n')
open(f"{site}/content/_index.md", "w").write("# Home\n")
template = tempfile.mkdtemp()
for n in range(3):
    open(f"{template}/p{n}.md", "w").write(f"# Copied {n}\n")

load = [subprocess.Popen(["sh", "-c", "while :; do :; done"]) for _ in range(os.cpu_count() or 2)]
serve = subprocess.Popen([binary, "serve", "--port", "0", "-q", "--offline"], cwd=site,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
# -q silences the banner: find the port from /proc instead.
url = None
deadline = time.time() + 30
while url is None and time.time() < deadline:
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if f"pid={serve.pid}," in line:
            url = "http://" + line.split()[3].replace("*", "127.0.0.1")
    time.sleep(0.1)

def served(path, limit=3.0):
    end = time.time() + limit
    while time.time() < end:
        try:
            urllib.request.urlopen(url + path, timeout=2).read()
            return True
        except urllib.error.HTTPError:
            time.sleep(0.02)
        except Exception:
            time.sleep(0.02)
    return False

missed = 0
pages = 0
try:
    for t in range(trials):
        if t % 2 == 0:
            d = f"{site}/content/n{t}/deep"
            os.makedirs(d)
            open(f"{d}/p.md", "w").write(f"# Page {t}\n")
            paths = [f"/n{t}/deep/p/"]
        else:
            shutil.copytree(template, f"{site}/content/c{t}")
            paths = [f"/c{t}/p{n}/" for n in range(3)]
        for p in paths:
            pages += 1
            if not served(p):
                missed += 1
                print("missed", p, flush=True)
finally:
    serve.kill()
    for p in load:
        p.kill()
    shutil.rmtree(site, ignore_errors=True)
print(f"{trials} trials, {pages} pages, {missed} missed")
