//! A claim judged with its inputs as printed (`inputs = "printed"`).
//!
//! Every figure an article prints is rounded, its inputs too. With
//! `inputs = "printed"` a claim that fails on the inputs as written still
//! holds, marked [`Precision::Inputs`](crate::claim::Precision::Inputs),
//! when some inputs within their own printed precision make it hold: each
//! literal amount in `of` anywhere in its band (a whole count printed to
//! the unit, `four`, is exact) (half a unit of its last
//! printed digit, or its qualifier's: `about` a whole unit, `nearly` a
//! unit below), and each deal input given as text likewise. This is
//! statcheck's rule for reported statistics. "$26.2 billion" converted on
//! 2016-06-13 (1 EUR = 1.1268 USD) is 23.2517 billion euros, outside
//! "23.2 billion" (23.15 to 23.25); but $26.15 billion, which prints as
//! 26.2, gives 23.2073: it holds within the inputs' rounding.
//!
//! The subject's range is found at the corners of the inputs' bands: the
//! figures claims compute (sums, differences, products and quotients of
//! positive figures, and a deal's valuation) move one way in each input,
//! so their least and greatest values lie at corners.

use rust_decimal::Decimal;

use crate::amount::{Bound, Unit};
use crate::claim::path::{DealField, Path};
use crate::claim::{Band, Expr, Figure};
use crate::deal::{Deal, Term, Valuation};
use crate::error::Result;
use crate::money::Money;

use super::fields::Ctx;
use super::raw::{RawClaim, RawDeal, Text};
use super::subject::Sources;

/// How a claim reads the figures it computes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(super) enum Inputs {
    /// As exact values (the default).
    #[default]
    Exact,
    /// As printed, so rounded: anywhere in their bands.
    Printed,
}

/// Inputs with more bands than this are judged as exact: 2^8 corners.
const MAX_BANDS: usize = 8;

/// A claim's `inputs`: `exact` or `printed`.
pub(super) fn read_inputs(ctx: &Ctx<'_>, c: &RawClaim) -> Result<Inputs> {
    match c.inputs.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
        None | Some(("exact", _)) => Ok(Inputs::Exact),
        Some(("printed", _)) => Ok(Inputs::Printed),
        Some((other, span)) => Err(ctx.err(
            span,
            format!("unknown `inputs` `{other}`"),
            Some(
                "choose from: exact (the inputs as exact values), printed (each within its \
                 printed precision)"
                    .into(),
            ),
        )),
    }
}

/// One unit of the last printed digit of each deal input written as
/// text: `"49%"` 0.01, `"$14.3B"` 100,000,000.
pub(super) fn deal_steps(ctx: &Ctx<'_>, d: &RawDeal) -> Vec<(Term, Decimal)> {
    [
        (Term::Stake, &d.stake),
        (Term::Price, &d.price),
        (Term::PostMoney, &d.post_money),
        (Term::PreMoney, &d.pre_money),
        (Term::PricePerShare, &d.price_per_share),
        (Term::Shares, &d.shares),
        (Term::SharesBought, &d.shares_bought),
    ]
    .into_iter()
    .filter_map(|(term, field)| {
        let text = ctx.as_text(field.as_ref()?, term.key()).ok()?;
        let a = ctx.figure_text(&text).ok()?;
        Some((term, a.step))
    })
    .collect()
}

/// The band of a printed figure as an input: `$26.2 billion` is 26.15 to
/// 26.25 billion; `about` one unit either way; `nearly` one unit below.
/// None for a one-sided bound (`more than`), which has no corners.
pub(super) fn input_band(
    value: Decimal,
    step: Decimal,
    bound: Bound,
) -> Option<(Decimal, Decimal)> {
    let half = step.checked_mul(Decimal::new(5, 1))?;
    match bound {
        Bound::Rounded => Some((value.checked_sub(half)?, value.checked_add(half)?)),
        Bound::About => Some((value.checked_sub(step)?, value.checked_add(step)?)),
        Bound::Nearly => Some((value.checked_sub(step)?, value)),
        Bound::Over | Bound::AtLeast | Bound::AtMost | Bound::Under => None,
    }
}

