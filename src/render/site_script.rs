//! `opsite-site.js`: what the theme's scripts need to know about the tree
//! they run in: its words, and where its search index and search code are.
//!
//! Every page loads it (cached after the first), instead of carrying the
//! search form, the theme toggle and the copy button's words in its HTML:
//! those controls only work with a script, so the script builds them. Each
//! tree (a language, a version) writes its own, under its prefix.

use anyhow::Result;
use serde::Serialize;

use super::outputs::{Change, Output, OutputCtx};
use super::pages::bytes_file;
use crate::write::OutFile;

/// The file's name, under the tree's prefix.
pub(super) const SITE_SCRIPT: &str = "opsite-site.js";

/// The script: `window.opsiteSite = {words, search, searchScript};`.
/// `search` is the index's folder (none without a search index).
pub(super) fn script(words: &crate::tree::Strings, search: Option<&str>, search_script: &str) -> String {
    #[derive(Serialize)]
    struct Site<'a> {
        words: &'a crate::tree::Strings,
        search: Option<&'a str>,
        #[serde(rename = "searchScript")]
        search_script: &'a str,
    }
    // JSON is a JavaScript expression; nothing in it can end a script
    // element, since this is a file of its own.
    let json = serde_json::to_string(&Site { words, search, search_script }).unwrap_or_else(|_| "{}".into());
    format!("window.opsiteSite = {json};\n")
}

/// The tree's `opsite-site.js`.
pub(super) struct SiteScript;

impl Output for SiteScript {
    fn name(&self) -> &'static str {
        "site script"
    }
    fn stale_on(&self) -> &'static [Change] {
        // The words are the theme's; the rest comes from the configuration,
        // whose change remakes everything.
        &[Change::Theme]
    }
    fn files(&self, ctx: &OutputCtx) -> Result<Vec<OutFile>> {
        Ok(vec![bytes_file(SITE_SCRIPT, ctx.nav.site_script().as_bytes().to_vec())])
    }
}
