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
    /// Renders the pages `ids` (for `serve`).
    pub fn render_pages(&self, inputs: &PageInputs, ids: &[DocId]) -> Result<Vec<OutFile>, BuildFailed> {
        self.pages.render_pages(&self.nav, inputs, ids)
    }

    /// What the outputs besides pages read ([`crate::render::outputs`]).
    pub fn outputs(&self) -> OutputCtx<'_> {
        OutputCtx { pages: &self.pages, nav: &self.nav, config: &self.config, inputs: self.inputs() }
    }

    /// Every output file, in memory (for `serve`).
    pub fn render_all(&self) -> Result<Vec<OutFile>> {
        let ctx = self.outputs();
        let mut files = self.render_pages(&ctx.inputs, &self.loaded.doc_ids())?;
        files.extend(crate::render::outputs::files(&ctx, |_| true)?);
        Ok(files)
    }
}
