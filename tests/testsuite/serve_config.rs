//! `book.toml` saved while serving: the pages follow the new settings, and
//! no more is done than they need.

use crate::serve::Served;
use crate::support::{BOOK, Site};

fn site() -> Site {
    Site::new()
        .file("content/docs/_index.md", "---\ntitle: Docs\n---\nAll the docs.\n")
        .file("content/docs/a.md", "---\ntitle: Page A\n---\nSee [the docs](_index.md).\n")
}

#[test]
fn book_toml_saved_with_the_same_settings_renders_nothing() {
    let site = site();
    let s = Served::start(&site, &[]);
    let home = s.get("/").header("etag").map(str::to_string);
    let events = s.events();
    site.write("book.toml", &format!("# Who reads this site: operators.\n{BOOK}\n\n"));
    assert!(s.expect_line("book.toml saved with the same settings").contains("nothing to do"));
    // The next event is the next edit's, not a reload of every page.
    site.write("content/docs/a.md", "---\ntitle: Page A\n---\nSee [the docs](_index.md).\n\nEdited.\n");
    assert_eq!(events.expect("reload"), r#"["/docs/a/"]"#);
    assert_eq!(s.get("/").header("etag").map(str::to_string), home);
}

#[test]
fn a_new_site_title_reaches_every_page_keeping_the_parsed_documents() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("book.toml", &BOOK.replace("title = \"Fixture\"", "title = \"Ops <&> Docs\""));
    assert_eq!(events.expect("reload"), r#"["*"]"#);
    s.expect_line("unchanged documents kept");
    for path in ["/", "/docs/", "/docs/a/"] {
        let page = s.get(path).html();
        assert!(page.text("title").ends_with("Ops <&> Docs"), "{path}: {}", page.text("title"));
    }
    assert!(s.get("/docs/a/").body.contains("Ops &lt;&amp;&gt; Docs"), "the title is escaped");
}

#[test]
fn a_changed_markdown_setting_parses_every_page_again() {
    let site = site().file("content/docs/b.md", "# B\n\n\"Quoted\" -- dashed\n");
    let s = Served::start(&site, &[]);
    assert!(s.get("/docs/b/").body.contains("“Quoted” –"));
    let events = s.events();
    site.write("book.toml", &format!("{BOOK}[markdown]\nsmart_punctuation = false\n"));
    events.expect("reload");
    s.expect_line("rebuilt all");
    assert!(s.get("/docs/b/").body.contains("\"Quoted\" --"), "{}", s.get("/docs/b/").body);
}

#[test]
fn a_broken_book_toml_is_shown_and_fixing_it_clears_the_error() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    site.write("book.toml", &format!("{BOOK}[site\n"));
    let error = events.expect("build-error");
    assert!(error.contains("book.toml"), "{error}");
    assert!(s.get("/docs/a/").body.contains("Page A"), "the last good pages stay served");
    site.write("book.toml", BOOK);
    events.expect("build-ok");
    assert_eq!(s.get("/docs/a/").status, 200);
}

/// Before: the watched folders were fixed when `serve` started, so rules
/// in a folder that `book.toml` named later were never seen again.
#[test]
fn regression_a_rules_folder_named_while_serving_is_watched() {
    let site = site().file("content/runbooks/DiskFull.md", "# DiskFull\n\nFree space.\n");
    let s = Served::start(&site, &[]);
    let rule = "groups:\n- name: disks\n  rules:\n  - alert: DiskFull\n    expr: node_filesystem_avail_bytes < 1e9\n    for: 5m\n";
    site.write("alerts/disks.yaml", rule);
    site.write("book.toml", &format!("{BOOK}[runbooks]\nrules = [\"alerts/*.yaml\"]\n"));
    s.expect_line("unchanged documents kept");
    let path = "/runbooks/DiskFull/";
    assert_eq!(s.get(path).html().text(".alert-rule-for"), "fires after 5m");
    // An edit in the new folder is seen.
    site.write("alerts/disks.yaml", &rule.replace("5m", "20m"));
    crate::support::wait_until("the edited rule never showed", || {
        s.get(path).html().text(".alert-rule-for") == "fires after 20m"
    });
}

