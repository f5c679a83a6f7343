//! Every limit on what dealcalc takes, as data in one place, each with
//! the words of its error: a limit is never a crash, an exhausted machine
//! or a silent cut, but an error naming it (exit 2, HTTP 400 or 413).
//!
//! They are far above what real inputs hold (a real cap table has tens of
//! events, a real offer a few hundred vesting dates) and low enough that
//! the largest input allowed evaluates in well under a second:
//!
//! | limit | at most | because |
//! |---|---|---|
//! | [`Limit::ExpressionDepth`] | 64 nested parentheses in a claim's `of` | each level is a few stack frames; 1,300 overflowed a server thread |
//! | [`Limit::CompanyEvents`] | 100 events in a company | each is priced against every earlier holding |
//! | [`Limit::RoundSafes`] | 100 SAFEs in one `round` | the same, on the command line and the page |
//! | [`Limit::OfferTranches`] | 100,000 vesting dates in an offer | 1,200 monthly refreshers each vesting monthly for 100 years made 1.44 million (714 MB) |
//! | [`Limit::OutputRows`] | 100,000 rows of a table in one answer | an exit range of a million steps |
//! | [`Limit::LineLength`] | 65,536 characters in a line of an imported CSV | a broken download held one line of 2 GB |
//! | [`Limit::Year`] | years 1 to 9999 | what ISO 8601's four digits write, and what every reader reads back |
//!
//! ```
//! use dealcalc::limits::Limit;
//! assert_eq!(Limit::ExpressionDepth.max(), 64);
//! assert_eq!(
//!     Limit::OfferTranches.exceeded().to_string(),
//!     "more than 100,000 vesting dates in one offer"
//! );
//! ```

use std::fmt;

/// A limit on an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Parentheses nested in a claim's expression.
    ExpressionDepth,
    /// Events (SAFEs, notes, rounds, sales) in one company.
    CompanyEvents,
    /// SAFEs converted by one `round` command.
    RoundSafes,
    /// Dated payments and vests of one offer, refreshers included.
    OfferTranches,
    /// Rows of one table in one answer.
    OutputRows,
    /// Characters in one line of an imported CSV.
    LineLength,
    /// The year of any date, read or computed.
    Year,
}

impl Limit {
    /// The most the limit allows.
    pub const fn max(self) -> u64 {
        match self {
            Limit::ExpressionDepth => 64,
            Limit::CompanyEvents | Limit::RoundSafes => 100,
            Limit::OfferTranches | Limit::OutputRows => 100_000,
            Limit::LineLength => 65_536,
            Limit::Year => 9999,
        }
    }

    /// What the limit counts, for messages: `vesting dates in one offer`.
    pub const fn counts(self) -> &'static str {
        match self {
            Limit::ExpressionDepth => "nested parentheses in a claim's expression",
            Limit::CompanyEvents => "events in one company",
            Limit::RoundSafes => "SAFEs in one round",
            Limit::OfferTranches => "vesting dates in one offer",
            Limit::OutputRows => "rows in one table",
            Limit::LineLength => "characters in one line",
            Limit::Year => "as a year",
        }
    }

    /// The error for going past it.
    pub const fn exceeded(self) -> Exceeded {
        Exceeded(self)
    }

    /// An error if `n` is past the limit.
    pub fn check(self, n: u64) -> Result<(), Exceeded> {
        if n > self.max() {
            Err(Exceeded(self))
        } else {
            Ok(())
        }
    }
}

/// An input past a [`Limit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exceeded(pub Limit);

impl fmt::Display for Exceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Limit::Year => f.write_str("a date after 9999-12-31 (years run from 1 to 9999)"),
            limit => write!(
                f,
                "more than {} {}",
                crate::numbers::group(&limit.max().to_string()),
                limit.counts()
            ),
        }
    }
}

impl std::error::Error for Exceeded {}

/// The last date any date may be: 9999-12-31.
pub fn last_date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(chrono::NaiveDate::MAX)
}

/// The date, if it is within years 1 to 9999.
pub fn within_calendar(date: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
    use chrono::Datelike;
    (1..=9999).contains(&date.year()).then_some(date)
}
