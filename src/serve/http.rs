//! Answering HTTP requests from the in-memory store.

use std::sync::Arc;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::reload::{self, Hub};
use super::store::{Body, Store};

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// A file in the store, by output path.
    File(String),
    /// Redirect to this URL path.
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// The live-reload script.
    LiveJs,
    /// Malformed or hostile: 400.
    BadRequest,
    /// Outside the base path: 404.
    NotFound,
}

/// Maps a raw request target to a route. Decodes once: `%252e%252e` stays
/// the literal `%2e%2e` and matches nothing. Any `..`, `.`, backslash or NUL
/// segment is refused outright.
pub(crate) fn route(target: &str, base_path: &str) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') || path.contains('\\') {
        return Route::BadRequest;
    }
    let Ok(decoded) = percent_decode_str(path).decode_utf8() else {
        return Route::BadRequest;
    };
    if decoded.contains(['\0', '\\']) || decoded.split('/').any(|seg| seg == ".." || seg == ".") {
        return Route::BadRequest;
    }
    for prefix in [base_path, "/"] {
        match decoded.strip_prefix(prefix).map(|r| r.strip_prefix("__opsite/")) {
            Some(Some("events")) => return Route::Events,
            Some(Some("live.js")) => return Route::LiveJs,
            _ => {}
        }
    }
    if format!("{decoded}/") == base_path || (base_path != "/" && decoded == "/") {
        return Route::Redirect(base_path.to_string());
    }
    let Some(rel) = decoded.strip_prefix(base_path) else {
        return Route::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        Route::File(format!("{rel}index.html"))
    } else {
        Route::File(rel.to_string())
    }
}

/// Everything a request handler needs.
pub(crate) struct Ctx {
    /// Served files.
    pub store: Arc<Store>,
    /// Reload clients.
    pub hub: Arc<Hub>,
    /// `/` or `/docs/`.
    pub base_path: String,
    /// Identifies this server process to reconnecting tabs.
    pub server_id: String,
}

/// Answers one request (on the calling thread; event streams get their own).
pub(crate) fn handle(req: Request, ctx: &Ctx) {
    if !matches!(req.method(), Method::Get | Method::Head) {
        let _ = req.respond(Response::from_string("method not allowed").with_status_code(405));
        return;
    }
    match route(req.url(), &ctx.base_path) {
        Route::Events => {
            let Some((rx, open)) = ctx.hub.subscribe() else {
                let busy = Response::from_string("too many open event streams").with_status_code(503);
                let _ = req.respond(busy.with_header(header("Retry-After", "5")));
                return;
            };
            let mut first = vec![reload::event("hello", &ctx.server_id)];
            if let Some(errors) = ctx.store.errors() {
                first.push(reload::event("build-error", &serde_json::to_string(&errors).unwrap_or_default()));
            }
            let writer = req.into_writer();
            std::thread::spawn(move || {
                reload::stream(writer, rx, &first);
                drop(open);
            });
        }
        Route::LiveJs => {
            // idiomorph (0BSD, src/serve/idiomorph.LICENSE) morphs pages in place.
            let js = concat!(include_str!("idiomorph.min.js"), "\n", include_str!("live.js"));
            let r = Response::from_data(js.as_bytes().to_vec())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
                .with_header(header("Cache-Control", "no-cache"));
            let _ = req.respond(r);
        }
        Route::BadRequest => {
            let _ = req.respond(Response::from_string("bad request").with_status_code(400));
        }
        Route::Redirect(to) => redirect(req, &to),
        Route::NotFound => not_found(req, ctx),
        Route::File(path) => serve_file(req, ctx, &path),
    }
}

