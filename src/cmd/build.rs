//! `opsite build`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::BuildOptions;
use crate::report::{BuildFailed, Diagnostic};
use crate::site::Site;
use crate::util::timing::Stopwatch;
use crate::write::Staging;
use anyhow::Result;

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
        cache_dir: None,
        two_pass_above: Some(crate::config::two_pass_above()),
        language: None,
        translations: true,
    };
    let config = crate::config::load_config(&opts)?;
    if config.versions.is_some() {
        return build_versions(&opts, &config, args.output.as_deref(), args.strict, start);
    }
    let built = build(&opts, args.output.as_deref(), args.strict)?;
    crate::report::warnings(&built.warnings);
    // The count, after the warnings themselves: a long list scrolls away.
    let warned = warned(built.warnings.len());
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

/// Builds each version of `[versions]`.
fn build_versions(
    opts: &BuildOptions,
    config: &crate::config::Config,
    output: Option<&Path>,
    strict: bool,
    start: Instant,
) -> Result<()> {
    let out_dir = output.map(Path::to_path_buf).unwrap_or_else(|| opts.root.join(&config.build.output));
    // Versions are built in the site's language: its translations are left out, and said so.
    let opts = &BuildOptions { translations: false, ..opts.clone() };
    let built = crate::versions::build(opts, config, &out_dir, strict)?;
    crate::report::warnings(&built.warnings);
    let names: Vec<String> = built
        .names
        .iter()
        .map(|(n, latest)| if *latest { format!("{n} (latest, at the root)") } else { n.clone() })
        .collect();
    let cached = built.names.len() - built.rendered;
    crate::report::status(&format!(
        "built {} versions: {}; {} rendered, {cached} reused; {} pages written to {} in {:.0?}{}",
        built.names.len(),
        names.join(", "),
        built.rendered,
        built.pages,
        out_dir.display(),
        start.elapsed(),
        warned(built.warnings.len()),
    ));
    Ok(())
}

fn warned(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (1 warning)".into(),
        n => format!(" ({n} warnings)"),
    }
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
    let mut site = Site::load(opts)?;
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
    let mut built = Built {
        out_dir,
        files: 0,
        warnings: site.warnings(),
        pages: site.loaded().page_count(),
        sections: site.loaded().section_count(),
    };
    // Each other language: a tree of its own under `<language>/`. Every
    // tree is loaded before any is written, so each page can link the
    // same page in the others.
    let mut trees = Vec::new();
    for lang in &site.config().site.languages {
        let base_url = Some(format!("{}{lang}/", site.tree().base_url));
        let opts = BuildOptions { language: Some(lang.clone()), base_url, ..opts.clone() };
        let tree = Site::load(&opts)?;
        if !tree.errors().is_empty() {
            return Err(BuildFailed::new(tree.errors().to_vec()).into());
        }
        let new: Vec<Diagnostic> = tree.warnings().into_iter().filter(|w| !built.warnings.contains(w)).collect();
        if strict && !new.is_empty() {
            return Err(BuildFailed::new(new).into());
        }
        built.warnings.extend(new);
        trees.push((lang.clone(), tree));
    }
    if !trees.is_empty() {
        let pages: Vec<_> = std::iter::once(&site).chain(trees.iter().map(|(_, t)| t)).map(Site::page_paths).collect();
        site.set_language_pages(&pages);
        trees.iter_mut().for_each(|(_, t)| t.set_language_pages(&pages));
    }
    let mut files = site.write_all(|f| staging.write(f))?;
    for (lang, mut tree) in trees {
        files += tree.write_all(|f| staging.write_under(&lang, f))?;
        built.pages += tree.loaded().page_count();
        built.sections += tree.loaded().section_count();
    }
    built.files = files;
    let clock = Stopwatch::start();
    staging.commit()?;
    clock.lap("swap");
    Ok(built)
}
