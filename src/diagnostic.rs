//! Errors and warnings that point into a source file.

use std::fmt;
use std::path::PathBuf;

/// A problem in one input file, reported as `path:line:col: message`.
///
/// Content, frontmatter, link and template problems are collected as
/// diagnostics so a build reports all of them at once, not one per run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostic {
    /// File the problem is in, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub col: usize,
    /// What is wrong, in one line where possible.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `line:col` of `path`.
    pub fn new(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self { path: path.into(), line, col, message: message.into() }
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
        write!(f, ": {}", self.message)
    }
}

/// A build that stopped because of one or more diagnostics.
#[derive(Debug, thiserror::Error)]
pub struct BuildFailed {
    /// Every error found, in file order.
    pub errors: Vec<Diagnostic>,
}

impl fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "error: {e}")?;
        }
        let n = self.errors.len();
        write!(f, "build failed with {n} error{}", if n == 1 { "" } else { "s" })
    }
}
