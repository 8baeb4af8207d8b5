//! Walks `content/` and builds the [`Loaded`] site.

use super::names::{INDEX_NAMES, file_name, is_document, is_partial, parent_dir, title_from_name};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::files::{Files, Found, Walk};
use super::{Asset, Doc, DocId, DocKind, Loaded, Section, SectionId};
use crate::report::{BuildFailed, Diagnostic};
use crate::sources::Sources;
use crate::util::ids::IdVec;

/// What to load.
#[derive(Debug, Clone, Default)]
pub(crate) struct LoadOptions {
    /// Include documents marked `draft: true`.
    pub drafts: bool,
    /// The site's own Markdown folder, relative to the root (`content`).
    pub content: String,
    /// The output folder, never read when the content folder is the root.
    pub output: String,
    /// `[build] nav`: a navigation file that overrides the others.
    pub nav: Option<String>,
    /// `[build] lowercase_urls`: publish lowercase paths, as Hugo does.
    pub lowercase_urls: bool,
    /// `[build] unknown_frontmatter = "warn"`: a likely typo of one of
    /// opsite's frontmatter keys is a warning, not an error.
    pub unknown_frontmatter_warns: bool,
    /// `--warn-links`: navigation entries naming no file are warnings, as
    /// broken links are.
    pub warn_links: bool,
    /// `[params]`, for Hugo's `{{% param %}}` in the site's own pages.
    pub params: std::sync::Arc<toml::Table>,
    /// `[build] leaf_bundles`: a folder whose one page is `index.md` is a page.
    pub leaf_bundles: bool,
    /// `[build] relative_aliases`: aliases without a leading slash start
    /// from the page's folder.
    pub relative_aliases: bool,
    /// `[build] mount`: the URL path the content folder is published under.
    pub mount: String,
    /// The tree's language, the site's own, and its other languages
    /// (whose translations, `guide.de.md`, are not pages of this tree).
    pub languages: super::translations::Languages,
}

impl LoadOptions {
    /// The options `[build]` sets.
    pub(crate) fn from_config(build: &crate::config::BuildConfig) -> Self {
        LoadOptions {
            drafts: build.drafts,
            content: build.content.clone(),
            output: build.output.clone(),
            nav: build.nav.clone(),
            unknown_frontmatter_warns: build.unknown_frontmatter == crate::config::Severity::Warn,
            lowercase_urls: build.lowercase_urls,
            warn_links: false,
            params: Default::default(),
            leaf_bundles: build.leaf_bundles,
            relative_aliases: build.relative_aliases,
            mount: build.mount.trim_matches('/').to_string(),
            languages: Default::default(),
        }
    }
}

/// How the files of one origin — the site's content folder, or a source —
/// are read.
#[derive(Debug, Clone)]
pub(super) struct Origin {
    /// A tree the site does not own: a typo-like frontmatter key only
    /// warns, and a block that is not YAML is left out with a warning.
    pub(super) lenient: bool,
    /// Symlinks and includes may not leave this folder (canonical).
    pub(super) boundary: PathBuf,
    /// What `{{% param %}}` reads (the site's `[params]`; none for sources).
    pub(super) params: std::sync::Arc<toml::Table>,
}

/// The origins of a load: the site's content first, then each source.
#[derive(Debug, Clone, Default)]
pub(super) struct Origins(Vec<Origin>);

impl Origins {
    /// The origin of a file whose `Doc::origin` is `source`.
    pub(super) fn of(&self, source: Option<usize>) -> &Origin {
        &self.0[source.map_or(0, |i| i + 1)]
    }
}

/// Loads the site's content folder and every source into a [`Loaded`]
/// site, sources mounted at their prefixes.
///
/// All frontmatter errors are collected and returned together.
pub(crate) fn load(root: &Path, options: &LoadOptions, sources: &Sources) -> Result<Loaded> {
    load_with(root, options, sources, &mut super::Reuse::default())
}

