//! The search index, written from the parsed documents during the build (no
//! second parse of the HTML). The browser fetches only what a query needs:
//!
//! - `search/t/<hex of a two-letter prefix>.js`: the words starting with
//!   that prefix, each mapped to its English stem, and every such stem's
//!   postings (document number and weight);
//! - `search/shards.js`: the prefixes that have a shard, asked for first,
//!   so no query requests a file that was not written;
//! - `search/d/<n>.js`: [`CHUNK`] documents' records (title, URL, section,
//!   headings and the start of each section's text), for the results shown.
//!
//! Every file is a script calling `opsiteSearch.shard(…)` or
//! `opsiteSearch.docs(…)`, so it loads from `file://` too, where `fetch`
//! cannot. Stems make "configured" find "configuration"; the words map
//! lets the browser find stems without a stemmer of its own.

mod tokens;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::check::Checked;
use crate::load::{DocId, Loaded};
use crate::parse::Parsed;

use tokens::{shard_key, words};

/// Documents per record file.
pub(crate) const CHUNK: usize = 8;
/// Postings kept per stem (the heaviest): a word on every page of a
/// 100,000-page site still costs a few kilobytes to fetch.
pub(crate) const MAX_POSTINGS: usize = 4096;
/// Documents whose words are read before they join the index, in parts
/// of [`WORDS_PART`] read side by side.
const WORDS_RUN: usize = 16 * WORDS_PART;
const WORDS_PART: usize = 512;
/// Characters of each section's text kept for snippets.
const EXCERPT: usize = 240;

/// Field weights: a word in the title outranks one in a heading, which
/// outranks one in the body.
const TITLE: u32 = 16;
const HEADING: u32 = 6;
const BODY: u32 = 1;
/// Weights are stored in one character (0–63).
const MAX_WEIGHT: u32 = 63;

/// Where the index's files go as they are made: (path under the output,
/// bytes). The record files are most of the index, so none is kept once
/// it is handed on.
pub(crate) type Emit<'a> = dyn Fn(String, Vec<u8>) -> anyhow::Result<()> + Sync + 'a;

/// A result's record.
#[derive(Serialize)]
struct Record<'a> {
    /// Title.
    t: &'a str,
    /// URL.
    u: String,
    /// Section breadcrumb.
    s: String,
    /// Headings: id, text, start of their text.
    h: Vec<(&'a str, &'a str, String)>,
    /// Start of the text before the first heading.
    x: String,
}

