//! Between config and load, sources: every `[[sources]]` entry resolved to
//! a directory on disk — a local folder, or a git repository fetched into
//! `.opsite-cache/sources/` — with what links and edit buttons need to know
//! about its repository.

mod git;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow};

use crate::config::{Config, SourceConfig};
use crate::report::Diagnostic;
use crate::util::globs::Globs;

/// A source ready to be read.
#[derive(Debug, Clone)]
pub struct Source {
    /// URL prefix in the site, without slashes (`apps`).
    pub mount: String,
    /// The directory to read (the checkout or folder, joined with `dir`).
    pub root: PathBuf,
    /// How messages name that directory (`.opsite-cache/sources/apps/docs`).
    pub display: PathBuf,
    /// `dir`: the folder's path inside its repository (`""` or `docs`).
    pub dir: String,
    /// What identifies the repository, so two mounts of one repository
    /// can link to each other by repository path.
    pub repo_key: String,
    /// The repository's web address, for links that leave `dir`.
    pub web: Option<String>,
    /// The ref used in web URLs (branch, tag or commit).
    pub web_ref: String,
    /// The commit read (git sources).
    pub commit: Option<String>,
    /// Whether it was downloaded by this build (false: the cache was current).
    pub fetched: bool,
    /// "Edit this page" base; the file's repository path is appended.
    pub edit_base: Option<String>,
    /// Every file of the repository at that ref (for links that leave `dir`).
    pub repo_files: Arc<HashSet<String>>,
    /// The checkout or folder root, for `git log` dates.
    pub checkout: PathBuf,
    /// Globs of files to take (none: all).
    pub include: Globs,
    /// Globs of files to leave out.
    pub exclude: Globs,
    /// Broken links in its pages are warnings.
    pub warn_links: bool,
    /// Raw HTML in its pages is kept (`trusted`, the default).
    pub trusted: bool,
    /// Its own `unknown_frontmatter` (`None`: the site's).
    pub unknown_frontmatter_warns: Option<bool>,
}

impl Source {
    /// Whether a file at `rel` (relative to `root`) is taken.
    pub fn takes(&self, rel: &str) -> bool {
        (self.include.is_empty() || self.include.is_match(rel)) && !self.exclude.is_match(rel)
    }

    /// Why content path `content` (under this mount) is not in the site when
    /// the file is in the source but its patterns leave it out: "exclude
    /// pattern `drafts/**`" or "include patterns (`a.md`, `b/*`)".
    pub fn left_out_by(&self, content: &str) -> Option<String> {
        let rel = if content == self.mount { "" } else { content.strip_prefix(&self.mount)?.strip_prefix('/')? };
        let repo = self.repo_path(content)?;
        if !(self.repo_files.contains(&repo) || self.checkout.join(&repo).is_file()) {
            return None;
        }
        if let Some(p) = self.exclude.first_match(rel) {
            return Some(format!("exclude pattern `{p}`"));
        }
        let included = self.include.is_empty() || self.include.is_match(rel);
        (!included).then(|| {
            let list: Vec<String> = self.include.texts().iter().map(|p| format!("`{p}`")).collect();
            format!("include patterns ({})", list.join(", "))
        })
    }

    /// The web URL of a repository path: `blob` for files, `tree` for folders.
    pub fn web_url(&self, repo_path: &str, is_dir: bool) -> Option<String> {
        let web = self.web.as_ref()?;
        let kind = if is_dir { "tree" } else { "blob" };
        Some(format!("{}{}", web_page(web, kind, &self.web_ref), crate::util::url::encode_path(repo_path)))
    }

    /// The repository path of content path `content` of this mount
    /// (`apps/odh/README.md` → `docs/content/odh/README.md`).
    pub fn repo_path(&self, content: &str) -> Option<String> {
        let rest = if content == self.mount { "" } else { content.strip_prefix(&self.mount)?.strip_prefix('/')? };
        Some(join(&self.dir, rest))
    }

