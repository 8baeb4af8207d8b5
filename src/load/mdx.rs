//! The MDX that Docusaurus pages carry, read as Markdown: `import` and
//! `export` lines go, `{/* comments */}` go, a partial imported from a
//! Markdown file (`import Intro from './_intro.mdx'` … `<Intro />`) is
//! included where it is used, and the lines of components opsite does not
//! have go while their children stay. `<Tabs>`, `<TabItem>` and
//! `<Admonition>` are left for the tabs and admonition rewrite. Lines keep
//! their numbers: a line that goes leaves a blank one.

use std::collections::{HashMap, HashSet};

use super::admonition::fence_run;

/// A problem found: (line index in the body, column, message).
pub(super) type Note = (usize, usize, String);

/// Components the later rewrite turns into tabs and callouts.
const KNOWN: [&str; 3] = ["Tabs", "TabItem", "Admonition"];

/// Whether `body` of file `rel` is MDX to rewrite: an `.mdx` file, or a
/// Markdown file with top-level `import`/`export` lines (Docusaurus reads
/// `.md` as MDX too).
pub(super) fn applies(rel: &str, body: &str) -> bool {
    super::names::is_mdx(rel) || body.lines().any(es_statement)
}

/// Whether a line starts an ES `import` or `export` statement, not a
/// sentence that starts with the word ("import the data first").
fn es_statement(line: &str) -> bool {
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_start();
        if rest.starts_with(['\'', '"', '{', '*']) {
            return true;
        }
        let name_end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
        let after = rest[name_end..].trim_start();
        name_end > 0 && (after.starts_with("from ") || after.starts_with(','))
    } else if let Some(rest) = line.strip_prefix("export ") {
        let word = rest.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        matches!(word, "const" | "let" | "var" | "function" | "default" | "class" | "async")
            || rest.starts_with(['{', '*'])
    } else {
        false
    }
}

