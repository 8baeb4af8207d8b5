//! Other tools' admonitions as their opening lines state them: MkDocs
//! `!!! note "Title"` / `??? note`, Docusaurus and VitePress `:::note Title`,
//! MyST `:::{note}` and ```` ```{note} ````, and the Hugo theme shortcodes
//! `{{< hint >}}`, `{{% alert %}}`, `{{< callout >}}`, `{{< admonition >}}`,
//! `{{< details >}}`, `{{< note >}}`: the callout each is, and the marker
//! comment the rewrite writes for it.

use super::hugo::{shortcode_inner, split_args};
use super::tabs::Closes;
use crate::util::text::{hex, unhex};

/// How a callout marker starts. Only the Markdown pass reads it, and it
/// treats one written by hand like ours: the title is hex, the kind one of
/// five, so nothing in it is markup.
pub(crate) const MARKER: &str = "<!--opsite:callout ";

/// What an opening line says.
pub(super) struct Opener {
    pub(super) ends: Closes,
    /// `None`: a container opsite does not know.
    pub(super) callout: Option<Callout>,
}

/// One callout: its class (GitHub's five), title, and whether it folds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Callout {
    /// `note`, `tip`, `important`, `warning` or `caution`.
    pub class: &'static str,
    /// The title shown (may be empty: no title).
    pub title: String,
    /// `Some(open)`: a `<details>`, open or not.
    pub fold: Option<bool>,
}

impl Callout {
    pub(super) fn marker(&self) -> String {
        let fold = match self.fold {
            None => "div",
            Some(true) => "details open",
            Some(false) => "details",
        };
        format!("{MARKER}{} {fold} {}-->", self.class, hex(&self.title))
    }

    /// The callout a marker line stands for (`None`: not one of ours).
    pub(crate) fn from_marker(line: &str) -> Option<Callout> {
        let inner = line.trim().strip_prefix(MARKER)?.strip_suffix("-->")?;
        let mut parts = inner.split(' ');
        let name = parts.next()?;
        let class = ["note", "tip", "important", "warning", "caution"].into_iter().find(|&k| k == name)?;
        let fold = match parts.next()? {
            "div" => None,
            "details" => match parts.clone().next() {
                Some("open") => {
                    parts.next();
                    Some(true)
                }
                _ => Some(false),
            },
            _ => return None,
        };
        let title = unhex(parts.next().unwrap_or(""))?;
        Some(Callout { class, title, fold })
    }
}

/// The class and default title of an admonition type, in any of the tools'
/// spellings; `None` for a name that is not one.
fn kind(name: &str) -> Option<(&'static str, String)> {
    let lower = name.to_ascii_lowercase();
    let class = match lower.as_str() {
        "note" | "info" | "information" | "seealso" | "abstract" | "summary" | "tldr" | "todo" | "question"
        | "help" | "faq" | "example" | "quote" | "cite" | "primary" | "secondary" | "admonition" | "details"
        | "dropdown" => "note",
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" => "important",
        "warning" | "caution" | "attention" | "warn" => "warning",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "caution",
        _ => return None,
    };
    let title = match lower.as_str() {
        "seealso" => "See also".to_string(),
        "tldr" => "TL;DR".to_string(),
        "todo" => "To do".to_string(),
        "faq" => "FAQ".to_string(),
        _ => capitalized(&lower),
    };
    Some((class, title))
}

