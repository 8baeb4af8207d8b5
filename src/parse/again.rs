//! Parsing again after the set of documents changed (`opsite serve`): a
//! document whose text is unchanged keeps its parse when every link in it
//! still resolves to the same place; only the others are parsed again.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{Link, LinkTarget, ParseContext, Parsed, ParsedDoc, markdown, order::Order};
use crate::load::{DocId, DocKind, Loaded};
use crate::util::ids::{IdVec, Idx};
use crate::util::str_key;

/// The parse of a previous load, by source path, for [`parse_again`].
///
/// Source paths and URLs are kept as hashes, not copies (10,000 strings
/// per reload): a false match would also need equal text digests, and
/// every link is resolved again before a parse is kept.
pub struct Previous {
    kept: Vec<Option<Kept>>,
    by_source: HashMap<u64, usize, rustc_hash::FxBuildHasher>,
}

struct Kept {
    digest: u64,
    /// Hash of the URL path.
    path: u64,
    section: bool,
    origin: Option<usize>,
    parsed: ParsedDoc,
}

impl Parsed {
    /// Takes the parse apart for [`parse_again`]; `loaded` is the load it
    /// was made from.
    pub fn into_previous(self, loaded: &Loaded) -> Previous {
        let by_source =
            loaded.docs().filter(|(_, d)| d.has_file).map(|(i, d)| (str_key(d.src.rel()), i.index())).collect();
        let kept = loaded
            .docs()
            .zip(self.docs.into_vec())
            .map(|((_, d), parsed)| {
                d.has_file.then(|| Kept {
                    digest: d.digest,
                    path: str_key(&d.path),
                    section: matches!(d.kind, DocKind::Section(_)),
                    origin: d.src.origin(),
                    parsed,
                })
            })
            .collect();
        Previous { kept, by_source }
    }
}

/// Parses `loaded`, keeping from `previous` every document whose text,
/// URL and kind are the same and whose links all resolve as before.
/// Returns the parse and the documents that were parsed again.
pub fn parse_again(loaded: &Loaded, ctx: &ParseContext, previous: Previous) -> (Parsed, Vec<DocId>) {
    let Previous { mut kept, by_source } = previous;
    let candidates: Vec<Option<Kept>> = loaded
        .docs()
        .map(|(_, d)| {
            let k = by_source.get(&str_key(d.src.rel())).and_then(|&i| kept[i].take());
            k.filter(|k| {
                d.has_file
                    && k.digest == d.digest
                    && k.path == str_key(&d.path)
                    && k.origin == d.src.origin()
                    && k.section == matches!(d.kind, DocKind::Section(_))
            })
        })
        .collect();
    let docs: Vec<(ParsedDoc, bool)> = candidates
        .into_par_iter()
        .enumerate()
        .map(|(i, kept)| {
            let id = crate::util::ids::Idx::from_index(i);
            match kept {
                Some(mut k) => {
                    if relink(ctx, id, &mut k.parsed.links) {
                        (k.parsed, false)
                    } else {
                        (markdown::parse(ctx, loaded, id), true)
                    }
                }
                None => (markdown::parse(ctx, loaded, id), true),
            }
        })
        .collect();
    let reparsed = docs.iter().enumerate().filter(|(_, (_, again))| *again).map(|(i, _)| from_index(i)).collect();
    let docs = IdVec::from_vec(docs.into_iter().map(|(p, _)| p).collect());
    let order = Order::new(loaded, &docs);
    (Parsed { docs, order }, reparsed)
}

fn from_index(i: usize) -> DocId {
    crate::util::ids::Idx::from_index(i)
}

/// Resolves every link of document `id` again; true when each leads where
/// it did (its targets then name the new document ids).
fn relink(ctx: &ParseContext, id: DocId, links: &mut [Link]) -> bool {
    links.iter_mut().all(|l| match (ctx.resolver.resolve(id, &l.written), &l.target) {
        (Ok(Some(r)), LinkTarget::Site(_)) if l.href.as_deref() == Some(r.href.as_str()) => {
            l.target = LinkTarget::Site(r.anchor);
            true
        }
        (Err((message, hint)), LinkTarget::Broken { message: m, hint: h }) => message == *m && hint == *h,
        _ => false,
    })
}