fn wait_for(s: &Served, path: &str, what: impl Fn(&crate::serve::Resp) -> bool, why: &str) {
    crate::support::wait_until(&format!("{path}: {why}"), || what(&s.get(path)));
}

/// Local `[[sources]]` are watched like the content folder: edits, new
/// folders and deletions show, inside the site root or beside it in the
/// repository.
#[test]
fn edits_in_local_sources_show_while_serving() {
    // The site in `site/` of a repository; one source inside the site, one
    // beside it.
    let repo = Site::empty()
        .file(".git/HEAD", "ref: refs/heads/main\n")
        .file(
            "site/book.toml",
            &format!(
                "{BOOK}\n[[sources]]\npath = \"vendor/runbooks\"\nmount = \"ops\"\n\n[[sources]]\npath = \"../apps/docs\"\nmount = \"apps\"\n"
            ),
        )
        .file("site/content/_index.md", "# Home\n")
        .file("site/vendor/runbooks/disk.md", "# Disk\n\nFree space.\n")
        .file("apps/docs/README.md", "# Apps\n\nThe apps.\n");
    let root = repo.root().join("site");
    let s = Served::start(&repo, &["--root", root.to_str().unwrap()]);
    assert!(s.get("/ops/disk/").body.contains("Free space."));
    assert!(s.get("/apps/").body.contains("The apps."));
    repo.write("site/vendor/runbooks/disk.md", "# Disk\n\nDelete old logs first.\n");
    wait_for(&s, "/ops/disk/", |r| r.body.contains("Delete old logs first."), "the edit never showed");
    repo.write("apps/docs/README.md", "# Apps\n\nEvery app we run.\n");
    wait_for(&s, "/apps/", |r| r.body.contains("Every app we run."), "the edit beside the site never showed");
    // A new folder with a page, and a page deleted.
    repo.write("apps/docs/new/deep/page.md", "# Deep\n\nNew here.\n");
    wait_for(&s, "/apps/new/deep/page/", |r| r.status == 200, "the new page was never served");
    std::fs::remove_file(repo.root().join("site/vendor/runbooks/disk.md")).unwrap();
    wait_for(&s, "/ops/disk/", |r| r.status == 404, "the deleted page is still served");
}

#[test]
fn an_mkdocs_yml_edited_while_serving_changes_the_title_and_the_navigation() {
    // mkdocs.yml is the settings and the navigation of an MkDocs project:
    // edits to it were not even watched.
    let nav = |first: &str, second: &str| {
        format!("site_name: {first} docs\nnav:\n  - {first}: {first}.md\n  - {second}: {second}.md\n")
    };
    let site = Site::empty()
        .file("mkdocs.yml", &nav("Alpha", "Beta"))
        .file("docs/index.md", "# Home\n")
        .file("docs/Alpha.md", "# Alpha\n")
        .file("docs/Beta.md", "# Beta\n");
    let s = Served::start(&site, &[]);
    let sidebar = |s: &Served| s.get("/Alpha/").html().texts(".sidebar-list a");
    let before = sidebar(&s);
    assert!(before.iter().position(|t| t == "Alpha") < before.iter().position(|t| t == "Beta"), "{before:?}");
    let events = s.events();
    site.write("mkdocs.yml", &nav("Beta", "Alpha"));
    assert_eq!(events.expect("reload"), r#"["*"]"#);
    let page = s.get("/Alpha/").html();
    assert!(page.text("title").ends_with("Beta docs"), "{}", page.text("title"));
    let after = page.texts(".sidebar-list a");
    assert!(after.iter().position(|t| t == "Beta") < after.iter().position(|t| t == "Alpha"), "{after:?}");
}