pub(super) fn opener(line: &str) -> Option<Opener> {
    // MkDocs: `!!! type "Title"`, `??? type` (folded), `???+ type` (open).
    for (prefix, fold) in [("!!!", None), ("???+", Some(true)), ("???", Some(false))] {
        if let Some(rest) = line.strip_prefix(prefix).filter(|r| r.starts_with(' ')) {
            let rest = rest.trim();
            let (name, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            // `!!! note inline end "Title"`: the position words go.
            let title = title.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
            let (class, default) = kind(name).unwrap_or(("note", capitalized(name)));
            let title = quoted(title).unwrap_or(default);
            return Some(Opener { ends: Closes::Dedent, callout: Some(Callout { class, title, fold }) });
        }
    }
    // Colon fences: `:::note Title`, `:::note[Title]`, `::: tip`, `:::{note}`.
    let colons = fence_run(line, ':');
    if colons >= 3 {
        let rest = line[colons..].trim();
        if rest.is_empty() {
            return None;
        }
        let (name, title) = directive_name(rest);
        let callout = kind(&name).map(|(class, default)| {
            let fold = matches!(name.as_str(), "details" | "dropdown").then_some(false);
            let title = if title.is_empty() { default } else { title };
            Callout { class, title, fold }
        });
        return Some(Opener { ends: Closes::Colons(colons), callout });
    }
    // MyST: ```` ```{note} ```` (only admonition names: other directives
    // are code as far as opsite knows).
    for c in ['`', '~'] {
        let n = fence_run(line, c);
        if n >= 3 && line[n..].trim_start().starts_with('{') {
            let (name, title) = directive_name(line[n..].trim());
            let (class, default) = kind(&name)?;
            let fold = matches!(name.as_str(), "dropdown").then_some(false);
            let title = if title.is_empty() { default } else { title };
            return Some(Opener { ends: Closes::Fence(c, n), callout: Some(Callout { class, title, fold }) });
        }
    }
    shortcode(line).or_else(|| jsx(line))
}

/// Docusaurus' `<Admonition type="tip" title="Title">` alone on its line.
fn jsx(line: &str) -> Option<Opener> {
    let attrs = line.trim_end().strip_prefix("<Admonition")?.strip_suffix('>')?;
    if !(attrs.is_empty() || attrs.starts_with(char::is_whitespace)) || attrs.ends_with('/') {
        return None;
    }
    let attrs = super::tabs::jsx_attrs(attrs);
    let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let (class, default) = get("type").as_deref().and_then(kind).unwrap_or(("note", "Note".to_string()));
    let title = get("title").unwrap_or(default);
    Some(Opener { ends: Closes::Tag("Admonition".into()), callout: Some(Callout { class, title, fold: None }) })
}

/// `{name} Title`, `name[Title]`, `name Title`: the name and the title.
fn directive_name(rest: &str) -> (String, String) {
    let (name, title) = if let Some(r) = rest.strip_prefix('{') {
        let (n, t) = r.split_once('}').unwrap_or((r, ""));
        (n.to_string(), t.trim().to_string())
    } else if let Some((n, t)) = rest.split_once('[') {
        (n.trim().to_string(), t.rsplit_once(']').map_or(t, |(t, _)| t).trim().to_string())
    } else {
        let (n, t) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        (n.to_string(), t.trim().to_string())
    };
    // `{admonition} Title` with `:class: tip` is a note until the class says otherwise.
    (name.trim_start_matches('{').to_ascii_lowercase(), quoted(&title).unwrap_or(title))
}

/// A Hugo admonition shortcode alone on its line.
fn shortcode(line: &str) -> Option<Opener> {
    let (inner, _) = shortcode_inner(line)?;
    if inner.starts_with('/') {
        return None;
    }
    let mut words = split_args(inner);
    let name = words.next()?.to_ascii_lowercase();
    let args: Vec<String> = words.collect();
    let named = |key: &str| {
        args.iter().find_map(|a| a.strip_prefix(key)?.strip_prefix('=').map(|v| v.trim_matches('"').to_string()))
    };
    let positional: Vec<&String> = args.iter().filter(|a| !a.contains('=')).collect();
    let (class, default, fold) = match name.as_str() {
        "hint" | "callout" | "admonition" | "alert" => {
            let t = named("type").or_else(|| named("color")).or_else(|| positional.first().map(|s| s.to_string()));
            let (class, default) = t.as_deref().and_then(kind).unwrap_or(("note", capitalized(&name)));
            (class, default, None)
        }
        "details" => ("note", "Details".to_string(), Some(named("open").is_some_and(|v| v == "true"))),
        other => {
            let (class, default) = kind(other)?;
            (class, default, None)
        }
    };
    let title = named("title").or_else(|| named("summary")).unwrap_or_else(|| {
        // `{{< admonition tip "Title" >}}`, `{{< details "Summary" >}}`.
        let second = if name == "details" { positional.first() } else { positional.get(1) };
        second.map_or(default, |s| s.trim_matches('"').to_string())
    });
    Some(Opener { ends: Closes::Shortcode(name), callout: Some(Callout { class, title, fold }) })
}

/// `"Title"` or `'Title'` without its quotes.
fn quoted(s: &str) -> Option<String> {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return Some(inner.to_string());
        }
    }
    None
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// How many `c` the line starts with.
pub(super) fn fence_run(line: &str, c: char) -> usize {
    line.chars().take_while(|&x| x == c).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_titles() {
        let c = |l: &str| opener(l).and_then(|o| o.callout);
        assert_eq!(c("!!! danger").unwrap(), Callout { class: "caution", title: "Danger".into(), fold: None });
        assert_eq!(c("??? tip \"T\"").unwrap().fold, Some(false));
        assert_eq!(c("???+ note").unwrap().fold, Some(true));
        assert_eq!(c(":::note[Read me]").unwrap().title, "Read me");
        assert_eq!(
            c("::: warning Careful").unwrap(),
            Callout { class: "warning", title: "Careful".into(), fold: None }
        );
        assert_eq!(c(":::{seealso}").unwrap().class, "note");
        assert_eq!(c("```{hint}").unwrap().class, "tip");
        assert!(opener("```{code-cell} python").is_none(), "not an admonition: code");
        assert_eq!(c("{{< hint danger >}}").unwrap().class, "caution");
        assert_eq!(c("{{% alert title=\"Heads up\" color=\"warning\" %}}").unwrap().title, "Heads up");
        assert_eq!(c("{{< admonition type=\"tip\" title=\"x y\" >}}").unwrap().title, "x y");
        assert!(opener("{{< tabs >}}").is_none());
        assert_eq!(
            c("<Admonition type=\"danger\" title=\"Stop\">").unwrap(),
            Callout { class: "caution", title: "Stop".into(), fold: None }
        );
        assert_eq!(c("<Admonition>").unwrap().title, "Note");
        assert!(opener("<Admonitions>").is_none() && opener("<Admonition />").is_none());
        assert!(opener(":::unknownthing").unwrap().callout.is_none());
    }

    #[test]
    fn markers_round_trip_and_reject_forgeries() {
        let c = Callout { class: "tip", title: "a --> <b>\"".into(), fold: Some(true) };
        assert_eq!(Callout::from_marker(&c.marker()), Some(c));
        for class in ["note", "tip", "important", "warning", "caution"] {
            let c = Callout { class, title: String::new(), fold: None };
            assert_eq!(Callout::from_marker(&c.marker()), Some(c), "the class comes back as it went");
        }
        assert_eq!(Callout::from_marker("<!--opsite:callout evil div 41-->"), None);
        assert_eq!(Callout::from_marker("<!--opsite:callout note div zz-->"), None);
    }
}
