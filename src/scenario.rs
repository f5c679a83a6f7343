//! Scenario files: TOML with offers, deals and claims (DESIGN.md, "Scenario
//! files"), read in two steps: [`Document::parse`] reads the TOML and
//! names the rate tables it wants; [`Document::evaluate`] validates every
//! figure against those rates and computes the results. Every error points
//! at the line and column of the offending text.

use std::sync::Arc;

use chrono::NaiveDate;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::{Spanned, Value};

use crate::amount::{Amount, AmountError, Bound, Reading, Symbol, Unit};
use crate::claim::{self, ConversionCheck, Figure, Tolerance, Verdict};
use crate::currency::{Currencies, Currency};
use crate::deal::{Deal, DealKind, Valuation};
use crate::error::{Error, Input, Result};
use crate::money::Money;
use crate::offer::{self, Breakdown, By, Component, Fx, Grant, Kind, Offer, Target, Terms};
use crate::rates::RateTable;
use crate::schedule::{Allocation, Vesting};

type Text = Spanned<String>;
type Field = Spanned<Value>;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawFile {
    title: Option<Text>,
    source: Option<Text>,
    as_of: Option<Field>,
    fx: Option<Text>,
    currency: Option<Text>,
    #[serde(default)]
    also_in: Vec<Text>,
    #[serde(default)]
    rates: Vec<Text>,
    numbers: Option<Text>,
    #[serde(default)]
    symbols: IndexMap<Text, Text>,
    #[serde(default)]
    offers: IndexMap<Text, Spanned<RawOffer>>,
    #[serde(default)]
    deals: IndexMap<Text, Spanned<RawDeal>>,
    #[serde(default)]
    claims: Vec<Spanned<RawClaim>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawOffer {
    title: Option<Text>,
    source: Option<Text>,
    text: Option<Text>,
    start: Field,
    by: Option<Text>,
    discount: Option<Field>,
    leave_on: Option<Field>,
    allocation: Option<Text>,
    #[serde(default)]
    pay: Vec<Spanned<RawPay>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawPay {
    kind: Text,
    name: Option<Text>,
    amount: Option<Field>,
    raise: Option<Field>,
    years: Option<Field>,
    target: Option<Field>,
    payout: Option<Field>,
    vesting: Option<Text>,
    clawback: Option<Text>,
    shares: Option<Field>,
    price: Option<Field>,
    growth: Option<Field>,
    refresh: Option<Spanned<RawRefresh>>,
    #[serde(default)]
    tranches: Vec<Spanned<RawTranche>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawRefresh {
    amount: Field,
    every: Text,
    vesting: Option<Text>,
    years: Option<Field>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawTranche {
    date: Field,
    portion: Option<Field>,
    amount: Option<Field>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawDeal {
    buyer: Option<Text>,
    target: Option<Text>,
    source: Option<Text>,
    text: Option<Text>,
    date: Option<Field>,
    stake: Option<Field>,
    price: Option<Field>,
    post_money: Option<Field>,
    kind: Option<Text>,
    shares: Option<Field>,
    shares_bought: Option<Field>,
    price_per_share: Option<Field>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    text: Option<Text>,
    source: Option<Text>,
    of: Text,
    says: Text,
    on: Option<Field>,
    tolerance: Option<Field>,
}

/// A scenario file read but not yet evaluated.
#[derive(Debug)]
pub struct Document {
    input: Arc<Input>,
    raw: RawFile,
}

/// An offer and its breakdown.
#[derive(Debug, Clone)]
pub struct OfferResult {
    /// Its id in the file.
    pub id: String,
    /// The offer.
    pub offer: Offer,
    /// Its breakdown.
    pub breakdown: Breakdown,
    /// Where it was reported from.
    pub source: Option<String>,
    /// The sentence as printed.
    pub text: Option<String>,
}

/// A deal and its valuation.
#[derive(Debug, Clone)]
pub struct DealResult {
    /// Its id.
    pub id: String,
    /// The deal.
    pub deal: Deal,
    /// What it implies.
    pub valuation: Valuation,
    /// Where it was reported.
    pub source: Option<String>,
    /// The sentence as printed.
    pub text: Option<String>,
}

/// A claim and its verdict.
#[derive(Debug, Clone)]
pub struct ClaimResult {
    /// The sentence as printed.
    pub text: String,
    /// Where it was printed.
    pub source: Option<String>,
    /// What it is about, as written.
    pub of: String,
    /// The printed figure, as written.
    pub says: String,
    /// The date of the comparison.
    pub on: NaiveDate,
    /// The verdict.
    pub verdict: Verdict,
}

/// A scenario evaluated.
#[derive(Debug, Clone)]
pub struct Results {
    /// The file's name.
    pub file: String,
    /// Its title.
    pub title: Option<String>,
    /// Its source.
    pub source: Option<String>,
    /// Default date for conversions and claims.
    pub as_of: NaiveDate,
    /// Offers, in file order.
    pub offers: Vec<OfferResult>,
    /// Deals, in file order.
    pub deals: Vec<DealResult>,
    /// Claims, in file order.
    pub claims: Vec<ClaimResult>,
    /// The rate table's source.
    pub rates_source: String,
}

impl Results {
    /// Whether every claim holds.
    pub fn all_hold(&self) -> bool {
        self.claims.iter().all(|c| c.verdict.holds)
    }
}

/// Reading context: the input, for errors, the currencies, and how the
/// file's figures are read (its `numbers` and `symbols`).
struct Ctx<'a> {
    input: &'a Arc<Input>,
    currencies: &'a Currencies,
    reading: Reading,
}

/// An amount error in a scenario file, with the file's own hint (its
/// `numbers` key rather than the `--numbers` flag).
fn in_file(e: AmountError) -> Error {
    let hint = e.hint_in_file();
    Error::from(e).with(None, hint)
}

impl Ctx<'_> {
    fn err(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Error {
        Error::invalid(message)
            .with(Some(span), hint)
            .at(self.input, 0)
    }

    /// Where the content of a string value starts, if it is written
    /// without escapes (so spans inside it map to the file).
    fn string_offset(&self, span: &std::ops::Range<usize>, content: &str) -> Option<usize> {
        let raw = self.input.text.get(span.clone())?;
        let quote = raw.chars().next()?;
        let inner = raw.get(quote.len_utf8()..raw.len().checked_sub(quote.len_utf8())?)?;
        (inner == content).then_some(span.start + quote.len_utf8())
    }

    /// Parses a figure written in a string, errors pointing inside it. A
    /// qualifier is kept: this is for a claim's `says`.
    fn figure_text(&self, text: &Text) -> Result<Amount> {
        let span = text.span();
        Amount::parse_with(text.get_ref(), &self.reading).map_err(|e| {
            match self.string_offset(&span, text.get_ref()) {
                Some(offset) => in_file(e).at(self.input, offset),
                None => self.err(span, e.to_string(), e.hint_in_file()),
            }
        })
    }

    /// Parses an amount that states a value: a qualifier is an error.
    fn amount_text(&self, text: &Text) -> Result<Amount> {
        let span = text.span();
        let a = self.figure_text(text)?;
        if let Some(q) = &a.qualifier {
            let words = text.get_ref().get(q.clone()).unwrap_or_default();
            let message = format!(
                "`{words}` makes `{}` a printed figure, not a value",
                text.get_ref().trim()
            );
            let hint = Some("only a claim's `says` may carry a qualifier: drop it here".into());
            return Err(match self.string_offset(&span, text.get_ref()) {
                Some(offset) => self.err(q.start + offset..q.end + offset, message, hint),
                None => self.err(span, message, hint),
            });
        }
        Ok(a)
    }

    fn string<'v>(&self, f: &'v Field, what: &str) -> Result<(&'v str, std::ops::Range<usize>)> {
        match f.get_ref() {
            Value::String(s) => Ok((s.as_str(), f.span())),
            other => Err(self.err(
                f.span(),
                format!("`{what}` must be a string, not {}", other.type_str()),
                Some(format!("write it in quotes, as `{what} = \"...\"`")),
            )),
        }
    }

    fn as_text(&self, f: &Field, what: &str) -> Result<Text> {
        let (s, span) = self.string(f, what)?;
        Ok(Spanned::new(span, s.to_owned()))
    }

    fn money(&self, f: &Field, what: &str) -> Result<Money> {
        let text = self.as_text(f, what)?;
        let span = text.span();
        let offset = self.string_offset(&span, text.get_ref());
        let in_string = |e: Error| match &e.cause {
            crate::error::Cause::Amount(a) => {
                let hint = a.hint_in_file();
                e.with(None, hint)
            }
            _ => e,
        };
        match offset {
            Some(o) => crate::input::money_at(
                self.input,
                o,
                text.get_ref(),
                self.currencies,
                &self.reading,
                None,
            )
            .map(|m| m.0)
            .map_err(in_string),
            None => crate::input::money_at(
                &Input::new(
                    format!("{what} in {}", self.input.name),
                    text.get_ref().as_str(),
                ),
                0,
                text.get_ref(),
                self.currencies,
                &self.reading,
                None,
            )
            .map(|m| m.0)
            .map_err(|e| self.err(span, e.message(), in_string(e.clone()).hint())),
        }
    }

    /// The money of an amount already read from `text`.
    fn money_of(&self, text: &Text, amount: &Amount) -> Result<Money> {
        let span = text.span();
        match self.string_offset(&span, text.get_ref()) {
            Some(o) => {
                crate::input::money_of(self.input, o, text.get_ref(), amount, self.currencies, None)
            }
            None => {
                let input = Input::new(self.input.name.clone(), text.get_ref().as_str());
                crate::input::money_of(&input, 0, text.get_ref(), amount, self.currencies, None)
                    .map_err(|e| self.err(span, e.message(), e.hint()))
            }
        }
    }

    /// A number: a TOML integer or float read exactly as written, or a string.
    fn number(&self, f: &Field, what: &str) -> Result<Decimal> {
        let span = f.span();
        let raw = self
            .input
            .text
            .get(span.clone())
            .unwrap_or_default()
            .replace('_', "");
        match f.get_ref() {
            Value::Integer(_) | Value::Float(_) => {
                let parsed = if raw.contains(['e', 'E']) {
                    Decimal::from_scientific(&raw).ok()
                } else {
                    Decimal::from_str_exact(&raw).ok()
                };
                parsed
                    .ok_or_else(|| self.err(span, format!("`{raw}` is not a decimal number"), None))
            }
            Value::String(_) => {
                let a = self.amount_text(&self.as_text(f, what)?)?;
                match a.unit {
                    Unit::Number => Ok(a.value),
                    _ => Err(self.err(
                        span,
                        format!("`{what}` is a plain number, not {}", unit_name(&a.unit)),
                        None,
                    )),
                }
            }
            other => Err(self.err(
                span,
                format!("`{what}` must be a number, not {}", other.type_str()),
                None,
            )),
        }
    }

    /// A percentage or fraction: `"8%"`, `0.08`, `"0.08"`.
    fn fraction(&self, f: &Field, what: &str) -> Result<Decimal> {
        let span = f.span();
        let value = match f.get_ref() {
            Value::String(_) => {
                let a = self.amount_text(&self.as_text(f, what)?)?;
                match a.unit {
                    Unit::Percent => return Ok(a.value),
                    Unit::Number => a.value,
                    Unit::Currency(..) => {
                        return Err(self.err(
                            span,
                            format!("`{what}` is a percentage, not an amount of money"),
                            Some("write it as `8%` or `0.08`".into()),
                        ));
                    }
                }
            }
            _ => self.number(f, what)?,
        };
        if value.abs() > Decimal::ONE {
            return Err(self.err(
                span,
                format!("`{what}` = {value} is ambiguous as a fraction"),
                Some(format!(
                    "write `{value}%` for a percentage, or a fraction such as `0.{}`",
                    value.trunc()
                )),
            ));
        }
        Ok(value)
    }

    fn whole(&self, f: &Field, what: &str) -> Result<u32> {
        let n = self.number(f, what)?;
        if n.fract().is_zero()
            && let Ok(v) = u32::try_from(n)
        {
            return Ok(v);
        }
        Err(self.err(
            f.span(),
            format!("`{what}` must be a whole number, not {n}"),
            None,
        ))
    }

    fn date(&self, f: &Field, what: &str) -> Result<NaiveDate> {
        let text = match f.get_ref() {
            Value::Datetime(d) => d.to_string(),
            Value::String(s) => s.clone(),
            other => {
                return Err(self.err(
                    f.span(),
                    format!("`{what}` must be a date, not {}", other.type_str()),
                    None,
                ));
            }
        };
        crate::rates::parse_date(&text).ok_or_else(|| {
            self.err(
                f.span(),
                format!("`{text}` is not a calendar date"),
                Some("write dates as YYYY-MM-DD, such as 2025-07-08".into()),
            )
        })
    }

    fn currency(&self, t: &Text) -> Result<Currency> {
        let input = Input::new(self.input.name.clone(), t.get_ref().as_str());
        crate::input::currency(&input, self.currencies)
            .map_err(|e| self.err(t.span(), e.message(), e.hint()))
    }

    fn vesting(&self, t: &Text) -> Result<Vesting> {
        t.get_ref()
            .parse()
            .map_err(|e: crate::schedule::ScheduleError| {
                self.err(t.span(), e.to_string(), e.hint())
            })
    }

    fn months(&self, t: &Text, what: &str) -> Result<u32> {
        let text = t.get_ref().trim();
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        let unit = text.get(digits.len()..).unwrap_or_default().trim();
        let n: Option<u32> = digits.parse().ok();
        let months = match (n, unit) {
            (Some(n), "y" | "yr" | "year" | "years") => n.checked_mul(12),
            (Some(n), "m" | "mo" | "month" | "months") => Some(n),
            _ => None,
        };
        months.filter(|m| (1..=1200).contains(m)).ok_or_else(|| {
            self.err(
                t.span(),
                format!("`{what}` = `{text}` is not a duration"),
                Some("write a duration from `1m` to `100y`, such as `12m` or `1y`".into()),
            )
        })
    }
}

fn unit_name(u: &Unit) -> &'static str {
    match u {
        Unit::Currency(..) => "an amount of money",
        Unit::Percent => "a percentage",
        Unit::Number => "a number",
    }
}

fn text_of(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.get_ref().clone())
}

impl Document {
    /// Reads the TOML of a scenario file.
    pub fn parse(input: &Arc<Input>) -> Result<Document> {
        if input.text.trim().is_empty() {
            return Err(Error::invalid(format!("`{}` is empty", input.name))
                .with(
                    None,
                    Some(
                        "a scenario has offers, deals or claims: see scenarios/ for examples"
                            .into(),
                    ),
                )
                .at(input, 0));
        }
        let raw: RawFile = toml::from_str(&input.text).map_err(|e| {
            let span = e.span();
            let hint = span
                .is_none()
                .then(|| "tables and keys nest at most about 80 levels deep".to_owned());
            Error::invalid(e.message().trim().to_owned())
                .with(
                    span.or_else(|| crate::input::deepest_key(&input.text)),
                    hint,
                )
                .at(input, 0)
        })?;
        Ok(Document {
            input: Arc::clone(input),
            raw,
        })
    }

    /// How the file's figures are read: its `numbers` and `symbols` over
    /// the reader's defaults.
    fn reading(&self, ctx: &Ctx<'_>, defaults: &Reading) -> Result<Reading> {
        let mut reading = defaults.clone();
        if let Some(n) = &self.raw.numbers {
            reading.numbers = Some(
                n.get_ref()
                    .parse()
                    .map_err(|e: String| ctx.err(n.span(), e, None))?,
            );
        }
        for (symbol, code) in &self.raw.symbols {
            let s = Symbol::from_text(symbol.get_ref()).ok_or_else(|| {
                ctx.err(
                    symbol.span(),
                    format!("`{}` is not a shared currency symbol", symbol.get_ref()),
                    Some("`symbols` names what `$`, `¥`, `£` or `kr` stands for".into()),
                )
            })?;
            let c = ctx.currency(code)?;
            if !s.currencies().contains(&c.code().as_str()) {
                return Err(ctx.err(
                    code.span(),
                    format!("{c} is not written `{}`", s.as_str()),
                    Some(format!(
                        "`{}` is one of: {}",
                        s.as_str(),
                        s.currencies().join(", ")
                    )),
                ));
            }
            reading.symbols.retain(|(k, _)| *k != s);
            reading.symbols.push((s, c.code()));
        }
        Ok(reading)
    }

    /// The rate tables the file names, relative to the file, with where
    /// each is named.
    pub fn rates(&self) -> Vec<(String, Error)> {
        self.raw
            .rates
            .iter()
            .map(|r| {
                let e = Error::invalid(format!("cannot read rate table `{}`", r.get_ref()))
                    .with(Some(r.span()), None)
                    .at(&self.input, 0);
                (r.get_ref().clone(), e)
            })
            .collect()
    }

    /// Validates and evaluates everything in the file. `today` is the
    /// default `as_of`.
    ///
    /// `reading` is how figures are read where the file does not say: its
    /// `numbers` and `symbols` win over it.
    pub fn evaluate(
        &self,
        table: &RateTable,
        today: NaiveDate,
        reading: &Reading,
    ) -> Result<Results> {
        let mut ctx = Ctx {
            input: &self.input,
            currencies: table.currencies(),
            reading: reading.clone(),
        };
        ctx.reading = self.reading(&ctx, reading)?;
        let raw = &self.raw;
        if raw.offers.is_empty() && raw.deals.is_empty() && raw.claims.is_empty() {
            return Err(Error::invalid(format!(
                "`{}` has no offers, deals or claims",
                self.input.name
            ))
            .with(
                Some(0..0),
                Some("add `[offers.ID]`, `[deals.ID]` or `[[claims]]`".into()),
            )
            .at(&self.input, 0));
        }
        let as_of = match &raw.as_of {
            Some(f) => ctx.date(f, "as_of")?,
            None => today,
        };
        let fx = match raw.fx.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
            None | Some(("as-of", _)) => Fx::AsOf,
            Some(("paid-on", _)) => Fx::PaidOn,
            Some((other, span)) => {
                return Err(ctx.err(
                    span,
                    format!("unknown fx `{other}`"),
                    Some("choose from: as-of, paid-on".into()),
                ));
            }
        };
        let mut also_in = Vec::new();
        if let Some(c) = &raw.currency {
            also_in.push(ctx.currency(c)?);
        }
        for c in &raw.also_in {
            let c = ctx.currency(c)?;
            if !also_in.contains(&c) {
                also_in.push(c);
            }
        }

        // Read every offer (errors in file order), then evaluate them on
        // every core.
        let read: Vec<(&Text, &Spanned<RawOffer>, Offer)> = raw
            .offers
            .iter()
            .map(|(id, o)| read_offer(&ctx, id, o.get_ref()).map(|offer| (id, o, offer)))
            .collect::<Result<_>>()?;
        let targets: &[Currency] = &also_in;
        let fx_args = Some((table, targets, fx, as_of)).filter(|_| !targets.is_empty());
        let evaluated = crate::parallel::map(&read, |(_, _, offer)| offer.evaluate(fx_args));
        let mut offers = Vec::with_capacity(read.len());
        for ((id, o, offer), breakdown) in read.into_iter().zip(evaluated) {
            let breakdown = breakdown
                .map_err(|e| ctx.err(o.span(), format!("offer `{}`: {e}", id.get_ref()), None))?;
            offers.push(OfferResult {
                id: id.get_ref().clone(),
                offer,
                breakdown,
                source: text_of(&o.get_ref().source),
                text: text_of(&o.get_ref().text),
            });
        }
        let mut deals = Vec::new();
        for (id, d) in &raw.deals {
            let deal = read_deal(&ctx, d.get_ref())?;
            let valuation = deal.valuation().map_err(|e| {
                ctx.err(id.span(), format!("deal `{}`: {e}", id.get_ref()), e.hint())
            })?;
            deals.push(DealResult {
                id: id.get_ref().clone(),
                deal,
                valuation,
                source: text_of(&d.get_ref().source),
                text: text_of(&d.get_ref().text),
            });
        }
        let mut claims = Vec::new();
        let mut histories = Histories::default();
        for c in &raw.claims {
            claims.push(read_claim(
                &ctx,
                c.get_ref(),
                (table, &mut histories),
                as_of,
                &offers,
                &deals,
            )?);
        }
        Ok(Results {
            file: self.input.name.clone(),
            title: text_of(&raw.title),
            source: text_of(&raw.source),
            as_of,
            offers,
            deals,
            claims,
            rates_source: table.source().to_owned(),
        })
    }
}

