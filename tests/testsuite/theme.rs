//! The default theme on this repository's own site, in a real browser:
//! accessibility (axe-core), small screens, dark mode, valid HTML.

use std::path::{Path, PathBuf};

use crate::browser::{browser, browser_sized, eval, eval_async, wait_for};
use crate::serve::Served;
use crate::support::Site;

/// Pages the issue names (the landing page, a Users page and a runbook),
/// a page with tabs and callouts, the runbooks index and the incidents page.
const PAGES: [&str; 14] = [
    "",
    "users/jupyterhub/",
    "users/access/",
    "operations/runbooks/jupyterhub/",
    "operations/runbooks/",
    "operations/runbooks/coverage/",
    "operations/runbooks/owners/",
    "slo/",
    "slo/jupyterhub/",
    "incidents/",
    "news/",
    "news/from-alert-to-runbook/",
    "tags/",
    "tags/sre/",
];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// This repository's site (book.toml, content/, nav/ and the alert rules its
/// runbooks show) copied into a temp dir.
fn own_site() -> Site {
    let site = Site::empty();
    copy_tree(&repo().join("content"), &site.root().join("content"));
    copy_tree(&repo().join("deploy"), &site.root().join("deploy"));
    copy_tree(&repo().join("nav"), &site.root().join("nav"));
    std::fs::copy(repo().join("book.toml"), site.root().join("book.toml")).unwrap();
    site
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// axe-core's browser bundle (installed by `npm ci`).
pub fn axe_source() -> String {
    let path = repo().join("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run `npm ci`; .ci/run does)", path.display()))
}

pub fn axe_violations(tab: &headless_chrome::Tab, axe: &str) -> Vec<String> {
    eval(tab, &format!("{axe};true"));
    let result = eval_async(
        tab,
        "axe.run(document, { resultTypes: ['violations'] }).then(r => JSON.stringify(r.violations.map(v => \
         v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))",
    );
    serde_json::from_str(result.as_str().unwrap_or("[]")).unwrap()
}

