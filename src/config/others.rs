//! Projects of other tools with no opsite settings: MkDocs (through
//! `mkdocs.rs`), Hugo, Zola, Jupyter Book and Docusaurus, their
//! configuration file read for what a site needs (title, address, content
//! folder, navigation), as a `book.toml` table.
//!
//! Only top-level scalars are read, from the text: a Docusaurus
//! configuration is JavaScript (never run), and Hugo's and Jupyter Book's
//! hold far more than a site needs. What is not read is left to the tool.

use std::path::Path;
use toml::{Table, Value};

/// Another tool's configuration, read as it is.
pub(super) struct Foreign {
    /// The tool (`MkDocs`, `Hugo`, …).
    pub(super) tool: &'static str,
    /// Its file, from the site root.
    pub(super) file: String,
    /// The `book.toml` table it stands for.
    pub(super) table: Table,
    /// What to say about it (a missing address).
    pub(super) notes: Vec<String>,
    /// Its top-level keys opsite does not read, for `-v` (`None`: read as
    /// text for a few values, as Docusaurus' JavaScript is).
    pub(super) unused: Option<Vec<String>>,
}

/// The tool whose configuration `root` holds (MkDocs first), read once.
pub(super) fn detect(root: &Path) -> Option<Foreign> {
    let read = |name: &str| std::fs::read_to_string(root.join(name)).ok().map(|t| (name.to_string(), t));
    let found = super::mkdocs::FILES.iter().find_map(|n| read(n)).map(|(file, text)| {
        let (table, notes) = super::mkdocs::table(&text, &file);
        ("MkDocs", file, text, table, notes)
    });
    let (tool, file, text, table, notes) = found.or_else(|| others(root, read))?;
    let unused = (tool != "Docusaurus").then(|| unused(&text, used_keys(tool)));
    Some(Foreign { tool, file, table, notes, unused })
}

/// [`detect`] past MkDocs: the tool, its file and text, the table and notes.
fn others(
    root: &Path,
    read: impl Fn(&str) -> Option<(String, String)>,
) -> Option<(&'static str, String, String, Table, Vec<String>)> {
    let hugo = FILES[..5]
        .iter()
        .find_map(|n| read(n))
        .or_else(|| ["config.toml", "config.yaml"].iter().find_map(|n| read(n)).filter(|(_, t)| is_hugo(t)));
    if let Some((file, text)) = hugo {
        let table = hugo_table(root, &file, &text);
        return Some(("Hugo", file, text, table, Vec::new()));
    }
    if let Some((file, text)) = read("config.toml").filter(|(_, t)| scalar(t, "base_url").is_some()) {
        let (mut t, notes) = site(&text, "title", "base_url", "content", "public");
        if let Some(Value::Table(b)) = t.get_mut("build") {
            // Zola's `x/index.md` is a page with its assets, as Hugo's.
            b.insert("leaf_bundles".into(), Value::Boolean(true));
        }
        if let Some(extra) = table_named(&file, &text, "extra") {
            t.insert("params".into(), Value::Table(extra));
        }
        languages(&mut t, &file, &text, "default_language");
        return Some(("Zola", file, text, t, notes));
    }
    if let Some((file, text)) = read("_config.yml").filter(|_| root.join("_toc.yml").is_file()) {
        let (mut t, notes) = site(&text, "title", "", ".", "_build/html");
        if let Some(Value::Table(b)) = t.get_mut("build") {
            b.insert("nav".into(), Value::String("_toc.yml".into()));
        }
        return Some(("Jupyter Book", file, text, t, notes));
    }
    for name in ["docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"] {
        if let Some((file, text)) = read(name) {
            let (t, notes) = docusaurus(&text);
            return Some(("Docusaurus", file, text, t, notes));
        }
    }
    None
}

/// The configuration files [`detect`] reads, Hugo's first.
pub(super) const FILES: [&str; 12] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config/_default/hugo.toml",
    "config/_default/hugo.yaml",
    "config.toml",
    "config.yaml",
    "_config.yml",
    "_toc.yml",
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
];

/// A `config.toml` or `config.yaml` is Hugo's when it names `baseURL` (any
/// case) or a Hugo theme; Zola's says `base_url`.
fn is_hugo(text: &str) -> bool {
    text.lines().any(|l| {
        let k = l.split(['=', ':']).next().unwrap_or("").trim().to_ascii_lowercase();
        k == "baseurl" || k == "contentdir" || k == "languagecode"
    })
}

