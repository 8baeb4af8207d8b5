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
/// Documents that have a date (taken from a previous load) keep it, and
/// when every one has, git is not asked.
pub(super) fn fill_updated(root: &Path, content: &str, sources: &Sources, docs: &mut [Doc]) {
    let needed: Vec<&Doc> = docs.iter().filter(|d| d.has_file && d.updated.is_none()).collect();
    if needed.is_empty() {
        return;
    }
    // A few new or changed files (serve): ask git about them alone, not
    // about the whole history of the content folder.
    let few = needed.len() <= FEW && needed.len() < docs.len();
    let site = if few {
        let paths: Vec<String> =
            // `:(literal)`: a `[` or `*` in a file name is not a pattern.
            needed
                .iter()
                .filter(|d| d.src.origin().is_none())
                .map(|d| format!(":(literal){}", in_root(d)))
                .collect();
        if paths.is_empty() { HashMap::new() } else { git_dates(root, &paths) }
    } else {
        git_dates(root, &[content.to_string()])
    };
    let needs_source = |i: usize| needed.iter().any(|d| d.src.origin() == Some(i));
    let per_source: Vec<HashMap<String, String>> = sources
        .list
        .iter()
        .enumerate()
        .map(|(i, s)| if few && !needs_source(i) { HashMap::new() } else { crate::sources::dates(s) })
        .collect();
    for d in docs.iter_mut().filter(|d| d.has_file && d.updated.is_none()) {
        let date = match d.src.origin() {
            None => site.get(&in_root(d)),
            Some(i) => {
                let repo_path = sources.list.get(i).and_then(|s| s.repo_path(d.src.rel()));
                per_source.get(i).zip(repo_path).and_then(|(m, p)| m.get(&p))
            }
        };
        d.updated = date.cloned().or_else(|| d.modified.map(format_date));
    }
}

/// The path of a file of the site's own content from the site root, as
/// git names it (its source path may start with a `[build] mount`).
fn in_root(d: &Doc) -> String {
    let file = d.src.file().to_string_lossy().replace('\\', "/");
    file.trim_start_matches("./").to_string()
}

/// Up to this many documents without a date are looked up one by one.
const FEW: usize = 64;

/// Newest commit date of every file under the given paths (relative to
/// `root`, after `--`: never read as options).
fn git_dates(root: &Path, paths: &[String]) -> HashMap<String, String> {
    let output = Command::new("git")
        .args(crate::util::dates::GIT_LOG_DATES)
        .arg("--relative")
        .arg("--")
        .args(paths)
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output();
    match output {
        Ok(o) if o.status.success() => crate::util::dates::last_commit_dates(&String::from_utf8_lossy(&o.stdout)),
        _ => HashMap::new(),
    }
}
