//! Offers read from a file: the offer's own keys, then each pay
//! component by its kind.

use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use toml::{Spanned, Value};

use crate::amount::{Amount, Unit};
use crate::error::Result;
use crate::offer::{self, By, Component, Grant, Kind, Offer, Target, Terms};
use crate::schedule::{Allocation, Vesting};

use super::fields::{Ctx, text_of};
use super::raw::{Field, RawOffer, RawPay, RawTranche, Text};
use super::results::CompanyEntry;

pub(super) fn read_offer(
    ctx: &Ctx<'_>,
    id: &Text,
    o: &RawOffer,
    companies: &[CompanyEntry],
) -> Result<Offer> {
    let start = ctx.date(&o.start, "start")?;
    let by = match &o.by {
        Some(t) => t
            .get_ref()
            .parse()
            .map_err(|e: String| ctx.err(t.span(), e, None))?,
        None => By::GrantYear,
    };
    let allocation = match &o.allocation {
        Some(t) => t
            .get_ref()
            .parse()
            .map_err(|e: String| ctx.err(t.span(), e, None))?,
        None => Allocation::default(),
    };
    let discount = o
        .discount
        .as_ref()
        .map(|f| ctx.fraction(f, "discount"))
        .transpose()?;
    // A date, or a duration from the start: `"18m"` is 18 months after it.
    let leave_on = match &o.leave_on {
        Some(f) if matches!(f.get_ref(), Value::String(s) if crate::rates::parse_date(s).is_none()) =>
        {
            let text = ctx.as_text(f, "leave_on")?;
            let months = ctx.months(&text, "leave_on")?;
            Some(
                crate::schedule::add_months(start, months).ok_or_else(|| {
                    ctx.err(f.span(), "`leave_on` is past the calendar's end", None)
                })?,
            )
        }
        Some(f) => Some(ctx.date(f, "leave_on")?),
        None => None,
    };
    if let Some(l) = leave_on
        && l <= start
    {
        return Err(ctx.err(
            o.leave_on.as_ref().map_or(0..0, Spanned::span),
            format!("`leave_on` ({l}) is not after `start` ({start})"),
            None,
        ));
    }
    if o.pay.is_empty() {
        return Err(ctx.err(
            id.span(),
            format!(
                "offer `{}` has no `[[offers.{}.pay]]` components",
                id.get_ref(),
                id.get_ref()
            ),
            None,
        ));
    }
    let mut components = Vec::new();
    for p in &o.pay {
        components.push(read_pay(ctx, p, start, companies)?);
    }
    let price_scenarios = match &o.price_scenarios {
        Some(map) => read_price_scenarios(ctx, map, &components)?,
        None => Vec::new(),
    };
    Ok(Offer {
        title: text_of(&o.title).unwrap_or_else(|| id.get_ref().clone()),
        start,
        components,
        by,
        discount,
        leave_on,
        allocation,
        price_scenarios,
    })
}

