//! The command line: arguments in, the library's results rendered out,
//! exit codes (0 done, 1 a claim does not hold, 2 bad input or usage).
//!
//! One module per command parses its own arguments and calls the library;
//! [`files`] reads inputs and rate tables, [`output`] writes results whole
//! or not at all, and `report::render` is the one place a result becomes
//! text in the chosen format.

mod adjust;
mod convert;
mod files;
mod memory;
mod offer;
mod output;
mod progress;
mod rates;
mod round;
mod scan;
mod scenario;
mod serve;
mod valuation;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::builder::TypedValueParser as _;
use clap::{Args, CommandFactory, Parser, Subcommand};

use dealcalc::amount::{Numbers, Reading};
use dealcalc::error::{Error, Input, Result};
use dealcalc::money::Rounding;
use dealcalc::report::{self, Format, Lang, Report, Style};
use dealcalc::{diagnostic, rates::RateTable};

const EXAMPLES: &str = "\
Examples:
  dealcalc convert '$100M' --to EUR --on 2025-07-08
  dealcalc convert '14,3 milliards de dollars' --to EUR --on 2025-06-13 --format json
  dealcalc check scenarios/ai-talent-war-2025.toml
  dealcalc rates info

Amounts with `$` go in single quotes: in double quotes the shell reads `$1` as a variable.";

/// Exact arithmetic on compensation offers, stake deals and the figures
/// printed about them.
#[derive(Parser, Debug)]
#[command(name = "dealcalc", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: Global,
}

/// Options every command takes, shown apart from each command's own.
#[derive(Args, Debug)]
#[command(next_help_heading = "Global options")]
pub struct Global {
    /// Output format: text, json, csv, markdown, svg (offer, eval, check);
    /// default: text, or what the --output file's extension says.
    #[arg(long, global = true, value_name = "FORMAT",
          value_parser = clap::builder::PossibleValuesParser::new(["text", "json", "csv", "markdown", "md", "svg"]).try_map(|s| s.parse::<Format>()))]
    format: Option<Format>,
    /// Write the output to FILE (whole, or not at all) instead of stdout;
    /// a link is written through, a device or pipe written directly.
    #[arg(long, short = 'o', global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    output: Option<PathBuf>,
    /// Rate table in TOML (repeatable: later tables win); `builtin` names
    /// the ECB history shipped in dealcalc, `fetched` the one `rates
    /// update` keeps. Default: $DEALCALC_RATES (`:`-separated), else the
    /// fetched history when it reaches further than the shipped one.
    #[arg(long = "rates", global = true, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    rates: Vec<PathBuf>,
    /// Rounding to the minor unit when shown: half-up (half away from zero),
    /// half-even, down, up.
    #[arg(long, global = true, default_value = "half-up", value_name = "RULE",
          value_parser = clap::builder::PossibleValuesParser::new(Rounding::NAMES).try_map(|s| s.parse::<Rounding>()))]
    rounding: Rounding,
    /// Language of figures in text and Markdown: en (85,338,795.02) or fr
    /// (85 338 795,02); JSON and CSV keep exact values. For `scan`, the
    /// articles' language (en, fr, de, es, it, nl; detected otherwise),
    /// whose figures the output writes in English or French notation.
    #[arg(long, global = true, value_name = "LANG",
          value_parser = clap::builder::PossibleValuesParser::new(scan::LANGS))]
    lang: Option<String>,
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
    #[arg(long, global = true, value_name = "CONVENTION",
          value_parser = clap::builder::PossibleValuesParser::new(Numbers::NAMES).try_map(|s| s.parse::<Numbers>()))]
    numbers: Option<Numbers>,
    /// Days a rate may be older than the date asked for: an older one is an
    /// error (the ECB stopped RUB on 2022-03-01); up to DAYS it is used and
    /// flagged stale when past 7 days.
    #[arg(long, global = true, value_name = "DAYS", default_value_t = 7)]
    max_stale: u32,
    /// Show no progress on standard error (progress is drawn only on a
    /// terminal, and never when `CI` is set); notes about the results are
    /// still written.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    /// The server's rate tables, loaded once for every request.
    #[arg(skip)]
    loaded: Option<Arc<RateTable>>,
    /// Never colour (the server: whatever its terminal is).
    #[arg(skip)]
    plain: bool,
}

