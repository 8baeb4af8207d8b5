//! Generated files: sitemap, robots.txt, alias redirects.

use crate::util::escape_html;

/// `sitemap.xml` for absolute URLs with optional last-modified dates.
pub(crate) fn sitemap_xml(entries: &[(String, Option<String>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in entries {
        out.push_str("  <url><loc>");
        out.push_str(&escape_html(loc));
        out.push_str("</loc>");
        if let Some(d) = lastmod {
            out.push_str("<lastmod>");
            out.push_str(&escape_html(d));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` that allows everything and points at the sitemap.
pub(crate) fn robots_txt(base_url: &str, folders: &[&str]) -> String {
    let mut out = format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n");
    for f in folders {
        out.push_str(&format!("Sitemap: {base_url}{f}/sitemap.xml\n"));
    }
    out
}

/// A page that redirects an old URL to `target` (site URL) / `permalink`.
pub(crate) fn alias_page(target: &str, permalink: &str) -> String {
    let t = escape_html(target);
    let p = escape_html(permalink);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting…</title>\n\
         <link rel=\"canonical\" href=\"{p}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{t}\">{p}</a>.</p>\n</body>\n</html>\n"
    )
}
