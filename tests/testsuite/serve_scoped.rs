//! A page added, removed or moved while serving renders what lists or links
//! it, not the whole site; what other pages computed before stays right.

use crate::serve::Served;
use crate::support::Site;

fn site() -> Site {
    Site::new()
        .file("content/docs/_index.md", "---\ntitle: Docs\n---\nAll the docs.\n")
        .file("content/docs/a.md", "---\ntitle: Page A\nweight: 1\n---\nSee [B](b.md).\n")
        .file("content/docs/b.md", "---\ntitle: Page B\nweight: 2\n---\nB.\n")
        .file("content/other/_index.md", "---\ntitle: Other\n---\nElsewhere.\n")
        .file("content/other/x.md", "---\ntitle: Page X\n---\nX.\n")
}

#[test]
fn a_new_page_renders_first_then_its_section_and_siblings_but_not_the_site() {
    let site = site();
    let s = Served::start(&site, &[]);
    let x_before = s.get("/other/x/").header("etag").map(str::to_string);
    let events = s.events();
    site.write("content/docs/c.md", "---\ntitle: Page C\nweight: 3\n---\nNew.\n");
    // First the new page alone, then the pages that list it.
    let first = events.expect("reload");
    assert_eq!(first, r#"["/docs/c/"]"#);
    assert!(s.get("/docs/c/").body.contains("New."));
    let then = events.expect("reload");
    for listed in ["/docs/", "/docs/a/", "/docs/b/"] {
        assert!(then.contains(&format!("\"{listed}\"")), "{listed} not re-rendered: {then}");
    }
    assert!(!then.contains("/other/") && !then.contains('*'), "pages that do not list it were re-rendered: {then}");
    // What a reader sees: the listing and the neighbours know the new page.
    assert!(s.get("/docs/").html().texts("a").contains(&"Page C".to_string()));
    let b = s.get("/docs/b/").html();
    assert!(b.texts(".sidebar-list a").contains(&"Page C".to_string()));
    assert_eq!(b.text("a[rel=next] .pager-title"), "Page C");
    assert_eq!(s.get("/other/x/").header("etag").map(str::to_string), x_before);
}

#[test]
fn a_page_linking_one_whose_url_changed_gets_the_new_url() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    // A new slug moves B: A's link must follow, though A's text is the same.
    site.write("content/docs/b.md", "---\ntitle: Page B\nweight: 2\nslug: bee\n---\nB.\n");
    events.expect("reload");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let hrefs = s.get("/docs/a/").html().attrs("main a", "href");
        if hrefs.contains(&"/docs/bee/".to_string()) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "A still links {hrefs:?}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(s.get("/docs/bee/").status, 200);
    assert_eq!(s.get("/docs/b/").status, 404);
}

#[test]
fn a_removed_page_leaves_its_section_and_its_neighbours() {
    let site = site().file("content/docs/c.md", "---\ntitle: Page C\nweight: 3\n---\nC.\n");
    let s = Served::start(&site, &[]);
    let events = s.events();
    std::fs::remove_file(site.root().join("content/docs/c.md")).unwrap();
    let first = events.expect("reload");
    assert!(first.contains("/docs/c/"), "the removed page's tabs are told: {first}");
    events.expect("reload");
    assert_eq!(s.get("/docs/c/").status, 404);
    assert!(!s.get("/docs/").html().texts("a").contains(&"Page C".to_string()));
    let b = s.get("/docs/b/").html();
    assert!(!b.texts(".sidebar-list a").contains(&"Page C".to_string()));
    assert!(b.texts("a[rel=next] .pager-title").is_empty(), "B still points at C");
}
