//! Other tools' content tabs, read before Markdown is: MkDocs `=== "Tab"`,
//! Hugo `{{< tabs >}}`/`{{< tab >}}` and Docsy `{{< tabpane >}}`,
//! Docusaurus `<Tabs>`/`<TabItem>`, MyST `tab-set`/`tab-item`. Each opening
//! line becomes a marker comment (a group, or one tab with its label); the
//! Markdown pass turns them into one accessible tabs component.

use super::hugo::{shortcode_inner, split_args};
use crate::util::text::{hex, unhex};

/// How a tab group marker starts; the group's sync key follows in hex.
pub(crate) const TABS_MARKER: &str = "<!--opsite:tabs ";
/// How a tab marker starts: `1`/`0` (selected), the label in hex, and the
/// language in hex when its content is code.
pub(crate) const TAB_MARKER: &str = "<!--opsite:tab ";

/// What ends a container the rewrite opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Closes {
    /// A non-blank line indented less than the opening line's body (MkDocs).
    Dedent,
    /// A line of at least this many colons and nothing else.
    Colons(usize),
    /// A line of at least this many of this fence character.
    Fence(char, usize),
    /// The Hugo closing shortcode of this name.
    Shortcode(String),
    /// The closing JSX tag of this name, alone on its line (`</TabItem>`).
    Tag(String),
}

/// A tab group or one tab, as an opening line states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TabLine {
    /// A group; `group` links groups across pages (Docusaurus `groupId`,
    /// MyST `sync-group`); `items` labels its unnamed tabs (Hextra);
    /// `code` says its tabs hold code in that language unless they say
    /// otherwise (Docsy; `lang_is_header`: each tab's label names it).
    /// `default` is the value of the tab shown first (Docusaurus'
    /// `defaultValue`).
    Group { group: String, items: Vec<String>, code: Option<String>, lang_is_header: bool, default: Option<String> },
    /// One tab: its label (`None`: the group's next item), whether it is
    /// shown first, and `Some(language)` when its content is code
    /// (`Some("")` for code of no named language, `None` for Markdown);
    /// `value` names it when it has no label (Docusaurus).
    Tab { label: Option<String>, value: Option<String>, selected: bool, code: Option<Option<String>> },
    /// A MkDocs tab: it opens a group unless it follows one (`new` says
    /// it starts one regardless, `===!`).
    MkDocs { label: String, selected: bool, new: bool },
    /// A line that goes (Docsy's disabled header tab `{{< tab … />}}`).
    Skip,
}

impl TabLine {
    fn group(group: String, items: Vec<String>) -> TabLine {
        TabLine::Group { group, items, code: None, lang_is_header: false, default: None }
    }
}

/// One tab as its marker says: label, shown first, and code language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tab {
    /// The label on its button.
    pub label: String,
    /// Whether it is the one shown first.
    pub selected: bool,
    /// `Some(language)`: its content is one code block in that language.
    pub code: Option<String>,
}

impl Tab {
    pub(super) fn marker(&self) -> String {
        let code = self.code.as_ref().map(|l| format!(" c{}", hex(l))).unwrap_or_default();
        format!("{TAB_MARKER}{} {}{code}-->", u8::from(self.selected), hex(&self.label))
    }

    /// The tab a marker stands for (`None`: not a tab marker).
    pub(crate) fn from_marker(marker: &str) -> Option<Tab> {
        let inner = marker.trim().strip_prefix(TAB_MARKER)?.strip_suffix("-->")?;
        let mut parts = inner.split(' ');
        let selected = match parts.next()? {
            "1" => true,
            "0" => false,
            _ => return None,
        };
        let label = unhex(parts.next()?)?;
        let code = match parts.next() {
            Some(c) => Some(unhex(c.strip_prefix('c')?)?),
            None => None,
        };
        Some(Tab { label, selected, code })
    }
}

/// A group marker.
pub(super) fn group_marker(group: &str) -> String {
    format!("{TABS_MARKER}{}-->", hex(group))
}

/// The sync key of a group marker (`None`: not one).
pub(crate) fn group_from_marker(marker: &str) -> Option<String> {
    unhex(marker.trim().strip_prefix(TABS_MARKER)?.strip_suffix("-->")?)
}

/// The tab group or tab an opening line starts, and what ends it.
pub(super) fn opener(line: &str) -> Option<(TabLine, Closes)> {
    mkdocs(line).or_else(|| myst(line)).or_else(|| hugo(line)).or_else(|| jsx(line))
}

/// `=== "Label"`, `===+ "Label"` (shown first), `===! "Label"` (a new group).
fn mkdocs(line: &str) -> Option<(TabLine, Closes)> {
    let rest = line.strip_prefix("===")?;
    let (rest, selected, new) = match rest.chars().next()? {
        '+' => (&rest[1..], true, false),
        '!' => (&rest[1..], false, true),
        ' ' => (rest, false, false),
        _ => return None,
    };
    let label = rest.trim();
    let label = unquote(label).unwrap_or(label).to_string();
    (!label.is_empty()).then_some((TabLine::MkDocs { label, selected, new }, Closes::Dedent))
}

