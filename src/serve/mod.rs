//! `opsite serve`: preview from memory with instant, incremental live reload.
//!
//! The site is built into memory and served by tiny_http; a notify watcher
//! feeds edits to [`Site`], which re-renders only the pages an edit touches.
//! Tabs are told to reload over Server-Sent Events only after the new pages
//! are in the store, so a reload never sees a half-written site.

pub mod http;
mod moves;
mod reload;
mod restructure;
mod store;
mod watch;

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::config::{BuildOptions, load_config};
use crate::load::DocId;
use crate::report::{BuildFailed, Diagnostic, status, warning, warning_text};
use crate::site::{Site, Update};
use crate::write::{OutData, OutFile};
use reload::{Hub, event};
use store::Store;

/// Options of `opsite serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Site root.
    pub root: PathBuf,
    /// Address to bind (127.0.0.1 unless asked otherwise).
    pub bind: String,
    /// Port; `None`: 1111, or the next free one.
    pub port: Option<u16>,
    /// Overrides `site.base_url` (its path becomes the served base path).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Open a browser once serving.
    pub open: bool,
    /// GitHub issues from the cache only.
    pub offline: bool,
    /// Quiet time that ends a burst of file events.
    pub debounce: Duration,
    /// Poll for changes instead of asking the OS to report them.
    pub poll: bool,
}

/// What a batch of changed files requires.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Action {
    /// Nothing the site is built from changed (a folder alone, a temp file).
    Nothing,
    /// A static file's bytes changed: reload (or, for CSS, restyle) only.
    Static { css: bool },
    /// These documents' text changed.
    Docs(BTreeSet<DocId>),
    /// Files appeared, vanished or moved, a page's URL changed, or rule
    /// files changed: load again, reusing what did not change.
    Restructure,
    /// Templates or theme files changed: re-render every page.
    Theme,
    /// `book.toml` alone was saved: what its new settings need (possibly
    /// nothing).
    Config,
    /// A watched folder appeared or vanished (or the theme and content
    /// changed at once): load everything from scratch.
    Reload,
}

struct Server {
    opts: BuildOptions,
    site: Option<Site>,
    store: Arc<Store>,
    hub: Arc<Hub>,
    /// Something changed while the build was broken: publish everything
    /// once it is fixed.
    stale: bool,
    /// The top-level folders watched.
    dirs: Vec<String>,
    /// Local `[[sources]]`: each folder read (absolute) and its mount.
    local_sources: Vec<(PathBuf, String)>,
    /// Pages changed since the site-wide files were last made.
    derived_stale: bool,
}

