//! Every file a build writes comes from one [`Output`]: what it reads (the
//! stage outputs in [`OutputCtx`]), what it writes, and which changes make
//! its files stale. `opsite build` writes the registry ([`OUTPUTS`]);
//! `opsite serve` asks it which files an edit made stale instead of keeping
//! lists of its own. A new output is one more entry (llms.txt is `llms.rs`).
// What makes an output stale is read by `serve` alone.
#![cfg_attr(not(feature = "serve"), allow(dead_code))]

use std::collections::HashSet;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use super::alerts::{INCIDENTS_FEED, INCIDENTS_PAGE};
use super::pages::{MERMAID, Nav, bytes_file, redirect_files};
use super::theme::StaticFile;
use super::{PageInputs, Pages};
use crate::config::Config;
use crate::report::BuildFailed;
use crate::util::url::encode_path;
use crate::write::{OutData, OutFile, alias_page, robots_txt, sitemap_xml};

/// What an edit changed, as `serve` tells it apart. Anything else (the
/// configuration, a new or moved page) remakes every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// A page's text: its title, words, dates, tags, aliases or alerts.
    Text,
    /// A template or a static file of the theme.
    Theme,
    /// The code stylesheets: a page highlighted a language or look new to
    /// the site.
    CodeStyle,
}

/// The stage outputs an [`Output`] reads.
pub struct OutputCtx<'a> {
    /// The theme, compiled.
    pub pages: &'a Pages,
    /// What every page shares.
    pub nav: &'a Nav,
    /// `book.toml` after overrides.
    pub config: &'a Config,
    /// What the pages are built as: prefix, language, words.
    pub tree: &'a crate::tree::Tree,
    /// Loaded, parsed and checked documents, and what pages link to.
    pub inputs: PageInputs<'a>,
}

/// One kind of output file.
pub(crate) trait Output: Sync {
    /// Its name, in messages.
    fn name(&self) -> &'static str;
    /// The changes that make its files stale.
    fn stale_on(&self) -> &'static [Change];
    /// A folder all of whose files are this output's: `serve` removes the
    /// ones it no longer makes.
    fn folder(&self) -> Option<&'static str> {
        None
    }
    /// Remade once edits pause, not with the pages of each (the search
    /// index: nobody searches for a word the second after writing it).
    fn deferred(&self) -> bool {
        false
    }
    /// Whether `path` is one of its files (what `serve` keeps until a
    /// deferred output is remade).
    fn owns(&self, path: &str) -> bool {
        self.folder().is_some_and(|f| path.starts_with(f))
    }
    /// Its files.
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>>;
    /// Its files, each handed to `sink` as it is made (what `opsite build`
    /// asks). An output whose files are many or large overrides this, so
    /// they are never all in memory at once; its `files` then collects.
    fn stream(&self, ctx: &OutputCtx, sink: &Sink) -> Result<()> {
        self.files(ctx)?.into_iter().try_for_each(sink)
    }
    /// Whether it reads the pages' search text, which `opsite build` lets
    /// go of once the outputs that read it are written.
    fn reads_search_text(&self) -> bool {
        false
    }
}

pub(crate) use super::claims::Claims;

/// Where [`Output::stream`] hands each file.
pub(crate) type Sink<'a> = dyn Fn(OutFile) -> Result<()> + Sync + 'a;

