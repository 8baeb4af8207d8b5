#![no_main]
//! An MkDocs navigation file (`mkdocs.yml`); SUMMARY.md and _toc.yml have targets of their own.
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static H: OnceLock<common::Harness> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    H.get_or_init(common::Harness::new).build_with("content/docs/mkdocs.yml", data);
});
