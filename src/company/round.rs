//! A priced round: the pool shuffle, the SAFEs and notes it converts (each at the lowest of its candidate prices, solved exactly), and the new shares.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{
    Accrual, CompanyError, DayCount, EventResult, Holding, Preference, Preferred, add, div, mul,
    sub, too_big, total,
};
use super::{Problem, Status};
use crate::money::Money;

/// A SAFE or note waiting for a round.
pub(super) struct Pending {
    pub(super) event: usize,
    pub(super) holder: String,
    /// What converts: the purchase amount, or principal plus interest.
    pub(super) amount: Money,
    /// Invested, for the preference.
    pub(super) invested: Money,
    pub(super) cap: Option<Money>,
    /// What the cap prices.
    pub(super) basis: CapBasis,
    /// Takes the best terms of the SAFEs after it.
    pub(super) mfn: bool,
    pub(super) discount: Decimal,
    pub(super) date: Option<NaiveDate>,
    pub(super) interest: Decimal,
    pub(super) day_count: DayCount,
}

pub(super) fn waiting(id: &str) -> EventResult {
    EventResult {
        id: id.to_owned(),
        price_per_share: None,
        shares: Decimal::ZERO,
        pre_money: None,
        post_money: None,
        pool_top_up: Decimal::ZERO,
        status: Status::Waiting,
        accrual: None,
        conversion_price: None,
        as_converted_shares: None,
        adjustments: Vec::new(),
    }
}

/// What an instrument's cap prices: the capitalization with the SAFEs (a
/// post-money SAFE), before them with the pool top-up (a pre-money SAFE),
/// or before them without it (a note's pre-money cap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CapBasis {
    PostMoneySafe,
    PreMoneySafe,
    Note,
}

/// A priced round's terms, as its event gives them.
pub(super) struct RoundTerms<'a> {
    /// Its index among the company's events, for errors.
    pub(super) event: usize,
    /// Its id.
    pub(super) id: &'a str,
    /// The new investors and their money.
    pub(super) investors: &'a [(String, Money)],
    /// The valuation before it.
    pub(super) pre_money: Money,
    /// The unissued pool after it, as a share of the post-money shares.
    pub(super) pool_after: Option<Decimal>,
    /// The new preferred's preference.
    pub(super) preference: Preference,
    /// `pool_after` counts the issued options too.
    pub(super) pool_counts_issued: bool,
    /// When.
    pub(super) date: Option<NaiveDate>,
}

/// The interest a note has accrued by the round, for the note's day
/// count: none for a SAFE or a note without interest.
fn accrue(
    p: &Pending,
    terms: &RoundTerms<'_>,
    results: &[EventResult],
) -> Result<Option<Accrual>, CompanyError> {
    if p.interest.is_zero() {
        return Ok(None);
    }
    let round = || terms.id.to_owned();
    let note = results
        .get(p.event)
        .map_or("", |r| r.id.as_str())
        .to_owned();
    let (from, to) = match (p.date, terms.date) {
        (Some(from), Some(to)) => (from, to),
        (None, _) => {
            return Err(CompanyError::at(
                Problem::NoteWithoutDate { note },
                p.event,
                Some("interest"),
            ));
        }
        (Some(from), None) => {
            return Err(CompanyError::at(
                Problem::RoundWithoutDate {
                    round: round(),
                    note,
                    from,
                },
                terms.event,
                None,
            ));
        }
    };
    if to < from {
        return Err(CompanyError::at(
            Problem::RoundBeforeNote {
                round: round(),
                round_date: to,
                note,
                note_date: from,
            },
            terms.event,
            Some("date"),
        ));
    }
    let years = p.day_count.year_fraction(from, to).ok_or_else(too_big)?;
    let interest = mul(mul(p.amount.amount, p.interest)?, years)?;
    let conversion = add(p.amount.amount, interest)?;
    Ok(Some(Accrual {
        principal: p.amount,
        rate: p.interest,
        days: (to - from).num_days(),
        day_count: p.day_count,
        years,
        interest: Money::new(interest, p.amount.currency),
        conversion_amount: Money::new(conversion, p.amount.currency),
    }))
}

