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
        .unwrap_or("text")
        .to_string();
    let title = nb.metadata.get("title").and_then(Value::as_str).map(str::to_string);
    let mut out = Converted { body: String::new(), title, images: Vec::new() };
    for (c, cell) in nb.cells.iter().enumerate() {
        let source = cell.source.joined();
        match cell.cell_type.as_str() {
            "markdown" => {
                out.body.push_str(&source);
                out.body.push_str("\n\n");
            }
            "code" => {
                if !source.trim().is_empty() {
                    let fence = "`".repeat(longest_run(&source, '`').max(2) + 1);
                    out.body.push_str(&format!("{fence}{lang}\n{}\n{fence}\n\n", source.trim_end_matches('\n')));
                }
                for (n, o) in cell.outputs.iter().enumerate() {
                    output(o, &format!("{stem}.files/out-{c}-{n}"), &mut out);
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
    fn fences_outgrow_backticks_in_code() {
        let c = conv(r#"{"nbformat": 4, "cells": [{"cell_type": "code", "source": "s = '```'"}]}"#).unwrap();
        assert!(c.body.starts_with("````text\n"), "{}", c.body);
    }
}