impl Global {
    /// The article language `--lang` names, for `scan`.
    fn article_lang(&self) -> Result<Option<dealcalc::scan::Language>> {
        Ok(self.lang.as_deref().and_then(scan::language))
    }

    /// `--lang` other than en or fr names an article's language: only
    /// `scan` reads articles.
    fn output_lang_only(&self) -> Result<()> {
        match self.lang.as_deref() {
            None | Some("en" | "fr") => Ok(()),
            Some(other) => Err(Error::invalid(format!(
                "`--lang {other}` names the language of an article, which only `scan` reads"
            ))
            .with(
                None,
                Some("figures are written in en or fr: `--lang fr`".into()),
            )),
        }
    }

    /// How amounts on the command line and in batch rows are read.
    fn reading(&self) -> Reading {
        Reading {
            numbers: self.numbers,
            symbols: Vec::new(),
        }
    }

    /// The format: `--format`, else the output file's extension
    /// (`chart.svg`, `out.json`, `table.csv`, `notes.md`), else text.
    /// `--table` picks a CSV table: with another format it would be
    /// ignored, so it is refused.
    fn table_needs_csv(&self, table: bool) -> Result<()> {
        if table && self.format() != Format::Csv {
            return Err(Error::invalid(format!(
                "--table picks a CSV table; the format is {}",
                self.format()
            ))
            .with(None, Some("add --format csv, or leave --table out".into())));
        }
        Ok(())
    }

    fn format(&self) -> Format {
        self.format.unwrap_or_else(|| {
            let ext = self
                .output
                .as_ref()
                .and_then(|p| p.extension())
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("svg") => Format::Svg,
                Some("json") => Format::Json,
                Some("csv") => Format::Csv,
                Some("md" | "markdown") => Format::Markdown,
                _ => Format::Text,
            }
        })
    }

    /// The rate tables `--rates` names, layered (or those the server
    /// loaded when it started).
    fn rates(&self) -> Result<Arc<RateTable>> {
        if let Some(table) = &self.loaded {
            return Ok(Arc::clone(table));
        }
        files::load_rates(&self.rates).map(|(t, _)| Arc::new(t.with_max_stale(self.max_stale)))
    }

    /// How figures are shown.
    fn style(&self) -> Style {
        Style {
            rounding: self.rounding,
            lang: if self.lang.as_deref() == Some("fr") {
                Lang::Fr
            } else {
                Lang::En
            },
            compact: self.compact,
            color: !self.plain
                && self.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    /// A result in the chosen format.
    fn render(&self, r: &dyn Report) -> Result<String> {
        report::render(r, self.format(), &self.style(), self.explain)
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert an amount into another currency on a date.
    #[command(after_help = "Example:\n  dealcalc convert '$100M' --to EUR --on 2025-07-08")]
    Convert(convert::Args),
    /// What a stake and a price imply: post-money, pre-money, remaining value.
    #[command(
        after_help = "Examples:\n  dealcalc valuation --stake 49% --price '$14.3B'\n  dealcalc valuation --stake 9.9% --price '$8.87B' --primary --shares 3.94B"
    )]
    Valuation(valuation::Args),
    /// A priced round on a cap table: SAFEs converting, the pool shuffle,
    /// each holder's shares, and what exits pay.
    #[command(
        after_help = "Example:\n  dealcalc round --common founders=8,100,000 --pool 900000 --safe 'angel=$1M cap=$10M' --investor fund --amount '$5.2M' --pre-money '$20.8M' --pool-after 10% --exit '$10M'"
    )]
    Round(Box<round::Args>),
    /// A package over time: dated tranches, per-year breakdown, present value.
    #[command(
        after_help = "Examples:\n  dealcalc offer '$100M' --over 4y --start 2025-07-01 --discount 8%\n  dealcalc offer --shares 4800 --over 4y --vesting 'monthly 1y cliff' --start 2025-01-01"
    )]
    Offer(Box<offer::Args>),
    /// Evaluate every offer, deal, company and claim in scenario files.
    #[command(after_help = "Example:\n  dealcalc eval scenarios/ai-talent-war-2025.toml")]
    Eval(scenario::Args),
    /// Find the figures in articles, relate those that check each other and
    /// check them: exit 1 if one does not hold.
    #[command(
        after_help = "Examples:\n  dealcalc scan tests/scan/articles/en-meta-scale.txt\n  dealcalc scan tests/scan/articles/fr-linkedin.txt --date 2016-06-13 --format json\n  dealcalc scan tests/scan/articles --emit scenario"
    )]
    Scan(scan::Args),
    /// Check the claims in scenario files: exit 1 if one does not hold.
    #[command(after_help = "Example:\n  dealcalc check scenarios/*.toml")]
    Check(scenario::Args),
    /// Serve the page and the JSON API on loopback (until Ctrl-C).
    #[command(after_help = "Examples:\n  dealcalc serve\n  dealcalc serve --addr 127.0.0.1:9000")]
    Serve(serve::Args),
    /// Restate money of one year or month in that of another (the CPI-U).
    #[command(
        after_help = "Examples:\n  dealcalc adjust '$240M' --from 2007 --to 2025\n  dealcalc adjust '$100k' --from 2020-01 --to 2025-09"
    )]
    Adjust(adjust::Args),
    /// Inspect, import or update rate tables.
    #[command(subcommand)]
    Rates(rates::Command),
    /// Print a shell completion script: bash, zsh, fish, elvish, powershell.
    #[command(
        after_help = "Example:\n  dealcalc completions bash > /etc/bash_completion.d/dealcalc"
    )]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff): the command's, or one subcommand's.
    #[command(
        after_help = "Examples:\n  dealcalc man > dealcalc.1\n  dealcalc man convert | man -l -"
    )]
    Man {
        /// A subcommand (`convert`, `offer`, ...): its own page.
        command: Option<String>,
    },
}

