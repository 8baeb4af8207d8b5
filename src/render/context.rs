//! What templates see: `site`, `page` (or `section`), `nav`, `sidebar`, `assets`.

use serde::Serialize;
use tera::{Context, Value};

use crate::content::{Content, DocId, DocKind, SectionId};
use crate::markdown::links::encode_path;
use crate::markdown::{Rendered, TocEntry};

/// A title and URL.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub title: String,
    /// Site URL (base path included).
    pub url: String,
}

/// A child page or section shown in a listing.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// Title.
    pub title: String,
    /// Site URL.
    pub url: String,
    /// Frontmatter description, else the first paragraph.
    pub description: String,
}

/// A section in the `nav` tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavSection {
    /// Title.
    pub title: String,
    /// Site URL.
    pub url: String,
    /// Description, for cards.
    pub description: String,
    /// Number of pages directly in it.
    pub pages: usize,
    /// Its subsections.
    pub children: Vec<NavSection>,
}

/// One row of a sidebar: sections and pages with their depth in the tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Title.
    pub title: String,
    /// Site URL.
    pub url: String,
    /// 0 for top level.
    pub depth: usize,
    /// A section (true) or a page.
    pub is_section: bool,
    /// An ancestor of (or the same as) the section being shown.
    pub open: bool,
}

/// Values shared by every page of a build, made once.
pub struct SiteContext {
    site: Value,
    nav: Value,
    assets: Value,
}

/// Everything about the site a page's context is made from.
pub struct PageInputs<'a> {
    /// Loaded content.
    pub content: &'a Content,
    /// Markdown output per document.
    pub rendered: &'a [Rendered],
    /// `/` or `/docs/`.
    pub base_path: &'a str,
    /// Absolute base URL with trailing slash.
    pub base_url: &'a str,
    /// Default description.
    pub site_description: &'a str,
    /// `https://github.com/owner/repo`, when configured.
    pub repository: Option<&'a str>,
    /// Branch for edit links.
    pub branch: &'a str,
    /// Path of the site root inside the repository (`""` or `docs/`).
    pub repo_prefix: &'a str,
    /// Last-updated date per document.
    pub updated: &'a [Option<String>],
    /// `[issues]`, when configured.
    pub issues: Option<&'a crate::issues::IssuesConfig>,
    /// What the issue pass fetched.
    pub snapshot: Option<&'a crate::issues::Snapshot>,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    kind: &'static str,
    title: &'a str,
    description: String,
    content: &'a str,
    toc: &'a [TocEntry],
    url: String,
    permalink: String,
    path: &'a str,
    source: Option<String>,
    edit_url: Option<String>,
    issue_url: Option<String>,
    breadcrumbs: Vec<Link>,
    prev: Option<Link>,
    next: Option<Link>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    weight: Option<i64>,
    title_id: Option<&'a str>,
    pages: Vec<Card>,
    subsections: Vec<Card>,
    alerts: Vec<crate::issues::AlertView>,
    incidents_api: Option<IncidentsApi>,
}

/// Where the reader's browser re-checks incidents.
#[derive(Serialize)]
struct IncidentsApi {
    api: String,
    label: String,
}

impl SiteContext {
    /// Builds the shared values.
    pub fn new(site: &impl Serialize, nav: &impl Serialize, assets: &impl Serialize) -> Self {
        SiteContext {
            site: Value::from_serializable(site),
            nav: Value::from_serializable(nav),
            assets: Value::from_serializable(assets),
        }
    }

    /// Placeholder until the first build fills it.
    pub fn empty() -> Self {
        SiteContext { site: Value::none(), nav: Value::none(), assets: Value::none() }
    }

    /// A context with `site`, `nav` and `assets` (cheap: values are shared).
    pub fn base(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site.clone());
        ctx.insert_value("nav", self.nav.clone());
        ctx.insert_value("assets", self.assets.clone());
        ctx
    }
}

