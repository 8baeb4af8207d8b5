//! Source positions: byte offsets to 1-based `line:col`.

/// Maps byte offsets of a text to 1-based lines and columns of the file it
/// came from (the text may start on a later line, after frontmatter).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts, first_line }
    }

    /// 1-based line and column (in characters) of byte `offset` of `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let i = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[i];
        let col = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (self.first_line + i, col)
    }
}

/// 1-based line and column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
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
}
