//! What a claim is about: a path into the results or an amount, or an
//! expression over them.

use toml::Spanned;

use crate::amount::Unit;
use crate::claim::{self, Figure};
use crate::currency::Currency;
use crate::error::Result;
use crate::money::Money;
use crate::offer::{By, Offer};

use super::fields::Ctx;
use super::raw::Text;
use super::results::{CompanyEntry, DealResult, OfferResult};

pub(super) const DEAL_FIELDS: &[&str] = &[
    "post_money",
    "pre_money",
    "price",
    "stake",
    "remaining_value",
    "new_shares",
    "shares_bought",
    "price_per_share",
];
pub(super) const OFFER_FIELDS: &str = "total, present_value, kept, forfeited, first_year, average_per_year, years.N, calendar.YYYY, real.total, real.first_year, real.present_value, real.kept, real.forfeited";

/// A deal's figure a claim is about: the deal and the field.
pub(super) type DealFigure<'r> = (&'r DealResult, &'static str);

/// One operand of a claim's subject: a figure path or an amount.
pub(super) fn subject<'r>(
    ctx: &Ctx<'_>,
    of: &Text,
    offers: &[OfferResult],
    deals: &'r [DealResult],
    companies: &[CompanyEntry],
) -> Result<(Figure, Option<DealFigure<'r>>)> {
    let path = of.get_ref().trim();
    let span = of.span();
    let parts: Vec<&str> = path.split('.').collect();
    let unknown_id = |kind: &str, plural: &str, id: &str, known: Vec<&str>| {
        ctx.err(
            span.clone(),
            format!("unknown {kind} `{id}` in `{path}`"),
            Some(if known.is_empty() {
                format!("this file has no {plural}")
            } else {
                format!("{plural} in this file: {}", known.join(", "))
            }),
        )
    };
    match parts.as_slice() {
        ["deals", id, field] => {
            let d = deals.iter().find(|d| d.id == *id).ok_or_else(|| {
                unknown_id(
                    "deal",
                    "deals",
                    id,
                    deals.iter().map(|d| d.id.as_str()).collect(),
                )
            })?;
            let v = &d.valuation;
            let missing = || {
                ctx.err(span.clone(), format!("`{path}` needs the deal's shares (`shares`, `shares_bought` or `price_per_share`)"), None)
            };
            let no_stake = || {
                ctx.err(
                    span.clone(),
                    format!(
                        "`{path}` needs the deal's stake (or two of stake, price and post-money)"
                    ),
                    None,
                )
            };
            let figure = match *field {
                "post_money" => Figure::Money(v.post_money.ok_or_else(no_stake)?),
                "pre_money" => Figure::Money(v.pre_money.ok_or_else(no_stake)?),
                "price" => Figure::Money(v.price),
                "stake" => Figure::Fraction(v.stake.ok_or_else(no_stake)?),
                "remaining_value" => Figure::Money(v.remaining_value.ok_or_else(no_stake)?),
                "new_shares" => Figure::Count(v.new_shares.ok_or_else(missing)?),
                "shares_bought" => Figure::Count(v.shares_bought.ok_or_else(missing)?),
                "price_per_share" => Figure::Money(v.price_per_share.ok_or_else(missing)?),
                other => {
                    return Err(ctx.err(
                        span,
                        format!("unknown deal figure `{other}`"),
                        Some(format!("choose from: {}", DEAL_FIELDS.join(", "))),
                    ));
                }
            };
            let field = DEAL_FIELDS.iter().find(|f| **f == *field).copied();
            Ok((figure, field.map(|f| (d, f))))
        }
        ["companies", id, rest @ ..] => {
            let c = companies.iter().find(|c| c.id == *id).ok_or_else(|| {
                unknown_id(
                    "company",
                    "companies",
                    id,
                    companies.iter().map(|c| c.id.as_str()).collect(),
                )
            })?;
            company_figure(ctx, &span, path, c, rest).map(|f| (f, None))
        }
        ["offers", id, rest @ ..] => {
            let o = offers.iter().find(|o| o.id == *id).ok_or_else(|| {
                unknown_id(
                    "offer",
                    "offers",
                    id,
                    offers.iter().map(|o| o.id.as_str()).collect(),
                )
            })?;
            let b = &o.breakdown;
            let none =
                |what: &str| ctx.err(span.clone(), format!("offer `{id}` has no {what}"), None);
            let money = match rest {
                ["total"] => b.total,
                ["present_value"] => Some(
                    b.present_value
                        .ok_or_else(|| none("present value (set `discount`)"))?,
                ),
                ["kept"] => Some(b.kept.ok_or_else(|| none("`kept` (set `leave_on`)"))?),
                ["forfeited"] => Some(
                    b.forfeited
                        .ok_or_else(|| none("`forfeited` (set `leave_on`)"))?,
                ),
                ["first_year"] => b.first_year,
                ["average_per_year"] => b.average_per_year,
                ["real", field] => {
                    let r = b
                        .real
                        .as_ref()
                        .ok_or_else(|| none("real terms (set `real = YEAR` in the file)"))?;
                    match *field {
                        "total" => Some(r.total),
                        "first_year" => r.periods.first().copied(),
                        "present_value" => Some(
                            r.present_value
                                .ok_or_else(|| none("present value (set `discount`)"))?,
                        ),
                        "kept" => Some(r.kept.ok_or_else(|| none("`kept` (set `leave_on`)"))?),
                        "forfeited" => Some(
                            r.forfeited
                                .ok_or_else(|| none("`forfeited` (set `leave_on`)"))?,
                        ),
                        other => {
                            return Err(ctx.err(
                                span,
                                format!("unknown real figure `{other}`"),
                                Some("choose from: real.total, real.first_year, real.present_value, real.kept, real.forfeited".into()),
                            ));
                        }
                    }
                }
                [view @ ("years" | "calendar"), n] => {
                    let by = if *view == "years" {
                        By::GrantYear
                    } else {
                        By::CalendarYear
                    };
                    let label = if *view == "years" {
                        format!("Year {n}")
                    } else {
                        (*n).to_owned()
                    };
                    let breakdown = if o.offer.by == by {
                        b.clone()
                    } else {
                        Offer {
                            by,
                            discount: None,
                            leave_on: None,
                            ..o.offer.clone()
                        }
                        .evaluate(None)
                        .map_err(|e| ctx.err(span.clone(), e.to_string(), None))?
                    };
                    let p = breakdown
                        .periods
                        .iter()
                        .find(|p| p.label == label)
                        .ok_or_else(|| none(&format!("period `{label}`")))?;
                    p.amount
                }
                _ => {
                    return Err(ctx.err(
                        span,
                        format!("unknown offer figure `{}`", rest.join(".")),
                        Some(format!("choose from: {OFFER_FIELDS}")),
                    ));
                }
            };
            Ok((
                Figure::Money(money.ok_or_else(|| none("money value"))?),
                None,
            ))
        }
        _ => {
            let a = ctx.amount_text(of)?;
            let figure = match a.unit {
                Unit::Currency(..) => Figure::Money(ctx.money_of(of, &a)?),
                Unit::Percent => Figure::Fraction(a.value),
                Unit::Number => Figure::Count(a.value),
            };
            Ok((figure, None))
        }
    }
}

