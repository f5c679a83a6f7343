//! What a claim is about: its subject read as an expression
//! ([`claim::Expr`]) over operands, each a typed figure path
//! ([`claim::path::Path`]) resolved against the file's results, or an
//! amount read with the file's conventions.

use std::collections::HashMap;
use std::ops::Range;

use crate::amount::Unit;
use crate::claim::expr::{EvalError, ExprError};
use crate::claim::path::{CompanyFigure, DealField, EventField, OfferFigure, Path, View};
use crate::claim::{self, Expr, Figure};
use crate::error::Result;
use crate::money::Money;
use crate::offer::{Breakdown, By, Offer, PeriodId};

use super::fields::Ctx;
use super::raw::Text;
use super::results::{CompanyEntry, DealResult, OfferResult};

/// A deal's figure a claim is about: the deal and the field, for what
/// would make it hold.
pub(super) type DealFigure<'r> = (&'r DealResult, DealField);

/// What a claim's operands may name: the file's results, and each offer's
/// breakdown in the other period view, made once when a claim asks
/// (`offers.ny.calendar.2026` of an offer broken down by grant year).
pub(super) struct Sources<'r> {
    pub(super) offers: &'r [OfferResult],
    pub(super) deals: &'r [DealResult],
    pub(super) companies: &'r [CompanyEntry],
    pub(super) other_view: HashMap<String, Breakdown>,
    /// The claim being judged reads its inputs as printed: an amount in
    /// `of` may carry its qualifier (`about $100 million`).
    pub(super) printed: bool,
}

/// Reads and computes a claim's subject: one figure, or an expression
/// over figures and amounts (`deals.a.price + deals.b.price`,
/// `(deals.b.post_money - deals.a.post_money) / deals.a.post_money`). A
/// single deal figure comes with its deal, for what would make it hold.
pub(super) fn subject_expr<'r>(
    ctx: &Ctx<'_>,
    of: &Text,
    sources: &mut Sources<'r>,
) -> Result<(Figure, Option<DealFigure<'r>>)> {
    let text = of.get_ref();
    let base = ctx.string_offset(&of.span(), text);
    let at = |r: &Range<usize>| match base {
        Some(b) => b + r.start..b + r.end,
        None => of.span(),
    };
    let expr = Expr::parse(text).map_err(|e| match e {
        ExprError::Incomplete { span } => ctx.err(
            if span == (0..text.len()) {
                of.span()
            } else {
                at(&span)
            },
            format!("`{text}` is not a complete expression"),
            Some("an expression is figures and amounts with + - * / and parentheses".into()),
        ),
        ExprError::TooDeep(limit) => ctx.err(
            of.span(),
            format!("`of` has {limit}"),
            Some("write the expression with fewer parentheses".into()),
        ),
    })?;
    if let Some(r) = expr.single() {
        let operand = toml::Spanned::new(
            if r == (0..text.len()) {
                of.span()
            } else {
                at(&r)
            },
            text.get(r).unwrap_or_default().to_owned(),
        );
        return operand_figure(ctx, &operand, sources);
    }
    let figure = expr
        .eval(text, &mut |written, r| {
            let operand = toml::Spanned::new(at(&r), written.to_owned());
            operand_figure(ctx, &operand, sources).map(|(f, _)| f)
        })
        .map_err(|e| match e {
            EvalError::Operand(e) => e,
            EvalError::Arith(a) => {
                let hint = reporting_hint(text, &a, sources);
                ctx.err(of.span(), a.to_string(), hint)
            }
        })?;
    Ok((figure, None))
}

