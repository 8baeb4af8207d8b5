//! Heading ids exactly as GitHub makes them.

use opsite::parse::slug::Slugger;

use crate::slugger_cases::CASES;
use crate::support::Site;

#[test]
fn every_github_slugger_case_in_sequence() {
    let mut slugger = Slugger::default();
    let mut failures = Vec::new();
    for (name, input, expected, _) in CASES {
        let got = slugger.slug(input);
        if got != *expected {
            failures.push(format!("{name}: {input:?} → {got:?}, expected {expected:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn every_github_slugger_case_on_a_fresh_page() {
    let mut failures = Vec::new();
    for (name, input, _, isolated) in CASES {
        let got = Slugger::default().slug(input);
        if got != *isolated {
            failures.push(format!("{name}: {input:?} → {got:?}, expected {isolated:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn rendered_headings_use_github_ids() {
    let site = Site::new().file(
        "content/a.md",
        "# Page\n\n## Hello World\n\n## Hello World\n\n## `exchange.bind_headers(exchange, routing [, bindCallback])`\n\n\
         ## I ♥ unicode\n\n## Привет non-latin 你好\n\n## It's -- \"quoted\"...\n\n## :ok_hand: Single\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        site.html("a/index.html").attrs("article h2", "id"),
        [
            "hello-world",
            "hello-world-1",
            "exchangebind_headersexchange-routing--bindcallback",
            "i--unicode",
            "привет-non-latin-你好",
            "its----quoted",
            "ok_hand-single",
        ]
    );
}
