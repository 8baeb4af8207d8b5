//! `opsite theme eject`: the built-in theme as files, to edit.

use anyhow::{Result, bail};

/// Flags of `opsite theme`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Write the default theme's templates and static files to
    /// themes/NAME/ for editing, then set `[site] theme = "NAME"`.
    ///
    /// Example: opsite theme eject mine
    Eject {
        /// Name of the new theme (its folder under themes/).
        #[arg(default_value = "custom")]
        name: String,
        #[command(flatten)]
        root: super::RootArg,
    },
}

/// Runs `opsite theme …`.
pub(super) fn run(args: Args) -> Result<()> {
    let Action::Eject { name, root } = args.action;
    if name.is_empty() || name == "default" || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!("theme name {name:?}: use letters, digits, - and _ (and not \"default\", the built-in theme)");
    }
    let dir = root.root.join("themes").join(&name);
    if crate::util::fs::has_entries(&dir) {
        bail!("{} already exists and is not empty; pick another name", dir.display());
    }
    let files = crate::render::theme::default_theme_files();
    for (path, bytes) in &files {
        crate::util::fs::write(&dir.join(path), bytes)?;
    }
    crate::report::status(&format!(
        "wrote {} files to {}; use it with `theme = \"{name}\"` under [site] in book.toml",
        files.len(),
        dir.display()
    ));
    Ok(())
}
