//! The refs a site's versions are read from, and their trees exported from
//! git into the cache: no worktree, no change to the repository's index.
//!
//! Only object ids reach git's command line: ref names come from
//! `for-each-ref` and are matched against the patterns here.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::config::{is_version_name, version_order};
use crate::report::Diagnostic;
use crate::util::git::{checked, git_env, git_ok, is_commit};
use crate::util::globs::Globs;

/// A tag or branch chosen as a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Ref {
    /// Its short name (`v2.1`): the version's name and folder.
    pub(super) name: String,
    /// The commit it points at (a tag's target, not the tag object).
    pub(super) commit: String,
}

/// The tags and branches of the repository at `repo` that `patterns` match,
/// in the order of the patterns, each pattern's matches highest version
/// first; a tag wins over a branch of the same name. Patterns that match
/// nothing and names that cannot be a folder are warnings.
pub(super) fn matching_refs(repo: &Path, patterns: &[String]) -> Result<(Vec<Ref>, Vec<Diagnostic>)> {
    let listing = git_ok(
        Some(repo),
        &["for-each-ref", "--format=%(refname)%09%(objectname)%09%(*objectname)", "refs/tags", "refs/heads"],
    )?;
    let mut all: Vec<Ref> = Vec::new();
    for line in listing.lines() {
        let mut parts = line.split('\t');
        let (Some(full), Some(object), peeled) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let commit = peeled.filter(|p| !p.is_empty()).unwrap_or(object);
        let Some(name) = full.strip_prefix("refs/tags/").or_else(|| full.strip_prefix("refs/heads/")) else {
            continue;
        };
        // Tags are listed first: a branch of the same name is left out.
        if is_commit(commit) && !all.iter().any(|r| r.name == name) {
            all.push(Ref { name: name.to_string(), commit: commit.to_string() });
        }
    }
    let mut chosen: Vec<Ref> = Vec::new();
    let mut warnings = Vec::new();
    for pattern in patterns {
        let globs = Globs::new(std::slice::from_ref(pattern), true).map_err(anyhow::Error::msg)?;
        let mut matched: Vec<&Ref> = all.iter().filter(|r| globs.is_match(&r.name)).collect();
        if matched.is_empty() {
            warnings.push(note(format!("[versions] refs: {pattern:?} matches no tag or branch")));
        }
        matched.sort_by(|a, b| version_order(&b.name, &a.name));
        for r in matched {
            if !is_version_name(&r.name) {
                warnings.push(note(format!(
                    "[versions] refs: {:?} is left out: a version's name becomes its folder, and this one \
                     has characters other than letters, digits, . _ - +",
                    r.name
                )));
            } else if !chosen.iter().any(|c| c.name == r.name) {
                chosen.push(r.clone());
            }
        }
    }
    Ok((chosen, warnings))
}

fn note(message: String) -> Diagnostic {
    Diagnostic::new(crate::config::CONFIG_FILE, 0, 0, message)
}

/// Writes the files of `commit` to `dest` (once: a finished export is never
/// written again), through a temporary folder and index of its own.
pub(super) fn export(repo: &Path, commit: &str, dest: &Path) -> Result<()> {
    if dest.is_dir() {
        return Ok(());
    }
    if !is_commit(commit) {
        bail!("not a commit id: {commit:?}");
    }
    let pid = std::process::id();
    let tmp = dest.with_extension(format!("tmp-{pid}"));
    let index = dest.with_extension(format!("index-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    crate::util::fs::create_dir_all(&tmp)?;
    let prefix = format!("--prefix={}/", crate::util::fs::absolute(&tmp)?.display());
    let env = [("GIT_INDEX_FILE", index.as_path())];
    let run = |args: &[&str]| git_env(Some(repo), args, &env).and_then(|out| checked(out, args));
    let done = run(&["read-tree", commit]).and_then(|_| run(&["checkout-index", "--all", "--force", &prefix]));
    let _ = std::fs::remove_file(&index);
    if let Err(e) = done {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e.context(format!("reading commit {commit} from git")));
    }
    std::fs::rename(&tmp, dest).with_context(|| format!("moving the export to {}", dest.display()))
}

/// The top folder of the repository `dir` is in.
pub(super) fn toplevel(dir: &Path) -> Result<std::path::PathBuf> {
    let out = git_ok(Some(dir), &["rev-parse", "--show-toplevel"])
        .context("[versions] reads the site from git, and the site root is not in a git repository")?;
    Ok(out.trim().into())
}
