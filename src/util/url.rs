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
pub(crate) fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Encodes a query-string value.
pub(crate) fn query_encode(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Percent-decodes, replacing invalid UTF-8.
pub(crate) fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `scheme:` as in RFC 3986 (`https:`, `mailto:`, `tel:`, …).
pub(crate) fn has_scheme(s: &str) -> bool {
    let Some(i) = s.find(':') else { return false };
    let scheme = &s[..i];
    !scheme.is_empty()
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Joins `rel` onto `dir` and folds `.` and `..`; `None` if it climbs above
/// the root.
pub(crate) fn normalize(dir: &str, rel: &str) -> Option<String> {
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
pub(crate) fn web_only(url: &str) -> &str {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") { url } else { "" }
}

/// Whether `path` is the folder `dir` or inside it (`/`-separated content
/// paths; `dir` empty is the whole site), without building `dir/`.
pub(crate) fn within(path: &str, dir: &str) -> bool {
    dir.is_empty() || path.strip_prefix(dir).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The content path `rest` under the folder `dir` (`/`-separated, either
/// may be empty: the site's root, the folder itself).
pub(crate) fn under(dir: &str, rest: &str) -> String {
    match (dir, rest) {
        (d, "") => d.to_string(),
        ("", r) => r.to_string(),
        (d, r) => format!("{d}/{r}"),
    }
}

/// Schemes no link or image from Markdown, notebooks, rules or nav files
/// may keep: they run script on the site's origin or open the reader's own
/// files.
const DANGEROUS: &[&str] = &["javascript", "vbscript", "file", "data"];
/// `data:` images that are only pictures (SVG can hold script).
const DATA_IMAGES: &[&str] = &["image/png", "image/gif", "image/jpeg", "image/webp"];

/// The scheme of `dest` when a page must not link to it: `javascript:`,
/// `vbscript:`, `file:`, and `data:` except raster images when `image`.
/// Browsers ignore case, white space and control characters in a scheme,
/// and authors can hide one behind character references (`java&#x09;script:`)
/// or percent escapes (`%6Aavascript:`): all are undone before the scheme
/// is read.
pub(crate) fn dangerous_scheme(dest: &str, image: bool) -> Option<&'static str> {
    // Nearly every link has no `:` before its first `/`, `?` or `#`: no
    // scheme at all, and nothing to decode.
    let quick = dest.split(['/', '?', '#']).next().unwrap_or(dest);
    if !quick.contains([':', '&', '%']) {
        return None;
    }
    let plain: String =
        decode(&decode_char_refs(dest)).chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let (scheme, rest) = plain.split_once(':')?;
    let scheme = scheme.to_ascii_lowercase();
    let found = DANGEROUS.iter().find(|s| **s == scheme)?;
    let rest = rest.to_ascii_lowercase();
    let picture = DATA_IMAGES.iter().any(|m| rest.strip_prefix(m).is_some_and(|r| r.starts_with([';', ','])));
    if *found == "data" && image && picture {
        return None;
    }
    Some(found)
}

/// Undoes numeric character references and the named ones that can spell
/// a scheme's punctuation (`&colon;`, `&Tab;`, `&NewLine;`).
fn decode_char_refs(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).unwrap_or(rest.len());
        let name = &rest[..name_len];
        let decoded = if let Some(num) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
            u32::from_str_radix(num, 16).ok().and_then(char::from_u32)
        } else if let Some(num) = name.strip_prefix('#') {
            num.parse::<u32>().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[name_len..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod under_tests {
    #[test]
    fn joins_folders_that_may_be_empty() {
        assert_eq!(super::under("docs", "a.md"), "docs/a.md");
        assert_eq!(super::under("", "a.md"), "a.md");
        assert_eq!(super::under("docs", ""), "docs");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_a_folder() {
        assert!(within("apps/odh/x.md", "apps") && within("apps", "apps") && within("x", ""));
        assert!(!within("apps2/x.md", "apps") && !within("ap", "apps"));
    }

    #[test]
    fn dangerous_schemes_are_found_however_they_are_spelt() {
        for dest in [
            "javascript:alert(8)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "java&#x09;script:alert(1)",
            "java&#9;script:alert(1)",
            "javascript&colon;alert(1)",
            "%6Aavascript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\nscript:alert(1)",
        ] {
            assert_eq!(dangerous_scheme(dest, false), Some("javascript"), "{dest:?}");
        }
        assert_eq!(dangerous_scheme("vbscript:x", false), Some("vbscript"));
        assert_eq!(dangerous_scheme("FILE:///etc/passwd", true), Some("file"));
        assert_eq!(dangerous_scheme("data:text/html,<script>x</script>", false), Some("data"));
        assert_eq!(dangerous_scheme("data:image/svg+xml,<svg onload=x>", true), Some("data"));
        // A link to a picture's data is still a link to data.
        assert_eq!(dangerous_scheme("data:image/png;base64,AAAA", false), Some("data"));
        for ok in ["data:image/png;base64,AAAA", "DATA:image/jpeg,xx", "data:image/webp;base64,x"] {
            assert_eq!(dangerous_scheme(ok, true), None, "{ok}");
        }
        for ok in
            ["https://x.test/a:b", "mailto:a@b.test", "page.md", "a/javascript:x", "#javascript:x", "?q=file:x", ""]
        {
            assert_eq!(dangerous_scheme(ok, false), None, "{ok}");
        }
    }

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