/// `price_scenarios = { bear = "$10", base = "+0%", bull = "+100%" }`: a
/// share price, or a signed change of the offer's own. An unsigned
/// percentage could be either (`50%` of the price, or 50% above it), so
/// it is refused with both readings; so is a scenario that would value
/// nothing (no equity or options, or a change of a price never given).
fn read_price_scenarios(
    ctx: &Ctx<'_>,
    map: &Spanned<IndexMap<Text, Field>>,
    components: &[Component],
) -> Result<Vec<offer::PriceScenario>> {
    let shares: Vec<&Terms> = components
        .iter()
        .map(|c| &c.terms)
        .filter(|t| {
            matches!(
                t,
                Terms::Equity {
                    grant: Grant::Shares(_),
                    ..
                } | Terms::Equity { price: Some(_), .. }
                    | Terms::Espp { .. }
            )
        })
        .collect();
    if shares.is_empty() {
        return Err(ctx.err(
            map.span(),
            "`price_scenarios` value equity, options and ESPPs, and this offer has none",
            Some(
                "add an `equity`, `options` or `espp` component with `shares` or a `price`".into(),
            ),
        ));
    }
    let priced = shares
        .iter()
        .any(|t| matches!(t, Terms::Equity { price: Some(_), .. } | Terms::Espp { .. }));
    let mut out = Vec::new();
    for (name, f) in map.get_ref() {
        let what = format!("price_scenarios.{}", name.get_ref());
        let text = ctx.as_text(f, &what)?;
        let amount = ctx.amount_text(&text)?;
        let written = text.get_ref().trim();
        let change = match amount.unit {
            Unit::Percent => {
                if !written.starts_with(['+', '-']) {
                    let p = (amount.value * Decimal::ONE_HUNDRED).normalize();
                    return Err(ctx.err(
                        text.span(),
                        format!("`{written}` could be {p}% of the offer's share price or {p}% above it"),
                        Some(format!(
                            "write `+{p}%` for {p}% above the price, `-{}%` for {p}% of it, or a price such as `$10`",
                            (Decimal::ONE_HUNDRED - p).normalize()
                        )),
                    ));
                }
                if amount.value < -Decimal::ONE {
                    return Err(ctx.err(
                        text.span(),
                        format!("`{written}`: a share price cannot fall by more than 100%"),
                        None,
                    ));
                }
                if !priced {
                    return Err(ctx.err(
                        text.span(),
                        format!("`{written}` changes the share price, and no component gives one"),
                        Some(
                            "give the equity a `price`, or the scenario a price such as `$10`"
                                .into(),
                        ),
                    ));
                }
                offer::PriceChange::By(amount.value)
            }
            Unit::Currency(..) => {
                let m = ctx.money(f, &what)?;
                if m.amount < Decimal::ZERO {
                    return Err(ctx.err(
                        text.span(),
                        format!("`{written}`: a share price cannot be negative"),
                        None,
                    ));
                }
                offer::PriceChange::To(m)
            }
            Unit::Number => {
                return Err(ctx.err(
                    text.span(),
                    format!("`{written}` is neither a share price nor a change of one"),
                    Some("write a price (`$10`) or a signed percentage (`-50%`, `+100%`)".into()),
                ));
            }
        };
        out.push(offer::PriceScenario {
            name: name.get_ref().clone(),
            change,
        });
    }
    Ok(out)
}

pub(super) fn read_pay(
    ctx: &Ctx<'_>,
    p: &Spanned<RawPay>,
    start: NaiveDate,
    companies: &[CompanyEntry],
) -> Result<Component> {
    let span = p.span();
    let raw = p.get_ref();
    let kind = match raw.kind.get_ref().as_str() {
        "salary" => Kind::Salary,
        "bonus" => Kind::Bonus,
        "signing" => Kind::Signing,
        "retention" => Kind::Retention,
        "equity" => Kind::Equity,
        "options" => Kind::Options,
        "espp" => Kind::Espp,
        other => {
            return Err(ctx.err(
                raw.kind.span(),
                format!("unknown pay kind `{other}`"),
                Some(format!("choose from: {}", Kind::NAMES.join(", "))),
            ));
        }
    };
    let pay = Pay {
        ctx,
        raw,
        span,
        start,
        kind,
    };
    pay.only_its_fields()?;
    let terms = match kind {
        Kind::Salary => pay.salary()?,
        Kind::Bonus => pay.bonus()?,
        Kind::Signing | Kind::Retention | Kind::Grant => pay.lump()?,
        Kind::Equity => pay.equity()?,
        Kind::Options => pay.options(companies)?,
        Kind::Espp => pay.espp()?,
    };
    Ok(Component {
        kind,
        label: raw
            .name
            .as_ref()
            .map_or_else(|| kind.to_string(), |n| n.get_ref().clone()),
        terms,
        tax: pay.tax()?,
    })
}

/// A pay component being read: its raw fields, where it is written, the
/// offer's start, and its kind.
struct Pay<'a> {
    ctx: &'a Ctx<'a>,
    raw: &'a RawPay,
    span: std::ops::Range<usize>,
    start: NaiveDate,
    kind: Kind,
}

