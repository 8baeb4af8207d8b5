//! Other tools' tree layouts read as they mean them: Hugo's bundles,
//! `cascade`, `_build` and relative aliases; Docusaurus' `slug: /`.

use crate::support::Site;

/// A Hugo project with no opsite settings: `hugo.toml` and `content/`.
fn hugo() -> Site {
    Site::empty()
        .file("hugo.toml", "baseURL = \"https://example.org/\"\ntitle = \"Bundles\"\n")
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/posts/_index.md",
            "---\ntitle: Posts\nsort_by: date\ncascade:\n  params:\n    banner: hi\n---\n",
        )
        .file(
            "content/posts/first/index.md",
            "---\ntitle: First post\ndate: 2024-01-02\naliases: [old-first, ../legacy/first/]\n---\n![Chart](chart.png)\n",
        )
        .file("content/posts/first/chart.png", "PNG")
        .file("content/posts/second.md", "---\ntitle: Second post\ndate: 2024-03-04\n---\nText.\n")
        .file(
            "content/ops/_index.md",
            "---\ntitle: Ops\ncascade:\n  - _target:\n      path: /ops/internal/**\n    _build:\n      list: never\n  - owner_team: sre\n---\n",
        )
        .file("content/ops/guide/index.md", "---\ntitle: Guide\n---\nGuide.\n")
        .file("content/ops/guide/more/deep.md", "---\ntitle: Deep\n---\nDeep.\n")
        .file("content/ops/internal/notes.md", "---\ntitle: Internal notes\n---\nBuilt, not listed.\n")
        .file("content/ops/shared.md", "---\ntitle: Shared\n_build:\n  render: never\n---\nOnly for including.\n")
        .file("content/_includes/banner.md", "Never a page.\n")
}

#[test]
fn hugo_leaf_bundles_are_pages_with_their_files() {
    let site = hugo();
    let r = site.build_ok(&[]);
    let posts = site.html("posts/index.html");
    // A blog lists its bundles as posts, newest first.
    assert_eq!(posts.texts(".card-title"), ["Second post", "First post"], "{}", r.err());
    let first = site.html("posts/first/index.html");
    assert_eq!(first.attr("article img", "src"), "/posts/first/chart.png");
    assert!(site.out("posts/first/chart.png").is_file());
    assert_eq!(first.count("nav li:has(> a[aria-current=page])"), 1);
    assert_eq!(first.count("nav li.is-section:has(> a[aria-current=page])"), 0, "a bundle is a page in the sidebar");
    // A folder with pages below its index.md stays a section.
    assert!(site.html("ops/guide/index.html").count("nav li.is-section:has(> a[aria-current=page])") == 1);
}

#[test]
fn hugo_aliases_start_beside_the_page() {
    let site = hugo();
    site.build_ok(&[]);
    for old in ["posts/old-first/index.html", "legacy/first/index.html"] {
        assert_eq!(site.html(old).attr("meta[http-equiv=refresh]", "content"), "0; url=/posts/first/", "{old}");
    }
    assert!(!site.out("old-first").exists());
}

#[test]
fn hugo_cascade_and_build_options() {
    let site = hugo();
    site.build_ok(&[]);
    // `_build: {list: never}` cascaded to /ops/internal/**: built, unlisted.
    assert!(site.out("ops/internal/notes/index.html").is_file());
    let ops = site.html("ops/index.html");
    let listed = ops.texts(".sidebar-list a");
    assert!(listed.iter().any(|t| t == "Guide") && !listed.iter().any(|t| t == "Internal notes"), "{listed:?}");
    // `_build: {render: never}`: no page; `_includes/`: never published.
    assert!(!site.out("ops/shared").exists());
    assert!(!site.out("_includes").exists() && !site.out("includes").exists());
}

