//! Claims: a figure printed in the press checked against the arithmetic.
//!
//! The words around a printed figure set where it holds (u is one unit of
//! its last printed digit; see [`Bound`]): "$29 billion" holds from 28.5
//! to 29.5 billion; "about $29 billion" from 28 to 30; "nearly $30
//! billion" from 29 to 30; "more than $200 million" above 200 million, not
//! at it; "at least" at it too; "up to" at or below; "less than" below. A
//! range, "$29-30 billion", holds from 28.5 to 30.5 billion. A claim's own
//! `tolerance` replaces u. Trailing zeros are not evidence of precision:
//! a figure that fails with u at its last printed digit but holds with u
//! at its last significant one ([`Amount::round_step`]: "$300 million"
//! has u = 10 million, so "about $300 million" holds at $295M) holds,
//! marked [`Precision::Round`] (`check --strict` counts it as failing). A
//! figure that fails as rounded but holds when read as cut off (86,956,521
//! shares printed "86.9 million") is `truncated`.
//!
//! A failing claim says what would make it hold: the range of each input
//! of a deal that alone would, the other reading (pre- or post-money,
//! primary or secondary), a slip of scale (x1,000), and for a conversion
//! the dates on which it held, no conversion at all, or the inverse rate.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::amount::{Amount, Bound};
use crate::money::Money;

mod conversion;
pub mod expr;
mod judge;
pub mod path;
pub mod printed;
pub mod would_hold;

pub use conversion::{
    ConversionCheck, PRINTED_RATE, PairHistories, PairHistory, RateSource, holding_dates,
    holding_periods, judge_conversion, period_label,
};
pub use expr::Expr;
pub use judge::{band, judge};

/// A figure: money, a fraction (a percentage), or a count (shares).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// An amount of money.
    Money(Money),
    /// A fraction: 0.49 for 49%.
    Fraction(Decimal),
    /// A number of things.
    Count(Decimal),
}

impl Figure {
    /// The bare value.
    pub fn value(&self) -> Decimal {
        match self {
            Figure::Money(m) => m.amount,
            Figure::Fraction(v) | Figure::Count(v) => *v,
        }
    }

    /// The same kind of figure with another value.
    pub fn with(&self, value: Decimal) -> Figure {
        match self {
            Figure::Money(m) => Figure::Money(Money::new(value, m.currency)),
            Figure::Fraction(_) => Figure::Fraction(value),
            Figure::Count(_) => Figure::Count(value),
        }
    }

    /// The currency code, or `%` or an empty string.
    pub fn currency_code(&self) -> String {
        match self {
            Figure::Money(m) => m.currency.to_string(),
            Figure::Fraction(_) => "%".to_owned(),
            Figure::Count(_) => String::new(),
        }
    }

    /// What kind of figure, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Figure::Money(_) => "an amount of money",
            Figure::Fraction(_) => "a percentage",
            Figure::Count(_) => "a number",
        }
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Money(m) => write!(f, "{m}"),
            Figure::Fraction(v) => write!(f, "{}", crate::numbers::percent(*v)),
            Figure::Count(v) => write!(f, "{}", v.normalize()),
        }
    }
}

/// A tolerance given by the claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tolerance {
    /// A fraction of the printed figure: 0.01 for 1%.
    Relative(Decimal),
    /// An absolute margin in the printed figure's unit.
    Absolute(Decimal),
}

/// What a claim's verdict is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The computed figure is in the band.
    Holds,
    /// It is not.
    Fails,
    /// It is not, but it is when the printed figure is read as cut off
    /// rather than rounded: 86,956,521 printed as "86.9 million".
    Truncated,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Holds => "holds",
            Outcome::Fails => "fails",
            Outcome::Truncated => "truncated",
        })
    }
}

/// Under which reading of the printed figure a claim holds, when not the
/// plain one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    /// Only with trailing zeros read as not significant: "$300 million"
    /// as 300 give or take 5 (u = 10 million), not 300 give or take 0.5.
    Round,
    /// Only with the inputs anywhere within their own printed precision
    /// (a claim with `inputs = "printed"`): "26,2 milliards de dollars
    /// (23,2 milliards d'euros)" on 2016-06-13 gives 23.2517 at 1.1268,
    /// outside 23.15 to 23.25, but 26.15 gives 23.2073.
    Inputs,
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::Round => "round",
            Precision::Inputs => "inputs",
        })
    }
}

