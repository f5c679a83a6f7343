//! Why a text is not an amount: each error with the span it points at,
//! and the hint that fits where the text came from (the command line, a
//! scenario file, a batch row).

use std::fmt;
use std::ops::Range;

use rust_decimal::Decimal;

/// Why a text is not an amount. Spans are byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but blanks.
    Empty,
    /// No digits where a number was expected.
    NoNumber { span: Range<usize> },
    /// A character that no amount contains.
    UnexpectedChar { found: char, span: Range<usize> },
    /// A word that is neither a scale, a currency nor a qualifier.
    UnknownWord { word: String, span: Range<usize> },
    /// Two currencies, or two scales, in one figure.
    Twice {
        what: &'static str,
        span: Range<usize>,
    },
    /// Digit groups that are not thousands (`1,00,000`, `12,34,5`).
    BadGrouping { text: String, span: Range<usize> },
    /// A separator that could group thousands or mark decimals.
    Ambiguous {
        text: String,
        separator: char,
        grouped: Decimal,
        decimal: Decimal,
        span: Range<usize>,
    },
    /// A comma after a leading symbol or code, where it groups thousands,
    /// before other than three digits: `$12,34`.
    CommaGroupsNothing {
        text: String,
        decimal: Decimal,
        span: Range<usize>,
    },
    /// A word or symbol several currencies write (`kr`, `francs`).
    AmbiguousCurrency {
        word: String,
        choices: &'static [&'static str],
        span: Range<usize>,
    },
    /// A value beyond 28 significant digits or 7.9e28.
    TooLarge { span: Range<usize> },
    /// More digits than a decimal keeps exactly.
    TooPrecise { span: Range<usize> },
}

impl AmountError {
    /// Where in the text the problem is.
    pub fn span(&self) -> Option<Range<usize>> {
        match self {
            AmountError::Empty => Some(0..0),
            AmountError::NoNumber { span }
            | AmountError::UnexpectedChar { span, .. }
            | AmountError::UnknownWord { span, .. }
            | AmountError::Twice { span, .. }
            | AmountError::BadGrouping { span, .. }
            | AmountError::Ambiguous { span, .. }
            | AmountError::CommaGroupsNothing { span, .. }
            | AmountError::AmbiguousCurrency { span, .. }
            | AmountError::TooLarge { span }
            | AmountError::TooPrecise { span } => Some(span.clone()),
        }
    }

    /// The hint for a batch row, where `--numbers` applies but a bare
    /// symbol's currency goes in the row's `from` column (`--from` is not
    /// taken with `--batch`).
    pub fn hint_in_batch(&self) -> Option<String> {
        match self {
            AmountError::AmbiguousCurrency { choices, .. } => Some(format!(
                "write the code instead ({}), or put it in the row's `from` column",
                choices.join(", ")
            )),
            _ => self.hint(),
        }
    }

    /// The hint for text in a scenario file, where the convention is the
    /// file's `numbers` and bare symbols its `symbols`.
    pub fn hint_in_file(&self) -> Option<String> {
        match self {
            AmountError::CommaGroupsNothing { decimal, .. } => Some(format!(
                "if the comma marks decimals, add `numbers = \"eu\"` at the top of the file, \
                 or write `{decimal}`"
            )),
            AmountError::Ambiguous { grouped, .. } => Some(format!(
                "add `numbers = \"en\"` (`1,500.25`) or `numbers = \"eu\"` (`1.500,25`) \
                 at the top of the file, or write `{grouped}` without a separator"
            )),
            AmountError::AmbiguousCurrency { choices, .. } => Some(format!(
                "write the code instead ({}), or name the currency in the file's `symbols`",
                choices.join(", ")
            )),
            _ => self.hint(),
        }
    }

    /// A suggestion for the writer, where one helps (on the command line).
    pub fn hint(&self) -> Option<String> {
        match self {
            AmountError::CommaGroupsNothing { decimal, .. } => Some(format!(
                "if the comma marks decimals, pass `--numbers eu`, or write `{decimal}`"
            )),
            AmountError::Ambiguous { grouped, .. } => Some(format!(
                "pass `--numbers en` (`1,500.25`) or `--numbers eu` (`1.500,25`), \
                 or write `{grouped}` without a separator"
            )),
            AmountError::AmbiguousCurrency { choices, .. } => Some(format!(
                "write the code instead ({}), or name the currency with `--from`",
                choices.join(", ")
            )),
            AmountError::UnknownWord { .. } => Some(
                "scales: k, M, MM, mn, mln, million, Mio, B, bn, billion, Md, Mds, Mrd, \
                 milliard, G, T, tn, trillion, lakh, crore; currencies: a code \
                 (`USD`), a symbol (`$`, `€`, `£`, `¥`, `₹`) or a word (`dollars`, \
                 `d'euros`)"
                    .to_owned(),
            ),
            AmountError::BadGrouping { .. } => Some(
                "thousands are grouped by three, with one separator: `1,000,000`, \
                 `1.000.000`, `1 000 000` or `1'000'000`"
                    .to_owned(),
            ),
            AmountError::NoNumber { .. } | AmountError::Empty => {
                Some("an amount looks like `$100M`, `85 millions d'euros` or `49%`".to_owned())
            }
            _ => None,
        }
    }
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => write!(f, "empty amount"),
            AmountError::NoNumber { .. } => write!(f, "no number in amount"),
            AmountError::UnexpectedChar { found, .. } => {
                write!(f, "unexpected character `{found}` in amount")
            }
            AmountError::UnknownWord { word, .. } => write!(f, "unknown word `{word}` in amount"),
            AmountError::Twice { what, .. } => write!(f, "more than one {what} in one amount"),
            AmountError::BadGrouping { text, .. } => {
                write!(f, "`{text}` is not grouped by thousands")
            }
            AmountError::Ambiguous {
                text,
                separator,
                grouped,
                decimal,
                ..
            } => write!(
                f,
                "`{text}` is ambiguous: {grouped} with `{separator}` grouping thousands, \
                 {decimal} with `{separator}` as decimal mark"
            ),
            AmountError::AmbiguousCurrency { word, choices, .. } => {
                write!(f, "`{word}` could be any of {}", choices.join(", "))
            }
            AmountError::CommaGroupsNothing { text, decimal, .. } => write!(
                f,
                "`{text}` after a currency sign groups thousands, but not by three; \
                 with `,` as decimal mark it would be {decimal}"
            ),
            AmountError::TooLarge { .. } => write!(
                f,
                "amount too large: the largest is 79,228,162,514,264,337,593,543,950,335"
            ),
            AmountError::TooPrecise { .. } => {
                write!(f, "amount has more than 28 significant digits")
            }
        }
    }
}

impl std::error::Error for AmountError {}
