//! Fetching a source with the system `git`: one shallow commit per source,
//! reused while its ref has not moved.
//!
//! Hostile input is kept away from git's option parser: URLs and refs are
//! validated in config (no leading `-`, no `::` transports), always follow
//! `--`, and `ext::` is disabled on every call.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};

use crate::util::git::{git_ok, is_commit};
use serde::{Deserialize, Serialize};

/// What a fetch left on disk.
#[derive(Debug, Clone)]
pub(super) struct Checkout {
    /// The work tree.
    pub(super) dir: PathBuf,
    /// The commit checked out.
    pub(super) commit: String,
    /// The ref for web URLs: the configured ref, else the remote's default branch.
    pub(super) web_ref: String,
    /// Every file path in the commit (not only the sparse part).
    pub(super) files: HashSet<String>,
    /// Whether anything was downloaded this time.
    pub(super) fetched: bool,
    /// Set when the remote could not be asked and the cache was used.
    pub(super) stale: Option<String>,
}

#[derive(Serialize, Deserialize, Default)]
struct State {
    url: String,
    reference: Option<String>,
    commit: String,
    web_ref: String,
}

/// The commit and full ref name `reference` points at on the remote (one
/// `git ls-remote`, the only network call of a build where nothing moved).
fn remote_head(url: &str, reference: Option<&str>) -> Result<(String, String, String)> {
    if let Some(r) = reference.filter(|r| is_commit(r)) {
        return Ok((r.to_string(), r.to_string(), r.to_string()));
    }
    let listing = git_ok(None, &["ls-remote", "--symref", "--", url])?;
    let mut symref_head = None;
    let mut refs = Vec::new();
    for line in listing.lines() {
        if let Some(rest) = line.strip_prefix("ref: ") {
            symref_head = rest.split_whitespace().next().map(str::to_string);
        } else if let Some((sha, name)) = line.split_once('\t') {
            refs.push((name.to_string(), sha.to_string()));
        }
    }
    let find = |name: &str| refs.iter().find(|(n, _)| n == name).map(|(_, s)| s.clone());
    match reference {
        None => {
            let head = symref_head.ok_or_else(|| anyhow!("{url} has no default branch"))?;
            let sha = find(&head).or_else(|| find("HEAD")).ok_or_else(|| anyhow!("{url}: no HEAD"))?;
            let short = head.trim_start_matches("refs/heads/").to_string();
            Ok((sha, head, short))
        }
        Some(r) => {
            for full in [format!("refs/heads/{r}"), format!("refs/tags/{r}")] {
                // An annotated tag's commit is listed as `<tag>^{}`.
                if let Some(sha) = find(&format!("{full}^{{}}")).or_else(|| find(&full)) {
                    return Ok((sha, full, r.to_string()));
                }
            }
            bail!("{url} has no branch or tag {r:?}")
        }
    }
}

/// Fetches `url` at `reference` into `dir` (sparse to `sub` where given),
/// or reuses what is there when the ref has not moved. `offline` uses the
/// cache only.
pub(super) fn fetch(url: &str, reference: Option<&str>, sub: &str, dir: &Path, offline: bool) -> Result<Checkout> {
    let state_file = dir.with_extension("json");
    let state: Option<State> = std::fs::read_to_string(&state_file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .filter(|s: &State| s.url == url && s.reference.as_deref() == reference && dir.join(".git").is_dir());
    let cached = |stale: Option<String>| -> Result<Checkout> {
        let s = state.as_ref().ok_or_else(|| anyhow!("nothing is cached"))?;
        Ok(Checkout {
            dir: dir.to_path_buf(),
            commit: s.commit.clone(),
            web_ref: s.web_ref.clone(),
            files: list_files(dir)?,
            fetched: false,
            stale,
        })
    };
    if offline {
        return cached(None).map_err(|_| anyhow!("offline, and {url} was never fetched"));
    }
    let (commit, full_ref, web_ref) = match remote_head(url, reference) {
        Ok(head) => head,
        Err(e) if state.is_some() => return cached(Some(format!("{e:#}"))),
        Err(e) => return Err(e),
    };
    if state.as_ref().is_some_and(|s| s.commit == commit) {
        return cached(None);
    }
    if !dir.join(".git").is_dir() {
        std::fs::create_dir_all(dir)?;
        git_ok(Some(dir), &["init", "-q"])?;
    }
    let sub = sub.trim_matches('/');
    if !sub.is_empty() {
        // The folder, and the root's MkDocs file that orders it.
        let pattern = format!("/{sub}/");
        git_ok(Some(dir), &["sparse-checkout", "set", "--no-cone", "--", &pattern, "/mkdocs.yml", "/mkdocs.yaml"])?;
    }
    // Ask for the ref by name (every server allows that); a bare commit
    // needs a server that allows fetching by id, else everything comes.
    if git_ok(Some(dir), &["fetch", "-q", "--depth", "1", "--no-tags", "--", url, &full_ref]).is_err() {
        git_ok(Some(dir), &["fetch", "-q", "--no-tags", "--", url])?;
    }
    git_ok(Some(dir), &["-c", "advice.detachedHead=false", "checkout", "-q", "--force", &commit])?;
    let state =
        State { url: url.to_string(), reference: reference.map(str::to_string), commit: commit.clone(), web_ref };
    std::fs::write(&state_file, serde_json::to_vec(&state)?)?;
    Ok(Checkout {
        dir: dir.to_path_buf(),
        commit,
        web_ref: state.web_ref,
        files: list_files(dir)?,
        fetched: true,
        stale: None,
    })
}

/// Every file in the checked-out commit, sparse or not.
fn list_files(dir: &Path) -> Result<HashSet<String>> {
    let out = git_ok(Some(dir), &["ls-tree", "-r", "--name-only", "-z", "HEAD"])?;
    Ok(out.split('\0').filter(|s| !s.is_empty()).map(str::to_string).collect())
}

/// `YYYY-MM-DD` of the last commit touching each file, as paths relative
/// to the repository (a shallow checkout knows one commit).
pub(super) fn dates(dir: &Path) -> std::collections::HashMap<String, String> {
    git_ok(Some(dir), &crate::util::dates::GIT_LOG_DATES)
        .map(|log| crate::util::dates::last_commit_dates(&log))
        .unwrap_or_default()
}
