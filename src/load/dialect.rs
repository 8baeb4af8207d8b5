//! Other tools' admonitions and content tabs, rewritten before Markdown is
//! read (what each opening line means is in `admonition` and `tabs`).
//!
//! Each opening line becomes a marker comment the Markdown pass turns into
//! the callout GitHub's `> [!NOTE]` gives, or a tab group or tab, and each
//! end a closing marker; the body stays Markdown, so links, code and nested
//! containers in it work. Indented bodies (MkDocs, MDX) are dedented. Lines
//! keep their numbers (a marker takes the line of what it replaces, an
//! indented body's end takes the blank line after it or shares the next
//! marker's line), so messages about the body still point at the right line.

pub(crate) use super::admonition::Callout;
use super::admonition::{fence_run, opener};
use super::hugo::{self, closing_shortcode, other_shortcode};
pub(crate) use super::markers::{ANCHOR_MARKER, END_MARKER, PREFIX, anchor_label};
use super::markers::{close, indent_of, join_markers, myst_label, put_ends, starts_a_line, strip_columns};
use super::myst;
use super::tabs::{self, Closes, Tab, TabLine};
use crate::util::text::hex;

/// A problem found rewriting: (line index in the body, column, message).
pub(crate) type Note = (usize, usize, String);

/// What ends an open container.
enum Ends {
    /// A non-blank line indented less than this (MkDocs).
    Dedent(usize),
    /// A line of at least this many colons and nothing else.
    Colons(usize),
    /// A line of at least this many of this fence character.
    Fence(char, usize),
    /// The Hugo closing shortcode of this name.
    Shortcode(String),
    /// The closing JSX tag of this name (`</TabItem>`).
    Tag(String),
}

/// What an open container is.
enum What {
    /// A container opsite does not know: it only hides its fence lines.
    Unknown,
    /// A MyST figure: its image and caption are Markdown, its fences go.
    Figure,
    /// A comment (Docsy's `{{< comment >}}`): its lines go.
    Hidden,
    Callout,
    /// A tab group: labels for its unnamed tabs, how many tabs it has had,
    /// and the code language its tabs hold by default (Docsy).
    Group {
        /// The value of the tab shown first.
        default: Option<String>,
        items: Vec<String>,
        seen: usize,
        code: Option<String>,
        lang_is_header: bool,
    },
    /// A tab: whether its content is code, and whether it is a MkDocs tab
    /// (whose group ends with the last tab of a run).
    Tab {
        code: bool,
        mkdocs: bool,
    },
}

struct Open {
    ends: Ends,
    /// The indentation its markers are written at.
    indent: usize,
    what: What,
    /// Columns its body is indented by (`None`: an MDX body, whose first
    /// line says).
    strip: Option<usize>,
}

impl Open {
    /// Closing markers it writes: a MkDocs tab closes its group too unless
    /// the next tab of the run follows.
    fn closes(&self, group_goes_on: bool) -> usize {
        match self.what {
            What::Unknown | What::Figure | What::Hidden => 0,
            What::Tab { mkdocs: true, .. } if !group_goes_on => 2,
            _ => 1,
        }
    }
}

/// A body with other tools' syntax rewritten.
pub(crate) struct Rewritten {
    /// The body, its lines where they were.
    pub body: String,
    /// What could not be rewritten.
    pub notes: Vec<Note>,
    /// MyST targets, `(label)=`, with the text of the heading each stands
    /// before (empty when none does).
    pub labels: Vec<(String, String)>,
}