/// A round's new money: every investor's, in the pre-money's currency.
fn new_money(terms: &RoundTerms<'_>) -> Result<Money, CompanyError> {
    let currency = terms.pre_money.currency;
    let mut amount = Money::zero(currency);
    for (_, m) in terms.investors {
        if m.currency != currency {
            return Err(CompanyError::at(
                Problem::RoundCurrencies {
                    round: terms.id.to_owned(),
                    amount: m.currency,
                    pre_money: currency,
                },
                terms.event,
                Some("pre_money"),
            ));
        }
        amount = Money::new(add(amount.amount, m.amount)?, currency);
    }
    if terms.investors.is_empty() {
        return Err(CompanyError::at(
            Problem::RoundNotPositive {
                round: terms.id.to_owned(),
            },
            terms.event,
            None,
        ));
    }
    Ok(amount)
}

/// Each MFN SAFE takes the lowest cap and the highest discount of the SAFEs
/// issued after it and still waiting (those before the round), where they
/// are better than its own: an MFN SAFE followed by one at a $8M cap and
/// one at a $6M cap with 10% off converts as a $6M cap with 10% off.
pub(super) fn apply_mfn(pending: &mut [Pending]) {
    for i in 0..pending.len() {
        if !pending.get(i).is_some_and(|p| p.mfn) {
            continue;
        }
        let later = pending
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .filter(|p| p.basis != CapBasis::Note);
        let (mut cap, mut discount): (Option<Money>, Decimal) = (None, Decimal::ZERO);
        for p in later {
            if let Some(c) = p.cap
                && cap.is_none_or(|best| c.amount < best.amount)
            {
                cap = Some(c);
            }
            discount = discount.max(p.discount);
        }
        if let Some(p) = pending.get_mut(i) {
            if cap.is_some() {
                p.cap = cap;
            }
            p.discount = p.discount.max(discount);
        }
    }
}

/// The pool top-up a round's `pool_after` asks for, or none: with k =
/// pool_after x post-money / pre-money, the pool it counts (unissued, or
/// with the options granted) must reach k of the shares before the money.
fn top_up_of(
    terms: &RoundTerms<'_>,
    post: Decimal,
    holdings: &[Holding],
    pool: Decimal,
) -> Result<Option<TopUp>, CompanyError> {
    let Some(p) = terms.pool_after else {
        return Ok(None);
    };
    let k = div(mul(p, post)?, terms.pre_money.amount)?;
    if k >= Decimal::ONE {
        return Err(CompanyError::at(
            Problem::PoolLeavesNoRoom {
                round: terms.id.to_owned(),
                pool: p,
            },
            terms.event,
            Some("pool_after"),
        ));
    }
    let issued = if terms.pool_counts_issued {
        total(
            holdings
                .iter()
                .filter(|h| h.strike.is_some())
                .map(|h| h.shares),
        )?
    } else {
        Decimal::ZERO
    };
    Ok(Some(TopUp {
        k,
        pool: add(pool, issued)?,
    }))
}

