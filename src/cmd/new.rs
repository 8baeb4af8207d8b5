//! `opsite new`: a page from an archetype (a template page the site can
//! override per section), as `hugo new` writes one.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

/// Flags of `opsite new`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    root: super::RootArg,
    /// The page to write, relative to the content folder
    /// (`operations/runbooks/trino-down.md`); `postmortem` with
    /// `--incident` writes `postmortems/<date>-<alert>.md`.
    page: PathBuf,
    /// Write a postmortem of this incident issue (`123` or
    /// `owner/repo#123`), filled in from GitHub (or the cache).
    #[arg(long, value_name = "ISSUE")]
    incident: Option<String>,
    /// With --incident: use only the cache, do not call GitHub.
    #[arg(long)]
    offline: bool,
}

/// What a page starts from when the site has no archetype for it.
const DEFAULT: &str = "---\ntitle: \"{title}\"\ndate: {date}\ndraft: true\n---\n\nWrite here.\n";

/// A runbook's skeleton: the questions an on-call engineer asks, in order.
const RUNBOOK: &str = "---\ntitle: \"{title}\"\ndate: {date}\n---\n\n## Meaning\n\nWhat the alert \
says is wrong.\n\n## Impact\n\nWho notices, and how badly.\n\n## Diagnosis\n\n```bash\n# what to look \
at first\n```\n\n## Mitigation\n\nHow to make it stop hurting, then how to fix it.\n";

/// Writes the page, refusing to replace a file or to leave the content folder.
pub(super) fn run(args: Args) -> Result<()> {
    let root = args.root.root;
    let config = crate::config::Config::load(&root)?;
    let content = root.join(config.build.content.trim_matches('/'));
    let mut rel = args.page;
    let postmortem = match &args.incident {
        Some(incident) => Some(postmortem(&root, &config, incident, args.offline)?),
        None => None,
    };
    if let Some((_, default_name)) = &postmortem
        && rel.as_os_str() == "postmortem"
    {
        rel = PathBuf::from("postmortems").join(default_name);
    }
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) || !crate::load::is_markdown(&rel.to_string_lossy())
    {
        bail!("{}: give a Markdown path inside the content folder, like operations/runbooks/x.md", rel.display());
    }
    let target = content.join(&rel);
    if target.exists() {
        bail!("{} already exists; opsite new never replaces a page", target.display());
    }
    let text = match postmortem {
        Some((text, _)) => text,
        None => archetype(&root, &rel)?,
    };
    let name = rel.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let title = crate::load::title_from_name(crate::load::file_stem(&name));
    let today = crate::util::dates::format_date(std::time::SystemTime::now());
    let page = text.replace("{title}", &title.replace('"', "\\\"")).replace("{date}", &today);
    crate::util::fs::write(&target, page)?;
    crate::report::status(&format!("wrote {}", target.display()));
    Ok(())
}

/// The site's `archetypes/<section path>.md` for the deepest section of
/// `rel` that has one, else `archetypes/default.md`, else the built-in one
/// (a runbook skeleton under a `runbooks` folder).
fn archetype(root: &Path, rel: &Path) -> Result<String> {
    let dir = root.join("archetypes");
    let mut section = rel.parent().map(Path::to_path_buf).unwrap_or_default();
    loop {
        if !section.as_os_str().is_empty() {
            let candidate = dir.join(&section).with_extension("md");
            if candidate.is_file() {
                return crate::util::fs::read_to_string(&candidate);
            }
        }
        if !section.pop() {
            break;
        }
    }
    let default = dir.join("default.md");
    if default.is_file() {
        return crate::util::fs::read_to_string(&default);
    }
    let runbook = rel.components().any(|c| c.as_os_str().to_string_lossy().eq_ignore_ascii_case("runbooks"));
    Ok(if runbook { RUNBOOK } else { DEFAULT }.to_string())
}

/// A postmortem of `incident` filled in from its issue: the title, the
/// alert, when it was detected (opened) and resolved (closed), and its
/// labels; and the file name it gets by default. What GitHub cannot say is
/// left for the author, with a comment.
fn postmortem(root: &Path, config: &crate::config::Config, incident: &str, offline: bool) -> Result<(String, String)> {
    let Some(issues) = &config.issues else {
        bail!("--incident needs [issues] in book.toml (the repository incidents are opened in)");
    };
    let r: crate::load::frontmatter::IssueRef =
        incident.parse().map_err(|e| anyhow::anyhow!("--incident {incident:?}: {e}"))?;
    let (repo, _) = r.resolve(&issues.repo);
    let cache = root.join(crate::config::CACHE_DIR);
    let opts = crate::issues::FetchOptions { offline, strict: false };
    let wanted = [(repo.clone(), r.number)].into_iter().collect();
    let snapshot =
        crate::issues::fetch(issues, &opts, Some(&cache), &Default::default(), &wanted, &Default::default())?;
    let issue = snapshot.refs.get(&(repo.clone(), r.number));
    if issue.is_none() {
        crate::report::warning_text(&format!(
            "could not read {repo}#{}{}: the page is written with the fields left for you",
            r.number,
            snapshot.warning.map(|w| format!(" ({w})")).unwrap_or_default()
        ));
    }
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let alert = issue.filter(|i| i.labels.contains(&issues.alert_label)).map(|i| i.title.trim().to_string());
    let name =
        alert.clone().or_else(|| issue.map(|i| i.title.clone())).unwrap_or_else(|| format!("incident-{}", r.number));
    let opened = issue.map(|i| i.created_at.clone()).unwrap_or_default();
    let day = opened
        .get(..10)
        .map(str::to_string)
        .unwrap_or_else(|| crate::util::dates::format_date(std::time::SystemTime::now()));
    let file = format!("{day}-{}.md", crate::util::text::dashed(&name));
    let mut t = String::from("---\n");
    t += &format!("title: {}\n", quote(&format!("Postmortem: {name}")));
    t += &format!("incident: {}\n", quote(&format!("{repo}#{}", r.number)));
    if let Some(a) = &alert {
        t += &format!("alert: {}\n", quote(a));
    }
    let severity = issue.and_then(|i| i.labels.iter().find(|l| l.to_lowercase().contains("sev")).cloned());
    t += &format!("severity: {}\n", quote(severity.as_deref().unwrap_or("")));
    t += "# When it began; GitHub knows only when the alert opened the issue.\n";
    t += &format!("started: {}\n", quote(&opened));
    t += &format!("detected: {}\n", quote(&opened));
    t += &format!("resolved: {}\n", quote(issue.and_then(|i| i.closed_at.as_deref()).unwrap_or("")));
    if let Some(i) = issue.filter(|i| !i.labels.is_empty()) {
        t += &format!("tags: [{}]\n", i.labels.iter().map(|l| quote(l)).collect::<Vec<_>>().join(", "));
    }
    t += "summary: \"\"\nimpact: \"\"\ntrigger: \"\"\nroot_causes: []\n";
    t += "action_items: []\n# - title: What to change\n#   owner: team\n#   issue: 124\n";
    t += "timeline: []\n# - at: 2026-01-02T03:04:00Z\n#   text: What someone saw or did\n---\n\n";
    t += "## What happened\n\nThe timeline below is built from the incident issue at each build.\n\n";
    t += "## What went well\n\n## What went wrong\n\n## Where we got lucky\n";
    Ok((t, file))
}
