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
        ..Default::default()
    };
    let site = Site::load(&opts)?;
    // `-v`: the pages a curated navigation leaves out of the sidebar.
    for (_, doc) in site.loaded().docs().filter(|(_, d)| d.nav.hidden) {
        crate::report::verbose(&format!("{}: not in the navigation", doc.source_path().display()));
    }
    let (errors, warnings) = (site.errors(), site.warnings());
    let report = if args.alerts.is_empty() { None } else { Some(check_alerts(&site, &expand(&root, &args.alerts)?)?) };
    let broken = report.as_ref().map_or(0, |r| r.broken.len());
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
        Format::Text => print_text(site.loaded().doc_count(), errors, &warnings, report.as_ref()),
    }
    if ok {
        Ok(())
    } else {
        anyhow::bail!("check failed: {} broken link(s) or anchor(s), {broken} broken runbook link(s)", errors.len())
    }
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
    out(&format!(
        "alerts: {} rules in {} files ({} skipped: not rule files); {} broken runbook links, {} without a runbook, \
         {} linking elsewhere, {} runbook alerts without a rule",
        r.rules,
        r.files,
        r.skipped.len(),
        r.broken.len(),
        r.missing.len(),
        r.external.len(),
        r.undefined.len()
    ));
}
