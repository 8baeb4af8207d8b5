//! Pages whose URL changed in a reload (a file renamed or moved), so an open
//! tab can follow its page instead of showing a 404.

use std::collections::HashMap;

use crate::site::Site;

/// URL → title of every page of `site`, for [`moves`].
pub(super) fn url_titles(site: &Site) -> HashMap<String, String> {
    let inputs = site.inputs();
    site.loaded().docs().map(|(id, _)| (inputs.url(id), site.parsed().doc(id).title.clone())).collect()
}

/// (old URL, new URL) for every page that vanished from one URL while a
/// page with the same title appeared at another; or, when exactly one page
/// vanished and one appeared, that pair (a rename that also retitled it).
pub(super) fn moves(before: &HashMap<String, String>, after: &HashMap<String, String>) -> Vec<(String, String)> {
    let gone: Vec<(&String, &String)> = before.iter().filter(|(u, _)| !after.contains_key(*u)).collect();
    let came: Vec<(&String, &String)> = after.iter().filter(|(u, _)| !before.contains_key(*u)).collect();
    if let ([(from, _)], [(to, _)]) = (gone.as_slice(), came.as_slice()) {
        return vec![(from.to_string(), to.to_string())];
    }
    gone.iter()
        .filter_map(|(from, title)| {
            let mut same = came.iter().filter(|(_, t)| t == title);
            match (same.next(), same.next()) {
                (Some((to, _)), None) => Some((from.to_string(), to.to_string())),
                _ => None,
            }
        })
        .collect()
}
