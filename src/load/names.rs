//! What a file's name says: whether it is a page, a partial, an index or
//! an editor's temporary file, and the title it gives a page.

/// Section index file names, most preferred first.
pub(super) const INDEX_NAMES: [&str; 5] = ["_index.md", "index.md", "README.md", "index.mdx", "README.mdx"];

/// Whether a file or directory name is skipped: hidden files and the
/// temporary files editors write beside the ones being saved.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

/// Whether a file name or path ends in `.md` or `.mdx` (any case).
/// Byte-safe for non-ASCII names.
pub(crate) fn is_markdown(name: &str) -> bool {
    ends_with_ignore_case(name, ".md") || ends_with_ignore_case(name, ".mdx")
}

/// Whether a file name or path ends in `.mdx` (any case).
pub(super) fn is_mdx(name: &str) -> bool {
    ends_with_ignore_case(name, ".mdx")
}

/// Whether a document is a partial: its name, or a folder's on its path,
/// starts with `_` (other than `_index.md`). Docusaurus and MkDocs
/// snippets include them into pages; they are never pages themselves.
pub(crate) fn is_partial(rel: &str) -> bool {
    let mut parts = rel.rsplit('/');
    let name = parts.next().unwrap_or("");
    (name.starts_with('_') && file_stem(name) != "_index") || parts.any(|d| d.starts_with('_'))
}

/// Whether a file is a Jupyter notebook (`.ipynb`).
pub(crate) fn is_notebook(name: &str) -> bool {
    ends_with_ignore_case(name, ".ipynb")
}

/// Whether a file becomes a page: Markdown or a notebook.
pub(crate) fn is_document(name: &str) -> bool {
    is_markdown(name) || is_notebook(name)
}

fn ends_with_ignore_case(name: &str, ext: &str) -> bool {
    let (b, e) = (name.as_bytes(), ext.as_bytes());
    b.len() > e.len() && b[b.len() - e.len()..].eq_ignore_ascii_case(e)
}

pub(super) fn parent_dir(rel: &str) -> &str {
    rel.rfind('/').map(|i| &rel[..i]).unwrap_or("")
}

pub(super) fn file_name(rel: &str) -> &str {
    rel.rfind('/').map(|i| &rel[i + 1..]).unwrap_or(rel)
}

/// The file name of a `/`-separated path without its extension.
pub(crate) fn file_stem(rel: &str) -> &str {
    let name = file_name(rel);
    name.rfind('.').map(|i| &name[..i]).unwrap_or(name)
}

/// `increase_pvc-size` → `Increase pvc size`: the title a page gets from
/// its file name.
pub(crate) fn title_from_name(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Home".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partials_start_with_an_underscore_but_section_indexes_do_not() {
        for p in ["_shared.mdx", "docs/_intro.md", "docs/_parts/steps.md", "_includes/x.md"] {
            assert!(is_partial(p), "{p}");
        }
        for p in ["_index.md", "docs/_index.md", "docs/page.mdx", "docs/a_b.md", "README.md"] {
            assert!(!is_partial(p), "{p}");
        }
        assert!(is_mdx("é.mdx") && !is_mdx("é") && !is_mdx("ééé.md"), "byte-safe");
        assert!(is_markdown("a.MDX") && is_markdown("a.md") && !is_markdown("a.mdxx") && !is_markdown(".md"));
    }
}
