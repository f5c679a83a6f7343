//! `dealcalc rates`: what a table holds, and tables made from the ECB's CSV.

use std::path::PathBuf;

use dealcalc::error::{Error, Result};
use dealcalc::rates::RateTable;
use dealcalc::report::RatesInfo;

use super::{Global, Output, files, output};

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
    /// Fetch the ECB's latest history and keep it for every later command
    /// (the only command that uses the network). It is checked first: it
    /// must read, reach as far back and forward as the table in use, date
    /// nothing after the next business day, and change no past rate; the
    /// table it replaces is kept for `--rollback`.
    #[command(
        after_help = "Examples:\n  dealcalc rates update\n  dealcalc rates update --url https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip\n  dealcalc rates update --rollback\n\nA local copy of the CSV or zip is read by `dealcalc rates import-ecb FILE`."
    )]
    Update {
        /// Where to fetch it over HTTP(S): the zip as the ECB publishes it,
        /// or the CSV.
        #[arg(long, value_name = "URL", conflicts_with = "rollback")]
        url: Option<String>,
        /// Keep a history that changes or drops past rates (they are
        /// listed); without it such a history is refused.
        #[arg(long, conflicts_with = "rollback")]
        accept_revisions: bool,
        /// Put back the table the last update replaced (the built-in one,
        /// when it replaced none); a second rollback undoes the first.
        #[arg(long)]
        rollback: bool,
    },
    /// Turn another publisher's CSV into a rate table: the Federal
    /// Reserve's H.10 data download, the Bank of England's database CSV
    /// (each told by its first line), or plain `date,currency,rate` rows
    /// with `--base`.
    #[command(
        after_help = "Examples:\n  dealcalc rates import FRB_H10.csv --output h10.toml\n  dealcalc rates import boe.csv --series XUDLBK89=CNY --output boe.toml\n  dealcalc rates import aed.csv --base EUR --source 'my AED rates' --output aed.toml"
    )]
    Import {
        /// The CSV, or `-` for standard input.
        #[arg(value_name = "CSV", value_hint = clap::ValueHint::FilePath)]
        csv: PathBuf,
        /// Plain rows: the currency every rate is per one unit of (H.10
        /// tables are in dollars, the Bank of England's in pounds).
        #[arg(long, value_name = "CUR")]
        base: Option<String>,
        /// Plain rows: where the rates come from (default: the file's name).
        #[arg(long, value_name = "TEXT")]
        source: Option<String>,
        /// The Bank of England: the currency of a series dealcalc does not
        /// know, `XUDLBK89=CNY` (repeatable).
        #[arg(long, value_name = "CODE=CUR")]
        series: Vec<String>,
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
            let (table, origin) = files::load_rates(&g.rates)?;
            Ok(Output::done(g.render(&RatesInfo {
                table: &table,
                origin: &origin,
            })?))
        }
        Command::Update { rollback: true, .. } => rollback(),
        Command::Update {
            url,
            accept_revisions,
            ..
        } => update(url.as_deref().unwrap_or(ECB_HISTORY), *accept_revisions, g),
        Command::ImportEcb { csv } => {
            // The zip as the ECB publishes it, or the CSV inside; at most
            // as much as any table file may be (`/dev/zero` is refused
            // after 64 MiB, not read until memory runs out).
            let raw = read_limited(csv)?;
            let input = if dealcalc::rates::ecb::is_zip(&raw) {
                let text = dealcalc::rates::ecb::csv_from_zip(&raw).map_err(|why| {
                    Error::invalid(format!("cannot read `{}`: {why}", csv.display()))
                })?;
                dealcalc::Input::new(csv.display().to_string(), text)
            } else {
                files::read_input(csv)?
            };
            let toml = dealcalc::rates::ecb::import(&input.text)
                .map_err(|e| Error::from(e).at(&input, 0))?;
            // Check what was made reads back as a table before writing it.
            RateTable::from_toml(&toml).map_err(Error::from)?;
            Ok(Output::done(toml))
        }
        Command::Import {
            csv,
            base,
            source,
            series,
        } => import(csv, base.as_deref(), source.as_deref(), series),
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

