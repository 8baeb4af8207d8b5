//! Alert rules against runbooks, for `opsite check --alerts`.
//!
//! Reads PrometheusRule objects or plain rule-group files (multi-document
//! YAML) and reports (a) alerts whose runbook annotation points into this
//! site at a missing page or anchor, (b) alerts without a runbook
//! annotation, (c) runbook alerts that no rule defines.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::load::DocId;
use crate::site::Site;

pub use crate::alerts::RUNBOOK_ANNOTATIONS;

/// One alerting rule found in a file.
#[derive(Debug, Clone, Serialize)]
pub struct AlertRule {
    /// File it was found in.
    pub file: PathBuf,
    /// `alert:` name.
    pub alert: String,
    /// Runbook URL, if annotated.
    pub runbook: Option<String>,
}

/// Everything `check --alerts` found.
#[derive(Debug, Default, Serialize)]
pub struct AlertReport {
    /// Rule files read.
    pub files: usize,
    /// Files that held no rule groups (other manifests), skipped.
    pub skipped: Vec<PathBuf>,
    /// Alerting rules found.
    pub rules: usize,
    /// (a) Runbook links into this site that land nowhere.
    pub broken: Vec<Broken>,
    /// (b) Alerts without a runbook annotation.
    pub missing: Vec<AlertRule>,
    /// Runbook links elsewhere, not checked.
    pub external: Vec<AlertRule>,
    /// (c) Alerts listed by a runbook that no rule defines.
    pub undefined: Vec<Undefined>,
    /// Every alerting rule and how its runbook link resolved.
    pub alerts: Vec<AlertStatus>,
}

/// One alert and where its runbook is.
#[derive(Debug, Clone, Serialize)]
pub struct AlertStatus {
    /// `alert:` name.
    pub alert: String,
    /// The rule file.
    pub file: PathBuf,
    /// The runbook annotation, if any.
    pub runbook: Option<String>,
    /// `ok` (lands on a page), `broken`, `elsewhere` (not this site),
    /// `by-name` (no annotation, but a page is named after the alert) or
    /// `none`.
    pub status: &'static str,
    /// The page's source file.
    pub page: Option<PathBuf>,
    /// Why it is broken.
    pub reason: Option<String>,
}

/// A runbook link that lands nowhere.
#[derive(Debug, Clone, Serialize)]
pub struct Broken {
    /// The rule.
    #[serde(flatten)]
    pub rule: AlertRule,
    /// Why.
    pub reason: String,
}

/// A runbook alert no rule defines.
#[derive(Debug, Clone, Serialize)]
pub struct Undefined {
    /// The runbook's source file.
    pub page: PathBuf,
    /// The alert name.
    pub alert: String,
}

/// Expands paths, directories (every `.yaml`/`.yml` below) and quoted globs.
pub fn expand(patterns: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = BTreeSet::new();
    for p in patterns {
        if p.contains(['*', '?', '[']) {
            let mut any = false;
            for entry in glob::glob(p).with_context(|| format!("--alerts {p:?} is not a valid glob"))? {
                let path = entry.with_context(|| format!("expanding {p:?}"))?;
                if path.is_file() {
                    files.insert(path);
                    any = true;
                }
            }
            if !any {
                anyhow::bail!("--alerts {p:?} matches no files");
            }
        } else if Path::new(p).is_dir() {
            for e in walkdir::WalkDir::new(p).sort_by_file_name().into_iter().flatten() {
                let is_yaml = e.path().extension().is_some_and(|x| x == "yaml" || x == "yml");
                if e.file_type().is_file() && is_yaml {
                    files.insert(e.path().to_path_buf());
                }
            }
        } else if Path::new(p).is_file() {
            files.insert(PathBuf::from(p));
        } else {
            anyhow::bail!("--alerts {p:?}: no such file or directory");
        }
    }
    Ok(files.into_iter().collect())
}

/// Alerting rules in one YAML file; `None` when it holds no rule groups.
pub fn read_rules(path: &Path) -> Result<Option<Vec<AlertRule>>> {
    Ok(crate::alerts::read_rule_file(path)?.map(|rules| {
        rules.into_iter().map(|r| AlertRule { file: r.file, alert: r.alert, runbook: r.runbook }).collect()
    }))
}

