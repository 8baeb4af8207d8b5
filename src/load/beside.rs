//! A page beside a folder of the same name (`guide.md` and `guide/`), a
//! layout MkDocs and Jupyter Book accept: both would be `/guide/`.

use std::collections::{BTreeMap, HashMap};

use super::files::Found;
use super::names::{INDEX_NAMES, file_name, file_stem, parent_dir};
use crate::report::Diagnostic;

/// Settles every page that has a folder of its name beside it, each with a
/// warning naming both: when the folder has no index the page becomes it
/// (moved into the folder's files; the returned map says which file is
/// each such folder's index), else the folder's index wins and the page
/// is left out.
pub(super) fn settle(
    dirs: &mut BTreeMap<String, Vec<&Found>>,
    warnings: &mut Vec<Diagnostic>,
) -> HashMap<String, String> {
    let mut promoted = HashMap::new();
    let folders: Vec<String> = dirs.keys().filter(|d| !d.is_empty()).cloned().collect();
    for dir in folders {
        let parent = parent_dir(&dir).to_string();
        let name = dir.rsplit('/').next().unwrap_or(&dir);
        let Some(pos) = dirs.get(&parent).and_then(|files| {
            files.iter().position(|f| file_stem(f.src.rel()) == name && !INDEX_NAMES.contains(&file_name(f.src.rel())))
        }) else {
            continue;
        };
        let file = dirs.get_mut(&parent).map(|files| files.remove(pos));
        let Some(file) = file else { continue };
        let index =
            dirs.get(&dir).and_then(|files| files.iter().find(|f| INDEX_NAMES.contains(&file_name(f.src.rel()))));
        let d = match index {
            Some(index) => Diagnostic::new(
                file.src.file(),
                0,
                0,
                format!(
                    "this page and {} would both be /{dir}/: the folder's index is the page, this one is left out",
                    index.src.file().display()
                ),
            )
            .hint(Some("rename one of them, or move this page into the folder".into())),
            None => {
                promoted.insert(dir.clone(), file.src.rel().to_string());
                let entry = dirs.entry(dir.clone()).or_default();
                entry.insert(0, file);
                Diagnostic::new(
                    file.src.file(),
                    0,
                    0,
                    format!("this page and the folder {dir}/ would both be /{dir}/: it is the folder's index page"),
                )
                .hint(Some("move it into the folder as README.md or index.md to say so".into()))
            }
        };
        warnings.push(d);
    }
    promoted
}
