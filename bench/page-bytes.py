#!/usr/bin/env python3
"""Bytes per page of a built site: the mean size of its pages' HTML, raw and
gzipped, over a fixed sample, and what the parts of an opsite page weigh.

    bench/page-bytes.py PUBLIC_DIR [PUBLIC_DIR ...] [--sample N]

Pages are the `index.html` files; the same seed picks the same pages from
two builds of one site, so figures are side by side.
"""
import gzip
import os
import random
import re
import sys

# (name, start, end) of parts of an opsite page, as the default theme writes them.
PARTS = [
    ("head", "<head>", "</head>"),
    ("header", "<header", "</header>"),
    ("search form", '<form class="search"', "</form>"),
    ("sidebar", '<details class="sidebar">', "</details>"),
    ("article", "<article", "</article>"),
    ("page footer", '<footer class="page-meta">', "</footer>"),
    ("toc", '<aside class="toc">', "</aside>"),
    ("site footer", '<footer class="site-footer">', "</footer>"),
]


def pages(root):
    out = []
    for d, _, files in os.walk(root):
        if "index.html" in files:
            out.append(os.path.join(d, "index.html"))
    return sorted(os.path.relpath(p, root) for p in out)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = 2000
    if "--sample" in sys.argv:
        n = int(sys.argv[sys.argv.index("--sample") + 1])
        args.remove(str(n))
    for root in args:
        rel = pages(root)
        random.seed(1)
        sample = random.sample(rel, min(n, len(rel)))
        raw = gz = 0
        parts = {name: 0 for name, _, _ in PARTS}
        for r in sample:
            data = open(os.path.join(root, r), "rb").read()
            raw += len(data)
            gz += len(gzip.compress(data, 6))
            text = data.decode("utf-8", "replace")
            for name, a, b in PARTS:
                i = text.find(a)
                j = text.find(b, i)
                if i >= 0 and j >= 0:
                    parts[name] += j + len(b) - i
        k = len(sample)
        print(f"{root}: {k} of {len(rel)} pages, {raw / k:,.0f} bytes a page, {gz / k:,.0f} gzipped")
        for name, v in parts.items():
            if v:
                print(f"  {name:12} {v / k:8,.0f}")


if __name__ == "__main__":
    main()