/// Offers in two currencies compare in the file's reporting currency:
/// the same expression with each offer path under `reporting.`.
fn reporting_hint(
    text: &str,
    a: &crate::claim::expr::Arith,
    sources: &Sources<'_>,
) -> Option<String> {
    let crate::claim::expr::Arith::Currencies(..) = a else {
        return None;
    };
    if !text.contains("offers.") {
        return None;
    }
    let currency = sources
        .offers
        .iter()
        .find_map(|o| o.breakdown.reporting.as_ref())
        .map(|r| r.currency);
    let rewritten: Vec<String> = text
        .split(' ')
        .map(|word| match word.strip_prefix("offers.") {
            Some(rest) if !rest.contains(".reporting.") => {
                let (id, figure) = rest.split_once('.').unwrap_or((rest, ""));
                if figure.starts_with("reporting.") || figure.starts_with("real.") {
                    word.to_owned()
                } else {
                    format!("offers.{id}.reporting.{figure}")
                }
            }
            _ => word.to_owned(),
        })
        .collect();
    Some(match currency {
        Some(c) => format!(
            "compare the offers in the file's currency, {c}: `{}`",
            rewritten.join(" ")
        ),
        None => format!(
            "set the file's `currency` and compare them in it: `{}`",
            rewritten.join(" ")
        ),
    })
}

/// One operand: a figure path, or an amount.
pub(super) fn operand_figure<'r>(
    ctx: &Ctx<'_>,
    of: &Text,
    sources: &mut Sources<'r>,
) -> Result<(Figure, Option<DealFigure<'r>>)> {
    let text = of.get_ref().trim();
    let span = of.span();
    let path = Path::parse(text).map_err(|e| {
        ctx.err(
            span.clone(),
            match &e {
                claim::path::PathError::CompanyFigure { what } => format!("no {what} in `{text}`"),
                other => other.to_string(),
            },
            Some(format!("choose from: {}", e.choices())),
        )
    })?;
    let unknown_id = |kind: &str, plural: &str, id: &str, known: Vec<&str>| {
        ctx.err(
            span.clone(),
            format!("unknown {kind} `{id}` in `{text}`"),
            Some(if known.is_empty() {
                format!("this file has no {plural}")
            } else {
                format!("{plural} in this file: {}", known.join(", "))
            }),
        )
    };
    match path {
        None => {
            let a = if sources.printed {
                ctx.figure_text(of)?
            } else {
                ctx.amount_text(of)?
            };
            let figure = match a.unit {
                Unit::Currency(..) => Figure::Money(ctx.money_of(of, &a)?),
                Unit::Percent => Figure::Fraction(a.value),
                Unit::Number => Figure::Count(a.value),
            };
            Ok((figure, None))
        }
        Some(Path::Deal { id, field }) => {
            let deals = sources.deals;
            let d = deals.iter().find(|d| d.id == id).ok_or_else(|| {
                unknown_id(
                    "deal",
                    "deals",
                    id,
                    deals.iter().map(|d| d.id.as_str()).collect(),
                )
            })?;
            deal_figure(ctx, &span, text, d, field).map(|f| (f, Some((d, field))))
        }
        Some(Path::Company { id, figure }) => {
            let c = sources
                .companies
                .iter()
                .find(|c| c.id == id)
                .ok_or_else(|| {
                    unknown_id(
                        "company",
                        "companies",
                        id,
                        sources.companies.iter().map(|c| c.id.as_str()).collect(),
                    )
                })?;
            company_figure(ctx, &span, text, c, figure).map(|f| (f, None))
        }
        Some(Path::Offer { id, view, figure }) => {
            let Some(o) = sources.offers.iter().find(|o| o.id == id) else {
                return Err(unknown_id(
                    "offer",
                    "offers",
                    id,
                    sources.offers.iter().map(|o| o.id.as_str()).collect(),
                ));
            };
            offer_figure(ctx, &span, o, view, figure, &mut sources.other_view)
                .map(|m| (Figure::Money(m), None))
        }
    }
}

/// A deal's figure, or what the deal lacks to give it.
fn deal_figure(
    ctx: &Ctx<'_>,
    span: &Range<usize>,
    path: &str,
    d: &DealResult,
    field: DealField,
) -> Result<Figure> {
    let v = &d.valuation;
    let missing = || {
        ctx.err(
            span.clone(),
            format!(
                "`{path}` needs the deal's shares (`shares`, `shares_bought` or `price_per_share`)"
            ),
            None,
        )
    };
    let no_stake = || {
        ctx.err(
            span.clone(),
            format!("`{path}` needs the deal's stake (or two of stake, price and post-money)"),
            None,
        )
    };
    Ok(match field {
        DealField::PostMoney => Figure::Money(v.post_money.ok_or_else(no_stake)?),
        DealField::PreMoney => Figure::Money(v.pre_money.ok_or_else(no_stake)?),
        DealField::Price => Figure::Money(v.price),
        DealField::Stake => Figure::Fraction(v.stake.ok_or_else(no_stake)?),
        DealField::RemainingValue => Figure::Money(v.remaining_value.ok_or_else(no_stake)?),
        DealField::NewShares => Figure::Count(v.new_shares.ok_or_else(missing)?),
        DealField::SharesBought => Figure::Count(v.shares_bought.ok_or_else(missing)?),
        DealField::PricePerShare => Figure::Money(v.price_per_share.ok_or_else(missing)?),
    })
}

