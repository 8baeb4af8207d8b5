//! Build-time syntax highlighting into CSS classes, with a persistent cache.
//!
//! syntect is the most expensive step of a build, so results are cached by
//! language + code hash in `.opsite-cache/` and reused by warm builds. The
//! HTML carries classes only; colours live in one stylesheet per theme, so
//! light/dark switching needs no re-render.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::{Context as _, Result};
use std::io::Write as _;
use syntect::highlighting::ThemeSet;
use syntect::parsing::{SyntaxReference, SyntaxSet};

use super::looks::{Look, Looks, Outcome};
use crate::config::DEFAULT_HIGHLIGHT_BUDGET_MS;

/// What each line of a block adds to its budget.
const PER_LINE: std::time::Duration = std::time::Duration::from_micros(50);

/// Bumped whenever the HTML a cache entry holds would change.
const CACHE_VERSION: &str = concat!("opsite-", env!("CARGO_PKG_VERSION"), "-hl3");
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

/// Fails on a highlight theme name that does not exist, naming those that do.
pub fn check_theme(name: &str) -> Result<()> {
    match themes().themes.get(name) {
        Some(_) => Ok(()),
        None => anyhow::bail!("unknown highlight theme {name:?}; available: {}", theme_names().join(", ")),
    }
}

/// `fg` moved towards black or white (whichever contrasts with `bg`) until
/// its contrast ratio with `bg` is at least 4.6:1.
pub(super) fn readable(fg: [u8; 3], bg: [u8; 3]) -> [u8; 3] {
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
    /// The grammar took longer than the budget: show the code as plain
    /// text, and say so where the block is.
    GaveUp(std::time::Duration),
}

/// Highlights code blocks, remembering results across builds.
pub struct Highlighter {
    cache: Mutex<HashMap<u64, Entry>>,
    used: Mutex<HashSet<u64>>,
    added: std::sync::atomic::AtomicBool,
    dir: Option<PathBuf>,
    looks: Looks,
    /// The looks the last [`Highlighter::stylesheets`] covered, and whether
    /// a block highlighted since uses another: edits skip making the
    /// stylesheets again when nothing new can be in them.
    styled: Mutex<std::collections::BTreeSet<Look>>,
    unstyled: std::sync::atomic::AtomicBool,
    /// First line of the cache file: the version and both themes.
    header: String,
    /// How long one block may take.
    budget: std::time::Duration,
}

/// One highlighted block: its HTML and the looks its classes name.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    html: String,
    looks: Vec<Look>,
}

/// The cache file: a header line (version, themes), then entries of
/// `[u64 key LE][u32 length LE][HTML bytes][u16 looks LE][10 bytes a look]`.
/// Hand-written rather than JSON: at 100,000 code blocks JSON escaping and
/// parsing cost half a second of every build.
fn decode_cache(bytes: &[u8], header: &str) -> Option<HashMap<u64, Entry>> {
    let mut rest = bytes.strip_prefix(header.as_bytes())?;
    let mut map = HashMap::new();
    while !rest.is_empty() {
        let key = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
        let len = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?) as usize;
        let html = std::str::from_utf8(rest.get(12..12 + len)?).ok()?.to_string();
        rest = &rest[12 + len..];
        let n = u16::from_le_bytes(rest.get(..2)?.try_into().ok()?) as usize;
        let raw = rest.get(2..2 + n * 10)?;
        let looks = raw
            .chunks_exact(10)
            .map(|c| Look { fg: [[c[0], c[1], c[2], c[3]], [c[4], c[5], c[6], c[7]]], font: [c[8], c[9]] })
            .collect();
        rest = &rest[2 + n * 10..];
        map.insert(key, Entry { html, looks });
    }
    Some(map)
}

