//! Words of the site's chrome: what opsite writes outside templates
//! (generated pages' titles, feed titles) and what the default theme's
//! templates read as `strings.<key>`, from the theme's `strings.toml` and
//! `strings.<language>.toml`, so a theme or a language changes them
//! without touching Rust or a template.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context as _, Result};

/// The theme's strings, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The words of one `strings.toml` (`file` names it in the error).
    pub fn read(text: &str, file: &Path) -> Result<Strings> {
        toml::from_str(text).map(Strings).with_context(|| format!("{}: not a table of strings", file.display()))
    }

    /// `other`'s words over these: its keys replace, the rest stay.
    pub fn merge(&mut self, other: &Strings) {
        self.0.extend(other.0.iter().map(|(k, v)| (k.clone(), v.clone())));
    }

    /// The string `key`, with each `{name}` of `fill` replaced (the key
    /// itself when no theme has it, so a missing one shows where).
    pub fn get(&self, key: &str, fill: &[(&str, &str)]) -> String {
        let mut s = self.0.get(key).cloned().unwrap_or_else(|| key.to_string());
        for (name, value) in fill {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::Strings;

    #[test]
    fn a_theme_replaces_some_keys_and_keeps_the_rest() {
        let mut s = Strings::read("tags = \"Tags\"\ntagged = \"Tagged {tag}\"\n", "a".as_ref()).unwrap();
        s.merge(&Strings::read("tags = \"Étiquettes\"\n", "b".as_ref()).unwrap());
        assert_eq!(s.get("tags", &[]), "Étiquettes");
        assert_eq!(s.get("tagged", &[("tag", "ops")]), "Tagged ops");
        assert_eq!(s.get("missing", &[]), "missing");
        assert!(Strings::read("tags = 3\n", "c".as_ref()).unwrap_err().to_string().starts_with("c: "));
    }
}
