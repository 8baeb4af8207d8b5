//! `opsite check --external` against a loopback server: dead links,
//! redirects to dead pages, rate limits, hangs and missing fragments are
//! located warnings; a second run within the cache's lifetime sends no
//! request.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::Site;

/// A server answering by path; counts the requests it is sent.
struct Server {
    origin: String,
    requests: Arc<AtomicUsize>,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let log = Arc::new(Mutex::new(Vec::new()));
        let busy_once = Arc::new(AtomicUsize::new(0));
        let (count, seen) = (requests.clone(), log.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (count, seen, busy_once) = (count.clone(), seen.clone(), busy_once.clone());
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap_or_default();
                    while let Ok(n) = reader.read_line(&mut String::new()) {
                        if n <= 2 {
                            break;
                        }
                    }
                    count.fetch_add(1, Ordering::SeqCst);
                    let mut parts = line.split_whitespace();
                    let (method, path) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
                    seen.lock().unwrap().push(format!("{method} {path}"));
                    let page = "<html><body><h2 id=\"here\">Here</h2></body></html>";
                    let (status, headers, body) = match (method, path) {
                        (_, "/ok") => ("200 OK", "", "fine"),
                        (_, "/gone") => ("404 Not Found", "", "gone"),
                        (_, "/moved") => ("301 Moved Permanently", "Location: /gone\r\n", ""),
                        ("HEAD", "/get-only") => ("405 Method Not Allowed", "", ""),
                        (_, "/get-only") => ("200 OK", "", "fine"),
                        (_, "/busy") if busy_once.fetch_add(1, Ordering::SeqCst) == 0 => {
                            ("429 Too Many Requests", "Retry-After: 1\r\n", "")
                        }
                        (_, "/busy") => ("200 OK", "", "fine"),
                        (_, "/slow") => {
                            std::thread::sleep(Duration::from_secs(5));
                            ("200 OK", "", "late")
                        }
                        (_, "/page") => ("200 OK", "Content-Type: text/html\r\n", page),
                        _ => ("404 Not Found", "", ""),
                    };
                    let mut out = stream;
                    let body = if method == "HEAD" { "" } else { body };
                    let _ = write!(
                        out,
                        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                });
            }
        });
        Server { origin, requests, log }
    }
}

fn site(origin: &str) -> Site {
    Site::new()
        .file(
            "book.toml",
            &format!(
                "{}\n[check]\nexternal_timeout = 1\nexternal_anchors = true\nskip_prefixes = [\"{origin}/skipped\"]\n",
                crate::support::BOOK
            ),
        )
        .file(
            "content/links.md",
            &format!(
                "# Links\n\n[ok]({o}/ok) and [gone]({o}/gone).\n\n[moved]({o}/moved), [get only]({o}/get-only), \
                 [busy]({o}/busy).\n\n[slow]({o}/slow) and <{o}/page#here> and [missing]({o}/page#nowhere).\n\n\
                 Bare {o}/ok and [skipped]({o}/skipped/x).\n\n```\n{o}/in-code\n```\n",
                o = origin
            ),
        )
}

#[test]
fn outside_links_are_checked_with_located_warnings_and_cached() {
    let server = Server::start();
    let o = &server.origin;
    let site = site(o);
    let r = site.run(&["check", "--external"]);
    assert_eq!(r.code, Some(0), "warnings do not fail: {}", r.stderr);
    let out = format!("{}{}", r.stdout, r.stderr);
    let warned =
        |what: &str| out.lines().filter(|l| l.starts_with("warning: content/links.md:") && l.contains(what)).count();
    assert_eq!(warned(&format!("{o}/gone: HTTP 404")), 1, "{out}");
    assert_eq!(warned(&format!("{o}/moved: HTTP 404")), 1, "a redirect to a dead page is dead: {out}");
    assert_eq!(warned(&format!("{o}/slow: timeout")), 1, "{out}");
    assert_eq!(warned(&format!("{o}/page#nowhere: no `#nowhere` on that page")), 1, "{out}");
    for fine in ["/ok", "/get-only", "/busy", "/page#here", "/skipped", "/in-code"] {
        assert_eq!(warned(&format!("{o}{fine}")), 0, "{fine} is fine: {out}");
    }
    // Located at the link.
    assert!(out.contains("warning: content/links.md:3:"), "{out}");
    let log = server.log.lock().unwrap().clone();
    assert!(!log.iter().any(|l| l.contains("/skipped") || l.contains("/in-code")), "{log:?}");
    assert!(log.contains(&"HEAD /get-only".to_string()) && log.contains(&"GET /get-only".to_string()), "{log:?}");
    assert_eq!(log.iter().filter(|l| l.ends_with(" /busy")).count(), 2, "one wait for Retry-After: {log:?}");

    // Within the cache's lifetime nothing is asked again, failures included.
    let before = server.requests.load(Ordering::SeqCst);
    let again = site.run(&["check", "--external"]);
    assert_eq!(server.requests.load(Ordering::SeqCst), before, "{}", again.stderr);
    assert!(format!("{}{}", again.stdout, again.stderr).contains(&format!("{o}/gone: HTTP 404")));

    // `--external=error` fails the check.
    let strict = site.run(&["check", "--external=error"]);
    assert_eq!(strict.code, Some(1));
    assert!(format!("{}{}", strict.stdout, strict.stderr).contains("error: content/links.md:3:"));
}