/// A priced round: see the module documentation.
pub(super) fn round(
    terms: &RoundTerms<'_>,
    holdings: &mut Vec<Holding>,
    pool: &mut Decimal,
    pending: &mut Vec<Pending>,
    results: &mut [EventResult],
) -> Result<EventResult, CompanyError> {
    let RoundTerms {
        event,
        id,
        investors,
        pre_money,
        preference,
        ..
    } = *terms;
    let round = || id.to_owned();
    let amount = new_money(terms)?;
    apply_mfn(pending);
    if amount.currency != pre_money.currency {
        return Err(CompanyError::at(
            Problem::RoundCurrencies {
                round: round(),
                amount: amount.currency,
                pre_money: pre_money.currency,
            },
            event,
            Some("pre_money"),
        ));
    }
    if pre_money.amount <= Decimal::ZERO || amount.amount <= Decimal::ZERO {
        return Err(CompanyError::at(
            Problem::RoundNotPositive { round: round() },
            event,
            None,
        ));
    }
    let post = add(pre_money.amount, amount.amount)?;
    let base = add(total(holdings.iter().map(|h| h.shares))?, *pool)?;
    if base <= Decimal::ZERO {
        return Err(CompanyError::at(
            Problem::RoundWithoutShares { round: round() },
            event,
            None,
        ));
    }
    // What each SAFE or note converts: principal plus interest to the
    // round, which needs both dates (never a silent zero interest).
    let mut owed: Vec<Decimal> = Vec::with_capacity(pending.len());
    let mut accruals: Vec<Option<Accrual>> = Vec::with_capacity(pending.len());
    for p in pending.iter() {
        let accrual = accrue(p, terms, results)?;
        owed.push(
            accrual
                .as_ref()
                .map_or(p.amount.amount, |a| a.conversion_amount.amount),
        );
        accruals.push(accrual);
    }
    let top_up = top_up_of(terms, post, holdings, *pool)?;
    let (shares, prices) = conversions(id, base, pending, &owed, pre_money.amount, top_up)
        .map_err(|e| match e.at {
            None => CompanyError::at(e.problem, event, None),
            Some(_) => e,
        })?;
    // Whole shares, after dropping the last digits of division noise
    // (999,999.99999999999 is 1,000,000): converting and new shares down,
    // the top-up up.
    let whole = |x: Decimal| x.round_dp(12);
    let capitalization = add(base, total(shares.iter().copied())?)?;
    let top_up = match top_up {
        Some(t) => whole(t.at(capitalization)?).ceil(),
        None => Decimal::ZERO,
    };
    for ((((p, s), owed), accrual), conversion_price) in pending
        .iter()
        .zip(&shares)
        .zip(&owed)
        .zip(accruals)
        .zip(prices)
    {
        let count = whole(*s).floor();
        holdings.push(Holding {
            holder: p.holder.clone(),
            shares: count,
            preferred: Some(Preferred {
                event: id.to_owned(),
                // Shadow preferred: its preference is what converted (a
                // note's principal and interest, a SAFE's purchase amount).
                preference: Money::new(*owed, p.amount.currency),
                invested: p.invested,
                converted: *owed,
                conversion_price,
                terms: Preference::default(),
            }),
            strike: None,
        });
        if let Some(r) = results.get_mut(p.event) {
            r.shares = count;
            r.price_per_share =
                (!count.is_zero()).then(|| Money::new(conversion_price, p.amount.currency));
            r.status = Status::ConvertedIn(id.to_owned());
            r.accrual = accrual;
        }
    }
    pending.clear();
    let fully_diluted = add(
        add(total(holdings.iter().map(|h| h.shares))?, *pool)?,
        top_up,
    )?;
    let price = div(pre_money.amount, fully_diluted)?;
    *pool = add(*pool, top_up)?;
    // Each investor's shares rounded down on their own, each with its own
    // preference: $3M and $2M at $2.00 are 1,500,000 and 1,000,000.
    let mut new_shares = Decimal::ZERO;
    for (holder, money) in investors {
        let shares = whole(div(money.amount, price)?).floor();
        new_shares = add(new_shares, shares)?;
        holdings.push(Holding {
            holder: holder.clone(),
            shares,
            preferred: Some(Preferred {
                event: id.to_owned(),
                preference: Money::new(mul(preference.multiple, money.amount)?, money.currency),
                invested: *money,
                converted: money.amount,
                conversion_price: price,
                terms: preference,
            }),
            strike: None,
        });
    }
    Ok(EventResult {
        id: id.to_owned(),
        price_per_share: Some(Money::new(price, amount.currency)),
        shares: new_shares,
        pre_money: Some(pre_money),
        post_money: Some(Money::new(post, amount.currency)),
        pool_top_up: top_up,
        status: Status::Priced,
        accrual: None,
        conversion_price: None,
        as_converted_shares: None,
        adjustments: Vec::new(),
    })
}

