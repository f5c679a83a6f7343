//! Why a company's events or exits cannot be computed: each problem as
//! data, with the event and the field it is about where there is one, so
//! that a file's reader points at the field at fault (a round's `date`,
//! its `pool_after`) rather than at the whole company.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::currency::Currency;
use crate::money::Money;

/// A company whose events or exits cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyError {
    /// What is wrong.
    pub problem: Problem,
    /// The event it is about (its index among the company's events), and
    /// the field of that event, where one is at fault.
    pub at: Option<(usize, Option<&'static str>)>,
}

/// What is wrong with a company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A figure past a decimal's 28 digits.
    TooLarge,
    /// A figure divided by zero.
    DivideByZero,
    /// The caller stopped the work ([`crate::cancel`]).
    Cancelled,
    /// No share at all, so no ownership.
    NoShares,
    /// SAFEs no round converted, and no share to convert them into.
    NoSharesForSafes,
    /// Caps of SAFEs no round converted that add up to the whole company.
    CapsOwnAll,
    /// A round whose amount and pre-money differ in currency.
    RoundCurrencies {
        /// The round.
        round: String,
        /// The amount's currency.
        amount: Currency,
        /// The pre-money's.
        pre_money: Currency,
    },
    /// A round whose amount or pre-money is not positive.
    RoundNotPositive {
        /// The round.
        round: String,
    },
    /// A round with no share to price.
    RoundWithoutShares {
        /// The round.
        round: String,
    },
    /// A pool after the round so large no new share fits.
    PoolLeavesNoRoom {
        /// The round.
        round: String,
        /// The pool asked for.
        pool: Decimal,
    },
    /// SAFEs and notes that would own the whole company.
    ConvertersOwnAll {
        /// The round.
        round: String,
    },
    /// Conversions that do not settle.
    NotSettled {
        /// The round.
        round: String,
    },
    /// A note bearing interest without a date.
    NoteWithoutDate {
        /// The note.
        note: String,
    },
    /// A round converting a note bearing interest, without a date.
    RoundWithoutDate {
        /// The round.
        round: String,
        /// The note.
        note: String,
        /// The note's date.
        from: NaiveDate,
    },
    /// An exit given by a payout to a holder the company does not have.
    PayoutHolder {
        /// The exit.
        exit: String,
        /// The holder named.
        holder: String,
    },
    /// An exit given by a payout no exit value reaches.
    PayoutUnreachable(Box<Unreachable>),
    /// A secondary selling more shares than the seller holds (of the
    /// class sold).
    SellsTooMany {
        /// The event.
        event: String,
        /// The seller.
        seller: String,
        /// The shares sold.
        selling: Decimal,
        /// The shares held.
        holds: Decimal,
    },
    /// A secondary whose seller holds several classes and names none.
    WhichClass {
        /// The event.
        event: String,
        /// The seller.
        seller: String,
        /// Its classes, as `class` names them.
        classes: Vec<String>,
    },
    /// An exit range that gives no values, or too many.
    ExitRange(&'static str),
    /// A round dated before a note it converts.
    RoundBeforeNote {
        /// The round.
        round: String,
        /// Its date.
        round_date: NaiveDate,
        /// The note.
        note: String,
        /// The note's date.
        note_date: NaiveDate,
    },
}

/// A payout no exit value reaches: the exit, the holder, what it should
/// receive, and the most it receives at the largest exit a company takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreachable {
    /// The exit.
    pub exit: String,
    /// The holder.
    pub holder: String,
    /// What it should receive.
    pub amount: Money,
    /// The most it receives.
    pub most: Money,
}

impl CompanyError {
    /// A problem about no event in particular.
    pub fn of(problem: Problem) -> CompanyError {
        CompanyError { problem, at: None }
    }

    /// The same problem, about `event` where it named no event: a figure
    /// past 28 digits met while running a round is that round's.
    #[must_use]
    pub fn or_at(self, event: usize) -> CompanyError {
        CompanyError {
            at: self.at.or(Some((event, None))),
            ..self
        }
    }

    /// A problem about an event's field.
    pub fn at(problem: Problem, event: usize, field: Option<&'static str>) -> CompanyError {
        CompanyError {
            problem,
            at: Some((event, field)),
        }
    }
}

impl CompanyError {
    /// What to do about it, where something can be said, naming a field as
    /// a scenario file writes it: "`pool_after` is the unissued pool's
    /// share...".
    pub fn hint(&self) -> Option<String> {
        self.hint_naming(&|field| format!("`{field}`"))
    }