/// Writes the cache file's bytes to `out` as they are made: at 100,000
/// code blocks the file is about 70 MB, which a cold build held in memory
/// at its peak when it was made whole first.
fn encode_cache<'a>(
    out: &mut impl std::io::Write,
    header: &str,
    entries: impl Iterator<Item = (&'a u64, &'a Entry)>,
) -> std::io::Result<()> {
    out.write_all(header.as_bytes())?;
    for (key, e) in entries {
        out.write_all(&key.to_le_bytes())?;
        out.write_all(&(e.html.len() as u32).to_le_bytes())?;
        out.write_all(e.html.as_bytes())?;
        out.write_all(&(e.looks.len() as u16).to_le_bytes())?;
        for l in &e.looks {
            for c in &l.fg {
                out.write_all(c)?;
            }
            out.write_all(&l.font)?;
        }
    }
    Ok(())
}

impl Highlighter {
    /// A highlighter for the `light` and `dark` themes (unknown names fall
    /// back to the defaults; [`check_theme`] reports them) whose cache lives
    /// in `dir` (`None`: memory only).
    pub fn new(dir: Option<&Path>, light: &str, dark: &str) -> Self {
        let theme = |name: &str, fallback: &str| {
            let set = &themes().themes;
            set.get(name).or_else(|| set.get(fallback)).or_else(|| set.values().next()).expect("syntect has themes")
        };
        let looks = Looks::new(theme(light, "InspiredGitHub"), theme(dark, "base16-ocean.dark"));
        let header = format!("{CACHE_VERSION} {light:?} {dark:?}\n");
        // A missing, old or damaged cache, or one for other themes, is simply rebuilt.
        let cache = dir
            .and_then(|d| std::fs::read(d.join(CACHE_FILE)).ok())
            .and_then(|bytes| decode_cache(&bytes, &header))
            .unwrap_or_default();
        Highlighter {
            cache: Mutex::new(cache),
            used: Mutex::default(),
            added: Default::default(),
            dir: dir.map(Path::to_path_buf),
            looks,
            styled: Mutex::default(),
            unstyled: std::sync::atomic::AtomicBool::new(true),
            header,
            budget: std::time::Duration::from_millis(DEFAULT_HIGHLIGHT_BUDGET_MS),
        }
    }

