//! Tera templates: loading the theme and rendering pages.

mod context;
pub mod theme;

use std::collections::HashMap;
use std::path::PathBuf;

use tera::{ErrorKind, Tera};

use crate::diagnostic::{BuildFailed, Diagnostic};
pub use context::{PageInputs, SiteContext};
pub use theme::Theme;

/// Compiled templates of the theme in force.
pub struct Renderer {
    tera: Tera,
    origins: HashMap<String, PathBuf>,
}

/// Templates every theme must provide.
pub const REQUIRED: [&str; 5] = ["base.html", "index.html", "section.html", "page.html", "404.html"];

impl Renderer {
    /// Parses every template of `theme`; reports all syntax errors at once.
    pub fn new(theme: &Theme) -> Result<Renderer, BuildFailed> {
        let origins: HashMap<String, PathBuf> =
            theme.templates.iter().map(|(name, t)| (name.clone(), t.origin.clone())).collect();
        let mut errors = Vec::new();
        // Parse one by one first so every broken template is reported, then
        // add them together so inheritance resolves.
        for (name, t) in &theme.templates {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(name, &t.text)
                && matches!(e.kind(), ErrorKind::SyntaxError(_))
            {
                errors.push(to_diagnostic(&e, &origins, None));
            }
        }
        if !errors.is_empty() {
            return Err(BuildFailed { errors });
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(e) = tera.add_raw_templates(theme.templates.iter().map(|(n, t)| (n.as_str(), t.text.as_str()))) {
            return Err(BuildFailed { errors: vec![to_diagnostic(&e, &origins, None)] });
        }
        for name in REQUIRED {
            if !tera.contains_template(name) {
                errors.push(Diagnostic::new("templates", 0, 0, format!("the theme has no {name} template")));
            }
        }
        if !errors.is_empty() {
            return Err(BuildFailed { errors });
        }
        Ok(Renderer { tera, origins })
    }

    /// Whether a template of that name exists.
    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `template` with `ctx`; `doc` names the page being rendered in errors.
    pub fn render(
        &self,
        template: &str,
        ctx: &tera::Context,
        doc: Option<&std::path::Path>,
    ) -> Result<String, Diagnostic> {
        self.tera.render(template, ctx).map_err(|e| to_diagnostic(&e, &self.origins, doc))
    }
}

fn to_diagnostic(e: &tera::Error, origins: &HashMap<String, PathBuf>, doc: Option<&std::path::Path>) -> Diagnostic {
    let while_rendering = doc.map(|d| format!(" (while rendering {})", d.display())).unwrap_or_default();
    match e.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let origin = origins.get(report.filename()).cloned().unwrap_or_else(|| PathBuf::from(report.filename()));
            let span = report.span();
            Diagnostic::new(
                origin,
                span.start_line,
                span.start_col + 1,
                format!("template error: {}{while_rendering}", report.message()),
            )
        }
        _ => {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                msg.push_str(&format!(": {s}"));
                source = s.source();
            }
            Diagnostic::new("templates", 0, 0, format!("template error: {msg}{while_rendering}"))
        }
    }
}
