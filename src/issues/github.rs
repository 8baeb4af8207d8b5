//! A small GitHub REST client: conditional requests with cached ETags,
//! `Link: rel="next"` pagination, rate-limit awareness, one time budget.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde::{Deserialize, Deserializer, Serialize};

use crate::util::http::{Http, Method};

/// An issue or pull request as the REST API returns it (the fields we use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// Issue number in its repository.
    pub number: u64,
    /// Title (attacker-controlled: escape before showing).
    pub title: String,
    /// `open` or `closed`.
    pub state: String,
    /// Link for readers.
    pub html_url: String,
    /// RFC 3339 creation time.
    #[serde(default)]
    pub created_at: String,
    /// RFC 3339 time it was closed, if it was (GitHub keeps the last close
    /// time on a reopened issue).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    /// Label names. The API sends objects; some proxies and older
    /// payloads send plain strings: both are accepted.
    #[serde(default, deserialize_with = "labels")]
    pub labels: Vec<String>,
    /// Present on pull requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<PullRequestInfo>,
}

/// The `pull_request` member of an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequestInfo {
    /// When it was merged, if it was.
    #[serde(default)]
    pub merged_at: Option<String>,
}

impl Issue {
    /// `open`, `closed` or `merged`.
    pub fn display_state(&self) -> &str {
        match &self.pull_request {
            Some(pr) if pr.merged_at.is_some() => "merged",
            _ => &self.state,
        }
    }
}

fn labels<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Label {
        Name(String),
        Object { name: String },
    }
    let raw: Option<Vec<Label>> = Option::deserialize(d)?;
    Ok(raw
        .unwrap_or_default()
        .into_iter()
        .map(|l| match l {
            Label::Name(n) | Label::Object { name: n } => n,
        })
        .collect())
}

/// A cached response body with the ETag that produced it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CachedResponse {
    /// ETag to send as `If-None-Match`.
    pub etag: Option<String>,
    /// The JSON body.
    pub body: serde_json::Value,
    /// `Link: rel="next"` of that response.
    pub next: Option<String>,
    /// Unix seconds when this was last confirmed with GitHub.
    pub checked: u64,
}

/// Why a request gave no fresh data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FetchError {
    /// No network use allowed (`--offline`) or the budget is spent.
    Skipped(String),
    /// Rate limit exhausted.
    RateLimited(String),
    /// Anything else: HTTP error, timeout, invalid JSON.
    Failed(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Skipped(m) | FetchError::RateLimited(m) | FetchError::Failed(m) => f.write_str(m),
        }
    }
}

/// One pass of requests against the API, sharing a deadline.
pub(crate) struct Client {
    http: Http,
    token: Option<String>,
    deadline: Instant,
    offline: bool,
    rate_limited: Option<String>,
    /// Why the API could not be reached (name lookup, connection, TLS):
    /// the requests after the first such failure are not tried, each would
    /// wait for the same failure (329 issue references once took 20 s).
    unreachable: Option<String>,
    /// URL → cached response, read from and written back to the cache file.
    pub cache: HashMap<String, CachedResponse>,
}

