//! `[versions]`: the site as it was at git tags or branches, each built to
//! `/<version>/` from a tree read out of git (no copies in the repository),
//! the working tree as one more version, and the latest also at the root.
//!
//! Every page links the same page in each other version, so a version's
//! output depends on which pages the others have. Two passes: the first
//! learns each version's pages (from the cache for a ref seen before), the
//! second renders a version only when its commit or the set of versions
//! and their pages changed, and otherwise links its output from the cache.

mod git;
mod place;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, Result, anyhow, bail};
use serde::Serialize;

use crate::config::{BuildOptions, Config};
use crate::render::{VersionInfo, Versions};
use crate::report::{BuildFailed, Diagnostic};
use crate::site::Site;
use crate::util::url::encode_path;
use crate::write::{OutData, OutFile, Staging, alias_page};
use place::{Source, ToPlace};

/// What a versioned build wrote.
#[derive(Debug)]
pub struct VersionsBuilt {
    /// The versions, in the switcher's order, the latest marked.
    pub names: Vec<(String, bool)>,
    /// How many were rendered (the rest came from the cache).
    pub rendered: usize,
    /// Pages of all versions.
    pub pages: usize,
    /// Problems that did not fail the build, each naming its version.
    pub warnings: Vec<Diagnostic>,
}

/// One version to build.
struct Entry {
    name: String,
    /// The ref's commit; `None` for the working tree.
    commit: Option<String>,
    /// Its site root: the working tree's, or the same folder in the export.
    root: PathBuf,
    latest: bool,
    base_url: String,
    base_path: String,
    /// What its output depends on, besides the other versions.
    key: u64,
    site: Option<Site>,
    pages: Arc<HashSet<String>>,
}

