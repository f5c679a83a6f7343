//! Scenario files: TOML with offers, deals and claims (docs/scenario-format.md),
//! read in two steps: [`Document::parse`] reads the TOML and
//! names the rate tables it wants; [`Document::evaluate`] validates every
//! figure against those rates and computes the results. Every error points
//! at the line and column of the offending text.

use std::sync::Arc;

use chrono::NaiveDate;
use toml::Spanned;

use crate::amount::{Reading, Symbol};
use crate::error::{Error, Input, Result};
use crate::offer::{self, Offer};
use crate::rates::RateTable;

mod claims;
mod companies;
mod deals;
mod fields;
mod offers;
mod printed_inputs;
mod raw;
mod results;
mod sections;
mod settings;
mod subject;

use claims::Judging;
use claims::read_claim;
use companies::read_company;
use deals::read_deal;
use fields::{Ctx, text_of};
use offers::read_offer;
use raw::{Fields, RawFile, RawOffer, Text};
use settings::Settings;
use subject::Sources;

pub use crate::claim::PRINTED_RATE;
pub use results::{ClaimResult, CompanyEntry, DealResult, OfferResult, Results};

/// A scenario file read but not yet evaluated.
#[derive(Debug)]
pub struct Document {
    input: Arc<Input>,
    raw: RawFile,
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
        let raw: RawFile = sections::read(&input.text).map_err(|e| {
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

    /// The file's name, as its results give it.
    pub fn name(&self) -> &str {
        &self.input.name
    }

    /// How many offers the file has.
    pub fn offer_count(&self) -> usize {
        self.raw.offers.len()
    }

    /// Whether the file has offers and nothing else: no deals, companies
    /// or claims.
    pub fn only_offers(&self) -> bool {
        let raw = &self.raw;
        !raw.offers.is_empty()
            && raw.deals.is_empty()
            && raw.companies.is_empty()
            && raw.claims.is_empty()
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
        self.evaluate_with(table, today, reading, None)
    }

    /// As [`evaluate`](Self::evaluate), with each offer handed to `each` as
    /// soon as it is evaluated, in file order, a few hundred at a time, and
    /// then let go: the results keep only the offers the file's claims may
    /// name. This is how 10,000 offers are shown without holding 10,000
    /// breakdowns. Offers are all read, and any error in them reported,
    /// before the first is handed out; an offer that cannot be evaluated
    /// stops the evaluation with its error, after those before it were
    /// handed out.
    pub fn evaluate_each(
        &self,
        table: &RateTable,
        today: NaiveDate,
        reading: &Reading,
        each: &mut dyn FnMut(&[OfferResult]),
    ) -> Result<Results> {
        self.evaluate_with(table, today, reading, Some(each))
    }

    fn evaluate_with(
        &self,
        table: &RateTable,
        today: NaiveDate,
        reading: &Reading,
        each: Option<Each<'_>>,
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
        let settings = Settings::read(&ctx, raw, today)?;
        let as_of = settings.as_of;
        let companies = evaluate_companies(&ctx, raw)?;
        // Real terms: dollars of a year or month by the built-in CPI-U,
        // with the inflation assumed past its last month, if given.
        let index = match &raw.real {
            Some(_) => Some(
                crate::index::PriceIndex::builtin()
                    .map_err(|e| Error::invalid(format!("the built-in CPI-U: {e}")))?,
            ),
            None => None,
        };
        let conversions = offer::Conversions {
            table,
            reporting: settings.reporting,
            also_in: &settings.also_in,
            fx: settings.fx,
            as_of,
            real: settings::read_real(&ctx, raw, index.as_ref())?,
        };
        let offers = evaluate_offers(&ctx, raw, &companies, &conversions, each)?;
        let deals = evaluate_deals(&ctx, raw)?;
        let mut claims = Vec::new();
        let mut judging = Judging {
            table,
            histories: crate::claim::PairHistories::default(),
            as_of,
            sources: Sources {
                offers: &offers,
                deals: &deals,
                companies: &companies,
                other_view: std::collections::HashMap::new(),
                printed: false,
            },
        };
        for c in &raw.claims {
            running()?;
            claims.push(read_claim(&ctx, c.get_ref(), &mut judging)?);
        }
        Ok(Results {
            file: self.input.name.clone(),
            title: text_of(&raw.title),
            source: text_of(&raw.source),
            as_of,
            offers,
            offer_count: raw.offers.len(),
            deals,
            companies,
            claims,
            rates_source: table.source().to_owned(),
        })
    }
}

/// Whether the work has been given up (a request dropped, a time limit).
fn running() -> Result<()> {
    crate::cancel::check().map_err(|e| Error::invalid(e.to_string()))
}

/// Reads and evaluates every company, in file order. An error about an
/// event points at it, or at its field at fault (a round's `date`, its
/// `pool_after`).
fn evaluate_companies(ctx: &Ctx<'_>, raw: &RawFile) -> Result<Vec<CompanyEntry>> {
    let mut companies = Vec::new();
    for (id, c) in &raw.companies {
        running()?;
        let company = read_company(ctx, id, c.get_ref())?;
        let result = company.evaluate().map_err(|e| {
            let span = part_span(&c.get_ref().events, e.at).unwrap_or_else(|| id.span());
            ctx.err(span, format!("company `{}`: {e}", id.get_ref()), e.hint())
        })?;
        companies.push(CompanyEntry {
            id: id.get_ref().clone(),
            company,
            result,
            source: text_of(&c.get_ref().source),
        });
    }
    Ok(companies)
}

/// Where each batch of evaluated offers goes.
type Each<'e> = &'e mut dyn FnMut(&[OfferResult]);

/// Offers evaluated at a time: enough to keep both cores busy, few enough
/// that their breakdowns are a small part of what a large file's output
/// takes.
pub const OFFERS_AT_A_TIME: usize = 256;

/// Reads every offer (errors in file order), then evaluates them on every
/// core, a few hundred at a time; with `each`, hands each batch out and
/// keeps only the offers claims may name. An error about a pay component
/// points at it, or at its field at fault (a bonus's `target`).
fn evaluate_offers(
    ctx: &Ctx<'_>,
    raw: &RawFile,
    companies: &[CompanyEntry],
    conversions: &offer::Conversions<'_>,
    mut each: Option<Each<'_>>,
) -> Result<Vec<OfferResult>> {
    let read: Vec<(&Text, &Spanned<RawOffer>, Offer)> = raw
        .offers
        .iter()
        .map(|(id, o)| read_offer(ctx, id, o.get_ref(), companies).map(|offer| (id, o, offer)))
        .collect::<Result<_>>()?;
    let fx_args = Some(conversions)
        .filter(|c| c.reporting.is_some() || !c.also_in.is_empty() || c.real.is_some());
    // A claim that names an offer (`offers.ID.total`) is judged on it.
    let keep = each.is_none() || raw.claims.iter().any(|c| c.get_ref().names("offers"));
    let mut offers = Vec::with_capacity(if keep { read.len() } else { 0 });
    let mut read = read.into_iter();
    loop {
        let batch: Vec<_> = read.by_ref().take(OFFERS_AT_A_TIME).collect();
        if batch.is_empty() {
            break;
        }
        let done = evaluated(ctx, batch, fx_args)?;
        if let Some(each) = each.as_mut() {
            each(&done);
        }
        if keep {
            offers.extend(done);
        }
    }
    Ok(offers)
}

/// A batch of offers evaluated on every core; the first error, in file
/// order, points at what is at fault.
fn evaluated(
    ctx: &Ctx<'_>,
    read: Vec<(&Text, &Spanned<RawOffer>, Offer)>,
    fx_args: Option<&offer::Conversions<'_>>,
) -> Result<Vec<OfferResult>> {
    let evaluated = crate::parallel::map(&read, |(_, _, offer)| offer.evaluate(fx_args));
    let mut offers = Vec::with_capacity(read.len());
    for ((id, o, offer), breakdown) in read.into_iter().zip(evaluated) {
        let breakdown = breakdown.map_err(|e| {
            let scenario = match &e {
                offer::OfferError::InScenario { name, .. } => {
                    o.get_ref().price_scenarios.as_ref().and_then(|map| {
                        map.get_ref()
                            .iter()
                            .find(|(n, _)| n.get_ref() == name)
                            .map(|(_, f)| f.span())
                    })
                }
                _ => None,
            };
            let span = part_span(&o.get_ref().pay, e.component())
                .or(scenario)
                .unwrap_or_else(|| o.span());
            ctx.err(span, format!("offer `{}`: {e}", id.get_ref()), e.hint())
        })?;
        offers.push(OfferResult {
            id: id.get_ref().clone(),
            offer,
            breakdown,
            source: text_of(&o.get_ref().source),
            text: text_of(&o.get_ref().text),
        });
    }
    Ok(offers)
}

/// Where an error about part `at` of a section points (a company's
/// event, an offer's pay component): at its field at fault where it is
/// written, or at the part; none when it names no part.
fn part_span<T: Fields>(
    parts: &[Spanned<T>],
    at: Option<(usize, Option<&str>)>,
) -> Option<std::ops::Range<usize>> {
    let (index, field) = at?;
    let part = parts.get(index)?;
    Some(
        field
            .and_then(|f| part.get_ref().field_span(f))
            .unwrap_or_else(|| part.span()),
    )
}

/// Reads and values every deal. An error points at the figure at fault.
fn evaluate_deals(ctx: &Ctx<'_>, raw: &RawFile) -> Result<Vec<DealResult>> {
    let mut deals = Vec::new();
    for (id, d) in &raw.deals {
        running()?;
        let deal = read_deal(ctx, d.get_ref())?;
        let valuation = deal.valuation().map_err(|e| {
            let span = e
                .term()
                .and_then(|term| d.get_ref().field_span(term.key()))
                .unwrap_or_else(|| id.span());
            ctx.err(span, format!("deal `{}`: {e}", id.get_ref()), e.hint())
        })?;
        let steps = printed_inputs::deal_steps(ctx, d.get_ref());
        deals.push(DealResult {
            id: id.get_ref().clone(),
            deal,
            valuation,
            steps,
            source: text_of(&d.get_ref().source),
            text: text_of(&d.get_ref().text),
        });
    }
    Ok(deals)
}
