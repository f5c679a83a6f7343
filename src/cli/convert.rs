//! `dealcalc convert`: one amount, or every row of a CSV.

use std::io::Read;

use clap::builder::TypedValueParser as _;
use std::path::{Path, PathBuf};

use dealcalc::batch::{OnError, Options, Summary};
use dealcalc::error::{Error, Input, Result};
use dealcalc::input;
use dealcalc::rates::{Basis, RateTable};
use dealcalc::report::Format;

use super::{Global, Output, arg, files, output, today};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The amount, as people write it: `$100M`, `85 millions d'euros`.
    #[arg(
        value_name = "AMOUNT",
        allow_hyphen_values = true,
        required_unless_present = "batch"
    )]
    amount: Option<String>,
    /// The currency to convert into (with --batch: of every row whose `to`
    /// is blank, or of every row when the file has no `to` column).
    #[arg(long, value_name = "CUR", required_unless_present = "batch")]
    to: Option<String>,
    /// Convert every row of a CSV (`date,amount,from,to` with a header; `-`
    /// for standard input), appending `result,rate,rate_date`; `,`, `;` or
    /// tabs between fields.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["amount", "from", "on"], value_hint = clap::ValueHint::FilePath)]
    batch: Option<PathBuf>,
    /// With --batch, what a bad row does: fail (stop, the default), skip
    /// (leave it out) or mark (keep it, with its message in an `error`
    /// column); a count goes to standard error.
    #[arg(long, value_name = "WHAT", requires = "batch", default_value = "fail",
          value_parser = clap::builder::PossibleValuesParser::new(OnError::NAMES).try_map(|s| s.parse::<OnError>()))]
    on_error: OnError,
    /// The currency of a bare number (`100 --from USD`), and of a bare `$`,
    /// `¥`, `£` or `kr` (`'$100' --from CAD` is 100 CAD).
    #[arg(long, value_name = "CUR")]
    from: Option<String>,
    /// The date of the rate: YYYY-MM-DD (default: today); with
    /// `--basis monthly-average` a month (YYYY-MM) will do, with
    /// `annual-average` a year (YYYY).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// The day's rate (daily, the default), or the mean of the daily rates
    /// over the date's calendar month or year.
    #[arg(long, value_name = "BASIS", default_value = "daily",
          value_parser = clap::builder::PossibleValuesParser::new(Basis::NAMES).try_map(|s| s.parse::<Basis>()))]
    basis: Basis,
}

pub fn run(args: &Args, g: &Global) -> Result<Output> {
    let table = g.rates()?;
    let currencies = table.currencies();
    let to = args
        .to
        .as_deref()
        .map(|t| input::currency(&arg("--to", t), currencies))
        .transpose()?;
    if let Some(path) = &args.batch {
        let options = Options {
            rounding: g.rounding,
            reading: g.reading(),
            to,
            on_error: args.on_error,
            basis: args.basis,
        };
        batch(&table, path, g, &options)?;
        return Ok(Output::done(String::new()));
    }
    let from = args
        .from
        .as_deref()
        .map(|f| input::currency(&arg("--from", f), currencies))
        .transpose()?;
    let on = match &args.on {
        Some(d) => on_date(d, args.basis)?,
        None => today(),
    };
    let amount = Input::new("AMOUNT", args.amount.clone().unwrap_or_default());
    let (money, _) = input::money(&amount, currencies, &g.reading(), from).map_err(shell_hint)?;
    let to = to.ok_or_else(|| Error::invalid("give the currency to convert into with --to"))?;
    let c = table
        .convert_on_basis(money, to, on, args.basis)
        .map_err(|e| {
            Error::invalid(e.to_string())
                .with(Some(0..amount.text.len()), e.hint())
                .at(&amount, 0)
        })?;
    Ok(Output::done(g.render(&c)?))
}

