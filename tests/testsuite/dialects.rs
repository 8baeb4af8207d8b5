//! Other tools' Markdown as their authors meant it (issue 23).

use crate::support::{BOOK, Site};

/// Every admonition spelling the issue names, one page each tool.
const MKDOCS: &str = "# MkDocs\n\nBefore.\n\n!!! warning \"Mind the gap\"\n    A [link](b.md) and `code`.\n\n    ```bash\n    echo hi\n    ```\n\n??? tip\n    Folded.\n\n???+ danger \"Open\"\n    Shown.\n\nAfter [a broken link](nowhere.md).\n";
const DOCUSAURUS: &str = "# Docusaurus\n\nA paragraph right before the fence\n:::note[Read me]\nInside **bold**.\n:::\n\n::: tip Careful\nVitePress.\n:::\n\n:::mystery\nkept as text\n:::\n";
const MYST: &str = "# MyST\n\n:::{seealso}\nSee this.\n:::\n\n```{danger}\nFenced.\n```\n\n::::{note} Outer\n:class: dropdown\n:::{hint}\nInner.\n:::\n::::\n";
const HUGO: &str = "# Hugo\n\n{{< hint info >}}\nHugo hint.\n{{< /hint >}}\n\n{{% alert title=\"Heads up\" color=\"warning\" %}}\nDocsy.\n{{% /alert %}}\n\n{{< admonition type=\"tip\" title=\"From LoveIt\" >}}\nTip.\n{{< /admonition >}}\n\n{{< figure src=\"b.png\" alt=\"A diagram\" >}}\n\n{{< youtube abc-123 >}}\n\n{{< collapse title=\"More\" >}}\nCollapsed text.\n{{< /collapse >}}\n\n{{< collapse >}}\nAgain.\n{{< /collapse >}}\n";

fn site() -> Site {
    Site::new()
        .file("content/mkdocs.md", MKDOCS)
        .file("content/docusaurus.md", DOCUSAURUS)
        .file("content/myst.md", MYST)
        .file("content/hugo.md", HUGO)
        .file("content/b.md", "# B\n")
        .file("content/b.png", "png")
}

/// (element, class, title, text) of each callout on a page, outermost first.
fn callouts(site: &Site, page: &str) -> Vec<(String, String, String, String)> {
    let html = site.html(page);
    let sel = scraper::Selector::parse(".callout").unwrap();
    let title = scraper::Selector::parse(":scope > .callout-title").unwrap();
    html.0
        .select(&sel)
        .map(|c| {
            let class = c.value().classes().find(|k| k.starts_with("callout-")).unwrap_or("").to_string();
            let t = c.select(&title).next().map(|t| t.text().collect::<String>()).unwrap_or_default();
            let text: String = c.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
            (c.value().name().to_string(), class, t, text)
        })
        .collect()
}

fn row(el: &str, class: &str, title: &str, text: &str) -> (String, String, String, String) {
    (el.into(), class.into(), title.into(), text.into())
}

