//! The pieces of a document rendered whole: raw HTML (read for ids and
//! links), other tools' admonitions, math, and code blocks (highlighted
//! within their budget).

use super::{Closer, Pass, TabGroup};
use crate::parse::Heading;
use crate::parse::highlight::Highlighted;
use crate::util::{escape_attr, escape_html};
use pulldown_cmark::Event;

impl<'a> Pass<'a, '_> {
    /// Writes a heading (or lifts it into the page's title) and records
    /// its id, the id MkDocs would give it, and its text.
    pub(super) fn finish_heading(&mut self, h: super::HeadingBuf<'a>, first_block: bool) {
        let level = h.level as u8;
        let id = match h.explicit {
            Some(explicit) => self.slugger.unique(explicit),
            None => self.slugger.slug(&h.text),
        };
        let text = h.text.trim().to_string();
        // The id MkDocs would give it answers too, so links written for an
        // MkDocs site land (and are checked).
        let alias = Some(crate::parse::slug::mkdocs_slug(&text))
            .filter(|a| !a.is_empty() && *a != id && !self.out.ids.contains(a))
            .map(|a| {
                self.out.ids.insert(a.clone());
                format!("<a id=\"{}\"></a>", escape_attr(&a))
            })
            .unwrap_or_default();
        let is_first_h1 = level == 1 && self.out.title_id.is_none() && !self.out.headings.iter().any(|h| h.level == 1);
        self.out.ids.insert(id.clone());
        let line = self.position(h.at).0;
        self.out.headings.push(Heading { level, id: id.clone(), text: text.clone(), line });
        self.out.text.open(self.out.headings.len() + 1);
        // The first `#` heading is the page title when the frontmatter has
        // none, and the page's one `<h1>` when it opens the page: the
        // template shows it, so the body does not (two `<h1>` on 99 of 122
        // kube-prometheus runbooks). A page that opens with `##` and has no
        // title is titled by it, as a reader would name it.
        // (Not when a `#` heading comes later: that one is the title, as
        // notebooks that open with `##` and have `# Analysis` further on.)
        let opens_untitled = level == 2
            && first_block
            && self.doc.front.title.is_none()
            && self.out.title_id.is_none()
            && !text.is_empty()
            && !self.doc.body.lines().any(|l| l.starts_with("# ") || l.trim_end() == "#");
        let lifted = match &self.doc.front.title {
            None => (is_first_h1 && !text.is_empty()) || opens_untitled,
            Some(_) => is_first_h1 && first_block && !text.is_empty(),
        };
        if lifted {
            self.out.title_id = Some(id);
            if self.doc.front.title.as_ref().is_some_and(|t| *t != text) {
                self.out.heading = Some(text.clone());
            }
            self.out.title = text;
            if !alias.is_empty() {
                self.events.push(Event::Html(alias.into()));
            }
            return;
        }
        let id_attr = escape_attr(&id);
        let class_attr = if h.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_attr(&h.classes.join(" ")))
        };
        self.events.push(Event::Html(format!("<h{level} id=\"{id_attr}\"{class_attr}>{alias}").into()));
        self.events.extend(h.events);
        self.events.push(Event::Html(
            format!("<a class=\"anchor\" href=\"#{id_attr}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n")
                .into(),
        ));
    }
}

impl Pass<'_, '_> {
    /// Writes the markers of one HTML block the load stage wrote for another
    /// tool's admonitions and tabs (a line may hold several: a MkDocs tab
    /// that starts a group, a tab that ends one).
    pub(super) fn markers(&mut self, block: &str) {
        for marker in block.split_inclusive("-->") {
            self.marker(marker.trim());
        }
    }

    /// One marker: the markup GitHub's `> [!NOTE]` gets (a `<details>` when
    /// it folds), a tab group or tab, an anchor, or the end of what is open.
    /// A marker written by hand gets the same escaped markup, and a closing
    /// one nothing unless something is open.
    fn marker(&mut self, marker: &str) {
        use crate::load::dialect::{Callout, END_MARKER, anchor_label};
        use crate::load::tabs::{Tab, group_from_marker};
        let html = if let Some(label) = anchor_label(marker) {
            let html = format!("<a id=\"{}\"></a>\n", escape_attr(&label));
            self.out.ids.insert(label);
            html
        } else if marker == END_MARKER {
            return self.close_container();
        } else if let Some(group) = group_from_marker(marker) {
            return self.open_tabs(group, false);
        } else if let Some(tab) = Tab::from_marker(marker) {
            return self.open_tab(tab);
        } else if let Some(c) = Callout::from_marker(marker) {
            let title = escape_html(&c.title);
            match c.fold {
                None => {
                    self.callouts.push(Closer::Html("</div>\n"));
                    crate::parse::pieces::callout_div(c.class, &title)
                }
                Some(open) => {
                    self.callouts.push(Closer::Html("</details>\n"));
                    let title = if title.is_empty() { "Details".to_string() } else { title };
                    let open = if open { " open" } else { "" };
                    format!(
                        "<details class=\"callout callout-{}\"{open}><summary class=\"callout-title\">{title}</summary>\n",
                        c.class
                    )
                }
            }
        } else {
            return;
        };
        self.events.push(Event::Html(html.into()));
    }

