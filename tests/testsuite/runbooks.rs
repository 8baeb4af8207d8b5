//! Runbooks that know their alerts: the rule on the page that documents it,
//! found by name when the page does not list it.

use crate::support::{BOOK, Site};

const RULES: &str = r#"apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
spec:
  groups:
  - name: kubernetes-apps
    rules:
    - alert: KubePodCrashLooping
      expr: max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1
      for: 15m
      labels:
        severity: warning
        team: <img src=x onerror="window.__rule_xss=1">
      annotations:
        summary: Pod is crash looping.
        description: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} is in waiting state (reason: "CrashLoopBackOff").'
        dashboard_url: https://grafana.example.org/d/abc/pods
"#;

fn site() -> Site {
    Site::new()
        .file(
            "book.toml",
            &format!(
                "{BOOK}[runbooks]\nrules = [\"deploy/*.yaml\"]\nprometheus_url = \"https://thanos.example.org\"\nalertmanager_url = \"https://alertmanager.example.org/\"\n"
            ),
        )
        .file("deploy/apps.yaml", RULES)
        .file("content/runbooks/kubernetes/KubePodCrashLooping.md", "# KubePodCrashLooping\n\n## Meaning\n\nA container restarts again and again.\n")
}

#[test]
fn a_runbook_named_after_its_alert_shows_the_rule_and_its_links() {
    let site = site();
    site.build_ok(&[]);
    let page = site.html("runbooks/kubernetes/KubePodCrashLooping/index.html");
    assert_eq!(page.text(".incident-alert-name"), "KubePodCrashLooping");
    assert_eq!(page.text(".alert-rule .severity"), "warning");
    assert_eq!(page.text(".alert-rule-for"), "fires after 15m");
    assert!(
        page.text(".alert-rule-expr code")
            .starts_with("max_over_time(kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\"}")
    );
    // Highlighted as PromQL: the function, the duration and the label are
    // tokens of their own, each in a colour the stylesheets define.
    let spans = page.texts(".alert-rule-expr span");
    for token in ["max_over_time", "5m", "reason"] {
        assert!(spans.contains(&token.to_string()), "{token} is not a token: {spans:?}");
    }
    let css = site.read("syntax-light.css") + &site.read("syntax-dark.css");
    for class in page.attrs(".alert-rule-expr span", "class") {
        assert!(css.contains(&format!(".{class}{{")), "no colour for {class}");
    }
    assert_eq!(
        page.text(".alert-rule-description"),
        "Pod {{ $labels.namespace }}/{{ $labels.pod }} is in waiting state (reason: \"CrashLoopBackOff\")."
    );
    let links = page.attrs(".alert-rule-links a", "href");
    assert!(
        links[0].starts_with("https://thanos.example.org/graph?g0.expr=max%5Fover%5Ftime%28kube%5Fpod"),
        "{links:?}"
    );
    assert!(
        links[2].contains("onerror%3D%5C%22window"),
        "quotes in a label value are escaped in the matcher: {links:?}"
    );
    assert_eq!(links[1], "https://grafana.example.org/d/abc/pods");
    assert!(
        links[2].starts_with(
            "https://alertmanager.example.org/#/silences/new?filter=%7Balertname%3D%22KubePodCrashLooping%22"
        ),
        "{links:?}"
    );
    assert_eq!(page.texts(".alert-rule-source"), ["deploy/apps.yaml, group kubernetes-apps"]);
}

#[test]
fn rule_text_is_escaped() {
    let site = site();
    site.build_ok(&[]);
    let raw = site.read("runbooks/kubernetes/KubePodCrashLooping/index.html");
    assert!(!raw.contains("<img src=x"), "a label became markup");
    let page = site.html("runbooks/kubernetes/KubePodCrashLooping/index.html");
    assert_eq!(page.count("article img"), 0);
    assert!(page.texts(".alert-rule-labels .label").iter().any(|l| l.starts_with("team=<img")));
}

#[test]
fn a_page_that_no_rule_names_shows_no_panel() {
    let site = site().file("content/runbooks/other.md", "# Other\n");
    site.build_ok(&[]);
    assert_eq!(site.html("runbooks/other/index.html").count(".incidents"), 0);
}