/// What a command produced: the text to write, in parts written one
/// after the other (a file's offers apart from what surrounds them), and
/// the exit code.
struct Output {
    parts: Vec<String>,
    code: u8,
    /// Errors met on the way that did not stop the command (a bad file
    /// among several for `check`): each is reported, and the exit code
    /// is 2.
    errors: Vec<Error>,
}

impl Output {
    fn done(text: String) -> Output {
        Output {
            parts: vec![text],
            code: 0,
            errors: Vec::new(),
        }
    }
}

/// Runs the command line; the exit code says how it went.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_error(&e),
    };
    if cli.global.output.is_some() {
        output::guard_signals();
    }
    let json_errors = cli.global.format == Some(Format::Json);
    if cli.global.output.is_none()
        && let Err(e) = output::stdout_open()
    {
        return report_error(&e, json_errors);
    }
    match run(&cli) {
        Ok(out) if !out.errors.is_empty() => {
            // The other files' results on stdout; a file would be half
            // of what was asked, so with --output nothing is written.
            if cli.global.output.is_none()
                && let Err(e) = output::write(None, &out.parts)
            {
                return report_error(&e, json_errors);
            }
            for e in &out.errors {
                report_error(e, json_errors);
            }
            ExitCode::from(2)
        }
        Ok(out) if out.parts.iter().all(String::is_empty) && out.code == 0 => ExitCode::SUCCESS,
        Ok(out) => match output::write(cli.global.output.as_deref(), &out.parts) {
            Ok(()) => ExitCode::from(out.code),
            Err(e) => report_error(&e, json_errors),
        },
        Err(e) => report_error(&e, json_errors),
    }
}

