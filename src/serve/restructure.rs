//! Files appeared, vanished or moved in the content: the site is loaded
//! again reusing every unchanged document ([`Site::load_again`]), and only
//! the pages whose output may differ are rendered and published — new and
//! changed pages first, then the pages that list or link them.

use std::collections::HashSet;
use std::time::Instant;

use super::{Action, Server, moves, print_warnings};
use crate::load::DocId;
use crate::render::outputs;
use crate::report::BuildFailed;
use crate::serve::reload::event;
use crate::site::{ConfigChange, Site};

impl Server {
    /// Loads the site again after its set of files changed; returns a
    /// one-line summary for the terminal. `read` are output files of pages
    /// already read again in this batch: they are rendered too.
    pub(super) fn restructure(&mut self, read: &[String]) -> Option<String> {
        let began = Instant::now();
        let Some(old) = self.site.take() else {
            return self.apply(Action::Reload);
        };
        // Only the batch's paths are walked; once edits pause, a full walk
        // checks that no file slipped by (`refresh_derived`).
        let changed = self.changed.take();
        self.unverified |= changed.is_some();
        let mut reloaded = match old.load_again(&self.opts, changed, self.keys.take()) {
            Ok(r) => r,
            Err(e) => {
                // The pages served stay; the next change loads from scratch.
                self.stale = true;
                return self.fail(e);
            }
        };
        print_warnings(&reloaded.site.warnings());
        let (gone, came) = reloaded.gone_and_came();
        self.moves.set(moves::moves(&gone, &came));
        if !reloaded.site.errors().is_empty() || self.stale {
            let site = self.site.insert(reloaded.site);
            if !site.errors().is_empty() {
                self.stale = true;
                let failed = BuildFailed::new(site.errors().to_vec());
                return self.fail(failed.into());
            }
            let n = site.loaded().doc_count();
            return self.publish_everything(format!("loaded again; rebuilt all {n} pages"));
        }
        let read: HashSet<&str> = read.iter().map(String::as_str).collect();
        let site = &reloaded.site;
        let mut fresh = reloaded.fresh.clone();
        fresh.extend(site.loaded().docs().filter(|(_, d)| read.contains(d.output_file().as_str())).map(|(d, _)| d));
        fresh.sort();
        fresh.dedup();
        // The moved pages are among the fresh ones: their new addresses are
        // announced once served, before the old ones are reloaded.
        if let Err(e) = self.publish_fresh(site, &fresh) {
            self.site = Some(reloaded.site);
            return self.fail(e);
        }
        let n = fresh.len();
        let first =
            format!("{n} new or changed page{} served in {:.1?}", if n == 1 { "" } else { "s" }, began.elapsed());
        let (others, keys) = reloaded.others();
        self.keys = Some(keys);
        let site = self.site.insert(reloaded.site);
        // Something every page shows changed: all of them.
        let everything = others.is_none();
        let others = others.unwrap_or_else(|| {
            let fresh: HashSet<DocId> = fresh.iter().copied().collect();
            site.loaded().doc_ids().into_iter().filter(|d| !fresh.contains(d)).collect()
        });
        let inputs = site.inputs();
        match site.render_pages(&inputs, &others) {
            Ok(files) => self.store.update(files),
            Err(e) => return self.fail(e.into()),
        }
        let urls: Vec<String> =
            if everything { vec!["*".into()] } else { others.iter().map(|&d| inputs.url(d)).collect() };
        if !urls.is_empty() {
            self.hub.broadcast(&event("reload", &serde_json::to_string(&urls).unwrap_or_default()));
        }
        self.derived_stale = true;
        // The loop adds the time until the last of them is out.
        Some(format!("loaded again: {first}; {} more re-rendered", others.len()))
    }

    /// `book.toml` was saved: nothing when its settings are the same, every
    /// page rendered again from the parsed documents when only what pages
    /// show changed, else a full load. (The watched folders follow the new
    /// settings after the batch: `Server::follow_config_dirs`.)
    pub(super) fn reconfigure(&mut self) -> Option<String> {
        let began = Instant::now();
        let Some(site) = &self.site else { return self.apply(Action::Reload) };
        match site.config_change() {
            // The pages served stay; the message names the bad line.
            Err(e) => self.fail(e),
            Ok(ConfigChange::Same) if self.store.errors().is_none() && !self.stale => {
                Some("book.toml saved with the same settings: nothing to do".into())
            }
            Ok(ConfigChange::Same) => self.publish_everything("book.toml fixed: rebuilt all pages".into()),
            Ok(ConfigChange::Everything) => self.apply(Action::Reload),
            Ok(ConfigChange::Pages(config)) => {
                let old = self.site.take()?;
                self.keys = None;
                let site = match old.reconfigure(*config) {
                    Ok(site) => self.site.insert(site),
                    Err(e) => {
                        // The pages served stay; the next change loads from scratch.
                        self.stale = true;
                        return self.fail(e);
                    }
                };
                print_warnings(&site.warnings());
                let n = site.loaded().doc_count();
                // Until every page is out with the new settings.
                self.stale = true;
                self.publish_everything(format!(
                    "book.toml: loaded and parsed again in {:.1?} (unchanged documents kept); re-rendered all {n} pages",
                    began.elapsed()
                ))
            }
        }
    }

    /// Publishes the new and changed pages with every file they may load or
    /// link to, and removes what vanished (open tabs of those are told).
    fn publish_fresh(&self, site: &Site, fresh: &[DocId]) -> anyhow::Result<()> {
        let clock = crate::util::timing::Stopwatch::start();
        let generated = outputs::files(&site.outputs(), |o| !o.deferred())?;
        clock.lap("generated files");
        let mut keep: HashSet<String> = site.loaded().docs().map(|(_, d)| d.output_file()).collect();
        keep.extend(generated.iter().map(|f| f.path.clone()));
        // The search index and llms.txt are brought up to date once edits pause.
        let gone = self.store.prune(|p| keep.contains(p) || outputs::deferred_owns(p));
        self.publish_pages(site, fresh, generated, &gone)?;
        clock.lap("fresh pages");
        Ok(())
    }
}
