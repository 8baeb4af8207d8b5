//! The build pipeline: config → content → markdown → render → output files.
//!
//! A [`Site`] holds every stage's result so `opsite serve` can redo only
//! what an edit touched; [`build`] runs the whole pipeline once for
//! `opsite build`; `opsite check` only reads the diagnostics.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{self, Content, DocId, DocKind, LoadOptions};
use crate::diagnostic::{BuildFailed, Diagnostic};
use crate::markdown::highlight::{self, Highlighter};
use crate::markdown::links::{Resolver, encode_path};
use crate::markdown::{self, MarkdownContext, Rendered};
use crate::output::{self, OutData, OutFile};
use crate::render::theme::StaticFile;
use crate::render::{PageInputs, Renderer, SiteContext, Theme};

/// Where the persistent caches live, under the site root.
pub const CACHE_DIR: &str = ".opsite-cache";

/// Files opsite writes besides pages, which links may point at.
const GENERATED: [&str; 6] =
    ["sitemap.xml", "robots.txt", "404.html", "syntax-light.css", "syntax-dark.css", ".nojekyll"];

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root (holds `book.toml`).
    pub root: PathBuf,
    /// Overrides `site.base_url`.
    pub base_url: Option<String>,
    /// Include drafts (also on when `[build] drafts = true`).
    pub drafts: bool,
    /// Report broken links and anchors as warnings instead of errors.
    pub warn_links: bool,
    /// Use the persistent highlight cache in `.opsite-cache/`.
    pub cache: bool,
    /// GitHub issues: use only cached data.
    pub offline: bool,
    /// GitHub issues: fail the build when they cannot be refreshed.
    pub strict_issues: bool,
    /// Skip GitHub issues entirely (`opsite check` needs none).
    pub no_issues: bool,
}

/// What a finished build wrote.
#[derive(Debug)]
pub struct Built {
    /// The output directory.
    pub out_dir: PathBuf,
    /// Files written.
    pub files: usize,
    /// Problems that did not fail the build.
    pub warnings: Vec<Diagnostic>,
    /// Number of pages.
    pub pages: usize,
    /// Number of sections (home included).
    pub sections: usize,
}

/// Runs the whole pipeline and swaps the result into `output` (default:
/// `[build] output` under the root). On any error the previous output stays.
pub fn build(opts: &BuildOptions, output: Option<&Path>) -> Result<Built> {
    let mut site = Site::load(opts)?;
    let (errors, warnings) = site.diagnostics();
    if !errors.is_empty() {
        return Err(BuildFailed { errors }.into());
    }
    let out_dir = output.map(Path::to_path_buf).unwrap_or_else(|| opts.root.join(&site.config.build.output));
    // Pages go to disk as they render; the staging directory removes itself
    // if anything fails before the commit.
    let staging = crate::output::Staging::new(&out_dir, &opts.root)?;
    let files = site.write_all(&staging)?;
    let clock = Stopwatch::start();
    staging.commit()?;
    clock.lap("swap");
    Ok(Built { out_dir, files, warnings, pages: site.page_count(), sections: site.content.sections.len() })
}

/// Every stage's result for one site.
pub struct Site {
    /// How it was built.
    pub opts: BuildOptions,
    /// `book.toml` after overrides.
    pub config: Config,
    /// Pages and sections.
    pub content: Content,
    /// Markdown output, per document.
    pub rendered: Vec<Rendered>,
    theme: Theme,
    renderer: Renderer,
    highlighter: Highlighter,
    light_css: String,
    dark_css: String,
    extra_files: HashSet<String>,
    updated: Vec<Option<String>>,
    repo_prefix: String,
    site_ctx: SiteContext,
    sidebars: Vec<String>,
    base_path: String,
    base_url: String,
    issues: Option<crate::issues::Snapshot>,
}

/// What an edit to one document needs.
#[derive(Debug)]
pub enum Update {
    /// These documents' pages must be rendered again.
    Pages(Vec<DocId>),
    /// URLs or the set of pages changed: load everything again.
    Reload,
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    description: &'a str,
    base_url: String,
    base_path: String,
    language: &'a str,
    repository: Option<&'a str>,
    issues_url: Option<String>,
    generator: &'static str,
}

