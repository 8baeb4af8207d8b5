//! What `opsite serve` needs beyond a full load: one document read and
//! parsed again after an edit, the theme reloaded, and the site loaded again
//! after files appeared, vanished or moved, reusing every unchanged
//! document and saying which pages now differ.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use super::Site;
use crate::config::BuildOptions;
use crate::config::Reach;
use crate::load::{DocId, DocKind, Reread};
use crate::parse::{ParseContext, Reparsed};
use crate::render::{Pages, Theme, template_of};

/// What an edit to one document needs.
#[derive(Debug)]
pub enum Update {
    /// These documents' pages must be rendered again.
    Pages(Vec<DocId>),
    /// URLs or the set of pages changed: load everything again.
    Reload,
}

/// A site loaded again by [`Site::load_again`], and what changed.
pub struct Reloaded {
    /// The new site.
    pub site: Site,
    /// Pages that are new or whose text changed: what the author is
    /// waiting for, to be published first.
    pub fresh: Vec<DocId>,
    before: PageKeys,
}

impl Reloaded {
    /// The other pages whose output may differ: their listings, neighbours,
    /// breadcrumbs or sidebar changed. `None`: something every page shows
    /// changed. (Made after the fresh pages are out: it compares every
    /// page.) Returned with what every page depends on now, the keys for
    /// the next load.
    pub fn others(&mut self) -> (Option<Vec<DocId>>, PageKeys) {
        let clock = crate::util::timing::Stopwatch::start();
        let (site, before) = (&self.site, &self.before);
        let after = PageKeys::of(site);
        clock.lap("page keys");
        let fresh: HashSet<DocId> = self.fresh.iter().copied().collect();
        let others = (after.shared == before.shared).then(|| {
            site.loaded
                .docs()
                .filter(|(d, doc)| {
                    let sidebar = &site.loaded.section(doc.section).dir;
                    !fresh.contains(d)
                        && (before.pages.get(&doc.output_file()).map(|p| p.0)
                            != after.pages.get(&doc.output_file()).map(|p| p.0)
                            || before.sidebars.get(sidebar) != after.sidebars.get(sidebar))
                })
                .map(|(d, _)| d)
                .collect()
        });
        (others, after)
    }

    /// Pages that vanished and pages that appeared, each as URL → title,
    /// for following renamed pages. The old URLs and titles come from the
    /// kept keys, so none is made for every page on the way to the fresh
    /// ones.
    pub fn gone_and_came(&self) -> (HashMap<String, String>, HashMap<String, String>) {
        let (loaded, before) = (&self.site.loaded, &self.before.pages);
        let vanished = |out: &str| loaded.doc_by_url(out.strip_suffix("index.html").unwrap_or(out)).is_none();
        let gone = before.iter().filter(|(out, _)| vanished(out)).map(|(_, (_, u, t))| (u.clone(), t.clone()));
        let inputs = self.site.inputs();
        let came = self.fresh.iter().filter(|&&d| !before.contains_key(&loaded.doc(d).output_file()));
        let came = came.map(|&d| (inputs.url(d), self.site.parsed.doc(d).title.clone()));
        (gone.collect(), came.collect())
    }
}

/// What a page's output depends on besides its own text, for comparing two
/// loads of a site. `serve` keeps them between loads.
pub struct PageKeys {
    shared: u64,
    /// Section directory → hash of its sidebar.
    sidebars: HashMap<String, u64>,
    /// Output file → [`crate::render::PageInputs::page_key`], URL, title.
    pages: HashMap<String, (u64, String, String)>,
}

impl PageKeys {
    /// What every page of `site` depends on now.
    pub fn of(site: &Site) -> PageKeys {
        let inputs = site.inputs();
        let loaded = &site.loaded;
        let hashes = site.nav.sidebar_hashes(&inputs);
        let sidebars = loaded
            .section_ids()
            .into_iter()
            .map(|s| (loaded.section(s).dir.clone(), hashes.get(&s).copied().unwrap_or(0)))
            .collect();
        let parsed = &site.parsed;
        let pages = loaded
            .doc_ids()
            .into_par_iter()
            .map(|d| (loaded.doc(d).output_file(), (inputs.page_key(d), inputs.url(d), parsed.doc(d).title.clone())))
            .collect();
        PageKeys { shared: site.nav.key(), sidebars, pages }
    }
}

impl Site {
    fn recheck(&mut self) {
        let statics = self.pages.static_files();
        self.checked = crate::check::check(&self.loaded, &self.parsed, &self.rules, &statics, &self.check_opts);
    }

