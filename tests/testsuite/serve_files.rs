//! `opsite serve` never misses a file: new folders, `cp -r`, folders moved
//! away and branch switches, each repeated, written the racy way (files
//! land in a folder right after it is made, before any watch on it starts).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::serve::Served;
use crate::support::Site;

fn site() -> Site {
    Site::new()
        .file("content/docs/_index.md", "---\ntitle: Docs\n---\nAll the docs.\n")
        .file("content/docs/a.md", "---\ntitle: Page A\n---\nA.\n")
}

/// Polls `path` until it answers `status`.
fn wait_status(s: &Served, path: &str, status: u16) {
    crate::support::wait_until(&format!("{path} never answers {status}"), || s.get(path).status == status);
}

/// Polls `path` until its `h1` reads `title`; panics after 10 s. A file
/// written in two steps (created empty, then filled) may be served with the
/// first step's title for a moment: what counts is that the second arrives.
fn wait_title(s: &Served, path: &str, title: &str) {
    crate::support::wait_until(&format!("{path} never shows {title:?}"), || s.get(path).html().text("h1") == title);
}

fn run(dir: &Path, cmd: &str, args: &[&str]) {
    let out = Command::new(cmd).args(args).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn regression_pages_in_new_folders_are_never_missed() {
    let site = site();
    let s = Served::start(&site, &[]);
    for i in 0..15 {
        let dir = site.root().join(format!("content/new{i}/deep"));
        std::fs::create_dir_all(&dir).unwrap();
        // Written at once, not atomically: the file exists before the
        // watcher can have added the folder.
        std::fs::write(dir.join("p.md"), format!("# Page {i}\n")).unwrap();
        wait_status(&s, &format!("/new{i}/deep/p/"), 200);
        wait_title(&s, &format!("/new{i}/deep/p/"), &format!("Page {i}"));
    }
}

#[test]
fn regression_a_folder_copied_with_cp_r_is_served_whole() {
    let site = site();
    let outside = tempfile::tempdir().unwrap();
    let src = outside.path().join("runbooks");
    std::fs::create_dir_all(src.join("nested/more")).unwrap();
    for n in 0..6 {
        std::fs::write(src.join(format!("r{n}.md")), format!("# Runbook {n}\n")).unwrap();
    }
    std::fs::write(src.join("nested/more/deep.md"), "# Deep\n").unwrap();
    std::fs::write(src.join("nested/diagram.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let s = Served::start(&site, &[]);
    for i in 0..5 {
        let dest = format!("content/copy{i}");
        run(site.root(), "cp", &["-r", src.to_str().unwrap(), &dest]);
        for n in 0..6 {
            wait_status(&s, &format!("/copy{i}/r{n}/"), 200);
        }
        wait_status(&s, &format!("/copy{i}/nested/more/deep/"), 200);
        wait_status(&s, &format!("/copy{i}/nested/diagram.svg"), 200);
    }
}

#[test]
fn a_folder_moved_out_of_the_site_is_gone() {
    let site = site().file("content/old/x.md", "# X\n").file("content/assets-only/pic.svg", "<svg/>");
    let outside = tempfile::tempdir().unwrap();
    let s = Served::start(&site, &[]);
    wait_status(&s, "/old/x/", 200);
    std::fs::rename(site.root().join("content/old"), outside.path().join("old")).unwrap();
    wait_status(&s, "/old/x/", 404);
    std::fs::rename(site.root().join("content/assets-only"), outside.path().join("assets-only")).unwrap();
    wait_status(&s, "/assets-only/pic.svg", 404);
}

#[test]
fn a_branch_switch_brings_and_takes_hundreds_of_files() {
    let site = site();
    let root = site.root();
    run(root, "git", &["init", "-q", "-b", "main"]);
    run(root, "git", &["-c", "user.name=t", "-c", "user.email=t@e", "add", "-A"]);
    run(root, "git", &["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "base"]);
    run(root, "git", &["checkout", "-q", "-b", "more"]);
    for sec in 0..6 {
        for n in 0..40 {
            site.write(&format!("content/area{sec}/p{n}.md"), &format!("# Area {sec} page {n}\n"));
        }
    }
    run(root, "git", &["-c", "user.name=t", "-c", "user.email=t@e", "add", "-A"]);
    run(root, "git", &["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "more"]);
    run(root, "git", &["checkout", "-q", "main"]);
    let s = Served::start(&site, &[]);
    for _ in 0..3 {
        run(root, "git", &["checkout", "-q", "more"]);
        for sec in 0..6 {
            wait_status(&s, &format!("/area{sec}/p39/"), 200);
            wait_status(&s, &format!("/area{sec}/p0/"), 200);
        }
        run(root, "git", &["checkout", "-q", "main"]);
        for sec in 0..6 {
            wait_status(&s, &format!("/area{sec}/p0/"), 404);
        }
    }
}

/// Before: with the docs at the repository root (`content = "."`), only
/// the top-level folders that existed when `serve` started were watched;
/// pages in a new top-level folder were never served.
#[test]
fn regression_new_top_level_folders_of_docs_at_the_root_are_watched() {
    let site = Site::empty()
        .file("book.toml", "[site]\ntitle = \"R\"\nbase_url = \"https://example.org/\"\n[build]\ncontent = \".\"\n")
        .file("README.md", "# Home\n")
        .file("guide/a.md", "# Guide A\n");
    let s = Served::start(&site, &[]);
    for i in 0..5 {
        let dir = site.root().join(format!("team{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("p.md"), format!("# Team {i}\n")).unwrap();
        wait_title(&s, &format!("/team{i}/p/"), &format!("Team {i}"));
        // Watched from then on: an edit inside it shows.
        std::fs::write(dir.join("p.md"), format!("# Team {i} edited\n")).unwrap();
        wait_title(&s, &format!("/team{i}/p/"), &format!("Team {i} edited"));
    }
    // Folders other tools write at the root stay out.
    site.write("target/debug/x.md", "# Build output\n");
    site.write("guide/b.md", "# Guide B\n");
    wait_status(&s, "/guide/b/", 200);
    assert_eq!(s.get("/target/debug/x/").status, 404);
}

/// Files at the root other than Markdown (`Cargo.toml` beside docs at the
/// root) are not docs: saving them loads nothing again.
#[test]
fn saving_a_file_beside_docs_at_the_root_loads_nothing() {
    let site = Site::empty()
        .file("book.toml", "[site]\ntitle = \"R\"\nbase_url = \"https://example.org/\"\n[build]\ncontent = \".\"\n")
        .file("README.md", "# Home\n")
        .file("guide/a.md", "# Guide A\n");
    let s = Served::start(&site, &[]);
    site.write("Cargo.toml", "[package]\n");
    std::thread::sleep(Duration::from_millis(300));
    // Then something that prints a line of its own.
    site.write(
        "book.toml",
        &format!("# docs at the root\n{}", std::fs::read_to_string(site.root().join("book.toml")).unwrap()),
    );
    let line = loop {
        let line = s.expect_line("");
        if line.contains("loaded again") || line.contains("book.toml") {
            break line;
        }
    };
    assert!(line.starts_with("book.toml saved with the same settings"), "{line}");
    site.write("guide/b.md", "# Guide B\n");
    wait_title(&s, "/guide/b/", "Guide B");
}

/// Before: a watch follows the folder it was put on, or ends with it, and
/// it was never started again, so after the content folder was moved away
/// and back (or removed and made again, as some branch switches do) no edit
/// in it was seen.
#[test]
fn regression_the_content_folder_moved_away_and_back_is_watched_again() {
    let site = site();
    let s = Served::start(&site, &[]);
    let events = s.events();
    let (content, away) = (site.root().join("content"), site.root().join("content-away"));
    // Gone: an error in open tabs, the last pages stay served.
    std::fs::rename(&content, &away).unwrap();
    assert!(events.expect("build-error").contains("content"));
    std::fs::rename(&away, &content).unwrap();
    events.expect("build-ok");
    site.write("content/docs/b.md", "# Page B\n");
    wait_title(&s, "/docs/b/", "Page B");
    // Removed and made again.
    std::fs::remove_dir_all(&content).unwrap();
    events.expect("build-error");
    site.write("content/_index.md", "# Home\n");
    site.write("content/docs/c.md", "# Page C\n");
    wait_title(&s, "/docs/c/", "Page C");
    site.write("content/docs/d.md", "# Page D\n");
    wait_title(&s, "/docs/d/", "Page D");
    assert_eq!(s.get("/docs/a/").status, 404, "a page removed with its folder is still served");
}