#[derive(Serialize)]
struct Assets {
    css: String,
    js: String,
    favicon: String,
    syntax_light: String,
    syntax_dark: String,
}

/// Loads the configuration and applies command-line overrides.
pub fn load_config(opts: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        crate::config::parse_base_url(url).map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
        config.site.base_url = url.clone();
    }
    config.build.drafts |= opts.drafts;
    Ok(config)
}

impl Site {
    /// Loads config, content and theme and renders every document's Markdown.
    ///
    /// Fails on problems that leave nothing to show (config, frontmatter,
    /// templates); broken links are reported by [`Site::diagnostics`].
    pub fn load(opts: &BuildOptions) -> Result<Site> {
        let config = load_config(opts)?;
        let root = &opts.root;
        let clock = Stopwatch::start();
        let content = content::load(root, &LoadOptions { drafts: config.build.drafts })?;
        clock.lap("load content");
        let theme = Theme::load(root, &config.site.theme)?;
        let renderer = Renderer::new(&theme)?;
        let cache_dir = opts.cache.then(|| root.join(CACHE_DIR));
        if let Some(dir) = &cache_dir {
            ensure_cache_dir(dir);
        }
        let light_css = highlight::theme_css(&config.markdown.highlight_theme, highlight::LIGHT_CODE_BG)
            .context("[markdown] highlight_theme")?;
        let dark_css = highlight::theme_css(&config.markdown.highlight_theme_dark, highlight::DARK_CODE_BG)
            .context("[markdown] highlight_theme_dark")?;
        let extra_files = linkable_files(&theme);
        let updated = content::dates::last_updated(root, &content);
        let mut site = Site {
            opts: opts.clone(),
            highlighter: Highlighter::new(cache_dir.as_deref()),
            repo_prefix: repo_prefix(root),
            site_ctx: SiteContext::empty(),
            sidebars: Vec::new(),
            base_path: config.base_path(),
            base_url: config.base_url(),
            issues: None,
            rendered: Vec::new(),
            config,
            content,
            theme,
            renderer,
            light_css,
            dark_css,
            extra_files,
            updated,
        };
        let all: Vec<DocId> = (0..site.content.docs.len()).collect();
        clock.lap("config, theme, dates");
        site.rendered = site.render_markdown(&all);
        clock.lap("markdown");
        if let Err(e) = site.highlighter.save() {
            eprintln!("warning: could not save the highlight cache: {e:#}");
        }
        site.fetch_issues()?;
        clock.lap("issues");
        site.refresh_nav()?;
        clock.lap("nav and sidebars");
        Ok(site)
    }

    /// One pass against GitHub for every incident listing and referenced
    /// issue the site shows, then fills the references in.
    fn fetch_issues(&mut self) -> Result<()> {
        let Some(config) = self.config.issues.as_ref().filter(|_| !self.opts.no_issues) else { return Ok(()) };
        let mut repos = std::collections::BTreeSet::new();
        for d in &self.content.docs {
            if !d.front.alerts.is_empty() {
                let repo = d.front.issues.as_ref().and_then(|f| f.repo.clone());
                repos.insert(repo.unwrap_or_else(|| config.repo.clone()));
            }
        }
        let wanted: std::collections::BTreeSet<(String, u64)> =
            self.rendered.iter().flat_map(|r| r.issue_refs.iter().cloned()).collect();
        if repos.is_empty() && wanted.is_empty() {
            return Ok(());
        }
        let opts = crate::issues::FetchOptions { offline: self.opts.offline, strict: self.opts.strict_issues };
        let cache_dir = self.opts.cache.then(|| self.opts.root.join(CACHE_DIR));
        let snapshot = crate::issues::fetch(config, &opts, cache_dir.as_deref(), &repos, &wanted)?;
        if let Some(w) = &snapshot.warning {
            self.content.warnings.push(Diagnostic::new("[issues]", 0, 0, w.clone()));
        }
        for r in &mut self.rendered {
            if !r.issue_refs.is_empty() {
                r.html = crate::issues::refs::decorate(&r.html, &snapshot);
            }
        }
        self.issues = Some(snapshot);
        Ok(())
    }