    /// Opens a tab group. Its tab list is written where it opens once its
    /// tabs are known, so the event it goes in is kept.
    fn open_tabs(&mut self, group: String, implicit: bool) {
        self.tab_groups += 1;
        let at = self.events.len();
        self.events.push(Event::Html("".into()));
        let n = self.tab_groups;
        self.callouts.push(Closer::Tabs(TabGroup { at, n, group, labels: Vec::new(), selected: None, implicit }));
    }

    /// Opens a tab panel: its label shows above it until the theme script
    /// turns the group into tabs, so without script every panel reads.
    fn open_tab(&mut self, tab: crate::load::tabs::Tab) {
        if !matches!(self.callouts.last(), Some(Closer::Tabs(_))) {
            self.open_tabs(String::new(), true);
        }
        let Some(Closer::Tabs(g)) = self.callouts.last_mut() else { return };
        g.labels.push(tab.label.clone());
        if tab.selected && g.selected.is_none() {
            g.selected = Some(g.labels.len() - 1);
        }
        let id = format!("tab-{}-{}", g.n, g.labels.len());
        let html = format!(
            "<div class=\"tab-panel\" role=\"tabpanel\" id=\"{id}-panel\" aria-labelledby=\"{id}\" tabindex=\"0\"><p class=\"tab-label\">{}</p>\n",
            escape_html(&tab.label)
        );
        self.tab_code = tab.code;
        self.callouts.push(Closer::Tab);
        self.events.push(Event::Html(html.into()));
    }

    /// Closes what was opened last; a tab that opened its own group closes
    /// that too.
    pub(super) fn close_container(&mut self) {
        match self.callouts.pop() {
            None => {}
            Some(Closer::Html(html)) => self.events.push(Event::Html(html.into())),
            Some(Closer::Tab) => {
                self.tab_code = None;
                self.events.push(Event::Html("</div>\n".into()));
                if matches!(self.callouts.last(), Some(Closer::Tabs(g)) if g.implicit) {
                    self.close_container();
                }
            }
            Some(Closer::Tabs(g)) => {
                let selected = g.selected.unwrap_or(0);
                let buttons: String = g
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(k, label)| {
                        let id = format!("tab-{}-{}", g.n, k + 1);
                        let (on, index) = if k == selected { ("true", "0") } else { ("false", "-1") };
                        format!(
                            "<button type=\"button\" role=\"tab\" id=\"{id}\" aria-controls=\"{id}-panel\" aria-selected=\"{on}\" tabindex=\"{index}\">{}</button>",
                            escape_html(label)
                        )
                    })
                    .collect();
                let group = if g.group.is_empty() {
                    String::new()
                } else {
                    format!(" data-group=\"{}\"", escape_attr(&g.group))
                };
                let open = format!(
                    "<div class=\"tabs\"{group}><div class=\"tab-list\" role=\"tablist\" hidden>{buttons}</div>\n"
                );
                if let Some(e) = self.events.get_mut(g.at) {
                    *e = Event::Html(open.into());
                }
                self.events.push(Event::Html("</div>\n".into()));
            }
        }
    }

    /// Reads raw HTML: ids become anchors, `src`/`href` are resolved like
    /// Markdown links. `body_offset` maps an offset in `html` to the body.
    pub(super) fn raw_html(&mut self, html: &str, body_offset: impl Fn(usize) -> usize) -> String {
        let mut ids = std::mem::take(&mut self.out.ids);
        let rewritten = crate::parse::html::read(html, &mut ids, |value, at| {
            self.record(value, body_offset(at)..body_offset(at) + value.len())
        });
        self.out.ids = ids;
        rewritten.unwrap_or_else(|| html.to_string())
    }

    /// LaTeX as MathML, written at build time: no script, no request.
    pub(super) fn math(&mut self, tex: &str, display: bool, at: usize) -> String {
        // Display math of several lines (`\\`) or aligned at `&`, outside any
        // environment, is what MathJax and MyST show as aligned lines.
        let wrapped;
        let tex = if display && !tex.contains("\\begin{") && (tex.contains("\\\\") || has_alignment(tex)) {
            let env = if has_alignment(tex) { "aligned" } else { "gathered" };
            wrapped = format!("\\begin{{{env}}}{tex}\\end{{{env}}}");
            &wrapped
        } else {
            tex
        };
        let storage = pulldown_latex::Storage::new();
        let events: Vec<_> = pulldown_latex::Parser::new(tex, &storage).collect();
        if let Some(Err(e)) = events.iter().find(|e| e.is_err()) {
            let message = e.to_string().lines().next().unwrap_or("").to_string();
            self.warn(at, format!("math: {message}"), None);
        }
        let config = pulldown_latex::RenderConfig {
            display_mode: if display {
                pulldown_latex::config::DisplayMode::Block
            } else {
                pulldown_latex::config::DisplayMode::Inline
            },
            annotation: None,
            ..Default::default()
        };
        let mut out = String::new();
        if pulldown_latex::push_mathml(&mut out, events.into_iter(), config).is_err() {
            return format!("<code class=\"math-error\">{}</code>", escape_html(tex));
        }
        crate::parse::html::sanitize_mathml(&out)
    }

    pub(super) fn code_block(&mut self, lang: &str, code: &str, at: usize) -> String {
        // Diagrams are drawn in the browser by the bundled mermaid script,
        // which only pages with a diagram load.
        if lang == "mermaid" {
            self.out.has_diagram = true;
            return format!("<pre class=\"mermaid\">{}</pre>\n", escape_html(code));
        }
        // GitHub draws ```math fences as display math.
        if lang == "math" {
            return format!("<div class=\"math-block\">{}</div>\n", self.math(code, true, at));
        }
        // mdBook and rustdoc hide `# ` lines of Rust examples (the setup a
        // reader does not need); `##` writes a `#`.
        let visible;
        let code = if lang == "rust" && code.lines().any(|l| hidden_rust_line(l).is_some()) {
            visible = code
                .split_inclusive('\n')
                .filter_map(|l| match hidden_rust_line(l) {
                    Some(true) => None,
                    Some(false) => Some(l.replacen("##", "#", 1)),
                    None => Some(l.to_string()),
                })
                .collect::<String>();
            &visible
        } else {
            code
        };
        let lang_attr = escape_attr(lang);
        let inner = match self.ctx.highlighter.highlight(lang, code) {
            Highlighted::Html(html) => html,
            Highlighted::Plain => escape_html(code),
            Highlighted::Unknown => {
                self.warn(
                    at,
                    format!("unknown code language `{lang}`: shown as plain text"),
                    Some("use a language name such as bash, yaml, python or text"),
                );
                escape_html(code)
            }
            Highlighted::GaveUp(took) => {
                self.warn(
                    at,
                    format!("highlighting ```{lang} gave up after {} ms; shown as plain text", took.as_millis()),
                    Some("the grammar is stuck on this block; [markdown] highlight_budget_ms sets how long a block may take"),
                );
                escape_html(code)
            }
        };
        // Line numbers and marked lines sit beside the highlighted code, so
        // its spans stay whole and copying the code copies only code.
        let fence = std::mem::take(&mut self.fence);
        let lines = code.lines().count().max(1);
        let mut extra_class = String::new();
        let mut before = String::new();
        for &(a, b) in &fence.highlight {
            for n in a.max(1)..=b.min(lines) {
                before.push_str(&format!("<span class=\"hl-line\" aria-hidden=\"true\" style=\"--line: {n}\"></span>"));
            }
        }
        if fence.linenos {
            extra_class.push_str(" has-linenos");
            let numbers: Vec<String> = (fence.start..fence.start + lines).map(|n| n.to_string()).collect();
            before.push_str(&format!("<span class=\"linenos\" aria-hidden=\"true\">{}</span>", numbers.join("\n")));
        }
        if lang.is_empty() {
            format!("<pre class=\"code{extra_class}\" tabindex=\"0\">{before}<code>{inner}</code></pre>\n")
        } else {
            format!(
                "<pre class=\"code{extra_class}\" tabindex=\"0\" data-lang=\"{lang_attr}\">{before}<code class=\"language-{lang_attr}\">{inner}</code></pre>\n"
            )
        }
    }
}

