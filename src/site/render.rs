//! What the render stage makes from a loaded site: its pages and every
//! other output ([`crate::render::outputs`]).

use anyhow::Result;

use super::Site;
use crate::load::DocId;
use crate::render::PageInputs;
use crate::render::outputs::OutputCtx;
use crate::report::BuildFailed;
use crate::write::OutFile;
use std::sync::Mutex;

use crate::config::BuildOptions;
use crate::load::Loaded;
use crate::parse::{ParseContext, Part, parse_body};
use crate::util::ids::Idx as _;

/// Whether `opsite build` parses each page again as it writes it
/// ([`BuildOptions::two_pass_above`]).
pub(super) fn two_pass(opts: &BuildOptions, loaded: &Loaded) -> bool {
    opts.two_pass_above.is_some_and(|n| loaded.doc_count() > n)
}

/// The tree a site is, from its settings, the language it is built in and
/// its theme's words.
pub(super) fn tree(
    config: &crate::config::Config,
    opts: &BuildOptions,
    pages: &crate::render::Pages,
) -> crate::tree::Tree {
    let language = opts.language.clone().unwrap_or_else(|| config.site.language.clone());
    let prefix = config.base_path();
    // A translation's base URL is the site's with its language after it.
    let root = match &opts.language {
        Some(l) => prefix.strip_suffix(&format!("{l}/")).unwrap_or(&prefix).to_string(),
        None => prefix.clone(),
    };
    let languages = std::iter::once(&config.site.language)
        .chain(&config.site.languages)
        .enumerate()
        .map(|(i, l)| crate::tree::LanguageLink {
            url: if i == 0 { root.clone() } else { format!("{root}{l}/") },
            current: *l == language,
            language: l.clone(),
            pages: Default::default(),
        })
        .collect::<Vec<_>>();
    crate::tree::Tree {
        prefix,
        base_url: config.base_url(),
        strings: pages.strings_for(&language),
        language,
        version: None,
        languages: if languages.len() > 1 { languages } else { Vec::new() },
    }
}

/// What the walk is told of languages: the tree's, the site's, the others,
/// and whether leaving the others' translations out is news (it is not
/// when each is built as a tree of its own).
pub(super) fn languages(config: &crate::config::Config, opts: &BuildOptions) -> crate::load::Languages {
    let site = &config.site.language;
    let tree = opts.language.as_ref().unwrap_or(site);
    crate::load::Languages::new(tree, site, &config.site.languages, !opts.translations)
}

impl Site {
    /// The same site as one of several versions: its pages link the others.
    pub fn with_versions(mut self, versions: crate::render::Versions) -> Site {
        self.tree.version = versions.list.get(versions.current).map(|v| v.name.clone());
        self.versions = Some(versions);
        self
    }

    /// What the site's pages are built as.
    pub fn tree(&self) -> &crate::tree::Tree {
        &self.tree
    }

    /// The path of each of its pages (`guide/install/`), as the other
    /// trees of the site link them.
    pub fn page_paths(&self) -> std::sync::Arc<std::collections::HashSet<String>> {
        std::sync::Arc::new(self.loaded.docs().map(|(_, d)| d.path.clone()).collect())
    }

    /// Tells the site the pages of each of its languages' trees (in the
    /// order of [`crate::tree::Tree::languages`]), so each page links the
    /// same page in the others.
    pub fn set_language_pages(&mut self, pages: &[std::sync::Arc<std::collections::HashSet<String>>]) {
        for (l, p) in self.tree.languages.iter_mut().zip(pages) {
            l.pages = p.clone();
        }
    }

    /// Renders the pages `ids` (for `serve`).
    pub fn render_pages(&self, inputs: &PageInputs, ids: &[DocId]) -> Result<Vec<OutFile>, BuildFailed> {
        self.pages.render_pages(&self.nav, inputs, ids)
    }

    /// What the outputs besides pages read ([`crate::render::outputs`]).
    pub fn outputs(&self) -> OutputCtx<'_> {
        OutputCtx { pages: &self.pages, nav: &self.nav, config: &self.config, tree: &self.tree, inputs: self.inputs() }
    }

    /// Writes every file of the site through `write`: each page as it
    /// renders, then the generated files. A page's HTML is dropped once it
    /// is written (only what a feed shows is kept for the feeds), so the
    /// site's HTML is never in memory while the search index and the other
    /// outputs are made; past [`BuildOptions::two_pass_above`] the parse
    /// kept none, and each page is parsed again here. Returns how many
    /// files.
    pub fn write_all(&mut self, write: impl Fn(&OutFile) -> Result<()> + Sync) -> Result<usize> {
        use rayon::prelude::*;
        let clock = crate::util::timing::Stopwatch::start();
        let fed = self.inputs().fed();
        let parse = ParseContext::new(&self.config, &self.loaded, &self.tree.prefix, &self.linkable, &self.highlighter);
        let again = two_pass(&self.opts, &self.loaded);
        let taken: Vec<Mutex<Option<Vec<Part>>>> = if again {
            crate::report::verbose(&format!(
                "write: {} documents, past {}: each page is parsed again as it is written",
                self.loaded.doc_count(),
                self.opts.two_pass_above.unwrap_or_default()
            ));
            let fed: Vec<_> = fed.par_iter().map(|&d| (d, parse_body(&parse, &self.loaded, d))).collect();
            self.parsed.put_bodies(fed);
            Vec::new()
        } else {
            self.parsed.take_bodies(|d| !fed.contains(&d)).into_iter().map(Mutex::new).collect()
        };
        let body = |d: DocId| match again {
            true => (!fed.contains(&d)).then(|| parse_body(&parse, &self.loaded, d)),
            false => taken[d.index()].lock().unwrap_or_else(|e| e.into_inner()).take(),
        };
        let outputs = self.outputs();
        let pages = self.pages.write_pages(outputs.nav, &outputs.inputs, &body, &write)?;
        clock.lap("templates and write");
        self.highlighter.forget();
        // The search index first: the pages' search text is let go after it.
        use crate::render::outputs::{Claims, write_files};
        let claims = Claims::new(self.loaded.docs().map(|(_, d)| d.output_file()));
        write_files(&outputs, &claims, |o| o.reads_search_text(), &write)?;
        self.parsed.drop_search_text();
        let outputs = self.outputs();
        write_files(&outputs, &claims, |o| !o.reads_search_text(), &write)?;
        Ok(pages + claims.count())
    }

    /// Every output file, in memory (for `serve`).
    pub fn render_all(&self) -> Result<Vec<OutFile>> {
        let ctx = self.outputs();
        let mut files = self.render_pages(&ctx.inputs, &self.loaded.doc_ids())?;
        files.extend(crate::render::outputs::files(&ctx, |_| true)?);
        Ok(files)
    }
}