/// [`load`], taking documents whose file has not changed from `reuse`.
pub(super) fn load_with(
    root: &Path,
    options: &LoadOptions,
    sources: &Sources,
    reuse: &mut super::Reuse,
) -> Result<Loaded> {
    let content = options.content.trim_matches('/');
    let content = if content.is_empty() { "." } else { content };
    let content_dir = root.join(content);
    if !content_dir.is_dir() && sources.list.is_empty() {
        anyhow::bail!(
            "{} not found: a site keeps its Markdown in {content}/ (run `opsite init` to start one, or set [build] content)",
            content_dir.display()
        );
    }
    let root_canon = std::fs::canonicalize(root).map_err(|e| anyhow::anyhow!("resolving {}: {e}", root.display()))?;
    let site = Origin {
        lenient: options.unknown_frontmatter_warns,
        boundary: root_canon.clone(),
        params: options.params.clone(),
    };
    let origins = Origins(
        std::iter::once(site)
            .chain(sources.list.iter().map(|s| Origin {
                lenient: s.unknown_frontmatter_warns.unwrap_or(options.unknown_frontmatter_warns),
                boundary: std::fs::canonicalize(&s.checkout).unwrap_or_else(|_| s.checkout.clone()),
                params: Default::default(),
            }))
            .collect(),
    );
    let clock = crate::util::timing::Stopwatch::start();
    let mut walks = Vec::new();
    if content_dir.is_dir() {
        // Docs at the repository root: never read what opsite writes or
        // builds from elsewhere.
        let skip: Vec<String> = if content == "." {
            use crate::config::{THEME_DIRS, TOOL_DIRS};
            std::iter::once(options.output.as_str()).chain(TOOL_DIRS).chain(THEME_DIRS).map(str::to_string).collect()
        } else {
            Vec::new()
        };
        walks.push(Walk {
            // Not `root/.`: paths found must start as the watcher's do.
            dir: if content == "." { root.to_path_buf() } else { content_dir.clone() },
            boundary: origins.of(None).boundary.clone(),
            display: PathBuf::from(if content == "." { "" } else { content }),
            mount: options.mount.clone(),
            skip,
            origin: None,
        });
    }
    for (i, s) in sources.list.iter().enumerate() {
        let boundary = origins.of(Some(i)).boundary.clone();
        let (dir, display, mount) = (s.root.clone(), s.display.clone(), s.mount.clone());
        walks.push(Walk { dir, boundary, display, mount, skip: Vec::new(), origin: Some(i) });
    }
    let files = match (reuse.files.take(), &reuse.changed) {
        (Some(previous), Some(changed)) => previous.update(walks, changed, sources)?,
        _ => Files::walk(walks, sources)?,
    };
    let mut warnings: Vec<Diagnostic> = files.warnings().cloned().collect();
    let placed = super::translations::pages_of(files.found(), &options.languages);
    let found: Vec<&Found> = match &placed {
        Some((pages, notes)) => {
            warnings.extend(notes.iter().cloned());
            pages.iter().collect()
        }
        None => files.found().iter().collect(),
    };
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    let mut clashes = Vec::new();
    for f in &found {
        if let Some(other) = seen.insert(f.src.rel(), f.src.file()) {
            clashes.push(
                Diagnostic::new(f.src.file(), 0, 0, format!("{} is also provided by {}", f.src.rel(), other.display()))
                    .hint(Some(
                        "two sources write the same path: change a `mount`, or `exclude` the file from one".into(),
                    )),
            );
        }
    }
    if !clashes.is_empty() {
        return Err(BuildFailed::new(clashes).into());
    }
    let (nav_found, found): (Vec<&Found>, Vec<&Found>) =
        found.into_iter().partition(|f| super::navfile::is_nav_file(f.src.rel()));
    let mut nav_files = Vec::new();
    let mut nav_errors = Vec::new();
    // Nav files whose entries only warn: in a tree the site does not own
    // (`broken_links = "warn"`), or everywhere under `--warn-links`.
    let mut lenient: HashSet<PathBuf> = nav_found
        .iter()
        .filter(|f| f.src.origin().and_then(|i| sources.list.get(i)).is_some_and(|s| s.warn_links))
        .map(|f| f.src.file().to_path_buf())
        .collect();
    for f in &nav_found {
        let text = crate::util::fs::read_to_string(f.src.abs())?;
        match super::navfile::read(f.src.rel(), &text, f.src.file(), None) {
            Ok(n) => nav_files.push(n),
            Err(d) => nav_errors.push(d),
        }
    }
    // A mounted folder with no navigation file of its own takes its
    // repository's root mkdocs.yml (the usual MkDocs layout: `docs/` below it).
    for (i, s) in sources.list.iter().enumerate().filter(|(_, s)| !s.dir.is_empty()) {
        if nav_found.iter().any(|f| f.src.origin() == Some(i)) {
            continue;
        }
        let Some(yml) = ["mkdocs.yml", "mkdocs.yaml"].iter().map(|n| s.checkout.join(n)).find(|p| p.is_file()) else {
            continue;
        };
        let text = crate::util::fs::read_to_string(&yml)?;
        let shown = yml.strip_prefix(root).unwrap_or(&yml).to_path_buf();
        if s.warn_links {
            lenient.insert(shown.clone());
        }
        match super::navfile::read("mkdocs.yml", &text, &shown, Some((&s.mount, &s.dir))) {
            Ok(n) => nav_files.push(n),
            Err(d) => nav_errors.push(d),
        }
    }
    if let Some(nav) = &options.nav {
        let text = crate::util::fs::read_to_string(&root.join(nav))?;
        let name = nav.rsplit('/').next().unwrap_or(nav);
        // An mkdocs.yml beside the content folder (its `docs_dir`): its
        // paths are the content folder's.
        let content = options.content.trim_start_matches("./").trim_matches('/');
        let above = name.starts_with("mkdocs.").then_some(("", content));
        match super::navfile::read(name, &text, Path::new(nav), above) {
            Ok(mut n) => {
                n.overrides = true;
                nav_files.push(n);
            }
            Err(d) => nav_errors.push(d),
        }
    }
    let (markdown, other): (Vec<&Found>, Vec<&Found>) = found.into_iter().partition(|f| is_document(f.src.rel()));
    let (categories, other): (Vec<&Found>, Vec<&Found>) =
        other.into_iter().partition(|f| super::layout::is_category_file(f.src.rel()));
    let categories: HashMap<&str, &Found> = categories.into_iter().map(|f| (parent_dir(f.src.rel()), f)).collect();
    // Partials are read where they are included, never published.
    let markdown: Vec<&Found> = markdown.into_iter().filter(|f| !is_partial(f.src.rel())).collect();

    // Group Markdown files by directory; every ancestor of a directory that
    // holds Markdown is a section too.
    let mut dirs: BTreeMap<String, Vec<&Found>> = BTreeMap::new();
    dirs.entry(String::new()).or_default();
    for f in markdown {
        let dir = parent_dir(f.src.rel()).to_string();
        let mut d = dir.as_str();
        loop {
            dirs.entry(d.to_string()).or_default();
            if d.is_empty() {
                break;
            }
            d = parent_dir(d);
        }
        dirs.entry(dir).or_default().push(f);
    }

    let promoted = super::beside::settle(&mut dirs, &mut warnings);
    clock.lap("load: walk");
    let mut parsed = super::reuse::read_all(dirs.values().flatten().copied(), &origins, reuse)?;
    clock.lap("load: read or reuse");
    let mut errors = Vec::new();
    let mut builder = Builder::default();
    let mut drafts = HashSet::new();
    let mut cascades: HashMap<&str, super::layout::Cascade> = HashMap::new();
    let home_dir = options.mount.as_str();
    let home = super::layout::slug_home(dirs.get(home_dir).map_or(&[][..], Vec::as_slice), &parsed);
    // `parsed` is in the order of `dirs`' files: each dir's come next.
    let mut next = 0;
    for (dir, files) in &dirs {
        let first = next;
        next += files.len();
        let index_pos = INDEX_NAMES
            .iter()
            .find_map(|name| files.iter().position(|f| file_name(f.src.rel()) == *name))
            .or_else(|| promoted.get(dir).and_then(|rel| files.iter().position(|f| f.src.rel() == rel)));
        let parent = if dir.is_empty() { None } else { builder.by_dir.get(parent_dir(dir)).copied() };
        // Ancestors are visited first (BTreeMap order), so a missing parent
        // means the parent was a draft: skip the whole subtree.
        if !dir.is_empty() && parent.is_none() {
            drafts.extend(files.iter().map(|f| f.src.rel().to_string()));
            continue;
        }
        let inherited = cascades.get(parent_dir(dir)).cloned().filter(|_| !dir.is_empty()).unwrap_or_default();
        // Hugo's leaf bundle: a page of the section above, not a section.
        if let Some(parent) = parent.filter(|_| options.leaf_bundles && super::layout::leaf_bundle(dir, files, &dirs)) {
            match parsed[first].take() {
                Some(Ok(mut doc)) => {
                    inherited.apply(&mut doc, false);
                    builder.add_unless_left_out(doc, parent, files[0].src.rel(), options.drafts, &mut drafts);
                }
                Some(Err(e)) => errors.push(e),
                None => {}
            }
            continue;
        }
        // Each document is taken out once: no copies of bodies.
        let taken = match home.filter(|_| dir == home_dir && index_pos.is_none()) {
            Some(at) => parsed[at].take(),
            None => index_pos.and_then(|i| parsed[first + i].take()),
        };
        let mut index = match taken {
            Some(Ok(doc)) => Some(doc),
            Some(Err(e)) => {
                errors.push(e);
                None
            }
            None => None,
        };
        if let Some(doc) = &mut index {
            inherited.apply(doc, true);
        }
        if let Some(doc) = &index
            && doc.front.draft
            && !options.drafts
            && !dir.is_empty()
        {
            drafts.extend(files.iter().map(|f| f.src.rel().to_string()));
            continue;
        }
        // Hugo's `_build: {render: never}` on a section: its pages are
        // built, the section gets the listing a folder without index has.
        let index = index.filter(|d| dir.is_empty() || !d.front.unrendered());
        let cascade = inherited.below(index.as_ref().map(|d| &*d.front));
        let section = builder.add_section(dir, parent, index);
        if let Some(f) = categories.get(dir.as_str()) {
            let doc = builder.sections[section.0 as usize].doc;
            match super::layout::Category::read(f.src.abs(), f.src.file()) {
                Ok(c) => c.apply(&mut builder.docs[doc.0 as usize]),
                Err(d) => warnings.push(d),
            }
        }
        for (i, f) in files.iter().enumerate() {
            if Some(i) == index_pos {
                continue;
            }
            match parsed[first + i].take() {
                Some(Ok(mut doc)) => {
                    cascade.apply(&mut doc, false);
                    builder.add_unless_left_out(doc, section, f.src.rel(), options.drafts, &mut drafts);
                }
                Some(Err(e)) => errors.push(e),
                None => {}
            }
        }
        cascades.insert(dir, cascade);
    }
    if !errors.is_empty() {
        return Err(BuildFailed::new(errors).into());
    }

    // Entries naming pages of an optional source that could not be had
    // are skipped: the source's own warning says why.
    for n in &mut nav_files {
        n.entries.retain(|(p, _)| !sources.absent.iter().any(|m| crate::util::url::within(p, m)));
    }
    if !nav_files.is_empty() {
        let left_out = |path: &str| sources.list.iter().find_map(|s| Some((s.mount.clone(), s.left_out_by(path)?)));
        nav_errors.extend(super::navfile::apply(&nav_files, &mut builder.docs, &drafts, left_out));
    }
    let (nav_warnings, nav_errors): (Vec<Diagnostic>, Vec<Diagnostic>) =
        nav_errors.into_iter().partition(|d| options.warn_links || lenient.contains(&d.path));
    if !nav_errors.is_empty() {
        return Err(BuildFailed::new(nav_errors).into());
    }
    warnings.extend(nav_warnings);
    warnings.extend(super::lenient::once_per_key(builder.docs.iter().flat_map(|d| d.load_warnings.iter())));
    warnings.extend(super::lenient::foreign_summary(&builder.docs, content));
    let mut docs = IdVec::from_vec(builder.docs);
    let sections = IdVec::from_vec(builder.sections);
    clock.lap("load: sections");
    super::tree::assign_paths(&mut docs, &sections, options, sources, &mut warnings).map_err(BuildFailed::new)?;
    clock.lap("load: URLs");
    super::history::fill_updated(root, content, sources, docs.as_mut_slice());
    for d in docs.as_mut_slice() {
        if let Some(u) = &d.front.updated {
            d.updated = Some(u.chars().take(10).collect());
        }
    }
    clock.lap("git dates");
    let by_source = docs.iter().filter(|(_, d)| d.has_file).map(|(id, d)| (d.src.rel().to_string(), id)).collect();
    let by_url = docs.iter().map(|(id, d)| (d.path.clone(), id)).collect();
    let mut assets = Vec::new();
    let mut asset_by_source = HashSet::new();
    for f in other {
        asset_by_source.insert(f.src.rel().to_string());
        assets.push(Asset { src: f.src.clone(), data: None });
    }
    // Notebook images, written beside their page.
    for d in docs.values() {
        let dir = parent_dir(d.src.rel());
        for (name, bytes) in &d.attachments {
            let source = if dir.is_empty() { name.clone() } else { format!("{dir}/{name}") };
            if asset_by_source.insert(source.clone()) {
                assets.push(Asset {
                    src: super::SourcePath::new(source, d.src.file(), d.src.abs(), d.src.origin()),
                    data: Some(bytes.clone()),
                });
            }
        }
    }
    for d in docs.as_mut_slice() {
        if let Some(s) = d.src.origin().and_then(|i| sources.list.get(i)) {
            let repo_path = s.repo_path(d.src.rel()).unwrap_or_default();
            d.edit_url = s
                .edit_base
                .as_ref()
                .filter(|_| d.has_file)
                .map(|b| format!("{b}{}", crate::util::url::encode_path(&repo_path)));
        }
    }
    clock.lap("load: maps");
    crate::report::verbose(&format!(
        "load: {} pages in {} sections, {} other files",
        docs.values().filter(|d| d.kind == DocKind::Page).count(),
        sections.len(),
        assets.len()
    ));
    Ok(Loaded {
        docs,
        sections,
        assets,
        by_source,
        by_url,
        by_dir: builder.by_dir,
        asset_by_source,
        drafts,
        warnings,
        mounts: sources.list.clone(),
        absent: sources.absent.clone(),
        files,
        content_dir: content.to_string(),
        content_mount: options.mount.clone(),
        origins,
    })
}