/// `::::{tab-set}`, `:::{tab-item} Label`, and the same in backtick fences.
fn myst(line: &str) -> Option<(TabLine, Closes)> {
    let c = line.chars().next().filter(|c| matches!(c, ':' | '`' | '~'))?;
    let n = line.chars().take_while(|&x| x == c).count();
    let rest = line[n..].trim_start().strip_prefix('{')?;
    let (name, title) = rest.split_once('}')?;
    if n < 3 {
        return None;
    }
    let closes = if c == ':' { Closes::Colons(n) } else { Closes::Fence(c, n) };
    match name.trim() {
        "tab-set" => Some((TabLine::group(String::new(), vec![]), closes)),
        "tab-item" => {
            let label = Some(title.trim().to_string()).filter(|t| !t.is_empty());
            Some((TabLine::Tab { label, value: None, selected: false, code: None }, closes))
        }
        _ => None,
    }
}

/// Hugo `{{< tabs >}}`, Docsy `{{< tabpane >}}`, and their `{{< tab >}}`.
fn hugo(line: &str) -> Option<(TabLine, Closes)> {
    let (inner, _) = shortcode_inner(line)?;
    let self_closing = inner.ends_with('/');
    let mut words = split_args(inner.trim_end_matches('/'));
    let name = words.next()?.to_ascii_lowercase();
    let args: Vec<String> = words.collect();
    let named = |key: &str| {
        args.iter().find_map(|a| {
            let (k, v) = a.split_once('=')?;
            k.eq_ignore_ascii_case(key).then(|| v.trim_matches('"').to_string())
        })
    };
    let positional = args.iter().find(|a| !a.contains('=')).map(|a| a.trim_matches('"').to_string());
    let closes = Closes::Shortcode(name.clone());
    match name.as_str() {
        "tabs" => {
            let items =
                named("items").map(|i| i.split(',').map(|s| s.trim().to_string()).collect()).unwrap_or_default();
            Some((TabLine::group(String::new(), items), closes))
        }
        "tabpane" => {
            // Docsy: tab content is code unless `text=true`.
            let code = (named("text").as_deref() != Some("true")).then(|| named("lang").unwrap_or_default());
            let lang_is_header = named("langEqualsHeader").as_deref() == Some("true");
            Some((TabLine::Group { group: String::new(), items: vec![], code, lang_is_header, default: None }, closes))
        }
        "tab" if self_closing => Some((TabLine::Skip, closes)),
        "tab" => {
            let label = named("header").or_else(|| named("name")).or_else(|| named("title")).or(positional);
            let code = match named("text").as_deref() {
                Some("true") => Some(None),
                Some(_) => Some(Some(named("lang").unwrap_or_default())),
                None => named("lang").map(Some),
            };
            let selected = named("default").is_some_and(|v| v == "true");
            Some((TabLine::Tab { label, value: None, selected, code }, closes))
        }
        _ => None,
    }
}

/// Docusaurus `<Tabs groupId="os">` and `<TabItem value="a" label="A" default>`.
fn jsx(line: &str) -> Option<(TabLine, Closes)> {
    let rest = line.strip_prefix('<')?.strip_suffix('>')?;
    let (name, attrs_text) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let attrs = jsx_attrs(attrs_text);
    let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    match name {
        "Tabs" => {
            let group = get("groupId").unwrap_or_default();
            // Docusaurus 1's `values={[{ label: 'A', value: 'a' }]}`.
            let items = get_raw(attrs_text, "values").map(labels_of_values).unwrap_or_default();
            let default = get("defaultValue");
            let tabs = TabLine::Group { group, items, code: None, lang_is_header: false, default };
            Some((tabs, Closes::Tag("Tabs".into())))
        }
        "TabItem" => {
            let selected = get("default").is_some_and(|v| v != "false");
            let tab = TabLine::Tab { label: get("label"), value: get("value"), selected, code: None };
            Some((tab, Closes::Tag("TabItem".into())))
        }
        _ => None,
    }
}

/// The raw `{…}` value of attribute `name` (brackets inside kept whole).
fn get_raw<'s>(attrs: &'s str, name: &str) -> Option<&'s str> {
    let at = attrs.find(&format!("{name}={{"))? + name.len() + 2;
    let mut depth = 1;
    for (i, c) in attrs[at..].char_indices() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return Some(&attrs[at..at + i]);
        }
    }
    None
}

/// The labels of `[{ label: 'A', value: 'a' }, …]`, in order.
fn labels_of_values(values: &str) -> Vec<String> {
    values
        .split("label:")
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start();
            let q = rest.chars().next().filter(|c| matches!(c, '\'' | '"' | '`'))?;
            rest[1..].split_once(q).map(|(label, _)| label.to_string())
        })
        .collect()
}

