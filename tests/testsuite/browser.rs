//! Real-browser tests in headless Chromium (Debian's `chromium`).
//!
//! Marked ignored where Chromium is not installed (build.rs sets the
//! `opsite_chromium` cfg); `.ci/run` installs it, so CI always runs them.
//! Once a test runs, a missing or broken browser is a failure.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions, Tab};

/// Chromium's path; panics when there is none (the test is not ignored, so
/// build.rs found one: a vanished browser is a failure, not a pass).
pub fn chromium_path() -> PathBuf {
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].map(PathBuf::from))
        .find(|p| p.is_file())
        .expect("chromium is not installed (apt-get install chromium); .ci/run installs it")
}

/// A headless browser.
pub fn browser() -> Browser {
    browser_sized(1280, 900)
}

/// A headless browser with a window of `width` × `height` CSS pixels.
pub fn browser_sized(width: u32, height: u32) -> Browser {
    let path = chromium_path();
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((width, height)))
        .args(args)
        .idle_browser_timeout(Duration::from_secs(300))
        .build()
        .expect("launch options");
    Browser::new(options).expect("chromium is installed but did not start")
}

/// Evaluates `js` in the page and returns its JSON value.
pub fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    let r = tab.evaluate(js, false).unwrap_or_else(|e| panic!("evaluating {js}: {e}"));
    r.value.unwrap_or(serde_json::Value::Null)
}

/// Evaluates `js`, which returns a promise, and returns what it resolves to.
pub fn eval_async(tab: &Tab, js: &str) -> serde_json::Value {
    let r = tab.evaluate(js, true).unwrap_or_else(|e| panic!("evaluating {js}: {e}"));
    r.value.unwrap_or(serde_json::Value::Null)
}

/// Polls `js` until it returns `true`.
pub fn wait_for(tab: &Tab, js: &str, what: &str) {
    crate::support::wait_until(&format!("timed out waiting for {what} ({js})"), || {
        tab.evaluate(js, false).ok().and_then(|r| r.value) == Some(serde_json::Value::Bool(true))
    });
}
