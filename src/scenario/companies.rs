//! Companies read from a file: holders, the pool, events by their kind,
//! and exits.

use rust_decimal::Decimal;
use toml::Spanned;

use crate::company::{self, Company, DayCount, Event, EventKind, ExitAt, ExitRange, Preference};
use crate::error::Result;
use crate::limits::Limit;
use crate::money::Money;

use super::fields::{Ctx, text_of};
use super::raw::{Field, RawCompany, RawEvent, RawExit, Text};

pub(super) fn read_company(ctx: &Ctx<'_>, id: &Text, c: &RawCompany) -> Result<Company> {
    let read = Bounded { ctx };
    let mut common = Vec::new();
    for (holder, n) in &c.common {
        common.push((holder.get_ref().clone(), read.shares(n, "common")?));
    }
    let pool = c
        .pool
        .as_ref()
        .map(|f| read.shares(f, "pool"))
        .transpose()?
        .unwrap_or_default();
    // Each breakpoint is a bisection over the whole waterfall: a hundred
    // rounds take a second; real cap tables have tens.
    let most = usize::try_from(Limit::CompanyEvents.max()).unwrap_or(usize::MAX);
    if let Some(e) = c.events.get(most) {
        return Err(ctx.err(
            e.span(),
            Limit::CompanyEvents.exceeded().to_string(),
            Some("split the history, or combine rounds of the same terms".into()),
        ));
    }
    let events = c
        .events
        .iter()
        .map(|e| read_event(read, e.get_ref()))
        .collect::<Result<_>>()?;
    let exits = c
        .exits
        .iter()
        .map(|x| read_exit(read, x))
        .collect::<Result<_>>()?;
    let exit_range = c
        .exit_range
        .as_ref()
        .map(|t| read_range(read, t))
        .transpose()?;
    let mut options = Vec::new();
    for (holder, o) in &c.options {
        let o = o.get_ref();
        options.push((
            holder.get_ref().clone(),
            read.shares(&o.shares, "options.shares")?,
            read.money(&o.strike, "options.strike")?,
        ));
    }
    Ok(Company {
        name: text_of(&c.name).unwrap_or_else(|| id.get_ref().clone()),
        common,
        pool,
        options,
        events,
        exits,
        exit_range,
    })
}

/// An exit: its `value`, or the `payout` one holder should receive.
fn read_exit(read: Bounded<'_, '_>, x: &Spanned<RawExit>) -> Result<(String, ExitAt)> {
    let ctx = read.ctx;
    let e = x.get_ref();
    let at = match (&e.value, &e.payout) {
        (Some(v), None) => ExitAt::Value(read.money(v, "value")?),
        (None, Some(p)) => {
            let mut entries = p.get_ref().iter();
            match (entries.next(), entries.next()) {
                (Some((holder, amount)), None) => ExitAt::Payout {
                    holder: holder.get_ref().clone(),
                    amount: read.money(amount, "payout")?,
                },
                _ => {
                    return Err(ctx.err(
                        p.span(),
                        "`payout` names one holder and what it should receive",
                        Some("`payout = { founders = \"$10M\" }`".into()),
                    ));
                }
            }
        }
        _ => {
            return Err(ctx.err(
                x.span(),
                format!("exit `{}` needs a `value` or a `payout`, not both", e.id.get_ref()),
                Some("`value = \"$50M\"`, or `payout = { founders = \"$10M\" }` for the least exit that pays it".into()),
            ));
        }
    };
    Ok((e.id.get_ref().clone(), at))
}

