//! Stage 3, check: [`Loaded`] + [`Parsed`] → [`Checked`]: every link and
//! anchor judged against the whole site, runbook alerts matched to their
//! headings, and every diagnostic of the build sorted, each once.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

pub(crate) mod alerts;
pub(crate) mod coverage;
pub(crate) mod external;
pub(crate) mod locate;
mod postmortem;
pub(crate) mod review;

use alerts::documented_by;

use crate::load::{AlertRef, Doc, DocId, Loaded};
use crate::parse::{LinkTarget, Parsed, ParsedDoc, slug};
use crate::report::{Diagnostic, sort_unique};
use crate::util::ids::IdVec;
use crate::util::text::did_you_mean;

/// How strict to be, and where the site lives (for rules' runbook links).
#[derive(Debug, Clone, Default)]
pub(crate) struct CheckOptions {
    /// Broken links and anchors are warnings instead of errors.
    pub warn_links: bool,
    /// The site's URLs and repository.
    pub urls: locate::SiteUrls,
    /// `[redirects]`: (old path, new path or URL, book.toml line).
    pub redirects: Vec<(String, String, usize)>,
    /// `[runbooks] review_every`, in days, and today (days since 1970).
    pub review: Option<(i64, i64)>,
    /// `[runbooks] sections`: the headings every runbook should have.
    pub sections: Vec<String>,
    /// Alerts `[slo] specs` generate: defined, though no rule file has them.
    pub generated: Vec<String>,
}

/// The verdict on a parsed site.
#[derive(Debug)]
pub struct Checked {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    alerts: IdVec<DocId, Vec<ResolvedAlert>>,
    runbooks_index: Option<crate::load::SectionId>,
    /// How the runbooks cover `[runbooks] rules`, in their order.
    coverage: coverage::Coverage,
}

/// A runbook alert with the heading it documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedAlert {
    /// Alert name.
    pub name: String,
    /// Heading id.
    pub anchor: String,
    /// Whether the page has that id.
    pub exists: bool,
}

impl ResolvedAlert {
    /// `#anchor` for a link to its heading (empty when it has none).
    pub fn fragment(&self) -> String {
        if self.anchor.is_empty() { String::new() } else { format!("#{}", self.anchor) }
    }
}

/// Checks the site. `static_files` are output paths copied from theme and
/// site static files with their source, to warn (with the assets) when a
/// page's output replaces one.
pub(crate) fn check(
    loaded: &Loaded,
    parsed: &Parsed,
    rules: &crate::alerts::RuleSet,
    static_files: &[(String, PathBuf)],
    opts: &CheckOptions,
) -> Checked {
    let mut files: Vec<(String, PathBuf)> =
        loaded.assets().iter().map(|a| (a.src.rel().to_string(), a.source_path())).collect();
    files.extend_from_slice(static_files);
    let mut warnings: Vec<Diagnostic> = loaded.warnings().to_vec();
    let mut links = Vec::new();
    let mut errors = Vec::new();
    let mut alerts = IdVec::default();
    for (id, p) in parsed.docs() {
        let doc = loaded.doc(id);
        warnings.extend(p.warnings.iter().cloned());
        let problems = link_problems(loaded, parsed, id, doc, p);
        // A source the site does not own may ask for warnings only.
        if doc.src.origin().and_then(|i| loaded.mounts().get(i)).is_some_and(|m| m.warn_links) {
            warnings.extend(problems);
        } else {
            links.extend(problems);
        }
        let resolved = resolve_alerts(doc, p);
        for a in resolved.iter().filter(|a| !a.exists) {
            errors.push(
                Diagnostic::new(
                    doc.source_path(),
                    doc.key_line("alerts"),
                    1,
                    format!("runbook alert `{}` has no heading `#{}` on this page", a.name, a.anchor),
                )
                .hint(Some(format!(
                    "add a heading `## {}`, or give the anchor as {{name: {}, anchor: …}}",
                    a.name, a.name
                ))),
            );
        }
        alerts.push(resolved);
    }
    let mut touched = HashSet::new();
    for (doc, alert) in documented_by(loaded, parsed, rules, &opts.urls, &alerts, &mut warnings) {
        alerts[doc].push(alert);
        touched.insert(doc);
    }
    // A page's alerts in the order of their headings.
    for doc in touched {
        let headings = &parsed.doc(doc).headings;
        alerts[doc].sort_by_key(|a| headings.iter().position(|h| h.id == a.anchor).unwrap_or(0));
    }
    if opts.warn_links {
        warnings.extend(links);
    } else {
        errors.extend(links);
    }
    if let Some((every, today)) = opts.review {
        warnings.extend(review::review_problems(loaded, &alerts, every, today));
    }
    warnings.extend(postmortem::time_problems(loaded));
    warnings.extend(shadowed_files(loaded, &files));
    errors.extend(redirect_problems(loaded, &files, &opts.redirects));
    errors.extend(file_where_a_folder_goes(loaded));
    sort_unique(&mut errors);
    sort_unique(&mut warnings);
    crate::report::verbose(&format!("check: {} errors, {} warnings", errors.len(), warnings.len()));
    let runbooks_index = runbooks_index(loaded, &alerts);
    let links: Vec<coverage::RuleLink> =
        rules.all().iter().map(|r| coverage::RuleLink { alert: &r.alert, runbook: r.runbook.as_deref() }).collect();
    let coverage = coverage::coverage(loaded, parsed, &alerts, &opts.urls, &links, opts);
    Checked { errors, warnings, alerts, runbooks_index, coverage }
}

