//! Command-line habits from peers: short flags and `opsite new`.

use crate::support::Site;

#[test]
fn short_flags_for_base_url_and_drafts() {
    let site = Site::new().file("content/plan.md", "---\ntitle: Plan\ndraft: true\n---\n");
    site.build_ok(&["-D", "-b", "https://acme.github.io/docs/"]);
    let page = site.html("plan/index.html");
    assert!(page.attr("link[rel=canonical]", "href").starts_with("https://acme.github.io/docs/plan/"));
}

#[test]
fn new_writes_a_runbook_skeleton_or_the_sites_archetype() {
    let site = Site::new();
    let r = site.run(&["new", "operations/runbooks/trino-down.md"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(site.root().join("content/operations/runbooks/trino-down.md")).unwrap();
    assert!(text.starts_with("---\ntitle: \"Trino down\"\ndate: 20"), "{text}");
    assert!(text.contains("## Mitigation"));
    site.build_ok(&[]);
    assert_eq!(site.html("operations/runbooks/trino-down/index.html").text("h1"), "Trino down");

    let site = site.file("archetypes/users.md", "---\ntitle: \"{title}\"\nweight: 50\n---\nFor users.\n");
    let r = site.run(&["new", "users/grafana/dashboards.md"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let text = std::fs::read_to_string(site.root().join("content/users/grafana/dashboards.md")).unwrap();
    assert_eq!(text, "---\ntitle: \"Dashboards\"\nweight: 50\n---\nFor users.\n");
}

#[test]
fn new_never_replaces_a_page_or_leaves_the_content_folder() {
    let site = Site::new().file("content/a.md", "# Mine\n");
    let r = site.run(&["new", "a.md"]);
    assert_eq!(r.code, Some(1));
    assert_eq!(std::fs::read_to_string(site.root().join("content/a.md")).unwrap(), "# Mine\n");
    let r = site.run(&["new", "../outside.md"]);
    assert_eq!(r.code, Some(1));
    assert!(!site.root().join("outside.md").exists());
    insta::assert_snapshot!(r.err());
}

#[test]
fn an_ejected_theme_builds_the_same_site() {
    let site = crate::support::Site::new().file("content/a.md", "# A\n\n```bash\necho hi\n```\n");
    site.build_ok(&[]);
    let before = site.read("a/index.html");
    let r = site.run(&["theme", "eject", "mine"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(site.root().join("themes/mine/templates/page.html").is_file());
    assert!(site.root().join("themes/mine/static/opsite.css").is_file());
    site.write("book.toml", &format!("{}theme = \"mine\"\n", crate::support::BOOK));
    site.build_ok(&[]);
    assert_eq!(site.read("a/index.html"), before, "the ejected theme renders the same page");
    // Never over an existing folder.
    let again = site.run(&["theme", "eject", "mine"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    let site = crate::support::Site::new();
    for shell in ["bash", "zsh", "fish"] {
        let r = site.run(&["completions", shell]);
        assert_eq!(r.code, Some(0), "{shell}: {}", r.stderr);
        assert!(
            r.stdout.contains("serve") && r.stdout.contains("base-url") && r.stdout.contains("eject"),
            "{shell}: {}",
            &r.stdout[..r.stdout.len().min(300)]
        );
    }
}
