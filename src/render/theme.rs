//! Themes: the built-in default, overridden by `themes/<name>/` on disk and
//! then by the site's own `templates/` and `static/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// A template and where it came from, for error messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// Template text.
    pub text: String,
    /// File it was read from, relative to the site root, or `(built-in)/…`.
    pub origin: PathBuf,
    /// Where the parts of `text` are in that file (`text` is compacted).
    pub positions: super::compact::Positions,
}

/// A static file of a theme: bytes compiled in, or a file on disk.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Compiled into the binary.
    Embedded(&'static [u8]),
    /// A file under the site root.
    Disk(PathBuf),
}

/// A theme's words file (`strings.toml`, `strings.de.toml`).
#[derive(Debug, Clone)]
struct StringsFile {
    /// 0: the default theme's; 1: the theme's own.
    layer: u8,
    /// The language tag it is for, lower case (`""`: every language).
    language: String,
    /// Its words, read once when the theme loads.
    words: crate::tree::Strings,
}

/// The default theme, compiled in so a site without `themes/` builds.
static DEFAULT_THEME: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Every file of the built-in default theme, as (`templates/page.html`, bytes).
pub(crate) fn default_theme_files() -> Vec<(String, &'static [u8])> {
    fn walk(dir: &'static include_dir::Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for f in dir.files() {
            out.push((f.path().to_string_lossy().replace('\\', "/"), f.contents()));
        }
        for d in dir.dirs() {
            walk(d, out);
        }
    }
    let mut out = Vec::new();
    walk(&DEFAULT_THEME, &mut out);
    out.sort();
    out
}

/// Templates and static files of the theme in force.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`page.html`) → source.
    pub templates: BTreeMap<String, TemplateSource>,
    /// Output path (`opsite.css`) → file.
    pub statics: BTreeMap<String, StaticFile>,
    /// The chrome's words, in the order they apply
    /// ([`Theme::strings_for`]).
    strings: Vec<StringsFile>,
}

