//! Lines the grammar has already read. What a grammar makes of one line
//! depends only on the state it starts in and the line's text, and code
//! blocks repeat lines: `apiVersion: v1`, `oc get pods -n …`, an import, a
//! closing brace. Each thread remembers, for a line read from a state, the
//! scope operations and the state after it, so the regex searches (most of
//! a cold build's time) run once per distinct line and state.
//!
//! The state is compared whole on a hit (its hash only finds candidates),
//! so a remembered answer is exactly the one parsing again would give. A
//! line that runs out of time is not remembered.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Instant;

use syntect::parsing::{ParseState, ParsingError, ScopeStackOp, SyntaxSet};

/// Lines longer than this are parsed every time: they rarely repeat, and
/// remembering them would cost more memory than it saves time.
const LONGEST_REMEMBERED: usize = 256;
/// Entries a thread keeps before it starts afresh (a few megabytes).
const MAX_ENTRIES: usize = 16_384;

type Ops = Vec<(usize, ScopeStackOp)>;

struct Entry {
    set: *const SyntaxSet,
    line: Box<str>,
    before: ParseState,
    ops: Ops,
    after: ParseState,
}

#[derive(Default)]
struct Memo {
    /// Hash of (state, line) → the entries with that hash.
    by_hash: HashMap<u64, Vec<Entry>, rustc_hash::FxBuildHasher>,
    entries: usize,
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
}

/// [`ParseState::parse_line_until`], answered from this thread's memory
/// when the same line was read from the same state with the same `set`.
pub(super) fn parse_line(
    state: &mut ParseState,
    line: &str,
    set: &SyntaxSet,
    deadline: Instant,
) -> Result<Ops, ParsingError> {
    if line.len() > LONGEST_REMEMBERED {
        return state.parse_line_until(line, set, deadline);
    }
    let key = state.state_hash() ^ xxhash_rust::xxh3::xxh3_64(line.as_bytes()).rotate_left(1);
    let set_ptr: *const SyntaxSet = set;
    let found = MEMO.with(|m| {
        let m = m.borrow();
        let entries = m.by_hash.get(&key)?;
        let e = entries.iter().find(|e| e.set == set_ptr && &*e.line == line && e.before == *state)?;
        Some((e.ops.clone(), e.after.clone()))
    });
    if let Some((ops, after)) = found {
        *state = after;
        return Ok(ops);
    }
    let before = state.clone();
    let ops = state.parse_line_until(line, set, deadline)?;
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.entries >= MAX_ENTRIES {
            *m = Memo::default();
        }
        m.entries += 1;
        let entry = Entry { set: set_ptr, line: line.into(), before, ops: ops.clone(), after: state.clone() };
        m.by_hash.entry(key).or_default().push(entry);
    });
    Ok(ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops_of(lang: &str, code: &str, memo: bool) -> Vec<Ops> {
        static SET: std::sync::OnceLock<SyntaxSet> = std::sync::OnceLock::new();
        let set = SET.get_or_init(two_face::syntax::extra_newlines);
        let syntax = set.find_syntax_by_token(lang).expect("a grammar");
        let mut state = ParseState::new(syntax);
        let far = Instant::now() + std::time::Duration::from_secs(60);
        syntect::util::LinesWithEndings::from(code)
            .map(|l| {
                if memo {
                    parse_line(&mut state, l, set, far).expect("parses")
                } else {
                    state.parse_line_until(l, set, far).expect("parses")
                }
            })
            .collect()
    }

    #[test]
    fn remembered_lines_give_what_parsing_gives() {
        // The same line in different states: inside a block string and out
        // of it, and first in a block (where the grammar's first-line rules
        // apply) and later.
        let code = "x = 1\ns = \"\"\"\nx = 1\n\"\"\"\nx = 1\n";
        let plain = ops_of("python", code, false);
        assert_eq!(ops_of("python", code, true), plain);
        // Again, now answered from memory.
        assert_eq!(ops_of("python", code, true), plain);
        assert_ne!(plain[0], plain[2], "the line inside the string is read as string");
    }
}
