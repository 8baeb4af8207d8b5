//! `[slo] specs`: Sloth and OpenSLO specs shown as a page per service, with
//! the error budget, the burn-rate windows and the alerts' runbooks.

use crate::support::{BOOK, Site};

fn book(extra: &str) -> String {
    format!(
        "{BOOK}[runbooks]\nprometheus_url = \"https://prom.example.org\"\n\n[slo]\nspecs = [\"slo/*.yaml\"]\n{extra}"
    )
}

const SLOTH: &str = r#"version: prometheus/v1
service: "hub <script>alert(1)</script>"
slos:
  - name: requests-availability
    objective: 99.9
    description: "Requests that do not <b>fail</b>."
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="hub",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="hub"}[{{.window}}]))
    alerting:
      name: HubErrorBudgetBurn
      annotations:
        dashboard_url: https://grafana.example.org/d/hub
"#;

fn site() -> Site {
    Site::new()
        .file("book.toml", &book(""))
        .file("slo/hub.yaml", SLOTH)
        .file("content/runbooks/_index.md", "# Runbooks\n")
        .file("content/runbooks/hub.md", "---\nalerts: [HubErrorBudgetBurn]\n---\n# Hub\n\n## HubErrorBudgetBurn\n\nSee [the SLO](/slo/hub-script-alert-1-script/).\n")
}

#[test]
fn a_sloth_spec_gets_a_page_with_its_budget_windows_and_runbook() {
    let site = site();
    site.build_ok(&[]);
    let page = site.html("slo/hub-script-alert-1-script/index.html");
    // Hostile names stay text.
    assert_eq!(page.text("h1"), "hub <script>alert(1)</script>: service level objectives");
    assert_eq!(page.count("main script, main b"), 0);
    assert_eq!(page.text(".slo h2"), "requests-availability");
    // The source line is the objective's own `name:`, not the alert's below.
    assert_eq!(page.text(".slo-source"), "From the Sloth spec slo/hub.yaml:4.");
    let summary = page.text(".slo-summary");
    assert!(
        summary.starts_with("99.9% of events are good over a rolling 30 days. The error budget is 43.2 minutes"),
        "{summary}"
    );
    // The workbook's windows for 30 days, with the error ratio each fires at.
    let rows = page.texts(".slo table tbody tr");
    assert_eq!(rows, ["1h5m2%14.4×1.44%", "6h30m5%6×0.6%", "1d2h10%3×0.3%", "3d6h10%1×0.1%"]);
    // The queries are highlighted PromQL, and the alert links its runbook.
    assert!(page.count(".slo pre.code code span") > 0);
    assert_eq!(page.attr(".slo a[href*=runbooks]", "href"), "/runbooks/hub/#huberrorbudgetburn");
    assert_eq!(page.attr(".slo .alert-rule-links a[href*=grafana]", "href"), "https://grafana.example.org/d/hub");
    let graph = page.attr(".slo .alert-rule-links a[href*=prom]", "href");
    assert!(graph.starts_with("https://prom.example.org/graph?g0.expr="), "{graph}");
    assert!(graph.contains("%5B1h%5D"), "{graph}");
    // The list of services, linked from the runbooks index.
    let index = site.html("slo/index.html");
    assert_eq!(index.attr("tbody a", "href"), "/slo/hub-script-alert-1-script/");
    assert_eq!(site.html("runbooks/index.html").attr(".coverage-link a[href$='slo/']", "href"), "/slo/");
    // A page's link to an SLO page is checked, and keeps its slash.
    assert_eq!(
        site.html("runbooks/hub/index.html").attr("main p a[href*=slo]", "href"),
        "/slo/hub-script-alert-1-script/"
    );
}

#[test]
fn an_slo_alert_counts_as_defined_for_coverage() {
    let site = site();
    site.build_ok(&[]);
    let coverage = site.html("runbooks/coverage/index.html");
    assert!(
        coverage.text("main").contains("Every alert a runbook documents is defined by a rule."),
        "{}",
        coverage.text("main")
    );
}

