#![no_main]
//! book.toml, read and validated.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("opsite-fuzz-toml-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    std::fs::write(dir.join("book.toml"), data).unwrap();
    let opts = opsite::config::BuildOptions { root: dir, offline: true, ..Default::default() };
    let _ = opsite::config::load_config(&opts);
});
