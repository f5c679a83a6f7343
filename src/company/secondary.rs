//! A secondary sale: existing shares change hands, nothing is issued.

use rust_decimal::Decimal;

use super::{Class, CompanyError, EventResult, Holding, Preferred, Problem, Status, div, mul, sub};
use crate::money::Money;

/// A secondary's terms, as its event gives them.
pub(super) struct Sale<'a> {
    pub(super) event: usize,
    pub(super) id: &'a str,
    pub(super) seller: &'a str,
    pub(super) buyer: &'a str,
    pub(super) shares: Decimal,
    pub(super) price: Money,
    pub(super) class: Option<&'a Class>,
}

/// Moves `shares` of the seller's block of `class` to the buyer, who takes
/// its class and, for preferred, its preference and investment pro rata
/// per share: half of a fund's 2,600,000 Series A shares with a $5.2M
/// preference carry $2.6M of it.
pub(super) fn sell(
    sale: &Sale<'_>,
    holdings: &mut Vec<Holding>,
) -> Result<EventResult, CompanyError> {
    let Sale {
        event,
        id,
        seller,
        buyer,
        shares,
        price,
        class,
    } = *sale;
    let class_of = |h: &Holding| match &h.preferred {
        None => Class::Common,
        Some(p) => Class::Preferred(p.event.clone()),
    };
    let name = |c: &Class| match c {
        Class::Common => "common".to_owned(),
        Class::Preferred(e) => e.clone(),
    };
    // Shares, not options: an option is exercised, not sold.
    let blocks: Vec<usize> = (0..holdings.len())
        .filter(|i| {
            holdings
                .get(*i)
                .is_some_and(|h| h.holder == seller && h.strike.is_none())
        })
        .collect();
    let mut classes: Vec<Class> = Vec::new();
    for i in &blocks {
        if let Some(h) = holdings.get(*i) {
            let c = class_of(h);
            if !classes.contains(&c) {
                classes.push(c);
            }
        }
    }
    let class = match (class, classes.as_slice()) {
        (Some(c), _) => c.clone(),
        (None, [only]) => only.clone(),
        (None, _) if classes.is_empty() => Class::Common,
        (None, _) => {
            return Err(CompanyError::at(
                Problem::WhichClass {
                    event: id.to_owned(),
                    seller: seller.to_owned(),
                    classes: classes.iter().map(name).collect(),
                },
                event,
                None,
            ));
        }
    };
    let holds: Decimal = blocks
        .iter()
        .filter_map(|i| holdings.get(*i))
        .filter(|h| class_of(h) == class)
        .map(|h| h.shares)
        .sum();
    if shares > holds {
        return Err(CompanyError::at(
            Problem::SellsTooMany {
                event: id.to_owned(),
                seller: seller.to_owned(),
                selling: shares,
                holds,
            },
            event,
            Some("shares"),
        ));
    }
    // From the seller's blocks of that class in order, each moved pro rata.
    let mut left = shares;
    let mut bought: Vec<Holding> = Vec::new();
    let mut emptied: Vec<usize> = Vec::new();
    for i in blocks {
        if left.is_zero() {
            break;
        }
        let Some(h) = holdings.get_mut(i) else {
            continue;
        };
        if class_of(h) != class || h.shares.is_zero() {
            continue;
        }
        let moved = left.min(h.shares);
        let part = div(moved, h.shares)?;
        let preferred = match &mut h.preferred {
            Some(p) => {
                let share = |m: Money| -> Result<Money, CompanyError> {
                    Ok(Money::new(mul(m.amount, part)?, m.currency))
                };
                let moved_pref = Preferred {
                    event: p.event.clone(),
                    preference: share(p.preference)?,
                    invested: share(p.invested)?,
                    converted: mul(p.converted, part)?,
                    conversion_price: p.conversion_price,
                    terms: p.terms,
                };
                p.converted = sub(p.converted, moved_pref.converted)?;
                p.preference = Money::new(
                    sub(p.preference.amount, moved_pref.preference.amount)?,
                    p.preference.currency,
                );
                p.invested = Money::new(
                    sub(p.invested.amount, moved_pref.invested.amount)?,
                    p.invested.currency,
                );
                Some(moved_pref)
            }
            None => None,
        };
        h.shares = sub(h.shares, moved)?;
        if h.shares.is_zero() {
            emptied.push(i);
        }
        left = sub(left, moved)?;
        bought.push(Holding {
            holder: buyer.to_owned(),
            shares: moved,
            preferred,
            strike: None,
        });
    }
    // The blocks sold whole are gone (their preference went with them).
    for i in emptied.into_iter().rev() {
        holdings.remove(i);
    }
    holdings.extend(bought);
    Ok(EventResult {
        id: id.to_owned(),
        price_per_share: Some(price),
        shares,
        pre_money: None,
        post_money: None,
        pool_top_up: Decimal::ZERO,
        status: Status::Sold {
            seller: seller.to_owned(),
            buyer: buyer.to_owned(),
        },
        accrual: None,
        conversion_price: None,
        as_converted_shares: None,
        adjustments: Vec::new(),
    })
}
