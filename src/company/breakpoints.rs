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

/// Each preferred holding's breakpoint. The waterfall is piecewise linear
/// in the exit value, so the point is first worked out from its structure
/// and then checked against the waterfall itself at that cent and the one
/// before: two waterfalls a holding instead of forty. Holdings convert in
/// the order of what converting must beat per share (`takes / shares`,
/// its preference or its cap), so holding `i` converts once the exit pays
/// the preferences still standing, `P`, and `takes / shares` on every
/// share in the common pool then, `S` (common, the holdings converted
/// before it, participating preferred): from `V = P + takes / shares x S`.
/// Acme's angel: `V = 6.2M + 1 x 8.1M = 14.3M`, so from $14,300,000.01.
/// Where the check fails (a participating preference with a cap, a
/// preference only partly covered), the point is found by bisection
/// over the cents, as before; either way it is the least cent at which
/// the waterfall converts the holding.
pub(super) fn breakpoints(holdings: &[Holding]) -> Result<Vec<Breakpoint>, CompanyError> {
    find(holdings, true)
}

/// Each point by bisection alone: what [`breakpoints`] must equal.
#[cfg(test)]
pub(super) fn by_bisection(holdings: &[Holding]) -> Result<Vec<Breakpoint>, CompanyError> {
    find(holdings, false)
}

/// What converting must beat, per share: the preference, or for a
/// participating preference with a cap, the cap's worth if larger.
fn takes(h: &Holding) -> Result<Option<Decimal>, CompanyError> {
    let Some(p) = &h.preferred else {
        return Ok(None);
    };
    Ok(Some(match p.terms.cap {
        Some(cap) => mul(cap, p.invested.amount)?.max(p.preference.amount),
        None => p.preference.amount,
    }))
}

/// Holding `i`'s breakpoint from the waterfall's structure, before it is
/// checked: see [`breakpoints`]. At the point, a common share is worth
/// `own = takes / shares` of holding `i`; every other holding then either
/// has converted (what it must beat per share is below `own`: its shares
/// are in the pool), or stands on its preference (a participating one in
/// the pool as well), or, participating with a cap it has reached at
/// `own` a share, stands on its cap. Holding `i` converts once the exit
/// pays what stands and `own` on every share of the pool and its own:
/// `V = standing + own x (pool + shares)`.
fn estimate(
    holdings: &[Holding],
    i: usize,
    per_share: &[Option<Decimal>],
) -> Result<Option<Decimal>, CompanyError> {
    let (Some(Some(own)), Some(me)) = (per_share.get(i).copied(), holdings.get(i)) else {
        return Ok(None);
    };
    let (mut standing, mut pool) = (Decimal::ZERO, me.shares);
    for (j, h) in holdings.iter().enumerate() {
        if j == i {
            continue;
        }
        let Some(p) = &h.preferred else {
            pool = add(pool, h.shares)?;
            continue;
        };
        let beats = per_share.get(j).copied().flatten();
        match (p.terms.participating, p.terms.cap) {
            (true, None) => {
                standing = add(standing, p.preference.amount)?;
                pool = add(pool, h.shares)?;
            }
            _ if beats.is_some_and(|t| t < own) => pool = add(pool, h.shares)?,
            (true, Some(cap)) => {
                let limit = mul(cap, p.invested.amount)?;
                let with_part = add(p.preference.amount, mul(own, h.shares)?)?;
                if with_part >= limit {
                    standing = add(standing, limit.max(p.preference.amount))?;
                } else {
                    standing = add(standing, p.preference.amount)?;
                    pool = add(pool, h.shares)?;
                }
            }
            (false, _) => standing = add(standing, p.preference.amount)?,
        }
    }
    Ok(Some(add(standing, mul(own, pool)?)?))
}

fn find(holdings: &[Holding], from_structure: bool) -> Result<Vec<Breakpoint>, CompanyError> {
    let all_shares = total(holdings.iter().map(|h| h.shares))?;
    let all_preferences = total(
        holdings
            .iter()
            .filter_map(|h| h.preferred.as_ref().map(|p| p.preference.amount)),
    )?;
    let per_share: Vec<Option<Decimal>> = holdings
        .iter()
        .map(|h| {
            Ok(match takes(h)? {
                Some(t) if !h.shares.is_zero() => Some(div(t, h.shares)?),
                _ => None,
            })
        })
        .collect::<Result<_, CompanyError>>()?;
    // Each holding's point on its own, the holdings dealt out over the
    // cores like cards (even ones to one core, odd to the other: later
    // holdings, which more convert before, cost more), then put back in
    // order.
    let n = holdings.len();
    let dealt: Vec<usize> = (0..n).step_by(2).chain((1..n).step_by(2)).collect();
    let mut found: Vec<_> = dealt
        .iter()
        .zip(crate::parallel::map(&dealt, |&i| {
            point_of(
                holdings,
                i,
                &per_share,
                all_shares,
                all_preferences,
                from_structure,
            )
        }))
        .collect();
    // In order, so that an error is the first holding's at fault.
    found.sort_by_key(|(i, _)| **i);
    found
        .into_iter()
        .filter_map(|(_, point)| point.transpose())
        .collect()
}