#[test]
#[cfg_attr(not(opsite_axe), ignore = "needs chromium and axe-core (npm ci); .ci/run installs them")]
fn axe_finds_no_violations_in_light_or_dark_mode() {
    let axe = axe_source();
    let browser = browser();
    let site = own_site();
    let s = Served::start(&site, &["--offline"]);
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        tab.navigate_to(&s.url).unwrap().wait_until_navigated().unwrap();
        eval(&tab, &format!("localStorage.setItem('opsite-theme', '{scheme}'); true"));
        for page in PAGES {
            tab.navigate_to(&format!("{}{page}", s.url)).unwrap().wait_until_navigated().unwrap();
            wait_for(&tab, &format!("document.documentElement.dataset.theme === '{scheme}'"), "the colour scheme");
            // Checked with the copy buttons in place.
            wait_for(
                &tab,
                "document.querySelectorAll('pre.code').length === document.querySelectorAll('button.copy-code').length",
                "the copy buttons",
            );
            if page == "users/access/" {
                // Tabs are checked as a reader sees them: set up, one panel shown.
                wait_for(
                    &tab,
                    "document.querySelectorAll('.tabs.tabs-ready [role=tabpanel]:not([hidden])').length === 1",
                    "the tabs",
                );
            }
            if page.ends_with("runbooks/jupyterhub/") {
                // The rule panels are part of what is checked.
                assert!(eval(&tab, "document.querySelectorAll('.alert-rule').length") != 0, "no rule panel on /{page}");
            }
            for v in axe_violations(&tab, &axe) {
                failures.push(format!("/{page} [{scheme}]: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "axe violations:\n{}", failures.join("\n"));
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn no_horizontal_scroll_at_375px() {
    let browser = browser_sized(375, 812);
    let site = own_site();
    let s = Served::start(&site, &["--offline"]);
    let tab = browser.new_tab().unwrap();
    // Desktop Chromium will not make a window narrower than 500px; emulate a phone.
    tab.call_method(headless_chrome::protocol::cdp::Emulation::SetDeviceMetricsOverride {
        width: 375,
        height: 812,
        device_scale_factor: 2.0,
        mobile: true,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .unwrap();
    for page in PAGES {
        tab.navigate_to(&format!("{}{page}", s.url)).unwrap().wait_until_navigated().unwrap();
        let width = eval(&tab, "window.innerWidth");
        assert_eq!(width, 375, "viewport width");
        let overflow = eval(&tab, "document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assert_eq!(overflow, 0, "/{page} scrolls horizontally at 375px");
        // The sidebar folds into a menu on small screens.
        assert_eq!(
            eval(
                &tab,
                "document.querySelector('details.sidebar') ? document.querySelector('details.sidebar').open : false"
            ),
            false
        );
    }
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn dark_mode_toggle_switches_and_persists() {
    let browser = browser();
    let site = own_site();
    let s = Served::start(&site, &["--offline"]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}users/", s.url)).unwrap().wait_until_navigated().unwrap();
    eval(&tab, "localStorage.removeItem('opsite-theme'); true");
    tab.navigate_to(&format!("{}users/jupyterhub/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, "document.readyState === 'complete'", "the page to load");
    // Headless Chromium prefers light by default.
    let light_bg = eval(&tab, "getComputedStyle(document.body).backgroundColor");
    assert_eq!(light_bg, "rgb(255, 255, 255)");
    wait_for(&tab, "!document.querySelector('.theme-toggle').hidden", "the toggle to appear");
    tab.find_element(".theme-toggle").unwrap().click().unwrap();
    wait_for(&tab, "document.documentElement.dataset.theme === 'dark'", "dark mode");
    assert_eq!(eval(&tab, "getComputedStyle(document.body).backgroundColor"), "rgb(15, 20, 26)");
    assert_eq!(eval(&tab, "document.querySelector('.theme-toggle').getAttribute('aria-pressed')"), "true");
    assert_eq!(eval(&tab, "document.querySelector('link[data-hl=dark]').media"), "all");
    eval(&tab, "window.__beforeReload = true; true");
    tab.reload(false, None).unwrap();
    wait_for(
        &tab,
        "window.__beforeReload === undefined && document.readyState === 'complete' && document.documentElement.dataset.theme === 'dark'",
        "the choice to survive a reload",
    );
    assert_eq!(eval(&tab, "getComputedStyle(document.body).backgroundColor"), "rgb(15, 20, 26)");
}

/// The controls only a script can work are built by it, in the tree's
/// words from opsite-site.js: pages no longer carry them (1 KB a page).
#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn the_search_field_toggle_and_copy_button_are_built_in_the_trees_words() {
    let browser = browser();
    let site = Site::new()
        .file("book.toml", &format!("{}language = \"de\"\n", crate::support::BOOK))
        .file(
            "themes/default/strings.de.toml",
            "dark_mode = \"Dunkler Modus\"\nsearch = \"Suchen\"\ncopy_page = \"Seite kopieren\"\n",
        )
        .file("content/guide/_index.md", "# Guide\n")
        .file("content/guide/a.md", "# A\n\nText.\n");
    let s = Served::start(&site, &[]);
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}guide/a/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, "document.readyState === 'complete' && !!document.querySelector('.theme-toggle')", "the toggle");
    assert_eq!(eval(&tab, "document.querySelector('.theme-toggle-label').textContent"), "Dunkler Modus");
    assert_eq!(eval(&tab, "document.getElementById('search-input').placeholder"), "Suchen");
    assert_eq!(eval(&tab, "document.querySelector('.top-nav + form.search').dataset.search"), "/search/");
    assert_eq!(eval(&tab, "document.getElementById('search-hint').textContent.length > 20"), true);
    assert_eq!(eval(&tab, "document.querySelector('.page-markdown + .copy-page').textContent"), "Seite kopieren");
    assert_eq!(eval(&tab, "document.querySelector('.copy-page').dataset.src"), "/guide/a/index.html.md");
}

#[test]
#[cfg_attr(not(opsite_vnu), ignore = "needs java and vnu-jar (npm ci); .ci/run installs them")]
fn every_page_passes_the_nu_html_checker() {
    let jar = repo().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} missing (run `npm ci`; .ci/run does)", jar.display());
    let site = own_site();
    site.build_ok(&["--offline"]);
    let out = std::process::Command::new("java")
        .args(["-jar", jar.to_str().unwrap(), "--errors-only", "--skip-non-html", "--format", "json"])
        .arg(site.root().join("public"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stderr).expect("vnu JSON report");
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error")
        .map(|m| format!("{}:{}: {}", m["url"], m["lastLine"], m["message"]))
        .collect();
    assert!(errors.is_empty(), "Nu HTML checker errors:\n{}", errors.join("\n"));
    let pages = walkdir::WalkDir::new(site.root().join("public"))
        .into_iter()
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "html")))
        .count();
    assert!(pages >= 15, "checked only {pages} pages");
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn readable_with_javascript_off() {
    let browser = browser();
    let site = own_site();
    let s = Served::start(&site, &["--offline"]);
    let tab = browser.new_tab().unwrap();
    tab.call_method(headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled { value: true }).unwrap();
    tab.navigate_to(&format!("{}operations/runbooks/jupyterhub/", s.url)).unwrap().wait_until_navigated().unwrap();
    // No script ran: no theme toggle, no search field and no copy button,
    // which only a script could work, and which the theme's script builds.
    assert_eq!(eval(&tab, "document.querySelectorAll('.theme-toggle, form.search, .copy-page').length"), 0);
    assert_eq!(eval(&tab, "document.querySelector('.page-markdown').textContent"), "View as Markdown");
    assert_eq!(eval(&tab, "document.querySelector('article h1').textContent"), "JupyterHub runbook");
    // The sidebar and the table of contents are visible on a wide screen.
    assert_eq!(eval(&tab, "document.querySelector('.sidebar-list a').getBoundingClientRect().height > 0"), true);
    assert_eq!(eval(&tab, "document.querySelector('.toc a').getBoundingClientRect().height > 0"), true);
    assert_eq!(eval(&tab, "document.querySelectorAll('.incident-alert').length"), 3);
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn code_blocks_have_a_copy_button_that_works_from_file_urls() {
    let site = crate::support::Site::new().file(
        "content/a.md",
        &format!(
            "# A\n\n```bash\noc get pods -n opf-jupyterhub\n```\n\n```\nplain text\n```\n\n```yaml\nexpr: {}\n```\n",
            "sum(rate(x[5m])) by (namespace) > 0 and ".repeat(12)
        ),
    );
    site.build_ok(&[]);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    let url = format!("file://{}", site.out("a/index.html").display());
    tab.navigate_to(&url).unwrap().wait_until_navigated().unwrap();
    // Page links are site-absolute, so from file:// the theme script is not
    // found by itself: run it in the file:// page, where the Clipboard API
    // may be missing, as a reader's saved copy would.
    let css = std::fs::read_to_string(repo().join("themes/default/static/opsite.css")).unwrap();
    let add_css = format!(
        "var s = document.createElement('style'); s.textContent = {}; document.head.appendChild(s); true",
        serde_json::to_string(&css).unwrap()
    );
    eval(&tab, &add_css);
    // The site's words first, as every page loads them.
    tab.evaluate(&site.read("opsite-site.js"), false).unwrap();
    let js = std::fs::read_to_string(repo().join("themes/default/static/opsite.js")).unwrap();
    tab.evaluate(&js, false).unwrap();
    wait_for(&tab, "document.querySelectorAll('button.copy-code').length === 3", "a button per code block");
    // The button never covers code: over a block whose first line runs
    // under it (a rule panel at 1280 px), the code starts below it.
    let covers = "(function (i) {
        var block = document.querySelectorAll('.code-block')[i];
        var b = block.querySelector('button').getBoundingClientRect();
        var text = block.querySelector('code').firstChild;
        while (text && text.nodeType !== 3) text = text.firstChild;
        var r = document.createRange(); r.setStart(text, 0); r.setEnd(text, 1);
        var line = r.getBoundingClientRect();
        return b.bottom > line.top && line.right > b.left ? 'covers' : 'clear';
    })";
    assert_eq!(eval(&tab, &format!("{covers}(2)")), "clear", "a long first line starts below the button");
    assert_eq!(
        eval(&tab, "document.querySelectorAll('.code-block.copy-above').length"),
        1,
        "only the wide block moves"
    );
    // The button sits over the block: adding it moved nothing.
    assert_eq!(eval(&tab, "getComputedStyle(document.querySelector('button.copy-code')).position"), "absolute");
    assert_eq!(
        eval(&tab, "document.querySelector('button.copy-code').getAttribute('aria-label')"),
        "Copy code to clipboard"
    );
    eval(&tab, "document.querySelector('button.copy-code').focus(); true");
    assert_eq!(eval(&tab, "document.activeElement.className"), "copy-code", "keyboard reachable");
    tab.find_element("button.copy-code").unwrap().click().unwrap();
    wait_for(&tab, "document.querySelector('.copy-status').textContent.length > 0", "the result to be announced");
    let said = eval(&tab, "document.querySelector('.copy-status').textContent");
    let label = eval(&tab, "document.querySelector('button.copy-code').textContent");
    assert!(
        (said == "Copied to clipboard" && label == "Copied")
            || (said.as_str().is_some_and(|s| s.starts_with("Could not copy")) && label == "Press Ctrl+C"),
        "{said} / {label}"
    );
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn mermaid_diagrams_are_drawn_without_any_request_elsewhere() {
    let site = crate::support::Site::new().file(
        "content/flow.md",
        "# Flow\n\n```mermaid\nsequenceDiagram\n  Alertmanager->>GitHub: open incident\n  GitHub-->>Runbook: shows it\n```\n",
    );
    let s = Served::start(&site, &["--offline"]);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}flow/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, "!!document.querySelector('pre.mermaid svg')", "the diagram to be drawn");
    assert_eq!(eval(&tab, "document.querySelector('pre.mermaid svg').textContent.includes('open incident')"), true);
    let foreign = eval(
        &tab,
        "performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin)).length",
    );
    assert_eq!(foreign, 0, "no third-party request");
}

#[test]
fn a_static_file_replacing_a_theme_file_is_a_warning_unless_meant() {
    let site = Site::new().file("static/opsite.css", "body { color: red; }\n");
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    assert_eq!(site.read("opsite.css"), "body { color: red; }\n", "the site's file is used");
    site.write("book.toml", &format!("{}replace_theme_files = [\"opsite.css\"]\n", crate::support::BOOK));
    let r = site.build_ok(&[]);
    assert!(!r.stderr.contains("replaces"), "{}", r.stderr);
}

/// A `base.html` of the site's own written before `opsite-site.js` existed
/// loads the theme's script without its words: said once, where it is.
#[test]
fn a_base_template_without_the_site_script_is_a_warning() {
    let base = "<!doctype html><html><body>{% block body %}{% block main %}{% endblock main %}{% block aside %}{% endblock aside %}{% endblock body %}<script src=\"{{ assets.js }}\" defer></script></body></html>\n";
    let site = Site::new().file("templates/base.html", base).file("content/a.md", "# A\n");
    let r = site.build_ok(&[]);
    let said = r.err();
    assert_eq!(said.matches("templates/base.html: loads assets.js but not assets.site").count(), 1, "{said}");
    assert!(said.contains("hint: add <script src=\"{{ assets.site }}\" defer></script>"), "{said}");
    // With it, nothing to say.
    site.write(
        "templates/base.html",
        &base.replace("<script", "<script src=\"{{ assets.site }}\" defer></script><script"),
    );
    assert!(!site.build_ok(&[]).err().contains("assets.site"));
}

/// Pages carried the templates' indentation and a blank line for every
/// `{% if %}` that printed nothing: 450 bytes of an 11 KB page.
#[test]
fn pages_carry_no_template_indentation_and_keep_their_words_apart() {
    let site = Site::new()
        .file("content/a.md", "# A\n\nText.\n\n```yaml\nkey:\n    nested: value\n\n  back: 1\n```\n")
        .file(
            "templates/plain.html",
            "{% extends \"base.html\" %}\n{% block main %}\n    <p>\n      one\n      {% if true %}\n        two\n      {% endif %}\n    </p>\n    <pre>\n  kept\n\n    as is\n</pre>\n{% endblock main %}\n",
        )
        .file("content/b.md", "---\ntemplate: plain.html\n---\n# B\n");
    site.build_ok(&[]);
    let a = site.read("a/index.html");
    // Each <pre> stands as one word, `PRE`, on its line.
    let outside_pre: String = a
        .split("<pre")
        .enumerate()
        .map(|(i, s)| if i == 0 { s.to_string() } else { format!("PRE{}", s.split_once("</pre>").map_or("", |x| x.1)) })
        .collect();
    for line in outside_pre.lines() {
        assert!(!line.starts_with([' ', '\t']) && !line.trim().is_empty(), "{line:?} in\n{outside_pre}");
    }
    let page = site.html("a/index.html");
    assert_eq!(page.text("pre code"), "key:\n    nested: value\n\n  back: 1", "code keeps its indentation");
    assert_eq!(page.text(".skip-link"), "Skip to content");
    assert!(page.texts(".site-footer p").iter().any(|t| t.contains("Sitemap")));
    // The site's own template is compacted the same way, and its words stay apart.
    let b = site.read("b/index.html");
    assert!(b.contains("<p>\none\ntwo\n</p>"), "{b}");
    assert!(b.contains("<pre>\n  kept\n\n    as is\n</pre>"), "{b}");
}

/// docs/theming.md names every template and every value templates get, and
/// nothing that is not there: a template that prints the context's keys
/// is compared with the document.
#[test]
fn the_theming_document_matches_the_templates_and_the_context() {
    let doc = std::fs::read_to_string(repo().join("docs/theming.md")).unwrap();
    for e in std::fs::read_dir(repo().join("themes/default/templates")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(doc.contains(&format!("`{name}`")), "docs/theming.md does not list the template {name}");
    }
    // A page, a section and a runbook: each kind carries its own values.
    let dump = "{% for k, v in page %}page.{{ k }} {% endfor %}{% for k, v in site %}site.{{ k }} {% endfor %}{% for k, v in assets %}assets.{{ k }} {% endfor %}{% for k, v in strings %}strings.{{ k }} {% endfor %}";
    let site = Site::new()
        .file("content/a.md", "# A\n")
        .file("content/ops/_index.md", "# Ops\n")
        .file("content/ops/hub.md", "---\nalerts: [HubDown]\n---\n# Hub\n\n## HubDown\n\nRestart it.\n")
        .file("content/pm.md", "---\nstarted: 2026-01-02T03:04:00Z\n---\n# Outage\n")
        .file("templates/page.html", dump)
        .file("templates/section.html", dump);
    site.build_ok(&[]);
    let mut keys =
        ["a/index.html", "ops/index.html", "ops/hub/index.html", "pm/index.html"].map(|p| site.read(p)).join(" ");
    let page_keys = site.read("a/index.html");
    for absent in
        ["page.pages", "page.alerts", "page.incidents_api", "page.versions", "page.version_notice", "page.postmortem"]
    {
        assert!(!page_keys.split_whitespace().any(|k| k == absent), "a plain page carries {absent}");
    }
    // And a page of a version other than the latest, for the switcher.
    for args in [&["init", "-q"][..], &["add", "-A"], &["commit", "-qm", "one"], &["tag", "v1.0"]] {
        let ok = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(site.root())
            .status()
            .unwrap();
        assert!(ok.success());
    }
    site.write("book.toml", &format!("{}\n[versions]\nrefs = [\"v*\"]\n", crate::support::BOOK));
    site.build_ok(&[]);
    keys.push_str(&site.read("next/a/index.html"));
    for key in keys.split_whitespace() {
        assert!(doc.contains(&format!("`{key}`")), "docs/theming.md does not describe `{key}`");
    }
    // And every `page.x`, `site.x`, `assets.x` the document names exists.
    for word in doc.split('`').skip(1).step_by(2) {
        let is_value = ["page.", "site.", "assets.", "strings."].iter().any(|p| word.starts_with(p))
            && !word.contains(' ')
            && !word.ends_with(".html")
            && !word.ends_with(".toml");
        if is_value {
            assert!(
                keys.split_whitespace().any(|k| k == word),
                "docs/theming.md names `{word}`, which templates do not get"
            );
        }
    }
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn tabs_work_by_click_and_keyboard_remember_the_choice_and_read_without_script() {
    let site = crate::support::Site::new()
        .file(
            "content/install.md",
            "# Install\n\n=== \"Linux\"\n    Use apt.\n=== \"macOS\"\n    Use brew.\n=== \"Windows\"\n    Use winget.\n\nText between.\n\n=== \"Linux\"\n    Linux again.\n=== \"macOS\"\n    macOS again.\n=== \"Windows\"\n    Windows again.\n\n<Tabs groupId=\"pkg\">\n<TabItem value=\"pip\">\npip\n</TabItem>\n<TabItem value=\"conda\">\nconda\n</TabItem>\n</Tabs>\n",
        )
        .file("content/other.md", "# Other\n\n=== \"Linux\"\n    L.\n=== \"macOS\"\n    M.\n=== \"Windows\"\n    W.\n");
    let s = Served::start(&site, &["--offline"]);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}install/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, "document.querySelectorAll('.tabs.tabs-ready').length === 3", "the tabs to be set up");
    // What each group shows: the label of the selected tab and the visible panel's text.
    let state = "Array.from(document.querySelectorAll('.tabs')).map(function (g) {
        var sel = g.querySelector('[role=tab][aria-selected=true]');
        var shown = Array.from(g.querySelectorAll('[role=tabpanel]')).filter(function (p) { return p.offsetHeight > 0; });
        return sel.textContent + ':' + shown.map(function (p) { return p.innerText.trim(); }).join('|');
    }).join(' / ')";
    assert_eq!(eval(&tab, state), "Linux:Use apt. / Linux:Linux again. / pip:pip");
    assert_eq!(eval(&tab, "document.querySelector('.tab-label').offsetHeight"), 0, "the tab names the panel");
    // A click chooses in every group with the same labels, not in others.
    tab.find_elements("[role=tab]").unwrap()[1].click().unwrap();
    assert_eq!(eval(&tab, state), "macOS:Use brew. / macOS:macOS again. / pip:pip");
    // Keys: arrows move and choose, wrapping; Home and End; focus follows.
    eval(&tab, "document.querySelector('[role=tab][aria-selected=true]').focus(); true");
    tab.press_key("ArrowRight").unwrap();
    assert_eq!(eval(&tab, state), "Windows:Use winget. / Windows:Windows again. / pip:pip");
    tab.press_key("ArrowRight").unwrap();
    assert_eq!(eval(&tab, "document.activeElement.textContent"), "Linux", "wraps to the first");
    tab.press_key("End").unwrap();
    tab.press_key("ArrowLeft").unwrap();
    assert_eq!(eval(&tab, "document.activeElement.textContent"), "macOS");
    assert_eq!(eval(&tab, "document.activeElement.tabIndex"), 0, "the chosen tab is the one in the tab order");
    assert_eq!(eval(&tab, "document.querySelectorAll('[role=tab][tabindex=\"0\"]').length"), 3, "one per group");
    // The choice is remembered on other pages with the same tabs.
    tab.navigate_to(&format!("{}other/", s.url)).unwrap().wait_until_navigated().unwrap();
    wait_for(&tab, "document.querySelector('.tabs.tabs-ready') !== null", "the tabs to be set up");
    assert_eq!(eval(&tab, state), "macOS:M.");

    // Without script: no tab list, every panel under its label.
    let plain = browser.new_tab().unwrap();
    plain.call_method(headless_chrome::protocol::cdp::Emulation::SetScriptExecutionDisabled { value: true }).unwrap();
    plain.navigate_to(&format!("{}install/", s.url)).unwrap().wait_until_navigated().unwrap();
    assert_eq!(eval(&plain, "document.querySelector('[role=tablist]').offsetHeight"), 0);
    assert_eq!(
        eval(
            &plain,
            "Array.from(document.querySelectorAll('.tabs')[0].querySelectorAll('[role=tabpanel]')).map(function (p) { return p.innerText.trim().replace(/\\s+/g, ' '); }).join('|')"
        ),
        "Linux Use apt.|macOS Use brew.|Windows Use winget."
    );
}
