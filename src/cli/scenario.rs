//! `dealcalc eval` and `dealcalc check`: scenario files evaluated.

use std::path::{Path, PathBuf};

use clap::builder::TypedValueParser as _;
use std::sync::Arc;

use dealcalc::error::Input;

use dealcalc::error::{Error, Result};
use dealcalc::report::ScenarioReport;
use dealcalc::report::csv::Table;
use dealcalc::scenario::{Document, Results};

use super::{Global, Output, files, today};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario files (TOML), or `-` for standard input.
    #[arg(value_name = "FILE", required = true, value_hint = clap::ValueHint::FilePath)]
    files: Vec<PathBuf>,
    /// With check: a truncated figure (86,956,521 printed "86.9 million")
    /// fails too.
    #[arg(long)]
    strict: bool,
    /// With --format csv: the table to write, one header over every file
    /// (`eval`'s files may have several; `check` writes the claims).
    #[arg(long, value_name = "TABLE",
          value_parser = clap::builder::PossibleValuesParser::new(Table::NAMES).try_map(|s| s.parse::<Table>()))]
    table: Option<Table>,
}

/// Evaluates every file; `check` exits 1 when a claim fails. A file that
/// cannot be evaluated does not stop the others: its error is reported
/// beside their results, and the exit code is 2.
pub fn run(args: &Args, g: &Global, claims_only: bool) -> Result<Output> {
    g.table_needs_csv(args.table.is_some())?;
    if claims_only && args.table.is_some_and(|t| t != Table::Claims) {
        return Err(Error::invalid("`check` writes the claims table only")
            .with(None, Some("use `eval --table ...` for the others".into())));
    }
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        match evaluate(path, g) {
            Ok(r) => all.push(r),
            Err(e) if args.files.len() > 1 => errors.push(e),
            Err(e) => return Err(e),
        }
    }
    if all.is_empty() && !errors.is_empty() {
        let mut out = Output::done(String::new());
        out.errors = errors;
        return Ok(out);
    }
    let mut out = report(&all, g, claims_only, args)?;
    out.errors = errors;
    Ok(out)
}

/// A scenario posted to the server: evaluated on the server's tables. A
/// `rates = [...]` naming files is refused, so no request reads a file.
pub fn run_posted(
    input: &Arc<Input>,
    g: &Global,
    claims_only: bool,
    args: &Args,
) -> Result<Output> {
    let doc = Document::parse(input)?;
    if let Some((_, err)) = doc.rates().into_iter().next() {
        return Err(err.with(
            None,
            Some("the server reads no files: a posted scenario uses the server's rate tables, so leave `rates` out".into()),
        ));
    }
    let table = g.rates()?;
    let results = doc.evaluate(&table, today(), &g.reading())?;
    report(&[results], g, claims_only, args)
}

fn report(all: &[Results], g: &Global, claims_only: bool, args: &Args) -> Result<Output> {
    let code = u8::from(claims_only && !all.iter().all(|r| r.passes(args.strict)));
    let text = g.render(&ScenarioReport {
        files: all,
        claims_only,
        table: args.table,
    })?;
    Ok(Output {
        text,
        code,
        errors: Vec::new(),
    })
}

/// One file, with its own rate tables (relative to it) unless `--rates`
/// names others.
fn evaluate(path: &Path, g: &Global) -> Result<Results> {
    let input = files::read_input(path)?;
    let doc = Document::parse(&input)?;
    let table = if g.rates.is_empty() && !doc.rates().is_empty() {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut tables = Vec::new();
        for (rel, err) in doc.rates() {
            let p = dir.join(&rel);
            if let Err(e) = std::fs::metadata(&p) {
                let hint = format!(
                    "{} (paths are relative to the scenario file)",
                    files::io_message(&e)
                );
                return Err(err.with(None, Some(hint)));
            }
            tables.push(files::table_file(&p)?);
        }
        Arc::new(files::layer(tables)?.with_max_stale(g.max_stale))
    } else {
        g.rates()?
    };
    doc.evaluate(&table, today(), &g.reading())
}
