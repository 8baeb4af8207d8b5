//! `opsite check --external`: every http(s) link the pages make, asked
//! with HEAD (GET where HEAD is refused), redirects followed up to five.
//! Each host is asked one request at a time, at most ten a second, and a
//! `Retry-After` is waited for once; a run asks for ten minutes at most. Every result, failures and timeouts
//! included, is kept in `.opsite-cache/external-links.json` for
//! `[check] external_ttl`, so a second run within it sends no request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::config::CheckConfig;
use crate::report::Diagnostic;
use crate::util::http::{Answer, Http, Method};

/// The cache file under `.opsite-cache/`.
const CACHE_FILE: &str = "external-links.json";
/// Redirects followed.
const REDIRECTS: u32 = 5;
/// The least time between two requests to one host.
const HOST_INTERVAL: Duration = Duration::from_millis(100);
/// The longest `Retry-After` waited for; a longer one is a failure.
const LONGEST_RETRY_AFTER: u64 = 30;
/// Hosts asked at once.
const HOSTS_AT_ONCE: usize = 8;
/// Timeouts after which a host's other links are not asked this run.
const TIMEOUTS_PER_HOST: usize = 2;
/// The most of an HTML page read for its ids.
const PAGE_LIMIT: u64 = 8 << 20;
/// How long one run may ask: pages linking thousands of hosts that never
/// answer must not hold a CI job for hours. What is left is not cached.
const RUN_BUDGET: Duration = Duration::from_secs(600);

/// One link as a page writes it.
pub(crate) struct ExternalLink {
    /// The page's source file, for messages.
    pub(crate) path: PathBuf,
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) url: String,
}

/// What asking a URL found out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "result", rename_all = "lowercase")]
enum Outcome {
    /// A success status (after redirects); `ids`: the ids of the HTML page,
    /// when it was read for them.
    Ok { status: u16, ids: Option<Vec<String>> },
    /// An error status after redirects.
    Dead { status: u16 },
    /// No answer: a timeout, a refused connection, a name that does not
    /// resolve, or a `Retry-After` too long to wait for.
    Failed { reason: String },
}

#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    /// Seconds since the epoch.
    checked: u64,
    #[serde(flatten)]
    outcome: Outcome,
}