/// The body with MDX rewritten, and what was left out, or `None` when
/// nothing changed.
///
/// `root` climbs from the file's folder to the content folder (`../../`),
/// where `@site/docs/…` imports point.
/// `dir` is the file's folder: a partial that is not there is left out
/// with a warning rather than failing the page.
pub(super) fn rewrite(body: &str, root: &str, dir: &std::path::Path) -> Option<(String, Vec<Note>)> {
    // A closing tag after content on its line gets a line of its own (the
    // only place lines move), and a tag written over several lines is read
    // as one.
    let split;
    let body = match split_closing_tags(body) {
        Some(b) => {
            split = b;
            &split
        }
        None => body,
    };
    let mut out = String::with_capacity(body.len());
    let mut notes: Vec<Note> = Vec::new();
    let mut changed = false;
    // Partials imported from Markdown files: name → path.
    let mut partials: HashMap<String, String> = HashMap::new();
    let mut warned: HashSet<String> = HashSet::new();
    // Statements left out that opsite has no stand-in for: the first one's
    // line, a few of them by name, and how many.
    let mut dropped: Option<usize> = None;
    let mut names: Vec<String> = Vec::new();
    let mut count = 0usize;
    // An `import`/`export`/comment spanning lines: brackets still open.
    let mut statement: Option<i64> = None;
    let mut comment = false;
    let mut fence: Option<(char, usize)> = None;
    for (n, raw) in body.split_inclusive('\n').enumerate() {
        let line = raw.trim_end_matches(['\n', '\r']);
        let eol = &raw[line.len()..];
        let t = line.trim_start();
        if let Some((c, len)) = fence {
            if fence_run(t, c) >= len && t.trim_start_matches(c).trim().is_empty() {
                fence = None;
            }
            out.push_str(raw);
            continue;
        }
        if comment {
            comment = !line.contains("*/}");
            changed = true;
            out.push_str(eol);
            continue;
        }
        if let Some(depth) = statement {
            let depth = depth + brackets(line);
            statement = (depth > 0 || line.trim_end().ends_with(',')).then_some(depth);
            changed = true;
            out.push_str(eol);
            continue;
        }
        let f = fence_run(t, '`').max(fence_run(t, '~'));
        if f >= 3 && line.len() - t.len() < 4 {
            fence = Some((if t.starts_with('`') { '`' } else { '~' }, f));
            out.push_str(raw);
            continue;
        }
        // Top-level ES statements (never indented in MDX).
        if es_statement(line) {
            changed = true;
            if let Some((name, path)) = markdown_import(line, root) {
                partials.insert(name, path);
            } else if !provided(line) {
                dropped.get_or_insert(n);
                let what = module(line).unwrap_or_else(|| line.split('=').next().unwrap_or(line).trim());
                if names.len() < 3 {
                    names.push(format!("`{what}`"));
                }
                count += 1;
            }
            let depth = brackets(line);
            let open = depth > 0 || (line.starts_with("import ") && !line.contains(" from ") && !line.contains('\''));
            statement = open.then_some(depth.max(0));
            out.push_str(eol);
            continue;
        }
        if t.starts_with("{/*") {
            changed = true;
            comment = !t.contains("*/}");
            out.push_str(eol);
            continue;
        }
        if let Some((name, closing, self_closing)) = component(t) {
            if KNOWN.contains(&name) {
                out.push_str(raw);
                continue;
            }
            changed = true;
            let indent = line.len() - t.len();
            if let Some(path) = partials.get(name).filter(|_| self_closing) {
                if dir.join(path).is_file() {
                    // Through the one include mechanism: its root and cycle rules.
                    out.push_str(&format!("{}{{{{#include {path}}}}}{eol}", " ".repeat(indent)));
                } else {
                    notes.push((
                        n,
                        indent + 1,
                        format!("the MDX partial `{path}` is not found: `<{name} />` is left out"),
                    ));
                    out.push_str(eol);
                }
                continue;
            }
            // A component that names an image shows it (a `Screenshot`).
            let image = if closing { None } else { image_of(t) };
            if !closing && warned.insert(name.to_string()) {
                let what = match (&image, self_closing) {
                    (Some(_), _) => "the image it names is shown",
                    (None, true) => "it is left out",
                    (None, false) => "its content is shown",
                };
                notes.push((n, indent + 1, format!("the MDX component `<{name}>` is not run: {what}")));
            }
            if let Some(src) = image {
                out.push_str(&format!("{}![](<{}>){eol}", " ".repeat(indent), src.replace('>', "%3E")));
                continue;
            }
            out.push_str(eol);
            continue;
        }
        out.push_str(raw);
    }
    if let Some(first) = dropped {
        let more = if count > names.len() { format!(" and {} more", count - names.len()) } else { String::new() };
        let message = format!("MDX statements left out ({}{more}): opsite does not run JavaScript", names.join(", "));
        notes.push((first, 1, message));
    }
    changed.then_some((out, notes))
}

/// Whether an `import` brings what opsite renders itself: Docusaurus'
/// `@theme/Tabs`, `@theme/TabItem` and `@theme/Admonition`.
fn provided(line: &str) -> bool {
    module(line).and_then(|m| m.strip_prefix("@theme/")).is_some_and(|c| KNOWN.contains(&c))
}

/// The module an `import` line names (`'@theme/Tabs'` → `@theme/Tabs`).
fn module(line: &str) -> Option<&str> {
    if !line.starts_with("import ") {
        return None;
    }
    let from = line.rsplit_once(" from ").map_or(&line["import ".len()..], |(_, f)| f);
    let from = from.trim().trim_end_matches(';').trim();
    let q = from.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    from.strip_prefix(q)?.strip_suffix(q)
}

/// `import Name from './_partial.mdx'`: the name and the path, for an
/// import of a Markdown file.
fn markdown_import(line: &str, root: &str) -> Option<(String, String)> {
    let rest = line.strip_prefix("import ")?;
    let (name, from) = rest.split_once(" from ")?;
    let name = name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '$') {
        return None;
    }
    let from = from.trim().trim_end_matches(';').trim();
    let q = from.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
    // A JavaScript string: `\_` is `_` (formatters escape Markdown's).
    let path = from.strip_prefix(q)?.strip_suffix(q)?.replace('\\', "");
    let lower = path.to_ascii_lowercase();
    // `@site/docs/x.mdx`: from the project root, whose docs folder is the
    // content folder here.
    let path = match path.strip_prefix("@site/") {
        Some(rest) => format!("{root}{}", rest.split_once('/')?.1),
        None if path.starts_with("./") || path.starts_with("../") => path,
        None => return None,
    };
    ((lower.ends_with(".md") || lower.ends_with(".mdx")) && !path.contains("}}")).then(|| (name.to_string(), path))
}