/// The body with other tools' admonitions, tabs and MyST roles and targets
/// rewritten into markers and Markdown, or `None` when there is nothing to
/// rewrite.
pub(crate) fn rewrite(body: &str) -> Option<Rewritten> {
    const STARTS: [&str; 12] =
        ["!!!", "???", ":::", "```{", "~~~{", "{{<", "{{%", "(", "===", "<Tab", "</Tab", "<Admonition"];
    let has_roles = memchr::memmem::find(body.as_bytes(), b"}`").is_some();
    if !has_roles && !starts_a_line(body, &STARTS) {
        return None;
    }
    let joined = hugo::join_multiline(body);
    let body = joined.as_deref().unwrap_or(body);
    // Targets: label and the index of its marker in `out`.
    let mut labels: Vec<(String, usize)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    let mut notes = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // A fenced code block: (char, length, containers open when it began).
    let mut code: Option<(char, usize, usize)> = None;
    let mut changed = false;
    // Shortcodes already warned about (a set: a page may name thousands).
    let mut warned: std::collections::HashSet<String> = std::collections::HashSet::new();
    // The indentation of a MkDocs tab just closed whose run goes on.
    let mut run_of_tabs: Option<usize> = None;
    // Closing markers that found no blank line to take: they go before the
    // line that ended their container (on it, when it is a marker too).
    let mut ends = String::new();
    let mut options_after: Option<usize> = None;
    // The fence of a code directive whose options may follow: (its line in
    // `out`, its text so far).
    let mut code_options: Option<(usize, String)> = None;
    let mut highlight = false;
    for (n, raw) in body.split_inclusive('\n').enumerate() {
        let (line, eol) = match raw.strip_suffix('\n') {
            Some(l) => (l.strip_suffix('\r').unwrap_or(l), &raw[l.len()..]),
            None => (raw, ""),
        };
        let blank = line.trim().is_empty();
        // Indented bodies end at the first line indented less.
        if !blank {
            run_of_tabs = None;
            let indent = indent_of(line);
            while let Some(Open { ends: Ends::Dedent(at), .. }) = open.last() {
                if indent >= *at {
                    break;
                }
                let o = open.pop().unwrap_or_else(|| unreachable!());
                let rest = strip_columns(line, stripped(&open));
                let goes_on = indent_of(rest) == o.indent
                    && matches!(tabs::opener(rest.trim_start()), Some((TabLine::MkDocs { new: false, .. }, _)));
                close(&mut out, &mut ends, o.indent, o.closes(goes_on));
                if goes_on && matches!(o.what, What::Tab { mkdocs: true, .. }) {
                    run_of_tabs = Some(o.indent);
                }
                if code.is_some_and(|(_, _, depth)| depth > open.len()) {
                    code = None;
                }
            }
            // An MDX body is indented as its first line is.
            let known = stripped(&open);
            let closing = tabs::closing_tag(line.trim()).is_some();
            if let Some(o) = open.last_mut()
                && o.strip.is_none()
                && !closing
            {
                o.strip = Some(indent_of(strip_columns(line, known)));
            }
        }
        let dedent = stripped(&open);
        let line = strip_columns(line, dedent);
        let first = out.len();
        // The marker line MyST options may still follow.
        let mut options_at = options_after.take();
        // Shortcodes one after another on a line (`{{% /tab %}} {{% tab "B"
        // %}}`, Docsy's way) are read one by one, and their markers share
        // the line.
        let several = hugo::several(line);
        let segments = several.clone().unwrap_or_else(|| vec![line]);
        for line in segments {
            'line: {
                if dedent > 0 {
                    changed = true;
                }
                let trimmed = line.trim_start();
                let indent = indent_of(line);

                if let Some((c, len, _)) = code {
                    // A code directive's options: its fence moves down over
                    // them, taking what they say, so no line moves.
                    if let Some((at, fence)) = code_options.as_mut()
                        && let Some(extra) = myst::code_option(trimmed)
                    {
                        let anchor = label_option(trimmed).map(|l| {
                            labels.push((l.to_string(), *at));
                            format!("{ANCHOR_MARKER}{}-->", hex(l))
                        });
                        fence.push_str(&extra);
                        if let Some(old) = out.get_mut(*at) {
                            *old = format!("{}\n", anchor.unwrap_or_default());
                        }
                        out.push(format!("{fence}{eol}"));
                        *at = out.len() - 1;
                        break 'line;
                    }
                    code_options = None;
                    if fence_run(trimmed, c) >= len && trimmed.trim_start_matches(c).trim().is_empty() {
                        code = None;
                        // A colon-fenced directive's code was written in tildes.
                        if c == ':' {
                            out.push(format!("{}~~~~{eol}", " ".repeat(indent)));
                            break 'line;
                        }
                    }
                    out.push(format!("{line}{eol}"));
                    break 'line;
                }
                // Hugo's `{{< highlight go >}}`: code up to its closing shortcode,
                // in a tilde fence its lines cannot close.
                if highlight {
                    let end = closing_shortcode(trimmed).is_some_and(|c| c == "highlight");
                    highlight = !end;
                    out.push(if end { format!("{}~~~~{eol}", " ".repeat(indent)) } else { format!("{line}{eol}") });
                    break 'line;
                }
                if let Some(info) = hugo::highlight(trimmed) {
                    changed = true;
                    highlight = true;
                    out.push(format!("{}~~~~{info}{eol}", " ".repeat(indent)));
                    break 'line;
                }
                // The end of a fenced, shortcode or tag container.
                if let Some(o) = open.last() {
                    let ends = match &o.ends {
                        Ends::Colons(k) => {
                            fence_run(trimmed, ':') >= *k && trimmed.trim_start_matches(':').trim().is_empty()
                        }
                        Ends::Fence(c, k) => {
                            fence_run(trimmed, *c) >= *k && trimmed.trim_start_matches(*c).trim().is_empty()
                        }
                        Ends::Shortcode(name) => closing_shortcode(trimmed).is_some_and(|c| c == *name),
                        Ends::Tag(name) => tabs::closing_tag(trimmed.trim_end()) == Some(name.as_str()),
                        Ends::Dedent(_) => false,
                    };
                    if ends {
                        let o = open.pop().unwrap_or_else(|| unreachable!());
                        let closes = o.closes(false);
                        out.push(format!(
                            "{}{}{eol}",
                            " ".repeat(o.indent * usize::from(closes > 0)),
                            END_MARKER.repeat(closes)
                        ));
                        changed = true;
                        break 'line;
                    }
                    // A tab of code (Docsy): its lines are an indented code block
                    // whose language the tab marker gives.
                    if let What::Tab { code: true, .. } = o.what {
                        out.push(format!("    {line}{eol}"));
                        break 'line;
                    }
                    // Docsy's `{{< comment >}}` hides what it holds.
                    if let What::Hidden = o.what {
                        out.push(eol.to_string());
                        break 'line;
                    }
                }
                if let Some(closed) = hugo::comment(trimmed) {
                    changed = true;
                    out.push(eol.to_string());
                    if !closed {
                        open.push(Open {
                            ends: Ends::Shortcode("comment".into()),
                            indent,
                            what: What::Hidden,
                            strip: Some(0),
                        });
                    }
                    break 'line;
                }
                // MyST's `(label)=` target: an anchor where it stands.
                if let Some(label) = myst_label(trimmed) {
                    changed = true;
                    labels.push((label.to_string(), out.len()));
                    out.push(format!("{}{ANCHOR_MARKER}{}-->{eol}", " ".repeat(indent), hex(label)));
                    break 'line;
                }
                // MyST directives that are code, math or an image.
                if let Some((directive, c, n)) = myst::directive(trimmed) {
                    changed = true;
                    let pad = " ".repeat(indent);
                    match directive {
                        myst::Directive::Code(lang) => {
                            let fence = format!(
                                "{pad}{}{lang}",
                                if c == ':' { "~~~~".to_string() } else { c.to_string().repeat(n) }
                            );
                            out.push(format!("{fence}{eol}"));
                            code_options = Some((out.len() - 1, fence));
                            code = Some((c, n, open.len()));
                        }
                        myst::Directive::Image(path) => {
                            out.push(format!("{pad}![](<{}>){eol}", path.replace('>', "%3E")));
                            options_at = Some(out.len() - 1);
                            let ends = if c == ':' { Ends::Colons(n) } else { Ends::Fence(c, n) };
                            open.push(Open { ends, indent, what: What::Figure, strip: Some(0) });
                        }
                    }
                    break 'line;
                }
                if let Some((tab, closes)) = tabs::opener(trimmed) {
                    changed = true;
                    let (ends, strip) = ends_of(closes, indent + dedent);
                    let (marker, what) = match tab {
                        TabLine::Skip => {
                            out.push(eol.to_string());
                            break 'line;
                        }
                        TabLine::Group { group, items, code, lang_is_header, default } => {
                            (tabs::group_marker(&group), What::Group { items, seen: 0, code, lang_is_header, default })
                        }
                        TabLine::MkDocs { label, selected, new } => {
                            let tab = Tab { label, selected, code: None }.marker();
                            let group = if run_of_tabs == Some(indent) && !new {
                                String::new()
                            } else {
                                tabs::group_marker("")
                            };
                            (group + &tab, What::Tab { code: false, mkdocs: true })
                        }
                        TabLine::Tab { label, value, selected, code } => {
                            let tab = next_tab(open.last_mut(), label, value, selected, code);
                            let what = What::Tab { code: tab.code.is_some(), mkdocs: false };
                            (tab.marker(), what)
                        }
                    };
                    out.push(format!("{}{marker}{eol}", " ".repeat(indent)));
                    options_at = Some(out.len() - 1);
                    open.push(Open { ends, indent, what, strip });
                    break 'line;
                }
                if let Some(opener) = opener(trimmed) {
                    changed = true;
                    let (ends, strip) = ends_of(opener.ends, indent + dedent);
                    match opener.callout {
                        Some(c) => {
                            out.push(format!("{}{}{eol}", " ".repeat(indent), c.marker()));
                            options_at = Some(out.len() - 1);
                            open.push(Open { ends, indent, what: What::Callout, strip });
                        }
                        None => {
                            notes.push((
                                n,
                                indent + 1,
                                format!(
                                    "`{}` is not an admonition opsite knows: its content is shown as it is",
                                    trimmed.trim_end()
                                ),
                            ));
                            out.push(eol.to_string());
                            open.push(Open { ends, indent, what: What::Unknown, strip });
                        }
                    }
                    break 'line;
                }
                // MyST options (`:class: dropdown`, `:selected:`) come right after
                // the opening.
                if let Some(at) = options_at
                    && let Some(opt) = trimmed.strip_prefix(':').and_then(|r| r.split_once(':'))
                    && !opt.0.contains(' ')
                {
                    options_at = Some(at);
                    if let Some(last) = out.get_mut(at) {
                        if opt.0 == "class" && opt.1.split_whitespace().any(|c| c == "dropdown") {
                            *last = last.replacen(" div ", " details ", 1);
                        } else if opt.0 == "selected" {
                            *last = last.replacen(
                                &format!("{}0 ", tabs::TAB_MARKER),
                                &format!("{}1 ", tabs::TAB_MARKER),
                                1,
                            );
                        } else if opt.0 == "alt" && last.trim_start().starts_with("![](") {
                            let alt = opt.1.trim().replace(['[', ']'], "");
                            *last = last.replacen("![](", &format!("![{alt}]("), 1);
                        }
                    }
                    // `:name: fig-1`: a target where the option was.
                    if let Some(label) = label_option(trimmed) {
                        labels.push((label.to_string(), out.len()));
                        out.push(format!("{}{ANCHOR_MARKER}{}-->{eol}", " ".repeat(indent), hex(label)));
                        break 'line;
                    }
                    out.push(eol.to_string());
                    break 'line;
                }
                // Any other Hugo shortcode alone on its line: figures and videos
                // become Markdown, the rest leave their content to show, with one
                // warning per shortcode and page.
                if let Some((name, markdown)) = other_shortcode(trimmed) {
                    changed = true;
                    if markdown.is_empty() && !warned.contains(&name) {
                        notes.push((
                            n,
                            indent + 1,
                            format!("the Hugo shortcode `{name}` is not run: its content is shown as it is"),
                        ));
                        warned.insert(name);
                    }
                    out.push(format!("{}{markdown}{eol}", " ".repeat(indent)));
                    break 'line;
                }
                let f = fence_run(trimmed, '`').max(fence_run(trimmed, '~'));
                if f >= 3 && indent < 4 + dedent {
                    let c = if trimmed.starts_with('`') { '`' } else { '~' };
                    code = Some((c, f, open.len()));
                }
                match myst::roles(line).filter(|_| has_roles) {
                    Some((rewritten, unknown)) => {
                        changed = true;
                        for (col, name) in unknown {
                            if warned.insert(format!("{{{name}}}")) {
                                let message =
                                    format!("the MyST role `{{{name}}}` is not known: its text is shown as code");
                                notes.push((n, col + 1, message));
                            }
                        }
                        out.push(format!("{rewritten}{eol}"));
                    }
                    None => out.push(format!("{line}{eol}")),
                }
            }
        }
        if several.is_some() {
            join_markers(&mut out, first, eol);
        }
        if !ends.is_empty() && put_ends(&mut out, first, std::mem::take(&mut ends)) {
            options_at = options_at.map(|at| at + 1);
        }
        options_after = options_at;
    }
    // The last line, where containers never closed end (counted once: a
    // page can leave thousands open).
    let last = body.lines().count().saturating_sub(1);
    while let Some(o) = open.pop() {
        if !matches!(o.ends, Ends::Dedent(_)) {
            let what = match &o.ends {
                Ends::Shortcode(name) => format!("the shortcode `{name}`"),
                Ends::Tag(name) => format!("`<{name}>`"),
                _ => "a fenced admonition".to_string(),
            };
            notes.push((last, 1, format!("{what} is never closed: it ends with the page")));
        }
        let count = o.closes(false);
        if count > 0 {
            if out.last().is_some_and(|l| !l.ends_with('\n')) {
                out.push("\n".into());
            }
            out.push(format!("{}{}\n", " ".repeat(o.indent), END_MARKER.repeat(count)));
        }
    }
    // A target names the heading right after it.
    let labels = labels
        .into_iter()
        .map(|(label, at)| {
            let next = out.iter().skip(at + 1).find(|l| !l.trim().is_empty());
            let heading = next
                .map(|l| l.trim())
                .filter(|l| l.starts_with('#'))
                .map(|l| l.trim_start_matches('#').trim_end_matches('#').trim().to_string());
            (label, heading.unwrap_or_default())
        })
        .collect();
    changed.then(|| Rewritten { body: out.concat(), notes, labels })
}

