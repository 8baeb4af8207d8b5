//! `[[sources]]`: docs trees from local git repositories (`file://` URLs,
//! real `git`) and folders, mounted into one site.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{BOOK, Site};

/// A git repository in a temp dir, committed with fixed dates.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new(files: &[(&str, &str)]) -> Repo {
        let repo = Repo { dir: tempfile::tempdir().unwrap() };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.commit(files, "first", "2021-03-04T10:00:00Z");
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn url(&self) -> String {
        format!("file://{}", self.path().display())
    }

    fn git(&self, args: &[&str]) {
        let out = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }

    fn commit(&self, files: &[(&str, &str)], message: &str, date: &str) {
        for (path, text) in files {
            let p = self.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        self.git(&["add", "-A"]);
        let out = Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", message])
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_AUTHOR_DATE", date)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

fn apps_repo() -> Repo {
    Repo::new(&[
        ("README.md", "# Apps\n"),
        ("deploy/manifest.yaml", "kind: Deployment\n"),
        ("docs/README.md", "# Apps docs\n\nStart with the [guide](guide.md).\n"),
        (
            "docs/guide.md",
            "# Guide\n\nSee the [manifest](../deploy/manifest.yaml), the [deploy folder](../deploy/) \
             and the [repository readme](../README.md#apps).\n",
        ),
        ("docs/img/arch.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("docs/drafts/wip.md", "# WIP\n"),
    ])
}

fn site_with(source: &str) -> Site {
    Site::new().file("book.toml", &format!("{BOOK}\n[[sources]]\n{source}\n"))
}

fn source(repo: &Repo, extra: &str) -> String {
    format!(
        "git = \"{}\"\ndir = \"docs\"\nmount = \"apps\"\nweb_url = \"https://github.com/acme/apps\"\n{extra}",
        repo.url()
    )
}

fn verbose_sources(r: &crate::support::Run) -> Vec<String> {
    r.stderr.lines().filter(|l| l.starts_with("source:")).map(|l| l.to_string()).collect()
}

#[test]
fn a_git_source_is_mounted_with_its_own_links_edit_links_and_dates() {
    let repo = apps_repo();
    let site = site_with(&source(&repo, ""));
    site.build_ok(&[]);
    let index = site.html("apps/index.html");
    assert_eq!(index.text("h1"), "Apps docs");
    assert_eq!(index.attr("article a", "href"), "/apps/guide/");
    let guide = site.html("apps/guide/index.html");
    assert_eq!(
        guide.attrs("article p a", "href"),
        [
            "https://github.com/acme/apps/blob/main/deploy/manifest.yaml",
            "https://github.com/acme/apps/tree/main/deploy",
            "https://github.com/acme/apps/blob/main/README.md#apps",
        ]
    );
    assert_eq!(guide.attr(".page-meta a[href*=edit]", "href"), "https://github.com/acme/apps/edit/main/docs/guide.md");
    assert_eq!(guide.attr(".page-meta time", "datetime"), "2021-03-04");
    assert!(site.out("apps/img/arch.svg").is_file());
    assert!(site.read("sitemap.xml").contains("https://example.org/apps/guide/"));
    // The site's own pages still build beside it.
    assert!(site.out("index.html").is_file());
}

#[test]
fn a_rebuild_with_nothing_changed_does_no_fetch_work_and_a_moved_ref_fetches_again() {
    let repo = apps_repo();
    let site = site_with(&source(&repo, ""));
    let r = site.build_ok(&["-v"]);
    assert!(verbose_sources(&r)[0].ends_with("(fetched)"), "{:?}", verbose_sources(&r));
    let r = site.build_ok(&["-v"]);
    assert!(verbose_sources(&r)[0].ends_with("(cached)"), "{:?}", verbose_sources(&r));
    repo.commit(&[("docs/guide.md", "# Guide, second edition\n")], "second", "2022-05-06T10:00:00Z");
    let r = site.build_ok(&["-v"]);
    assert!(verbose_sources(&r)[0].ends_with("(fetched)"), "{:?}", verbose_sources(&r));
    let guide = site.html("apps/guide/index.html");
    assert_eq!(guide.text("h1"), "Guide, second edition");
    assert_eq!(guide.attr(".page-meta time", "datetime"), "2022-05-06");
}

#[test]
fn branches_and_tags_are_refs() {
    let repo = apps_repo();
    repo.git(&["tag", "-a", "v1", "-m", "v1"]);
    repo.git(&["checkout", "-q", "-b", "next"]);
    repo.commit(&[("docs/guide.md", "# Guide on next\n")], "next", "2023-01-01T00:00:00Z");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit(&[("docs/guide.md", "# Guide on main, later\n")], "later", "2023-02-01T00:00:00Z");
    for (reference, title, blob) in [
        ("v1", "Guide", "blob/v1/"),
        ("next", "Guide on next", "blob/next/"),
        ("main", "Guide on main, later", "blob/main/"),
    ] {
        let site = site_with(&source(&repo, &format!("ref = \"{reference}\"")));
        site.build_ok(&[]);
        let guide = site.html("apps/guide/index.html");
        assert_eq!(guide.text("h1"), title, "ref {reference}");
        if reference == "v1" {
            assert!(guide.attrs("article p a", "href")[0].contains(blob), "{:?}", guide.attrs("article p a", "href"));
        }
    }
}

#[test]
fn a_remote_that_is_gone_builds_from_the_cache_and_offline_asks_nothing() {
    let repo = apps_repo();
    let site = site_with(&source(&repo, ""));
    site.build_ok(&[]);
    let moved = repo.path().with_extension("moved");
    std::fs::rename(repo.path(), &moved).unwrap();
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(
        r.err().replace(&repo.url(), "[REPO]").replace(&repo.path().display().to_string(), "[REPO]")
    );
    assert_eq!(site.html("apps/guide/index.html").text("h1"), "Guide");
    let r = site.build_ok(&["--offline"]);
    assert_eq!(r.err(), "", "offline builds from the cache without a word");
    std::fs::rename(&moved, repo.path()).unwrap();
}

#[test]
fn a_remote_that_is_gone_without_a_cache_is_an_error_or_for_an_optional_source_a_warning() {
    let missing = tempfile::tempdir().unwrap().path().join("nothing-here");
    let url = format!("file://{}", missing.display());
    let site = site_with(&format!("git = \"{url}\"\nmount = \"apps\"\n"));
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err().replace(&url, "[REPO]").replace(&missing.display().to_string(), "[REPO]"));
    let site = site_with(&format!("git = \"{url}\"\nmount = \"apps\"\noptional = true\n"));
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err().replace(&url, "[REPO]").replace(&missing.display().to_string(), "[REPO]"));
    assert!(site.out("index.html").is_file());
}

#[test]
fn include_and_exclude_choose_files() {
    let repo = apps_repo();
    let site = site_with(&source(&repo, "exclude = [\"drafts/**\"]"));
    site.build_ok(&[]);
    assert!(!site.out("apps/drafts/wip/index.html").exists());
    assert!(site.out("apps/guide/index.html").is_file());
    let site = site_with(&source(&repo, "include = [\"guide.md\", \"img/*\"]"));
    site.build_ok(&[]);
    assert!(site.out("apps/guide/index.html").is_file());
    assert_eq!(site.html("apps/index.html").text("h1"), "Apps", "README.md (\"Apps docs\") was not included");
    assert!(site.out("apps/img/arch.svg").is_file());
}

#[test]
fn one_sources_patterns_filter_only_its_own_files() {
    // Operate First's port: `exclude = ["**/*.ipynb"]` on one source removed
    // every notebook of the site, and `include` on another filtered the
    // site's own content and the sources listed before it.
    let nb = r##"{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "markdown", "source": "# Notebook"}]}"##;
    let first = Repo::new(&[("docs/README.md", "# First\n"), ("docs/a.md", "# A\n"), ("docs/nb.ipynb", nb)]);
    let second = Repo::new(&[("docs/README.md", "# Second\n"), ("docs/b.md", "# B\n"), ("docs/nb.ipynb", nb)]);
    let third = Repo::new(&[("docs/README.md", "# Third\n"), ("docs/keep.md", "# Keep\n"), ("docs/c.md", "# C\n")]);
    let book = format!(
        "{BOOK}\n[[sources]]\ngit = \"{}\"\ndir = \"docs\"\nmount = \"first\"\n\n\
         [[sources]]\ngit = \"{}\"\ndir = \"docs\"\nmount = \"second\"\nexclude = [\"**/*.ipynb\"]\n\n\
         [[sources]]\ngit = \"{}\"\ndir = \"docs\"\nmount = \"third\"\ninclude = [\"README.md\", \"keep.md\"]\n",
        first.url(),
        second.url(),
        third.url()
    );
    let site = Site::new().file("book.toml", &book).file("content/own.md", "# Own\n").file("content/own-nb.ipynb", nb);
    site.build_ok(&[]);
    for kept in [
        "own/index.html",
        "own-nb/index.html",
        "first/a/index.html",
        "first/nb/index.html",
        "second/b/index.html",
        "third/keep/index.html",
    ] {
        assert!(site.out(kept).is_file(), "{kept} was filtered by another source's patterns");
    }
    assert!(!site.out("second/nb/index.html").exists(), "second's own exclude");
    assert!(!site.out("third/c/index.html").exists(), "third's own include");

    // A link or a navigation entry naming a file a pattern left out says
    // so, instead of calling the file missing.
    site.write("content/own.md", "# Own\n\nSee [c](third/c.md) and [nb](second/nb.ipynb).\n");
    site.write("content/SUMMARY.md", "# Summary\n\n- [Own](own.md)\n- [C](third/c.md)\n");
    let r = site.build_err(&[]);
    assert!(
        r.err().contains("content/SUMMARY.md:4:1: navigation entry `third/c.md` names a file the source mounted at /third/ leaves out by its include patterns (`README.md`, `keep.md`)"),
        "{}",
        r.err()
    );
    site.write("content/SUMMARY.md", "# Summary\n\n- [Own](own.md)\n");
    let r = site.build_err(&[]);
    let err = r.err();
    assert!(err.contains("points at .opsite-cache/sources/third/docs/c.md, which the source mounted at /third/ leaves out by its include patterns (`README.md`, `keep.md`)"), "{err}");
    assert!(err.contains("points at .opsite-cache/sources/second/docs/nb.ipynb, which the source mounted at /second/ leaves out by its exclude pattern `**/*.ipynb`"), "{err}");
    assert!(!err.contains("does not exist"), "{err}");
}

#[test]
fn a_root_relative_link_in_a_mounted_repository_starts_at_its_root() {
    // GitHub resolves `/x` from the repository's root: inside the mounted
    // folder it is a page, outside it the repository's web page.
    let repo = Repo::new(&[
        ("deploy/manifest.yaml", "kind: Deployment\n"),
        (
            "docs/README.md",
            "# Apps\n\n[guide](/docs/guide.md#use) [manifest](/deploy/manifest.yaml) [deploy](/deploy/)\n",
        ),
        ("docs/guide.md", "# Guide\n\n## Use\n"),
    ]);
    let site = site_with(&source(&repo, ""));
    site.build_ok(&[]);
    assert_eq!(
        site.html("apps/index.html").attrs("article a", "href"),
        [
            "/apps/guide/#use",
            "https://github.com/acme/apps/blob/main/deploy/manifest.yaml",
            "https://github.com/acme/apps/tree/main/deploy"
        ]
    );
    let repo = Repo::new(&[("docs/README.md", "# Apps\n\n[gone](/nowhere.md)\n")]);
    let r = site_with(&source(&repo, "")).build_err(&[]);
    assert!(r.err().contains("points at nowhere.md, which is not in its repository"), "{}", r.err());
}

#[test]
fn links_to_what_the_mount_holds_but_does_not_publish_go_to_the_repository() {
    // Dotfiles and folders without pages work on GitHub: 59 of the Operate
    // First port's broken-link reports were of this kind.
    let repo = Repo::new(&[
        ("docs/README.md", "# Apps\n\n[prow](.prow.yaml) [scripts](scripts/) [gone](.nothing.yaml)\n"),
        ("docs/.prow.yaml", "presubmits: {}\n"),
        ("docs/scripts/run.sh", "echo hi\n"),
    ]);
    let site = site_with(&source(&repo, ""));
    let r = site.build_err(&[]);
    assert!(r.err().contains("`.nothing.yaml`"), "{}", r.err());
    assert_eq!(r.err().matches("broken link").count(), 1, "{}", r.err());
    let repo = Repo::new(&[
        ("docs/README.md", "# Apps\n\n[prow](.prow.yaml) [scripts](scripts/)\n"),
        ("docs/.prow.yaml", "presubmits: {}\n"),
        ("docs/scripts/run.sh", "echo hi\n"),
    ]);
    let site = site_with(&source(&repo, ""));
    site.build_ok(&[]);
    assert_eq!(
        site.html("apps/index.html").attrs("article a", "href"),
        [
            "https://github.com/acme/apps/blob/main/docs/.prow.yaml",
            "https://github.com/acme/apps/tree/main/docs/scripts"
        ]
    );
}

#[test]
fn a_repositorys_root_mkdocs_yml_orders_the_folder_mounted_below_it() {
    // The usual MkDocs layout: mkdocs.yml at the root, pages in docs/.
    let repo = Repo::new(&[
        (
            "mkdocs.yml",
            "site_name: Apps\nnav:\n  - Home: index.md\n  - Zeta first: zeta.md\n  - Guides:\n    - Alpha: guides/alpha.md\n  - Alpha last: alpha.md\n",
        ),
        ("docs/index.md", "# Apps\n"),
        ("docs/alpha.md", "# Alpha\n"),
        ("docs/zeta.md", "# Zeta\n"),
        ("docs/unlisted.md", "# Unlisted\n"),
        ("docs/guides/alpha.md", "# Guide alpha\n"),
    ]);
    let site = site_with(&source(&repo, ""));
    site.build_ok(&[]);
    let page = site.html("apps/zeta/index.html");
    // Its labels and order, sections among pages where it puts them, its
    // index page named by its label.
    assert_eq!(page.texts(&format!("{} > a", crate::support::rows_at(0))), ["Home"]);
    assert_eq!(page.texts(&format!("{} > a", crate::support::rows_at(1))), ["Zeta first", "Guides", "Alpha last"]);
    assert_eq!(page.text("a[rel=next] .pager-title"), "Alpha last");
    assert!(site.out("apps/unlisted/index.html").is_file(), "built, though not in the navigation");
}

#[test]
fn a_curated_nav_naming_pages_of_an_unreachable_optional_source_builds_with_one_warning() {
    // This site's own book.toml: without network (CI) every Operate First
    // repository is out of reach, and the nav names their pages.
    let gone = tempfile::tempdir().unwrap();
    let book = format!(
        "{BOOK}[build]\nnav = \"nav/SUMMARY.md\"\n\n[redirects]\n\"/sre/\" = \"/ops/sre/\"\n\n[[sources]]\ngit = \"file://{}/missing\"\nmount = \"ops/sre\"\noptional = true\n",
        gone.path().display()
    );
    let site = Site::new()
        .file("book.toml", &book)
        .file("nav/SUMMARY.md", "- [Home](_index.md)\n- [Users](users.md)\n- [SRE](ops/sre/README.md)\n")
        .file(
            "content/users.md",
            "# Users\n\nSee [the SRE docs](ops/sre/README.md) and [on call](ops/sre/on-call.md#pager).\n",
        )
        .file("content/other.md", "# Other\n");
    let r = site.build_ok(&[]);
    let warnings: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    assert!(warnings[0].contains("source \"ops/sre\"") && warnings[0].contains("left out"), "{}", r.stderr);
    let home = site.html("users/index.html");
    assert_eq!(home.texts(".sidebar-list a"), ["Users"], "curated: other.md is built but not in the sidebar");
    assert!(site.out("other/index.html").is_file());
    // Links into the missing source are the pages it would give, unchecked:
    // its one warning says why they are missing.
    assert_eq!(home.attrs("article.content p a", "href"), ["/ops/sre/", "/ops/sre/on-call/#pager"]);
    // So are redirects to it (the old site's addresses, kept in book.toml).
    assert_eq!(site.html("sre/index.html").attr("meta[http-equiv=refresh]", "content"), "0; url=/ops/sre/");
}

#[test]
fn another_tools_frontmatter_only_warns_in_a_tree_the_site_does_not_own() {
    // argo-cd: `sponsors:` and a `template:` of its own failed the build.
    let page = "---\ntitle: Argo\nsponsors: [a, b]\ntemplate: docs-landing.html\n---\nText.\n";
    let book = |warn: &str| format!("{BOOK}\n[[sources]]\npath = \"vendor/argo\"\nmount = \"argo\"\n{warn}");
    let site = Site::new().file("book.toml", &book("")).file("vendor/argo/README.md", page);
    site.build_err(&[]);
    site.write("book.toml", &book("broken_links = \"warn\"\n"));
    let r = site.build_ok(&[]);
    let err = r.err();
    assert!(err.contains("vendor/argo/README.md:3:1: unknown frontmatter key `sponsors` kept in page.extra"), "{err}");
    assert!(
        err.contains(
            "vendor/argo/README.md:4:1: template \"docs-landing.html\" does not exist: the default one is used"
        ),
        "{err}"
    );
    assert_eq!(site.html("argo/index.html").text("h1"), "Argo");
}

#[test]
fn links_between_two_mounts_of_one_repository_resolve_in_the_site() {
    let repo = Repo::new(&[
        ("odh/docs/README.md", "# ODH\n\nStorage is in [ODF](../../odf/docs/claim.md#claiming).\n"),
        ("odf/docs/claim.md", "# Claim\n\n## Claiming\n"),
    ]);
    let url = repo.url();
    let site = Site::new().file(
        "book.toml",
        &format!(
            "{BOOK}\n[[sources]]\ngit = \"{url}\"\ndir = \"odh/docs\"\nmount = \"odh\"\n\n\
             [[sources]]\ngit = \"{url}\"\ndir = \"odf/docs\"\nmount = \"odf\"\n"
        ),
    );
    site.build_ok(&[]);
    assert_eq!(site.html("odh/index.html").attr("article a", "href"), "/odf/claim/#claiming");
    // The anchor is checked like any other.
    let site = Site::new().file(
        "book.toml",
        &format!(
            "{BOOK}\n[[sources]]\ngit = \"{url}\"\ndir = \"odh/docs\"\nmount = \"odh\"\n\n\
             [[sources]]\ngit = \"{url}\"\ndir = \"odf/docs\"\nmount = \"odf\"\nexclude = [\"claim.md\"]\n"
        ),
    );
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_link_out_of_the_mount_to_nothing_in_the_repository_is_broken() {
    let repo = Repo::new(&[
        ("docs/a.md", "# A\n\n[gone](../deploy/old.yaml) [out](../../../etc/passwd)\n"),
        ("deploy/new.yaml", "x"),
    ]);
    let site = site_with(&source(&repo, ""));
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_source_can_report_its_broken_links_as_warnings() {
    let repo = Repo::new(&[("docs/a.md", "# A\n\n[gone](nowhere.md)\n")]);
    let site =
        site_with(&source(&repo, "broken_links = \"warn\"")).file("content/own.md", "# Own\n\n[ok](apps/a.md)\n");
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    // The site's own broken links still fail it.
    site.write("content/own.md", "# Own\n\n[bad](nowhere.md)\n");
    site.build_err(&[]);
}

#[test]
fn a_local_folder_is_a_source_too() {
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}\n[[sources]]\npath = \"vendor/runbooks\"\nmount = \"ops/runbooks\"\n"))
        .file("vendor/runbooks/README.md", "# Runbooks\n")
        .file("vendor/runbooks/trino.md", "# Trino down\n\nBack to [the list](README.md).\n");
    site.build_ok(&[]);
    assert_eq!(site.html("ops/runbooks/trino/index.html").attr("article a", "href"), "/ops/runbooks/");
    assert_eq!(site.html("ops/runbooks/index.html").text("h1"), "Runbooks");
}