/// `rates import`: the layout told by the CSV's first line; `--base` and
/// `--source` only for plain rows, `--series` only for the Bank of
/// England's, so that no flag is silently ignored.
fn import(
    csv: &std::path::Path,
    base: Option<&str>,
    source: Option<&str>,
    series: &[String],
) -> Result<Output> {
    use dealcalc::rates::official::{self, Layout};
    let input = files::read_input(csv)?;
    let layout = official::detect(&input.text);
    let refuse = |flag: &str, layout: &str, base: &str| {
        Error::invalid(format!(
            "{flag} does not apply: `{}` is {layout}, whose table is in {base}",
            input.name
        ))
    };
    let toml = match layout {
        Layout::FedH10 | Layout::BankOfEngland => {
            let (name, currency) = if layout == Layout::FedH10 {
                ("the Federal Reserve's H.10 download", "dollars")
            } else {
                ("the Bank of England's CSV", "pounds")
            };
            if base.is_some() {
                return Err(refuse("--base", name, currency));
            }
            if source.is_some() {
                return Err(refuse("--source", name, currency));
            }
            if layout == Layout::FedH10 {
                if !series.is_empty() {
                    return Err(refuse("--series", name, currency));
                }
                official::import_h10(&input.text)
            } else {
                let mut named = Vec::new();
                for s in series {
                    let Some((code, cur)) = s.split_once('=') else {
                        return Err(Error::invalid(format!("--series `{s}` is not CODE=CUR"))
                            .with(None, Some("such as --series XUDLBK89=CNY".into())));
                    };
                    let cur = dealcalc::input::currency(
                        &dealcalc::Input::new("--series", cur.trim()),
                        &dealcalc::currency::Currencies::default(),
                    )?;
                    named.push((code.trim().to_owned(), cur.to_string()));
                }
                official::import_boe(&input.text, &named)
            }
        }
        Layout::Plain => {
            if !series.is_empty() {
                return Err(Error::invalid(
                    "--series names the Bank of England's series; this CSV is plain rows",
                ));
            }
            let Some(base) = base else {
                return Err(Error::invalid(format!(
                    "`{}` is plain date,currency,rate rows: give --base, the currency every rate is per one unit of",
                    input.name
                ))
                .with(
                    None,
                    Some("H.10 and Bank of England files are told by their first line; this one is neither".into()),
                ));
            };
            let base_code = dealcalc::input::currency(
                &dealcalc::Input::new("--base", base),
                &dealcalc::currency::Currencies::default(),
            )?;
            let source = source.map_or_else(|| input.name.clone(), str::to_owned);
            dealcalc::rates::ecb::import_plain(&input.text, &base_code.to_string(), &source)
        }
    }
    .map_err(|e| Error::from(e).at(&input, 0))?;
    // Check what was made reads back as a table before writing it.
    RateTable::from_toml(&toml).map_err(Error::from)?;
    Ok(Output::done(toml))
}

/// The ECB's full history of reference rates, as it publishes it.
const ECB_HISTORY: &str = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip";

/// The most a download may be: the history is about 600 KB zipped, 7 MB
/// as CSV.
const MAX_DOWNLOAD: u64 = 100 << 20;

