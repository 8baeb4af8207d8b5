//! Frontmatter keys the strict read did not take: other tools' spellings
//! and keys made to fit, a typo of opsite's own keys stopped, anything
//! else kept in `extra`.
//!
//! The strict read ([`super::frontmatter::split`]) is tried first and
//! costs nothing more on pages that use only known keys; this path runs
//! only on a page it refused.

use std::path::Path;

use serde_json::{Map, Value};

use super::frontmatter::{FOREIGN_KEYS, FrontMatter};
use crate::report::Diagnostic;

/// Every key [`FrontMatter`] reads itself, aliases included: a key one
/// edit away from one of these is a typo (a test keeps it equal to what
/// serde reads).
pub(super) const OWN_KEYS: &[&str] = &[
    "title",
    "link_title",
    "linkTitle",
    "nav_title",
    "sidebar_label",
    "description",
    "weight",
    "sidebar_position",
    "nav_order",
    "date",
    "updated",
    "lastmod",
    "last_modified_at",
    "draft",
    "hidden",
    "bookHidden",
    "nav_exclude",
    "slug",
    "template",
    "aliases",
    "redirect_to",
    "tags",
    "authors",
    "author",
    "sort_by",
    "extra",
    "alerts",
    "issues",
    "search",
    "_build",
    "owner",
    "reviewed",
    "last_reviewed",
    "incident",
    "severity",
    "started",
    "detected",
    "resolved",
    "impact",
    "root_causes",
    "trigger",
    "action_items",
    "timeline",
    "alert",
];

/// A page's frontmatter read from its key/value map, after the strict
/// read refused it.
pub(super) struct Lenient {
    /// The frontmatter.
    pub front: FrontMatter,
    /// Other tools' whole-map keys folded in (`params`, `taxonomies`).
    pub folded: Vec<&'static str>,
}

/// Reads `raw` (YAML or TOML) key by key: empty values are absent, keys
/// compare case-insensitively (Hugo's do), Hugo's `params` merge into
/// `extra`, Zola's `taxonomies.tags` are tags and its other taxonomies
/// `extra`, and a key nobody knows is kept in `extra` with a warning.
///
/// `Err`: the block is not a map, a key is a probable typo of one of
/// opsite's (unless `typos_warn`), or a value is of the wrong kind.
pub(super) fn read(
    raw: &str,
    yaml: bool,
    path: &Path,
    before: usize,
    typos_warn: bool,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Lenient, Diagnostic> {
    let map =
        parse_map(raw, yaml).map_err(|(line, col, message)| Diagnostic::new(path, line + before, col, message))?;
    read_map(map, (raw, yaml), path, before, typos_warn, warnings)
}

/// [`read`] for a map already parsed; `raw`, the text it was read from
/// (`""` when none) and whether it is YAML, locates keys.
pub(super) fn read_map(
    map: Map<String, Value>,
    (raw, yaml): (&str, bool),
    path: &Path,
    before: usize,
    typos_warn: bool,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Lenient, Diagnostic> {
    let mut out = Map::new();
    let mut extra = Map::new();
    let mut folded = Vec::new();
    for (key, value) in map {
        if is_empty(&value) {
            continue;
        }
        if let Some(known) = known(&key) {
            // An exact spelling wins over another casing of the same key.
            if known == key || !out.contains_key(known) {
                out.insert(known.to_string(), value);
            }
            continue;
        }
        match (key.to_ascii_lowercase().as_str(), value) {
            ("params", Value::Object(params)) => {
                folded.push("params");
                for (k, v) in params {
                    extra.entry(k).or_insert(v);
                }
            }
            ("taxonomies", Value::Object(taxonomies)) => {
                folded.push("taxonomies");
                for (k, v) in taxonomies {
                    if k == "tags" {
                        out.entry("tags").or_insert(v);
                    } else {
                        extra.entry(k).or_insert(v);
                    }
                }
            }
            (_, value) => {
                let line = key_line(raw, yaml, &key, before);
                let typo = typo_of(&key);
                if let Some(own) = typo.filter(|_| !typos_warn) {
                    return Err(Diagnostic::new(path, line, 1, format!("invalid frontmatter: unknown key `{key}`"))
                        .hint(Some(format!("did you mean `{own}`?"))));
                }
                let hint = match typo.or_else(|| crate::util::text::did_you_mean(&key, OWN_KEYS.iter().copied())) {
                    Some(own) => format!("did you mean `{own}`? Templates can read it as page.extra.{key}"),
                    None => format!("templates can read it as page.extra.{key}; it changes nothing else"),
                };
                warnings.push(
                    Diagnostic::new(path, line, 1, format!("unknown frontmatter key `{key}` kept in page.extra"))
                        .hint(Some(hint)),
                );
                extra.insert(key, value);
            }
        }
    }
    if !extra.is_empty() {
        let own = out.entry("extra").or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(own) = own {
            for (k, v) in extra {
                own.entry(k).or_insert(v);
            }
        }
    }
    match serde_path_to_error::deserialize::<_, FrontMatter>(Value::Object(out)) {
        Ok(front) => Ok(Lenient { front, folded }),
        Err(e) => {
            let field = e.path().iter().next().map(|s| s.to_string()).unwrap_or_default();
            let line = key_line(raw, yaml, &field, before).max(before);
            let message = format!("invalid frontmatter: `{field}`: {}", e.inner());
            Err(Diagnostic::new(path, line, 1, message))
        }
    }
}

/// The key/value map of a frontmatter block, or where and why it is not
/// one (line within `raw`, column, message).
fn parse_map(raw: &str, yaml: bool) -> Result<Map<String, Value>, (usize, usize, String)> {
    use super::frontmatter::{toml_error, yaml_error};
    let why = |(line, col, reason): (usize, usize, String)| (line, col, format!("invalid frontmatter: {reason}"));
    if yaml {
        let options = serde_saphyr::options! { with_snippet: false };
        return serde_saphyr::from_str_with_options::<Option<Map<String, Value>>>(raw, options)
            .map(Option::unwrap_or_default)
            .map_err(|e| why(yaml_error(&e)));
    }
    let table: toml::Table = toml::from_str(raw).map_err(|e| why(toml_error(raw, &e)))?;
    match serde_json::to_value(table) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err((1, 1, "invalid frontmatter: not a table of keys".into())),
    }
}

/// `aliases:` with nothing after it, or `""`: as if not written.
fn is_empty(value: &Value) -> bool {
    matches!(value, Value::Null) || value.as_str().is_some_and(|s| s.trim().is_empty())
}

/// The spelling opsite reads for `key`: its own or another tool's key,
/// letter case aside.
fn known(key: &str) -> Option<&'static str> {
    let all = || OWN_KEYS.iter().chain(FOREIGN_KEYS).copied();
    all().find(|k| *k == key).or_else(|| all().find(|k| k.eq_ignore_ascii_case(key)))
}