#[test]
fn runbooks_json_carries_the_rule_and_the_page() {
    let site = site();
    site.build_ok(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("runbooks.json")).unwrap();
    let entry = &json["KubePodCrashLooping"];
    assert_eq!(entry["url"], "https://example.org/runbooks/kubernetes/KubePodCrashLooping/#kubepodcrashlooping");
    assert_eq!(entry["page"], "content/runbooks/kubernetes/KubePodCrashLooping.md");
    assert_eq!((entry["severity"].as_str(), entry["for"].as_str()), (Some("warning"), Some("15m")));
}

/// Rule groups whose alerts are documented in the three ways a page can
/// document an alert without listing it.
const GITLAB_STYLE: &str = "groups:\n- name: web\n  rules:\n  - alert: WebLatencyHigh\n    expr: histogram_quantile(0.99, rate(http_request_duration_seconds_bucket[5m])) > 1\n    labels: {severity: warning}\n    annotations:\n      runbook: content/docs/web/README.md#latency\n  - alert: WebErrorsHigh\n    expr: rate(http_errors_total[5m]) > 0.1\n    labels: {severity: critical}\n  - alert: DiskFull\n    expr: node_filesystem_avail_bytes < 1e9\n    annotations:\n      runbook_url: https://example.org/runbooks/storage/\n";

fn three_ways() -> Site {
    Site::new()
        .file("book.toml", &format!("{BOOK}[runbooks]\nrules = [\"rules.yaml\"]\n"))
        .file("rules.yaml", GITLAB_STYLE)
        .file(
            "content/docs/web/README.md",
            "# Web service\n\n## Latency\n\nSlow answers.\n\n## WebErrorsHigh\n\nErrors.\n",
        )
        // Named after DiskFull, but the rule's own link points elsewhere: the link wins.
        .file("content/runbooks/DiskFull.md", "# DiskFull\n\nOld notes.\n")
        .file("content/runbooks/storage.md", "# Storage\n\n## Full disks\n\nFree space.\n")
}

#[test]
fn a_rules_own_link_wins_and_headings_name_alerts_inside_a_page() {
    let site = three_ways();
    site.build_ok(&[]);
    let web = site.html("docs/web/index.html");
    // A repository-relative runbook path with an anchor (GitLab's way), and a heading named after the alert.
    assert_eq!(web.texts(".incidents .incident-alert-name"), ["WebLatencyHigh", "WebErrorsHigh"]);
    assert_eq!(web.attrs(".incidents .incident-alert-name", "href"), ["#latency", "#weberrorshigh"]);
    assert_eq!(web.texts(".alert-rule .severity"), ["warning", "critical"]);
    assert_eq!(site.html("runbooks/storage/index.html").texts(".incident-alert-name"), ["DiskFull"]);
    assert_eq!(site.html("runbooks/DiskFull/index.html").count(".incidents"), 0, "the rule's own link wins");
    let json: serde_json::Value = serde_json::from_str(&site.read("runbooks.json")).unwrap();
    assert_eq!(json["WebLatencyHigh"]["url"], "https://example.org/docs/web/#latency");
    assert_eq!(json["DiskFull"]["page"], "content/runbooks/storage.md");
}

#[test]
fn two_pages_named_after_one_alert_is_a_warning_naming_both() {
    let site = three_ways()
        .file("content/ops/weberrorshigh.md", "# Web errors\n\nSee also.\n")
        .file("content/more/WebErrorsHigh.md", "# WebErrorsHigh\n");
    let r = site.build_ok(&[]);
    insta::assert_snapshot!(r.err());
    // The first in source order documents it; the heading match is not used.
    assert_eq!(site.html("more/WebErrorsHigh/index.html").texts(".incident-alert-name"), ["WebErrorsHigh"]);
    assert_eq!(site.html("ops/weberrorshigh/index.html").count(".incidents"), 0);
    assert_eq!(site.html("docs/web/index.html").texts(".incidents .incident-alert-name"), ["WebLatencyHigh"]);
}

