//! The build pipeline: config → content → markdown → render → output files.
//!
//! `build` returns the site in memory; `opsite build` writes it to disk,
//! `opsite serve` serves it, `opsite check` only looks at the diagnostics.

use std::collections::{HashMap, HashSet};
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
use crate::render::{PageInputs, Renderer, SiteContext, Theme};

/// Where the persistent caches live, under the site root.
pub const CACHE_DIR: &str = ".opsite-cache";

/// Files opsite writes besides pages, which links may point at.
const GENERATED: [&str; 6] = [
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "syntax-light.css",
    "syntax-dark.css",
    ".nojekyll",
];

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
}

/// A finished build, in memory.
#[derive(Debug)]
pub struct Built {
    /// The configuration in force (after overrides).
    pub config: Config,
    /// Every output file.
    pub files: Vec<OutFile>,
    /// Problems that did not fail the build.
    pub warnings: Vec<Diagnostic>,
    /// Number of pages.
    pub pages: usize,
    /// Number of sections (home included).
    pub sections: usize,
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

/// Runs the whole pipeline and returns the site in memory.
pub fn build(opts: &BuildOptions) -> Result<Built> {
    let config = load_config(opts)?;
    let root = &opts.root;
    let content = content::load(
        root,
        &LoadOptions {
            drafts: config.build.drafts,
        },
    )?;
    let theme = Theme::load(root, &config.site.theme)?;
    let renderer = Renderer::new(&theme)?;
    let cache_dir = opts.cache.then(|| root.join(CACHE_DIR));
    if let Some(dir) = &cache_dir {
        ensure_cache_dir(dir);
    }
    let highlighter = Highlighter::new(cache_dir.as_deref());
    let light_css = highlight::theme_css(&config.markdown.highlight_theme)
        .context("[markdown] highlight_theme")?;
    let dark_css = highlight::theme_css(&config.markdown.highlight_theme_dark)
        .context("[markdown] highlight_theme_dark")?;

    let base_path = config.base_path();
    let base_url = config.base_url();
    let extra_files: HashSet<String> = theme
        .statics
        .keys()
        .cloned()
        .chain(GENERATED.iter().map(|s| s.to_string()))
        .collect();
    let resolver = Resolver::new(&content, &base_path, extra_files);
    let md = MarkdownContext {
        content: &content,
        resolver: &resolver,
        highlighter: &highlighter,
        smart_punctuation: config.markdown.smart_punctuation,
    };
    let rendered: Vec<Rendered> = (0..content.docs.len())
        .into_par_iter()
        .map(|id| markdown::render(&md, id))
        .collect();
    if let Err(e) = highlighter.save() {
        eprintln!("warning: could not save the highlight cache: {e:#}");
    }

    let mut warnings = content.warnings.clone();
    let mut errors = Vec::new();
    let mut link_problems = Vec::new();
    for r in &rendered {
        warnings.extend(r.warnings.iter().cloned());
        link_problems.extend(r.errors.iter().cloned());
    }
    link_problems.extend(check_anchors(&content, &rendered));
    if opts.warn_links {
        warnings.extend(link_problems);
    } else {
        errors.extend(link_problems);
    }
    if !errors.is_empty() {
        sort(&mut errors);
        return Err(BuildFailed { errors }.into());
    }

    let updated = content::dates::last_updated(root, &content);
    let repo_prefix = repo_prefix(root);
    let inputs = PageInputs {
        content: &content,
        rendered: &rendered,
        base_path: &base_path,
        base_url: &base_url,
        site_description: &config.site.description,
        repository: config.site.repository.as_deref(),
        branch: &config.site.branch,
        repo_prefix: &repo_prefix,
        updated: &updated,
    };
    let version = |bytes: &[u8]| format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32);
    let static_version = |name: &str| {
        theme.statics.get(name).and_then(|f| match f {
            crate::render::theme::StaticFile::Embedded(b) => Some(version(b)),
            crate::render::theme::StaticFile::Disk(p) => std::fs::read(p).ok().map(|b| version(&b)),
        })
    };
    let asset_url = |name: &str, v: Option<String>| match v {
        Some(v) => format!("{base_path}{name}?v={v}"),
        None => format!("{base_path}{name}"),
    };
    let assets = Assets {
        css: asset_url("opsite.css", static_version("opsite.css")),
        js: asset_url("opsite.js", static_version("opsite.js")),
        favicon: asset_url("favicon.svg", static_version("favicon.svg")),
        syntax_light: asset_url("syntax-light.css", Some(version(light_css.as_bytes()))),
        syntax_dark: asset_url("syntax-dark.css", Some(version(dark_css.as_bytes()))),
    };
    let site_value = SiteValue {
        title: &config.site.title,
        description: &config.site.description,
        base_url: base_url.clone(),
        base_path: base_path.clone(),
        language: &config.site.language,
        repository: config.site.repository.as_deref(),
        issues_url: config
            .site
            .repository
            .as_ref()
            .map(|r| format!("{}/issues", r.trim_end_matches('/'))),
        generator: concat!("opsite ", env!("CARGO_PKG_VERSION")),
    };
    let site_ctx = SiteContext::new(&site_value, &inputs.top_nav(), &assets);

    let mut files = render_pages(&renderer, &site_ctx, &inputs)?;
    let not_found = {
        let mut ctx = site_ctx.base();
        ctx.insert("page", &serde_json::json!({"title": "Page not found", "kind": "404", "url": format!("{base_path}404.html"), "permalink": format!("{base_url}404.html"), "description": config.site.description}));
        ctx.insert("sidebar", "");
        renderer
            .render("404.html", &ctx, None)
            .map_err(|e| BuildFailed { errors: vec![e] })?
    };
    files.push(OutFile {
        path: "404.html".into(),
        data: OutData::Bytes(not_found.into_bytes()),
    });

