//! What templates see: `site`, `page` (or `section`), `nav`, `sidebar`, `assets`.

use serde::Serialize;
use tera::{Context, Value};

use crate::check::Checked;
use crate::config::IssuesConfig;
use crate::issues::Snapshot;
use crate::load::{DocId, DocKind, HOME, Loaded};
use crate::parse::{Parsed, Part, TocEntry};
use crate::util::text::truncate_words;
use crate::util::url::{encode_path, query_encode};

/// A title and URL.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Link {
    /// Link text.
    pub title: String,
    /// Site URL (base path included).
    pub url: String,
}

/// A child page or section shown in a listing.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Card {
    /// Title.
    pub title: String,
    /// Site URL.
    pub url: String,
    /// Frontmatter description, else the first paragraph.
    pub description: String,
    /// Publication date (`YYYY-MM-DD…`), for posts.
    pub date: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Minutes to read.
    pub reading_time: usize,
    /// Tags, each with the URL of its page.
    pub tags: Vec<Link>,
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
    /// Its subsections: empty (kept for templates written for the whole
    /// tree; a section's page lists its subsections).
    pub children: Vec<NavSection>,
}

/// Values shared by every page of a build, made once.
pub(crate) struct SiteContext {
    site: Value,
    nav: Value,
    assets: Value,
    strings: Value,
}

/// The stage outputs a page's context is made from.
pub struct PageInputs<'a> {
    /// Loaded content.
    pub loaded: &'a Loaded,
    /// Parsed documents and their order.
    pub parsed: &'a Parsed,
    /// Checked links and resolved runbook alerts.
    pub checked: &'a Checked,
    /// `/` or `/docs/`.
    pub base_path: &'a str,
    /// Absolute base URL with trailing slash.
    pub base_url: &'a str,
    /// The site's languages, with the pages of each tree when known.
    pub languages: &'a [crate::tree::LanguageLink],
    /// Default description.
    pub site_description: &'a str,
    /// `https://github.com/owner/repo`, when configured.
    pub repository: Option<&'a str>,
    /// Branch for edit links.
    pub branch: &'a str,
    /// Path of the site root inside the repository (`""` or `docs/`).
    pub repo_prefix: &'a str,
    /// `[issues]`, when configured.
    pub issues: Option<&'a IssuesConfig>,
    /// What the issue pass fetched.
    pub snapshot: Option<&'a Snapshot>,
    /// The alert rules `[runbooks] rules` names.
    pub rules: &'a crate::alerts::RuleSet,
    /// `[runbooks]`: where graph, dashboard and silence links go.
    pub runbooks: &'a crate::config::RunbooksConfig,
    /// Highlighted HTML of rule expressions, by expression.
    pub expr_html: &'a std::collections::HashMap<String, String>,
    /// `[build] llms`: each page's Markdown is published beside it.
    pub llms: bool,
    /// `[runbooks] review_every` in days, and today (days since 1970).
    pub review: Option<(i64, i64)>,
    /// The site's versions, when it is one of several (`[versions]`).
    pub versions: Option<&'a super::Versions>,
    /// The objectives of `[slo] specs`.
    pub slos: &'a crate::slo::SloSet,
    /// `[slo] path`: the folder of the SLO pages.
    pub slo_path: &'a str,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    kind: &'static str,
    title: &'a str,
    description: String,
    content: std::borrow::Cow<'a, str>,
    toc: Vec<TocEntry<'a>>,
    url: String,
    permalink: String,
    path: &'a str,
    source: Option<String>,
    edit_url: Option<String>,
    issue_url: Option<String>,
    tags: &'a [String],
    tag_links: Vec<Link>,
    authors: &'a [String],
    reading_time: usize,
    words: usize,
    feed: Option<String>,
    /// The title of the blog whose feed `feed` is.
    feed_title: Option<String>,
    /// The URL of the page's Markdown (llms.txt), where it is published.
    markdown_url: Option<String>,
    has_diagram: bool,
    breadcrumbs: Vec<Link>,
    prev: Option<Link>,
    next: Option<Link>,
    extra: &'a serde_json::Map<String, serde_json::Value>,
    date: Option<&'a str>,
    updated: Option<&'a str>,
    weight: Option<i64>,
    title_id: Option<&'a str>,
    /// The body's opening `#` heading where it differs from the title.
    heading: Option<&'a str>,
    /// The canonical URL: the latest version's copy of the page where the
    /// site has versions, else the permalink.
    canonical: String,
    /// The version switcher: empty without `[versions]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    versions: Vec<super::versions::VersionLink>,
    /// Each language's link: this page in it, or its home.
    languages: Vec<crate::tree::PageLanguage>,
    /// On every version but the latest: which this is, and the page in the
    /// latest.
    #[serde(skip_serializing_if = "Option::is_none")]
    version_notice: Option<super::versions::VersionNotice>,
    /// A postmortem's facts, action items and timeline.
    #[serde(skip_serializing_if = "Option::is_none")]
    postmortem: Option<super::postmortem::PostmortemView>,
    /// A section's listing: absent on pages.
    #[serde(flatten)]
    listing: Option<Listing>,
    /// Alerts and incidents: only on runbooks and the runbooks index.
    #[serde(flatten)]
    runbook: Option<RunbookCtx>,
}