/// The date of `--on`: a day, or with an averaged basis the month
/// (`2025-06`) or year (`2025`) it averages over, read as its first day.
fn on_date(text: &str, basis: Basis) -> Result<chrono::NaiveDate> {
    let t = text.trim();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let month = t
        .split_once('-')
        .filter(|(y, m)| y.len() == 4 && m.len() == 2 && digits(y) && digits(m));
    let first_day = |y: &str, m: &str| {
        let day = y
            .parse()
            .ok()
            .zip(m.parse().ok())
            .and_then(|(y, m)| chrono::NaiveDate::from_ymd_opt(y, m, 1));
        day.ok_or_else(|| {
            Error::invalid(format!("`{t}` is not a calendar month or year"))
                .with(
                    Some(0..t.len()),
                    Some("write a month as YYYY-MM, a year as YYYY".into()),
                )
                .at(&arg("--on", text), 0)
        })
    };
    match (basis, month) {
        (Basis::MonthlyAverage, Some((y, m))) => return first_day(y, m),
        (Basis::AnnualAverage, _) if t.len() == 4 && digits(t) => return first_day(t, "1"),
        (Basis::Daily | Basis::AnnualAverage, Some(_)) => {
            return Err(Error::invalid(format!("`{t}` is a month, not a date"))
                .with(
                    Some(0..t.len()),
                    Some(format!(
                        "give a day (`{t}-15`), or the month's average with `--basis monthly-average`"
                    )),
                )
                .at(&arg("--on", text), 0));
        }
        _ => {}
    }
    input::date(&arg("--on", text))
}

/// An amount without a currency typed as `"$100M"` lost its `$1` to the
/// shell: say so.
fn shell_hint(e: Error) -> Error {
    if e.message().ends_with("has no currency") {
        e.with(
            None,
            Some(
                "give its currency (`100 USD`, or --from USD); a `$` in double quotes is read \
                 by the shell (\"$100M\" arrives as `00M`): use single quotes, '$100M'"
                    .into(),
            ),
        )
    } else {
        e
    }
}

/// Streams a CSV batch to stdout or, whole or not at all, to `--output`.
fn batch(table: &RateTable, path: &Path, g: &Global, options: &Options) -> Result<()> {
    if g.format() != Format::Csv && g.format() != Format::Text {
        return Err(
            Error::invalid(format!("`convert --batch` writes CSV, not {}", g.format()))
                .with(None, Some("drop --format, or use --format csv".into())),
        );
    }
    let name = path.display().to_string();
    let reader: Box<dyn Read> = if name == "-" {
        super::progress::reading(std::io::stdin(), None, g.quiet)
    } else {
        let file = std::fs::File::open(path).map_err(|e| {
            Error::invalid(format!("cannot read `{name}`: {}", files::io_message(&e)))
        })?;
        let len = file
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        super::progress::reading(file, len, g.quiet)
    };
    let reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let shown = if name == "-" {
        "<stdin>"
    } else {
        name.as_str()
    };
    let summary = match g.output.as_deref() {
        None => {
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match dealcalc::batch::convert(table, options, reader, out, shown) {
                Err(e) if e.message().contains("Broken pipe") => return Ok(()),
                other => other?,
            }
        }
        Some(dest) => {
            let mut sink = output::Sink::open(dest)?;
            let out = std::io::BufWriter::with_capacity(1 << 16, &mut sink);
            let summary = dealcalc::batch::convert(table, options, reader, out, shown)?;
            sink.finish()?;
            summary
        }
    };
    notes(&summary, table, options.on_error);
    Ok(())
}

/// Says on standard error which rows failed or rest on weak rates: the CSV
/// keeps its columns.
#[expect(
    clippy::print_stderr,
    reason = "the batch's notes go to stderr, its rows to the output"
)]
fn notes(summary: &Summary, table: &RateTable, on_error: OnError) {
    let first = |line: Option<u64>| line.map_or(String::new(), |l| format!(" (first: line {l})"));
    if summary.failed > 0 {
        let what = if on_error == OnError::Mark {
            "marked"
        } else {
            "left out"
        };
        let first = summary
            .first_error
            .as_ref()
            .map_or(String::new(), |e| format!(" (first: {})", e.message()));
        eprintln!(
            "note: {} could not be converted and {what}{first}",
            rows(summary.failed)
        );
    }
    if summary.latest_available > 0 {
        eprintln!(
            "note: {} dated after the rate table's last date, {}: converted at the latest available rates{}",
            rows(summary.latest_available),
            table.last_date(),
            first(summary.first_latest_line)
        );
    }
    if summary.stale > 0 {
        eprintln!(
            "note: {} converted at stale rates, more than 7 days older than their dates{}",
            rows(summary.stale),
            first(summary.first_stale_line)
        );
    }
}

/// `1 row`, `2 rows`.
fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}
