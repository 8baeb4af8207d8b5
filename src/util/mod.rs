//! Leaf helpers shared by every stage: escaping, source positions, URL
//! paths, dates, file-system calls that name their path, issue-reference
//! scanning and "did you mean" hints. Nothing here imports a stage.

pub mod dates;
pub mod escape;
pub mod fs;
pub mod ids;
pub mod pos;
pub mod refs;
pub mod text;
pub mod timing;
pub mod url;

pub use escape::{escape_attr, escape_html};

/// pulldown-cmark options for every Markdown document, in one place so the
/// page parser and the one-line title parser cannot drift apart.
pub fn markdown_options(smart_punctuation: bool) -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH;
    if smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    o
}
