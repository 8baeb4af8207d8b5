//! Rendering pages and generated files from the stage outputs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use super::sidebar::SidebarPlan;
use super::theme::StaticFile;
use super::{PageInputs, Renderer, SidebarKey, SiteContext, Theme, template_errors};
use crate::config::Config;
use crate::load::{DocId, DocKind, HOME, SectionId};
use crate::parse::Part;
use crate::parse::highlight;
use crate::report::{BuildFailed, Diagnostic};
use crate::write::{OutData, OutFile, alias_page};

/// The bundled diagram renderer (mermaid, MIT; themes/default/LICENSES).
pub(super) const MERMAID: &str = "mermaid.min.js";

/// Files opsite writes besides pages, which links may point at.
const GENERATED: [&str; 7] = [
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "syntax-light.css",
    "syntax-dark.css",
    ".nojekyll",
    super::site_script::SITE_SCRIPT,
];

/// The theme, compiled, and what every page of a build shares.
pub struct Pages {
    pub(super) theme: Theme,
    pub(super) renderer: Renderer,
    /// `[issues]` is set: runbooks get an incidents page and feed.
    incidents: bool,
    /// `[build] broken_links = "warn"`: the site's own content is a tree
    /// it does not own (another tool's project, read as it is).
    content_lenient: bool,
}

/// What every page of a build shares, made by [`Pages::nav`]: `site`,
/// `nav`, `assets`, the sidebars and the code stylesheets. Made again when
/// the order, a section or the code's looks change; the theme stays as it
/// was compiled.
pub struct Nav {
    pub(super) site: SiteContext,
    /// The code stylesheets (light, dark), made from the looks the code uses.
    code_css: (String, String),
    /// Each section's list and each page's sidebar.
    plan: SidebarPlan,
    /// The distinct sidebars, made when a page first needs one (so `serve`
    /// makes a new page's sidebar before the others', and a build makes
    /// them alongside the pages).
    sidebars: HashMap<SidebarKey, Sidebar>,
    /// The previous sidebars made with the same templates and site values,
    /// by the hash of their rows: one whose rows did not change is taken
    /// from here instead of rendered.
    before: HashMap<SidebarKey, (u64, Arc<str>)>,
    /// A hash of the site-wide values.
    key: u64,
    /// The tree's `opsite-site.js`.
    script: String,
}

impl Nav {
    /// What comes before the first build: nothing rendered yet.
    pub fn empty() -> Nav {
        Nav {
            site: SiteContext::new(&(), &(), &(), &()),
            code_css: Default::default(),
            plan: SidebarPlan::empty(),
            sidebars: HashMap::new(),
            before: HashMap::new(),
            key: 0,
            script: String::new(),
        }
    }

    /// A hash of what every page shares (`site`, `nav`, `assets`): when it
    /// changes, every page must be rendered again.
    pub fn key(&self) -> u64 {
        self.key
    }

    /// The code stylesheets (light, dark).
    pub fn code_css(&self) -> &(String, String) {
        &self.code_css
    }

    /// The tree's `opsite-site.js` ([`super::site_script`]).
    pub fn site_script(&self) -> &str {
        &self.script
    }

    /// The code stylesheets as files.
    pub fn code_css_files(&self) -> Vec<OutFile> {
        vec![
            bytes_file("syntax-light.css", self.code_css.0.clone().into_bytes()),
            bytes_file("syntax-dark.css", self.code_css.1.clone().into_bytes()),
        ]
    }

    /// A hash of the sidebars of each section's pages (before the current
    /// page is marked): when one changes, they are rendered again.
    pub fn sidebar_hashes(&self, inputs: &PageInputs) -> HashMap<SectionId, u64> {
        let keys = self.plan.keys();
        keys.chunk_by(|a, b| a.section == b.section)
            .map(|same| {
                let rows = |k: &SidebarKey| self.sidebars.get(k).map(|bar| self.rows_hash(inputs, *k, bar));
                let hashes: Vec<(usize, Option<u64>)> = same.iter().map(|k| (k.start, rows(k))).collect();
                (same[0].section, crate::util::hash_serialized(&hashes))
            })
            .collect()
    }

