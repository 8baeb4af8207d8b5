//! Translations beside their pages, as Hugo, Zola and mkdocs-static-i18n
//! name them (`guide.de.md` next to `guide.md`): with the site's other
//! languages known (`[site] languages`, or Hugo's and Zola's
//! `[languages]`), they are not pages of the site's own language. Built
//! as pages, each was a stray `/guide.de/` in the site's navigation.

use std::path::{Path, PathBuf};

use crate::report::Diagnostic;

/// The site's language and the other languages its content is written in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Languages {
    default: String,
    others: Vec<String>,
}

/// Where a document found in the walk belongs.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Place {
    /// A page of the site, at this content path.
    Page(String),
    /// A translation into this language.
    Translation(String),
}

impl Languages {
    /// `default` is `[site] language`; `others` the other languages.
    pub(super) fn new(default: &str, others: &[String]) -> Languages {
        let key = |l: &str| l.to_ascii_lowercase().replace('_', "-");
        let default = key(default);
        let others = others.iter().map(|l| key(l)).filter(|l| *l != default && !l.is_empty()).collect();
        Languages { default, others }
    }

    /// Where the document at content path `rel` (on disk at `abs`) belongs.
    /// A file marked with the site's own language (`guide.en.md`) is the
    /// page `guide.md`, unless that file exists too.
    pub(super) fn place(&self, rel: String, abs: &Path) -> Place {
        if self.others.is_empty() || !super::is_document(&rel) {
            return Place::Page(rel);
        }
        let name_at = rel.rfind('/').map_or(0, |i| i + 1);
        let Some(ext_at) = rel[name_at..].rfind('.').map(|i| name_at + i) else { return Place::Page(rel) };
        let Some(lang_at) = rel[name_at..ext_at].rfind('.').map(|i| name_at + i) else { return Place::Page(rel) };
        let lang = rel[lang_at + 1..ext_at].to_ascii_lowercase().replace('_', "-");
        if self.others.contains(&lang) {
            return Place::Translation(lang);
        }
        if lang != self.default {
            return Place::Page(rel);
        }
        let plain = format!("{}{}", &rel[..lang_at], &rel[ext_at..]);
        let sibling = abs.with_file_name(&plain[name_at..]);
        match sibling.exists() {
            true => Place::Translation(lang),
            false => Place::Page(plain),
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
            let message = format!("translation into `{lang}` left out{more}: the site is built in `{default}`");
            let hint = "opsite builds one language per site for now; a translated page is not a page of its own";
            Some(Diagnostic::new(first, 0, 0, message).hint(Some(hint.into())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Languages, Place};
    use std::path::Path;

    #[test]
    fn translations_are_told_from_pages_by_the_languages_named() {
        let l = Languages::new("en", &["de".into(), "pt_BR".into()]);
        let at = Path::new("/nowhere/x");
        assert_eq!(l.place("docs/guide.de.md".into(), at), Place::Translation("de".into()));
        assert_eq!(l.place("docs/_index.pt-br.md".into(), at), Place::Translation("pt-br".into()));
        assert_eq!(l.place("docs/guide.md".into(), at), Place::Page("docs/guide.md".into()));
        // Not a language of the site: a page with a dot in its name.
        assert_eq!(l.place("docs/v1.2.md".into(), at), Place::Page("docs/v1.2.md".into()));
        assert_eq!(l.place("img/logo.de.png".into(), at), Place::Page("img/logo.de.png".into()));
        // The site's own language: the page without the mark.
        assert_eq!(l.place("docs/about.en.md".into(), at), Place::Page("docs/about.md".into()));
        // With no other language, nothing is a translation.
        let one = Languages::new("en", &[]);
        assert_eq!(one.place("docs/guide.de.md".into(), at), Place::Page("docs/guide.de.md".into()));
    }
}
