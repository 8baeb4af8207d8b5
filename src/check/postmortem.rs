//! Postmortems' times: each must read as a time, and they must come in
//! order (started, then detected, then resolved); otherwise time to detect
//! and to resolve would be wrong or missing without a word.

use crate::load::Loaded;
use crate::report::Diagnostic;
use crate::util::dates::parse_time;

const HINT: &str = "write times as 2026-11-02T14:05:00Z (an offset like +02:00, or none for UTC)";

/// A located warning for each time of a postmortem that is not one, or
/// that comes before the one it follows.
pub(crate) fn time_problems(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (_, d) in loaded.docs() {
        let f = d.front.pm();
        if !d.front.is_postmortem() {
            continue;
        }
        let path = d.source_path();
        let mut times = Vec::new();
        for (key, value) in [("started", &f.started), ("detected", &f.detected), ("resolved", &f.resolved)] {
            let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) else { continue };
            match parse_time(v) {
                Some(t) => times.push((key, t)),
                None => out.push(
                    Diagnostic::new(
                        &path,
                        d.key_line(key).max(1),
                        1,
                        format!("postmortem `{key}` {v:?} is not a time"),
                    )
                    .hint(Some(HINT.into())),
                ),
            }
        }
        for pair in times.windows(2) {
            let ((a, ta), (b, tb)) = (pair[0], pair[1]);
            if tb < ta {
                out.push(
                    Diagnostic::new(&path, d.key_line(b).max(1), 1, format!("postmortem `{b}` is before `{a}`"))
                        .hint(Some("check the times and their offsets".into())),
                );
            }
        }
        for e in &f.timeline {
            if parse_time(&e.at).is_none() {
                out.push(
                    Diagnostic::new(
                        &path,
                        d.key_line("timeline").max(1),
                        1,
                        format!("postmortem timeline entry at {:?} is not a time: left out", e.at),
                    )
                    .hint(Some(HINT.into())),
                );
            }
        }
    }
    out
}
