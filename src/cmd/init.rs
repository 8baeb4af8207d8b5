//! `opsite init`: a new site that builds.

use std::path::PathBuf;

use anyhow::{Result, bail};

/// Flags of `opsite init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory to create the site in (created if missing; must be empty).
    dir: PathBuf,
}

const FILES: &[(&str, &str)] = &[
    (
        "book.toml",
        "[site]\ntitle = \"My docs\"\ndescription = \"Documentation for my service\"\nbase_url = \"https://example.org/\"\n# repository = \"https://github.com/owner/repo\"\n",
    ),
    ("content/_index.md", "---\ntitle: My docs\n---\n\nWelcome! Start with the [guide](guide/_index.md).\n"),
    ("content/guide/_index.md", "---\ntitle: Guide\nweight: 1\n---\n\nHow to use the service.\n"),
    (
        "content/guide/getting-started.md",
        "---\ntitle: Getting started\nweight: 1\n---\n\n## Install\n\n```bash\necho hello\n```\n\nBack to the [guide](_index.md).\n",
    ),
    (".gitignore", "/public/\n/.opsite-cache/\n"),
];

/// Writes a starter site into `dir`.
pub(super) fn run(args: Args) -> Result<()> {
    let dir = args.dir;
    if crate::util::fs::has_entries(&dir) {
        bail!(
            "{} already exists and is not empty; opsite init only writes into a new or empty directory",
            dir.display()
        );
    }
    for (path, text) in FILES {
        crate::util::fs::write(&dir.join(path), text)?;
    }
    crate::report::status(&format!(
        "created a site in {}; build it with: opsite build --root {}",
        dir.display(),
        dir.display()
    ));
    Ok(())
}