    /// The content path of repository path `repo`, when this mount holds it:
    /// the inverse of [`Source::repo_path`].
    pub fn content_path(&self, repo: &str) -> Option<String> {
        let rest = if self.dir.is_empty() {
            repo
        } else if repo == self.dir {
            ""
        } else {
            repo.strip_prefix(&self.dir)?.strip_prefix('/')?
        };
        Some(join(&self.mount, rest))
    }

    /// Whether the repository has a file (`Some(false)`), a folder
    /// (`Some(true)`) or nothing at `repo_path`.
    pub fn repo_entry(&self, repo_path: &str) -> Option<bool> {
        let p = repo_path.trim_end_matches('/');
        if p.is_empty() {
            return Some(true);
        }
        if self.repo_files.contains(p) {
            return Some(false);
        }
        let prefix = format!("{p}/");
        self.repo_files.iter().any(|f| f.starts_with(&prefix)).then_some(true)
    }
}

/// A source, and why its cache was used without checking for updates.
type Resolved = (Source, Option<String>);

/// `a/b` from `a` and `b`, either of which may be empty.
fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

/// `…/<kind>/<ref>/` of a repository's web address: GitHub's
/// `/blob/main/`, GitLab's `/-/blob/main/` (likewise `tree` and `edit`).
fn web_page(web: &str, kind: &str, reference: &str) -> String {
    let sep = if web.contains("gitlab") { "/-/" } else { "/" };
    format!("{web}{sep}{kind}/{reference}/")
}

/// Every source of a site, and what went wrong with optional ones.
#[derive(Debug, Default)]
pub(crate) struct Sources {
    /// Sources that could be read, in config order.
    pub list: Vec<Source>,
    /// Optional sources that were left out, and stale caches used.
    pub warnings: Vec<Diagnostic>,
    /// The mounts of optional sources that were left out: navigation that
    /// names their pages skips them (the warning above says why).
    pub absent: Vec<String>,
}