/// Runs the preview server until Ctrl-C.
pub fn serve(mut opts: ServeOptions) -> Result<()> {
    // Watch events carry absolute paths; compare them with an absolute root.
    opts.root =
        std::fs::canonicalize(&opts.root).map_err(|e| anyhow::anyhow!("site root {}: {e}", opts.root.display()))?;
    let build = BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        cache: true,
        offline: opts.offline,
        ..Default::default()
    };
    let config = load_config(&BuildOptions { base_url: opts.base_url.clone(), ..build.clone() })?;
    let base_path = config.base_path();
    let (server, addr) = bind(&opts.bind, opts.port)?;
    if opts.bind != "127.0.0.1" && opts.bind != "localhost" && opts.bind != "::1" {
        warning_text(&format!("serving on {} makes the preview reachable from other machines", opts.bind));
    }
    let local = format!("http://{addr}{base_path}");
    let server_id =
        format!("{:x}", xxhash_rust::xxh3::xxh3_64(format!("{:?}{}", Instant::now(), std::process::id()).as_bytes()));
    let live_tag = format!(
        "<script src=\"{base_path}__opsite/live.js\" data-server=\"{server_id}\" data-base=\"{base_path}\" defer></script>"
    );
    let mut state = Server {
        opts: BuildOptions { base_url: Some(local.clone()), ..build },
        site: None,
        store: Arc::new(Store::new(live_tag)),
        hub: Arc::new(Hub::default()),
        stale: false,
        derived_stale: false,
        dirs: watch::source_dirs(&opts.root, &config.build.content, &config.build.output, &config.runbooks.rules),
        local_sources: Vec::new(),
    };
    // Watch before the first build, so no edit falls between the two.
    let mut watcher = watch::Watcher::start(&opts.root, state.dirs.clone(), opts.poll)?;
    let start = Instant::now();
    state.reload();
    watcher.set_dirs(&state.dirs, &state.source_folders());
    if let Some(site) = &mut state.site {
        status(&format!("built in {:.0?}", start.elapsed()));
        site.keep_keys();
    }
    // GitHub was asked once; later reloads (a page added, a config edit)
    // reuse that answer from the cache instead of waiting on the network.
    state.opts.offline = true;

    let ctx = Arc::new(http::Ctx {
        store: state.store.clone(),
        hub: state.hub.clone(),
        base_path: base_path.clone(),
        server_id,
    });
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, ctx) = (server.clone(), ctx.clone());
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                http::handle(req, &ctx);
            }
        });
    }
    ctrlc::set_handler(|| {
        crate::report::eprintln_quiet("\nstopped");
        std::process::exit(0);
    })?;
    status(&format!("serving {local} (Ctrl-C to stop)"));
    if opts.open {
        open_browser(&local);
    }

    // Files derived from the whole site (sitemap, runbooks.json, the search
    // index) are brought up to date once edits pause for a second, off the
    // path from a save to the page on screen (the index takes about 100 ms
    // at 10,000 pages; a save that lands meanwhile waits for it).
    let idle = Duration::from_secs(1);
    while let Some(batch) = watcher.next_batch(opts.debounce, state.derived_stale.then_some(idle)) {
        // Events that name nothing the site is built from (the cache being
        // saved, a temp file) are not a pause: only a quiet second is.
        let Some(paths) = batch else {
            state.refresh_derived();
            continue;
        };
        if paths.is_empty() {
            continue;
        }
        watcher.add_new_dirs();
        let began = Instant::now();
        let action = state.classify(&paths);
        let mut what = state.apply(action);
        let new_dirs = watcher.take_new_dirs();
        if !new_dirs.is_empty() && state.has_unknown_files(&new_dirs) {
            what = state.apply(Action::Restructure);
        }
        if let Some(what) = what {
            status(&format!("{what} in {:.1?}", began.elapsed()));
        }
        watcher.set_dirs(&state.dirs, &state.source_folders());
        if let Some(site) = &mut state.site {
            site.save_caches();
            site.keep_keys();
        }
    }
    Ok(())
}

fn bind(host: &str, port: Option<u16>) -> Result<(tiny_http::Server, SocketAddr)> {
    let ports: Vec<u16> = match port {
        Some(p) => vec![p],
        None => (1111..1131).collect(),
    };
    let mut last_err = None;
    for p in ports {
        match tiny_http::Server::http(format!("{host}:{p}")) {
            Ok(s) => {
                let addr = s.server_addr().to_ip().ok_or_else(|| anyhow::anyhow!("not an IP listener"))?;
                if port.is_none() && p != 1111 {
                    warning_text(&format!("port 1111 is taken; using {p}"));
                }
                return Ok((s, addr));
            }
            Err(e) => last_err = Some(e),
        }
    }
    match port {
        Some(p) => bail!(
            "cannot listen on {host}:{p}: {}; is another server running there? Pick another with --port",
            last_err.map(|e| e.to_string()).unwrap_or_default()
        ),
        None => {
            bail!("cannot listen on {host}: ports 1111-1130 are all taken; pick one with --port")
        }
    }
}

