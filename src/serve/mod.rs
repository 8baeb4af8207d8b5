//! `opsite serve`: preview from memory with instant, incremental live reload.
//!
//! The site is built into memory and served by tiny_http; a notify watcher
//! feeds edits to [`Site`], which re-renders only the pages an edit touches.
//! Tabs are told to reload over Server-Sent Events only after the new pages
//! are in the store, so a reload never sees a half-written site.

mod classify;
pub(crate) mod http;
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
use crate::render::outputs::{self, Change};
use crate::report::{BuildFailed, Diagnostic, status, warning_text};
use crate::site::{PageKeys, Site, Update};
use crate::write::OutFile;
use reload::{Hub, event};
use store::Store;

/// Options of `opsite serve`.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
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
    /// Broken links and anchors are warnings.
    pub warn_links: bool,
    /// Quiet time that ends a burst of file events.
    pub debounce: Duration,
    /// Poll for changes instead of asking the OS to report them.
    pub poll: bool,
    /// The caches' folder, when not under the root (a version exported
    /// from git shares the working tree's).
    pub cache_dir: Option<PathBuf>,
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
    /// What each page's output depended on when it was last rendered,
    /// kept between loads (`None`: not known, made when needed).
    keys: Option<PageKeys>,
    derived_stale: bool,
    /// Pages whose URL changed (old, new), announced once their new pages
    /// are served, so an open tab that follows one never lands on a 404.
    moves: std::cell::Cell<Vec<(String, String)>>,
    /// The absolute paths of the batch being handled.
    changed: Option<Vec<PathBuf>>,
    /// The site was loaded again from changed paths only: check it against
    /// the disk when edits pause.
    unverified: bool,
}

/// Runs the preview server until Ctrl-C.
pub(crate) fn serve(mut opts: ServeOptions) -> Result<()> {
    // Watch events carry absolute paths; compare them with an absolute root.
    opts.root =
        std::fs::canonicalize(&opts.root).map_err(|e| anyhow::anyhow!("site root {}: {e}", opts.root.display()))?;
    let build = BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        cache: true,
        offline: opts.offline,
        warn_links: opts.warn_links,
        cache_dir: opts.cache_dir.clone(),
        two_pass_above: None,
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
        keys: None,
        moves: Default::default(),
        dirs: watch::source_dirs(&opts.root, &config.build.content, &config.build.output, &config.data_globs()),
        local_sources: Vec::new(),
        changed: None,
        unverified: false,
    };
    // Watch before the first build, so no edit falls between the two.
    let mut watcher = watch::Watcher::start(&opts.root, state.dirs.clone(), opts.poll)?;
    let start = Instant::now();
    state.reload();
    state.follow_config_dirs();
    watcher.set_dirs(&state.dirs, &state.source_folders(), state.root_skip());
    if let Some(site) = &state.site {
        status(&format!("built in {:.0?}", start.elapsed()));
        state.keys = Some(PageKeys::of(site));
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
        stall_for_tests();
        let action = state.classify(&paths);
        state.changed = Some(paths.iter().map(|p| state.opts.root.join(p)).collect());
        let mut what = state.apply(action);
        let new_dirs = watcher.take_new_dirs();
        if !new_dirs.is_empty() && state.has_unknown_files(&new_dirs) {
            state.changed = Some(new_dirs.iter().map(|p| state.opts.root.join(p)).collect());
            what = state.apply(Action::Restructure);
        }
        state.changed = None;
        if let Some(what) = what {
            status(&format!("{what} in {:.1?}", began.elapsed()));
        }
        // The folders the settings read now (new ones after a `book.toml`
        // edit; a new top-level folder of docs at the root) are watched.
        state.follow_config_dirs();
        watcher.set_dirs(&state.dirs, &state.source_folders(), state.root_skip());
        // What every page depends on, noted off the path of the next edit.
        if let Some(site) = &state.site {
            site.save_caches();
            if state.keys.is_none() {
                state.keys = Some(PageKeys::of(site));
            }
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

/// Debug builds only: `OPSITE_TEST_STALL_MS` holds every rebuild up for
/// that long (and says so), so tests can see that requests and event
/// streams are answered from the last good pages meanwhile.
fn stall_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var("OPSITE_TEST_STALL_MS").ok().and_then(|v| v.parse::<u64>().ok()) {
        status("rebuild stalled for a test");
        std::thread::sleep(Duration::from_millis(ms));
    }
}

impl Server {
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
            self.keys = None;
            return self.publish_everything(format!("re-rendered all {n} pages"));
        };
        // Done changing the site: read it alongside the server.
        let Some(site) = &self.site else { return None };
        // Pages opsite makes (404, tags, incidents) use templates too.
        let published = outputs::stale(&site.outputs(), Change::Theme).and_then(|(generated, _)| {
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
        let files = site.render_pages(&inputs, ids)?;
        let base = site.config().base_path();
        let mut urls: Vec<String> = ids.iter().map(|&d| inputs.url(d)).collect();
        urls.extend(announce.iter().filter_map(|p| p.strip_suffix("index.html")).map(|p| format!("{base}{p}")));
        self.store.update(files.into_iter().chain(extra).collect());
        self.store.set_errors(None);
        self.announce_moves();
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
            match site.update_doc(id, &mut self.keys) {
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
        let code_css = outputs::stale(&site.outputs(), Change::CodeStyle).map(|(files, _)| files);
        match code_css.and_then(|css| self.publish_pages(site, &ids, css, &[])) {
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
        if std::mem::take(&mut self.unverified) && self.site.as_ref().is_some_and(Site::differs_from_disk) {
            // A file no event named: walk and state everything.
            if let Some(what) = self.restructure(&[]) {
                status(&format!("{what} (found files no event named)"));
            }
            self.derived_stale = false;
        }
        let Some(site) = &self.site else { return };
        let Ok((mut files, folders)) = outputs::stale(&site.outputs(), Change::Text) else { return };
        for folder in folders {
            let mine = files.extract_if(.., |f| f.path.starts_with(folder)).collect();
            self.store.sync_dir(folder, mine);
        }
        self.store.update(files);
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
                self.moves.set(moved);
                self.site = Some(site);
                self.keys = None;
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

    /// Tells open tabs of moved pages where their page went: after the new
    /// pages are served, before the reload event (which would show a tab
    /// on an old address a 404).
    fn announce_moves(&self) {
        let moved = self.moves.take();
        if !moved.is_empty() {
            self.hub.broadcast(&event("moved", &serde_json::to_string(&moved).unwrap_or_default()));
        }
    }

    fn publish_all(&mut self, files: Vec<crate::write::OutFile>) {
        self.store.replace_all(files);
        self.announce_moves();
        self.store.set_errors(None);
        self.stale = false;
        self.hub.broadcast(&event("build-ok", ""));
        self.hub.broadcast(&event("reload", "[\"*\"]"));
    }

    /// Reports a failed build in the terminal and in open tabs; the last
    /// good pages stay served.
    fn fail(&mut self, e: anyhow::Error) -> Option<String> {
        // The old pages stay served: nothing moved for a reader.
        self.moves.take();
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

fn print_warnings(warnings: &[Diagnostic]) {
    crate::report::warnings(warnings);
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
