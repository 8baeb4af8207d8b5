use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = opsite::cmd::Cli::parse();
    match opsite::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<opsite::diagnostic::BuildFailed>() {
                Some(failed) => eprintln!("{failed}"),
                None => eprintln!("error: {e:#}"),
            }
            ExitCode::from(1)
        }
    }
}