/// Hugo: `title`, `baseURL`, `contentDir` (a multilingual site's English
/// folder when it has one, `content/en`).
fn hugo_table(root: &Path, file: &str, text: &str) -> Table {
    let (mut t, _) = site(text, "title", "baseURL", "content", "public");
    // `params`, for `{{% param %}}`: the one table read whole.
    if let Some(params) = table_named(file, text, "params") {
        t.insert("params".into(), Value::Table(params));
    }
    languages(&mut t, file, text, "defaultContentLanguage");
    let content = scalar(text, "contentDir").unwrap_or_else(|| "content".into());
    let english = format!("{content}/en");
    let content = if !root.join(&content).join("_index.md").is_file() && root.join(&english).is_dir() {
        english
    } else {
        content
    };
    if let Some(Value::Table(b)) = t.get_mut("build") {
        b.insert("content".into(), Value::String(content));
        b.insert("leaf_bundles".into(), Value::Boolean(true));
        b.insert("relative_aliases".into(), Value::Boolean(true));
    }
    t
}

/// The top-level table `key` (any case) of a configuration in TOML or
/// YAML: Hugo's `params`, Zola's and MkDocs' `extra`. A YAML file that does
/// not read as a whole (MkDocs Material's Python tags) is read for that
/// block alone.
pub(super) fn table_named(file: &str, text: &str, key: &str) -> Option<Table> {
    if file.ends_with(".toml") {
        let t: Table = toml::from_str(text).ok()?;
        return t.into_iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).and_then(|(_, v)| v.try_into().ok());
    }
    let v: serde_json::Value = serde_saphyr::from_str(text).ok().or_else(|| {
        let start = text.lines().position(|l| top_level(l).is_some_and(|(k, _)| k.eq_ignore_ascii_case(key)))?;
        let block: Vec<&str> = text
            .lines()
            .skip(start)
            .enumerate()
            .take_while(|(i, l)| *i == 0 || l.is_empty() || l.starts_with([' ', '\t', '#']))
            .map(|(_, l)| l)
            .collect();
        serde_saphyr::from_str(&block.join("\n")).ok()
    })?;
    let found = v.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(key))?.1;
    match json_to_toml(found)? {
        Value::Table(t) => Some(t),
        _ => None,
    }
}

/// A JSON value as TOML (nulls, which TOML has not, left out).
fn json_to_toml(v: &serde_json::Value) -> Option<Value> {
    use serde_json::Value as J;
    Some(match v {
        J::Null => return None,
        J::Bool(b) => Value::Boolean(*b),
        J::Number(n) => n.as_i64().map(Value::Integer).or_else(|| n.as_f64().map(Value::Float))?,
        J::String(s) => Value::String(s.clone()),
        J::Array(a) => Value::Array(a.iter().filter_map(json_to_toml).collect()),
        J::Object(o) => Value::Table(o.iter().filter_map(|(k, v)| Some((k.clone(), json_to_toml(v)?))).collect()),
    })
}

/// Docusaurus: `title`, `url` + `baseUrl`, and the docs plugin's `path`
/// (default `docs`), read as text from the JavaScript.
fn docusaurus(text: &str) -> (Table, Vec<String>) {
    let js = |key: &str, from: usize| -> Option<String> {
        let rest = &text[from..];
        let at = rest.find(&format!("{key}:"))? + key.len() + 1;
        let v = rest[at..].trim_start();
        let q = v.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
        v[1..].split_once(q).map(|(s, _)| s.to_string())
    };
    let mut site_t = Table::new();
    site_t.insert("title".into(), Value::String(js("title", 0).unwrap_or_else(|| "Documentation".into())));
    let mut notes = Vec::new();
    let url = js("url", 0).filter(|u| u.starts_with("http"));
    let base = js("baseUrl", 0).unwrap_or_else(|| "/".into());
    let base_url = match url {
        Some(u) => format!("{}/{}", u.trim_end_matches('/'), base.trim_start_matches('/')),
        None => {
            notes.push("no url: links and the sitemap use http://localhost until it is set".to_string());
            format!("http://localhost/{}", base.trim_start_matches('/'))
        }
    };
    site_t.insert("base_url".into(), Value::String(base_url));
    let docs_at = text.find("docs:").unwrap_or(0);
    let path =
        js("path", docs_at).filter(|p| !p.contains("://") && !p.starts_with('/')).unwrap_or_else(|| "docs".into());
    // The docs' URLs start with routeBasePath (default /docs/).
    let route = js("routeBasePath", docs_at).unwrap_or_else(|| "docs".into());
    let mut build = lenient_build(&path, "build");
    build.insert("mount".into(), Value::String(route.trim_matches('/').to_string()));
    let mut t = Table::new();
    t.insert("site".into(), Value::Table(site_t));
    t.insert("build".into(), Value::Table(build));
    (t, notes)
}

