//! The shape of the source tree: the pipeline's stages import one way, the
//! leaves import no stage, and no file grows past what one can read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages in pipeline order; each may use only earlier ones (and the
/// leaves). Everything after them consumes stage outputs.
const ORDER: [&str; 19] = [
    "util", "report", "config", "tree", "sources", "alerts", "slo", "load", "parse", "issues", "check", "search",
    "write", "render", "site", "versions", "rules", "serve", "cmd",
];
const LEAVES: [&str; 2] = ["util", "report"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Top-level module of each source file (`src/parse/html.rs` → `parse`).
fn files() -> Vec<(String, PathBuf)> {
    walkdir::WalkDir::new(src())
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .filter_map(|e| {
            let rel = e.path().strip_prefix(src()).ok()?.to_path_buf();
            let first = rel.components().next()?.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
            (first != "lib" && first != "main").then(|| (first, e.path().to_path_buf()))
        })
        .collect()
}

/// The crate's modules each module refers to (`crate::x`, `crate::{x, y}`),
/// comments left out.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in files() {
        let entry = graph.entry(module.clone()).or_default();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            let mut rest = line;
            while let Some(i) = rest.find("crate::") {
                rest = &rest[i + "crate::".len()..];
                let names: Vec<&str> = if let Some(list) = rest.strip_prefix('{') {
                    list.split('}')
                        .next()
                        .unwrap_or("")
                        .split(',')
                        .map(|n| n.trim().split("::").next().unwrap_or(""))
                        .collect()
                } else {
                    vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or("")]
                };
                for n in names.into_iter().filter(|n| !n.is_empty() && *n != module) {
                    entry.insert(n.to_string());
                }
            }
        }
    }
    graph
}

#[test]
fn no_two_modules_import_each_other() {
    let graph = imports();
    // Depth-first search for a cycle, reporting its path.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        let cycle = visit(n, &graph, &mut Vec::new(), &mut done);
        assert!(cycle.is_none(), "import cycle: {}", cycle.unwrap_or_default().join(" → "));
    }
}

#[test]
fn stages_import_only_earlier_stages_and_leaves_import_none() {
    let graph = imports();
    for (module, uses) in &graph {
        if LEAVES.contains(&module.as_str()) {
            let stages: Vec<&String> = uses.iter().filter(|u| !LEAVES.contains(&u.as_str())).collect();
            assert!(stages.is_empty(), "leaf `{module}` imports {stages:?}");
        }
        let Some(pos) = ORDER.iter().position(|s| s == module) else {
            panic!("module `{module}` has no place in ORDER: add it where it belongs in the pipeline")
        };
        for u in uses {
            if let Some(upos) = ORDER.iter().position(|s| s == u) {
                assert!(upos < pos, "`{module}` imports `{u}`, which comes after it in the pipeline");
            }
        }
    }
    assert!(graph.contains_key("load") && graph.contains_key("parse"), "the scan found the stages: {graph:?}");
}

#[test]
fn no_source_file_is_over_600_lines_and_the_driver_is_thin() {
    for (_, path) in files() {
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        let limit = if path.to_string_lossy().contains("/src/site/") { 250 } else { 600 };
        assert!(lines <= limit, "{} has {lines} lines (at most {limit})", path.display());
    }
}
