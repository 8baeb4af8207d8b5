#![no_main]
//! A rule file: PrometheusRule, rule groups, ConfigMaps with embedded rules.
mod common;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static H: OnceLock<common::Harness> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    H.get_or_init(common::Harness::new).build_with("rules.yaml", data);
});
