//! `opsite serve`.

use std::time::Duration;

use anyhow::Result;

/// Flags of `opsite serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// Address to listen on; 0.0.0.0 exposes the preview to your network.
    #[arg(long, default_value = "127.0.0.1")]
    bind: String,
    /// Port [default: 1111, or the next free one].
    #[arg(long)]
    port: Option<u16>,
    /// Override site.base_url; its path is where the site is served.
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked draft.
    #[arg(long)]
    drafts: bool,
    /// Open the site in a browser.
    #[arg(long)]
    open: bool,
    /// Do not call GitHub: show issues and incidents from the cache only.
    #[arg(long)]
    offline: bool,
}

/// Serves the site until Ctrl-C.
pub(super) fn run(args: Args) -> Result<()> {
    crate::serve::serve(crate::serve::ServeOptions {
        root: args.root.root,
        bind: args.bind,
        port: args.port,
        base_url: args.base_url,
        drafts: args.drafts,
        open: args.open,
        offline: args.offline,
        debounce: Duration::from_millis(5),
    })
}