#[test]
fn the_sloth_custom_resource_and_openslo_with_a_separate_sli_are_read() {
    let site = Site::new()
        .file("book.toml", &book(""))
        .file(
            "slo/crd.yaml",
            r#"apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: trino
spec:
  service: trino
  slos:
    - name: queries
      objective: 99
      sli:
        raw:
          errorRatioQuery: job:trino_query_errors:ratio_rate{{.window}}
      alerting:
        name: TrinoQueryBudgetBurn
        annotations:
          dashboard_url: "javascript:alert(1)"
"#,
        )
        .file(
            "slo/openslo.yaml",
            r#"apiVersion: openslo/v1
kind: SLO
metadata:
  name: superset-dashboards
  displayName: Dashboards load
spec:
  service: superset
  indicatorRef: superset-good-loads
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Most loads
      target: 0.995
"#,
        )
        .file(
            "slo/sli.yaml",
            r#"---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: superset-good-loads
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(superset_dashboard_loads_total{status="ok"}[{{.window}}]))
    total:
      metricSource:
        type: Prometheus
        spec:
          query: sum(rate(superset_dashboard_loads_total[{{.window}}]))
"#,
        );
    let r = site.build_ok(&[]);
    assert!(
        r.err().contains("slo/crd.yaml:16:11: SLO \"queries\": dashboard_url is a `javascript:` URL: not linked"),
        "{}",
        r.err()
    );
    let trino = site.html("slo/trino/index.html");
    assert!(trino.text(".slo-summary").contains("The error budget is 432 minutes"), "{}", trino.text(".slo-summary"));
    assert!(trino.text(".slo").contains("No runbook in this site documents it."));
    assert_eq!(trino.count("a[href^=javascript]"), 0);
    let superset = site.html("slo/superset/index.html");
    assert_eq!(superset.text(".slo h2"), "Dashboards load: Most loads");
    // 0.5% of 28 days; the rates scaled to 28 days.
    assert!(
        superset.text(".slo-summary").contains("rolling 28 days. The error budget is 201.6 minutes"),
        "{}",
        superset.text(".slo-summary")
    );
    assert!(superset.texts(".slo table tbody tr")[0].contains("13.44×"));
    assert!(
        superset.texts(".slo-expr")[0].contains("1 - ((sum(rate(superset_dashboard_loads_total{status=\"ok\"}[1h])))")
    );
    assert_eq!(site.html("slo/index.html").texts("tbody tr").len(), 2);
}

#[test]
fn an_invalid_spec_is_a_located_error() {
    let site = Site::new()
        .file("book.toml", &book(""))
        .file("slo/bad.yaml", "version: prometheus/v1\nservice: hub\nslos:\n  - name: a\n    objective: 99\n    sli:\n      raw:\n        error_ratio_query: x\n  - name: b\n    objective: 120\n    sli:\n      raw:\n        error_ratio_query: y\n");
    let r = site.build_err(&[]);
    assert!(
        r.err().contains("slo/bad.yaml:10:5: SLO \"b\": objective 120 is not a percentage between 0 and 100"),
        "{}",
        r.err()
    );
    site.write("slo/bad.yaml", "version: prometheus/v1\nservice: [unclosed\n");
    let r = site.build_err(&[]);
    assert!(r.err().contains("slo/bad.yaml:") && r.err().contains("not read as an SLO spec"), "{}", r.err());
    site.write(
        "slo/bad.yaml",
        "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: x\nspec:\n  service: hub\n  indicatorRef: nowhere\n  objectives:\n    - target: 0.9\n",
    );
    let r = site.build_err(&[]);
    assert!(r.err().contains("slo/bad.yaml:7:3: SLO \"x\": no SLI named \"nowhere\" in [slo] specs"), "{}", r.err());
    // A glob that matches nothing is named.
    site.write("book.toml", &book("").replace("slo/*.yaml", "slos/*.yaml"));
    let r = site.build_err(&[]);
    assert!(r.err().contains("[slo] specs: \"slos/*.yaml\" matches no file"), "{}", r.err());
}

#[test]
fn serve_rereads_an_slo_spec_when_it_changes() {
    let site = site();
    let s = crate::serve::Served::start(&site, &[]);
    let path = "/slo/hub-script-alert-1-script/";
    assert!(s.get(path).html().text(".slo-summary").starts_with("99.9%"));
    site.write("slo/hub.yaml", &SLOTH.replace("objective: 99.9", "objective: 99.5"));
    crate::support::wait_until("the SLO page never showed the new objective", || {
        s.get(path).html().text(".slo-summary").starts_with("99.5%")
    });
    assert!(s.get(path).html().text(".slo-summary").contains("The error budget is 216 minutes"));
}