#[test]
fn serve_rereads_a_rule_file_when_it_changes() {
    let site = site();
    let s = crate::serve::Served::start(&site, &[]);
    let path = "/runbooks/kubernetes/KubePodCrashLooping/";
    assert_eq!(s.get(path).html().text(".alert-rule-for"), "fires after 15m");
    let events = s.events();
    site.write(
        "deploy/apps.yaml",
        &RULES.replace("for: 15m", "for: 30m").replace("severity: warning", "severity: critical"),
    );
    events.expect("reload");
    // The page comes with one of the reload's events (pages are published
    // in two steps when the site is loaded again): wait for it.
    crate::support::wait_until("the page never showed the new rule", || {
        s.get(path).html().text(".alert-rule-for") == "fires after 30m"
    });
    let page = s.get(path).html();
    assert_eq!(page.text(".alert-rule-for"), "fires after 30m");
    assert_eq!(page.text(".alert-rule .severity"), "critical");
    // A new rule file in a new folder under the glob's folder counts too.
    site.write("deploy/more.yaml", "groups:\n- name: extra\n  rules:\n  - alert: Other\n    expr: vector(1)\n");
    site.write("content/runbooks/Other.md", "# Other\n\nWhat to do.\n");
    crate::support::wait_until("the new rule never showed", || {
        s.get("/runbooks/Other/").html().count(".alert-rule") != 0
    });
}

/// The runbook trees of public collections list no `alerts:`; the rules'
/// own links (in each collection's convention) pick the page at build time.
#[test]
fn every_convention_puts_the_rule_on_its_page_at_build_time() {
    let openshift = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: cmo\n    rules:\n    - alert: ClusterOperatorDown\n      expr: cluster_operator_up == 0\n      annotations:\n        runbook_url: https://github.com/acme/runbooks/blob/master/alerts/cluster-monitoring-operator/ClusterOperatorDown.md\n";
    let gitlab = "groups:\n- name: ci\n  rules:\n  - alert: CIQueueHigh\n    expr: ci_queue > 100\n    annotations:\n      runbook: docs/ci/README.md#high-queue\n  - alert: NodeDiskFull\n    expr: x\n";
    let configmap = "apiVersion: v1\nkind: ConfigMap\ndata:\n  rules.yaml: |\n    groups:\n    - name: thanos\n      rules:\n      - alert: ThanosRuleDown\n        expr: up == 0\n        annotations:\n          sop_url: https://github.com/acme/runbooks/blob/main/alerts/thanos/ThanosRuleDown.md\n";
    let kube = "groups:\n- name: k8s\n  rules:\n  - alert: KubePodCrashLooping\n    expr: x\n    annotations:\n      runbook_url: https://example.org/runbooks/kubernetes/kubepodcrashlooping\n";
    let site = Site::empty()
        .file(
            "book.toml",
            "[site]\ntitle = \"R\"\nbase_url = \"https://example.org/\"\nrepository = \"https://github.com/acme/runbooks\"\n[build]\ncontent = \".\"\nlowercase_urls = true\n[runbooks]\nrules = [\"deploy/*\"]\n",
        )
        .file("README.md", "# Runbooks\n")
        .file("alerts/cluster-monitoring-operator/ClusterOperatorDown.md", "# Cluster operator down\n")
        .file("alerts/thanos/ThanosRuleDown.md", "# Thanos ruler down\n")
        .file("docs/ci/README.md", "# CI\n\n## High queue\n")
        .file("docs/nodes/disks.md", "# Disks\n\n## NodeDiskFull\n")
        .file("runbooks/kubernetes/KubePodCrashLooping.md", "# Crash loops\n")
        .file("deploy/openshift.yaml", openshift)
        .file("deploy/gitlab.yml", gitlab)
        .file("deploy/thanos.yaml", configmap)
        .file("deploy/kube.yaml", kube);
    site.build_ok(&[]);
    for (page, alert, anchor) in [
        (
            "alerts/cluster-monitoring-operator/clusteroperatordown/index.html",
            "ClusterOperatorDown",
            "#cluster-operator-down",
        ),
        ("alerts/thanos/thanosruledown/index.html", "ThanosRuleDown", "#thanos-ruler-down"),
        ("docs/ci/index.html", "CIQueueHigh", "#high-queue"),
        ("docs/nodes/disks/index.html", "NodeDiskFull", "#nodediskfull"),
        ("runbooks/kubernetes/kubepodcrashlooping/index.html", "KubePodCrashLooping", "#crash-loops"),
    ] {
        let html = site.html(page);
        assert_eq!(html.texts(".incidents .incident-alert-name"), [alert], "{page}");
        assert_eq!(html.attr(".incidents .incident-alert-name", "href"), anchor, "{page}");
        assert_eq!(html.count(".incidents .alert-rule-expr"), 1, "{page}");
    }
}