/// An offer's figure in one of its views, or what the offer lacks to give
/// it (a `discount`, a `leave_on`, a reporting `currency`, real terms, a
/// price scenario).
fn offer_figure(
    ctx: &Ctx<'_>,
    span: &Range<usize>,
    o: &OfferResult,
    view: View<'_>,
    figure: OfferFigure,
    other_view: &mut HashMap<String, Breakdown>,
) -> Result<Money> {
    let id = o.id.as_str();
    let none = |what: &str| ctx.err(span.clone(), format!("offer `{id}` has no {what}"), None);
    let b = &o.breakdown;
    let no_reporting = || none("reporting currency (set `currency` in the file)");
    let scenario = |name: &str| {
        b.scenarios.iter().find(|s| s.name == name).ok_or_else(|| {
            let known: Vec<&str> = b.scenarios.iter().map(|s| s.name.as_str()).collect();
            ctx.err(
                span.clone(),
                format!("offer `{id}` has no price scenario `{name}`"),
                Some(if known.is_empty() {
                    "set `price_scenarios = { bear = \"-50%\", base = \"+0%\", bull = \"+100%\" }` on the offer".to_owned()
                } else {
                    format!("known: {}", known.join(", "))
                }),
            )
        })
    };
    let own = b.figures();
    let figures = match view {
        View::Own => own.as_ref().ok_or_else(|| none("money value"))?,
        View::Reporting => &b.reporting.as_ref().ok_or_else(no_reporting)?.figures,
        View::Real => {
            &b.real
                .as_ref()
                .ok_or_else(|| none("real terms (set `real = YEAR` in the file)"))?
                .figures
        }
        View::Scenario(name) => scenario(name)?
            .figures
            .as_ref()
            .ok_or_else(|| none("money value"))?,
        View::ReportingScenario(name) => scenario(name)?
            .reporting
            .as_ref()
            .ok_or_else(no_reporting)?,
    };
    if let OfferFigure::Year(_) | OfferFigure::Calendar(_) = figure {
        let (by, period) = match figure {
            OfferFigure::Year(n) => (By::GrantYear, PeriodId::GrantYear(n)),
            OfferFigure::Calendar(y) => (By::CalendarYear, PeriodId::Calendar(y)),
            _ => return Err(none("such period")),
        };
        let label = crate::report::period(period);
        if o.offer.by == by {
            let index = b.periods.iter().position(|p| p.id == period);
            let index = index.ok_or_else(|| none(&format!("period `{label}`")))?;
            return figures
                .periods
                .get(index)
                .copied()
                .ok_or_else(|| none("money value"));
        }
        if view != View::Own {
            return Err(ctx.err(
                span.clone(),
                format!("offer `{id}` is broken down by {}: its {label} is given in its own currency only", o.offer.by),
                Some(format!("set `by = \"{by}\"` on the offer")),
            ));
        }
        if !other_view.contains_key(id) {
            let other = Offer {
                by,
                discount: None,
                leave_on: None,
                price_scenarios: Vec::new(),
                ..o.offer.clone()
            }
            .evaluate(None)
            .map_err(|e| ctx.err(span.clone(), e.to_string(), None))?;
            other_view.insert(id.to_owned(), other);
        }
        let breakdown = other_view.get(id).ok_or_else(|| none("such period"))?;
        let index = breakdown.periods.iter().position(|p| p.id == period);
        let index = index.ok_or_else(|| none(&format!("period `{label}`")))?;
        return breakdown
            .periods
            .get(index)
            .and_then(|p| p.amount)
            .ok_or_else(|| none("money value"));
    }
    let lacks = |name: &str| match name {
        "present_value" => "present value (set `discount`)",
        "kept" => "`kept` (set `leave_on`)",
        "forfeited" => "`forfeited` (set `leave_on`)",
        "kept_present_value" => "`kept_present_value` (set `discount` and `leave_on`)",
        "after_tax" => "after-tax total (set `tax` on every component)",
        "kept_after_tax" => "kept after tax (set `leave_on` and `tax` on every component)",
        _ => "money value",
    };
    match figure {
        OfferFigure::FirstYear => figures.first_year().ok_or_else(|| none("money value")),
        OfferFigure::AveragePerYear => Ok(figures.average_per_year),
        other => {
            let name = other.to_string();
            figures
                .headline()
                .into_iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, m)| m)
                .ok_or_else(|| none(lacks(&name)))
        }
    }
}

