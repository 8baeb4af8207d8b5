//! Docs written for other generators build as they are.

use crate::support::{BOOK, Site};

fn hugo_tree() -> Site {
    Site::new()
        .file("content/docs/_index.md", "---\ntitle: Documentation\nbookFlatSection: true\nweight: 1\n---\nAll docs.\n")
        .file(
            "content/docs/install.md",
            "---\ntitle: Installing the operator\nlinkTitle: Install\nweight: 2\ncategories: [ops]\ntags: [setup, operator]\nauthor: Jane\nlastmod: 2024-02-03\nmenu:\n  main:\n    parent: docs\n---\n# Installing the operator\n\nBody.\n",
        )
        .file("content/docs/first.md", "---\ntitle: First\nsidebar_position: 1\ntype: docs\n---\nFirst.\n")
        .file("content/docs/secret.md", "---\ntitle: Secret\nbookHidden: true\n---\nNot in the menu.\n")
        .file("content/old.md", "+++\ntitle = \"Old\"\nredirect_to = \"https://example.org/docs/install/\"\ninsert_anchor_links = \"right\"\n+++\n")
}

#[test]
fn hugo_zola_and_docusaurus_keys_are_accepted_and_mapped() {
    let site = hugo_tree();
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    let page = site.html("docs/install/index.html");
    assert_eq!(page.text("h1"), "Installing the operator", "the title, with the repeated # heading shown once");
    assert_eq!(page.count("h1"), 1);
    assert_eq!(
        page.texts(&format!("{} > a", crate::support::rows_at(1))),
        ["First", "Install"],
        "linkTitle in navigation, weight order, hidden left out"
    );
    assert_eq!(page.attr(".page-meta time", "datetime"), "2024-02-03", "lastmod");
    assert!(site.out("docs/secret/index.html").is_file(), "a hidden page is still built");
    assert!(site.read("old/index.html").contains("url=https://example.org/docs/install/"), "redirect_to");
}

