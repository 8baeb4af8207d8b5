//! opsite: a fast static documentation site generator for operations teams.
//!
//! The pipeline, one module per stage, each consuming the previous one's
//! typed output: [`config`] → [`load`] ([`load::Loaded`]) → [`parse`]
//! ([`parse::Parsed`]: one Markdown parse per document) → [`issues`]
//! ([`issues::Snapshot`]) → [`check`] ([`check::Checked`]) → [`render`] →
//! [`write`]. [`site`] drives them and keeps their outputs; [`serve`],
//! [`rules`] and the commands in [`cmd`] read those outputs. [`util`] and
//! [`report`] are leaves every stage may use.

pub mod alerts;
pub mod check;
pub mod cmd;
pub mod config;
pub mod issues;
pub mod load;
pub mod parse;
pub mod render;
pub mod report;
pub mod rules;
pub mod search;
pub mod serve;
pub mod site;
pub mod sources;
pub mod util;
pub mod write;
