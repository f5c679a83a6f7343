//! The `dealcalc` command: parses arguments, reads files, calls the
//! library, writes the rendering, maps errors to exit codes (0 done, 1 a
//! claim does not hold, 2 bad input or usage).
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, CommandFactory, Parser, Subcommand};

use dealcalc::amount::{Numbers, Reading};
use dealcalc::currency::Currency;
use dealcalc::deal::DealKind;
use dealcalc::error::{Error, Input, Result};
use dealcalc::money::Rounding;
use dealcalc::offer::Fx;
use dealcalc::rates::RateTable;
use dealcalc::report::{self, Format, Lang, Style};
use dealcalc::scenario::{Document, Results};
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
    /// Language of figures in text and Markdown: en (85,338,795.02) or fr
    /// (85 338 795,02); JSON and CSV keep exact values.
    #[arg(long, global = true, default_value = "en", value_name = "LANG")]
    lang: Lang,
    /// Figures as a reader writes them, with scale words: `$29.2 billion`,
    /// `29,2 milliards de dollars`.
    #[arg(long, global = true)]
    compact: bool,
    /// Under the result, how each figure was obtained: formulas with their
    /// inputs, rates with their dates and source, allocation and rounding.
    #[arg(long, global = true)]
    explain: bool,
    /// How to read a lone separator before three digits (`10.000`,
    /// `1,500 €`), which is refused otherwise: en (`,` groups, `.` marks
    /// decimals) or eu (`.` groups, `,` marks decimals).
    #[arg(long, global = true, value_name = "CONVENTION")]
    numbers: Option<Numbers>,
    /// Days a rate may be older than the date asked for: an older one is an
    /// error (the ECB stopped RUB on 2022-03-01); up to DAYS it is used and
    /// flagged stale when past 7 days.
    #[arg(long, global = true, value_name = "DAYS", default_value_t = 7)]
    max_stale: u32,
}

impl Global {
    /// How amounts on the command line and in batch rows are read.
    fn reading(&self) -> Reading {
        Reading {
            numbers: self.numbers,
            symbols: Vec::new(),
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert an amount into another currency on a date.
    #[command(after_help = "Example:\n  dealcalc convert '$100M' --to EUR --on 2025-07-08")]
    Convert(ConvertArgs),
    /// What a stake and a price imply: post-money, pre-money, remaining value.
    #[command(
        after_help = "Examples:\n  dealcalc valuation --stake 49% --price '$14.3B'\n  dealcalc valuation --stake 9.9% --price '$8.87B' --primary --shares 3.94B"
    )]
    Valuation(ValuationArgs),
    /// A package over time: dated tranches, per-year breakdown, present value.
    #[command(
        after_help = "Examples:\n  dealcalc offer '$100M' --over 4y --start 2025-07-01 --discount 8%\n  dealcalc offer --shares 4800 --over 4y --vesting 'monthly 1y cliff' --start 2025-01-01"
    )]
    Offer(Box<OfferArgs>),
    /// Evaluate every offer, deal and claim in scenario files.
    #[command(after_help = "Example:\n  dealcalc eval scenarios/ai-talent-war-2025.toml")]
    Eval(FilesArgs),
    /// Check the claims in scenario files: exit 1 if one does not hold.
    #[command(after_help = "Example:\n  dealcalc check scenarios/*.toml")]
    Check(FilesArgs),
    /// Inspect or build rate tables.
    #[command(subcommand)]
    Rates(RatesCommand),
    /// Print a shell completion script: bash, zsh, fish, elvish, powershell.
    #[command(
        after_help = "Example:\n  dealcalc completions bash > /etc/bash_completion.d/dealcalc"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    #[command(after_help = "Example:\n  dealcalc man > dealcalc.1 && man ./dealcalc.1")]
    Man,
}

#[derive(Args, Debug)]
struct ValuationArgs {
    /// The stake bought: `49%`, `49 percent`, `0.49`.
    #[arg(long, value_name = "PCT", allow_hyphen_values = true)]
    stake: Option<String>,
    /// The price paid: `$14.3B`.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    price: Option<String>,
    /// The post-money valuation, instead of the stake or the price.
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    post_money: Option<String>,
    /// The money buys new shares (pre-money = post-money - price).
    #[arg(long)]
    primary: bool,
    /// Shares outstanding before the deal: gives new shares and price per share.
    #[arg(long, value_name = "N")]
    shares: Option<String>,
}

