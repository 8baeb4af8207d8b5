//! Small text helpers: "did you mean" hints and summaries.

/// Candidates [`did_you_mean`] compares at most: past this it suggests
/// nothing, so a page of 20,000 headings and as many broken anchors is not
/// 400 million comparisons (35 s for that page before).
pub(crate) const MAX_CANDIDATES: usize = 2_000;

/// The candidate most like `word` (Jaro-Winkler, case-insensitive), when
/// it is close enough to be a likely typo rather than another name; `None`
/// also when there are more than [`MAX_CANDIDATES`].
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for (n, c) in candidates.into_iter().enumerate() {
        if n == MAX_CANDIDATES {
            return None;
        }
        if c == word {
            continue;
        }
        let folded = if c.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
            std::borrow::Cow::Owned(c.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(c)
        };
        let score = strsim::jaro_winkler(&lower, &folded);
        let better = best.is_none_or(|(s, b)| score.total_cmp(&s).then_with(|| b.cmp(c)).is_gt());
        if score >= 0.88 && better {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A name as one URL segment or file name: lower-case ASCII letters and
/// digits, every other run of characters one dash, none at the ends
/// (`Hub <down>` → `hub-down`); empty when nothing is left.
pub(crate) fn dashed(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    s.truncate(s.trim_end_matches('-').len());
    s
}

/// `s` with white space folded, cut at a word boundary to at most `max`
/// characters (with an ellipsis when cut).
pub(crate) fn truncate_words(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let mut out = String::new();
    let mut len = 0;
    for word in s.split(' ') {
        let n = word.chars().count();
        if len + n + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += n;
    }
    out.push('…');
    out
}

/// `s` as lowercase hex, two digits a byte: text made safe for a file
/// name or a comment, whatever it holds.
pub(crate) fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The text [`hex`] made, or `None` for anything else.
pub(crate) fn unhex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> =
        (0..hex.len() / 2).map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()).collect();
    String::from_utf8(bytes?).ok()
}

/// Whether `l` has the shape of a BCP 47 tag (`de`, `pt-BR`, `zh_Hant`):
/// letters and digits in parts joined by `-` or `_`, so it can name a
/// folder and mark a file.
pub(crate) fn is_language_tag(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 35
        && l.split(['-', '_']).all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let keys = ["title", "weight", "draft", "description"];
        assert_eq!(did_you_mean("tittle", keys), Some("title"));
        assert_eq!(did_you_mean("wieght", keys), Some("weight"));
        assert_eq!(did_you_mean("Title", keys), Some("title"));
        assert_eq!(did_you_mean("colour", keys), None);
        assert_eq!(did_you_mean("x.md", ["a.md"]), None, "one letter of four is another name, not a typo");
        assert_eq!(did_you_mean("users/acess.md", ["users/access.md", "users/grafana.md"]), Some("users/access.md"));
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate_words("a  b\nc", 10), "a b c");
        assert_eq!(truncate_words("alpha beta gamma", 12), "alpha beta…");
    }
}

/// "did you mean `title`?" for serde's "unknown field `tittle`, expected
/// one of `title`, …" messages (TOML and YAML alike).
pub(crate) fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.split("unknown field").nth(1)?;
    let unknown = rest.split('`').nth(1)?;
    let expected = rest.split_once("expected")?.1;
    let expected = expected.trim_start().strip_prefix("one of").unwrap_or(expected);
    let candidates =
        expected.split([',', ' ']).map(|w| w.trim_matches(['`', '.', ' '])).filter(|w| !w.is_empty() && *w != "or");
    let found = did_you_mean(unknown, candidates)?;
    Some(format!("did you mean `{found}`?"))
}

#[cfg(test)]
mod field_tests {
    #[test]
    fn unknown_fields() {
        let m = "unknown field `tittle`, expected one of `title`, `description`, `weight`";
        assert_eq!(super::unknown_field_hint(m).as_deref(), Some("did you mean `title`?"));
        assert_eq!(super::unknown_field_hint("unknown field `zzz`, expected `title`"), None);
        assert_eq!(super::unknown_field_hint("invalid type"), None);
        let m = "unknown field `tittle`, expected one of title, description";
        assert_eq!(super::unknown_field_hint(m).as_deref(), Some("did you mean `title`?"));
    }
}
