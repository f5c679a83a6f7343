//! A file's own keys: the date it is valued on, how payments are
//! converted, the currencies it reports in, and real terms.

use chrono::NaiveDate;
use toml::Value;

use crate::currency::Currency;
use crate::error::Result;
use crate::index::{Period, PriceIndex};
use crate::offer::{Fx, RealTerms};

use super::fields::Ctx;
use super::raw::RawFile;

/// The file-level keys that every section reads.
pub(super) struct Settings {
    /// `as_of`, or today.
    pub(super) as_of: NaiveDate,
    /// `fx`: how payments are dated for conversion.
    pub(super) fx: Fx,
    /// `currency`: the one every figure is also given in.
    pub(super) reporting: Option<Currency>,
    /// `also_in`: more currencies for the period columns, each once.
    pub(super) also_in: Vec<Currency>,
}

impl Settings {
    pub(super) fn read(ctx: &Ctx<'_>, raw: &RawFile, today: NaiveDate) -> Result<Settings> {
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
        Ok(Settings {
            as_of,
            fx,
            reporting,
            also_in,
        })
    }
}

/// Real terms (`real`, `inflation`, `cpi_gaps`): dollars of a year or a
/// month by `index`, which is given when `real` is. `inflation` and
/// `cpi_gaps` without `real` are refused, not ignored.
pub(super) fn read_real<'i>(
    ctx: &Ctx<'_>,
    raw: &RawFile,
    index: Option<&'i PriceIndex>,
) -> Result<Option<RealTerms<'i>>> {
    let (Some(f), Some(index)) = (&raw.real, index) else {
        if let Some(t) = &raw.cpi_gaps {
            return Err(ctx.err(
                t.span(),
                "`cpi_gaps` is for real terms, and there is no `real`",
                Some("add `real = 2025` (dollars of that year), or remove `cpi_gaps`".into()),
            ));
        }
        if let Some(f) = &raw.inflation {
            return Err(ctx.err(
                f.span(),
                "`inflation` is assumed for real terms, and there is no `real`",
                Some("add `real = 2025` (dollars of that year), or remove `inflation`".into()),
            ));
        }
        return Ok(None);
    };
    let hint = || Some("write `real = 2025` or `real = \"2025-09\"`".into());
    let text = match f.get_ref() {
        Value::Integer(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => {
            return Err(ctx.err(
                f.span(),
                format!("`real` must be a year or a month, not {}", other.type_str()),
                hint(),
            ));
        }
    };
    let period: Period = text
        .parse()
        .map_err(|why: String| ctx.err(f.span(), why, hint()))?;
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
    Ok(Some(RealTerms {
        index,
        period,
        inflation,
        interpolate,
    }))
}
