#![no_main]
//! An mdBook `SUMMARY.md`: its own reader (Markdown lists, links, parts).
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static H: OnceLock<common::Harness> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    H.get_or_init(common::Harness::new).build_with("content/docs/SUMMARY.md", data);
});