#[test]
fn docusaurus_docs_live_at_route_base_path_and_slug_root_is_their_home() {
    let config = |route: &str| {
        format!(
            "module.exports = {{ title: 'Slugs', url: 'https://example.org', baseUrl: '/', presets: [['classic', {{ docs: {{ path: 'docs'{route} }} }}]] }};\n"
        )
    };
    let site = Site::empty()
        .file("docusaurus.config.js", &config(""))
        .file("docs/intro.md", "---\nslug: /\ntitle: Introduction\n---\nStart here: [setup](setup.md).\n")
        .file("docs/setup.md", "---\ntitle: Setup\n---\nBack to the [intro](intro.md).\n")
        .file("docs/api/keys.md", "---\ntitle: Keys\nslug: /reference/keys\n---\nKeys.\n");
    let r = site.build_ok(&[]);
    assert!(!r.err().contains("slug"), "{}", r.err());
    // routeBasePath defaults to /docs/; `slug: /` is its home, `/x` under it.
    assert_eq!(site.page_in("build", "docs/index.html").text("h1"), "Introduction");
    assert_eq!(site.page_in("build", "docs/setup/index.html").attr("article a", "href"), "/docs/");
    assert!(site.root().join("build/docs/reference/keys/index.html").is_file());
    // routeBasePath: '/': the docs are the site.
    site.write("docusaurus.config.js", &config(", routeBasePath: '/'"));
    site.build_ok(&[]);
    assert_eq!(site.page_in("build", "index.html").text("h1"), "Introduction");
    assert_eq!(site.page_in("build", "setup/index.html").attr("article a", "href"), "/");
}

#[test]
fn docusaurus_category_files_label_and_order_folders() {
    let site = Site::empty()
        .file("docusaurus.config.js", "module.exports = { title: 'Cats', url: 'https://example.org', baseUrl: '/' };\n")
        .file("docs/intro.md", "---\nslug: /\nsidebar_position: 1\n---\n# Intro\n")
        .file("docs/zeta/_category_.json", "{\n  \"label\": \"Getting started\",\n  \"position\": 2,\n  \"collapsed\": true,\n  \"link\": {\"type\": \"generated-index\", \"description\": \"First steps.\"}\n}\n")
        .file("docs/zeta/one.md", "# One\n")
        .file("docs/alpha/_category_.yml", "label: Reference\nposition: 3\n")
        .file("docs/alpha/index.md", "---\ntitle: Reference index\n---\nAll of it.\n")
        .file("docs/alpha/two.md", "# Two\n")
        .file("docs/broken/_category_.json", "{\"label\": \n")
        .file("docs/broken/three.md", "# Three\n");
    let r = site.build_ok(&[]);
    let home = site.page_in("build", "docs/index.html");
    let top: Vec<String> = home.texts(".sidebar-list a");
    let at = |t: &str| top.iter().position(|n| n == t).unwrap_or_else(|| panic!("{t} not in {top:?}"));
    assert!(at("Getting started") < at("Reference"), "positions order folders: {top:?}");
    let zeta = site.page_in("build", "docs/zeta/index.html");
    assert_eq!(zeta.text("h1"), "Getting started", "a folder with no index takes the label as its title");
    assert!(zeta.text("main").contains("First steps."), "{}", zeta.text("main"));
    assert_eq!(site.page_in("build", "docs/alpha/index.html").text("h1"), "Reference index");
    assert!(!site.root().join("build/docs/zeta/_category_.json").exists(), "category files are not published");
    assert!(r.err().contains("docs/broken/_category_.json"), "{}", r.err());
}

#[test]
fn zola_internal_links_colocated_pages_and_its_own_templates() {
    let site = Site::empty()
        .file("config.toml", "base_url = \"https://zola.example.org\"\ntitle = \"Zola\"\n")
        .file(
            "templates/page.html",
            "{% extends \"index.html\" %}{% block content %}{{ page.content | safe }}{% endblock content %}\n",
        )
        .file("static/search.js", "// Zola's own search\n")
        .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nRead [the guide](@/docs/guide/index.md#setup).\n")
        .file("content/docs/_index.md", "+++\ntitle = \"Docs\"\n+++\n")
        .file(
            "content/docs/guide/index.md",
            "+++\ntitle = \"Guide\"\ntemplate = \"guide.html\"\n+++\n## Setup\n\n![Shot](shot.png)\n",
        )
        .file("content/docs/guide/shot.png", "PNG");
    let r = site.build_ok(&[]);
    assert!(!r.err().contains("broken link") && !r.err().contains("broken anchor"), "{}", r.err());
    assert!(!r.err().contains("search.js"), "Zola's static files replace nothing of the theme: {}", r.err());
    assert!(site.html("index.html").attrs("main a", "href").contains(&"/docs/guide/#setup".to_string()));
    let guide = site.html("docs/guide/index.html");
    assert_eq!(guide.attr("article img", "src"), "/docs/guide/shot.png");
    assert_eq!(guide.count("nav li:has(> a[aria-current=page])"), 1);
    assert_eq!(guide.count("nav li.is-section:has(> a[aria-current=page])"), 0);
    assert!(!site.read("search.js").contains("Zola's own search"));
}