/// The files `stream` makes, collected.
pub(crate) fn collect(stream: impl FnOnce(&Sink) -> Result<()>) -> Result<Vec<OutFile>> {
    let files = std::sync::Mutex::new(Vec::new());
    stream(&|f| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    // Streams hand files on from several threads: a fixed order for serve.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Every output besides the pages themselves, in the order they win over
/// each other at the same path (the later wins: a site's static `robots.txt`
/// over the generated one). A page wins over all of them.
pub(crate) static OUTPUTS: &[&dyn Output] = &[
    &NotFound,
    &Incidents,
    &Tags,
    &Feeds,
    &Aliases,
    &Redirects,
    &Sitemap,
    &Robots,
    &RunbooksJson,
    &super::llms::Llms,
    &super::coverage::CoveragePage,
    &super::owners::OwnersPage,
    &super::slo::SloPages,
    &super::postmortem::ActionsPage,
    &Markers,
    &CodeCss,
    &super::site_script::SiteScript,
    &Assets,
    &Statics,
    &Search,
];

/// The files of every output `pick` selects, without those a page or a
/// later output writes at the same path.
pub(crate) fn files(ctx: &OutputCtx, pick: impl Fn(&dyn Output) -> bool + Sync) -> Result<Vec<OutFile>> {
    let clock = crate::util::timing::Stopwatch::start();
    let made: Vec<Vec<OutFile>> =
        OUTPUTS.par_iter().filter(|o| pick(**o)).map(|o| o.files(ctx).context(o.name())).collect::<Result<_>>()?;
    clock.lap("generated files");
    let mut seen: HashSet<String> = ctx.inputs.loaded.docs().map(|(_, d)| d.output_file()).collect();
    // Files of the site's own that are not remade here still win.
    if !pick(&Statics) {
        seen.extend(ctx.pages.theme.statics.keys().cloned());
    }
    if !pick(&Assets) {
        seen.extend(ctx.inputs.loaded.assets().iter().map(|a| a.src.rel().to_string()));
    }
    let mut unique: Vec<OutFile> = made.into_iter().flatten().rev().filter(|f| seen.insert(f.path.clone())).collect();
    unique.reverse();
    Ok(unique)
}

/// Writes the files of the outputs `pick` selects through `write`, each
/// file as it is made. A path several outputs make gets the file of the
/// latest in [`OUTPUTS`] (and a page's path none), as [`files`] decides,
/// whatever order they are written in: `claims` remembers who wrote what
/// across calls. The outputs `serve` defers are the large ones (the search
/// index, llms.txt): they run one at a time, so their memory does not add
/// up, and the small ones side by side after them.
pub(crate) fn write_files(
    ctx: &OutputCtx,
    claims: &Claims,
    pick: impl Fn(&dyn Output) -> bool,
    write: &(dyn Fn(&OutFile) -> Result<()> + Sync),
) -> Result<()> {
    let clock = crate::util::timing::Stopwatch::start();
    let each = |(rank, o): (usize, &&dyn Output)| o.stream(ctx, &|f| claims.write(f, rank, write)).context(o.name());
    let picked = OUTPUTS.iter().enumerate().filter(|(_, o)| pick(**o));
    let (large, small): (Vec<_>, Vec<_>) = picked.partition(|(_, o)| o.deferred());
    large.into_iter().try_for_each(each)?;
    small.into_par_iter().try_for_each(each)?;
    clock.lap("generated files written");
    Ok(())
}

/// The files an edit of kind `change` made stale, and the folders whose
/// files are all remade (what else is in them is gone).
pub(crate) fn stale(ctx: &OutputCtx, change: Change) -> Result<(Vec<OutFile>, Vec<&'static str>)> {
    let folders = OUTPUTS.iter().filter(|o| o.stale_on().contains(&change)).filter_map(|o| o.folder()).collect();
    Ok((files(ctx, |o| o.stale_on().contains(&change))?, folders))
}

/// Whether `path` is a file of an output remade once edits pause: it
/// stays until then.
pub(crate) fn deferred_owns(path: &str) -> bool {
    OUTPUTS.iter().any(|o| o.deferred() && o.owns(path))
}

/// Whether the site is at its base URL: not a version in a folder of its own.
fn at_root(ctx: &OutputCtx) -> bool {
    ctx.inputs.versions.is_none_or(|v| v.at_root())
}

/// The site-wide template context (`site`, `nav`, `assets`).
fn base_context(ctx: &OutputCtx) -> Result<tera::Context> {
    Ok(ctx.nav.site.base())
}

/// A page opsite makes (404, incidents, coverage): `template` rendered
/// with the site-wide context, `page`, and no sidebar.
pub(super) fn render_made_page(ctx: &OutputCtx, template: &str, page: &impl serde::Serialize) -> Result<Vec<u8>> {
    let mut tera = base_context(ctx)?;
    tera.insert_value("page", tera::Value::from_serializable(page));
    tera.insert("sidebar", "");
    render(ctx.pages, template, &tera)
}

/// The page opsite makes at `path` from `template` and `view`'s values,
/// with `title`, `kind` and the site's description added; no file when
/// the theme has no such template (a theme made before the page existed).
pub(super) fn made_page(
    ctx: &OutputCtx,
    template: &str,
    path: &str,
    (kind, title): (&str, String),
    view: &impl serde::Serialize,
) -> Result<Vec<OutFile>> {
    if !ctx.pages.renderer.has(template) {
        return Ok(Vec::new());
    }
    let mut page = serde_json::to_value(view)?;
    // Its addresses are its folder's: no view carries them for this.
    let folder = path.strip_suffix("index.html").unwrap_or(path);
    page["url"] = ctx.inputs.path_url(folder).into();
    page["permalink"] = ctx.inputs.permalink(folder).into();
    page["title"] = title.into();
    page["kind"] = kind.into();
    page["description"] = ctx.config.site.description.clone().into();
    Ok(vec![bytes_file(path, render_made_page(ctx, template, &page)?)])
}

fn render(pages: &Pages, template: &str, ctx: &tera::Context) -> Result<Vec<u8>> {
    Ok(pages.renderer.render(template, ctx).map_err(BuildFailed::from)?.into_bytes())
}

/// `404.html`.
struct NotFound;

impl Output for NotFound {
    fn name(&self) -> &'static str {
        "404 page"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let (base_path, base_url) = (ctx.inputs.base_path, ctx.inputs.base_url);
        let page = serde_json::json!({
            "title": ctx.tree.strings.get("not_found", &[]), "kind": "404",
            "url": format!("{base_path}404.html"),
            "permalink": format!("{base_url}404.html"),
            "description": ctx.config.site.description,
        });
        Ok(vec![bytes_file("404.html", render_made_page(ctx, "404.html", &page)?)])
    }
}

/// The incidents page and its feed, when `[issues]` is set.
struct Incidents;

impl Output for Incidents {
    fn name(&self) -> &'static str {
        "incidents"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text, Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        if !ctx.inputs.has_incidents_page() || !ctx.pages.renderer.has("incidents_page.html") {
            return Ok(Vec::new());
        }
        let strings = &ctx.tree.strings;
        let page = ctx.inputs.incidents_page_value(&strings.get("incidents", &[]), &ctx.config.site.description);
        let html = render_made_page(ctx, "incidents_page.html", &page)?;
        let feed_title = strings.get("incidents_feed", &[("site", &ctx.config.site.title)]);
        let feed = ctx.inputs.incidents_feed(&feed_title, &ctx.config.site.title);
        Ok(vec![
            bytes_file(&format!("{INCIDENTS_PAGE}index.html"), html),
            bytes_file(INCIDENTS_FEED, feed.into_bytes()),
        ])
    }
}