impl Checked {
    /// Problems that fail the build.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// Problems that do not.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The runbook alerts of a document, matched to headings.
    pub fn alerts(&self, id: DocId) -> &[ResolvedAlert] {
        &self.alerts[id]
    }

    /// The runbooks index: the deepest section holding every page that
    /// documents an alert (`None` when none does).
    pub fn runbooks_index(&self) -> Option<crate::load::SectionId> {
        self.runbooks_index
    }

    /// How the runbooks cover `[runbooks] rules` (in the order of
    /// [`crate::alerts::RuleSet::all`]).
    pub(crate) fn coverage(&self) -> &coverage::Coverage {
        &self.coverage
    }

    /// Every document's runbook alerts.
    pub(crate) fn alerts_by_doc(&self) -> &IdVec<DocId, Vec<ResolvedAlert>> {
        &self.alerts
    }

    /// Every runbook alert of the site with its page.
    pub fn all_alerts(&self) -> impl Iterator<Item = (DocId, &ResolvedAlert)> {
        self.alerts.iter().flat_map(|(id, list)| list.iter().map(move |a| (id, a)))
    }
}

/// The deepest section that every alert-documenting page is in.
fn runbooks_index(loaded: &Loaded, alerts: &IdVec<DocId, Vec<ResolvedAlert>>) -> Option<crate::load::SectionId> {
    let mut common: Option<Vec<crate::load::SectionId>> = None;
    for (d, _) in alerts.iter().filter(|(_, a)| !a.is_empty()) {
        let chain = loaded.sections_of(d);
        common = Some(match common {
            None => chain,
            Some(c) => c.into_iter().zip(chain).take_while(|(a, b)| a == b).map(|(a, _)| a).collect(),
        });
    }
    common?.last().copied()
}

/// `[redirects]` whose old path is a page's, or whose new path is nothing
/// the site publishes (URLs elsewhere are not checked).
fn redirect_problems(
    loaded: &Loaded,
    files: &[(String, PathBuf)],
    redirects: &[(String, String, usize)],
) -> Vec<Diagnostic> {
    let page_at = |path: &str| {
        let p = path.trim_start_matches('/').trim_end_matches("index.html").trim_end_matches('/');
        loaded.doc_by_url(&if p.is_empty() { String::new() } else { format!("{p}/") })
    };
    let mut out = Vec::new();
    for (from, to, line) in redirects {
        let here = |m: String, hint: &str| {
            Diagnostic::new(crate::config::CONFIG_FILE, *line, 1, m).hint(Some(hint.to_string()))
        };
        if let Some(id) = page_at(from) {
            out.push(here(
                format!("redirect from {from}: {} is published there", loaded.doc(id).source_path().display()),
                "a redirect may only stand where no page is",
            ));
        }
        if !to.starts_with('/') {
            continue;
        }
        let path = to.split(['#', '?']).next().unwrap_or("");
        let file = path.trim_start_matches('/');
        // Into an optional source that could not be had: unchecked, as
        // links there are (its one warning says why).
        let absent = loaded.absent_mount(file.trim_end_matches('/')).is_some();
        if !absent && page_at(path).is_none() && !files.iter().any(|(f, _)| f == file) {
            out.push(here(
                format!("redirect from {from} to {to}: the site publishes nothing at {path}"),
                "point it at a page's address, like /users/access/",
            ));
        }
    }
    out
}

