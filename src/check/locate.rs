//! Where a rule's runbook link lands in the site, whichever way the rule
//! writes it. The check stage uses it to let a rule's own link pick the page
//! that documents its alert; `opsite check --alerts` to judge every link.

use crate::config::Config;
use crate::load::{DocId, Loaded};
use crate::parse::Parsed;

/// What locating a link needs to know about the site besides its pages.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteUrls {
    /// Absolute base URL with its trailing slash.
    pub base_url: String,
    /// The site's repository on the web (`https://github.com/o/r`).
    pub repository: Option<String>,
    /// Path of the site root inside its repository (`""` or `docs/`).
    pub repo_prefix: String,
    /// The content folder, relative to the root.
    pub content: String,
}

impl SiteUrls {
    /// The values from `config`, with the site's place in its repository.
    pub(crate) fn new(config: &Config, repo_prefix: &str) -> SiteUrls {
        SiteUrls {
            base_url: config.base_url(),
            repository: config.site.repository.clone(),
            repo_prefix: repo_prefix.to_string(),
            content: config.build.content.clone(),
        }
    }
}

/// Where a runbook link lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Located {
    /// On this page.
    Ok(DocId),
    /// Into the site, at no page or anchor: why.
    Broken(String),
    /// Somewhere else.
    Elsewhere,
}

/// Where a runbook link lands, whichever way the rule writes it:
///
/// - on the site's base URL, with or without the trailing slash, in the
///   case the page is published in (a case-only difference is broken:
///   GitHub Pages is case-sensitive, lowercase URLs or not);
/// - kube-prometheus style, `…/runbooks/<component>/<alert lowercased>`;
/// - a repository file URL (`…/blob/<any branch>/<path>`, or `tree`) of the
///   site's repository or of a mounted source, in any content folder;
/// - a repository-relative path (`docs/hub/README.md#anchor`, GitLab's).
pub(crate) fn locate(loaded: &Loaded, parsed: &Parsed, urls: &SiteUrls, url: &str) -> Located {
    let (before, frag) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let base = &urls.base_url;
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let doc: Option<Result<DocId, String>> = if let Some(path) = before
        .strip_prefix(base.as_str())
        .or_else(|| (before.len() + 1 == base.len() && base.starts_with(before)).then_some(""))
    {
        let decoded = decode(path);
        let path = decoded.trim_end_matches("index.html").trim_end_matches('/');
        let key = if path.is_empty() { String::new() } else { format!("{path}/") };
        // Exactly: GitHub Pages paths are case-sensitive, so with
        // lowercase URLs too a link in another case reaches a 404.
        Some(loaded.doc_by_url(&key).ok_or_else(
            || match loaded.docs().find(|(_, d)| d.path.eq_ignore_ascii_case(&key)) {
                Some((_, d)) => format!("no page at /{key}: the page is /{}, and the case must match", d.path),
                None => format!("no page at /{key}"),
            },
        ))
    } else if let Some((web, path)) = repository_path(before) {
        repo_doc(loaded, urls, Some(&web), &decode(&path))
    } else if !crate::util::url::has_scheme(before)
        && !before.starts_with('/')
        && before.contains(['/', '.'])
        && !before.contains(char::is_whitespace)
    {
        repo_doc(loaded, urls, None, &decode(before))
    } else {
        None
    };
    match doc {
        None => Located::Elsewhere,
        Some(Err(reason)) => Located::Broken(reason),
        Some(Ok(d)) => match frag.filter(|f| !f.is_empty()) {
            Some(f) if !parsed.doc(d).ids.contains(f) => {
                Located::Broken(format!("{} has no heading `#{f}`", loaded.doc(d).source_path().display()))
            }
            _ => Located::Ok(d),
        },
    }
}

/// `(https://github.com/o/r, path)` of a `…/blob/<ref>/<path>` or
/// `…/tree/<ref>/<path>` URL (GitHub and GitLab's `/-/blob/`).
fn repository_path(url: &str) -> Option<(String, String)> {
    for marker in ["/-/blob/", "/-/tree/", "/blob/", "/tree/"] {
        if let Some(i) = url.find(marker) {
            let web = url[..i].trim_end_matches('/').to_string();
            let rest = &url[i + marker.len()..];
            let (_, path) = rest.split_once('/')?;
            return Some((web, path.to_string()));
        }
    }
    None
}

/// The page built from the file at `path` in a repository: the site's own
/// (its repository, any content folder) or a mounted source's. `web`:
/// which repository the URL named (`None`: a repository-relative path, any).
fn repo_doc(loaded: &Loaded, urls: &SiteUrls, web: Option<&str>, path: &str) -> Option<Result<DocId, String>> {
    let path = path.trim_start_matches("./").trim_end_matches('/');
    let same = |a: &str, b: &str| a.trim_end_matches('/').eq_ignore_ascii_case(b.trim_end_matches('/'));
    let site_repo = urls.repository.as_deref();
    let ours = web.is_none() || site_repo.is_some_and(|r| same(r, web.unwrap_or_default()));
    let mut candidates = Vec::new();
    if ours {
        let content = urls.content.trim_matches('/').trim_start_matches("./").to_string();
        let prefix = format!(
            "{}{}",
            urls.repo_prefix,
            if content == "." || content.is_empty() { String::new() } else { format!("{content}/") }
        );
        if let Some(rel) = path.strip_prefix(&prefix).or_else(|| path.strip_prefix(&format!("{content}/"))) {
            candidates.push(rel.to_string());
        }
    }
    for m in loaded.mounts() {
        let matches_repo = match web {
            None => true,
            Some(w) => m.web.as_deref().is_some_and(|mw| same(mw, w)),
        };
        if !matches_repo {
            continue;
        }
        candidates.extend(m.content_path(path));
    }
    if candidates.is_empty() {
        // Not a file of the site or of anything it mounts.
        return if web.is_none() { Some(Err(format!("no page is built from {path}"))) } else { None };
    }
    for c in &candidates {
        // A file, or a folder whose README/index is the section page.
        if let Some(d) = loaded.doc_by_source(c) {
            return Some(Ok(d));
        }
        if let Some(s) = loaded.section_by_dir(c.trim_end_matches('/')) {
            return Some(Ok(loaded.section(s).doc));
        }
    }
    // A file that moved: same name elsewhere in the same repositories.
    let name = path.rsplit('/').next().unwrap_or(path);
    let moved: Vec<String> = loaded
        .mounts()
        .iter()
        .filter(|m| web.is_none_or(|w| m.web.as_deref().is_some_and(|mw| same(mw, w))))
        .flat_map(|m| loaded.sources().filter_map(move |src| m.repo_path(src)))
        .filter(|p| p.rsplit('/').next() == Some(name))
        .collect();
    let hint = crate::util::text::did_you_mean(path, moved.iter().map(String::as_str))
        .map(|p| format!(" (did you mean {p}?)"))
        .unwrap_or_default();
    Some(Err(format!("no page is built from {path}{hint}")))
}
