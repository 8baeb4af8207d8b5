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
                let repo_path = sources.list.get(i).and_then(|s| s.repo_path(&d.source));
                per_source.get(i).zip(repo_path).and_then(|(m, p)| m.get(&p))
            }
        };
        d.updated = date.cloned().or_else(|| d.modified.map(format_date));
    }
}

/// Newest commit date of every file under the content folder.
fn git_dates(root: &Path, content: &str) -> HashMap<String, String> {
    let output = Command::new("git")
        .args(crate::util::dates::GIT_LOG_DATES)
        .args(["--relative", "--", content])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(o) if o.status.success() => crate::util::dates::last_commit_dates(&String::from_utf8_lossy(&o.stdout)),
        _ => HashMap::new(),
    }
}