/// A site table from `title_key` and `url_key` (none: `""`), and a build
/// table with `content` and `output`.
fn site(text: &str, title_key: &str, url_key: &str, content: &str, output: &str) -> (Table, Vec<String>) {
    let mut s = Table::new();
    s.insert("title".into(), Value::String(scalar(text, title_key).unwrap_or_else(|| "Documentation".into())));
    let mut notes = Vec::new();
    let url = Some(url_key).filter(|k| !k.is_empty()).and_then(|k| scalar(text, k)).filter(|u| u.starts_with("http"));
    if url.is_none() {
        notes.push("no site address: links and the sitemap use http://localhost until it is set".to_string());
    }
    s.insert("base_url".into(), Value::String(url.unwrap_or_else(|| "http://localhost/".into())));
    let mut t = Table::new();
    t.insert("site".into(), Value::Table(s));
    t.insert("build".into(), Value::Table(lenient_build(content, output)));
    (t, notes)
}

/// Hugo's and Zola's `[languages]`: the site's language (`default`, the
/// key naming it, else English) and the others, whose translations
/// (`guide.de.md`) are then not pages of the site.
fn languages(t: &mut Table, file: &str, text: &str, default: &str) {
    let Some(langs) = table_named(file, text, "languages") else { return };
    let default = scalar(text, default).unwrap_or_else(|| "en".into());
    let others: Vec<Value> =
        langs.keys().filter(|k| !k.eq_ignore_ascii_case(&default)).cloned().map(Value::String).collect();
    if let Some(Value::Table(s)) = t.get_mut("site") {
        s.insert("language".into(), Value::String(default));
        s.insert("languages".into(), Value::Array(others));
    }
}

/// `[build]` for a tree another tool builds: its folders, and broken links
/// and unknown frontmatter keys as warnings, as that tool has them.
pub(super) fn lenient_build(content: &str, output: &str) -> Table {
    let mut b = Table::new();
    b.insert("content".into(), Value::String(content.trim_start_matches("./").trim_end_matches('/').to_string()));
    b.insert("output".into(), Value::String(output.into()));
    b.insert("broken_links".into(), Value::String("warn".into()));
    b.insert("unknown_frontmatter".into(), Value::String("warn".into()));
    b.insert("theme_overrides".into(), Value::Boolean(false));
    b
}

/// The top-level keys (`key:`, `key =`, `[table]`) of another tool's
/// configuration `text` that opsite does not read (`used`, without
/// case), for `-v`.
fn unused(text: &str, used: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let unread = |k: &str| !used.iter().any(|u| u.eq_ignore_ascii_case(k));
    // TOML: its own reader (keys under a `[table]` are the table's).
    if let Ok(t) = toml::from_str::<Table>(text) {
        return t.keys().filter(|k| unread(k)).cloned().collect();
    }
    // YAML, which may carry Python tags no reader here takes: by lines.
    for (key, _) in text.lines().filter_map(top_level) {
        let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-'));
        if plain && unread(key) && !out.iter().any(|k| k == key) {
            out.push(key.to_string());
        }
    }
    out
}

/// The keys of each tool's configuration that opsite reads (see [`unused`]).
fn used_keys(tool: &str) -> &'static [&'static str] {
    match tool {
        "MkDocs" => &[
            "site_name",
            "site_url",
            "site_description",
            "docs_dir",
            "site_dir",
            "repo_url",
            "edit_uri",
            "nav",
            "markdown_extensions",
            "extra",
        ],
        "Hugo" => &["title", "baseURL", "contentDir", "params", "languages", "defaultContentLanguage"],
        "Zola" => &["title", "base_url", "extra", "languages", "default_language"],
        "Jupyter Book" => &["title"],
        _ => &[],
    }
}