/// Broken links, and `#fragment` links that land on no id of their target.
fn link_problems(loaded: &Loaded, parsed: &Parsed, id: DocId, doc: &Doc, p: &ParsedDoc) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Suggestions look through every id of the target: a page gets them for
    // its first broken anchors only (each is still reported).
    let mut suggestions_left = 100usize;
    for link in &p.links {
        match &link.target {
            LinkTarget::Broken { message, hint } => out.push(
                Diagnostic::new(doc.source_path(), link.line, link.col, format!("broken link: {message}"))
                    .hint(hint.clone()),
            ),
            LinkTarget::Site(Some((target, anchor))) => {
                let ids = &parsed.doc(*target).ids;
                if ids.contains(anchor) {
                    continue;
                }
                suggestions_left = suggestions_left.saturating_sub(1);
                let hint = (suggestions_left > 0)
                    .then(|| {
                        ids.iter()
                            .find(|i| i.eq_ignore_ascii_case(anchor))
                            .map(String::as_str)
                            .or_else(|| did_you_mean(anchor, ids.iter().map(String::as_str)))
                    })
                    .flatten()
                    .map(|i| format!("did you mean #{i}?"));
                let where_ = if *target == id {
                    "this page".to_string()
                } else {
                    loaded.doc(*target).source_path().display().to_string()
                };
                out.push(
                    Diagnostic::new(
                        doc.source_path(),
                        link.line,
                        link.col,
                        format!("broken anchor: `{}`: {where_} has no heading or id `{anchor}`", link.written),
                    )
                    .hint(hint),
                );
            }
            LinkTarget::Site(None) => {}
        }
    }
    out
}

/// The alerts a document's frontmatter lists, each matched to its heading:
/// the heading whose text is the alert name, else the slug of the name.
pub(crate) fn resolve_alerts(doc: &Doc, parsed: &ParsedDoc) -> Vec<ResolvedAlert> {
    doc.front
        .alerts
        .iter()
        .map(|a| {
            let (name, anchor) = match a {
                AlertRef::Full { name, anchor } => (name.clone(), anchor.clone()),
                AlertRef::Name(name) => {
                    let by_text = parsed.headings.iter().find(|h| h.text == *name).map(|h| h.id.clone());
                    (name.clone(), by_text.unwrap_or_else(|| slug::slug(name)))
                }
            };
            let exists = parsed.ids.contains(&anchor);
            ResolvedAlert { name, anchor, exists }
        })
        .collect()
}

/// Files whose output path is a folder a page needs (`content/guide`, a
/// file, beside `content/guide.md`, which is written to `guide/index.html`).
fn file_where_a_folder_goes(loaded: &Loaded) -> Vec<Diagnostic> {
    if loaded.assets().is_empty() {
        return Vec::new();
    }
    let mut dirs: HashMap<String, &Doc> = HashMap::new();
    for (_, d) in loaded.docs() {
        let mut p = d.path.trim_end_matches('/');
        while !p.is_empty() {
            dirs.entry(p.to_string()).or_insert(d);
            p = p.rfind('/').map_or("", |i| &p[..i]);
        }
    }
    loaded
        .assets()
        .iter()
        .filter_map(|a| {
            let page = dirs.get(a.src.rel())?;
            Some(
                Diagnostic::new(
                    a.source_path(),
                    0,
                    0,
                    format!(
                        "this file would be written at /{}, where {} needs a folder",
                        a.src.rel(),
                        page.source_path().display()
                    ),
                )
                .hint(Some("rename or remove one of them (a file without an extension is the usual culprit)".into())),
            )
        })
        .collect()
}

/// Copied files that a page's output replaces.
fn shadowed_files(loaded: &Loaded, files: &[(String, PathBuf)]) -> Vec<Diagnostic> {
    // Pages only write `…index.html`: nothing else can collide.
    let candidates: Vec<&(String, PathBuf)> = files.iter().filter(|(p, _)| p.ends_with("index.html")).collect();
    if candidates.is_empty() {
        return Vec::new();
    }
    let pages: HashSet<String> = loaded.docs().map(|(_, d)| d.output_file()).collect();
    candidates
        .into_iter()
        .filter(|(p, _)| pages.contains(p))
        .map(|(p, source)| Diagnostic::new(source, 0, 0, format!("not copied: the page at /{p} is written there")))
        .collect()
}
