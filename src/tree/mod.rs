//! A tree: what one set of pages is built as. Its URL prefix, its
//! language (`<html lang>`, the search stemmer, the chrome's words) and
//! its version. A site is one tree; with `[versions]` each ref is one,
//! built on its own; a site in several languages would be one per
//! language. Render and search read these from here, so a new kind of
//! tree changes what is put in one value, not every stage.

mod strings;

pub use strings::Strings;

/// What one tree of pages is built as.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tree {
    /// URL path every page is under, with leading and trailing `/`
    /// (`/`, `/repo/`, `/repo/v1.2/`).
    pub prefix: String,
    /// The base URL the prefix is the path of (`https://example.org/repo/`).
    pub base_url: String,
    /// BCP 47 tag (`en`, `pt-BR`).
    pub language: String,
    /// The version's name, when the site is built as versions.
    pub version: Option<String>,
    /// The chrome's words in `language`.
    pub strings: Strings,
    /// Every language the site is built in, its own first (empty when it
    /// has one): the home of each tree.
    pub languages: Vec<LanguageLink>,
}

/// A language the site is built in, and the home page of its tree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LanguageLink {
    /// BCP 47 tag.
    pub language: String,
    /// Its home page's path (`/`, `/de/`).
    pub url: String,
    /// Whether it is the tree being built.
    pub current: bool,
    /// The path of each page of its tree (`guide/install/`), once every
    /// tree is loaded (`opsite build`); empty before, and then a page
    /// links the tree's home.
    #[serde(skip)]
    pub pages: std::sync::Arc<std::collections::HashSet<String>>,
}

/// One language's link on a page: the same page in its tree, else its home.
#[derive(Debug, serde::Serialize)]
pub struct PageLanguage {
    /// BCP 47 tag.
    pub language: String,
    /// The page in that language, or that language's home page.
    pub url: String,
    /// Whether it is the tree being built.
    pub current: bool,
    /// Whether `url` is the same page, not the home page.
    pub same_page: bool,
}

impl Tree {
    /// The Snowball stemmer for the tree's language, by its primary
    /// subtag; `None` keeps words whole (a language Snowball has none for).
    pub fn stemmer(&self) -> Option<rust_stemmers::Algorithm> {
        stemmer_for(&self.language)
    }
}

/// The URL of the page at `path` in the tree whose home is `home`, when
/// that tree `has` such a page, else that home; and which of the two it
/// is. (A version's switcher and a language's link both ask this.)
pub fn url_in(home: &str, has: bool, path: &str) -> (String, bool) {
    match has {
        true => (format!("{home}{}", crate::util::url::encode_path(path)), true),
        false => (home.to_string(), false),
    }
}

/// The links to each of `languages` on the page at `path`. A translation
/// that sets its own `slug` has another path: its language's home is
/// linked, never an address that is not there.
pub fn languages_of(languages: &[LanguageLink], path: &str) -> Vec<PageLanguage> {
    languages
        .iter()
        .map(|l| {
            let (url, same_page) = url_in(&l.url, l.current || l.pages.contains(path), path);
            PageLanguage { language: l.language.clone(), url, current: l.current, same_page }
        })
        .collect()
}

/// A language tag as files are matched against it: lower case, `-`
/// between subtags (`pt_BR` → `pt-br`).
pub fn language_key(tag: &str) -> String {
    tag.to_ascii_lowercase().replace('_', "-")
}

/// The primary subtag of a BCP 47 tag, lower case (`pt` for `pt-BR`).
pub fn primary_subtag(language: &str) -> String {
    language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
}

fn stemmer_for(language: &str) -> Option<rust_stemmers::Algorithm> {
    use rust_stemmers::Algorithm::*;
    Some(match primary_subtag(language).as_str() {
        "ar" => Arabic,
        "da" => Danish,
        "de" => German,
        "el" => Greek,
        "en" => English,
        "es" => Spanish,
        "fi" => Finnish,
        "fr" => French,
        "hu" => Hungarian,
        "it" => Italian,
        "nl" => Dutch,
        "no" | "nb" | "nn" => Norwegian,
        "pt" => Portuguese,
        "ro" => Romanian,
        "ru" => Russian,
        "sv" => Swedish,
        "ta" => Tamil,
        "tr" => Turkish,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::stemmer_for;

    #[test]
    fn the_stemmer_follows_the_language_tag() {
        assert_eq!(stemmer_for("pt-BR"), Some(rust_stemmers::Algorithm::Portuguese));
        assert_eq!(stemmer_for("DE"), Some(rust_stemmers::Algorithm::German));
        assert_eq!(stemmer_for("ja"), None);
    }
}