#[test]
fn a_typo_of_an_opsite_key_fails_and_a_key_nobody_knows_warns_once() {
    let site = Site::new()
        .file("content/a.md", "---\ntitle: A\nwieght: 2\n---\n")
        .file("content/b.md", "---\ntitle: B\nsponsors: [acme]\n---\n")
        .file("content/c.md", "---\ntitle: C\nsponsors: [initech]\n---\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    // The site says its unknown keys only warn: the typo is kept too.
    let site = site.file("book.toml", &format!("{BOOK}[build]\nunknown_frontmatter = \"warn\"\n"));
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    assert_eq!(site.html("a/index.html").text("h1"), "A");
    site.write("content/a.md", "---\ntitle: A\nweight: 2\n---\n");
    site.write("book.toml", BOOK);
    let r = site.build_ok(&[]);
    let err = r.err();
    assert_eq!(err.matches("unknown frontmatter key `sponsors`").count(), 1, "{err}");
    assert!(err.contains("(and on 1 more page)"), "{err}");
}

#[test]
fn hugo_keys_in_any_case_empty_values_params_and_zola_taxonomies() {
    let site = Site::new()
        .file(
            "content/a.md",
            "---\nTitle: Hugo page\nlinktitle: Short\naliases:\ndescription: \"\"\nparams:\n  icon: rocket\n---\nBody.\n",
        )
        .file("content/b.md", "+++\ntitle = \"Zola page\"\n[taxonomies]\ntags = [\"ops\"]\n+++\nBody.\n")
        .file("content/c.md", "---\ntitle: \"\"\n---\n# From the heading\n");
    let r = site.build_ok(&[]);
    assert!(!r.err().contains("unknown frontmatter key"), "{}", r.err());
    let a = site.html("a/index.html");
    assert_eq!(a.text("h1"), "Hugo page");
    assert_eq!(a.text("nav a[href='/a/']"), "Short");
    assert!(site.out("tags/ops/index.html").is_file());
    assert!(site.html("tags/ops/index.html").text("main").contains("Zola page"));
    assert_eq!(site.html("c/index.html").text("title"), "From the heading · Fixture");
}

#[test]
fn frontmatter_after_blank_lines_or_a_bom_is_frontmatter() {
    let site = Site::new()
        .file("content/a.md", "\n\n---\ntitle: Blank lines first\n---\nBody A.\n")
        .file("content/b.md", "\u{feff}---\ntitle: After a BOM\n---\nBody B.\n")
        .file("content/c.md", "\n---\ntitle: C\nweight: x\n---\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    site.write("content/c.md", "# C\n");
    site.build_ok(&[]);
    assert_eq!(site.html("a/index.html").text("h1"), "Blank lines first");
    assert!(!site.read("a/index.html").contains("title: Blank"));
    assert_eq!(site.html("b/index.html").text("h1"), "After a BOM");
}

#[test]
fn lowercase_urls_as_hugo_publishes_them() {
    let site = Site::new()
        .file("book.toml", &format!("{BOOK}[build]\nlowercase_urls = true\n"))
        .file("content/Runbooks/PVCFillingUp.md", "# PVCFillingUp\n\nSee [the other](KubePodCrashLooping.md).\n")
        .file("content/Runbooks/KubePodCrashLooping.md", "# KubePodCrashLooping\n");
    site.build_ok(&[]);
    assert!(site.out("runbooks/pvcfillingup/index.html").is_file());
    assert_eq!(
        site.html("runbooks/pvcfillingup/index.html").attr("article p a", "href"),
        "/runbooks/kubepodcrashlooping/"
    );
    site.write("content/Runbooks/pvcfillingup.md", "# Duplicate\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn a_link_that_differs_only_in_case_fails_with_the_fix() {
    let site = Site::new()
        .file("content/Ops/Runbook.md", "# Runbook\n")
        .file("content/Ops/Diagram.PNG", "png")
        .file("content/a.md", "# A\n\n[r](ops/runbook.md) [d](Ops/diagram.png)\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn regression_a_file_where_a_page_needs_a_folder_names_both() {
    // Crashed with `creating directory …: File exists` and no source path.
    let site = Site::new().file("content/guide.md", "# Guide\n").file("content/guide", "stray notes\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn docusaurus_slugs_are_paths_from_the_root_or_the_folder() {
    // appcircle's Docusaurus docs: 43 pages with `slug: /x/y` failed the build.
    let site = Site::new()
        .file("content/publish/_index.md", "---\ntitle: Publish\nslug: /publish-to-stores\n---\n")
        .file(
            "content/publish/report.md",
            "---\ntitle: Report\nslug: /publish-to-stores/report\n---\n[Info](info.md)\n",
        )
        .file("content/publish/info.md", "---\ntitle: Info\n---\n")
        .file("content/guide/deep.md", "---\ntitle: Deep\nslug: more/deeper\n---\n")
        .file("content/start.md", "---\ntitle: Start\nslug: /\n---\n");
    let r = site.build_ok(&[]);
    assert!(site.out("publish-to-stores/index.html").exists(), "a section index moves by its slug");
    assert!(site.out("publish-to-stores/report/index.html").exists());
    // As in Docusaurus, pages without a slug stay where their file is.
    assert!(site.out("publish/info/index.html").exists());
    assert_eq!(site.html("publish-to-stores/report/index.html").attrs("article a", "href"), ["/publish/info/"]);
    assert!(site.out("guide/more/deeper/index.html").exists(), "a slug without `/` first is from the folder");
    assert!(site.out("start/index.html").exists());
    assert!(
        r.err()
            .contains("content/start.md:3:1: slug \"/\" is left out: the home page is the content folder's own index"),
        "{}",
        r.err()
    );
}

#[test]
fn an_mdbook_project_builds_from_its_own_book_toml() {
    // The Rust book's book.toml was rejected: `unknown field book`.
    let site = Site::empty()
        .file(
            "book.toml",
            "[book]\ntitle = \"The Little Book\"\nauthors = [\"A\"]\nlanguage = \"en\"\n\n[output.html]\nadditional-css = [\"x.css\"]\ngit-repository-url = \"https://github.com/o/little\"\n\n[output.html.redirect]\n\"old-intro.html\" = \"intro.html\"\n\n[preprocessor.custom]\ncommand = \"x\"\n\n[rust]\nedition = \"2024\"\n\n[build]\nbuild-dir = \"out\"\ncreate-missing = false\n",
        )
        .file("src/SUMMARY.md", "# Summary\n\n[Introduction](intro.md)\n\n- [Getting started](start.md)\n")
        .file("src/intro.md", "# Introduction\n\nWelcome.\n")
        .file("src/start.md", "# Getting started\n\nSee the [introduction](intro.md).\n");
    let r = site.build_ok(&[]);
    assert!(site.root().join("out/intro/index.html").exists(), "mdBook's src and build-dir");
    let page = site.page_in("out", "start/index.html");
    assert!(page.text("title").contains("The Little Book"), "{}", page.text("title"));
    assert_eq!(page.attrs("article a", "href"), ["/intro/"]);
    assert!(page.texts(".sidebar-list a").iter().any(|t| t.contains("Getting started")));
    let redirect = std::fs::read_to_string(site.root().join("out/old-intro.html")).unwrap();
    assert!(redirect.contains("/intro/"), "mdBook's redirects are kept: {redirect}");
    let err = r.err();
    assert!(err.contains("mdBook preprocessors are not run: custom"), "{err}");
    assert!(err.contains("warning: book.toml: no [site] base_url"), "{err}");
}

#[test]
fn opsites_keys_live_beside_mdbooks_in_one_book_toml() {
    let site = Site::empty()
        .file(
            "book.toml",
            "[book]\ntitle = \"Book\"\nsrc = \"docs\"\n\n[site]\ntitle = \"The Site\"\nbase_url = \"https://docs.example.org/\"\n\n[build]\nsearch = false\n\n[markdown]\nsmart_punctuation = false\n",
        )
        .file("docs/a.md", "# A\n\n\"quoted\"\n");
    let r = site.build_ok(&[]);
    assert!(r.err().is_empty(), "{}", r.err());
    // Built where mdBook builds, `book/`, unless [build] output says.
    let page = site.page_in("book", "a/index.html");
    assert!(page.text("title").contains("The Site"));
    assert_eq!(page.texts("article p"), ["\"quoted\""], "opsite's [markdown] is read");
    assert!(!site.root().join("book/search").exists(), "opsite's [build] is read");
    // A typo in opsite's keys is still an error, named.
    site.write("book.toml", "[book]\ntitle = \"Book\"\nsrc = \"docs\"\n\n[markdown]\nsmart_punctuaton = false\n");
    let r = site.build_err(&[]);
    assert!(r.err().contains("unknown field `smart_punctuaton`"), "{}", r.err());
}

#[test]
fn an_mkdocs_project_builds_from_its_mkdocs_yml_with_no_opsite_settings() {
    // argo-cd: no book.toml, a Material mkdocs.yml with Python tags, four
    // pages whose frontmatter is not YAML, links to files not in the tree.
    let site = Site::empty()
        .file(
            "mkdocs.yml",
            "site_name: Widget Docs\nrepo_url: https://github.com/o/widget\ndocs_dir: documentation\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - Overview: index.md\n  - Guides:\n    - Install: guides/install.md\n    - Use: guides/use.md\n",
        )
        .file("documentation/index.md", "# Widget\n\nStart with [installing](guides/install.md).\n")
        .file("documentation/guides/use.md", "# Use\n\nA [missing page](gone.md).\n")
        .file("documentation/guides/install.md", "---\ntitle: Install\nauthors: [\"@someone\"]\nbroken: [\n---\n# Install\n\nSteps.\n");
    let r = site.build_ok(&[]);
    let out = |p: &str| site.root().join("site").join(p);
    assert!(out("guides/install/index.html").exists(), "docs_dir is the content, MkDocs' site/ the output");
    let page = site.page_in("site", "guides/use/index.html");
    assert!(page.text("title").contains("Widget Docs"));
    let nav = page.texts(".sidebar-list a");
    let at = |t: &str| nav.iter().position(|n| n.contains(t)).unwrap_or_else(|| panic!("{t} not in {nav:?}"));
    assert!(at("Install") < at("Use"), "mkdocs.yml's nav orders the sidebar: {nav:?}");
    let err = r.err();
    assert!(err.contains("warning: documentation/guides/install.md:4:9: invalid frontmatter: unclosed bracket '[': the page is built without it"), "{err}");
    assert!(err.contains("warning: documentation/guides/use.md:3:3: broken link: `gone.md`"), "{err}");
    assert!(err.contains("warning: mkdocs.yml: no site_url"), "{err}");
}

#[test]
fn hugo_zola_jupyter_book_and_docusaurus_projects_build_from_their_own_configuration() {
    // Hugo, multilingual: the English content folder, its title and address.
    let hugo = Site::empty()
        .file(
            "config/_default/hugo.yaml",
            "baseURL: https://otel.example.org\ntitle: OTel Docs\nlanguages:\n  en:\n    title: nested, not read\nparams:\n  notes:\n    compose: |\n      Use **Compose v2**.\n",
        )
        .file("content/en/_index.md", "---\ntitle: Home\n---\nWelcome.\n\n{{% param notes.compose %}}\n\nThis is {{% param title %}}.\n")
        .file(
            "content/en/docs/start.md",
            "---\ntitle: Start\nlinkTitle: Go\ncascade:\n  type: docs\n---\nStart here; [nowhere](nowhere.md).\n",
        );
    let r = hugo.build_ok(&[]);
    let start = hugo.page_in("public", "docs/start/index.html");
    assert!(start.text("title").contains("OTel Docs"), "{}", start.text("title"));
    assert_eq!(start.attr("link[rel=canonical]", "href"), "https://otel.example.org/docs/start/");
    assert!(
        r.err().contains("warning: content/en/docs/start.md"),
        "broken links warn in a tree read as it is: {}",
        r.err()
    );
    // `{{% param %}}`: the site's params, and the page's own title first.
    let home = hugo.page_in("public", "index.html");
    let paras = home.texts("main p");
    assert!(paras.iter().any(|p| p == "Use Compose v2.") && paras.iter().any(|p| p == "This is Home."), "{paras:?}");
    assert_eq!(home.texts("main p strong"), ["Compose v2"]);

    let zola = Site::empty()
        .file("config.toml", "base_url = \"https://zola.example.org\"\ntitle = \"Zola Site\"\n[extra]\nx = 1\n")
        .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHi.\n")
        .file("content/a.md", "+++\ntitle = \"A\"\n+++\nA.\n");
    zola.build_ok(&[]);
    assert!(zola.page_in("public", "a/index.html").text("title").contains("Zola Site"));

    let jb = Site::empty()
        .file("_config.yml", "title: A Jupyter Book\nauthor: Someone\nexecute:\n  execute_notebooks: off\n")
        .file("_toc.yml", "format: jb-book\nroot: intro\nchapters:\n  - file: second\n  - file: first\n")
        .file("intro.md", "# Intro\n\nHello.\n")
        .file("first.md", "# First\n")
        .file("second.md", "# Second\n");
    jb.build_ok(&[]);
    let intro = jb.page_in("_build/html", "intro/index.html");
    assert!(intro.text("title").contains("A Jupyter Book"));
    let nav = intro.texts(".sidebar-list a");
    let at = |t: &str| nav.iter().position(|n| n == t).unwrap_or_else(|| panic!("{t} not in {nav:?}"));
    assert!(at("Second") < at("First"), "_toc.yml orders the chapters: {nav:?}");

    let docusaurus = Site::empty()
        .file(
            "docusaurus.config.js",
            "module.exports = {\n  title: 'Widget Docs',\n  url: 'https://widget.example.org',\n  baseUrl: '/',\n  presets: [['classic', { docs: { path: 'documentation', routeBasePath: '/' } }]],\n};\n",
        )
        .file("documentation/intro.mdx", "---\nslug: /welcome\n---\nimport Tabs from '@theme/Tabs';\n\n# Welcome\n");
    docusaurus.build_ok(&[]);
    assert!(docusaurus.page_in("build", "welcome/index.html").text("title").contains("Widget Docs"));
}

#[test]
fn verbose_says_which_configuration_was_read_and_what_it_did_not_use() {
    let site = Site::empty()
        .file(
            "mkdocs.yml",
            "site_name: Widget\nsite_url: https://example.org/\ntheme:\n  name: material\nplugins:\n  - search\nnav:\n  - Home: index.md\n",
        )
        .file("docs/index.md", "# Widget\n");
    let r = site.run(&["build", "-v"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("no book.toml: read mkdocs.yml (MkDocs)"), "{}", r.stderr);
    assert!(r.stderr.contains("mkdocs.yml: not used by opsite: theme, plugins"), "{}", r.stderr);
    let quiet = site.run(&["build"]);
    assert!(!quiet.stderr.contains("not used"), "only with -v: {}", quiet.stderr);
    let book = Site::empty()
        .file("book.toml", "[book]\ntitle = \"B\"\n[output.html]\nmathjax-support = true\n[output.linkcheck]\n")
        .file("src/SUMMARY.md", "- [A](a.md)\n")
        .file("src/a.md", "# A\n");
    let r = book.run(&["build", "-v"]);
    assert!(
        r.stderr.contains("book.toml: not used by opsite: output.html.mathjax-support, output.linkcheck"),
        "{}",
        r.stderr
    );
}