/// Help, version and usage errors, written with their failures checked:
/// help into a full disk is exit 2, not 0.
fn clap_error(e: &clap::Error) -> ExitCode {
    let mut text = e.render().to_string();
    if matches!(e.kind(), clap::error::ErrorKind::UnknownArgument) {
        let args: Vec<String> = std::env::args().collect();
        if args
            .iter()
            .any(|a| a == "--date" || a.starts_with("--date="))
        {
            text.push_str("\ntip: the date of a rate is given with `--on YYYY-MM-DD`\n");
        }
    }
    let (written, code) = if e.use_stderr() {
        (std::io::stderr().write_all(text.as_bytes()), 2)
    } else {
        let mut out = std::io::stdout().lock();
        (
            output::stdout_open()
                .map_err(|e| std::io::Error::other(e.message()))
                .and_then(|()| out.write_all(text.as_bytes()))
                .and_then(|()| out.flush()),
            0,
        )
    };
    match written {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(std::io::stderr(), "error: cannot write the help: {err}");
            ExitCode::from(2)
        }
        _ => ExitCode::from(code),
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

fn run(cli: &Cli) -> Result<Output> {
    let g = &cli.global;
    if !matches!(cli.command, Command::Scan(_)) {
        g.output_lang_only()?;
    }
    match &cli.command {
        Command::Convert(args) => convert::run(args, g),
        Command::Valuation(args) => valuation::run(args, g),
        Command::Round(args) => round::run(args, g),
        Command::Offer(args) => offer::run(args, g),
        Command::Scan(args) => scan::run(args, g),
        Command::Eval(args) => scenario::run(args, g, false),
        Command::Check(args) => scenario::run(args, g, true),
        Command::Serve(args) => serve::run(args, g),
        Command::Adjust(args) => adjust::run(args, g),
        Command::Rates(command) => rates::run(command, g),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            let mut cli = with_currency_values(Cli::command(), &currency_codes());
            clap_complete::generate(*shell, &mut cli, "dealcalc", &mut out);
            Ok(Output::done(String::from_utf8_lossy(&out).into_owned()))
        }
        Command::Man { command } => man(command.as_deref()),
    }
}

/// The manual page of the command, or of one subcommand (`dealcalc-convert`).
fn man(sub: Option<&str>) -> Result<Output> {
    let top = Cli::command();
    let page = match sub {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_owned())
                .collect();
            top.find_subcommand(name)
                .cloned()
                .map(|c| c.name(format!("dealcalc-{name}")))
                .ok_or_else(|| {
                    Error::invalid(format!("no manual page for `{name}`"))
                        .with(None, Some(format!("pages: {}", names.join(", "))))
                })?
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| Error::invalid(format!("cannot render the manual: {e}")))?;
    Ok(Output::done(String::from_utf8_lossy(&out).into_owned()))
}

/// A command-line argument as an input errors can point into.
fn arg(name: &str, text: &str) -> Arc<Input> {
    Input::new(name, text)
}

/// The codes a shell completes after `--to`, `--from` and `--base`: the
/// built-in table's, its base, and the currencies the euro replaced.
fn currency_codes() -> Vec<String> {
    let mut codes: Vec<String> = dealcalc::rates::RateTable::builtin()
        .map(|t| {
            std::iter::once(t.base().to_string())
                .chain(t.ranges().into_iter().map(|r| r.0.to_string()))
                .collect()
        })
        .unwrap_or_default();
    codes.extend(
        dealcalc::currency::EURO_LEGACY
            .iter()
            .map(|l| l.code.to_owned()),
    );
    codes.sort();
    codes.dedup();
    codes
}

/// The command line for completion scripts only: every currency argument
/// (`CUR`) offers `codes` instead of file names. Parsing keeps accepting
/// any code a rate table defines.
fn with_currency_values(mut cmd: clap::Command, codes: &[String]) -> clap::Command {
    let ids: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| {
            a.get_value_names()
                .is_some_and(|names| names.iter().any(|n| n.as_str() == "CUR"))
        })
        .map(|a| a.get_id().clone())
        .collect();
    for id in ids {
        let values: Vec<clap::builder::PossibleValue> = codes
            .iter()
            .map(|c| clap::builder::PossibleValue::new(c.clone()))
            .collect();
        cmd = cmd.mut_arg(id, |a| {
            a.value_parser(clap::builder::PossibleValuesParser::new(values))
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |sub| with_currency_values(sub, codes));
    }
    cmd
}

/// Today, where the date asked for is not given.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