    for d in 0..content.docs.len() {
        let target = inputs.url(d);
        let permalink = format!("{base_url}{}", encode_path(&content.docs[d].path));
        for alias in &content.docs[d].front.aliases {
            if let Some(p) = content::tree_alias_path(alias) {
                let file = if p.ends_with(".html") {
                    p
                } else {
                    format!("{p}index.html")
                };
                files.push(OutFile {
                    path: file,
                    data: OutData::Bytes(output::alias_page(&target, &permalink).into_bytes()),
                });
            }
        }
    }
    let sitemap: Vec<(String, Option<String>)> = content
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                format!("{base_url}{}", encode_path(&d.path)),
                updated[i].clone(),
            )
        })
        .collect();
    files.push(OutFile {
        path: "sitemap.xml".into(),
        data: OutData::Bytes(output::sitemap_xml(&sitemap).into_bytes()),
    });
    files.push(OutFile {
        path: "robots.txt".into(),
        data: OutData::Bytes(output::robots_txt(&base_url).into_bytes()),
    });
    files.push(OutFile {
        path: ".nojekyll".into(),
        data: OutData::Bytes(Vec::new()),
    });
    if let Some(cname) = &config.site.cname {
        files.push(OutFile {
            path: "CNAME".into(),
            data: OutData::Bytes(format!("{}\n", cname.trim()).into_bytes()),
        });
    }
    files.push(OutFile {
        path: "syntax-light.css".into(),
        data: OutData::Bytes(light_css.into_bytes()),
    });
    files.push(OutFile {
        path: "syntax-dark.css".into(),
        data: OutData::Bytes(dark_css.into_bytes()),
    });
    for (path, f) in &theme.statics {
        let data = match f {
            crate::render::theme::StaticFile::Embedded(b) => OutData::Embedded(b),
            crate::render::theme::StaticFile::Disk(p) => OutData::File(p.clone()),
        };
        files.push(OutFile {
            path: path.clone(),
            data,
        });
    }
    for a in &content.assets {
        files.push(OutFile {
            path: a.source.clone(),
            data: OutData::File(a.abs.clone()),
        });
    }
    // Later entries win: site static over theme static, pages over assets.
    let mut seen = HashSet::new();
    let mut unique: Vec<OutFile> = files
        .into_iter()
        .rev()
        .filter(|f| seen.insert(f.path.clone()))
        .collect();
    unique.reverse();

    sort(&mut warnings);
    let pages = content
        .docs
        .iter()
        .filter(|d| d.kind == DocKind::Page)
        .count();
    Ok(Built {
        config,
        files: unique,
        warnings,
        pages,
        sections: content.sections.len(),
    })
}

/// Renders every document through its template, in parallel.
fn render_pages(
    renderer: &Renderer,
    site_ctx: &SiteContext,
    inputs: &PageInputs,
) -> Result<Vec<OutFile>> {
    let content = inputs.content;
    // One sidebar per section, shared by all of its pages.
    let sidebars: Vec<String> = if renderer.has("sidebar.html") {
        (0..content.sections.len())
            .into_par_iter()
            .map(|s| {
                let mut ctx = site_ctx.base();
                ctx.insert("items", &inputs.sidebar_items(s));
                renderer.render("sidebar.html", &ctx, None)
            })
            .collect::<Result<_, _>>()
            .map_err(|e| BuildFailed { errors: vec![e] })?
    } else {
        vec![String::new(); content.sections.len()]
    };
    let results: Vec<Result<OutFile, Diagnostic>> = (0..content.docs.len())
        .into_par_iter()
        .map(|d| {
            let doc = &content.docs[d];
            let template = template_for(content, d);
            if !renderer.has(&template) {
                return Err(Diagnostic::new(
                    doc.source_path(),
                    0,
                    0,
                    format!("template {template:?} does not exist"),
                ));
            }
            let url = inputs.url(d);
            let sidebar = mark_current(&sidebars[doc.section], &url);
            let mut ctx = site_ctx.base();
            let page = inputs.page_value(d);
            if let DocKind::Section(_) = doc.kind {
                ctx.insert_value("section", page.clone());
            }
            ctx.insert_value("page", page);
            ctx.insert_value("sidebar", tera::Value::safe_string(&sidebar));
            let html = renderer.render(&template, &ctx, Some(&doc.source_path()))?;
            Ok(OutFile {
                path: doc.output_file(),
                data: OutData::Bytes(html.into_bytes()),
            })
        })
        .collect();
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
        return Err(BuildFailed { errors }.into());
    }
    Ok(files)
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
            format!(
                "{} aria-current=\"page\"{}",
                &sidebar[..end],
                &sidebar[end..]
            )
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
            let where_ = if link.target == d {
                "this page".to_string()
            } else {
                target.source_path().display().to_string()
            };
            problems.push(Diagnostic::new(
                content.docs[d].source_path(),
                link.line,
                0,
                format!(
                    "broken anchor: `{}`: {where_} has no heading or id `{}`{hint}",
                    link.written, link.anchor
                ),
            ));
        }
    }
    problems
}

fn sort(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
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

/// Indexes output files by path (for serving).
pub fn index_files(files: Vec<OutFile>) -> HashMap<String, OutData> {
    files.into_iter().map(|f| (f.path, f.data)).collect()
}