impl Pay<'_> {
    /// A field the kind cannot do without.
    fn need(&self, f: &Option<Box<Field>>, what: &str) -> Result<Field> {
        f.as_deref().cloned().ok_or_else(|| {
            self.ctx.err(
                self.span.clone(),
                format!("a `{}` component needs `{what}`", self.kind),
                None,
            )
        })
    }

    /// Fields a kind does not use are errors, not silently ignored: each
    /// kind names the fields it takes, and the first other one given is
    /// reported (the options' fields first, but for equity).
    fn only_its_fields(&self) -> Result<()> {
        let p = self.raw;
        let takes: &[&str] = match self.kind {
            Kind::Salary => &["amount", "raise", "years"],
            Kind::Bonus => &["years", "target", "payout"],
            Kind::Signing | Kind::Retention | Kind::Grant => &["amount", "vesting", "clawback"],
            Kind::Equity => &[
                "amount",
                "years",
                "vesting",
                "shares",
                "price",
                "growth",
                "refresh",
                "settle",
                "liquidity_on",
                "expire",
                "on_leaving",
            ],
            Kind::Espp => &[
                "contribution",
                "discount",
                "lookback",
                "period",
                "prices",
                "price",
                "growth",
                "years",
            ],
            Kind::Options => &[
                "years",
                "vesting",
                "shares",
                "price",
                "growth",
                "strike",
                "company",
                "exit",
                "exercise_window",
            ],
        };
        let options_fields = [
            ("strike", p.strike.is_some()),
            ("company", p.company.is_some()),
            ("exit", p.exit.is_some()),
            ("exercise_window", p.exercise_window.is_some()),
        ];
        let other_fields = [
            ("amount", p.amount.is_some()),
            ("raise", p.raise.is_some()),
            ("years", p.years.is_some()),
            ("target", p.target.is_some()),
            ("payout", p.payout.is_some()),
            ("vesting", p.vesting.is_some()),
            ("shares", p.shares.is_some()),
            ("price", p.price.is_some()),
            ("growth", p.growth.is_some()),
            ("refresh", p.refresh.is_some()),
            ("clawback", p.clawback.is_some()),
            ("contribution", p.contribution.is_some()),
            ("discount", p.discount.is_some()),
            ("lookback", p.lookback.is_some()),
            ("period", p.period.is_some()),
            ("prices", p.prices.is_some()),
            ("settle", p.settle.is_some()),
            ("liquidity_on", p.liquidity_on.is_some()),
            ("expire", p.expire.is_some()),
            ("on_leaving", p.on_leaving.is_some()),
        ];
        let (first, then) = if self.kind == Kind::Equity {
            (&other_fields[..], &options_fields[..])
        } else {
            (&options_fields[..], &other_fields[..])
        };
        match first
            .iter()
            .chain(then)
            .find(|(name, present)| *present && !takes.contains(name))
        {
            Some((name, _)) => Err(self.ctx.err(
                self.span.clone(),
                format!("a `{}` component has no `{name}`", self.kind),
                None,
            )),
            None => Ok(()),
        }
    }

    /// A fraction field, when given.
    fn fraction(&self, f: &Option<Box<Field>>, name: &str) -> Result<Option<Decimal>> {
        f.as_deref().map(|f| self.ctx.fraction(f, name)).transpose()
    }

    fn salary(&self) -> Result<Terms> {
        let (ctx, p) = (self.ctx, self.raw);
        Ok(Terms::Salary {
            amount: ctx.money(&self.need(&p.amount, "amount")?, "amount")?,
            raise: self.fraction(&p.raise, "raise")?.unwrap_or_default(),
            years: match &p.years {
                Some(f) => positive(ctx, f, ctx.whole(f, "years")?)?,
                None => {
                    return Err(ctx.err(
                        self.span.clone(),
                        "a `salary` component needs `years`",
                        None,
                    ));
                }
            },
        })
    }

    fn bonus(&self) -> Result<Terms> {
        let (ctx, p) = (self.ctx, self.raw);
        let t = self.need(&p.target, "target")?;
        let target = match t.get_ref() {
            Value::String(s)
                if Amount::parse(s).is_ok_and(|a| matches!(a.unit, Unit::Currency(..))) =>
            {
                Target::Amount(ctx.money(&t, "target")?)
            }
            _ => Target::Percent(ctx.fraction(&t, "target")?),
        };
        let negative = match &target {
            Target::Amount(m) => m.amount < Decimal::ZERO,
            Target::Percent(p) => *p < Decimal::ZERO,
        };
        if negative {
            return Err(ctx.err(
                t.span(),
                "a bonus `target` cannot be negative",
                Some("a target is a share of salary (`15%`) or an amount (`$30k`)".into()),
            ));
        }
        Ok(Terms::Bonus {
            target,
            payout: self.fraction(&p.payout, "payout")?.unwrap_or(Decimal::ONE),
            years: p
                .years
                .as_ref()
                .map(|f| ctx.whole(f, "years").and_then(|y| positive(ctx, f, y)))
                .transpose()?,
        })
    }

    /// A signing or retention bonus, or a one-off grant.
    fn lump(&self) -> Result<Terms> {
        let (ctx, p) = (self.ctx, self.raw);
        let amount = ctx.money(&self.need(&p.amount, "amount")?, "amount")?;
        Ok(Terms::Lump {
            amount,
            vesting: self.vesting(Vesting::Once, amount.amount)?,
            clawback: p
                .clawback
                .as_ref()
                .map(|c| ctx.months(c, "clawback"))
                .transpose()?,
        })
    }

    fn equity(&self) -> Result<Terms> {
        let (ctx, p) = (self.ctx, self.raw);
        let price = p
            .price
            .as_ref()
            .map(|f| ctx.money(f, "price"))
            .transpose()?;
        let grant = match (&p.amount, &p.shares) {
            (Some(a), None) => Grant::Value(ctx.money(a, "amount")?),
            (None, Some(s)) => Grant::Shares(ctx.number(s, "shares")?),
            _ => {
                return Err(ctx.err(
                    self.span.clone(),
                    "an `equity` component needs `amount` or `shares`, not both",
                    None,
                ));
            }
        };
        let total = match &grant {
            Grant::Value(m) => m.amount,
            Grant::Shares(n) => *n,
        };
        // Growth grows a share price: without one it would change nothing,
        // so it is refused rather than ignored.
        if let (Some(g), None) = (&p.growth, &price) {
            return Err(ctx.err(
                g.span(),
                "`growth` grows the share price, and this component has no `price`",
                Some("give `price`, the share price at grant, or leave `growth` out".into()),
            ));
        }
        let vesting = self.vesting(Vesting::Once, total)?;
        let refresh = match &p.refresh {
            None => None,
            Some(r) => {
                let rr = r.get_ref();
                Some(offer::Refresh {
                    amount: ctx.money(&rr.amount, "refresh.amount")?,
                    every: ctx.months(&rr.every, "refresh.every")?,
                    vesting: rr
                        .vesting
                        .as_ref()
                        .map_or(Ok(vesting.clone()), |t| ctx.vesting(t))?,
                })
            }
        };
        let horizon = match (
            p.years.as_deref(),
            p.refresh.as_ref().and_then(|r| r.get_ref().years.as_ref()),
        ) {
            (_, Some(f)) | (Some(f), None) => {
                Some(positive(ctx, f, ctx.whole(f, "years")?)?.saturating_mul(12))
            }
            _ => None,
        };
        Ok(Terms::Equity {
            grant,
            price,
            vesting,
            growth: self.fraction(&p.growth, "growth")?.unwrap_or_default(),
            refresh,
            horizon,
            strike: None,
            exercise_window: None,
            liquidity: self.liquidity()?,
        })
    }

    /// Double-trigger settlement: `settle = "liquidity"`, with the event's
    /// date (`liquidity_on`, or none: never paid) and `expire`, a time
    /// after the grant. Either of the other two without `settle` is
    /// refused rather than ignored.
    fn liquidity(&self) -> Result<Option<offer::Liquidity>> {
        let (ctx, p) = (self.ctx, self.raw);
        let Some(settle) = &p.settle else {
            let stray = p
                .liquidity_on
                .as_ref()
                .map(|f| (f.span(), "liquidity_on"))
                .or_else(|| p.expire.as_ref().map(|t| (t.span(), "expire")))
                .or_else(|| p.on_leaving.as_ref().map(|t| (t.span(), "on_leaving")));
            return match stray {
                Some((span, name)) => Err(ctx.err(
                    span,
                    format!(
                        "`{name}` is for double-trigger units, and this component has no `settle`"
                    ),
                    Some("add `settle = \"liquidity\"`, or leave it out".into()),
                )),
                None => Ok(None),
            };
        };
        match settle.get_ref().as_str() {
            "liquidity" => {}
            "vesting" => {
                return Ok(None);
            }
            other => {
                return Err(ctx.err(
                    settle.span(),
                    format!("unknown `settle` = `{other}`"),
                    Some("choose from: vesting (the default), liquidity".into()),
                ));
            }
        }
        let on = p
            .liquidity_on
            .as_ref()
            .map(|f| ctx.date(f, "liquidity_on"))
            .transpose()?;
        if let (Some(on), Some(f)) = (on, &p.liquidity_on)
            && on < self.start
        {
            return Err(ctx.err(
                f.span(),
                format!("`liquidity_on` ({on}) is before the start ({})", self.start),
                None,
            ));
        }
        let expire = p
            .expire
            .as_ref()
            .map(|t| ctx.months(t, "expire"))
            .transpose()?;
        let kept_on_leaving = match &p.on_leaving {
            None => true,
            Some(t) => match t.get_ref().as_str() {
                "keep" => true,
                "forfeit" => false,
                other => {
                    return Err(ctx.err(
                        t.span(),
                        format!("unknown `on_leaving` = `{other}`"),
                        Some("choose from: keep (units vested before leaving are paid at the event; the default), forfeit (only units already paid are kept)".into()),
                    ));
                }
            },
        };
        Ok(Some(offer::Liquidity {
            on,
            expire,
            kept_on_leaving,
        }))
    }

    /// An ESPP: a share of salary (`contribution`), a `discount` (15% by
    /// default), a `lookback` or not, purchase periods (`period`, six
    /// months by default), and the share prices: listed at each period
    /// boundary (`prices`), or a `price` with its `growth`.
    fn espp(&self) -> Result<Terms> {
        let (ctx, p) = (self.ctx, self.raw);
        let contribution =
            ctx.fraction(&self.need(&p.contribution, "contribution")?, "contribution")?;
        if contribution <= Decimal::ZERO {
            let span = p
                .contribution
                .as_deref()
                .map_or(self.span.clone(), Spanned::span);
            return Err(ctx.err(
                span,
                "an ESPP `contribution` must be above 0%",
                Some("a share of salary, such as `contribution = \"10%\"`".into()),
            ));
        }
        let discount = self
            .fraction(&p.discount, "discount")?
            .unwrap_or(Decimal::new(15, 2));
        if discount < Decimal::ZERO || discount >= Decimal::ONE {
            let span = p
                .discount
                .as_deref()
                .map_or(self.span.clone(), Spanned::span);
            return Err(ctx.err(
                span,
                "an ESPP `discount` must be from 0% to below 100%",
                None,
            ));
        }
        let period = match &p.period {
            Some(t) => ctx.months(t, "period")?,
            None => 6,
        };
        if period == 0 {
            let span = p.period.as_deref().map_or(self.span.clone(), Spanned::span);
            return Err(ctx.err(span, "an ESPP `period` must be at least a month", None));
        }
        let years = p
            .years
            .as_ref()
            .map(|f| ctx.whole(f, "years").and_then(|y| positive(ctx, f, y)))
            .transpose()?;
        let periods_of = |y: u32| -> Result<u32> {
            let months = y * 12;
            if months % period == 0 {
                Ok(months / period)
            } else {
                Err(ctx.err(
                    self.span.clone(),
                    format!("{period}-month purchase periods do not divide {y} years"),
                    None,
                ))
            }
        };
        let (prices, periods) = match (&p.prices, &p.price) {
            (Some(list), None) => {
                let prices = list
                    .get_ref()
                    .iter()
                    .map(|f| ctx.money(f, "prices"))
                    .collect::<Result<Vec<_>>>()?;
                if prices.len() < 2 {
                    return Err(ctx.err(
                        list.span(),
                        "`prices` lists the price at the first period's start, then at each period's end: at least two",
                        None,
                    ));
                }
                let n = u32::try_from(prices.len() - 1).unwrap_or(u32::MAX);
                if let Some(y) = years
                    && periods_of(y)? != n
                {
                    return Err(ctx.err(
                        list.span(),
                        format!(
                            "{} prices mark {n} purchase {}, and {y} {} of {period}-month periods are {}",
                            prices.len(),
                            if n == 1 { "period" } else { "periods" },
                            if y == 1 { "year" } else { "years" },
                            periods_of(y)?
                        ),
                        Some("list one price per period boundary: periods + 1".into()),
                    ));
                }
                if let Some(g) = &p.growth {
                    return Err(ctx.err(
                        g.span(),
                        "`growth` grows a `price`; with `prices` listed it would change nothing",
                        None,
                    ));
                }
                (offer::EsppPrices::Listed(prices), Some(n))
            }
            (None, Some(f)) => (
                offer::EsppPrices::Growing {
                    price: ctx.money(f, "price")?,
                    growth: self.fraction(&p.growth, "growth")?.unwrap_or_default(),
                },
                years.map(periods_of).transpose()?,
            ),
            _ => {
                return Err(ctx.err(
                    self.span.clone(),
                    "an `espp` component needs `prices` (at each period's start and end) or a `price`, not both",
                    Some("`prices = [\"$10\", \"$20\"]`, or `price = \"$10\"` with `growth`".into()),
                ));
            }
        };
        for m in match &prices {
            offer::EsppPrices::Listed(list) => list.clone(),
            offer::EsppPrices::Growing { price, .. } => vec![*price],
        } {
            if m.amount <= Decimal::ZERO {
                return Err(ctx.err(
                    self.span.clone(),
                    "an ESPP's share prices must be positive",
                    None,
                ));
            }
        }
        Ok(Terms::Espp {
            contribution,
            discount,
            lookback: p.lookback.as_ref().is_some_and(|b| *b.get_ref()),
            period,
            periods,
            prices,
        })
    }

    /// The schedule: `vesting` (or `default`), or explicit tranches, all
    /// by `portion` (totalling 100%) or all by `amount` (totalling the
    /// component's `total`).
    fn vesting(&self, default: Vesting, total: Decimal) -> Result<Vesting> {
        let (ctx, p) = (self.ctx, self.raw);
        if p.tranches.is_empty() {
            return p.vesting.as_ref().map_or(Ok(default), |v| ctx.vesting(v));
        }
        if p.vesting.is_some() {
            return Err(ctx.err(
                self.span.clone(),
                "give `vesting` or `tranches`, not both",
                None,
            ));
        }
        let mut list = Vec::new();
        let mut by_amount = None;
        for t in &p.tranches {
            let (date, weight, amount) = self.tranche(t)?;
            if by_amount.is_some_and(|b| b != amount) {
                return Err(ctx.err(
                    t.span(),
                    "tranches are all by `portion` or all by `amount`",
                    None,
                ));
            }
            by_amount = Some(amount);
            list.push((date, weight));
        }
        let sum = list
            .iter()
            .try_fold(Decimal::ZERO, |a, t| a.checked_add(t.1))
            .ok_or_else(|| {
                ctx.err(
                    self.span.clone(),
                    "the tranches total more than 28 digits",
                    None,
                )
            })?;
        let by_amount = by_amount == Some(true);
        let (want, shown) = if by_amount {
            (total, total.normalize().to_string())
        } else {
            (Decimal::ONE, "100%".to_owned())
        };
        if sum != want {
            let got = if by_amount {
                sum.normalize().to_string()
            } else {
                crate::numbers::percent(sum)
            };
            return Err(ctx.err(
                self.span.clone(),
                format!("tranches total {got}, not {shown}"),
                None,
            ));
        }
        Ok(Vesting::Explicit(list))
    }

    /// One explicit tranche: its date, its weight, and whether the weight
    /// is an amount (rather than a portion).
    fn tranche(&self, t: &Spanned<RawTranche>) -> Result<(NaiveDate, Decimal, bool)> {
        let ctx = self.ctx;
        let tr = t.get_ref();
        let date = ctx.date(&tr.date, "date")?;
        if date < self.start {
            return Err(ctx.err(
                tr.date.span(),
                format!("tranche date {date} is before the start ({})", self.start),
                None,
            ));
        }
        match (&tr.portion, &tr.amount) {
            (Some(f), None) => {
                let portion = ctx.fraction(f, "portion")?;
                if portion <= Decimal::ZERO || portion > Decimal::ONE {
                    return Err(ctx.err(
                        f.span(),
                        format!(
                            "a portion of {} is outside 0% to 100%",
                            crate::numbers::percent(portion)
                        ),
                        Some("each tranche vests more than 0% and at most 100%".into()),
                    ));
                }
                Ok((date, portion, false))
            }
            (None, Some(f)) => Ok((date, ctx.money(f, "amount")?.amount, true)),
            _ => Err(ctx.err(
                t.span(),
                "a tranche needs `portion` or `amount` (one of the two)",
                None,
            )),
        }
    }

    /// Options: a number of shares at a strike, valued at a price given (with
    /// its growth) or at what a company's exit pays a common share.
    fn options(&self, companies: &[CompanyEntry]) -> Result<Terms> {
        let (ctx, p, span) = (self.ctx, self.raw, self.span.clone());
        let need = |what: &str| {
            ctx.err(
                span.clone(),
                format!("an `options` component needs `{what}`"),
                None,
            )
        };
        let shares = ctx.number(p.shares.as_ref().ok_or_else(|| need("shares"))?, "shares")?;
        if shares <= Decimal::ZERO || !shares.fract().is_zero() {
            return Err(ctx.err(span, "options are a whole, positive number", None));
        }
        let strike = ctx.money(p.strike.as_ref().ok_or_else(|| need("strike"))?, "strike")?;
        let price = match (&p.price, &p.company, &p.exit) {
            (Some(f), None, None) => ctx.money(f, "price")?,
            (None, Some(c), Some(x)) => {
                let entry = companies
                    .iter()
                    .find(|e| e.id == *c.get_ref())
                    .ok_or_else(|| {
                        ctx.err(c.span(), format!("unknown company `{}`", c.get_ref()), None)
                    })?;
                entry
                    .result
                    .exits
                    .iter()
                    .find(|e| e.id == *x.get_ref())
                    .map(|e| e.per_common_share)
                    .ok_or_else(|| {
                        ctx.err(x.span(), format!("unknown exit `{}`", x.get_ref()), None)
                    })?
            }
            _ => {
                return Err(ctx.err(
                    span,
                    "an `options` component needs `price`, or `company` and `exit`",
                    Some("`price = \"$3\"`, or `company = \"acme\"` and `exit = \"large\"`".into()),
                ));
            }
        };
        if price.currency != strike.currency {
            return Err(ctx.err(
                span,
                "the price and the strike are in different currencies",
                None,
            ));
        }
        let vesting = p
            .vesting
            .as_ref()
            .map_or(Ok(Vesting::Once), |v| ctx.vesting(v))?;
        Ok(Terms::Equity {
            grant: Grant::Shares(shares),
            price: Some(price),
            vesting,
            growth: self.fraction(&p.growth, "growth")?.unwrap_or_default(),
            refresh: None,
            horizon: None,
            strike: Some(strike),
            exercise_window: p
                .exercise_window
                .as_ref()
                .map(|w| window_days(ctx, w))
                .transpose()?,
            liquidity: None,
        })
    }

    /// A flat tax rate the user gives: 0% to below 100%.
    fn tax(&self) -> Result<Option<Decimal>> {
        let Some(f) = &self.raw.tax else {
            return Ok(None);
        };
        let rate = self.ctx.fraction(f, "tax")?;
        if rate < Decimal::ZERO || rate >= Decimal::ONE {
            return Err(self.ctx.err(
                f.span(),
                "`tax` must be from 0% to below 100%",
                Some("a flat rate you choose, such as `tax = \"37%\"`".into()),
            ));
        }
        Ok(Some(rate))
    }
}