#[test]
fn admonitions_of_mkdocs_docusaurus_myst_and_hugo_render_as_callouts() {
    let site = site();
    let r = site.build_ok(&["--warn-links"]);
    assert_eq!(
        callouts(&site, "mkdocs/index.html"),
        [
            row("div", "callout-warning", "Mind the gap", "Mind the gap A link and code. echo hi"),
            row("details", "callout-tip", "Tip", "Tip Folded."),
            row("details", "callout-caution", "Open", "Open Shown."),
        ]
    );
    let mk = site.html("mkdocs/index.html");
    assert_eq!(mk.attrs(".callout a", "href"), ["/b/"], "the body is Markdown: its links are resolved");
    assert_eq!(mk.count(".callout pre code"), 1, "a fenced block in an indented body is code, once");
    assert_eq!(mk.count("details[open]"), 1, "???+ is open, ??? folded");
    assert!(!mk.text("article").contains("!!!"), "no admonition syntax is left as text");
    // Lines kept their numbers: the link after the callouts is located where it is written.
    assert!(r.err().contains("content/mkdocs.md:18:7: broken link: `nowhere.md`"), "{}", r.err());

    assert_eq!(
        callouts(&site, "docusaurus/index.html"),
        [
            row("div", "callout-note", "Read me", "Read me Inside bold."),
            row("div", "callout-tip", "Careful", "Careful VitePress.")
        ]
    );
    let du = site.html("docusaurus/index.html");
    assert_eq!(du.count("dl, dt, dd"), 0, "a colon fence is never a definition list");
    assert_eq!(du.texts("article p")[0], "A paragraph right before the fence");
    assert!(!du.text("article").contains(":::"), "{}", du.text("article"));

    assert_eq!(
        callouts(&site, "myst/index.html"),
        [
            row("div", "callout-note", "See also", "See also See this."),
            row("div", "callout-caution", "Danger", "Danger Fenced."),
            row("details", "callout-note", "Outer", "Outer Hint Inner."),
            row("div", "callout-tip", "Hint", "Hint Inner."),
        ]
    );
    assert!(!site.html("myst/index.html").text("article").contains(":class:"), "options are not text");

    assert_eq!(
        callouts(&site, "hugo/index.html"),
        [
            row("div", "callout-note", "Info", "Info Hugo hint."),
            row("div", "callout-warning", "Heads up", "Heads up Docsy."),
            row("div", "callout-tip", "From LoveIt", "From LoveIt Tip."),
        ]
    );
    let hugo = site.html("hugo/index.html");
    assert_eq!(hugo.attrs("article img", "src"), ["/b.png"], "a figure is an image");
    assert_eq!(hugo.attrs("article img", "alt"), ["A diagram"]);
    assert_eq!(hugo.attrs("article a[href*=youtube]", "href"), ["https://www.youtube.com/watch?v=abc-123"]);
    assert!(hugo.texts("article p").contains(&"Collapsed text.".to_string()), "a shortcode not run shows its content");
    assert!(!hugo.text("article").contains("{{"), "{}", hugo.text("article"));
    let all = r.err();
    let not_run: Vec<&str> = all.lines().filter(|l| l.contains("is not run")).collect();
    assert_eq!(
        not_run,
        ["warning: content/hugo.md:19:1: the Hugo shortcode `collapse` is not run: its content is shown as it is"],
        "once per page"
    );
    // One warning for the fence nobody knows; its text stays.
    let err = r.err();
    let unknown: Vec<&str> = err.lines().filter(|l| l.contains("not an admonition")).collect();
    assert_eq!(
        unknown,
        [
            "warning: content/docusaurus.md:12:1: `:::mystery` is not an admonition opsite knows: its content is shown as it is"
        ]
    );
    assert!(du.text("article").contains("kept as text"));
}

#[test]
fn a_forged_callout_marker_in_an_untrusted_source_is_escaped_and_balanced() {
    let page = "# Forged\n\n<!--opsite:callout note div 3c7363726970743e-->\n\ntext\n\n<!--opsite:end-->\n\n<!--opsite:end-->\n\n<!--opsite:end-->\n\n!!! note \"<img src=x onerror=alert(1)>\"\n    body\n\n<!--opsite:tab 1 3c7363726970743e c223e3c73-->\n\n<!--opsite:tabs 223e3c696d67-->\n<!--opsite:tab 0 41-->\n\nA tab never closed.\n";
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}[[sources]]\npath = \"ext\"\nmount = \"ext\"\ntrusted = false\n"))
        .file("ext/f.md", page);
    site.build_ok(&[]);
    let html = site.read("ext/f/index.html");
    let out = site.html("ext/f/index.html");
    assert_eq!(out.count("article script, article img"), 0, "{html}");
    assert_eq!(out.texts(".callout-title"), ["<script>", "<img src=x onerror=alert(1)>"], "titles are text");
    // Extra closing markers close nothing: the article still holds the page.
    assert_eq!(out.count("article .callout"), 2);
    // A tab outside a group gets a group of its own; labels, languages and
    // group keys are text.
    assert_eq!(out.texts("[role=tab]"), ["<script>", "A"]);
    assert_eq!(out.attrs(".tabs[data-group]", "data-group"), ["\"><img"]);
    assert!(out.text("article").contains("A tab never closed."));
    assert_eq!(html.matches("<div").count(), html.matches("</div>").count(), "every div closed once");
}

