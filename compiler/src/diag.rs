//! Diagnostics: the one error type of the compile-time phases.
//!
//! A [`Diagnostic`] has a stable [`Code`], a message, labelled spans (the first label is
//! the primary one) and an optional help line. It is rendered by miette: graphically on a
//! terminal, as plain text when piped (see [`render`]), or as JSON ([`to_json`]).
//! Every code is documented, with a bad program and its fix, in `docs/errors.md`; the
//! test `tests/diagnostics.rs` checks that each documented bad program still yields it.

use crate::span::Span;
use std::fmt;

macro_rules! codes {
    ($($name:ident = $code:literal : $title:literal,)*) => {
        /// The stable error codes. Never renumber: users search for them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($name,)* }
        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];
            /// The code as printed, e.g. `E0203`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }
            /// A short title, used as the heading in `docs/errors.md`.
            pub fn title(self) -> &'static str {
                match self { $(Code::$name => $title,)* }
            }
        }
    };
}

codes! {
    // Syntax (front end).
    Syntax = "E0001": "syntax error",
    TooDeep = "E0002": "nesting too deep",
    BadLiteral = "E0003": "invalid literal",
    // Names.
    UnknownName = "E0100": "unknown name",
    UnknownFunction = "E0101": "unknown function",
    Duplicate = "E0102": "duplicate definition",
    AssignImmutable = "E0103": "assignment to an immutable variable",
    UnboundSize = "E0104": "size variable not bound by any parameter",
    Recursion = "E0105": "recursive call",
    // Types and dtypes.
    DtypeMismatch = "E0200": "element types differ",
    ArgCount = "E0201": "wrong number of arguments",
    BadOperand = "E0202": "operand of the wrong kind",
    Broadcast = "E0203": "shapes do not broadcast",
    ResultMismatch = "E0204": "result does not match the declared type",
    MatmulShape = "E0205": "matrix product shapes do not agree",
    AxisRange = "E0206": "axis out of range",
    IndexRank = "E0207": "too many indices",
    AssignShape = "E0208": "assigned value does not fit the target",
    Condition = "E0209": "condition is not a scalar bool",
    ReshapeCount = "E0210": "reshape changes the number of elements",
    LiteralType = "E0211": "literal does not fit the type needed",
    Keyword = "E0212": "invalid keyword argument",
    JoinShape = "E0213": "concat or stack of mismatched arrays",
    SliceStep = "E0214": "invalid slice step",
    StaticIndex = "E0215": "index out of range",
    NotAValue = "E0216": "not usable as a value",
    TupleMisuse = "E0217": "tuple used where a single value is needed",
    MissingValue = "E0218": "block has no value",
    ArgShape = "E0219": "argument does not match the parameter's type",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One labelled span of a diagnostic.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// A compile-time error.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    /// The first label is the primary one: its span is "where" the error is.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// Adds a label (the first added is the primary one).
    pub fn label(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The primary span, if any.
    pub fn span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}]: {}", self.code, self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A diagnostic paired with its source, in the shape miette renders.
struct Report<'a> {
    diag: &'a Diagnostic,
    src: miette::NamedSource<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.diag, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code.as_str()))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let len = self.src.inner().len();
        Some(Box::new(self.diag.labels.iter().enumerate().map(
            move |(i, l)| {
                let start = (l.span.start as usize).min(len);
                let end = (l.span.end as usize).clamp(start, len);
                let text = if l.text.is_empty() {
                    None
                } else {
                    Some(l.text.clone())
                };
                if i == 0 {
                    miette::LabeledSpan::new_primary_with_span(text, start..end)
                } else {
                    miette::LabeledSpan::new_with_span(text, start..end)
                }
            },
        )))
    }
}

/// How to render diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unicode boxes and colours, for a terminal.
    Graphical,
    /// The same layout in plain ASCII without colour, for pipes, files and snapshots.
    Plain,
}

/// Renders one diagnostic against the source it points into.
pub fn render(diag: &Diagnostic, file_name: &str, src: &str, style: Style) -> String {
    if shown_lines_too_long(diag, src) {
        return render_without_source(diag, file_name, src);
    }
    let report = Report {
        diag,
        src: miette::NamedSource::new(file_name, src.to_string()),
    };
    let theme = match style {
        Style::Graphical => miette::GraphicalTheme::unicode(),
        Style::Plain => miette::GraphicalTheme::unicode_nocolor(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    // Writing into a String cannot fail.
    let _ = handler.render_report(&mut out, &report);
    out
}

/// The longest source line (in bytes) that [`render`] shows in a snippet. miette pads
/// with `{:width$}`, which panics past a width of 65535, and a snippet of a line that long
/// would be unreadable anyway.
const MAX_SHOWN_LINE: usize = 4096;

/// Whether a line that miette would show for `diag` (each label's lines and one line of
/// context either side) is longer than [`MAX_SHOWN_LINE`].
fn shown_lines_too_long(diag: &Diagnostic, src: &str) -> bool {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |pos: usize| starts.partition_point(|&s| s <= pos).saturating_sub(1);
    let line_len = |l: usize| {
        let end = starts.get(l + 1).map_or(src.len(), |&e| e - 1);
        end - starts[l]
    };
    diag.labels.iter().any(|l| {
        let first = line_of((l.span.start as usize).min(src.len())).saturating_sub(1);
        let last = (line_of((l.span.end as usize).min(src.len())) + 1).min(starts.len() - 1);
        (first..=last).any(|n| line_len(n) > MAX_SHOWN_LINE)
    })
}

/// The plain form of `diag` without a source snippet, for labels on lines too long to
/// show: the code, the message, each label as `file:line:column: text`, and the help.
fn render_without_source(diag: &Diagnostic, file_name: &str, src: &str) -> String {
    let mut out = format!("{}\n\n  × {}\n", diag.code.as_str(), diag.message);
    for l in &diag.labels {
        let (line, col) = l.span.line_col(src);
        out.push_str(&format!("  at {file_name}:{line}:{col}"));
        if !l.text.is_empty() {
            out.push_str(&format!(": {}", l.text));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "  (source not shown: a line there is longer than {MAX_SHOWN_LINE} bytes)\n"
    ));
    if let Some(h) = &diag.help {
        out.push_str(&format!("  help: {h}\n"));
    }
    out
}

/// The JSON form of one diagnostic (one object per line in `--message-format json`).
pub fn to_json(diag: &Diagnostic, file_name: &str, src: &str) -> serde_json::Value {
    let labels: Vec<serde_json::Value> = diag
        .labels
        .iter()
        .map(|l| {
            let (line, column) = l.span.line_col(src);
            serde_json::json!({
                "start": l.span.start, "end": l.span.end,
                "line": line, "column": column, "text": l.text,
            })
        })
        .collect();
    serde_json::json!({
        "code": diag.code.as_str(),
        "message": diag.message,
        "file": file_name,
        "labels": labels,
        "help": diag.help,
    })
}
