//! The SLO pages: `<[slo] path>/` lists the services, and each service's
//! page shows its objectives with their SLI queries, error budget and the
//! burn-rate alerts they generate, each linked to its runbook.

use std::collections::HashMap;

use anyhow::Result;
use serde::Serialize;

use super::PageInputs;
use super::outputs::{Change, Output, OutputCtx};
use crate::slo::{Objective, Service};
use crate::util::url::query_encode;
use crate::write::OutFile;

#[derive(Serialize)]
struct ServiceView {
    name: String,
    url: String,
    /// The list of services.
    index_url: String,
    objectives: Vec<ObjectiveView>,
}

#[derive(Serialize)]
struct ObjectiveView {
    name: String,
    description: Option<String>,
    /// `Sloth` or `OpenSLO`, and where the spec is.
    format: &'static str,
    source: String,
    /// In percent (`99.9`).
    objective: String,
    /// The window in days.
    days: String,
    /// The error budget over the window, in minutes.
    budget_minutes: String,
    queries: Vec<QueryView>,
    /// The alert its burn rates fire, and the runbook that documents it.
    alert: Option<String>,
    runbook: Option<String>,
    alerts: Vec<BurnView>,
    /// The error ratio over the last hour, in Prometheus.
    graph_url: Option<String>,
    /// The alert's dashboard.
    dashboard_url: Option<String>,
}

#[derive(Serialize)]
struct QueryView {
    label: &'static str,
    query: String,
    html: Option<String>,
}

#[derive(Serialize)]
struct BurnView {
    severity: &'static str,
    windows: Vec<WindowView>,
    expr: String,
    expr_html: Option<String>,
}

#[derive(Serialize)]
struct WindowView {
    long: &'static str,
    short: &'static str,
    /// Percent of the budget burnt in the long window.
    budget_share: String,
    burn: String,
    /// The error ratio that fires it, in percent.
    threshold: String,
}

/// A number for people: at most four decimals, no trailing zeros.
fn shown(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl PageInputs<'_> {
    /// Where each documented alert's runbook is (page and anchor).
    fn runbook_urls(&self) -> HashMap<String, String> {
        let mut urls = HashMap::new();
        for (id, a) in self.checked.all_alerts() {
            urls.entry(a.name.clone()).or_insert_with(|| format!("{}{}", self.url(id), a.fragment()));
        }
        urls
    }

    fn slo_folder(&self) -> String {
        format!("{}/", self.slo_path.trim_matches('/'))
    }

    /// The URL of the list of services, when there are SLOs.
    pub(super) fn slo_index_url(&self) -> Option<String> {
        (!self.slos.services.is_empty()).then(|| self.path_url(&self.slo_folder()))
    }

    fn objective_view(&self, o: &Objective, runbooks: &HashMap<String, String>) -> ObjectiveView {
        let html = |code: &str| self.expr_html.get(code).cloned();
        let graph_url = self.runbooks.prometheus_url.as_deref().filter(|_| o.sli.windowed()).map(|p| {
            format!("{}/graph?g0.expr={}&g0.tab=0", p.trim_end_matches('/'), query_encode(&o.sli.error_ratio("1h")))
        });
        ObjectiveView {
            name: o.name.clone(),
            description: o.description.clone(),
            format: o.format,
            source: format!("{}:{}", o.file.display(), o.line),
            objective: shown(o.percent()),
            days: shown(o.window as f64 / 86_400.0),
            budget_minutes: shown(o.budget_minutes()),
            queries: o
                .sli
                .queries()
                .into_iter()
                .map(|(label, q)| QueryView { label, query: q.to_string(), html: html(q) })
                .collect(),
            runbook: o.alert.as_ref().and_then(|a| runbooks.get(a).cloned()),
            alert: o.alert.clone(),
            alerts: crate::slo::burn_alerts(o)
                .into_iter()
                .map(|a| BurnView {
                    severity: a.severity,
                    windows: a
                        .windows
                        .iter()
                        .map(|w| WindowView {
                            long: w.long,
                            short: w.short,
                            budget_share: shown(w.budget_share * 100.0),
                            burn: shown(w.burn),
                            threshold: shown(w.threshold * 100.0),
                        })
                        .collect(),
                    expr_html: html(&a.expr),
                    expr: a.expr,
                })
                .collect(),
            graph_url,
            dashboard_url: o.dashboard.clone(),
        }
    }

    fn service_view(&self, s: &Service, runbooks: &HashMap<String, String>) -> ServiceView {
        let path = format!("{}{}/", self.slo_folder(), s.slug);
        ServiceView {
            name: s.name.clone(),
            url: self.path_url(&path),
            index_url: self.slo_index_url().unwrap_or_default(),
            objectives: s.objectives.iter().map(|o| self.objective_view(o, runbooks)).collect(),
        }
    }
}

/// `<[slo] path>/index.html` and a page per service below it.
pub(super) struct SloPages;

impl Output for SloPages {
    fn name(&self) -> &'static str {
        "SLO pages"
    }
    fn stale_on(&self) -> &'static [Change] {
        &[Change::Text, Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        let inputs = &ctx.inputs;
        if inputs.slo_index_url().is_none() {
            return Ok(Vec::new());
        }
        let strings = &ctx.tree.strings;
        let runbooks = inputs.runbook_urls();
        let services: Vec<ServiceView> =
            inputs.slos.services.iter().map(|s| inputs.service_view(s, &runbooks)).collect();
        let mut files = Vec::new();
        for (s, view) in inputs.slos.services.iter().zip(&services) {
            let title = strings.get("slo_service", &[("service", &s.name)]);
            let path = format!("{}{}/index.html", inputs.slo_folder(), s.slug);
            files.extend(super::outputs::made_page(ctx, "slo.html", &path, ("slo", title), view)?);
        }
        let index = serde_json::json!({ "services": services });
        let path = format!("{}index.html", inputs.slo_folder());
        files.extend(super::outputs::made_page(ctx, "slos.html", &path, ("slos", strings.get("slos", &[])), &index)?);
        Ok(files)
    }
}
