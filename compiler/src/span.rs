//! Byte spans into the source text. Every AST node and IR expression carries one (the IR
//! keeps them in a side table), and every diagnostic label points at one.

/// A half-open byte range `start..end` into the source of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.end == self.start
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// 1-based line and column (in chars) of the span's start in `src`.
    pub fn line_col(self, src: &str) -> (usize, usize) {
        let upto = &src[..(self.start as usize).min(src.len())];
        let line = upto.matches('\n').count() + 1;
        let col = upto.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// The source lines the span covers, as `line N` or `lines N-M` (for comments in
    /// generated code and the kernel plan's printout).
    pub fn lines_text(self, src: &str) -> String {
        let (l1, _) = self.line_col(src);
        let last = Span::new(
            self.end.saturating_sub(1).max(self.start) as usize,
            self.end as usize,
        );
        let (l2, _) = last.line_col(src);
        if l1 == l2 {
            format!("line {l1}")
        } else {
            format!("lines {l1}-{l2}")
        }
    }
}

/// A value with the span it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}