impl Theme {
    /// Loads the theme `[site] theme` for the site at `root`, with the
    /// site's own `templates/` and `static/` over it.
    pub fn load(root: &Path, config: &crate::config::Config) -> Result<Theme> {
        let site = &config.site;
        let name = site.theme.as_str();
        let mut theme = Theme::default();
        // Every theme starts from the default's words; its own replace them.
        for f in DEFAULT_THEME.files() {
            let origin = Path::new("(built-in)/themes/default").join(f.path());
            theme.add_strings(0, &origin, || Ok(String::from_utf8_lossy(f.contents()).into_owned()))?;
        }
        if name == "default" {
            for (path, bytes) in default_theme_files() {
                if let Some(t) = path.strip_prefix("templates/") {
                    let (text, positions) = super::compact::template(t, &String::from_utf8_lossy(bytes));
                    let origin = PathBuf::from("(built-in)/themes/default").join(&path);
                    theme.templates.insert(t.to_string(), TemplateSource { text, origin, positions });
                } else if let Some(s) = path.strip_prefix("static/") {
                    theme.statics.insert(s.to_string(), StaticFile::Embedded(bytes));
                }
            }
        }
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            theme.overlay(root, &theme_dir)?;
        } else if name != "default" {
            bail!("theme {name:?} not found: expected a directory {}", theme_dir.display());
        }
        // The site's own templates/ and static/ win over the theme's; a
        // static file that replaces one of the theme's says so, unless the
        // site lists it as meant. In another tool's project they are that
        // tool's (Zola's Tera templates, its search.js): its static files
        // are published, but replace nothing of the theme.
        let own = config.build.theme_overrides;
        if own {
            theme.overlay_templates(root, &root.join("templates"))?;
        }
        for (rel, abs) in files_under(&root.join("static"))? {
            if !own && theme.statics.contains_key(&rel) {
                crate::report::verbose(&format!("static/{rel}: another tool's, the theme's own is kept"));
                continue;
            }
            if theme.statics.contains_key(&rel) && !site.replace_theme_files.contains(&rel) {
                crate::report::warning(
                    &crate::report::Diagnostic::new(
                        Path::new("static").join(&rel),
                        0,
                        0,
                        format!("replaces the theme's {rel}"),
                    )
                    .hint(Some(format!(
                        "if that is meant, add replace_theme_files = [\"{rel}\"] under [site] in book.toml"
                    ))),
                );
            }
            theme.statics.insert(rel, StaticFile::Disk(abs));
        }
        theme.check_site_script();
        Ok(theme)
    }

    /// The default theme's script takes its words and builds its controls
    /// from `assets.site`: a `base.html` of the site's own that loads the
    /// script but not that would leave the copy buttons without words and
    /// the header without search. (A theme's own copy of `opsite.js` is
    /// whatever it is.)
    fn check_site_script(&self) {
        let Some(base) = self.templates.get("base.html") else { return };
        let builtin_js = matches!(self.statics.get("opsite.js"), Some(StaticFile::Embedded(_)));
        if builtin_js
            && !base.origin.starts_with("(built-in)")
            && base.text.contains("assets.js")
            && !base.text.contains("assets.site")
        {
            crate::report::warning(
                &crate::report::Diagnostic::new(
                    &base.origin,
                    0,
                    0,
                    "loads assets.js but not assets.site, which gives it its words and the search field",
                )
                .hint(Some(
                    "add <script src=\"{{ assets.site }}\" defer></script> before the script of assets.js".into(),
                )),
            );
        }
    }

    fn overlay(&mut self, root: &Path, dir: &Path) -> Result<()> {
        for entry in std::fs::read_dir(dir)?.flatten() {
            let path = entry.path();
            self.add_strings(1, path.strip_prefix(root).unwrap_or(&path), || crate::util::fs::read_to_string(&path))?;
        }
        self.overlay_templates(root, &dir.join("templates"))?;
        self.overlay_static(root, &dir.join("static"))
    }

    /// Keeps `origin` when it is a words file (`strings.toml`,
    /// `strings.<language>.toml`) of `layer` (0: the default theme's).
    fn add_strings(&mut self, layer: u8, origin: &Path, read: impl FnOnce() -> Result<String>) -> Result<()> {
        let name = origin.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let Some(language) = name.strip_prefix("strings").and_then(|n| n.strip_suffix(".toml")) else {
            return Ok(());
        };
        let language = match language.strip_prefix('.') {
            Some(tag) if !tag.is_empty() => crate::tree::language_key(tag),
            _ if language.is_empty() => String::new(),
            _ => return Ok(()),
        };
        // Read now, whatever the language: a broken file is found before
        // a build in that language needs it.
        let words = crate::tree::Strings::read(&read()?, origin)?;
        self.strings.push(StringsFile { layer, language, words });
        Ok(())
    }

    /// The chrome's words for a tree in `language`: the default theme's,
    /// then the theme's own; in each, `strings.toml`, then the file of the
    /// language's primary subtag (`strings.pt.toml`), then of the whole
    /// tag (`strings.pt-BR.toml`). A key no file has is written as itself.
    pub fn strings_for(&self, language: &str) -> crate::tree::Strings {
        let (primary, full) = (crate::tree::primary_subtag(language), crate::tree::language_key(language));
        let mut wants = vec![String::new(), primary];
        if !wants.contains(&full) {
            wants.push(full);
        }
        let mut out = crate::tree::Strings::default();
        for layer in 0..2 {
            for want in &wants {
                for f in self.strings.iter().filter(|f| f.layer == layer && &f.language == want) {
                    out.merge(&f.words);
                }
            }
        }
        out
    }

    fn overlay_templates(&mut self, root: &Path, dir: &Path) -> Result<()> {
        for (rel, abs) in files_under(dir)? {
            let (text, positions) = super::compact::template(&rel, &crate::util::fs::read_to_string(&abs)?);
            let origin = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
            self.templates.insert(rel, TemplateSource { text, origin, positions });
        }
        Ok(())
    }

    fn overlay_static(&mut self, _root: &Path, dir: &Path) -> Result<()> {
        for (rel, abs) in files_under(dir)? {
            self.statics.insert(rel, StaticFile::Disk(abs));
        }
        Ok(())
    }
}