/// What would make a failing claim hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WouldHold {
    /// One input of the deal, alone, in this range: `price` from
    /// 13,965,000,000.00 to 14,455,000,000.00 USD.
    Input {
        /// The input's name: `price`, `stake`, `post_money`, ...
        input: &'static str,
        /// The lowest value that holds.
        low: Figure,
        /// The highest.
        high: Figure,
    },
    /// The printed figure is the pre-money valuation.
    PreMoney,
    /// The printed figure is the post-money valuation.
    PostMoney,
    /// The deal is read as primary (new shares).
    Primary,
    /// The deal is read as secondary (existing shares).
    Secondary,
    /// The printed figure is the computed one times this factor: a slip of
    /// scale (1000, 0.001, 1000000, 0.000001).
    Scale(Decimal),
    /// A conversion: the nearest rate dates on which it held.
    Dates {
        /// On or before the claim's date.
        on_or_before: Option<NaiveDate>,
        /// After it.
        after: Option<NaiveDate>,
    },
    /// The printed figure is the amount itself, not converted.
    NoConversion,
    /// The amount converted at the inverse rate.
    InverseRate,
}

/// The band in which a printed figure holds, each end open or closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band {
    /// The lowest value (none: no lower bound).
    pub low: Option<Decimal>,
    /// The highest value (none: no upper bound).
    pub high: Option<Decimal>,
    /// The low end itself does not hold ("more than").
    pub low_open: bool,
    /// The high end itself does not hold ("less than").
    pub high_open: bool,
    /// Where the band comes from.
    pub why: Rule,
}

/// Where a band comes from: the wording, or the claim's own tolerance,
/// with its margin in the printed figure's unit. `report` puts it in
/// words, with the margin written as the reader's language writes numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// The claim's `tolerance`, either way.
    Given {
        /// As the claim sets it.
        tolerance: Tolerance,
        /// The margin it comes to, for an absolute tolerance.
        margin: Decimal,
    },
    /// "$29-30 billion": half a unit beyond each end; "about" a whole one.
    Range {
        /// "about $29-30 billion".
        about: bool,
    },
    /// "$29 billion": half a unit of the last printed digit either way.
    Rounded {
        /// Half a unit: 500,000,000 for "$29 billion".
        margin: Decimal,
    },
    /// "about $29 billion": one unit either way.
    About {
        /// One unit: 1,000,000,000.
        margin: Decimal,
    },
    /// "nearly $30 billion": up to one unit below.
    Nearly {
        /// One unit.
        margin: Decimal,
    },
    /// "more than", "plus de".
    Over,
    /// "at least", "au moins".
    AtLeast,
    /// "up to", "jusqu'à".
    AtMost,
    /// "less than", "moins de".
    Under,
}

impl Band {
    /// Whether `v` is in the band.
    pub fn contains(&self, v: Decimal) -> bool {
        self.above_low(v) && self.below_high(v)
    }

    /// Whether `v` is at or past the low end (as the band counts it).
    pub fn above_low(&self, v: Decimal) -> bool {
        self.low
            .is_none_or(|l| if self.low_open { v > l } else { v >= l })
    }

    /// Whether `v` is at or before the high end.
    pub fn below_high(&self, v: Decimal) -> bool {
        self.high
            .is_none_or(|h| if self.high_open { v < h } else { v <= h })
    }
}

/// What a claim's `says` states, in the unit of the figure it is compared
/// with: one figure, or a range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    /// The printed figure (the low end of a range).
    pub figure: Figure,
    /// The high end of a range (`$29-30 billion`).
    pub high: Option<Decimal>,
    /// One unit of the last printed digit (of the low end).
    pub step: Decimal,
    /// One unit of the last printed digit of the high end.
    pub high_step: Decimal,
    /// One unit of the last significant digit of the low end, trailing
    /// zeros not counted ([`Amount::round_step`]).
    pub round_step: Decimal,
    /// The same for the high end.
    pub round_high_step: Decimal,
    /// The printed figure is a percentage (`45.3%`), not a ratio or a
    /// multiple: its deviation is also in points.
    pub percent: bool,
    /// The words around it.
    pub bound: Bound,
}

impl Said {
    /// A single printed figure.
    pub fn one(figure: Figure, printed: &Amount) -> Said {
        Said {
            figure,
            high: None,
            step: printed.step,
            high_step: printed.step,
            round_step: printed.round_step(),
            round_high_step: printed.round_step(),
            percent: printed.unit == crate::amount::Unit::Percent,
            bound: printed.bound,
        }
    }

