//! Companies read from a file: holders, the pool, events and exits.

use rust_decimal::Decimal;
use toml::Spanned;

use crate::company::{self, Company, Event, EventKind, Preference};
use crate::error::Result;
use crate::money::Money;

use super::fields::{Ctx, text_of};
use super::raw::{Field, RawCompany, Text};

pub(super) fn read_company(ctx: &Ctx<'_>, id: &Text, c: &RawCompany) -> Result<Company> {
    let bounded =
        |f: &Field, what: &str, why: &str| ctx.err(f.span(), format!("`{what}` {why}"), None);
    let shares = |f: &Field, what: &str| -> Result<Decimal> {
        let n = ctx.number(f, what)?;
        company::check_shares(n).map_err(|why| bounded(f, what, why))
    };
    let bounded_money = |f: &Field, what: &str| -> Result<Money> {
        let m = ctx.money(f, what)?;
        company::check_money(m).map_err(|why| bounded(f, what, why))
    };
    let in_range = |f: &Option<Field>, what: &str| -> Result<Option<Decimal>> {
        let Some(f) = f else { return Ok(None) };
        let v = ctx.fraction(f, what)?;
        company::check_fraction(v)
            .map(Some)
            .map_err(|why| bounded(f, what, why))
    };
    let mut common = Vec::new();
    for (holder, n) in &c.common {
        common.push((holder.get_ref().clone(), shares(n, "common")?));
    }
    let pool = c
        .pool
        .as_ref()
        .map(|f| shares(f, "pool"))
        .transpose()?
        .unwrap_or_default();
    let mut events = Vec::new();
    // Each breakpoint is a bisection over the whole waterfall: a hundred
    // rounds take a second; real cap tables have tens.
    let most = usize::try_from(crate::limits::Limit::CompanyEvents.max()).unwrap_or(usize::MAX);
    if let Some(e) = c.events.get(most) {
        return Err(ctx.err(
            e.span(),
            crate::limits::Limit::CompanyEvents.exceeded().to_string(),
            Some("split the history, or combine rounds of the same terms".into()),
        ));
    }
    for e in &c.events {
        let span = e.span();
        let e = e.get_ref();
        // Fields a kind does not take are errors, never silently ignored.
        let takes: &[&str] = match e.kind.get_ref().as_str() {
            "safe" => &["cap", "discount", "date"],
            "note" => &["cap", "discount", "date", "interest", "day_count"],
            _ => &[
                "date",
                "pre_money",
                "pool_after",
                "preference",
                "participating",
                "cap",
                "seniority",
            ],
        };
        let given = [
            ("date", e.date.as_ref().map(Spanned::span)),
            ("cap", e.cap.as_ref().map(Spanned::span)),
            ("discount", e.discount.as_ref().map(Spanned::span)),
            ("interest", e.interest.as_ref().map(Spanned::span)),
            ("day_count", e.day_count.as_ref().map(Spanned::span)),
            ("pre_money", e.pre_money.as_ref().map(Spanned::span)),
            ("pool_after", e.pool_after.as_ref().map(Spanned::span)),
            ("preference", e.preference.as_ref().map(Spanned::span)),
            ("participating", e.participating.as_ref().map(Spanned::span)),
            ("seniority", e.seniority.as_ref().map(Spanned::span)),
        ];
        if let Some((name, at)) = given
            .iter()
            .find_map(|(n, s)| s.clone().filter(|_| !takes.contains(n)).map(|s| (n, s)))
        {
            return Err(ctx.err(
                at,
                format!("a `{}` event has no `{name}`", e.kind.get_ref()),
                Some(format!(
                    "a `{}` event takes: {}",
                    e.kind.get_ref(),
                    takes.join(", ")
                )),
            ));
        }
        let _ = span;
        let amount = bounded_money(&e.amount, "amount")?;
        let fraction = |f: &Option<Field>, what: &str| in_range(f, what);
        let money =
            |f: &Option<Field>, what: &str| f.as_ref().map(|f| bounded_money(f, what)).transpose();
        let date = e.date.as_ref().map(|f| ctx.date(f, "date")).transpose()?;
        let kind = match e.kind.get_ref().as_str() {
            "safe" => EventKind::Safe {
                holder: e.holder.get_ref().clone(),
                amount,
                cap: money(&e.cap, "cap")?,
                discount: fraction(&e.discount, "discount")?.unwrap_or_default(),
            },
            "note" => EventKind::Note {
                holder: e.holder.get_ref().clone(),
                amount,
                interest: fraction(&e.interest, "interest")?.unwrap_or_default(),
                cap: money(&e.cap, "cap")?,
                discount: fraction(&e.discount, "discount")?.unwrap_or_default(),
                date,
                day_count: match &e.day_count {
                    Some(t) => t
                        .get_ref()
                        .parse()
                        .map_err(|why: String| ctx.err(t.span(), why, None))?,
                    None => company::DayCount::default(),
                },
            },
            "round" => {
                let pre_money = money(&e.pre_money, "pre_money")?.ok_or_else(|| {
                    ctx.err(
                        e.id.span(),
                        format!("round `{}` needs `pre_money`", e.id.get_ref()),
                        None,
                    )
                })?;
                let multiple = |t: &Text, what: &str| -> Result<Decimal> {
                    let text = t.get_ref().trim();
                    text.strip_suffix(['x', 'X'])
                        .and_then(|n| Decimal::from_str_exact(n.trim()).ok())
                        .filter(|m| *m >= Decimal::ZERO && *m <= Decimal::ONE_HUNDRED)
                        .ok_or_else(|| {
                            ctx.err(
                                t.span(),
                                format!("`{what}` = `{text}` is not a multiple"),
                                Some("write a multiple such as `1x` or `3x`".into()),
                            )
                        })
                };
                let cap = match &e.cap {
                    Some(f) => Some(multiple(&ctx.as_text(f, "cap")?, "cap")?),
                    None => None,
                };
                EventKind::Round {
                    holder: e.holder.get_ref().clone(),
                    amount,
                    pre_money,
                    pool_after: fraction(&e.pool_after, "pool_after")?,
                    preference: Preference {
                        multiple: e
                            .preference
                            .as_ref()
                            .map(|t| multiple(t, "preference"))
                            .transpose()?
                            .unwrap_or(Decimal::ONE),
                        participating: e.participating.as_ref().is_some_and(|b| *b.get_ref()),
                        cap,
                        seniority: e
                            .seniority
                            .as_ref()
                            .map(|f| ctx.whole(f, "seniority"))
                            .transpose()?
                            .unwrap_or(1),
                    },
                    date,
                }
            }
            other => {
                return Err(ctx.err(
                    e.kind.span(),
                    format!("unknown event kind `{other}`"),
                    Some("choose from: safe, note, round".into()),
                ));
            }
        };
        events.push(Event {
            id: e.id.get_ref().clone(),
            kind,
        });
    }
    let exits = c
        .exits
        .iter()
        .map(|x| {
            let x = x.get_ref();
            Ok((x.id.get_ref().clone(), bounded_money(&x.value, "value")?))
        })
        .collect::<Result<_>>()?;
    Ok(Company {
        name: text_of(&c.name).unwrap_or_else(|| id.get_ref().clone()),
        common,
        pool,
        events,
        exits,
    })
}
