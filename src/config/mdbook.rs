//! mdBook's `book.toml`, read as opsite's: both tools use the file name,
//! so an mdBook project builds as it is, and opsite's own tables can sit
//! beside mdBook's in the one file.
//!
//! mdBook's keys become opsite's where they mean the same (`[book] title`,
//! `src`, `language`, `description`; `[build] build-dir`; `[output.html]
//! git-repository-url`, `edit-url-template`, `site-url`, `cname`); the rest
//! of its tables are mdBook's own and are left to it. Preprocessors opsite
//! cannot run are named once.

use toml::{Table, Value};

/// Whether a parsed `book.toml` is mdBook's (it has a `[book]` table).
pub(super) fn is_mdbook(table: &Table) -> bool {
    table.get("book").is_some_and(Value::is_table)
}

/// The table with mdBook's keys turned into opsite's (opsite's own win
/// where both are written), and what the build should say about it.
/// The keys of an mdBook `book.toml` opsite does not read (for `-v`):
/// `[book]` and `[output.html]` keys beyond those it maps, and other
/// renderers' tables.
pub(super) fn unused(t: &Table) -> Vec<String> {
    const BOOK: &[&str] = &["title", "src", "description", "language", "authors", "multilingual"];
    const HTML: &[&str] = &["git-repository-url", "edit-url-template", "site-url", "cname", "redirect"];
    let keys = |table: Option<&Value>, prefix: &str, used: &[&str]| -> Vec<String> {
        let Some(Value::Table(table)) = table else { return Vec::new() };
        table.keys().filter(|k| !used.contains(&k.as_str())).map(|k| format!("{prefix}{k}")).collect()
    };
    let output = t.get("output");
    let mut out = keys(t.get("book"), "book.", BOOK);
    out.extend(keys(output.and_then(|o| o.get("html")), "output.html.", HTML));
    out.extend(keys(output, "output.", &["html"]));
    out
}

pub(super) fn adapt(mut t: Table) -> (Table, Vec<String>) {
    let mut notes = Vec::new();
    let book = take_table(&mut t, "book");
    let mut output = take_table(&mut t, "output");
    let html = take_table(&mut output, "html");
    let preprocessors = take_table(&mut t, "preprocessor");
    t.remove("rust");

    let str_of = |table: &Table, key: &str| table.get(key).and_then(Value::as_str).map(str::to_string);
    let mut site = take_table(&mut t, "site");
    if !site.contains_key("base_url") {
        notes.push("no [site] base_url: links and the sitemap use http://localhost until it is set".to_string());
    }
    let mut set = |key: &str, value: Option<String>| {
        if let Some(v) = value
            && !site.contains_key(key)
        {
            site.insert(key.into(), Value::String(v));
        }
    };
    set("title", str_of(&book, "title").or(Some("Book".into())));
    set("description", str_of(&book, "description"));
    set("language", str_of(&book, "language"));
    set("cname", str_of(&html, "cname"));
    // `edit-url-template = "https://github.com/o/r/edit/main/{path}"`: the
    // repository and the branch edit links go to.
    let edit = str_of(&html, "edit-url-template").and_then(|u| {
        let rest = u.strip_prefix("https://github.com/")?;
        let mut parts = rest.splitn(5, '/');
        let (owner, repo, edit, branch) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
        (edit == "edit").then(|| (format!("https://github.com/{owner}/{repo}"), branch.to_string()))
    });
    set("repository", str_of(&html, "git-repository-url").or(edit.as_ref().map(|e| e.0.clone())));
    set("branch", edit.map(|e| e.1));
    // mdBook needs no address; opsite's links are relative to one, so the
    // site path mdBook knows is put on a local host until `base_url` says.
    let site_url = str_of(&html, "site-url").unwrap_or_else(|| "/".into());
    set("base_url", Some(format!("http://localhost/{}", site_url.trim_start_matches('/'))));
    t.insert("site".into(), Value::Table(site));

    // `[output.html.redirect]`: old page → new page, as `.html` files;
    // opsite publishes `x.md` at `/x/`.
    if let Some(Value::Table(redirect)) = html.get("redirect") {
        let mut redirects = take_table(&mut t, "redirects");
        for (from, to) in redirect {
            let Some(to) = to.as_str() else { continue };
            let from = format!("/{}", from.trim_start_matches('/'));
            let to = if to.contains("://") {
                to.to_string()
            } else {
                let (path, frag) = to.split_once('#').map_or((to, None), |(p, f)| (p, Some(f)));
                let page = path.trim_start_matches('/').strip_suffix(".html").unwrap_or(path);
                let page = page.strip_suffix("index").unwrap_or(page).trim_end_matches('/');
                let dir = if page.is_empty() { "/".to_string() } else { format!("/{page}/") };
                frag.map_or(dir.clone(), |f| format!("{dir}#{f}"))
            };
            redirects.entry(from).or_insert(Value::String(to));
        }
        t.insert("redirects".into(), Value::Table(redirects));
    }

    // `[build]`: mdBook's keys beside opsite's.
    let mut build = take_table(&mut t, "build");
    let build_dir = build.remove("build-dir").and_then(|v| v.as_str().map(str::to_string));
    for key in ["create-missing", "use-default-preprocessors", "extra-watch-dirs"] {
        build.remove(key);
    }
    if !build.contains_key("output") {
        build.insert("output".into(), Value::String(build_dir.unwrap_or_else(|| "book".into())));
    }
    // mdBook checks no links: they are warnings until the site says.
    for (key, value) in [("broken_links", "warn"), ("unknown_frontmatter", "warn")] {
        if !build.contains_key(key) {
            build.insert(key.into(), Value::String(value.into()));
        }
    }
    if !build.contains_key("content") {
        build.insert("content".into(), Value::String(str_of(&book, "src").unwrap_or_else(|| "src".into())));
    }
    t.insert("build".into(), Value::Table(build));

    // `links` and `index` are mdBook's defaults and opsite does their work.
    let others: Vec<&str> =
        preprocessors.keys().map(String::as_str).filter(|k| !matches!(*k, "links" | "index")).collect();
    if !others.is_empty() {
        notes.push(format!(
            "mdBook preprocessors are not run: {} (their syntax shows as written, with a warning where it is found)",
            others.join(", ")
        ));
    }
    (t, notes)
}

