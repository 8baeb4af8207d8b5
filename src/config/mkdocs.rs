//! An MkDocs project with no opsite settings: its `mkdocs.yml` read for
//! what a site needs (`site_name`, `site_url`, `docs_dir`, `repo_url`,
//! `site_description`, the branch of `edit_uri`, and `nav` through the
//! navigation reader). `markdown_extensions` need nothing: everything they
//! switch on (admonitions, tabs, snippets, math) is always on here.
//!
//! Only top-level `key: value` lines are read, not the YAML as a whole:
//! MkDocs Material configurations carry Python tags
//! (`!!python/name:material.extensions.emoji.twemoji`) that no YAML reader
//! outside Python takes, and these keys are plain scalars.

use toml::{Table, Value};

/// The names MkDocs looks for, in its order.
pub(super) const FILES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// The opsite configuration an `mkdocs.yml` stands for (`file` is its
/// name), as a `book.toml` table, and what to say about it.
pub(super) fn table(text: &str, file: &str) -> (Table, Vec<String>) {
    let get = |key: &str| super::others::scalar(text, key);
    let mut site = Table::new();
    site.insert("title".into(), Value::String(get("site_name").unwrap_or_else(|| "Documentation".into())));
    let mut notes = Vec::new();
    let base = get("site_url").filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    if base.is_none() {
        notes.push("no site_url: links and the sitemap use http://localhost until it is set".to_string());
    }
    site.insert("base_url".into(), Value::String(base.unwrap_or_else(|| "http://localhost/".into())));
    if let Some(d) = get("site_description") {
        site.insert("description".into(), Value::String(d));
    }
    if let Some(repo) = get("repo_url").filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
        site.insert("repository".into(), Value::String(repo.trim_end_matches('/').to_string()));
    }
    // `edit_uri: edit/main/docs/`: the branch edit links open.
    let edit = get("edit_uri").unwrap_or_default();
    if let Some(branch) =
        edit.strip_prefix("edit/").or_else(|| edit.strip_prefix("blob/")).and_then(|r| r.split('/').next())
        && !branch.is_empty()
    {
        site.insert("branch".into(), Value::String(branch.to_string()));
    }
    let docs = get("docs_dir").unwrap_or_else(|| "docs".into());
    let mut build = super::others::lenient_build(&docs, &get("site_dir").unwrap_or_else(|| "site".into()));
    build.insert("nav".into(), Value::String(file.into()));
    let mut t = Table::new();
    // `extra`, MkDocs' values for templates: opsite's `[params]`.
    if let Some(extra) = super::others::table_named(file, text, "extra") {
        t.insert("params".into(), Value::Table(extra));
    }
    t.insert("site".into(), Value::Table(site));
    t.insert("build".into(), Value::Table(build));
    (t, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn material_configs_with_python_tags_are_read_for_their_scalars() {
        let text = "site_name: Argo CD - Declarative GitOps CD for Kubernetes\nrepo_url: \"https://github.com/argoproj/argo-cd\"\ndocs_dir: ./docs/\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - Overview: index.md\n";
        let (t, notes) = table(text, "mkdocs.yml");
        assert_eq!(t["site"]["title"].as_str(), Some("Argo CD - Declarative GitOps CD for Kubernetes"));
        assert_eq!(t["site"]["repository"].as_str(), Some("https://github.com/argoproj/argo-cd"));
        assert_eq!(t["build"]["content"].as_str(), Some("docs"));
        assert_eq!(t["build"]["nav"].as_str(), Some("mkdocs.yml"));
        assert_eq!(t["site"]["base_url"].as_str(), Some("http://localhost/"));
        assert_eq!(notes, ["no site_url: links and the sitemap use http://localhost until it is set"]);
        let (t, _) = table("site_url: https://x.org/docs/ # published\nedit_uri: edit/stable/docs/\n", "mkdocs.yml");
        assert_eq!(t["site"]["base_url"].as_str(), Some("https://x.org/docs/"));
        assert_eq!(t["site"]["branch"].as_str(), Some("stable"));
    }
}
