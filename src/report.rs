//! The one reporting layer: diagnostics that point into a source file, and
//! every line opsite prints.
//!
//! Every problem is a [`Diagnostic`] printed as `path:line:col: message`,
//! with a hint on the next line where one helps. Commands print through
//! [`status`], [`warning`] and [`out`], which honour `-q`/`-v` and end the
//! process quietly when stdout is closed (`opsite check | head -1`).

use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};

/// A problem in one input file.
///
/// Content, frontmatter, link and template problems are collected as
/// diagnostics so a build reports all of them at once, not one per run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, thiserror::Error)]
pub struct Diagnostic {
    /// File the problem is in, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub col: usize,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `line:col` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self { path: path.into(), line, col, message: message.into(), hint: None }
    }

    /// The same diagnostic with a hint (`None` leaves it without).
    pub fn hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// A build that stopped because of one or more diagnostics.
#[derive(Debug, thiserror::Error)]
pub struct BuildFailed {
    /// Every error found, sorted by file and position, each once.
    pub errors: Vec<Diagnostic>,
}

impl BuildFailed {
    /// Sorts the errors and drops repeats.
    pub fn new(mut errors: Vec<Diagnostic>) -> Self {
        sort_unique(&mut errors);
        BuildFailed { errors }
    }
}

impl From<Diagnostic> for BuildFailed {
    fn from(d: Diagnostic) -> Self {
        BuildFailed { errors: vec![d] }
    }
}

impl fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in lines("error", &self.errors) {
            writeln!(f, "{line}")?;
        }
        let n = self.errors.len();
        write!(f, "build failed with {n} error{}", if n == 1 { "" } else { "s" })
    }
}

/// `kind: path:line:col: message` for each of `ds`, with each hint only
/// the first time it is given: 24 links dropped for their scheme, or 632
/// unknown keys, need the advice once, not once each.
pub fn lines(kind: &str, ds: &[Diagnostic]) -> Vec<String> {
    let mut hinted = std::collections::HashSet::new();
    ds.iter()
        .map(|d| match &d.hint {
            Some(h) if !hinted.insert(h.as_str()) => {
                format!("{kind}: {}", Diagnostic { hint: None, ..d.clone() })
            }
            _ => format!("{kind}: {d}"),
        })
        .collect()
}

/// Warnings about one build, each hint once (see [`lines`]); silent with `-q`.
pub fn warnings(ds: &[Diagnostic]) {
    if at_least(Verbosity::Normal) {
        for line in lines("warning", ds) {
            eprintln_quiet(&line);
        }
    }
}

/// `ds` with the diagnostics `grouped` picks said once per message, at the
/// first one, with how many pages repeat it ("(and on 3 more pages)"): a
/// tree from another tool repeats its keys and templates on every page.
/// The others pass through in order.
pub fn once_per_message(
    ds: impl IntoIterator<Item = Diagnostic>,
    grouped: impl Fn(&Diagnostic) -> bool,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut first: std::collections::HashMap<String, (usize, usize)> = std::collections::HashMap::new();
    for d in ds {
        if grouped(&d) {
            if let Some((_, more)) = first.get_mut(&d.message) {
                *more += 1;
                continue;
            }
            first.insert(d.message.clone(), (out.len(), 0));
        }
        out.push(d);
    }
    for (at, more) in first.into_values().filter(|(_, more)| *more > 0) {
        let s = if more == 1 { "" } else { "s" };
        out[at].message.push_str(&format!(" (and on {more} more page{s})"));
    }
    out
}

/// Sorts diagnostics by file, line, column and message, each once.
pub fn sort_unique(d: &mut Vec<Diagnostic>) {
    d.sort();
    d.dedup();
}

/// How much opsite prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Verbosity {
    /// Errors only (`-q`).
    Quiet = 0,
    /// Errors, warnings and one summary line.
    Normal = 1,
    /// Also what each step did (`-v`).
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

/// Sets the level for the rest of the process.
pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

fn at_least(v: Verbosity) -> bool {
    VERBOSITY.load(Ordering::Relaxed) >= v as u8
}

/// A line of the command's own output on stdout (a report, JSON), printed
/// at every level. A closed stdout ends the process quietly with exit 0.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = writeln!(stdout, "{text}").and_then(|_| stdout.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// A progress or summary line on stdout; silent with `-q`.
pub fn status(text: &str) {
    if at_least(Verbosity::Normal) {
        out(text);
    }
}

/// Detail for `-v` only, on stderr.
pub fn verbose(text: &str) {
    if at_least(Verbosity::Verbose) {
        eprintln_quiet(text);
    }
}

/// A problem that does not stop the command; silent with `-q`.
pub fn warning(d: &Diagnostic) {
    if at_least(Verbosity::Normal) {
        eprintln_quiet(&format!("warning: {d}"));
    }
}

/// A warning that is not about one file (`[issues]`, the cache).
pub fn warning_text(text: &str) {
    if at_least(Verbosity::Normal) {
        eprintln_quiet(&format!("warning: {text}"));
    }
}

/// An error line on stderr, printed at every level.
pub fn error(text: &str) {
    eprintln_quiet(&format!("error: {text}"));
}

/// Writes to stderr, ignoring a closed stderr rather than panicking.
pub fn eprintln_quiet(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_with_and_without_position() {
        assert_eq!(Diagnostic::new("a.md", 3, 7, "bad").to_string(), "a.md:3:7: bad");
        assert_eq!(Diagnostic::new("a.md", 3, 0, "bad").to_string(), "a.md:3: bad");
        assert_eq!(Diagnostic::new("a.md", 0, 0, "bad").to_string(), "a.md: bad");
        let d = Diagnostic::new("a.md", 1, 1, "bad").hint(Some("do this".into()));
        assert_eq!(d.to_string(), "a.md:1:1: bad\n  hint: do this");
    }

    #[test]
    fn a_message_many_pages_repeat_is_said_once_with_a_count() {
        let d = |p: &str, m: &str| Diagnostic::new(p, 1, 1, m);
        let all =
            vec![d("a.md", "key x"), d("b.md", "other"), d("b.md", "key x"), d("c.md", "key x"), d("c.md", "other")];
        let out = once_per_message(all, |d| d.message.starts_with("key"));
        let shown: Vec<String> = out.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["a.md:1:1: key x (and on 2 more pages)", "b.md:1:1: other", "c.md:1:1: other"]);
    }

    #[test]
    fn identical_errors_once() {
        let d = Diagnostic::new("a.md", 1, 1, "x");
        let f = BuildFailed::new(vec![d.clone(), Diagnostic::new("a.md", 0, 0, "y"), d]);
        assert_eq!(f.errors.len(), 2);
        assert_eq!(f.errors[0].line, 0);
    }
}