/// The table at `key`, taken out of `t` (empty when there is none).
fn take_table(t: &mut Table, key: &str) -> Table {
    match t.remove(key) {
        Some(Value::Table(table)) => table,
        Some(other) => {
            t.insert(key.into(), other);
            Table::new()
        }
        None => Table::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rust_books_config_becomes_opsites() {
        let text = "[book]\ntitle = \"The Rust Programming Language\"\nauthors = [\"Steve\"]\nsrc = \"src\"\nlanguage = \"en\"\n\n[output.html]\nadditional-css = [\"ferris.css\"]\ngit-repository-url = \"https://github.com/rust-lang/book\"\nsite-url = \"/book/\"\n\n[output.html.redirect]\n\"ch17-00-oop.html\" = \"ch18-00-oop.html\"\n\"/old/index.html\" = \"new/index.html#part\"\n\n[preprocessor.trpl-note]\ncommand = \"x\"\n\n[rust]\nedition = \"2021\"\n\n[build]\nbuild-dir = \"out\"\ncreate-missing = false\n";
        let t: Table = toml::from_str(text).unwrap();
        assert!(is_mdbook(&t));
        let (t, notes) = adapt(t);
        let site = t["site"].as_table().unwrap();
        assert_eq!(site["title"].as_str(), Some("The Rust Programming Language"));
        assert_eq!(site["base_url"].as_str(), Some("http://localhost/book/"));
        assert_eq!(site["repository"].as_str(), Some("https://github.com/rust-lang/book"));
        let build = t["build"].as_table().unwrap();
        assert_eq!((build["output"].as_str(), build["content"].as_str()), (Some("out"), Some("src")));
        assert!(!t.contains_key("rust") && !t.contains_key("output") && !t.contains_key("book"));
        let redirects = t["redirects"].as_table().unwrap();
        assert_eq!(redirects["/ch17-00-oop.html"].as_str(), Some("/ch18-00-oop/"));
        assert_eq!(redirects["/old/index.html"].as_str(), Some("/new/#part"));
        assert_eq!(notes.len(), 2);
        assert!(notes[1].contains("trpl-note"));
    }

    #[test]
    fn opsites_keys_beside_mdbooks_win() {
        let text = "[book]\ntitle = \"Book\"\n[site]\ntitle = \"Site\"\nbase_url = \"https://e.org/\"\n[build]\ncontent = \"docs\"\n[output.html]\nedit-url-template = \"https://github.com/o/r/edit/dev/{path}\"\n";
        let (t, notes) = adapt(toml::from_str(text).unwrap());
        let site = t["site"].as_table().unwrap();
        assert_eq!((site["title"].as_str(), site["base_url"].as_str()), (Some("Site"), Some("https://e.org/")));
        assert_eq!(
            (site["repository"].as_str(), site["branch"].as_str()),
            (Some("https://github.com/o/r"), Some("dev"))
        );
        assert_eq!(t["build"]["content"].as_str(), Some("docs"));
        assert!(notes.is_empty(), "{notes:?}");
    }
}
