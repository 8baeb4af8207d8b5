//! Markdown features as readers see them.

use crate::support::Site;

const KITCHEN_SINK: &str = r#"---
title: Kitchen sink
---

Intro with ~~old~~ *new* text and a footnote[^1].

| Alert | Severity |
|:------|---------:|
| `PVCFillingUp` | warning |

- [x] done
- [ ] todo

> [!WARNING]
> Scale down **before** deleting.

> A plain quote.

```yaml
groups:
  - name: jupyterhub # the group
```

```text
plain <output>
```

[^1]: The footnote.
"#;

#[test]
fn kitchen_sink_html_snapshot() {
    let site = Site::new().file("content/sink.md", KITCHEN_SINK);
    site.build_ok(&[]);
    let article = site.html("sink/index.html").inner("article.content");
    insta::assert_snapshot!(article);
}

#[test]
fn fenced_code_is_highlighted_into_classes() {
    let site = Site::new().file("content/sink.md", KITCHEN_SINK);
    let r = site.build_ok(&[]);
    assert!(!r.stderr.contains("unknown code language"), "{}", r.stderr);
    let page = site.html("sink/index.html");
    assert_eq!(page.attr("pre[data-lang=yaml] code", "class"), "language-yaml");
    assert!(page.count("pre[data-lang=yaml] span[class]") > 3, "no highlight classes");
    // Colours come from per-theme stylesheets, switched by media query; each
    // class the code uses has its colour there, and only those.
    assert_eq!(page.attr("link[data-hl=light]", "media"), "(prefers-color-scheme: light)");
    let css = site.read("syntax-light.css") + &site.read("syntax-dark.css");
    let classes = page.attrs("pre span[class]", "class");
    for class in &classes {
        assert!(css.contains(&format!(".{class}{{")), "no colour for {class}");
    }
    for rule in css.lines().filter(|l| l.starts_with('.')) {
        let class = &rule[1..rule.find('{').unwrap()];
        assert!(classes.iter().any(|c| c == class), "{class} is not used");
    }
    // Plain text stays plain and escaped.
    assert_eq!(page.text("pre[data-lang=text]"), "plain <output>");
}

#[test]
fn unknown_language_is_a_warning_not_an_error() {
    let site = Site::new().file("content/a.md", "# A\n\n```klingon\nQapla' <b>\n```\n");
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    assert_eq!(site.html("a/index.html").text("pre code"), "Qapla' <b>");
}

#[test]
fn github_alerts_become_callouts() {
    let site = Site::new().file(
        "content/a.md",
        "# A\n\n> [!NOTE]\n> n\n\n> [!TIP]\n> t\n\n> [!IMPORTANT]\n> i\n\n> [!WARNING]\n> w\n\n> [!CAUTION]\n> c\n",
    );
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(page.texts(".callout .callout-title"), ["Note", "Tip", "Important", "Warning", "Caution"]);
    assert_eq!(page.count(".callout-caution"), 1);
    assert_eq!(page.count("blockquote"), 0);
}

#[test]
fn toc_lists_h2_to_h4_nested() {
    let site =
        Site::new().file("content/a.md", "# A\n\n## One\n\n### One.1\n\n#### Deep\n\n##### Too deep\n\n## Two\n");
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(page.texts(".toc nav > ul > li > a"), ["One", "Two"]);
    assert_eq!(page.texts(".toc li li > a"), ["One.1", "Deep"]);
    assert_eq!(page.attrs(".toc a", "href"), ["#one", "#one1", "#deep", "#two"]);
}