/// Reads at most [`files::MAX_FILE`] bytes of a file (or standard input);
/// more is an error.
fn read_limited(path: &std::path::Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin()
            .take(files::MAX_FILE + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(files::MAX_FILE + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::invalid(format!("cannot read `{name}`: {}", files::io_message(&e))))?;
    if bytes.len() as u64 > files::MAX_FILE {
        return Err(Error::invalid(format!(
            "`{name}` is too large (the limit is {} MiB)",
            files::MAX_FILE >> 20
        )));
    }
    Ok(bytes)
}

/// Revisions listed in a message at most.
const LISTED: usize = 5;

/// `2025-07-08 USD 1.1718 -> 1.5`, one a line, the first few.
fn listed(revisions: &[dealcalc::rates::Revision]) -> String {
    let mut out: Vec<String> = revisions
        .iter()
        .take(LISTED)
        .map(|r| {
            format!(
                "  {} {} {} -> {}",
                r.date,
                r.currency,
                r.was,
                r.now.as_deref().unwrap_or("(none)")
            )
        })
        .collect();
    if revisions.len() > LISTED {
        out.push(format!(
            "  and {} more",
            dealcalc::numbers::group(&(revisions.len() - LISTED).to_string())
        ));
    }
    out.join("\n")
}

/// Fetches the ECB's history, checks it (it reads as a table, loses no
/// date of the one in use, dates nothing in the future, revises no past
/// rate unless told to), keeps the table it replaces, and writes it whole,
/// or leaves the old one.
#[expect(
    clippy::print_stderr,
    reason = "progress of a download, beside its result"
)]
fn update(url: &str, accept_revisions: bool, g: &Global) -> Result<Output> {
    let cannot = |why: String| {
        Error::invalid(format!("cannot update the rates from {url}: {why}")).with(
            None,
            Some("the table in use stays as it was; try again, or pass --url".into()),
        )
    };
    if url.starts_with("file:") || !url.contains("://") {
        return Err(
            cannot("only http:// and https:// addresses are fetched".into()).with(
                None,
                Some(
                    "a CSV or zip on disk is read by `dealcalc rates import-ecb FILE --output \
                 table.toml`, then `--rates table.toml`"
                        .into(),
                ),
            ),
        );
    }
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if progress {
        eprintln!("fetching {url} ...");
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| cannot(e.to_string()))?;
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_DOWNLOAD)
        .read_to_vec()
        .map_err(|e| cannot(e.to_string()))?;
    if progress {
        eprintln!("read {} KB", bytes.len() / 1024);
    }
    let csv = if dealcalc::rates::ecb::is_zip(&bytes) {
        dealcalc::rates::ecb::csv_from_zip(&bytes).map_err(cannot)?
    } else {
        if bytes.len() as u64 > dealcalc::rates::ecb::MAX_CSV {
            return Err(cannot(format!(
                "it is larger than {} MiB",
                dealcalc::rates::ecb::MAX_CSV >> 20
            )));
        }
        String::from_utf8(bytes).map_err(|_| cannot("it is neither a zip nor UTF-8 text".into()))?
    };
    let fetched = dealcalc::Input::new(url, csv);
    let toml =
        dealcalc::rates::ecb::import(&fetched.text).map_err(|e| Error::from(e).at(&fetched, 0))?;
    if toml.len() as u64 > files::MAX_FILE {
        return Err(cannot(format!(
            "its table would be {} MiB, over the {} MiB a table may be",
            toml.len() >> 20,
            files::MAX_FILE >> 20
        )));
    }
    let new = RateTable::from_toml(&toml).map_err(|e| cannot(e.to_string()))?;
    let (old, origin) = files::default_history()?;
    let revisions =
        dealcalc::rates::ecb::check_update(&new, &old, super::today()).map_err(cannot)?;
    if !revisions.is_empty() && !accept_revisions {
        return Err(cannot(format!(
            "it changes or drops {} past {} of the table in use:\n{}",
            dealcalc::numbers::group(&revisions.len().to_string()),
            if revisions.len() == 1 { "rate" } else { "rates" },
            listed(&revisions)
        ))
        .with(
            None,
            Some("pass --accept-revisions to keep it anyway (the table in use is kept for --rollback)".into()),
        ));
    }
    let path = files::updated_table_path()
        .ok_or_else(|| cannot("there is no $HOME or $XDG_DATA_HOME to keep it in".into()))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| cannot(files::io_message(&e)))?;
    }
    // The table replaced is kept for --rollback.
    if path.exists()
        && let Some(previous) = files::previous_table_path()
    {
        std::fs::copy(&path, &previous).map_err(|e| cannot(files::io_message(&e)))?;
    }
    output::write(Some(&path), std::slice::from_ref(&toml))?;
    let group = |n: usize| dealcalc::numbers::group(&n.to_string());
    let mut summary = format!(
        "updated: {} dates from {} to {}, {} currencies (was {} to {}, {origin})\nsaved as {}\n",
        group(new.date_count()),
        new.first_date(),
        new.last_date(),
        new.ranges().len(),
        old.first_date(),
        old.last_date(),
        path.display()
    );
    if !revisions.is_empty() {
        summary.push_str(&format!(
            "accepted {} revised past {}:\n{}\n",
            group(revisions.len()),
            if revisions.len() == 1 {
                "rate"
            } else {
                "rates"
            },
            listed(&revisions)
        ));
    }
    let _ = g;
    Ok(Output::done(summary))
}

/// `rates update --rollback`: the table the last update replaced back in
/// place (kept as the previous one in turn), or, when it replaced none,
/// the fetched table set aside so that the built-in one is used.
fn rollback() -> Result<Output> {
    let (Some(path), Some(previous)) = (files::updated_table_path(), files::previous_table_path())
    else {
        return Err(Error::invalid(
            "there is no $HOME or $XDG_DATA_HOME holding fetched tables",
        ));
    };
    let io =
        |e: std::io::Error| Error::invalid(format!("cannot roll back: {}", files::io_message(&e)));
    match (path.exists(), previous.exists()) {
        (_, true) => {
            let swap = path.with_file_name("ecb.swap.toml");
            if path.exists() {
                std::fs::rename(&path, &swap).map_err(io)?;
            }
            std::fs::rename(&previous, &path).map_err(io)?;
            if swap.exists() {
                std::fs::rename(&swap, &previous).map_err(io)?;
            }
            let (table, _) = files::table_file(&path)?;
            Ok(Output::done(format!(
                "rolled back: {} now holds {} to {} (the replaced table is kept as {})\n",
                path.display(),
                table.first_date(),
                table.last_date(),
                previous.display()
            )))
        }
        (true, false) => {
            std::fs::rename(&path, &previous).map_err(io)?;
            Ok(Output::done(format!(
                "rolled back: the built-in table is in use again (the fetched one is kept as {})\n",
                previous.display()
            )))
        }
        (false, false) => Err(Error::invalid(
            "there is nothing to roll back: no table was fetched by `dealcalc rates update`",
        )),
    }
}
