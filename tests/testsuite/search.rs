//! Search: the index the build writes, queried through the very code the
//! browser runs (themes/default/static/search.js, in node), and the UI in
//! Chromium.

use crate::support::{BOOK, Site};

/// A result as the browser shows it.
#[derive(Debug, serde::Deserialize)]
pub struct Hit {
    pub title: String,
    pub url: String,
    pub section: String,
    pub excerpt: String,
}

/// One query's answer: results and the index files it loaded.
#[derive(Debug, serde::Deserialize)]
pub struct Answer {
    pub total: usize,
    pub results: Vec<Hit>,
    pub files: Vec<(String, usize)>,
    /// Files asked for that the build did not write (a 404 each).
    pub missing: Vec<String>,
}

/// Runs `queries` one after another in one page's life (files loaded by an
/// earlier query are not loaded again).
pub fn query(site: &Site, queries: &[&str]) -> Vec<Answer> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search/query.js");
    let out =
        std::process::Command::new("node").arg(script).arg(site.out("")).args(queries).output().expect("node runs");
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn titles(a: &Answer) -> Vec<&str> {
    a.results.iter().map(|h| h.title.as_str()).collect()
}

fn site() -> Site {
    Site::new()
        .file("book.toml", &format!("{BOOK}[runbooks]\nrules = [\"rules.yaml\"]\n"))
        .file("rules.yaml", "groups:\n- name: k\n  rules:\n  - alert: KubePodCrashLooping\n    expr: x\n")
        .file("content/ops/_index.md", "# Operations\n\nHow we run things.\n")
        .file("content/ops/scaling.md", "# Scaling\n\nWhen traffic grows, add replicas.\n")
        .file("content/ops/body.md", "# Notes\n\nSometimes scaling is the answer, configured by hand.\n")
        .file("content/ops/heading.md", "# Capacity\n\n## Scaling the hub\n\nMore pods.\n")
        .file(
            "content/ops/config.md",
            "# Configuration\n\nEvery option, described.\n\n## Timeouts\n\nThe café serves naïve users.\n",
        )
        .file("content/ops/KubePodCrashLooping.md", "# Crash loops\n\nA container restarts again and again.\n")
        .file("content/ops/kubernetes.md", "# Kubernetes basics\n\nPods and nodes.\n")
        .file("content/ja/検索.md", "# 日本語のページ\n\n全文検索エンジンの説明です。\n")
        .file("content/ops/hidden.md", "---\nsearch: false\n---\n# Secret scaling\n\nNot indexed.\n")
        .file("content/drafts/_index.md", "---\nsearch:\n  exclude: true\n---\n# Internal\n")
        .file("content/drafts/plan.md", "# Scaling plan\n\nInternal only.\n")
        .file(
            "content/ops/hostile.md",
            "---\ntitle: \"</script><img src=x onerror=alert(1)> scaling \\u2028 trick\"\n---\nBody.\n",
        )
}

#[test]
#[cfg_attr(not(opsite_node), ignore = "needs node (apt-get install nodejs); .ci/run installs it")]
fn ranking_puts_titles_above_headings_above_body() {
    let site = site();
    site.build_ok(&[]);
    let a = &query(&site, &["scaling"])[0];
    let t = titles(a);
    assert_eq!(t[0], "Scaling");
    let pos = |title: &str| t.iter().position(|x| *x == title).unwrap_or_else(|| panic!("{title} not in {t:?}"));
    assert!(pos("Capacity") < pos("Notes"), "a heading outranks the body: {t:?}");
    // Deep link to the heading that has the word.
    assert_eq!(a.results[pos("Capacity")].url, "/ops/heading/#scaling-the-hub");
    assert_eq!(a.results[0].section, "Operations");
    // Left out: `search: false`, and a section with MkDocs Material's `search: {exclude: true}`.
    assert!(!t.contains(&"Secret scaling") && !t.contains(&"Scaling plan"), "{t:?}");
}

#[test]
#[cfg_attr(not(opsite_node), ignore = "needs node (apt-get install nodejs); .ci/run installs it")]
fn stems_prefixes_diacritics_cjk_and_alert_names() {
    let site = site();
    site.build_ok(&[]);
    let answers = query(&site, &["configured", "kub", "cafe naive", "検索", "kubepodcrashlooping", "Scal "]);
    assert_eq!(titles(&answers[0]), ["Configuration", "Notes"], "stemming joins configured and configuration");
    assert_eq!(titles(&answers[1]), ["Kubernetes basics", "Crash loops"], "prefix of the word being typed");
    assert_eq!(titles(&answers[2]), ["Configuration"], "diacritics folded");
    assert_eq!(answers[2].results[0].url, "/ops/config/#timeouts");
    assert_eq!(titles(&answers[3]), ["日本語のページ"], "CJK pairs");
    assert_eq!(titles(&answers[4]), ["Crash loops"], "an alert name is a word of its runbook");
    // A finished word (trailing space) is not a prefix.
    assert!(answers[5].results.is_empty(), "{:?}", titles(&answers[5]));
}