    /// Number of pages (section indexes excluded).
    pub fn page_count(&self) -> usize {
        self.content.docs.iter().filter(|d| d.kind == DocKind::Page).count()
    }

    fn render_markdown(&self, ids: &[DocId]) -> Vec<Rendered> {
        let resolver = Resolver::new(&self.content, &self.base_path, &self.extra_files);
        let md = MarkdownContext {
            content: &self.content,
            resolver: &resolver,
            highlighter: &self.highlighter,
            smart_punctuation: self.config.markdown.smart_punctuation,
            issue_refs: self.config.issues.as_ref().map(|i| i.site_repo.as_deref()),
        };
        let mut out: Vec<Rendered> = ids.par_iter().map(|&id| markdown::render(&md, id)).collect();
        if let Some(snapshot) = &self.issues {
            for r in out.iter_mut().filter(|r| !r.issue_refs.is_empty()) {
                r.html = crate::issues::refs::decorate(&r.html, snapshot);
            }
        }
        out
    }

    /// Errors and warnings of the current state, sorted by file and line.
    /// Broken links are errors unless `warn_links` is set.
    pub fn diagnostics(&self) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut warnings = self.content.warnings.clone();
        let mut links = Vec::new();
        for r in &self.rendered {
            warnings.extend(r.warnings.iter().cloned());
            links.extend(r.errors.iter().cloned());
        }
        links.extend(check_anchors(&self.content, &self.rendered));
        let mut errors = Vec::new();
        if self.opts.warn_links {
            warnings.extend(links);
        } else {
            errors = links;
        }
        warnings.extend(self.shadowed_files());
        for (d, doc) in self.content.docs.iter().enumerate() {
            for alert in resolve_alerts(doc, &self.rendered[d]) {
                if !alert.exists {
                    errors.push(Diagnostic::new(
                        doc.source_path(),
                        0,
                        0,
                        format!(
                            "runbook alert `{}` has no heading `#{}` on this page: add a heading named after the \
                             alert, or give it as {{name, anchor}}",
                            alert.name, alert.anchor
                        ),
                    ));
                }
            }
        }
        sort(&mut errors);
        sort(&mut warnings);
        (errors, warnings)
    }

    /// Static files and assets that a page's output replaces.
    fn shadowed_files(&self) -> Vec<Diagnostic> {
        // Pages only write `…index.html`: nothing else can collide.
        let candidates: Vec<(String, PathBuf)> = self
            .content
            .assets
            .iter()
            .map(|a| (a.source.clone(), a.source_path()))
            .chain(self.theme.statics.keys().map(|k| (k.clone(), PathBuf::from("static").join(k))))
            .filter(|(p, _)| p.ends_with("index.html"))
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let pages: HashSet<String> = self.content.docs.iter().map(|d| d.output_file()).collect();
        candidates
            .into_iter()
            .filter(|(p, _)| pages.contains(p))
            .map(|(p, source)| Diagnostic::new(source, 0, 0, format!("not copied: the page at /{p} is written there")))
            .collect()
    }

    fn inputs(&self) -> PageInputs<'_> {
        PageInputs {
            content: &self.content,
            rendered: &self.rendered,
            base_path: &self.base_path,
            base_url: &self.base_url,
            site_description: &self.config.site.description,
            repository: self.config.site.repository.as_deref(),
            branch: &self.config.site.branch,
            repo_prefix: &self.repo_prefix,
            updated: &self.updated,
            issues: self.config.issues.as_ref(),
            snapshot: self.issues.as_ref(),
        }
    }

    /// Rebuilds what every page shares: `site`, `nav`, `assets` and the
    /// per-section sidebars.
    fn refresh_nav(&mut self) -> Result<()> {
        let base_path = self.base_path.clone();
        let base_url = self.base_url.clone();
        let version = |bytes: &[u8]| format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32);
        let static_url = |name: &str| {
            let v = self.theme.statics.get(name).and_then(|f| match f {
                StaticFile::Embedded(b) => Some(version(b)),
                StaticFile::Disk(p) => std::fs::read(p).ok().map(|b| version(&b)),
            });
            match v {
                Some(v) => format!("{base_path}{name}?v={v}"),
                None => format!("{base_path}{name}"),
            }
        };
        let assets = Assets {
            css: static_url("opsite.css"),
            js: static_url("opsite.js"),
            favicon: static_url("favicon.svg"),
            syntax_light: format!("{base_path}syntax-light.css?v={}", version(self.light_css.as_bytes())),
            syntax_dark: format!("{base_path}syntax-dark.css?v={}", version(self.dark_css.as_bytes())),
        };
        let site_value = SiteValue {
            title: &self.config.site.title,
            description: &self.config.site.description,
            base_url,
            base_path,
            language: &self.config.site.language,
            repository: self.config.site.repository.as_deref(),
            issues_url: self.config.site.repository.as_ref().map(|r| format!("{}/issues", r.trim_end_matches('/'))),
            generator: concat!("opsite ", env!("CARGO_PKG_VERSION")),
        };
        let inputs = self.inputs();
        let site_ctx = SiteContext::new(&site_value, &inputs.nav_tree(), &assets);
        // One sidebar per section, shared by all of its pages.
        let sidebars = if self.renderer.has("sidebar.html") {
            (0..self.content.sections.len())
                .into_par_iter()
                .map(|s| {
                    let mut ctx = site_ctx.base();
                    ctx.insert("items", &inputs.sidebar_items(s));
                    self.renderer.render("sidebar.html", &ctx, None)
                })
                .collect::<Result<_, _>>()
                .map_err(|e| BuildFailed { errors: vec![e] })?
        } else {
            vec![String::new(); self.content.sections.len()]
        };
        self.site_ctx = site_ctx;
        self.sidebars = sidebars;
        Ok(())
    }

    /// Every output file of the site, in memory (for `serve`).
    pub fn render_all(&mut self) -> Result<Vec<OutFile>> {
        let clock = Stopwatch::start();
        let all: Vec<DocId> = (0..self.content.docs.len()).collect();
        let mut files = self.render_docs(&all)?;
        clock.lap("templates");
        files.extend(self.generated_files()?);
        clock.lap("generated files");
        Ok(files)
    }

    /// Renders every page and writes it to `staging` as soon as it is
    /// rendered, so a large site never sits in memory whole. Returns the
    /// number of files written; collects every template error.
    pub fn write_all(&mut self, staging: &crate::output::Staging) -> Result<usize> {
        let clock = Stopwatch::start();
        let generated = self.generated_files()?;
        generated.par_iter().try_for_each(|f| staging.write(f))?;
        clock.lap("generated files");
        let inputs = self.inputs();
        let errors = std::sync::Mutex::new(Vec::new());
        (0..self.content.docs.len()).into_par_iter().try_for_each(|d| match self.render_one(&inputs, d) {
            Ok(file) => staging.write(&file),
            Err(diag) => {
                errors.lock().unwrap_or_else(|e| e.into_inner()).push(diag);
                Ok(())
            }
        })?;
        clock.lap("templates and write");
        let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        if !errors.is_empty() {
            sort(&mut errors);
            errors.dedup();
            return Err(BuildFailed { errors }.into());
        }
        Ok(generated.len() + self.content.docs.len())
    }

    /// Renders the pages of `ids` through their templates, in parallel.
    pub fn render_docs(&self, ids: &[DocId]) -> Result<Vec<OutFile>, BuildFailed> {
        let inputs = self.inputs();
        let results: Vec<Result<OutFile, Diagnostic>> = ids.par_iter().map(|&d| self.render_one(&inputs, d)).collect();
        let mut files = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
        if !errors.is_empty() {
            sort(&mut errors);
            errors.dedup();
            return Err(BuildFailed { errors });
        }
        Ok(files)
    }

    fn render_one(&self, inputs: &PageInputs, d: DocId) -> Result<OutFile, Diagnostic> {
        let doc = &self.content.docs[d];
        let template = template_for(&self.content, d);
        if !self.renderer.has(&template) {
            return Err(Diagnostic::new(doc.source_path(), 0, 0, format!("template {template:?} does not exist")));
        }
        let url = inputs.url(d);
        let sidebar = mark_current(&self.sidebars[doc.section], &url);
        let mut ctx = self.site_ctx.base();
        let page = inputs.page_value(d);
        if let DocKind::Section(_) = doc.kind {
            ctx.insert_value("section", page.clone());
        }
        ctx.insert_value("page", page);
        ctx.insert_value("sidebar", tera::Value::safe_string(&sidebar));
        let html = self.renderer.render(&template, &ctx, Some(&doc.source_path()))?;
        Ok(OutFile { path: doc.output_file(), data: OutData::Bytes(html.into_bytes()) })
    }

    /// 404 page, aliases, sitemap, robots.txt, CNAME, stylesheets, static
    /// files and assets.
    fn generated_files(&self) -> Result<Vec<OutFile>> {
        let base_url = &self.base_url;
        let inputs = self.inputs();
        let mut files = Vec::new();
        let not_found = {
            let mut ctx = self.site_ctx.base();
            ctx.insert(
                "page",
                &serde_json::json!({
                    "title": "Page not found", "kind": "404",
                    "url": format!("{}404.html", self.base_path),
                    "permalink": format!("{base_url}404.html"),
                    "description": self.config.site.description,
                }),
            );
            ctx.insert("sidebar", "");
            self.renderer.render("404.html", &ctx, None).map_err(|e| BuildFailed { errors: vec![e] })?
        };
        files.push(bytes_file("404.html", not_found.into_bytes()));
        for (d, doc) in self.content.docs.iter().enumerate() {
            let target = inputs.url(d);
            let permalink = format!("{base_url}{}", encode_path(&doc.path));
            for alias in &doc.front.aliases {
                if let Some(p) = content::alias_path(alias) {
                    let file = if p.ends_with(".html") { p } else { format!("{p}index.html") };
                    files.push(bytes_file(&file, output::alias_page(&target, &permalink).into_bytes()));
                }
            }
        }
        let sitemap: Vec<(String, Option<String>)> = self
            .content
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("{base_url}{}", encode_path(&d.path)), self.updated[i].clone()))
            .collect();
        files.push(bytes_file("sitemap.xml", output::sitemap_xml(&sitemap).into_bytes()));
        files.push(bytes_file("robots.txt", output::robots_txt(base_url).into_bytes()));
        let mut runbooks = std::collections::BTreeMap::new();
        for (d, doc) in self.content.docs.iter().enumerate() {
            for alert in resolve_alerts(doc, &self.rendered[d]) {
                let url = format!("{base_url}{}#{}", encode_path(&doc.path), alert.anchor);
                runbooks.entry(alert.name).or_insert(url);
            }
        }
        if !runbooks.is_empty() {
            files.push(bytes_file("runbooks.json", crate::issues::runbooks_json(&runbooks).into_bytes()));
        }
        files.push(bytes_file(".nojekyll", Vec::new()));
        if let Some(cname) = &self.config.site.cname {
            files.push(bytes_file("CNAME", format!("{}\n", cname.trim()).into_bytes()));
        }
        files.push(bytes_file("syntax-light.css", self.light_css.clone().into_bytes()));
        files.push(bytes_file("syntax-dark.css", self.dark_css.clone().into_bytes()));
        for a in &self.content.assets {
            files.push(OutFile { path: a.source.clone(), data: OutData::File(a.abs.clone()) });
        }
        for (path, f) in &self.theme.statics {
            let data = match f {
                StaticFile::Embedded(b) => OutData::Embedded(b),
                StaticFile::Disk(p) => OutData::File(p.clone()),
            };
            files.push(OutFile { path: path.clone(), data });
        }
        // Pages win over files at the same path (a warning says so); among
        // the rest the later wins: static/ over generated files like robots.txt.
        let mut seen: HashSet<String> = self.content.docs.iter().map(|d| d.output_file()).collect();
        let mut unique: Vec<OutFile> = files.into_iter().rev().filter(|f| seen.insert(f.path.clone())).collect();
        unique.reverse();
        Ok(unique)
    }

    /// Whether the output path `path` is served from the static file `abs`.
    pub fn serves_static(&self, path: &str, abs: &Path) -> bool {
        matches!(self.theme.statics.get(path), Some(StaticFile::Disk(p)) if p == abs)
    }

    /// Path of the site root inside its git repository (`""` or `docs/`).
    pub fn repo_prefix(&self) -> &str {
        &self.repo_prefix
    }

    /// Site URL of a document's page (`/docs/users/access/`).
    pub fn page_url(&self, id: DocId) -> String {
        self.inputs().url(id)
    }

    /// The document whose source is `rel` (relative to `content/`).
    pub fn doc_by_source(&self, rel: &str) -> Option<DocId> {
        self.content.by_source.get(rel).copied()
    }

    /// Re-reads document `id` after its file changed and renders its
    /// Markdown again. Says which pages to re-render, or that the change
    /// touches URLs and needs a full load.
    pub fn update_doc(&mut self, id: DocId) -> Result<Update> {
        let (abs, rel) = {
            let d = &self.content.docs[id];
            if !d.has_file {
                return Ok(Update::Reload);
            }
            (self.opts.root.join(content::CONTENT_DIR).join(&d.source), d.source.clone())
        };
        let fresh = match content::read_doc(&abs, &rel)? {
            Ok(doc) => doc,
            Err(diag) => return Err(BuildFailed { errors: vec![diag] }.into()),
        };
        let old = &self.content.docs[id];
        if fresh.front.slug != old.front.slug
            || fresh.front.draft != old.front.draft
            || fresh.front.aliases != old.front.aliases
        {
            return Ok(Update::Reload);
        }
        let nav_changed = fresh.title != old.title || fresh.front.weight != old.front.weight;
        let old_description = self.inputs().description(id);
        {
            let d = &mut self.content.docs[id];
            d.front = fresh.front;
            d.body = fresh.body;
            d.body_line = fresh.body_line;
            d.title = fresh.title;
            d.title_from_heading = fresh.title_from_heading;
            d.modified = fresh.modified;
        }
        self.rendered[id] = self.render_markdown(&[id]).pop().unwrap_or_default();
        self.updated[id] = self.content.docs[id].modified.map(content::dates::format_date);
        if nav_changed {
            content::order(&mut self.content);
            self.refresh_nav()?;
            return Ok(Update::Pages((0..self.content.docs.len()).collect()));
        }
        let mut pages = vec![id];
        if self.inputs().description(id) != old_description {
            match self.content.docs[id].kind {
                // A page's description shows in its section's listing.
                DocKind::Page => pages.push(self.content.sections[self.content.docs[id].section].doc),
                // A section's shows in `nav`, which every page may use.
                DocKind::Section(_) => {
                    self.refresh_nav()?;
                    return Ok(Update::Pages((0..self.content.docs.len()).collect()));
                }
            }
        }
        Ok(Update::Pages(pages))
    }

    /// Writes the highlight cache if it changed. `serve` calls this after the
    /// reload event is out, keeping disk writes off the edit-to-reload path.
    pub fn save_caches(&self) {
        if let Err(e) = self.highlighter.save() {
            eprintln!("warning: could not save the highlight cache: {e:#}");
        }
    }

    /// Reloads templates and theme static files (after a theme edit).
    pub fn reload_theme(&mut self) -> Result<()> {
        let theme = Theme::load(&self.opts.root, &self.config.site.theme)?;
        self.renderer = Renderer::new(&theme)?;
        self.extra_files = linkable_files(&theme);
        self.theme = theme;
        self.refresh_nav()
    }
}

