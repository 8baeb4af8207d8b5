//! Alert rules against runbooks, for `opsite check --alerts`.
//!
//! Reads PrometheusRule objects or plain rule-group files (multi-document
//! YAML) and reports (a) alerts whose runbook annotation points into this
//! site at a missing page or anchor, (b) alerts without a runbook
//! annotation, (c) runbook alerts that no rule defines, (d) runbooks
//! without the sections `[runbooks] sections` names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::check::coverage::{RuleLink, Runbook, coverage};
use crate::check::locate::SiteUrls;
use crate::site::Site;

/// One alerting rule found in a file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlertRule {
    /// File it was found in.
    pub file: PathBuf,
    /// `alert:` name.
    pub alert: String,
    /// Runbook URL, if annotated.
    pub runbook: Option<String>,
}

/// Everything `check --alerts` found.
#[derive(Debug, Default, Serialize)]
pub(crate) struct AlertReport {
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
    /// (d) Runbooks without some of the headings `[runbooks] sections`
    /// names.
    pub incomplete: Vec<Incomplete>,
    /// Every alerting rule and how its runbook link resolved.
    pub alerts: Vec<AlertStatus>,
}

/// One alert and where its runbook is.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AlertStatus {
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
pub(crate) struct Broken {
    /// The rule.
    #[serde(flatten)]
    pub rule: AlertRule,
    /// Why.
    pub reason: String,
}

/// A runbook alert no rule defines.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Undefined {
    /// The runbook's source file.
    pub page: PathBuf,
    /// The alert name.
    pub alert: String,
}

/// A runbook that lacks expected sections.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Incomplete {
    /// The runbook's source file.
    pub page: PathBuf,
    /// The sections it lacks, as `[runbooks] sections` writes them.
    pub missing: Vec<String>,
}

/// Expands paths, directories (every `.yaml`/`.yml` below) and quoted globs,
/// relative to `root`.
pub(crate) fn expand(root: &Path, patterns: &[String]) -> Result<Vec<PathBuf>> {
    let mut files = BTreeSet::new();
    for p in patterns {
        // Against `--root`, as `[runbooks] rules` are; a path that only
        // exists from where the command runs (the shell completed it) too.
        let at_root = root.join(p);
        let at_root = at_root.to_string_lossy();
        let found = matches(&at_root)?;
        let found =
            if found.is_empty() && root != Path::new(".") && !Path::new(p).is_absolute() { matches(p)? } else { found };
        if found.is_empty() {
            if p.contains(['*', '?', '[']) {
                anyhow::bail!("--alerts {p:?} matches no files under {}", root.display());
            }
            anyhow::bail!("--alerts {p:?}: no such file or directory under {}", root.display());
        }
        files.extend(found);
    }
    Ok(files.into_iter().collect())
}

/// The rule files `p` names: a glob's files, a folder's YAML files, a file.
fn matches(p: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let p = p.strip_prefix("./").unwrap_or(p);
    if p.contains(['*', '?', '[']) {
        for entry in glob::glob(p).with_context(|| format!("--alerts {p:?} is not a valid glob"))? {
            let path = entry.with_context(|| format!("expanding {p:?}"))?;
            if path.is_file() {
                files.push(path);
            }
        }
    } else if Path::new(p).is_dir() {
        for e in walkdir::WalkDir::new(p).sort_by_file_name().into_iter().flatten() {
            let is_yaml = e.path().extension().is_some_and(|x| x == "yaml" || x == "yml");
            if e.file_type().is_file() && is_yaml {
                files.push(e.path().to_path_buf());
            }
        }
    } else if Path::new(p).is_file() {
        files.push(PathBuf::from(p));
    }
    Ok(files)
}

/// Alerting rules in one YAML file; `None` when it holds no rule groups.
pub(crate) fn read_rules(path: &Path) -> Result<Option<Vec<AlertRule>>> {
    Ok(crate::alerts::read_rule_file(path)?.map(|rules| {
        rules.into_iter().map(|r| AlertRule { file: r.file, alert: r.alert, runbook: r.runbook }).collect()
    }))
}

/// Checks every rule in `files` against the runbooks of `site`.
pub(crate) fn check_alerts(site: &Site, files: &[PathBuf]) -> Result<AlertReport> {
    let urls = SiteUrls::new(site.config(), site.repo_prefix());
    let (loaded, parsed) = (site.loaded(), site.parsed());
    let mut report = AlertReport::default();
    let mut rules = Vec::new();
    for f in files {
        match read_rules(f)? {
            None => report.skipped.push(f.clone()),
            Some(found) => {
                report.files += 1;
                rules.extend(found);
            }
        }
    }
    report.rules = rules.len();
    let links: Vec<RuleLink> =
        rules.iter().map(|r| RuleLink { alert: &r.alert, runbook: r.runbook.as_deref() }).collect();
    let cov = coverage(loaded, parsed, site.checked().alerts_by_doc(), &urls, &links, site.check_options());
    for (rule, found) in rules.iter().zip(&cov.rules) {
        let mut status = AlertStatus {
            alert: rule.alert.clone(),
            file: rule.file.clone(),
            runbook: rule.runbook.clone(),
            status: "none",
            page: None,
            reason: None,
        };
        match found {
            Runbook::None => report.missing.push(rule.clone()),
            Runbook::Named { doc, anchor, in_heading } => {
                let path = loaded.doc(*doc).source_path();
                status.status = "by-name";
                status.page = Some(match in_heading {
                    true => PathBuf::from(format!("{}#{anchor}", path.display())),
                    false => path,
                });
                report.missing.push(rule.clone());
            }
            Runbook::Elsewhere => {
                status.status = "elsewhere";
                report.external.push(rule.clone());
            }
            Runbook::Linked(d) => {
                status.status = "ok";
                status.page = Some(loaded.doc(*d).source_path());
            }
            Runbook::Broken(reason) => {
                status.status = "broken";
                status.reason = Some(reason.clone());
                report.broken.push(Broken { rule: rule.clone(), reason: reason.clone() });
            }
        }
        report.alerts.push(status);
    }
    report.undefined =
        cov.undefined.into_iter().map(|(d, alert)| Undefined { page: loaded.doc(d).source_path(), alert }).collect();
    report.incomplete = cov
        .incomplete
        .into_iter()
        .map(|(d, missing)| Incomplete { page: loaded.doc(d).source_path(), missing })
        .collect();
    Ok(report)
}
