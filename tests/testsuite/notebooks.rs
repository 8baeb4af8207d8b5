//! Jupyter notebooks are pages wherever content is read.

use crate::support::Site;

/// A notebook with every kind of output.
fn notebook() -> String {
    serde_json::json!({
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
        "cells": [
            {"cell_type": "markdown", "source": ["# Trino usage\n", "\n", "See [the Trino guide](guide.md#connect) and [below](#results).\n"]},
            {"cell_type": "code", "execution_count": 1, "source": ["import pandas as pd\n", "df = pd.read_csv('x.csv')"], "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["loaded 3 rows\n"]},
                {"output_type": "stream", "name": "stderr", "text": "\u{1b}[1;33mwarning\u{1b}[0m: slow <disk>\n"}
            ]},
            {"cell_type": "markdown", "source": "## Results"},
            {"cell_type": "code", "source": "df.describe()", "outputs": [
                {"output_type": "execute_result", "execution_count": 2, "data": {
                    "text/html": "<table class=\"dataframe\"><tr><td onclick=\"steal()\">1</td></tr></table>\n<script>window.__nb_xss = 1</script>",
                    "text/plain": "   a\n0  1"}},
                {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "text/plain": "<Figure>"}},
                {"output_type": "display_data", "data": {"image/svg+xml": ["<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"]}},
                {"output_type": "display_data", "data": {"text/markdown": "**Bold** summary"}},
                {"output_type": "error", "ename": "KeyError", "evalue": "'b'", "traceback": ["\u{1b}[0;31mKeyError\u{1b}[0m: 'b'"]}
            ]}
        ]
    })
    .to_string()
}

fn site() -> Site {
    Site::new()
        .file("content/users/guide.md", "# Guide\n\n## Connect\n")
        .file("content/users/trino-usage.ipynb", &notebook())
}

#[test]
fn a_notebook_is_a_page_with_its_outputs() {
    let site = site();
    site.build_ok(&[]);
    let page = site.html("users/trino-usage/index.html");
    assert_eq!(page.text("h1"), "Trino usage");
    assert_eq!(page.texts("article h2"), ["Results#"]);
    assert_eq!(page.attrs("article p a", "href"), ["/users/guide/#connect", "#results"]);
    assert_eq!(page.attrs("pre[data-lang=python]", "data-lang").len(), 2, "code cells highlighted as Python");
    assert_eq!(page.text("pre.nb-stdout"), "loaded 3 rows");
    assert_eq!(page.text("pre.nb-stderr"), "warning: slow <disk>", "ANSI colours stripped, text escaped");
    assert_eq!(page.count(".nb-html table.dataframe td"), 1);
    assert_eq!(page.texts("article strong"), ["Bold"]);
    assert!(page.text("pre.nb-error").starts_with("KeyError: 'b'"));
    // Images are files beside the page, not base64 in it.
    let srcs = page.attrs(".nb-image img", "src");
    assert_eq!(srcs, ["/users/trino-usage.files/out-3-1.png", "/users/trino-usage.files/out-3-2.svg"]);
    let png = std::fs::read(site.out("users/trino-usage.files/out-3-1.png")).unwrap();
    assert_eq!(&png[..4], b"\x89PNG");
    assert!(!site.read("users/trino-usage/index.html").contains("base64"));
    // Linked from its section like any page.
    assert!(site.html("users/index.html").texts("a").contains(&"Trino usage".to_string()));
}

#[test]
fn notebook_html_is_sanitised() {
    let site = site();
    site.build_ok(&[]);
    let raw = site.read("users/trino-usage/index.html");
    assert!(!raw.contains("__nb_xss") && !raw.contains("steal()"), "script or handler left in the page");
    let page = site.html("users/trino-usage/index.html");
    assert_eq!(page.count("article script"), 0);
}

#[test]
fn links_in_a_notebook_are_checked() {
    let site = site().file("content/users/guide.md", "# Guide\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_malformed_notebook_is_a_located_error() {
    let site = Site::new()
        .file("content/a.ipynb", "{\n  \"nbformat\": 4,\n  \"cells\": [\n    {\"cell_type\": \"code\",}\n  ]\n}\n")
        .file("content/b.ipynb", "{\"nbformat\": 3, \"cells\": []}");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_large_notebook_builds() {
    // 500 cells, each with a 20 KB output: a 10 MB notebook.
    let cells: Vec<serde_json::Value> = (0..500)
        .map(|i| {
            serde_json::json!({"cell_type": "code", "source": format!("x = {i}"), "outputs": [
                {"output_type": "stream", "name": "stdout", "text": "y".repeat(20_000)}]})
        })
        .collect();
    let nb = serde_json::json!({"nbformat": 4, "metadata": {}, "cells": cells}).to_string();
    assert!(nb.len() > 10_000_000);
    let site = Site::new().file("content/big.ipynb", &nb);
    site.build_ok(&[]);
    assert_eq!(site.html("big/index.html").count("pre.nb-stdout"), 500);
}
