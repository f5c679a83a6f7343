//! Where each preferred holding starts converting to common.

use rust_decimal::Decimal;

use super::{CompanyError, Holding, add, div, mul, settle, sub, total};
use crate::money::Money;

/// Where a preferred holding changes its choice: below `converts_at` it
/// takes its preference, from there on its shares as common, which then
/// pay more. The Acme example: the angel's $1M SAFE (1,000,000 shares)
/// converts once (V - 6.2M) / 8.1M common shares passes $1, from an exit
/// of $14,300,000.01; the fund's $5.2M (2,600,000 shares) once (V - 5.2M)
/// / 9.1M passes $2, from $23,400,000.01.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Breakpoint {
    /// The event that issued the holding.
    pub event: String,
    /// Its holder.
    pub holder: String,
    /// The least exit value, to the cent, at which it converts; none for
    /// a participating preference without a cap, which never does.
    pub converts_at: Option<Money>,
}

/// Each preferred holding's breakpoint, by bisection over exit values in
/// cents: at no exit does a holding convert, so the search starts from
/// zero, and it surely converts once every share's part of the exit
/// exceeds its preference (or its cap) per share, plus all preferences.
pub(super) fn breakpoints(holdings: &[Holding]) -> Result<Vec<Breakpoint>, CompanyError> {
    let all_shares = total(holdings.iter().map(|h| h.shares))?;
    let all_preferences = total(
        holdings
            .iter()
            .filter_map(|h| h.preferred.as_ref().map(|p| p.preference.amount)),
    )?;
    let mut out = Vec::new();
    for (i, h) in holdings.iter().enumerate() {
        let Some(p) = &h.preferred else { continue };
        let mut point = Breakpoint {
            event: p.event.clone(),
            holder: h.holder.clone(),
            converts_at: None,
        };
        if (p.terms.participating && p.terms.cap.is_none()) || h.shares.is_zero() {
            out.push(point);
            continue;
        }
        let cent = Decimal::new(1, p.invested.currency.minor_units());
        let takes = match p.terms.cap {
            Some(cap) => mul(cap, p.invested.amount)?.max(p.preference.amount),
            None => p.preference.amount,
        };
        let converts = |value: Decimal| -> Result<bool, CompanyError> {
            Ok(settle(value, holdings)?
                .converting
                .get(i)
                .copied()
                .unwrap_or(false))
        };
        let bound = add(mul(div(takes, h.shares)?, all_shares)?, all_preferences)?;
        let top = add(bound.ceil(), Decimal::ONE)?;
        if !converts(top)? {
            out.push(point);
            continue;
        }
        // In cents: low never converts, high does.
        let (mut low, mut high) = (Decimal::ZERO, div(top, cent)?.ceil());
        while sub(high, low)? > Decimal::ONE {
            let mid = div(add(low, high)?, Decimal::TWO)?.floor();
            if converts(mul(mid, cent)?)? {
                high = mid;
            } else {
                low = mid;
            }
        }
        point.converts_at = Some(Money::new(mul(high, cent)?, p.invested.currency));
        out.push(point);
    }
    Ok(out)
}
