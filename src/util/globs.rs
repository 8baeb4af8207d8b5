//! A list of globs matched at once (globset compiles them into one
//! matcher), keeping each pattern's text for messages.

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// Compiled globs and their texts.
#[derive(Debug, Clone)]
pub struct Globs {
    set: GlobSet,
    texts: Vec<String>,
}

impl Default for Globs {
    fn default() -> Self {
        Globs { set: GlobSet::empty(), texts: Vec::new() }
    }
}

impl Globs {
    /// Compiles `patterns`; one that is not a glob is an error naming it.
    /// With `separator`, `*` stays inside one path segment (only `**`
    /// crosses `/`), as in a shell.
    pub fn new(patterns: &[String], separator: bool) -> Result<Globs, String> {
        let mut set = GlobSetBuilder::new();
        for p in patterns {
            set.add(glob(p, separator).map_err(|e| format!("bad glob {p:?}: {}", e.kind()))?);
        }
        let set = set.build().map_err(|e| e.to_string())?;
        Ok(Globs { set, texts: patterns.to_vec() })
    }

    /// Whether there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Whether any pattern matches `path`.
    pub fn is_match(&self, path: &str) -> bool {
        self.set.is_match(path)
    }

    /// The first pattern (in the order given) that matches `path`.
    pub fn first_match(&self, path: &str) -> Option<&str> {
        self.set.matches(path).into_iter().min().map(|i| self.texts[i].as_str())
    }

    /// The patterns as written.
    pub fn texts(&self) -> &[String] {
        &self.texts
    }
}

fn glob(pattern: &str, separator: bool) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(separator).build()
}

#[cfg(test)]
mod tests {
    use super::Globs;

    fn globs(p: &[&str], separator: bool) -> Globs {
        Globs::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>(), separator).unwrap()
    }

    #[test]
    fn star_crosses_folders_only_without_the_separator_rule() {
        assert!(globs(&["drafts/*"], false).is_match("drafts/a/b.md"));
        assert!(!globs(&["drafts/*"], true).is_match("drafts/a/b.md"));
        assert!(globs(&["drafts/**"], true).is_match("drafts/a/b.md"));
        assert!(globs(&["alerts/*.yaml"], true).is_match("alerts/x.yaml"));
    }

    #[test]
    fn the_first_matching_pattern_is_named() {
        let g = globs(&["a/*", "*.md"], false);
        assert_eq!(g.first_match("a/x.md"), Some("a/*"));
        assert_eq!(g.first_match("b/x.md"), Some("*.md"));
        assert_eq!(g.first_match("b/x.txt"), None);
    }

    #[test]
    fn a_bad_glob_is_an_error_naming_it() {
        let e = Globs::new(&["a/[b".to_string()], false).unwrap_err();
        assert!(e.contains("\"a/[b\""), "{e}");
    }
}