    /// The value deviations are measured from: the figure, or the middle
    /// of a range.
    pub fn center(&self) -> Decimal {
        let low = self.figure.value();
        self.high
            .and_then(|h| low.checked_add(h))
            .and_then(|sum| sum.checked_div(Decimal::TWO))
            .unwrap_or(low)
    }
}

/// A claim judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The printed figure.
    pub says: Figure,
    /// The high end, for a printed range.
    pub says_high: Option<Figure>,
    /// The computed figure, in the printed figure's unit.
    pub actual: Figure,
    /// The lowest value for which the claim holds (none: no lower bound).
    pub low: Option<Decimal>,
    /// The highest value for which the claim holds (none: no upper bound).
    pub high: Option<Decimal>,
    /// The low end itself does not hold.
    pub low_open: bool,
    /// The high end itself does not hold.
    pub high_open: bool,
    /// Whether the computed figure is within the range.
    pub holds: bool,
    /// Holds, fails, or truncated.
    pub outcome: Outcome,
    /// It holds only under this reading of the printed figure.
    pub precision: Option<Precision>,
    /// (actual - says) / says; for a range, from its middle.
    pub deviation: Option<Decimal>,
    /// For a printed percentage, actual - says in percentage points: 45.3%
    /// computed for 46.2% printed is -0.9.
    pub points: Option<Decimal>,
    /// Where the tolerance came from.
    pub tolerance: Rule,
    /// The conversion, for a claim across currencies.
    pub conversion: Option<ConversionCheck>,
    /// For a claim that does not hold: what would make it hold.
    pub would_hold_if: Vec<WouldHold>,
}

impl Verdict {
    /// The band the verdict was judged against.
    pub fn band(&self) -> Band {
        Band {
            low: self.low,
            high: self.high,
            low_open: self.low_open,
            high_open: self.high_open,
            why: self.tolerance,
        }
    }