    fn rows_hash(&self, inputs: &PageInputs, key: SidebarKey, bar: &Sidebar) -> u64 {
        *bar.hash.get_or_init(|| crate::util::hash_serialized(&inputs.sidebar_items(&self.plan, key)))
    }
}

/// One sidebar: a hash of its rows and its HTML, each made once, on first use.
#[derive(Default)]
struct Sidebar {
    hash: std::sync::OnceLock<u64>,
    html: std::sync::OnceLock<Result<Arc<str>, Diagnostic>>,
}

impl Pages {
    /// The sidebar page `d` shows (before the current page is marked),
    /// rendered now if no page needed it before.
    fn sidebar_of<'n>(&self, nav: &'n Nav, inputs: &PageInputs, d: DocId) -> Result<&'n str, Diagnostic> {
        let Some((key, cell)) = nav.plan.of(d).and_then(|k| Some((k, nav.sidebars.get(&k)?))) else {
            return Ok("");
        };
        let html = cell.html.get_or_init(|| {
            let items = inputs.sidebar_items(&nav.plan, key);
            let hash = *cell.hash.get_or_init(|| crate::util::hash_serialized(&items));
            if let Some((_, html)) = nav.before.get(&key).filter(|(h, _)| *h == hash) {
                return Ok(html.clone());
            }
            let mut ctx = nav.site.base();
            ctx.insert("items", &items);
            self.renderer.render("sidebar.html", &ctx).map(Arc::from)
        });
        html.as_deref().map_err(Clone::clone)
    }
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    /// The version's name, when the site is built as versions.
    version: Option<&'a str>,
    /// Every language's tree, when there are several.
    languages: &'a [crate::tree::LanguageLink],
    repository: Option<&'a str>,
    issues_url: Option<String>,
    generator: &'static str,
    search: bool,
}

#[derive(Serialize)]
struct Assets {
    site: String,
    css: String,
    js: String,
    mermaid: String,
    favicon: String,
    search: String,
    syntax_light: String,
    syntax_dark: String,
}

impl Pages {
    /// The theme's words for a tree in `language` ([`Theme::strings_for`]).
    pub fn strings_for(&self, language: &str) -> crate::tree::Strings {
        self.theme.strings_for(language)
    }

    /// Compiles the theme's templates and the code stylesheets.
    pub fn new(theme: Theme, config: &Config) -> Result<Pages> {
        let renderer = Renderer::new(&theme)?;
        highlight::check_theme(&config.markdown.highlight_theme).context("[markdown] highlight_theme")?;
        highlight::check_theme(&config.markdown.highlight_theme_dark).context("[markdown] highlight_theme_dark")?;
        Ok(Pages {
            theme,
            renderer,
            incidents: config.issues.is_some(),
            content_lenient: config.build.broken_links == crate::config::Severity::Warn,
        })
    }

    /// Output paths besides pages and assets that links may point at.
    pub fn linkable_files(&self) -> HashSet<String> {
        let incidents = [super::alerts::INCIDENTS_PAGE.trim_end_matches('/'), super::alerts::INCIDENTS_FEED];
        let incidents = incidents.iter().filter(|_| self.incidents);
        self.theme.statics.keys().cloned().chain(GENERATED.iter().chain(incidents).map(|s| s.to_string())).collect()
    }

    /// Theme and site static files as (output path, source), for the check
    /// that warns when a page replaces one.
    pub fn static_files(&self) -> Vec<(String, PathBuf)> {
        self.theme.statics.keys().map(|k| (k.clone(), PathBuf::from("static").join(k))).collect()
    }

    /// Whether the output path `path` is served from the static file `abs`.
    pub fn serves_static(&self, path: &str, abs: &Path) -> bool {
        matches!(self.theme.statics.get(path), Some(StaticFile::Disk(p)) if p == abs)
    }

