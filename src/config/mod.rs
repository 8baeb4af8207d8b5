//! `book.toml`: the site's configuration.

use std::path::Path;

use std::path::PathBuf;

use anyhow::Result;
use serde::Deserialize;

use crate::report::Diagnostic;
use crate::util::pos::line_col;

mod build;
mod check;
mod mdbook;
mod mkdocs;
mod others;
mod reach;
mod slo;
mod sources;
mod versions;
use crate::util::refs::is_repo;
pub use build::{BuildConfig, MdUrls};
pub use check::CheckConfig;
pub(crate) use check::parse_duration;
pub use reach::Reach;
pub use slo::SloConfig;
pub use sources::SourceConfig;
pub use versions::{VersionsConfig, Working, is_version_name, version_order};

/// Where the persistent caches live, under the site root.
pub const CACHE_DIR: &str = ".opsite-cache";

/// Folders of the site root that hold the theme and its overrides.
pub const THEME_DIRS: [&str; 3] = ["static", "themes", "templates"];

/// Folders other tools write at a repository root: never content, never
/// watched.
pub const TOOL_DIRS: [&str; 2] = ["target", "node_modules"];

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "book.toml";

/// Whether the file at `rel` (from the site root, `/`-separated) holds
/// settings opsite reads: `book.toml`, or another tool's configuration
/// (read when there is no `book.toml`), so `serve` reloads when it changes.
pub fn is_config_file(rel: &str) -> bool {
    mkdocs::FILES.contains(&rel) || others::FILES.contains(&rel) || rel == CONFIG_FILE
}

/// The whole of `book.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `[site]`: identity and addresses.
    pub site: SiteConfig,
    /// `[build]`: where and what to build.
    #[serde(default)]
    pub build: BuildConfig,
    /// `[markdown]`: rendering options.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// `[issues]`: incidents and issue references from GitHub.
    #[serde(default)]
    pub issues: Option<IssuesConfig>,
    /// `[runbooks]`: alert rules shown on the runbooks that document them.
    #[serde(default)]
    pub runbooks: RunbooksConfig,
    /// `[slo]`: service level objectives, a page per service.
    #[serde(default)]
    pub slo: SloConfig,
    /// `[check]`: how `opsite check --external` checks outside links.
    #[serde(default)]
    pub check: CheckConfig,
    /// `[[sources]]`: docs trees from other directories and repositories,
    /// mounted into the site.
    #[serde(default)]
    pub sources: Vec<SourceConfig>,
    /// `[versions]`: the site at git tags or branches, each in its own
    /// folder, the latest also at the root.
    #[serde(default)]
    pub versions: Option<VersionsConfig>,
    /// `[redirects]`: an old path of the site → a path of the site or an
    /// http(s) URL; a redirect page is written at each old path.
    #[serde(default)]
    pub redirects: std::collections::BTreeMap<String, toml::Spanned<String>>,
    /// `[params]`: values Hugo's `{{% param "a.b" %}}` shortcode reads (a
    /// Hugo project's own `params`).
    #[serde(default)]
    pub params: toml::Table,
    /// The book.toml line of each redirect, for messages (filled by
    /// [`Config::parse`]).
    #[serde(skip)]
    pub redirect_lines: std::collections::BTreeMap<String, usize>,
    /// What reading another tool's configuration left to say (an mdBook
    /// `book.toml`'s preprocessors opsite does not run).
    #[serde(skip)]
    pub notes: Vec<Diagnostic>,
}

/// `[runbooks]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RunbooksConfig {
    /// Globs (relative to the site root) of PrometheusRule, rule-group and
    /// ConfigMap files whose alerts runbooks document.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Prometheus or Thanos, for "graph this expression" links.
    #[serde(default)]
    pub prometheus_url: Option<String>,
    /// Grafana, for dashboards named by uid.
    #[serde(default)]
    pub grafana_url: Option<String>,
    /// Alertmanager, for "silence this alert" links.
    #[serde(default)]
    pub alertmanager_url: Option<String>,
    /// The headings every runbook is expected to have (compared without
    /// case); `check --alerts` names the runbooks that lack any. The
    /// kube-prometheus and OpenShift convention by default.
    #[serde(default = "default_sections")]
    pub sections: Vec<String>,
    /// How often each runbook should be checked (`180d`, `26w`): a runbook
    /// whose `reviewed` date is older shows a "needs review" notice, and
    /// `check` warns.
    #[serde(default)]
    pub review_every: Option<String>,
}