/// The coverage page checks both sides: rules without runbooks, runbook
/// links that land nowhere, runbook alerts no rule defines, runbooks
/// without the expected sections; the runbooks index shows the share.
#[test]
fn the_coverage_page_checks_rules_and_runbooks_both_ways() {
    let rules = "groups:\n- name: hub\n  rules:\n  - alert: HubDown\n    expr: up == 0\n    annotations:\n      runbook_url: https://example.org/runbooks/hub-down/\n  - alert: HubSlow\n    expr: x\n  - alert: HubGone\n    expr: x\n    annotations:\n      runbook_url: https://example.org/runbooks/nowhere/\n  - alert: HubNamed\n    expr: x\n";
    let site = Site::new()
        .file("book.toml", &format!("{}[runbooks]\nrules = [\"rules.yaml\"]\n", crate::support::BOOK))
        .file("rules.yaml", rules)
        .file("content/runbooks/_index.md", "# Runbooks\n")
        .file(
            "content/runbooks/hub-down.md",
            "---\nalerts: [HubDown, HubOld]\n---\n# Hub down\n\n## HubDown\n\n### Meaning\n\n### Impact\n\n### Diagnosis\n\n### Mitigation\n\n## HubOld\n\nGone <script>x</script>.\n",
        )
        .file("content/runbooks/hubnamed.md", "---\nalerts: [HubNamed]\n---\n# HubNamed\n\n## Meaning\n");
    site.build_ok(&[]);
    let page = site.html("runbooks/coverage/index.html");
    assert_eq!(page.text("h1"), "Runbook coverage");
    assert!(
        page.text(".coverage-summary").starts_with("50% of the 4 alerting rules"),
        "{}",
        page.text(".coverage-summary")
    );
    assert_eq!(page.texts("#coverage-without ~ ul li code"), ["HubSlow"]);
    assert_eq!(page.texts("[aria-labelledby=coverage-broken] li code"), ["HubGone"]);
    assert!(page.text("[aria-labelledby=coverage-broken] li").contains("no page at /runbooks/nowhere/"));
    assert_eq!(page.texts("[aria-labelledby=coverage-undefined] li code"), ["HubOld"]);
    assert_eq!(page.attrs("[aria-labelledby=coverage-undefined] li a", "href"), ["/runbooks/hub-down/"]);
    assert_eq!(page.texts("[aria-labelledby=coverage-incomplete] li a"), ["HubNamed"]);
    assert_eq!(page.texts("[aria-labelledby=coverage-incomplete] li em"), ["Impact", "Diagnosis", "Mitigation"]);
    let index = site.html("runbooks/index.html");
    assert_eq!(index.attr(".coverage-link a[href$='coverage/']", "href"), "/runbooks/coverage/");
    assert!(index.text(".coverage-link").contains("50% of 4 alerting rules"), "{}", index.text(".coverage-link"));
}

