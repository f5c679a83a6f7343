//! Deals read from a file.

use rust_decimal::Decimal;

use crate::deal::{Deal, DealKind};
use crate::error::Result;

use super::fields::{Ctx, text_of};
use super::raw::RawDeal;

pub(super) fn read_deal(ctx: &Ctx<'_>, d: &RawDeal) -> Result<Deal> {
    let kind = match d.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span())) {
        None | Some(("secondary", _)) => DealKind::Secondary,
        Some(("primary", _)) => DealKind::Primary,
        Some((other, span)) => {
            return Err(ctx.err(
                span,
                format!("unknown deal kind `{other}`"),
                Some("choose from: secondary, primary".into()),
            ));
        }
    };
    let stake = match &d.stake {
        Some(f) => {
            let s = ctx.fraction(f, "stake")?;
            if s <= Decimal::ZERO || s > Decimal::ONE {
                return Err(ctx.err(
                    f.span(),
                    format!(
                        "a stake of {}% is outside 0% to 100%",
                        (s * Decimal::ONE_HUNDRED).normalize()
                    ),
                    Some("a stake is more than 0% and at most 100%".into()),
                ));
            }
            Some(s)
        }
        None => None,
    };
    for (field, name) in [
        (&d.price, "price"),
        (&d.post_money, "post_money"),
        (&d.pre_money, "pre_money"),
        (&d.price_per_share, "price_per_share"),
    ] {
        if let Some(f) = field
            && ctx.money(f, name)?.amount <= Decimal::ZERO
        {
            return Err(ctx.err(f.span(), format!("`{name}` must be positive"), None));
        }
    }
    Ok(Deal {
        buyer: text_of(&d.buyer),
        target: text_of(&d.target),
        date: d.date.as_ref().map(|f| ctx.date(f, "date")).transpose()?,
        stake,
        price: d
            .price
            .as_ref()
            .map(|f| ctx.money(f, "price"))
            .transpose()?,
        post_money: d
            .post_money
            .as_ref()
            .map(|f| ctx.money(f, "post_money"))
            .transpose()?,
        pre_money: d
            .pre_money
            .as_ref()
            .map(|f| ctx.money(f, "pre_money"))
            .transpose()?,
        fractional_shares: d.fractional_shares.as_ref().is_some_and(|b| *b.get_ref()),
        kind,
        shares: d
            .shares
            .as_ref()
            .map(|f| ctx.number(f, "shares"))
            .transpose()?,
        shares_bought: d
            .shares_bought
            .as_ref()
            .map(|f| ctx.number(f, "shares_bought"))
            .transpose()?,
        price_per_share: d
            .price_per_share
            .as_ref()
            .map(|f| ctx.money(f, "price_per_share"))
            .transpose()?,
    })
}