/// Resolves every `[[sources]]` entry, git ones in parallel.
pub(crate) fn resolve(root: &Path, config: &Config, cache: &Path, offline: bool) -> Result<Sources> {
    let results: Vec<(usize, Result<Resolved>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = config
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                // The cache folder is named after the mount, so messages
                // name files the same way on every machine.
                let mut key = s.mount_path().replace('/', "-");
                if config.sources[..i].iter().any(|o| o.mount_path() == s.mount_path()) {
                    key = format!("{key}-{i}");
                }
                scope.spawn(move || (i, resolve_one(root, s, cache, &key, offline)))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| (usize::MAX, Err(anyhow!("fetch panicked"))))).collect()
    });
    let mut out = Sources::default();
    let mut errors = Vec::new();
    for (i, r) in results {
        let cfg = config.sources.get(i);
        let name = cfg.map(|c| format!("source {:?} ({})", c.mount, c.location())).unwrap_or_default();
        match r {
            Ok((source, stale)) => {
                if let Some(why) = stale {
                    out.warnings.push(Diagnostic::new(
                        crate::config::CONFIG_FILE,
                        0,
                        0,
                        format!("{name}: could not check for updates ({why}); building the cached copy"),
                    ));
                }
                out.list.push(source);
            }
            Err(e) if cfg.is_some_and(|c| c.optional) => {
                out.absent.extend(cfg.map(|c| c.mount.trim_matches('/').to_string()));
                out.warnings.push(
                    Diagnostic::new(crate::config::CONFIG_FILE, 0, 0, format!("{name} left out: {e:#}"))
                        .hint(Some("it is optional; the rest of the site builds without it".into())),
                );
            }
            Err(e) => errors.push(
                Diagnostic::new(crate::config::CONFIG_FILE, 0, 0, format!("{name}: {e:#}")).hint(Some(
                    "check the URL and ref, build with --offline to use a cached copy, or mark the source `optional = true`"
                        .into(),
                )),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(crate::report::BuildFailed::new(errors).into());
    }
    for s in &out.list {
        let at = s.commit.as_deref().map(|c| format!(" at {}", &c[..c.len().min(10)])).unwrap_or_default();
        let how = if s.commit.is_none() {
            ""
        } else if s.fetched {
            " (fetched)"
        } else {
            " (cached)"
        };
        crate::report::verbose(&format!("source: /{}/ from {}{at}{how}", s.mount, s.display.display()));
    }
    Ok(out)
}

/// The folder `path` sources must stay in: the git repository holding the
/// site root (found by its `.git`), else the site root.
fn allowed_root(root: &Path) -> PathBuf {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    root.ancestors().find(|a| a.join(".git").exists()).map(Path::to_path_buf).unwrap_or(root)
}

fn resolve_one(root: &Path, s: &SourceConfig, cache: &Path, key: &str, offline: bool) -> Result<Resolved> {
    let dir = s.dir.trim_matches('/').to_string();
    // Checked when book.toml was read: a bad one cannot get here.
    let patterns = |globs: &[String]| Globs::new(globs, false).unwrap_or_default();
    let web = s.web();
    let (checkout, display_base, web_ref, files, fetched, stale, repo_key, commit) = if let Some(url) = &s.git {
        let target = cache.join("sources").join(key);
        let c = git::fetch(url, s.reference.as_deref(), &dir, &target, offline)?;
        let display = PathBuf::from(crate::config::CACHE_DIR).join("sources").join(key);
        let key = url.trim_end_matches('/').trim_end_matches(".git").to_string();
        (c.dir, display, c.web_ref, c.files, c.fetched, c.stale, key, Some(c.commit))
    } else {
        let path = s.path.as_deref().unwrap_or_default();
        let abs = std::fs::canonicalize(root.join(path)).map_err(|e| anyhow!("{path}: {e}"))?;
        if !abs.is_dir() {
            return Err(anyhow!("{path} is not a directory"));
        }
        // Only folders of the repository that holds the site (or of the site,
        // outside any repository): a `path` must not publish the machine.
        let allowed = allowed_root(root);
        if !abs.starts_with(&allowed) {
            return Err(anyhow!(
                "{path} is outside {} (the site's repository); use a `git` source for another repository",
                allowed.display()
            ));
        }
        let files: HashSet<String> = walkdir::WalkDir::new(&abs)
            .follow_links(false)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter_map(|e| e.path().strip_prefix(&abs).ok().and_then(|p| p.to_str()).map(|p| p.replace('\\', "/")))
            .collect();
        let key = abs.display().to_string();
        (abs, PathBuf::from(path), "HEAD".to_string(), files, false, None, key, None)
    };
    let root_dir = if dir.is_empty() { checkout.clone() } else { checkout.join(&dir) };
    if !root_dir.is_dir() {
        return Err(anyhow!("has no folder {dir:?}"));
    }
    let edit_base = s
        .edit_url
        .clone()
        .map(|e| format!("{}/", e.trim_end_matches('/')))
        .or_else(|| web.as_ref().map(|w| web_page(w, "edit", &web_ref)));
    let display = if dir.is_empty() { display_base } else { display_base.join(&dir) };
    Ok((
        Source {
            mount: s.mount_path().to_string(),
            root: root_dir,
            display,
            dir,
            repo_key,
            web,
            web_ref,
            commit,
            fetched,
            edit_base,
            repo_files: Arc::new(files),
            checkout,
            include: patterns(&s.include),
            exclude: patterns(&s.exclude),
            warn_links: s.broken_links == crate::config::Severity::Warn,
            trusted: s.trusted,
            // A tree the site does not own (`broken_links = "warn"`) only
            // warns about another tool's keys too, unless it says otherwise.
            unknown_frontmatter_warns: s
                .unknown_frontmatter
                .map(|u| u == crate::config::Severity::Warn)
                .or((s.broken_links == crate::config::Severity::Warn).then_some(true)),
        },
        stale,
    ))
}

/// `YYYY-MM-DD` per file of a source's repository, keyed by repository path.
pub(crate) fn dates(source: &Source) -> std::collections::HashMap<String, String> {
    git::dates(&source.checkout)
}
