//! A printed figure against a computed one: the band its wording allows,
//! and the verdict.

use rust_decimal::Decimal;

use super::{Band, Figure, Outcome, Precision, Rule, Said, Tolerance, Verdict};
use crate::amount::Bound;

/// The band in which a printed figure holds: see the module documentation.
///
/// "$29 billion" holds in [28.5, 29.5] billion; "about $29 billion" in
/// [28, 30]; "nearly $30 billion" in [29, 30]; "more than $200 million" in
/// (200 million, +inf); "$29-30 billion" in [28.5, 30.5] billion.
pub fn band(said: &Said, tolerance: Option<Tolerance>) -> Band {
    let value = said.figure.value();
    let high_value = said.high.unwrap_or(value);
    let margin = |at: Decimal, step: Decimal, units: Decimal| match tolerance {
        Some(Tolerance::Relative(r)) => at.abs().checked_mul(r).unwrap_or(Decimal::MAX),
        Some(Tolerance::Absolute(a)) => a,
        None => step.checked_mul(units).unwrap_or(Decimal::MAX),
    };
    let half = Decimal::new(5, 1);
    let closed = |low: Option<Decimal>, high: Option<Decimal>, why: Rule| Band {
        low,
        high,
        low_open: false,
        high_open: false,
        why,
    };
    // The claim's own tolerance, where it gives one, names the band.
    let rule = |m: Decimal, wording: Rule| match tolerance {
        Some(t) => Rule::Given {
            tolerance: t,
            margin: m,
        },
        None => wording,
    };
    match (said.high, said.bound) {
        (Some(_), bound) => {
            let units = if bound == Bound::About {
                Decimal::ONE
            } else {
                half
            };
            let lm = margin(value, said.step, units);
            let hm = margin(high_value, said.high_step, units);
            let why = rule(
                lm,
                Rule::Range {
                    about: bound == Bound::About,
                },
            );
            closed(value.checked_sub(lm), high_value.checked_add(hm), why)
        }
        (None, Bound::Rounded) => {
            let m = margin(value, said.step, half);
            closed(
                value.checked_sub(m),
                value.checked_add(m),
                rule(m, Rule::Rounded { margin: m }),
            )
        }
        (None, Bound::About) => {
            let m = margin(value, said.step, Decimal::ONE);
            closed(
                value.checked_sub(m),
                value.checked_add(m),
                rule(m, Rule::About { margin: m }),
            )
        }
        (None, Bound::Nearly) => {
            let m = margin(value, said.step, Decimal::ONE);
            closed(
                value.checked_sub(m),
                Some(value),
                rule(m, Rule::Nearly { margin: m }),
            )
        }
        (None, Bound::Over) => Band {
            low: Some(value),
            high: None,
            low_open: true,
            high_open: false,
            why: Rule::Over,
        },
        (None, Bound::AtLeast) => closed(Some(value), None, Rule::AtLeast),
        (None, Bound::AtMost) => closed(None, Some(value), Rule::AtMost),
        (None, Bound::Under) => Band {
            low: None,
            high: Some(value),
            low_open: false,
            high_open: true,
            why: Rule::Under,
        },
    }
}

/// Judges a computed figure against a printed one, both in the same unit:
/// in the band of its last printed digit; failing that, of its last
/// significant digit ([`Precision::Round`]); failing that, read as cut off
/// ([`Outcome::Truncated`]).
///
/// ```
/// use dealcalc::amount::Amount;
/// use dealcalc::claim::{judge, Figure, Outcome, Precision, Said};
/// use rust_decimal::Decimal;
/// let said = |t: &str| {
///     let a = Amount::parse(t).unwrap();
///     Said::one(Figure::Count(a.value), &a)
/// };
/// let m = |n: i64| Figure::Count(Decimal::new(n, 0) * Decimal::new(1_000_000, 0));
/// // "about $300 million" at $295M: 290 to 310 as a round figure.
/// let v = judge(&said("about $300 million"), m(295), None);
/// assert_eq!((v.outcome, v.precision), (Outcome::Holds, Some(Precision::Round)));
/// // "$300 million" at $297M: 295 to 305.
/// assert_eq!(judge(&said("$300 million"), m(297), None).precision, Some(Precision::Round));
/// // At $300.4M it holds as printed, and at $306M not at all.
/// assert_eq!(judge(&said("$300 million"), Figure::Count(Decimal::new(3004, 1) * Decimal::new(1_000_000, 0)), None).precision, None);
/// assert_eq!(judge(&said("$300 million"), m(306), None).outcome, Outcome::Fails);
/// ```
pub fn judge(said: &Said, actual: Figure, tolerance: Option<Tolerance>) -> Verdict {
    let a = actual.value();
    let mut b = band(said, tolerance);
    let mut holds = b.contains(a);
    let mut precision = None;
    let coarser = said.round_step != said.step || said.round_high_step != said.high_step;
    if !holds && tolerance.is_none() && coarser {
        let round = Said {
            step: said.round_step,
            high_step: said.round_high_step,
            ..said.clone()
        };
        let rb = band(&round, None);
        if rb.contains(a) {
            b = rb;
            holds = true;
            precision = Some(Precision::Round);
        }
    }
    // Read as cut off: X holds for [X, X + u) (or (X - u, X] below zero).
    let x = said.figure.value();
    let truncated = !holds
        && said.high.is_none()
        && said.bound == Bound::Rounded
        && tolerance.is_none()
        && x.checked_add(said.step).is_some_and(|up| {
            if x >= Decimal::ZERO {
                a >= x && a < up
            } else {
                x.checked_sub(said.step)
                    .is_some_and(|down| a <= x && a > down)
            }
        });
    let outcome = if holds {
        Outcome::Holds
    } else if truncated {
        Outcome::Truncated
    } else {
        Outcome::Fails
    };
    let center = said.center();
    let deviation = if center.is_zero() {
        None
    } else {
        a.checked_sub(center).and_then(|d| d.checked_div(center))
    };
    let points = if said.percent {
        a.checked_sub(center)
            .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
    } else {
        None
    };
    Verdict {
        says: said.figure,
        says_high: said.high.map(|h| said.figure.with(h)),
        actual,
        low: b.low,
        high: b.high,
        low_open: b.low_open,
        high_open: b.high_open,
        holds,
        outcome,
        precision,
        deviation,
        points,
        tolerance: b.why,
        conversion: None,
        would_hold_if: Vec::new(),
    }
}