/// The label a `:name:` or `:label:` option gives.
fn label_option(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix(":name:").or_else(|| line.trim().strip_prefix(":label:"))?;
    myst_label(&format!("({})=", rest.trim())).map(|_| rest.trim())
}

/// What ends a container opened at `column` (in the raw line), and how
/// far its body is indented.
fn ends_of(closes: Closes, column: usize) -> (Ends, Option<usize>) {
    match closes {
        Closes::Dedent => (Ends::Dedent(column + 4), Some(4)),
        Closes::Colons(k) => (Ends::Colons(k), Some(0)),
        Closes::Fence(c, k) => (Ends::Fence(c, k), Some(0)),
        Closes::Shortcode(name) => (Ends::Shortcode(name), Some(0)),
        // An MDX body is indented as its first line is.
        Closes::Tag(name) => (Ends::Tag(name), None),
    }
}

/// Columns the open containers' bodies are indented by.
fn stripped(open: &[Open]) -> usize {
    open.iter().filter_map(|o| o.strip).sum()
}

/// The tab a tab line inside `group` opens: its label (the group's next
/// item, or "Tab N", when it names none) and whether it holds code.
fn next_tab(
    group: Option<&mut Open>,
    label: Option<String>,
    value: Option<String>,
    mut selected: bool,
    code: Option<Option<String>>,
) -> Tab {
    let (mut lang, item, header, n) = match group.map(|o| &mut o.what) {
        Some(What::Group { items, seen, code, lang_is_header, default }) => {
            *seen += 1;
            selected |= default.is_some() && *default == value;
            (code.clone(), items.get(*seen - 1).cloned(), *lang_is_header, *seen)
        }
        _ => (None, None, false, 1),
    };
    if let Some(own) = code {
        lang = own;
    }
    let label = label.or(item).or(value).unwrap_or_else(|| format!("Tab {n}"));
    if header && lang.as_deref() == Some("") {
        lang = Some(label.to_ascii_lowercase());
    }
    Tab { label, selected, code: lang }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(body: &str) -> Vec<String> {
        rewrite(body).map(|r| r.body.lines().map(str::to_string).collect()).unwrap_or_default()
    }

    #[test]
    fn mkdocs_body_is_dedented_and_lines_keep_their_numbers() {
        let out = markers("!!! warning \"Mind the gap\"\n    Body *one*.\n\n    More.\n\nAfter.\n");
        assert_eq!(out.len(), 6);
        assert_eq!(Callout::from_marker(&out[0]).unwrap().title, "Mind the gap");
        assert_eq!(out[1..4], ["Body *one*.", "", "More."]);
        assert_eq!(out[4], END_MARKER);
        assert_eq!(out[5], "After.");
    }

    #[test]
    fn code_fences_are_left_alone() {
        assert!(rewrite("```\n!!! note\n    x\n:::tip\n{ref}`x`\n```\n").is_none());
    }

    #[test]
    fn colon_fences_nest_and_myst_options_go() {
        let out = markers("::::{note}\n:class: dropdown\n:::{tip}\nx\n:::\n::::\n");
        assert_eq!(Callout::from_marker(&out[0]).unwrap().fold, Some(false));
        assert_eq!(out[1], "");
        assert_eq!(Callout::from_marker(&out[2]).unwrap().class, "tip");
        assert_eq!(out[4..], [END_MARKER, END_MARKER]);
    }
}
