//! Anti-dilution: a round priced below an earlier round's conversion price
//! lowers that price, and the earlier preferred converts into more shares.

use rust_decimal::Decimal;

use super::{AntiDilution, CompanyError, EventResult, Holding, add, div, mul, total};
use crate::money::Money;

/// An earlier round's protected preferred: its event, how it is protected,
/// and its conversion price now.
pub(super) struct Protected {
    pub(super) index: usize,
    pub(super) event: String,
    pub(super) kind: AntiDilution,
    pub(super) price: Money,
}

/// What a new round did, for the adjustment: its price, its new money,
/// the shares that money bought, and the shares outstanding before it
/// (every share and the pool, before its top-up and conversions).
pub(super) struct NewRound {
    pub(super) id: String,
    pub(super) price: Decimal,
    pub(super) amount: Decimal,
    pub(super) shares: Decimal,
    pub(super) outstanding_before: Decimal,
    /// Each protected class's shares before it, as converted.
    pub(super) class_before: Vec<Decimal>,
}

/// Each protected round priced above the new round's price: its conversion
/// price becomes CP1 x (A + B) / (A + C), or the new price (full ratchet),
/// kept exact; each of its holdings then converts into the money its
/// shares were bought with over that price, rounded down (see
/// [`AntiDilution`]). A SAFE or note converted in the round is its shadow
/// series, with its own, lower conversion price: it is adjusted from
/// that price by the same formula, and only when the new round is below
/// it, so it never converts into fewer shares.
pub(super) fn adjust(
    protected: &mut [Protected],
    new: &NewRound,
    holdings: &mut [Holding],
    results: &mut [EventResult],
) -> Result<(), CompanyError> {
    for (p, class_before) in protected.iter_mut().zip(&new.class_before) {
        let a = match p.kind {
            AntiDilution::Narrow => *class_before,
            _ => new.outstanding_before,
        };
        // The new conversion price of a block now converting at `cp1`.
        let adjusted = |cp1: Decimal| -> Result<Decimal, CompanyError> {
            Ok(match p.kind {
                AntiDilution::FullRatchet => new.price,
                AntiDilution::Broad | AntiDilution::Narrow => {
                    let b = div(new.amount, cp1)?;
                    mul(cp1, div(add(a, b)?, add(a, new.shares)?)?)?
                }
            })
        };
        // Each block of the class priced above the new round: the round's
        // own, and a SAFE's or note's shadow series at its own price.
        let mut any = false;
        for h in holdings.iter_mut() {
            let Some(pref) = h.preferred.as_mut() else {
                continue;
            };
            if pref.event != p.event
                || pref.conversion_price <= new.price
                || pref.conversion_price.is_zero()
            {
                continue;
            }
            let cp2 = adjusted(pref.conversion_price)?;
            pref.conversion_price = cp2;
            h.shares = div(pref.converted, cp2)?.round_dp(12).floor();
            any = true;
        }
        let cp1 = p.price.amount;
        if new.price >= cp1 && !any {
            continue;
        }
        let before = p.price;
        if new.price < cp1 {
            p.price = Money::new(adjusted(cp1)?, p.price.currency);
        }
        // The round's own shares as converted, not its shadow series'.
        let converted = total(
            holdings
                .iter()
                .filter(|h| {
                    h.preferred
                        .as_ref()
                        .is_some_and(|x| x.event == p.event && x.conversion_price == p.price.amount)
                })
                .map(|h| h.shares),
        )?;
        if let Some(r) = results.get_mut(p.index) {
            r.conversion_price = Some(p.price);
            r.as_converted_shares = Some(converted);
            r.adjustments.push(super::Adjustment {
                by: new.id.clone(),
                kind: p.kind,
                before,
                a,
                b: div(new.amount, cp1)?,
                c: new.shares,
                after: p.price,
            });
        }
    }
    Ok(())
}

/// The shares of a class, as converted now.
pub(super) fn class_shares(holdings: &[Holding], event: &str) -> Result<Decimal, CompanyError> {
    total(
        holdings
            .iter()
            .filter(|h| h.preferred.as_ref().is_some_and(|p| p.event == event))
            .map(|h| h.shares),
    )
}
