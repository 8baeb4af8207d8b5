//! Translations beside their pages, as Hugo, Zola and mkdocs-static-i18n
//! name them (`guide.de.md` next to `guide.md`): with the site's other
//! languages known (`[site] languages`, or Hugo's and Zola's
//! `[languages]`), they are not pages of the site's own language (built as
//! pages, each was a stray `/guide.de/` in the site's navigation), and
//! each language's tree takes its own translations as its pages.
//!
//! Decided once over the files the walk found, by their content paths:
//! whether a page has a translation beside it is a lookup in that list,
//! not a look at the disk for every document, and it holds however the
//! list was brought up to date (`serve` walks only what changed).

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::PathBuf;

use super::files::Found;
use crate::report::Diagnostic;
use crate::tree::language_key;

/// The tree's language, the site's, and the other languages its content
/// is written in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Languages {
    /// The language of the tree being read.
    default: String,
    /// The site's own language, when the tree is a translation: its pages
    /// stand in for those the translation lacks.
    site: Option<String>,
    others: Vec<String>,
    /// Whether leaving the other languages' files out is news (it is not
    /// when each is built as a tree of its own).
    note: bool,
}

/// Where a document found in the walk belongs.
#[derive(Debug, PartialEq, Eq)]
enum Place<'a> {
    /// A page of the site, at this content path.
    Page(Cow<'a, str>),
    /// A translation into this language.
    Translation(String),
    /// A page whose translation into the tree's language is beside it
    /// (`guide.md` when building German, with `guide.de.md`).
    Translated,
}

impl Languages {
    /// `tree` is the tree's language (`[site] language`, or the
    /// translation being built), `site` the site's own, `others` the
    /// site's other languages; `note`: say what is left out.
    pub(crate) fn new(tree: &str, site: &str, others: &[String], note: bool) -> Languages {
        let default = language_key(tree);
        let site = Some(language_key(site)).filter(|s| *s != default);
        let others = others
            .iter()
            .map(|l| language_key(l))
            .filter(|l| *l != default && Some(l) != site.as_ref() && !l.is_empty())
            .collect();
        Languages { default, site, others, note }
    }

    /// Whether the site is in one language (every document is a page).
    fn one(&self) -> bool {
        self.others.is_empty() && self.site.is_none()
    }

    /// Where the document at content path `rel` belongs, among the
    /// content paths `all` the walk found. A file marked with the tree's
    /// language (`guide.de.md` in German) is the page `guide.md`, and a
    /// file with no mark is the page unless the marked one is beside it;
    /// files marked with another language are translations.
    fn place<'a>(&self, rel: &'a str, all: &HashSet<&str>) -> Place<'a> {
        if self.one() || !super::is_document(rel) {
            return Place::Page(rel.into());
        }
        let name_at = rel.rfind('/').map_or(0, |i| i + 1);
        let Some(ext_at) = rel[name_at..].rfind('.').map(|i| name_at + i) else { return Place::Page(rel.into()) };
        let lang_at = rel[name_at..ext_at].rfind('.').map(|i| name_at + i);
        let lang = lang_at.map(|at| language_key(&rel[at + 1..ext_at]));
        let unmarked = |at: usize| Cow::Owned(format!("{}{}", &rel[..at], &rel[ext_at..]));
        let (stem_end, page) = match (lang_at, lang) {
            (Some(_), Some(lang)) if self.others.contains(&lang) => return Place::Translation(lang),
            (Some(at), Some(lang)) if lang == self.default => return Place::Page(unmarked(at)),
            // The site's own page, in a translation's tree.
            (Some(at), Some(lang)) if Some(&lang) == self.site.as_ref() => (at, unmarked(at)),
            _ => (ext_at, Cow::Borrowed(rel)),
        };
        // A page with no mark of the tree's language is one, unless the
        // tree's own translation of it is beside it.
        let marked = format!("{}.{}{}", &rel[..stem_end], self.default, &rel[ext_at..]);
        match all.contains(marked.as_str()) {
            true => Place::Translated,
            false => Place::Page(page),
        }
    }
}

