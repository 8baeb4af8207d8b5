//! Translations beside their pages, as Hugo, Zola and mkdocs-static-i18n
//! name them (`guide.de.md` next to `guide.md`): with the site's other
//! languages known (`[site] languages`, or Hugo's and Zola's
//! `[languages]`), they are not pages of the site's own language (built as
//! pages, each was a stray `/guide.de/` in the site's navigation), and
//! each language's tree takes its own translations as its pages.

use std::path::{Path, PathBuf};

use crate::report::Diagnostic;

/// The site's language and the other languages its content is written in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Languages {
    /// The language of the tree being read.
    default: String,
    /// The site's own language, when the tree is a translation: its pages
    /// stand in for those the translation lacks.
    site: Option<String>,
    others: Vec<String>,
}

/// Where a document found in the walk belongs.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// A page of the site, at this content path.
    Page(String),
    /// A translation into this language.
    Translation(String),
    /// A page whose translation into the tree's language is beside it
    /// (`guide.md` when building German, with `guide.de.md`).
    Translated,
}

impl Languages {
    /// `default` is the tree's language (`[site] language`, or the
    /// translation being built), `site` the site's own, `others` the
    /// site's other languages.
    pub(super) fn new(default: &str, site: &str, others: &[String]) -> Languages {
        let key = |l: &str| l.to_ascii_lowercase().replace('_', "-");
        let default = key(default);
        let site = Some(key(site)).filter(|s| *s != default);
        let others = others
            .iter()
            .map(|l| key(l))
            .filter(|l| *l != default && Some(l) != site.as_ref() && !l.is_empty())
            .collect();
        Languages { default, site, others }
    }

    /// Where the document at content path `rel` (on disk at `abs`) belongs.
    /// A file marked with the tree's language (`guide.de.md` in German) is
    /// the page `guide.md`, and a file with no mark is the page unless the
    /// marked one is beside it; files marked with another language are
    /// translations.
    pub(super) fn place(&self, rel: String, abs: &Path) -> Place {
        if (self.others.is_empty() && self.site.is_none()) || !super::is_document(&rel) {
            return Place::Page(rel);
        }
        let name_at = rel.rfind('/').map_or(0, |i| i + 1);
        let Some(ext_at) = rel[name_at..].rfind('.').map(|i| name_at + i) else { return Place::Page(rel) };
        let lang_at = rel[name_at..ext_at].rfind('.').map(|i| name_at + i);
        let lang = lang_at.map(|at| rel[at + 1..ext_at].to_ascii_lowercase().replace('_', "-"));
        let (stem_end, page) = match (lang_at, lang) {
            (Some(_), Some(lang)) if self.others.contains(&lang) => return Place::Translation(lang),
            (Some(at), Some(lang)) if lang == self.default => {
                return Place::Page(format!("{}{}", &rel[..at], &rel[ext_at..]));
            }
            // The site's own page, in a translation's tree.
            (Some(at), Some(lang)) if Some(&lang) == self.site.as_ref() => {
                (at, format!("{}{}", &rel[..at], &rel[ext_at..]))
            }
            _ => (ext_at, rel.clone()),
        };
        // A page with no mark of the tree's language is one, unless the
        // tree's own translation of it is beside it.
        let marked = format!("{}.{}{}", &rel[name_at..stem_end], self.default, &rel[ext_at..]);
        match abs.with_file_name(marked).exists() {
            true => Place::Translated,
            false => Place::Page(page),
        }
    }
}

/// One warning per language for the translations left out of the site
/// (`left`: file as messages name it, language), at the first of them.
pub(super) fn notes(left: &[(PathBuf, String)], default: &str) -> Vec<Diagnostic> {
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
    use std::path::Path;

    #[test]
    fn translations_are_told_from_pages_by_the_languages_named() {
        let l = Languages::new("en", "en", &["de".into(), "pt_BR".into()]);
        let at = Path::new("/nowhere/x");
        assert_eq!(l.place("docs/guide.de.md".into(), at), Place::Translation("de".into()));
        assert_eq!(l.place("docs/_index.pt-br.md".into(), at), Place::Translation("pt-br".into()));
        assert_eq!(l.place("docs/guide.md".into(), at), Place::Page("docs/guide.md".into()));
        // Not a language of the site: a page with a dot in its name.
        assert_eq!(l.place("docs/v1.2.md".into(), at), Place::Page("docs/v1.2.md".into()));
        assert_eq!(l.place("img/logo.de.png".into(), at), Place::Page("img/logo.de.png".into()));
        // The site's own language: the page without the mark.
        assert_eq!(l.place("docs/about.en.md".into(), at), Place::Page("docs/about.md".into()));
        // The German tree: its translations are its pages, the others are not.
        let de = Languages::new("de", "en", &["de".into(), "pt-BR".into()]);
        assert_eq!(de.place("docs/guide.de.md".into(), at), Place::Page("docs/guide.md".into()));
        assert_eq!(de.place("docs/guide.pt-br.md".into(), at), Place::Translation("pt-br".into()));
        // The site's own pages stand in for translations it lacks.
        assert_eq!(de.place("docs/other.md".into(), at), Place::Page("docs/other.md".into()));
        assert_eq!(de.place("docs/other.en.md".into(), at), Place::Page("docs/other.md".into()));
        // With no other language, nothing is a translation.
        let one = Languages::new("en", "en", &[]);
        assert_eq!(one.place("docs/guide.de.md".into(), at), Place::Page("docs/guide.de.md".into()));
    }
}
