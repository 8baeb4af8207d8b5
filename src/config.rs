//! `book.toml`: the site's configuration.

use std::path::Path;

use anyhow::Result;
use serde::Deserialize;

use crate::diagnostic::Diagnostic;

/// Name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "book.toml";

/// The whole of `book.toml`.
#[derive(Debug, Clone, Deserialize)]
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
    pub issues: Option<crate::issues::IssuesConfig>,
}

/// `[site]`.
#[derive(Debug, Clone, Deserialize)]
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
    /// Theme under `themes/`; `default` is built in.
    #[serde(default = "default_theme")]
    pub theme: String,
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

/// `[build]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// Output directory, relative to the site root.
    #[serde(default = "default_output")]
    pub output: String,
    /// Build pages marked `draft: true`.
    #[serde(default)]
    pub drafts: bool,
}

impl Default for BuildConfig {
    fn default() -> Self {
        Self { output: default_output(), drafts: false }
    }
}

/// `[markdown]`.
#[derive(Debug, Clone, Deserialize)]
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
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self { highlight_theme: default_light(), highlight_theme_dark: default_dark(), smart_punctuation: true }
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
fn default_output() -> String {
    "public".into()
}
fn default_light() -> String {
    "InspiredGitHub".into()
}
fn default_dark() -> String {
    "base16-ocean.dark".into()
}
fn yes() -> bool {
    true
}

impl Config {
    /// Reads and validates `book.toml` under `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = crate::fs::read_to_string(&path)?;
        Ok(Config::parse(&text, Path::new(CONFIG_FILE))?)
    }

    /// Parses `book.toml` text; errors carry `path:line:col`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, Diagnostic> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(text, s.start)).unwrap_or((0, 0));
            Diagnostic::new(path, line, col, e.message().trim().replace('\n', " "))
        })?;
        config.validate().map_err(|m| Diagnostic::new(path, 0, 0, m))?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        parse_base_url(&self.site.base_url)?;
        if let Some(issues) = &self.issues {
            issues.validate()?;
        }
        if let Some(repo) = &self.site.repository
            && !(repo.starts_with("https://") || repo.starts_with("http://"))
        {
            return Err(format!("site.repository must be an http(s) URL, got {repo:?}"));
        }
        Ok(())
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
/// leading and trailing `/`.
pub fn parse_base_url(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("site.base_url must start with http:// or https://, got {url:?}"))?;
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

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
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