impl Default for RunbooksConfig {
    fn default() -> Self {
        RunbooksConfig {
            rules: Vec::new(),
            prometheus_url: None,
            grafana_url: None,
            alertmanager_url: None,
            sections: default_sections(),
            review_every: None,
        }
    }
}

impl RunbooksConfig {
    /// `review_every` in days (at least one), when set.
    pub fn review_days(&self) -> Result<Option<i64>> {
        let Some(t) = self.review_every.as_deref() else { return Ok(None) };
        let secs = parse_duration(t).ok_or_else(|| {
            anyhow::anyhow!("book.toml: [runbooks] review_every = {t:?} is not a duration (write 180d or 26w)")
        })?;
        Ok(Some((secs / 86_400).max(1) as i64))
    }
}

fn default_sections() -> Vec<String> {
    ["Meaning", "Impact", "Diagnosis", "Mitigation"].map(String::from).to_vec()
}

/// How a kind of problem is reported.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build.
    #[default]
    Error,
    /// Printed; the build goes on.
    Warn,
}

/// `[site]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Shown in the header and the `<title>` of every page.
    pub title: String,
    /// Default meta description.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published at; its path becomes the base path
    /// of every link (`https://x.github.io/docs/` → `/docs/`).
    pub base_url: String,
    /// `lang` of every page.
    #[serde(default = "default_language")]
    pub language: String,
    /// Other languages the content is written in, as translations beside
    /// their pages (`guide.de.md`): `opsite build` writes each as a tree
    /// of its own under `<tag>/` (Hugo's and Zola's `[languages]` set it).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Theme under `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Theme files the site's `static/` replaces on purpose (`opsite.css`):
    /// any other replacement is a warning.
    #[serde(default)]
    pub replace_theme_files: Vec<String>,
    /// Source repository URL (`https://github.com/owner/repo`), for edit and
    /// issue links.
    #[serde(default)]
    pub repository: Option<String>,
    /// Branch that "Edit this page" links point at.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// Custom domain written to `CNAME` for GitHub Pages.
    #[serde(default)]
    pub cname: Option<String>,
}

/// `[markdown]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// syntect theme for the light code stylesheet.
    #[serde(default = "default_light")]
    pub highlight_theme: String,
    /// syntect theme for the dark code stylesheet.
    #[serde(default = "default_dark")]
    pub highlight_theme_dark: String,
    /// Curly quotes, dashes and ellipses.
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// Raw HTML in Markdown is kept (default); `false` leaves it out (a
    /// comment marks where). Always off for sources with `trusted = false`.
    #[serde(default = "yes")]
    pub unsafe_html: bool,
    /// Milliseconds one code block may take to highlight, plus 50 µs for
    /// each of its lines; past it the block is shown as plain text with a
    /// warning (0: highlight nothing).
    #[serde(default = "default_highlight_budget")]
    pub highlight_budget_ms: u64,
}

/// How long one code block may take to highlight by default.
pub const DEFAULT_HIGHLIGHT_BUDGET_MS: u64 = 100;

fn default_highlight_budget() -> u64 {
    DEFAULT_HIGHLIGHT_BUDGET_MS
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            highlight_theme: default_light(),
            highlight_theme_dark: default_dark(),
            smart_punctuation: true,
            unsafe_html: true,
            highlight_budget_ms: default_highlight_budget(),
        }
    }
}