    /// Makes what every page shares: `site`, `nav`, `assets`, the
    /// sidebars, and the code stylesheets `code_css` (light, dark), linked
    /// by version. A sidebar whose rows are the same as in `previous` (made
    /// with the same templates) is taken from it, not rendered again.
    pub fn nav(
        &self,
        config: &Config,
        tree: &crate::tree::Tree,
        inputs: &PageInputs,
        code_css: (String, String),
        previous: Option<&Nav>,
    ) -> Result<Nav, BuildFailed> {
        let base_path = inputs.base_path;
        let version = |bytes: &[u8]| format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32);
        let static_url = |name: &str| {
            let v = self.theme.statics.get(name).and_then(|f| match f {
                StaticFile::Embedded(b) => Some(embedded_version(b)),
                StaticFile::Disk(p) => std::fs::read(p).ok().map(|b| version(&b)),
            });
            match v {
                Some(v) => format!("{base_path}{name}?v={v}"),
                None => format!("{base_path}{name}"),
            }
        };
        // A static file of the theme on disk is read for its version: once.
        let search_js = static_url("search.js");
        let search = config.build.search.then(|| format!("{base_path}search/"));
        let script = super::site_script::script(&tree.strings, search.as_deref(), &search_js);
        let assets = Assets {
            site: format!("{base_path}{}?v={}", super::site_script::SITE_SCRIPT, version(script.as_bytes())),
            css: static_url("opsite.css"),
            js: static_url("opsite.js"),
            mermaid: static_url(MERMAID),
            favicon: static_url("favicon.svg"),
            search: search_js,
            syntax_light: format!("{base_path}syntax-light.css?v={}", version(code_css.0.as_bytes())),
            syntax_dark: format!("{base_path}syntax-dark.css?v={}", version(code_css.1.as_bytes())),
        };
        let site = &config.site;
        let site_value = SiteValue {
            title: &site.title,
            description: &site.description,
            base_url: inputs.base_url,
            base_path,
            language: &tree.language,
            version: tree.version.as_deref(),
            languages: &tree.languages,
            repository: site.repository.as_deref(),
            issues_url: site.repository.as_ref().map(|r| format!("{}/issues", r.trim_end_matches('/'))),
            generator: concat!("opsite ", env!("CARGO_PKG_VERSION")),
            search: config.build.search,
        };
        let nav_tree = inputs.nav_tree();
        let key = crate::util::hash_serialized(&(&site_value, &nav_tree, &assets, &tree.strings));
        let site_ctx = SiteContext::new(&site_value, &nav_tree, &assets, &tree.strings);
        // Each distinct sidebar once, shared by the pages showing it.
        let plan = inputs.sidebar_plan(config.build.sidebar_limit);
        // The same rows with the same templates and site values: the same HTML.
        let before = previous
            .filter(|p| p.key == key)
            .map(|p| {
                let made = p.sidebars.iter().filter_map(|(k, bar)| match (bar.hash.get(), bar.html.get()) {
                    (Some(h), Some(Ok(html))) => Some((*k, (*h, html.clone()))),
                    _ => None,
                });
                made.collect()
            })
            .unwrap_or_default();
        let sidebars = if self.renderer.has("sidebar.html") {
            plan.keys().iter().map(|&k| (k, Sidebar::default())).collect()
        } else {
            HashMap::new()
        };
        Ok(Nav { site: site_ctx, code_css, plan, sidebars, before, key, script })
    }

    /// The templates in force, by name.
    pub fn templates(&self) -> &std::collections::BTreeMap<String, super::theme::TemplateSource> {
        &self.theme.templates
    }

    /// Renders one page through its template.
    pub fn render_page(&self, nav: &Nav, inputs: &PageInputs, d: DocId) -> Result<OutFile, (Diagnostic, PathBuf)> {
        self.render_page_with(nav, inputs, d, None)
    }

    /// [`Pages::render_page`] with the page's body given (see
    /// [`crate::parse::Parsed::take_bodies`]).
    fn render_page_with(
        &self,
        nav: &Nav,
        inputs: &PageInputs,
        d: DocId,
        body: Option<&[Part]>,
    ) -> Result<OutFile, (Diagnostic, PathBuf)> {
        let doc = inputs.loaded.doc(d);
        let source = doc.source_path();
        let mut template = template_of(doc);
        if self.foreign_template(inputs.loaded, doc) {
            template = default_template(doc);
        }
        if !self.renderer.has(&template) {
            let d =
                Diagnostic::new(&source, doc.key_line("template"), 1, format!("template {template:?} does not exist"))
                    .hint(Some(format!("add templates/{template}, or remove `template` to use the default")));
            return Err((d, source));
        }
        if let Some(to) = &doc.front.redirect_to {
            let page = alias_page(to, to);
            return Ok(OutFile {
                path: doc.output_file(),
                data: OutData::Bytes(page.into_bytes()),
                source: Some(source),
            });
        }
        let url = inputs.url(d);
        let sidebar = match self.sidebar_of(nav, inputs, d) {
            Ok(html) => mark_current(html, &url),
            Err(e) => return Err((e, source)),
        };
        let mut ctx = nav.site.base();
        let page = inputs.page_value_with(d, body);
        if let DocKind::Section(_) = doc.kind {
            ctx.insert_value("section", page.clone());
        }
        ctx.insert_value("page", page);
        ctx.insert_value("sidebar", tera::Value::safe_string(&sidebar));
        match self.renderer.render(&template, &ctx) {
            Ok(html) => {
                Ok(OutFile { path: doc.output_file(), data: OutData::Bytes(html.into_bytes()), source: Some(source) })
            }
            Err(e) => Err((e, source)),
        }
    }

    /// Renders the pages of `ids` in parallel; template errors once each.
    pub fn render_pages(&self, nav: &Nav, inputs: &PageInputs, ids: &[DocId]) -> Result<Vec<OutFile>, BuildFailed> {
        let results: Vec<_> = ids.par_iter().map(|&d| self.render_page(nav, inputs, d)).collect();
        let (ok, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(template_errors(errors.into_iter().filter_map(Result::err).collect()));
        }
        Ok(ok.into_iter().filter_map(Result::ok).collect())
    }

    /// Renders every page and hands each to `write` as soon as it is
    /// rendered, so a large site never sits in memory whole. `body` gives
    /// a page's HTML where the parse output no longer holds it (taken out,
    /// or parsed again); it is dropped once the page is written. Returns
    /// the number of pages.
    pub fn write_pages(
        &self,
        nav: &Nav,
        inputs: &PageInputs,
        body: &(dyn Fn(DocId) -> Option<Vec<Part>> + Sync),
        write: impl Fn(&OutFile) -> Result<()> + Sync,
    ) -> Result<usize> {
        let errors = std::sync::Mutex::new(Vec::new());
        let ids = inputs.loaded.doc_ids();
        ids.par_iter().try_for_each(|&d| match self.render_page_with(nav, inputs, d, body(d).as_deref()) {
            Ok(file) => write(&file),
            Err(e) => {
                errors.lock().unwrap_or_else(|e| e.into_inner()).push(e);
                Ok(())
            }
        })?;
        let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        if !errors.is_empty() {
            return Err(template_errors(errors).into());
        }
        Ok(ids.len())
    }

    /// Whether `doc` names a template the theme lacks in a tree the site
    /// does not own (`broken_links = "warn"`): another tool's `template:`,
    /// rendered with the default one and warned about.
    fn foreign_template(&self, loaded: &crate::load::Loaded, doc: &crate::load::Doc) -> bool {
        let lenient = match doc.src.origin() {
            None => self.content_lenient,
            Some(i) => loaded.mounts().get(i).is_some_and(|m| m.warn_links),
        };
        lenient && doc.front.template.as_ref().is_some_and(|t| !self.renderer.has(t))
    }

    /// A warning for each template of another tool's that
    /// [`Pages::render_page`] replaced by the default, once per template.
    pub fn template_warnings(&self, loaded: &crate::load::Loaded) -> Vec<Diagnostic> {
        let hint = "another tool's template; broken_links = \"warn\" (a tree read as it is) makes this a warning";
        let each = loaded.docs().filter(|(_, d)| self.foreign_template(loaded, d)).map(|(_, d)| {
            let t = d.front.template.as_deref().unwrap_or_default();
            let message = format!("template {t:?} does not exist: the default one is used");
            Diagnostic::new(d.source_path(), d.key_line("template"), 1, message).hint(Some(hint.into()))
        });
        // One per template: Zola's docs name theirs on 130 pages.
        crate::report::once_per_message(each, |_| true)
    }
}

