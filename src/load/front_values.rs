//! The structured values of frontmatter keys: runbook alerts, the incident
//! filter and the search switch.

use serde::Deserialize;

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
