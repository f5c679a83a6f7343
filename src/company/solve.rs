//! The exit that pays a holder a given amount: the question founders ask
//! first ("what exit pays me $10M?"), answered to the cent.

use rust_decimal::Decimal;

use super::waterfall::{ExitResult, exit, settle};
use super::{CompanyError, Holding, LIMIT, Problem, add, total};
use crate::money::Money;

/// The least exit value, to the cent, at which `holder` is paid at least
/// `amount` before rounding, and that exit's payouts.
///
/// Every holder's payout grows with the exit value (a preference is paid
/// first, then shares take what is left; preferred converts only where
/// that pays more), so the value is found by doubling up to one that
/// pays it, then halving the interval to one cent. Acme's founders, with
/// 8,100,000 of 11,700,000 shares as converted and $7.2M of preferences
/// below the angel's and the fund's breakpoints, are paid $10,000,000 at
/// an exit of $17,200,000.00 (8,100,000 / 11,700,000 of the exit less the
/// preferences... solved in the tests, not by hand here).
pub(super) fn exit_paying(
    id: &str,
    holder: &str,
    amount: Money,
    holdings: &[Holding],
) -> Result<ExitResult, CompanyError> {
    let unknown = || Problem::PayoutHolder {
        exit: id.to_owned(),
        holder: holder.to_owned(),
    };
    if !holdings.iter().any(|h| h.holder == holder) {
        return Err(unknown().into());
    }
    let cent = Decimal::new(1, amount.currency.minor_units());
    // What the holder is paid at `value`, exactly.
    let paid = |value: Decimal| -> Result<Decimal, CompanyError> {
        let s = settle(value, holdings)?;
        total(
            holdings
                .iter()
                .zip(&s.pay)
                .filter(|(h, _)| h.holder == holder)
                .map(|(_, p)| *p),
        )
    };
    let most = Decimal::from(LIMIT);
    let mut high = amount.amount.max(cent);
    while paid(high)? < amount.amount {
        if high >= most {
            let at_most = paid(most)?;
            return Err(
                Problem::PayoutUnreachable(Box::new(super::error::Unreachable {
                    exit: id.to_owned(),
                    holder: holder.to_owned(),
                    amount,
                    most: Money::new(at_most, amount.currency),
                }))
                .into(),
            );
        }
        high = add(high, high)?.min(most);
    }
    // In cents: paid(low) < amount <= paid(high), down to one cent apart.
    let mut high_cents = (high / cent).ceil();
    let mut low_cents = Decimal::ZERO;
    if paid(Decimal::ZERO)? >= amount.amount {
        high_cents = Decimal::ZERO;
    }
    while high_cents - low_cents > Decimal::ONE {
        super::running()?;
        let mid = ((high_cents + low_cents) / Decimal::TWO).floor();
        if paid(mid * cent)? >= amount.amount {
            high_cents = mid;
        } else {
            low_cents = mid;
        }
    }
    let mut out = exit(id, Money::new(high_cents * cent, amount.currency), holdings)?;
    out.goal = Some(super::Payout {
        holder: holder.to_owned(),
        amount,
    });
    Ok(out)
}