/// The version stamp of a file compiled into the binary, hashed once per
/// process (the bundled diagram script is 3.5 MB; serve asks on every
/// navigation change).
fn embedded_version(bytes: &'static [u8]) -> String {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashMap<usize, String>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    let key = bytes.as_ptr() as usize;
    if let Some(v) = seen.lock().ok().and_then(|m| m.get(&key).cloned()) {
        return v;
    }
    let v = format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32);
    if let Ok(mut m) = seen.lock() {
        m.insert(key, v.clone());
    }
    v
}

pub(super) fn bytes_file(path: &str, bytes: Vec<u8>) -> OutFile {
    OutFile { path: path.to_string(), data: OutData::Bytes(bytes), source: None }
}

/// The template a document is rendered with.
pub(crate) fn template_of(doc: &crate::load::Doc) -> String {
    doc.front.template.clone().unwrap_or_else(|| default_template(doc))
}

/// The template a document gets when its frontmatter names none.
fn default_template(doc: &crate::load::Doc) -> String {
    match doc.kind {
        DocKind::Section(s) if s == HOME => "index.html".into(),
        DocKind::Section(_) => "section.html".into(),
        DocKind::Page => "page.html".into(),
    }
}

/// Marks the sidebar link to the page being rendered.
///
/// The one splice into rendered HTML left: a sidebar is rendered once per
/// window of its section's list and shared by the pages in that window;
/// rendering it per page would cost a Tera render per page. The
/// needle is the exact `href="…"` the template wrote for this URL.
fn mark_current(sidebar: &str, url: &str) -> String {
    let needle = format!("href=\"{}\"", crate::util::escape_attr(url));
    match sidebar.find(&needle) {
        Some(i) => {
            let end = i + needle.len();
            format!("{} aria-current=\"page\"{}", &sidebar[..end], &sidebar[end..])
        }
        None => sidebar.to_string(),
    }
}

