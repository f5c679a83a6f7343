//! What would make a failing claim about a deal hold: each input alone
//! in a range (searched over whole cents, or millionths of a percent of
//! the stake), the other of pre- and post-money, the other deal kind.
//! "$14.8 billion for 49%, valuing Scale AI at $29 billion" would hold for
//! a price alone from 13,965,000,000.00 to 14,455,000,000.00 USD (49% of
//! 28.5 to 29.5 billion).

use rust_decimal::Decimal;

use super::path::DealField;
use super::{Band, Figure, WouldHold};
use crate::deal::{Deal, DealKind, Valuation};
use crate::money::Money;

/// A deal's figure as a number: money's amount, a fraction, a count.
pub fn deal_figure(v: &Valuation, field: DealField) -> Option<Decimal> {
    let money = |m: Option<Money>| m.map(|m| m.amount);
    match field {
        DealField::PostMoney => money(v.post_money),
        DealField::PreMoney => money(v.pre_money),
        DealField::Price => Some(v.price.amount),
        DealField::Stake => v.stake,
        DealField::RemainingValue => money(v.remaining_value),
        DealField::NewShares => v.new_shares,
        DealField::SharesBought => v.shares_bought,
        DealField::PricePerShare => money(v.price_per_share),
    }
}

/// A deal's money input: its name, its value, and how to set it.
type MoneyInput = (&'static str, Option<Money>, fn(&mut Deal, Money));

/// What would make a deal's figure hold: each input alone in a range, the
/// other of pre- and post-money, the other deal kind.
pub fn deal_readings(
    deal: &Deal,
    valuation: &Valuation,
    field: DealField,
    band: &Band,
) -> Vec<WouldHold> {
    let mut out = Vec::new();
    let figure_with = |change: &dyn Fn(&mut Deal)| {
        let mut changed = deal.clone();
        change(&mut changed);
        changed
            .valuation()
            .ok()
            .and_then(|v| deal_figure(&v, field))
    };
    // Money inputs, searched over whole minor units; the stake over
    // millionths of a percent.
    let money_inputs: [MoneyInput; 4] = [
        ("price", deal.price, |d, m| d.price = Some(m)),
        ("post_money", deal.post_money, |d, m| d.post_money = Some(m)),
        ("pre_money", deal.pre_money, |d, m| d.pre_money = Some(m)),
        ("price_per_share", deal.price_per_share, |d, m| {
            d.price_per_share = Some(m);
        }),
    ];
    for (input, given, set) in money_inputs {
        let Some(given) = given else { continue };
        let scale = given.currency.minor_units();
        let unit = Decimal::new(1, scale);
        let as_money =
            |k: i128| Money::new(Decimal::from_i128_with_scale(k, scale), given.currency);
        let top = given
            .amount
            .checked_mul(Decimal::new(1000, 0))
            .and_then(|t| t.checked_div(unit))
            .and_then(|t| i128::try_from(t.trunc()).ok())
            .unwrap_or(0);
        let value = |k: i128| figure_with(&|d: &mut Deal| set(d, as_money(k)));
        if let Some((lo, hi)) = solve(1, top.max(1), &value, band) {
            out.push(WouldHold::Input {
                input,
                low: Figure::Money(as_money(lo)),
                high: Figure::Money(as_money(hi)),
            });
        }
    }
    if deal.stake.is_some() {
        const STEPS: i128 = 100_000_000;
        let as_stake = |k: i128| Decimal::from_i128_with_scale(k, 8);
        let value = |k: i128| figure_with(&|d: &mut Deal| d.stake = Some(as_stake(k)));
        if let Some((lo, hi)) = solve(1, STEPS - 1, &value, band) {
            out.push(WouldHold::Input {
                input: "stake",
                low: Figure::Fraction(as_stake(lo)),
                high: Figure::Fraction(as_stake(hi)),
            });
        }
    }
    let v = valuation;
    match field {
        DealField::PostMoney if v.pre_money.is_some_and(|m| band.contains(m.amount)) => {
            out.push(WouldHold::PreMoney);
        }
        DealField::PreMoney if v.post_money.is_some_and(|m| band.contains(m.amount)) => {
            out.push(WouldHold::PostMoney);
        }
        _ => {}
    }
    let other = match deal.kind {
        DealKind::Primary => DealKind::Secondary,
        DealKind::Secondary => DealKind::Primary,
    };
    if figure_with(&|d: &mut Deal| d.kind = other).is_some_and(|x| band.contains(x)) {
        out.push(match other {
            DealKind::Primary => WouldHold::Primary,
            DealKind::Secondary => WouldHold::Secondary,
        });
    }
    out
}

/// The whole numbers in `[lo, hi]` for which a monotone `value` lands in
/// the band, as their first and last; none when none do.
pub fn solve(
    lo: i128,
    hi: i128,
    value: &dyn Fn(i128) -> Option<Decimal>,
    band: &Band,
) -> Option<(i128, i128)> {
    let (at_lo, at_hi) = (value(lo)?, value(hi)?);
    let increasing = at_hi >= at_lo;
    // The first k where `pred` turns true, for a predicate false then true.
    let first = |pred: &dyn Fn(i128) -> bool| -> Option<i128> {
        if !pred(hi) {
            return None;
        }
        let (mut a, mut b) = (lo, hi);
        if pred(a) {
            return Some(a);
        }
        while b - a > 1 {
            let mid = a + (b - a) / 2;
            if pred(mid) {
                b = mid;
            } else {
                a = mid;
            }
        }
        Some(b)
    };
    let past_low = |k: i128| value(k).is_some_and(|v| band.above_low(v));
    let past_high = |k: i128| value(k).is_some_and(|v| !band.below_high(v));
    let (start, end) = if increasing {
        let start = first(&past_low)?;
        let end = first(&past_high).map_or(hi, |k| k - 1);
        (start, end)
    } else {
        let start = first(&|k| !past_high(k))?;
        let end = first(&|k| !past_low(k)).map_or(hi, |k| k - 1);
        (start, end)
    };
    (start <= end && value(start).is_some_and(|v| band.contains(v))).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claim::Rule;
    use crate::testing::{d, usd};

    /// "$29 billion": 28.5 to 29.5 billion.
    fn around_29_billion() -> Band {
        Band {
            low: Some(d("28500000000")),
            high: Some(d("29500000000")),
            low_open: false,
            high_open: false,
            why: Rule::Rounded {
                margin: d("500000000"),
            },
        }
    }

    #[test]
    fn solve_finds_the_first_and_last_whole_numbers_in_the_band() {
        // 3k in [10, 20]: k from 4 (12) to 6 (18); increasing.
        let band = Band {
            low: Some(d("10")),
            high: Some(d("20")),
            low_open: false,
            high_open: false,
            why: Rule::AtMost,
        };
        let triple = |k: i128| Some(Decimal::from(3 * k));
        assert_eq!(solve(1, 100, &triple, &band), Some((4, 6)));
        // Decreasing: 100 - 3k in [10, 20] for k from 27 (19) to 30 (10).
        let falling = |k: i128| Some(Decimal::from(100 - 3 * k));
        assert_eq!(solve(1, 33, &falling, &band), Some((27, 30)));
        // An open end leaves it out: more than 10 and less than 20.
        let open = Band {
            low_open: true,
            high_open: true,
            ..band
        };
        assert_eq!(
            solve(1, 100, &|k| Some(Decimal::from(2 * k)), &open),
            Some((6, 9))
        );
        // Nothing lands in it: none.
        assert_eq!(
            solve(1, 100, &|k| Some(Decimal::from(5 * k + 1000)), &band),
            None
        );
    }

    #[test]
    fn a_failing_valuation_names_the_price_range_that_holds() {
        // "$14.8 billion for 49%, valuing Scale AI at $29 billion": at
        // $14.8B the post-money is 30.2B, outside 28.5-29.5B. A price alone
        // holds from 49% of 28.5B = 13,965,000,000.00 to 49% of 29.5B =
        // 14,455,000,000.00; a stake alone from 14.8 / 29.5 = 50.17% to
        // 14.8 / 28.5 = 51.93%.
        let deal = Deal {
            stake: Some(d("0.49")),
            price: Some(usd("14800000000")),
            ..Deal::default()
        };
        let v = deal.valuation().unwrap();
        assert_eq!(
            v.post_money.unwrap().amount.round_dp(2),
            d("30204081632.65")
        );
        let readings = deal_readings(&deal, &v, DealField::PostMoney, &around_29_billion());
        let price = readings.iter().find_map(|w| match w {
            WouldHold::Input {
                input: "price",
                low: Figure::Money(l),
                high: Figure::Money(h),
            } => Some((l.amount, h.amount)),
            _ => None,
        });
        assert_eq!(price, Some((d("13965000000.00"), d("14455000000.00"))));
        let stake = readings.iter().find_map(|w| match w {
            WouldHold::Input {
                input: "stake",
                low: Figure::Fraction(l),
                high: Figure::Fraction(h),
            } => Some((*l, *h)),
            _ => None,
        });
        // 14.8 / 29.5 = 0.501694915...: the first stake in millionths of a
        // percent at or above it is 0.50169492; 14.8 / 28.5 = 0.519298245...
        // the last at or below it 0.51929824.
        assert_eq!(stake, Some((d("0.50169492"), d("0.51929824"))));
        // A secondary deal's pre-money is its post-money: no other reading.
        assert!(!readings.contains(&WouldHold::PreMoney));
    }
}
