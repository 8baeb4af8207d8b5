//! opsite's integration tests: fixture sites built by the real binary,
//! asserted on parsed output.

// The crate's lints are for the library; a test binary's helpers are `pub`
// for sibling modules and tests print what they saw.
#![allow(unreachable_pub, missing_docs, clippy::print_stdout, clippy::print_stderr)]

mod architecture;
mod blog;
mod browser;
mod build;
mod check;
mod cli;
mod dialects;
mod errors;
mod external_links;
mod foreign;
mod gfm;
mod history;
mod hostile;
mod hostile_content;
mod issues;
mod languages;
mod layouts;
mod links;
mod llms;
mod markdown;
mod messages;
mod navfiles;
mod notebooks;
mod pipeline;
mod postmortems;
mod runbooks;
mod search;
mod serve;
mod serve_config;
mod serve_files;
mod serve_keys;
mod serve_load;
mod serve_morph;
mod serve_scoped;
mod sidebar;
mod slo;
mod slugger_cases;
mod slugs;
mod sources;
mod support;
mod theme;
mod versions;