/// Prints stage times to stderr when `OPSITE_TIMINGS` is set: for
/// benchmarks and for finding where a slow build spends its time.
pub struct Stopwatch {
    last: std::cell::Cell<std::time::Instant>,
    on: bool,
}

impl Stopwatch {
    /// Starts timing.
    pub fn start() -> Self {
        Stopwatch { last: std::time::Instant::now().into(), on: std::env::var_os("OPSITE_TIMINGS").is_some() }
    }

    /// Prints the time since the previous lap.
    pub fn lap(&self, what: &str) {
        if self.on {
            let now = std::time::Instant::now();
            eprintln!("timing: {what:<20} {:>8.1} ms", (now - self.last.get()).as_secs_f64() * 1000.0);
            self.last.set(now);
        }
    }
}

/// A runbook alert with the heading it documents.
#[derive(Debug, Clone)]
pub struct ResolvedAlert {
    /// Alert name.
    pub name: String,
    /// Heading id.
    pub anchor: String,
    /// Whether the page has that id.
    pub exists: bool,
}

/// The alerts a document's frontmatter lists, each matched to its heading:
/// the heading whose text is the alert name, else the slug of the name.
pub fn resolve_alerts(doc: &content::Doc, rendered: &Rendered) -> Vec<ResolvedAlert> {
    use crate::content::frontmatter::AlertRef;
    doc.front
        .alerts
        .iter()
        .map(|a| {
            let (name, anchor) = match a {
                AlertRef::Full { name, anchor } => (name.clone(), anchor.clone()),
                AlertRef::Name(name) => {
                    let by_text = rendered.headings.iter().find(|h| h.text == *name).map(|h| h.id.clone());
                    (name.clone(), by_text.unwrap_or_else(|| crate::markdown::slug::slug(name)))
                }
            };
            let exists = rendered.ids.contains(&anchor);
            ResolvedAlert { name, anchor, exists }
        })
        .collect()
}

