//! `opsite build`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;

use crate::site::{BuildOptions, build};

/// Flags of `opsite build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Output directory [default: public/ under the root, or [build] output].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Override site.base_url, e.g. for a preview under a sub-path.
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked draft.
    #[arg(long)]
    drafts: bool,
    /// Report broken links and anchors as warnings instead of failing.
    #[arg(long)]
    warn_links: bool,
    /// Do not call GitHub: show issues and incidents from the cache only.
    #[arg(long)]
    offline: bool,
    /// Fail the build when GitHub issues cannot be refreshed.
    #[arg(long, conflicts_with = "offline")]
    strict_issues: bool,
}

/// Builds the site and swaps the result into the output directory.
pub fn run(args: Args) -> Result<()> {
    let start = Instant::now();
    let opts = BuildOptions {
        root: args.root.root.clone(),
        base_url: args.base_url,
        drafts: args.drafts,
        warn_links: args.warn_links,
        cache: true,
        offline: args.offline,
        strict_issues: args.strict_issues,
        no_issues: false,
    };
    let built = build(&opts, args.output.as_deref())?;
    for w in &built.warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "built {} pages, {} sections, {} files written to {} in {:.0?}",
        built.pages,
        built.sections,
        built.files,
        built.out_dir.display(),
        start.elapsed()
    );
    Ok(())
}
