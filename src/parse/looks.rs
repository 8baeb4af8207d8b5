//! Compact highlighting: a token's one class names how it looks under the
//! light and the dark theme, not the scopes the grammar gave it.
//!
//! syntect's classed HTML nests a span per scope and names every scope
//! atom (`<span class="hl-punctuation hl-definition hl-string hl-begin
//! hl-json">`): about 25 bytes of markup per byte of code on the bench
//! corpus. Here each token gets the colour and font style both themes give
//! it; tokens that look the same are merged into one span, whitespace joins
//! its neighbour, and text in the default colour gets no span at all. A
//! class is `x` + the colour's index in each theme's sorted palette (+ the
//! font styles when there are any): the same look has the same name in
//! every build, so cached HTML stays valid, and the stylesheets list only
//! the looks the site's code uses.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use std::time::Instant;
use syntect::easy::ScopeRangeIterator;
use syntect::highlighting::{Color, FontStyle, Highlighter, Theme};

use syntect::parsing::{ParseState, ParsingError, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Lines longer than this are shown uncoloured, and the grammar's state
/// carries over them unchanged (as VS Code does past its
/// `maxTokenizationLineLength`). A grammar searches the rest of the line for
/// each token, so a long line costs the square of its length: one search of
/// one grammar took 2 s on a 30 KB line, without a single backtrack for the
/// regex engine's retry limit to stop.
const LONGEST_LINE: usize = 2_000;

/// What [`Looks::highlight`] made of a block.
pub(super) enum Outcome {
    /// The HTML and the looks its classes name.
    Done(String, BTreeSet<Look>),
    /// The grammar failed on the code.
    Failed,
    /// The deadline passed first.
    OutOfTime,
}

/// How a token looks in the light and the dark theme: colour (RGBA) and
/// font style bits (bold 1, underline 2, italic 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct Look {
    /// Foreground colour under the light theme, then the dark one.
    pub(super) fg: [[u8; 4]; 2],
    /// Font style bits under the light theme, then the dark one.
    pub(super) font: [u8; 2],
}

/// The two themes, with what names their looks.
pub(super) struct Looks {
    themes: [&'static Theme; 2],
    /// Each theme's colours, sorted, by position.
    palette: [HashMap<[u8; 4], usize>; 2],
    /// Characters per colour index (1 unless a theme has over 36 colours).
    width: usize,
    default: Look,
    /// Tells this palette's entries apart in the per-thread style cache.
    id: usize,
}

/// Per palette, the look of each scope stack met so far.
type SeenLooks = HashMap<usize, HashMap<Vec<Scope>, Option<Look>>>;

thread_local! {
    /// The look of each scope stack met so far, per palette: working a
    /// style out means matching every selector of both themes, and the
    /// same stacks come back in block after block.
    static SEEN: std::cell::RefCell<SeenLooks> = Default::default();
}

fn rgba(c: Color) -> [u8; 4] {
    [c.r, c.g, c.b, c.a]
}

impl Looks {
    /// The looks of `light` and `dark`.
    pub(super) fn new(light: &'static Theme, dark: &'static Theme) -> Looks {
        let themes = [light, dark];
        let colours = |t: &Theme| {
            let mut all: BTreeSet<[u8; 4]> = t.scopes.iter().filter_map(|i| i.style.foreground).map(rgba).collect();
            all.insert(rgba(Highlighter::new(t).get_default().foreground));
            all.into_iter().enumerate().map(|(i, c)| (c, i)).collect::<HashMap<_, _>>()
        };
        let palette = [colours(light), colours(dark)];
        let width = if palette.iter().any(|p| p.len() > 36) { 2 } else { 1 };
        let default = |t: &Theme| Highlighter::new(t).get_default();
        let (dl, dd) = (default(light), default(dark));
        let default =
            Look { fg: [rgba(dl.foreground), rgba(dd.foreground)], font: [dl.font_style.bits(), dd.font_style.bits()] };
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let id = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Looks { themes, palette, width, default, id }
    }

    /// The class of `look`.
    pub(super) fn class(&self, look: &Look) -> String {
        let mut name = String::from("x");
        for (t, fg) in look.fg.iter().enumerate() {
            let i = self.palette[t].get(fg).copied().unwrap_or(0);
            let digits = if self.width == 1 { vec![i % 36] } else { vec![(i / 36) % 36, i % 36] };
            name.extend(digits.into_iter().filter_map(|d| char::from_digit(d as u32, 36)));
        }
        if look.font != [0, 0] {
            let _ = write!(name, "{}{}", look.font[0], look.font[1]);
        }
        name
    }