/// Owners and review dates: with `[runbooks] review_every`, a runbook
/// past it (or with no date) shows a notice and `check` warns at its
/// `reviewed` line; the runbooks index lists owner and last review. Today
/// is fixed with SOURCE_DATE_EPOCH (2026-12-06).
#[test]
fn runbooks_past_their_review_date_say_so_and_check_warns() {
    let today = [("SOURCE_DATE_EPOCH", "1796515200")];
    let site = Site::new()
        .file("book.toml", &format!("{}[runbooks]\nreview_every = \"180d\"\n", crate::support::BOOK))
        .file("content/runbooks/_index.md", "# Runbooks\n")
        .file(
            "content/runbooks/fresh.md",
            "---\nalerts: [HubDown]\nowner: \"team-<hub>\"\nreviewed: 2026-11-01\n---\n# Fresh\n\n## HubDown\n",
        )
        .file(
            "content/runbooks/stale.md",
            "---\nalerts: [HubSlow]\nowner: sre\nlast_reviewed: 2026-01-02\n---\n# Stale\n\n## HubSlow\n",
        )
        .file("content/runbooks/never.md", "---\nalerts: [HubGone]\n---\n# Never\n\n## HubGone\n");
    let r = site.run_env(&["build"], &today);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let err = r.err();
    assert!(
        err.contains("warning: content/runbooks/stale.md:4:1: runbook last reviewed 2026-01-02, 338 days ago (owner: sre); reviews are due every 180 days"),
        "{err}"
    );
    assert!(err.contains("warning: content/runbooks/never.md:1:1: runbook has no `reviewed` date"), "{err}");
    assert!(!err.contains("fresh.md"), "{err}");
    let stale = site.html("runbooks/stale/index.html");
    assert!(
        stale
            .text(".review-notice.review-due")
            .starts_with("Needs review. Owner: sre. Last reviewed 2026-01-02, 338 days ago")
    );
    let fresh = site.html("runbooks/fresh/index.html");
    assert_eq!(fresh.count(".review-due"), 0);
    assert!(
        fresh.text(".review-notice").starts_with("Owner: team-<hub>. Last reviewed 2026-11-01"),
        "owner stays text"
    );
    let index = site.html("runbooks/index.html");
    let rows: Vec<String> = index.texts(".alert-index tbody tr");
    assert!(rows.iter().any(|r| r.contains("HubSlow") && r.contains("sre") && r.contains("2026-01-02")), "{rows:?}");

    // The owners page: each owner's runbooks, the unowned last, hostile
    // owner names as text; linked from the index.
    let owners_url = index.attr(".coverage-link a[href$='owners/']", "href");
    assert_eq!(owners_url, "/runbooks/owners/");
    let owners = site.html("runbooks/owners/index.html");
    assert_eq!(
        owners.texts("section h2"),
        ["sre (1, 1 due for review)", "team-<hub> (1)", "No owner (1, 1 due for review)"]
    );
    assert_eq!(owners.count("section h2 b, section h2 hub"), 0);
    let rows = owners.texts("section tbody tr");
    assert!(
        rows[0].contains("Stale")
            && rows[0].contains("HubSlow")
            && rows[0].contains("338 days ago")
            && rows[0].contains("Needs review."),
        "{rows:?}"
    );
    assert!(rows[1].contains("Fresh") && !rows[1].contains("Needs review"), "{rows:?}");
    assert!(rows[2].contains("Never") && rows[2].contains("never"), "{rows:?}");
    assert_eq!(
        owners.attrs("section tbody tr a", "href"),
        ["/runbooks/stale/", "/runbooks/fresh/", "/runbooks/never/"]
    );
    // --strict fails on it.
    assert_eq!(site.run_env(&["build", "--strict"], &today).code, Some(1));
}

#[test]
#[cfg_attr(not(opsite_chromium), ignore = "needs chromium (apt-get install chromium); .ci/run installs it")]
fn the_runbooks_index_sorts_by_owner_and_review_date() {
    use crate::browser::{browser, eval};
    let runbook = |alert: &str, owner: &str, date: &str| {
        format!("---\nalerts: [{alert}]\nowner: {owner}\nreviewed: {date}\n---\n# {alert}\n\n## {alert}\n")
    };
    let site = Site::new()
        .file("content/runbooks/_index.md", "# Runbooks\n")
        .file("content/runbooks/a.md", &runbook("AlphaDown", "zeta", "2026-03-01"))
        .file("content/runbooks/b.md", &runbook("BetaDown", "alpha", "2026-09-01"))
        .file("content/runbooks/c.md", &runbook("GammaDown", "mid", "2025-12-24"));
    let served = crate::serve::Served::start(&site, &["--offline"]);
    let browser = browser();
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("{}runbooks/", served.url)).unwrap().wait_until_navigated().unwrap();
    crate::browser::wait_for(&tab, "document.querySelectorAll('.sort-button').length === 6", "the sort buttons");
    let order = || {
        eval(&tab, "Array.from(document.querySelectorAll('.alert-index tbody tr')).map(r => r.dataset.alert).join(' ')")
            .as_str()
            .unwrap()
            .to_string()
    };
    let click = |column: &str| {
        eval(
            &tab,
            &format!(
                "Array.from(document.querySelectorAll('.alert-index th')).find(t => t.textContent.trim().startsWith('{column}')).querySelector('button').click(); true"
            ),
        );
    };
    let sorted = |column: &str| {
        eval(
            &tab,
            &format!(
                "Array.from(document.querySelectorAll('.alert-index th')).find(t => t.textContent.trim().startsWith('{column}')).getAttribute('aria-sort')"
            ),
        )
    };
    click("Owner");
    assert_eq!(order(), "BetaDown GammaDown AlphaDown");
    assert_eq!(sorted("Owner"), "ascending");
    click("Last reviewed");
    assert_eq!(order(), "GammaDown AlphaDown BetaDown");
    assert_eq!(sorted("Owner"), serde_json::Value::Null);
    click("Last reviewed");
    assert_eq!(order(), "BetaDown AlphaDown GammaDown");
    assert_eq!(sorted("Last reviewed"), "descending");
}