/// A top-level `key: value` (YAML) or `key = value` (TOML) line: its key,
/// unquoted, and what follows the separator.
fn top_level(line: &str) -> Option<(&str, &str)> {
    if line.starts_with([' ', '\t', '#', '-', '}', ']']) {
        return None;
    }
    let (k, v) = line.split_once([':', '='])?;
    Some((k.trim().trim_matches(['"', '\'']), v))
}

/// The scalar of a top-level `key: value` (YAML) or `key = "value"` (TOML)
/// line, key compared without case as Hugo does, unquoted.
pub(super) fn scalar(text: &str, key: &str) -> Option<String> {
    text.lines().filter_map(top_level).find_map(|(k, v)| {
        if !k.eq_ignore_ascii_case(key) {
            return None;
        }
        let v = v.split(" #").next().unwrap_or(v).trim();
        let v = ['"', '\''].into_iter().find_map(|q| v.strip_prefix(q)?.strip_suffix(q)).unwrap_or(v);
        (!v.is_empty() && !v.starts_with(['!', '&', '*', '|', '>', '[', '{'])).then(|| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_of_yaml_and_toml_lines() {
        assert_eq!(
            scalar("baseURL: https://opentelemetry.io\n", "baseurl").as_deref(),
            Some("https://opentelemetry.io")
        );
        assert_eq!(scalar("title = \"Zola\" # site\n", "title").as_deref(), Some("Zola"));
        assert_eq!(scalar("  title: nested\n", "title"), None);
        assert!(is_hugo("baseURL = 'x'\n") && !is_hugo("base_url = 'x'\n"));
        let yaml = "baseURL: https://x.org\nparams:\n  notes:\n    v2: |\n      Use **v2**.\n  empty: ~\n";
        let p = table_named("hugo.yaml", yaml, "params").unwrap();
        assert_eq!(p["notes"]["v2"].as_str(), Some("Use **v2**.\n"));
        assert!(!p.contains_key("empty"));
        let p = table_named("hugo.toml", "[Params]\nx = 1\n", "params").unwrap();
        assert_eq!(p["x"].as_integer(), Some(1));
        let mkdocs = "theme:\n  icon: !!python/name:material.x\nextra:\n  version:\n    provider: mike\n  analytics: g\nnav:\n  - a.md\n";
        let p = table_named("mkdocs.yml", mkdocs, "extra").unwrap();
        assert_eq!(p["version"]["provider"].as_str(), Some("mike"));
        assert_eq!(p["analytics"].as_str(), Some("g"));
    }

    #[test]
    fn unused_keys_are_named_for_verbose() {
        let mkdocs =
            "site_name: X\ntheme:\n  name: material\nplugins:\n  - search\nnav:\n  - a.md\nextra_css: [x.css]\n";
        assert_eq!(unused(mkdocs, used_keys("MkDocs")), ["theme", "plugins", "extra_css"]);
        let hugo = "baseurl = 'x'\ntheme = 'docsy'\n[params]\nx = 1\n[[menu.main]]\nname = 'a'\n";
        let mut keys = unused(hugo, used_keys("Hugo"));
        keys.sort();
        assert_eq!(keys, ["menu", "theme"]);
    }

    #[test]
    fn docusaurus_config_is_read_as_text() {
        let js = "const config = {\n  title: 'Appcircle Docs',\n  url: 'https://docs.appcircle.io',\n  baseUrl: '/',\n  presets: [['classic', { docs: { routeBasePath: '/', path: 'docs', sidebarPath: require.resolve('./sidebars.js') } }]],\n};\n";
        let (t, notes) = docusaurus(js);
        assert_eq!(t["site"]["title"].as_str(), Some("Appcircle Docs"));
        assert_eq!(t["site"]["base_url"].as_str(), Some("https://docs.appcircle.io/"));
        assert_eq!(t["build"]["content"].as_str(), Some("docs"));
        assert_eq!(t["build"]["mount"].as_str(), Some(""), "routeBasePath '/': the docs are the site");
        assert!(notes.is_empty(), "{notes:?}");
        let (t, notes) = docusaurus("module.exports = { title: 'X' };\n");
        assert_eq!(t["build"]["mount"].as_str(), Some("docs"), "the default route");
        assert_eq!(notes.len(), 1, "no url: {notes:?}");
    }
}