/// The rate history of each pair of currencies the claims convert
/// between, built once per file.
pub(super) type Histories = std::collections::HashMap<(Currency, Currency), claim::PairHistory>;

/// A token of a subject expression: an operand (byte range in `of`) or an
/// operator.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Piece {
    Operand(std::ops::Range<usize>),
    Op(char),
}

/// Splits a subject into operands and `+ - * / ( )`. A `-` is an operator
/// only with a space or a parenthesis on both sides, since ids and amounts
/// hold hyphens (`deals.meta-scale.price`).
pub(super) fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let close = |start: &mut Option<usize>, end: usize, out: &mut Vec<Piece>| {
        if let Some(s) = start.take() {
            let raw = text.get(s..end).unwrap_or_default();
            let trimmed_start = s + (raw.len() - raw.trim_start().len());
            let trimmed_end = s + raw.trim_end().len();
            if trimmed_end > trimmed_start {
                out.push(Piece::Operand(trimmed_start..trimmed_end));
            }
        }
    };
    for (k, &(i, c)) in chars.iter().enumerate() {
        let before = k.checked_sub(1).and_then(|j| chars.get(j)).map(|p| p.1);
        let after = chars.get(k + 1).map(|p| p.1);
        let spaced =
            |ch: Option<char>, paren: char| ch.is_none_or(|ch| ch.is_whitespace() || ch == paren);
        let op = match c {
            '+' | '*' | '/' | '(' | ')' => true,
            '-' => spaced(before, ')') && spaced(after, '(') && start.is_some_and(|_| true),
            _ => false,
        };
        if op {
            close(&mut start, i, &mut out);
            out.push(Piece::Op(c));
        } else if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
    }
    close(&mut start, text.len(), &mut out);
    out
}

