//! The `dealcalc` command: parses arguments, reads files, calls the
//! library, writes the rendering, maps errors to exit codes (0 done, 1 a
//! claim does not hold, 2 bad input or usage).
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use dealcalc::error::{Error, Input, Result};
use dealcalc::money::Rounding;
use dealcalc::rates::RateTable;
use dealcalc::report::{self, Format, Style};
use dealcalc::{diagnostic, input};

const EXAMPLES: &str = "\
Examples:
  dealcalc convert '$100M' --to EUR --on 2025-07-08
  dealcalc convert '14,3 milliards de dollars' --to EUR --on 2025-06-13 --format json
  dealcalc rates info
  dealcalc rates import-ecb eurofxref-hist.csv --output rates/ecb.toml";

/// Exact arithmetic on compensation offers, stake deals and the figures
/// printed about them.
#[derive(Parser, Debug)]
#[command(name = "dealcalc", version, about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: Global,
}

#[derive(Args, Debug)]
struct Global {
    /// Output format: text, json, csv, markdown (svg for offers).
    #[arg(long, global = true, default_value = "text", value_name = "FORMAT")]
    format: Format,
    /// Write the output to FILE (whole, or not at all) instead of stdout.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Rate table in TOML (repeatable: later tables win); default: the
    /// built-in ECB history.
    #[arg(long = "rates", global = true, value_name = "FILE")]
    rates: Vec<PathBuf>,
    /// Rounding to the minor unit when shown: half-up (half away from zero),
    /// half-even, down, up.
    #[arg(long, global = true, default_value = "half-up", value_name = "RULE")]
    rounding: Rounding,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert an amount into another currency on a date.
    #[command(after_help = "Example:\n  dealcalc convert '$100M' --to EUR --on 2025-07-08")]
    Convert(ConvertArgs),
    /// Inspect or build rate tables.
    #[command(subcommand)]
    Rates(RatesCommand),
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// The amount, as people write it: `$100M`, `85 millions d'euros`.
    #[arg(value_name = "AMOUNT", allow_hyphen_values = true)]
    amount: String,
    /// The currency to convert into.
    #[arg(long, value_name = "CUR")]
    to: String,
    /// The currency of a bare number (`100 --from USD`).
    #[arg(long, value_name = "CUR")]
    from: Option<String>,
    /// The date of the rate: YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
}

#[derive(Subcommand, Debug)]
enum RatesCommand {
    /// Source, base, dates and each currency's range of the rate table.
    #[command(after_help = "Example:\n  dealcalc rates info --rates rates/ecb.toml")]
    Info,
    /// Turn the ECB's eurofxref-hist.csv into a TOML rate table.
    #[command(
        after_help = "Example:\n  dealcalc rates import-ecb eurofxref-hist.csv --output rates/ecb.toml"
    )]
    ImportEcb {
        /// The CSV, or `-` for standard input.
        #[arg(value_name = "CSV")]
        csv: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json_errors = cli.global.format == Format::Json;
    match run(&cli) {
        Ok(out) => {
            let code = out.code;
            match write_output(cli.global.output.as_deref(), &out.text) {
                Ok(()) => ExitCode::from(code),
                Err(e) => report_error(&e, json_errors),
            }
        }
        Err(e) => report_error(&e, json_errors),
    }
}

fn report_error(e: &Error, json: bool) -> ExitCode {
    let text = if json {
        report::json::to_string(&diagnostic::to_json(e))
    } else {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        diagnostic::render(e, color)
    };
    let _ = std::io::stderr().write_all(text.as_bytes());
    ExitCode::from(2)
}

/// What a command produced: the text to write and the exit code.
struct Output {
    text: String,
    code: u8,
}

impl Output {
    fn done(text: String) -> Output {
        Output { text, code: 0 }
    }
}