/// What a section's page lists.
#[derive(Serialize)]
struct Listing {
    pages: Vec<Card>,
    subsections: Vec<Card>,
}

/// What a runbook (a page documenting alerts) or the runbooks index shows.
#[derive(Serialize)]
struct RunbookCtx {
    /// On the runbooks index: the coverage of the rules by runbooks.
    coverage: Option<super::coverage::CoverageView>,
    /// On a runbook, with `[runbooks] review_every`: owner, last review,
    /// and whether one is due.
    review: Option<crate::check::review::Review>,
    alerts: Vec<super::alerts::AlertCtx>,
    alert_index: Vec<super::alerts::IndexRow>,
    incidents_page: Option<String>,
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
    pub(crate) fn new(
        site: &impl Serialize,
        nav: &impl Serialize,
        assets: &impl Serialize,
        strings: &impl Serialize,
    ) -> Self {
        SiteContext {
            site: Value::from_serializable(site),
            nav: Value::from_serializable(nav),
            assets: Value::from_serializable(assets),
            strings: Value::from_serializable(strings),
        }
    }

    /// A context with `site`, `nav`, `assets` and `strings` (cheap: values
    /// are shared).
    pub(crate) fn base(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site.clone());
        ctx.insert_value("nav", self.nav.clone());
        ctx.insert_value("assets", self.assets.clone());
        ctx.insert_value("strings", self.strings.clone());
        ctx
    }
}