/// Arithmetic on figures: money with money of the same currency, money
/// times or over a number, money over money (a ratio: a fraction).
pub(super) fn combine(a: Figure, op: char, b: Figure) -> std::result::Result<Figure, String> {
    use Figure::{Count, Fraction, Money as M};
    let num = |f: Figure| match f {
        Count(v) | Fraction(v) => Some(v),
        M(_) => None,
    };
    let overflow = || "the expression exceeds 28 digits".to_owned();
    let by_zero = || "the expression divides by zero".to_owned();
    match (a, op, b) {
        (M(x), '+' | '-', M(y)) => {
            if x.currency != y.currency {
                return Err(format!(
                    "cannot add or subtract {} and {}: convert one first",
                    x.currency, y.currency
                ));
            }
            let v = if op == '+' {
                x.amount.checked_add(y.amount)
            } else {
                x.amount.checked_sub(y.amount)
            };
            Ok(M(Money::new(v.ok_or_else(overflow)?, x.currency)))
        }
        (M(x), '/', M(y)) => {
            if x.currency != y.currency {
                return Err(format!("cannot divide {} by {}", x.currency, y.currency));
            }
            if y.amount.is_zero() {
                return Err(by_zero());
            }
            Ok(Fraction(
                x.amount.checked_div(y.amount).ok_or_else(overflow)?,
            ))
        }
        (M(x), '*', n) | (n, '*', M(x)) => {
            let n = num(n).ok_or_else(|| "cannot multiply money by money".to_owned())?;
            Ok(M(Money::new(
                x.amount.checked_mul(n).ok_or_else(overflow)?,
                x.currency,
            )))
        }
        (M(x), '/', n) => {
            // Money over money was matched above: `n` is a number.
            let n = num(n).ok_or_else(|| "cannot divide money by money".to_owned())?;
            if n.is_zero() {
                return Err(by_zero());
            }
            Ok(M(Money::new(
                x.amount.checked_div(n).ok_or_else(overflow)?,
                x.currency,
            )))
        }
        (M(_), _, _) | (_, _, M(_)) => Err("cannot add a number to money".to_owned()),
        (x, op, y) => {
            let (p, q) = (x.value(), y.value());
            let v = match op {
                '+' => p.checked_add(q),
                '-' => p.checked_sub(q),
                '*' => p.checked_mul(q),
                _ if q.is_zero() => return Err(by_zero()),
                _ => p.checked_div(q),
            }
            .ok_or_else(overflow)?;
            let fraction = matches!(x, Fraction(_)) || matches!(y, Fraction(_)) || op == '/';
            Ok(if fraction { Fraction(v) } else { Count(v) })
        }
    }
}

