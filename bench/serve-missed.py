#!/usr/bin/env python3
"""Count the files `opsite serve` misses and time how soon new pages are
served: new folders written at once, `cp -r` of a folder, and `git checkout`
of a branch that adds and removes a folder of pages, while other processes
load every core.

    bench/serve-missed.py BINARY [TRIALS] [--site DIR] [--no-load]

With --site the trials run on a copy of DIR (say a 10,000-page site from
bench/gen-site.py); else on a one-page site. Each trial makes a new page in a
new nested folder (mkdir -p, then the file right away), copies a folder of
three pages, or checks out the other branch (20 pages appear) and back (they
must be gone). A page counts as missed when it is not served within 3 s of
being written (or, after the switch back, still served after 3 s). Prints
the write-to-served times (median, p95, max) of the pages that appeared, per
kind of trial; trials are SETTLE seconds apart (default 2.5).
"""
import os, shutil, statistics, subprocess, sys, tempfile, time, urllib.request, urllib.error

args = [a for a in sys.argv[1:] if not a.startswith("--")]
binary = os.path.abspath(args[0])
trials = int(args[1]) if len(args) > 1 else 200
source = sys.argv[sys.argv.index("--site") + 1] if "--site" in sys.argv else None
if source:
    args = [a for a in args if a != source]
    trials = int(args[1]) if len(args) > 1 else 200
site = tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
if source:
    shutil.copytree(f"{source}/content", f"{site}/content")
    shutil.copy(f"{source}/book.toml", f"{site}/book.toml")
else:
    os.makedirs(f"{site}/content")
    open(f"{site}/book.toml", "w").write('[site]\ntitle = "T"\nbase_url = "https://example.org/"\n')
    open(f"{site}/content/_index.md", "w").write("# Home\n")
template = tempfile.mkdtemp()
for n in range(3):
    open(f"{template}/p{n}.md", "w").write(f"# Copied {n}\n")

def git(*a):
    subprocess.run(["git", "-c", "user.name=b", "-c", "user.email=b@example.org", *a], cwd=site, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

# Two branches: `other` adds content/branch/ with 20 pages.
open(f"{site}/.gitignore", "w").write("public/\n.opsite-cache/\n")
git("init", "-q", "-b", "main")
git("add", "-A")
git("commit", "-q", "-m", "site")
git("checkout", "-q", "-b", "other")
os.makedirs(f"{site}/content/branch")
for n in range(20):
    open(f"{site}/content/branch/b{n}.md", "w").write(f"# Branch page {n}\n")
git("add", "-A")
git("commit", "-q", "-m", "branch pages")
git("checkout", "-q", "main")

load = [] if "--no-load" in sys.argv else [subprocess.Popen(["sh", "-c", "while :; do :; done"])
                                           for _ in range(os.cpu_count() or 2)]
serve = subprocess.Popen([binary, "serve", "--port", "0", "-q", "--offline"], cwd=site,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
# -q silences the banner: find the port from /proc instead.
url = None
deadline = time.time() + 60
while url is None and time.time() < deadline:
    out = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if f"pid={serve.pid}," in line:
            url = "http://" + line.split()[3].replace("*", "127.0.0.1")
    time.sleep(0.1)

def status(path):
    try:
        urllib.request.urlopen(url + path, timeout=2).read()
        return 200
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return 0

def until(path, want, since, limit=3.0):
    """Seconds from `since` until `path` answers `want`; None after `limit`."""
    while time.time() - since < limit:
        if status(path) == want:
            return time.time() - since
        time.sleep(0.005)
    return None

# The first build must be done before the first trial.
until("/", 200, time.time(), 120)
missed = 0
pages = 0
times = {0: [], 1: [], 2: []}
settle = float(os.environ.get("SETTLE", "2.5"))
try:
    for t in range(trials):
        # Let the previous trial's other pages and the search index (a
        # quiet second later) finish: a trial times one change, not a queue.
        time.sleep(settle)
        kind = t % 3
        gone = []
        if kind == 0:
            d = f"{site}/content/n{t}/deep"
            written = time.time()
            os.makedirs(d)
            open(f"{d}/p.md", "w").write(f"# Page {t}\n")
            paths = [f"/n{t}/deep/p/"]
        elif kind == 1:
            written = time.time()
            shutil.copytree(template, f"{site}/content/c{t}")
            paths = [f"/c{t}/p{n}/" for n in range(3)]
        else:
            written = time.time()
            git("checkout", "-q", "other")
            paths = [f"/branch/b{n}/" for n in range(20)]
            gone = paths
        for p in paths:
            pages += 1
            took = until(p, 200, written)
            if took is None:
                missed += 1
                print("missed", p, flush=True)
            else:
                times[kind].append(took * 1000)
        if gone:
            switched = time.time()
            git("checkout", "-q", "main")
            for p in gone:
                pages += 1
                if until(p, 404, switched) is None:
                    missed += 1
                    print("still served", p, flush=True)
finally:
    serve.kill()
    for p in load:
        p.kill()
    shutil.rmtree(site, ignore_errors=True)
print(f"{trials} trials, {pages} pages, {missed} missed")
names = {0: "new folder (mkdir -p + file)", 1: "cp -r of 3 pages", 2: "git checkout (+20 pages)"}
for kind, xs in times.items():
    if xs:
        xs.sort()
        p95 = xs[min(len(xs) - 1, int(len(xs) * 0.95))]
        print(f"{names[kind]}: write -> served median {statistics.median(xs):.0f} ms, p95 {p95:.0f} ms, "
              f"max {xs[-1]:.0f} ms ({len(xs)} pages)")
