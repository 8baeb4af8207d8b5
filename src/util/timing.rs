//! `OPSITE_TIMINGS`: per-stage times on stderr, with the memory resident
//! after each, for benchmarks and for finding where a slow or large build
//! spends its time and memory.

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
            let _ = writeln!(std::io::stderr().lock(), "timing: {what:<20} {ms:>8.1} ms{}", resident());
            self.last.set(now);
        }
    }
}

/// `, 412 MB resident` on Linux (read from `/proc/self/statm`), else nothing.
fn resident() -> String {
    let pages = std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1).and_then(|p| p.parse::<u64>().ok()));
    // The kernel's page size is 4 KiB on the machines this is read on.
    pages.map(|p| format!(", {} MB resident", p * 4096 / 1_000_000)).unwrap_or_default()
}
