//! How opsite talks: every message whole, with its position and hint; one
//! line per mistake however many pages it breaks; quiet when asked.

use std::process::{Command, Stdio};

use crate::support::{Site, bin};

#[test]
fn a_template_mistake_is_reported_once_with_the_number_of_pages() {
    let mut site = Site::new().file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nope }}\n{% endblock main %}\n",
    );
    for i in 0..30 {
        site = site.file(&format!("content/p{i:02}.md"), "# P\n");
    }
    let r = site.build_err(&[]);
    assert_eq!(r.stderr.matches("template error").count(), 1, "{}", r.stderr);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let site = Site::new()
        .file("content/plan.md", "---\ntitle: Plan\ndraft: true\n---\nSoon.\n")
        .file("content/a.md", "# A\n\nSee [the plan](plan.md).\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    site.build_ok(&["--drafts"]);
}

#[test]
fn a_misspelt_link_target_gets_a_suggestion() {
    let site = Site::new()
        .file("content/users/access.md", "# Access\n\n## Log in\n")
        .file("content/a.md", "# A\n\n[x](users/acess.md) [y](users/access.md#log-inn)\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn frontmatter_values_of_the_wrong_kind_say_how_to_write_them() {
    let site = Site::new()
        .file("content/a.md", "---\ntitle: A\ndraft: maybe\n---\n")
        .file("content/b.md", "---\ntitle: [unclosed\n---\n");
    let r = site.build_err(&[]);
    assert!(!r.stderr.contains("falseean"), "{}", r.stderr);
    insta::assert_snapshot!(r.err());
}

#[test]
fn bad_slugs_and_aliases_point_at_their_line() {
    let site = Site::new()
        .file("content/c.md", "---\ntitle: C\nslug: a/../b\n---\n")
        .file("content/d.md", "---\ntitle: D\naliases:\n  - https://elsewhere.example/x\n---\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_bad_config_value_points_at_its_line() {
    let site = Site::new()
        .file("book.toml", "[site]\ntitle = \"x\"\nbase_url = \"https://e.org/\"\n\n[issues]\nrepo = \"not a repo\"\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_missing_template_names_the_page_and_the_key() {
    let site = Site::new().file("content/a.md", "---\ntitle: A\ntemplate: fancy.html\n---\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let mut site = Site::new();
    for i in 0..200 {
        site = site.file(&format!("content/p{i:03}.md"), "# P\n\n[x](nowhere.md)\n");
    }
    // `opsite check | head -0`: the reader is gone before opsite writes.
    let mut child = Command::new(bin())
        .arg("check")
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn quiet_prints_errors_only_and_verbose_says_more() {
    let site = Site::new().file("content/a.md", "# A\n\n```klingon\nx\n```\n");
    let r = site.run(&["build", "-q"]);
    assert_eq!((r.code, r.stdout.as_str(), r.stderr.as_str()), (Some(0), "", ""));
    let r = site.run(&["build", "-v"]);
    assert_eq!(r.code, Some(0));
    insta::assert_snapshot!(r.err());
    site.write("content/b.md", "[x](nowhere.md)\n");
    let r = site.run(&["build", "--quiet"]);
    assert_eq!(r.code, Some(1));
    insta::assert_snapshot!(r.err());
}