/// Which price a converting instrument takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Candidate {
    /// The round's price less its discount.
    Round,
    /// Its cap's price.
    Cap,
}

/// The pool top-up a round needs: with fd the capitalization before it
/// (every issued share, the pool, the converting shares) and k =
/// pool_after x post-money / pre-money, T = (k fd - pool) / (1 - k) when
/// positive, so that the pool is `pool_after` of the post-money shares.
#[derive(Clone, Copy, Debug)]
pub(super) struct TopUp {
    pub(super) k: Decimal,
    pub(super) pool: Decimal,
}

impl TopUp {
    /// T at `fd`, exact; zero when the pool is already large enough.
    fn at(self, fd: Decimal) -> Result<Decimal, CompanyError> {
        let t = div(
            sub(mul(self.k, fd)?, self.pool)?,
            sub(Decimal::ONE, self.k)?,
        )?;
        Ok(t.max(Decimal::ZERO))
    }

    /// (u, v) with fd + T = u fd + v where T is positive: u = 1 / (1 -
    /// k), v = -pool / (1 - k).
    fn affine(self) -> Result<(Decimal, Decimal), CompanyError> {
        let rest = sub(Decimal::ONE, self.k)?;
        Ok((div(Decimal::ONE, rest)?, div(-self.pool, rest)?))
    }
}

/// The shares and conversion price of each SAFE and note a round
/// converts, exactly: each takes the lowest of its candidate prices (the
/// round's less its discount; its cap's). The round's price depends on
/// their shares and the pool top-up, and a post-money cap's price on the
/// company capitalization, but once it is known which candidate each
/// takes and whether the pool is topped up, the shares solve one linear
/// equation: start from the caps, solve, check the choices, solve again
/// until they hold (a few rounds at most), so no iteration stops a hair
/// short of the answer (1,999,999.9999999 shares floored to 1,999,999).
///
/// With fd + T = u fd + v ([`TopUp::affine`]), an instrument takes owed /
/// (pre (1 - d)) x (fd + T) shares at the round's price, owed / cap x fd
/// at a post-money cap, owed x base / cap at a pre-money cap; fd = base +
/// the sum of those, solved for fd.
pub(super) fn conversions(
    id: &str,
    base: Decimal,
    pending: &[Pending],
    owed: &[Decimal],
    pre_money: Decimal,
    top_up: Option<TopUp>,
) -> Result<(Vec<Decimal>, Vec<Decimal>), CompanyError> {
    let mut choice: Vec<Candidate> = pending
        .iter()
        .map(|p| {
            if p.cap.is_some() {
                Candidate::Cap
            } else {
                Candidate::Round
            }
        })
        .collect();
    let mut topped = false;
    for _ in 0..(2 * pending.len() + 4) {
        let (u, v) = match top_up {
            Some(t) if topped => t.affine()?,
            _ => (Decimal::ONE, Decimal::ZERO),
        };
        // fd = base + a fd + b.
        let (mut a, mut b) = (Decimal::ZERO, Decimal::ZERO);
        for ((p, o), c) in pending.iter().zip(owed).zip(&choice) {
            match (c, p.cap, p.basis) {
                (Candidate::Cap, Some(cap), CapBasis::PostMoneySafe) => {
                    a = add(a, div(*o, cap.amount)?)?;
                }
                // o / cap x (base + T), with T = (u - 1) fd + v once topped.
                (Candidate::Cap, Some(cap), CapBasis::PreMoneySafe) => {
                    let r = div(*o, cap.amount)?;
                    a = add(a, mul(r, sub(u, Decimal::ONE)?)?)?;
                    b = add(b, mul(r, add(base, v)?)?)?;
                }
                (Candidate::Cap, Some(cap), CapBasis::Note) => {
                    b = add(b, div(mul(*o, base)?, cap.amount)?)?;
                }
                _ => {
                    let r = div(*o, mul(pre_money, sub(Decimal::ONE, p.discount)?)?)?;
                    a = add(a, mul(r, u)?)?;
                    b = add(b, mul(r, v)?)?;
                }
            }
        }
        if a >= Decimal::ONE {
            return Err(Problem::ConvertersOwnAll {
                round: id.to_owned(),
            }
            .into());
        }
        let fd = div(add(base, b)?, sub(Decimal::ONE, a)?)?;
        let t = match top_up {
            Some(t) => t.at(fd)?,
            None => Decimal::ZERO,
        };
        let price = div(pre_money, add(fd, t)?)?;
        let mut prices = Vec::with_capacity(pending.len());
        let mut next = Vec::with_capacity(pending.len());
        for p in pending {
            let at_round = mul(price, sub(Decimal::ONE, p.discount)?)?;
            let at_cap = match (p.cap, p.basis) {
                (Some(cap), CapBasis::PostMoneySafe) => Some(div(cap.amount, fd)?),
                (Some(cap), CapBasis::PreMoneySafe) => Some(div(cap.amount, add(base, t)?)?),
                (Some(cap), CapBasis::Note) => Some(div(cap.amount, base)?),
                (None, _) => None,
            };
            match at_cap {
                Some(c) if c < at_round => {
                    prices.push(c);
                    next.push(Candidate::Cap);
                }
                _ => {
                    prices.push(at_round);
                    next.push(Candidate::Round);
                }
            }
        }
        let now_topped = t > Decimal::ZERO;
        if next == choice && now_topped == topped {
            let shares = owed
                .iter()
                .zip(&prices)
                .map(|(o, price)| div(*o, *price))
                .collect::<Result<_, _>>()?;
            return Ok((shares, prices));
        }
        choice = next;
        topped = now_topped;
    }
    Err(Problem::NotSettled {
        round: id.to_owned(),
    }
    .into())
}

