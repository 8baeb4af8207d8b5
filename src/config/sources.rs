//! `[[sources]]` in book.toml: docs trees from other repositories and
//! folders, and the checks their values get.

use serde::Deserialize;

use super::{Severity, yes};

/// One `[[sources]]` entry: a docs tree from a git repository or a local
/// directory, mounted at a URL prefix.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    /// Clone URL (`https://…`, `file://…`, `git@host:owner/repo`).
    #[serde(default)]
    pub git: Option<String>,
    /// A local directory, relative to the site root.
    #[serde(default)]
    pub path: Option<String>,
    /// Branch, tag or commit to build from (git only); default: the remote's default branch.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// Folder inside the repository or directory to mount; default its root.
    #[serde(default)]
    pub dir: String,
    /// URL prefix in the site (`apps` → `/apps/…`).
    pub mount: String,
    /// Globs (relative to `dir`) of files to take; default all.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs (relative to `dir`) of files to leave out.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A source that cannot be fetched is a warning, not an error.
    #[serde(default)]
    pub optional: bool,
    /// The repository's web address (`https://github.com/owner/repo`), for
    /// links that leave `dir` and for edit links; derived from a GitHub or
    /// GitLab `git` URL when not given.
    #[serde(default)]
    pub web_url: Option<String>,
    /// `"warn"`: broken links and anchors in this source's pages are
    /// warnings (for a tree the site does not own); default `"error"`.
    #[serde(default)]
    pub broken_links: Severity,
    /// `false` for a repository whose authors the site does not vouch for:
    /// raw HTML in its Markdown is left out.
    #[serde(default = "yes")]
    pub trusted: bool,
    /// `[build] unknown_frontmatter` for this source's pages.
    #[serde(default)]
    pub unknown_frontmatter: Option<Severity>,
    /// "Edit this page" base: the page's path in the repository is appended.
    /// Derived from `web_url` (GitHub `…/edit/<ref>/`, GitLab `…/-/edit/<ref>/`).
    #[serde(default)]
    pub edit_url: Option<String>,
}

impl SourceConfig {
    /// `git` or `path`, for messages.
    pub fn location(&self) -> &str {
        self.git.as_deref().or(self.path.as_deref()).unwrap_or_default()
    }

    /// The mount without surrounding slashes.
    pub fn mount_path(&self) -> &str {
        self.mount.trim_matches('/')
    }

    /// The web address of the repository: `web_url`, else derived from a
    /// GitHub or GitLab `git` URL.
    pub fn web(&self) -> Option<String> {
        if let Some(w) = &self.web_url {
            return Some(w.trim_end_matches('/').to_string());
        }
        let git = self.git.as_deref()?;
        let rest = git.strip_prefix("https://").or_else(|| {
            git.strip_prefix("git@")
                .map(|r| r.strip_prefix("github.com:").or(r.strip_prefix("gitlab.com:")).unwrap_or(r))
        })?;
        let rest = rest.trim_end_matches('/').trim_end_matches(".git");
        let (host, path) = if git.starts_with("git@") {
            (if git.contains("gitlab.com") { "gitlab.com" } else { "github.com" }, rest)
        } else {
            rest.split_once('/')?
        };
        (matches!(host, "github.com" | "gitlab.com") && path.split('/').count() >= 2)
            .then(|| format!("https://{host}/{path}"))
    }

    pub(super) fn validate(&self) -> Result<(), (&'static str, String)> {
        let what = format!("source mounted at {:?}", self.mount);
        match (&self.git, &self.path) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(("sources.git", format!("{what}: give exactly one of `git` or `path`")));
            }
            (Some(url), None) => {
                // Never let a URL or ref be read by git as an option or as a
                // transport that runs commands.
                if url.starts_with('-')
                    || url.contains("::")
                    || url.trim().is_empty()
                    || url.contains(char::is_whitespace)
                {
                    return Err(("sources.git", format!("{what}: {url:?} is not a clone URL")));
                }
            }
            (None, Some(_)) => {
                if self.reference.is_some() {
                    return Err(("sources.ref", format!("{what}: `ref` needs a `git` source")));
                }
            }
        }
        if let Some(r) = &self.reference
            && (r.starts_with('-')
                || r.is_empty()
                || r.contains(['\\', ' ', '~', '^', ':', '?', '*', '['])
                || r.contains(".."))
        {
            return Err(("sources.ref", format!("{what}: {r:?} is not a branch, tag or commit name")));
        }
        let safe = |p: &str| p.split('/').all(|s| !s.is_empty() && s != "." && s != ".." && !s.contains(['\\', '\0']));
        if self.mount_path().is_empty() || !safe(self.mount_path()) {
            return Err(("sources.mount", format!("{what}: `mount` must be a path inside the site, like \"apps\"")));
        }
        let dir = self.dir.trim_matches('/');
        if !dir.is_empty() && !safe(dir) {
            return Err((
                "sources.dir",
                format!("{what}: `dir` must be a folder inside the source, got {:?}", self.dir),
            ));
        }
        for globs in [&self.include, &self.exclude] {
            crate::util::globs::Globs::new(globs, false).map_err(|e| ("sources.include", format!("{what}: {e}")))?;
        }
        Ok(())
    }
}
