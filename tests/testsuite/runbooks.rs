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