/// Checks every rule in `files` against the runbooks of `site`.
pub fn check_alerts(site: &Site, files: &[PathBuf]) -> Result<AlertReport> {
    let mut report = AlertReport::default();
    let mut defined = BTreeSet::new();
    for f in files {
        match read_rules(f)? {
            None => report.skipped.push(f.clone()),
            Some(rules) => {
                report.files += 1;
                for rule in rules {
                    report.rules += 1;
                    defined.insert(rule.alert.clone());
                    let mut status = AlertStatus {
                        alert: rule.alert.clone(),
                        file: rule.file.clone(),
                        runbook: rule.runbook.clone(),
                        status: "none",
                        page: None,
                        reason: None,
                    };
                    match &rule.runbook {
                        None => {
                            if let Some(page) = page_named_after(site, &rule.alert) {
                                status.status = "by-name";
                                status.page = Some(page);
                            }
                            report.missing.push(rule);
                        }
                        Some(url) => match locate(site, url) {
                            Located::Elsewhere => {
                                status.status = "elsewhere";
                                report.external.push(rule);
                            }
                            Located::Ok(d) => {
                                status.status = "ok";
                                status.page = Some(site.loaded().doc(d).source_path());
                            }
                            Located::Broken(reason) => {
                                status.status = "broken";
                                status.reason = Some(reason.clone());
                                report.broken.push(Broken { rule, reason });
                            }
                        },
                    }
                    report.alerts.push(status);
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (d, a) in site.checked().all_alerts() {
        if !defined.contains(&a.name) && seen.insert(a.name.clone()) {
            report.undefined.push(Undefined { page: site.loaded().doc(d).source_path(), alert: a.name.clone() });
        }
    }
    Ok(report)
}

enum Located {
    Ok(DocId),
    Broken(String),
    Elsewhere,
}

/// Where a runbook link lands, whichever way the rule writes it:
///
/// - on the site's base URL, with or without the trailing slash, in any
///   case when the site publishes lowercase URLs (a case-only difference
///   otherwise is broken: GitHub Pages is case-sensitive);
/// - kube-prometheus style, `…/runbooks/<component>/<alert lowercased>`;
/// - a repository file URL (`…/blob/<any branch>/<path>`, or `tree`) of the
///   site's repository or of a mounted source, in any content folder;
/// - a repository-relative path (`docs/hub/README.md#anchor`, GitLab's).
fn locate(site: &Site, url: &str) -> Located {
    let (before, frag) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let base = site.config().base_url();
    let loaded = site.loaded();
    let lowercase = site.config().build.lowercase_urls;
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let doc: Option<Result<DocId, String>> = if let Some(path) = before
        .strip_prefix(&base)
        .or_else(|| (before.len() + 1 == base.len() && base.starts_with(before)).then_some(""))
    {
        let decoded = decode(path);
        let path = decoded.trim_end_matches("index.html").trim_end_matches('/');
        let key = if path.is_empty() { String::new() } else { format!("{path}/") };
        let exact =
            loaded.doc_by_url(&key).or_else(|| lowercase.then(|| loaded.doc_by_url(&key.to_lowercase())).flatten());
        Some(exact.ok_or_else(|| match loaded.docs().find(|(_, d)| d.path.eq_ignore_ascii_case(&key)) {
            Some((_, d)) => format!("no page at /{key}: the page is /{}, and the case must match", d.path),
            None => format!("no page at /{key}"),
        }))
    } else if let Some((web, path)) = repository_path(before) {
        repo_doc(site, Some(&web), &decode(&path))
    } else if !crate::util::url::has_scheme(before)
        && !before.starts_with('/')
        && before.contains(['/', '.'])
        && !before.contains(char::is_whitespace)
    {
        repo_doc(site, None, &decode(before))
    } else {
        None
    };
    match doc {
        None => Located::Elsewhere,
        Some(Err(reason)) => Located::Broken(reason),
        Some(Ok(d)) => match frag.filter(|f| !f.is_empty()) {
            Some(f) if !site.parsed().doc(d).ids.contains(f) => {
                Located::Broken(format!("{} has no heading `#{f}`", loaded.doc(d).source_path().display()))
            }
            _ => Located::Ok(d),
        },
    }
}

/// A page documenting `alert` without being linked from the rule: one whose
/// file name or title is the alert's name (case-insensitive), else one
/// with a heading of that name (as runbook collections name them).
fn page_named_after(site: &Site, alert: &str) -> Option<PathBuf> {
    let loaded = site.loaded();
    let named = loaded.docs().find(|(id, d)| {
        d.stem().eq_ignore_ascii_case(alert) || site.parsed().doc(*id).title.eq_ignore_ascii_case(alert)
    });
    if let Some((_, d)) = named {
        return Some(d.source_path());
    }
    loaded
        .docs()
        .find_map(|(id, d)| {
            site.parsed()
                .doc(id)
                .headings
                .iter()
                .find(|h| h.text.eq_ignore_ascii_case(alert))
                .map(|h| (d, h.id.clone()))
        })
        .map(|(d, anchor)| PathBuf::from(format!("{}#{anchor}", d.source_path().display())))
}

/// `(https://github.com/o/r, path)` of a `…/blob/<ref>/<path>` or
/// `…/tree/<ref>/<path>` URL (GitHub and GitLab's `/-/blob/`).
fn repository_path(url: &str) -> Option<(String, String)> {
    for marker in ["/-/blob/", "/-/tree/", "/blob/", "/tree/"] {
        if let Some(i) = url.find(marker) {
            let web = url[..i].trim_end_matches('/').to_string();
            let rest = &url[i + marker.len()..];
            let (_, path) = rest.split_once('/')?;
            return Some((web, path.to_string()));
        }
    }
    None
}

/// The page built from the file at `path` in a repository: the site's own
/// (its repository, any content folder) or a mounted source's. `web`:
/// which repository the URL named (`None`: a repository-relative path, any).
fn repo_doc(site: &Site, web: Option<&str>, path: &str) -> Option<Result<DocId, String>> {
    let loaded = site.loaded();
    let path = path.trim_start_matches("./").trim_end_matches('/');
    let same = |a: &str, b: &str| a.trim_end_matches('/').eq_ignore_ascii_case(b.trim_end_matches('/'));
    let site_repo = site.config().site.repository.as_deref();
    let ours = web.is_none() || site_repo.is_some_and(|r| same(r, web.unwrap_or_default()));
    let mut candidates = Vec::new();
    if ours {
        let content = site.config().build.content.trim_matches('/').trim_start_matches("./").to_string();
        let prefix = format!(
            "{}{}",
            site.repo_prefix(),
            if content == "." || content.is_empty() { String::new() } else { format!("{content}/") }
        );
        if let Some(rel) = path.strip_prefix(&prefix).or_else(|| path.strip_prefix(&format!("{content}/"))) {
            candidates.push(rel.to_string());
        }
    }
    for m in loaded.mounts() {
        let matches_repo = match web {
            None => true,
            Some(w) => m.web.as_deref().is_some_and(|mw| same(mw, w)),
        };
        if !matches_repo {
            continue;
        }
        candidates.extend(m.content_path(path));
    }
    if candidates.is_empty() {
        // Not a file of the site or of anything it mounts.
        return if web.is_none() { Some(Err(format!("no page is built from {path}"))) } else { None };
    }
    for c in &candidates {
        // A file, or a folder whose README/index is the section page.
        if let Some(d) = loaded.doc_by_source(c) {
            return Some(Ok(d));
        }
        if let Some(s) = loaded.section_by_dir(c.trim_end_matches('/')) {
            return Some(Ok(loaded.section(s).doc));
        }
    }
    // A file that moved: same name elsewhere in the same repositories.
    let name = path.rsplit('/').next().unwrap_or(path);
    let moved: Vec<String> = loaded
        .mounts()
        .iter()
        .filter(|m| web.is_none_or(|w| m.web.as_deref().is_some_and(|mw| same(mw, w))))
        .flat_map(|m| loaded.sources().filter_map(move |src| m.repo_path(src)))
        .filter(|p| p.rsplit('/').next() == Some(name))
        .collect();
    let hint = crate::util::text::did_you_mean(path, moved.iter().map(String::as_str))
        .map(|p| format!(" (did you mean {p}?)"))
        .unwrap_or_default();
    Some(Err(format!("no page is built from {path}{hint}")))
}
