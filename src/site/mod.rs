//! The driver: runs the stages in order — config → [`crate::load`] →
//! [`crate::parse`] → [`crate::issues`] → [`crate::check`] →
//! [`crate::render`] — and keeps their outputs so `opsite serve` can redo
//! only what an edit touched; `opsite build` hands them to [`crate::write`].

use std::collections::HashSet;

use anyhow::Result;

use crate::alerts::RuleSet;
use crate::check::{CheckOptions, Checked, locate::SiteUrls};
use crate::config::{BuildOptions, Config, load_config};
use crate::issues::{FetchOptions, Snapshot};
use crate::load::{DocId, LoadOptions, Loaded};
use crate::parse::{Highlighter, ParseContext, Parsed, parse_again, parse_all};
use crate::render::{Nav, PageInputs, Pages, Theme};
use crate::report::{BuildFailed, Diagnostic};
use crate::util::timing::Stopwatch;
use crate::{check, load};
use render::two_pass;
mod incremental;
mod reconfigure;
mod render;
pub use incremental::{PageKeys, Reloaded, Update};
pub use reconfigure::ConfigChange;

/// Every stage's output for one site.
pub struct Site {
    opts: BuildOptions,
    config: Config,
    loaded: Loaded,
    parsed: Parsed,
    checked: Checked,
    snapshot: Option<Snapshot>,
    rules: RuleSet,
    issue_warning: Option<String>,
    source_warnings: Vec<Diagnostic>,
    pages: Pages,
    nav: Nav,
    highlighter: Highlighter,
    linkable: HashSet<String>,
    expr_html: std::collections::HashMap<String, String>, // highlighted rule expressions
    repo_prefix: String,
    check_opts: CheckOptions,
    tree: crate::tree::Tree,
    versions: Option<crate::render::Versions>,
    slos: crate::slo::SloSet,
}

impl Site {
    /// Runs config, load, parse, issues and check. Fails on problems that
    /// leave nothing to show (config, frontmatter, templates); broken links
    /// are in [`Site::errors`].
    pub fn load(opts: &BuildOptions) -> Result<Site> {
        let config = load_config(opts)?;
        let clock = Stopwatch::start();
        let pages = Pages::new(Theme::load(&opts.root, &config)?, &config)?;
        clock.lap("theme");
        let cache_dir = opts.cache.then(|| opts.cache_dir());
        if let Some(dir) = &cache_dir {
            crate::util::fs::ensure_cache_dir(dir);
        }
        let md = &config.markdown;
        let highlighter = Highlighter::new(cache_dir.as_deref(), &md.highlight_theme, &md.highlight_theme_dark)
            .with_budget(std::time::Duration::from_millis(md.highlight_budget_ms));
        clock.lap("highlight cache");
        Ok(Site::assemble(opts, config, pages, highlighter, None, Nav::empty())?.0)
    }