#[derive(Args, Debug)]
struct OfferArgs {
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
    #[arg(long, value_name = "VIEW", default_value = "grant-year")]
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
    /// First day no longer employed: what is kept and forfeited.
    #[arg(long, value_name = "DATE")]
    leave_on: Option<String>,
    /// Annual growth of the share price: `10%`.
    #[arg(long, value_name = "PCT")]
    growth: Option<String>,
}

#[derive(Args, Debug)]
struct FilesArgs {
    /// Scenario files (TOML), or `-` for standard input.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    /// The amount, as people write it: `$100M`, `85 millions d'euros`.
    #[arg(
        value_name = "AMOUNT",
        allow_hyphen_values = true,
        required_unless_present = "batch"
    )]
    amount: Option<String>,
    /// The currency to convert into.
    #[arg(long, value_name = "CUR", required_unless_present = "batch")]
    to: Option<String>,
    /// Convert every row of a CSV (`date,amount,from,to` with a header; `-`
    /// for standard input), appending `result,rate,rate_date`; `,`, `;` or
    /// tabs between fields. With --to, the file needs no `to` column.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["amount", "from", "on"])]
    batch: Option<PathBuf>,
    /// With --batch, what a bad row does: fail (stop, the default), skip
    /// (leave it out) or mark (keep it, with its message in an `error`
    /// column); a count goes to standard error.
    #[arg(long, value_name = "WHAT", requires = "batch", default_value = "fail")]
    on_error: dealcalc::batch::OnError,
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
        Ok(out) if out.text.is_empty() && out.code == 0 => ExitCode::SUCCESS,
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
        lang: g.lang,
        compact: g.compact,
        color: g.output.is_none()
            && std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none(),
    };
    match &cli.command {
        Command::Convert(args) => convert(args, g, &style),
        Command::Valuation(args) => valuation(args, g, &style),
        Command::Offer(args) => offer(args, g, &style),
        Command::Eval(args) => scenarios(&args.files, g, &style, false),
        Command::Check(args) => scenarios(&args.files, g, &style, true),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "dealcalc", &mut out);
            Ok(Output::done(String::from_utf8_lossy(&out).into_owned()))
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut out)
                .map_err(|e| Error::invalid(format!("cannot render the manual: {e}")))?;
            Ok(Output::done(String::from_utf8_lossy(&out).into_owned()))
        }
        Command::Rates(RatesCommand::Info) => {
            let table = load_rates(g)?;
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

/// The text, and with `--explain` how it was obtained.
fn explained(text: String, g: &Global, explain: impl FnOnce() -> String) -> String {
    if g.explain {
        format!("{text}\n{}", explain())
    } else {
        text
    }
}

fn no_svg(command: &str) -> Error {
    Error::invalid(format!("`{command}` has no svg format")).with(
        None,
        Some("choose from: text, json, csv, markdown; svg is for `offer` and `eval`".into()),
    )
}

fn convert(args: &ConvertArgs, g: &Global, style: &Style) -> Result<Output> {
    let table = load_rates(g)?;
    if let Some(path) = &args.batch {
        let to = args
            .to
            .as_deref()
            .map(|t| input::currency(&arg("--to", t), table.currencies()))
            .transpose()?;
        let options = dealcalc::batch::Options {
            rounding: g.rounding,
            reading: g.reading(),
            to,
            on_error: args.on_error,
        };
        batch(&table, path, g, &options)?;
        return Ok(Output {
            text: String::new(),
            code: 0,
        });
    }
    let currencies = table.currencies();
    let from_default = match &args.from {
        Some(f) => Some(input::currency(
            &Input::new("--from", f.as_str()),
            currencies,
        )?),
        None => None,
    };
    let to = input::currency(
        &Input::new("--to", args.to.clone().unwrap_or_default()),
        currencies,
    )?;
    let on = match &args.on {
        Some(d) => input::date(&Input::new("--on", d.as_str()))?,
        None => chrono::Local::now().date_naive(),
    };
    let amount_input = Input::new("AMOUNT", args.amount.clone().unwrap_or_default());
    let (money, _) = input::money(&amount_input, currencies, &g.reading(), from_default)?;
    let c = table.convert(money, to, on).map_err(|e| {
        Error::invalid(e.to_string())
            .with(Some(0..amount_input.text.len()), e.hint())
            .at(&amount_input, 0)
    })?;
    Ok(Output::done(match g.format {
        Format::Json => report::json::to_string(&report::json::conversion(&c, style)),
        Format::Csv => report::csv::conversion(&c, style),
        Format::Markdown => report::markdown::conversion(&c, style),
        Format::Text => explained(report::text::conversion(&c, style), g, || {
            report::explain::conversion(&c, style)
        }),
        Format::Svg => return Err(no_svg("convert")),
    }))
}

fn arg(name: &str, text: &str) -> Arc<Input> {
    Input::new(name, text)
}

fn valuation(args: &ValuationArgs, g: &Global, style: &Style) -> Result<Output> {
    let table = load_rates(g)?;
    let currencies = table.currencies();
    let deal = dealcalc::deal::Deal {
        stake: args
            .stake
            .as_deref()
            .map(|s| input::fraction(&arg("--stake", s), &g.reading()))
            .transpose()?,
        price: args
            .price
            .as_deref()
            .map(|p| input::money(&arg("--price", p), currencies, &g.reading(), None).map(|m| m.0))
            .transpose()?,
        post_money: args
            .post_money
            .as_deref()
            .map(|p| {
                input::money(&arg("--post-money", p), currencies, &g.reading(), None).map(|m| m.0)
            })
            .transpose()?,
        kind: if args.primary {
            DealKind::Primary
        } else {
            DealKind::Secondary
        },
        shares: args
            .shares
            .as_deref()
            .map(|n| input::count(&arg("--shares", n), &g.reading()))
            .transpose()?,
        ..Default::default()
    };
    let v = deal
        .valuation()
        .map_err(|e| Error::invalid(e.to_string()).with(None, e.hint()))?;
    Ok(Output::done(match g.format {
        Format::Json => report::json::to_string(&report::json::valuation(&v, style)),
        Format::Csv => report::csv::valuation(&v, style),
        Format::Markdown => report::markdown::valuation(&v, style),
        Format::Text => explained(report::text::valuation(&v, style), g, || {
            report::explain::valuation(&v, style)
        }),
        Format::Svg => return Err(no_svg("valuation")),
    }))
}

fn offer(args: &OfferArgs, g: &Global, style: &Style) -> Result<Output> {
    use dealcalc::offer::{Component, Grant, Kind, Offer, Terms};
    let table = load_rates(g)?;
    let currencies = table.currencies();
    let today = chrono::Local::now().date_naive();
    let start = args
        .start
        .as_deref()
        .map(|d| input::date(&arg("--start", d)))
        .transpose()?
        .unwrap_or(today);
    let spec = match (&args.over, &args.vesting) {
        (Some(over), Some(v))
            if !v.contains('/') && !v.trim_start().starts_with(|c: char| c.is_ascii_digit()) =>
        {
            format!("{over} {v}")
        }
        (Some(over), None) => format!("{over} annual"),
        (_, Some(v)) => v.clone(),
        (None, None) => {
            return Err(Error::invalid("how long is the schedule?").with(
                None,
                Some("add `--over 4y` (and `--vesting monthly` or another spec)".into()),
            ));
        }
    };
    let vesting_arg = arg("--vesting", spec.as_str());
    let vesting = spec
        .parse()
        .map_err(|e: dealcalc::schedule::ScheduleError| {
            Error::invalid(e.to_string())
                .with(Some(0..spec.len()), e.hint())
                .at(&vesting_arg, 0)
        })?;
    let allocation = match &args.allocation {
        Some(a) => a.parse().map_err(|e: String| {
            Error::invalid(e)
                .with(Some(0..a.len()), None)
                .at(&arg("--allocation", a), 0)
        })?,
        None => dealcalc::schedule::Allocation::default(),
    };
    let by = args.by.parse().map_err(|e: String| {
        Error::invalid(e)
            .with(Some(0..args.by.len()), None)
            .at(&arg("--by", &args.by), 0)
    })?;
    let price = args
        .price
        .as_deref()
        .map(|p| input::money(&arg("--price", p), currencies, &g.reading(), None).map(|m| m.0))
        .transpose()?;
    let growth = args
        .growth
        .as_deref()
        .map(|p| input::fraction(&arg("--growth", p), &g.reading()))
        .transpose()?
        .unwrap_or_default();
    let component = match (&args.amount, &args.shares) {
        (Some(a), None) => {
            let (m, _) = input::money(&arg("AMOUNT", a), currencies, &g.reading(), None)?;
            if price.is_some() {
                Component {
                    kind: Kind::Equity,
                    label: "equity".into(),
                    terms: Terms::Equity {
                        grant: Grant::Value(m),
                        price,
                        vesting,
                        growth,
                        refresh: None,
                        horizon: None,
                    },
                }
            } else {
                Component {
                    kind: Kind::Grant,
                    label: "grant".into(),
                    terms: Terms::Lump {
                        amount: m,
                        vesting,
                        clawback: None,
                    },
                }
            }
        }
        (None, Some(n)) => {
            let n = input::count(&arg("--shares", n), &g.reading())?;
            Component {
                kind: Kind::Equity,
                label: "shares".into(),
                terms: Terms::Equity {
                    grant: Grant::Shares(n),
                    price,
                    vesting,
                    growth,
                    refresh: None,
                    horizon: None,
                },
            }
        }
        _ => {
            return Err(Error::invalid("give an AMOUNT or --shares N, not both")
                .with(None, Some("dealcalc offer '$100M' --over 4y".into())));
        }
    };
    let offer = Offer {
        title: args.amount.clone().map_or_else(
            || format!("{} shares", args.shares.clone().unwrap_or_default()),
            |a| a.clone(),
        ) + &format!(" over {spec}"),
        start,
        components: vec![component],
        by,
        discount: args
            .discount
            .as_deref()
            .map(|p| input::fraction(&arg("--discount", p), &g.reading()))
            .transpose()?,
        leave_on: args
            .leave_on
            .as_deref()
            .map(|d| input::date(&arg("--leave-on", d)))
            .transpose()?,
        allocation,
    };
    let to = args
        .to
        .as_deref()
        .map(|t| input::currency(&arg("--to", t), currencies))
        .transpose()?;
    let on = args
        .on
        .as_deref()
        .map(|d| input::date(&arg("--on", d)))
        .transpose()?
        .unwrap_or(today);
    let targets: Vec<Currency> = to.into_iter().collect();
    let fx = (!targets.is_empty()).then_some((&table, targets.as_slice(), Fx::AsOf, on));
    let b = offer
        .evaluate(fx)
        .map_err(|e| Error::invalid(e.to_string()))?;
    Ok(Output::done(match g.format {
        Format::Json => report::json::pretty(&report::json::breakdown(&offer, &b, style)),
        Format::Csv => report::csv::breakdown(&offer, &b, style),
        Format::Markdown => report::markdown::breakdown(&offer, &b, style),
        Format::Text => explained(report::text::breakdown(&offer, &b, style), g, || {
            report::explain::offer(&offer, &b, style)
        }),
        Format::Svg => report::svg::offers(&[(String::new(), &offer, &b)], style),
    }))
}

fn scenarios(files: &[PathBuf], g: &Global, style: &Style, claims_only: bool) -> Result<Output> {
    let today = chrono::Local::now().date_naive();
    let mut all = Vec::new();
    for path in files {
        let input = read_input(path)?;
        let doc = Document::parse(&input)?;
        let table = if g.rates.is_empty() && !doc.rates().is_empty() {
            let dir = path.parent().unwrap_or(Path::new("."));
            let mut tables = Vec::new();
            for (rel, err) in doc.rates() {
                let p = dir.join(&rel);
                if let Err(e) = std::fs::metadata(&p) {
                    let hint = format!(
                        "{} (paths are relative to the scenario file)",
                        io_message(&e)
                    );
                    return Err(err.with(None, Some(hint)));
                }
                tables.push(table_file(&p)?);
            }
            layer(tables)?.with_max_stale(g.max_stale)
        } else {
            load_rates(g)?
        };
        all.push(doc.evaluate(&table, today, &g.reading())?);
    }
    let code = u8::from(claims_only && !all.iter().all(Results::all_hold));
    let text = match g.format {
        Format::Json => {
            let mut views: Vec<_> = all
                .iter()
                .map(|r| report::json::results(r, style, claims_only))
                .collect();
            match views.len() {
                1 => report::json::pretty(&views.pop()),
                _ => report::json::pretty(&views),
            }
        }
        Format::Csv => all
            .iter()
            .map(|r| report::csv::results(r, style, claims_only))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Markdown => all
            .iter()
            .map(|r| report::markdown::results(r, style, claims_only))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Text => all
            .iter()
            .map(|r| {
                explained(report::text::results(r, style, claims_only), g, || {
                    report::explain::results(r, style)
                })
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Svg => {
            // `check` draws the claims; `eval` the offers and deals too.
            let offers: Vec<_> = all
                .iter()
                .filter(|_| !claims_only)
                .flat_map(|r| {
                    r.offers
                        .iter()
                        .map(|o| (o.id.clone(), &o.offer, &o.breakdown))
                })
                .collect();
            let deals: Vec<_> = all
                .iter()
                .filter(|_| !claims_only)
                .flat_map(|r| r.deals.iter())
                .collect();
            let claims: Vec<_> = all.iter().flat_map(|r| r.claims.iter()).collect();
            if offers.is_empty() && deals.is_empty() && claims.is_empty() {
                return Err(Error::invalid("nothing to chart").with(
                    None,
                    Some("the files have no offers, deals or claims".into()),
                ));
            }
            report::svg::scenario(&offers, &deals, &claims, style)
        }
    };
    Ok(Output { text, code })
}

/// Streams a CSV batch to stdout or, whole or not at all, to `--output`.
fn batch(
    table: &RateTable,
    path: &Path,
    g: &Global,
    options: &dealcalc::batch::Options,
) -> Result<()> {
    if g.format != Format::Csv && g.format != Format::Text {
        return Err(
            Error::invalid(format!("`convert --batch` writes CSV, not {}", g.format))
                .with(None, Some("drop --format, or use --format csv".into())),
        );
    }
    let name = path.display().to_string();
    let reader: Box<dyn Read> = if name == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(path)
                .map_err(|e| Error::invalid(format!("cannot read `{name}`: {}", io_message(&e))))?,
        )
    };
    let reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let shown = if name == "-" {
        "<stdin>"
    } else {
        name.as_str()
    };
    match g.output.as_deref() {
        None => {
            let out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            match dealcalc::batch::convert(table, options, reader, out, shown) {
                Err(e) if e.message().contains("Broken pipe") => Ok(()),
                Ok(summary) => {
                    batch_notes(&summary, table, options.on_error);
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
        Some(dest) => {
            let (tmp, file) = temp_beside(dest)?;
            let out = std::io::BufWriter::with_capacity(1 << 16, file);
            match dealcalc::batch::convert(table, options, reader, out, shown) {
                Ok(summary) => std::fs::rename(&tmp, dest)
                    .map(|()| batch_notes(&summary, table, options.on_error))
                    .map_err(|e| {
                        let _ = std::fs::remove_file(&tmp);
                        Error::invalid(format!(
                            "cannot write `{}`: {}",
                            dest.display(),
                            io_message(&e)
                        ))
                    }),
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    Err(e)
                }
            }
        }
    }
}

/// Says on standard error which rows rest on weak rates: the CSV keeps its
/// columns.
fn batch_notes(
    summary: &dealcalc::batch::Summary,
    table: &RateTable,
    on_error: dealcalc::batch::OnError,
) {
    let first = |line: Option<u64>| line.map_or(String::new(), |l| format!(" (first: line {l})"));
    if summary.latest_available > 0 {
        eprintln!(
            "note: {} dated after the rate table's last date, {}: converted at the latest available rates{}",
            rows(summary.latest_available),
            table.last_date(),
            first(summary.first_latest_line)
        );
    }
    if summary.failed > 0 {
        let what = if on_error == dealcalc::batch::OnError::Mark {
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
            rows(summary.failed),
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

/// A new temporary file in the destination's folder, so that a rename puts
/// it in place at once.
fn temp_beside(dest: &Path) -> Result<(PathBuf, std::fs::File)> {
    let dir = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = dest
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let file = std::fs::File::create(&tmp).map_err(|e| {
        Error::invalid(format!(
            "cannot write `{}`: {}",
            dest.display(),
            io_message(&e)
        ))
    })?;
    Ok((tmp, file))
}

/// The rate tables given with `--rates`, layered; the built-in ECB history
/// without any.
fn load_rates(g: &Global) -> Result<RateTable> {
    Ok(load_tables(&g.rates)?.with_max_stale(g.max_stale))
}

fn load_tables(paths: &[PathBuf]) -> Result<RateTable> {
    if paths.is_empty() {
        return Ok(RateTable::builtin()?);
    }
    let tables = paths
        .iter()
        .map(|p| table_file(p))
        .collect::<Result<Vec<_>>>()?;
    layer(tables)
}

/// A rate table file read, named by its path when it names no source.
fn table_file(path: &Path) -> Result<(RateTable, Arc<Input>)> {
    let input = read_input(path)?;
    let table = RateTable::from_toml(&input.text)
        .map_err(|e| Error::from(e).at(&input, 0))?
        .or_source(&input.name);
    Ok((table, input))
}

/// Tables layered, later ones winning; tables of different bases are an
/// error naming both files.
fn layer(tables: Vec<(RateTable, Arc<Input>)>) -> Result<RateTable> {
    if let Some((first, first_input)) = tables.first() {
        for (table, input) in tables.iter().skip(1) {
            if table.base() != first.base() {
                let span = input.text.find("base").map(|i| i..i + "base".len());
                return Err(Error::invalid(format!(
                    "`{}` has base {}, but `{}` has base {}",
                    input.name,
                    table.base(),
                    first_input.name,
                    first.base()
                ))
                .with(
                    span,
                    Some("layered tables share one base: every rate is per one unit of it".into()),
                )
                .at(input, 0));
            }
        }
    }
    Ok(RateTable::layered(
        tables.into_iter().map(|(t, _)| t).collect(),
    )?)
}

/// Files larger than this are refused: no scenario or rate table comes
/// near it (the full ECB history is 3.5 MB), and reading one whole would
/// only exhaust memory. Batch conversion streams and has no limit.
const MAX_FILE: u64 = 64 * 1024 * 1024;

/// Reads a file, or standard input for `-`, as UTF-8.
fn read_input(path: &Path) -> Result<Arc<Input>> {
    let name = path.display().to_string();
    let too_large = |size: u64| {
        Error::invalid(format!(
            "`{name}` is too large ({} MiB; the limit is {} MiB)",
            size >> 20,
            MAX_FILE >> 20
        ))
    };
    let mut bytes = Vec::new();
    let read = if name == "-" {
        std::io::stdin()
            .take(MAX_FILE + 1)
            .read_to_end(&mut bytes)
            .map(|_| ())
    } else {
        match std::fs::metadata(path) {
            Ok(m) if m.len() > MAX_FILE => return Err(too_large(m.len())),
            Ok(m) if m.is_dir() => {
                return Err(Error::invalid(format!("`{name}` is a folder, not a file")));
            }
            _ => {}
        }
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE + 1).read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| Error::invalid(format!("cannot read `{name}`: {}", io_message(&e))))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(too_large(bytes.len() as u64));
    }
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
    let (tmp, mut file) = temp_beside(path)?;
    let result = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::invalid(format!(
            "cannot write `{}`: {}",
            path.display(),
            io_message(&e)
        )));
    }
    Ok(())
}
