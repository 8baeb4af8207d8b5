//! The highlighter alone, thousands of blocks a second: the first byte
//! picks a grammar (from every one opsite ships, or from the family named
//! by `OPSITE_FUZZ_LANGS=js,ts,tsx`), the rest is the code. A block that
//! gives up within the generous budget here (2 s; builds use 100 ms) is a
//! finding: a grammar that loops or backtracks without end.
#![no_main]

use std::sync::Mutex;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use opsite::parse::Highlighter;
use opsite::parse::highlight::{Highlighted, language_names};

struct State {
    langs: Vec<String>,
    highlighter: Highlighter,
    runs: usize,
}

fn highlighter() -> Highlighter {
    Highlighter::new(None, "InspiredGitHub", "base16-ocean.dark").with_budget(Duration::from_secs(2))
}

static STATE: Mutex<Option<State>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(code) = std::str::from_utf8(rest) else { return };
    let mut guard = STATE.lock().unwrap_or_else(|e| e.into_inner());
    let state = guard.get_or_insert_with(|| {
        let all = language_names();
        let langs = match std::env::var("OPSITE_FUZZ_LANGS") {
            Ok(v) => v.split(',').map(str::to_string).filter(|l| all.contains(l)).collect(),
            Err(_) => all,
        };
        assert!(!langs.is_empty(), "OPSITE_FUZZ_LANGS names no grammar opsite ships");
        eprintln!("grammars: {}", langs.join(","));
        State { langs, highlighter: highlighter(), runs: 0 }
    });
    // The highlighter remembers every block: a fresh one now and then keeps
    // memory flat over millions of runs.
    state.runs += 1;
    if state.runs % 20_000 == 0 {
        state.highlighter = highlighter();
    }
    let lang = &state.langs[usize::from(pick) % state.langs.len()];
    if let Highlighted::GaveUp(took) = state.highlighter.highlight(lang, code) {
        panic!("```{lang} gave up after {took:?} on {code:?}");
    }
});