    /// Slips of scale that would make it hold: the printed figure is the
    /// computed one times 1000 (or 1/1000, 10^6, 10^-6).
    pub fn scale_slips(&self) -> Vec<WouldHold> {
        let band = self.band();
        let a = self.actual.value();
        [
            Decimal::new(1000, 0),
            Decimal::new(1, 3),
            Decimal::new(1_000_000, 0),
            Decimal::new(1, 6),
        ]
        .into_iter()
        .filter(|f| a.checked_mul(*f).is_some_and(|v| band.contains(v)))
        .map(WouldHold::Scale)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::rates::RateTable;
    use crate::testing::d;
    use std::str::FromStr;

    /// The block search finds exactly the dates a scan of every date finds,
    /// for bands that hold often, rarely, once or never, and for negative
    /// amounts.
    #[test]
    fn shared_history_agrees_with_a_full_scan() {
        let table = RateTable::builtin().unwrap();
        let cur = |c: &str| table.resolve(crate::amount::Code::new(c).unwrap()).unwrap();
        for (from, to) in [("USD", "EUR"), ("JPY", "GBP"), ("EUR", "CHF")] {
            let (from, to) = (cur(from), cur(to));
            let history = PairHistory::new(&table, from, to);
            let dates = table.dates_of(&[from, to]);
            for (amount, low, high, on) in [
                ("100000000", Some("92000000"), None, "2025-06-19"),
                (
                    "100000000",
                    Some("85000000"),
                    Some("85500000"),
                    "2025-07-08",
                ),
                (
                    "-100000000",
                    Some("-85500000"),
                    Some("-85000000"),
                    "2015-01-01",
                ),
                ("100", Some("1000"), None, "2010-01-01"),
                ("12345.67", None, Some("1"), "2020-03-15"),
                ("1000000", Some("890000"), Some("890001"), "2008-07-15"),
            ] {
                let (amount, on) = (d(amount), NaiveDate::from_str(on).unwrap());
                let (low, high) = (low.map(d), high.map(d));
                let holds = |day: &NaiveDate| {
                    table
                        .convert(Money::new(amount, from), to, *day)
                        .is_ok_and(|c| {
                            let v = c.to.amount;
                            low.is_none_or(|l| v >= l) && high.is_none_or(|h| v <= h)
                        })
                };
                let before = dates.iter().rev().filter(|x| **x <= on).find(|x| holds(x));
                let after = dates.iter().filter(|x| **x > on).find(|x| holds(x));
                assert_eq!(
                    history.holding_dates(amount, on, low, high),
                    (before.copied(), after.copied()),
                    "{amount} {from}->{to} in [{low:?}, {high:?}] around {on}"
                );
            }
        }
    }

    fn said(text: &str) -> Said {
        let a = Amount::parse(text).unwrap();
        Said::one(Figure::Count(a.value), &a)
    }

    fn limits(text: &str) -> (Option<Decimal>, Option<Decimal>, bool, bool) {
        let b = band(&said(text), None);
        (b.low, b.high, b.low_open, b.high_open)
    }

    /// The tolerance table of the module documentation, row by row, on its own example.
    #[test]
    fn the_words_set_the_band() {
        let (b28, b285, b29, b295, b30) = (
            Some(d("28000000000")),
            Some(d("28500000000")),
            Some(d("29000000000")),
            Some(d("29500000000")),
            Some(d("30000000000")),
        );
        assert_eq!(limits("$29 billion"), (b285, b295, false, false));
        assert_eq!(limits("about $29 billion"), (b28, b30, false, false));
        assert_eq!(limits("nearly $30 billion"), (b29, b30, false, false));
        assert_eq!(
            limits("près de 30 milliards de dollars"),
            (b29, b30, false, false)
        );
        assert_eq!(limits("more than $29 billion"), (b29, None, true, false));
        assert_eq!(limits("at least $29 billion"), (b29, None, false, false));
        assert_eq!(limits("up to $29 billion"), (None, b29, false, false));
        assert_eq!(limits("less than $29 billion"), (None, b29, false, true));
        assert_eq!(
            limits("$14.3B"),
            (Some(d("14250000000")), Some(d("14350000000")), false, false)
        );
        // "more than" excludes the figure itself; "at least" holds at it.
        let v = judge(
            &said("more than $29 billion"),
            Figure::Count(d("29000000000")),
            None,
        );
        assert_eq!(v.outcome, Outcome::Fails);
        let v = judge(
            &said("at least $29 billion"),
            Figure::Count(d("29000000000")),
            None,
        );
        assert_eq!(v.outcome, Outcome::Holds);
    }

    /// "$29-30 billion" holds from 28.5 to 30.5 billion.
    #[test]
    fn a_range_holds_between_its_ends() {
        let a = Amount::parse("$29 billion").unwrap();
        let b = Amount::parse("$30 billion").unwrap();
        let said = Said {
            figure: Figure::Count(a.value),
            high: Some(b.value),
            step: a.step,
            high_step: b.step,
            round_step: a.round_step(),
            round_high_step: b.round_step(),
            percent: false,
            bound: Bound::Rounded,
        };
        let band = band(&said, None);
        assert_eq!(
            (band.low, band.high),
            (Some(d("28500000000")), Some(d("30500000000")))
        );
    }

    /// SoftBank's $2B at $23 is 86,956,521 shares: "86.9 million" fails as
    /// rounded (it would be 87.0) but holds as cut off.
    #[test]
    fn a_cut_off_figure_is_truncated() {
        let v = judge(&said("86.9 million"), Figure::Count(d("86956521")), None);
        assert_eq!((v.holds, v.outcome), (false, Outcome::Truncated));
        let v = judge(&said("86.9 million"), Figure::Count(d("87050000")), None);
        assert_eq!(v.outcome, Outcome::Fails);
        let v = judge(&said("87.0 million"), Figure::Count(d("86956521")), None);
        assert_eq!(v.outcome, Outcome::Holds);
    }

    #[test]
    fn a_claim_outside_the_range_fails_with_its_deviation() {
        let v = judge(
            &said("$29 billion"),
            Figure::Count(d("30204081632.65")),
            None,
        );
        assert!(!v.holds);
        assert_eq!(v.deviation.unwrap().round_dp(4), d("0.0415"));
        let v = judge(
            &said("$29 billion"),
            Figure::Count(d("29183673469.39")),
            None,
        );
        assert!(v.holds);
        // A slip of scale: $29 million printed for $29 billion.
        let v = judge(
            &said("$29 million"),
            Figure::Count(d("29183673469.39")),
            None,
        );
        assert_eq!(v.scale_slips(), vec![WouldHold::Scale(d("0.001"))]);
    }
}
