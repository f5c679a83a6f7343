//! Scenario files: TOML with offers, deals and claims (docs/scenario-format.md),
//! read in two steps: [`Document::parse`] reads the TOML and
//! names the rate tables it wants; [`Document::evaluate`] validates every
//! figure against those rates and computes the results. Every error points
//! at the line and column of the offending text.

use std::sync::Arc;

use chrono::NaiveDate;
use toml::{Spanned, Value};

use crate::amount::{Reading, Symbol};
use crate::error::{Error, Input, Result};
use crate::offer::{self, Fx, Offer};
use crate::rates::RateTable;

mod claims;
mod companies;
mod deals;
mod fields;
mod offers;
mod raw;
mod results;
mod subject;

use claims::Judging;
use claims::read_claim;
use companies::read_company;
use deals::read_deal;
use fields::{Ctx, text_of};
use offers::read_offer;
use raw::{RawFile, RawOffer, Text};
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
            // An error about an event points at it, or at its field at
            // fault (a round's `date`, its `pool_after`).
            let result = company.evaluate().map_err(|e| {
                let span =
                    e.at.and_then(|(event, field)| {
                        let raw = c.get_ref().events.get(event)?;
                        Some(
                            field
                                .and_then(|f| raw.get_ref().field_span(f))
                                .unwrap_or_else(|| raw.span()),
                        )
                    })
                    .unwrap_or_else(|| id.span());
                ctx.err(span, format!("company `{}`: {e}", id.get_ref()), e.hint())
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
            // An error about a pay component points at it, or at its
            // field at fault (a bonus's `target`).
            let breakdown = breakdown.map_err(|e| {
                let span = e
                    .component()
                    .and_then(|(i, field)| {
                        let pay = o.get_ref().pay.get(i)?;
                        Some(
                            field
                                .and_then(|f| pay.get_ref().field_span(f))
                                .unwrap_or_else(|| pay.span()),
                        )
                    })
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
        let mut deals = Vec::new();
        for (id, d) in &raw.deals {
            running()?;
            let deal = read_deal(&ctx, d.get_ref())?;
            let valuation = deal.valuation().map_err(|e| {
                let span = e
                    .term()
                    .and_then(|term| d.get_ref().field_span(term.key()))
                    .unwrap_or_else(|| id.span());
                ctx.err(span, format!("deal `{}`: {e}", id.get_ref()), e.hint())
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
        let mut judging = Judging {
            table,
            histories: crate::claim::PairHistories::default(),
            as_of,
            sources: Sources {
                offers: &offers,
                deals: &deals,
                companies: &companies,
                other_view: std::collections::HashMap::new(),
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
            deals,
            companies,
            claims,
            rates_source: table.source().to_owned(),
        })
    }
}