/// Holding `i`'s breakpoint: none for a holding that is not preferred or
/// has no shares (a SAFE paid its amount at an exit has nothing to
/// convert into).
fn point_of(
    holdings: &[Holding],
    i: usize,
    per_share: &[Option<Decimal>],
    all_shares: Decimal,
    all_preferences: Decimal,
    from_structure: bool,
) -> Result<Option<Breakpoint>, CompanyError> {
    let Some(h) = holdings.get(i) else {
        return Ok(None);
    };
    let Some(p) = &h.preferred else {
        return Ok(None);
    };
    if h.shares.is_zero() {
        return Ok(None);
    }
    let mut point = Breakpoint {
        event: p.event.clone(),
        holder: h.holder.clone(),
        converts_at: None,
    };
    if p.terms.participating && p.terms.cap.is_none() {
        return Ok(Some(point));
    }
    let cent = Decimal::new(1, p.invested.currency.minor_units());
    let converts = |value: Decimal| -> Result<bool, CompanyError> {
        Ok(settle(value, holdings)?
            .converting
            .get(i)
            .copied()
            .unwrap_or(false))
    };
    // From the structure: the least cent past the estimate, if the
    // waterfall converts there and not a cent before.
    if from_structure && let Some(v) = estimate(holdings, i, per_share)? {
        let at = mul(add(div(v, cent)?.floor(), Decimal::ONE)?, cent)?;
        if converts(at)? && !converts(sub(at, cent)?)? {
            point.converts_at = Some(Money::new(at, p.invested.currency));
            return Ok(Some(point));
        }
    }
    let own = per_share.get(i).copied().flatten().unwrap_or_default();
    let bound = add(mul(own, all_shares)?, all_preferences)?;
    let top = add(bound.ceil(), Decimal::ONE)?;
    if !converts(top)? {
        return Ok(Some(point));
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
    Ok(Some(point))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::{breakpoints, by_bisection};
    use crate::company::{Company, Event, EventKind, Preference, SafeValuation};
    use crate::testing::usd;

    /// A round's terms: money, pre-money, a preference multiple,
    /// participation, a cap, a rank, and whether a SAFE comes before it.
    type Terms = (u32, u32, u32, bool, Option<u32>, u32, bool);

    /// A round's terms drawn at random.
    fn round() -> impl Strategy<Value = Terms> {
        (
            1_u32..50,
            1_u32..200,
            0_u32..4,
            any::<bool>(),
            proptest::option::of(2_u32..5),
            0_u32..3,
            any::<bool>(),
        )
    }

    fn company(rounds: &[Terms]) -> Company {
        let mut events = Vec::new();
        for (k, (money, pre, multiple, participating, cap, seniority, safe)) in
            rounds.iter().enumerate()
        {
            if *safe {
                events.push(Event {
                    id: format!("safe-{k}"),
                    kind: EventKind::Safe {
                        holder: format!("angel-{k}"),
                        amount: usd(&format!("{}", u64::from(*money) * 20_000)),
                        cap: Some(usd(&format!("{}", u64::from(*pre) * 1_000_000))),
                        discount: Decimal::ZERO,
                        valuation: SafeValuation::Post,
                        mfn: false,
                    },
                });
            }
            events.push(Event {
                id: format!("round-{k}"),
                kind: EventKind::Round {
                    anti_dilution: None,
                    pool_counts_issued: false,
                    investors: vec![(
                        format!("fund-{k}"),
                        usd(&format!("{}", u64::from(*money) * 100_000)),
                    )],
                    pre_money: usd(&format!("{}", u64::from(*pre) * 1_000_000)),
                    pool_after: None,
                    preference: Preference {
                        multiple: Decimal::from(*multiple),
                        participating: *participating,
                        cap: cap.map(Decimal::from).filter(|_| *participating),
                        seniority: *seniority,
                    },
                    date: None,
                },
            });
        }
        Company {
            name: "random".into(),
            common: vec![("founders".into(), Decimal::from(10_000_000))],
            pool: Decimal::from(1_000_000),
            options: Vec::new(),
            events,
            exits: vec![],
            exit_range: None,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
        ))]

        /// Breakpoints from the waterfall's structure are the cents that
        /// bisection over the whole waterfall finds, on random cap tables
        /// of up to six rounds with every kind of preference.
        #[test]
        fn structure_finds_what_bisection_finds(rounds in proptest::collection::vec(round(), 1..6)) {
            let c = company(&rounds);
            let Ok(r) = c.evaluate() else { return Ok(()) };
            prop_assert_eq!(breakpoints(&r.holdings).unwrap(), by_bisection(&r.holdings).unwrap());
        }
    }
}
