//! Rendering pages and generated files from the stage outputs.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use rayon::prelude::*;
use serde::Serialize;

use super::theme::StaticFile;
use super::{PageInputs, Renderer, SidebarKey, SiteContext, Theme, template_errors};
use crate::config::Config;
use crate::load::{DocId, DocKind, HOME, SectionId};
use crate::parse::highlight;
use crate::report::{BuildFailed, Diagnostic};
use crate::util::url::encode_path;
use crate::write::{OutData, OutFile, alias_page, robots_txt, sitemap_xml};

/// The bundled diagram renderer (mermaid, MIT; themes/default/LICENSES).
const MERMAID: &str = "mermaid.min.js";

/// Files opsite writes besides pages, which links may point at.
const GENERATED: [&str; 6] =
    ["sitemap.xml", "robots.txt", "404.html", "syntax-light.css", "syntax-dark.css", ".nojekyll"];

/// The theme, compiled, and what every page of a build shares.
pub struct Pages {
    theme: Theme,
    renderer: Renderer,
    light_css: String,
    dark_css: String,
    /// `site`, `nav`, `assets` and the sidebars, made once per navigation
    /// change.
    shared: Option<Nav>,
    /// A hash of `shared`'s site-wide values.
    shared_key: u64,
    /// `[issues]` is set: runbooks get an incidents page and feed.
    incidents: bool,
    /// `[build] broken_links = "warn"`: the site's own content is a tree
    /// it does not own (another tool's project, read as it is).
    content_lenient: bool,
}

/// What every page of a build shares, made by [`Pages::nav`].
pub struct Nav {
    site: SiteContext,
    /// Each page's sidebar.
    of_doc: HashMap<DocId, SidebarKey>,
    /// The distinct sidebars, rendered.
    sidebars: HashMap<SidebarKey, String>,
    /// A hash of the site-wide values.
    key: u64,
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    repository: Option<&'a str>,
    issues_url: Option<String>,
    generator: &'static str,
    search: bool,
}

#[derive(Serialize)]
struct Assets {
    css: String,
    js: String,
    mermaid: String,
    favicon: String,
    search: String,
    syntax_light: String,
    syntax_dark: String,
}

impl Pages {
    /// Compiles the theme's templates and the code stylesheets.
    pub fn new(theme: Theme, config: &Config) -> Result<Pages> {
        let renderer = Renderer::new(&theme)?;
        highlight::check_theme(&config.markdown.highlight_theme).context("[markdown] highlight_theme")?;
        highlight::check_theme(&config.markdown.highlight_theme_dark).context("[markdown] highlight_theme_dark")?;
        Ok(Pages {
            theme,
            renderer,
            light_css: String::new(),
            dark_css: String::new(),
            shared: None,
            shared_key: 0,
            incidents: config.issues.is_some(),
            content_lenient: config.build.broken_links == crate::config::Severity::Warn,
        })
    }

    /// Uses these code stylesheets (light, dark): made once the code is
    /// highlighted, from the looks it uses. Call [`Pages::nav`] after: the
    /// pages link them by version. Returns whether they changed.
    pub fn set_code_css(&mut self, (light, dark): (String, String)) -> bool {
        let changed = light != self.light_css || dark != self.dark_css;
        self.light_css = light;
        self.dark_css = dark;
        changed
    }