/// Builds every version into `out_dir` (swapped in whole, as a build is).
pub fn build(opts: &BuildOptions, config: &Config, out_dir: &Path, strict: bool) -> Result<VersionsBuilt> {
    let vc = config.versions.as_ref().ok_or_else(|| anyhow!("the site has no [versions]"))?;
    let repo = git::toplevel(&opts.root)?;
    let prefix = crate::util::fs::repo_prefix(&opts.root);
    let (refs, mut warnings) = git::matching_refs(&repo, &vc.refs)?;
    let working = vc.working.name();
    if let Some(w) = working.filter(|w| refs.iter().any(|r| r.name == *w)) {
        bail!("book.toml: [versions] working = {w:?} is also the name of a ref; give the working tree another folder");
    }
    let names = || refs.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", ");
    let latest = match &vc.latest {
        Some(l) if refs.iter().any(|r| &r.name == l) => Some(l.clone()),
        Some(l) => {
            bail!("book.toml: [versions] latest = {l:?} is not one of the refs [versions] refs matches ({})", names())
        }
        None => refs.iter().map(|r| r.name.clone()).max_by(|a, b| crate::config::version_order(a, b)),
    };
    if refs.is_empty() && working.is_none() {
        bail!("book.toml: [versions] matches no ref and leaves out the working tree: there is nothing to build");
    }
    let cache = opts.cache_dir();
    crate::util::fs::ensure_cache_dir(&cache);
    let cache = cache.join("versions");
    let base_url = config.base_url();
    let base_path = config.base_path();
    let tool = tool_id();
    let mut entries: Vec<Entry> = working
        .map(|w| (w.to_string(), None, opts.root.clone()))
        .into_iter()
        .chain(refs.iter().map(|r| (r.name.clone(), Some(r.commit.clone()), tree_dir(&cache, &r.commit).join(&prefix))))
        .map(|(name, commit, root)| {
            // With no ref, the working tree is the latest.
            let latest = latest.as_deref().map_or(commit.is_none(), |l| l == name);
            let (base_url, base_path) = match latest {
                true => (base_url.clone(), base_path.clone()),
                false => (format!("{base_url}{name}/"), format!("{base_path}{name}/")),
            };
            let key = crate::util::hash_serialized(&(&tool, &name, &commit, &base_url, latest, opts.drafts));
            Entry { name, commit, root, latest, base_url, base_path, key, site: None, pages: Arc::default() }
        })
        .collect();

    // First pass: each version's pages.
    let clock = crate::util::timing::Stopwatch::start();
    let mut skipped = Vec::new();
    for (i, e) in entries.iter_mut().enumerate() {
        let manifest = cache.join("pages").join(format!("{:016x}.json", e.key));
        if e.commit.is_some()
            && let Some(pages) = std::fs::read(&manifest).ok().and_then(|b| serde_json::from_slice(&b).ok())
        {
            e.pages = Arc::new(pages);
            continue;
        }
        match load(e, opts, &repo, &cache, &prefix) {
            Ok((site, mut notes)) => {
                e.pages = site.page_paths();
                if e.commit.is_some() {
                    crate::util::fs::write(&manifest, serde_json::to_vec(&*e.pages)?)?;
                }
                warnings.append(&mut notes);
                e.site = Some(site);
            }
            Err(err) if e.commit.is_some() && !e.latest => {
                warnings.push(Diagnostic::new(
                    crate::config::CONFIG_FILE,
                    0,
                    0,
                    format!("[versions] {} is left out: {err:#}", e.name),
                ));
                skipped.push(i);
            }
            Err(err) => return Err(err),
        }
    }
    for i in skipped.into_iter().rev() {
        entries.remove(i);
    }
    clock.lap("versions: pages of each");
    if strict && !warnings.is_empty() {
        return Err(BuildFailed::new(warnings).into());
    }

    // Second pass: render what the cache does not hold.
    let list: Arc<Vec<VersionInfo>> = Arc::new(
        entries
            .iter()
            .map(|e| VersionInfo {
                name: e.name.clone(),
                base_path: e.base_path.clone(),
                base_url: e.base_url.clone(),
                pages: e.pages.clone(),
                latest: e.latest,
                working: e.commit.is_none(),
            })
            .collect(),
    );
    let mut all_pages: Vec<(&str, Vec<&String>)> = entries
        .iter()
        .map(|e| {
            let mut p: Vec<&String> = e.pages.iter().collect();
            p.sort();
            (e.name.as_str(), p)
        })
        .collect();
    all_pages.sort();
    let together = crate::util::hash_serialized(&(entries.iter().map(|e| e.key).collect::<Vec<_>>(), all_pages));
    let previous = place::previous(out_dir);
    let mut rendered = 0;
    let mut to_place = Vec::new();
    for (i, e) in entries.iter_mut().enumerate() {
        let key = format!("{:016x}", crate::util::hash_serialized(&(e.key, together)));
        let cached = cache.join("out").join(&key);
        let kept = previous.iter().find(|p| p.name == e.name && p.key == key && p.latest == e.latest);
        let source = match kept {
            Some(p) if e.commit.is_some() && place::present(out_dir, p) => Source::Previous(p.clone()),
            _ if e.commit.is_some() && cached.is_dir() => Source::Cache(cached),
            _ => {
                let site = match e.site.take() {
                    Some(site) => site,
                    None => load(e, opts, &repo, &cache, &prefix)?.0,
                };
                let mut site = site.with_versions(Versions { list: list.clone(), current: i });
                let clock = crate::util::timing::Stopwatch::start();
                let staging = Staging::new(&cached, &opts.root)?;
                site.write_all(|f| staging.write(f))?;
                for f in redirects(e) {
                    staging.write(&f)?;
                }
                staging.commit()?;
                clock.lap("versions: a version written");
                rendered += 1;
                Source::Cache(cached)
            }
        };
        to_place.push(ToPlace { name: e.name.clone(), latest: e.latest, key, source });
    }

    // The output: each version's files, the latest at the root.
    let clock = crate::util::timing::Stopwatch::start();
    place::place(out_dir, &opts.root, to_place, vec![versions_json(&entries)?])?;
    clock.lap("versions: placed");
    prune(&cache, &entries);
    clock.lap("versions: prune");
    Ok(VersionsBuilt {
        names: entries.iter().map(|e| (e.name.clone(), e.latest)).collect(),
        rendered,
        pages: entries.iter().map(|e| e.pages.len()).sum(),
        warnings,
    })
}

/// Loads one version's site; a ref's problems become warnings naming it.
fn load(e: &Entry, opts: &BuildOptions, repo: &Path, cache: &Path, prefix: &str) -> Result<(Site, Vec<Diagnostic>)> {
    if let Some(commit) = &e.commit {
        git::export(repo, commit, &tree_dir(cache, commit))?;
        if !e.root.is_dir() {
            bail!("its commit has no folder {prefix}");
        }
    }
    let v_opts = BuildOptions {
        root: e.root.clone(),
        base_url: Some(e.base_url.clone()),
        cache_dir: Some(opts.cache_dir()),
        ..opts.clone()
    };
    let site = Site::load(&v_opts)?;
    if e.commit.is_none() {
        if !site.errors().is_empty() {
            return Err(BuildFailed::new(site.errors().to_vec()).into());
        }
        let warnings = site.warnings();
        return Ok((site, warnings));
    }
    // A ref cannot be mended: what would fail a build is said, not fatal.
    let notes = site
        .errors()
        .iter()
        .cloned()
        .chain(site.warnings())
        .map(|d| Diagnostic { message: format!("{} (in {})", d.message, e.name), ..d })
        .collect();
    Ok((site, notes))
}

