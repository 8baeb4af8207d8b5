//! Build script: embeds the default theme and detects test dependencies.
#![allow(clippy::print_stdout)]

// Two jobs, both about what cargo cannot see by itself:
//
// 1. The default theme is compiled in with include_dir!, which cannot tell
//    cargo about the files it reads on stable Rust: rebuild when any changes.
// 2. Tests that need Chromium, Java or the npm packages are marked ignored
//    where those are missing, so `cargo test` shows them as ignored rather
//    than as passed. The cfgs set here say what this machine has; `.ci/run`
//    installs everything, so CI runs them all.
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    for cfg in ["opsite_chromium", "opsite_axe", "opsite_vnu", "opsite_node"] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    println!("cargo:rerun-if-env-changed=CHROMIUM");
    println!("cargo:rerun-if-env-changed=PATH");
    // Only paths that exist: cargo reruns a build script on every build
    // while a path it watches is missing.
    for dir in ["/usr/bin", "node_modules"] {
        if Path::new(dir).is_dir() {
            println!("cargo:rerun-if-changed={dir}");
        }
    }
    println!("cargo:rerun-if-changed=package-lock.json");

    let chromium = std::env::var_os("CHROMIUM").map(PathBuf::from).is_some_and(|p| p.is_file())
        || ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .iter()
            .any(|p| Path::new(p).is_file());
    let on_path = |name: &str| {
        std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
    };
    let axe = Path::new("node_modules/axe-core/axe.min.js").is_file();
    let vnu = Path::new("node_modules/vnu-jar/build/dist/vnu.jar").is_file() && on_path("java");
    if chromium {
        println!("cargo:rustc-cfg=opsite_chromium");
    }
    if chromium && axe {
        println!("cargo:rustc-cfg=opsite_axe");
    }
    if vnu {
        println!("cargo:rustc-cfg=opsite_vnu");
    }
    // The search tests run the browser's search code in node.
    if on_path("node") {
        println!("cargo:rustc-cfg=opsite_node");
    }
}
