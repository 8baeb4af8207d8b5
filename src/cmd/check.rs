//! `opsite check`.

use anyhow::Result;

use crate::config::BuildOptions;
use crate::report::{Diagnostic, out};
use crate::rules::{AlertReport, check_alerts, expand};
use crate::site::Site;

/// Output formats.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// How problems with outside links are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Level {
    Warn,
    Error,
}

/// Flags of `opsite check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: super::SiteArgs,
    /// Alert rule files, directories or quoted globs ('deploy/**/alerts.yaml').
    #[arg(long, num_args = 1..)]
    alerts: Vec<String>,
    /// Output format; json is for CI.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also check every http(s) link of the pages (results are cached for
    /// `[check] external_ttl`); problems are warnings, or errors with
    /// `--external=error`.
    #[arg(long, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "warn")]
    external: Option<Level>,
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    ok: bool,
    pages: usize,
    errors: Vec<String>,
    warnings: Vec<String>,
    alerts: Option<&'a AlertReport>,
}

/// Checks links, anchors and (with --alerts) runbook links; writes nothing.
/// Fails on broken links or anchors and on runbook links into the site that
/// land nowhere.
pub(super) fn run(args: Args) -> Result<()> {
    let root = args.site.root.root.clone();
    let opts = BuildOptions {
        root: args.site.root.root,
        base_url: args.site.base_url,
        drafts: args.site.drafts,
        warn_links: args.site.warn_links,
        offline: args.site.offline,
        cache: true,
        no_issues: true,
        cache_dir: None,
        two_pass_above: None,
        ..Default::default()
    };
    let site = Site::load(&opts)?;
    // `-v`: the pages a curated navigation leaves out of the sidebar.
    for (_, doc) in site.loaded().docs().filter(|(_, d)| d.nav.hidden) {
        crate::report::verbose(&format!("{}: not in the navigation", doc.source_path().display()));
    }
    let (mut errors, mut warnings) = (site.errors().to_vec(), site.warnings());
    let report = if args.alerts.is_empty() { None } else { Some(check_alerts(&site, &expand(&root, &args.alerts)?)?) };
    let broken = report.as_ref().map_or(0, |r| r.broken.len());
    if let Some(level) = args.external {
        let outside = check_outside(&site, &root)?;
        match level {
            Level::Warn => warnings.extend(outside),
            Level::Error => errors.extend(outside),
        }
    }
    let ok = errors.is_empty() && broken == 0;
    match args.format {
        Format::Json => {
            let json = JsonReport {
                ok,
                pages: site.loaded().doc_count(),
                errors: errors.iter().map(Diagnostic::to_string).collect(),
                warnings: warnings.iter().map(Diagnostic::to_string).collect(),
                alerts: report.as_ref(),
            };
            out(&serde_json::to_string_pretty(&json)?);
        }
        Format::Text => print_text(site.loaded().doc_count(), &errors, &warnings, report.as_ref()),
    }
    if ok {
        Ok(())
    } else {
        anyhow::bail!("check failed: {} broken link(s) or anchor(s), {broken} broken runbook link(s)", errors.len())
    }
}

/// Checks the pages' links to other sites; says what it did on stderr.
fn check_outside(site: &Site, root: &std::path::Path) -> Result<Vec<Diagnostic>> {
    use crate::check::external::{ExternalLink, check_external};
    let loaded = site.loaded();
    let links: Vec<ExternalLink> = site
        .parsed()
        .docs()
        .flat_map(|(id, p)| {
            let path = loaded.doc(id).source_path();
            p.external.iter().map(move |e| ExternalLink {
                path: path.clone(),
                line: e.line,
                col: e.col,
                url: e.url.clone(),
            })
        })
        .collect();
    let began = std::time::Instant::now();
    let r = check_external(&links, &site.config().check, &root.join(crate::config::CACHE_DIR))?;
    crate::report::status(&format!(
        "outside links: {} links to {} URLs, {} from the cache, {} requests in {:.1?}; {} problem(s)",
        links.len(),
        r.urls,
        r.cached,
        r.requests,
        began.elapsed(),
        r.problems.len()
    ));
    Ok(r.problems)
}

fn print_text(pages: usize, errors: &[Diagnostic], warnings: &[Diagnostic], report: Option<&AlertReport>) {
    for line in crate::report::lines("error", errors).into_iter().chain(crate::report::lines("warning", warnings)) {
        out(&line);
    }
    // Links in trees whose breakage only warns (`broken_links = "warn"`,
    // `--warn-links`) are counted too: "0 broken" after 225 warnings about
    // broken links read as if there were none.
    let warned = warnings.iter().filter(|w| w.message.starts_with("broken ")).count();
    let warned = if warned > 0 { format!(" ({warned} more warned)") } else { String::new() };
    out(&format!("checked {pages} pages: {} broken link(s) or anchor(s){warned}", errors.len()));
    let Some(r) = report else { return };
    for b in &r.broken {
        out(&format!(
            "error: {}: alert `{}`: runbook {} lands nowhere: {}",
            b.rule.file.display(),
            b.rule.alert,
            b.rule.runbook.as_deref().unwrap_or_default(),
            b.reason
        ));
    }
    for m in &r.missing {
        let named = r.alerts.iter().find(|a| a.alert == m.alert && a.file == m.file).and_then(|a| a.page.as_ref());
        let found =
            named.map(|p| format!("; {} is named after it, link it from the rule", p.display())).unwrap_or_default();
        out(&format!(
            "warning: {}: alert `{}` has no runbook annotation (runbook_url, runbook or sop_url){found}",
            m.file.display(),
            m.alert
        ));
    }
    for x in &r.external {
        out(&format!(
            "note: {}: alert `{}` links a runbook outside this site: {}",
            x.file.display(),
            x.alert,
            x.runbook.as_deref().unwrap_or_default()
        ));
    }
    for u in &r.undefined {
        out(&format!("warning: {}: runbook alert `{}` is not defined by any rule", u.page.display(), u.alert));
    }
    for i in &r.incomplete {
        out(&format!(
            "warning: {}: runbook has no section {} (headings [runbooks] sections expects)",
            i.page.display(),
            i.missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    out(&format!(
        "alerts: {} rules in {} files ({} skipped: not rule files); {} broken runbook links, {} without a runbook, \
         {} linking elsewhere, {} runbook alerts without a rule, {} runbooks missing sections",
        r.rules,
        r.files,
        r.skipped.len(),
        r.broken.len(),
        r.missing.len(),
        r.external.len(),
        r.undefined.len(),
        r.incomplete.len()
    ));
}