/// Reads and computes a claim's subject: one figure, or an expression
/// over figures and amounts (`deals.a.price + deals.b.price`,
/// `(deals.b.post_money - deals.a.post_money) / deals.a.post_money`). A
/// single deal figure comes with its deal, for what would make it hold.
pub(super) fn subject_expr<'r>(
    ctx: &Ctx<'_>,
    of: &Text,
    offers: &[OfferResult],
    (deals, companies): (&'r [DealResult], &[CompanyEntry]),
) -> Result<(Figure, Option<DealFigure<'r>>)> {
    let text = of.get_ref();
    let list = pieces(text);
    if let [Piece::Operand(_)] = list.as_slice() {
        return subject(ctx, of, offers, deals, companies);
    }
    let base = ctx.string_offset(&of.span(), text);
    let at = |r: &std::ops::Range<usize>| match base {
        Some(b) => b + r.start..b + r.end,
        None => of.span(),
    };
    let mut parser = Expr {
        ctx,
        of,
        list: &list,
        pos: 0,
        depth: 0,
        at: &at,
        offers,
        deals: (deals, companies),
    };
    let figure = parser.binary(0)?;
    let pos = parser.pos;
    if let Some(extra) = list.get(pos) {
        let r = match extra {
            Piece::Operand(r) => r.clone(),
            Piece::Op(_) => 0..text.len(),
        };
        return Err(ctx.err(
            at(&r),
            format!("`{text}` is not a complete expression"),
            Some("an expression is figures and amounts with + - * / and parentheses".into()),
        ));
    }
    Ok((figure, None))
}

pub(super) type At<'a> = dyn Fn(&std::ops::Range<usize>) -> std::ops::Range<usize> + 'a;

/// An expression in `of` being read: the pieces, where the reading is,
/// and what its operands may name.
pub(super) struct Expr<'a> {
    ctx: &'a Ctx<'a>,
    of: &'a Text,
    list: &'a [Piece],
    pos: usize,
    /// Parentheses open at this point, at most
    /// [`crate::limits::Limit::ExpressionDepth`].
    depth: u64,
    at: &'a At<'a>,
    offers: &'a [OfferResult],
    deals: (&'a [DealResult], &'a [CompanyEntry]),
}

impl Expr<'_> {
    /// One level of binary operators, left to right, over the next level:
    /// level 0 is `expr := term (('+' | '-') term)*`, level 1 `term :=
    /// factor (('*' | '/') factor)*`, and past them the factors: `2 + 3 *
    /// 4` is 14.
    fn binary(&mut self, level: usize) -> Result<Figure> {
        const LEVELS: [[char; 2]; 2] = [['+', '-'], ['*', '/']];
        let Some(ops) = LEVELS.get(level) else {
            return self.factor();
        };
        let mut value = self.binary(level + 1)?;
        while let Some(Piece::Op(op)) = self.list.get(self.pos)
            && ops.contains(op)
        {
            self.pos += 1;
            let right = self.binary(level + 1)?;
            value =
                combine(value, *op, right).map_err(|m| self.ctx.err(self.of.span(), m, None))?;
        }
        Ok(value)
    }

    /// `factor := '(' expr ')' | operand`
    fn factor(&mut self) -> Result<Figure> {
        let incomplete = || {
            self.ctx.err(
                self.of.span(),
                format!("`{}` is not a complete expression", self.of.get_ref()),
                Some("an expression is figures and amounts with + - * / and parentheses".into()),
            )
        };
        match self.list.get(self.pos) {
            Some(Piece::Op('(')) => {
                self.depth += 1;
                crate::limits::Limit::ExpressionDepth
                    .check(self.depth)
                    .map_err(|e| {
                        self.ctx.err(
                            self.of.span(),
                            format!("`of` has {e}"),
                            Some("write the expression with fewer parentheses".into()),
                        )
                    })?;
                self.pos += 1;
                let v = self.binary(0)?;
                self.depth -= 1;
                if self.list.get(self.pos) != Some(&Piece::Op(')')) {
                    return Err(incomplete());
                }
                self.pos += 1;
                Ok(v)
            }
            Some(Piece::Operand(r)) => {
                self.pos += 1;
                let text = self.of.get_ref().get(r.clone()).unwrap_or_default();
                let operand = Spanned::new((self.at)(r), text.to_owned());
                subject(self.ctx, &operand, self.offers, self.deals.0, self.deals.1).map(|(f, _)| f)
            }
            _ => Err(incomplete()),
        }
    }
}

