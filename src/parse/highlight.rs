//! Build-time syntax highlighting into CSS classes, with a persistent cache.
//!
//! syntect is the most expensive step of a build, so results are cached by
//! language + code hash in `.opsite-cache/` and reused by warm builds. The
//! HTML carries classes only; colours live in one stylesheet per theme, so
//! light/dark switching needs no re-render.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::Result;
use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Class prefix for highlighted tokens, so theme CSS cannot collide with ours.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// Bumped whenever the HTML a cache entry holds would change.
const CACHE_VERSION: &str = concat!("opsite-", env!("CARGO_PKG_VERSION"), "-hl2");
const CACHE_FILE: &str = "highlight.bin";

/// Languages shown as plain text without a warning.
const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none", "output", "log", "mermaid"];
/// Fence names people use that the syntax set knows under another name.
const ALIASES: &[(&str, &str)] = &[
    ("shell", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("zsh", "bash"),
    ("ps1", "powershell"),
    ("yml", "yaml"),
    ("jsonc", "json"),
    ("golang", "go"),
    ("py", "python"),
    ("hcl", "terraform"),
    ("tf", "terraform"),
];

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Names of the highlight themes `[markdown]` may use.
pub fn theme_names() -> Vec<String> {
    themes().themes.keys().cloned().collect()
}

/// Code block background of the default theme in light mode (`--bg-code`).
pub const LIGHT_CODE_BG: [u8; 3] = [0xf6, 0xf8, 0xfa];
/// Code block background of the default theme in dark mode (`--bg-code`).
pub const DARK_CODE_BG: [u8; 3] = [0x1b, 0x22, 0x2c];

/// CSS for one syntect theme, scoped to our class prefix, with every token
/// colour adjusted to reach WCAG AA contrast (4.5:1) on `background`.
///
/// Popular themes colour comments and some tokens at 2–3:1, which fails
/// accessibility checks; we darken (or lighten) only those colours, just
/// enough, so the theme keeps its look.
pub fn theme_css(name: &str, background: [u8; 3]) -> Result<String> {
    let theme = themes()
        .themes
        .get(name)
        .ok_or_else(|| anyhow::anyhow!("unknown highlight theme {name:?}; available: {}", theme_names().join(", ")))?;
    let css = css_for_theme_with_class_style(theme, CLASS_STYLE)?;
    Ok(ensure_contrast(&css, background))
}

fn ensure_contrast(css: &str, bg: [u8; 3]) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("color: #") {
        let is_background = rest[..i].ends_with("background-");
        let start = i + "color: #".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let hex: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
        if is_background || hex.len() != 6 {
            continue;
        }
        let Ok(v) = u32::from_str_radix(&hex, 16) else { continue };
        let fixed = readable([(v >> 16) as u8, (v >> 8) as u8, v as u8], bg);
        out.push_str(&format!("{:02x}{:02x}{:02x}", fixed[0], fixed[1], fixed[2]));
        rest = &rest[6..];
    }
    out.push_str(rest);
    out
}

/// `fg` moved towards black or white (whichever contrasts with `bg`) until
/// its contrast ratio with `bg` is at least 4.6:1.
fn readable(fg: [u8; 3], bg: [u8; 3]) -> [u8; 3] {
    let target = if luminance(bg) > 0.5 { 0.0 } else { 255.0 };
    let mut c = fg;
    for step in 0..=20 {
        let t = f64::from(step) / 20.0;
        c = fg.map(|x| (f64::from(x) + (target - f64::from(x)) * t).round() as u8);
        if contrast(c, bg) >= 4.6 {
            break;
        }
    }
    c
}

fn luminance(c: [u8; 3]) -> f64 {
    let lin = |x: u8| {
        let s = f64::from(x) / 255.0;
        if s <= 0.03928 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// What highlighting a block produced.
pub enum Highlighted {
    /// Highlighted HTML (the inside of `<code>`).
    Html(String),
    /// No language given, or a plain-text one: escape and show as is.
    Plain,
    /// A language the syntax set does not know.
    Unknown,
}

/// Highlights code blocks, remembering results across builds.
#[derive(Debug, Default)]
pub struct Highlighter {
    cache: Mutex<HashMap<u64, String>>,
    used: Mutex<HashSet<u64>>,
    added: std::sync::atomic::AtomicBool,
    dir: Option<PathBuf>,
}

/// The cache file: `CACHE_VERSION`, a newline, then entries of
/// `[u64 key LE][u32 length LE][HTML bytes]`. Hand-written rather than JSON:
/// at 100,000 code blocks the file is ~270 MB and JSON escaping and parsing
/// cost half a second of every build.
fn decode_cache(bytes: &[u8]) -> Option<HashMap<u64, String>> {
    let header = format!("{CACHE_VERSION}\n");
    let mut rest = bytes.strip_prefix(header.as_bytes())?;
    let mut map = HashMap::new();
    while !rest.is_empty() {
        let key = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        let len = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?) as usize;
        let html = std::str::from_utf8(rest.get(12..12 + len)?).ok()?;
        map.insert(key, html.to_string());
        rest = &rest[12 + len..];
    }
    Some(map)
}

fn encode_cache<'a>(entries: impl Iterator<Item = (&'a u64, &'a String)>) -> Vec<u8> {
    let mut out = format!("{CACHE_VERSION}\n").into_bytes();
    for (key, html) in entries {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&(html.len() as u32).to_le_bytes());
        out.extend_from_slice(html.as_bytes());
    }
    out
}

