//! OpenSLO v1 specs: `SLO` documents with their indicator inline or named
//! by `indicatorRef` (an `SLI` document of any spec file), ratio metrics
//! whose sources are Prometheus queries.

use std::collections::HashMap;

use serde_json::Value;

use super::{Doc, Objective, Sli};
use crate::report::Diagnostic;

const HINT: &str = "see https://github.com/OpenSLO/OpenSLO#slo for the fields of an OpenSLO SLO";

/// The `SLI` documents of every file, by name.
pub(super) fn slis(docs: &[Doc]) -> HashMap<String, &Value> {
    docs.iter()
        .filter(|d| d.str("apiVersion").is_some_and(|v| v.starts_with("openslo/")) && d.str("kind") == Some("SLI"))
        .filter_map(|d| Some((d.value.get("metadata")?.get("name")?.as_str()?.to_string(), &d.value)))
        .collect()
}

/// The objectives of one `SLO` document, each with its service's name.
pub(super) fn read(
    doc: &Doc,
    slis: &HashMap<String, &Value>,
    window: u64,
) -> Result<Vec<(String, Objective)>, Diagnostic> {
    let v = &doc.value;
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let meta = v.get("metadata");
    let name = text(meta.and_then(|m| m.get("displayName")))
        .or_else(|| text(meta.and_then(|m| m.get("name"))))
        .ok_or_else(|| doc.error(&["metadata"], "an SLO with no metadata.name".into(), HINT))?;
    let spec = v.get("spec").ok_or_else(|| doc.error(&["spec"], format!("SLO {name:?} has no spec"), HINT))?;
    let service = text(spec.get("service"))
        .ok_or_else(|| doc.error(&["spec", "service"], format!("SLO {name:?} names no service"), HINT))?;
    let indicator = match (spec.get("indicator"), text(spec.get("indicatorRef"))) {
        (Some(i), _) => i,
        (None, Some(r)) => *slis.get(&r).ok_or_else(|| {
            doc.error(&["spec", "indicatorRef"], format!("SLO {name:?}: no SLI named {r:?} in [slo] specs"), HINT)
        })?,
        (None, None) => {
            return Err(doc.error(&["spec"], format!("SLO {name:?} has no indicator or indicatorRef"), HINT));
        }
    };
    let ratio = indicator.get("spec").and_then(|s| s.get("ratioMetric")).ok_or_else(|| {
        doc.error(&["spec", "indicator"], format!("SLO {name:?}: only ratioMetric indicators are read"), HINT)
    })?;
    let query = |key: &str| {
        let source = ratio.get(key)?.get("metricSource")?;
        let spec = source.get("spec")?;
        text(spec.get("query")).or_else(|| text(spec.get("promql")))
    };
    let sli = match (query("good"), query("bad"), query("total")) {
        (Some(good), _, Some(total)) => Sli::Good { good, total },
        (None, Some(errors), Some(total)) => Sli::Events { errors, total },
        _ => {
            return Err(doc.error(
                &["spec", "ratioMetric"],
                format!("SLO {name:?}: ratioMetric needs a total and a good or bad query"),
                HINT,
            ));
        }
    };
    let window = spec
        .get("timeWindow")
        .and_then(Value::as_array)
        .and_then(|w| w.first())
        .and_then(|w| w.get("duration"))
        .and_then(Value::as_str)
        .and_then(crate::config::parse_duration)
        .unwrap_or(window);
    let objectives = spec
        .get("objectives")
        .and_then(Value::as_array)
        .filter(|o| !o.is_empty())
        .ok_or_else(|| doc.error(&["spec", "objectives"], format!("SLO {name:?} has no objectives"), HINT))?;
    let description = text(spec.get("description"));
    let mut out = Vec::new();
    for (i, o) in objectives.iter().enumerate() {
        let target = match (o.get("target").and_then(Value::as_f64), o.get("targetPercent").and_then(Value::as_f64)) {
            (Some(t), _) => t,
            (None, Some(p)) => p / 100.0,
            _ => {
                return Err(doc.error(
                    &["spec", "objectives"],
                    format!("SLO {name:?}: objective {} has no target", i + 1),
                    HINT,
                ));
            }
        };
        if !(target > 0.0 && target < 1.0) {
            return Err(doc.error(
                &["spec", "objectives", "target"],
                format!("SLO {name:?}: target {target} is not a ratio between 0 and 1"),
                HINT,
            ));
        }
        let label = text(o.get("displayName")).map_or_else(|| name.clone(), |d| format!("{name}: {d}"));
        out.push((
            service.clone(),
            Objective {
                name: label,
                description: description.clone(),
                target,
                window,
                sli: sli.clone(),
                alert: None,
                dashboard: None,
                file: doc.file.clone(),
                line: doc.line,
                format: "OpenSLO",
            },
        ));
    }
    Ok(out)
}