fn read_offer(ctx: &Ctx<'_>, id: &Text, o: &RawOffer) -> Result<Offer> {
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
    let leave_on = o
        .leave_on
        .as_ref()
        .map(|f| ctx.date(f, "leave_on"))
        .transpose()?;
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
        components.push(read_pay(ctx, p, start)?);
    }
    Ok(Offer {
        title: text_of(&o.title).unwrap_or_else(|| id.get_ref().clone()),
        start,
        components,
        by,
        discount,
        leave_on,
        allocation,
    })
}

fn read_pay(ctx: &Ctx<'_>, p: &Spanned<RawPay>, start: NaiveDate) -> Result<Component> {
    let span = p.span();
    let p = p.get_ref();
    let kind = match p.kind.get_ref().as_str() {
        "salary" => Kind::Salary,
        "bonus" => Kind::Bonus,
        "signing" => Kind::Signing,
        "retention" => Kind::Retention,
        "equity" => Kind::Equity,
        other => {
            return Err(ctx.err(
                p.kind.span(),
                format!("unknown pay kind `{other}`"),
                Some(format!("choose from: {}", Kind::NAMES.join(", "))),
            ));
        }
    };
    let need = |f: &Option<Field>, what: &str| -> Result<Field> {
        f.clone().ok_or_else(|| {
            ctx.err(
                span.clone(),
                format!("a `{kind}` component needs `{what}`"),
                None,
            )
        })
    };
    // Fields a kind does not use are errors, not silently ignored.
    let unused: &[(&str, bool)] = match kind {
        Kind::Salary => &[
            ("target", p.target.is_some()),
            ("payout", p.payout.is_some()),
            ("vesting", p.vesting.is_some()),
            ("shares", p.shares.is_some()),
            ("price", p.price.is_some()),
            ("growth", p.growth.is_some()),
            ("refresh", p.refresh.is_some()),
            ("clawback", p.clawback.is_some()),
        ],
        Kind::Bonus => &[
            ("amount", p.amount.is_some()),
            ("raise", p.raise.is_some()),
            ("vesting", p.vesting.is_some()),
            ("shares", p.shares.is_some()),
            ("price", p.price.is_some()),
            ("growth", p.growth.is_some()),
            ("refresh", p.refresh.is_some()),
            ("clawback", p.clawback.is_some()),
        ],
        Kind::Signing | Kind::Retention | Kind::Grant => &[
            ("raise", p.raise.is_some()),
            ("years", p.years.is_some()),
            ("target", p.target.is_some()),
            ("payout", p.payout.is_some()),
            ("shares", p.shares.is_some()),
            ("price", p.price.is_some()),
            ("growth", p.growth.is_some()),
            ("refresh", p.refresh.is_some()),
        ],
        Kind::Equity => &[
            ("raise", p.raise.is_some()),
            ("target", p.target.is_some()),
            ("payout", p.payout.is_some()),
            ("clawback", p.clawback.is_some()),
        ],
    };
    if let Some((name, _)) = unused.iter().find(|(_, present)| *present) {
        return Err(ctx.err(span, format!("a `{kind}` component has no `{name}`"), None));
    }
    // Explicit tranches: all by `portion` (totalling 100%) or all by
    // `amount` (totalling the component's amount).
    let vesting = |default: Vesting, total: Decimal| -> Result<Vesting> {
        if p.tranches.is_empty() {
            return p.vesting.as_ref().map_or(Ok(default), |v| ctx.vesting(v));
        }
        if p.vesting.is_some() {
            return Err(ctx.err(span.clone(), "give `vesting` or `tranches`, not both", None));
        }
        let mut list = Vec::new();
        let mut by_amount = None;
        for t in &p.tranches {
            let tr = t.get_ref();
            let date = ctx.date(&tr.date, "date")?;
            if date < start {
                return Err(ctx.err(
                    tr.date.span(),
                    format!("tranche date {date} is before the start ({start})"),
                    None,
                ));
            }
            let (weight, amount) = match (&tr.portion, &tr.amount) {
                (Some(f), None) => {
                    let portion = ctx.fraction(f, "portion")?;
                    if portion <= Decimal::ZERO || portion > Decimal::ONE {
                        return Err(ctx.err(
                            f.span(),
                            format!(
                                "a portion of {} is outside 0% to 100%",
                                crate::report::percent(portion)
                            ),
                            Some("each tranche vests more than 0% and at most 100%".into()),
                        ));
                    }
                    (portion, false)
                }
                (None, Some(f)) => (ctx.money(f, "amount")?.amount, true),
                _ => {
                    return Err(ctx.err(
                        t.span(),
                        "a tranche needs `portion` or `amount` (one of the two)",
                        None,
                    ));
                }
            };
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
            .ok_or_else(|| ctx.err(span.clone(), "the tranches total more than 28 digits", None))?;
        let (want, shown) = if by_amount == Some(true) {
            (total, total.normalize().to_string())
        } else {
            (Decimal::ONE, "100%".to_owned())
        };
        if sum != want {
            let got = if by_amount == Some(true) {
                sum.normalize().to_string()
            } else {
                crate::report::percent(sum)
            };
            return Err(ctx.err(
                span.clone(),
                format!("tranches total {got}, not {shown}"),
                None,
            ));
        }
        Ok(Vesting::Explicit(list))
    };
    let terms = match kind {
        Kind::Salary => Terms::Salary {
            amount: ctx.money(&need(&p.amount, "amount")?, "amount")?,
            raise: p
                .raise
                .as_ref()
                .map(|f| ctx.fraction(f, "raise"))
                .transpose()?
                .unwrap_or_default(),
            years: match &p.years {
                Some(f) => positive(ctx, f, ctx.whole(f, "years")?)?,
                None => return Err(ctx.err(span, "a `salary` component needs `years`", None)),
            },
        },
        Kind::Bonus => {
            let t = need(&p.target, "target")?;
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
            Terms::Bonus {
                target,
                payout: p
                    .payout
                    .as_ref()
                    .map(|f| ctx.fraction(f, "payout"))
                    .transpose()?
                    .unwrap_or(Decimal::ONE),
                years: p
                    .years
                    .as_ref()
                    .map(|f| ctx.whole(f, "years").and_then(|y| positive(ctx, f, y)))
                    .transpose()?,
            }
        }
        Kind::Signing | Kind::Retention | Kind::Grant => {
            let amount = ctx.money(&need(&p.amount, "amount")?, "amount")?;
            let v = vesting(Vesting::Once, amount.amount)?;
            Terms::Lump {
                amount,
                vesting: v,
                clawback: p
                    .clawback
                    .as_ref()
                    .map(|c| ctx.months(c, "clawback"))
                    .transpose()?,
            }
        }
        Kind::Equity => {
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
                        span,
                        "an `equity` component needs `amount` or `shares`, not both",
                        None,
                    ));
                }
            };
            let total = match &grant {
                Grant::Value(m) => m.amount,
                Grant::Shares(n) => *n,
            };
            let v = vesting(Vesting::Once, total)?;
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
                            .map_or(Ok(v.clone()), |t| ctx.vesting(t))?,
                    })
                }
            };
            let horizon = match (
                &p.years,
                p.refresh.as_ref().and_then(|r| r.get_ref().years.as_ref()),
            ) {
                (_, Some(f)) | (Some(f), None) => {
                    Some(positive(ctx, f, ctx.whole(f, "years")?)?.saturating_mul(12))
                }
                _ => None,
            };
            Terms::Equity {
                grant,
                price,
                vesting: v,
                growth: p
                    .growth
                    .as_ref()
                    .map(|f| ctx.fraction(f, "growth"))
                    .transpose()?
                    .unwrap_or_default(),
                refresh,
                horizon,
            }
        }
    };
    Ok(Component {
        kind,
        label: p
            .name
            .as_ref()
            .map_or_else(|| kind.to_string(), |n| n.get_ref().clone()),
        terms,
    })
}

