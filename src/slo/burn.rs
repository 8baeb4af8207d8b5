//! Multi-window, multi-burn-rate alerts (the Google SRE workbook, chapter
//! 5, and what Sloth generates): a page when 2% of the budget burns in an
//! hour or 5% in six hours, a ticket when 10% burns in a day or in three,
//! each confirmed by a short window so the alert stops soon after the
//! burn does. The rates are worked out for the objective's own window.

use super::Objective;

/// One window pair of an alert.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BurnWindow {
    /// The long window (`1h`) and the short one that confirms it (`5m`).
    pub(crate) long: &'static str,
    pub(crate) short: &'static str,
    /// The share of the budget that burns in the long window at this rate.
    pub(crate) budget_share: f64,
    /// How many times faster than the budget allows.
    pub(crate) burn: f64,
    /// The error ratio that fires it: `burn × (1 − target)`.
    pub(crate) threshold: f64,
}

/// A generated alert: its severity, windows and expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BurnAlert {
    /// `page` or `ticket` (Sloth's `sloth_severity`).
    pub(crate) severity: &'static str,
    pub(crate) windows: Vec<BurnWindow>,
    /// The PromQL it evaluates (empty when the SLI's queries have no
    /// `{{.window}}` to fill).
    pub(crate) expr: String,
}

/// (severity, long window, seconds, short window, share of the budget)
const WINDOWS: [(&str, &str, u64, &str, f64); 4] = [
    ("page", "1h", 3_600, "5m", 0.02),
    ("page", "6h", 21_600, "30m", 0.05),
    ("ticket", "1d", 86_400, "2h", 0.10),
    ("ticket", "3d", 259_200, "6h", 0.10),
];

/// The page and ticket alerts of an objective.
pub(crate) fn alerts(o: &Objective) -> Vec<BurnAlert> {
    ["page", "ticket"]
        .into_iter()
        .map(|severity| {
            let windows: Vec<BurnWindow> = WINDOWS
                .iter()
                .filter(|w| w.0 == severity)
                .map(|&(_, long, secs, short, share)| {
                    let burn = round(share * o.window as f64 / secs as f64);
                    BurnWindow { long, short, budget_share: share, burn, threshold: burn * (1.0 - o.target) }
                })
                .collect();
            let expr = match o.sli.windowed() {
                false => String::new(),
                true => windows
                    .iter()
                    .map(|w| {
                        let limit = format!("({} * {})", number(w.burn), number(1.0 - o.target));
                        format!(
                            "(\n  ({}) > {limit}\nand\n  ({}) > {limit}\n)",
                            o.sli.error_ratio(w.long),
                            o.sli.error_ratio(w.short)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\nor\n"),
            };
            BurnAlert { severity, windows, expr }
        })
        .collect()
}

/// Rounds away float noise (`14.399999` → `14.4`).
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// A number as PromQL and people write it: no trailing zeros.
pub(crate) fn number(x: f64) -> String {
    let s = format!("{:.6}", round(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slo::Sli;

    fn objective(target: f64, days: u64) -> Objective {
        Objective {
            name: "x".into(),
            description: None,
            target,
            window: days * 86_400,
            sli: Sli::Events { errors: "sum(rate(e[{{.window}}]))".into(), total: "sum(rate(t[{{.window}}]))".into() },
            alert: None,
            dashboard: None,
            file: "s.yaml".into(),
            line: 1,
            format: "Sloth",
        }
    }

    #[test]
    fn thirty_days_gives_the_workbooks_rates_and_budget() {
        let o = objective(0.999, 30);
        assert!((o.budget_minutes() - 43.2).abs() < 1e-9);
        let a = alerts(&o);
        let rates: Vec<(&str, &str, f64)> =
            a.iter().flat_map(|a| a.windows.iter().map(|w| (w.long, w.short, w.burn))).collect();
        assert_eq!(rates, [("1h", "5m", 14.4), ("6h", "30m", 6.0), ("1d", "2h", 3.0), ("3d", "6h", 1.0)]);
        assert_eq!(number(a[0].windows[0].threshold), "0.0144");
        assert!(
            a[0].expr.starts_with(
                "(\n  ((sum(rate(e[1h]))) / (sum(rate(t[1h])))) > (14.4 * 0.001)\nand\n  ((sum(rate(e[5m])))"
            ),
            "{}",
            a[0].expr
        );
        assert!(a[0].expr.contains("\nor\n"));
    }

    #[test]
    fn twenty_eight_days_scales_the_rates() {
        let a = alerts(&objective(0.99, 28));
        let rates: Vec<f64> = a.iter().flat_map(|a| a.windows.iter().map(|w| w.burn)).collect();
        assert_eq!(rates, [13.44, 5.6, 2.8, 0.933333]);
        assert!((objective(0.99, 28).budget_minutes() - 403.2).abs() < 1e-9);
    }

    #[test]
    fn queries_without_a_window_placeholder_get_no_expression() {
        let mut o = objective(0.99, 30);
        o.sli = Sli::Ratio("job:error_ratio:rate5m".into());
        assert!(alerts(&o).iter().all(|a| a.expr.is_empty()));
    }
}