/// Redirect pages: `[build] md_urls = "redirect"` at every page's source
/// path (`x/README.md/index.html`, so `/x/README.md` answers as a folder
/// does; a file named `.md` would be served as Markdown), and `[redirects]`.
pub(super) fn redirect_files(config: &Config, inputs: &PageInputs) -> Vec<OutFile> {
    let mut files = Vec::new();
    if config.build.md_urls == crate::config::MdUrls::Redirect {
        for (d, doc) in inputs.loaded.docs().filter(|(_, d)| d.has_file) {
            let permalink = inputs.permalink(&doc.path);
            let page = alias_page(&inputs.url(d), &permalink);
            files.push(bytes_file(&format!("{}/index.html", doc.src.rel()), page.into_bytes()));
        }
    }
    for (from, to) in &config.redirects {
        let to = to.get_ref();
        let (href, permalink) = match to.strip_prefix('/') {
            Some(path) => (format!("{}{path}", inputs.base_path), format!("{}{path}", inputs.base_url)),
            None => (to.clone(), to.clone()),
        };
        let path = from.trim_start_matches('/');
        let file = if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else if path.rsplit('/').next().is_some_and(|name| name.contains('.')) && !path.ends_with(".md") {
            path.to_string()
        } else {
            format!("{path}/index.html")
        };
        files.push(bytes_file(&file, alias_page(&href, &permalink).into_bytes()));
    }
    files
}