impl Server {
    /// Decides what a batch of changed paths needs; the biggest need wins.
    fn classify(&self, paths: &BTreeSet<PathBuf>) -> Action {
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
        for rel in paths {
            let exists = root.join(rel).exists();
            let is_dir = root.join(rel).is_dir();
            let s = rel.to_string_lossy().replace('\\', "/");
            let in_content = self.content_key(rel);
            let rule_file = site.config().runbooks.rules.iter().any(|g| {
                let opts = glob::MatchOptions { require_literal_separator: true, ..Default::default() };
                glob::Pattern::new(g.trim_start_matches("./")).is_ok_and(|p| p.matches_with(&s, opts))
            });
            let needed = if s == crate::config::CONFIG_FILE {
                config_changed = true;
                continue;
            } else if self.dirs.contains(&s) {
                // A whole watched folder appeared or vanished.
                Action::Reload
            } else if rule_file {
                // Runbooks, the index and incidents follow the rules.
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
                        if site.loaded().assets().iter().any(|a| a.source.starts_with(&format!("{c}/"))) =>
                    {
                        Action::Restructure
                    }
                    (None, false, false) => continue, // a temp file that came and went
                    _ => Action::Restructure,
                }
            } else if s.starts_with("templates/") || s.starts_with(&format!("themes/{theme}/templates/")) {
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
            // with other files, everything is loaded again.
            Action::Nothing if config_changed => Action::Config,
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
    fn has_unknown_files(&self, dirs: &[PathBuf]) -> bool {
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

    /// Applies an action; returns a one-line summary for the terminal.
    fn apply(&mut self, action: Action) -> Option<String> {
        match action {
            Action::Nothing => None,
            Action::Static { css } => {
                if self.store.errors().is_some() {
                    return None;
                }
                self.hub.broadcast(&if css { event("css", "") } else { event("reload", "[\"*\"]") });
                Some("static file changed".into())
            }
            Action::Restructure => self.restructure(&[]),
            Action::Config => self.reconfigure(),
            Action::Reload => {
                self.reload();
                self.site.as_ref().map(|s| format!("rebuilt all {} pages", s.loaded().doc_count()))
            }
            Action::Theme => self.retheme(),
            Action::Docs(ids) => self.update_docs(ids),
        }
    }

    /// Templates or theme files changed: renders the pages that use what
    /// changed (every page when a static file or shared part did).
    fn retheme(&mut self) -> Option<String> {
        let Some(site) = self.site.as_mut() else {
            return self.apply(Action::Reload);
        };
        let scoped = match site.reload_theme() {
            Ok(scoped) => scoped,
            Err(e) => return self.fail(e),
        };
        let n = site.loaded().doc_count();
        let Some(ids) = scoped.filter(|_| !self.stale && site.errors().is_empty()) else {
            return self.publish_everything(format!("re-rendered all {n} pages"));
        };
        // Done changing the site: read it alongside the server.
        let Some(site) = &self.site else { return None };
        // Pages opsite makes (404, tags, incidents) use templates too.
        let published = site.pages().generated_files(site.config(), &site.inputs()).and_then(|generated| {
            let made: Vec<String> = generated.iter().map(|f| f.path.clone()).collect();
            self.publish_pages(site, &ids, generated, &made)
        });
        match published {
            Ok(()) => Some(format!("re-rendered {} of {n} pages (the ones using the changed templates)", ids.len())),
            Err(e) => self.fail(e),
        }
    }

    /// Renders `ids` and publishes them with `extra` files, then tells open
    /// tabs: these pages, and the pages among `announce` (output paths).
    fn publish_pages(&self, site: &Site, ids: &[DocId], extra: Vec<OutFile>, announce: &[String]) -> Result<()> {
        let inputs = site.inputs();
        let files = site.pages().render_pages(&inputs, ids)?;
        let base = site.config().base_path();
        let mut urls: Vec<String> = ids.iter().map(|&d| inputs.url(d)).collect();
        urls.extend(announce.iter().filter_map(|p| p.strip_suffix("index.html")).map(|p| format!("{base}{p}")));
        self.store.update(files.into_iter().chain(extra).collect());
        self.store.set_errors(None);
        self.hub.broadcast(&event("build-ok", ""));
        if !urls.is_empty() {
            self.hub.broadcast(&event("reload", &serde_json::to_string(&urls).unwrap_or_default()));
        }
        Ok(())
    }

    /// Renders and publishes every page; `summary` is the terminal's line.
    fn publish_everything(&mut self, summary: String) -> Option<String> {
        let Some(site) = &self.site else { return self.apply(Action::Reload) };
        match render_everything(site) {
            Ok(files) => {
                self.publish_all(files);
                Some(summary)
            }
            Err(e) => self.fail(e),
        }
    }

    fn update_docs(&mut self, ids: BTreeSet<DocId>) -> Option<String> {
        let Some(site) = self.site.as_mut() else {
            return self.apply(Action::Reload);
        };
        let mut pages = BTreeSet::new();
        let mut read: Vec<String> = Vec::new();
        for id in ids {
            read.push(site.loaded().doc(id).output_file());
            match site.update_doc(id) {
                Ok(Update::Pages(p)) => pages.extend(p),
                // The documents already read again keep their new text but
                // must still be rendered.
                Ok(Update::Reload) => return self.restructure(&read),
                Err(e) => {
                    self.stale = true;
                    return self.fail(e);
                }
            }
        }
        print_warnings(&site.warnings());
        if !site.errors().is_empty() {
            self.stale = true;
            let failed = BuildFailed::new(site.errors().to_vec());
            return self.fail(failed.into());
        }
        if self.stale {
            return self.publish_everything("rebuilt all pages".into());
        }
        let ids: Vec<DocId> = pages.into_iter().collect();
        // Done changing the site: read it alongside the server.
        let Some(site) = &self.site else { return None };
        match self.publish_pages(site, &ids, site.pages().code_css_files(), &[]) {
            Ok(()) => {
                self.derived_stale = true;
                Some(format!("re-rendered {} page{}", ids.len(), if ids.len() == 1 { "" } else { "s" }))
            }
            Err(e) => self.fail(e),
        }
    }

    /// Brings the sitemap, runbooks.json, the incidents page and the search
    /// index up to date with single-page edits (only the search files that
    /// changed are replaced).
    fn refresh_derived(&mut self) {
        self.derived_stale = false;
        let Some(site) = &self.site else { return };
        let inputs = site.inputs();
        if let Ok(files) = site.pages().generated_files(site.config(), &inputs) {
            self.store.update(files.into_iter().filter(|f| matches!(f.data, OutData::Bytes(_))).collect());
        }
        self.store.sync_dir("search/", site.pages().search_files(site.config(), &inputs));
    }

    /// Watches the folders the current settings read (`serve`'s loop
    /// passes them to the watcher): the site's own and its local sources'
    /// (a `git` source is a checkout in the cache that `serve` never moves).
    fn follow_config_dirs(&mut self) {
        if let Some(site) = &self.site {
            let c = site.config();
            self.dirs = watch::source_dirs(&self.opts.root, &c.build.content, &c.build.output, &c.runbooks.rules);
            let local = site.loaded().mounts().iter().filter(|m| m.commit.is_none());
            self.local_sources = local.map(|m| (m.root.clone(), m.mount.clone())).collect();
        }
    }

    fn source_folders(&self) -> Vec<PathBuf> {
        self.local_sources.iter().map(|(root, _)| root.clone()).collect()
    }

    /// The content path (`users/a.md`, `apps/x.md` in a mount) of a
    /// changed path: relative to the root, or absolute in a local source.
    fn content_key(&self, path: &std::path::Path) -> Option<String> {
        for (root, mount) in &self.local_sources {
            if let Ok(rel) = path.strip_prefix(root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                return Some(match (mount.is_empty(), rel.is_empty()) {
                    (_, true) => mount.clone(),
                    (true, false) => rel,
                    (false, false) => format!("{mount}/{rel}"),
                });
            }
        }
        let content = &self.site.as_ref()?.config().build.content;
        content_path(content, &path.to_string_lossy().replace('\\', "/")).map(str::to_string)
    }

    /// Loads the whole site again and publishes it.
    fn reload(&mut self) {
        let result = Site::load(&self.opts).and_then(|site| {
            print_warnings(&site.warnings());
            let errors = site.errors().to_vec();
            let files = if errors.is_empty() { Some(site.render_all()?) } else { None };
            Ok((site, errors, files))
        });
        match result {
            Ok((site, errors, files)) => {
                let moved = match &self.site {
                    Some(old) => moves::moves(&moves::url_titles(old), &moves::url_titles(&site)),
                    None => Vec::new(),
                };
                if !moved.is_empty() {
                    // Before the reload event: open tabs of a moved page follow it.
                    self.hub.broadcast(&event("moved", &serde_json::to_string(&moved).unwrap_or_default()));
                }
                self.site = Some(site);
                self.follow_config_dirs();
                match files {
                    Some(files) => self.publish_all(files),
                    None => {
                        self.stale = true;
                        self.fail(BuildFailed::new(errors).into());
                    }
                }
            }
            Err(e) => {
                self.fail(e);
            }
        }
    }

    fn publish_all(&mut self, files: Vec<crate::write::OutFile>) {
        self.store.replace_all(files);
        self.store.set_errors(None);
        self.stale = false;
        self.hub.broadcast(&event("build-ok", ""));
        self.hub.broadcast(&event("reload", "[\"*\"]"));
    }

    /// Reports a failed build in the terminal and in open tabs; the last
    /// good pages stay served.
    fn fail(&mut self, e: anyhow::Error) -> Option<String> {
        let lines: Vec<String> = match e.downcast_ref::<BuildFailed>() {
            Some(f) => f.errors.iter().map(Diagnostic::to_string).collect(),
            None => vec![format!("{e:#}")],
        };
        for l in &lines {
            crate::report::error(l);
        }
        self.store.set_errors(Some(lines.clone()));
        self.hub.broadcast(&event("build-error", &serde_json::to_string(&lines).unwrap_or_default()));
        None
    }
}

fn render_everything(site: &Site) -> Result<Vec<OutFile>> {
    if !site.errors().is_empty() {
        return Err(BuildFailed::new(site.errors().to_vec()).into());
    }
    site.render_all()
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

fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        warning(w);
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(cmd).arg(url).spawn().is_err() {
        warning_text(&format!("could not open a browser; visit {url}"));
    }
}