impl PageInputs<'_> {
    /// Site URL of a document.
    pub fn url(&self, doc: DocId) -> String {
        format!("{}{}", self.base_path, encode_path(&self.content.docs[doc].path))
    }

    fn link(&self, doc: DocId) -> Link {
        Link { title: self.content.docs[doc].title.clone(), url: self.url(doc) }
    }

    fn card(&self, doc: DocId) -> Card {
        let d = &self.content.docs[doc];
        Card { title: d.title.clone(), url: self.url(doc), description: self.description(doc) }
    }

    /// Frontmatter description, else the first paragraph, else the site's.
    pub fn description(&self, doc: DocId) -> String {
        let d = &self.content.docs[doc];
        if let Some(desc) = &d.front.description {
            return desc.clone();
        }
        let summary = self.rendered[doc].summary.trim();
        if summary.is_empty() {
            return self.site_description.to_string();
        }
        truncate_words(summary, 160)
    }

    /// The `page`/`section` value of a document.
    pub fn page_value(&self, doc: DocId) -> Value {
        let d = &self.content.docs[doc];
        let r = &self.rendered[doc];
        let url = self.url(doc);
        let source = d.has_file.then(|| format!("content/{}", d.source));
        let edit_url = match (self.repository, &source) {
            (Some(repo), Some(src)) => Some(format!(
                "{}/edit/{}/{}{}",
                repo.trim_end_matches('/'),
                self.branch,
                self.repo_prefix,
                encode_path(src)
            )),
            _ => None,
        };
        let permalink = format!("{}{}", self.base_url, encode_path(&d.path));
        let issue_url = self.repository.map(|repo| {
            let title = format!("Page: {}", d.title);
            let body = format!("Page: {permalink}\n\n");
            format!(
                "{}/issues/new?title={}&body={}",
                repo.trim_end_matches('/'),
                query_encode(&title),
                query_encode(&body)
            )
        });
        let (kind, pages, subsections) = match d.kind {
            DocKind::Page => ("page", vec![], vec![]),
            DocKind::Section(s) => {
                let sec = &self.content.sections[s];
                (
                    "section",
                    sec.pages.iter().map(|&p| self.card(p)).collect(),
                    sec.subsections.iter().map(|&c| self.card(self.content.sections[c].doc)).collect(),
                )
            }
        };
        let ctx = PageCtx {
            kind,
            title: &d.title,
            description: self.description(doc),
            content: &r.html,
            toc: &r.toc,
            url,
            permalink,
            path: &d.path,
            source,
            edit_url,
            issue_url,
            breadcrumbs: self
                .content
                .section_chain(doc)
                .into_iter()
                .map(|s| self.link(self.content.sections[s].doc))
                .collect(),
            prev: d.prev.map(|p| self.link(p)),
            next: d.next.map(|n| self.link(n)),
            extra: &d.front.extra,
            date: d.front.date.as_deref(),
            updated: self.updated[doc].as_deref(),
            weight: d.front.weight,
            title_id: r.title_id.as_deref(),
            pages,
            subsections,
            alerts: self.alert_views(doc),
            incidents_api: self
                .issues
                .filter(|_| !d.front.alerts.is_empty())
                .map(|c| IncidentsApi { api: c.api().to_string(), label: c.alert_label.clone() }),
        };
        Value::from_serializable(&ctx)
    }

    fn alert_views(&self, doc: DocId) -> Vec<crate::issues::AlertView> {
        let d = &self.content.docs[doc];
        let filter = d.front.issues.as_ref();
        let labels: Vec<String> = filter.map(|f| f.labels.clone()).unwrap_or_default();
        crate::site::resolve_alerts(d, &self.rendered[doc])
            .into_iter()
            .map(|a| {
                let repo = filter
                    .and_then(|f| f.repo.clone())
                    .or_else(|| self.issues.map(|c| c.repo.clone()))
                    .unwrap_or_default();
                let listing = self.snapshot.and_then(|s| s.listings.get(&repo));
                let label = self.issues.map(|c| c.alert_label.as_str()).unwrap_or_default();
                let (checked, checked_iso) =
                    listing.map(|l| crate::content::dates::format_time(l.checked)).unwrap_or_default();
                crate::issues::AlertView {
                    incidents: listing
                        .map(|l| crate::issues::incidents_for(l, &a.name, label, &labels))
                        .unwrap_or_default(),
                    known: listing.is_some(),
                    stale: listing.is_some_and(|l| l.stale),
                    checked,
                    checked_iso,
                    name: a.name,
                    anchor: a.anchor,
                    repo,
                    labels: labels.clone(),
                }
            })
            .collect()
    }

    /// The sidebar rows for pages of section `current`: top-level entries,
    /// with the path down to `current` expanded.
    pub fn sidebar_items(&self, current: SectionId) -> Vec<NavItem> {
        let mut open = vec![false; self.content.sections.len()];
        let mut cur = Some(current);
        while let Some(s) = cur {
            open[s] = true;
            cur = self.content.sections[s].parent;
        }
        let mut items = Vec::new();
        self.push_children(0, 0, &open, &mut items);
        items
    }

    fn push_children(&self, section: SectionId, depth: usize, open: &[bool], items: &mut Vec<NavItem>) {
        let sec = &self.content.sections[section];
        for &p in &sec.pages {
            let l = self.link(p);
            items.push(NavItem { title: l.title, url: l.url, depth, is_section: false, open: false });
        }
        for &c in &sec.subsections {
            let l = self.link(self.content.sections[c].doc);
            items.push(NavItem { title: l.title, url: l.url, depth, is_section: true, open: open[c] });
            if open[c] {
                self.push_children(c, depth + 1, open, items);
            }
        }
    }

    /// The section tree below the home page, for `nav`: built once per
    /// site and shared by every page's context.
    pub fn nav_tree(&self) -> Vec<NavSection> {
        self.nav_children(0)
    }

    fn nav_children(&self, section: SectionId) -> Vec<NavSection> {
        self.content.sections[section]
            .subsections
            .iter()
            .map(|&c| {
                let card = self.card(self.content.sections[c].doc);
                NavSection {
                    title: card.title,
                    url: card.url,
                    description: card.description,
                    pages: self.content.sections[c].pages.len(),
                    children: self.nav_children(c),
                }
            })
            .collect()
    }
}

fn truncate_words(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out = String::new();
    for word in s.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Encodes a query-string value.
pub fn query_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
