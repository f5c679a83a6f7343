//! Scenario files: TOML with offers, deals and claims (docs/scenario-format.md),
//! read in two steps: [`Document::parse`] reads the TOML and
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
use crate::claim::{self, ConversionCheck, Figure, Said, Tolerance, Verdict, WouldHold};
use crate::company::{self, Company, CompanyResult, Event, EventKind, Preference};
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
    real: Option<Field>,
    inflation: Option<Field>,
    cpi_gaps: Option<Text>,
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
    companies: IndexMap<Text, Spanned<RawCompany>>,
    #[serde(default)]
    claims: Vec<Spanned<RawClaim>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawCompany {
    name: Option<Text>,
    source: Option<Text>,
    #[serde(default)]
    common: IndexMap<Text, Field>,
    pool: Option<Field>,
    #[serde(default)]
    events: Vec<Spanned<RawEvent>>,
    #[serde(default)]
    exits: Vec<Spanned<RawExit>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    id: Text,
    kind: Text,
    holder: Text,
    amount: Field,
    date: Option<Field>,
    cap: Option<Field>,
    discount: Option<Field>,
    interest: Option<Field>,
    pre_money: Option<Field>,
    pool_after: Option<Field>,
    preference: Option<Text>,
    participating: Option<Spanned<bool>>,
    seniority: Option<Field>,
    day_count: Option<Text>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RawExit {
    id: Text,
    value: Field,
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
    strike: Option<Field>,
    company: Option<Text>,
    exit: Option<Text>,
    exercise_window: Option<Text>,
    tax: Option<Field>,
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
    pre_money: Option<Field>,
    kind: Option<Text>,
    shares: Option<Field>,
    shares_bought: Option<Field>,
    price_per_share: Option<Field>,
    fractional_shares: Option<Spanned<bool>>,
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
    rate: Option<Text>,
    basis: Option<Text>,
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

/// A company and what its events and exits come to.
#[derive(Debug, Clone)]
pub struct CompanyEntry {
    /// Its id.
    pub id: String,
    /// The company as given.
    pub company: Company,
    /// Its events, cap table and exits.
    pub result: CompanyResult,
    /// Where it was reported.
    pub source: Option<String>,
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
    /// Companies, in file order.
    pub companies: Vec<CompanyEntry>,
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

    /// Whether `check` passes: no claim fails; with `strict`, none is
    /// truncated or holds only as a round figure either.
    pub fn passes(&self, strict: bool) -> bool {
        self.claims.iter().all(|c| match c.verdict.outcome {
            claim::Outcome::Holds => !strict || c.verdict.precision.is_none(),
            claim::Outcome::Truncated => !strict,
            claim::Outcome::Fails => false,
        })
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
        let months = crate::schedule::duration_months(text);
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
        if raw.offers.is_empty()
            && raw.deals.is_empty()
            && raw.companies.is_empty()
            && raw.claims.is_empty()
        {
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
        let reporting = raw.currency.as_ref().map(|c| ctx.currency(c)).transpose()?;
        let mut also_in = Vec::new();
        for c in &raw.also_in {
            let c = ctx.currency(c)?;
            if !also_in.contains(&c) {
                also_in.push(c);
            }
        }

        let running = || crate::cancel::check().map_err(|e| Error::invalid(e.to_string()));
        let mut companies = Vec::new();
        for (id, c) in &raw.companies {
            running()?;
            let company = read_company(&ctx, id, c.get_ref())?;
            let result = company.evaluate().map_err(|e| {
                ctx.err(id.span(), format!("company `{}`: {e}", id.get_ref()), None)
            })?;
            companies.push(CompanyEntry {
                id: id.get_ref().clone(),
                company,
                result,
                source: text_of(&c.get_ref().source),
            });
        }
        // Read every offer (errors in file order), then evaluate them on
        // every core.
        let read: Vec<(&Text, &Spanned<RawOffer>, Offer)> = raw
            .offers
            .iter()
            .map(|(id, o)| {
                read_offer(&ctx, id, o.get_ref(), &companies).map(|offer| (id, o, offer))
            })
            .collect::<Result<_>>()?;
        // Real terms: dollars of a year or month by the built-in CPI-U,
        // with the inflation assumed past its last month, if given.
        let index = match &raw.real {
            Some(_) => Some(
                crate::index::PriceIndex::builtin()
                    .map_err(|e| Error::invalid(format!("the built-in CPI-U: {e}")))?,
            ),
            None => None,
        };
        let real = match (&raw.real, &index) {
            (Some(f), Some(index)) => {
                let text = match f.get_ref() {
                    Value::Integer(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    other => {
                        return Err(ctx.err(
                            f.span(),
                            format!("`real` must be a year or a month, not {}", other.type_str()),
                            Some("write `real = 2025` or `real = \"2025-09\"`".into()),
                        ));
                    }
                };
                let period: crate::index::Period = text.parse().map_err(|why: String| {
                    ctx.err(
                        f.span(),
                        why,
                        Some("write `real = 2025` or `real = \"2025-09\"`".into()),
                    )
                })?;
                index.value(period).map_err(|e| {
                    let (_, last, last_year) = index.range();
                    let hint = match (last_year, last) {
                        (Some(y), Some(m)) => Some(format!(
                            "dollars of a year with an annual average (up to {y}) or of a month (up to `\"{m}\"`)"
                        )),
                        _ => None,
                    };
                    ctx.err(f.span(), e.to_string(), hint)
                })?;
                let inflation = raw
                    .inflation
                    .as_ref()
                    .map(|f| ctx.fraction(f, "inflation"))
                    .transpose()?;
                let interpolate = match raw
                    .cpi_gaps
                    .as_ref()
                    .map(|t| (t.get_ref().as_str(), t.span()))
                {
                    None | Some(("refuse", _)) => false,
                    Some(("interpolate", _)) => true,
                    Some((other, span)) => {
                        return Err(ctx.err(
                            span,
                            format!("unknown cpi_gaps `{other}`"),
                            Some("choose from: refuse, interpolate".into()),
                        ));
                    }
                };
                Some(offer::RealTerms {
                    index,
                    period,
                    inflation,
                    interpolate,
                })
            }
            _ => {
                if let Some(t) = &raw.cpi_gaps {
                    return Err(ctx.err(
                        t.span(),
                        "`cpi_gaps` is for real terms, and there is no `real`",
                        Some(
                            "add `real = 2025` (dollars of that year), or remove `cpi_gaps`".into(),
                        ),
                    ));
                }
                if let Some(f) = &raw.inflation {
                    return Err(ctx.err(
                        f.span(),
                        "`inflation` is assumed for real terms, and there is no `real`",
                        Some(
                            "add `real = 2025` (dollars of that year), or remove `inflation`"
                                .into(),
                        ),
                    ));
                }
                None
            }
        };
        let conversions = offer::Conversions {
            table,
            reporting,
            also_in: &also_in,
            fx,
            as_of,
            real,
        };
        let fx_args = Some(&conversions)
            .filter(|_| reporting.is_some() || !also_in.is_empty() || real.is_some());
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
            running()?;
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
            running()?;
            claims.push(read_claim(
                &ctx,
                c.get_ref(),
                (table, &mut histories),
                as_of,
                &offers,
                (&deals, &companies),
            )?);
        }
        Ok(Results {
            file: self.input.name.clone(),
            title: text_of(&raw.title),
            source: text_of(&raw.source),
            as_of,
            offers,
            deals,
            companies,
            claims,
            rates_source: table.source().to_owned(),
        })
    }
}

fn read_offer(ctx: &Ctx<'_>, id: &Text, o: &RawOffer, companies: &[CompanyEntry]) -> Result<Offer> {
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

fn read_pay(
    ctx: &Ctx<'_>,
    p: &Spanned<RawPay>,
    start: NaiveDate,
    companies: &[CompanyEntry],
) -> Result<Component> {
    let span = p.span();
    let p = p.get_ref();
    let kind = match p.kind.get_ref().as_str() {
        "salary" => Kind::Salary,
        "bonus" => Kind::Bonus,
        "signing" => Kind::Signing,
        "retention" => Kind::Retention,
        "equity" => Kind::Equity,
        "options" => Kind::Options,
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
    // Fields a kind does not use are errors, not silently ignored: each
    // kind names the fields it takes, and the first other one given is
    // reported (the options' fields first, but for equity).
    let takes: &[&str] = match kind {
        Kind::Salary => &["amount", "raise", "years"],
        Kind::Bonus => &["years", "target", "payout"],
        Kind::Signing | Kind::Retention | Kind::Grant => &["amount", "vesting", "clawback"],
        Kind::Equity => &[
            "amount", "years", "vesting", "shares", "price", "growth", "refresh",
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
    ];
    let (first, then) = if kind == Kind::Equity {
        (&other_fields[..], &options_fields[..])
    } else {
        (&options_fields[..], &other_fields[..])
    };
    if let Some((name, _)) = first
        .iter()
        .chain(then)
        .find(|(name, present)| *present && !takes.contains(name))
    {
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
                                crate::numbers::percent(portion)
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
                crate::numbers::percent(sum)
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
                strike: None,
                exercise_window: None,
            }
        }
        Kind::Options => read_options(ctx, p, span.clone(), start, companies)?,
    };
    let tax = match &p.tax {
        None => None,
        Some(f) => {
            let rate = ctx.fraction(f, "tax")?;
            if rate < Decimal::ZERO || rate >= Decimal::ONE {
                return Err(ctx.err(
                    f.span(),
                    "`tax` must be from 0% to below 100%",
                    Some("a flat rate you choose, such as `tax = \"37%\"`".into()),
                ));
            }
            Some(rate)
        }
    };
    Ok(Component {
        kind,
        label: p
            .name
            .as_ref()
            .map_or_else(|| kind.to_string(), |n| n.get_ref().clone()),
        terms,
        tax,
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
const OFFER_FIELDS: &str = "total, present_value, kept, forfeited, first_year, average_per_year, years.N, calendar.YYYY, real.total, real.first_year, real.present_value, real.kept, real.forfeited";

/// A deal's figure a claim is about: the deal and the field.
type DealFigure<'r> = (&'r DealResult, &'static str);

/// One operand of a claim's subject: a figure path or an amount.
fn subject<'r>(
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
type Histories = std::collections::HashMap<(Currency, Currency), claim::PairHistory>;

/// A token of a subject expression: an operand (byte range in `of`) or an
/// operator.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Operand(std::ops::Range<usize>),
    Op(char),
}

/// Splits a subject into operands and `+ - * / ( )`. A `-` is an operator
/// only with a space or a parenthesis on both sides, since ids and amounts
/// hold hyphens (`deals.meta-scale.price`).
fn pieces(text: &str) -> Vec<Piece> {
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
fn combine(a: Figure, op: char, b: Figure) -> std::result::Result<Figure, String> {
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
fn subject_expr<'r>(
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

type At<'a> = dyn Fn(&std::ops::Range<usize>) -> std::ops::Range<usize> + 'a;

/// An expression in `of` being read: the pieces, where the reading is,
/// and what its operands may name.
struct Expr<'a> {
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

/// A printed range split in two: `$29-30 billion` is `$29 billion` and
/// `$30 billion`; `between 1 and 1.5 billion dollars`, `entre 6,7 % et
/// 8,1 %`, `de 1 à 1,5 milliard`. The units written once are shared.
fn split_range(text: &str) -> Option<(String, String)> {
    let lower = text.to_lowercase();
    let trimmed = lower.trim_start();
    let lead = [
        "between ",
        "entre ",
        "from ",
        "de ",
        "zwischen ",
        "tra ",
        "fra ",
    ]
    .iter()
    .find(|w| trimmed.starts_with(*w))
    .map(|w| w.len() + (lower.len() - trimmed.len()));
    let body = text.get(lead.unwrap_or(0)..)?;
    let (left, right) = if lead.is_some() {
        [" and ", " et ", " to ", " à ", " und ", " y ", " e ", " a "]
            .iter()
            .find_map(|sep| {
                let i = body.to_lowercase().find(sep)?;
                Some((body.get(..i)?, body.get(i + sep.len()..)?))
            })?
    } else {
        // `29-30`, `29–30`, `29 to 30`: a dash between digits.
        let bytes: Vec<(usize, char)> = body.char_indices().collect();
        let dash = bytes.iter().enumerate().find_map(|(k, &(i, c))| {
            let digit_before = k
                .checked_sub(1)
                .and_then(|j| bytes.get(j))
                .is_some_and(|p| p.1.is_ascii_digit());
            let digit_after = bytes.get(k + 1).is_some_and(|p| p.1.is_ascii_digit());
            ((c == '-' || c == '–') && digit_before && digit_after).then_some((i, c.len_utf8()))
        })?;
        (body.get(..dash.0)?, body.get(dash.0 + dash.1..)?)
    };
    // The units around each number.
    let parts = |t: &str| -> Option<(String, String, String)> {
        let start = t.find(|c: char| c.is_ascii_digit())?;
        let end = t
            .get(start..)?
            .find(|c: char| !(c.is_ascii_digit() || ",. \u{a0}\u{202f}'".contains(c)))
            .map_or(t.len(), |e| start + e);
        let number = t.get(start..end)?.trim_end();
        let number_end = start + number.len();
        Some((
            t.get(..start)?.to_owned(),
            number.to_owned(),
            t.get(number_end..)?.to_owned(),
        ))
    };
    let (lp, ln, ls) = parts(left)?;
    let (rp, rn, rs) = parts(right)?;
    let prefix = if lp.trim().is_empty() {
        rp.clone()
    } else {
        lp.clone()
    };
    let left_suffix = if ls.trim().is_empty() { rs.clone() } else { ls };
    let right_prefix = if rp.trim().is_empty() { lp } else { rp };
    Some((
        format!("{prefix}{ln}{left_suffix}"),
        format!("{right_prefix}{rn}{rs}"),
    ))
}

/// A multiple: `10x`, `10 ×`, `ten times`, `dix fois`, `10-fold`: the
/// number, as a fraction (a ratio of 10 is 10).
fn multiple(text: &str) -> Option<String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    for suffix in [" times", " fois", "-fold", " fach", "x", "×", " x", " ×"] {
        if let Some(n) = lower.strip_suffix(suffix)
            && !n.trim().is_empty()
            && n.trim().chars().last().is_some_and(|c| c.is_alphanumeric())
        {
            return t.get(..n.len()).map(str::to_owned);
        }
    }
    None
}

/// What `says` states, in figures: one, or a range, or a multiple.
fn read_says(ctx: &Ctx<'_>, says: &Text) -> Result<(Amount, Said)> {
    let text = says.get_ref();
    let as_figure = |a: &Amount, t: &Text| -> Result<Figure> {
        Ok(match a.unit {
            Unit::Currency(..) => Figure::Money(ctx.money_of(t, a)?),
            Unit::Percent => Figure::Fraction(a.value),
            Unit::Number => Figure::Count(a.value),
        })
    };
    if let Some(n) = multiple(text) {
        let part = Spanned::new(says.span(), n);
        let a = ctx.figure_text(&part)?;
        if a.unit != Unit::Number {
            return Err(ctx.err(
                says.span(),
                format!("`{text}` is a multiple of a plain number"),
                Some("write a multiple as `10x` or `ten times`".into()),
            ));
        }
        let said = Said::one(Figure::Fraction(a.value), &a);
        return Ok((a, said));
    }
    if let Some((left, right)) = split_range(text) {
        let (l, r) = (
            Spanned::new(says.span(), left),
            Spanned::new(says.span(), right),
        );
        let end = |t: &Text| {
            ctx.figure_text(t).map_err(|e| {
                ctx.err(
                    says.span(),
                    format!(
                        "`{text}` reads as a range, but its end `{}` does not: {}",
                        t.get_ref().trim(),
                        e.message()
                    ),
                    Some(
                        "a range is `$29-30 billion`, `between 1 and 1.5 billion dollars` \
                         or `entre 6,7 % et 8,1 %`, one unit for both ends"
                            .into(),
                    ),
                )
            })
        };
        {
            let (la, ra) = (end(&l)?, end(&r)?);
            let (lf, rf) = (as_figure(&la, &l)?, as_figure(&ra, &r)?);
            if lf.kind() != rf.kind() || lf.currency_code() != rf.currency_code() {
                return Err(ctx.err(
                    says.span(),
                    format!("the two ends of `{text}` are in different units"),
                    None,
                ));
            }
            if rf.value() < lf.value() {
                return Err(ctx.err(
                    says.span(),
                    format!("the range `{text}` runs backwards"),
                    Some("write the low end first: `$29-30 billion`".into()),
                ));
            }
            let said = Said {
                figure: lf,
                high: Some(rf.value()),
                step: la.step,
                high_step: ra.step,
                round_step: la.round_step(),
                round_high_step: ra.round_step(),
                percent: la.unit == Unit::Percent,
                bound: ra.bound,
            };
            return Ok((la, said));
        }
    }
    let a = ctx.figure_text(says)?;
    let said = Said::one(as_figure(&a, says)?, &a);
    Ok((a, said))
}

/// A rate printed in the article: `$1 = 150.50 yen` or `150.50 JPY/USD`:
/// (from, to, units of `to` per one `from`).
fn read_rate(ctx: &Ctx<'_>, rate: &Text) -> Result<(Currency, Currency, Decimal)> {
    let text = rate.get_ref();
    let bad = || {
        ctx.err(
            rate.span(),
            format!("`{text}` is not a rate"),
            Some("write `$1 = 150.50 yen` or `150.50 JPY/USD`".into()),
        )
    };
    let money = |t: &str| -> Result<Money> {
        let part = Spanned::new(rate.span(), t.trim().to_owned());
        let a = ctx.amount_text(&part)?;
        ctx.money_of(&part, &a)
    };
    if let Some((left, right)) = text.split_once('=') {
        let (l, r) = (money(left)?, money(right)?);
        if l.amount <= Decimal::ZERO || r.amount <= Decimal::ZERO {
            return Err(bad());
        }
        let per = r.amount.checked_div(l.amount).ok_or_else(bad)?;
        return Ok((l.currency, r.currency, per));
    }
    let (number, pair) = text.trim().rsplit_once(' ').ok_or_else(bad)?;
    let (to, from) = pair.split_once('/').ok_or_else(bad)?;
    let currency = |c: &str| ctx.currency(&Spanned::new(rate.span(), c.to_owned()));
    let value = Decimal::from_str_exact(number.trim()).map_err(|_| bad())?;
    if value <= Decimal::ZERO {
        return Err(bad());
    }
    Ok((currency(from)?, currency(to)?, value))
}

fn read_claim(
    ctx: &Ctx<'_>,
    c: &RawClaim,
    (table, histories): (&RateTable, &mut Histories),
    as_of: NaiveDate,
    offers: &[OfferResult],
    (deals, companies): (&[DealResult], &[CompanyEntry]),
) -> Result<ClaimResult> {
    let on =
        c.on.as_ref()
            .map(|f| ctx.date(f, "on"))
            .transpose()?
            .unwrap_or(as_of);
    let (actual, deal) = subject_expr(ctx, &c.of, offers, (deals, companies))?;
    let (says_amount, said) = read_says(ctx, &c.says)?;
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
                    if let Figure::Money(m) = said.figure
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
    let printed_rate = c.rate.as_ref().map(|r| read_rate(ctx, r)).transpose()?;
    let basis: crate::rates::Basis = match &c.basis {
        Some(b) => b
            .get_ref()
            .parse()
            .map_err(|e: String| ctx.err(b.span(), e, None))?,
        None => crate::rates::Basis::Daily,
    };
    let mismatch = || {
        ctx.err(
            c.says.span(),
            format!(
                "`{}` is {}, but `{}` is {}",
                c.says.get_ref(),
                said.figure.kind(),
                c.of.get_ref(),
                actual.kind()
            ),
            None,
        )
    };
    let mut verdict = match (actual, said.figure) {
        (Figure::Money(a), Figure::Money(s)) if a.currency != s.currency => {
            let (rate, rate_date, stale, latest, rule) = match printed_rate {
                Some((from, to, per)) if from == a.currency && to == s.currency => {
                    (per, on, false, false, Some(PRINTED_RATE))
                }
                Some((from, to, per)) if from == s.currency && to == a.currency => (
                    Decimal::ONE
                        .checked_div(per)
                        .filter(|r| !r.is_zero())
                        .ok_or_else(|| {
                            ctx.err(
                                c.rate.as_ref().map_or(c.says.span(), Spanned::span),
                                "the printed rate's inverse is beyond 28 digits",
                                None,
                            )
                        })?,
                    on,
                    false,
                    false,
                    Some(PRINTED_RATE),
                ),
                Some((from, to, _)) => {
                    return Err(ctx.err(
                        c.rate.as_ref().map_or(c.says.span(), Spanned::span),
                        format!(
                            "the printed rate is {to} per {from}, but the claim converts {} into {}",
                            a.currency, s.currency
                        ),
                        None,
                    ));
                }
                None => {
                    let conv = table
                        .convert_on_basis(a, s.currency, on, basis)
                        .map_err(|e| ctx.err(c.of.span(), e.to_string(), e.hint()))?;
                    (
                        conv.rate,
                        conv.rate_date,
                        conv.stale,
                        conv.latest_available,
                        conv.rule,
                    )
                }
            };
            let converted = a
                .amount
                .checked_mul(rate)
                .ok_or_else(|| ctx.err(c.of.span(), "the conversion exceeds 28 digits", None))?;
            let converted = match printed_rate {
                Some(_) => converted,
                None => table
                    .convert_on_basis(a, s.currency, on, basis)
                    .map(|conv| conv.to.amount)
                    .unwrap_or(converted),
            };
            let mut v = claim::judge(
                &said,
                Figure::Money(Money::new(converted, s.currency)),
                tolerance,
            );
            // None for a zero amount: no rate turns 0 into the printed figure.
            let implied_rate = s.amount.checked_div(a.amount);
            let (before, after) = if printed_rate.is_some() {
                (None, None)
            } else if basis != crate::rates::Basis::Daily {
                claim::holding_periods(table, a, s.currency, on, basis, (v.low, v.high))
            } else {
                histories
                    .entry((a.currency, s.currency))
                    .or_insert_with(|| claim::PairHistory::new(table, a.currency, s.currency))
                    .holding_dates(a.amount, on, v.low, v.high)
            };
            v.conversion = Some(ConversionCheck {
                from: a,
                rate: rate.normalize(),
                rate_date,
                implied_rate: implied_rate.map(|r| r.normalize()),
                held_on_or_before: before,
                held_after: after,
                stale,
                latest_available: latest,
                rule,
                basis,
            });
            if !v.holds {
                let band = v.band();
                if printed_rate.is_none() && (before.is_some() || after.is_some()) {
                    v.would_hold_if.push(WouldHold::Dates {
                        on_or_before: before,
                        after,
                    });
                }
                // Other readings tell something only against a band with
                // two ends: past a bound, most numbers hold.
                let bounded = band.low.is_some() && band.high.is_some();
                if bounded && band.contains(a.amount) {
                    v.would_hold_if.push(WouldHold::NoConversion);
                }
                if bounded
                    && !rate.is_zero()
                    && a.amount.checked_div(rate).is_some_and(|x| band.contains(x))
                {
                    v.would_hold_if.push(WouldHold::InverseRate);
                }
            }
            v
        }
        (Figure::Money(_), Figure::Money(_))
        | (Figure::Fraction(_), Figure::Fraction(_))
        | (Figure::Count(_), Figure::Count(_)) => claim::judge(&said, actual, tolerance),
        // A bare number printed for a fraction (`0.49`) compares as one.
        (Figure::Fraction(_), Figure::Count(n))
            if n <= Decimal::ONE && said.bound == Bound::Rounded =>
        {
            let said = Said {
                figure: Figure::Fraction(n),
                ..said.clone()
            };
            claim::judge(&said, actual, tolerance)
        }
        // A count compared with a fraction: a ratio of two counts.
        (Figure::Count(v), Figure::Fraction(_)) => {
            claim::judge(&said, Figure::Fraction(v), tolerance)
        }
        _ => return Err(mismatch()),
    };
    if !verdict.holds && verdict.low.is_some() && verdict.high.is_some() {
        if let Some((d, field)) = deal {
            verdict
                .would_hold_if
                .extend(deal_readings(d, field, &verdict.band()));
        }
        let slips = verdict.scale_slips();
        verdict.would_hold_if.extend(slips);
    }
    let _ = says_amount;
    Ok(ClaimResult {
        text: text_of(&c.text).unwrap_or_else(|| c.says.get_ref().clone()),
        source: text_of(&c.source),
        of: c.of.get_ref().clone(),
        says: c.says.get_ref().clone(),
        on,
        verdict,
    })
}

/// What a rate printed in the article is called in explanations and JSON.
pub const PRINTED_RATE: &str = "rate printed in the article";

/// A deal's figure as a number: money's amount, a fraction, a count.
fn deal_figure(v: &Valuation, field: &str) -> Option<Decimal> {
    let money = |m: Option<Money>| m.map(|m| m.amount);
    match field {
        "post_money" => money(v.post_money),
        "pre_money" => money(v.pre_money),
        "price" => Some(v.price.amount),
        "stake" => v.stake,
        "remaining_value" => money(v.remaining_value),
        "new_shares" => v.new_shares,
        "shares_bought" => v.shares_bought,
        "price_per_share" => money(v.price_per_share),
        _ => None,
    }
}

/// A deal's money input: its name, its value, and how to set it.
type MoneyInput = (&'static str, Option<Money>, fn(&mut Deal, Money));

/// What would make a deal's figure hold: each input alone in a range, the
/// other of pre- and post-money, the other deal kind.
fn deal_readings(d: &DealResult, field: &'static str, band: &claim::Band) -> Vec<WouldHold> {
    let mut out = Vec::new();
    let deal = &d.deal;
    let figure_with = |change: &dyn Fn(&mut Deal)| {
        let mut changed = deal.clone();
        change(&mut changed);
        changed
            .valuation()
            .ok()
            .and_then(|v| deal_figure(&v, field))
    };
    // Money inputs, searched over whole minor units; the stake over
    // millionths of a percent.
    let money_inputs: [MoneyInput; 4] = [
        ("price", deal.price, |d, m| d.price = Some(m)),
        ("post_money", deal.post_money, |d, m| d.post_money = Some(m)),
        ("pre_money", deal.pre_money, |d, m| d.pre_money = Some(m)),
        ("price_per_share", deal.price_per_share, |d, m| {
            d.price_per_share = Some(m);
        }),
    ];
    for (input, given, set) in money_inputs {
        let Some(given) = given else { continue };
        let scale = given.currency.minor_units();
        let unit = Decimal::new(1, scale);
        let as_money =
            |k: i128| Money::new(Decimal::from_i128_with_scale(k, scale), given.currency);
        let top = given
            .amount
            .checked_mul(Decimal::new(1000, 0))
            .and_then(|t| t.checked_div(unit))
            .and_then(|t| i128::try_from(t.trunc()).ok())
            .unwrap_or(0);
        let value = |k: i128| figure_with(&|d: &mut Deal| set(d, as_money(k)));
        if let Some((lo, hi)) = solve(1, top.max(1), &value, band) {
            out.push(WouldHold::Input {
                input,
                low: Figure::Money(as_money(lo)),
                high: Figure::Money(as_money(hi)),
            });
        }
    }
    if deal.stake.is_some() {
        const STEPS: i128 = 100_000_000;
        let as_stake = |k: i128| Decimal::from_i128_with_scale(k, 8);
        let value = |k: i128| figure_with(&|d: &mut Deal| d.stake = Some(as_stake(k)));
        if let Some((lo, hi)) = solve(1, STEPS - 1, &value, band) {
            out.push(WouldHold::Input {
                input: "stake",
                low: Figure::Fraction(as_stake(lo)),
                high: Figure::Fraction(as_stake(hi)),
            });
        }
    }
    let v = &d.valuation;
    match field {
        "post_money" if v.pre_money.is_some_and(|m| band.contains(m.amount)) => {
            out.push(WouldHold::PreMoney);
        }
        "pre_money" if v.post_money.is_some_and(|m| band.contains(m.amount)) => {
            out.push(WouldHold::PostMoney);
        }
        _ => {}
    }
    let other = match deal.kind {
        DealKind::Primary => DealKind::Secondary,
        DealKind::Secondary => DealKind::Primary,
    };
    if figure_with(&|d: &mut Deal| d.kind = other).is_some_and(|x| band.contains(x)) {
        out.push(match other {
            DealKind::Primary => WouldHold::Primary,
            DealKind::Secondary => WouldHold::Secondary,
        });
    }
    out
}

/// The whole numbers in `[lo, hi]` for which a monotone `value` lands in
/// the band, as their first and last; none when none do.
fn solve(
    lo: i128,
    hi: i128,
    value: &dyn Fn(i128) -> Option<Decimal>,
    band: &claim::Band,
) -> Option<(i128, i128)> {
    let (at_lo, at_hi) = (value(lo)?, value(hi)?);
    let increasing = at_hi >= at_lo;
    // The first k where `pred` turns true, for a predicate false then true.
    let first = |pred: &dyn Fn(i128) -> bool| -> Option<i128> {
        if !pred(hi) {
            return None;
        }
        let (mut a, mut b) = (lo, hi);
        if pred(a) {
            return Some(a);
        }
        while b - a > 1 {
            let mid = a + (b - a) / 2;
            if pred(mid) {
                b = mid;
            } else {
                a = mid;
            }
        }
        Some(b)
    };
    let past_low = |k: i128| value(k).is_some_and(|v| band.above_low(v));
    let past_high = |k: i128| value(k).is_some_and(|v| !band.below_high(v));
    let (start, end) = if increasing {
        let start = first(&past_low)?;
        let end = first(&past_high).map_or(hi, |k| k - 1);
        (start, end)
    } else {
        let start = first(&|k| !past_high(k))?;
        let end = first(&|k| !past_low(k)).map_or(hi, |k| k - 1);
        (start, end)
    };
    (start <= end && value(start).is_some_and(|v| band.contains(v))).then_some((start, end))
}

const COMPANY_FIGURES: &str = "events.EVENT.price_per_share|shares|post_money|pre_money|pool_top_up, \
     holders.HOLDER.shares|ownership, exits.EXIT.payout.HOLDER, exits.EXIT.per_common_share, \
     breakpoints.HOLDER";

/// A company's figure: `events.EID.price_per_share`,
/// `holders.HOLDER.ownership`, `exits.XID.payout.HOLDER`, ...
fn company_figure(
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
            let h = r.holders.iter().find(|h| h.0 == *holder).ok_or_else(|| {
                unknown(
                    "such holder",
                    r.holders.iter().map(|h| h.0.clone()).collect(),
                )
            })?;
            Ok(match *field {
                "shares" => Figure::Count(h.1),
                "ownership" => Figure::Fraction(h.2),
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
                    .find(|p| p.0 == *holder)
                    .map(|p| Figure::Money(p.1))
                    .ok_or_else(|| {
                        unknown(
                            "such holder",
                            x.payouts.iter().map(|p| p.0.clone()).collect(),
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

fn read_company(ctx: &Ctx<'_>, id: &Text, c: &RawCompany) -> Result<Company> {
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

/// Options: a number of shares at a strike, valued at a price given (with
/// its growth) or at what a company's exit pays a common share.
fn read_options(
    ctx: &Ctx<'_>,
    p: &RawPay,
    span: std::ops::Range<usize>,
    start: NaiveDate,
    companies: &[CompanyEntry],
) -> Result<Terms> {
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
                .ok_or_else(|| ctx.err(x.span(), format!("unknown exit `{}`", x.get_ref()), None))?
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
    let _ = start;
    Ok(Terms::Equity {
        grant: Grant::Shares(shares),
        price: Some(price),
        vesting,
        growth: p
            .growth
            .as_ref()
            .map(|f| ctx.fraction(f, "growth"))
            .transpose()?
            .unwrap_or_default(),
        refresh: None,
        horizon: None,
        strike: Some(strike),
        exercise_window: p
            .exercise_window
            .as_ref()
            .map(|w| window_days(ctx, w))
            .transpose()?,
    })
}

/// An exercise window: `90d`, `3m` (30 days a month), `1y` (365 days).
fn window_days(ctx: &Ctx<'_>, t: &Text) -> Result<u32> {
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