#[derive(Default)]
struct Builder {
    docs: Vec<Doc>,
    sections: Vec<Section>,
    by_dir: HashMap<String, SectionId>,
}

fn section_id(i: usize) -> SectionId {
    crate::util::ids::Idx::from_index(i)
}

fn doc_id(i: usize) -> DocId {
    crate::util::ids::Idx::from_index(i)
}

impl Builder {
    fn add_section(&mut self, dir: &str, parent: Option<SectionId>, index: Option<Doc>) -> SectionId {
        let id = section_id(self.sections.len());
        let doc_id = doc_id(self.docs.len());
        // A section without an index file gets an empty one.
        let mut doc = index.unwrap_or_else(|| Doc {
            src: super::SourcePath::new(
                if dir.is_empty() { String::new() } else { format!("{dir}/") },
                if dir.is_empty() { "." } else { dir },
                "",
                None,
            ),
            has_file: false,
            section: id,
            ..super::read::new_page(super::SourcePath::default(), None)
        });
        // A section is named after its directory, not its index file.
        doc.name_title = title_from_name(file_name(dir));
        doc.kind = DocKind::Section(id);
        doc.section = id;
        self.docs.push(doc);
        self.sections.push(Section { dir: dir.to_string(), doc: doc_id, parent, subsections: vec![], pages: vec![] });
        if let Some(p) = parent {
            self.sections[p.0 as usize].subsections.push(id);
        }
        self.by_dir.insert(dir.to_string(), id);
        id
    }

    /// Adds `doc` (of the file `rel`) to `section`, unless it is a draft
    /// (then named in `drafts`) or content only for including (Hugo's
    /// `headless: true`, `_build: {render: never}`).
    fn add_unless_left_out(
        &mut self,
        doc: Doc,
        section: SectionId,
        rel: &str,
        with_drafts: bool,
        drafts: &mut HashSet<String>,
    ) {
        if doc.front.draft && !with_drafts {
            drafts.insert(rel.to_string());
        } else if !doc.front.unrendered() {
            self.add_page(doc, section);
        }
    }

    fn add_page(&mut self, mut doc: Doc, section: SectionId) {
        doc.section = section;
        doc.kind = DocKind::Page;
        self.sections[section.0 as usize].pages.push(doc_id(self.docs.len()));
        self.docs.push(doc);
    }
}