/// What a run found.
pub(crate) struct ExternalReport {
    /// Distinct URLs (without fragments) the pages link.
    pub(crate) urls: usize,
    /// Of them, answered from the cache.
    pub(crate) cached: usize,
    /// Requests sent.
    pub(crate) requests: usize,
    /// Located problems, one per link.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Checks `links`, reading and writing the cache in `cache_dir`.
pub(crate) fn check_external(
    links: &[ExternalLink],
    config: &CheckConfig,
    cache_dir: &Path,
) -> anyhow::Result<ExternalReport> {
    let ttl = crate::config::parse_duration(&config.external_ttl).ok_or_else(|| {
        anyhow::anyhow!(
            "book.toml: [check] external_ttl = {:?} is not a duration (write 90s, 30m, 12h, 1d or 2w)",
            config.external_ttl
        )
    })?;
    let timeout = Duration::from_secs(config.external_timeout.max(1));
    let skipped = |u: &str| config.skip_prefixes.iter().any(|p| u.starts_with(p.as_str()));
    let cache_path = cache_dir.join(CACHE_FILE);
    let mut cache: BTreeMap<String, Cached> =
        std::fs::read(&cache_path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
    let now = crate::util::dates::now();
    // Each URL once (a fragment is checked on the page, not asked for).
    let mut wanted: BTreeMap<String, bool> = BTreeMap::new();
    for l in links.iter().filter(|l| !skipped(&l.url)) {
        let (page, fragment) = split_fragment(&l.url);
        *wanted.entry(page.to_string()).or_default() |= config.external_anchors && fragment.is_some();
    }
    let fresh = |url: &str, ids: bool| {
        cache.get(url).is_some_and(|c| {
            now.saturating_sub(c.checked) < ttl && !(ids && matches!(&c.outcome, Outcome::Ok { ids: None, .. }))
        })
    };
    let mut by_host: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    let mut cached = 0;
    for (url, ids) in &wanted {
        if fresh(url, *ids) {
            cached += 1;
        } else {
            by_host.entry(host_of(url)).or_default().push((url.clone(), *ids));
        }
    }
    let asked = ask_all(by_host, timeout);
    let requests = asked.iter().map(|(_, _, n)| n).sum();
    for (url, outcome, _) in asked {
        if let Some(outcome) = outcome {
            cache.insert(url, Cached { checked: crate::util::dates::now(), outcome });
        }
    }
    let saved = serde_json::to_string(&cache)
        .map_err(anyhow::Error::from)
        .and_then(|text| crate::util::fs::write(&cache_path, text));
    if let Err(e) = saved {
        crate::report::warning_text(&format!("could not save {}: {e}", cache_path.display()));
    }
    let mut problems = Vec::new();
    for l in links.iter().filter(|l| !skipped(&l.url)) {
        let (page, fragment) = split_fragment(&l.url);
        let Some(c) = cache.get(page) else {
            let why = "not checked: its host stopped answering, or the run's ten minutes were spent";
            problems.push(problem(l, why.into(), None));
            continue;
        };
        match &c.outcome {
            Outcome::Ok { ids: Some(ids), .. } if config.external_anchors => {
                if let Some(f) = fragment.filter(|f| !has_id(ids, f)) {
                    problems.push(problem(l, format!("no `#{f}` on that page"), Some("link the heading's current id")));
                }
            }
            Outcome::Ok { .. } => {}
            Outcome::Dead { status } => problems.push(problem(
                l,
                format!("HTTP {status}"),
                Some("the page is gone or moved: link where it is now, an archived copy, or remove the link"),
            )),
            Outcome::Failed { reason } => problems.push(problem(
                l,
                reason.clone(),
                Some("[check] skip_prefixes skips URLs that cannot be checked from here"),
            )),
        }
    }
    Ok(ExternalReport { urls: wanted.len(), cached, requests, problems })
}

fn problem(l: &ExternalLink, what: String, hint: Option<&str>) -> Diagnostic {
    Diagnostic::new(l.path.clone(), l.line, l.col, format!("outside link {}: {what}", l.url))
        .hint(hint.map(str::to_string))
}

/// Asks every host's URLs, hosts in parallel and each host's one at a
/// time. Returns each URL's outcome (`None`: not asked) and the requests
/// it took.
fn ask_all(by_host: BTreeMap<String, Vec<(String, bool)>>, timeout: Duration) -> Vec<(String, Option<Outcome>, usize)> {
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(Vec::new());
    let http = Http::new(REDIRECTS, timeout.min(Duration::from_secs(5)));
    let deadline = Instant::now() + RUN_BUDGET;
    std::thread::scope(|s| {
        for _ in 0..HOSTS_AT_ONCE {
            s.spawn(|| {
                while let Some(urls) = queue.lock().map(|mut q| q.pop()).ok().flatten() {
                    let mut timeouts = 0;
                    let mut last: Option<Instant> = None;
                    for (url, ids) in urls {
                        if timeouts >= TIMEOUTS_PER_HOST || Instant::now() >= deadline {
                            results.lock().unwrap_or_else(|e| e.into_inner()).push((url, None, 0));
                            continue;
                        }
                        let (outcome, n) = ask(&http, &url, ids, timeout, &mut last);
                        if matches!(&outcome, Outcome::Failed { reason } if reason.starts_with("timeout")) {
                            timeouts += 1;
                        }
                        results.lock().unwrap_or_else(|e| e.into_inner()).push((url, Some(outcome), n));
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Asks one URL: HEAD, or GET when HEAD is refused or the page's ids are
/// wanted; one wait for `Retry-After`. Returns the outcome and the
/// requests sent.
fn ask(http: &Http, url: &str, ids: bool, timeout: Duration, last: &mut Option<Instant>) -> (Outcome, usize) {
    let mut requests = 0;
    let mut send = |method: Method, last: &mut Option<Instant>| {
        if let Some(at) = *last {
            std::thread::sleep(HOST_INTERVAL.saturating_sub(at.elapsed()));
        }
        requests += 1;
        let body = (method == Method::Get && ids).then_some(PAGE_LIMIT);
        let answer = http.call(method, url, &[("Accept", "text/html,*/*;q=0.8".into())], timeout, body);
        *last = Some(Instant::now());
        answer
    };
    let method = if ids { Method::Get } else { Method::Head };
    let mut answer = send(method, last);
    // HEAD refused (405, 501, and 403 or 404 from servers that answer only
    // GET): GET tells.
    if method == Method::Head && matches!(&answer, Ok(a) if matches!(a.status, 403 | 404 | 405 | 501)) {
        answer = send(Method::Get, last);
    }
    if let Ok(a) = &answer
        && matches!(a.status, 429 | 503)
    {
        match retry_after(a) {
            Some(secs) if secs <= LONGEST_RETRY_AFTER => {
                std::thread::sleep(Duration::from_secs(secs));
                answer = send(if ids { Method::Get } else { Method::Head }, last);
            }
            Some(secs) => {
                let reason = format!("HTTP {}, asked to come back in {secs} s", a.status);
                return (Outcome::Failed { reason }, requests);
            }
            None => {}
        }
    }
    let outcome = match answer {
        Err(e) => Outcome::Failed { reason: short(&e) },
        Ok(a) if (200..300).contains(&a.status) => {
            let page_ids = if ids { a.body.ok().map(|html| ids_of(&html)) } else { None };
            Outcome::Ok { status: a.status, ids: page_ids }
        }
        Ok(a) if a.status == 429 => Outcome::Failed { reason: "HTTP 429: too many requests".into() },
        Ok(a) => Outcome::Dead { status: a.status },
    };
    (outcome, requests)
}

/// Seconds of a `Retry-After` header (an HTTP date counts as 30 s, the
/// longest waited for).
fn retry_after(a: &Answer) -> Option<u64> {
    let v = a.header("retry-after")?;
    Some(v.trim().parse().unwrap_or(LONGEST_RETRY_AFTER))
}

/// Every `id` (and `<a name>`) of an HTML page, read with an HTML
/// tokenizer.
fn ids_of(html: &str) -> Vec<String> {
    use lol_html::{HtmlRewriter, Settings, element};
    let found = std::cell::RefCell::new(Vec::new());
    let mut rewriter = HtmlRewriter::new(
        Settings {
            element_content_handlers: vec![
                element!("[id]", |el| {
                    found.borrow_mut().extend(el.get_attribute("id"));
                    Ok(())
                }),
                element!("a[name]", |el| {
                    found.borrow_mut().extend(el.get_attribute("name"));
                    Ok(())
                }),
            ],
            ..Settings::new()
        },
        |_: &[u8]| {},
    );
    let _ = rewriter.write(html.as_bytes()).and_then(|()| rewriter.end());
    found.into_inner()
}

/// Whether `fragment` (percent-encoded as written) names one of `ids`;
/// GitHub's rendered Markdown prefixes its ids with `user-content-`.
fn has_id(ids: &[String], fragment: &str) -> bool {
    let f = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    f.is_empty() || ids.iter().any(|id| *id == f || id.strip_prefix("user-content-") == Some(&f))
}

fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((page, f)) => (page, Some(f)),
        None => (url, None),
    }
}

/// The host of `url` (lowercase), for asking each host in turn.
fn host_of(url: &str) -> String {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
    authority.rsplit_once('@').map_or(authority, |(_, h)| h).to_ascii_lowercase()
}

fn short(e: &str) -> String {
    let line = e.lines().next().unwrap_or_default();
    if line.chars().count() > 160 { format!("{}…", line.chars().take(160).collect::<String>()) } else { line.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_fragments_and_ids() {
        assert_eq!(host_of("https://user@Example.org:8080/a?b#c"), "example.org:8080");
        assert_eq!(split_fragment("https://x.org/a#b"), ("https://x.org/a", Some("b")));
        let ids = ids_of("<h2 id=\"setup\">S</h2><a name=\"old\"></a><div id=\"user-content-gh\"></div>");
        assert_eq!(ids, ["setup", "old", "user-content-gh"]);
        assert!(has_id(&ids, "setup") && has_id(&ids, "gh") && has_id(&ids, "old"));
        assert!(!has_id(&ids, "nowhere"));
    }
}