/// SAFEs and notes no round converted: shares at their caps.
pub(super) fn convert_at_cap(
    holdings: &mut Vec<Holding>,
    pool: Decimal,
    pending: &mut Vec<Pending>,
    results: &mut [EventResult],
) -> Result<(), CompanyError> {
    apply_mfn(pending);
    let issued = total(holdings.iter().map(|h| h.shares))?;
    let base = add(issued, pool)?;
    if base <= Decimal::ZERO {
        return Err(Problem::NoSharesForSafes.into());
    }
    let mut owned = Decimal::ZERO;
    for p in pending
        .iter()
        .filter(|p| p.basis == CapBasis::PostMoneySafe)
    {
        if let Some(c) = p.cap {
            owned = add(owned, div(p.amount.amount, c.amount)?)?;
        }
    }
    if owned >= Decimal::ONE {
        return Err(Problem::CapsOwnAll.into());
    }
    let capitalization = div(base, Decimal::ONE - owned)?;
    for p in pending.drain(..) {
        // No cap and no round: at an exit, its purchase amount beside the
        // preferred (YC's safe: "on par with" them), as a block of no
        // shares, never dropped. Otherwise shares at its cap's price.
        let priced = match p.cap {
            None => None,
            Some(cap) => {
                let over = if p.basis == CapBasis::PostMoneySafe {
                    capitalization
                } else {
                    base
                };
                let price = div(cap.amount, over)?;
                Some((div(p.amount.amount, price)?.round_dp(12).floor(), price))
            }
        };
        let (whole, price) = priced.unwrap_or((Decimal::ZERO, Decimal::ZERO));
        holdings.push(Holding {
            holder: p.holder.clone(),
            shares: whole,
            preferred: Some(Preferred {
                event: results
                    .get(p.event)
                    .map(|r| r.id.clone())
                    .unwrap_or_default(),
                preference: p.invested,
                invested: p.invested,
                converted: p.amount.amount,
                conversion_price: price,
                terms: Preference::default(),
            }),
            strike: None,
        });
        if let Some(r) = results.get_mut(p.event) {
            match priced {
                Some(_) => {
                    r.shares = whole;
                    r.price_per_share = Some(Money::new(price, p.amount.currency));
                    r.status = Status::AtCap;
                }
                None => r.status = Status::PaidAtExit,
            }
        }
    }
    Ok(())
}