    /// The hint, with each field named by `name`: the command line names
    /// `pool_after` as `--pool-after`.
    pub fn hint_naming(&self, name: &dyn Fn(&str) -> String) -> Option<String> {
        Some(match &self.problem {
            Problem::RoundWithoutDate { .. } => {
                format!(
                    "give the round its {}: the note's interest runs to it",
                    name("date")
                )
            }
            Problem::NoteWithoutDate { .. } => {
                format!(
                    "give the note its {}, from which its interest runs",
                    name("date")
                )
            }
            Problem::RoundBeforeNote { .. } => {
                "a round converts the notes issued before it: check both dates".to_owned()
            }
            Problem::PoolLeavesNoRoom { .. } => format!(
                "{} is the unissued pool's share of the shares after the round",
                name("pool_after")
            ),
            Problem::RoundCurrencies { .. } => {
                "write the amount and the pre-money in one currency".to_owned()
            }
            Problem::PayoutUnreachable(u) => format!(
                "ask for less: `{}` is never paid more than that (too few shares, or a capped preference)",
                u.holder
            ),
            Problem::WhichClass { classes, .. } => format!(
                "add {} = \"{}\" (or another of them)",
                name("class"),
                classes.first().map_or("common", String::as_str)
            ),
            Problem::SellsTooMany { holds, .. } => format!(
                "sell at most {} {}",
                crate::numbers::group(&holds.normalize().to_string()),
                name("shares")
            ),
            Problem::NoShares | Problem::RoundWithoutShares { .. } => {
                format!("give {} shares or a {}", name("common"), name("pool"))
            }
            _ => return None,
        })
    }
}

impl From<Problem> for CompanyError {
    fn from(problem: Problem) -> Self {
        CompanyError::of(problem)
    }
}

impl fmt::Display for CompanyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.problem)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::TooLarge => f.write_str("the company's figures exceed 28 digits"),
            Problem::DivideByZero => f.write_str("a figure divides by zero"),
            Problem::Cancelled => write!(f, "{}", crate::cancel::Cancelled),
            Problem::NoShares => {
                f.write_str("the company has no shares: give `common` or a `pool`")
            }
            Problem::NoSharesForSafes => {
                f.write_str("the company has no shares for its SAFEs to convert into")
            }
            Problem::CapsOwnAll => {
                f.write_str("the SAFEs' caps add up to the whole company or more")
            }
            Problem::RoundCurrencies {
                round,
                amount,
                pre_money,
            } => write!(
                f,
                "round `{round}`: its amount is in {amount}, its pre-money in {pre_money}"
            ),
            Problem::RoundNotPositive { round } => write!(
                f,
                "round `{round}`: the amount and the pre-money must be positive"
            ),
            Problem::RoundWithoutShares { round } => write!(
                f,
                "round `{round}`: the company has no shares to price (give `common` or a `pool`)"
            ),
            Problem::PoolLeavesNoRoom { round, pool } => write!(
                f,
                "round `{round}`: a pool of {} after the round leaves no room for the new shares",
                crate::numbers::percent(*pool)
            ),
            Problem::ConvertersOwnAll { round } => write!(
                f,
                "round `{round}`: the SAFEs and notes it converts would own the whole company or more (their caps, or their money against the pre-money)"
            ),
            Problem::NotSettled { round } => write!(
                f,
                "round `{round}`: the conversions of its SAFEs and notes do not settle"
            ),
            Problem::NoteWithoutDate { note } => write!(
                f,
                "note `{note}` bears interest but has no `date` to accrue it from"
            ),
            Problem::RoundWithoutDate { round, note, from } => write!(
                f,
                "round `{round}` converts note `{note}`, which accrues interest from {from}: the round needs a `date`"
            ),
            Problem::PayoutHolder { exit, holder } => write!(
                f,
                "exit `{exit}`: the company has no holder `{holder}` to pay"
            ),
            Problem::PayoutUnreachable(u) => write!(
                f,
                "exit `{}`: no exit pays `{}` {}; at the largest a company takes (10,000,000,000,000) it is paid {}",
                u.exit,
                u.holder,
                shown(&u.amount),
                shown(&u.most)
            ),
            Problem::ExitRange(why) => write!(f, "the exit range: {why}"),
            Problem::SellsTooMany {
                event,
                seller,
                selling,
                holds,
            } => write!(
                f,
                "secondary `{event}`: `{seller}` sells {} shares and holds {}",
                crate::numbers::group(&selling.normalize().to_string()),
                crate::numbers::group(&holds.normalize().to_string())
            ),
            Problem::WhichClass {
                event,
                seller,
                classes,
            } => write!(
                f,
                "secondary `{event}`: `{seller}` holds {} classes ({}): say which it sells",
                classes.len(),
                classes.join(", ")
            ),
            Problem::RoundBeforeNote {
                round,
                round_date,
                note,
                note_date,
            } => write!(
                f,
                "round `{round}` ({round_date}) is dated before note `{note}` ({note_date}) that it converts"
            ),
        }
    }
}

impl std::error::Error for CompanyError {}

/// Money in an error: to the minor unit, grouped, `1,000,000.00 USD`.
fn shown(m: &Money) -> String {
    let places = m.currency.minor_units();
    let rounded = crate::money::Rounding::HalfUp.round(m.amount, places);
    let text = format!(
        "{rounded:.prec$}",
        prec = usize::try_from(places).unwrap_or(2)
    );
    format!("{} {}", crate::numbers::group(&text), m.currency)
}
