//! The command line: one module per command.

mod build;
mod check;
mod completions;
mod init;
mod new;
#[cfg(feature = "serve")]
mod serve;
mod theme;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

/// opsite: fast documentation sites for teams that operate in the open.
#[derive(Debug, Parser)]
#[command(
    name = "opsite",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  opsite init my-site\n  opsite serve --root my-site --open\n  opsite build --root my-site --base-url https://acme.github.io/docs/\n  opsite check --root my-site --alerts 'deploy/**/alerts.yaml'"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print errors only.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print what each step did.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The commands. Their doc comments are the `--help` text, so examples are
/// written as a terminal shows them.
#[allow(rustdoc::bare_urls)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/.
    ///
    /// Example: opsite build --root site --base-url https://example.org/docs/
    Build(build::Args),
    /// Create a new site that builds.
    ///
    /// Example: opsite init my-site && cd my-site && opsite build
    Init(init::Args),
    /// Check links, anchors and alert runbook links, without writing output.
    ///
    /// Example: opsite check --alerts 'deploy/**/alerts.yaml' --format json
    Check(check::Args),
    /// Write a new page from the site's archetype for its section.
    ///
    /// Example: opsite new operations/runbooks/trino-down.md
    New(new::Args),
    /// Preview the site with live reload, from memory.
    ///
    /// Example: opsite serve --port 8080 --open
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// Work with themes: `opsite theme eject` writes the built-in one out.
    ///
    /// Example: opsite theme eject mine
    Theme(theme::Args),
    /// Print a tab-completion script for a shell.
    ///
    /// Example: opsite completions bash > ~/.local/share/bash-completion/completions/opsite
    Completions(completions::Args),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    use crate::report::{Verbosity, set_verbosity};
    set_verbosity(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    });
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(args),
        Command::Check(args) => check::run(args),
        Command::Theme(args) => theme::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// `--root`: the site directory, holding book.toml.
#[derive(Debug, Clone, clap::Args)]
pub struct RootArg {
    /// Site root: the directory holding book.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// What every command that reads the site takes, declared once.
#[derive(Debug, Clone, clap::Args)]
pub struct SiteArgs {
    #[command(flatten)]
    pub(crate) root: RootArg,
    /// Override site.base_url, e.g. for a preview under a sub-path.
    #[arg(short = 'b', long)]
    pub(crate) base_url: Option<String>,
    /// Include pages marked draft.
    #[arg(short = 'D', long)]
    pub(crate) drafts: bool,
    /// Report broken links and anchors as warnings instead of failing.
    #[arg(long)]
    pub(crate) warn_links: bool,
    /// Do not call GitHub: show issues and incidents from the cache only.
    #[arg(long)]
    pub(crate) offline: bool,
}
