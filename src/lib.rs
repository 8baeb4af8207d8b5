//! opsite: a fast static documentation site generator for operations teams.
//!
//! The pipeline, one module per stage: [`config`] → [`content`] →
//! [`markdown`] → [`render`] → [`output`], driven by [`build`]. The commands
//! in [`cmd`] reuse those stages.

pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod fs;
pub mod issues;
pub mod markdown;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;