fn run(cli: &Cli) -> Result<Output> {
    let g = &cli.global;
    let style = Style {
        rounding: g.rounding,
    };
    match &cli.command {
        Command::Convert(args) => convert(args, g, &style),
        Command::Rates(RatesCommand::Info) => {
            let table = load_rates(&g.rates)?;
            Ok(Output::done(match g.format {
                Format::Json => report::json::to_string(&report::json::rates_info(&table)),
                Format::Csv => report::csv::rates_info(&table),
                Format::Markdown => report::markdown::rates_info(&table),
                Format::Text => report::text::rates_info(&table),
                Format::Svg => return Err(no_svg("rates info")),
            }))
        }
        Command::Rates(RatesCommand::ImportEcb { csv }) => {
            let input = read_input(csv)?;
            let toml = dealcalc::rates::ecb::import(&input.text)
                .map_err(|e| Error::from(e).at(&input, 0))?;
            // Check what was made reads back as a table before writing it.
            RateTable::from_toml(&toml).map_err(Error::from)?;
            Ok(Output::done(toml))
        }
    }
}

fn no_svg(command: &str) -> Error {
    Error::invalid(format!("`{command}` has no svg format")).with(
        None,
        Some("choose from: text, json, csv, markdown; svg is for `offer` and `eval`".into()),
    )
}

fn convert(args: &ConvertArgs, g: &Global, style: &Style) -> Result<Output> {
    let table = load_rates(&g.rates)?;
    let currencies = table.currencies();
    let from_default = match &args.from {
        Some(f) => Some(input::currency(
            &Input::new("--from", f.as_str()),
            currencies,
        )?),
        None => None,
    };
    let to = input::currency(&Input::new("--to", args.to.as_str()), currencies)?;
    let on = match &args.on {
        Some(d) => input::date(&Input::new("--on", d.as_str()))?,
        None => chrono::Local::now().date_naive(),
    };
    let amount_input = Input::new("AMOUNT", args.amount.as_str());
    let (money, _) = input::money(&amount_input, currencies, from_default)?;
    let c = table.convert(money, to, on)?;
    Ok(Output::done(match g.format {
        Format::Json => report::json::to_string(&report::json::conversion(&c, style)),
        Format::Csv => report::csv::conversion(&c, style),
        Format::Markdown => report::markdown::conversion(&c, style),
        Format::Text => report::text::conversion(&c, style),
        Format::Svg => return Err(no_svg("convert")),
    }))
}

/// The rate tables given with `--rates`, layered; the built-in ECB history
/// without any.
fn load_rates(paths: &[PathBuf]) -> Result<RateTable> {
    if paths.is_empty() {
        return Ok(RateTable::builtin()?);
    }
    let mut tables = Vec::with_capacity(paths.len());
    for path in paths {
        let input = read_input(path)?;
        tables.push(RateTable::from_toml(&input.text).map_err(|e| Error::from(e).at(&input, 0))?);
    }
    Ok(RateTable::layered(tables)?)
}

/// Reads a file, or standard input for `-`, as UTF-8.
fn read_input(path: &Path) -> Result<Arc<Input>> {
    let name = path.display().to_string();
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| Error::invalid(format!("cannot read `{name}`: {}", io_message(&e))))?;
    let name = if name == "-" {
        "<stdin>".to_owned()
    } else {
        name
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Input::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let valid =
                String::from_utf8_lossy(e.as_bytes().get(..at).unwrap_or_default()).into_owned();
            let input = Input::new(name.clone(), valid);
            Err(Error::invalid(format!(
                "`{name}` is not UTF-8 text (invalid byte at offset {at})"
            ))
            .with(Some(at..at), Some("save the file as UTF-8".into()))
            .at(&input, 0))
        }
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Writes to stdout (a closed pipe ends quietly), or to a file whole: a
/// temporary file beside it, renamed into place.
fn write_output(path: Option<&Path>, text: &str) -> Result<()> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        return match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::invalid(format!(
                "cannot write to standard output: {e}"
            ))),
            _ => Ok(()),
        };
    };
    let name = path.display().to_string();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::invalid(format!(
            "cannot write `{name}`: {}",
            io_message(&e)
        )));
    }
    Ok(())
}
