//! Jupyter notebooks (nbformat 4) as pages: markdown cells become the
//! page's Markdown, code cells fenced code in the kernel's language, and
//! outputs HTML — text escaped, HTML sanitised with ammonia, ANSI colours
//! stripped, images written as files beside the page rather than inlined.
//!
//! The result goes through the same Markdown pass as any page, so links,
//! heading ids and anchors in markdown cells are checked like the rest.

use std::path::Path;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::Value;

use crate::report::Diagnostic;
use crate::util::escape_html;

/// A notebook turned into Markdown, plus the images its outputs carry.
#[derive(Debug)]
pub(super) struct Converted {
    /// Markdown with HTML blocks for outputs.
    pub(super) body: String,
    /// `metadata.title`, when the notebook has one.
    pub(super) title: Option<String>,
    /// (file name relative to the notebook's folder, bytes).
    pub(super) images: Vec<(String, Vec<u8>)>,
}

#[derive(Deserialize)]
struct Notebook {
    nbformat: u32,
    #[serde(default)]
    metadata: Value,
    cells: Vec<Cell>,
}

#[derive(Deserialize)]
struct Cell {
    cell_type: String,
    #[serde(default)]
    source: Text,
    #[serde(default)]
    outputs: Vec<Value>,
    #[serde(default)]
    metadata: Value,
    /// Images pasted into a markdown cell, by name: `{"a.png": {"image/png": "…"}}`.
    #[serde(default)]
    attachments: serde_json::Map<String, Value>,
}

impl Cell {
    /// Whether the cell carries a Jupyter Book tag (`remove-input`, …; the
    /// older `remove_input` spelling too).
    fn tagged(&self, tag: &str) -> bool {
        let tags = self.metadata.get("tags").and_then(Value::as_array);
        tags.into_iter().flatten().filter_map(Value::as_str).any(|t| t.replace('_', "-") == tag)
    }
}

/// The fence language of a kernel's language name: kernels name versions
/// and implementations (`python3`, `ir`, `julia-1.9`, `c++17`) where fences
/// want the language.
fn fence_language(kernel: &str) -> String {
    let k = kernel.trim().to_ascii_lowercase();
    let base = k.split(['-', ' ']).next().unwrap_or("").trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    match base {
        "ipython" | "python" | "py" => "python",
        "ir" | "r" => "r",
        "c++" | "xcpp" | "cling" => "cpp",
        "c#" | "csharp" => "cs",
        "f#" | "fsharp" => "fs",
        "node" | "nodejs" | "javascript" | "deno" => "javascript",
        "bash" | "sh" | "zsh" => "bash",
        "" => "text",
        other => other,
    }
    .to_string()
}

/// nbformat stores text as one string or a list of lines.
#[derive(Deserialize, Default)]
#[serde(untagged)]
enum Text {
    #[default]
    None,
    One(String),
    Lines(Vec<String>),
}

impl Text {
    fn joined(&self) -> String {
        match self {
            Text::None => String::new(),
            Text::One(s) => s.clone(),
            Text::Lines(l) => l.concat(),
        }
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => String::new(),
    }
}

