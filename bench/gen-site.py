#!/usr/bin/env python3
"""Generate a synthetic docs site of N pages for benchmarks.

    bench/gen-site.py 10000 /tmp/site10k [--hugo]

Pages are spread over sections of 100 pages (10 top-level sections, nested one
level), each with headings, a table, a fenced code block, and relative links
to neighbours with anchors, so link checking and highlighting do real work.
With --hugo the same content is laid out as a Hugo site (content/, minimal
layouts with a section sidebar), for a side-by-side comparison.
"""
import os
import random
import sys

def page(i, section, n_in_section, hugo):
    prev_link = f"page-{(i - 1) % n_in_section}.md#usage" if not hugo else f"../page-{(i - 1) % n_in_section}/#usage"
    code_lang = ["yaml", "bash", "python", "json", "rust"][i % 5]
    code = {
        "yaml": "groups:\n  - name: example\n    rules:\n      - alert: HighLatency\n        expr: rate(x[5m]) > 1\n",
        "bash": "oc get pods -n opf-jupyterhub\noc logs deploy/jupyterhub --tail=100 | grep -i error\n",
        "python": "import pandas as pd\n\ndf = pd.read_csv('s3://bucket/data.csv')\nprint(df.describe())\n",
        "json": '{\n  "name": "example",\n  "replicas": 3,\n  "labels": {"app": "web"}\n}\n',
        "rust": "fn main() {\n    let v: Vec<u32> = (0..10).collect();\n    println!(\"{:?}\", v);\n}\n",
    }[code_lang] + ("//" if code_lang == "rust" else "#") + f" variant {i} of {section}\n"
    body = f"""---
title: "Page {i} of {section}"
weight: {i}
---

Introduction to page {i}. This page explains how to operate component {i % 50}
and links back to [the previous page]({prev_link}).

## Usage

Run the following to inspect the deployment:

```{code_lang}
{code}```

## Configuration

| Key | Default | Meaning |
|-----|---------|---------|
| replicas | 3 | Number of pods |
| timeout | 30s | Request timeout |

### Details for {i}

{"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 6}

> [!NOTE]
> Changes take effect after the next sync.

## Troubleshooting

- Check the logs.
- Check the **alerts** dashboard.
- Ask in the support channel.
"""
    return body

def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    hugo = "--hugo" in sys.argv
    random.seed(1)
    per_section = 100
    os.makedirs(os.path.join(out, "content"), exist_ok=True)
    if hugo:
        with open(os.path.join(out, "hugo.toml"), "w") as f:
            f.write('baseURL = "https://example.org/"\ntitle = "Bench"\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
                    '[markup.highlight]\nnoClasses = false\n[markup.goldmark.parser.attribute]\nblock = true\n')
        layouts = os.path.join(out, "layouts", "_default")
        os.makedirs(layouts, exist_ok=True)
        base = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                '<link rel="stylesheet" href="/style.css"></head><body><nav><ul>'
                '{{ range .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}'
                '</ul></nav><main>{{ block "main" . }}{{ end }}</main>'
                '<aside>{{ .TableOfContents }}</aside></body></html>')
        with open(os.path.join(layouts, "baseof.html"), "w") as f:
            f.write(base)
        with open(os.path.join(layouts, "single.html"), "w") as f:
            f.write('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}'
                    '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}')
        with open(os.path.join(layouts, "list.html"), "w") as f:
            f.write('{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}'
                    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}')
    else:
        with open(os.path.join(out, "book.toml"), "w") as f:
            f.write('[site]\ntitle = "Bench"\nbase_url = "https://example.org/"\n')
    index = "_index.md"
    with open(os.path.join(out, "content", index), "w") as f:
        f.write("---\ntitle: Bench\n---\nA generated site.\n")
    sections = max(1, n // per_section)
    made = 0
    for s in range(sections):
        top = f"area-{s % 10}"
        sub = f"topic-{s}"
        d = os.path.join(out, "content", top, sub)
        os.makedirs(d, exist_ok=True)
        top_index = os.path.join(out, "content", top, index)
        if not os.path.exists(top_index):
            with open(top_index, "w") as f:
                f.write(f"---\ntitle: Area {s % 10}\nweight: {s % 10}\n---\nArea overview.\n")
        with open(os.path.join(d, index), "w") as f:
            f.write(f"---\ntitle: Topic {s}\nweight: {s}\n---\nTopic overview.\n")
        count = min(per_section, n - made)
        for i in range(count):
            name = f"page-{i}.md"
            with open(os.path.join(d, name), "w") as f:
                f.write(page(i, sub, count, hugo))
        made += count
    print(f"generated {made} pages in {sections} sections under {out}")

if __name__ == "__main__":
    main()
