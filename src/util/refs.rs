//! Finding issue references in text: `#123`, `owner/repo#123` and GitHub
//! issue or pull request URLs.

/// Whether `s` is `owner/repo`.
pub(crate) fn is_repo(s: &str) -> bool {
    let Some((owner, repo)) = s.split_once('/') else { return false };
    is_owner(owner) && is_repo_name(repo)
}

fn is_owner(s: &str) -> bool {
    !s.is_empty() && s.len() <= 39 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_repo_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A reference found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Byte range in the text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// `owner/repo`.
    pub repo: String,
    /// Issue number.
    pub number: u64,
}

/// References in plain text: GitHub issue and pull request URLs,
/// `owner/repo#123`, and `#123` (which needs `site_repo` to mean anything).
pub(crate) fn find(text: &str, site_repo: Option<&str>) -> Vec<Found> {
    let mut out = find_urls(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(off) = text[i..].find('#') {
        let hash = i + off;
        i = hash + 1;
        if out.iter().any(|f| f.start <= hash && hash < f.end) {
            continue;
        }
        let digits = bytes[hash + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 9 || bytes[hash + 1] == b'0' {
            continue;
        }
        let end = hash + 1 + digits;
        if bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
            continue;
        }
        let Ok(number) = text[hash + 1..end].parse::<u64>() else { continue };
        // `owner/repo` right before the `#`?
        let before = &text[..hash];
        let repo_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
            .map_or(0, |p| p + 1);
        let candidate = &before[repo_start..];
        if candidate.matches('/').count() == 1 && is_repo(candidate) {
            out.push(Found { start: repo_start, end, repo: candidate.to_string(), number });
            i = end;
            continue;
        }
        let boundary = before.chars().next_back().is_none_or(|c| c.is_whitespace() || "([{,;:".contains(c));
        if boundary && let Some(repo) = site_repo {
            out.push(Found { start: hash, end, repo: repo.to_string(), number });
            i = end;
        }
    }
    out.sort_by_key(|f| f.start);
    out
}

/// Bare `https://github.com/owner/repo/issues/N` (or `/pull/N`) in text,
/// which GitHub links by itself.
fn find_urls(text: &str) -> Vec<Found> {
    const PREFIX: &str = "https://github.com/";
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find(PREFIX) {
        let start = i + off;
        let len = text[start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ')' | '"' | '\''))
            .unwrap_or(text.len() - start);
        let mut end = start + len;
        // Sentence punctuation after a URL is not part of it.
        while end > start && text[..end].ends_with(['.', ',', ';', ':', '!', '?']) {
            end -= 1;
        }
        if let Some((repo, number)) = parse_url(&text[start..end]) {
            out.push(Found { start, end, repo, number });
        }
        i = start + len.max(1);
    }
    out
}

/// `(owner/repo, number)` of a GitHub issue or pull request URL.
pub(crate) fn parse_url(url: &str) -> Option<(String, u64)> {
    let rest = url.strip_prefix("https://github.com/")?;
    let rest = rest.split(['#', '?']).next()?;
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    match parts.as_slice() {
        [owner, repo, "issues" | "pull", n] if is_owner(owner) && is_repo_name(repo) => {
            Some((format!("{owner}/{repo}"), n.parse().ok()?))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(text: &str) -> Vec<(String, u64, &str)> {
        find(text, Some("acme/site")).into_iter().map(|f| (f.repo, f.number, &text[f.start..f.end])).collect()
    }

    #[test]
    fn finds_references() {
        assert_eq!(refs("see #12."), [("acme/site".into(), 12, "#12")]);
        assert_eq!(
            refs("fixed in operate-first/apps#345, (#7)"),
            [("operate-first/apps".into(), 345, "operate-first/apps#345"), ("acme/site".into(), 7, "#7")]
        );
        assert!(
            refs("C#1 x#2 #abc #0 #12a a/b/c#4 &#123").is_empty(),
            "{:?}",
            refs("C#1 x#2 #abc #0 #12a a/b/c#4 &#123")
        );
        assert!(find("#5", None).is_empty());
    }

    #[test]
    fn finds_bare_urls() {
        assert_eq!(
            refs("see https://github.com/a/b/pull/9. Or #3"),
            [("a/b".into(), 9, "https://github.com/a/b/pull/9"), ("acme/site".into(), 3, "#3")]
        );
        assert_eq!(
            refs("https://github.com/a/b/issues/4#issuecomment-1 x"),
            [("a/b".into(), 4, "https://github.com/a/b/issues/4#issuecomment-1")]
        );
    }

    #[test]
    fn parses_github_urls() {
        assert_eq!(parse_url("https://github.com/a/b/issues/3"), Some(("a/b".into(), 3)));
        assert_eq!(parse_url("https://github.com/a/b.c/pull/44#issuecomment-1"), Some(("a/b.c".into(), 44)));
        assert_eq!(parse_url("https://github.com/a/b/blob/main/x.md"), None);
        assert_eq!(parse_url("https://example.com/a/b/issues/3"), None);
    }
}