/// A German site's words are stemmed as German: "Haus" finds "Häuser",
/// which the English stemmer (once the only one) never joined.
#[test]
#[cfg_attr(not(opsite_node), ignore = "needs node (apt-get install nodejs); .ci/run installs it")]
fn words_are_stemmed_in_the_sites_language() {
    let site = |language: &str| {
        Site::new()
            .file("book.toml", &format!("{BOOK}language = \"{language}\"\n"))
            .file("content/a.md", "# Viele Häuser\n\nAlte Häuser am Fluss.\n")
            .file("content/b.md", "# Ein Haus\n\nDas Haus am See.\n")
    };
    let german = site("de");
    german.build_ok(&[]);
    assert_eq!(german.html("index.html").attr("html", "lang"), "de");
    let mut found = titles(&query(&german, &["haus "])[0]).into_iter().map(str::to_string).collect::<Vec<_>>();
    found.sort();
    assert_eq!(found, ["Ein Haus", "Viele Häuser"]);
    let english = site("en");
    english.build_ok(&[]);
    assert_eq!(titles(&query(&english, &["haus "])[0]), ["Ein Haus"]);
}

#[test]
#[cfg_attr(not(opsite_node), ignore = "needs node (apt-get install nodejs); .ci/run installs it")]
fn hostile_titles_stay_text_in_index_scripts() {
    let site = site();
    site.build_ok(&[]);
    for e in walkdir::WalkDir::new(site.out("search")).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let text = std::fs::read_to_string(e.path()).unwrap();
        assert!(!text.contains("</script"), "{} could end a script element", e.path().display());
        assert!(!text.contains('\u{2028}'), "{}", e.path().display());
    }
    let a = &query(&site, &["trick"])[0];
    assert_eq!(a.results[0].title, "</script><img src=x onerror=alert(1)> scaling \u{2028} trick");
}