    /// Runs the stages from sources to check with a given configuration and
    /// theme; with `previous`, unchanged documents are taken from it (see
    /// [`Site::load_again`]) and the documents parsed again are returned.
    fn assemble(
        opts: &BuildOptions,
        config: Config,
        pages: Pages,
        highlighter: Highlighter,
        previous: Option<(Loaded, Parsed, Option<Vec<std::path::PathBuf>>)>,
        nav: Nav,
    ) -> Result<(Site, Vec<DocId>)> {
        let root = &opts.root;
        let clock = Stopwatch::start();
        let sources = crate::sources::resolve(root, &config, &opts.cache_dir(), opts.offline)?;
        clock.lap("sources");
        let warn_links = opts.warn_links || config.build.broken_links == crate::config::Severity::Warn;
        let params = std::sync::Arc::new(config.params.clone());
        let languages = render::languages(&config, opts);
        let load_opts = LoadOptions { warn_links, params, languages, ..LoadOptions::from_config(&config.build) };
        let (loaded, previous) = match previous {
            None => (load::load(root, &load_opts, &sources)?, None),
            Some((old, parsed, changed)) => {
                let previous = parsed.into_previous(&old);
                clock.lap("previous parse");
                (load::load_again(root, &load_opts, &sources, old, changed)?, Some(previous))
            }
        };
        clock.lap("load content");
        let slos = crate::slo::load(root, &config.slo)?;
        if !slos.errors.is_empty() {
            return Err(BuildFailed::new(slos.errors).into());
        }
        let mut linkable = pages.linkable_files();
        linkable.extend(slos.page_paths(&config.slo.path));
        let tree = render::tree(&config, opts, &pages);
        let ctx = ParseContext {
            keep_bodies: !two_pass(opts, &loaded),
            ..ParseContext::new(&config, &loaded, &tree.prefix, &linkable, &highlighter)
        };
        let (parsed, reparsed) = match previous {
            None => (parse_all(&loaded, &ctx), loaded.doc_ids()),
            Some(previous) => parse_again(&loaded, &ctx, previous),
        };
        clock.lap("parse");
        let fetch = FetchOptions { offline: opts.offline, strict: opts.strict_issues };
        let issues = config.issues.as_ref().filter(|_| !opts.no_issues);
        let cache_dir = opts.cache.then(|| opts.cache_dir());
        let has_rules = !config.runbooks.rules.is_empty();
        let (snapshot, issue_warning) =
            crate::issues::fetch_for(issues, &fetch, cache_dir.as_deref(), &loaded, &parsed, has_rules)?;
        clock.lap("issues");
        let rules = crate::alerts::load(root, &config.runbooks.rules)?;
        // Rule expressions are code too: highlighted (and cached) with the rest.
        let mut expr_html = highlighter.highlight_each("promql", rules.exprs().map(str::to_string));
        if let Err(e) = highlighter.save() {
            crate::report::warning_text(&format!("could not save the highlight cache: {e:#}"));
        }
        let repo_prefix = crate::util::fs::repo_prefix(root);
        let redirects = config
            .redirects
            .iter()
            .map(|(f, t)| (f.clone(), t.get_ref().clone(), config.redirect_lines.get(f).copied().unwrap_or(0)))
            .collect();
        let review = config.runbooks.review_days()?.map(|days| (days, crate::util::dates::today()));
        expr_html.extend(highlighter.highlight_each("promql", slos.exprs()));
        let urls = SiteUrls::new(&config, &repo_prefix);
        let sections = config.runbooks.sections.clone();
        let generated = slos.alert_names();
        let check_opts = CheckOptions { warn_links, urls, redirects, review, sections, generated };
        let checked = check::check(&loaded, &parsed, &rules, &pages.static_files(), &check_opts);
        clock.lap("check");
        let mut site = Site {
            checked,
            opts: opts.clone(),
            repo_prefix,
            check_opts,
            tree,
            config,
            loaded,
            parsed,
            snapshot,
            rules,
            issue_warning,
            source_warnings: sources.warnings,
            pages,
            nav,
            highlighter,
            linkable,
            expr_html,
            versions: None,
            slos,
        };
        site.refresh_nav(site.highlighter.stylesheets(), true)?;
        clock.lap("nav and sidebars");
        Ok((site, reparsed))
    }

    /// Makes what every page shares again, with the code stylesheets `css`
    /// (taking unchanged sidebars from the last one when `reuse`).
    fn refresh_nav(&mut self, css: (String, String), reuse: bool) -> Result<(), BuildFailed> {
        self.nav = self.pages.nav(&self.config, &self.tree, &self.inputs(), css, reuse.then_some(&self.nav))?;
        Ok(())
    }

    /// The inputs of every page's template context.
    pub fn inputs(&self) -> PageInputs<'_> {
        PageInputs {
            loaded: &self.loaded,
            parsed: &self.parsed,
            checked: &self.checked,
            base_path: &self.tree.prefix,
            base_url: &self.tree.base_url,
            languages: &self.tree.languages,
            site_description: &self.config.site.description,
            repository: self.config.site.repository.as_deref(),
            branch: &self.config.site.branch,
            repo_prefix: &self.repo_prefix,
            issues: self.config.issues.as_ref(),
            snapshot: self.snapshot.as_ref(),
            rules: &self.rules,
            runbooks: &self.config.runbooks,
            expr_html: &self.expr_html,
            llms: self.config.build.llms,
            review: self.check_opts.review,
            versions: self.versions.as_ref(),
            slos: &self.slos,
            slo_path: &self.config.slo.path,
        }
    }

    /// Problems that fail a build.
    pub fn errors(&self) -> &[Diagnostic] {
        self.checked.errors()
    }

    /// Problems that do not, including an `[issues]` refresh that failed.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut w = self.checked.warnings().to_vec();
        w.extend(self.config.notes.iter().cloned());
        w.extend(self.issue_warning.iter().map(|m| Diagnostic::new("[issues]", 0, 0, m.clone())));
        w.extend(self.source_warnings.iter().chain(self.rules.warnings()).chain(&self.slos.warnings).cloned());
        w.extend(self.pages.template_warnings(&self.loaded));
        w
    }

    /// `book.toml` after overrides.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The load stage's output.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// The parse stage's output.
    pub fn parsed(&self) -> &Parsed {
        &self.parsed
    }

    /// The check stage's output.
    pub fn checked(&self) -> &Checked {
        &self.checked
    }

    /// The theme, compiled (what `serve` asks of static files).
    pub fn pages(&self) -> &Pages {
        &self.pages
    }

    /// What the check stage was asked (rules' runbook sections, SLO alerts).
    pub(crate) fn check_options(&self) -> &CheckOptions {
        &self.check_opts
    }

    /// Path of the site root inside its git repository (`""` or `docs/`).
    pub fn repo_prefix(&self) -> &str {
        &self.repo_prefix
    }
}
