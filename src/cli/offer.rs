//! `dealcalc offer`: one grant on a schedule, by period.

use dealcalc::currency::Currency;
use dealcalc::error::{Error, Result};
use dealcalc::input;
use dealcalc::offer::{Conversions, Fx, GrantOf, SingleGrant};
use dealcalc::report::OfferReport;
use dealcalc::schedule::{Allocation, ScheduleError, compose_spec};

use super::{Global, Output, arg, today};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The amount granted or paid: `$100M`.
    #[arg(value_name = "AMOUNT", allow_hyphen_values = true)]
    amount: Option<String>,
    /// A grant of shares instead of an amount.
    #[arg(long, value_name = "N")]
    shares: Option<String>,
    /// Price per share at grant (values shares; turns an amount into shares).
    #[arg(long, value_name = "AMOUNT")]
    price: Option<String>,
    /// Length of the schedule: `4y`, `48m`.
    #[arg(long, value_name = "DURATION")]
    over: Option<String>,
    /// Vesting: `annual` (default), `quarterly`, `monthly 1y cliff`, `5/15/40/40`, `once`.
    #[arg(long, value_name = "SPEC")]
    vesting: Option<String>,
    /// How totals split: cumulative-rounding (default), cumulative-round-down,
    /// front-loaded, back-loaded, front-loaded-to-single-tranche,
    /// back-loaded-to-single-tranche, fractional.
    #[arg(long, value_name = "TYPE")]
    allocation: Option<String>,
    /// First day (default: today).
    #[arg(long, value_name = "DATE")]
    start: Option<String>,
    /// Periods: grant-year (default) or calendar-year.
    #[arg(long, value_name = "VIEW", default_value = "grant-year",
          value_parser = clap::builder::PossibleValuesParser::new(["grant-year", "calendar-year"]))]
    by: String,
    /// Also show each period in this currency.
    #[arg(long, value_name = "CUR")]
    to: Option<String>,
    /// Date of the conversion rate (default: today).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// Discount rate a year for the present value: `8%`.
    #[arg(long, value_name = "PCT")]
    discount: Option<String>,
    /// First day no longer employed, a date or a duration from the start
    /// (`18m`, `2y`): what is kept and forfeited.
    #[arg(long, value_name = "DATE")]
    leave_on: Option<String>,
    /// Annual growth of the share price: `10%`.
    #[arg(long, value_name = "PCT")]
    growth: Option<String>,
}

