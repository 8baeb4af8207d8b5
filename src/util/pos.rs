//! Source positions: byte offsets to 1-based `line:col`.

/// Maps byte offsets of a text to 1-based lines and columns of the file it
/// came from (the text may start on a later line, after frontmatter).
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
    /// The last offset asked for and its column: positions are mostly
    /// asked for in order, and counting on from the last one keeps 100,000
    /// warnings on one long line from counting it from its start each time.
    last: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    pub(crate) fn new(text: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, first_line, last: std::cell::Cell::new((0, 1)) }
    }

    /// 1-based line and column (in characters) of byte `offset` of `text`.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[i];
        let (last_offset, last_col) = self.last.get();
        let col = if last_offset >= start && last_offset <= offset && text.is_char_boundary(last_offset) {
            text.get(last_offset..offset).map_or(1, |s| s.chars().count() + last_col)
        } else {
            text.get(start..offset).map_or(1, |s| s.chars().count() + 1)
        };
        if text.is_char_boundary(offset) {
            self.last.set((offset, col));
        }
        (self.first_line + i, col)
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    LineIndex::new(text, 1).line_col(text, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let t = "ab\ncdé\n\nx";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 4), (2, 2));
        assert_eq!(line_col(t, 7), (2, 4), "columns count characters, not bytes");
        assert_eq!(line_col(t, 8), (3, 1));
        assert_eq!(line_col(t, 9), (4, 1));
        assert_eq!(line_col(t, 99), (4, 2));
        assert_eq!(LineIndex::new(t, 5).line_col(t, 3), (6, 1));
    }

    #[test]
    fn columns_are_the_same_in_any_order_of_asking() {
        let t = "héllo wörld\nsecond line é\nx";
        let offsets: Vec<usize> = (0..=t.len()).filter(|&o| t.is_char_boundary(o)).collect();
        let fresh: Vec<_> = offsets.iter().map(|&o| line_col(t, o)).collect();
        let index = LineIndex::new(t, 1);
        let forward: Vec<_> = offsets.iter().map(|&o| index.line_col(t, o)).collect();
        assert_eq!(forward, fresh);
        let backward: Vec<_> = offsets.iter().rev().map(|&o| index.line_col(t, o)).collect();
        assert_eq!(backward.into_iter().rev().collect::<Vec<_>>(), fresh);
        let shuffled: Vec<_> =
            offsets.iter().map(|&o| (o * 7) % (t.len() + 1)).filter(|&o| t.is_char_boundary(o)).collect();
        for o in shuffled {
            assert_eq!(index.line_col(t, o), line_col(t, o), "offset {o}");
        }
    }
}
