//! llms.txt (llmstxt.org): the index, the full text, and each page's
//! Markdown beside it, with other tools' syntax made plain Markdown.

use crate::support::Site;

fn site() -> Site {
    Site::new()
        .file(
            "book.toml",
            "[site]\ntitle = \"Ops [docs]\"\ndescription = \"How we run\\nthe cluster.\"\nbase_url = \"https://example.org/docs/\"\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/start.md", "---\ntitle: Start here\ndescription: The first page.\n---\nRead [the runbook](ops/hub.md#restart).\n")
        .file("content/ops/_index.md", "---\ntitle: Operations\n---\nRunbooks.\n")
        .file(
            "content/ops/hub.md",
            concat!(
                "---\ntitle: Hub <down>\n---\n",
                "## Restart\n\n",
                "!!! warning \"Mind the data\"\n    Back up first.\n\n    Then restart.\n\n",
                "=== \"kubectl\"\n\n    ```sh\n    kubectl rollout restart deploy/hub\n    ```\n\n=== \"oc\"\n\n    Use `oc`.\n\n",
                "--8<-- \"snippets/contact.md\"\n\n",
                "See [start][s] and ![diagram](flow.png).\n\n[s]: ../start.md\n",
            ),
        )
        .file("content/ops/flow.png", "png")
        .file("snippets/contact.md", "Ask in #ops.\n")
        .file("content/ops/deep/_index.md", "---\ntitle: Deep\n---\nDeeper.\n")
        .file("content/ops/deep/d.md", "# Deep page\n\nText.\n")
        .file("content/secret.md", "---\ntitle: Internal\nsearch: false\n---\nNot for search.\n")
}

#[test]
fn llms_txt_lists_sections_with_pages_linking_their_markdown() {
    let site = site();
    site.build_ok(&[]);
    let index = site.read("llms.txt");
    let md = |p: &str| format!("https://example.org/docs/{p}index.html.md");
    assert_eq!(
        index,
        format!(
            "# Ops \\[docs\\]\n\n> How we run the cluster.\n\n## Pages\n\n- [Home]({}): Welcome.\n- [Start here]({}): The first page.\n\n## Operations\n\n- [Operations]({}): Runbooks.\n- [Hub \\<down>]({}): Back up first.\n- [Deep]({}): Deeper.\n- [Deep page]({}): Text.\n\n",
            md(""),
            md("start/"),
            md("ops/"),
            md("ops/hub/"),
            md("ops/deep/"),
            md("ops/deep/d/"),
        )
    );
    // Left out of search, left out here, with no Markdown of its own.
    assert!(!site.read("llms-full.txt").contains("Not for search"));
    assert!(!site.out("secret/index.html.md").exists());
    assert_eq!(site.html("secret/index.html").count(".page-markdown"), 0, "nothing for a copy button to copy");
}

#[test]
fn a_pages_markdown_has_other_tools_syntax_made_plain_and_absolute_links() {
    let site = site();
    site.build_ok(&[]);
    let hub = site.read("ops/hub/index.html.md");
    assert!(hub.starts_with("# Hub \\<down>\n\n## Restart\n"), "{hub}");
    assert!(hub.contains("> **Warning:** Mind the data\n>\n> Back up first.\n>\n> Then restart.\n"), "{hub}");
    assert!(hub.contains("#### kubectl\n"), "{hub}");
    assert!(hub.contains("kubectl rollout restart deploy/hub"), "{hub}");
    assert!(hub.contains("#### oc\n"), "{hub}");
    assert!(hub.contains("Ask in #ops."), "the include is expanded: {hub}");
    assert!(hub.contains("![diagram](https://example.org/docs/ops/flow.png)"), "{hub}");
    assert!(hub.contains("[s]: https://example.org/docs/start/"), "{hub}");
    assert!(!hub.contains("opsite:"), "no marker is left: {hub}");
    let start = site.read("start/index.html.md");
    assert_eq!(start, "# Start here\n\nRead [the runbook](https://example.org/docs/ops/hub/#restart).\n");
    // A page whose title is its first heading keeps that one heading.
    assert_eq!(site.read("ops/deep/d/index.html.md"), "# Deep page\n\nText.\n");
    let full = site.read("llms-full.txt");
    assert!(full.starts_with("# Ops \\[docs\\]\n\n> How we run the cluster.\n\n# Home\n"), "{full}");
    assert!(full.contains("> **Warning:** Mind the data"));
    assert!(full.contains("Source: https://example.org/docs/ops/hub/\n"));
    // The page offers its Markdown: a link, beside which the theme's script
    // puts a copy button (tested in the browser in theme.rs).
    let page = site.html("ops/hub/index.html");
    assert_eq!(page.attr("a.page-markdown", "href"), "/docs/ops/hub/index.html.md");
}

#[test]
fn llms_false_writes_none_of_it() {
    let site = site();
    let book = std::fs::read_to_string(site.root().join("book.toml")).unwrap();
    site.write("book.toml", &format!("{book}\n[build]\nllms = false\n"));
    site.build_ok(&[]);
    assert!(!site.out("llms.txt").exists());
    assert!(!site.out("llms-full.txt").exists());
    assert!(!site.out("ops/hub/index.html.md").exists());
    assert_eq!(site.html("ops/hub/index.html").count(".page-markdown"), 0);
}
