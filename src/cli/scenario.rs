//! `dealcalc eval` and `dealcalc check`: scenario files evaluated.

use std::path::{Path, PathBuf};

use clap::builder::TypedValueParser as _;
use std::sync::Arc;

use dealcalc::error::Input;

use dealcalc::error::{Error, Result};
use dealcalc::rates::RateTable;
use dealcalc::report::csv::Table;
use dealcalc::report::{OffersApart, ScenarioReport};
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
    if let [path] = args.files.as_slice() {
        return one_file(path, g, claims_only, args);
    }
    let mut all = Vec::new();
    let mut errors = Vec::new();
    for path in &args.files {
        match open(path, g).and_then(|(doc, table)| doc.evaluate(&table, today(), &g.reading())) {
            Ok(r) => all.push(r),
            Err(e) => errors.push(e),
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

/// One file; with many offers, each batch rendered as it is evaluated
/// and its breakdowns let go (10,000 offers hold their output, not their
/// breakdowns).
fn one_file(path: &Path, g: &Global, claims_only: bool, args: &Args) -> Result<Output> {
    let (doc, table) = open(path, g)?;
    let apart = OffersApart::new(g.format(), g.explain, claims_only, args.table, &doc);
    let Some(mut apart) = apart else {
        let results = doc.evaluate(&table, today(), &g.reading())?;
        return report(&[results], g, claims_only, args);
    };
    let style = g.style();
    // Each batch's text kept as it is made, never copied into a growing
    // whole: the output takes what it writes and no more.
    let mut batches = Vec::new();
    let results = doc.evaluate_each(&table, today(), &g.reading(), &mut |batch| {
        batches.push(apart.offers(batch, doc.name(), &style));
    })?;
    let (head, tail) = apart.around(&results, &style);
    let mut parts = Vec::with_capacity(batches.len() + 2);
    parts.push(head);
    parts.append(&mut batches);
    parts.push(tail);
    Ok(Output {
        parts,
        code: exit_code(&[results], claims_only, args),
        errors: Vec::new(),
    })
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
    let text = g.render(&ScenarioReport {
        files: all,
        claims_only,
        table: args.table,
    })?;
    Ok(Output {
        parts: vec![text],
        code: exit_code(all, claims_only, args),
        errors: Vec::new(),
    })
}

/// `check` exits 1 when a claim fails.
fn exit_code(all: &[Results], claims_only: bool, args: &Args) -> u8 {
    u8::from(claims_only && !all.iter().all(|r| r.passes(args.strict)))
}

/// One file read, with its own rate tables (relative to it) unless
/// `--rates` names others.
fn open(path: &Path, g: &Global) -> Result<(Document, Arc<RateTable>)> {
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
    Ok((doc, table))
}