    /// The same highlighter with `budget` for one block: past it the block
    /// is plain text ([`Highlighted::GaveUp`]). Text nobody here reviewed
    /// can make a grammar slow; a build must not wait for it.
    pub fn with_budget(mut self, budget: std::time::Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The light and dark stylesheets for the looks of every block this
    /// build highlighted (the same looks give the same text, in any order).
    pub fn stylesheets(&self) -> (String, String) {
        let looks: std::collections::BTreeSet<Look> = {
            let cache = lock(&self.cache);
            let used = lock(&self.used);
            used.iter().filter_map(|k| cache.get(k)).flat_map(|e| e.looks.iter().copied()).collect()
        };
        let css = (self.looks.css(&looks, 0, LIGHT_CODE_BG), self.looks.css(&looks, 1, DARK_CODE_BG));
        *lock(&self.styled) = looks;
        self.unstyled.store(false, std::sync::atomic::Ordering::Relaxed);
        css
    }

    /// The stylesheets again, when a block highlighted since the last ones
    /// uses a look they lack; `None` when they cover everything.
    pub fn restyle(&self) -> Option<(String, String)> {
        self.unstyled.load(std::sync::atomic::Ordering::Relaxed).then(|| self.stylesheets())
    }

    /// Notes a block's looks: one the stylesheets lack means they must be
    /// made again.
    fn note_looks(&self, looks: &[Look]) {
        if self.unstyled.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let styled = lock(&self.styled);
        if looks.iter().any(|l| !styled.contains(l)) {
            self.unstyled.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The HTML of each of `codes` in `lang`, by code (those shown plain
    /// are left out).
    pub fn highlight_each(
        &self,
        lang: &str,
        codes: impl IntoIterator<Item = String>,
    ) -> std::collections::HashMap<String, String> {
        codes
            .into_iter()
            .filter_map(|c| match self.highlight(lang, &c) {
                Highlighted::Html(h) => Some((c, h)),
                _ => None,
            })
            .collect()
    }

    /// Highlights `code` written in the fence language `lang`.
    pub fn highlight(&self, lang: &str, code: &str) -> Highlighted {
        let lang = lang.trim().to_ascii_lowercase();
        if lang.is_empty() || PLAIN.contains(&lang.as_str()) {
            return Highlighted::Plain;
        }
        let key = xxhash_rust::xxh3::xxh3_64(format!("{lang}\0{code}").as_bytes());
        if let Some(e) = lock(&self.cache).get(&key) {
            lock(&self.used).insert(key);
            self.note_looks(&e.looks);
            return Highlighted::Html(e.html.clone());
        }
        let Some((syntax, set)) = find_syntax(&lang) else {
            return Highlighted::Unknown;
        };
        let started = std::time::Instant::now();
        // A long block gets longer: a 2,137-line configuration reference
        // takes 58 ms on this project's machine, and should be highlighted
        // wherever it builds. The time is still bounded by the block's size.
        let budget = if self.budget.is_zero() {
            self.budget
        } else {
            self.budget + PER_LINE * u32::try_from(code.lines().count()).unwrap_or(u32::MAX)
        };
        // A block that gave up is not cached: the next build tries again.
        let (html, looks) = match self.looks.highlight(syntax, set, code, started + budget) {
            Outcome::Done(html, looks) => (html, looks),
            Outcome::Failed => return Highlighted::Plain,
            Outcome::OutOfTime => return Highlighted::GaveUp(started.elapsed()),
        };
        let looks: Vec<Look> = looks.into_iter().collect();
        self.note_looks(&looks);
        lock(&self.cache).insert(key, Entry { html: html.clone(), looks });
        lock(&self.used).insert(key);
        self.added.store(true, std::sync::atomic::Ordering::Relaxed);
        Highlighted::Html(html)
    }

    /// Lets go of every highlighted block held in memory, once nothing is
    /// highlighted again (`opsite build` after the pages are written; the
    /// cache file is saved already).
    pub fn forget(&self) {
        *lock(&self.cache) = HashMap::new();
        *lock(&self.used) = HashSet::new();
    }

    /// Writes the cache back if this build added entries or stopped using
    /// some (so the file does not grow forever).
    pub fn save(&self) -> Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let mut cache = lock(&self.cache);
        let used = lock(&self.used);
        let added = self.added.load(std::sync::atomic::Ordering::Relaxed);
        if !added && used.len() == cache.len() {
            return Ok(());
        }
        let tmp = dir.join(format!("{CACHE_FILE}.{}.tmp", std::process::id()));
        crate::util::fs::create_dir_all(dir)?;
        let mut file =
            std::io::BufWriter::new(std::fs::File::create(&tmp).with_context(|| format!("writing {}", tmp.display()))?);
        encode_cache(&mut file, &self.header, cache.iter().filter(|(k, _)| used.contains(k)))
            .and_then(|()| file.flush())
            .with_context(|| format!("writing {}", tmp.display()))?;
        drop(file);
        // The JSON cache of opsite 0.1 development builds is dead weight now.
        let _ = std::fs::remove_file(dir.join("highlight.json"));
        crate::util::fs::rename(&tmp, &dir.join(CACHE_FILE))?;
        // Memory now holds what the file does: `serve` saves after every
        // edit, and writes again only when an edit added a block.
        cache.retain(|k, _| used.contains(k));
        self.added.store(false, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fence language for every grammar opsite ships (the first name each
/// answers to), for fuzzing and benchmarks that must cover them all.
pub fn language_names() -> Vec<String> {
    let mut names: Vec<String> = syntaxes()
        .syntaxes()
        .iter()
        .map(|s| s.file_extensions.first().cloned().unwrap_or_else(|| s.name.to_ascii_lowercase()))
        .filter(|n| find_syntax(n).is_some())
        .collect();
    names.push("promql".into());
    names.sort();
    names.dedup();
    names
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_round_trips_and_rejects_damage() {
        let mut m = HashMap::new();
        let look = Look { fg: [[1, 2, 3, 255], [4, 5, 6, 255]], font: [4, 0] };
        m.insert(7u64, Entry { html: "<span class=x12>é</span>".into(), looks: vec![look] });
        m.insert(u64::MAX, Entry { html: String::new(), looks: vec![] });
        let mut bytes = Vec::new();
        encode_cache(&mut bytes, "v \"a\" \"b\"\n", m.iter()).unwrap();
        assert_eq!(decode_cache(&bytes, "v \"a\" \"b\"\n"), Some(m));
        assert_eq!(decode_cache(&bytes[..bytes.len() - 1], "v \"a\" \"b\"\n"), None);
        // Another theme's cache is not used.
        assert_eq!(decode_cache(&bytes, "v \"a\" \"c\"\n"), None);
    }

    #[test]
    fn low_contrast_token_colours_are_made_readable() {
        // GitHub's comment grey is 2.6:1 on the light code background.
        let fixed = readable([0x96, 0x98, 0x96], LIGHT_CODE_BG);
        assert!(contrast(fixed, LIGHT_CODE_BG) >= 4.5, "{fixed:?}");
        assert_eq!(readable([0, 0, 0], LIGHT_CODE_BG), [0, 0, 0], "a readable colour is kept");
        for name in theme_names() {
            check_theme(&name).unwrap();
        }
        assert!(check_theme("nope").is_err());
    }

    #[test]
    fn compact_html_has_one_class_per_look_and_merges_runs() {
        let h = Highlighter::new(None, "InspiredGitHub", "base16-ocean.dark");
        let code = "{\n  \"name\": \"example\",\n  \"replicas\": 3\n}\n";
        let Highlighted::Html(html) = h.highlight("json", code) else { panic!("not highlighted") };
        assert!(!html.contains("hl-") && !html.contains("<span class=\""), "{html}");
        // The text is all there, quotes unescaped.
        let text = html.split('<').map(|p| p.split_once('>').map_or(p, |(_, t)| t)).collect::<String>();
        assert_eq!(text, code);
        // JSON is the worst case of the bench corpus (its quotes and text
        // differ in colour); syntect's classed HTML was 20 times the code.
        assert!(html.len() <= code.len() * 7, "{} bytes of HTML for {} of code: {html}", html.len(), code.len());
        let (light, dark) = h.stylesheets();
        for class in html.split("<span class=").skip(1).map(|s| s.split('>').next().unwrap()) {
            assert!(light.contains(&format!(".{class}{{")) || dark.contains(&format!(".{class}{{")), "{class}");
        }
        // The same code in another build gets the same classes.
        let again = Highlighter::new(None, "InspiredGitHub", "base16-ocean.dark");
        assert!(matches!(again.highlight("json", code), Highlighted::Html(h2) if h2 == html));
    }

    #[test]
    fn stylesheets_are_made_again_only_when_a_new_look_appears() {
        let h = Highlighter::new(None, "InspiredGitHub", "base16-ocean.dark");
        assert!(matches!(h.highlight("json", "{\"a\": 1}\n"), Highlighted::Html(_)));
        let css = h.stylesheets();
        assert_eq!(h.restyle(), None, "nothing highlighted since");
        h.highlight("json", "{\"b\": 2}\n");
        assert_eq!(h.restyle(), None, "the same looks");
        h.highlight("rust", "/// doc\nfn main() { let s = \"x\"; }\n");
        let again = h.restyle().expect("a comment's look is new");
        assert_ne!(again, css);
        assert_eq!(h.restyle(), None);
    }
}
