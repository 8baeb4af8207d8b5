//! Bad input: clear errors with file, line and column; no lost output.

use crate::support::{BOOK, Site};

#[test]
fn config_typo_names_the_key_and_the_valid_ones() {
    let site =
        Site::new().file("book.toml", "[site]\ntitle = \"x\"\nbase_url = \"https://e.org/\"\ntitel = \"oops\"\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.stderr.trim());
}

#[test]
fn config_section_typo() {
    let site = Site::new().file("book.toml", &format!("{BOOK}[markdwn]\nsmart_punctuation = false\n"));
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    assert!(r.stderr.contains("site") && r.stderr.contains("markdown"), "lists valid keys: {}", r.stderr);
}

#[test]
fn missing_base_url_and_bad_base_url() {
    let site = Site::new().file("book.toml", "[site]\ntitle = \"x\"\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
    let site = Site::new().file("book.toml", "[site]\ntitle = \"x\"\nbase_url = \"example.org\"\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn frontmatter_errors_name_file_line_and_column() {
    let site = Site::new()
        .file("content/a.md", "---\ntitle: A\nweight: heavy\n---\n")
        .file("content/b.md", "---\ntitle: B\ntittle: typo\n---\n")
        .file("content/c.md", "+++\ntitle = \"C\"\ndraft = maybe\n+++\n")
        .file("content/d.md", "---\ntitle: D\nno end\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.stderr.trim());
}

#[test]
fn a_page_and_a_folder_index_at_one_url_name_both_files_and_the_folder_wins() {
    // MkDocs and Jupyter Book accept this layout: a warning, not a failure.
    let site = Site::new()
        .file("content/users/access.md", "# Access\n")
        .file("content/users/access/_index.md", "# Access section\n");
    let r = site.build_ok(&[]);
    assert_eq!(
        r.err(),
        "warning: content/users/access.md: this page and content/users/access/_index.md would both be /users/access/: \
         the folder's index is the page, this one is left out\n  hint: rename one of them, or move this page into the folder"
    );
    assert_eq!(site.html("users/access/index.html").text("h1"), "Access section");
}

#[test]
fn slug_collision_is_a_duplicate_too() {
    let site = Site::new()
        .file("content/a.md", "---\ntitle: A\nslug: same\n---\n")
        .file("content/b.md", "---\ntitle: B\nslug: same\n---\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn template_errors_name_template_line_and_variable() {
    let site = Site::new().file("content/a.md", "# A\n").file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field }}\n{% endblock main %}\n",
    );
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());

    let site = Site::new().file("templates/page.html", "{% if %}\n");
    let r = site.build_err(&[]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn previous_output_is_intact_after_a_failed_build() {
    let site = Site::new().file("content/a.md", "# Version one\n");
    site.build_ok(&[]);
    let before = site.read("a/index.html");
    assert!(before.contains("Version one"));
    site.write("content/a.md", "# Version two\n\n[broken](missing.md)\n");
    site.write("content/b.md", "---\ntitle: [unclosed\n---\n");
    site.build_err(&[]);
    assert_eq!(site.read("a/index.html"), before, "public/ changed by a failed build");
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("opsite-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary build directory left behind");
}

#[test]
fn refuses_to_replace_a_directory_that_is_not_a_build() {
    let site = Site::new().file("notes/keep.txt", "precious");
    let r = site.build_err(&["--output", "notes"]);
    insta::assert_snapshot!(r.err());
    assert_eq!(std::fs::read_to_string(site.root().join("notes/keep.txt")).unwrap(), "precious");
    let r = site.build_err(&["--output", "content"]);
    insta::assert_snapshot!(r.err());
}

#[test]
fn no_panic_on_hostile_markdown() {
    let mut nasty = String::from("# T\n\n");
    nasty.push_str(&"> ".repeat(5000));
    nasty.push_str("deep\n\n");
    nasty.push_str(&"[".repeat(10000));
    nasty.push_str("\n\n\u{0}\u{feff}\u{202e}text\n\n| a |\n|---|\n| ");
    nasty.push_str(&"x|".repeat(2000));
    let site = Site::new().file("content/nasty.md", &nasty);
    site.build_ok(&[]);
}

/// Random Markdown and frontmatter, built in-process: every build either
/// succeeds or reports errors; none panics.
#[test]
fn random_input_never_panics() {
    let site = Site::new().file("content/b.md", "# B\n\n## Part\n");
    let pieces = [
        "---\n",
        "+++\n",
        "title: x\n",
        "alerts: [A]\n",
        "# ",
        "## ",
        "[",
        "]",
        "(",
        ")",
        "b.md",
        "#part",
        "../",
        "`",
        "```",
        "~~~",
        "\n",
        "\n\n",
        "> [!NOTE]\n",
        "| a | b |\n|---|---|\n",
        "<a href=\"",
        "\">",
        "<img src=",
        "é",
        "😄",
        "\u{202e}",
        "\\",
        "*",
        "_",
        "&amp;",
        "#12",
        "acme/x#3",
        "https://github.com/a/b/issues/4",
        ":",
        "'",
        "\"",
        "{#id}",
        "[^1]",
        "[^1]: n\n",
        "- [ ] ",
        "%2e%2e/",
        "\t",
        "\r\n",
        "\u{0}",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let opts = opsite::config::BuildOptions { root: site.root().to_path_buf(), ..Default::default() };
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        site.write("content/a.md", &text);
        let result =
            std::panic::catch_unwind(|| opsite::site::Site::load(&opts).and_then(|s| s.render_all()).map(|_| ()));
        assert!(result.is_ok(), "panicked on input {text:?}");
    }
}
