//! Which folders `serve` watches, and what a batch of changed paths needs.

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{Action, Server, watch};

impl Server {
    /// Decides what a batch of changed paths needs; the biggest need wins.
    pub(super) fn classify(&self, paths: &BTreeSet<PathBuf>) -> Action {
        let Some(site) = &self.site else {
            return Action::Reload;
        };
        let theme = &site.config().site.theme;
        let root = &self.opts.root;
        let mut action = Action::Nothing;
        let mut css_only = true;
        let mut docs = BTreeSet::new();
        let mut content_changed = false;
        let mut config_changed = false;
        // Compiled once per batch of events, not once per path.
        let rules = site.config().data_globs();
        let rule_globs = crate::util::globs::Globs::new(&rules, true).unwrap_or_default();
        for rel in paths {
            let exists = root.join(rel).exists();
            let is_dir = root.join(rel).is_dir();
            let s = rel.to_string_lossy().replace('\\', "/");
            let in_content = self.content_key(rel);
            let rule_file = rule_globs.is_match(&s);
            let nav_file = site.config().build.nav.as_deref().is_some_and(|n| n.trim_start_matches("./") == s);
            let needed = if crate::config::is_config_file(&s) {
                config_changed = true;
                // mkdocs.yml is settings and the navigation at once.
                content_changed |= nav_file;
                continue;
            } else if nav_file {
                content_changed = true;
                Action::Restructure
            } else if self.dirs.contains(&s) {
                // A whole watched folder appeared or vanished.
                Action::Reload
            } else if rule_file {
                // Runbooks, the index and incidents follow the rules, and
                // the SLO pages their specs.
                content_changed = true;
                Action::Restructure
            } else if let Some(c) = in_content.as_deref() {
                content_changed = true;
                if is_dir {
                    // New or removed directories matter only through their files.
                    continue;
                }
                match (site.loaded().doc_by_source(c), site.loaded().has_asset(c), exists) {
                    (Some(id), _, true) => {
                        docs.insert(id);
                        Action::Docs(BTreeSet::new())
                    }
                    (None, true, true) => {
                        css_only = false;
                        Action::Static { css: false }
                    }
                    // A folder moved away (one event names only the folder).
                    (None, false, false) if site.loaded().section_by_dir(c).is_some() => Action::Restructure,
                    (None, false, false)
                        if site.loaded().assets().iter().any(|a| a.src.rel().starts_with(&format!("{c}/"))) =>
                    {
                        Action::Restructure
                    }
                    (None, false, false) => continue, // a temp file that came and went
                    _ => Action::Restructure,
                }
            } else if s.starts_with("templates/") || s.starts_with(&format!("themes/{theme}/templates/")) {
                Action::Theme
            } else if s.starts_with(&format!("themes/{theme}/strings")) && s.ends_with(".toml") {
                // The chrome's words (`strings.toml`, `strings.de.toml`).
                Action::Theme
            } else if s.starts_with("static/") || s.starts_with(&format!("themes/{theme}/static/")) {
                if is_dir {
                    continue;
                }
                // Known means the current output already serves this file from
                // disk: new bytes need no rebuild. New or deleted files change
                // the set of static files (and what links may point at).
                let output_path = s.split_once("static/").map(|(_, p)| p).unwrap_or_default();
                if exists && site.pages().serves_static(output_path, &root.join(rel)) {
                    css_only &= s.ends_with(".css");
                    Action::Static { css: true }
                } else {
                    Action::Theme
                }
            } else {
                continue;
            };
            action = action.max(needed);
        }
        match action {
            // `book.toml` alone is weighed by what its settings changed;
            // with other files (or a navigation), everything is loaded again.
            Action::Nothing if config_changed && !content_changed => Action::Config,
            _ if config_changed => Action::Reload,
            // Re-rendering for the theme would not read the content again.
            Action::Theme if content_changed => Action::Reload,
            Action::Docs(_) => Action::Docs(docs),
            Action::Static { .. } => Action::Static { css: css_only },
            other => other,
        }
    }

    /// Whether the folders hold a content file the site does not have yet
    /// (one that landed where no watch saw it).
    pub(super) fn has_unknown_files(&self, dirs: &[PathBuf]) -> bool {
        let Some(site) = &self.site else { return false };
        let root = &self.opts.root;
        dirs.iter().any(|d| {
            walkdir::WalkDir::new(root.join(d)).follow_links(false).into_iter().flatten().any(|e| {
                if !e.file_type().is_file() {
                    return false;
                }
                let path = e.path().strip_prefix(root).unwrap_or(e.path());
                let Some(c) = self.content_key(path) else { return false };
                let c = c.as_str();
                let ignored = c.split('/').any(crate::load::is_ignored_name);
                !ignored && site.loaded().doc_by_source(c).is_none() && !site.loaded().has_asset(c)
            })
        })
    }

    /// Watches the folders the current settings read (`serve`'s loop
    /// passes them to the watcher): the site's own and its local sources'
    /// (a `git` source is a checkout in the cache that `serve` never moves).
    pub(super) fn follow_config_dirs(&mut self) {
        if let Some(site) = &self.site {
            let c = site.config();
            self.dirs = watch::source_dirs(&self.opts.root, &c.build.content, &c.build.output, &c.data_globs());
            let local = site.loaded().mounts().iter().filter(|m| m.commit.is_none());
            self.local_sources = local.map(|m| (m.root.clone(), m.mount.clone())).collect();
        }
    }

    /// With docs at the root, the top-level folders that hold no sources
    /// (what opsite writes, other tools' folders); `None` otherwise.
    pub(super) fn root_skip(&self) -> Option<Vec<String>> {
        let build = &self.site.as_ref()?.config().build;
        let content = build.content.trim_matches('/');
        let at_root = content.is_empty() || content == ".";
        at_root
            .then(|| std::iter::once(build.output.as_str()).chain(crate::config::TOOL_DIRS).map(String::from).collect())
    }

    pub(super) fn source_folders(&self) -> Vec<PathBuf> {
        self.local_sources.iter().map(|(root, _)| root.clone()).collect()
    }

    /// The content path (`users/a.md`, `apps/x.md` in a mount) of a
    /// changed path: relative to the root, or absolute in a local source.
    pub(super) fn content_key(&self, path: &std::path::Path) -> Option<String> {
        for (root, mount) in &self.local_sources {
            if let Ok(rel) = path.strip_prefix(root) {
                return Some(crate::util::url::under(mount, &rel.to_string_lossy().replace('\\', "/")));
            }
        }
        let build = &self.site.as_ref()?.config().build;
        let path = path.to_string_lossy().replace('\\', "/");
        let key = content_path(&build.content, &path)?;
        // Under `[build] mount` the content's paths start with it.
        Some(crate::util::url::under(build.mount.trim_matches('/'), key))
    }
}

/// The content path of a root-relative path (`content/users/a.md` →
/// `users/a.md`), when it lies in the content folder `content` (`.`: the
/// root, less the theme folders).
fn content_path<'p>(content: &str, rel: &'p str) -> Option<&'p str> {
    let content = content.trim_matches('/');
    if content.is_empty() || content == "." {
        let theme = crate::config::THEME_DIRS.iter().any(|d| rel.starts_with(&format!("{d}/")));
        (!theme).then_some(rel)
    } else {
        rel.strip_prefix(content)?.strip_prefix('/')
    }
}
