//! Frontmatter: YAML between `---` lines or TOML between `+++` lines.

pub(crate) use super::front_values::{AlertRef, BuildOptions, IssueFilter, SearchSetting, SortBy};
use super::front_values::{date, one_or_many};
pub(crate) use super::postmortem::{ActionItem, IssueRef, TimelineEntry};
use serde::Deserialize;

use std::path::Path;

use crate::config::Reach;
use crate::report::Diagnostic;

/// Declares [`FrontMatter`]: opsite's own fields, the postmortem fields
/// (boxed apart: most pages have none), then the keys other generators
/// write that mean nothing here. Those are accepted (a Hugo or MkDocs tree
/// builds as it is), moved into `extra` for templates, and named once per
/// build; any other key stays an error, so the site's own typos are still
/// caught. What is read is a flat `RawFront`; what every document keeps is
/// the smaller `FrontMatter` made from it (a third of the size at 100,000
/// pages).
macro_rules! front_matter {
    (
        own { $($(#[doc = $doc:literal])* $(#[serde $serde:tt])? pub $own:ident: $ty:ty => $reach:ident,)* }
        postmortem { $($(#[doc = $pdoc:literal])* $(#[serde $pserde:tt])? pub $pm:ident: $pty:ty => $preach:ident,)* }
        foreign { $($field:ident = $key:literal),* $(,)? }
    ) => {
        /// Frontmatter as written: every key opsite reads, flat.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, expecting = "a map of frontmatter keys")]
        struct RawFront {
            $($(#[serde $serde])? $own: $ty,)*
            $($(#[serde $pserde])? $pm: $pty,)*
            $(
                #[serde(default, rename = $key)]
                $field: Option<serde_json::Value>,
            )*
        }

        /// Fields a page or section index may set in its frontmatter.
        #[derive(Debug, Clone, Default, PartialEq, Deserialize)]
        #[serde(from = "RawFront")]
        pub struct FrontMatter {
            $($(#[doc = $doc])* pub $own: $ty,)*
            /// The postmortem fields, when any is written ([`FrontMatter::pm`]).
            pub postmortem: Option<Box<Postmortem>>,
            /// Other generators' keys read (their values are in `extra`);
            /// taken by [`split`].
            pub(super) foreign: Vec<&'static str>,
        }

        /// A postmortem's fields of [`FrontMatter`].
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct Postmortem {
            $($(#[doc = $pdoc])* pub $pm: $pty,)*
        }

        /// No postmortem field written.
        static NO_POSTMORTEM: Postmortem = Postmortem { $($pm: <$pty as Empty>::EMPTY,)* };

        /// Frontmatter keys of other generators that opsite accepts and keeps in `extra`.
        pub(crate) const FOREIGN_KEYS: &[&str] = &[$($key),*];

        impl From<RawFront> for FrontMatter {
            fn from(raw: RawFront) -> FrontMatter {
                let pm = Postmortem { $($pm: raw.$pm,)* };
                let mut front = FrontMatter {
                    $($own: raw.$own,)*
                    postmortem: (pm != NO_POSTMORTEM).then(|| Box::new(pm)),
                    foreign: Vec::new(),
                };
                $(
                    if let Some(v) = raw.$field {
                        front.extra.entry($key.to_string()).or_insert(v);
                        front.foreign.push($key);
                    }
                )*
                front
            }
        }

        impl FrontMatter {
            /// How far the change from `old` to this frontmatter reaches: the
            /// farthest of its changed keys, each declared with its field
            /// (so a new key cannot be left out). The other generators'
            /// keys are in `extra` by now.
            pub(crate) fn reach_from(&self, old: &FrontMatter) -> Reach {
                let mut reach = extra_reach(&self.extra, &old.extra);
                $(
                    if self.$own != old.$own {
                        reach = reach.max(Reach::$reach);
                    }
                )*
                let (new, old) = (self.pm(), old.pm());
                $(
                    if new.$pm != old.$pm {
                        reach = reach.max(Reach::$preach);
                    }
                )*
                reach
            }
        }
    };
}

front_matter! {
    own {
        /// Page title; falls back to the first `#` heading, then the file name.
        pub title: Option<String> => Site,
        /// Shorter title for navigation (Hugo `linkTitle`, `nav_title`).
        #[serde(default, alias = "linkTitle", alias = "nav_title", alias = "sidebar_label")]
        pub link_title: Option<String> => Site,
        /// Meta description and summary in section listings.
        pub description: Option<String> => Listing,
        /// Position among siblings: lower first; pages without a weight go last
        /// (Docusaurus `sidebar_position`, Just the Docs `nav_order`).
        #[serde(default, alias = "sidebar_position", alias = "nav_order")]
        pub weight: Option<i64> => Site,
        /// Publication date, `YYYY-MM-DD` with an optional time.
        #[serde(default, deserialize_with = "date")]
        pub date: Option<String> => Site,
        /// Last change, overriding the date from git (`lastmod`).
        #[serde(default, alias = "lastmod", alias = "last_modified_at", deserialize_with = "date")]
        pub updated: Option<String> => Page,
        /// Drafts are built only with `--drafts`.
        #[serde(default)]
        pub draft: bool => Load,
        /// Built, but left out of navigation and listings (hugo-book `bookHidden`).
        #[serde(default, alias = "bookHidden", alias = "nav_exclude")]
        pub hidden: bool => Site,
        /// Replaces the last URL segment (the file or directory name).
        pub slug: Option<String> => Load,
        /// Template to render with instead of `page.html`/`section.html`.
        pub template: Option<String> => Page,
        /// Old URLs that redirect here.
        #[serde(default)]
        pub aliases: Vec<String> => Load,
        /// This page only redirects to another URL (Zola `redirect_to`).
        pub redirect_to: Option<String> => Load,
        /// Tags.
        #[serde(default, deserialize_with = "one_or_many")]
        pub tags: Vec<String> => Page,
        /// Authors (`author` or `authors`).
        #[serde(default, alias = "author", deserialize_with = "one_or_many")]
        pub authors: Vec<String> => Listing,
        /// Free-form data for templates.
        #[serde(default)]
        pub extra: serde_json::Map<String, serde_json::Value> => Page,
        /// Runbooks: the alerts this page documents, each a heading on the page.
        #[serde(default)]
        pub alerts: Vec<AlertRef> => Site,
        /// Runbooks: narrows which incident issues are shown.
        #[serde(default)]
        pub issues: Option<IssueFilter> => Page,
        /// `search: false` (or MkDocs Material's `search: {exclude: true}`)
        /// leaves the page, or a section's pages, out of the search index.
        #[serde(default)]
        pub search: Option<SearchSetting> => Page,
        /// On a section: how its pages are ordered. `date` makes it a blog
        /// (newest first, with an Atom feed); `weight` is the default.
        #[serde(default)]
        pub sort_by: Option<SortBy> => Site,
        /// Hugo's build options: `render: never` makes the file content to
        /// include, not a page; `list: never` leaves it out of navigation.
        #[serde(default, rename = "_build")]
        pub build: Option<BuildOptions> => Load,
        /// Runbooks: who keeps the runbook (a team or a handle).
        pub owner: Option<String> => Site,
        /// Runbooks: when someone last checked that it still works
        /// (`YYYY-MM-DD`; `last_reviewed` too).
        #[serde(default, alias = "last_reviewed", deserialize_with = "date")]
        pub reviewed: Option<String> => Site,
    }
    postmortem {
        /// Postmortems: the incident issue (`123` or `owner/repo#123`); its
        /// events and comments make the timeline. Fetched, so a change loads.
        pub incident: Option<IssueRef> => Load,
        /// Postmortems: how bad it was (`SEV-2`, `critical`).
        pub severity: Option<String> => Page,
        /// Postmortems: when it started, was detected and was resolved (RFC 3339).
        pub started: Option<String> => Page,
        /// See `started`.
        pub detected: Option<String> => Page,
        /// See `started`.
        pub resolved: Option<String> => Page,
        /// Postmortems: who or what was hurt, and how much.
        pub impact: Option<String> => Page,
        /// Postmortems: why it happened.
        #[serde(default, deserialize_with = "one_or_many")]
        pub root_causes: Vec<String> => Page,
        /// Postmortems: what set it off.
        pub trigger: Option<String> => Page,
        /// Postmortems: follow-ups, each with an owner and an issue. Their
        /// issues are fetched, so a change loads.
        #[serde(default)]
        pub action_items: Vec<ActionItem> => Load,
        /// Postmortems: moments written by hand, merged into the timeline.
        #[serde(default)]
        pub timeline: Vec<TimelineEntry> => Page,
        /// Postmortems: the alert that fired, whose runbooks are linked
        /// (else the alert label of the incident issue).
        pub alert: Option<String> => Page,
    }
    foreign {
        book_collapse_section = "bookCollapseSection",
        book_flat_section = "bookFlatSection",
        book_toc = "bookToc",
        book_comments = "bookComments",
        book_search_exclude = "bookSearchExclude",
        book_href = "bookHref",
        kind_type = "type",
        layout = "layout",
        menu = "menu",
        categories = "categories",
        keywords = "keywords",
        series = "series",
        summary = "summary",
        toc = "toc",
        url = "url",
        outputs = "outputs",
        cascade = "cascade",
        headless = "headless",
        resources = "resources",
        images = "images",
        publish_date = "publishDate",
        expiry_date = "expiryDate",
        hide = "hide",
        id = "id",
        sidebar_class_name = "sidebar_class_name",
        displayed_sidebar = "displayed_sidebar",
        pagination_label = "pagination_label",
        custom_edit_url = "custom_edit_url",
        hide_title = "hide_title",
        hide_table_of_contents = "hide_table_of_contents",
        toc_min = "toc_min_heading_level",
        toc_max = "toc_max_heading_level",
        parent = "parent",
        grand_parent = "grand_parent",
        has_children = "has_children",
        permalink = "permalink",
        published = "published",
        insert_anchor_links = "insert_anchor_links",
        paginate_by = "paginate_by",
        in_search_index = "in_search_index",
        render = "render",
        transparent = "transparent",
        page_template = "page_template",
        generate_feeds = "generate_feeds",
        comments = "comments",
    }
}

/// The value of a field not written, as a constant (for [`NO_POSTMORTEM`]).
trait Empty {
    const EMPTY: Self;
}

impl<T> Empty for Option<T> {
    const EMPTY: Self = None;
}

impl<T> Empty for Vec<T> {
    const EMPTY: Self = Vec::new();
}

impl FrontMatter {
    /// The postmortem fields (all empty on a page that is not one).
    pub fn pm(&self) -> &Postmortem {
        self.postmortem.as_deref().unwrap_or(&NO_POSTMORTEM)
    }

    /// Whether the page is a postmortem: it names its incident or when it
    /// started.
    pub(crate) fn is_postmortem(&self) -> bool {
        self.pm().incident.is_some() || self.pm().started.is_some()
    }

    /// Whether the file is content for other pages only, never a page of
    /// its own: Hugo's `headless: true` or `_build: {render: never}`.
    pub fn unrendered(&self) -> bool {
        self.extra.get("headless") == Some(&serde_json::Value::Bool(true))
            || self.build.as_ref().and_then(|b| b.render.as_deref()).is_some_and(|r| matches!(r, "never" | "link"))
    }

    /// Empty text is as if not written (`title: ""` falls back to the heading).
    fn drop_empty(&mut self) {
        for field in [&mut self.title, &mut self.link_title, &mut self.description, &mut self.slug] {
            if field.as_deref().is_some_and(|s| s.trim().is_empty()) {
                *field = None;
            }
        }
        self.hide_if_unlisted();
    }

    /// Hugo's `_build: {list: never}` is `hidden`.
    pub(super) fn hide_if_unlisted(&mut self) {
        if self.build.as_ref().and_then(|b| b.list.as_deref()) == Some("never") {
            self.hidden = true;
        }
    }
}

/// How far a change to `extra` reaches: templates read it on the page
/// itself, but Hugo's `cascade` sets the pages below and `headless` says
/// whether there is a page at all.
fn extra_reach(
    new: &serde_json::Map<String, serde_json::Value>,
    old: &serde_json::Map<String, serde_json::Value>,
) -> Reach {
    if ["cascade", "headless"].iter().any(|k| new.get(*k) != old.get(*k)) { Reach::Load } else { Reach::Page }
}

/// A Markdown file split into frontmatter and body.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// Parsed frontmatter (default when the file has none).
    pub front: FrontMatter,
    /// The Markdown after the closing delimiter.
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub body_line: usize,
    /// File lines of the keys whose values are checked after parsing.
    pub key_lines: KeyLines,
    /// Other generators' keys found (now in `extra`).
    pub foreign: Vec<&'static str>,
    /// Keys no generator knows (kept in `extra`), and values left out.
    pub warnings: Vec<Diagnostic>,
}

/// File lines of the frontmatter keys whose values later stages check
/// (0: not written). Fixed fields, so a page costs no allocation for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyLines([u32; LINED_KEYS.len()]);

/// The keys [`KeyLines`] records.
const LINED_KEYS: [&str; 11] = [
    "slug",
    "aliases",
    "template",
    "alerts",
    "issues",
    "redirect_to",
    "reviewed",
    "started",
    "detected",
    "resolved",
    "timeline",
];

impl KeyLines {
    /// Line of `key` (0 when it is not written or not recorded).
    pub fn get(&self, key: &str) -> usize {
        LINED_KEYS.iter().position(|k| *k == key).map_or(0, |i| self.0[i] as usize)
    }
}

/// Splits `text` (the contents of `path`) and parses its frontmatter.
/// `typos_warn`: a likely typo of an opsite key is a warning (a tree the
/// site does not own), not an error.
pub(crate) fn split<'a>(text: &'a str, path: &Path, typos_warn: bool) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Blank lines before the opening delimiter are allowed (and common).
    let mut start = 0;
    let mut skipped = 0;
    while let Some(end) = text[start..].find('\n').map(|i| start + i + 1) {
        if !text[start..end].trim().is_empty() {
            break;
        }
        start = end;
        skipped += 1;
    }
    let first_line_end = text[start..].find('\n').map(|i| start + i + 1).unwrap_or(text.len());
    let first = text[start..first_line_end].trim_end();
    let none = || Split {
        front: FrontMatter::default(),
        body: text,
        body_line: 1,
        key_lines: KeyLines::default(),
        foreign: Vec::new(),
        warnings: Vec::new(),
    };
    let (delim, yaml) = match first {
        "---" => ("---", true),
        "+++" => ("+++", false),
        _ => return Ok(none()),
    };
    // Lines of the file before the frontmatter's first line.
    let before = skipped + 1;
    let opened_at = skipped + 1;
    // Find the closing delimiter on a line of its own.
    let mut offset = first_line_end;
    let mut line_no = before + 1;
    let mut close = None;
    while offset < text.len() {
        let end = text[offset..].find('\n').map(|i| offset + i + 1).unwrap_or(text.len());
        let line = text[offset..end].trim_end();
        if line == delim || (yaml && line == "...") {
            close = Some((offset, end));
            break;
        }
        offset = end;
        line_no += 1;
    }
    let Some((close_start, body_start)) = close else {
        return Err(Diagnostic::new(path, opened_at, 1, format!("frontmatter opened with `{delim}` is never closed"))
            .hint(Some(format!("add a line `{delim}` where the frontmatter ends"))));
    };
    let raw = &text[first_line_end..close_start];
    let parsed = if yaml { parse_yaml(raw, path, before) } else { parse_toml(raw, path, before) };
    let mut warnings = Vec::new();
    let mut folded = Vec::new();
    let mut front = match parsed {
        Ok(f) => f,
        // Another tool's keys, casing or empty values: read key by key.
        Err(e) => match super::front_keys::read(raw, yaml, path, before, typos_warn, &mut warnings) {
            Ok(l) => {
                folded = l.folded;
                l.front
            }
            // The map read's error when the strict one was only about a
            // key: it names the real problem (a typo, a bad value, syntax).
            Err(d) if e.message.contains("unknown field") => return Err(d),
            Err(_) => return Err(e),
        },
    };
    let mut foreign = std::mem::take(&mut front.foreign);
    // A postmortem's `summary` is its own (kept in `extra`, as Hugo's is).
    if front.is_postmortem() {
        foreign.retain(|k| *k != "summary");
    }
    foreign.extend(folded);
    front.drop_empty();
    let key_lines = key_lines(raw, yaml, before);
    // A redirect page links its target and refreshes to it: never to a
    // scheme that runs script.
    if let Some(scheme) = front.redirect_to.as_deref().and_then(|to| crate::util::url::dangerous_scheme(to, false)) {
        let line = key_lines.get("redirect_to").max(before);
        warnings.push(
            Diagnostic::new(
                path,
                line,
                1,
                format!("redirect_to a `{scheme}:` URL left out: the page is built as it is"),
            )
            .hint(Some("redirect to an http(s) URL or a path of the site".into())),
        );
        front.redirect_to = None;
    }
    Ok(Split { front, body: &text[body_start..], body_line: line_no + 1, key_lines, foreign, warnings })
}

/// File lines of the top-level keys in [`LINED_KEYS`] in the frontmatter
/// text `raw` (YAML `key:` or TOML `key =` at the start of a line), so that
/// a problem with a value found after parsing (a bad slug or alias) can
/// point at its line.
fn key_lines(raw: &str, yaml: bool, before: usize) -> KeyLines {
    let mut out = KeyLines::default();
    for (i, line) in raw.lines().enumerate() {
        // `last_reviewed` is `reviewed` written as another tool does.
        let key = top_level_key(line, yaml).map(|k| if k == "last_reviewed" { "reviewed" } else { k });
        if let Some(k) = key.and_then(|key| LINED_KEYS.iter().position(|k| *k == key))
            && out.0[k] == 0
        {
            out.0[k] = u32::try_from(i + 1 + before).unwrap_or(0);
        }
    }
    out
}

/// The key a frontmatter line starts, when it is a top-level one (YAML
/// `key:`, TOML `key =`, either quoted).
pub(super) fn top_level_key(line: &str, yaml: bool) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-', '[']) {
        return None;
    }
    let (key, _) = line.split_once(if yaml { ':' } else { '=' })?;
    Some(key.trim().trim_matches(['"', '\'']))
}

/// `before`: lines of the file before the frontmatter's first line.
fn parse_yaml(raw: &str, path: &Path, before: usize) -> Result<FrontMatter, Diagnostic> {
    if raw.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options::<Option<FrontMatter>>(raw, options).map(Option::unwrap_or_default).map_err(
        |e| {
            let (line, col, reason) = yaml_error(&e);
            let message = format!("invalid frontmatter: {reason}");
            let hint = type_hint(&message);
            Diagnostic::new(path, line + before, col, message).hint(hint)
        },
    )
}

/// Where a YAML error is (line and column in the text read) and why, in
/// our words: serde-saphyr prefixes its messages with their position.
pub(super) fn yaml_error(e: &serde_saphyr::Error) -> (usize, usize, String) {
    let (line, col) = e.location().map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    let msg = e.to_string();
    let msg = msg.lines().next().unwrap_or(&msg).trim();
    let msg = msg.strip_prefix("error: ").unwrap_or(msg);
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    };
    let msg = msg
        .replace("invalid i64", "expected a whole number")
        .replace("invalid boolean", "expected true or false")
        .replace("invalid bool", "expected true or false")
        .replace("expected string scalar", "expected text");
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some(i) = rest.find(": ")
        && rest[..i].contains("column")
    {
        return (line, col, rest[i + 2..].to_string());
    }
    (line, col, msg)
}

/// Where a TOML error is in `raw` (line and column) and why, on one line.
pub(super) fn toml_error(raw: &str, e: &toml::de::Error) -> (usize, usize, String) {
    let (line, col) = e.span().map_or((1, 1), |s| crate::util::pos::line_col(raw, s.start));
    (line, col, e.message().trim().replace('\n', " "))
}

/// A hint for values of the wrong type, the usual cause being YAML reading
/// `[`, `{`, `:` or `#` in an unquoted value as syntax.
fn type_hint(message: &str) -> Option<String> {
    let m = message.to_lowercase();
    if m.contains("expected true or false") {
        return Some("write `true` or `false`".into());
    }
    if m.contains("expected a whole number") {
        return Some("write a whole number, like `10`".into());
    }
    (m.contains("expected text") || m.contains("sequence") || m.contains("mapping") || m.contains("flow"))
        .then(|| "if the value is text, put it in double quotes: title: \"[draft] Access\"".into())
}

fn parse_toml(raw: &str, path: &Path, before: usize) -> Result<FrontMatter, Diagnostic> {
    toml::from_str::<FrontMatter>(raw).map_err(|e| {
        let (line, col, reason) = toml_error(raw, &e);
        Diagnostic::new(path, line + before, col, format!("invalid frontmatter: {reason}"))
    })
}

#[cfg(test)]
#[path = "frontmatter_tests.rs"]
mod tests;