/// Converts notebook JSON; `stem` names the image files (`<stem>.files/…`).
pub(super) fn convert(json: &str, file: &Path, stem: &str) -> Result<Converted, Diagnostic> {
    let nb: Notebook = serde_json::from_str(json).map_err(|e| {
        Diagnostic::new(file, e.line(), e.column(), format!("not a Jupyter notebook: {e}"))
            .hint(Some("save it again from Jupyter, or check the JSON near that position".into()))
    })?;
    if nb.nbformat != 4 {
        return Err(Diagnostic::new(file, 0, 0, format!("nbformat {} is not supported", nb.nbformat))
            .hint(Some("convert it with `jupyter nbconvert --to notebook --nbformat 4`".into())));
    }
    let lang = nb
        .metadata
        .pointer("/kernelspec/language")
        .or_else(|| nb.metadata.pointer("/language_info/name"))
        .and_then(Value::as_str)
        .map_or_else(|| "text".to_string(), fence_language);
    let title = nb.metadata.get("title").and_then(Value::as_str).map(str::to_string);
    let mut out = Converted { body: String::new(), title, images: Vec::new() };
    for (c, cell) in nb.cells.iter().enumerate() {
        if cell.tagged("remove-cell") {
            continue;
        }
        let mut source = cell.source.joined();
        match cell.cell_type.as_str() {
            "markdown" => {
                attachments(cell, &format!("{stem}.files/att-{c}-"), &mut source, &mut out);
                out.body.push_str(&source);
                out.body.push_str("\n\n");
            }
            "code" => {
                // Jupyter Book's tags: `remove-*` leaves a part out, `hide-*`
                // folds it away (shown when opened, and without script).
                let hide_all = cell.tagged("hide-cell");
                let show_input = !source.trim().is_empty() && !cell.tagged("remove-input");
                if show_input {
                    let fence = "`".repeat(longest_run(&source, '`').max(2) + 1);
                    let code = format!("{fence}{lang}\n{}\n{fence}\n\n", source.trim_end_matches('\n'));
                    fold(cell.tagged("hide-input") || hide_all, "Show code", &code, &mut out.body);
                }
                if !cell.tagged("remove-output") && !cell.outputs.is_empty() {
                    let mut shown = Converted { body: String::new(), title: None, images: Vec::new() };
                    for (n, o) in cell.outputs.iter().enumerate() {
                        output(o, &format!("{stem}.files/out-{c}-{n}"), &mut shown);
                    }
                    fold(cell.tagged("hide-output") || hide_all, "Show output", &shown.body, &mut out.body);
                    out.images.extend(shown.images);
                }
            }
            _ => {} // raw cells are for other converters
        }
    }
    Ok(out)
}

/// Appends one output: an HTML block, Markdown, or an image file.
fn output(o: &Value, image_base: &str, out: &mut Converted) {
    match o.get("output_type").and_then(Value::as_str).unwrap_or_default() {
        "stream" => {
            let name = if o.get("name").and_then(Value::as_str) == Some("stderr") { "stderr" } else { "stdout" };
            pre(&format!("nb-output nb-{name}"), &text_of(o.get("text").unwrap_or(&Value::Null)), out);
        }
        "error" => {
            let mut text = format!(
                "{}: {}\n",
                o.get("ename").and_then(Value::as_str).unwrap_or("Error"),
                o.get("evalue").and_then(Value::as_str).unwrap_or("")
            );
            for line in o.get("traceback").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                text.push_str(line);
                text.push('\n');
            }
            pre("nb-output nb-error", &text, out);
        }
        "execute_result" | "display_data" => {
            let data = o.get("data").unwrap_or(&Value::Null);
            for (mime, ext) in [("image/png", "png"), ("image/jpeg", "jpg")] {
                if let Some(b64) = data.get(mime).map(text_of) {
                    let clean: String = b64.split_whitespace().collect();
                    if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(clean) {
                        image(&format!("{image_base}.{ext}"), bytes, out);
                        return;
                    }
                }
            }
            if let Some(svg) = data.get("image/svg+xml").map(text_of) {
                // Written as a file and shown with <img>: a script inside an
                // SVG does not run there.
                image(&format!("{image_base}.svg"), svg.into_bytes(), out);
            } else if let Some(html) = data.get("text/html").map(text_of) {
                // Classes kept: pandas and friends style their tables by them.
                let clean = ammonia::Builder::default().add_generic_attributes(["class"]).clean(&html).to_string();
                // An HTML block ends at a blank line: keep it one block.
                let compact: Vec<&str> = clean.lines().filter(|l| !l.trim().is_empty()).collect();
                out.body.push_str(&format!("<div class=\"nb-output nb-html\">\n{}\n</div>\n\n", compact.join("\n")));
            } else if let Some(md) = data.get("text/markdown").map(text_of) {
                out.body.push_str(&md);
                out.body.push_str("\n\n");
            } else if let Some(text) = data.get("text/plain").map(text_of) {
                pre("nb-output nb-result", &text, out);
            }
        }
        _ => {}
    }
}