/// The files of `found` that are pages of the tree, each at its content
/// path, and (when the languages say so) one warning per language for
/// the translations left out, at the first of them. `None`: every file
/// is a page where the walk found it.
pub(super) fn pages_of(found: &[Found], languages: &Languages) -> Option<(Vec<Found>, Vec<Diagnostic>)> {
    if languages.one() {
        return None;
    }
    let all: HashSet<&str> = found.iter().map(|f| f.src.rel()).collect();
    let mut pages = Vec::with_capacity(found.len());
    let mut left: Vec<(PathBuf, String)> = Vec::new();
    for f in found {
        match languages.place(f.src.rel(), &all) {
            Place::Page(Cow::Borrowed(_)) => pages.push(f.clone()),
            Place::Page(Cow::Owned(rel)) => {
                let (file, abs) = (f.src.file().to_path_buf(), f.src.abs().to_path_buf());
                pages.push(Found { src: super::SourcePath::new(rel, file, abs, f.src.origin()), at: f.at.clone() });
            }
            Place::Translation(lang) => left.push((f.src.file().to_path_buf(), lang)),
            Place::Translated => {}
        }
    }
    let notes = if languages.note { notes(&left, &languages.default) } else { Vec::new() };
    Some((pages, notes))
}

/// One warning per language for the translations left out of the site
/// (`left`: file as messages name it, language), at the first of them.
fn notes(left: &[(PathBuf, String)], default: &str) -> Vec<Diagnostic> {
    let mut langs: Vec<&str> = left.iter().map(|(_, l)| l.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    langs
        .into_iter()
        .filter_map(|lang| {
            let mut files = left.iter().filter(|(_, l)| l == lang).map(|(f, _)| f);
            let first = files.next()?;
            let more = match files.count() {
                0 => String::new(),
                1 => ", with 1 more".to_string(),
                n => format!(", with {n} more"),
            };
            let message = format!("translation into `{lang}` left out{more}: this reads the site in `{default}` alone");
            let hint = format!("`opsite build` writes each language's tree, this one under `{lang}/`; `serve`, `check` and versions read the site's own language");
            Some(Diagnostic::new(first, 0, 0, message).hint(Some(hint)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Languages, Place};
    use std::collections::HashSet;

    #[test]
    fn translations_are_told_from_pages_by_the_languages_named() {
        let l = Languages::new("en", "en", &["de".into(), "pt_BR".into()], true);
        let none = HashSet::new();
        let page = |rel: &str| Place::Page(rel.to_string().into());
        assert_eq!(l.place("docs/guide.de.md", &none), Place::Translation("de".into()));
        assert_eq!(l.place("docs/_index.pt-br.md", &none), Place::Translation("pt-br".into()));
        assert_eq!(l.place("docs/guide.md", &none), page("docs/guide.md"));
        // Not a language of the site: a page with a dot in its name.
        assert_eq!(l.place("docs/v1.2.md", &none), page("docs/v1.2.md"));
        assert_eq!(l.place("img/logo.de.png", &none), page("img/logo.de.png"));
        // The site's own language: the page without the mark.
        assert_eq!(l.place("docs/about.en.md", &none), page("docs/about.md"));
        // The German tree: its translations are its pages, the others are not.
        let de = Languages::new("de", "en", &["de".into(), "pt-BR".into()], false);
        assert_eq!(de.place("docs/guide.de.md", &none), page("docs/guide.md"));
        assert_eq!(de.place("docs/guide.pt-br.md", &none), Place::Translation("pt-br".into()));
        // The site's own pages stand in for translations it lacks.
        assert_eq!(de.place("docs/other.md", &none), page("docs/other.md"));
        assert_eq!(de.place("docs/other.en.md", &none), page("docs/other.md"));
        // ... and not for one it has.
        let found = HashSet::from(["docs/guide.de.md"]);
        assert_eq!(de.place("docs/guide.md", &found), Place::Translated);
        // With no other language, nothing is a translation.
        let one = Languages::new("en", "en", &[], true);
        assert_eq!(one.place("docs/guide.de.md", &none), page("docs/guide.de.md"));
    }
}
