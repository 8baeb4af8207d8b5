//! The system `git`, called one way everywhere: hostile input is kept away
//! from its option parser (callers put `--` before URLs and refs, or pass
//! only object ids), `ext::` transports and hooks are off, and no prompt
//! can stall a build.

use std::path::Path;
use std::process::{Command, Output};

use anyhow::{Result, anyhow, bail};

/// Runs `git args` (in `dir` where given) with `envs` set.
pub(crate) fn git_env(dir: Option<&Path>, args: &[&str], envs: &[(&str, &Path)]) -> Result<Output> {
    let mut cmd = Command::new("git");
    if let Some(d) = dir {
        cmd.arg("-C").arg(d);
    }
    cmd.args(["-c", "protocol.ext.allow=never", "-c", "core.hooksPath=/dev/null"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().map_err(|e| anyhow!("running git: {e} (is git installed?)"))
}

/// Runs `git args` (in `dir` where given).
pub(crate) fn git(dir: Option<&Path>, args: &[&str]) -> Result<Output> {
    git_env(dir, args, &[])
}

/// Runs `git args` and returns its standard output, or fails with git's
/// own one-line verdict.
pub(crate) fn git_ok(dir: Option<&Path>, args: &[&str]) -> Result<String> {
    checked(git(dir, args)?, args)
}

/// The standard output of a finished git call, or its `fatal:` line.
pub(crate) fn checked(out: Output, args: &[&str]) -> Result<String> {
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        // git's own verdict is the `fatal:` line; what follows is advice.
        let line = lines.iter().find(|l| l.starts_with("fatal:") || l.starts_with("error:")).or(lines.last()).copied();
        let line = line.unwrap_or("failed").trim_start_matches("fatal: ").trim_start_matches("error: ");
        bail!("git {}: {line}", args.first().copied().unwrap_or(""));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Whether `r` is a full object id (safe to pass anywhere).
pub(crate) fn is_commit(r: &str) -> bool {
    r.len() == 40 && r.bytes().all(|b| b.is_ascii_hexdigit())
}