/// A page per tag and the list of them.
struct Tags;

impl Output for Tags {
    fn name(&self) -> &'static str {
        "tags"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text, Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let tags = ctx.inputs.tags();
        let r = &ctx.pages.renderer;
        if tags.is_empty() || !r.has("tags.html") || !r.has("tag.html") {
            return Ok(Vec::new());
        }
        let description = &ctx.config.site.description;
        let mut tera = base_context(ctx)?;
        tera.insert("sidebar", "");
        let strings = &ctx.tree.strings;
        let page = ctx.inputs.tags_page_value(&strings.get("tags", &[]), &tags, description);
        tera.insert_value("page", tera::Value::from_serializable(&page));
        let mut files = vec![bytes_file("tags/index.html", render(ctx.pages, "tags.html", &tera)?)];
        for t in &tags {
            let title = strings.get("tagged", &[("tag", &t.name)]);
            let page = ctx.inputs.tag_page_value(&title, &strings.get("tags", &[]), t, description);
            tera.insert_value("page", tera::Value::from_serializable(&page));
            files.push(bytes_file(&format!("tags/{}/index.html", t.slug), render(ctx.pages, "tag.html", &tera)?));
        }
        Ok(files)
    }
}

/// Atom feeds of blogs and tags.
struct Feeds;

impl Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let tags = ctx.inputs.tags();
        Ok(ctx
            .inputs
            .feeds(&ctx.config.site.title, &tags)
            .into_iter()
            .map(|(p, xml)| bytes_file(&p, xml.into_bytes()))
            .collect())
    }
}

/// A redirect page at each frontmatter alias.
struct Aliases;

impl Output for Aliases {
    fn name(&self) -> &'static str {
        "aliases"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let mut files = Vec::new();
        for (d, doc) in ctx.inputs.loaded.docs() {
            let target = ctx.inputs.url(d);
            let permalink = format!("{}{}", ctx.inputs.base_url, encode_path(&doc.path));
            for alias in &doc.front.aliases {
                if let Some(p) = crate::load::alias_from(&doc.path, alias) {
                    let file = if p.ends_with(".html") { p } else { format!("{p}index.html") };
                    files.push(bytes_file(&file, alias_page(&target, &permalink).into_bytes()));
                }
            }
        }
        Ok(files)
    }
}

/// `[redirects]` and `[build] md_urls = "redirect"`.
struct Redirects;

impl Output for Redirects {
    fn name(&self) -> &'static str {
        "redirects"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        Ok(redirect_files(ctx.config, &ctx.inputs))
    }
}

/// `sitemap.xml`, with each page's last update.
struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        // One sitemap for a versioned site: the latest's, at the root.
        if !at_root(ctx) {
            return Ok(Vec::new());
        }
        let base_url = ctx.inputs.base_url;
        let urls: Vec<(String, Option<String>)> = ctx
            .inputs
            .loaded
            .docs()
            .map(|(_, d)| (format!("{base_url}{}", encode_path(&d.path)), d.updated.clone()))
            .collect();
        Ok(vec![bytes_file("sitemap.xml", sitemap_xml(&urls).into_bytes())])
    }
}

