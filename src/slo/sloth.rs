//! Sloth specs: the `prometheus/v1` file format (snake_case keys) and the
//! `PrometheusServiceLevel` custom resource (`sloth.slok.dev/v1`, camelCase
//! keys), which hold the same objectives.

use serde_json::Value;

use super::{Doc, Objective, Sli};
use crate::report::Diagnostic;

const HINT: &str = "see https://sloth.dev/specs/default/ for the fields of a Sloth spec";

/// The objectives of a Sloth spec whose top level (`service`, `slos`) is
/// `spec`, each with its service's name.
pub(super) fn read(
    doc: &Doc,
    spec: Option<&Value>,
    window: u64,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, Objective)>, Diagnostic> {
    let spec = spec.ok_or_else(|| doc.error(&["spec"], "a PrometheusServiceLevel with no spec".into(), HINT))?;
    let text = |v: &Value, keys: &[&str]| keys.iter().find_map(|k| v.get(*k)?.as_str().map(str::to_string));
    let service = text(spec, &["service"])
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| doc.error(&["service"], "the spec names no service".into(), HINT))?;
    let slos = spec
        .get("slos")
        .and_then(Value::as_array)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| doc.error(&["slos"], format!("service {service:?} has no `slos`"), HINT))?;
    let mut out = Vec::new();
    for (i, slo) in slos.iter().enumerate() {
        let name = text(slo, &["name"]).unwrap_or_else(|| format!("slo {}", i + 1));
        // The i-th `name:` under `slos`, then `key` below it.
        let path = |key: Option<&'static str>| {
            let mut keys = vec!["slos"];
            keys.extend(std::iter::repeat_n("name", i + 1));
            keys.extend(key);
            keys
        };
        let at = |key: &'static str, message: String| doc.error(&path(Some(key)), message, HINT);
        let objective = slo.get("objective").and_then(Value::as_f64).ok_or_else(|| {
            at("objective", format!("SLO {name:?} has no numeric `objective` (a percentage like 99.9)"))
        })?;
        if !(objective > 0.0 && objective < 100.0) {
            return Err(at(
                "objective",
                format!("SLO {name:?}: objective {objective} is not a percentage between 0 and 100"),
            ));
        }
        let sli = slo.get("sli").ok_or_else(|| at("sli", format!("SLO {name:?} has no `sli`")))?;
        let sli = if let Some(ev) = sli.get("events") {
            match (text(ev, &["error_query", "errorQuery"]), text(ev, &["total_query", "totalQuery"])) {
                (Some(errors), Some(total)) => Sli::Events { errors, total },
                _ => return Err(at("events", format!("SLO {name:?}: `events` needs error_query and total_query"))),
            }
        } else if let Some(raw) = sli.get("raw") {
            match text(raw, &["error_ratio_query", "errorRatioQuery"]) {
                Some(q) => Sli::Ratio(q),
                None => return Err(at("raw", format!("SLO {name:?}: `raw` needs error_ratio_query"))),
            }
        } else if sli.get("plugin").is_some() {
            // A plugin's queries are Sloth's to make: nothing to show.
            return Err(at("plugin", format!("SLO {name:?} uses an SLI plugin, whose queries opsite cannot show")));
        } else {
            return Err(at("sli", format!("SLO {name:?}: `sli` needs `events` or `raw`")));
        };
        let alerting = slo.get("alerting");
        let mut dashboard = alerting.and_then(|a| text(a.get("annotations")?, &["dashboard_url"]));
        if let Some(scheme) = dashboard.as_deref().and_then(|u| crate::util::url::dangerous_scheme(u, false)) {
            warnings.push(
                at("dashboard_url", format!("SLO {name:?}: dashboard_url is a `{scheme}:` URL: not linked"))
                    .hint(Some("a dashboard link must be an http(s) URL or a path".into())),
            );
            dashboard = None;
        }
        let disabled = alerting.and_then(|a| a.get("disable")).and_then(Value::as_bool).unwrap_or(false);
        out.push((
            service.clone(),
            Objective {
                description: text(slo, &["description"]),
                target: objective / 100.0,
                window,
                sli,
                alert: alerting.filter(|_| !disabled).and_then(|a| text(a, &["name"])),
                dashboard,
                file: doc.file.clone(),
                line: doc.locate(&path(None)).0,
                format: "Sloth",
                name,
            },
        ));
    }
    Ok(out)
}