    /// Loads the site again after files appeared, vanished or moved: the
    /// configuration, theme and highlighter are kept; documents whose file
    /// did not change are not read again, and keep their parse while their
    /// links lead where they did. Says which pages must be rendered again.
    /// `changed`: the absolute paths that changed, when known (only they
    /// are walked and stated).
    pub fn load_again(
        self,
        opts: &BuildOptions,
        changed: Option<Vec<PathBuf>>,
        before: Option<PageKeys>,
    ) -> Result<Reloaded> {
        let clock = crate::util::timing::Stopwatch::start();
        let before = before.unwrap_or_else(|| PageKeys::of(&self));
        clock.lap("page keys");
        let Site { config, loaded, parsed, pages, highlighter, nav, .. } = self;
        let previous = Some((loaded, parsed, changed));
        let (site, reparsed) = Site::assemble(opts, config, pages, highlighter, previous, nav)?;
        let mut fresh: Vec<DocId> = reparsed
            .into_iter()
            .chain(site.loaded.docs().filter(|(_, d)| !before.pages.contains_key(&d.output_file())).map(|(d, _)| d))
            .collect();
        fresh.sort();
        fresh.dedup();
        Ok(Reloaded { site, fresh, before })
    }

    /// Re-reads and re-parses document `id` after its file changed, and says
    /// which pages to render again (or that everything must load again).
    /// `keys` (kept by `serve`) follow the pages rendered again; when that
    /// is every page (or unknown), they are made afresh when next needed.
    pub fn update_doc(&mut self, id: DocId, keys: &mut Option<PageKeys>) -> Result<Update> {
        let update = self.reread(id);
        match (&update, keys.as_mut()) {
            (Ok(Update::Pages(pages)), Some(k)) if pages.len() <= 2 => {
                let inputs = self.inputs();
                for &d in pages {
                    let page = (inputs.page_key(d), inputs.url(d), self.parsed.doc(d).title.clone());
                    k.pages.insert(self.loaded.doc(d).output_file(), page);
                }
            }
            _ => *keys = None,
        }
        update
    }

    fn reread(&mut self, id: DocId) -> Result<Update> {
        // The description shows in listings; it may come from the text.
        let old_description = self.inputs().description(id);
        let reach = match self.loaded.reread(id)? {
            Reread::Reload => return Ok(Update::Reload),
            Reread::Doc(reach) => reach,
        };
        let ctx = ParseContext::new(&self.config, &self.loaded, &self.tree.prefix, &self.linkable, &self.highlighter);
        let reparsed = self.parsed.reparse(&self.loaded, &ctx, id, reach >= Reach::Site);
        self.recheck();
        // Code in a colour no other block had: the stylesheets (and the
        // version every page links them by) change.
        if let Some(css) = self.highlighter.restyle()
            && css != *self.nav.code_css()
        {
            self.refresh_nav(css, true)?;
            return Ok(Update::Pages(self.loaded.doc_ids()));
        }
        if reparsed == Reparsed::Order {
            self.refresh_nav(self.nav.code_css().clone(), true)?;
            return Ok(Update::Pages(self.loaded.doc_ids()));
        }
        if reach < Reach::Listing && self.inputs().description(id) == old_description {
            return Ok(Update::Pages(vec![id]));
        }
        let doc = self.loaded.doc(id);
        match doc.kind {
            // A page shows in its section's listing.
            DocKind::Page => Ok(Update::Pages(vec![id, self.loaded.section(doc.section).doc])),
            // A section in `nav`, which every page may use.
            DocKind::Section(_) => {
                self.refresh_nav(self.nav.code_css().clone(), true)?;
                Ok(Update::Pages(self.loaded.doc_ids()))
            }
        }
    }

    /// Writes the highlight cache if it changed. `serve` calls this after the
    /// reload event is out, keeping disk writes off the edit-to-reload path.
    pub fn save_caches(&self) {
        if let Err(e) = self.highlighter.save() {
            crate::report::warning_text(&format!("could not save the highlight cache: {e:#}"));
        }
    }

    /// Reloads templates and theme static files (after a theme edit), and
    /// says which pages to render again: those whose template is, extends
    /// or includes one that changed. `None`: every page (a static file or
    /// the sidebar template changed, or what links may point at).
    pub fn reload_theme(&mut self) -> Result<Option<Vec<DocId>>> {
        let before = self.pages.templates().clone();
        let (shared, linkable) = (self.nav.key(), self.linkable.clone());
        self.pages = Pages::new(Theme::load(&self.opts.root, &self.config)?, &self.config)?;
        let words = self.tree.strings.clone();
        self.tree = super::render::tree(&self.config, &self.opts, &self.pages);
        self.linkable = self.pages.linkable_files();
        self.refresh_nav(self.highlighter.stylesheets(), false)?;
        let after = self.pages.templates();
        let changed: std::collections::BTreeSet<String> = before
            .keys()
            .chain(after.keys())
            .filter(|n| before.get(*n).map(|t| &t.text) != after.get(*n).map(|t| &t.text))
            .cloned()
            .collect();
        let touched = crate::render::theme::dependents(after, &changed);
        let components = changed
            .iter()
            .flat_map(|n| [before.get(n), after.get(n)])
            .flatten()
            .any(|t| crate::render::theme::defines_components(&t.text));
        let every = touched.contains("sidebar.html") || components || self.tree.strings != words;
        if self.nav.key() != shared || self.linkable != linkable || every {
            return Ok(None);
        }
        let pages = self.loaded.docs().filter(|(_, d)| touched.contains(&template_of(d))).map(|(id, _)| id);
        Ok(Some(pages.collect()))
    }
}