    /// The code stylesheets as files (for `serve` after an edit).
    pub fn code_css_files(&self) -> Vec<OutFile> {
        vec![
            bytes_file("syntax-light.css", self.light_css.clone().into_bytes()),
            bytes_file("syntax-dark.css", self.dark_css.clone().into_bytes()),
        ]
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

    /// Makes what every page shares: `site`, `nav`, `assets` and one
    /// sidebar per section. Hand it to [`Pages::set_nav`]; again after the
    /// order or a section changed.
    pub fn nav(&self, config: &Config, inputs: &PageInputs) -> Result<Nav, BuildFailed> {
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
        let assets = Assets {
            css: static_url("opsite.css"),
            js: static_url("opsite.js"),
            mermaid: static_url(MERMAID),
            favicon: static_url("favicon.svg"),
            search: static_url("search.js"),
            syntax_light: format!("{base_path}syntax-light.css?v={}", version(self.light_css.as_bytes())),
            syntax_dark: format!("{base_path}syntax-dark.css?v={}", version(self.dark_css.as_bytes())),
        };
        let site = &config.site;
        let site_value = SiteValue {
            title: &site.title,
            description: &site.description,
            base_url: inputs.base_url,
            base_path,
            language: &site.language,
            repository: site.repository.as_deref(),
            issues_url: site.repository.as_ref().map(|r| format!("{}/issues", r.trim_end_matches('/'))),
            generator: concat!("opsite ", env!("CARGO_PKG_VERSION")),
            search: config.build.search,
        };
        let nav_tree = inputs.nav_tree();
        let key = crate::util::hash_serialized(&(&site_value, &nav_tree, &assets));
        let site_ctx = SiteContext::new(&site_value, &nav_tree, &assets);
        // Each distinct sidebar once, shared by the pages showing it.
        let limit = config.build.sidebar_limit;
        let (of_doc, keys) = inputs.sidebar_keys(limit);
        let sidebars: HashMap<SidebarKey, String> = if self.renderer.has("sidebar.html") {
            keys.par_iter()
                .map(|&k| {
                    let mut ctx = site_ctx.base();
                    ctx.insert("items", &inputs.sidebar_items(k, limit));
                    self.renderer.render("sidebar.html", &ctx).map(|html| (k, html))
                })
                .collect::<Result<_, _>>()
                .map_err(BuildFailed::from)?
        } else {
            HashMap::new()
        };
        Ok(Nav { site: site_ctx, of_doc, sidebars, key })
    }

    /// Uses `nav` for the pages rendered from now on.
    pub fn set_nav(&mut self, nav: Nav) {
        self.shared_key = nav.key;
        self.shared = Some(nav);
    }

    /// The templates in force, by name.
    pub fn templates(&self) -> &std::collections::BTreeMap<String, super::theme::TemplateSource> {
        &self.theme.templates
    }

    /// A hash of what every page shares (`site`, `nav`, `assets`): when it
    /// changes, every page must be rendered again.
    pub fn shared_key(&self) -> u64 {
        self.shared_key
    }

    /// A hash of the sidebars of section `s`'s pages (before the current
    /// page is marked): when it changes, they are rendered again.
    pub fn sidebar_hash(&self, s: SectionId) -> u64 {
        let Some(nav) = &self.shared else { return 0 };
        let mut keys: Vec<_> = nav.sidebars.iter().filter(|(k, _)| k.section == s).collect();
        keys.sort_by_key(|(k, _)| k.start);
        crate::util::hash_serialized(&keys.iter().map(|(k, html)| (k.start, html.as_str())).collect::<Vec<_>>())
    }

    /// The sidebar page `d` shows (before the current page is marked).
    fn sidebar_of(nav: &Nav, d: DocId) -> &str {
        nav.of_doc.get(&d).and_then(|k| nav.sidebars.get(k)).map_or("", String::as_str)
    }

    /// Renders one page through its template.
    pub fn render_page(&self, inputs: &PageInputs, d: DocId) -> Result<OutFile, (Diagnostic, PathBuf)> {
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
        let Some(nav) = &self.shared else {
            return Err((Diagnostic::new(&source, 0, 0, "internal: navigation was not prepared"), source));
        };
        let url = inputs.url(d);
        let sidebar = mark_current(Self::sidebar_of(nav, d), &url);
        let mut ctx = nav.site.base();
        let page = inputs.page_value(d);
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
    pub fn render_pages(&self, inputs: &PageInputs, ids: &[DocId]) -> Result<Vec<OutFile>, BuildFailed> {
        let results: Vec<_> = ids.par_iter().map(|&d| self.render_page(inputs, d)).collect();
        let (ok, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if !errors.is_empty() {
            return Err(template_errors(errors.into_iter().filter_map(Result::err).collect()));
        }
        Ok(ok.into_iter().filter_map(Result::ok).collect())
    }

    /// Renders every page and hands each to `write` as soon as it is
    /// rendered, so a large site never sits in memory whole. Returns the
    /// number of pages.
    pub fn write_pages(&self, inputs: &PageInputs, write: impl Fn(&OutFile) -> Result<()> + Sync) -> Result<usize> {
        let errors = std::sync::Mutex::new(Vec::new());
        let ids = inputs.loaded.doc_ids();
        ids.par_iter().try_for_each(|&d| match self.render_page(inputs, d) {
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
        let lenient = match doc.origin {
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

    /// 404 page, aliases, sitemap, robots.txt, CNAME, runbooks.json,
    /// the incidents page and feed, stylesheets, static files and assets
    /// (the search index is [`Pages::search_files`]).
    pub fn generated_files(&self, config: &Config, inputs: &PageInputs) -> Result<Vec<OutFile>> {
        let base_url = inputs.base_url;
        let mut files = Vec::new();
        let Some(Nav { site: site_ctx, .. }) = &self.shared else {
            anyhow::bail!("internal: navigation was not prepared")
        };
        let mut ctx = site_ctx.base();
        ctx.insert(
            "page",
            &serde_json::json!({
                "title": "Page not found", "kind": "404",
                "url": format!("{}404.html", inputs.base_path),
                "permalink": format!("{base_url}404.html"),
                "description": config.site.description,
            }),
        );
        ctx.insert("sidebar", "");
        let not_found = self.renderer.render("404.html", &ctx).map_err(BuildFailed::from)?;
        files.push(bytes_file("404.html", not_found.into_bytes()));
        if inputs.has_incidents_page() && self.renderer.has("incidents_page.html") {
            ctx.insert_value(
                "page",
                tera::Value::from_serializable(&inputs.incidents_page_value(&config.site.description)),
            );
            let html = self.renderer.render("incidents_page.html", &ctx).map_err(BuildFailed::from)?;
            let page = format!("{}index.html", super::alerts::INCIDENTS_PAGE);
            files.push(bytes_file(&page, html.into_bytes()));
            let feed = inputs.incidents_feed(&config.site.title);
            files.push(bytes_file(super::alerts::INCIDENTS_FEED, feed.into_bytes()));
        }
        // Tags and blogs: a page per tag, a list of them, and feeds.
        let tags = inputs.tags();
        let description = &config.site.description;
        if !tags.is_empty() && self.renderer.has("tags.html") && self.renderer.has("tag.html") {
            ctx.insert_value("page", tera::Value::from_serializable(&inputs.tags_page_value(&tags, description)));
            let html = self.renderer.render("tags.html", &ctx).map_err(BuildFailed::from)?;
            files.push(bytes_file("tags/index.html", html.into_bytes()));
            for t in &tags {
                ctx.insert_value("page", tera::Value::from_serializable(&inputs.tag_page_value(t, description)));
                let html = self.renderer.render("tag.html", &ctx).map_err(BuildFailed::from)?;
                files.push(bytes_file(&format!("tags/{}/index.html", t.slug), html.into_bytes()));
            }
        }
        for (path, xml) in inputs.feeds(&config.site.title, &tags) {
            files.push(bytes_file(&path, xml.into_bytes()));
        }
        let loaded = inputs.loaded;
        for (d, doc) in loaded.docs() {
            let target = inputs.url(d);
            let permalink = format!("{base_url}{}", encode_path(&doc.path));
            for alias in &doc.front.aliases {
                if let Some(p) = crate::load::alias_from(&doc.path, alias) {
                    let file = if p.ends_with(".html") { p } else { format!("{p}index.html") };
                    files.push(bytes_file(&file, alias_page(&target, &permalink).into_bytes()));
                }
            }
        }
        files.extend(redirect_files(config, inputs));
        let sitemap: Vec<(String, Option<String>)> =
            loaded.docs().map(|(_, d)| (format!("{base_url}{}", encode_path(&d.path)), d.updated.clone())).collect();
        files.push(bytes_file("sitemap.xml", sitemap_xml(&sitemap).into_bytes()));
        files.push(bytes_file("robots.txt", robots_txt(base_url).into_bytes()));
        // Alert name → where its runbook is, for Alertmanager templates and
        // other tools: the URL with anchor, the page, and what the rule says.
        let mut runbooks = std::collections::BTreeMap::new();
        for (d, alert) in inputs.checked.all_alerts() {
            let doc = loaded.doc(d);
            let anchor = if alert.anchor.is_empty() { String::new() } else { format!("#{}", alert.anchor) };
            let rule = inputs.rules.named(&alert.name).next();
            runbooks.entry(alert.name.clone()).or_insert_with(|| {
                serde_json::json!({
                    "url": format!("{base_url}{}{anchor}", encode_path(&doc.path)),
                    "page": doc.source_path().display().to_string(),
                    "anchor": alert.anchor,
                    "severity": rule.and_then(|r| r.severity.clone()),
                    "for": rule.and_then(|r| r.duration.clone()),
                })
            });
        }
        if !runbooks.is_empty() {
            let json = serde_json::to_string_pretty(&runbooks).unwrap_or_else(|_| "{}".into()) + "\n";
            files.push(bytes_file("runbooks.json", json.into_bytes()));
        }
        files.push(bytes_file(".nojekyll", Vec::new()));
        if let Some(cname) = &config.site.cname {
            files.push(bytes_file("CNAME", format!("{}\n", cname.trim()).into_bytes()));
        }
        files.extend(self.code_css_files());
        for a in loaded.assets() {
            let data = match &a.data {
                Some(bytes) => OutData::Bytes(bytes.to_vec()),
                None => OutData::File(a.abs.clone()),
            };
            files.push(OutFile { path: a.source.clone(), data, source: Some(a.source_path()) });
        }
        let diagrams = inputs.parsed.docs().any(|(_, p)| p.has_diagram);
        for (path, f) in &self.theme.statics {
            // 3.5 MB that only pages with a diagram load: not written without one.
            if path == MERMAID && !diagrams {
                continue;
            }
            let data = match f {
                StaticFile::Embedded(b) => OutData::Embedded(b),
                StaticFile::Disk(p) => OutData::File(p.clone()),
            };
            let source = match f {
                StaticFile::Disk(p) => Some(p.clone()),
                StaticFile::Embedded(_) => None,
            };
            files.push(OutFile { path: path.clone(), data, source });
        }
        // Pages win over files at the same path (a warning says so); among
        // the rest the later wins: static/ over generated files like robots.txt.
        let mut seen: HashSet<String> = loaded.docs().map(|(_, d)| d.output_file()).collect();
        let mut unique: Vec<OutFile> = files.into_iter().rev().filter(|f| seen.insert(f.path.clone())).collect();
        unique.reverse();
        Ok(unique)
    }
}

impl Pages {
    /// The search index's files (none when `[build] search = false`).
    pub fn search_files(&self, config: &Config, inputs: &PageInputs) -> Vec<OutFile> {
        if !config.build.search {
            return Vec::new();
        }
        let index = crate::search::build(inputs.loaded, inputs.parsed, inputs.checked, inputs.base_path);
        index.files.into_iter().map(|(path, bytes)| bytes_file(&path, bytes)).collect()
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

fn bytes_file(path: &str, bytes: Vec<u8>) -> OutFile {
    OutFile { path: path.to_string(), data: OutData::Bytes(bytes), source: None }
}

/// The template a document is rendered with.
pub fn template_of(doc: &crate::load::Doc) -> String {
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
/// section (0.2 ms each at 10,000 pages) and shared by its pages; rendering
/// it per page would cost about 2 s of template work on that site. The
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
fn redirect_files(config: &Config, inputs: &PageInputs) -> Vec<OutFile> {
    let mut files = Vec::new();
    if config.build.md_urls == crate::config::MdUrls::Redirect {
        for (d, doc) in inputs.loaded.docs().filter(|(_, d)| d.has_file) {
            let permalink = format!("{}{}", inputs.base_url, encode_path(&doc.path));
            let page = alias_page(&inputs.url(d), &permalink);
            files.push(bytes_file(&format!("{}/index.html", doc.source), page.into_bytes()));
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
