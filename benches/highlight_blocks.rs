//! Every fenced code block of real docs trees, and a few thousand generated
//! hostile blocks per grammar, through the highlighter: the slowest block
//! of each tree and language, and any that reached the per-block budget.
//!
//!     cargo bench --bench highlight_blocks -- [--generated] [--limit-ms N] [DIR ...]
//!
//! Each DIR is walked for Markdown (`.md`, `.markdown`, `.mdx`, `.Rmd`) and
//! every fenced block with a language is highlighted with the default
//! budget (100 ms); exits 1 when one took longer than `--limit-ms`
//! (default 50) or gave up, naming it. `--generated` adds
//! `src/parse/hostile_blocks.rs`'s full set for every grammar opsite ships:
//! built to be slow, these may give up, but none may overrun the budget by
//! more than 50 ms. Results are in bench/RESULTS.md.
#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs, dead_code)]

#[path = "../src/parse/hostile_blocks.rs"]
mod hostile_blocks;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use opsite::parse::Highlighter;
use opsite::parse::highlight::{Highlighted, language_names};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The slowest block seen for one key, and how many there were.
#[derive(Default)]
struct Worst {
    blocks: usize,
    gave_up: usize,
    slowest: Duration,
    at: String,
}

impl Worst {
    fn add(&mut self, took: Duration, gave_up: bool, at: impl FnOnce() -> String) {
        self.blocks += 1;
        self.gave_up += usize::from(gave_up);
        if took > self.slowest {
            self.slowest = took;
            self.at = at();
        }
    }
}

/// The fenced blocks of one Markdown file: (language, line, code).
fn fenced_blocks(text: &str) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split(|c: char| c.is_whitespace() || c == ',' || c == '{').next().unwrap_or("");
                let line = text[..range.start].matches('\n').count() + 1;
                open = (!lang.is_empty()).then(|| (lang.to_string(), line, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, _, code)) = open.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().and_then(|e| e.to_str()).is_some_and(|e| ["md", "markdown", "mdx", "Rmd"].contains(&e))
        })
        .collect();
    files.sort();
    files
}

fn run(h: &Highlighter, lang: &str, code: &str) -> (Duration, bool) {
    let started = Instant::now();
    let gave_up = matches!(h.highlight(lang, code), Highlighted::GaveUp(_));
    (started.elapsed(), gave_up)
}

/// Prints what `worst` holds; returns how many languages broke the rule:
/// slower than `limit`, or (when `give_up_ok` is false) gave up at all.
fn report(title: &str, worst: &BTreeMap<String, Worst>, limit: Duration, give_up_ok: bool) -> usize {
    let blocks: usize = worst.values().map(|w| w.blocks).sum();
    let slowest = worst.values().max_by_key(|w| w.slowest);
    println!("\n== {title}: {blocks} blocks in {} languages", worst.len());
    if let Some(w) = slowest {
        println!("slowest block: {:.2} ms at {}", w.slowest.as_secs_f64() * 1e3, w.at);
    }
    let mut ranked: Vec<_> = worst.iter().collect();
    ranked.sort_by_key(|(_, w)| std::cmp::Reverse(w.slowest));
    for (lang, w) in ranked.iter().take(8) {
        println!("  {lang:<14} {:>6} blocks  slowest {:>8.2} ms  {}", w.blocks, w.slowest.as_secs_f64() * 1e3, w.at);
    }
    let gave_up: usize = worst.values().map(|w| w.gave_up).sum();
    let langs = worst.values().filter(|w| w.gave_up > 0).count();
    println!("gave up (shown as plain text): {gave_up} blocks in {langs} languages");
    let over: Vec<_> = worst.iter().filter(|(_, w)| w.slowest > limit || (!give_up_ok && w.gave_up > 0)).collect();
    for (lang, w) in &over {
        println!(
            "OVER: ```{lang} {:.1} ms (limit {} ms), {} gave up; slowest at {}",
            w.slowest.as_secs_f64() * 1e3,
            limit.as_millis(),
            w.gave_up,
            w.at
        );
    }
    over.len()
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let generated = args.iter().any(|a| a == "--generated");
    args.retain(|a| a != "--generated");
    let mut limit = Duration::from_millis(50);
    if let Some(i) = args.iter().position(|a| a == "--limit-ms") {
        let ms: u64 = args.get(i + 1).and_then(|v| v.parse().ok()).expect("--limit-ms N");
        limit = Duration::from_millis(ms);
        args.drain(i..i + 2);
    }
    // No cache directory: every block is highlighted, none is remembered.
    let h = Highlighter::new(None, "InspiredGitHub", "base16-ocean.dark");
    let mut over = 0;
    for dir in &args {
        let mut worst: BTreeMap<String, Worst> = BTreeMap::new();
        for file in markdown_files(Path::new(dir)) {
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            for (lang, line, code) in fenced_blocks(&text) {
                let (took, gave_up) = run(&h, &lang, &code);
                let key = lang.to_ascii_lowercase();
                worst.entry(key).or_default().add(took, gave_up, || format!("{}:{line}", file.display()));
            }
        }
        over += report(dir, &worst, limit, false);
    }
    if generated {
        let blocks = hostile_blocks::blocks(true);
        let mut worst: BTreeMap<String, Worst> = BTreeMap::new();
        for lang in language_names() {
            for (i, code) in blocks.iter().enumerate() {
                let (took, gave_up) = run(&h, &lang, code);
                worst.entry(lang.clone()).or_default().add(took, gave_up, || format!("generated block {i}"));
            }
        }
        let title = format!("generated ({} blocks a language)", blocks.len());
        over += report(&title, &worst, Duration::from_millis(150), true);
    }
    if over > 0 {
        std::process::exit(1);
    }
}
