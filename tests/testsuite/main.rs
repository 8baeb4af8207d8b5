//! opsite's integration tests: fixture sites built by the real binary,
//! asserted on parsed output.

mod browser;
mod build;
mod check;
mod errors;
mod issues;
mod links;
mod markdown;
mod serve;
mod slugger_cases;
mod slugs;
mod support;
mod theme;