impl Highlighter {
    /// A highlighter whose cache lives in `dir` (`None`: memory only).
    pub fn new(dir: Option<&Path>) -> Self {
        // A missing, old or damaged cache is simply rebuilt.
        let cache = dir
            .and_then(|d| std::fs::read(d.join(CACHE_FILE)).ok())
            .and_then(|bytes| decode_cache(&bytes))
            .unwrap_or_default();
        Highlighter { cache: Mutex::new(cache), dir: dir.map(Path::to_path_buf), ..Default::default() }
    }

    /// Highlights `code` written in the fence language `lang`.
    pub fn highlight(&self, lang: &str, code: &str) -> Highlighted {
        let lang = lang.trim().to_ascii_lowercase();
        if lang.is_empty() || PLAIN.contains(&lang.as_str()) {
            return Highlighted::Plain;
        }
        let key = xxhash_rust::xxh3::xxh3_64(format!("{lang}\0{code}").as_bytes());
        if let Some(html) = lock(&self.cache).get(&key) {
            lock(&self.used).insert(key);
            return Highlighted::Html(html.clone());
        }
        let Some((syntax, set)) = find_syntax(&lang) else {
            return Highlighted::Unknown;
        };
        let Some(html) = highlight_with(syntax, set, code) else {
            return Highlighted::Plain;
        };
        lock(&self.cache).insert(key, html.clone());
        lock(&self.used).insert(key);
        self.added.store(true, std::sync::atomic::Ordering::Relaxed);
        Highlighted::Html(html)
    }

    /// Writes the cache back if this build added entries or stopped using
    /// some (so the file does not grow forever).
    pub fn save(&self) -> Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let cache = lock(&self.cache);
        let used = lock(&self.used);
        let added = self.added.load(std::sync::atomic::Ordering::Relaxed);
        if !added && used.len() == cache.len() {
            return Ok(());
        }
        let bytes = encode_cache(cache.iter().filter(|(k, _)| used.contains(k)));
        let tmp = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
        crate::util::fs::write(&tmp, bytes)?;
        // The JSON cache of opsite 0.1 development builds is dead weight now.
        let _ = std::fs::remove_file(dir.join("highlight.json"));
        crate::util::fs::rename(&tmp, &dir.join(CACHE_FILE))
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A syntax for the fence language `lang`, with the set it belongs to.
fn find_syntax(lang: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    if lang == "promql" {
        let set = super::promql::syntax_set();
        return set.find_syntax_by_extension("promql").map(|s| (s, set));
    }
    let ss = syntaxes();
    let lang = ALIASES.iter().find(|(a, _)| *a == lang).map(|(_, b)| *b).unwrap_or(lang);
    ss.find_syntax_by_token(lang).or_else(|| ss.find_syntax_by_extension(lang)).map(|s| (s, ss))
}

/// An alert expression as highlighted HTML (classes only), uncached: rule
/// expressions are short and only runbooks show them.
pub fn promql_html(code: &str) -> Option<String> {
    find_syntax("promql").and_then(|(syntax, set)| highlight_with(syntax, set, code))
}

fn highlight_with(syntax: &SyntaxReference, set: &SyntaxSet, code: &str) -> Option<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_round_trips_and_rejects_damage() {
        let mut m = HashMap::new();
        m.insert(7u64, "<span class=\"hl-x\">é</span>".to_string());
        m.insert(u64::MAX, String::new());
        let bytes = encode_cache(m.iter());
        assert_eq!(decode_cache(&bytes), Some(m));
        assert_eq!(decode_cache(&bytes[..bytes.len() - 1]), None);
        assert_eq!(decode_cache(b"opsite-0.0.0-hl0\n"), None);
    }

    #[test]
    fn low_contrast_token_colours_are_fixed_and_good_ones_kept() {
        let css =
            ".hl-comment {\n color: #969896;\n}\n.hl-keyword {\n color: #000000;\n background-color: #ffffff;\n}\n";
        let fixed = ensure_contrast(css, LIGHT_CODE_BG);
        assert!(fixed.contains("color: #000000;"), "{fixed}");
        assert!(fixed.contains("background-color: #ffffff;"), "{fixed}");
        let comment = &fixed[fixed.find("color: #").unwrap() + 8..][..6];
        assert_ne!(comment, "969896");
        let v = u32::from_str_radix(comment, 16).unwrap();
        assert!(contrast([(v >> 16) as u8, (v >> 8) as u8, v as u8], LIGHT_CODE_BG) >= 4.5, "{comment}");
        for name in theme_names() {
            for bg in [LIGHT_CODE_BG, DARK_CODE_BG] {
                theme_css(&name, bg).unwrap();
            }
        }
    }
}
