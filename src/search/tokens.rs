//! Words as search sees them, the same in the build and in the browser
//! (`themes/default/static/search.js` mirrors these rules): lowercase,
//! diacritics folded (é → e), split at anything that is not a letter or a
//! digit; runs of CJK characters become overlapping pairs, since those
//! scripts do not separate words with spaces.

/// Whether `c` is written without spaces between words (Han, kana, Hangul).
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x2FA1F) // CJK extensions B–F
}

/// Calls `f` with every word of `text`, folded. Words longer than 40
/// characters (hashes, base64) are skipped.
pub(super) fn words(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush = |word: &mut String, cjk: &mut Vec<char>, f: &mut dyn FnMut(&str)| {
        if !word.is_empty() {
            if word.chars().count() <= 40 {
                f(word);
            }
            word.clear();
        }
        match cjk.len() {
            0 => {}
            1 => f(&cjk[0].to_string()),
            _ => {
                let mut pair = String::new();
                for w in cjk.windows(2) {
                    pair.clear();
                    pair.extend(w);
                    f(&pair);
                }
            }
        }
        cjk.clear();
    };
    let push = |c: char, word: &mut String, cjk: &mut Vec<char>, f: &mut dyn FnMut(&str)| {
        if is_cjk(c) {
            if !word.is_empty() {
                flush(word, &mut Vec::new(), f);
            }
            cjk.push(c);
        } else if c.is_alphanumeric() {
            if !cjk.is_empty() {
                flush(&mut String::new(), cjk, f);
            }
            word.extend(c.to_lowercase());
        } else {
            flush(word, cjk, f);
        }
    };
    if text.is_ascii() {
        // The common case, without the Unicode tables or CJK.
        for b in text.bytes() {
            if b.is_ascii_alphanumeric() {
                word.push(char::from(b.to_ascii_lowercase()));
            } else if !word.is_empty() {
                if word.len() <= 40 {
                    f(&word);
                }
                word.clear();
            }
        }
        if !word.is_empty() && word.len() <= 40 {
            f(&word);
        }
        return;
    } else {
        // Decomposed and stripped of combining accents (U+0300–U+036F),
        // except CJK, whose marks are part of the character (ジ is not シ).
        for c in text.chars() {
            if is_cjk(c) {
                push(c, &mut word, &mut cjk, &mut f);
            } else {
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if !('\u{300}'..='\u{36f}').contains(&d) {
                        push(d, &mut word, &mut cjk, &mut f);
                    }
                });
            }
        }
    }
    flush(&mut word, &mut cjk, &mut f);
}

/// The shard a word is filed under: its first two characters (one for CJK).
pub(super) fn shard_key(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if is_cjk(c) => c.to_string(),
        Some(c) => chars.next().map(|d| format!("{c}{d}")).unwrap_or_else(|| c.to_string()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut v = Vec::new();
        words(text, |w| v.push(w.to_string()));
        v
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(all("Café CRÈME, naïve-Zoë's"), ["cafe", "creme", "naive", "zoe", "s"]);
        assert_eq!(all("PVCFillingUp: 90%"), ["pvcfillingup", "90"]);
    }

    #[test]
    fn cjk_runs_become_pairs() {
        assert_eq!(all("検索エンジン"), ["検索", "索エ", "エン", "ンジ", "ジン"]);
        assert_eq!(all("abc日本語def 한"), ["abc", "日本", "本語", "def", "한"]);
    }

    #[test]
    fn long_tokens_are_skipped() {
        assert_eq!(all(&format!("sha {} end", "a".repeat(64))), ["sha", "end"]);
    }

    #[test]
    fn shard_keys() {
        assert_eq!(shard_key("kubernetes"), "ku");
        assert_eq!(shard_key("k"), "k");
        assert_eq!(shard_key("検索"), "検");
    }
}