pub(super) const COMPANY_FIGURES: &str = "events.EVENT.price_per_share|shares|post_money|pre_money|pool_top_up, \
     holders.HOLDER.shares|ownership, exits.EXIT.payout.HOLDER, exits.EXIT.per_common_share, \
     breakpoints.HOLDER";

/// A company's figure: `events.EID.price_per_share`,
/// `holders.HOLDER.ownership`, `exits.XID.payout.HOLDER`, ...
pub(super) fn company_figure(
    ctx: &Ctx<'_>,
    span: &std::ops::Range<usize>,
    path: &str,
    c: &CompanyEntry,
    rest: &[&str],
) -> Result<Figure> {
    let r = &c.result;
    let unknown = |what: &str, known: Vec<String>| {
        ctx.err(
            span.clone(),
            format!("no {what} in `{path}`"),
            Some(if known.is_empty() {
                format!("choose from: {COMPANY_FIGURES}")
            } else {
                format!("known: {}", known.join(", "))
            }),
        )
    };
    let missing = |what: &str| ctx.err(span.clone(), format!("`{path}` has no {what}"), None);
    match rest {
        ["events", eid, field] => {
            let e = r.events.iter().find(|e| e.id == *eid).ok_or_else(|| {
                unknown(
                    "such event",
                    r.events.iter().map(|e| e.id.clone()).collect(),
                )
            })?;
            Ok(match *field {
                "price_per_share" => Figure::Money(
                    e.price_per_share
                        .ok_or_else(|| missing("price per share"))?,
                ),
                "shares" => Figure::Count(e.shares),
                "post_money" => Figure::Money(e.post_money.ok_or_else(|| missing("post-money"))?),
                "pre_money" => Figure::Money(e.pre_money.ok_or_else(|| missing("pre-money"))?),
                "pool_top_up" => Figure::Count(e.pool_top_up),
                _ => return Err(unknown("such event figure", Vec::new())),
            })
        }
        ["holders", holder, field] => {
            let h = r
                .holders
                .iter()
                .find(|h| h.name == *holder)
                .ok_or_else(|| {
                    unknown(
                        "such holder",
                        r.holders.iter().map(|h| h.name.clone()).collect(),
                    )
                })?;
            Ok(match *field {
                "shares" => Figure::Count(h.shares),
                "ownership" => Figure::Fraction(h.ownership),
                _ => return Err(unknown("such holder figure", Vec::new())),
            })
        }
        ["exits", xid, rest @ ..] => {
            let x = r.exits.iter().find(|x| x.id == *xid).ok_or_else(|| {
                unknown("such exit", r.exits.iter().map(|x| x.id.clone()).collect())
            })?;
            match rest {
                ["payout", holder] => x
                    .payouts
                    .iter()
                    .find(|p| p.holder == *holder)
                    .map(|p| Figure::Money(p.amount))
                    .ok_or_else(|| {
                        unknown(
                            "such holder",
                            x.payouts.iter().map(|p| p.holder.clone()).collect(),
                        )
                    }),
                ["per_common_share"] => Ok(Figure::Money(x.per_common_share)),
                _ => Err(unknown("such exit figure", Vec::new())),
            }
        }
        ["breakpoints", holder] => {
            let b = r
                .breakpoints
                .iter()
                .find(|b| b.holder == *holder)
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
        _ => Err(unknown("such company figure", Vec::new())),
    }
}
