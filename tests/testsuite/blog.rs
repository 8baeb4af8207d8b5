//! Blogs: a section that sorts by date lists its posts newest first with
//! authors and reading time, every tag gets a page, and blogs and tags get
//! Atom feeds that feed readers can parse.

use crate::support::Site;

fn words(n: usize) -> String {
    (0..n).map(|i| format!("word{i}")).collect::<Vec<_>>().join(" ")
}

fn blog() -> Site {
    Site::new()
        .file("content/news/_index.md", "---\ntitle: News\nsort_by: date\n---\nWhat is new.\n")
        .file(
            "content/news/first.md",
            "---\ntitle: \"Ops & <alerts>\"\ndate: 2026-01-02\nauthors: [Ann, Bo]\ntags: [SRE, Open Data Hub]\n---\nThe first post.\n",
        )
        .file(
            "content/news/second.md",
            &format!("---\ntitle: Second\ndate: 2026-03-04T09:30:00+01:00\ntags: [sre]\n---\n{}\n", words(450)),
        )
        .file("content/news/undated.md", "---\ntitle: Aaa undated\n---\nNo date.\n")
        .file("content/docs/guide.md", "---\ntitle: Guide\ntags: [Open Data Hub]\n---\nA guide.\n")
}

#[test]
fn a_blog_lists_posts_newest_first_with_authors_and_reading_time() {
    let site = blog();
    site.build_ok(&[]);
    let news = site.html("news/index.html");
    assert_eq!(news.texts(".card-title"), ["Second", "Ops & <alerts>", "Aaa undated"]);
    assert_eq!(news.texts(".card-meta"), ["2026-03-04 · 3 min read", "2026-01-02 · Ann, Bo · 1 min read"]);
    assert_eq!(news.attrs("link[rel=alternate][type='application/atom+xml']", "href"), ["/news/atom.xml"]);
    let first = site.html("news/first/index.html");
    assert_eq!(first.text(".post-meta time"), "2026-01-02");
    assert!(first.text(".post-meta").contains("by Ann, Bo"), "{}", first.text(".post-meta"));
    assert_eq!(first.attrs("link[rel=alternate][type='application/atom+xml']", "href"), ["/news/atom.xml"]);
    // The feed is named after its blog, not after the post it is linked from.
    assert_eq!(first.attrs("link[rel=alternate]", "title"), ["News"]);
    // Newest first: the next post is the older one.
    assert_eq!(site.html("news/second/index.html").text("a[rel=next] .pager-title"), "Ops & <alerts>");
    // A page outside a blog has no feed and no post line.
    let guide = site.html("docs/guide/index.html");
    assert_eq!(guide.count("link[rel=alternate]"), 0);
    assert_eq!(guide.count(".post-meta"), 0);
}

#[test]
fn every_tag_has_a_page_reached_from_the_pages_that_carry_it() {
    let site = blog();
    site.build_ok(&[]);
    let first = site.html("news/first/index.html");
    assert_eq!(first.texts(".tags a"), ["SRE", "Open Data Hub"]);
    // Follow each tag link to its page: it lists the page, newest first.
    for href in first.attrs(".tags a", "href") {
        let tag = site.html(&format!("{}index.html", href.trim_start_matches('/')));
        assert!(tag.texts(".card-title").contains(&"Ops & <alerts>".to_string()), "{href}");
    }
    // `SRE` and `sre` are one tag.
    assert_eq!(site.html("tags/sre/index.html").texts(".card-title"), ["Second", "Ops & <alerts>"]);
    assert_eq!(site.html("tags/open-data-hub/index.html").texts(".card-title"), ["Ops & <alerts>", "Guide"]);
    let all = site.html("tags/index.html");
    assert_eq!(all.texts(".tag-list a"), ["Open Data Hub", "SRE"]);
    assert_eq!(all.texts(".tag-count"), ["(2)", "(2)"]);
}

#[test]
fn blog_and_tag_feeds_are_atom_with_text_escaped() {
    let site = blog();
    site.build_ok(&[]);
    let xml = site.read("news/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let child = |n: roxmltree::Node, name: &str| {
        n.children().find(|c| c.has_tag_name(name)).map(|c| c.text().unwrap_or_default().to_string())
    };
    assert_eq!(child(feed, "title").as_deref(), Some("Fixture: News"));
    assert!(feed.children().any(|c| c.has_tag_name("author")), "a feed-level author, as Atom requires");
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
    let titles: Vec<_> = entries.iter().map(|e| child(*e, "title").unwrap()).collect();
    assert_eq!(titles, ["Second", "Ops & <alerts>", "Aaa undated"]);
    assert_eq!(child(entries[0], "published").as_deref(), Some("2026-03-04T09:30:00+01:00"));
    assert_eq!(child(entries[1], "id").as_deref(), Some("https://example.org/news/first/"));
    assert!(child(entries[1], "content").unwrap().contains("<p>The first post.</p>"));
    let authors: Vec<_> =
        entries[1].children().filter(|c| c.has_tag_name("author")).filter_map(|a| child(a, "name")).collect();
    assert_eq!(authors, ["Ann", "Bo"]);
    let tag = site.read("tags/sre/atom.xml");
    let tag = roxmltree::Document::parse(&tag).expect("the tag feed is well-formed XML");
    assert_eq!(tag.root_element().children().filter(|c| c.has_tag_name("entry")).count(), 2);
    // A page outside any blog is in its tag's feed whole: the build drops
    // each page's HTML once it is written, but keeps what a feed shows.
    let hub = site.read("tags/open-data-hub/atom.xml");
    let hub = roxmltree::Document::parse(&hub).expect("the tag feed is well-formed XML");
    let contents: Vec<String> =
        hub.root_element().children().filter(|c| c.has_tag_name("entry")).filter_map(|e| child(e, "content")).collect();
    assert!(contents.iter().any(|c| c.contains("<p>A guide.</p>")), "{contents:?}");
}

#[test]
fn an_unknown_sort_order_is_a_located_error() {
    let site = Site::new().file("content/news/_index.md", "---\ntitle: News\nsort_by: newest\n---\n");
    let r = site.build_err(&[]);
    assert!(r.stderr.contains("content/news/_index.md:3:"), "{}", r.stderr);
    assert!(r.stderr.contains("expected one of date, weight, title"), "{}", r.stderr);
}

#[test]
fn a_themes_strings_name_the_pages_opsite_makes() {
    let site = crate::support::Site::new()
        .file("content/a.md", "---\ntitle: A\ntags: [ops]\n---\nText.\n")
        .file("themes/default/strings.toml", "tagged = \"Étiqueté « {tag} »\"\nnot_found = \"Page introuvable\"\n");
    site.build_ok(&[]);
    let tag = site.html("tags/ops/index.html");
    assert!(tag.text("title").starts_with("Étiqueté « ops »"), "{}", tag.text("title"));
    // The keys a theme leaves alone keep the default theme's words.
    assert!(site.html("tags/index.html").text("title").starts_with("Tags"));
    assert!(site.html("404.html").text("title").starts_with("Page introuvable"));
}