/// `[issues]` in book.toml.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct IssuesConfig {
    /// Only `github` for now.
    #[serde(default = "default_provider")]
    pub provider: String,
    /// `owner/repo` where Alertmanager opens incidents.
    pub repo: String,
    /// `owner/repo` that a bare `#123` refers to.
    #[serde(default)]
    pub site_repo: Option<String>,
    /// REST API root (GitHub Enterprise, or a test server).
    #[serde(default = "default_api")]
    pub api_url: String,
    /// Label every incident issue carries.
    #[serde(default = "default_label")]
    pub alert_label: String,
}

fn default_provider() -> String {
    "github".into()
}
fn default_api() -> String {
    "https://api.github.com".into()
}
fn default_label() -> String {
    "alert:boom:".into()
}

impl IssuesConfig {
    /// Checks values a typo would break; the error names the key.
    fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.provider != "github" {
            return Err(("issues.provider", format!("issues.provider must be \"github\", got {:?}", self.provider)));
        }
        for (key, repo) in [("issues.repo", Some(&self.repo)), ("issues.site_repo", self.site_repo.as_ref())] {
            if let Some(r) = repo
                && !is_repo(r)
            {
                return Err((key, format!("{key} must be owner/repo, got {r:?}")));
            }
        }
        if !(self.api_url.starts_with("https://") || self.api_url.starts_with("http://")) {
            return Err(("issues.api_url", format!("issues.api_url must be an http(s) URL, got {:?}", self.api_url)));
        }
        Ok(())
    }

    /// The API root without a trailing slash.
    pub fn api(&self) -> &str {
        self.api_url.trim_end_matches('/')
    }

    /// First page of open incidents in `repo`.
    pub fn incidents_url(&self, repo: &str) -> String {
        self.listing_url(repo, "open", "")
    }

    /// The closed incidents of `repo`, newest first: the firing history.
    pub fn history_url(&self, repo: &str) -> String {
        self.listing_url(repo, "closed", "&sort=created&direction=desc")
    }

    /// Issues of `repo` with the alert label (the browser asks the same URLs).
    fn listing_url(&self, repo: &str, state: &str, order: &str) -> String {
        let label = crate::util::url::query_encode(&self.alert_label);
        format!("{}/repos/{repo}/issues?state={state}&labels={label}{order}&per_page=100", self.api())
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_branch() -> String {
    "main".into()
}
fn default_light() -> String {
    "InspiredGitHub".into()
}
fn default_dark() -> String {
    "base16-ocean.dark".into()
}
pub(crate) fn yes() -> bool {
    true
}

/// `-v`: the keys of another tool's configuration opsite did not read
/// (`None`: it was read as text for a few values).
fn say_unused(file: &str, keys: Option<&[String]>) {
    match keys {
        None => crate::report::verbose(&format!(
            "{file}: read as text for title, url, baseUrl and the docs' path and routeBasePath; nothing else is used"
        )),
        Some([]) => {}
        Some(keys) => crate::report::verbose(&format!("{file}: not used by opsite: {}", keys.join(", "))),
    }
}

impl Config {
    /// Reads and validates `book.toml` under `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        // No book.toml: another tool's configuration, as it is.
        if !path.exists()
            && let Some(f) = others::detect(root)
        {
            crate::report::verbose(&format!(
                "no book.toml: read {} ({}) for the title, address and folders",
                f.file, f.tool
            ));
            say_unused(&f.file, f.unused.as_deref());
            let mut config = Config::from_table(f.table, Path::new(&f.file))?;
            config.notes = f.notes.into_iter().map(|m| Diagnostic::new(&f.file, 0, 0, m)).collect();
            return Ok(config);
        }
        let text = crate::util::fs::read_to_string(&path)?;
        Ok(Config::parse(&text, Path::new(CONFIG_FILE))?)
    }

    /// Parses `book.toml` text; errors carry `path:line:col`. An mdBook
    /// `book.toml` (with a `[book]` table) is read as one, opsite's own
    /// tables beside it.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        if let Ok(table) = toml::from_str::<toml::Table>(text)
            && mdbook::is_mdbook(&table)
        {
            crate::report::verbose("book.toml has a [book] table: read as mdBook's, opsite's tables beside it");
            say_unused(&path.display().to_string(), Some(&mdbook::unused(&table)));
            let (table, notes) = mdbook::adapt(table);
            let mut config = Config::from_table(table, path)?;
            config.notes = notes.into_iter().map(|m| Diagnostic::new(path, 0, 0, m)).collect();
            return Ok(config);
        }
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            let message = e.message().trim().replace('\n', " ");
            let hint = crate::util::text::unknown_field_hint(&message);
            Diagnostic::new(path, line, col, message).hint(hint)
        })?;
        config.validate().map_err(|(key, m)| {
            let (line, col) = key_position(text, key);
            Diagnostic::new(path, line, col, m)
        })?;
        let mut config = config;
        config.redirect_lines =
            config.redirects.iter().map(|(from, to)| (from.clone(), line_col(text, to.span().start).0)).collect();
        for (from, to) in &config.redirects {
            let line = config.redirect_lines.get(from).copied().unwrap_or(0);
            let here = |m: String| Diagnostic::new(path, line, 1, m);
            if !from.starts_with('/') || crate::util::url::normalize("", from).is_none() || from.contains(['?', '#']) {
                return Err(here(format!(
                    "redirect from {from:?}: write the old address as a path of the site, like /old/page/"
                )));
            }
            let to = to.get_ref();
            let web = to.starts_with("https://") || to.starts_with("http://");
            if !web && !to.starts_with('/') {
                return Err(here(format!(
                    "redirect to {to:?}: write a path of the site (/new/page/) or an http(s) URL"
                )));
            }
        }
        Ok(config)
    }

    /// The configuration another tool's settings were turned into.
    fn from_table(table: toml::Table, path: &Path) -> Result<Config, Diagnostic> {
        let text = toml::to_string(&table).map_err(|e| Diagnostic::new(path, 0, 0, e.to_string()))?;
        // Positions in the made text are not the file's: the message names
        // the key instead.
        Config::parse(&text, path).map_err(|d| Diagnostic { line: 0, col: 0, ..d })
    }

    /// Checks values a typo would break; the error names the key.
    fn validate(&self) -> Result<(), (&'static str, String)> {
        parse_base_url(&self.site.base_url).map_err(|m| ("site.base_url", m))?;
        // Each names a folder of the output and a file mark (`guide.de.md`).
        if let Some(l) = self.site.languages.iter().find(|l| !crate::util::text::is_language_tag(l)) {
            return Err(("site.languages", format!("site.languages: {l:?} is not a language tag (`de`, `pt-BR`)")));
        }
        if let Some(issues) = &self.issues {
            issues.validate()?;
        }
        for source in &self.sources {
            source.validate()?;
        }
        if let Some(v) = &self.versions {
            v.validate()?;
        }
        self.slo.validate()?;
        let c = self.build.content.trim_matches('/');
        if c.split('/').any(|p| p == "..") || c.starts_with('/') {
            return Err((
                "build.content",
                format!("build.content must be a folder inside the site, got {:?}", self.build.content),
            ));
        }
        if let Some(repo) = &self.site.repository
            && !(repo.starts_with("https://") || repo.starts_with("http://"))
        {
            return Err(("site.repository", format!("site.repository must be an http(s) URL, got {repo:?}")));
        }
        Ok(())
    }

    /// Globs of the files besides content that pages are made from: the
    /// alert rules and the SLO specs (`serve` watches them).
    pub fn data_globs(&self) -> Vec<String> {
        self.runbooks.rules.iter().chain(&self.slo.specs).map(|g| g.trim_start_matches("./").to_string()).collect()
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.site.base_url.trim_end_matches('/'))
    }

    /// The path part of the base URL, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        parse_base_url(&self.site.base_url).unwrap_or_else(|_| "/".into())
    }
}

