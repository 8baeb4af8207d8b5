//! Runbook owners and review dates: a runbook whose `reviewed` date is
//! older than `[runbooks] review_every` needs review. `check` warns, and
//! the runbook shows a notice with its owner and last review.

use serde::Serialize;

use super::ResolvedAlert;
use crate::load::{DocId, Loaded};
use crate::report::Diagnostic;
use crate::util::ids::IdVec;

/// A runbook's review state.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Review {
    /// Frontmatter `owner`.
    pub(crate) owner: Option<String>,
    /// Frontmatter `reviewed` (`YYYY-MM-DD`).
    pub(crate) reviewed: Option<String>,
    /// `[runbooks] review_every`, in days.
    pub(crate) every: i64,
    /// Days since `reviewed` (`None` without a date).
    pub(crate) age: Option<i64>,
    /// Past due: no date, or older than `every`.
    pub(crate) due: bool,
}

/// The review state of runbook `id`, with reviews due every `every` days
/// and `today` in days since 1970.
pub(crate) fn review_of(loaded: &Loaded, id: DocId, every: i64, today: i64) -> Review {
    let front = &loaded.doc(id).front;
    let age = front.reviewed.as_deref().and_then(crate::util::dates::days_of).map(|d| today - d);
    Review {
        owner: front.owner.clone(),
        reviewed: front.reviewed.clone(),
        every,
        age,
        due: age.is_none_or(|a| a > every),
    }
}

/// A located warning for each runbook (a page documenting alerts) whose
/// review is due.
pub(crate) fn review_problems(
    loaded: &Loaded,
    alerts: &IdVec<DocId, Vec<ResolvedAlert>>,
    every: i64,
    today: i64,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, list) in alerts.iter() {
        if list.is_empty() {
            continue;
        }
        let r = review_of(loaded, id, every, today);
        if !r.due {
            continue;
        }
        let doc = loaded.doc(id);
        let owner = r.owner.as_deref().map(|o| format!(" (owner: {o})")).unwrap_or_default();
        let (line, message) = match (&r.reviewed, r.age) {
            (Some(date), Some(age)) => (
                doc.key_line("reviewed"),
                format!("runbook last reviewed {date}, {age} days ago{owner}; reviews are due every {every} days"),
            ),
            _ => (1, format!("runbook has no `reviewed` date{owner}; reviews are due every {every} days")),
        };
        let hint =
            "check that each step still works, then set `reviewed:` to today's date (and `owner:` to who keeps it)";
        out.push(Diagnostic::new(doc.source_path(), line, 1, message).hint(Some(hint.into())));
    }
    out
}
