//! Bad input, table-driven: every case must end without a panic, with exit
//! 0 (with a located warning where the input was odd) or 1 (with a located
//! error), write nothing outside the site, and leave the previous output
//! whole when the build fails.

use std::path::{Path, PathBuf};

/// What a case must do.
enum Expect {
    /// Exit 1 with this text in a `path:line:col:`-located error.
    Fails(&'static str),
    /// Exit 0, with this text on stderr (a warning), or "" for none needed.
    Builds(&'static str),
}

struct Case {
    name: &'static str,
    setup: fn(&Path),
    expect: Expect,
}

fn write(root: &Path, path: &str, bytes: impl AsRef<[u8]>) {
    let p = root.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn page(root: &Path, text: &str) {
    write(root, "content/bad.md", text);
}

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Nine levels of YAML aliases, each nine times the one before (a
/// "billion laughs"): 9^9 copies of `item` if expanded.
fn alias_bomb(item: &str) -> String {
    let mut y = format!("a: &a [{}]\n", [item; 9].join(","));
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"].iter().zip(["a", "b", "c", "d", "e", "f", "g", "h"]) {
        y.push_str(&format!("{i}: &{i} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    y
}

const BOOK: &str = "[site]\ntitle = \"Hostile\"\nbase_url = \"https://example.org/\"\n";

fn cases() -> Vec<Case> {
    use Expect::*;
    vec![
        Case {
            name: "yaml alias bomb in frontmatter",
            expect: Fails("bad.md"),
            setup: |r| {
                page(r, &format!("---\n{}title: Bomb\n---\nBody.\n", alias_bomb("\"x\"")));
            },
        },
        Case {
            name: "10,000-deep nesting in frontmatter",
            expect: Fails("bad.md"),
            setup: |r| {
                page(r, &format!("---\ntitle: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000)));
            },
        },
        Case {
            name: "20,000 different shortcodes, 5,000 nested admonitions and colon fences",
            expect: Builds("is not run"),
            setup: |r| {
                let mut s = String::new();
                for i in 0..20_000 {
                    s.push_str(&format!("{{{{< sc{i} >}}}}\n"));
                }
                for i in 0..5_000 {
                    s.push_str(&format!("{}:::note\n", ":".repeat(i % 50)));
                }
                for i in 0..300 {
                    s.push_str(&format!("{}!!! note\n", "    ".repeat(i)));
                }
                page(r, &s)
            },
        },
        Case {
            name: "10,000-deep block quotes",
            expect: Builds(""),
            setup: |r| page(r, &format!("{}deep\n", "> ".repeat(10_000))),
        },
        Case {
            name: "10,000-deep lists",
            expect: Builds(""),
            setup: |r| {
                let mut s = String::new();
                for i in 0..10_000 {
                    s.push_str(&"  ".repeat(i.min(2000)));
                    s.push_str("- x\n");
                }
                page(r, &s);
            },
        },
        Case {
            name: "10,000 nested divs in raw HTML",
            expect: Builds(""),
            setup: |r| page(r, &format!("{}x{}\n", "<div>".repeat(10_000), "</div>".repeat(10_000))),
        },
        Case {
            name: "a 50 MB Markdown file",
            expect: Builds(""),
            setup: |r| {
                let para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, with `code` and *emphasis*.\n\n";
                page(r, &format!("# Big\n\n{}", para.repeat(50_000_000 / para.len())));
            },
        },
        Case { name: "a 10 MB single line", expect: Builds(""), setup: |r| page(r, &"word ".repeat(2_000_000)) },
        Case {
            name: "invalid UTF-8",
            expect: Fails("bad.md"),
            setup: |r| write(r, "content/bad.md", b"# Title\n\n\xff\xfe broken \xc3\x28\n"),
        },
        Case {
            name: "a binary .md",
            expect: Fails("bad.md"),
            setup: |r| write(r, "content/bad.md", (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect::<Vec<u8>>()),
        },
        Case {
            name: "CRLF line endings",
            expect: Builds(""),
            setup: |r| page(r, "---\r\ntitle: Windows\r\n---\r\n# Windows\r\n\r\nText.\r\n"),
        },
        Case {
            name: "a byte-order mark",
            expect: Builds(""),
            setup: |r| page(r, "\u{feff}---\ntitle: Marked\n---\nText.\n"),
        },
        Case {
            name: "odd file names",
            expect: Builds(""),
            setup: |r| {
                for name in ["a b.md", "ü.md", "#hash.md", "100%.md", "q?.md", "semi;colon.md", "quote'.md", "amp&.md"]
                {
                    write(r, &format!("content/odd/{name}"), format!("# {name}\n"));
                }
            },
        },
        Case { name: "an empty file", expect: Builds(""), setup: |r| page(r, "") },
        Case { name: "frontmatter only", expect: Builds(""), setup: |r| page(r, "---\ntitle: Just this\n---\n") },
        Case {
            name: "unclosed frontmatter",
            expect: Fails("bad.md:1"),
            setup: |r| page(r, "---\ntitle: Open\n\nNo end.\n"),
        },
        Case {
            name: "frontmatter that is not a mapping",
            expect: Fails("bad.md"),
            setup: |r| page(r, "---\n- a\n- b\n---\nText.\n"),
        },
        Case {
            name: "invalid TOML frontmatter",
            expect: Fails("bad.md"),
            setup: |r| page(r, "+++\ntitle = \n+++\nText.\n"),
        },
        Case { name: "slug: ../../x", expect: Fails("bad.md"), setup: |r| page(r, "---\nslug: ../../x\n---\nText.\n") },
        Case {
            name: "alias outside the site",
            expect: Fails("bad.md"),
            setup: |r| page(r, "---\naliases: [\"../../../../outside/pwned\"]\n---\nText.\n"),
        },
        Case {
            name: "include outside the root",
            expect: Fails("bad.md"),
            setup: |r| page(r, "{{#include ../../outside/secret.txt}}\n"),
        },
        Case { name: "include of itself", expect: Fails("bad.md"), setup: |r| page(r, "{{#include bad.md}}\n") },
        Case {
            name: "a template including itself",
            expect: Fails("page.html"),
            setup: |r| write(r, "templates/page.html", "{% include \"page.html\" %}"),
        },
        Case {
            name: "a template extending itself",
            expect: Fails("page.html"),
            setup: |r| write(r, "templates/page.html", "{% extends \"page.html\" %}"),
        },
        Case {
            name: "a broken book.toml",
            expect: Fails("book.toml"),
            setup: |r| write(r, "book.toml", "[site\ntitle = "),
        },
        Case {
            name: "book.toml with a wrong type",
            expect: Fails("book.toml"),
            setup: |r| write(r, "book.toml", format!("{BOOK}[build]\nsearch = \"yes\"\n")),
        },
        Case {
            name: "git source URL as an option",
            expect: Fails("book.toml"),
            setup: |r| {
                write(
                    r,
                    "book.toml",
                    format!("{BOOK}[[sources]]\ngit = \"--upload-pack=touch ../outside/pwned\"\nmount = \"x\"\n"),
                )
            },
        },
        Case {
            name: "git source with -u",
            expect: Fails("book.toml"),
            setup: |r| write(r, "book.toml", format!("{BOOK}[[sources]]\ngit = \"-uhack\"\nmount = \"x\"\n")),
        },
        Case {
            name: "git source via ext::",
            expect: Fails("book.toml"),
            setup: |r| {
                write(
                    r,
                    "book.toml",
                    format!("{BOOK}[[sources]]\ngit = \"ext::sh -c touch% ../outside/pwned\"\nmount = \"x\"\n"),
                )
            },
        },
        Case {
            name: "path source outside the root",
            expect: Fails("book.toml"),
            setup: |r| write(r, "book.toml", format!("{BOOK}[[sources]]\npath = \"../outside\"\nmount = \"x\"\n")),
        },
        Case {
            name: "a notebook that is not JSON",
            expect: Fails("bad.ipynb"),
            setup: |r| write(r, "content/bad.ipynb", "{\"cells\": ["),
        },
        Case {
            name: "a notebook with a 100 MB output",
            expect: Builds(""),
            setup: |r| {
                let big = "x".repeat(100_000_000);
                let nb = format!(
                    "{{\"cells\":[{{\"cell_type\":\"code\",\"source\":[\"print(1)\"],\"outputs\":[{{\"output_type\":\"stream\",\"name\":\"stdout\",\"text\":[\"{big}\"]}}]}}],\"metadata\":{{}},\"nbformat\":4,\"nbformat_minor\":5}}"
                );
                write(r, "content/big.ipynb", nb);
            },
        },
        Case {
            name: "a notebook with script in its HTML output",
            expect: Builds(""),
            setup: |r| {
                write(
                    r,
                    "content/nb.ipynb",
                    r#"{"cells":[{"cell_type":"code","source":["x"],"outputs":[{"output_type":"display_data","data":{"text/html":["<b>ok</b><script>window.__pwned=1</script><img src=\"https://example.org/x.png\" onerror=alert(1)>"]}}]}],"metadata":{},"nbformat":4,"nbformat_minor":5}"#,
                );
            },
        },
        Case {
            name: "10,000 identical headings",
            expect: Builds(""),
            setup: |r| page(r, &"## Same\n\ntext\n\n".repeat(10_000)),
        },
        Case {
            name: "10,000 footnotes",
            expect: Builds(""),
            setup: |r| {
                let mut s = String::new();
                for i in 0..10_000 {
                    s.push_str(&format!("x[^{i}] "));
                }
                s.push_str("\n\n");
                for i in 0..10_000 {
                    s.push_str(&format!("[^{i}]: note {i}\n"));
                }
                page(r, &s);
            },
        },
        Case {
            name: "a table of 2,000 columns",
            expect: Builds(""),
            setup: |r| {
                let row = |c: &str| format!("|{}|\n", vec![c; 2000].join("|"));
                page(r, &format!("{}{}{}", row("h"), row("-"), row("v")));
            },
        },
        Case {
            name: "math that is not TeX",
            expect: Builds(""),
            setup: |r| page(r, "$$\\begin{x}\\end{y}\\frac{$$\n\nand $\\\\\\\\$ inline\n"),
        },
        Case {
            name: "a rule file with an alias bomb",
            expect: Builds("rules.yaml"),
            setup: |r| {
                write(r, "book.toml", format!("{BOOK}[runbooks]\nrules = [\"rules.yaml\"]\n"));
                write(r, "rules.yaml", format!("{}groups: []\n", alias_bomb("x")));
            },
        },
        Case {
            name: "a rule file that is not YAML",
            expect: Builds("rules.yaml:2"),
            setup: |r| {
                write(r, "book.toml", format!("{BOOK}[runbooks]\nrules = [\"rules.yaml\"]\n"));
                write(r, "rules.yaml", "groups: [\n  - {name: x\n");
            },
        },
        Case {
            name: "a broken mkdocs.yml",
            expect: Fails("mkdocs.yml"),
            setup: |r| write(r, "content/mkdocs.yml", "nav: [\n"),
        },
        Case {
            name: "a SUMMARY.md of nothing but links to nowhere",
            expect: Fails("SUMMARY.md"),
            setup: |r| write(r, "content/SUMMARY.md", "# Summary\n\n- [Gone](gone.md)\n"),
        },
        Case { name: "a symlink loop", expect: Builds(""), setup: |r| symlink(".", &r.join("content/loop")) },
        Case {
            name: "an include bomb: ten includes of ten includes, seven deep",
            expect: Fails("includes expand past 10000 includes"),
            setup: |r| {
                for level in 0..7 {
                    let body = if level < 6 {
                        format!("{{{{#include l{}.md}}}}\n", level + 1).repeat(10)
                    } else {
                        "leaf\n".into()
                    };
                    write(r, &format!("parts/l{level}.md"), body);
                }
                page(r, "# Bomb\n\n{{#include ../parts/l0.md}}\n");
            },
        },
        Case {
            name: "100,000 shortcodes on one line among inline code",
            expect: Builds("a Hugo shortcode `{{< x >}}` is shown as written"),
            setup: |r| page(r, &format!("# S\n\n{}\n", "`c` {{< x >}} ".repeat(100_000))),
        },
        Case {
            name: "20,000 headings and as many broken anchors",
            expect: Fails("broken anchor"),
            setup: |r| {
                let body: String = (0..20_000).map(|i| format!("## H {} [a](#nope)\n\n", "x".repeat(i % 50))).collect();
                page(r, &body);
            },
        },
        Case {
            name: "a content symlink out of the root",
            expect: Builds("symlink"),
            setup: |r| symlink("../../outside", &r.join("content/escape")),
        },
        Case {
            name: "a static symlink out of the root",
            expect: Builds("symlink"),
            setup: |r| symlink("../../outside/secret.txt", &r.join("static/secret.txt")),
        },
    ]
}

/// Runs one case in its own site beside an `outside/` folder that must
/// stay untouched, after a good build whose output must survive a failure.
fn run(case: &Case) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let root: PathBuf = tmp.path().join("site");
    let outside = tmp.path().join("outside");
    write(&outside, "secret.txt", "secret\n");
    write(&root, "book.toml", BOOK);
    write(&root, "content/_index.md", "# Home\n\nWelcome.\n");
    let opsite = crate::support::bin();
    let good = std::process::Command::new(opsite).arg("build").current_dir(&root).output().unwrap();
    if !good.status.success() {
        return Err(format!("the good build failed: {}", String::from_utf8_lossy(&good.stderr)));
    }
    let before = std::fs::read(root.join("public/index.html")).unwrap();
    (case.setup)(&root);
    let start = std::time::Instant::now();
    let out = std::process::Command::new(opsite).args(["build", "--offline"]).current_dir(&root).output().unwrap();
    let took = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let fail =
        |why: String| Err(format!("{why} ({took:.1?})\nstderr: {}", stderr.chars().take(1500).collect::<String>()));
    if stderr.contains("panicked") || stderr.contains("overflow") {
        return fail("it panicked".into());
    }
    let mut outside_files: Vec<_> =
        walkdir::WalkDir::new(&outside).into_iter().flatten().map(|e| e.path().to_path_buf()).collect();
    outside_files.sort();
    if outside_files != [outside.clone(), outside.join("secret.txt")] {
        return fail(format!("something was written outside the site: {outside_files:?}"));
    }
    let strays: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n != "site" && n != "outside")
        .collect();
    if !strays.is_empty() {
        return fail(format!("stray files beside the site: {strays:?}"));
    }
    if String::from_utf8_lossy(&out.stdout).contains("secret")
        || walkdir::WalkDir::new(root.join("public"))
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .any(|e| std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains("secret\n")))
    {
        return fail("the secret outside the site reached the output".into());
    }
    match (&case.expect, out.status.code()) {
        (Expect::Fails(what), Some(1)) => {
            let located = stderr.lines().any(|l| l.starts_with("error: ") && l.contains(what) && l.contains(':'));
            if !located {
                return fail(format!("no located error naming {what}"));
            }
            if std::fs::read(root.join("public/index.html")).ok().as_deref() != Some(&before[..]) {
                return fail("the previous output was not left whole".into());
            }
            Ok(())
        }
        (Expect::Builds(warning), Some(0)) => {
            if !warning.is_empty() && !stderr.contains(warning) {
                return fail(format!("no warning mentioning {warning}"));
            }
            if let Ok(html) = std::fs::read_to_string(root.join("public/nb/index.html"))
                && (html.contains("__pwned") || html.contains("onerror"))
            {
                return fail("notebook HTML was not sanitised".into());
            }
            Ok(())
        }
        (_, code) => fail(format!("exit code {code:?}")),
    }
}

#[test]
fn bad_input_never_panics_never_escapes_and_keeps_the_last_output() {
    let cases = cases();
    assert!(cases.len() >= 40, "the table has {} cases", cases.len());
    let failures: Vec<String> =
        cases.iter().filter_map(|c| run(c).err().map(|e| format!("- {}: {e}", c.name))).collect();
    assert!(failures.is_empty(), "{} of {} cases went wrong:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Every file under `dir` but the search index (whose files follow the
/// words on the pages), relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(dir.join("search")))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_point_leaves_a_whole_output() {
    let site = crate::support::Site::new();
    for i in 0..1500 {
        site.write(
            &format!("content/s{}/p{i}.md", i / 100),
            &format!("# Page {i}\n\nVersion one of page {i}.\n\n```bash\necho {i}\n```\n"),
        );
    }
    site.build_ok(&[]);
    let public = site.root().join("public");
    let files = tree(&public);
    let opsite = crate::support::bin();
    for (round, delay_ms) in [5u64, 40, 120, 250, 400, 700].into_iter().enumerate() {
        site.write("content/s0/p0.md", &format!("# Page 0\n\nVersion {round} after a kill.\n"));
        let mut child = std::process::Command::new(opsite)
            .args(["build", "-q"])
            .current_dir(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // Whatever the moment, the output is one whole build: every file.
        let now = tree(&public);
        let missing: Vec<&String> = files.iter().filter(|f| !now.contains(f)).take(5).collect();
        assert!(
            missing.is_empty() && now.len() == files.len(),
            "killed after {delay_ms} ms: the output is not whole (missing {missing:?}, {} files of {})",
            now.len(),
            files.len()
        );
        assert!(public.join("search/d/0.js").is_file(), "killed after {delay_ms} ms: the search index is gone");
        let page = std::fs::read_to_string(public.join("s0/p0/index.html")).unwrap();
        assert!(page.contains("Version"), "killed after {delay_ms} ms: a page is cut short");
    }
    // The next build succeeds and leaves no staging folders behind.
    site.build_ok(&[]);
    assert!(std::fs::read_to_string(public.join("s0/p0/index.html")).unwrap().contains("Version 5 after a kill."));
    let left: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("opsite-tmp") || n.contains("opsite-old"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn raw_html_is_left_out_when_unsafe_html_is_off_and_from_untrusted_sources() {
    let raw = "# Raw\n\n<div class=\"box\"><script>window.__pwned=1</script></div>\n\nText <img src=\"https://example.org/x.png\" onerror=\"alert(1)\"> inline.\n";
    let site = crate::support::Site::new()
        .file("book.toml", &format!("{BOOK}[[sources]]\npath = \"ext\"\nmount = \"ext\"\ntrusted = false\n"))
        .file("content/own.md", raw)
        .file("ext/theirs.md", raw);
    site.build_ok(&[]);
    // The site's own page keeps its HTML (the default); the untrusted source's does not.
    assert_eq!(site.html("own/index.html").count("article script"), 1);
    let theirs = site.read("ext/theirs/index.html");
    assert!(!theirs.contains("__pwned") && !theirs.contains("onerror"), "{theirs}");
    assert!(theirs.contains("<!-- raw HTML omitted -->"));
    assert_eq!(site.html("ext/theirs/index.html").text("article p:last-of-type"), "Text  inline.");
    // `[markdown] unsafe_html = false` does the same for every page.
    site.write("book.toml", &format!("{BOOK}[markdown]\nunsafe_html = false\n"));
    site.build_ok(&[]);
    let own = site.read("own/index.html");
    assert!(!own.contains("__pwned") && !own.contains("onerror"));
}

#[test]
fn anchors_in_an_untrusted_sources_html_keep_their_ids_and_nothing_else() {
    // Notebooks and READMEs make anchors with raw HTML in headings; from an
    // untrusted source the whole tag was dropped, and 15 links to them in
    // the Operate First port were reported broken.
    let page = "# Notebook\n\n- [Usage](#using)\n- [Old](#old-name)\n- [Evil](#x\"y)\n\n\
                ## Using the index<a id='using' onclick=\"alert(1)\"></a>\n\n\
                <a name=\"old-name\" href=\"javascript:alert(2)\">old</a>\n\n\
                Text <img id='x\"y' src=x onerror=alert(3)> here.\n";
    let site = crate::support::Site::new()
        .file("book.toml", &format!("{BOOK}[[sources]]\npath = \"ext\"\nmount = \"ext\"\ntrusted = false\n"))
        .file("ext/nb.md", page);
    let r = site.build_ok(&[]);
    assert!(!r.err().contains("broken anchor"), "{}", r.err());
    let html = site.read("ext/nb/index.html");
    for gone in ["onclick", "javascript:", "onerror", "<img"] {
        assert!(!html.contains(gone), "{gone} in {html}");
    }
    let out = site.html("ext/nb/index.html");
    assert_eq!(out.attrs("article a[id]", "id"), ["using", "old-name", "x\"y"], "ids kept, escaped");
    assert_eq!(out.count("article a[id][href]"), 0, "an anchor, not a link");
}

/// Text that is markup in every format it could land in.
const NASTY: &str = "Q\"uote' <b>&amp; \u{2028} </script> ]]>";

#[test]
fn escaping_holds_in_attributes_xml_json_and_search_scripts() {
    let site = crate::support::Site::new()
        .file("book.toml", &format!("{BOOK}[runbooks]\nrules = [\"rules.yaml\"]\n[issues]\nrepo = \"acme/alerts\"\napi_url = \"http://127.0.0.1:9\"\n"))
        .file("rules.yaml", "groups:\n- name: g\n  rules:\n  - alert: Odd\n    expr: x\n    labels: {severity: \"a\\\"b<c\"}\n")
        .file(
            "content/odd page & more.md",
            &format!("---\ntitle: {}\ndescription: {}\nalerts: [Odd]\n---\n## Odd\n\nBody.\n", serde_json::to_string(NASTY).unwrap(), serde_json::to_string(NASTY).unwrap()),
        );
    site.build_ok(&["--offline"]);
    // Attributes: parsed back, they hold the text exactly.
    let page = site.html("odd page & more/index.html");
    assert_eq!(page.attr("meta[name=description]", "content"), NASTY);
    assert_eq!(page.attr("meta[property='og:title']", "content"), NASTY);
    assert_eq!(page.text("h1"), NASTY);
    assert_eq!(page.count("article b"), 0);
    // XML: the sitemap and the incidents feed are well-formed and hold the URL.
    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert!(locs.contains(&"https://example.org/odd%20page%20&%20more/"), "{locs:?}");
    roxmltree::Document::parse(&site.read("incidents.xml")).expect("the feed is XML");
    // JSON: runbooks.json parses and keeps the label's quote.
    let json: serde_json::Value = serde_json::from_str(&site.read("runbooks.json")).expect("runbooks.json is JSON");
    assert_eq!(json["Odd"]["severity"], "a\"b<c");
    // Search scripts: nothing in them can end a script element or a JS string.
    for e in walkdir::WalkDir::new(site.out("search")).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let text = std::fs::read_to_string(e.path()).unwrap();
        assert!(!text.contains("</script") && !text.contains('\u{2028}'), "{}", e.path().display());
    }
}
