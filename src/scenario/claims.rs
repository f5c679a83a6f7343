//! Claims read from a file: what `says` prints (a figure, a range, a
//! multiple), a printed rate, and the claim judged.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;

use crate::amount::{Amount, Bound, Unit};
use crate::claim::{self, ConversionCheck, Figure, Said, Tolerance, WouldHold};
use crate::currency::Currency;
use crate::error::Result;
use crate::money::Money;
use crate::rates::RateTable;

use super::fields::{Ctx, text_of};
use super::raw::{RawClaim, Text};
use super::results::{ClaimResult, CompanyEntry, DealResult, OfferResult};
use super::subject::{Histories, subject_expr};
use super::would_hold::deal_readings;

/// A printed range split in two: `$29-30 billion` is `$29 billion` and
/// `$30 billion`; `between 1 and 1.5 billion dollars`, `entre 6,7 % et
/// 8,1 %`, `de 1 à 1,5 milliard`. The units written once are shared.
pub(super) fn split_range(text: &str) -> Option<(String, String)> {
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
pub(super) fn multiple(text: &str) -> Option<String> {
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
pub(super) fn read_says(ctx: &Ctx<'_>, says: &Text) -> Result<(Amount, Said)> {
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

pub(super) fn read_claim(
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
