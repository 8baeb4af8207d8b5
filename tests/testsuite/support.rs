//! A fixture site in a temporary directory, built with the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The default `book.toml` of fixture sites.
pub const BOOK: &str =
    "[site]\ntitle = \"Fixture\"\nbase_url = \"https://example.org/\"\nrepository = \"https://github.com/acme/docs\"\n";

/// A site under construction in a temp dir.
pub struct Site {
    dir: tempfile::TempDir,
}

/// What a run of the binary printed and returned.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    root: String,
}

impl Run {
    fn from(o: Output, root: &Path) -> Run {
        Run {
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            root: root.display().to_string(),
        }
    }

    /// stderr as a snapshot sees it: the fixture's temp dir is `[ROOT]`,
    /// durations are `[TIME]`, trailing white space trimmed.
    pub fn err(&self) -> String {
        normalize(&self.stderr, &self.root)
    }

    /// stdout, normalized like [`Run::err`].
    pub fn out(&self) -> String {
        normalize(&self.stdout, &self.root)
    }
}

fn normalize(text: &str, root: &str) -> String {
    let mut s = text.replace(root, "[ROOT]");
    if let Ok(canon) = std::fs::canonicalize(root) {
        s = s.replace(&canon.display().to_string(), "[ROOT]");
    }
    let mut out = String::new();
    let mut rest = s.as_str();
    // "in 12ms", "in 1.2s", "in 350µs" → "in [TIME]"
    while let Some(i) = rest.find(" in ") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        let unit = ["ms", "µs", "ns", "s"].iter().find(|u| digits > 0 && rest[digits..].starts_with(**u));
        if let Some(u) = unit {
            out.push_str("[TIME]");
            rest = &rest[digits + u.len()..];
        }
    }
    out.push_str(rest);
    // Loopback servers listen on a new port each run.
    let mut ported = String::new();
    let mut rest = out.as_str();
    while let Some(i) = rest.find("127.0.0.1:") {
        ported.push_str(&rest[..i + 10]);
        rest = &rest[i + 10..];
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits > 0 {
            ported.push_str("[PORT]");
            rest = &rest[digits..];
        }
    }
    ported.push_str(rest);
    ported.trim_end().to_string()
}

impl Site {
    /// A site with the default book.toml and a home page.
    pub fn new() -> Site {
        Site::empty().file("book.toml", BOOK).file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
    }

    /// A bare temp directory.
    pub fn empty() -> Site {
        Site { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// Writes a file (parents created).
    pub fn file(self, path: &str, text: &str) -> Site {
        self.write(path, text);
        self
    }

    /// Writes a file in place, atomically (a temp file beside it, then a
    /// rename), so a watching `serve` never sees it half-written.
    pub fn write(&self, path: &str, text: &str) {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let tmp = p.with_file_name(format!(".{}.fixture-tmp", p.file_name().unwrap().to_string_lossy()));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &p).unwrap();
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `opsite <args>` in the site root.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, &[])
    }

    /// Runs `opsite <args>` in the site root with extra environment variables.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(bin());
        cmd.args(args).current_dir(self.root());
        for (k, v) in env {
            cmd.env(k, v);
        }
        Run::from(cmd.output().expect("run opsite"), self.root())
    }

    /// `opsite build <args>`, which must succeed.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert_eq!(r.code, Some(0), "build failed:\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        r
    }

    /// `opsite build <args>`, which must fail with exit code 1.
    pub fn build_err(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let r = self.run(&all);
        assert_eq!(r.code, Some(1), "build should fail:\nstdout: {}\nstderr: {}", r.stdout, r.stderr);
        r
    }

    /// Path of an output file.
    pub fn out(&self, path: &str) -> PathBuf {
        self.root().join("public").join(path)
    }

    /// Text of an output file.
    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.out(path)).unwrap_or_else(|e| panic!("reading public/{path}: {e}"))
    }

    /// Parsed HTML of an output file.
    pub fn html(&self, path: &str) -> Page {
        Page(Html::parse_document(&self.read(path)))
    }

    /// Parsed HTML of a built page of a project whose output folder is
    /// `out` (another tool's: `site`, `book`, `build`).
    pub fn page_in(&self, out: &str, path: &str) -> Page {
        let file = self.root().join(out).join(path);
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        Page(Html::parse_document(&text))
    }
}

/// A parsed output page.
pub struct Page(pub Html);

/// The sidebar's rows `depth` lists deep (0: the top level), as CSS.
pub fn rows_at(depth: usize) -> String {
    format!(".sidebar-list > li{}", " > ul > li".repeat(depth))
}

/// One row of a page's sidebar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// How many lists deep it is nested (0: the top level).
    pub depth: usize,
    /// Its own text, without the rows nested in it.
    pub text: String,
    /// Its class (`is-section`, `nav-group`, `nav-more`), if any.
    pub class: String,
}

impl Page {
    /// The sidebar's rows in order, with how deep each is nested.
    pub fn sidebar(&self) -> Vec<Row> {
        let sel = Selector::parse(".sidebar-list li").unwrap();
        self.0
            .select(&sel)
            .map(|li| {
                let lists = li.ancestors().filter_map(scraper::ElementRef::wrap).filter(|e| e.value().name() == "ul");
                let own = li.children().filter_map(scraper::ElementRef::wrap).find(|e| e.value().name() != "ul");
                Row {
                    depth: lists.count() - 1,
                    text: own.map(|e| e.text().collect::<String>().trim().to_string()).unwrap_or_default(),
                    class: li.value().attr("class").unwrap_or_default().to_string(),
                }
            })
            .collect()
    }

    /// Text of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.0.select(&sel).map(|e| e.text().collect::<String>().trim().to_string()).collect()
    }

    /// One attribute of every element matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap();
        self.0.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
    }

    /// The single element's text; panics unless exactly one matches.
    pub fn text(&self, css: &str) -> String {
        let t = self.texts(css);
        assert_eq!(t.len(), 1, "expected one `{css}`, found {t:?}");
        t.into_iter().next().unwrap()
    }

    /// The single element's attribute.
    pub fn attr(&self, css: &str, attr: &str) -> String {
        let a = self.attrs(css, attr);
        assert_eq!(a.len(), 1, "expected one `{css}[{attr}]`, found {a:?}");
        a.into_iter().next().unwrap()
    }

    /// Inner HTML of the single element matching `css`.
    pub fn inner(&self, css: &str) -> String {
        let sel = Selector::parse(css).unwrap();
        let all: Vec<_> = self.0.select(&sel).collect();
        assert_eq!(all.len(), 1, "expected one `{css}`");
        all[0].inner_html()
    }

    /// Number of elements matching `css`.
    pub fn count(&self, css: &str) -> usize {
        self.0.select(&Selector::parse(css).unwrap()).count()
    }
}

/// The opsite binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_opsite")
}

/// How long a wait may last before the test fails: not a speed target
/// (those are in `bench/`), only what stops a test that would hang.
pub const HANG: std::time::Duration = std::time::Duration::from_secs(60);

/// Polls `done` until it is true; fails with `what` after [`HANG`]. Every
/// wait of the tests is this loop.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + HANG;
    while std::time::Instant::now() < deadline {
        if done() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("{what} (waited {HANG:?})");
}