/// JSX attributes: `name="v"`, `name='v'`, `name={'v'}`, `name={true}`, and a
/// bare `name` (true).
pub(super) fn jsx_attrs(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s.trim().trim_end_matches('/');
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        let end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let name = rest[..end].to_string();
        rest = &rest[end..];
        let value = if let Some(r) = rest.strip_prefix('=') {
            let (v, after) = match r.chars().next() {
                Some(q @ ('"' | '\'')) => r[1..].split_once(q).unwrap_or((&r[1..], "")),
                Some('{') => r[1..].split_once('}').unwrap_or((&r[1..], "")),
                _ => r.split_once(char::is_whitespace).unwrap_or((r, "")),
            };
            rest = after;
            unquote(v.trim()).unwrap_or(v.trim()).to_string()
        } else {
            "true".to_string()
        };
        if name.is_empty() {
            break;
        }
        out.push((name, value));
    }
    out
}

/// The closing JSX tag alone on `line` (`</TabItem>`), by name.
pub(super) fn closing_tag(line: &str) -> Option<&str> {
    line.strip_prefix("</")?.strip_suffix('>').map(str::trim)
}

fn unquote(s: &str) -> Option<&str> {
    ['"', '\''].into_iter().find_map(|q| s.strip_prefix(q)?.strip_suffix(q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_dialect_opens_groups_and_tabs() {
        let tab = |l: &str| match opener(l) {
            Some((TabLine::Tab { label, value, selected, code }, _)) => (label.or(value), selected, code),
            other => panic!("{l}: {other:?}"),
        };
        assert_eq!(
            opener("=== \"C++\"").unwrap().0,
            TabLine::MkDocs { label: "C++".into(), selected: false, new: false }
        );
        assert!(matches!(opener("===! \"A\"").unwrap().0, TabLine::MkDocs { new: true, .. }));
        assert!(matches!(opener("===+ B").unwrap().0, TabLine::MkDocs { selected: true, .. }));
        assert_eq!(opener("====").map(|o| o.0), None, "a setext underline is not a tab");
        assert_eq!(tab(":::{tab-item} Linux"), (Some("Linux".into()), false, None));
        assert_eq!(opener("::::{tab-set}").unwrap().1, Closes::Colons(4));
        assert_eq!(tab("{{< tab \"macOS\" >}}"), (Some("macOS".into()), false, None));
        assert_eq!(tab("{{% tab header=\"Go\" lang=\"go\" %}}"), (Some("Go".into()), false, Some(Some("go".into()))));
        assert_eq!(tab("{{< tab header=\"Notes\" text=true >}}").2, Some(None));
        assert_eq!(opener("{{< tab header=\"Pick:\" disabled=true />}}").unwrap().0, TabLine::Skip);
        assert!(matches!(
            opener("{{< tabs items=\"JSON,YAML\" >}}").unwrap().0,
            TabLine::Group { items, .. } if items == ["JSON", "YAML"]
        ));
        assert!(matches!(opener("{{< tabpane text=true >}}").unwrap().0, TabLine::Group { code: None, .. }));
        assert!(matches!(
            opener("<Tabs groupId=\"os\">").unwrap(),
            (TabLine::Group { group, .. }, Closes::Tag(t)) if group == "os" && t == "Tabs"
        ));
        assert_eq!(tab("<TabItem value=\"win\" label=\"Windows\" default>"), (Some("Windows".into()), true, None));
        assert_eq!(tab("<TabItem value=\"mac\">").0.as_deref(), Some("mac"));
        assert_eq!(opener("<Tabsy>"), None);
        let old = "<Tabs defaultValue=\"list\" values={[ { label: 'Board view', value: 'board' }, { label: \"List\", value: 'list' }, ]}>";
        assert!(matches!(
            opener(old).unwrap().0,
            TabLine::Group { items, default: Some(d), .. } if items == ["Board view", "List"] && d == "list"
        ));
    }

    #[test]
    fn markers_round_trip_and_reject_forgeries() {
        let t = Tab { label: "a --> <b>".into(), selected: true, code: Some("c++".into()) };
        assert_eq!(Tab::from_marker(&t.marker()), Some(t));
        let t = Tab { label: String::new(), selected: false, code: None };
        assert_eq!(Tab::from_marker(&t.marker()), Some(t));
        assert_eq!(Tab::from_marker("<!--opsite:tab 2 41-->"), None);
        assert_eq!(Tab::from_marker("<!--opsite:tab 1 zz-->"), None);
        assert_eq!(group_from_marker(&group_marker("os")), Some("os".into()));
    }

    #[test]
    fn jsx_attributes() {
        let a = jsx_attrs("value=\"a b\" label={'A'} default  x=y");
        assert_eq!(
            a,
            [("value", "a b"), ("label", "A"), ("default", "true"), ("x", "y")].map(|(k, v)| (k.into(), v.into()))
        );
    }
}
