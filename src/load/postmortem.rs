//! Frontmatter values of a postmortem (after the Google SRE book's
//! template): the incident issue it follows, its action items and the
//! entries of its timeline written by hand.

use serde::{Deserialize, Deserializer};

/// An issue: `123` (in `[issues] repo`) or `owner/repo#123`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRef {
    /// `owner/repo`, when given.
    pub repo: Option<String>,
    /// Its number.
    pub number: u64,
}

impl IssueRef {
    /// Its repository (`default`, `[issues] repo`, where none is written)
    /// and number: the key issues are fetched and looked up by.
    pub fn resolve(&self, default: &str) -> (String, u64) {
        (self.repo.clone().unwrap_or_else(|| default.to_string()), self.number)
    }
}

impl std::str::FromStr for IssueRef {
    type Err = String;

    /// `123`, `#123` or `owner/repo#123`; the repository's parts are what
    /// GitHub allows, so no text reaches a URL that could change its path.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("invalid issue {s:?}: expected 123 or owner/repo#123");
        let t = s.trim().trim_start_matches('#');
        let (repo, number) = match t.rsplit_once('#') {
            Some((repo, n)) => (Some(repo.to_string()), n),
            None => (None, t),
        };
        let number = number.parse().map_err(|_| bad())?;
        let valid = repo.as_deref().is_none_or(|r| {
            let mut parts = r.split('/');
            let ok = |p: Option<&str>| {
                p.is_some_and(|p| {
                    !p.is_empty()
                        && !p.starts_with('-')
                        && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
                })
            };
            ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
        });
        if valid { Ok(IssueRef { repo, number }) } else { Err(bad()) }
    }
}

impl<'de> Deserialize<'de> for IssueRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u64),
            Text(String),
        }
        match Raw::deserialize(d)? {
            Raw::Number(number) => Ok(IssueRef { repo: None, number }),
            Raw::Text(s) => s.parse().map_err(serde::de::Error::custom),
        }
    }
}

/// One follow-up of a postmortem.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    /// What is to be done.
    #[serde(alias = "action", alias = "description")]
    pub title: String,
    /// Who does it.
    #[serde(default)]
    pub owner: Option<String>,
    /// The issue that tracks it; its state is shown (open until known).
    #[serde(default)]
    pub issue: Option<IssueRef>,
    /// `prevent`, `mitigate`, `process`… as the team sorts them.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

/// A moment of the incident written by hand, merged with the issue's own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// When: RFC 3339 (`2026-11-02T14:05:00Z`).
    pub at: String,
    /// What happened.
    pub text: String,
}
