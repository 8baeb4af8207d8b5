//! The structured values of frontmatter keys: runbook alerts, the incident
//! filter, the search switch, Hugo's build options, a section's order, and
//! the readers of dates and of one-or-many lists.

use serde::{Deserialize, Deserializer};

/// An alert documented by a runbook: a name, or a name with an explicit anchor.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum AlertRef {
    /// `PVCFillingUp`: the anchor is the id of the heading with that text.
    Name(String),
    /// `{name: PVCFillingUp, anchor: pvc-filling-up}`.
    #[serde(rename_all = "snake_case")]
    Full {
        /// Alert name as in the rule's `alert:` field.
        name: String,
        /// Heading id on this page.
        anchor: String,
    },
}

/// `issues: {repo, labels}` on a runbook.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueFilter {
    /// `owner/repo` to look for incidents in instead of the site default.
    pub repo: Option<String>,
    /// Labels every incident must carry, besides the alert label.
    #[serde(default)]
    pub labels: Vec<String>,
}

/// `search:` in frontmatter: a switch, or MkDocs Material's mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SearchSetting {
    /// `search: false`.
    On(bool),
    /// `search: {exclude: true}` (other keys, like `boost`, are ignored).
    Material {
        /// Left out of the index.
        #[serde(default)]
        exclude: bool,
    },
}

impl SearchSetting {
    /// Whether the page is indexed.
    pub fn indexed(self) -> bool {
        match self {
            SearchSetting::On(on) => on,
            SearchSetting::Material { exclude } => !exclude,
        }
    }
}

/// Hugo's `_build` options (its other values build the page as usual).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct BuildOptions {
    /// `never` (or `link`): no page is written.
    #[serde(default)]
    pub render: Option<String>,
    /// `never`: the page is left out of navigation and listings.
    #[serde(default)]
    pub list: Option<String>,
}

/// How a section orders its pages (Zola's `sort_by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first by `date`: a blog, with a feed.
    Date,
    /// By `weight`, then title (the default).
    Weight,
    /// By title.
    Title,
}

/// A string or a list of strings.
pub(super) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<Raw>::deserialize(d)? {
        None => Vec::new(),
        Some(Raw::One(s)) => vec![s],
        Some(Raw::Many(v)) => v,
    })
}

/// Accepts a YAML/TOML string or a TOML datetime, and checks the shape.
pub(super) fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Str(String),
        Toml(toml::value::Datetime),
    }
    let s = match Raw::deserialize(d)? {
        Raw::Str(s) => s,
        Raw::Toml(t) => t.to_string(),
    };
    if is_date(&s) {
        Ok(Some(s))
    } else {
        Err(serde::de::Error::custom(format!("invalid date {s:?}: expected YYYY-MM-DD, optionally followed by a time")))
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (1..=12).contains(&((b[5] - b'0') * 10 + (b[6] - b'0')))
        && (1..=31).contains(&((b[8] - b'0') * 10 + (b[9] - b'0')))
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '))
}
