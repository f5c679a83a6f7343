//! `dealcalc adjust`: money of one year or month in that of another, by a
//! price index (the built-in CPI-U, or `--index FILE`).

use std::path::PathBuf;

use dealcalc::error::{Error, Result};
use dealcalc::index::{Period, PriceIndex};
use dealcalc::input;

use super::{Global, Output, arg, files};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The amount, in the index's currency: `$240M`.
    #[arg(value_name = "AMOUNT", allow_hyphen_values = true)]
    amount: String,
    /// The year (its annual average) or month of the amount: `2007`, `2025-09`.
    #[arg(long, value_name = "PERIOD", value_hint = clap::ValueHint::Other)]
    from: String,
    /// The year or month to restate it in.
    #[arg(long, value_name = "PERIOD", value_hint = clap::ValueHint::Other)]
    to: String,
    /// Another price index (TOML: name, source, currency, [annual], [monthly]).
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    index: Option<PathBuf>,
}

pub fn run(args: &Args, g: &Global) -> Result<Output> {
    let index = match &args.index {
        Some(path) => {
            let input = files::read_input(path)?;
            PriceIndex::from_toml(&input.text)
                .map_err(|e| Error::invalid(e.to_string()).at(&input, 0))?
        }
        None => PriceIndex::builtin().map_err(|e| Error::invalid(e.to_string()))?,
    };
    let period = |name: &str, text: &str| -> Result<Period> {
        text.parse().map_err(|e: String| {
            Error::invalid(e)
                .with(
                    Some(0..text.len()),
                    Some("write a year (2007) or a month (2025-09)".into()),
                )
                .at(&arg(name, text), 0)
        })
    };
    let (from, to) = (period("--from", &args.from)?, period("--to", &args.to)?);
    let table = dealcalc::rates::RateTable::builtin()?;
    let amount_input = arg("AMOUNT", &args.amount);
    let (money, _) = input::money(&amount_input, table.currencies(), &g.reading(), None)?;
    let adjusted = index.adjust(money, from, to).map_err(|e| {
        let (name, text) = match &e {
            dealcalc::index::IndexError::Missing { period, .. } if *period == from => {
                ("--from", args.from.as_str())
            }
            dealcalc::index::IndexError::Missing { .. } => ("--to", args.to.as_str()),
            _ => ("AMOUNT", args.amount.as_str()),
        };
        let (first, last, _) = index.range();
        let hint = match (&e, first, last) {
            (dealcalc::index::IndexError::Currency { index: code, .. }, ..) => {
                format!("convert it into {code} first, with `dealcalc convert`")
            }
            (_, Some(f), Some(l)) => format!("{} runs from {f} to {l}", index.name),
            _ => "another period".to_owned(),
        };
        Error::invalid(e.to_string())
            .with(Some(0..text.len()), Some(hint))
            .at(&arg(name, text), 0)
    })?;
    Ok(Output::done(g.render(&adjusted)?))
}
