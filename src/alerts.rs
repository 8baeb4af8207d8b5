//! Between config and check, alert rules: the PrometheusRule objects, plain
//! rule-group files and ConfigMap-embedded rule files `[runbooks] rules`
//! names, read once per build so runbooks can show what their alerts check.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// Annotation names that hold a runbook URL, in order of preference.
pub(crate) const RUNBOOK_ANNOTATIONS: [&str; 3] = ["runbook_url", "runbook", "sop_url"];

/// One alerting rule.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    /// File it was found in.
    pub file: PathBuf,
    /// Its rule group.
    pub group: String,
    /// `alert:` name.
    pub alert: String,
    /// The PromQL expression.
    pub expr: String,
    /// `for:`, when set.
    pub duration: Option<String>,
    /// `labels.severity`, when set.
    pub severity: Option<String>,
    /// Every label.
    pub labels: BTreeMap<String, String>,
    /// `annotations.summary`.
    pub summary: Option<String>,
    /// `annotations.description` (or `message`).
    pub description: Option<String>,
    /// Runbook URL, if annotated.
    pub runbook: Option<String>,
    /// `annotations.dashboard_url`, when set.
    pub dashboard: Option<String>,
}

/// Every rule `[runbooks] rules` names.
#[derive(Debug, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    warnings: Vec<crate::report::Diagnostic>,
}

impl RuleSet {
    /// Rule files that could not be read as YAML (reported, not fatal: a
    /// glob may catch a templated file).
    pub fn warnings(&self) -> &[crate::report::Diagnostic] {
        &self.warnings
    }

    /// The rules for `alert` (several files may define one name).
    pub fn named<'a>(&'a self, alert: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |r| r.alert == alert)
    }

    /// Every rule's expression.
    pub fn exprs(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.expr.as_str())
    }

    /// Every rule, in file order.
    pub fn all(&self) -> &[Rule] {
        &self.rules
    }

    /// Every distinct alert name.
    pub fn names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.rules.iter().map(|r| r.alert.as_str()).collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Reads every rule file matched by `globs` (relative to `root`).
pub(crate) fn load(root: &Path, globs: &[String]) -> Result<RuleSet> {
    let mut rules = Vec::new();
    let mut warnings = Vec::new();
    for g in globs {
        let pattern = root.join(g).display().to_string();
        for entry in glob::glob(&pattern).with_context(|| format!("[runbooks] rules: {g:?} is not a valid glob"))? {
            let path = entry?;
            let shown = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path.clone());
            if !path.is_file() {
                continue;
            }
            let text = crate::util::fs::read_to_string(&path)?;
            let docs = match serde_saphyr::from_multiple::<serde_json::Value>(&text) {
                Ok(docs) => docs,
                Err(e) => {
                    let message = e.to_string();
                    let line = message
                        .split("line ")
                        .nth(1)
                        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
                        .unwrap_or(1);
                    warnings.push(
                        crate::report::Diagnostic::new(
                            &shown,
                            line,
                            1,
                            format!("not read as alert rules: {}", message.lines().next().unwrap_or_default()),
                        )
                        .hint(Some("fix the YAML, or narrow [runbooks] rules so the glob leaves this file out".into())),
                    );
                    continue;
                }
            };
            if let Some(found) = rules_in(docs, &path) {
                rules.extend(found.into_iter().map(|mut r| {
                    r.file = shown.clone();
                    if let Some(d) = drop_dangerous_dashboard(&mut r, &text) {
                        warnings.push(d);
                    }
                    r
                }));
            }
        }
    }
    Ok(RuleSet { rules, warnings })
}

/// A rule's `dashboard_url` becomes a link on its runbook: one with a
/// scheme that could run script is dropped, with a warning where the file
/// (`text`) has it.
fn drop_dangerous_dashboard(rule: &mut Rule, text: &str) -> Option<crate::report::Diagnostic> {
    let url = rule.dashboard.as_deref()?;
    let scheme = crate::util::url::dangerous_scheme(url, false)?;
    let (line, col) = text.find(url).map_or((1, 1), |i| crate::util::pos::line_col(text, i));
    let d = crate::report::Diagnostic::new(
        &rule.file,
        line,
        col,
        format!("dashboard_url of alert {} is a `{scheme}:` URL: not linked", rule.alert),
    )
    .hint(Some("a dashboard link must be an http(s) URL or a path".into()));
    rule.dashboard = None;
    Some(d)
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
    name: String,
    #[serde(default)]
    rules: Vec<serde_json::Value>,
}

/// Alerting rules in one YAML file; `None` when it holds no rule groups.
/// Rule files embedded as strings in a ConfigMap (the Thanos ruler's,
/// Prometheus' own) count too.
pub(crate) fn read_rule_file(path: &Path) -> Result<Option<Vec<Rule>>> {
    let text = crate::util::fs::read_to_string(path)?;
    // Templated or otherwise non-YAML files are not rule files.
    Ok(serde_saphyr::from_multiple::<serde_json::Value>(&text).ok().and_then(|docs| rules_in(docs, path)))
}

/// The alerting rules in a file's YAML documents (`path` names them).
fn rules_in(docs: Vec<serde_json::Value>, path: &Path) -> Option<Vec<Rule>> {
    let embedded: Vec<serde_json::Value> = docs
        .iter()
        .filter(|d| d.get("kind").and_then(|k| k.as_str()) == Some("ConfigMap"))
        .filter_map(|d| d.get("data").and_then(|x| x.as_object()))
        .flat_map(|data| data.values().filter_map(|v| v.as_str()))
        .filter_map(|text| serde_saphyr::from_multiple::<serde_json::Value>(text).ok())
        .flatten()
        .collect();
    let mut found = None;
    let text_of = |v: Option<&serde_json::Value>| {
        v.and_then(|x| x.as_str()).map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
    };
    for doc in docs.into_iter().chain(embedded) {
        let Ok(d) = serde_json::from_value::<RuleDoc>(doc) else { continue };
        let Some(groups) = d.groups.or(d.spec.and_then(|s| s.groups)) else { continue };
        let rules = found.get_or_insert_with(Vec::new);
        for g in groups {
            for r in g.rules {
                let Some(alert) = r.get("alert").and_then(|a| a.as_str()) else { continue };
                let ann = r.get("annotations");
                let labels: BTreeMap<String, String> = r
                    .get("labels")
                    .and_then(|l| l.as_object())
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_string)))
                            .collect()
                    })
                    .unwrap_or_default();
                rules.push(Rule {
                    file: path.to_path_buf(),
                    group: g.name.clone(),
                    alert: alert.to_string(),
                    expr: r
                        .get("expr")
                        .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_string))
                        .unwrap_or_default(),
                    duration: text_of(r.get("for")),
                    severity: labels.get("severity").cloned(),
                    summary: text_of(ann.and_then(|a| a.get("summary"))),
                    description: text_of(ann.and_then(|a| a.get("description").or_else(|| a.get("message")))),
                    runbook: RUNBOOK_ANNOTATIONS.iter().find_map(|k| text_of(ann.and_then(|a| a.get(*k)))),
                    dashboard: text_of(ann.and_then(|a| a.get("dashboard_url"))),
                    labels,
                });
            }
        }
    }
    found
}
