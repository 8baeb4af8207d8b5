//! Dates and times: the few conversions page dates and GitHub timestamps
//! need, without a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// `YYYY-MM-DD` (UTC) of a time.
pub(crate) fn format_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Unix seconds now (what the GitHub and outside-link caches stamp).
pub(crate) fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Today, in days since 1970-01-01 (UTC): `SOURCE_DATE_EPOCH` when set
/// (the reproducible-builds convention, and how tests fix "today"), else
/// the clock.
pub(crate) fn today() -> i64 {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64));
    secs.div_euclid(86_400)
}

/// Days since 1970-01-01 of a date that starts `YYYY-MM-DD`.
pub(crate) fn days_of(date: &str) -> Option<i64> {
    let (y, m, d) = (date.get(0..4)?, date.get(5..7)?, date.get(8..10)?);
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| days_from_civil(y, m, d))
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// algorithm): a dozen lines instead of a date-time dependency.
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Unix seconds of a time GitHub sends or people write: RFC 3339
/// (`2026-11-02T14:05:00Z`, `…+02:00`), a space for the `T`, the seconds
/// left out, or no zone (UTC).
pub(crate) fn parse_time(s: &str) -> Option<u64> {
    let s = s.trim();
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if s.get(4..5)? != "-" || s.get(7..8)? != "-" || !matches!(s.get(10..11)?, "T" | "t" | " ") {
        return None;
    }
    let (hh, mm) = (num(11..13)?, num(14..16)?);
    let mut rest = s.get(16..)?;
    let mut ss = 0;
    if let Some(r) = rest.strip_prefix(':') {
        ss = r.get(0..2)?.parse::<i64>().ok()?;
        rest = &r[2..];
        if let Some(frac) = rest.strip_prefix('.') {
            rest = frac.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    let offset = match rest.trim() {
        "" | "Z" | "z" => 0,
        z => {
            let sign = match z.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let (h, m) = z[1..].split_once(':').unwrap_or((z.get(1..3)?, z.get(3..).unwrap_or("0")));
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
        }
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    u64::try_from(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss - offset).ok()
}

/// `YYYY-MM-DD HH:MM UTC` and RFC 3339 for unix seconds.
pub(crate) fn format_time(t: u64) -> (String, String) {
    let days = (t / 86_400) as i64;
    let (y, m, d) = civil_from_days(days);
    let rem = t % 86_400;
    let (hh, mm, ss) = (rem / 3600, rem % 3600 / 60, rem % 60);
    (format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02} UTC"), format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}Z"))
}

/// Days since 1970-01-01 of a proleptic Gregorian date: the inverse of
/// [`civil_from_days`].
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `git log --format=%x00%cs --name-only` arguments whose output
/// [`last_commit_dates`] reads.
pub(crate) const GIT_LOG_DATES: [&str; 4] = ["log", "--format=%x00%cs", "--name-only", "--no-renames"];

/// `YYYY-MM-DD` of the newest commit naming each file, from the output of
/// `git log` run with [`GIT_LOG_DATES`]: one pass for a whole tree (a call
/// per file would cost seconds on a large site).
pub(crate) fn last_commit_dates(log: &str) -> std::collections::HashMap<String, String> {
    let mut dates = std::collections::HashMap::new();
    for commit in log.split('\0').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let Some(date) = lines.next() else { continue };
        for file in lines.filter(|l| !l.is_empty()) {
            dates.entry(file.to_string()).or_insert_with(|| date.trim().to_string());
        }
    }
    dates
}

#[cfg(test)]
mod time_tests {
    use super::parse_time;

    #[test]
    fn times_people_write_are_read_with_their_offset() {
        let utc = parse_time("2026-11-02T14:05:00Z").unwrap();
        assert_eq!(parse_time("2026-11-02 14:05"), Some(utc));
        assert_eq!(parse_time("2026-11-02T16:05:00+02:00"), Some(utc));
        assert_eq!(parse_time("2026-11-02T09:05:00.250-05:00"), Some(utc));
        for bad in ["2026-11-02", "2026-13-02T00:00Z", "yesterday", "2026-11-02T14:05:00 CET"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        for days in [-800_000, -1, 0, 11_016, 19_723, 2_000_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, i64::from(m), i64::from(d)), days);
        }
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_time("2024-01-01T00:00:10Z"), Some(19_723 * 86_400 + 10));
        assert_eq!(parse_time("2024-01-01"), None);
        assert_eq!(format_time(19_723 * 86_400 + 3661).0, "2024-01-01 01:01 UTC");
        let log = "\x002024-02-03\n\na.md\nb.md\n\x002023-01-01\n\na.md\nc.md\n";
        let d = last_commit_dates(log);
        assert_eq!(
            (d["a.md"].as_str(), d["b.md"].as_str(), d["c.md"].as_str()),
            ("2024-02-03", "2024-02-03", "2023-01-01")
        );
    }
}
