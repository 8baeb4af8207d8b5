#![no_main]
//! A Jupyter Book `_toc.yml`: its own reader (root, chapters, parts, sections).
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static H: OnceLock<common::Harness> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    H.get_or_init(common::Harness::new).build_with("content/docs/_toc.yml", data);
});