/// Builds the index of every document not marked `search: false` (itself
/// or a section above it) and not a redirect.
pub(crate) fn build(
    loaded: &Loaded,
    parsed: &Parsed,
    checked: &Checked,
    tree: &crate::tree::Tree,
    emit: &Emit,
) -> anyhow::Result<()> {
    let base_path = tree.prefix.as_str();
    let clock = crate::util::timing::Stopwatch::start();
    let docs: Vec<DocId> = loaded.docs().map(|(id, _)| id).filter(|&id| loaded.searchable(id)).collect();
    // Word → (document number, weight). Runs of documents are read side by
    // side, and their lists are added to one map in order here. Merging
    // the threads' maps instead handed large lists from thread to thread,
    // which mimalloc held on to: at 100,000 pages this step grew resident
    // memory by 115 MB that way, and by 50 MB now.
    let mut by_word: Fx<String, Vec<(u32, u32)>> = Fx::default();
    for (r, run) in docs.chunks(WORDS_RUN).enumerate() {
        let parts: Vec<Fx<String, Vec<(u32, u32)>>> = run
            .par_chunks(WORDS_PART)
            .enumerate()
            .map(|(c, part)| {
                let first = r * WORDS_RUN + c * WORDS_PART;
                let mut acc = Fx::<String, Vec<(u32, u32)>>::default();
                for (i, &id) in part.iter().enumerate() {
                    let n = (first + i) as u32;
                    for (word, weight) in doc_words(loaded, parsed, checked, id) {
                        acc.entry(word).or_default().push((n, weight));
                    }
                }
                acc
            })
            .collect();
        for part in parts {
            for (word, list) in part {
                match by_word.get_mut(word.as_str()) {
                    Some(all) => all.extend_from_slice(&list),
                    None => {
                        by_word.insert(word, list);
                    }
                }
            }
        }
    }
    clock.lap("search: words");
    // Word → stem, once per distinct word, in the site's language (a
    // language Snowball has no stemmer for keeps its words whole).
    let stemmer = tree.stemmer().map(rust_stemmers::Stemmer::create);
    let stems: Vec<(&str, String)> = by_word
        .par_iter()
        .map(|(w, _)| {
            let stem = match &stemmer {
                Some(s) if !w.chars().next().is_some_and(tokens::is_cjk) => s.stem(w).into_owned(),
                _ => w.clone(),
            };
            (w.as_str(), stem)
        })
        .collect();
    clock.lap("search: stems");
    // Stem → postings: a document with several forms of a word counts its
    // heaviest. Each stem's list is put together as it is encoded, not all
    // of them first (a second copy of every posting).
    let mut forms: Fx<&str, Vec<&str>> = Fx::default();
    for (word, stem) in &stems {
        forms.entry(stem.as_str()).or_default().push(word);
    }
    let encoded: Fx<&str, String> = forms
        .into_par_iter()
        .map(|(stem, words)| {
            let mut list: Vec<(u32, u32)> = words.iter().flat_map(|w| by_word[*w].iter().copied()).collect();
            list.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            list.dedup_by_key(|p| p.0);
            (stem, encode(list))
        })
        .collect();
    clock.lap("search: postings");
    // Shards: the words under a prefix, and their stems' postings.
    // Per shard: word → stem, and stem → postings.
    type Shard<'a> = (BTreeMap<&'a str, &'a str>, BTreeMap<&'a str, &'a str>);
    let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
    for (word, stem) in &stems {
        let stem = stem.as_str();
        let shard = shards.entry(shard_key(word)).or_default();
        shard.0.insert(word, stem);
        shard.1.insert(stem, encoded[stem].as_str());
    }
    shards.par_iter().try_for_each(|(key, (w, s))| {
        let body = serde_json::json!({"w": w, "s": s});
        let key_js = serde_json::to_string(key).unwrap_or_default();
        emit(format!("search/t/{}.js", crate::util::text::hex(key)), script("shard", &key_js, &body.to_string()))
    })?;
    // The list of shards, so the browser asks only for those that exist.
    let keys: Vec<&str> = shards.keys().map(String::as_str).collect();
    let list = safe_json(&serde_json::json!(keys).to_string());
    emit("search/shards.js".into(), format!("opsiteSearch.shards({list});\n").into_bytes())?;
    clock.lap("search: shards");
    docs.par_chunks(CHUNK).enumerate().try_for_each(|(n, chunk)| {
        let records: Vec<Record> = chunk.iter().map(|&id| record(loaded, parsed, id, base_path)).collect();
        let json = serde_json::to_string(&records).unwrap_or_else(|_| "[]".into());
        emit(format!("search/d/{n}.js"), script("docs", &n.to_string(), &json))
    })?;
    clock.lap("search: records");
    Ok(())
}

type Fx<K, V> = HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A document's distinct words, each with its weight summed over fields.
fn doc_words(loaded: &Loaded, parsed: &Parsed, checked: &Checked, id: DocId) -> Fx<String, u32> {
    let p = parsed.doc(id);
    let mut w: Fx<String, u32> = Fx::default();
    let mut add = |text: &str, weight: u32| {
        words(text, |word| match w.get_mut(word) {
            Some(v) => *v += weight,
            None => {
                w.insert(word.to_string(), weight);
            }
        })
    };
    // A word in a short title says more about the page than one in a long title.
    let mut n = 0;
    words(&p.title, |_| n += 1);
    add(&p.title, TITLE + 8 / n.max(1));
    // Alert names and old URLs are found as words of their own.
    for a in checked.alerts(id) {
        add(&a.name, TITLE);
    }
    for alias in &loaded.doc(id).front.aliases {
        add(alias, HEADING);
    }
    for h in p.headings.iter().filter(|h| h.text != p.title) {
        add(&h.text, HEADING);
    }
    for t in p.text.sections() {
        add(t, BODY);
    }
    w
}