/// `robots.txt`, naming the sitemap.
struct Robots;

impl Output for Robots {
    fn name(&self) -> &'static str {
        "robots.txt"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        // A translation's tree is in a folder of the site: its sitemap is
        // named by the root's robots.txt, and a robots.txt there is read
        // by no one.
        let langs = &ctx.tree.languages;
        if !at_root(ctx) || langs.first().is_some_and(|l| !l.current) {
            return Ok(Vec::new());
        }
        let others: Vec<&str> = langs.iter().skip(1).map(|l| l.language.as_str()).collect();
        Ok(vec![bytes_file("robots.txt", robots_txt(ctx.inputs.base_url, &others).into_bytes())])
    }
}

/// `runbooks.json`: alert name → where its runbook is, for Alertmanager
/// templates and other tools: the URL with anchor, the page, and what the
/// rule says.
struct RunbooksJson;

impl Output for RunbooksJson {
    fn name(&self) -> &'static str {
        "runbooks.json"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let inputs = &ctx.inputs;
        let mut runbooks = std::collections::BTreeMap::new();
        for (d, alert) in inputs.checked.all_alerts() {
            let doc = inputs.loaded.doc(d);
            let anchor = alert.fragment();
            let rule = inputs.rules.named(&alert.name).next();
            runbooks.entry(alert.name.clone()).or_insert_with(|| {
                serde_json::json!({
                    "url": format!("{}{}{anchor}", inputs.base_url, encode_path(&doc.path)),
                    "page": doc.source_path().display().to_string(),
                    "anchor": alert.anchor,
                    "severity": rule.and_then(|r| r.severity.clone()),
                    "for": rule.and_then(|r| r.duration.clone()),
                })
            });
        }
        if runbooks.is_empty() {
            return Ok(Vec::new());
        }
        let json = serde_json::to_string_pretty(&runbooks).unwrap_or_else(|_| "{}".into()) + "\n";
        Ok(vec![bytes_file("runbooks.json", json.into_bytes())])
    }
}

/// `.nojekyll` (GitHub Pages publishes `_`-prefixed files) and `CNAME`.
struct Markers;

impl Output for Markers {
    fn name(&self) -> &'static str {
        ".nojekyll and CNAME"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let mut files = vec![bytes_file(".nojekyll", Vec::new())];
        if let Some(cname) = &ctx.config.site.cname {
            files.push(bytes_file("CNAME", format!("{}\n", cname.trim()).into_bytes()));
        }
        Ok(files)
    }
}

/// The light and dark code stylesheets, made from the looks the code uses.
struct CodeCss;

impl Output for CodeCss {
    fn name(&self) -> &'static str {
        "code stylesheets"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::CodeStyle]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        Ok(ctx.nav.code_css_files())
    }
}

/// Files beside the content (images, downloads) and images notebooks held.
struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let files = ctx.inputs.loaded.assets().iter().map(|a| {
            let data = match &a.data {
                Some(bytes) => OutData::Bytes(bytes.to_vec()),
                None => OutData::File(a.src.abs().to_path_buf()),
            };
            OutFile { path: a.src.rel().to_string(), data, source: Some(a.source_path()) }
        });
        Ok(files.collect())
    }
}

/// The theme's static files and the site's `static/`.
struct Statics;

impl Output for Statics {
    fn name(&self) -> &'static str {
        "static files"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let diagrams = ctx.inputs.parsed.docs().any(|(_, p)| p.has_diagram);
        let mut files = Vec::new();
        for (path, f) in &ctx.pages.theme.statics {
            // 3.5 MB that only pages with a diagram load: not written without one.
            if path == MERMAID && !diagrams {
                continue;
            }
            let (data, source) = match f {
                StaticFile::Embedded(b) => (OutData::Embedded(b), None),
                StaticFile::Disk(p) => (OutData::File(p.clone()), Some(p.clone())),
            };
            files.push(OutFile { path: path.clone(), data, source });
        }
        Ok(files)
    }
}

/// The search index under `search/` (none with `[build] search = false`).
struct Search;

impl Output for Search {
    fn name(&self) -> &'static str {
        "search index"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text]
    }
    fn folder(&self) -> Option<&'static str> {
        Some("search/")
    }
    fn deferred(&self) -> bool {
        true
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        collect(|sink| self.stream(ctx, sink))
    }
    fn reads_search_text(&self) -> bool {
        true
    }
    fn stream(&self, ctx: &OutputCtx, sink: &Sink) -> Result<()> {
        if !ctx.config.build.search {
            return Ok(());
        }
        let i = &ctx.inputs;
        let emit = |path: String, bytes| sink(bytes_file(&path, bytes));
        crate::search::build(i.loaded, i.parsed, i.checked, ctx.tree, &emit)
    }
}
