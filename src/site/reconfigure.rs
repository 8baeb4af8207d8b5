//! `book.toml` changed while serving: what the new settings need (and
//! whether the files on disk are still the ones loaded). Settings
//! that only change what pages show keep the loaded and parsed documents;
//! a file saved with the same settings needs nothing at all.

use anyhow::Result;

use super::Site;
use crate::config::{Config, Reach, load_config};
use crate::render::{Nav, Pages, Theme};

/// What a saved `book.toml` needs, from [`Site::config_change`].
#[derive(Debug)]
pub enum ConfigChange {
    /// The same settings (a comment, spacing or key order changed).
    Same,
    /// Only what pages show changed (settings that reach
    /// [`Reach::Site`]): every page is rendered again from the documents
    /// already parsed ([`Site::reconfigure`]).
    Pages(Box<Config>),
    /// What is read or how it is parsed changed (a setting that reaches
    /// [`Reach::Load`]): load everything.
    Everything,
}

impl Site {
    /// Reads `book.toml` again and says what the difference needs; a broken
    /// file is an error and leaves the site as it was.
    pub fn config_change(&self) -> Result<ConfigChange> {
        let new = load_config(&self.opts)?;
        Ok(match new.reach_from(&self.config) {
            // A comment, spacing or key order.
            None => ConfigChange::Same,
            Some(Reach::Load) => ConfigChange::Everything,
            Some(_) => ConfigChange::Pages(Box::new(new)),
        })
    }

    /// Whether the files on disk are not the ones loaded (see
    /// [`crate::load::Loaded::differs_from_disk`]).
    pub fn differs_from_disk(&self) -> bool {
        self.loaded.differs_from_disk()
    }

    /// Takes new settings from [`ConfigChange::Pages`]: the theme is loaded
    /// again (it may be another one), the rule files read again, and every
    /// document whose file did not change keeps its load and parse.
    pub fn reconfigure(self, config: Config) -> Result<Site> {
        let pages = Pages::new(Theme::load(&self.opts.root, &config)?, &config)?;
        let Site { opts, loaded, parsed, highlighter, .. } = self;
        Ok(Site::assemble(&opts, config, pages, highlighter, Some((loaded, parsed, None)), Nav::empty())?.0)
    }
}
