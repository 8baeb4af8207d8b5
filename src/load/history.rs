//! "Last updated" per document: the last commit that touched its file, else
//! its modification time.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use super::Doc;
use crate::sources::Sources;
use crate::util::dates::format_date;

/// Fills in `updated` of every document backed by a file: one `git log`
/// for the site's content folder and one per source.
pub(super) fn fill_updated(root: &Path, content: &str, sources: &Sources, docs: &mut [Doc]) {
    let site = git_dates(root, content);
    let per_source: Vec<HashMap<String, String>> = sources.list.iter().map(crate::sources::dates).collect();
    for d in docs.iter_mut().filter(|d| d.has_file) {
        let date = match d.origin {
            None => site.get(format!("{}/{}", content.trim_end_matches('/'), d.source).trim_start_matches("./")),
            Some(i) => {
                let mount = sources.list.get(i).map(|s| s.mount.as_str()).unwrap_or_default();
                let rel = d.source.strip_prefix(&format!("{mount}/")).unwrap_or(&d.source);
                per_source.get(i).and_then(|m| m.get(rel))
            }
        };
        d.updated = date.cloned().or_else(|| d.modified.map(format_date));
    }
}

/// Newest commit date of every file under `content/`, in one `git log` pass
/// (a call per file would cost seconds on a large site).
fn git_dates(root: &Path, content: &str) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let output = Command::new("git")
        .args(["log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames", "--", content])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output();
    let Ok(output) = output else { return dates };
    if !output.status.success() {
        return dates;
    }
    let text = String::from_utf8_lossy(&output.stdout);
    for commit in text.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let Some(date) = lines.next() else { continue };
        for file in lines.filter(|l| !l.is_empty()) {
            dates.entry(file.to_string()).or_insert_with(|| date.trim().to_string());
        }
    }
    dates
}