/// An operand's figure and the range of its value.
type Operand = (Figure, Decimal, Decimal);

/// The least and greatest values of a claim's subject with each printed
/// input anywhere in its band; None when an input has a one-sided bound,
/// there are too many inputs, or the arithmetic leaves its range.
pub(super) fn subject_range(
    ctx: &Ctx<'_>,
    of: &Text,
    sources: &mut Sources<'_>,
) -> Result<Option<(Decimal, Decimal)>> {
    let text = of.get_ref();
    let Ok(expr) = Expr::parse(text) else {
        return Ok(None);
    };
    let mut operands: Vec<Option<Operand>> = Vec::new();
    let collected = expr.eval(text, &mut |written, _| {
        let op = operand(ctx, of, written.trim(), sources)?;
        let figure = op.map_or(Figure::Count(Decimal::ONE), |o| o.0);
        operands.push(op);
        Ok::<Figure, crate::Error>(figure)
    });
    if let Err(crate::claim::expr::EvalError::Operand(e)) = collected {
        return Err(e);
    }
    let Some(operands) = operands.into_iter().collect::<Option<Vec<Operand>>>() else {
        return Ok(None);
    };
    let banded: Vec<usize> = (0..operands.len())
        .filter(|&i| operands.get(i).is_some_and(|o| o.1 != o.2))
        .collect();
    if banded.len() > MAX_BANDS {
        return Ok(None);
    }
    Ok(over_corners(banded.len(), |corner| {
        let mut k = 0;
        let value = expr.eval(text, &mut |_, _| {
            let i = k;
            k += 1;
            let Some((figure, low, high)) = operands.get(i) else {
                return Err(());
            };
            let high_end = banded
                .iter()
                .position(|b| *b == i)
                .is_some_and(|bit| corner & (1 << bit) != 0);
            Ok(figure.with(if high_end { *high } else { *low }))
        });
        value.map(|f| f.value()).ok()
    }))
}

/// The least and greatest of `value` over the `2^bands` corners (bit `b`
/// of a corner set: band `b` at its high end); None when one corner has
/// no value.
fn over_corners(
    bands: usize,
    mut value: impl FnMut(u32) -> Option<Decimal>,
) -> Option<(Decimal, Decimal)> {
    let mut range: Option<(Decimal, Decimal)> = None;
    for corner in 0..(1_u32 << bands) {
        let v = value(corner)?;
        range = Some(match range {
            None => (v, v),
            Some((lo, hi)) => (lo.min(v), hi.max(v)),
        });
    }
    range
}

/// One operand with its range: a printed amount in its band, a deal's
/// figure over its inputs' bands, any other figure exact.
fn operand(
    ctx: &Ctx<'_>,
    of: &Text,
    written: &str,
    sources: &mut Sources<'_>,
) -> Result<Option<Operand>> {
    let part = toml::Spanned::new(of.span(), written.to_owned());
    match Path::parse(written).ok().flatten() {
        None => {
            let a = ctx.figure_text(&part)?;
            let figure = match a.unit {
                Unit::Currency(..) => Figure::Money(ctx.money_of(&part, &a)?),
                Unit::Percent => Figure::Fraction(a.value),
                Unit::Number => Figure::Count(a.value),
            };
            // A whole count printed to the unit (`four`, `36`) is exact:
            // things are counted, not rounded.
            if a.unit == Unit::Number && a.step == Decimal::ONE && a.bound == Bound::Rounded {
                return Ok(Some((figure, a.value, a.value)));
            }
            Ok(input_band(a.value, a.step, a.bound).map(|(lo, hi)| (figure, lo, hi)))
        }
        Some(Path::Deal { id, field }) => {
            let Some(d) = sources.deals.iter().find(|d| d.id == id) else {
                return Ok(None);
            };
            Ok(deal_range(&d.deal, &d.steps, field).map(|(lo, hi)| {
                let figure = match field {
                    DealField::Stake => Figure::Fraction(lo),
                    DealField::NewShares | DealField::SharesBought => Figure::Count(lo),
                    _ => Figure::Money(Money::new(lo, d.valuation.price.currency)),
                };
                (figure, lo, hi)
            }))
        }
        Some(_) => {
            let (figure, _) = super::subject::operand_figure(ctx, &part, sources)?;
            let v = figure.value();
            Ok(Some((figure, v, v)))
        }
    }
}