/// `part` (Markdown), inside a closed `<details>` when `folded`.
fn fold(folded: bool, label: &str, part: &str, body: &mut String) {
    if folded {
        body.push_str(&format!("<details class=\"nb-hidden\">\n<summary>{label}</summary>\n\n{part}</details>\n\n"));
    } else {
        body.push_str(part);
    }
}

/// Writes a markdown cell's attachments as files under `base` and points
/// its `attachment:NAME` links at them.
fn attachments(cell: &Cell, base: &str, source: &mut String, out: &mut Converted) {
    for (i, (name, data)) in cell.attachments.iter().enumerate() {
        let Some((mime, b64)) = data.as_object().and_then(|m| m.iter().next()) else { continue };
        let ext = match mime.as_str() {
            "image/png" => "png",
            "image/jpeg" => "jpg",
            "image/gif" => "gif",
            "image/webp" => "webp",
            _ => continue,
        };
        let clean: String = text_of(b64).split_whitespace().collect();
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(clean) else { continue };
        // The file name is ours: an attachment's name is the author's text.
        let file = format!("{base}{i}.{ext}");
        *source = source.replace(&format!("attachment:{name}"), &file);
        out.images.push((file, bytes));
    }
}

fn pre(class: &str, text: &str, out: &mut Converted) {
    let plain = String::from_utf8_lossy(&strip_ansi_escapes::strip(text.as_bytes())).into_owned();
    out.body.push_str(&format!("<pre class=\"{class}\">{}</pre>\n\n", escape_html(plain.trim_end_matches('\n'))));
}

fn image(name: &str, bytes: Vec<u8>, out: &mut Converted) {
    let file_name = name.rsplit('/').next().unwrap_or(name);
    out.body.push_str(&format!(
        "<p class=\"nb-output nb-image\"><img src=\"{}\" alt=\"Output {}\"></p>\n\n",
        escape_html(name),
        escape_html(file_name)
    ));
    out.images.push((name.to_string(), bytes));
}

