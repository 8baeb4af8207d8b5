//! `opsite new`: a page from an archetype (a template page the site can
//! override per section), as `hugo new` writes one.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

/// Flags of `opsite new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// The page to write, relative to the content folder
    /// (`operations/runbooks/trino-down.md`).
    page: PathBuf,
}

/// What a page starts from when the site has no archetype for it.
const DEFAULT: &str = "---\ntitle: \"{title}\"\ndate: {date}\ndraft: true\n---\n\nWrite here.\n";

/// A runbook's skeleton: the questions an on-call engineer asks, in order.
const RUNBOOK: &str = "---\ntitle: \"{title}\"\ndate: {date}\n---\n\n## Meaning\n\nWhat the alert \
says is wrong.\n\n## Impact\n\nWho notices, and how badly.\n\n## Diagnosis\n\n```bash\n# what to look \
at first\n```\n\n## Mitigation\n\nHow to make it stop hurting, then how to fix it.\n";

/// Writes the page, refusing to replace a file or to leave the content folder.
pub(super) fn run(args: Args) -> Result<()> {
    let root = args.root.root;
    let config = crate::config::Config::load(&root)?;
    let content = root.join(config.build.content.trim_matches('/'));
    let rel = args.page;
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) || !crate::load::is_markdown(&rel.to_string_lossy())
    {
        bail!("{}: give a Markdown path inside the content folder, like operations/runbooks/x.md", rel.display());
    }
    let target = content.join(&rel);
    if target.exists() {
        bail!("{} already exists; opsite new never replaces a page", target.display());
    }
    let text = archetype(&root, &rel)?;
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let title = crate::load::title_from_name(crate::load::file_stem(&name));
    let today = crate::util::dates::format_date(std::time::SystemTime::now());
    let page = text.replace("{title}", &title.replace('"', "\\\"")).replace("{date}", &today);
    crate::util::fs::write(&target, page)?;
    crate::report::status(&format!("wrote {}", target.display()));
    Ok(())
}

/// The site's `archetypes/<section path>.md` for the deepest section of
/// `rel` that has one, else `archetypes/default.md`, else the built-in one
/// (a runbook skeleton under a `runbooks` folder).
fn archetype(root: &Path, rel: &Path) -> Result<String> {
    let dir = root.join("archetypes");
    let mut section = rel.parent().map(Path::to_path_buf).unwrap_or_default();
    loop {
        if !section.as_os_str().is_empty() {
            let candidate = dir.join(&section).with_extension("md");
            if candidate.is_file() {
                return crate::util::fs::read_to_string(&candidate);
            }
        }
        if !section.pop() {
            break;
        }
    }
    let default = dir.join("default.md");
    if default.is_file() {
        return crate::util::fs::read_to_string(&default);
    }
    let runbook = rel.components().any(|c| c.as_os_str().to_string_lossy().eq_ignore_ascii_case("runbooks"));
    Ok(if runbook { RUNBOOK } else { DEFAULT }.to_string())
}
