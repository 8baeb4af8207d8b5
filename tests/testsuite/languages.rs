//! A site's language: its tree's `<html lang>`, search stemmer and the
//! chrome's words from the theme's `strings.<language>.toml`.

use crate::serve::Served;
use crate::support::{BOOK, Site};

/// A site in Austrian German with words for German, for its own tag,
/// and for French (which must not apply).
fn german() -> Site {
    Site::new()
        .file("book.toml", &format!("{BOOK}language = \"de-AT\"\n"))
        .file("content/docs/_index.md", "---\ntitle: Handbuch\n---\nAlles.\n")
        .file(
            "content/docs/betrieb.md",
            "---\ntitle: Betrieb\ntags: [sre]\n---\nDie Häusern brennen nicht.\n\n## Erste Schritte\n\nText.\n\n## Danach\n\nMehr.\n",
        )
        .file("content/docs/andere.md", "---\ntitle: Andere\n---\nNichts.\n")
        .file("themes/default/strings.de.toml", "on_this_page = \"Auf dieser Seite\"\ntags = \"Schlagwörter\"\nmenu = \"Inhalt\"\n")
        .file("themes/default/strings.de-AT.toml", "menu = \"Menü\"\n")
        .file("themes/default/strings.fr.toml", "on_this_page = \"Sur cette page\"\n")
}

#[test]
fn a_site_in_a_language_takes_the_chrome_words_of_its_language_and_tag() {
    let site = german();
    let r = site.build_ok(&[]);
    let page = site.html("docs/betrieb/index.html");
    assert_eq!(page.attr("html", "lang"), "de-AT", "{}", r.err());
    // The language's file over the default words; the tag's over both.
    assert_eq!(page.text("#toc-heading"), "Auf dieser Seite");
    assert_eq!(page.text(".sidebar summary"), "Menü");
    // A key no file of the language has keeps the default theme's word.
    assert_eq!(page.text(".skip-link"), "Skip to content");
    // Pages opsite makes take their titles from the same words.
    assert_eq!(site.html("tags/index.html").text("h1"), "Schlagwörter");
}

#[test]
fn a_site_in_german_is_searched_with_the_german_stemmer() {
    let site = german();
    site.build_ok(&[]);
    // Snowball's German stemmer takes "Häusern" and "Haus" to one stem;
    // the English one does not.
    let answers = crate::search::query(&site, &["Haus"]);
    let titles: Vec<&str> = answers[0].results.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["Betrieb"]);
}

#[test]
fn a_change_to_the_themes_words_re_renders_every_page_in_serve() {
    // Regression: `themes/<theme>/strings.toml` was not watched at all.
    let site = german();
    let s = Served::start(&site, &[]);
    assert_eq!(s.get("/docs/betrieb/").html().text("#toc-heading"), "Auf dieser Seite");
    let events = s.events();
    site.write("themes/default/strings.de.toml", "on_this_page = \"Inhalt dieser Seite\"\n");
    events.expect("reload");
    assert_eq!(s.get("/docs/betrieb/").html().text("#toc-heading"), "Inhalt dieser Seite");
    assert_eq!(s.get("/docs/andere/").html().text(".sidebar summary"), "Menü");
}
