//! `[slo]`: service level objectives read from Sloth and OpenSLO specs.

use serde::Deserialize;

/// `[slo]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SloConfig {
    /// Globs (relative to the site root) of Sloth (`prometheus/v1`, or the
    /// `sloth.slok.dev/v1` CRD) and OpenSLO v1 (`SLO`, `SLI`) files.
    #[serde(default)]
    pub specs: Vec<String>,
    /// The period objectives are measured over where a spec does not say
    /// (Sloth's specs never do; Sloth's own default is 30 days).
    #[serde(default = "default_window")]
    pub window: String,
    /// The folder of the SLO pages: `/slo/` lists the services, and each
    /// service has a page below it.
    #[serde(default = "default_path")]
    pub path: String,
}

impl Default for SloConfig {
    fn default() -> Self {
        SloConfig { specs: Vec::new(), window: default_window(), path: default_path() }
    }
}

fn default_window() -> String {
    "30d".into()
}

fn default_path() -> String {
    "slo".into()
}

impl SloConfig {
    /// Checks the values a typo would break; the error names the key.
    pub(super) fn validate(&self) -> Result<(), (&'static str, String)> {
        crate::util::globs::Globs::new(&self.specs, true).map_err(|m| ("slo.specs", format!("slo.specs: {m}")))?;
        if super::parse_duration(&self.window).is_none_or(|s| s < 3600) {
            return Err(("slo.window", format!("slo.window must be a period like 30d or 4w, got {:?}", self.window)));
        }
        let p = self.path.trim_matches('/');
        if p.is_empty() || !p.split('/').all(super::is_version_name) {
            return Err(("slo.path", format!("slo.path must be a folder of the site like slo, got {:?}", self.path)));
        }
        Ok(())
    }
}