/// On a page of several alerts with sections under each, each alert needs
/// its own: the first alert's Mitigation does not cover the second's.
#[test]
fn a_page_of_several_alerts_is_checked_alert_by_alert() {
    let page = "---\nalerts: [HubDown, HubSlow]\n---\n# Hub\n\n## HubDown\n\n### Meaning\n\n### Impact\n\n### Diagnosis\n\n### Mitigation\n\n## HubSlow\n\n### Meaning\n\n### Impact\n\n### Diagnosis\n";
    let site = Site::new().file("content/runbooks/_index.md", "# Runbooks\n").file("content/runbooks/hub.md", page);
    site.build_ok(&[]);
    let coverage = site.html("runbooks/coverage/index.html");
    assert_eq!(coverage.texts("#coverage-incomplete ~ ul li"), ["Hub has no Mitigation under HubSlow"]);
    // The same sections once for the whole page still count for a page
    // whose alerts have no sections of their own.
    site.write(
        "content/runbooks/hub.md",
        "---\nalerts: [HubDown, HubSlow]\n---\n# Hub\n\n## HubDown\n\n## HubSlow\n\n## Meaning\n\n## Impact\n\n## Diagnosis\n\n## Mitigation\n",
    );
    site.build_ok(&[]);
    assert_eq!(site.html("runbooks/coverage/index.html").count("#coverage-incomplete ~ ul li"), 0);
}

/// Regression: a rule's labels were listed in a different order on every
/// build (Tera's maps kept no order), so two builds of one tree differed.
#[test]
fn a_rules_labels_are_listed_by_name_in_every_build() {
    let rules = RULES.replace(
        "        severity: warning\n",
        "        zone: b\n        severity: warning\n        app: web\n        owner: sre\n        kind: pod\n",
    );
    let site = site().file("deploy/apps.yaml", &rules);
    let mut seen = Vec::new();
    for _ in 0..3 {
        site.build_ok(&[]);
        let labels = site.html("runbooks/kubernetes/KubePodCrashLooping/index.html").texts(".alert-rule-labels .label");
        let names: Vec<&str> = labels.iter().map(|l| l.split('=').next().unwrap_or_default()).collect();
        assert_eq!(names, ["app", "kind", "owner", "severity", "team", "zone"]);
        seen.push(labels);
    }
    assert!(seen.windows(2).all(|w| w[0] == w[1]));
}

/// Regression: a runbook reviewed yesterday said "1 days ago", and one
/// reviewed today "0 days ago".
#[test]
fn a_review_a_day_old_is_one_day_ago_and_todays_is_today() {
    let today = [("SOURCE_DATE_EPOCH", "1796515200")]; // 2026-12-06
    let site = Site::new()
        .file("book.toml", &format!("{}[runbooks]\nreview_every = \"180d\"\n", crate::support::BOOK))
        .file("content/runbooks/_index.md", "# Runbooks\n")
        .file("content/runbooks/a.md", "---\nalerts: [A]\nreviewed: 2026-12-05\n---\n# A\n\n## A\n")
        .file("content/runbooks/b.md", "---\nalerts: [B]\nreviewed: 2026-12-06\n---\n# B\n\n## B\n");
    let r = site.run_env(&["build"], &today);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        site.html("runbooks/a/index.html").text(".review-notice").starts_with("Last reviewed 2026-12-05, 1 day ago;")
    );
    assert!(site.html("runbooks/b/index.html").text(".review-notice").starts_with("Last reviewed 2026-12-06, today;"));
    let rows = site.html("runbooks/owners/index.html").texts("section tbody tr");
    assert!(rows.iter().any(|r| r.contains("1 day ago")) && rows.iter().any(|r| r.contains("today")), "{rows:?}");
}