/// Years of pay or grants: 1 to 100 (a century of pay is already absurd;
/// more would only make the schedule huge).
fn positive(ctx: &Ctx<'_>, f: &Field, n: u32) -> Result<u32> {
    if !(1..=100).contains(&n) {
        return Err(ctx.err(
            f.span(),
            format!("`years` must be from 1 to 100, not {n}"),
            None,
        ));
    }
    Ok(n)
}

fn read_deal(ctx: &Ctx<'_>, d: &RawDeal) -> Result<Deal> {
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

const DEAL_FIELDS: &[&str] = &[
    "post_money",
    "pre_money",
    "price",
    "stake",
    "remaining_value",
    "new_shares",
    "shares_bought",
    "price_per_share",
];
const OFFER_FIELDS: &str =
    "total, present_value, kept, forfeited, first_year, average_per_year, years.N, calendar.YYYY";

/// The computed figure a claim is about.
fn subject(
    ctx: &Ctx<'_>,
    of: &Text,
    offers: &[OfferResult],
    deals: &[DealResult],
) -> Result<Figure> {
    let path = of.get_ref().trim();
    let span = of.span();
    let parts: Vec<&str> = path.split('.').collect();
    match parts.as_slice() {
        ["deals", id, field] => {
            let d = deals.iter().find(|d| d.id == *id).ok_or_else(|| {
                let known: Vec<&str> = deals.iter().map(|d| d.id.as_str()).collect();
                ctx.err(
                    span.clone(),
                    format!("unknown deal `{id}` in `{path}`"),
                    Some(if known.is_empty() {
                        "this file has no deals".into()
                    } else {
                        format!("deals in this file: {}", known.join(", "))
                    }),
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
            Ok(match *field {
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
            })
        }
        ["offers", id, rest @ ..] => {
            let o = offers.iter().find(|o| o.id == *id).ok_or_else(|| {
                let known: Vec<&str> = offers.iter().map(|o| o.id.as_str()).collect();
                ctx.err(
                    span.clone(),
                    format!("unknown offer `{id}` in `{path}`"),
                    Some(if known.is_empty() {
                        "this file has no offers".into()
                    } else {
                        format!("offers in this file: {}", known.join(", "))
                    }),
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
            Ok(Figure::Money(money.ok_or_else(|| none("money value"))?))
        }
        _ => {
            let a = ctx.amount_text(of)?;
            Ok(match a.unit {
                Unit::Currency(..) => Figure::Money(ctx.money(
                    &Spanned::new(span, Value::String(of.get_ref().clone())),
                    "of",
                )?),
                Unit::Percent => Figure::Fraction(a.value),
                Unit::Number => Figure::Count(a.value),
            })
        }
    }
}

/// The rate history of each pair of currencies the claims convert
/// between, built once per file.
type Histories = std::collections::HashMap<(Currency, Currency), claim::PairHistory>;

fn read_claim(
    ctx: &Ctx<'_>,
    c: &RawClaim,
    (table, histories): (&RateTable, &mut Histories),
    as_of: NaiveDate,
    offers: &[OfferResult],
    deals: &[DealResult],
) -> Result<ClaimResult> {
    let on =
        c.on.as_ref()
            .map(|f| ctx.date(f, "on"))
            .transpose()?
            .unwrap_or(as_of);
    let actual = subject(ctx, &c.of, offers, deals)?;
    let says_amount = ctx.figure_text(&c.says)?;
    let says = match says_amount.unit {
        Unit::Currency(..) => Figure::Money(ctx.money_of(&c.says, &says_amount)?),
        Unit::Percent => Figure::Fraction(says_amount.value),
        Unit::Number => Figure::Count(says_amount.value),
    };
    let tolerance = match &c.tolerance {
        None => None,
        Some(f) => {
            let (s, _) = ctx.string(f, "tolerance")?;
            let a = ctx.amount_text(&ctx.as_text(f, "tolerance")?)?;
            if a.value < Decimal::ZERO {
                return Err(ctx.err(
                    f.span(),
                    format!("tolerance `{s}` is negative"),
                    Some("a tolerance is a margin either way: `1%` or `$1M`".into()),
                ));
            }
            Some(match a.unit {
                Unit::Percent => Tolerance::Relative(a.value),
                Unit::Number => Tolerance::Absolute(a.value),
                Unit::Currency(code, _) => {
                    if let Figure::Money(m) = says
                        && code != m.currency.code()
                    {
                        return Err(ctx.err(
                            f.span(),
                            format!(
                                "tolerance `{s}` is in {code}, the printed figure in {}",
                                m.currency
                            ),
                            None,
                        ));
                    }
                    Tolerance::Absolute(a.value)
                }
            })
        }
    };
    let mismatch = || {
        ctx.err(
            c.says.span(),
            format!(
                "`{}` is {}, but `{}` is {}",
                c.says.get_ref(),
                says.kind(),
                c.of.get_ref(),
                actual.kind()
            ),
            None,
        )
    };
    let verdict = match (actual, says) {
        (Figure::Money(a), Figure::Money(s)) if a.currency != s.currency => {
            let conv = table
                .convert(a, s.currency, on)
                .map_err(|e| ctx.err(c.of.span(), e.to_string(), e.hint()))?;
            let mut v = claim::judge(&says_amount, says, Figure::Money(conv.to), tolerance);
            let implied_rate = s.amount.checked_div(a.amount).unwrap_or_default();
            let (before, after) = histories
                .entry((a.currency, s.currency))
                .or_insert_with(|| claim::PairHistory::new(table, a.currency, s.currency))
                .holding_dates(a.amount, on, v.low, v.high);
            v.conversion = Some(ConversionCheck {
                from: a,
                rate: conv.rate,
                rate_date: conv.rate_date,
                implied_rate: implied_rate.normalize(),
                held_on_or_before: before,
                held_after: after,
                stale: conv.stale,
                latest_available: conv.latest_available,
                rule: conv.rule,
            });
            v
        }
        (Figure::Money(_), Figure::Money(_))
        | (Figure::Fraction(_), Figure::Fraction(_))
        | (Figure::Count(_), Figure::Count(_)) => {
            claim::judge(&says_amount, says, actual, tolerance)
        }
        // A bare number printed for a fraction (`0.49`) compares as one.
        (Figure::Fraction(_), Figure::Count(n))
            if n <= Decimal::ONE && says_amount.bound == Bound::Approximately =>
        {
            claim::judge(&says_amount, Figure::Fraction(n), actual, tolerance)
        }
        _ => return Err(mismatch()),
    };
    Ok(ClaimResult {
        text: text_of(&c.text).unwrap_or_else(|| c.says.get_ref().clone()),
        source: text_of(&c.source),
        of: c.of.get_ref().clone(),
        says: c.says.get_ref().clone(),
        on,
        verdict,
    })
}