impl PageInputs<'_> {
    /// Site URL of a document.
    pub fn url(&self, doc: DocId) -> String {
        self.path_url(&self.loaded.doc(doc).path)
    }

    /// Site URL of an output folder (`runbooks/owners/`).
    pub fn path_url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, encode_path(path))
    }

    /// Absolute URL of an output folder: `<link rel=canonical>`, feeds.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, encode_path(path))
    }

    /// A link as navigation shows it: the frontmatter's `link_title`
    /// (Hugo `linkTitle`) where there is one, else the title.
    pub(super) fn link(&self, doc: DocId) -> Link {
        let d = self.loaded.doc(doc);
        let title = d
            .front
            .link_title
            .clone()
            .or_else(|| d.nav.label.clone())
            .unwrap_or_else(|| self.parsed.doc(doc).title.clone());
        Link { title, url: self.url(doc) }
    }

    pub(super) fn card(&self, doc: DocId) -> Card {
        let d = self.loaded.doc(doc);
        Card {
            title: self.parsed.doc(doc).title.clone(),
            url: self.url(doc),
            description: self.description(doc),
            date: d.front.date.clone(),
            authors: d.front.authors.clone(),
            reading_time: super::blog::reading_time(self.words(doc)),
            tags: self.tag_links(doc),
        }
    }

    /// Frontmatter description, else the first paragraph, else the site's.
    pub fn description(&self, doc: DocId) -> String {
        if let Some(desc) = &self.loaded.doc(doc).front.description {
            return desc.clone();
        }
        let summary = self.parsed.doc(doc).summary.trim();
        if summary.is_empty() {
            return self.site_description.to_string();
        }
        truncate_words(summary, 160)
    }

    /// The `page`/`section` value of a document.
    pub fn page_value(&self, doc: DocId) -> Value {
        self.page_value_with(doc, None)
    }

    /// [`PageInputs::page_value`] with the page's body given (taken out of
    /// the parse output by [`crate::parse::Parsed::take_bodies`]).
    pub fn page_value_with(&self, doc: DocId, body: Option<&[Part]>) -> Value {
        let mut ctx = self.page_ctx(doc);
        if let Some(parts) = body {
            ctx.content = parts_html(parts, self.snapshot);
        }
        Value::from_serializable(&ctx)
    }

    /// A hash of everything in a document's `page` value but its own
    /// content and table of contents: what other documents put there
    /// (breadcrumbs, neighbours, listings, alerts) and its own metadata.
    /// `serve` re-renders a page whose key changed when the site's set of
    /// pages changed.
    pub fn page_key(&self, doc: DocId) -> u64 {
        let mut ctx = self.page_ctx(doc);
        ctx.content = std::borrow::Cow::Borrowed("");
        ctx.toc = Vec::new();
        crate::util::hash_serialized(&ctx)
    }

    fn page_ctx(&self, doc: DocId) -> PageCtx<'_> {
        let words = self.words(doc);
        let d = self.loaded.doc(doc);
        let r = self.parsed.doc(doc);
        let order = self.parsed.order();
        let url = self.url(doc);
        let source = d.has_file.then(|| d.src.file().to_string_lossy().replace('\\', "/"));
        let edit_url = match (d.src.origin(), self.repository, &source) {
            // A page from a mounted source is edited in its own repository.
            (Some(_), _, _) => d.edit_url.clone(),
            (None, Some(repo), Some(src)) => Some(format!(
                "{}/edit/{}/{}{}",
                repo.trim_end_matches('/'),
                self.branch,
                self.repo_prefix,
                encode_path(src.trim_start_matches("./"))
            )),
            _ => None,
        };
        let permalink = self.permalink(&d.path);
        let issue_url = self.repository.map(|repo| {
            let title = format!("Page: {}", r.title);
            let body = format!("Page: {permalink}\n\n");
            format!(
                "{}/issues/new?title={}&body={}",
                repo.trim_end_matches('/'),
                query_encode(&title),
                query_encode(&body)
            )
        });
        let (kind, listing) = match d.kind {
            DocKind::Page => ("page", None),
            DocKind::Section(s) => (
                "section",
                Some(Listing {
                    pages: order.pages(s).iter().map(|&p| self.card(p)).collect(),
                    subsections: order.subsections(s).iter().map(|&c| self.card(self.loaded.section(c).doc)).collect(),
                }),
            ),
        };
        let alert_index = match d.kind {
            DocKind::Section(s) => self.alert_index(s),
            DocKind::Page => Vec::new(),
        };
        let feed = self.feed_of(doc);
        PageCtx {
            kind,
            title: &r.title,
            description: self.description(doc),
            content: parts_html(&r.body, self.snapshot),
            toc: r.toc(),
            url,
            canonical: self.versions.and_then(|v| v.canonical(&d.path)).unwrap_or_else(|| permalink.clone()),
            permalink,
            versions: self.versions.map(|v| v.links(&d.path)).unwrap_or_default(),
            languages: crate::tree::languages_of(self.languages, &d.path),
            version_notice: self.versions.and_then(|v| v.notice(&d.path)),
            path: &d.path,
            source,
            edit_url,
            issue_url,
            tags: &d.front.tags,
            tag_links: self.tag_links(doc),
            authors: &d.front.authors,
            reading_time: super::blog::reading_time(words),
            words,
            feed_title: feed.as_ref().map(|f| f.title.clone()),
            markdown_url: (self.llms && self.loaded.searchable(doc))
                .then(|| format!("{}{}index.html.md", self.base_path, encode_path(&d.path))),
            feed: feed.map(|f| f.url),
            has_diagram: r.has_diagram,
            breadcrumbs: self
                .loaded
                .section_chain(doc)
                .into_iter()
                .map(|s| self.link(self.loaded.section(s).doc))
                .collect(),
            prev: order.prev(doc).map(|p| self.link(p)),
            next: order.next(doc).map(|n| self.link(n)),
            extra: &d.front.extra,
            date: d.front.date.as_deref(),
            updated: d.updated.as_deref(),
            weight: d.front.weight,
            title_id: r.title_id.as_deref(),
            heading: r.heading.as_deref(),
            listing,
            postmortem: self.postmortem_view(doc),
            runbook: (!self.checked.alerts(doc).is_empty() || !alert_index.is_empty()).then(|| RunbookCtx {
                coverage: match d.kind {
                    DocKind::Section(s) if self.checked.runbooks_index() == Some(s) => self.coverage_view(),
                    _ => None,
                },
                review: self
                    .review
                    .filter(|_| !self.checked.alerts(doc).is_empty())
                    .map(|(every, today)| crate::check::review::review_of(self.loaded, doc, every, today)),
                alerts: self.alert_views(doc),
                incidents_api: self
                    .issues
                    .map(|c| IncidentsApi { api: c.api().to_string(), label: c.alert_label.clone() }),
                alert_index,
                incidents_page: self.incidents_page_url(),
            }),
        }
    }

    /// The top-level sections, for `nav`: made once per site and shared by
    /// every page's context, so it holds no deeper level (a site's whole
    /// tree on each page would grow every page with the site).
    pub fn nav_tree(&self) -> Vec<NavSection> {
        let order = self.parsed.order();
        order
            .subsections(HOME)
            .iter()
            .map(|&c| {
                let card = self.card(self.loaded.section(c).doc);
                NavSection { title: card.title, url: card.url, description: card.description, children: Vec::new() }
            })
            .collect()
    }
}

/// A page body with each referenced issue's title and state filled in
/// (nothing where the issue is unknown: the link stays plain).
pub(crate) fn parts_html<'a>(parts: &'a [Part], snapshot: Option<&Snapshot>) -> std::borrow::Cow<'a, str> {
    if let [Part::Html(html)] = parts {
        return html.as_str().into();
    }
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Html(h) => out.push_str(h),
            Part::IssueState { repo, number } => {
                if let Some(issue) = snapshot.and_then(|s| s.refs.get(&(repo.clone(), *number))) {
                    let state = crate::util::escape_html(issue.display_state());
                    out.push_str(&format!(
                        " <span class=\"issue-title\">{}</span> <span class=\"issue-state issue-{state}\">{state}</span>",
                        crate::util::escape_html(&issue.title)
                    ));
                }
            }
        }
    }
    out.into()
}