#[test]
fn search_can_be_turned_off() {
    let site = Site::new().file("book.toml", &format!("{BOOK}[build]\nsearch = false\n"));
    site.build_ok(&[]);
    assert!(!site.out("search").exists());
    // The page's script is told there is no index, so it builds no field.
    assert!(site.read("opsite-site.js").contains(r#""search":null"#), "{}", site.read("opsite-site.js"));
}

/// The bytes a reader's first query costs on a 2,000-page site: the search
/// code plus every index file it loads.
#[test]
#[cfg_attr(not(opsite_node), ignore = "needs node (apt-get install nodejs); .ci/run installs it")]
fn a_first_query_on_2000_pages_fetches_little() {
    let mut site = Site::new();
    for i in 0..2000 {
        let text = format!(
            "# Page {i} of area {a}\n\nHow to operate component {c} in area {a}.\n\n## Usage\n\nRun `oc get pods -n team-{c}` and read the logs.\n\n## Troubleshooting\n\nCheck the alerts dashboard; restart pod-{i} if it hangs. {lorem}\n",
            a = i / 100,
            c = i % 50,
            lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(4)
        );
        site = site.file(&format!("content/area-{}/page-{i}.md", i / 100), &text);
    }
    site.build_ok(&[]);
    let code = std::fs::metadata(site.out("search.js")).unwrap().len() as usize;
    let cost = |a: &Answer| code + a.files.iter().map(|f| f.1).sum::<usize>();
    let one = &query(&site, &["troubleshooting"])[0];
    assert!(one.total >= 2000, "{}", one.total);
    assert_eq!(one.results.len(), 10);
    assert!(one.results[0].excerpt.contains("restart"), "{:?}", one.results[0]);
    assert!(cost(one) <= 100_000, "one word costs {} bytes: {:?}", cost(one), one.files);
    let prefix = &query(&site, &["com"])[0];
    assert!(prefix.total > 0);
    assert!(cost(prefix) <= 150_000, "a three-letter prefix costs {} bytes: {:?}", cost(prefix), prefix.files);
    // A rare word: one page, one shard, one record file.
    let rare = &query(&site, &["pod-1234"])[0];
    assert_eq!(rare.results[0].title, "Page 1234 of area 12");
}

#[test]
#[cfg_attr(not(opsite_node), ignore = "needs node (apt-get install nodejs); .ci/run installs it")]
fn no_query_asks_for_an_index_file_that_was_not_written() {
    let site = site();
    site.build_ok(&[]);
    // Typed letter by letter, words no page has, a one-letter word.
    let typed = ["k", "ku", "kub", "kube", "j", "zq", "qqqq xyz", "x", "nodes", "\u{4e2d}"];
    for answer in query(&site, &typed) {
        assert!(answer.missing.is_empty(), "{:?} asked for {:?}", answer.results, answer.missing);
    }
    let kube = &query(&site, &["kube"])[0];
    assert_eq!(titles(kube)[0], "Kubernetes basics");
    assert!(kube.files.iter().any(|f| f.0 == "search/shards.js"), "{:?}", kube.files);
}

/// Types `text` into the search field as a reader would.
fn type_query(tab: &headless_chrome::Tab, text: &str) {
    crate::browser::wait_for(tab, "document.readyState === 'complete'", "the page's scripts");
    tab.press_key("/").unwrap();
    crate::browser::wait_for(tab, "document.activeElement.id === 'search-input'", "`/` to focus the search field");
    tab.type_str(text).unwrap();
    crate::browser::wait_for(
        tab,
        &format!("document.querySelector('form.search').dataset.query === {}", serde_json::to_string(text).unwrap()),
        "the results",
    );
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn the_search_field_works_by_keyboard_under_a_sub_path() {
    use crate::browser::{eval, wait_for};
    let site = site();
    let s = crate::serve::Served::start(&site, &["--base-url", "https://acme.github.io/docs/"]);
    let browser = crate::browser::browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}ops/", s.url)).unwrap().wait_until_navigated().unwrap();
    // Nothing of search loads until the reader searches.
    assert_eq!(eval(&tab, "typeof window.opsiteSearch"), "undefined");
    type_query(&tab, "scaling the");
    let titles = eval(&tab, "Array.from(document.querySelectorAll('.search-title')).map(t => t.textContent).join('|')");
    assert_eq!(titles.as_str().unwrap().split('|').next(), Some("Capacity › Scaling the hub"));
    assert_eq!(eval(&tab, "document.querySelector('.search-results mark').textContent"), "Scaling");
    assert!(eval(&tab, "document.querySelector('.search-status').textContent").as_str().unwrap().ends_with("found"));
    // Down arrow into the results, Enter opens the deep link.
    tab.press_key("ArrowDown").unwrap();
    assert_eq!(eval(&tab, "document.activeElement.getAttribute('href')"), "/docs/ops/heading/#scaling-the-hub");
    tab.press_key("Escape").unwrap();
    assert_eq!(eval(&tab, "document.getElementById('search-results').hidden"), true);
    assert_eq!(eval(&tab, "document.activeElement.id"), "search-input");
    tab.press_key("ArrowDown").unwrap();
    tab.press_key("Enter").unwrap();
    wait_for(
        &tab,
        "location.pathname === '/docs/ops/heading/' && location.hash === '#scaling-the-hub'",
        "the deep link",
    );
    // No match says so.
    type_query(&tab, "zzzqqq");
    assert_eq!(eval(&tab, "document.querySelector('.search-none').textContent"), "No pages match “zzzqqq”.");
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn search_works_from_file_urls() {
    use crate::browser::eval;
    let site = site();
    let public = site.out("");
    let base = format!("file://{}/", public.display().to_string().trim_end_matches('/'));
    site.build_ok(&["--base-url", &base]);
    let browser = crate::browser::browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{base}ops/index.html")).unwrap().wait_until_navigated().unwrap();
    type_query(&tab, "configured");
    let first = eval(&tab, "document.querySelector('.search-results a .search-title').textContent");
    assert_eq!(first, "Configuration");
    assert_eq!(eval(&tab, "window.__xss === undefined"), true);
}

#[test]
fn serve_updates_the_index_with_each_edit() {
    let site = site();
    let s = crate::serve::Served::start(&site, &[]);
    let shard = "/search/t/7a65.js"; // words starting with "ze"
    assert_eq!(s.get(shard).status, 404);
    let before = s.get("/search/t/7363.js").body; // "sc": scaling
    let events = s.events();
    site.write("content/ops/scaling.md", "# Scaling\n\nZebrafish replicas.\n");
    events.expect("reload");
    crate::support::wait_until("the new word never reached the index", || s.get(shard).body.contains("\"zebrafish\""));
    // Untouched shards are the same bytes.
    assert_eq!(s.get("/search/t/7363.js").body, before);
}

#[test]
#[cfg_attr(not(opsite_axe), ignore = "needs chromium and axe-core (npm ci); .ci/run installs them")]
fn open_search_results_pass_axe_in_light_and_dark() {
    use crate::browser::eval;
    let axe = crate::theme::axe_source();
    let site = site();
    let s = crate::serve::Served::start(&site, &[]);
    let browser = crate::browser::browser();
    let tab = browser.new_tab().unwrap();
    let mut failures = Vec::new();
    for scheme in ["light", "dark"] {
        tab.navigate_to(&s.url).unwrap().wait_until_navigated().unwrap();
        eval(&tab, &format!("localStorage.setItem('opsite-theme', '{scheme}'); true"));
        tab.navigate_to(&format!("{}ops/", s.url)).unwrap().wait_until_navigated().unwrap();
        type_query(&tab, "scaling");
        assert_eq!(eval(&tab, "document.getElementById('search-results').hidden"), false);
        failures.extend(crate::theme::axe_violations(&tab, &axe).into_iter().map(|v| format!("[{scheme}] {v}")));
    }
    assert!(failures.is_empty(), "axe violations with results open:\n{}", failures.join("\n"));
}
