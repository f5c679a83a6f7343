//! `dealcalc rates`: what a table holds, and tables made from the ECB's CSV.

use std::path::PathBuf;

use dealcalc::error::{Error, Result};
use dealcalc::rates::RateTable;
use dealcalc::report::RatesInfo;

use super::{Global, Output, files};

#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Source, base, dates and each currency's range of the rate table.
    #[command(after_help = "Example:\n  dealcalc rates info --rates rates/ecb.toml")]
    Info,
    /// Turn the ECB's eurofxref-hist.csv into a TOML rate table.
    #[command(
        after_help = "Example:\n  dealcalc rates import-ecb eurofxref-hist.csv --output rates/ecb.toml"
    )]
    ImportEcb {
        /// The CSV, or `-` for standard input.
        #[arg(value_name = "CSV", value_hint = clap::ValueHint::FilePath)]
        csv: PathBuf,
    },
    /// Turn the BLS's CPI-U CSV (year,period,index) into an index table for
    /// `adjust --index`.
    #[command(
        after_help = "Example:\n  dealcalc rates import-bls cpi-u-us-city-average.csv --output indexes/cpi-u.toml"
    )]
    ImportBls {
        /// The CSV, or `-` for standard input.
        #[arg(value_name = "CSV", value_hint = clap::ValueHint::FilePath)]
        csv: PathBuf,
    },
}

pub fn run(command: &Command, g: &Global) -> Result<Output> {
    match command {
        Command::Info => {
            let table = g.rates()?;
            Ok(Output::done(g.render(&RatesInfo(&table))?))
        }
        Command::ImportEcb { csv } => {
            let input = files::read_input(csv)?;
            let toml = dealcalc::rates::ecb::import(&input.text)
                .map_err(|e| Error::from(e).at(&input, 0))?;
            // Check what was made reads back as a table before writing it.
            RateTable::from_toml(&toml).map_err(Error::from)?;
            Ok(Output::done(toml))
        }
        Command::ImportBls { csv } => {
            let input = files::read_input(csv)?;
            let toml = dealcalc::index::import_bls(&input.text)
                .map_err(|e| Error::invalid(e.to_string()).at(&input, 0))?;
            dealcalc::index::PriceIndex::from_toml(&toml)
                .map_err(|e| Error::invalid(e.to_string()))?;
            Ok(Output::done(toml))
        }
    }
}
