//! `[check]`: how `opsite check --external` checks links to other sites.

use serde::Deserialize;

/// `[check]`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// How long a result (a failure or a timeout too) is trusted before the
    /// URL is asked again: `90s`, `30m`, `12h`, `1d` or `2w` (default `1d`).
    #[serde(default = "default_ttl")]
    pub external_ttl: String,
    /// Seconds one request may take (default 10).
    #[serde(default = "default_timeout")]
    pub external_timeout: u64,
    /// URLs starting with one of these are not checked (sites that refuse
    /// robots, pages behind a login).
    #[serde(default)]
    pub skip_prefixes: Vec<String>,
    /// Fetch HTML targets whole and check that the `#fragment` of each link
    /// names an id on them (off by default: pages that build their ids with
    /// script would fail).
    #[serde(default)]
    pub external_anchors: bool,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            external_ttl: default_ttl(),
            external_timeout: default_timeout(),
            skip_prefixes: Vec::new(),
            external_anchors: false,
        }
    }
}

fn default_ttl() -> String {
    "1d".into()
}

fn default_timeout() -> u64 {
    10
}

/// Seconds in `90s`, `30m`, `12h`, `1d`, `2w` (a bare number is seconds).
pub(crate) fn parse_duration(text: &str) -> Option<u64> {
    let t = text.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits.parse().ok()?;
    let scale = match unit.trim() {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return None,
    };
    n.checked_mul(scale)
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_read_with_their_unit() {
        use super::parse_duration as d;
        assert_eq!(d("1d"), Some(86_400));
        assert_eq!(d("90s"), Some(90));
        assert_eq!(d("45"), Some(45));
        assert_eq!(d("2w"), Some(1_209_600));
        assert_eq!(d("1 day"), None);
        assert_eq!(d(""), None);
    }
}
