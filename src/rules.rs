//! Alert rules against runbooks, for `opsite check --alerts`.
//!
//! Reads PrometheusRule objects or plain rule-group files (multi-document
//! YAML) and reports (a) alerts whose runbook annotation points into this
//! site at a missing page or anchor, (b) alerts without a runbook
//! annotation, (c) runbook alerts that no rule defines.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::load::DocId;
use crate::site::Site;

/// Annotation names that hold a runbook URL, in order of preference.
pub const RUNBOOK_ANNOTATIONS: [&str; 3] = ["runbook_url", "runbook", "sop_url"];

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

#[derive(Deserialize)]
struct RuleDoc {
    #[serde(default)]
    spec: Option<Groups>,
    #[serde(default)]
    groups: Option<Vec<Group>>,
}

#[derive(Deserialize)]
struct Groups {
    #[serde(default)]
    groups: Option<Vec<Group>>,
}

#[derive(Deserialize)]
struct Group {
    #[serde(default)]
    rules: Vec<serde_json::Value>,
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
    let text = crate::util::fs::read_to_string(path)?;
    let docs = match serde_saphyr::from_multiple::<serde_json::Value>(&text) {
        Ok(d) => d,
        // Templated or otherwise non-YAML files are not rule files.
        Err(_) => return Ok(None),
    };
    let mut found = None;
    for doc in docs {
        let Ok(d) = serde_json::from_value::<RuleDoc>(doc) else { continue };
        let Some(groups) = d.groups.or(d.spec.and_then(|s| s.groups)) else { continue };
        let rules = found.get_or_insert_with(Vec::new);
        for g in groups {
            for r in g.rules {
                let Some(alert) = r.get("alert").and_then(|a| a.as_str()) else { continue };
                let annotations = r.get("annotations");
                let runbook = RUNBOOK_ANNOTATIONS.iter().find_map(|k| {
                    annotations?.get(*k)?.as_str().map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
                });
                rules.push(AlertRule { file: path.to_path_buf(), alert: alert.to_string(), runbook });
            }
        }
    }
    Ok(found)
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
                    match &rule.runbook {
                        None => report.missing.push(rule),
                        Some(url) => match locate(site, url) {
                            Located::Elsewhere => report.external.push(rule),
                            Located::Ok => {}
                            Located::Broken(reason) => report.broken.push(Broken { rule, reason }),
                        },
                    }
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
    Ok,
    Broken(String),
    Elsewhere,
}

/// Where a runbook URL lands: on this site's base URL, or on the site's
/// source files in its GitHub repository (`…/blob/<branch>/content/x.md#a`).
fn locate(site: &Site, url: &str) -> Located {
    let (before, frag) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let base = site.config().base_url();
    let loaded = site.loaded();
    let doc: Option<Result<DocId, String>> = if let Some(path) = before
        .strip_prefix(&base)
        .or_else(|| (before.len() + 1 == base.len() && base.starts_with(before)).then_some(""))
    {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
        let path = decoded.trim_end_matches("index.html");
        let key = if path.is_empty() || path.ends_with('/') { path.to_string() } else { format!("{path}/") };
        Some(loaded.doc_by_url(&key).ok_or_else(|| format!("no page at /{key}")))
    } else if let Some(repo) = &site.config().site.repository
        && let Some(rest) = before.strip_prefix(&format!("{}/blob/", repo.trim_end_matches('/')))
    {
        // Skip the branch, then expect the site's path in the repository.
        let prefix = format!("{}content/", site.repo_prefix());
        rest.split_once('/')
            .and_then(|(_, p)| p.strip_prefix(prefix.as_str()))
            .map(|src| loaded.doc_by_source(src).ok_or_else(|| format!("no page content/{src}")))
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
            _ => Located::Ok,
        },
    }
}