/// A company's figure: an event's, a holder's, an exit's payout or price
/// per common share, a breakpoint.
fn company_figure(
    ctx: &Ctx<'_>,
    span: &Range<usize>,
    path: &str,
    c: &CompanyEntry,
    figure: CompanyFigure<'_>,
) -> Result<Figure> {
    let r = &c.result;
    let unknown = |what: &str, known: Vec<String>| {
        ctx.err(
            span.clone(),
            format!("no {what} in `{path}`"),
            Some(if known.is_empty() {
                format!("choose from: {}", CompanyFigure::CHOICES)
            } else {
                format!("known: {}", known.join(", "))
            }),
        )
    };
    let missing = |what: &str| ctx.err(span.clone(), format!("`{path}` has no {what}"), None);
    let exit = |xid: &str| {
        r.exits
            .iter()
            .find(|x| x.id == xid)
            .ok_or_else(|| unknown("such exit", r.exits.iter().map(|x| x.id.clone()).collect()))
    };
    match figure {
        CompanyFigure::Event { id, field } => {
            let e = r.events.iter().find(|e| e.id == id).ok_or_else(|| {
                unknown(
                    "such event",
                    r.events.iter().map(|e| e.id.clone()).collect(),
                )
            })?;
            Ok(match field {
                EventField::PricePerShare => Figure::Money(
                    e.price_per_share
                        .ok_or_else(|| missing("price per share"))?,
                ),
                EventField::Shares => Figure::Count(e.shares),
                EventField::PostMoney => {
                    Figure::Money(e.post_money.ok_or_else(|| missing("post-money"))?)
                }
                EventField::PreMoney => {
                    Figure::Money(e.pre_money.ok_or_else(|| missing("pre-money"))?)
                }
                EventField::PoolTopUp => Figure::Count(e.pool_top_up),
            })
        }
        CompanyFigure::Holder { name, ownership } => {
            let h = r.holders.iter().find(|h| h.name == name).ok_or_else(|| {
                unknown(
                    "such holder",
                    r.holders.iter().map(|h| h.name.clone()).collect(),
                )
            })?;
            Ok(if ownership {
                Figure::Fraction(h.ownership)
            } else {
                Figure::Count(h.shares)
            })
        }
        CompanyFigure::Payout { exit: xid, holder } => {
            let x = exit(xid)?;
            x.paid(holder).map(Figure::Money).ok_or_else(|| {
                unknown(
                    "such holder",
                    x.payouts.iter().map(|p| p.holder.clone()).collect(),
                )
            })
        }
        CompanyFigure::ExitValue { exit: xid } => Ok(Figure::Money(exit(xid)?.value)),
        CompanyFigure::PerCommonShare { exit: xid } => {
            Ok(Figure::Money(exit(xid)?.per_common_share))
        }
        CompanyFigure::Breakpoint { holder } => {
            let b = r
                .breakpoints
                .iter()
                .find(|b| b.holder == holder)
                .ok_or_else(|| {
                    unknown(
                        "preferred holder",
                        r.breakpoints.iter().map(|b| b.holder.clone()).collect(),
                    )
                })?;
            b.converts_at
                .map(Figure::Money)
                .ok_or_else(|| missing("breakpoint: it never converts"))
        }
    }
}
