//! `opsite build`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Result;
use rayon::prelude::*;

use crate::config::BuildOptions;
use crate::report::{BuildFailed, Diagnostic};
use crate::site::Site;
use crate::util::timing::Stopwatch;
use crate::write::Staging;

/// Flags of `opsite build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: super::SiteArgs,
    /// Output directory [default: public/ under the root, or [build] output].
    #[arg(long)]
    output: Option<PathBuf>,
    /// Fail on any warning: other tools' shortcodes, unknown code languages, …
    #[arg(long)]
    strict: bool,
    /// Fail the build when GitHub issues cannot be refreshed.
    #[arg(long, conflicts_with = "offline")]
    strict_issues: bool,
}

/// Builds the site and swaps the result into the output directory.
pub(super) fn run(args: Args) -> Result<()> {
    let start = Instant::now();
    let opts = BuildOptions {
        root: args.site.root.root.clone(),
        base_url: args.site.base_url,
        drafts: args.site.drafts,
        warn_links: args.site.warn_links,
        cache: true,
        offline: args.site.offline,
        strict_issues: args.strict_issues,
        no_issues: false,
    };
    let built = build(&opts, args.output.as_deref(), args.strict)?;
    crate::report::warnings(&built.warnings);
    // The count, after the warnings themselves: a long list scrolls away.
    let warned = match built.warnings.len() {
        0 => String::new(),
        1 => " (1 warning)".into(),
        n => format!(" ({n} warnings)"),
    };
    crate::report::status(&format!(
        "built {} pages, {} sections, {} files written to {} in {:.0?}{warned}",
        built.pages,
        built.sections,
        built.files,
        built.out_dir.display(),
        start.elapsed()
    ));
    Ok(())
}

/// What a finished build wrote.
#[derive(Debug)]
struct Built {
    /// The output directory.
    pub out_dir: PathBuf,
    /// Files written.
    pub files: usize,
    /// Problems that did not fail the build.
    pub warnings: Vec<Diagnostic>,
    /// Number of pages.
    pub pages: usize,
    /// Number of sections (home included).
    pub sections: usize,
}

/// Runs every stage and swaps the result into `output` (default: `[build]
/// output` under the root). On any error the previous output stays.
fn build(opts: &BuildOptions, output: Option<&Path>, strict: bool) -> Result<Built> {
    let site = Site::load(opts)?;
    if !site.errors().is_empty() {
        return Err(BuildFailed::new(site.errors().to_vec()).into());
    }
    if strict && !site.warnings().is_empty() {
        return Err(BuildFailed::new(site.warnings()).into());
    }
    let out_dir = output.map(Path::to_path_buf).unwrap_or_else(|| opts.root.join(&site.config().build.output));
    // Pages go to disk as they render; the staging directory removes itself
    // if anything fails before the commit.
    let staging = Staging::new(&out_dir, &opts.root)?;
    let clock = Stopwatch::start();
    let outputs = site.outputs();
    let generated = crate::render::outputs::files(&outputs, |_| true)?;
    generated.par_iter().try_for_each(|f| staging.write(f))?;
    clock.lap("generated files written");
    let pages = site.pages().write_pages(outputs.nav, &outputs.inputs, |f| staging.write(f))?;
    clock.lap("templates and write");
    staging.commit()?;
    clock.lap("swap");
    Ok(Built {
        out_dir,
        files: generated.len() + pages,
        warnings: site.warnings(),
        pages: site.loaded().page_count(),
        sections: site.loaded().section_count(),
    })
}