    /// Highlighted HTML of `code` (the inside of `<code>`) and the looks it
    /// uses, unless the grammar fails on it or takes until `deadline`.
    pub(super) fn highlight(
        &self,
        syntax: &SyntaxReference,
        set: &SyntaxSet,
        code: &str,
        deadline: Instant,
    ) -> Outcome {
        let hl = self.themes.map(Highlighter::new);
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = String::with_capacity(code.len() * 3);
        let mut used = BTreeSet::new();
        let mut run: Option<Look> = None;
        let mut text = String::new();
        for line in LinesWithEndings::from(code) {
            if line.len() > LONGEST_LINE {
                if run.is_some() {
                    self.flush(&mut out, &mut used, run, &text);
                    text.clear();
                    run = None;
                }
                text.push_str(line);
                continue;
            }
            let ops = match super::line_memo::parse_line(&mut state, line, set, deadline) {
                Ok(ops) => ops,
                Err(ParsingError::OutOfTime) => return Outcome::OutOfTime,
                Err(_) => return Outcome::Failed,
            };
            for (range, op) in ScopeRangeIterator::new(&ops, line) {
                if stack.apply(op).is_err() {
                    return Outcome::Failed;
                }
                let piece = &line[range];
                if piece.is_empty() {
                    continue;
                }
                // Whitespace looks the same in any colour: it joins the run.
                let look = if piece.trim().is_empty() { run } else { self.look_of(&hl, &stack) };
                if look != run {
                    self.flush(&mut out, &mut used, run, &text);
                    text.clear();
                    run = look;
                }
                text.push_str(piece);
            }
        }
        self.flush(&mut out, &mut used, run, &text);
        Outcome::Done(out, used)
    }

    fn look_of(&self, hl: &[Highlighter; 2], stack: &ScopeStack) -> Option<Look> {
        let scopes = stack.as_slice();
        if let Some(known) = SEEN.with(|s| s.borrow().get(&self.id).and_then(|m| m.get(scopes)).copied()) {
            return known;
        }
        let [l, d] = [&hl[0], &hl[1]].map(|h| h.style_for_stack(scopes));
        let look =
            Look { fg: [rgba(l.foreground), rgba(d.foreground)], font: [l.font_style.bits(), d.font_style.bits()] };
        let look = (look != self.default).then_some(look);
        SEEN.with(|s| s.borrow_mut().entry(self.id).or_default().insert(scopes.to_vec(), look));
        look
    }

    fn flush(&self, out: &mut String, used: &mut BTreeSet<Look>, look: Option<Look>, text: &str) {
        if text.is_empty() {
            return;
        }
        // Text, not an attribute: quotes stay as they are (JSON is full of them).
        let open = look.map(|l| {
            used.insert(l);
            format!("<span class={}>", self.class(&l))
        });
        out.push_str(open.as_deref().unwrap_or(""));
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut *out, text);
        if open.is_some() {
            out.push_str("</span>");
        }
    }

    /// The stylesheet of theme `which` (0 light, 1 dark) for `looks`, each
    /// colour made readable on `background` (WCAG AA).
    pub(super) fn css(&self, looks: &BTreeSet<Look>, which: usize, background: [u8; 3]) -> String {
        let name = self.themes[which].name.as_deref().unwrap_or("unnamed");
        let mut css = format!("/* code colours of the {name:?} theme, for the looks this site's code uses */\n");
        for look in looks {
            let (fg, font) = (look.fg[which], look.font[which]);
            if fg == self.default.fg[which] && font == self.default.font[which] {
                continue;
            }
            let [r, g, b] = super::highlight::readable([fg[0], fg[1], fg[2]], background);
            let _ = write!(css, ".{}{{color:#{r:02x}{g:02x}{b:02x}", self.class(look));
            for (bit, rule) in [
                (FontStyle::BOLD, ";font-weight:bold"),
                (FontStyle::ITALIC, ";font-style:italic"),
                (FontStyle::UNDERLINE, ";text-decoration:underline"),
            ] {
                if font & bit.bits() != 0 {
                    css.push_str(rule);
                }
            }
            css.push_str("}\n");
        }
        css
    }
}