/// `exit_range = "$10M..$200M step $10M"`: exit values to tabulate.
pub(super) fn read_range(read: Bounded<'_, '_>, t: &Text) -> Result<ExitRange> {
    let ctx = read.ctx;
    let text = t.get_ref();
    let bad = |why: &str| {
        ctx.err(
            t.span(),
            format!("`exit_range` = `{text}` {why}"),
            Some("write it as `$10M..$200M step $10M`".into()),
        )
    };
    let (from, to, step) = ExitRange::parts(text).map_err(bad)?;
    let money = |part: &str| -> Result<Money> {
        let field: Field = Spanned::new(t.span(), toml::Value::String(part.trim().to_owned()));
        read.money(&field, "exit_range")
    };
    let range = ExitRange {
        from: money(from)?,
        to: money(to)?,
        step: money(step)?,
    };
    range.values().map_err(bad)?;
    Ok(range)
}

/// Field readers that also hold a figure to what a cap table can take
/// (share counts and amounts within bounds, fractions from 0% to 100%).
#[derive(Clone, Copy)]
pub(super) struct Bounded<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl Bounded<'_, '_> {
    fn out_of_bounds(&self, f: &Field, what: &str, why: &str) -> crate::error::Error {
        self.ctx.err(f.span(), format!("`{what}` {why}"), None)
    }

    fn shares(&self, f: &Field, what: &str) -> Result<Decimal> {
        let n = self.ctx.number(f, what)?;
        company::check_shares(n).map_err(|why| self.out_of_bounds(f, what, why))
    }

    fn money(&self, f: &Field, what: &str) -> Result<Money> {
        let m = self.ctx.money(f, what)?;
        company::check_money(m).map_err(|why| self.out_of_bounds(f, what, why))
    }

    fn optional_money(&self, f: &Option<Field>, what: &str) -> Result<Option<Money>> {
        f.as_ref().map(|f| self.money(f, what)).transpose()
    }

    fn fraction(&self, f: &Option<Field>, what: &str) -> Result<Option<Decimal>> {
        let Some(f) = f else { return Ok(None) };
        let v = self.ctx.fraction(f, what)?;
        company::check_fraction(v)
            .map(Some)
            .map_err(|why| self.out_of_bounds(f, what, why))
    }

    /// A multiple such as `1x` or `3x`, from 0 to 100.
    fn multiple(&self, t: &Text, what: &str) -> Result<Decimal> {
        let text = t.get_ref().trim();
        company::multiple(text).map_err(|why| {
            self.ctx.err(
                t.span(),
                format!("`{what}` = `{text}` {why}"),
                Some("write a multiple such as `1x` or `3x`".into()),
            )
        })
    }
}

/// The fields each kind of event takes.
fn fields_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "safe" => &["cap", "discount", "date", "valuation", "mfn"],
        "note" => &["cap", "discount", "date", "interest", "day_count"],
        "secondary" => &["date", "seller", "buyer", "shares", "price", "class"],
        _ => &[
            "date",
            "pre_money",
            "pool_after",
            "preference",
            "participating",
            "cap",
            "seniority",
            "anti_dilution",
            "pool_counts",
        ],
    }
}