/// The image a component's attributes name (`url='…/a.png'`), if any.
fn image_of(tag: &str) -> Option<String> {
    let attrs = tag.trim().trim_end_matches('>').trim_end_matches('/').split_once(char::is_whitespace)?.1;
    super::tabs::jsx_attrs(attrs).into_iter().map(|(_, v)| v).find(|v| {
        let lower = v.to_ascii_lowercase();
        let path = lower.split(['?', '#']).next().unwrap_or("");
        [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"].iter().any(|e| path.ends_with(e))
            && crate::util::url::dangerous_scheme(v, true).is_none()
    })
}

/// `body` with closing tags of the components opsite renders moved to a
/// line of their own when content comes before them on theirs
/// (`<Screenshot … />  </TabItem>`), and JSX opening tags written over
/// several lines joined on their last line (earlier ones left blank), or
/// `None` when there is neither.
fn split_closing_tags(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len() + 16);
    let mut changed = false;
    // A capitalised tag still open: its text so far and its lines.
    let mut tag: Option<(String, usize)> = None;
    for raw in body.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let eol = &raw[line.len()..];
        if let Some((text, lines)) = tag.as_mut() {
            text.push(' ');
            text.push_str(line.trim());
            *lines += 1;
            if line.trim_end().ends_with('>') && brackets(text) == 0 {
                let (text, lines) = tag.take().unwrap_or_default();
                out.push_str(&"\n".repeat(lines - 1));
                out.push_str(&text);
                out.push_str(eol);
                changed = true;
            }
            continue;
        }
        let t = line.trim();
        let opens = t.starts_with('<') && t[1..].starts_with(|c: char| c.is_ascii_uppercase());
        if opens && !t.contains('>') {
            tag = Some((line.trim_end().to_string(), 1));
            continue;
        }
        let closing = KNOWN.iter().find_map(|k| {
            let end = format!("</{k}>");
            let before = t.strip_suffix(end.as_str())?.trim_end();
            (!before.is_empty()).then_some(before.len())
        });
        match closing {
            Some(_) => {
                let cut = line.trim_end().rfind("</").unwrap_or(line.len());
                out.push_str(line[..cut].trim_end());
                out.push('\n');
                out.push_str(&line[cut..]);
                out.push_str(eol);
                changed = true;
            }
            None => out.push_str(raw),
        }
    }
    // A tag never closed stays as it was written.
    if let Some((text, _)) = tag {
        out.push_str(&text);
    }
    changed.then_some(out)
}

/// A JSX element alone on its line: `<Name …>`, `</Name>` or `<Name … />`
/// with a capitalised name (lowercase tags are HTML): the name, whether it
/// closes, whether it closes itself.
fn component(t: &str) -> Option<(&str, bool, bool)> {
    let t = t.trim_end();
    let inner = t.strip_prefix('<')?.strip_suffix('>')?;
    let (inner, closing) = match inner.strip_prefix('/') {
        Some(r) => (r, true),
        None => (inner, false),
    };
    let self_closing = inner.ends_with('/');
    let end = inner.find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_')).unwrap_or(inner.len());
    let name = &inner[..end];
    let starts_upper = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    // One element: no second tag on the line.
    (starts_upper && !inner.contains('<')).then_some((name, closing, self_closing))
}

