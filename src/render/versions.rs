//! What a page of a versioned site shows of the other versions: the
//! switcher (links in the HTML, no script), the notice on every version but
//! the latest, and the canonical link to the latest's copy of the page.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Serialize;

use crate::util::url::encode_path;

/// One version of the site, as the others link it.
#[derive(Debug, Clone)]
pub struct VersionInfo {
    /// Its name: the ref's (`v2.1`) or the working tree's folder (`next`).
    pub name: String,
    /// Where its pages are: the site's base path for the latest, else the
    /// base path and the name (`/docs/v1.0/`).
    pub base_path: String,
    /// The same, as an absolute URL.
    pub base_url: String,
    /// The path of each of its pages (`guide/install/`).
    pub pages: Arc<HashSet<String>>,
    /// Whether it is the one at the site's root.
    pub latest: bool,
    /// Whether it is the working tree, not a ref.
    pub working: bool,
}

/// Every version of a site, and the one being built.
#[derive(Debug, Clone)]
pub struct Versions {
    /// In the switcher's order.
    pub list: Arc<Vec<VersionInfo>>,
    /// The index of the version being built.
    pub current: usize,
}

/// An entry of the switcher.
#[derive(Debug, Serialize)]
pub(super) struct VersionLink {
    name: String,
    /// The same page in that version, or its home when it has no such page.
    url: String,
    /// Whether `url` is the same page (not the version's home).
    same_page: bool,
    current: bool,
    latest: bool,
    working: bool,
}

/// The notice on a page of any version but the latest.
#[derive(Debug, Serialize)]
pub(super) struct VersionNotice {
    name: String,
    working: bool,
    latest_name: String,
    /// This page in the latest version, or its home.
    url: String,
    same_page: bool,
}

impl VersionInfo {
    /// The URL of `path` in this version, else its home, and which it is.
    fn url_of(&self, path: &str) -> (String, bool) {
        crate::tree::url_in(&self.base_path, self.pages.contains(path), path)
    }
}

impl Versions {
    /// Whether the version being built is the one at the site's root (the
    /// one with a sitemap).
    pub(crate) fn at_root(&self) -> bool {
        self.list[self.current].latest
    }

    fn latest(&self) -> Option<&VersionInfo> {
        self.list.iter().find(|v| v.latest)
    }

    /// The switcher's entries on the page at `path`.
    pub(super) fn links(&self, path: &str) -> Vec<VersionLink> {
        self.list
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (url, same_page) = v.url_of(path);
                VersionLink {
                    name: v.name.clone(),
                    url,
                    same_page,
                    current: i == self.current,
                    latest: v.latest,
                    working: v.working,
                }
            })
            .collect()
    }

    /// The notice on the page at `path`: none on the latest version.
    pub(super) fn notice(&self, path: &str) -> Option<VersionNotice> {
        let current = &self.list[self.current];
        let latest = self.latest().filter(|_| !current.latest)?;
        let (url, same_page) = latest.url_of(path);
        Some(VersionNotice {
            name: current.name.clone(),
            working: current.working,
            latest_name: latest.name.clone(),
            url,
            same_page,
        })
    }

    /// The canonical URL of the page at `path`: its copy in the latest
    /// version where there is one (search engines then index one copy).
    pub(super) fn canonical(&self, path: &str) -> Option<String> {
        let latest = self.latest()?;
        latest.pages.contains(path).then(|| format!("{}{}", latest.base_url, encode_path(path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(name: &str, base: &str, pages: &[&str], latest: bool) -> VersionInfo {
        VersionInfo {
            name: name.into(),
            base_path: base.into(),
            base_url: format!("https://x.org{base}"),
            pages: Arc::new(pages.iter().map(|p| p.to_string()).collect()),
            latest,
            working: name == "next",
        }
    }

    #[test]
    fn the_switcher_keeps_the_page_or_falls_back_to_the_home() {
        let list = Arc::new(vec![
            version("next", "/d/next/", &["", "a/", "new/"], false),
            version("v2.0", "/d/", &["", "a/"], true),
            version("v1.0", "/d/v1.0/", &[""], false),
        ]);
        let v = Versions { list, current: 0 };
        let links: Vec<(String, bool)> = v.links("a/").into_iter().map(|l| (l.url, l.current)).collect();
        assert_eq!(links, [("/d/next/a/".into(), true), ("/d/a/".into(), false), ("/d/v1.0/".into(), false)]);
        let n = v.notice("new/").unwrap();
        assert_eq!((n.url.as_str(), n.same_page, n.working), ("/d/", false, true));
        assert_eq!(v.canonical("a/").as_deref(), Some("https://x.org/d/a/"));
        assert_eq!(v.canonical("new/"), None);
        assert!(Versions { current: 1, ..v }.notice("a/").is_none());
    }
}
