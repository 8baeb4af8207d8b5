//! How far a change reaches: the one scale every setting and frontmatter
//! key is declared on (`Config::reach_from`, `FrontMatter::reach_from`),
//! and the one `serve` derives its work from.

/// What must be made again after a key changed, smallest first; a change
/// to several keys reaches as far as the farthest of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// Only the page of the document that changed.
    Page,
    /// That page and the pages that list it: its section's page (for a
    /// section, every page, since sections show in every sidebar).
    Listing,
    /// Every page: the order, the navigation, or what every page shows.
    Site,
    /// Which pages exist, their URLs, or how sources are read and parsed:
    /// everything is loaded again.
    Load,
}

use super::{BuildConfig, Config, SiteConfig};

/// `Reach::Load` when the two differ, else nothing.
fn load_if<T: PartialEq>(new: &T, old: &T) -> Option<Reach> {
    (new != old).then_some(Reach::Load)
}

/// `Reach::Site` when the two differ, else nothing.
fn site_if<T: PartialEq>(new: &T, old: &T) -> Option<Reach> {
    (new != old).then_some(Reach::Site)
}

impl Config {
    /// How far the change from `old` to these settings reaches (`None`:
    /// they are the same). Every key is named here, each with its reach:
    /// the structs are taken apart without `..`, so a key added to them
    /// does not compile until it is given one.
    pub fn reach_from(&self, old: &Config) -> Option<Reach> {
        // `check` is read by `opsite check` alone: it changes no page.
        let Config {
            site,
            build,
            markdown,
            issues,
            runbooks,
            slo,
            sources,
            redirects,
            params,
            check: _,
            // Versions are built by `opsite build` alone; `serve` shows one
            // tree and no switcher.
            versions: _,
            redirect_lines: _,
            notes: _,
        } = self;
        [
            site.reach_from(&old.site),
            build.reach_from(&old.build),
            // Highlighting, punctuation and raw HTML are the parse's.
            load_if(markdown, &old.markdown),
            // Issue references are resolved as pages are parsed.
            load_if(issues, &old.issues),
            // Rules are shown on runbook pages and in runbooks.json.
            site_if(runbooks, &old.runbooks),
            // SLO pages are made with the runbooks index that links them.
            site_if(slo, &old.slo),
            load_if(sources, &old.sources),
            // Redirect pages are link targets.
            load_if(redirects, &old.redirects),
            // Hugo's `param` shortcode is expanded as files are read.
            load_if(params, &old.params),
        ]
        .into_iter()
        .flatten()
        .max()
    }
}

impl SiteConfig {
    fn reach_from(&self, old: &SiteConfig) -> Option<Reach> {
        let SiteConfig {
            title,
            description,
            base_url,
            language,
            languages,
            theme,
            replace_theme_files,
            repository,
            branch,
            cname,
        } = self;
        [
            site_if(title, &old.title),
            site_if(description, &old.description),
            // The base path is in every link the parse resolves.
            load_if(base_url, &old.base_url),
            // Which files are translations: the walk decides.
            load_if(language, &old.language),
            load_if(languages, &old.languages),
            site_if(theme, &old.theme),
            site_if(replace_theme_files, &old.replace_theme_files),
            // Runbook links to the repository's files are checked by it.
            load_if(repository, &old.repository),
            site_if(branch, &old.branch),
            site_if(cname, &old.cname),
        ]
        .into_iter()
        .flatten()
        .max()
    }
}

impl BuildConfig {
    fn reach_from(&self, old: &BuildConfig) -> Option<Reach> {
        let BuildConfig {
            output,
            drafts,
            content,
            nav,
            unknown_frontmatter,
            broken_links,
            lowercase_urls,
            search,
            md_urls,
            leaf_bundles,
            relative_aliases,
            mount,
            theme_overrides,
            sidebar_limit,
            llms,
        } = self;
        [
            // `serve` writes nothing there; `build` reads it when it writes.
            site_if(output, &old.output),
            load_if(drafts, &old.drafts),
            load_if(content, &old.content),
            load_if(nav, &old.nav),
            load_if(unknown_frontmatter, &old.unknown_frontmatter),
            // Links are checked after the parse; loading again checks them.
            load_if(broken_links, &old.broken_links),
            load_if(lowercase_urls, &old.lowercase_urls),
            site_if(search, &old.search),
            load_if(md_urls, &old.md_urls),
            load_if(leaf_bundles, &old.leaf_bundles),
            site_if(relative_aliases, &old.relative_aliases),
            load_if(mount, &old.mount),
            // Which theme files count: the theme is loaded again.
            site_if(theme_overrides, &old.theme_overrides),
            site_if(sidebar_limit, &old.sidebar_limit),
            site_if(llms, &old.llms),
        ]
        .into_iter()
        .flatten()
        .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Config {
        let text = format!("[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\n{extra}");
        Config::parse(&text, std::path::Path::new("book.toml")).unwrap()
    }

    #[test]
    fn each_setting_reaches_as_declared() {
        let old = config("");
        let reach = |extra: &str| config(extra).reach_from(&old);
        assert_eq!(reach("# a comment\n"), None);
        assert_eq!(reach("[build]\nsidebar_limit = 3\n"), Some(Reach::Site));
        assert_eq!(reach("[runbooks]\nprometheus_url = \"https://p.example\"\n"), Some(Reach::Site));
        assert_eq!(reach("[build]\nsidebar_limit = 3\nlowercase_urls = true\n"), Some(Reach::Load));
        assert_eq!(reach("[markdown]\nsmart_punctuation = false\n"), Some(Reach::Load));
        let mut renamed = config("");
        renamed.site.title.push('!');
        assert_eq!(renamed.reach_from(&old), Some(Reach::Site));
    }
}
