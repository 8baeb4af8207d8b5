// The default theme is compiled in with include_dir!, which cannot tell
// cargo about the files it reads on stable Rust: rebuild when any changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
