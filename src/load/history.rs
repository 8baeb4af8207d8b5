//! "Last updated" per document: the last commit that touched its file, else
//! its modification time.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use super::{CONTENT_DIR, Doc};
use crate::util::dates::format_date;

/// Fills in `updated` of every document backed by a file.
pub(super) fn fill_updated(root: &Path, docs: &mut [Doc]) {
    let git = git_dates(root);
    for d in docs.iter_mut().filter(|d| d.has_file) {
        d.updated = git.get(&format!("{CONTENT_DIR}/{}", d.source)).cloned().or_else(|| d.modified.map(format_date));
    }
}

/// Newest commit date of every file under `content/`, in one `git log` pass
/// (a call per file would cost seconds on a large site).
fn git_dates(root: &Path) -> HashMap<String, String> {
    let mut dates = HashMap::new();
    let output = Command::new("git")
        .args(["log", "--format=%x00%cs", "--name-only", "--relative", "--no-renames", "--", CONTENT_DIR])
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
