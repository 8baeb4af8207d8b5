//! A page's plain text for search, by section, in one string.

/// Plain text of a body by section: `get(0)` before the first heading,
/// `get(i)` under heading `i - 1`. One string and the offsets where
/// sections start: a string per section cost a header and a grown
/// buffer each, and every page keeps its text until the search index is
/// written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionText {
    text: String,
    starts: Vec<usize>,
}

impl SectionText {
    /// Opens sections until there are `n` (the ones skipped stay empty).
    pub(crate) fn open(&mut self, n: usize) {
        while self.starts.len() < n {
            self.starts.push(self.text.len());
        }
    }

    /// Adds text to the last section (the first, if none is open).
    pub(crate) fn push(&mut self, t: &str) {
        self.open(1);
        self.text.push_str(t);
    }

    /// Ends the last section's last word, unless it is empty or ended.
    pub(crate) fn break_word(&mut self) {
        if let Some(&start) = self.starts.last()
            && self.text.len() > start
            && !self.text.ends_with(' ')
        {
            self.text.push(' ');
        }
    }

    /// Section `i`'s text.
    pub fn get(&self, i: usize) -> Option<&str> {
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        Some(&self.text[start..end])
    }

    /// Every section's text, in order.
    pub fn sections(&self) -> impl Iterator<Item = &str> {
        (0..self.starts.len()).filter_map(|i| self.get(i))
    }

    /// The same text in allocations of its size: grown buffers are up to
    /// twice it, and the allocator keeps a block that shrinks by less than
    /// half where it is.
    pub(crate) fn exact(&self) -> SectionText {
        SectionText { text: self.text.as_str().into(), starts: self.starts.as_slice().into() }
    }
}

#[cfg(test)]
mod tests {
    use super::SectionText;

    #[test]
    fn sections_skipped_by_headings_stay_empty_and_words_end_once() {
        let mut t = SectionText::default();
        t.push("intro");
        t.break_word();
        t.break_word();
        t.open(3);
        t.break_word();
        t.push("third");
        let t = t.exact();
        let all: Vec<&str> = t.sections().collect();
        assert_eq!(all, ["intro ", "", "third"]);
        assert_eq!(t.get(3), None);
    }
}
