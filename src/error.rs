//! One error type over every layer's, with where it points: the input (a
//! file or a command-line argument), a byte span in it, and a hint. The
//! binary renders it once, as a diagnostic with the line and a caret.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::amount::AmountError;
use crate::currency::UnknownCurrency;
use crate::money::MoneyError;
use crate::rates::ecb::ImportError;
use crate::rates::{RateError, TableError};

/// Text an error can point into: a file, standard input or an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// A path, `<stdin>`, or an argument's name such as `AMOUNT` or `--on`.
    pub name: String,
    /// The whole text, or the lines of it an error needs.
    pub text: String,
    /// The 0-based number, in the file, of the text's first line (a batch
    /// row keeps only its own line: line 1,000,000 of a CSV is one line).
    pub first_line: usize,
}

impl Input {
    /// An input to point into.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Input> {
        Arc::new(Input {
            name: name.into(),
            text: text.into(),
            first_line: 0,
        })
    }

    /// Lines of a larger file, the first of which is line `line` (1-based).
    pub fn lines_of(name: impl Into<String>, text: impl Into<String>, line: u64) -> Arc<Input> {
        Arc::new(Input {
            name: name.into(),
            text: text.into(),
            first_line: usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX),
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = self
            .text
            .get(..offset.min(self.text.len()))
            .unwrap_or_default();
        let line = self.first_line + before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }
}

/// What went wrong, by layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// An amount that does not parse.
    Amount(AmountError),
    /// A currency code nobody knows.
    Currency(UnknownCurrency),
    /// A rate lookup or conversion.
    Rate(RateError),
    /// A rate table file.
    Table(TableError),
    /// The ECB CSV.
    Import(ImportError),
    /// Arithmetic out of range.
    Money(MoneyError),
    /// Any other invalid input, with its message and hint.
    Invalid {
        /// What is wrong.
        message: String,
        /// Where, if known.
        span: Option<Range<usize>>,
        /// A suggestion.
        hint: Option<String>,
    },
}

/// An error, with the input it points into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub cause: Cause,
    /// The text the span points into.
    pub input: Option<Arc<Input>>,
    /// Where the cause's own spans start in the input (an amount inside a
    /// scenario file).
    pub offset: usize,
    /// A hint that replaces the cause's own, where the context knows a
    /// better one (a scenario file's key instead of a command-line flag).
    pub hint: Option<String>,
}

impl Error {
    /// An error with no input to point into.
    pub fn new(cause: Cause) -> Error {
        Error {
            cause,
            input: None,
            offset: 0,
            hint: None,
        }
    }

    /// An invalid-input error.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(Cause::Invalid {
            message: message.into(),
            span: None,
            hint: None,
        })
    }

    /// Points the error into an input; spans start at `offset`.
    #[must_use]
    pub fn at(mut self, input: &Arc<Input>, offset: usize) -> Error {
        if self.input.is_none() {
            self.input = Some(Arc::clone(input));
            self.offset = offset;
        }
        self
    }

    /// Adds a span (to an invalid-input error) and a hint (to any).
    #[must_use]
    pub fn with(mut self, new_span: Option<Range<usize>>, new_hint: Option<String>) -> Error {
        if let Cause::Invalid { span, hint, .. } = &mut self.cause {
            if new_span.is_some() {
                *span = new_span;
            }
            if new_hint.is_some() {
                *hint = new_hint;
            }
        } else if new_hint.is_some() {
            self.hint = new_hint;
        }
        self
    }

    /// The message, one line, lowercase, naming the offending text.
    pub fn message(&self) -> String {
        match &self.cause {
            Cause::Amount(e) => e.to_string(),
            Cause::Currency(e) => e.to_string(),
            Cause::Rate(e) => e.to_string(),
            Cause::Table(e) => e.to_string(),
            Cause::Import(e) => e.to_string(),
            Cause::Money(e) => e.to_string(),
            Cause::Invalid { message, .. } => message.clone(),
        }
    }

    /// The span in the input, offset applied.
    pub fn span(&self) -> Option<Range<usize>> {
        let span = match &self.cause {
            Cause::Amount(e) => e.span(),
            Cause::Table(e) => e.span(),
            Cause::Import(e) => Some(e.span.clone()),
            Cause::Invalid { span, .. } => span.clone(),
            Cause::Currency(_) | Cause::Rate(_) | Cause::Money(_) => None,
        }?;
        Some(span.start + self.offset..span.end + self.offset)
    }

    /// A suggestion, where one helps.
    pub fn hint(&self) -> Option<String> {
        if self.hint.is_some() {
            return self.hint.clone();
        }
        match &self.cause {
            Cause::Amount(e) => e.hint(),
            Cause::Currency(e) => e.suggestion.map(|s| format!("did you mean `{s}`?")),
            Cause::Rate(e) => e.hint(),
            Cause::Table(e) => e.hint(),
            Cause::Invalid { hint, .. } => hint.clone(),
            Cause::Import(_) | Cause::Money(_) => None,
        }
    }

    /// The input name, line and column the error points at.
    pub fn location(&self) -> Option<(String, usize, usize)> {
        let input = self.input.as_ref()?;
        let (line, col) = self.span().map_or((1, 1), |s| input.line_col(s.start));
        Some((input.name.clone(), line, col))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((name, line, col)) = self.location() {
            write!(f, "{name}:{line}:{col}: ")?;
        }
        f.write_str(&self.message())
    }
}

impl std::error::Error for Error {}

macro_rules! from_cause {
    ($($t:ty => $v:ident),*) => {$(
        impl From<$t> for Error {
            fn from(e: $t) -> Error {
                Error::new(Cause::$v(e))
            }
        }
    )*};
}

from_cause!(AmountError => Amount, UnknownCurrency => Currency, RateError => Rate,
    TableError => Table, ImportError => Import, MoneyError => Money);

/// A result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