#[test]
fn a_page_has_one_h1_whatever_comes_before_its_heading() {
    // kube-prometheus runbooks: a frontmatter title, a comment, then the
    // alert's name as `#`: two `<h1>` on 99 of 122 pages.
    let site = Site::new()
        .file("content/runbook.md", "---\ntitle: Crash looping\n---\n<!-- synced from upstream -->\n\n# KubePodCrashLooping\n\n## Meaning\n\nText.\n")
        .file("content/anchored.md", "<a id=\"top\"></a>\n# Anchored title\n\nText.\n")
        .file("content/same.md", "---\ntitle: Same\n---\n\n\n# Same\n\nText.\n")
        .file("content/h2.md", "## Only an h2\n\nText.\n\n## Next\n")
        .file("content/later.md", "---\ntitle: Later\n---\nIntro first.\n\n# A heading further down\n")
        .file("content/nb.md", "## Opening h2\n\nText.\n\n# The real title\n\nMore.\n");
    site.build_ok(&[]);
    for (page, h1, title) in [
        ("runbook", "KubePodCrashLooping", "Crash looping"),
        ("anchored", "Anchored title", "Anchored title"),
        ("same", "Same", "Same"),
        ("h2", "Only an h2", "Only an h2"),
    ] {
        let html = site.html(&format!("{page}/index.html"));
        assert_eq!(html.texts("h1"), [h1], "{page}: one h1, the one the author wrote");
        assert!(html.text("title").starts_with(title), "{page}: {}", html.text("title"));
    }
    // The anchor before the heading is still there to link to.
    assert_eq!(site.html("anchored/index.html").count("article a#top"), 1);
    assert_eq!(
        site.html("h2/index.html").texts("article h2"),
        ["Next#"],
        "the opening ## became the h1 (# is the anchor link)"
    );
    // An opening `##` is not the title when a `#` comes later: that is.
    assert_eq!(site.html("nb/index.html").texts("h1"), ["The real title"]);
    // A `#` heading that does not open the page is a heading of the page.
    assert_eq!(site.html("later/index.html").texts("h1"), ["Later", "A heading further down#"]);
}

#[test]
fn mdbook_rustdoc_include_playground_title_and_hidden_lines() {
    // The Rust book: 558 of these were shown verbatim in its code blocks.
    let site = Site::new()
        .file(
            "content/ch01.md",
            "{{#title Getting going}}\n# Chapter 1\n\n```rust\n{{#rustdoc_include listings/main.rs:body}}\n```\n\n{{#playground listings/hello.rs editable}}\n\n```rust\n# use std::io;\n# fn main() {\nlet x = 1;\n# }\n##[derive(Debug)]\nstruct S;\n```\n",
        )
        .file("content/listings/main.rs", "use std::fs;\n\nfn main() {\n    // ANCHOR: body\n    let v = vec![1, 2];\n    // ANCHOR_END: body\n}\n")
        .file("content/listings/hello.rs", "fn main() {\n    println!(\"hi\");\n}\n");
    let r = site.build_ok(&[]);
    assert_eq!(r.err(), "", "nothing left to warn about");
    let page = site.html("ch01/index.html");
    assert_eq!(
        page.texts("pre code"),
        ["let v = vec![1, 2];", "fn main() {\n    println!(\"hi\");\n}", "let x = 1;\n#[derive(Debug)]\nstruct S;"]
    );
    assert_eq!(page.attrs("pre code", "class")[1], "language-rust", "the playground file is a Rust block");
    assert!(page.text("title").starts_with("Getting going"), "{}", page.text("title"));
    assert!(!page.text("article").contains("{{#"), "{}", page.text("article"));
}

#[test]
fn links_written_for_mkdocs_heading_ids_land_and_are_checked() {
    // argo-cd links `#upgrade-downgrade` for "Upgrade / Downgrade"; GitHub's
    // id is `upgrade--downgrade`. Both answer; a wrong one is still an error.
    let site = Site::new()
        .file("content/ops.md", "# Ops\n\n## Upgrade / Downgrade\n\n## Q&A - Part 1\n\n## Plain words\n")
        .file(
            "content/links.md",
            "# Links\n\n[a](ops.md#upgrade-downgrade) [b](ops.md#upgrade--downgrade) [c](ops.md#qa-part-1)\n",
        );
    site.build_ok(&[]);
    let ops = site.html("ops/index.html");
    assert_eq!(ops.attrs("article h2[id]", "id"), ["upgrade--downgrade", "qa---part-1", "plain-words"], "GitHub's ids");
    assert_eq!(
        ops.attrs("article h2[id] > a[id]", "id"),
        ["upgrade-downgrade", "qa-part-1"],
        "MkDocs' where they differ"
    );
    site.write("content/links.md", "# Links\n\n[d](ops.md#upgrade-downgrad)\n");
    let r = site.build_err(&[]);
    assert!(r.err().contains("broken anchor"), "{}", r.err());
}

