//! Claims read from a file: what `says` prints (a figure, a range, a
//! multiple), a printed rate, and the claim judged.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;

use crate::amount::{Amount, Bound, Unit};
use crate::claim::{self, Figure, Said, Tolerance};
use crate::currency::Currency;
use crate::error::Result;
use crate::money::Money;
use crate::rates::RateTable;

use super::fields::{Ctx, text_of};
use super::printed_inputs::{Inputs, overlaps, read_inputs, subject_range};
use super::raw::{RawClaim, Text};
use super::results::ClaimResult;
use super::subject::{Sources, subject_expr};
use crate::claim::printed::{multiple, split_range};
use crate::claim::would_hold::deal_readings;
use crate::claim::{PairHistories, RateSource};

/// What `says` states, in figures: one, or a range, or a multiple.
pub(super) fn read_says(ctx: &Ctx<'_>, says: &Text) -> Result<Said> {
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
        return Ok(said);
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
            return Ok(said);
        }
    }
    let a = ctx.figure_text(says)?;
    Ok(Said::one(as_figure(&a, says)?, &a))
}

/// A rate printed in the article: `$1 = 150.50 yen` or `150.50 JPY/USD`:
/// (from, to, units of `to` per one `from`).
pub(super) fn read_rate(ctx: &Ctx<'_>, rate: &Text) -> Result<(Currency, Currency, Decimal)> {
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

/// What a file's claims are judged against: the rate table, each pair's
/// rate history (built once), the file's date, and its results.
pub(super) struct Judging<'r> {
    pub(super) table: &'r RateTable,
    pub(super) histories: PairHistories,
    pub(super) as_of: NaiveDate,
    pub(super) sources: Sources<'r>,
}

/// A claim's `tolerance`: a percentage of the printed figure, or an
/// amount in its unit.
fn read_tolerance(ctx: &Ctx<'_>, c: &RawClaim, said: &Said) -> Result<Option<Tolerance>> {
    let Some(f) = &c.tolerance else {
        return Ok(None);
    };
    let (s, _) = ctx.string(f, "tolerance")?;
    let a = ctx.amount_text(&ctx.as_text(f, "tolerance")?)?;
    if a.value < Decimal::ZERO {
        return Err(ctx.err(
            f.span(),
            format!("tolerance `{s}` is negative"),
            Some("a tolerance is a margin either way: `1%` or `$1M`".into()),
        ));
    }
    Ok(Some(match a.unit {
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
    }))
}

/// The rate a claim across currencies is judged at: the article's own
/// (`rate`), the right way round, or the table's on the claim's basis.
fn rate_source<'t>(
    ctx: &Ctx<'_>,
    c: &RawClaim,
    table: &'t RateTable,
    (from, to): (Currency, Currency),
) -> Result<RateSource<'t>> {
    let at = || c.rate.as_ref().map_or(c.says.span(), Spanned::span);
    let basis: crate::rates::Basis = match &c.basis {
        Some(b) => b
            .get_ref()
            .parse()
            .map_err(|e: String| ctx.err(b.span(), e, None))?,
        None => crate::rates::Basis::Daily,
    };
    match c.rate.as_ref().map(|r| read_rate(ctx, r)).transpose()? {
        None => Ok(RateSource::Table(table, basis)),
        Some((f, t, per)) if f == from && t == to => Ok(RateSource::Printed(per)),
        Some((f, t, per)) if f == to && t == from => Decimal::ONE
            .checked_div(per)
            .filter(|r| !r.is_zero())
            .map(RateSource::Printed)
            .ok_or_else(|| ctx.err(at(), "the printed rate's inverse is beyond 28 digits", None)),
        Some((f, t, _)) => Err(ctx.err(
            at(),
            format!("the printed rate is {t} per {f}, but the claim converts {from} into {to}"),
            None,
        )),
    }
}

/// A claim read and judged: its subject computed, its printed figure read
/// with its tolerance, compared (across currencies through one
/// conversion), and for a failing claim what would make it hold.
pub(super) fn read_claim(ctx: &Ctx<'_>, c: &RawClaim, cx: &mut Judging<'_>) -> Result<ClaimResult> {
    let on =
        c.on.as_ref()
            .map(|f| ctx.date(f, "on"))
            .transpose()?
            .unwrap_or(cx.as_of);
    let inputs = read_inputs(ctx, c)?;
    cx.sources.printed = inputs == Inputs::Printed;
    let (actual, deal) = subject_expr(ctx, &c.of, &mut cx.sources)?;
    let said = read_says(ctx, &c.says)?;
    let tolerance = read_tolerance(ctx, c, &said)?;
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
            let source = rate_source(ctx, c, cx.table, (a.currency, s.currency))?;
            claim::judge_conversion(a, &said, tolerance, source, on, &mut cx.histories)
                .map_err(|e| ctx.err(c.of.span(), e.to_string(), e.hint()))?
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
    if inputs == Inputs::Printed && !verdict.holds {
        within_printed_inputs(ctx, c, cx, &said, tolerance, &mut verdict)?;
    }
    if !verdict.holds && verdict.low.is_some() && verdict.high.is_some() {
        if let Some((d, field)) = deal {
            let band = verdict.band();
            verdict
                .would_hold_if
                .extend(deal_readings(&d.deal, &d.valuation, field, &band));
        }
        let slips = verdict.scale_slips();
        verdict.would_hold_if.extend(slips);
    }
    Ok(ClaimResult {
        text: text_of(&c.text).unwrap_or_else(|| c.says.get_ref().clone()),
        source: text_of(&c.source),
        of: c.of.get_ref().clone(),
        says: c.says.get_ref().clone(),
        on,
        verdict,
    })
}

/// A claim that fails on its inputs as written, judged again with each
/// printed input anywhere in its band (`inputs = "printed"`): it holds,
/// marked [`Precision::Inputs`](claim::Precision::Inputs), when some of
/// those inputs give a figure in the printed one's band (or its band as a
/// round figure).
fn within_printed_inputs(
    ctx: &Ctx<'_>,
    c: &RawClaim,
    cx: &mut Judging<'_>,
    said: &Said,
    tolerance: Option<Tolerance>,
    verdict: &mut claim::Verdict,
) -> Result<()> {
    let Some((low, high)) = subject_range(ctx, &c.of, &mut cx.sources)? else {
        return Ok(());
    };
    // Through the conversion at the rate it used.
    let (low, high) = match &verdict.conversion {
        Some(conv) => {
            let (Some(a), Some(b)) = (low.checked_mul(conv.rate), high.checked_mul(conv.rate))
            else {
                return Ok(());
            };
            (a.min(b), a.max(b))
        }
        None => (low, high),
    };
    let mut bands = vec![claim::band(said, tolerance)];
    if tolerance.is_none() {
        bands.push(claim::band(
            &Said {
                step: said.round_step,
                high_step: said.round_high_step,
                ..said.clone()
            },
            None,
        ));
    }
    if let Some(band) = bands.into_iter().find(|b| overlaps(b, low, high)) {
        verdict.holds = true;
        verdict.outcome = claim::Outcome::Holds;
        verdict.precision = Some(claim::Precision::Inputs);
        verdict.low = band.low;
        verdict.high = band.high;
        verdict.low_open = band.low_open;
        verdict.high_open = band.high_open;
        verdict.tolerance = band.why;
        verdict.would_hold_if.clear();
    }
    Ok(())
}