impl Client {
    /// A client with `budget` for the whole pass. The token is read from
    /// `GITHUB_TOKEN` or `GH_TOKEN`; it is only ever sent to the API.
    pub(crate) fn new(budget: Duration, offline: bool, cache: HashMap<String, CachedResponse>) -> Client {
        let token = ["GITHUB_TOKEN", "GH_TOKEN"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|t| !t.trim().is_empty()))
            .map(|t| t.trim().to_string());
        Client {
            http: Http::new(3, std::time::Duration::from_secs(5)),
            token,
            deadline: Instant::now() + budget,
            offline,
            rate_limited: None,
            unreachable: None,
            cache,
        }
    }

    /// GETs `url`, revalidating a cached copy with its ETag. A 304 costs no
    /// rate-limit quota and returns the cached body.
    pub(crate) fn get(&mut self, url: &str) -> Result<CachedResponse, FetchError> {
        if self.offline {
            return Err(FetchError::Skipped("offline".into()));
        }
        if let Some(why) = &self.rate_limited {
            return Err(FetchError::RateLimited(why.clone()));
        }
        if let Some(why) = &self.unreachable {
            return Err(FetchError::Failed(why.clone()));
        }
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(FetchError::Skipped("the time budget for GitHub requests is spent".into()));
        }
        let cached = self.cache.get(url).cloned();
        let mut headers =
            vec![("Accept", "application/vnd.github+json".to_string()), ("X-GitHub-Api-Version", "2022-11-28".into())];
        if let Some(token) = &self.token {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        if let Some(etag) = cached.as_ref().and_then(|c| c.etag.clone()) {
            headers.push(("If-None-Match", etag));
        }
        let resp = match self.http.call(Method::Get, url, &headers, left, Some(20 * 1024 * 1024)) {
            Ok(resp) => resp,
            Err(e) => {
                let why = format!("{}: {}", redact(url), short(&e));
                self.unreachable = Some(why.clone());
                return Err(FetchError::Failed(why));
            }
        };
        let status = resp.status;
        let header = |name: &str| resp.header(name);
        let remaining = header("x-ratelimit-remaining").and_then(|v| v.trim().parse::<u64>().ok());
        let reset = header("x-ratelimit-reset");
        let etag = header("etag");
        let next = header("link").and_then(|l| next_link(&l));
        if status == 304 {
            if let Some(mut c) = cached {
                c.checked = now();
                self.cache.insert(url.to_string(), c.clone());
                return Ok(c);
            }
            return Err(FetchError::Failed(format!("{}: 304 without a cached copy", redact(url))));
        }
        if (status == 403 || status == 429) && (remaining == Some(0) || header("retry-after").is_some()) {
            let why = format!(
                "GitHub rate limit exhausted{}",
                reset.map(|r| format!(" (resets at {r})")).unwrap_or_default()
            );
            self.rate_limited = Some(why.clone());
            return Err(FetchError::RateLimited(why));
        }
        if !(200..300).contains(&status) {
            return Err(FetchError::Failed(format!("{}: HTTP {status}", redact(url))));
        }
        let text = resp.body.map_err(|e| FetchError::Failed(format!("{}: {}", redact(url), short(&e))))?;
        let body: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| FetchError::Failed(format!("{}: invalid JSON: {e}", redact(url))))?;
        if remaining == Some(0) {
            // This answer is good, but the next call would be refused.
            self.rate_limited = Some("GitHub rate limit exhausted".into());
        }
        let fresh = CachedResponse { etag, body, next, checked: now() };
        self.cache.insert(url.to_string(), fresh.clone());
        Ok(fresh)
    }

    /// Every page of a listing, following `Link: rel="next"` exactly as
    /// given (GitHub moves pages 2+ under `/repositories/{id}/…`), until a
    /// page for which `enough` says the rest is not needed.
    pub(crate) fn get_all(
        &mut self,
        first: &str,
        enough: impl Fn(&[serde_json::Value]) -> bool,
    ) -> Result<Vec<serde_json::Value>, FetchError> {
        let mut items = Vec::new();
        let mut url = Some(first.to_string());
        let mut pages = 0;
        while let Some(u) = url {
            pages += 1;
            if pages > 50 {
                break; // 5,000 issues: more than any incident list should hold.
            }
            let page = self.get(&u)?;
            match page.body {
                serde_json::Value::Array(a) => {
                    url = if enough(&a) { None } else { page.next };
                    items.extend(a);
                }
                _ => return Err(FetchError::Failed(format!("{}: expected a JSON array", redact(&u)))),
            }
        }
        Ok(items)
    }

    /// The cached listing of `first` and its following pages (as far as
    /// [`Client::get_all`] went with the same `enough`), if complete.
    pub(crate) fn cached_all(
        &self,
        first: &str,
        enough: impl Fn(&[serde_json::Value]) -> bool,
    ) -> Option<(Vec<serde_json::Value>, u64)> {
        let mut items = Vec::new();
        let mut oldest = u64::MAX;
        let mut url = Some(first.to_string());
        while let Some(u) = url {
            let page = self.cache.get(&u)?;
            let list = page.body.as_array()?;
            items.extend(list.iter().cloned());
            oldest = oldest.min(page.checked);
            url = if enough(list) { None } else { page.next.clone() };
        }
        Some((items, oldest))
    }
}

/// The `rel="next"` target of a `Link` header.
pub(crate) fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim();
            p == "rel=\"next\"" || p == "rel=next"
        });
        let url = url.trim().strip_prefix('<')?.strip_suffix('>')?;
        is_next.then(|| url.to_string())
    })
}

/// Drops query strings from URLs in messages (they never hold tokens, but
/// keep messages short and free of surprises).
fn redact(url: &str) -> String {
    url.split('?').next().unwrap_or(url).to_string()
}

fn short(s: &str) -> String {
    s.lines().next().unwrap_or(s).chars().take(200).collect()
}

pub(crate) use crate::util::dates::now;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_next() {
        let l = "<https://api.github.com/repositories/1000/issues?per_page=3&page=1>; rel=\"prev\", \
                 <https://api.github.com/repositories/1000/issues?per_page=3&page=3>; rel=\"next\", \
                 <https://api.github.com/repositories/1000/issues?per_page=3&page=5>; rel=\"last\"";
        assert_eq!(next_link(l).as_deref(), Some("https://api.github.com/repositories/1000/issues?per_page=3&page=3"));
        assert_eq!(next_link("<https://x/?page=1>; rel=\"first\""), None);
    }

    #[test]
    fn labels_as_strings_or_objects() {
        let i: Issue = serde_json::from_str(
            r#"{"number":1,"title":"t","state":"open","html_url":"u","labels":["a",{"name":"b","color":"fff"}]}"#,
        )
        .unwrap();
        assert_eq!(i.labels, ["a", "b"]);
        let i: Issue =
            serde_json::from_str(r#"{"number":1,"title":"t","state":"open","html_url":"u","labels":null}"#).unwrap();
        assert!(i.labels.is_empty());
    }
}