pub fn run(args: &Args, g: &Global) -> Result<Output> {
    let table = g.rates()?;
    let currencies = table.currencies();
    let reading = g.reading();
    let start = args
        .start
        .as_deref()
        .map(|d| input::date(&arg("--start", d)))
        .transpose()?
        .unwrap_or_else(today);
    let spec = compose_spec(args.over.as_deref(), args.vesting.as_deref()).ok_or_else(|| {
        Error::invalid("how long is the schedule?").with(
            None,
            Some("add `--over 4y` (and `--vesting monthly` or another spec)".into()),
        )
    })?;
    let vesting: dealcalc::schedule::Vesting = spec.parse().map_err(|e: ScheduleError| {
        Error::invalid(e.to_string())
            .with(Some(0..spec.len()), e.hint())
            .at(&arg("--vesting", &spec), 0)
    })?;
    // `--over` and a `--vesting` that gives its own length must agree:
    // `--over 4y --vesting '3y monthly'` is refused, never vested over 3y.
    if let Some(over) = &args.over {
        let input = arg("--over", over);
        let months = dealcalc::schedule::duration_months(over).ok_or_else(|| {
            Error::invalid(format!("`{over}` is not a duration"))
                .with(Some(0..over.len()), Some("write `4y` or `48m`".into()))
                .at(&input, 0)
        })?;
        if let Some(own) = vesting.months().filter(|m| *m != months) {
            let given = args.vesting.as_deref().unwrap_or_default();
            return Err(Error::invalid(format!(
                "`--over {over}` and `--vesting {given}` disagree: the vesting runs {own} months, --over {months}"
            ))
            .with(
                Some(0..over.len()),
                Some("give the length once: drop --over, or write the vesting without one (`--vesting monthly`)".into()),
            )
            .at(&input, 0));
        }
    }
    let allocation = match &args.allocation {
        Some(a) => a.parse().map_err(|e: String| {
            Error::invalid(e)
                .with(Some(0..a.len()), None)
                .at(&arg("--allocation", a), 0)
        })?,
        None => Allocation::default(),
    };
    let by = args.by.parse().map_err(|e: String| Error::invalid(e))?;
    let fraction = |name: &str, text: &Option<String>| {
        text.as_deref()
            .map(|p| input::fraction(&arg(name, p), &reading))
            .transpose()
    };
    let (grant, written) = match (&args.amount, &args.shares) {
        (Some(a), None) => {
            let (m, _) = input::money(&arg("AMOUNT", a), currencies, &reading, None)?;
            (GrantOf::Amount(m), a.clone())
        }
        (None, Some(n)) => (
            GrantOf::Shares(input::count(&arg("--shares", n), &reading)?),
            format!("{n} shares"),
        ),
        // Both given, or neither.
        (amount, _) => {
            let message = if amount.is_some() {
                "give an AMOUNT or --shares N, not both"
            } else {
                "give an AMOUNT or --shares N"
            };
            return Err(
                Error::invalid(message).with(None, Some("dealcalc offer '$100M' --over 4y".into()))
            );
        }
    };
    // Growth grows a share price: without one it would change nothing.
    if args.growth.is_some() && args.price.is_none() {
        return Err(
            Error::invalid("--growth grows the share price, and there is no --price").with(
                None,
                Some("give --price, the share price at grant, or leave --growth out".into()),
            ),
        );
    }
    let single = SingleGrant {
        grant,
        price: args
            .price
            .as_deref()
            .map(|p| input::money(&arg("--price", p), currencies, &reading, None).map(|m| m.0))
            .transpose()?,
        growth: fraction("--growth", &args.growth)?.unwrap_or_default(),
        vesting,
        spec,
        allocation,
        start,
        by,
        discount: fraction("--discount", &args.discount)?,
        leave_on: args
            .leave_on
            .as_deref()
            .map(|d| leave_on(d, start))
            .transpose()?,
        written,
    };
    let offer = single.offer();
    let to: Option<Currency> = args
        .to
        .as_deref()
        .map(|t| input::currency(&arg("--to", t), currencies))
        .transpose()?;
    let on = args
        .on
        .as_deref()
        .map(|d| input::date(&arg("--on", d)))
        .transpose()?
        .unwrap_or_else(today);
    let conversions = Conversions {
        table: &table,
        reporting: to,
        also_in: &[],
        fx: Fx::AsOf,
        as_of: on,
        real: None,
    };
    let breakdown = offer
        .evaluate(to.map(|_| &conversions))
        .map_err(|e| Error::invalid(e.to_string()))?;
    Ok(Output::done(g.render(&OfferReport {
        offer: &offer,
        breakdown: &breakdown,
    })?))
}

/// `--leave-on`: a date, or a duration from the start (`18m`, `2y`);
/// after the start (leaving before it keeps nothing of an offer never
/// begun: refused, not "kept 0.00").
fn leave_on(text: &str, start: chrono::NaiveDate) -> Result<chrono::NaiveDate> {
    let input = arg("--leave-on", text);
    let date = if let Some(months) = dealcalc::schedule::duration_months(text) {
        dealcalc::schedule::add_months(start, months).ok_or_else(|| {
            Error::invalid("`--leave-on` is past the calendar's end").at(&input, 0)
        })?
    } else {
        input::date(&input).map_err(|e| {
            e.with(
                None,
                Some("a date (2026-12-31) or a duration from the start (18m, 2y)".into()),
            )
        })?
    };
    if date <= start {
        return Err(Error::invalid(format!(
            "`--leave-on` ({date}) is not after the start ({start})"
        ))
        .with(
            Some(0..text.len()),
            Some("the first day no longer employed comes after `--start`".into()),
        )
        .at(&input, 0));
    }
    Ok(date)
}
