//! opsite: a fast static documentation site generator for operations teams.
//!
//! The pipeline, one module per stage, each consuming the previous one's
//! typed output: [`config`] → [`load`] ([`load::Loaded`]) → [`parse`]
//! ([`parse::Parsed`]: one Markdown parse per document) → [`issues`]
//! ([`issues::Snapshot`]) → [`check`] ([`check::Checked`]) → [`render`] →
//! [`write`]. [`tree`] says what one set of pages is built as (prefix,
//! language, version, words). [`site`] drives them and keeps their outputs; [`serve`],
//! [`rules`] and the commands in [`cmd`] read those outputs. [`util`] and
//! [`report`] are leaves every stage may use.

pub(crate) mod alerts;
pub(crate) mod check;
pub mod cmd;
pub mod config;
pub(crate) mod issues;
pub(crate) mod load;
pub mod parse;
pub(crate) mod render;
pub mod report;
pub(crate) mod rules;
pub(crate) mod search;
#[cfg(feature = "serve")]
pub(crate) mod serve;
pub mod site;
pub(crate) mod slo;
pub(crate) mod sources;
pub mod tree;
pub(crate) mod util;
pub mod versions;
pub(crate) mod write;