/// One event, by its kind. Fields a kind does not take are errors, never
/// silently ignored.
fn read_event(read: Bounded<'_, '_>, e: &RawEvent) -> Result<Event> {
    let ctx = read.ctx;
    let kind = e.kind.get_ref().as_str();
    let takes = fields_of(kind);
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
        ("seller", e.seller.as_ref().map(Spanned::span)),
        ("buyer", e.buyer.as_ref().map(Spanned::span)),
        ("shares", e.shares.as_ref().map(Spanned::span)),
        ("price", e.price.as_ref().map(Spanned::span)),
        ("class", e.class.as_ref().map(Spanned::span)),
        ("valuation", e.valuation.as_ref().map(Spanned::span)),
        ("mfn", e.mfn.as_ref().map(Spanned::span)),
        ("anti_dilution", e.anti_dilution.as_ref().map(Spanned::span)),
        ("pool_counts", e.pool_counts.as_ref().map(Spanned::span)),
    ];
    if let Some((name, at)) = given
        .iter()
        .find_map(|(n, s)| s.clone().filter(|_| !takes.contains(n)).map(|s| (n, s)))
    {
        return Err(ctx.err(
            at,
            format!("a `{kind}` event has no `{name}`"),
            Some(format!("a `{kind}` event takes: {}", takes.join(", "))),
        ));
    }
    let date = e.date.as_ref().map(|f| ctx.date(f, "date")).transpose()?;
    if kind == "secondary" {
        return read_secondary(read, e);
    }
    if kind == "round" {
        let investors = investors(read, e)?;
        return Ok(Event {
            id: e.id.get_ref().clone(),
            kind: read_round(read, e, investors, date)?,
        });
    }
    if let Some(i) = &e.investors {
        return Err(ctx.err(
            i.span(),
            format!("a `{kind}` event has no `investors`: it has one `holder`"),
            None,
        ));
    }
    let need = |what: &str| {
        ctx.err(
            e.id.span(),
            format!("{kind} `{}` needs `{what}`", e.id.get_ref()),
            None,
        )
    };
    let amount = read.money(e.amount.as_ref().ok_or_else(|| need("amount"))?, "amount")?;
    let holder = e
        .holder
        .as_ref()
        .ok_or_else(|| need("holder"))?
        .get_ref()
        .clone();
    let kind = match kind {
        "safe" => {
            let mfn = e.mfn.as_ref().is_some_and(|b| *b.get_ref());
            if mfn && let Some(f) = e.cap.as_ref().or(e.discount.as_ref()) {
                return Err(ctx.err(
                    f.span(),
                    "an MFN SAFE takes its cap and discount from the SAFEs after it: it has none of its own",
                    Some("leave out `cap` and `discount`, or `mfn`".into()),
                ));
            }
            EventKind::Safe {
                holder,
                amount,
                cap: read.optional_money(&e.cap, "cap")?,
                discount: read.fraction(&e.discount, "discount")?.unwrap_or_default(),
                valuation: match &e.valuation {
                    None => company::SafeValuation::Post,
                    Some(t) => {
                        match t.get_ref().as_str() {
                            "post" => company::SafeValuation::Post,
                            "pre" => company::SafeValuation::Pre,
                            other => {
                                return Err(ctx.err(
                                t.span(),
                                format!("unknown SAFE `valuation` = `{other}`"),
                                Some("choose from: post (YC's safe since 2018, the default), pre".into()),
                            ));
                            }
                        }
                    }
                },
                mfn,
            }
        }
        "note" => EventKind::Note {
            holder,
            amount,
            interest: read.fraction(&e.interest, "interest")?.unwrap_or_default(),
            cap: read.optional_money(&e.cap, "cap")?,
            discount: read.fraction(&e.discount, "discount")?.unwrap_or_default(),
            date,
            day_count: match &e.day_count {
                Some(t) => t
                    .get_ref()
                    .parse()
                    .map_err(|why: String| ctx.err(t.span(), why, None))?,
                None => DayCount::default(),
            },
        },
        other => {
            return Err(ctx.err(
                e.kind.span(),
                format!("unknown event kind `{other}`"),
                Some("choose from: safe, note, round, secondary".into()),
            ));
        }
    };
    Ok(Event {
        id: e.id.get_ref().clone(),
        kind,
    })
}