/// The key of opsite's that `key` probably misspells: one edit away (two
/// for keys of seven letters or more), a swap of two letters counting as
/// one. Looser likenesses (`description_short`) are other keys.
fn typo_of(key: &str) -> Option<&'static str> {
    let lower = key.to_ascii_lowercase();
    let allowed = if lower.chars().count() >= 7 { 2 } else { 1 };
    OWN_KEYS
        .iter()
        .copied()
        .map(|own| (strsim::osa_distance(&lower, &own.to_ascii_lowercase()), own))
        .filter(|(d, _)| *d > 0 && *d <= allowed)
        .min()
        .map(|(_, own)| own)
}

/// 1-based file line of top-level `key` in `raw` (0 when not found).
fn key_line(raw: &str, yaml: bool, key: &str, before: usize) -> usize {
    raw.lines().position(|l| super::frontmatter::top_level_key(l, yaml) == Some(key)).map_or(0, |i| i + 1 + before)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_yaml(raw: &str, typos_warn: bool) -> (Result<Lenient, Diagnostic>, Vec<Diagnostic>) {
        let mut warnings = Vec::new();
        let r = read(raw, true, Path::new("a.md"), 1, typos_warn, &mut warnings);
        (r, warnings)
    }

    #[test]
    fn typos_of_own_keys_and_other_keys() {
        for (key, own) in [("titel", "title"), ("wieght", "weight"), ("tittle", "title"), ("descripton", "description")]
        {
            assert_eq!(typo_of(key), Some(own), "{key}");
        }
        for key in ["description_short", "sponsors", "menuTitle", "image", "summary", "toc_hide", "sumary"] {
            assert_eq!(typo_of(key), None, "{key}");
        }
    }

    #[test]
    fn a_typo_fails_and_another_key_is_kept() {
        let (r, _) = read_yaml("title: A\nwieght: 2\n", false);
        let e = r.err().unwrap();
        assert_eq!((e.line, e.message.as_str()), (3, "invalid frontmatter: unknown key `wieght`"));
        let (r, w) = read_yaml("title: A\nsponsors: [x]\n", false);
        let front = r.unwrap().front;
        assert_eq!(front.extra["sponsors"], serde_json::json!(["x"]));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 3);
        let (r, w) = read_yaml("title: A\nwieght: 2\n", true);
        assert!(r.is_ok());
        assert!(w[0].hint.as_deref().unwrap().contains("did you mean `weight`"), "{:?}", w[0]);
    }

    #[test]
    fn hugo_and_zola_keys_fit() {
        let raw =
            "Title: A\nlinktitle: Short\naliases:\nparams:\n  icon: x\ntaxonomies:\n  tags: [a, b]\n  area: [ops]\n";
        let (r, w) = read_yaml(raw, false);
        let l = r.unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(l.front.title.as_deref(), Some("A"));
        assert_eq!(l.front.link_title.as_deref(), Some("Short"));
        assert!(l.front.aliases.is_empty());
        assert_eq!(l.front.tags, ["a", "b"]);
        assert_eq!(l.front.extra["icon"], "x");
        assert_eq!(l.front.extra["area"], serde_json::json!(["ops"]));
        assert_eq!(l.folded, ["params", "taxonomies"]);
    }

    #[test]
    fn a_wrong_value_beside_another_key_is_located() {
        let (r, _) = read_yaml("sponsors: x\nweight: heavy\n", false);
        let e = r.err().unwrap();
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.contains("`weight`"), "{e}");
        let (r, _) = read_yaml("broken: [\n", false);
        assert!(r.err().unwrap().message.contains("invalid frontmatter"));
    }
}