fn serve_file(req: Request, ctx: &Ctx, path: &str) {
    let Some(entry) = ctx.store.get(path) else {
        // `/dir` → `/dir/` when the directory has an index.
        if ctx.store.get(&format!("{path}/index.html")).is_some() {
            let url = req.url().split('?').next().unwrap_or("").to_string();
            return redirect(req, &format!("{url}/"));
        }
        return not_found(req, ctx);
    };
    let (bytes, etag) = match &entry.body {
        Body::Bytes(b) => (b.to_vec(), entry.etag.clone().unwrap_or_default()),
        Body::File(p) => match std::fs::read(p).ok() {
            Some(b) => {
                let tag = format!("\"{:016x}\"", xxhash_rust::xxh3::xxh3_64(&b));
                (b, tag)
            }
            None => return not_found(req, ctx),
        },
    };
    let not_modified = req
        .headers()
        .iter()
        .any(|h| h.field.equiv("If-None-Match") && h.value.as_str().split(',').any(|v| v.trim() == etag));
    if not_modified {
        let r =
            Response::empty(304).with_header(header("ETag", &etag)).with_header(header("Cache-Control", "no-cache"));
        let _ = req.respond(r);
        return;
    }
    let r = Response::from_data(bytes)
        .with_header(header("Content-Type", &content_type(path)))
        .with_header(header("ETag", &etag))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"));
    let _ = req.respond(r);
}

fn not_found(req: Request, ctx: &Ctx) {
    // Nothing here because the site does not build: say why, in the page
    // itself (the overlay needs script), and reload once it is fixed.
    if let Some(errors) = ctx.store.errors() {
        let list: String =
            errors.iter().map(|e| format!("<li><pre>{}</pre></li>", crate::util::escape_html(e))).collect();
        let body = format!(
            "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>The site does not build</title>\
             <h1>The site does not build</h1><p>This page appears once these are fixed:</p><ul>{list}</ul>{}",
            ctx.store.live_tag()
        );
        let r = Response::from_data(body.into_bytes())
            .with_status_code(StatusCode(500))
            .with_header(header("Content-Type", "text/html; charset=utf-8"))
            .with_header(header("Cache-Control", "no-cache"));
        let _ = req.respond(r);
        return;
    }
    let body = match ctx.store.get("404.html").map(|e| match &e.body {
        Body::Bytes(b) => b.to_vec(),
        Body::File(p) => std::fs::read(p).unwrap_or_default(),
    }) {
        Some(b) if !b.is_empty() => b,
        _ => format!("<!doctype html><title>Not found</title><h1>Not found</h1>{}", ctx.store.live_tag()).into_bytes(),
    };
    let r = Response::from_data(body)
        .with_status_code(StatusCode(404))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-cache"));
    let _ = req.respond(r);
}

fn redirect(req: Request, to: &str) {
    let r = Response::empty(301).with_header(header("Location", to)).with_header(header("Cache-Control", "no-cache"));
    let _ = req.respond(r);
}

/// Content-Type from the file extension (a MIME crate, not a hand table).
fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == "javascript" || mime.subtype() == "json" => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid-Header"[..], &b"1"[..]).expect("static header is valid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(route("/", "/"), Route::File("index.html".into()));
        assert_eq!(route("/a/b/?x=1", "/"), Route::File("a/b/index.html".into()));
        assert_eq!(route("/style.css", "/"), Route::File("style.css".into()));
        assert_eq!(route("/docs", "/docs/"), Route::Redirect("/docs/".into()));
        assert_eq!(route("/", "/docs/"), Route::Redirect("/docs/".into()));
        assert_eq!(route("/other/", "/docs/"), Route::NotFound);
        assert_eq!(route("/docs/__opsite/events", "/docs/"), Route::Events);
        assert_eq!(route("/__opsite/live.js", "/docs/"), Route::LiveJs);
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "/a%00b",
            "/./a",
            "x",
        ] {
            assert_eq!(route(bad, "/"), Route::BadRequest, "{bad}");
        }
        assert_eq!(route("/%252e%252e/etc/passwd", "/"), Route::File("%2e%2e/etc/passwd".into()));
    }
}
