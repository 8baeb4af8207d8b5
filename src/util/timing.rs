//! `OPSITE_TIMINGS`: per-stage times on stderr, for benchmarks and for
//! finding where a slow build spends its time.

use std::cell::Cell;
use std::io::Write;
use std::time::Instant;

/// Prints the time of each lap when `OPSITE_TIMINGS` is set.
pub(crate) struct Stopwatch {
    last: Cell<Instant>,
    on: bool,
}

impl Stopwatch {
    /// Starts timing.
    pub(crate) fn start() -> Self {
        Stopwatch { last: Instant::now().into(), on: std::env::var_os("OPSITE_TIMINGS").is_some() }
    }

    /// Prints the time since the previous lap.
    pub(crate) fn lap(&self, what: &str) {
        if self.on {
            let now = Instant::now();
            let ms = (now - self.last.get()).as_secs_f64() * 1000.0;
            let _ = writeln!(std::io::stderr().lock(), "timing: {what:<20} {ms:>8.1} ms");
            self.last.set(now);
        }
    }
}
