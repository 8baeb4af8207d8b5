//! `opsite serve`.

use std::time::Duration;

use anyhow::Result;

/// Flags of `opsite serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: super::SiteArgs,
    /// Address to listen on; 0.0.0.0 exposes the preview to your network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Port [default: 1111, or the next free one].
    #[arg(short = 'p', long)]
    port: Option<u16>,
    /// Open the site in a browser.
    #[arg(short = 'o', long)]
    open: bool,
    /// Scan for changes every half second instead of relying on file system
    /// events (network shares, container mounts, WSL).
    #[arg(long)]
    poll: bool,
    /// Preview a version of [versions] (a tag or branch name) as it is in
    /// git, instead of the working tree.
    #[arg(long, value_name = "NAME")]
    version: Option<String>,
}

/// Serves the site until Ctrl-C.
pub(super) fn run(args: Args) -> Result<()> {
    let (root, cache_dir) = match &args.version {
        None => (args.site.root.root, None),
        Some(name) => {
            let root = &args.site.root.root;
            let config = crate::config::Config::load(root)?;
            let tree = crate::versions::export_version(root, &config, name)?;
            crate::report::status(&format!("previewing {name} as git has it"));
            (tree, Some(root.join(crate::config::CACHE_DIR)))
        }
    };
    crate::serve::serve(crate::serve::ServeOptions {
        root,
        cache_dir,
        bind: args.bind,
        port: args.port,
        base_url: args.site.base_url,
        drafts: args.site.drafts,
        open: args.open,
        offline: args.site.offline,
        warn_links: args.site.warn_links,
        debounce: Duration::from_millis(5),
        poll: args.poll,
    })
}
