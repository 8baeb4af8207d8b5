//! `opsite check`: links, anchors and alert rules against runbooks.

use crate::support::Site;

const RULES: &str = r#"---
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [alerts.yaml]
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: demo
spec:
  groups:
    - name: demo
      rules:
        - alert: HubDown
          expr: up == 0
          annotations:
            runbook_url: https://example.org/runbooks/hub/#hubdown
        - alert: DiskFull
          expr: x > 1
          annotations:
            runbook: >-
              https://example.org/runbooks/hub/#no-such-heading
        - alert: Gone
          expr: x > 1
          annotations:
            sop_url: https://example.org/runbooks/gone/
        - alert: Unlinked
          expr: x > 1
          annotations:
            summary: nobody wrote a runbook
        - record: job:up:sum
          expr: sum(up)
        - alert: Elsewhere
          expr: x > 1
          annotations:
            runbook_url: https://other.example.com/runbook#x
        - alert: ViaGitHub
          expr: x > 1
          annotations:
            runbook_url: https://github.com/acme/docs/blob/main/content/runbooks/hub.md#diskfull
        - alert: ViaGitHubMissing
          expr: x > 1
          annotations:
            runbook_url: https://github.com/acme/docs/blob/main/content/runbooks/nope.md
"#;

const PLAIN_GROUPS: &str = "groups:\n  - name: plain\n    rules:\n      - alert: PlainRule\n        expr: vector(1)\n        annotations:\n          runbook_url: https://example.org/runbooks/hub/\n";

fn site() -> Site {
    Site::new()
        .file(
            "content/runbooks/hub.md",
            "---\ntitle: Hub\nalerts: [HubDown, DiskFull, NobodyFiresThis]\n---\n## HubDown\n\n## DiskFull\n\n## NobodyFiresThis\n",
        )
        .file("deploy/hub/alerts.yaml", RULES)
        .file("deploy/plain/rules.yml", PLAIN_GROUPS)
        .file("deploy/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b\n")
        .file("deploy/broken.yaml", "{{ template }}: [\n")
}

#[test]
fn reports_broken_missing_and_undefined_runbook_links() {
    let site = site();
    let r = site.run(&["check", "--alerts", "deploy"]);
    assert_eq!(r.code, Some(1), "{}\n{}", r.stdout, r.stderr);
    let out = &r.stdout;
    assert!(out.contains("alert `DiskFull`: runbook https://example.org/runbooks/hub/#no-such-heading lands nowhere: content/runbooks/hub.md has no heading `#no-such-heading`"), "{out}");
    assert!(
        out.contains(
            "alert `Gone`: runbook https://example.org/runbooks/gone/ lands nowhere: no page at /runbooks/gone/"
        ),
        "{out}"
    );
    assert!(out.contains("alert `ViaGitHubMissing`"), "{out}");
    assert!(out.contains("alert `Unlinked` has no runbook annotation"), "{out}");
    assert!(out.contains("alert `Elsewhere` links a runbook outside this site"), "{out}");
    assert!(
        out.contains("content/runbooks/hub.md: runbook alert `NobodyFiresThis` is not defined by any rule"),
        "{out}"
    );
    assert!(!out.contains("`HubDown`") && !out.contains("`ViaGitHub`:") && !out.contains("PlainRule"), "{out}");
    assert!(out.contains("alerts: 8 rules in 2 files (2 skipped: not rule files); 3 broken runbook links"), "{out}");
    assert!(!site.root().join("public").exists(), "check writes no output");
}

#[test]
fn json_format_and_quoted_globs() {
    let site = site();
    let r = site.run(&["check", "--alerts", "deploy/*/alerts.yaml", "--format", "json"]);
    assert_eq!(r.code, Some(1));
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON on stdout");
    assert_eq!(json["ok"], false);
    let alerts = &json["alerts"];
    assert_eq!(alerts["files"], 1);
    assert_eq!(alerts["rules"], 7);
    let broken: Vec<&str> = alerts["broken"].as_array().unwrap().iter().map(|b| b["alert"].as_str().unwrap()).collect();
    assert_eq!(broken, ["DiskFull", "Gone", "ViaGitHubMissing"]);
    assert_eq!(alerts["missing"][0]["alert"], "Unlinked");
}

#[test]
fn passes_when_every_runbook_link_lands() {
    let site = site();
    let r = site.run(&["check", "--alerts", "deploy/plain/rules.yml"]);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
    let r = site.run(&["check"]);
    assert_eq!(r.code, Some(0), "{}", r.stdout);
}

#[test]
fn check_fails_on_broken_links_too() {
    let site = site().file("content/bad.md", "# Bad\n\n[x](nowhere.md)\n");
    let r = site.run(&["check"]);
    assert_eq!(r.code, Some(1));
    insta::assert_snapshot!(r.out());
}
