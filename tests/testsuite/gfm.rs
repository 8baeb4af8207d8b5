//! Markdown as GitHub and GitLab render it, and other tools' directives.

use crate::support::Site;

#[test]
fn bare_urls_are_links_except_in_code_and_links() {
    let site = Site::new().file(
        "content/a.md",
        "# A\n\nDocs at https://docs.example.org/x_y?q=1&r=2. Also www.example.org, ops@example.org.\n\n\
         `https://in.code` and [text https://in.link](https://target.example) and <a href=\"https://h.example\">https://h.example</a>\n\n\
         ```\nhttps://in.fence\n```\n",
    );
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(
        page.attrs("article a:not(.anchor)", "href"),
        [
            "https://docs.example.org/x_y?q=1&r=2",
            "http://www.example.org",
            "mailto:ops@example.org",
            "https://target.example",
            "https://h.example"
        ]
    );
}

#[test]
fn definition_lists_and_gitlab_toc() {
    let site = Site::new().file(
        "content/a.md",
        "# A\n\n[[_TOC_]]\n\n## Terms\n\nSLO\n: A target for a service level.\n\n### Burn rate\n\n## Other\n",
    );
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(page.text("article dl dt"), "SLO");
    assert_eq!(page.attrs("nav.toc-inline a", "href"), ["#terms", "#burn-rate", "#other"]);
    assert!(!site.read("a/index.html").contains("_TOC_"));
}

#[test]
fn mdbook_include_with_ranges_and_anchors() {
    let site = Site::new()
        .file("deploy/manifest.yaml", "kind: Deployment\n# ANCHOR: spec\nreplicas: 3\n# ANCHOR_END: spec\nend: true\n")
        .file(
            "content/runbook.md",
            "# Runbook\n\n```yaml\n{{#include ../deploy/manifest.yaml:spec}}\n```\n\n```yaml\n{{#include ../deploy/manifest.yaml:1:1}}\n```\n\n\\{{#include not-expanded.md}}\n",
        );
    site.build_ok(&[]);
    let page = site.html("runbook/index.html");
    assert_eq!(page.texts("pre code"), ["replicas: 3", "kind: Deployment"]);
    assert!(page.text("article > p").contains("{{#include not-expanded.md}}"));
}

#[test]
fn includes_that_are_missing_cyclic_or_outside_the_site_are_errors() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
    let site = Site::new()
        .file("content/a.md", "# A\n\n{{#include missing.md}}\n")
        .file("content/b.md", "# B\n\n{{#include parts/loop.md}}\n")
        .file("content/parts/loop.md", "again {{#include loop.md}}\n")
        .file("content/c.md", &format!("# C\n\n{{{{#include {}/secret.txt}}}}\n", outside.path().display()));
    let r = site.build_err(&[]);
    assert!(!r.stderr.contains("secret\n"));
    insta::assert_snapshot!(r.err().replace(&outside.path().display().to_string(), "[OUTSIDE]"));
}

#[test]
fn hugo_ref_shortcodes_are_checked_links() {
    let site = Site::new()
        .file(
            "content/docs/a.md",
            "# A\n\nSee [B]({{< ref \"b.md#setup\" >}}) and [C]({{< relref \"/docs/c.md\" >}}).\n",
        )
        .file("content/docs/b.md", "# B\n\n## Setup\n")
        .file("content/docs/c.md", "# C\n");
    site.build_ok(&[]);
    assert_eq!(site.html("docs/a/index.html").attrs("article p a", "href"), ["/docs/b/#setup", "/docs/c/"]);
    site.write("content/docs/a.md", "# A\n\n[B]({{< ref \"b.md#nowhere\" >}})\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn other_shortcodes_are_located_warnings_and_errors_with_strict() {
    let site = Site::new().file(
        "content/a.md",
        "# A\n\nVersion {{< param \"version\" >}} and {{% notice info %}}.\n\n{{#playground_ex example.rs}}\n\n\
         ![x]({{ resize_image(path=\"a.png\") }})\n\n{% raw %}\n\n`{{< in code >}}`\n",
    );
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    let r = site.build_err(&["--strict"]);
    assert!(r.stderr.contains("build failed with 5 errors"), "{}", r.stderr);
}

#[test]
fn math_is_mathml_at_build_time_and_cannot_carry_markup() {
    let site = Site::new().file(
        "content/slo.md",
        "# SLO\n\nBudget: $1 - \\frac{bad}{total}$, not $5 or $10.\n\n$$\n\\sum_{i=1}^{n} x_i < \\infty\n$$\n\n\
         ```math\ne^{i\\pi} + 1 = 0\n```\n\nHostile: $x</annotation><script>window.__m = 1</script>$ $\\text{<img src=x onerror=alert(1)>}$\n",
    );
    site.build_ok(&[]);
    let page = site.html("slo/index.html");
    assert_eq!(page.count("article math"), 5);
    assert_eq!(page.count("article math[display=block]"), 2);
    assert_eq!(page.count("article script, article img"), 0);
    let raw = site.read("slo/index.html");
    assert!(!raw.contains("<script>window.__m") && !raw.contains("<img"), "markup in math must stay text");
    assert!(raw.contains("not $5 or $10."), "dollar amounts are not math");
    assert!(raw.contains("<mo>&lt;</mo>"), "operators are escaped");
}

#[test]
fn fences_ask_for_line_numbers_and_marked_lines_as_other_tools_spell_them() {
    let site = Site::new().file(
        "content/a.md",
        "# A\n\n```bash {2,4-5}\none\ntwo\nthree\nfour\nfive\n```\n\n```go {linenos=table,hl_lines=[1],linenostart=10}\na\nb\n```\n\n```yaml\nplain: true\n```\n",
    );
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(page.attrs("pre[data-lang=bash] .hl-line", "style"), ["--line: 2", "--line: 4", "--line: 5"]);
    assert_eq!(page.count("pre[data-lang=bash] .linenos"), 0);
    assert_eq!(page.text("pre[data-lang=go] .linenos"), "10\n11");
    assert_eq!(page.attrs("pre[data-lang=go] .hl-line", "style"), ["--line: 1"]);
    assert_eq!(page.text("pre[data-lang=go] code"), "a\nb");
    assert_eq!(page.count("pre[data-lang=yaml] .hl-line, pre[data-lang=yaml] .linenos"), 0);
}

#[test]
fn mermaid_blocks_load_the_bundled_renderer_only_where_they_are() {
    let site = Site::new()
        .file("content/flow.md", "# Flow\n\n```mermaid\ngraph LR\n  Alert --> Issue --> Runbook\n```\n")
        .file("content/plain.md", "# Plain\n\nNo diagram.\n");
    site.build_ok(&[]);
    let flow = site.html("flow/index.html");
    assert_eq!(flow.text("pre.mermaid"), "graph LR\n  Alert --> Issue --> Runbook");
    assert_eq!(flow.attrs("script[src*=mermaid]", "src").len(), 1);
    assert!(flow.attrs("script[src*=mermaid]", "src")[0].starts_with("/mermaid.min.js?v="));
    assert_eq!(site.html("plain/index.html").count("script[src*=mermaid]"), 0);
    assert!(site.out("mermaid.min.js").is_file());
    let site = Site::new().file("content/plain.md", "# Plain\n");
    site.build_ok(&[]);
    assert!(!site.out("mermaid.min.js").exists(), "no diagram, no 3.5 MB script");
}
