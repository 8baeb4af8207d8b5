//! opsite: a fast static documentation site generator for operations teams.
//!
//! The pipeline, one module per stage: [`config`] → [`content`] →
//! [`markdown`] → [`render`] → [`output`], held together by [`site::Site`].
//! [`issues`] adds live GitHub incidents and references to runbooks. The
//! commands in [`cmd`] reuse those stages: [`serve`] re-runs only what an
//! edit touches, [`check`] reads the diagnostics and alert rules.

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
