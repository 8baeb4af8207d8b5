//! Stage 4, render: the stage outputs → pages through Tera templates, plus
//! every generated file (404, aliases, sitemap, stylesheets, static files).

mod alerts;
mod blog;
mod claims;
mod compact;
mod context;
mod coverage;
mod llms;
pub(crate) mod outputs;
mod owners;
mod pages;
mod postmortem;
mod sidebar;
mod site_script;
mod slo;
pub(crate) mod theme;
mod versions;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use tera::{ErrorKind, Tera};

use crate::report::{BuildFailed, Diagnostic};
pub(crate) use context::{PageInputs, SiteContext};
pub(crate) use pages::{Nav, Pages, template_of};
pub(crate) use sidebar::SidebarKey;
pub(crate) use theme::Theme;
pub(crate) use versions::{VersionInfo, Versions};

/// Compiled templates of the theme in force.
pub(crate) struct Renderer {
    tera: Tera,
    /// Each template's file, and where its compacted text's parts are in it.
    origins: HashMap<String, (PathBuf, compact::Positions)>,
}

/// Templates every theme must provide.
pub(crate) const REQUIRED: [&str; 5] = ["base.html", "index.html", "section.html", "page.html", "404.html"];

impl Renderer {
    /// Parses every template of `theme`; reports all syntax errors at once.
    pub(crate) fn new(theme: &Theme) -> Result<Renderer, BuildFailed> {
        let origins: HashMap<String, (PathBuf, compact::Positions)> =
            theme.templates.iter().map(|(name, t)| (name.clone(), (t.origin.clone(), t.positions.clone()))).collect();
        let mut errors = Vec::new();
        // Parse one by one first so every broken template is reported, then
        // add them together so inheritance resolves.
        for (name, t) in &theme.templates {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(name, &t.text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                errors.push(to_diagnostic(&e, &origins));
            }
        }
        if !errors.is_empty() {
            return Err(BuildFailed { errors });
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(e) = tera.add_raw_templates(theme.templates.iter().map(|(n, t)| (n.as_str(), t.text.as_str()))) {
            return Err(to_diagnostic(&e, &origins).into());
        }
        for name in REQUIRED {
            if !tera.contains_template(name) {
                errors.push(
                    Diagnostic::new("templates", 0, 0, format!("the theme has no {name} template"))
                        .hint(Some(format!("add templates/{name}, or use the default theme"))),
                );
            }
        }
        if !errors.is_empty() {
            return Err(BuildFailed { errors });
        }
        Ok(Renderer { tera, origins })
    }

    /// Whether a template of that name exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template` with `ctx`.
    pub(crate) fn render(&self, template: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| to_diagnostic(&e, &self.origins))
    }
}

/// Template errors met while rendering pages, each reported once with the
/// pages it broke: one mistake in `page.html` is one line, not one per page.
pub(crate) fn template_errors(errors: Vec<(Diagnostic, PathBuf)>) -> BuildFailed {
    let mut grouped: BTreeMap<Diagnostic, Vec<PathBuf>> = BTreeMap::new();
    for (d, page) in errors {
        grouped.entry(d).or_default().push(page);
    }
    BuildFailed::new(
        grouped
            .into_iter()
            .map(|(mut d, mut pages)| {
                pages.sort();
                let first = pages[0].display();
                d.message = match pages.len() {
                    1 if pages[0] == d.path => d.message,
                    1 => format!("{} (while rendering {first})", d.message),
                    n => format!("{} (while rendering {n} pages: {first} and {} more)", d.message, n - 1),
                };
                d
            })
            .collect(),
    )
}

fn to_diagnostic(e: &tera::Error, origins: &HashMap<String, (PathBuf, compact::Positions)>) -> Diagnostic {
    match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let (origin, (line, col)) = match origins.get(report.filename()) {
                Some((origin, positions)) => {
                    (origin.clone(), positions.source_position(span.start_line, span.start_col))
                }
                None => (PathBuf::from(report.filename()), (span.start_line, span.start_col)),
            };
            Diagnostic::new(origin, line, col + 1, format!("template error: {}", report.message()))
        }
        _ => {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::new("templates", 0, 0, format!("template error: {msg}"))
        }
    }
}
