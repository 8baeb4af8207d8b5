//! A syntax definition for PromQL, the language of alert expressions: no
//! syntax set that syntect or two-face ships has one (the fence name used to
//! fall back to SQL, which colours `by` and `rate` wrongly and `[5m]` not
//! at all).
//!
//! Written as syntect's own structures rather than a `.sublime-syntax` file:
//! loading YAML syntaxes needs syntect's yaml-rust feature, which this crate
//! keeps out (docs/decisions.md). PromQL has no nesting a single context of
//! token patterns cannot express, so one context is the whole grammar.

use std::sync::OnceLock;

use syntect::parsing::syntax_definition::{Context, MatchOperation, MatchPattern, Pattern, SyntaxDefinition};
use syntect::parsing::{Scope, SyntaxSet, SyntaxSetBuilder};

/// Token patterns in the order they are tried at each position: comments
/// and strings first (nothing inside them is a token), the metric name last.
const PATTERNS: &[(&str, &str)] = &[
    (r"#.*$", "comment.line.number-sign.promql"),
    (r#""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`"#, "string.quoted.promql"),
    // Aggregation operators, where they aggregate (before `(`, `by`, `without`).
    (
        r"\b(?:sum|min|max|avg|group|stddev|stdvar|count|count_values|bottomk|topk|quantile|limitk|limit_ratio)\b(?=\s*(?:\(|by\b|without\b))",
        "keyword.other.aggregation.promql",
    ),
    // Vector matching, modifiers and set operators.
    (
        r"\b(?:by|without|on|ignoring|group_left|group_right|offset|bool|and|or|unless|atan2)\b",
        "keyword.control.promql",
    ),
    (r"\b[a-zA-Z_][a-zA-Z0-9_]*(?=\s*\()", "support.function.promql"),
    // A label name before a matcher.
    (r"\b[a-zA-Z_][a-zA-Z0-9_]*(?=\s*(?:=~|!~|!=|=(?!=)))", "entity.other.attribute-name.label.promql"),
    (r"(?<![\w.])[0-9]+(?:ms|s|m|h|d|w|y)(?:[0-9]+(?:ms|s|m|h|d|w|y))*\b", "constant.numeric.duration.promql"),
    (
        r"(?<![\w.])(?:0[xX][0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?|(?i:inf|nan))\b",
        "constant.numeric.promql",
    ),
    (r"=~|!~|!=|==|>=|<=|[-+*/%^<>=]|@", "keyword.operator.promql"),
    (r"[{}()\[\],:]", "punctuation.section.promql"),
    (r"[a-zA-Z_:][a-zA-Z0-9_:]*", "variable.other.metric.promql"),
];

/// The PromQL syntax and the set it lives in (linked once, on first use).
pub(super) fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut builder = SyntaxSetBuilder::new();
        builder.add(definition());
        builder.build()
    })
}

fn definition() -> SyntaxDefinition {
    let mut context = Context::new(false);
    for (regex, scope) in PATTERNS {
        let scope = Scope::new(scope).map(|s| vec![s]).unwrap_or_default();
        let pattern = MatchPattern::new(false, regex.to_string(), scope, None, MatchOperation::None, None);
        context.patterns.push(Pattern::Match(pattern));
    }
    let scope = Scope::new("source.promql").unwrap_or_default();
    // `__start` is where parsing begins; `main` and `__main` are what other
    // syntaxes and the linker look for.
    let contexts = ["__start", "__main", "main"].iter().map(|name| (name.to_string(), context.clone())).collect();
    SyntaxDefinition {
        name: "PromQL".into(),
        file_extensions: vec!["promql".into()],
        scope,
        first_line_match: None,
        hidden: false,
        variables: Default::default(),
        contexts,
    }
}

#[cfg(test)]
mod tests {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::util::LinesWithEndings;

    use super::*;

    fn classes(code: &str) -> String {
        let set = syntax_set();
        let syntax = set.find_syntax_by_extension("promql").expect("the syntax is in its set");
        let mut g = ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::Spaced);
        for line in LinesWithEndings::from(code) {
            g.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        g.finalize()
    }

    #[test]
    fn tokens_of_an_alert_expression() {
        let html = classes(
            "sum by (namespace) (rate(http_requests_total{job=~\"api.*\", code!=\"200\"}[5m])) > 0.5 # noisy\n",
        );
        for (text, class) in [
            ("sum", "aggregation"),
            ("by", "control"),
            ("rate", "function"),
            ("http_requests_total", "metric"),
            ("job", "label"),
            ("&quot;api.*&quot;", "string"),
            ("5m", "duration"),
            ("0.5", "numeric"),
            ("# noisy", "comment"),
        ] {
            let at = html.find(&format!(">{text}<")).unwrap_or_else(|| panic!("{text} not a token in {html}"));
            let open = html[..at].rfind("<span class=\"").unwrap();
            assert!(html[open..at].contains(class), "{text} should be {class}: {}", &html[open..at]);
        }
    }

    #[test]
    fn a_function_name_used_as_a_metric_is_a_metric() {
        let html = classes("count > 3\n");
        assert!(html.contains("metric"), "{html}");
        assert!(!html.contains("aggregation"), "{html}");
    }
}