fn longest_run(s: &str, c: char) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for ch in s.chars() {
        cur = if ch == c { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv(json: &str) -> Result<Converted, Diagnostic> {
        convert(json, Path::new("n.ipynb"), "n")
    }

    #[test]
    fn cells_become_markdown_code_and_outputs() {
        let nb = r##"{"nbformat": 4, "nbformat_minor": 5,
          "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
          "cells": [
            {"cell_type": "markdown", "source": ["# Title\n", "Some *text*."]},
            {"cell_type": "code", "source": "print('hi')", "outputs": [
              {"output_type": "stream", "name": "stdout", "text": ["hi <b>\n"]},
              {"output_type": "execute_result", "data": {"text/plain": "42"}},
              {"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}},
              {"output_type": "display_data", "data": {"text/html": ["<table><tr><td>1</td></tr></table>\n", "\n", "<script>alert(1)</script>"]}},
              {"output_type": "error", "ename": "ValueError", "evalue": "bad", "traceback": ["\u001b[0;31mValueError\u001b[0m: bad"]}
            ]}
          ]}"##;
        let c = conv(nb).unwrap();
        assert!(c.body.starts_with("# Title\nSome *text*.\n\n```python\nprint('hi')\n```\n"), "{}", c.body);
        assert!(c.body.contains("<pre class=\"nb-output nb-stdout\">hi &lt;b&gt;</pre>"), "{}", c.body);
        assert!(c.body.contains("<pre class=\"nb-output nb-result\">42</pre>"));
        assert!(c.body.contains("<img src=\"n.files/out-1-2.png\""));
        assert_eq!(
            c.images,
            vec![("n.files/out-1-2.png".to_string(), vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a])]
        );
        assert!(c.body.contains("<table>") && !c.body.contains("script"), "{}", c.body);
        assert!(c.body.contains("ValueError: bad\nValueError: bad</pre>"), "ANSI stripped: {}", c.body);
    }

    #[test]
    fn broken_notebooks_are_located_errors() {
        let e = conv("{\"nbformat\": 4,\n \"cells\": [}").unwrap_err();
        assert_eq!((e.line, e.path.as_path()), (2, Path::new("n.ipynb")), "{e}");
        let e = conv("{\"nbformat\": 3, \"cells\": []}").unwrap_err();
        assert!(e.message.contains("nbformat 3"), "{e}");
    }

    #[test]
    fn kernel_language_names_become_fence_languages() {
        for (kernel, fence) in [
            ("python3", "python"),
            ("Python", "python"),
            ("ipython3", "python"),
            ("ir", "r"),
            ("R", "r"),
            ("julia-1.9", "julia"),
            ("bash", "bash"),
            ("c++17", "cpp"),
            ("scala", "scala"),
            ("", "text"),
        ] {
            assert_eq!(fence_language(kernel), fence, "{kernel}");
        }
    }

    #[test]
    fn jupyter_book_cell_tags_leave_out_or_fold() {
        let cell = |tags: &str, src: &str| {
            format!(
                r#"{{"cell_type": "code", "metadata": {{"tags": [{tags}]}}, "source": "{src}", "outputs": [{{"output_type": "stream", "name": "stdout", "text": "out-{src}"}}]}}"#
            )
        };
        let nb = format!(
            r#"{{"nbformat": 4, "metadata": {{"kernelspec": {{"language": "python3"}}}}, "cells": [{}, {}, {}, {}, {}, {}]}}"#,
            cell(r#""remove-cell""#, "setup"),
            cell(r#""remove-input""#, "noinput"),
            cell(r#""remove_output""#, "nooutput"),
            cell(r#""hide-input""#, "folded"),
            cell("", "plain"),
            cell(r#""hide-cell""#, "all"),
        );
        let body = conv(&nb).unwrap().body;
        assert!(!body.contains("setup"), "{body}");
        assert!(!body.contains("```python\nnoinput") && body.contains("out-noinput"), "{body}");
        assert!(body.contains("```python\nnooutput") && !body.contains("out-nooutput"), "{body}");
        assert!(
            body.contains("<details class=\"nb-hidden\">\n<summary>Show code</summary>\n\n```python\nfolded\n```"),
            "{body}"
        );
        assert!(
            body.contains("out-folded</pre>")
                && !body.contains("Show output</summary>\n\n<pre class=\"nb-output nb-stdout\">out-folded")
        );
        assert!(body.contains("```python\nplain\n```\n\n<pre"), "{body}");
        assert_eq!(body.matches("<details").count(), 3, "hide-input, and hide-cell's input and output: {body}");
    }

    #[test]
    fn attachments_are_written_as_files_beside_the_page() {
        let nb = r#"{"nbformat": 4, "cells": [{"cell_type": "markdown",
            "source": "![diagram](attachment:image.png) and ![x](attachment:../../evil.png)",
            "attachments": {"image.png": {"image/png": "iVBORw0KGgo="}, "../../evil.png": {"image/png": "iVBORw0KGgo="}}}]}"#;
        let c = conv(nb).unwrap();
        assert_eq!(c.body.trim_end(), "![diagram](n.files/att-0-1.png) and ![x](n.files/att-0-0.png)");
        assert_eq!(
            c.images.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["n.files/att-0-0.png", "n.files/att-0-1.png"]
        );
    }

    #[test]
    fn fences_outgrow_backticks_in_code() {
        let c = conv(r#"{"nbformat": 4, "cells": [{"cell_type": "code", "source": "s = '```'"}]}"#).unwrap();
        assert!(c.body.starts_with("````text\n"), "{}", c.body);
    }
}
