//! Raw HTML inside Markdown, read with lol_html (a real HTML tokenizer and
//! rewriter) rather than substring scans: text that merely looks like an
//! attribute (`set src=logo.png`) is text, and an attribute value that
//! contains ` id=` (`data-x=" id=ghost"`) is one value.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use lol_html::{RewriteStrSettings, element, rewrite_str};

/// Reads one fragment of raw HTML (a whole HTML block, or one inline tag):
/// records every element's `id` and every `<a name>` in `ids`, and passes
/// each `src` and `href` value (with the byte offset of its element) to
/// `on_url`, which returns the value to write instead, if any.
///
/// Returns the rewritten fragment, or `None` when nothing changed.
pub(super) fn read(
    html: &str,
    ids: &mut HashSet<String>,
    on_url: impl FnMut(&str, usize) -> Option<String>,
) -> Option<String> {
    // Only attributes with values matter; most raw HTML (`<br>`, `</div>`,
    // comments) has none, and this check costs far less than a tokenizer.
    if !html.contains('=') {
        return None;
    }
    let changed = Cell::new(false);
    let ids = RefCell::new(ids);
    let on_url = RefCell::new(on_url);
    let out = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![element!("*", |el| {
                if let Some(id) = el.get_attribute("id").filter(|v| !v.is_empty()) {
                    ids.borrow_mut().insert(unescape(&id));
                }
                if el.tag_name() == "a"
                    && let Some(name) = el.get_attribute("name").filter(|v| !v.is_empty())
                {
                    ids.borrow_mut().insert(unescape(&name));
                }
                for attr in ["src", "href"] {
                    let Some(value) = el.get_attribute(attr) else { continue };
                    let at = el.source_location().bytes().start;
                    if let Some(new) = (on_url.borrow_mut())(&unescape(&value), at) {
                        // lol_html escapes `"` but leaves `&` as given.
                        el.set_attribute(attr, &new.replace('&', "&amp;"))?;
                        changed.set(true);
                    }
                }
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    );
    match out {
        Ok(s) if changed.get() => Some(s),
        _ => None,
    }
}

/// The ids a fragment of raw HTML gives its elements, and its `<a name>`s:
/// what an untrusted source's HTML keeps when the rest is left out, since a
/// link to `#setup` must still land where `<a id="setup">` stood.
pub(super) fn anchor_ids(html: &str) -> Vec<String> {
    let mut ids = HashSet::new();
    read(html, &mut ids, |_, _| None);
    let mut ids: Vec<String> = ids.into_iter().collect();
    ids.sort();
    ids
}

/// Attribute values come as written; the entities people write in URLs
/// and ids are these few.
fn unescape(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    v.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_of(html: &str) -> Vec<String> {
        let mut ids = HashSet::new();
        read(html, &mut ids, |_, _| None);
        let mut v: Vec<String> = ids.into_iter().collect();
        v.sort();
        v
    }

    #[test]
    fn ids_and_names() {
        assert_eq!(ids_of(r#"<div id="a"><a name="b">x</a><span name="c"></span></div>"#), ["a", "b"]);
        assert_eq!(ids_of("<h2 id=plain>t</h2>"), ["plain"]);
    }

    #[test]
    fn attribute_value_that_looks_like_an_id_is_not_one() {
        assert_eq!(ids_of(r#"<div data-x=" id=ghost">t</div>"#), Vec::<String>::new());
    }

    #[test]
    fn prose_that_looks_like_an_attribute_is_text() {
        let mut seen = Vec::new();
        let mut ids = HashSet::new();
        read("<p>\nset src=logo.png in the config\n</p>", &mut ids, |v, _| {
            seen.push(v.to_string());
            None
        });
        assert!(seen.is_empty(), "{seen:?}");
    }

    #[test]
    fn rewrites_src_and_href_with_offsets() {
        let mut ids = HashSet::new();
        let mut offsets = Vec::new();
        let out = read(r#"x <img src="a.png" width=3> <a href="b.md?x=1&amp;y=2">b</a>"#, &mut ids, |v, at| {
            offsets.push(at);
            Some(format!("/{v}"))
        })
        .unwrap();
        assert_eq!(out, r#"x <img src="/a.png" width=3> <a href="/b.md?x=1&amp;y=2">b</a>"#);
        assert_eq!(offsets, [2, 28]);
    }
}

/// MathML elements a formula may contain.
const MATHML: &[&str] = &[
    "math",
    "semantics",
    "annotation",
    "mrow",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "mspace",
    "msup",
    "msub",
    "msubsup",
    "mfrac",
    "msqrt",
    "mroot",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
    "mprescripts",
    "mmultiscripts",
    "none",
];

/// Makes MathML from the LaTeX converter safe and valid: the converter
/// writes operators such as `<` unescaped, so text is escaped here, and
/// only MathML elements and presentational attributes are kept.
pub(super) fn sanitize_mathml(html: &str) -> String {
    use lol_html::html_content::ContentType;
    let out = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("*", |el| {
                    let name = el.tag_name();
                    if !MATHML.contains(&name.as_str()) {
                        el.remove();
                        return Ok(());
                    }
                    let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
                    for a in names {
                        let keep = matches!(
                            a.as_str(),
                            "display"
                                | "mathvariant"
                                | "stretchy"
                                | "symmetric"
                                | "movablelimits"
                                | "fence"
                                | "separator"
                                | "lspace"
                                | "rspace"
                                | "columnalign"
                                | "rowalign"
                                | "accent"
                                | "accentunder"
                                | "linethickness"
                                | "width"
                                | "height"
                                | "depth"
                                | "displaystyle"
                                | "scriptlevel"
                                | "notation"
                                | "minsize"
                                | "maxsize"
                                | "form"
                                | "largeop"
                                | "mathcolor"
                                | "mathbackground"
                                | "encoding"
                                | "columnspacing"
                                | "rowspacing"
                        );
                        if !keep {
                            el.remove_attribute(&a);
                        }
                    }
                    Ok(())
                }),
                lol_html::text!("*", |t| {
                    let s = t.as_str();
                    if s.contains(['<', '>']) {
                        let escaped = s.replace('<', "&lt;").replace('>', "&gt;");
                        t.replace(&escaped, ContentType::Html);
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    );
    out.unwrap_or_default()
}

#[cfg(test)]
mod math_tests {
    #[test]
    fn mathml_is_escaped_and_allowlisted() {
        let out = super::sanitize_mathml(
            "<math><mo><</mo><mi>a</mi><script>x</script><mi onclick=\"y\" mathvariant=\"bold\">b</mi></math>",
        );
        assert_eq!(out, "<math><mo>&lt;</mo><mi>a</mi><mi mathvariant=\"bold\">b</mi></math>");
    }
}