/// A secondary sale: `seller`, `buyer`, `shares` and `price`, and the
/// seller's `class` where it holds more than one (`common` or the id of
/// the event that issued its preferred).
fn read_secondary(read: Bounded<'_, '_>, e: &RawEvent) -> Result<Event> {
    let ctx = read.ctx;
    let id = e.id.get_ref();
    let need = |what: &str| {
        ctx.err(
            e.id.span(),
            format!("secondary `{id}` needs `{what}`"),
            Some("a secondary takes `seller`, `buyer`, `shares` and `price`".into()),
        )
    };
    if let Some((span, name)) = e
        .holder
        .as_ref()
        .map(|t| (t.span(), "holder"))
        .or_else(|| e.amount.as_ref().map(|f| (f.span(), "amount")))
        .or_else(|| e.investors.as_ref().map(|f| (f.span(), "investors")))
    {
        return Err(ctx.err(
            span,
            format!("a `secondary` event has no `{name}`"),
            Some("a secondary takes `seller`, `buyer`, `shares` and `price`".into()),
        ));
    }
    let seller = e.seller.as_ref().ok_or_else(|| need("seller"))?;
    let buyer = e.buyer.as_ref().ok_or_else(|| need("buyer"))?;
    let shares = read.shares(e.shares.as_ref().ok_or_else(|| need("shares"))?, "shares")?;
    if shares.is_zero() {
        return Err(ctx.err(
            e.shares.as_ref().map_or(e.id.span(), Spanned::span),
            "a secondary sells at least one share",
            None,
        ));
    }
    let price = read.money(e.price.as_ref().ok_or_else(|| need("price"))?, "price")?;
    let class = e.class.as_ref().map(|t| match t.get_ref().as_str() {
        "common" => company::Class::Common,
        other => company::Class::Preferred(other.to_owned()),
    });
    Ok(Event {
        id: id.clone(),
        kind: EventKind::Secondary {
            seller: seller.get_ref().clone(),
            buyer: buyer.get_ref().clone(),
            shares,
            price,
            class,
        },
    })
}

/// A round's investors: one `holder` and its `amount`, or several,
/// `investors = { a-fund = "$3M", b-fund = "$2M" }`.
fn investors(read: Bounded<'_, '_>, e: &RawEvent) -> Result<Vec<(String, Money)>> {
    let ctx = read.ctx;
    match (&e.holder, &e.amount, &e.investors) {
        (Some(h), Some(a), None) => Ok(vec![(h.get_ref().clone(), read.money(a, "amount")?)]),
        (None, None, Some(list)) if !list.get_ref().is_empty() => list
            .get_ref()
            .iter()
            .map(|(h, a)| Ok((h.get_ref().clone(), read.money(a, "investors")?)))
            .collect(),
        _ => Err(ctx.err(
            e.id.span(),
            format!(
                "round `{}` needs a `holder` and an `amount`, or `investors`, not both",
                e.id.get_ref()
            ),
            Some(
                "`investors = { a-fund = \"$3M\", b-fund = \"$2M\" }` for several in one class"
                    .into(),
            ),
        )),
    }
}

/// A priced round: its pre-money, the pool it tops up, and the
/// preference its shares carry.
fn read_round(
    read: Bounded<'_, '_>,
    e: &RawEvent,
    investors: Vec<(String, Money)>,
    date: Option<chrono::NaiveDate>,
) -> Result<EventKind> {
    let ctx = read.ctx;
    let pre_money = read
        .optional_money(&e.pre_money, "pre_money")?
        .ok_or_else(|| {
            ctx.err(
                e.id.span(),
                format!("round `{}` needs `pre_money`", e.id.get_ref()),
                None,
            )
        })?;
    let cap = match &e.cap {
        Some(f) => Some(read.multiple(&ctx.as_text(f, "cap")?, "cap")?),
        None => None,
    };
    let anti_dilution = match &e.anti_dilution {
        Some(t) => Some(
            t.get_ref()
                .parse()
                .map_err(|why: String| ctx.err(t.span(), why, None))?,
        ),
        None => None,
    };
    let pool_counts_issued = match e.pool_counts.as_ref().map(|t| (t, t.get_ref().as_str())) {
        None | Some((_, "unissued")) => false,
        Some((_, "issued-and-unissued")) => true,
        Some((t, other)) => {
            return Err(ctx.err(
                t.span(),
                format!("unknown `pool_counts` = `{other}`"),
                Some("choose from: unissued (the default), issued-and-unissued".into()),
            ));
        }
    };
    Ok(EventKind::Round {
        anti_dilution,
        pool_counts_issued,
        investors,
        pre_money,
        pool_after: read.fraction(&e.pool_after, "pool_after")?,
        preference: Preference {
            multiple: e
                .preference
                .as_ref()
                .map(|t| read.multiple(t, "preference"))
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
    })
}
