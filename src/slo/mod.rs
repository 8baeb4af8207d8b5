//! Service level objectives from Sloth and OpenSLO specs: each objective
//! with its SLI, its error budget over the window, and the multi-window,
//! multi-burn-rate alerts the Google SRE workbook recommends (those Sloth
//! generates), for the SLO pages to show beside the runbooks.

mod burn;
mod openslo;
mod sloth;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::config::SloConfig;
use crate::report::Diagnostic;
pub(crate) use burn::alerts as burn_alerts;

/// Every service of every spec `[slo] specs` names.
#[derive(Debug, Default)]
pub struct SloSet {
    /// In name order.
    pub(crate) services: Vec<Service>,
    /// Specs that could not be read: located errors.
    pub(crate) errors: Vec<Diagnostic>,
    /// What was read but not used (a dashboard link that could run script).
    pub(crate) warnings: Vec<Diagnostic>,
}

/// A service and its objectives.
#[derive(Debug, Clone)]
pub(crate) struct Service {
    pub(crate) name: String,
    /// Its folder under `[slo] path`.
    pub(crate) slug: String,
    pub(crate) objectives: Vec<Objective>,
}

/// One objective.
#[derive(Debug, Clone)]
pub(crate) struct Objective {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    /// The share of good events promised, as a ratio (`0.999`).
    pub(crate) target: f64,
    /// The period it is measured over, in seconds.
    pub(crate) window: u64,
    pub(crate) sli: Sli,
    /// The alert its burn rates fire (Sloth's `alerting.name`).
    pub(crate) alert: Option<String>,
    /// The alert's `dashboard_url` annotation, as rules have (no scheme
    /// that runs script).
    pub(crate) dashboard: Option<String>,
    /// The spec it comes from: file (from the site root), line, format.
    pub(crate) file: PathBuf,
    pub(crate) line: usize,
    pub(crate) format: &'static str,
}

/// How good and bad events are counted. Queries may hold `{{.window}}`
/// (Sloth's placeholder), replaced by each alert window.
#[derive(Debug, Clone)]
pub(crate) enum Sli {
    /// Bad events and all events.
    Events { errors: String, total: String },
    /// Good events and all events (OpenSLO's `good`).
    Good { good: String, total: String },
    /// The error ratio, one query.
    Ratio(String),
}

impl Sli {
    /// The queries as written, labelled.
    pub(crate) fn queries(&self) -> Vec<(&'static str, &str)> {
        match self {
            Sli::Events { errors, total } => vec![("Bad events", errors), ("All events", total)],
            Sli::Good { good, total } => vec![("Good events", good), ("All events", total)],
            Sli::Ratio(q) => vec![("Error ratio", q)],
        }
    }

    /// The error ratio over `window` (`5m`), as one expression.
    pub(crate) fn error_ratio(&self, window: &str) -> String {
        let w = |q: &str| q.replace("{{.window}}", window).replace("{{ .window }}", window).trim().to_string();
        match self {
            Sli::Events { errors, total } => format!("({}) / ({})", w(errors), w(total)),
            Sli::Good { good, total } => format!("1 - (({}) / ({}))", w(good), w(total)),
            Sli::Ratio(q) => w(q),
        }
    }

    /// Whether the queries take the window as a placeholder (else the
    /// burn-rate expressions cannot be written from them).
    pub(crate) fn windowed(&self) -> bool {
        self.queries().iter().all(|(_, q)| q.contains("{{.window}}") || q.contains("{{ .window }}"))
    }
}

impl Objective {
    /// The error budget: the minutes of the window that may be bad.
    pub(crate) fn budget_minutes(&self) -> f64 {
        (1.0 - self.target) * self.window as f64 / 60.0
    }

    /// The objective in percent, as specs write it.
    pub(crate) fn percent(&self) -> f64 {
        self.target * 100.0
    }
}

impl SloSet {
    /// The alerts the objectives' burn rates fire.
    pub(crate) fn alert_names(&self) -> Vec<String> {
        self.services.iter().flat_map(|s| &s.objectives).filter_map(|o| o.alert.clone()).collect()
    }

    /// The output paths of the SLO pages under `folder` (`slo`, `slo/hub`),
    /// so pages may link them.
    pub(crate) fn page_paths(&self, folder: &str) -> Vec<String> {
        let folder = folder.trim_matches('/');
        if self.services.is_empty() {
            return Vec::new();
        }
        let mut paths = vec![folder.to_string()];
        paths.extend(self.services.iter().map(|s| format!("{folder}/{}", s.slug)));
        paths
    }

    /// Every query and alert expression, for the highlighter.
    pub(crate) fn exprs(&self) -> Vec<String> {
        let mut out = Vec::new();
        for o in self.services.iter().flat_map(|s| &s.objectives) {
            out.extend(o.sli.queries().iter().map(|(_, q)| q.to_string()));
            out.extend(burn::alerts(o).into_iter().map(|a| a.expr));
        }
        out
    }
}

