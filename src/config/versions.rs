//! `[versions]`: the site as it was at git tags or branches, each built to
//! its own folder, with the working tree as one more version.

use serde::Deserialize;

/// `[versions]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VersionsConfig {
    /// Tags or branches of the site's repository, as globs (`v2.*`); the
    /// versions are listed in this order, each pattern's matches newest
    /// first.
    #[serde(default)]
    pub refs: Vec<String>,
    /// The version also published at the site's root: by default the
    /// highest version number among the refs.
    #[serde(default)]
    pub latest: Option<String>,
    /// The folder the working tree is built to (`next`), or `false` to
    /// leave it out.
    #[serde(default = "default_working")]
    pub working: Working,
}

/// `[versions] working`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Working {
    /// Built, at this folder.
    Name(String),
    /// `false`: not built (`true` means the default name).
    Built(bool),
}

impl VersionsConfig {
    /// Checks the patterns and names; the error names the key.
    pub(super) fn validate(&self) -> Result<(), (&'static str, String)> {
        crate::util::globs::Globs::new(&self.refs, true)
            .map_err(|m| ("versions.refs", format!("versions.refs: {m}")))?;
        if let Working::Name(n) = &self.working
            && !is_version_name(n)
        {
            return Err((
                "versions.working",
                format!("versions.working must be a folder name (letters, digits, . _ - +) or false, got {n:?}"),
            ));
        }
        if let Some(l) = &self.latest
            && !is_version_name(l)
        {
            return Err(("versions.latest", format!("versions.latest must name one of the refs, got {l:?}")));
        }
        Ok(())
    }
}

impl Working {
    /// The working tree's folder, when it is built.
    pub fn name(&self) -> Option<&str> {
        match self {
            Working::Name(n) => Some(n),
            Working::Built(true) => Some(DEFAULT_WORKING),
            Working::Built(false) => None,
        }
    }
}

const DEFAULT_WORKING: &str = "next";

fn default_working() -> Working {
    Working::Name(DEFAULT_WORKING.into())
}

/// Whether `name` can be a version's folder: one URL segment that needs no
/// escaping and is not `.` or `..` (`v2.1`, `1.4.0-rc1`, `next`).
pub fn is_version_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b))
}

/// Orders version names as people read them: numbers by value (`v1.10`
/// after `v1.9`), a pre-release (`v2.0-rc1`) before its release, other
/// text by bytes.
pub fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    version_key(a).cmp(&version_key(b)).then_with(|| a.cmp(b))
}

/// The numbers of a version name and whether it is a release (no suffix
/// after them), for ordering.
fn version_key(name: &str) -> (Vec<u64>, bool) {
    let core = name.trim_start_matches(['v', 'V']);
    let end = core.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(core.len());
    let numbers = core[..end].split('.').filter(|p| !p.is_empty()).map(|p| p.parse().unwrap_or(u64::MAX)).collect();
    (numbers, end == core.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_by_their_numbers_with_pre_releases_first() {
        let mut v = vec!["v1.10", "v2.0", "v1.9", "v2.0-rc1", "v1.4", "v10.0"];
        v.sort_by(|a, b| version_order(a, b));
        assert_eq!(v, ["v1.4", "v1.9", "v1.10", "v2.0-rc1", "v2.0", "v10.0"]);
    }

    #[test]
    fn a_version_name_is_one_plain_url_segment() {
        for ok in ["v2.1", "1.4.0-rc1", "next", "v1_x", "1.0+build"] {
            assert!(is_version_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "release/1.0", "a b", "-x/y", "%2e", "<v>"] {
            assert!(!is_version_name(bad), "{bad}");
        }
    }
}
