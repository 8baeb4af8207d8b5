//! URL paths: encoding, decoding and folding `.`/`..`.

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Characters escaped in generated URL paths.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'\'');

/// Percent-encodes a site path for use in `href`.
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Encodes a query-string value.
pub fn query_encode(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Percent-decodes, replacing invalid UTF-8.
pub fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `scheme:` as in RFC 3986 (`https:`, `mailto:`, `tel:`, …).
pub fn has_scheme(s: &str) -> bool {
    let Some(i) = s.find(':') else { return false };
    let scheme = &s[..i];
    !scheme.is_empty()
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Joins `rel` onto `dir` and folds `.` and `..`; `None` if it climbs above
/// the root.
pub fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut s = parts.join("/");
    if rel.ends_with('/') && !s.is_empty() {
        s.push('/');
    }
    Some(s)
}

/// `url` when it is an `http(s)` URL, else nothing: for links whose target
/// comes from the network (an API may send `javascript:`).
pub fn web_only(url: &str) -> &str {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") { url } else { "" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_folds_dots() {
        assert_eq!(normalize("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(normalize("a", "./x/").as_deref(), Some("a/x/"));
        assert_eq!(normalize("", "../x"), None);
        assert_eq!(normalize("a", "..\\..\\x"), None);
    }

    #[test]
    fn web_only_keeps_http_only() {
        assert_eq!(web_only("https://github.com/o/r/issues/1"), "https://github.com/o/r/issues/1");
        assert_eq!(web_only("HTTP://x"), "HTTP://x");
        assert_eq!(web_only("javascript:alert(1)"), "");
        assert_eq!(web_only("//evil"), "");
    }

    #[test]
    fn schemes() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("file.md"));
    }
}
