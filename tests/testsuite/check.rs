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

fn statuses(site: &Site, rules: &str) -> Vec<(String, String)> {
    let r = site.run(&["check", "--alerts", rules, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout));
    v["alerts"]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["alert"].as_str().unwrap().to_string(), a["status"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn kube_prometheus_style_lowercase_runbook_urls_without_frontmatter() {
    let rules = "groups:\n- name: k8s\n  rules:\n  - alert: KubePodCrashLooping\n    expr: x\n    annotations:\n      runbook_url: https://runbooks.example.org/runbooks/kubernetes/kubepodcrashlooping\n  - alert: KubeJobFailed\n    expr: x\n    annotations:\n      runbook_url: https://runbooks.example.org/runbooks/kubernetes/kubejobfailed/\n";
    let site = Site::new()
        .file(
            "book.toml",
            "[site]\ntitle = \"R\"\nbase_url = \"https://runbooks.example.org/\"\n[build]\nlowercase_urls = true\n",
        )
        .file("content/runbooks/kubernetes/KubePodCrashLooping.md", "# KubePodCrashLooping\n")
        .file("rules.yaml", rules);
    assert_eq!(
        statuses(&site, "rules.yaml"),
        [("KubePodCrashLooping".into(), "ok".into()), ("KubeJobFailed".into(), "broken".into())]
    );
    // Without lowercase URLs the same link differs only in case: broken, and said so.
    site.write("book.toml", "[site]\ntitle = \"R\"\nbase_url = \"https://runbooks.example.org/\"\n");
    let r = site.run(&["check", "--alerts", "rules.yaml"]);
    assert_eq!(r.code, Some(1));
    insta::assert_snapshot!(r.out());
}

#[test]
fn runbooks_without_the_expected_sections_are_named() {
    let rules = "groups:\n- name: hub\n  rules:\n  - alert: HubDown\n    expr: x\n  - alert: HubSlow\n    expr: x\n";
    let site = Site::new()
        .file(
            "content/runbooks/hub-down.md",
            "---\nalerts: [HubDown]\n---\n# HubDown\n\n## Meaning\n\n## impact\n\n## Diagnosis\n\n## Mitigation\n",
        )
        .file("content/runbooks/hub-slow.md", "---\nalerts: [HubSlow]\n---\n# HubSlow\n\n## Meaning\n\n### Diagnosis\n")
        .file("rules.yaml", rules);
    let r = site.run(&["check", "--alerts", "rules.yaml"]);
    assert_eq!(r.code, Some(0), "missing sections warn: {}", r.out());
    let out = r.out();
    assert!(
        out.contains("warning: content/runbooks/hub-slow.md: runbook has no section `Impact`, `Mitigation`"),
        "{out}"
    );
    assert!(!out.contains("hub-down.md: runbook has no section"), "headings compare without case: {out}");
    assert!(out.contains("1 runbooks missing sections"), "{out}");
    // `[runbooks] sections` names others.
    site.write("book.toml", &format!("{}[runbooks]\nsections = [\"Escalation\"]\n", crate::support::BOOK));
    let out = site.run(&["check", "--alerts", "rules.yaml"]).out();
    assert!(out.contains("hub-down.md: runbook has no section `Escalation`"), "{out}");
    assert!(out.contains("2 runbooks missing sections"), "{out}");
}

/// Regression: under `lowercase_urls` a runbook URL in the alert's own case
/// counted as found, though the page is published lowercase and GitHub
/// Pages answers the other case with a 404.
#[test]
fn a_runbook_url_differing_only_in_case_is_broken_under_lowercase_urls_too() {
    let rules = "groups:\n- name: hub\n  rules:\n  - alert: HubSlow\n    expr: x\n    annotations:\n      runbook_url: https://runbooks.example.org/runbooks/hub/HubSlow/\n  - alert: HubDown\n    expr: x\n    annotations:\n      runbook_url: https://runbooks.example.org/runbooks/hub/hubdown/\n";
    let site = Site::new()
        .file(
            "book.toml",
            "[site]\ntitle = \"R\"\nbase_url = \"https://runbooks.example.org/\"\n[build]\nlowercase_urls = true\n",
        )
        .file("content/runbooks/hub/HubSlow.md", "# HubSlow\n")
        .file("content/runbooks/hub/HubDown.md", "# HubDown\n")
        .file("rules.yaml", rules);
    site.build_ok(&[]);
    assert!(site.out("runbooks/hub/hubslow/index.html").exists());
    assert_eq!(statuses(&site, "rules.yaml"), [("HubSlow".into(), "broken".into()), ("HubDown".into(), "ok".into())]);
    let r = site.run(&["check", "--alerts", "rules.yaml"]);
    assert!(
        r.out()
            .contains("no page at /runbooks/hub/HubSlow/: the page is /runbooks/hub/hubslow/, and the case must match"),
        "{}",
        r.out()
    );
}

#[test]
fn openshift_blob_urls_gitlab_relative_paths_configmaps_and_names() {
    let openshift = "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nspec:\n  groups:\n  - name: cmo\n    rules:\n    - alert: ClusterOperatorDown\n      expr: x\n      annotations:\n        runbook_url: https://github.com/acme/runbooks/blob/master/alerts/cluster-monitoring-operator/ClusterOperatorDown.md\n    - alert: OnAnotherBranch\n      expr: x\n      annotations:\n        runbook_url: https://github.com/acme/runbooks/tree/release-4.14/alerts/cluster-monitoring-operator/\n";
    let gitlab = "groups:\n- name: ci\n  rules:\n  - alert: CIQueueHigh\n    expr: x\n    annotations:\n      runbook: docs/ci/README.md#high-queue\n  - alert: CIGone\n    expr: x\n    annotations:\n      runbook: docs/ci/gone.md\n  - alert: NodeDiskFull\n    expr: x\n";
    let configmap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: thanos-ruler-rules\ndata:\n  rules.yaml: |\n    groups:\n    - name: thanos\n      rules:\n      - alert: ThanosRuleDown\n        expr: up == 0\n        annotations:\n          sop_url: https://github.com/acme/runbooks/blob/main/alerts/thanos/ThanosRuleDown.md\n";
    let site = Site::empty()
        .file(
            "book.toml",
            "[site]\ntitle = \"R\"\nbase_url = \"https://example.org/\"\nrepository = \"https://github.com/acme/runbooks\"\n[build]\ncontent = \".\"\n",
        )
        .file("README.md", "# Runbooks\n")
        .file("alerts/cluster-monitoring-operator/ClusterOperatorDown.md", "# ClusterOperatorDown\n")
        .file("alerts/thanos/ThanosRuleDown.md", "# ThanosRuleDown\n")
        .file("docs/ci/README.md", "# CI\n\n## High queue\n")
        .file("docs/nodes/disks.md", "# Disks\n\n## NodeDiskFull\n")
        .file("deploy/openshift.yaml", openshift)
        .file("deploy/gitlab.yml", gitlab)
        .file("deploy/thanos.yaml", configmap);
    let got = statuses(&site, "deploy");
    assert_eq!(
        got,
        [
            ("CIQueueHigh".into(), "ok".into()),
            ("CIGone".into(), "broken".into()),
            ("NodeDiskFull".into(), "by-name".into()),
            ("ClusterOperatorDown".into(), "ok".into()),
            ("OnAnotherBranch".into(), "ok".into()),
            ("ThanosRuleDown".into(), "ok".into()),
        ]
    );
    let r = site.run(&["check", "--alerts", "deploy"]);
    insta::assert_snapshot!(r.out());
}

#[test]
fn this_sites_own_rules_and_runbooks_point_at_each_other() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = Site::empty();
    for dir in ["content", "deploy", "nav"] {
        for e in walkdir::WalkDir::new(repo.join(dir)).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            let rel = e.path().strip_prefix(repo).unwrap().to_string_lossy().into_owned();
            site.write(&rel, &std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    site.write("book.toml", &std::fs::read_to_string(repo.join("book.toml")).unwrap());
    let r = site.run(&["check", "--alerts", "deploy/alerts", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stderr));
    assert_eq!(v["alerts"]["broken"].as_array().map(Vec::len), Some(0), "{}", r.stdout);
    assert!(v["alerts"]["alerts"].as_array().unwrap().iter().all(|a| a["status"] == "ok"), "{}", r.stdout);
}

#[test]
fn the_summary_counts_broken_links_that_only_warn() {
    let site = crate::support::Site::new()
        .file("content/a.md", "# A\n\n[x](nowhere.md) [y](#nope)\n")
        .file("content/b.md", "# B\n");
    let r = site.run(&["check", "--warn-links"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().last(),
        Some("checked 3 pages: 0 broken link(s) or anchor(s) (2 more warned)"),
        "{}",
        r.stdout
    );
    let r = site.run(&["build", "--warn-links"]);
    assert!(r.stdout.trim_end().ends_with("(2 warnings)"), "{}", r.stdout);
}

#[test]
fn regression_alerts_globs_resolve_against_root_as_the_help_says() {
    // `opsite check --root my-site --alerts 'deploy/**/alerts.yaml'`, run
    // from the folder above the site, matched no files.
    let site = site();
    let parent = site.root().parent().unwrap();
    let name = site.root().file_name().unwrap().to_str().unwrap();
    let run = |alerts: &str| {
        let out = std::process::Command::new(crate::support::bin())
            .args(["check", "--root", name, "--alerts", alerts])
            .current_dir(parent)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, err) = run("deploy/**/alerts.yaml");
    assert_eq!(code, Some(1), "broken runbook links fail the check: {out}{err}");
    assert!(out.contains("alerts: 7 rules in 1 files"), "{out}{err}");
    assert!(out.contains(&format!("{name}/deploy/hub/alerts.yaml")), "{out}");
    // A path the shell completed from where the command runs works too.
    let (_, out, err) = run(&format!("{name}/deploy/hub/alerts.yaml"));
    assert!(out.contains("alerts: 7 rules in 1 files"), "{out}{err}");
    let (code, _, err) = run("nowhere/*.yaml");
    assert_eq!(code, Some(1));
    assert!(err.contains("matches no files under"), "{err}");
}