/// `versions.json`: the list as mike writes it, with each version's URL.
fn versions_json(entries: &[Entry]) -> Result<OutFile> {
    #[derive(Serialize)]
    struct Listed<'a> {
        version: &'a str,
        title: &'a str,
        aliases: Vec<&'a str>,
        url: &'a str,
    }
    let listed: Vec<Listed> = entries
        .iter()
        .map(|e| Listed {
            version: &e.name,
            title: &e.name,
            aliases: if e.latest { vec!["latest"] } else { Vec::new() },
            url: &e.base_path,
        })
        .collect();
    Ok(OutFile {
        path: "versions.json".into(),
        data: OutData::Bytes(serde_json::to_vec_pretty(&listed)?),
        source: None,
    })
}

/// Under the latest ref's own folder, a redirect from each of its pages to
/// the same page at the root: its URLs keep working once it is not the
/// latest any more, when it is built there for real.
fn redirects(e: &Entry) -> Vec<OutFile> {
    if !e.latest || e.commit.is_none() {
        return Vec::new();
    }
    e.pages
        .iter()
        .map(|page| OutFile {
            path: format!("{}/{page}index.html", e.name),
            data: OutData::Bytes(
                alias_page(
                    &format!("{}{}", e.base_path, encode_path(page)),
                    &format!("{}{}", e.base_url, encode_path(page)),
                )
                .into_bytes(),
            ),
            source: None,
        })
        .collect()
}

/// Where a commit's files are exported.
fn tree_dir(cache: &Path, commit: &str) -> PathBuf {
    cache.join("trees").join(commit)
}

/// What identifies the opsite that rendered a cached output: its version
/// and its binary (a rebuilt opsite renders again).
fn tool_id() -> String {
    let exe = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok());
    let stamp = exe.map(|m| (m.len(), m.modified().ok().map(|t| format!("{t:?}")))).unwrap_or_default();
    format!("{} {stamp:?}", env!("CARGO_PKG_VERSION"))
}

/// Removes what this build did not use: cached outputs (those it used
/// were moved into the output), page lists and trees.
fn prune(cache: &Path, entries: &[Entry]) {
    let keep_pages: HashSet<String> = entries.iter().map(|e| format!("{:016x}.json", e.key)).collect();
    let keep_trees: HashSet<&str> = entries.iter().filter_map(|e| e.commit.as_deref()).collect();
    let sweep = |dir: PathBuf, keep: &dyn Fn(&str) -> bool| {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let (path, name) = (entry.path(), entry.file_name().to_string_lossy().into_owned());
            if !keep(&name) {
                let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
            }
        }
    };
    sweep(cache.join("out"), &|_| false);
    sweep(cache.join("pages"), &|n| keep_pages.contains(n));
    sweep(cache.join("trees"), &|n| keep_trees.contains(n));
}

/// The files of the version `name` of the site at `root` exported from git
/// (for `opsite serve --version`): the site root inside the export.
pub fn export_version(root: &Path, config: &Config, name: &str) -> Result<PathBuf> {
    let vc = config.versions.as_ref().ok_or_else(|| anyhow!("--version needs [versions] in book.toml"))?;
    let repo = git::toplevel(root)?;
    let (refs, _) = git::matching_refs(&repo, &vc.refs)?;
    let r = refs.iter().find(|r| r.name == name).ok_or_else(|| {
        let names: Vec<&str> = refs.iter().map(|r| r.name.as_str()).collect();
        anyhow!("--version {name:?} is not one of the versions [versions] refs matches ({})", names.join(", "))
    })?;
    let cache = root.join(crate::config::CACHE_DIR);
    crate::util::fs::ensure_cache_dir(&cache);
    let tree = tree_dir(&cache.join("versions"), &r.commit);
    git::export(&repo, &r.commit, &tree).context("exporting the version")?;
    Ok(tree.join(crate::util::fs::repo_prefix(root)))
}
