//! Unit tests of the frontmatter reader.

use super::*;

#[test]
fn a_change_reaches_as_far_as_its_farthest_key() {
    let read = |yaml: &str| split(&format!("---\n{yaml}---\nText.\n"), p(), true).unwrap().front;
    let old = read("title: A\nweight: 1\nextra: {icon: x}\n");
    let reach = |yaml: &str| read(yaml).reach_from(&old);
    assert_eq!(reach("title: A\nweight: 1\nextra: {icon: y}\n"), Reach::Page);
    assert_eq!(reach("title: A\nweight: 1\nextra: {icon: x}\ndescription: D\n"), Reach::Listing);
    assert_eq!(reach("title: A\nweight: 2\nextra: {icon: y}\n"), Reach::Site);
    assert_eq!(reach("title: A\nweight: 1\nhidden: true\nextra: {icon: x}\n"), Reach::Site);
    assert_eq!(reach("title: A\nweight: 2\nslug: b\nextra: {icon: x}\n"), Reach::Load);
    // Hugo's cascade sets other pages: in `extra`, but not the page's own.
    assert_eq!(reach("title: A\nweight: 1\nextra: {icon: x}\ncascade: {hidden: true}\n"), Reach::Load);
}

fn p() -> &'static Path {
    Path::new("a.md")
}

#[test]
fn no_frontmatter_is_fine() {
    let s = split("# Hi\n\ntext", p(), false).unwrap();
    assert_eq!(s.body, "# Hi\n\ntext");
    assert_eq!(s.body_line, 1);
    assert!(s.front.title.is_none());
}

#[test]
fn yaml_and_toml_frontmatter() {
    let s = split("---\ntitle: A\nweight: 2\ndate: 2024-05-01\n---\nbody\n", p(), false).unwrap();
    assert_eq!(s.front.title.as_deref(), Some("A"));
    assert_eq!(s.front.weight, Some(2));
    assert_eq!(s.front.date.as_deref(), Some("2024-05-01"));
    assert_eq!(s.body, "body\n");
    assert_eq!(s.body_line, 6);
    let s = split("+++\ntitle = \"B\"\ndate = 2024-05-01\n+++\nbody", p(), false).unwrap();
    assert_eq!(s.front.title.as_deref(), Some("B"));
    assert_eq!(s.front.date.as_deref(), Some("2024-05-01"));
}

#[test]
fn errors_name_line_and_column() {
    let e = split("---\ntitle: A\nweight: heavy\n---\n", p(), false).unwrap_err();
    assert_eq!((e.line, e.col), (3, 9), "{e}");
    let e = split("---\ntitle: A\ntittle: B\n---\n", p(), false).unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.message.contains("tittle"), "{e}");
    let e = split("+++\ntitle = \"A\"\nwieght = 1\n+++\n", p(), false).unwrap_err();
    assert_eq!((e.line, e.col), (3, 1), "{e}");
    let e = split("---\ntitle: A\n", p(), false).unwrap_err();
    assert!(e.message.contains("never closed"), "{e}");
}

#[test]
fn messages_read_well() {
    let e = split("---\ndraft: maybe\n---\n", p(), false).unwrap_err();
    assert!(!e.message.contains("falseean"), "{e}");
    assert!(e.message.contains("expected true or false"), "{e}");
    let e = split("---\ntittle: B\n---\n", p(), false).unwrap_err();
    assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"), "{e}");
    let e = split("---\ntitle: [unclosed\n---\n", p(), false).unwrap_err();
    assert!(e.hint.as_deref().is_some_and(|h| h.contains("double quotes")), "{e}");
}

#[test]
fn own_keys_are_exactly_the_keys_frontmatter_reads() {
    // serde lists every key it reads when it meets one it does not.
    let read: Vec<String> = toml::from_str::<FrontMatter>("zzz_nobody = 1")
        .unwrap_err()
        .message()
        .split("expected one of")
        .nth(1)
        .unwrap_or("")
        .split(',')
        .map(|k| k.trim().trim_matches('`').trim_end_matches('.').to_string())
        .filter(|k| !k.is_empty())
        .collect();
    let mut ours: Vec<&str> = read.iter().map(String::as_str).filter(|k| !FOREIGN_KEYS.contains(k)).collect();
    let mut own = super::super::front_keys::OWN_KEYS.to_vec();
    own.sort_unstable();
    ours.sort_unstable();
    assert_eq!(own, ours);
}

#[test]
fn key_lines_point_at_keys() {
    let s = split("---\ntitle: A\nslug: x\naliases:\n  - /a/\n---\n", p(), false).unwrap();
    assert_eq!(s.key_lines.get("slug"), 3);
    assert_eq!(s.key_lines.get("aliases"), 4);
    assert_eq!(s.key_lines.get("template"), 0);
    let s = split("+++\ntitle = \"A\"\nslug = \"x\"\n+++\n", p(), false).unwrap();
    assert_eq!(s.key_lines.get("slug"), 3);
}

#[test]
fn alerts_accept_names_and_maps() {
    let s = split("---\nalerts: [A, {name: B, anchor: b-x}]\n---\n", p(), false).unwrap();
    assert_eq!(
        s.front.alerts,
        vec![AlertRef::Name("A".into()), AlertRef::Full { name: "B".into(), anchor: "b-x".into() }]
    );
}
