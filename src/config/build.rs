//! `[build]`: where content is read from and how pages are published.

use serde::Deserialize;

use super::{Severity, yes};

/// `[build]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// Output directory, relative to the site root.
    #[serde(default = "default_output")]
    pub output: String,
    /// Build pages marked `draft: true`.
    #[serde(default)]
    pub drafts: bool,
    /// The folder of the site's own Markdown, relative to the root
    /// (`content`, `docs`, or `.` for a repository whose docs are at its root).
    #[serde(default = "default_content")]
    pub content: String,
    /// A navigation file of the site's own (`SUMMARY.md`, `mkdocs.yml` or
    /// `_toc.yml` format, by its name) whose order overrides every other,
    /// with paths relative to the content folder.
    #[serde(default)]
    pub nav: Option<String>,
    /// `"warn"`: a frontmatter key one edit from one of opsite's (`titel`)
    /// is a warning instead of an error. Any other key no generator knows
    /// is kept in `page.extra` with a warning either way.
    #[serde(default)]
    pub unknown_frontmatter: Severity,
    /// `"warn"`: broken links and anchors in the site's own content are
    /// warnings (as `--warn-links` makes them), as in a tree another tool
    /// builds without checking them.
    #[serde(default)]
    pub broken_links: Severity,
    /// Publish lowercase URL paths, as Hugo does (files differing only in
    /// case are then an error naming both).
    #[serde(default)]
    pub lowercase_urls: bool,
    /// Write the search index and show the search field (default on).
    #[serde(default = "yes")]
    pub search: bool,
    /// `"redirect"`: a redirect page at each page's source path
    /// (`/x/README.md`, `/x/page.ipynb`) to its URL, for sites whose old
    /// generator served pages there.
    #[serde(default)]
    pub md_urls: MdUrls,
    /// A folder whose one page is `index.md` is a page with the folder's
    /// files (Hugo's leaf bundle, Zola's colocated page), not a section.
    /// Set for Hugo and Zola projects read as they are.
    #[serde(default)]
    pub leaf_bundles: bool,
    /// An alias without a leading slash starts from the page's folder, as
    /// Hugo's do (set for Hugo projects read as they are).
    #[serde(default)]
    pub relative_aliases: bool,
    /// The URL path the content folder is published under (`""`: the
    /// site root; Docusaurus' `routeBasePath`, `docs`, for a Docusaurus
    /// project). A slug starting with `/` starts from it.
    #[serde(default)]
    pub mount: String,
    /// Whether the site's `templates/` and `static/` override the theme
    /// (default on). Off for another tool's project read as it is: its
    /// templates are that tool's, and its static files are published
    /// without replacing the theme's.
    #[serde(default = "yes")]
    pub theme_overrides: bool,
    /// How many entries of one list the sidebar shows: the current
    /// section's pages and each level's siblings, nearest first, then a
    /// link to the full list (0: no limit). Keeps a page's size from
    /// growing with the site.
    #[serde(default = "default_sidebar_limit")]
    pub sidebar_limit: usize,
    /// `/llms.txt`, `/llms-full.txt` and each page's Markdown beside it
    /// (`index.html.md`), for language models (default on).
    #[serde(default = "yes")]
    pub llms: bool,
}

/// `[build] md_urls`.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MdUrls {
    /// Nothing at source paths (the default).
    #[default]
    None,
    /// A redirect page at each source path.
    Redirect,
}

impl Default for BuildConfig {
    fn default() -> Self {
        Self {
            output: default_output(),
            drafts: false,
            content: default_content(),
            nav: None,
            unknown_frontmatter: Severity::Error,
            broken_links: Severity::Error,
            lowercase_urls: false,
            search: true,
            md_urls: MdUrls::None,
            leaf_bundles: false,
            relative_aliases: false,
            mount: String::new(),
            theme_overrides: true,
            sidebar_limit: default_sidebar_limit(),
            llms: true,
        }
    }
}

fn default_content() -> String {
    "content".into()
}

fn default_output() -> String {
    "public".into()
}

fn default_sidebar_limit() -> usize {
    20
}