#[test]
fn mkdocs_snippets_and_markdown_include_go_through_the_include_rules() {
    let site = Site::new()
        .file(
            "content/guide/page.md",
            "# Page\n\n--8<-- \"snippets/note.md\"\n\n--8<--\nsnippets/a.md\n; snippets/skipped.md\n--8<--\n\n{!snippets/b.md!}\n\n--8<-- \"snippets/sections.md:part\"\n\n--8<-- \"snippets/gone.md\"\n\n```\n--8<-- \"snippets/note.md\"\n```\n\n;--8<-- \"escaped\"\n\nEnd.\n",
        )
        // From the project root, as MkDocs resolves them, not beside the page.
        .file("snippets/note.md", "Shared **note** text.\n")
        .file("snippets/a.md", "From A.\n")
        .file("snippets/b.md", "From B.\n")
        .file("snippets/sections.md", "before\n<!-- --8<-- [start:part] -->\nThe part.\n<!-- --8<-- [end:part] -->\nafter\n");
    let r = site.build_ok(&[]);
    let page = site.html("guide/page/index.html");
    let paras = page.texts("article p");
    for want in ["Shared note text.", "From A.", "From B.", "The part.", "–8<– “escaped”", "End."] {
        assert!(paras.iter().any(|p| p == want), "{want}: {paras:?}");
    }
    assert!(!paras.iter().any(|p| p.contains("before") || p.contains("skipped")), "{paras:?}");
    assert_eq!(page.texts("pre code"), ["--8<-- \"snippets/note.md\""], "code shows the syntax");
    let err = r.err();
    let missing: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(missing.len(), 1, "{err}");
    assert!(missing[0].contains("content/guide/page.md:14:1: snippet `snippets/gone.md` is not included"), "{err}");
}

#[test]
fn myst_targets_are_anchors_not_text() {
    // Jupyter Book: `(label)=` before a heading showed as text on 46 pages.
    let site = Site::new()
        .file("content/a.md", "# A\n\n(setup-steps)=\n## Setting up\n\nText.\n\n(plain-target)=\nA paragraph.\n")
        .file(
            "content/b.md",
            "# B\n\n[Steps](a.md#setup-steps) and [the paragraph](a.md#plain-target).\n\n(not a label)=\n",
        );
    site.build_ok(&[]);
    let a = site.html("a/index.html");
    assert!(!a.text("article").contains(")="), "{}", a.text("article"));
    assert_eq!(a.attrs("article a[id]", "id"), ["setup-steps", "plain-target"]);
    assert_eq!(a.texts("article h2"), ["Setting up#"], "the heading is a heading");
    assert_eq!(site.html("b/index.html").texts("article p")[1], "(not a label)=", "only labels are targets");
}

