//! Content from strangers: a code block must not stall the build, and no
//! link or image may carry a scheme that runs script on the site's origin
//! or opens the reader's files, whatever source it comes from.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{BOOK, Site, bin};

/// `opsite build` in `site`, killed if it runs past `limit`: a build that
/// hangs fails the test instead of stalling the suite.
fn build_within(site: &Site, limit: Duration) -> (i32, String) {
    let mut child = Command::new(bin())
        .arg("build")
        .current_dir(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run opsite");
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("wait for opsite") {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            let err = err.replace(&site.root().display().to_string(), "[ROOT]");
            return (status.code().unwrap_or(-1), err);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("opsite build still running after {limit:?}");
}

/// The Grafana Loki page that hung `opsite build` forever.
const LOKI_BLOCK: &str = "# T\n\n```javascript\n export default () => {\n }\n /**\n```\n";

#[test]
fn javascript_block_with_an_unclosed_jsdoc_after_a_brace_builds() {
    let site = Site::new().file("content/t.md", LOKI_BLOCK);
    let (code, err) = build_within(&site, Duration::from_secs(60));
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "", "highlighted as it should be: nothing to warn about");
    let page = site.html("t/index.html");
    assert_eq!(page.text("pre code"), " export default () => {\n }\n /**\n".trim(), "all of it, once");
    // The comment is coloured as one: the grammar's loop was broken, not
    // the block given up on.
    let spans = page.texts("pre code span");
    assert!(spans.iter().any(|s| s.starts_with("/**")), "{spans:?}");
}

#[test]
fn a_block_past_the_highlight_budget_is_plain_text_with_a_located_warning() {
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}[markdown]\nhighlight_budget_ms = 0\n"))
        .file("content/t.md", "# T\n\nSome code:\n\n```rust\nfn main() { let a = \"<b>\"; }\n```\n");
    let r = site.build_ok(&[]);
    let page = site.html("t/index.html");
    assert_eq!(page.text("pre code"), "fn main() { let a = \"<b>\"; }", "all the code, escaped");
    assert_eq!(page.count("pre code span"), 0, "not highlighted");
    assert_eq!(page.count("pre code b"), 0, "text, not markup");
    // Every number is N, whatever its digits (a loaded machine takes 10 ms).
    let mut err = String::new();
    for c in r.err().chars() {
        match c {
            '0'..='9' if err.ends_with('N') => {}
            '0'..='9' => err.push('N'),
            c => err.push(c),
        }
    }
    insta::assert_snapshot!(err, @r"
    warning: content/t.md:N:N: highlighting ```rust gave up after N ms; shown as plain text
      hint: the grammar is stuck on this block; [markdown] highlight_budget_ms sets how long a block may take
    ");
}

/// Every spelling of a dangerous link the issue named, and the safe ones
/// beside them.
const LINKS: &str = "# Links\n\n\
[md link](javascript:alert(8)) ![i](javascript:alert(9)) [d](data:text/html,<script>x</script>) [v](vbscript:x)\n\n\
[tab](java&#x09;script:alert(1)) [case](JaVaScRiPt:alert(1)) [pct](%6Aavascript:alert(1)) [file](file:///etc/passwd)\n\n\
<javascript:alert(2)>\n\n\
## [in a heading](javascript:alert(3)) too\n\n\
[ok](https://example.org/) ![ok pic](data:image/png;base64,iVBORw0KGgo=) ![svg](data:image/svg+xml,<svg/onload=alert(1)>)\n";

fn dangerous(url: &str) -> bool {
    let plain: String =
        url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
    ["javascript:", "vbscript:", "file:", "data:text", "data:image/svg", "%6aavascript"]
        .iter()
        .any(|s| plain.starts_with(s))
}

/// Every `href` and `src` of the page at `path` that could run script.
fn dangerous_urls(site: &Site, path: &str) -> Vec<String> {
    let page = site.html(path);
    let mut urls = page.attrs("[href]", "href");
    urls.extend(page.attrs("[src]", "src"));
    urls.into_iter().filter(|u| dangerous(u)).collect()
}

fn notebook() -> String {
    serde_json::json!({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
        "cells": [
            {"cell_type": "markdown", "source": "# Notebook\n\n[nb](javascript:alert(5)) ![x](vbscript:y)\n"},
            {"cell_type": "code", "source": "x", "outputs": [
                {"output_type": "display_data", "data": {
                    "text/html": "<a href=\"javascript:alert(6)\">out</a><img src=\"data:text/html,x\">",
                    "text/plain": "x"}}
            ]}
        ]
    })
    .to_string()
}

#[test]
fn dangerous_link_schemes_are_dropped_in_every_source_and_their_text_stays() {
    let rules = "groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n    annotations:\n      dashboard_url: javascript:alert(7)\n";
    let site = Site::new()
        .file(
            "book.toml",
            &format!(
                "{BOOK}[runbooks]\nrules = [\"rules.yaml\"]\n\n[[sources]]\npath = \"ext\"\nmount = \"ext\"\ntrusted = false\n"
            ),
        )
        .file("rules.yaml", rules)
        .file("content/links.md", LINKS)
        .file("content/runbooks/Down.md", "# Down\n\n## Meaning\n\nIt is down.\n")
        .file("content/nb.ipynb", &notebook())
        .file("ext/page.md", LINKS)
        .file("ext/raw.md", "# Raw\n\n<a href=\"javascript:alert(10)\">raw</a>\n");
    let r = site.build_ok(&[]);
    for page in
        ["links/index.html", "ext/page/index.html", "ext/raw/index.html", "nb/index.html", "runbooks/Down/index.html"]
    {
        assert_eq!(dangerous_urls(&site, page), Vec::<String>::new(), "{page}");
    }
    let links = site.html("links/index.html");
    let text = links.text("article");
    for kept in ["md link", "i", "tab", "case", "pct", "file", "javascript:alert(2)", "in a heading too", "svg"] {
        assert!(text.contains(kept), "{kept:?} stays on the page: {text}");
    }
    assert_eq!(links.attrs("article a[href^='https:']", "href"), ["https://example.org/"]);
    assert_eq!(links.attrs("article img", "alt"), ["ok pic"], "a raster data: image stays");
    assert!(site.html("nb/index.html").text("article").contains("nb"));
    // One located warning per dropped link, naming the scheme, none of them
    // a broken-link report; the rule's dashboard link is located in its file.
    let err = r.err();
    let drops = err.lines().filter(|l| l.contains("URL dropped (its text stays)")).count();
    // 11 in each copy of LINKS, 2 in the notebook's Markdown cell.
    assert_eq!(drops, 2 * 11 + 2, "{err}");
    assert!(err.contains("content/links.md:3:1: link to a `javascript:` URL dropped"), "{err}");
    assert!(err.contains("content/links.md:3:32: image to a `javascript:` URL dropped"), "{err}");
    assert!(err.contains("content/links.md:5:91: link to a `file:` URL dropped"), "{err}");
    assert!(err.contains("ext/page.md:3:58: link to a `data:` URL dropped"), "{err}");
    assert!(err.contains("rules.yaml:7:22: dashboard_url of alert Down is a `javascript:` URL: not linked"), "{err}");
    assert!(!err.contains("broken"), "{err}");
}

#[test]
fn trusted_raw_html_may_still_link_any_scheme() {
    let site = Site::new()
        .file("content/raw.md", "# Raw\n\n<a href=\"javascript:void(0)\">raw</a> [md](javascript:void(0))\n");
    let r = site.build_ok(&[]);
    let page = site.html("raw/index.html");
    assert_eq!(page.attrs("article a", "href"), ["javascript:void(0)"], "only the raw HTML link");
    assert_eq!(r.err().matches("URL dropped").count(), 1, "{}", r.err());
}

#[test]
fn a_nav_file_entry_with_a_dangerous_scheme_is_not_in_the_sidebar() {
    let site = Site::new()
        .file("content/SUMMARY.md", "# Summary\n\n- [Page](page.md)\n- [Evil](javascript:alert(1))\n")
        .file("content/page.md", "# Page\n");
    site.build_ok(&[]);
    assert_eq!(dangerous_urls(&site, "page/index.html"), Vec::<String>::new());
}

#[test]
fn a_redirect_to_a_dangerous_scheme_is_left_out_with_a_located_warning() {
    let site = Site::new()
        .file("content/moved.md", "---\ntitle: Moved\nredirect_to: \"JaVa&#x09;script:alert(1)\"\n---\nStill here.\n");
    let r = site.build_ok(&[]);
    assert_eq!(dangerous_urls(&site, "moved/index.html"), Vec::<String>::new());
    assert!(site.read("moved/index.html").contains("Still here."), "built as a page");
    assert!(r.err().contains("content/moved.md:3:1: redirect_to a `javascript:` URL left out"), "{}", r.err());
}
