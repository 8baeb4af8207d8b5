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

use crate::check::alerts::pages_named_after;
use crate::check::locate::{Located, SiteUrls, locate};
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
    let mut report = AlertReport::default();
    let mut defined = BTreeSet::new();
    // Pages the rules' runbook links land on: runbooks, frontmatter or not.
    let mut linked = BTreeSet::new();
    let read: Vec<(&PathBuf, Option<Vec<AlertRule>>)> =
        files.iter().map(|f| Ok((f, read_rules(f)?))).collect::<Result<_>>()?;
    // Pages named after the alerts without a runbook link, in one pass.
    let unlinked: Vec<String> = read
        .iter()
        .flat_map(|(_, r)| r.iter().flatten())
        .filter(|r| r.runbook.is_none())
        .map(|r| r.alert.clone())
        .collect();
    let named = pages_named_after(site.loaded(), site.parsed(), unlinked.iter().map(String::as_str));
    for (f, found) in read {
        match found {
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
                            if let Some((page, in_heading)) = named.first(&rule.alert) {
                                let path = site.loaded().doc(page.doc).source_path();
                                status.status = "by-name";
                                status.page = Some(match in_heading {
                                    true => PathBuf::from(format!("{}#{}", path.display(), page.anchor)),
                                    false => path,
                                });
                            }
                            report.missing.push(rule);
                        }
                        Some(url) => match locate(site.loaded(), site.parsed(), &urls, url) {
                            Located::Elsewhere => {
                                status.status = "elsewhere";
                                report.external.push(rule);
                            }
                            Located::Ok(d) => {
                                // A folder's made-up listing is not a runbook.
                                if site.loaded().doc(d).has_file {
                                    linked.insert(d);
                                }
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
    let mut runbooks = linked;
    for (d, a) in site.checked().all_alerts() {
        runbooks.insert(d);
        if !defined.contains(&a.name) && seen.insert(a.name.clone()) {
            report.undefined.push(Undefined { page: site.loaded().doc(d).source_path(), alert: a.name.clone() });
        }
    }
    let wanted = &site.config().runbooks.sections;
    for d in runbooks {
        let has: BTreeSet<String> =
            site.parsed().doc(d).headings.iter().map(|h| h.text.trim().to_lowercase()).collect();
        let missing: Vec<String> = wanted.iter().filter(|s| !has.contains(&s.trim().to_lowercase())).cloned().collect();
        if !missing.is_empty() {
            report.incomplete.push(Incomplete { page: site.loaded().doc(d).source_path(), missing });
        }
    }
    Ok(report)
}
