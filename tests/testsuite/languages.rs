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

/// A Hugo project in two languages, translations beside their pages.
fn hugo_in_two_languages() -> Site {
    Site::empty()
        .file(
            "hugo.toml",
            "baseURL = \"https://example.org/\"\ntitle = \"Two\"\ndefaultContentLanguage = \"en\"\n[languages.en]\nweight = 1\n[languages.de]\nweight = 2\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file("content/_index.de.md", "---\ntitle: Startseite\n---\nWillkommen.\n")
        .file("content/docs/_index.md", "---\ntitle: Docs\n---\n")
        .file("content/docs/_index.de.md", "---\ntitle: Dokumente\n---\n")
        .file("content/docs/guide.md", "---\ntitle: Guide\n---\nSee [the other](other.md).\n")
        .file("content/docs/guide.de.md", "---\ntitle: Anleitung\n---\nSiehe [die andere](other.md).\n")
        .file("content/docs/other.en.md", "---\ntitle: Other\n---\nO.\n")
}

#[test]
fn each_language_is_a_tree_of_its_own_and_translations_are_not_pages_of_another() {
    // Regression: `guide.de.md` was a page at /docs/guide.de/, listed in
    // the sidebar beside the guide, and `_index.de.md` vanished silently.
    let site = hugo_in_two_languages();
    let r = site.build_ok(&[]);
    assert!(!r.err().contains("translation"), "{}", r.err());
    assert!(!site.out("docs/guide.de").exists() && !site.out("de/docs/guide.de").exists());
    let guide = site.html("docs/guide/index.html");
    assert_eq!(guide.text("h1"), "Guide");
    assert!(!guide.texts(".sidebar a").iter().any(|t| t == "Anleitung"), "{:?}", guide.texts(".sidebar a"));
    // The page marked with the site's own language is the page itself.
    assert_eq!(guide.attr("article a", "href"), "/docs/other/");
    assert_eq!(site.html("docs/other/index.html").text("h1"), "Other");
    assert_eq!(site.html("index.html").attr("html", "lang"), "en");
    // The German tree: its translations, else the page in English; its
    // links stay in it.
    let de = site.html("de/docs/guide/index.html");
    assert_eq!(de.attr("html", "lang"), "de");
    assert_eq!(de.text("h1"), "Anleitung");
    assert_eq!(de.attr("article a", "href"), "/de/docs/other/");
    assert_eq!(site.html("de/docs/other/index.html").text("h1"), "Other");
    assert_eq!(site.html("de/index.html").text("h1"), "Startseite");
    assert!(site.read("de/sitemap.xml").contains("<loc>https://example.org/de/docs/guide/</loc>"));
    // The root's robots.txt names each language's sitemap; the German
    // tree has none of its own (no crawler reads one in a folder).
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml\nSitemap: https://example.org/de/sitemap.xml\n")
    );
    assert!(!site.out("de/robots.txt").exists());
    // The theme's scripts get the tree's words, and its search, from its
    // own site script.
    assert!(de.attr("script[src*=opsite-site]", "src").starts_with("/de/opsite-site.js?v="));
    assert!(site.read("de/opsite-site.js").contains(r#""search":"/de/search/""#));
    // Every page links itself in each language, its own marked.
    assert_eq!(de.attrs(".languages a", "href"), ["/docs/guide/", "/de/docs/guide/"]);
    assert_eq!(de.attr(".languages a[aria-current]", "hreflang"), "de");
    assert_eq!(guide.attr(".languages a[aria-current]", "hreflang"), "en");
    // `check` reads the site's own language, and says what it left out.
    let c = site.run(&["check"]);
    assert!(
        c.stdout.contains("warning: content/_index.de.md: translation into `de` left out, with 2 more: this reads the site in `en` alone"),
        "{}",
        c.stdout
    );
}

#[test]
fn a_language_link_is_the_same_page_where_the_other_tree_has_it_and_its_home_where_not() {
    let site = hugo_in_two_languages()
        .file("content/docs/nur.de.md", "---\ntitle: Nur auf Deutsch\n---\nN.\n")
        .file("content/docs/setup.md", "---\ntitle: Setup\n---\nS.\n")
        .file("content/docs/setup.de.md", "---\ntitle: Einrichtung\nslug: einrichtung\n---\nE.\n");
    site.build_ok(&[]);
    let links = |page: &str| site.html(page).attrs(".languages a", "href");
    assert_eq!(links("docs/other/index.html"), ["/docs/other/", "/de/docs/other/"], "stood in for in German");
    assert_eq!(links("de/docs/other/index.html"), ["/docs/other/", "/de/docs/other/"]);
    assert_eq!(links("index.html"), ["/", "/de/"]);
    // Only in German: English has no such page, so its home.
    assert_eq!(links("de/docs/nur/index.html"), ["/", "/de/docs/nur/"]);
    // A translation at an address of its own: the other language's home,
    // never an address that is not there.
    assert_eq!(links("docs/setup/index.html"), ["/docs/setup/", "/de/"]);
    assert_eq!(links("de/docs/einrichtung/index.html"), ["/", "/de/docs/einrichtung/"]);
    let page = site.html("de/docs/nur/index.html");
    assert_eq!(page.attr(".languages a[aria-current]", "aria-current"), "page");
    assert_eq!(page.attr(".languages a[aria-current]", "hreflang"), "de");
}

#[test]
fn a_site_names_its_other_languages_in_book_toml() {
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}languages = [\"fr\"]\n"))
        .file("content/a.md", "# A\n")
        .file("content/a.fr.md", "# A en français\n")
        .file("content/v1.2.md", "# Release 1.2\n");
    site.build_ok(&[]);
    assert_eq!(site.html("a/index.html").text("h1"), "A");
    assert_eq!(site.html("fr/a/index.html").text("h1"), "A en français");
    assert!(!site.out("a.fr").exists() && !site.out("fr/a.fr").exists());
    // A dot in a name that is no language of the site is part of the name.
    assert_eq!(site.html("v1.2/index.html").text("h1"), "Release 1.2");
    assert_eq!(site.html("fr/v1.2/index.html").text("h1"), "Release 1.2");
}

#[test]
fn a_language_that_is_no_tag_is_refused_where_it_is_written() {
    let site = Site::new().file("book.toml", &format!("{BOOK}languages = [\"../up\"]\n"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, Some(1));
    assert!(r.err().contains("site.languages: \"../up\" is not a language tag"), "{}", r.err());
    assert!(!site.root().join("up").exists());
}