/// Files under `dir` as (`/`-separated relative path, absolute path),
/// skipping hidden and editor temp files and symlinks.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::load::is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = entry.map_err(|e| anyhow::anyhow!("walking {}: {e}", dir.display()))?;
        if entry.path_is_symlink() {
            // Never followed: a link could publish any file on the machine.
            crate::report::warning(
                &crate::report::Diagnostic::new(
                    entry.path().strip_prefix(".").unwrap_or(entry.path()),
                    0,
                    0,
                    "skipped: symlinks are never copied",
                )
                .hint(Some("copy the file itself into the folder if it should be published".into())),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let Some(rel) = rel.to_str() else { continue };
        out.push((rel.replace('\\', "/"), entry.path().to_path_buf()));
    }
    Ok(out)
}

/// The templates that `{% extends %}`, `{% include %}` or `{% import %}`
/// one of `changed`, directly or through others, with `changed` itself:
/// what a template edit can change. Tera keeps no such graph, so the tags
/// are read from the text.
pub(crate) fn dependents(templates: &BTreeMap<String, TemplateSource>, changed: &BTreeSet<String>) -> BTreeSet<String> {
    let uses: BTreeMap<&str, Vec<String>> = templates.iter().map(|(n, t)| (n.as_str(), referenced(&t.text))).collect();
    let mut out = changed.clone();
    loop {
        let more: Vec<String> = uses
            .iter()
            .filter(|(n, refs)| !out.contains(**n) && refs.iter().any(|r| out.contains(r)))
            .map(|(n, _)| n.to_string())
            .collect();
        if more.is_empty() {
            return out;
        }
        out.extend(more);
    }
}

/// Whether `text` has a `{% component … %}` definition tag. Components
/// are used by name from any template, so an edit of one reaches pages no
/// tag names.
pub(crate) fn defines_components(text: &str) -> bool {
    tags(text).any(|(word, _)| word == "component")
}

/// The first word and the rest of each `{% … %}` tag.
fn tags(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split("{%")
        .skip(1)
        .filter_map(|t| t.split("%}").next())
        .filter_map(|tag| tag.trim_matches(|c: char| c == '-' || c.is_whitespace()).split_once(char::is_whitespace))
}

/// Names in `{% extends "x" %}`, `{% include "x" %}` (or a list of them)
/// and `{% import "x" as y %}` tags.
fn referenced(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (word, rest) in tags(text) {
        if !matches!(word, "extends" | "include" | "import") {
            continue;
        }
        // Every quoted string of the tag (an include may list several).
        let mut rest = rest;
        while let Some(start) = rest.find(['"', '\'']) {
            let quote = rest.as_bytes()[start] as char;
            let after = &rest[start + 1..];
            let Some(end) = after.find(quote) else { break };
            names.push(after[..end].to_string());
            rest = &after[end + 1..];
            if word != "include" {
                break;
            }
        }
    }
    names
}

#[cfg(test)]
mod dependents_tests {
    use super::*;

    #[test]
    fn a_change_reaches_every_template_that_extends_includes_or_imports_it() {
        let t =
            |text: &str| TemplateSource { text: text.into(), origin: PathBuf::new(), positions: Default::default() };
        let templates: BTreeMap<String, TemplateSource> = [
            ("base.html", t("{% block main %}{% endblock main %}")),
            ("page.html", t("{%- extends 'base.html' -%}{% block main %}{% include \"meta.html\" %}{% endblock %}")),
            ("section.html", t("{% extends \"base.html\" %}{% include [\"missing.html\", \"crumbs.html\"] %}")),
            ("meta.html", t("{% import \"macros.html\" as m %}{{ m::x() }}")),
            ("macros.html", t("{% macro x() %}x{% endmacro %}")),
            ("crumbs.html", t("crumbs")),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), t))
        .collect();
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(dependents(&templates, &set(&["macros.html"])), set(&["macros.html", "meta.html", "page.html"]));
        assert_eq!(dependents(&templates, &set(&["crumbs.html"])), set(&["crumbs.html", "section.html"]));
        assert_eq!(dependents(&templates, &set(&["base.html"])), set(&["base.html", "page.html", "section.html"]));
    }

    #[test]
    fn components_are_found_by_their_definition_tag_not_by_the_word() {
        assert!(defines_components("{% component Badge(text) %}<b>{{ text }}</b>{% endcomponent Badge %}"));
        assert!(!defines_components("<p>A component of the page</p>{# component #}"));
        assert!(!defines_components("{% extends \"base.html\" %}{% block main %}x{% endblock main %}"));
    }
}
