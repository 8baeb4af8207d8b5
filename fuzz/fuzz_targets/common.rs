//! A site in a temp folder that each input is written into, built in
//! process: the whole pipeline (config, load, parse, check, render, search)
//! runs on every input. Errors are fine; panics and hangs are the findings.

use std::path::PathBuf;

/// The site a target builds (under the temp dir, one per process).
pub struct Harness {
    pub root: PathBuf,
}

impl Harness {
    pub fn new() -> Harness {
        opsite::report::set_verbosity(opsite::report::Verbosity::Quiet);
        let root = std::env::temp_dir().join(format!("opsite-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(root.join("content/docs"));
        std::fs::write(root.join("book.toml"), "[site]\ntitle = \"Fuzz\"\nbase_url = \"https://example.org/\"\n[runbooks]\nrules = [\"rules.yaml\"]\n").unwrap();
        std::fs::write(root.join("content/_index.md"), "# Home\n\n[a page](docs/other.md) and [[#x]].\n").unwrap();
        std::fs::write(root.join("content/docs/other.md"), "# Other\n\n## Section\n").unwrap();
        std::fs::write(root.join("content/docs/inc.md"), "included\n<!-- ANCHOR: a -->\nx\n<!-- ANCHOR_END: a -->\n").unwrap();
        Harness { root }
    }

    /// Writes `bytes` to `path` (relative to the root) and builds in memory.
    pub fn build_with(&self, path: &str, bytes: &[u8]) {
        std::fs::write(self.root.join(path), bytes).unwrap();
        let opts = opsite::config::BuildOptions { root: self.root.clone(), offline: true, ..Default::default() };
        if let Ok(site) = opsite::site::Site::load(&opts) {
            let _ = site.render_all();
        }
        let _ = std::fs::remove_file(self.root.join(path));
    }
}