fn record<'a>(loaded: &'a Loaded, parsed: &'a Parsed, id: DocId, base_path: &str) -> Record<'a> {
    let p = parsed.doc(id);
    let crumbs: Vec<&str> = loaded
        .section_chain(id)
        .into_iter()
        .skip(1)
        .map(|s| parsed.doc(loaded.section(s).doc).title.as_str())
        .collect();
    let excerpt = |i: usize| p.text.get(i).map(|t| cut(t, EXCERPT)).unwrap_or_default();
    Record {
        t: &p.title,
        u: format!("{base_path}{}", crate::util::url::encode_path(&loaded.doc(id).path)),
        s: crumbs.join(" › "),
        h: p.headings
            .iter()
            .enumerate()
            .filter(|(_, h)| h.level > 1)
            .map(|(i, h)| (h.id.as_str(), h.text.as_str(), excerpt(i + 1)))
            .collect(),
        x: excerpt(0),
    }
}

/// The first `max` characters of `s`, at a word boundary.
fn cut(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => {
            let head = &s[..i];
            format!("{}…", head.rfind(' ').map_or(head, |j| &head[..j]))
        }
    }
}

/// `opsiteSearch.<call>(<key>, <data>);`
fn script(call: &str, key: &str, data: &str) -> Vec<u8> {
    format!("opsiteSearch.{call}({key},{});\n", safe_json(data)).into_bytes()
}

/// JSON inside a script: `</script>` and U+2028/9 must not end it early.
fn safe_json(data: &str) -> String {
    data.replace("</", "<\\/").replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029")
}

/// The 64 characters postings are written in.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Postings as text: the [`MAX_POSTINGS`] heaviest, in document order, each
/// the gap from the previous document (five bits per character, the sixth
/// says another follows) and one weight character.
pub(crate) fn encode(mut list: Vec<(u32, u32)>) -> String {
    if list.len() > MAX_POSTINGS {
        list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_POSTINGS);
    }
    list.sort_unstable_by_key(|p| p.0);
    let mut out = String::with_capacity(list.len() * 2);
    let mut prev = 0;
    for (doc, weight) in list {
        let mut gap = doc - prev;
        prev = doc;
        while gap >= 32 {
            out.push(DIGITS[32 + (gap & 31) as usize] as char);
            gap >>= 5;
        }
        out.push(DIGITS[gap as usize] as char);
        out.push(DIGITS[weight.min(MAX_WEIGHT) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The inverse of [`encode`], as the browser's search.js reads it.
    fn decode(s: &str) -> Vec<(u32, u32)> {
        let value = |c: u8| DIGITS.iter().position(|d| *d == c).unwrap_or(0) as u32;
        let mut out = Vec::new();
        let (mut doc, mut gap, mut shift) = (0u32, 0u32, 0u32);
        let mut bytes = s.bytes();
        while let Some(c) = bytes.next() {
            let v = value(c);
            if v >= 32 {
                gap |= (v - 32) << shift;
                shift += 5;
                continue;
            }
            doc += gap | (v << shift);
            let weight = bytes.next().map(value).unwrap_or(0);
            out.push((doc, weight));
            (gap, shift) = (0, 0);
        }
        out
    }

    #[test]
    fn postings_round_trip() {
        let list = vec![(0, 16), (1, 1), (40, 63), (5000, 6), (70_000, 2)];
        assert_eq!(decode(&encode(list.clone())), list);
    }

    #[test]
    fn postings_keep_the_heaviest() {
        let list: Vec<(u32, u32)> =
            (0..MAX_POSTINGS as u32 + 10).map(|d| (d, if d % 2 == 0 { 1 } else { 6 })).collect();
        let kept = decode(&encode(list));
        assert_eq!(kept.len(), MAX_POSTINGS);
        assert!(kept.iter().filter(|p| p.1 == 6).count() == (MAX_POSTINGS + 10) / 2);
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(cut("one two three", 9), "one two…");
        assert_eq!(cut("short", 9), "short");
    }

    #[test]
    fn stems_join_forms_of_a_word() {
        let s = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        assert_eq!(s.stem("configured"), s.stem("configuration"));
        assert_eq!(s.stem("restarting"), s.stem("restarts"));
    }
}