/// Reads every spec `config.specs` matches under `root`.
pub(crate) fn load(root: &Path, config: &SloConfig) -> Result<SloSet> {
    let mut set = SloSet::default();
    if config.specs.is_empty() {
        return Ok(set);
    }
    let window = crate::config::parse_duration(&config.window).unwrap_or(30 * 86_400);
    let mut docs = Vec::new();
    for g in &config.specs {
        let pattern = root.join(g).display().to_string();
        let mut matched = false;
        for entry in glob::glob(&pattern).with_context(|| format!("[slo] specs: {g:?} is not a valid glob"))? {
            let path = entry?;
            if !path.is_file() || !crate::util::fs::is_inside(&path, root) {
                continue;
            }
            matched = true;
            let shown = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path.clone());
            // Shared by the file's documents, for locating their errors.
            let text: std::sync::Arc<str> = crate::util::fs::read_to_string(&path)?.into();
            match read_docs(&text) {
                Ok(found) => docs.extend(found.into_iter().map(|(value, line)| Doc {
                    value,
                    line,
                    file: shown.clone(),
                    text: std::sync::Arc::clone(&text),
                })),
                Err((line, col, message)) => set.errors.push(
                    Diagnostic::new(&shown, line, col, format!("not read as an SLO spec: {message}"))
                        .hint(Some("fix the YAML, or narrow [slo] specs so the glob leaves this file out".into())),
                ),
            }
        }
        if !matched {
            set.errors.push(
                Diagnostic::new(crate::config::CONFIG_FILE, 0, 0, format!("[slo] specs: {g:?} matches no file"))
                    .hint(Some("globs are relative to the site root, like \"slo/*.yaml\"".into())),
            );
        }
    }
    let mut objectives: Vec<(String, Objective)> = Vec::new();
    let slis = openslo::slis(&docs);
    for doc in &docs {
        let found = match (doc.str("apiVersion"), doc.str("version"), doc.str("kind")) {
            (Some("sloth.slok.dev/v1"), _, Some("PrometheusServiceLevel")) => {
                sloth::read(doc, doc.value.get("spec"), window, &mut set.warnings)
            }
            (None, Some("prometheus/v1"), _) => sloth::read(doc, Some(&doc.value), window, &mut set.warnings),
            (Some(v), _, Some("SLO")) if v.starts_with("openslo/") => openslo::read(doc, &slis, window),
            _ => Ok(Vec::new()),
        };
        match found {
            Ok(found) => objectives.extend(found),
            Err(d) => set.errors.push(d),
        }
    }
    let mut services: std::collections::BTreeMap<String, Vec<Objective>> = Default::default();
    for (service, o) in objectives {
        services.entry(service).or_default().push(o);
    }
    set.services =
        services.into_iter().map(|(name, objectives)| Service { slug: slug(&name), name, objectives }).collect();
    Ok(set)
}

/// One YAML document of a spec file.
pub(super) struct Doc {
    pub(super) value: serde_json::Value,
    /// The line it starts on.
    pub(super) line: usize,
    pub(super) file: PathBuf,
    text: std::sync::Arc<str>,
}

impl Doc {
    pub(super) fn str(&self, key: &str) -> Option<&str> {
        self.value.get(key).and_then(|v| v.as_str())
    }

    /// A located error at [`Doc::locate`]`(keys)`.
    pub(super) fn error(&self, keys: &[&str], message: String, hint: &str) -> Diagnostic {
        let (line, col) = self.locate(keys);
        Diagnostic::new(&self.file, line, col, message).hint(Some(hint.into()))
    }

    /// Line and column of the first line, from the document's start, that
    /// has each of `keys` in turn (`["slos", "objective"]`); where a key is
    /// not found, the last one found.
    pub(super) fn locate(&self, keys: &[&str]) -> (usize, usize) {
        let lines: Vec<&str> = self.text.lines().collect();
        let (mut at, mut from, mut col) = (self.line.saturating_sub(1), self.line.saturating_sub(1), 1);
        for key in keys {
            let found = (from..lines.len()).find_map(|i| {
                let l = lines[i].trim_start_matches([' ', '-']);
                (l.starts_with(&format!("{key}:")) || l.starts_with(&format!("\"{key}\":")))
                    .then(|| (i, lines[i].len() - l.len() + 1))
            });
            if let Some((i, c)) = found {
                (at, from, col) = (i, i + 1, c);
            }
        }
        (at + 1, col)
    }
}

/// The documents of a YAML stream with the line each starts on; a YAML
/// error as line, column and message.
fn read_docs(text: &str) -> Result<Vec<(serde_json::Value, usize)>, (usize, usize, String)> {
    let docs = serde_saphyr::from_multiple::<serde_json::Value>(text).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        (line, col, e.to_string().lines().next().unwrap_or_default().to_string())
    })?;
    // Where each document starts: after each `---` line (the first at 1).
    let mut starts: Vec<usize> = vec![1];
    for (i, l) in text.lines().enumerate() {
        if l.trim_end() == "---" || l.starts_with("--- ") {
            starts.push(i + 2);
        }
    }
    if text.lines().next().is_some_and(|l| l.starts_with("---")) {
        starts.remove(0);
    }
    let docs: Vec<serde_json::Value> = docs.into_iter().filter(|d| !d.is_null()).collect();
    Ok(docs.into_iter().enumerate().map(|(i, d)| (d, starts.get(i).copied().unwrap_or(1))).collect())
}

/// A service's folder: lower case letters, digits and dashes.
fn slug(name: &str) -> String {
    let s = crate::util::text::dashed(name);
    if s.is_empty() { "service".into() } else { s }
}
