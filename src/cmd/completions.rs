//! `opsite completions SHELL`: tab completion for the shell.

use anyhow::Result;
use clap::CommandFactory;

/// Flags of `opsite completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell.
    shell: clap_complete::Shell,
}

/// Prints the completion script to stdout.
pub(super) fn run(args: Args) -> Result<()> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "opsite", &mut out);
    crate::report::out(&String::from_utf8_lossy(&out));
    Ok(())
}