/// Whether TeX has an alignment `&` (not an escaped `\&`).
fn has_alignment(tex: &str) -> bool {
    tex.match_indices('&').any(|(i, _)| !tex[..i].ends_with('\\'))
}

/// Whether a line of a Rust example is hidden (`# x`, `#`: `Some(true)`),
/// an escaped `#` (`##x`: `Some(false)`), or neither.
fn hidden_rust_line(line: &str) -> Option<bool> {
    let t = line.trim_start().trim_end_matches(['\n', '\r']);
    if t == "#" || t.starts_with("# ") {
        Some(true)
    } else if t.starts_with("##") {
        Some(false)
    } else {
        None
    }
}

/// What links say about themselves: a dangerous scheme, an outside URL.
impl Pass<'_, '_> {
    /// Whether a link (or an `image`) to `dest` is dropped for its scheme,
    /// with a warning; every link and image open is noted, so its end goes
    /// the same way. The text stays on the page.
    pub(super) fn dangerous(&mut self, dest: &str, image: bool, at: usize) -> bool {
        let scheme = crate::util::url::dangerous_scheme(dest, image);
        self.dropped.push(scheme.is_some());
        let Some(scheme) = scheme else { return false };
        let what = if image { "image" } else { "link" };
        self.warn(
            at,
            format!("{what} to a `{scheme}:` URL dropped (its text stays): it could run script or open local files"),
            Some("show the URL as code (`…`) instead; a trusted page can still write the link in raw HTML"),
        );
        true
    }

    /// Notes `dest` when it is an http(s) URL, for `check --external`.
    pub(super) fn external(&mut self, dest: &str, at: usize) {
        let dest = dest.trim();
        let scheme = dest.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
        if scheme.starts_with("http://") || scheme == "https://" {
            let (line, col) = self.position(at);
            self.out.external.push(crate::parse::External { line, col, url: dest.to_string() });
        }
    }
}