#[test]
fn two_sources_writing_one_path_is_an_error_naming_both() {
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}\n[[sources]]\npath = \"vendor\"\nmount = \"users\"\n"))
        .file("vendor/access.md", "# Access, vendored\n")
        .file("content/users/access.md", "# Access\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn urls_and_refs_that_git_would_read_as_options_are_refused() {
    for bad in [
        "git = \"-uhack\"\nmount = \"x\"",
        "git = \"--upload-pack=touch /tmp/pwned\"\nmount = \"x\"",
        "git = \"ext::sh -c touch% /tmp/pwned\"\nmount = \"x\"",
        "git = \"file:///tmp/x\"\nref = \"--orphan\"\nmount = \"x\"",
        "git = \"file:///tmp/x\"\nmount = \"../outside\"",
        "path = \"x\"\ngit = \"file:///tmp/x\"\nmount = \"x\"",
    ] {
        let site = site_with(bad);
        let r = site.build_err(&[]);
        assert!(r.stderr.contains("book.toml:"), "{bad}: {}", r.stderr);
        insta::assert_snapshot!(r.err());
    }
    assert!(!PathBuf::from("/tmp/pwned").exists());
}

#[test]
fn build_content_reads_a_docs_folder_or_the_repository_root() {
    let site = Site::empty()
        .file("book.toml", &format!("{BOOK}[build]\ncontent = \"docs\"\n"))
        .file("docs/README.md", "# Project docs\n\nSee [setup](setup.md).\n")
        .file("docs/setup.md", "# Setup\n");
    site.build_ok(&[]);
    assert_eq!(site.html("index.html").text("h1"), "Project docs");
    assert_eq!(
        site.html("setup/index.html").attr(".page-meta a[href*=edit]", "href"),
        "https://github.com/acme/docs/edit/main/docs/setup.md"
    );
    let site = Site::empty()
        .file("book.toml", &format!("{BOOK}[build]\ncontent = \".\"\n"))
        .file("README.md", "# At the root\n\n[Guide](guide/intro.md)\n")
        .file("guide/intro.md", "# Intro\n")
        .file("Cargo.toml", "[package]\n")
        .file("target/junk.md", "# Never read\n");
    site.build_ok(&[]);
    assert_eq!(site.html("index.html").text("h1"), "At the root");
    assert!(site.out("guide/intro/index.html").is_file());
    assert!(!site.out("Cargo.toml").exists() && !site.out("target").exists() && !site.out("book.toml").exists());
}