/// Opening minus closing brackets on a line (outside nothing: MDX
/// statements rarely put brackets in strings, and a miscount only ends a
/// statement early or at the next balanced line).
fn brackets(line: &str) -> i64 {
    line.chars()
        .map(|c| match c {
            '{' | '[' | '(' => 1,
            '}' | ']' | ')' => -1,
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_and_comments_go_and_lines_keep_their_numbers() {
        let body = "import Tabs from '@theme/Tabs';\nimport {\n  A,\n  B,\n} from './x';\nexport const meta = {\n  a: [1, 2],\n};\n\n# Title\n\n{/* a comment */}\n{/* two\nlines */}\nText.\n```js\nimport x from 'y';\n```\n";
        let (out, notes) = rewrite(body, "../", std::path::Path::new(".")).unwrap();
        assert_eq!(out.lines().count(), body.lines().count());
        let kept: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(kept, ["# Title", "Text.", "```js", "import x from 'y';", "```"]);
        let message = "MDX statements left out (`import {`, `export const meta`): opsite does not run JavaScript";
        assert_eq!(notes, [(1, 1, message.into())], "Tabs is opsite's own: not named");
    }

    #[test]
    fn partials_are_included_and_other_components_leave_their_children() {
        let dir = std::env::temp_dir().join(format!("opsite-mdx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("_intro.mdx"), "Intro.\n").unwrap();
        let body = "import Intro from './_intro.mdx';\nimport Gone from './_gone.mdx';\nimport Chart from '@site/src/Chart';\n<Intro />\n<Gone />\n\n<Chart data={x} />\n\n<Highlight color=\"red\">\nKept.\n</Highlight>\n\n<Tabs>\n</Tabs>\n";
        let (out, notes) = rewrite(body, "../", &dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let kept: Vec<&str> = out.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(kept, ["{{#include ./_intro.mdx}}", "Kept.", "<Tabs>", "</Tabs>"]);
        let messages: Vec<&str> = notes.iter().map(|n| n.2.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the MDX partial `./_gone.mdx` is not found: `<Gone />` is left out",
                "the MDX component `<Chart>` is not run: it is left out",
                "the MDX component `<Highlight>` is not run: its content is shown",
                "MDX statements left out (`@site/src/Chart`): opsite does not run JavaScript",
            ]
        );
    }

    #[test]
    fn tags_over_several_lines_closing_tags_after_content_and_image_components() {
        let body = "<Tabs\ndefaultValue=\"a\"\nvalues={[{ label: 'A', value: 'a' }]}\n>\n<TabItem value=\"a\">\n<Screenshot url='https://cdn.example/a.png' />  </TabItem>\n</Tabs>\n";
        let (out, notes) = rewrite(body, "", std::path::Path::new(".")).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[..4], ["", "", "", "<Tabs defaultValue=\"a\" values={[{ label: 'A', value: 'a' }]} >"]);
        assert_eq!(lines[4..], ["<TabItem value=\"a\">", "![](<https://cdn.example/a.png>)", "</TabItem>", "</Tabs>"]);
        assert_eq!(notes[0].2, "the MDX component `<Screenshot>` is not run: the image it names is shown");
        assert_eq!(image_of("<Pic src=\"javascript:alert(1)//.png\" />"), None);
    }

    #[test]
    fn only_mdx_is_rewritten() {
        assert!(applies("a/b.mdx", "# x"));
        assert!(applies("a/b.md", "import X from 'y'\n"));
        assert!(!applies("a/b.md", "# x\n\nimport the data first, then export it.\n"), "a sentence, not a statement");
        assert!(rewrite("import the data first.\nexport it later.\n", "", std::path::Path::new(".")).is_none());
        assert!(!applies("a/b.md", "# x\n\n<Foo />\n"));
        assert_eq!(markdown_import("import X from \"../a/_b.md\";", ""), Some(("X".into(), "../a/_b.md".into())));
        assert_eq!(
            markdown_import("import X from '@site/docs/a/_b.md';", "../"),
            Some(("X".into(), "../a/_b.md".into()))
        );
        assert_eq!(markdown_import("import X from '@site/docs/\\_b.md';", ""), Some(("X".into(), "_b.md".into())));
        assert_eq!(markdown_import("import X from 'pkg/_b.md';", ""), None);
        assert_eq!(markdown_import("import {X} from './_b.md';", ""), None);
    }
}
