//! The `opsite` command: parses the command line and runs it (see `opsite::cmd`).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = opsite::cmd::Cli::parse();
    match opsite::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<opsite::report::BuildFailed>() {
                Some(failed) => opsite::report::eprintln_quiet(&failed.to_string()),
                None => opsite::report::error(&format!("{e:#}")),
            }
            ExitCode::from(1)
        }
    }
}
