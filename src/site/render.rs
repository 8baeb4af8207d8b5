//! What the render stage makes from a loaded site: its pages and every
//! other output ([`crate::render::outputs`]).

use anyhow::Result;

use super::Site;
use crate::load::DocId;
use crate::render::PageInputs;
use crate::render::outputs::OutputCtx;
use crate::report::BuildFailed;
use crate::write::OutFile;

impl Site {
    /// The same site as one of several versions: its pages link the others.
    pub fn with_versions(mut self, versions: crate::render::Versions) -> Site {
        self.versions = Some(versions);
        self
    }

    /// Renders the pages `ids` (for `serve`).
    pub fn render_pages(&self, inputs: &PageInputs, ids: &[DocId]) -> Result<Vec<OutFile>, BuildFailed> {
        self.pages.render_pages(&self.nav, inputs, ids)
    }

    /// What the outputs besides pages read ([`crate::render::outputs`]).
    pub fn outputs(&self) -> OutputCtx<'_> {
        OutputCtx { pages: &self.pages, nav: &self.nav, config: &self.config, inputs: self.inputs() }
    }

    /// Writes every file of the site through `write`: each page as it
    /// renders, then the generated files. A page's HTML is dropped once it
    /// is written (only what a feed shows is kept for the feeds), so the
    /// site's HTML is never in memory while the search index and the other
    /// outputs are made. Returns how many files.
    pub fn write_all(&mut self, write: impl Fn(&OutFile) -> Result<()> + Sync) -> Result<usize> {
        let clock = crate::util::timing::Stopwatch::start();
        let fed = self.inputs().fed();
        let bodies = self.parsed.take_bodies(|d| !fed.contains(&d));
        let outputs = self.outputs();
        let pages = self.pages.write_pages(outputs.nav, &outputs.inputs, bodies, &write)?;
        clock.lap("templates and write");
        Ok(pages + crate::render::outputs::write_files(&outputs, &write)?)
    }

    /// Every output file, in memory (for `serve`).
    pub fn render_all(&self) -> Result<Vec<OutFile>> {
        let ctx = self.outputs();
        let mut files = self.render_pages(&ctx.inputs, &self.loaded.doc_ids())?;
        files.extend(crate::render::outputs::files(&ctx, |_| true)?);
        Ok(files)
    }
}