/// Checks that `url` is an absolute http(s) URL and returns its path, with
/// leading and trailing `/`. A `file:///…/public/` URL is accepted too: a
/// copy of the site read from disk, without a server.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    if let Some(path) = url.strip_prefix("file://") {
        if !path.starts_with('/') || path.contains(['?', '#', '"', '<', '>', '\\']) {
            return Err(format!("site.base_url: a file URL needs an absolute path: {url:?}"));
        }
        return Ok(format!("{}/", path.trim_end_matches('/')));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("site.base_url must start with http://, https:// or file://, got {url:?}"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("site.base_url has no host: {url:?}"));
    }
    if rest.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err(format!("site.base_url must be a plain URL without query, fragment or spaces: {url:?}"));
    }
    let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("/");
    let path = path.trim_end_matches('/');
    Ok(format!("{path}/"))
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Site root (holds `book.toml`).
    pub root: PathBuf,
    /// Overrides `site.base_url`.
    pub base_url: Option<String>,
    /// Include drafts (also on when `[build] drafts = true`).
    pub drafts: bool,
    /// Report broken links and anchors as warnings instead of errors.
    pub warn_links: bool,
    /// Use the persistent caches in `.opsite-cache/`.
    pub cache: bool,
    /// GitHub issues: use only cached data.
    pub offline: bool,
    /// GitHub issues: fail the build when they cannot be refreshed.
    pub strict_issues: bool,
    /// Skip GitHub issues entirely (`opsite check` needs none).
    pub no_issues: bool,
    /// The caches' folder, where it is not `.opsite-cache` under the root
    /// (a version read from git shares the working tree's).
    pub cache_dir: Option<PathBuf>,
    /// Past this many documents the parse keeps no page's HTML, and each
    /// page is parsed again as it is written (`opsite build` of a large
    /// site: the whole site's HTML is never in memory). `None`: never
    /// (`serve` renders pages again after edits from what it keeps).
    pub two_pass_above: Option<usize>,
    /// Build the translation into this language (one of `[site]
    /// languages`): its pages, where a page has none its page in the
    /// site's own language, under `<base_url><language>/`.
    pub language: Option<String>,
    /// Whether each translation is built too, as a tree of its own
    /// (`opsite build`): leaving them out of this tree is then no news.
    pub translations: bool,
}