/// A deal's figure at each corner of its printed inputs' bands.
fn deal_range(
    deal: &Deal,
    steps: &[(Term, Decimal)],
    field: DealField,
) -> Option<(Decimal, Decimal)> {
    if steps.len() > MAX_BANDS {
        return None;
    }
    let half = Decimal::new(5, 1);
    over_corners(steps.len(), |corner| {
        let mut d = deal.clone();
        for (bit, (term, step)) in steps.iter().enumerate() {
            let delta = step.checked_mul(half)?;
            let delta = if corner & (1 << bit) != 0 {
                delta
            } else {
                -delta
            };
            let shift = |m: Option<Money>| {
                m.and_then(|m| Some(Money::new(m.amount.checked_add(delta)?, m.currency)))
            };
            match term {
                Term::Stake => {
                    d.stake = d
                        .stake
                        .and_then(|s| s.checked_add(delta))
                        .map(|s| s.min(Decimal::ONE))
                }
                Term::Price => d.price = shift(d.price),
                Term::PostMoney => d.post_money = shift(d.post_money),
                Term::PreMoney => d.pre_money = shift(d.pre_money),
                Term::PricePerShare => d.price_per_share = shift(d.price_per_share),
                Term::Shares => d.shares = d.shares.and_then(|s| s.checked_add(delta)),
                Term::SharesBought => {
                    d.shares_bought = d.shares_bought.and_then(|s| s.checked_add(delta))
                }
            }
        }
        field_value(&d.valuation().ok()?, field)
    })
}

/// A deal's figure, if the deal gives it.
fn field_value(v: &Valuation, field: DealField) -> Option<Decimal> {
    Some(match field {
        DealField::PostMoney => v.post_money?.amount,
        DealField::PreMoney => v.pre_money?.amount,
        DealField::Price => v.price.amount,
        DealField::Stake => v.stake?,
        DealField::RemainingValue => v.remaining_value?.amount,
        DealField::NewShares => v.new_shares?,
        DealField::SharesBought => v.shares_bought?,
        DealField::PricePerShare => v.price_per_share?.amount,
    })
}

/// Whether some value from `low` to `high` is in the band.
pub(super) fn overlaps(band: &Band, low: Decimal, high: Decimal) -> bool {
    let below_high = band
        .high
        .is_none_or(|h| low < h || (low == h && !band.high_open));
    let above_low = band
        .low
        .is_none_or(|l| high > l || (high == l && !band.low_open));
    below_high && above_low
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::d;

    #[test]
    fn bands_of_printed_inputs() {
        assert_eq!(
            input_band(d("26200000000"), d("100000000"), Bound::Rounded),
            Some((d("26150000000"), d("26250000000")))
        );
        // `knapp 36`: 35 to 36.
        assert_eq!(
            input_band(d("36"), d("1"), Bound::Nearly),
            Some((d("35"), d("36")))
        );
        assert_eq!(input_band(d("36"), d("1"), Bound::Over), None);
    }

    /// The Meta-Scale deal: 49% for $14.3 billion is $29.18 billion
    /// post-money; with 48.5% to 49.5% and $14.25 to $14.35 billion it
    /// runs from 14.25/0.495 = 28.7878... to 14.35/0.485 = 29.5876...
    /// billion.
    #[test]
    fn a_deal_over_its_printed_inputs() {
        let deal = Deal {
            stake: Some(d("0.49")),
            price: Some(crate::testing::usd("14300000000")),
            ..Deal::default()
        };
        let steps = [(Term::Stake, d("0.01")), (Term::Price, d("100000000"))];
        let (lo, hi) = deal_range(&deal, &steps, DealField::PostMoney).unwrap();
        assert_eq!(lo.round_dp(2), d("28787878787.88"));
        assert_eq!(hi.round_dp(2), d("29587628865.98"));
    }
}