/// (labels, selected label, panel texts, group) of each tab group on a page.
fn tab_groups(site: &Site, page: &str) -> Vec<(Vec<String>, String, Vec<String>, String)> {
    let html = site.html(page);
    let groups = scraper::Selector::parse(".tabs").unwrap();
    let tab = scraper::Selector::parse(":scope > [role=tablist] > [role=tab]").unwrap();
    let panel = scraper::Selector::parse(":scope > [role=tabpanel]").unwrap();
    let words = |e: scraper::ElementRef| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    html.0
        .select(&groups)
        .map(|g| {
            let tabs: Vec<_> = g.select(&tab).collect();
            // Each tab controls the panel at its place, which names it back.
            for (t, p) in tabs.iter().zip(g.select(&panel)) {
                assert_eq!(t.value().attr("aria-controls"), p.value().attr("id"));
                assert_eq!(p.value().attr("aria-labelledby"), t.value().attr("id"));
            }
            let selected: Vec<_> = tabs.iter().filter(|t| t.value().attr("aria-selected") == Some("true")).collect();
            assert_eq!(selected.len(), 1, "one tab is selected");
            assert_eq!(selected[0].value().attr("tabindex"), Some("0"), "only the selected tab is in the tab order");
            (
                tabs.iter().map(|t| words(*t)).collect(),
                words(*selected[0]),
                g.select(&panel).map(words).collect(),
                g.value().attr("data-group").unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn group(labels: &[&str], selected: &str, panels: &[&str], key: &str) -> (Vec<String>, String, Vec<String>, String) {
    let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect();
    (v(labels), selected.into(), v(panels), key.into())
}

#[test]
fn tabs_of_mkdocs_hugo_docsy_docusaurus_and_myst_render_as_one_tabs_component() {
    let site = Site::new()
        .file(
            "content/mkdocs.md",
            "# MkDocs\n\n=== \"Linux\"\n\n    Use `apt`.\n\n    ```bash\n    apt install x\n    ```\n\n=== \"macOS\"\n\n    Use brew.\n\nBetween.\n\n===+ \"Linux\"\n    Again.\n=== \"macOS\"\n    Shown first.\n===! \"New\"\n    A group of its own.\n\n!!! note\n    === \"In a note\"\n        Nested.\n\nAfter [a broken link](nowhere.md).\n",
        )
        .file(
            "content/hugo.md",
            "# Hugo\n\n{{< tabs \"uid\" >}}\n{{< tab \"Go\" >}}\nSome *Go*.\n{{< /tab >}}\n{{< tab \"Rust\" >}}\nSome Rust.\n{{< /tab >}}\n{{< /tabs >}}\n\n{{< tabs items=\"JSON,YAML\" >}}\n{{< tab >}}\njson here\n{{< /tab >}}\n{{< tab >}}\na: 1\n{{< /tab >}}\n{{< /tabs >}}\n\n{{< tabpane langEqualsHeader=true >}}\n{{< tab header=\"Pick one:\" disabled=true />}}\n{{< tab header=\"Bash\" >}}\necho hi\n{{< /tab >}}\n{{< tab header=\"Notes\" text=true >}}\nJust **text**.\n{{< /tab >}}\n{{< /tabpane >}}\n",
        )
        .file(
            "content/docusaurus.md",
            "# Docusaurus\n\n<Tabs groupId=\"os\">\n  <TabItem value=\"win\" label=\"Windows\">\n    Windows *content*.\n\n    ```bash\n    dir\n    ```\n  </TabItem>\n  <TabItem value=\"mac\" default>\n    Mac content.\n  </TabItem>\n</Tabs>\n",
        )
        .file(
            "content/myst.md",
            "# MyST\n\n::::{tab-set}\n:::{tab-item} Pip\npip install x\n:::\n:::{tab-item} Conda\n:selected:\n:sync: conda\nconda install x\n:::\n::::\n",
        );
    let r = site.build_ok(&["--warn-links"]);
    assert_eq!(
        tab_groups(&site, "mkdocs/index.html"),
        [
            group(&["Linux", "macOS"], "Linux", &["Linux Use apt. apt install x", "macOS Use brew."], ""),
            group(&["Linux", "macOS"], "Linux", &["Linux Again.", "macOS Shown first."], ""),
            group(&["New"], "New", &["New A group of its own."], ""),
            group(&["In a note"], "In a note", &["In a note Nested."], ""),
        ]
    );
    let mk = site.html("mkdocs/index.html");
    assert_eq!(mk.count("[role=tabpanel] pre code.language-bash"), 1, "a tab's body is Markdown");
    assert_eq!(mk.count(".callout .tabs"), 1, "tabs nest in a callout");
    assert_eq!(mk.texts("article > p"), ["Between.", "After a broken link."]);
    assert!(!mk.text("article").contains("==="), "no tab syntax is left as text");
    // Lines kept their numbers.
    assert!(r.err().contains("content/mkdocs.md:28:7: broken link: `nowhere.md`"), "{}", r.err());
    // Ids are unique on the page: every group numbers its own.
    let ids = mk.attrs("[role=tab], [role=tabpanel]", "id");
    assert_eq!(ids.len(), ids.iter().collect::<std::collections::HashSet<_>>().len(), "{ids:?}");

    assert_eq!(
        tab_groups(&site, "hugo/index.html"),
        [
            group(&["Go", "Rust"], "Go", &["Go Some Go.", "Rust Some Rust."], ""),
            group(&["JSON", "YAML"], "JSON", &["JSON json here", "YAML a: 1"], ""),
            group(&["Bash", "Notes"], "Bash", &["Bash echo hi", "Notes Just text."], ""),
        ]
    );
    let hugo = site.html("hugo/index.html");
    assert_eq!(hugo.count("[role=tabpanel] pre code.language-bash"), 1, "a Docsy tab is code in its language");
    assert_eq!(hugo.count("[role=tabpanel] strong"), 1, "text=true is Markdown");
    assert!(!hugo.text("article").contains("{{"), "{}", hugo.text("article"));
    assert!(!r.err().contains("content/hugo.md"), "tab shortcodes are run, not warned about: {}", r.err());

    assert_eq!(
        tab_groups(&site, "docusaurus/index.html"),
        [group(&["Windows", "mac"], "mac", &["Windows Windows content. dir", "mac Mac content."], "os")]
    );
    let du = site.html("docusaurus/index.html");
    assert_eq!(du.count("[role=tabpanel] em"), 1, "an indented MDX body is Markdown, not code");
    assert_eq!(du.count("[role=tabpanel] pre code.language-bash"), 1);
    assert_eq!(
        tab_groups(&site, "myst/index.html"),
        [group(&["Pip", "Conda"], "Conda", &["Pip pip install x", "Conda conda install x"], "")]
    );
    // Without script the tab list stays hidden and every panel shows under its label.
    assert_eq!(mk.count("[role=tablist][hidden]"), 4);
    assert_eq!(mk.count("[role=tabpanel][hidden]"), 0);
    assert_eq!(mk.texts(".tab-label")[..2], ["Linux", "macOS"]);
}

#[test]
fn mdx_pages_are_pages_and_their_partials_are_included_not_published() {
    let site = Site::new()
        .file(
            "content/guide/intro.mdx",
            "---\nsidebar_position: 1\n---\nimport Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\nimport Admonition from '@theme/Admonition';\nimport Shared from '@site/docs/guide/\\_shared.mdx';\nimport Chart from '@site/src/components/Chart';\n\n# Intro\n\n<Shared />\n\n<Screenshot url='https://cdn.example/shot.png' />\n<Admonition type=\"warning\" title=\"Careful\">\n  Mind the **gap**.\n</Admonition>\n\n<Chart data={[1, 2]} />\n\n<Highlight color=\"#25c2a0\">\nKept text.\n</Highlight>\n\n{/* an MDX comment */}\n\n<details>\n<summary>More</summary>\n\nHidden detail.\n\n</details>\n\nSee [other](other.mdx), [without extension](other) and [nowhere](gone.mdx).\n",
        )
        .file("content/guide/_shared.mdx", "Shared **partial** text.\n")
        .file("content/guide/_parts/steps.md", "# Not a page\n")
        .file("content/guide/other.mdx", "# Other\n\nimport the data first, then export it.\n");
    let r = site.build_ok(&["--warn-links"]);
    let page = site.html("guide/intro/index.html");
    assert_eq!(page.texts("article h1"), ["Intro"]);
    let paras = page.texts("article p");
    for want in ["Shared partial text.", "Kept text.", "Hidden detail."] {
        assert!(paras.iter().any(|p| p == want), "{want}: {paras:?}");
    }
    assert_eq!(page.texts(".callout-warning .callout-title"), ["Careful"]);
    assert_eq!(
        page.texts(".callout-warning p:not(.callout-title)"),
        ["Mind the gap."],
        "an indented MDX body is Markdown"
    );
    assert_eq!(page.attrs("article p a", "href")[..2], ["/guide/other/", "/guide/other/"]);
    let text = page.text("article");
    for gone in ["import", "Chart", "Highlight", "{/*", "<"] {
        assert!(!text.contains(gone), "{gone} in {text}");
    }
    assert_eq!(page.count("article details > summary"), 1);
    assert_eq!(
        page.attrs("article img", "src"),
        ["https://cdn.example/shot.png"],
        "a component naming an image shows it"
    );
    // A sentence that starts with "import" is text.
    assert_eq!(site.html("guide/other/index.html").texts("article p"), ["import the data first, then export it."]);
    // Partials are never pages, nor copied as files.
    assert!(!site.out("guide/_shared/index.html").exists() && !site.out("guide/_shared.mdx").exists());
    assert!(!site.out("guide/_parts").exists());
    let warnings: Vec<String> = r
        .err()
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .map(|l| l.replace(site.root().to_str().unwrap(), ""))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: content/guide/intro.mdx:8:1: MDX statements left out (`@site/src/components/Chart`): opsite does not run JavaScript",
            "warning: content/guide/intro.mdx:14:1: the MDX component `<Screenshot>` is not run: the image it names is shown",
            "warning: content/guide/intro.mdx:19:1: the MDX component `<Chart>` is not run: it is left out",
            "warning: content/guide/intro.mdx:21:1: the MDX component `<Highlight>` is not run: its content is shown",
            "warning: content/guide/intro.mdx:34:56: broken link: `gone.mdx` points at content/guide/gone.mdx, which does not exist",
        ]
    );
}

#[test]
fn myst_cross_references_directives_and_aligned_math_render() {
    let site = Site::new()
        .file("content/a.md", "# Page A\n\n(setup-steps)=\n## Setting up\n\nText.\n\n(plain-target)=\nA paragraph.\n")
        .file(
            "content/b.md",
            "# Page B\n\nSee {ref}`setup-steps`, {ref}`the paragraph <plain-target>`, [](setup-steps), [mine](setup-steps), [](#setup-steps) and {doc}`a`.\n\nPress {kbd}`Ctrl+C`; {wiki}`Foo` is unknown; {math}`a^2`.\n\n```{code-block} python\n:linenos:\n:emphasize-lines: 2\n:name: my-code\ndef f():\n    return 1\n```\n\n```{math}\n:label: euler\ne^{i\\pi} + 1 = 0\n```\n\n```{figure} a.png\n:alt: A picture\n:name: fig-a\n\nThe *caption*.\n```\n\n$$\na &= b + c \\\\\nd &= e\n$$\n\nBy {eq}`euler`, [the code](my-code) and {numref}`fig-a`. A [broken link](nowhere.md).\n",
        )
        .file("content/a.png", "png")
        .file("content/c.md", "# C\n\n```{include} ../README.md\n:start-after: x\n```\n\n:::{include} gone.md\n:::\n")
        .file("README.md", "Included **readme**.\n");
    let r = site.build_ok(&["--warn-links"]);
    let c = site.html("c/index.html");
    assert_eq!(c.texts("article p"), ["Included readme."], "MyST's include, its options read past");
    let b = site.html("b/index.html");
    let links: Vec<(String, String)> = b.texts("article p a").into_iter().zip(b.attrs("article p a", "href")).collect();
    let want = [
        ("Setting up", "/a/#setup-steps"),
        ("the paragraph", "/a/#plain-target"),
        ("Setting up", "/a/#setup-steps"),
        ("mine", "/a/#setup-steps"),
        ("Setting up", "/a/#setup-steps"),
        ("Page A", "/a/"),
        ("euler", "#euler"),
        ("the code", "/b/#my-code"),
        ("fig-a", "/b/#fig-a"),
        ("broken link", "nowhere.md"),
    ];
    assert_eq!(links, want.map(|(t, h)| (t.to_string(), h.to_string())));
    let text = b.text("article");
    assert!(!text.contains('{') && !text.contains("```") && !text.contains(":linenos:"), "{text}");
    assert_eq!(b.texts("article p code"), ["Ctrl+C", "Foo"]);
    assert_eq!(b.attrs("pre.code", "data-lang"), ["python"]);
    assert_eq!(b.count("pre.has-linenos .hl-line"), 1, "the directive's options reach the code block");
    assert_eq!(b.count(".math-block math, p > math[display=block]"), 2);
    assert_eq!(b.count("article merror, .math-error"), 0, "aligned display math renders");
    assert_eq!(b.count("article math mtable mtr"), 2, "two aligned rows");
    assert_eq!(b.attrs("article img", "alt"), ["A picture"]);
    assert_eq!(b.texts("article p em"), ["caption"]);
    assert_eq!(b.attrs("a[id]", "id"), ["my-code", "euler", "fig-a"]);
    let err = r.err();
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(
        warnings,
        [
            "warning: content/b.md:5:22: the MyST role `{wiki}` is not known: its text is shown as code",
            "warning: content/b.md:32:60: broken link: `nowhere.md` points at content/nowhere.md, which does not exist",
            "warning: content/c.md:7:1: snippet `gone.md` is not included: gone.md: No such file or directory (os error 2)",
        ],
        "lines keep their numbers through directives and their options"
    );
}

#[test]
fn docsy_shortcodes_one_after_another_comments_and_shortcodes_over_several_lines() {
    // opentelemetry.io writes `{{% /tab %}} {{% tab "B" %}}` on one line (630
    // shortcodes shown as text on 43 pages), comments out text with
    // `{{< comment >}}`, and spreads a figure over lines.
    let site = Site::new()
        .file(
            "content/otel.md",
            "# OTel\n\n{{< tabpane text=true >}} {{% tab \"Linux (AMD 64)\" %}}\n\nLinux text.\n\n{{% /tab %}} {{% tab \"macOS\" %}}\n\nMac text.\n\n{{% /tab %}} {{< /tabpane >}}\n\n{{< comment >}} cSpell:disable {{< /comment >}}\n\n{{% comment %}}\nHidden text.\n{{% /comment %}}\n\n{{% figure\nsrc=\"a.png\"\ncaption=\"A caption\" %}}\n\nAfter [a broken link](nowhere.md).\n",
        )
        .file("content/a.png", "png");
    let r = site.build_ok(&["--warn-links"]);
    assert_eq!(
        tab_groups(&site, "otel/index.html"),
        [group(&["Linux (AMD 64)", "macOS"], "Linux (AMD 64)", &["Linux (AMD 64) Linux text.", "macOS Mac text."], "")]
    );
    let page = site.html("otel/index.html");
    let text = page.text("article");
    assert!(!text.contains("{{") && !text.contains("cSpell") && !text.contains("Hidden text"), "{text}");
    assert_eq!(page.attrs("article img", "alt"), ["A caption"]);
    let err = r.err();
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(
        warnings,
        ["warning: content/otel.md:23:7: broken link: `nowhere.md` points at content/nowhere.md, which does not exist"],
        "lines keep their numbers"
    );
}

#[test]
fn hugo_include_shortcodes_and_highlight_blocks() {
    // Grafana Loki's `docs/shared` includes were left out with a warning
    // only; `{{< highlight >}}` showed its code as a paragraph.
    let site = Site::new()
        .file("content/docs/shared/note.md", "---\nheadless: true\n---\nShared **text**.\n")
        .file(
            "content/docs/guide/page.md",
            "# Page\n\n{{< docs/shared source=\"loki\" lookup=\"note.md\" version=\"<LOKI_VERSION>\" >}}\n\n{{< readfile file=\"part.md\" >}}\n\n{{% readfile \"gone.md\" %}}\n\n{{< highlight go \"linenos=table\" >}}\nfunc main() {}\n```\n{{< /highlight >}}\n\nAfter [a broken link](nowhere.md).\n",
        )
        .file("content/docs/guide/part.md", "Part text.\n");
    let r = site.build_ok(&["--warn-links"]);
    let page = site.html("docs/guide/page/index.html");
    assert_eq!(page.texts("article p")[..2], ["Shared text.", "Part text."]);
    assert_eq!(page.texts("pre code"), ["func main() {}\n```"], "the code, fences in it and all");
    assert_eq!(page.attrs("pre.code", "data-lang"), ["go"]);
    assert_eq!(page.count("pre.has-linenos"), 1);
    assert!(!page.text("article").contains("{{"), "{}", page.text("article"));
    let err = r.err();
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 2, "{err}");
    assert!(
        warnings[0]
            .starts_with("warning: content/docs/guide/page.md:7:1: {{% readfile \"gone.md\" %}} is left out: gone.md"),
        "{err}"
    );
    assert!(warnings[1].starts_with("warning: content/docs/guide/page.md:14:7: broken link"), "{err}");
}