/// Years of pay or grants: 1 to 100 (a century of pay is already absurd;
/// more would only make the schedule huge).
pub(super) fn positive(ctx: &Ctx<'_>, f: &Field, n: u32) -> Result<u32> {
    if !(1..=100).contains(&n) {
        return Err(ctx.err(
            f.span(),
            format!("`years` must be from 1 to 100, not {n}"),
            None,
        ));
    }
    Ok(n)
}

/// An exercise window: `90d`, `3m` (30 days a month), `1y` (365 days).
pub(super) fn window_days(ctx: &Ctx<'_>, t: &Text) -> Result<u32> {
    let text = t.get_ref().trim();
    let days = text
        .strip_suffix('d')
        .and_then(|n| n.trim().parse::<u32>().ok())
        .or_else(|| {
            text.strip_suffix("days")
                .and_then(|n| n.trim().parse::<u32>().ok())
        })
        .or_else(|| {
            crate::schedule::duration_months(text)
                .map(|m| if m % 12 == 0 { m / 12 * 365 } else { m * 30 })
        });
    days.filter(|d| (1..=36500).contains(d)).ok_or_else(|| {
        ctx.err(
            t.span(),
            format!("`exercise_window` = `{text}` is not a duration"),
            Some("write it in days (`90d`), months (`3m`) or years (`10y`)".into()),
        )
    })
}