/// [`BuildOptions::two_pass_above`] for `opsite build`: the
/// `OPSITE_TWO_PASS_ABOVE` environment variable (for tests and benchmarks),
/// else 20,000 documents. Below it a second parse costs more than the
/// memory it saves is worth (about 14% of a build, for 3 KB a page).
pub fn two_pass_above() -> usize {
    std::env::var("OPSITE_TWO_PASS_ABOVE").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000)
}

impl BuildOptions {
    /// Where the persistent caches live.
    pub fn cache_dir(&self) -> PathBuf {
        self.cache_dir.clone().unwrap_or_else(|| self.root.join(CACHE_DIR))
    }
}

/// Loads `book.toml` and applies command-line overrides.
pub fn load_config(opts: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        parse_base_url(url).map_err(|e| anyhow::anyhow!("--base-url: {e}"))?;
        config.site.base_url = url.clone();
    }
    config.build.drafts |= opts.drafts;
    Ok(config)
}

/// Line and column of `table.key = …` in book.toml text (0, 0 when the key
/// is not written there): validation errors point at the value to fix.
fn key_position(text: &str, dotted: &str) -> (usize, usize) {
    let Some((table, key)) = dotted.split_once('.') else { return (0, 0) };
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_table = t.trim_start_matches('[').trim_end_matches(']').trim() == table;
        } else if in_table
            && let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return (i + 1, line.len() - line.trim_start().len() + 1);
        }
    }
    (0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_url() {
        assert_eq!(parse_base_url("https://example.org").unwrap(), "/");
        assert_eq!(parse_base_url("https://example.org/").unwrap(), "/");
        assert_eq!(parse_base_url("https://a.github.io/repo").unwrap(), "/repo/");
        assert_eq!(parse_base_url("https://a.github.io/repo/pr/1/").unwrap(), "/repo/pr/1/");
        assert!(parse_base_url("example.org").is_err());
        assert!(parse_base_url("https:///x").is_err());
    }
}