/// Output paths besides pages and assets that links may point at.
fn linkable_files(theme: &Theme) -> HashSet<String> {
    theme.statics.keys().cloned().chain(GENERATED.iter().map(|s| s.to_string())).collect()
}

fn bytes_file(path: &str, bytes: Vec<u8>) -> OutFile {
    OutFile { path: path.to_string(), data: OutData::Bytes(bytes) }
}

fn template_for(content: &Content, d: DocId) -> String {
    let doc = &content.docs[d];
    if let Some(t) = &doc.front.template {
        return t.clone();
    }
    match doc.kind {
        DocKind::Section(0) => "index.html".into(),
        DocKind::Section(_) => "section.html".into(),
        DocKind::Page => "page.html".into(),
    }
}

/// Marks the sidebar link to the page being rendered.
fn mark_current(sidebar: &str, url: &str) -> String {
    let needle = format!("href=\"{}\"", crate::markdown::escape_attr(url));
    match sidebar.find(&needle) {
        Some(i) => {
            let end = i + needle.len();
            format!("{} aria-current=\"page\"{}", &sidebar[..end], &sidebar[end..])
        }
        None => sidebar.to_string(),
    }
}

/// Every `#fragment` link must land on an id of its target page.
fn check_anchors(content: &Content, rendered: &[Rendered]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (d, r) in rendered.iter().enumerate() {
        for link in &r.anchor_links {
            let ids = &rendered[link.target].ids;
            if ids.contains(&link.anchor) {
                continue;
            }
            let target = &content.docs[link.target];
            let hint = ids
                .iter()
                .find(|id| id.eq_ignore_ascii_case(&link.anchor))
                .map(|id| format!(" (did you mean #{id}?)"))
                .unwrap_or_default();
            let where_ =
                if link.target == d { "this page".to_string() } else { target.source_path().display().to_string() };
            problems.push(Diagnostic::new(
                content.docs[d].source_path(),
                link.line,
                0,
                format!("broken anchor: `{}`: {where_} has no heading or id `{}`{hint}", link.written, link.anchor),
            ));
        }
    }
    problems
}

fn sort(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
}

/// Path of the site root inside its git repository (`""` or `site/`), for edit links.
fn repo_prefix(root: &Path) -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--show-prefix"])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// Creates the cache directory with a `.gitignore` so it is never committed.
fn ensure_cache_dir(dir: &Path) {
    if std::fs::create_dir_all(dir).is_ok() {
        let ignore = dir.join(".gitignore");
        if !ignore.exists() {
            let _ = std::fs::write(ignore, "*\n");
        }
    }
}
