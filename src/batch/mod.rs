//! Batch conversion: CSV rows `date,amount,from,to` (with a header) in,
//! the same rows with `result,rate,rate_date` appended out, streamed so
//! memory stays flat whatever the size.
//!
//! `amount` takes the same grammar as everywhere (`$100M`, `1 000,50`);
//! `from` may be empty when the amount names its currency; `to` may be
//! left out of the file and given for every row ([`Options::to`]). Fields
//! are separated by `,`, `;` or a tab, whichever the header uses (European
//! spreadsheets write `;`); the appended fields use the same separator.
//! Other columns pass through untouched: each output row is the input
//! record as it was written (quotes included), then the new fields.
//!
//! A bad row stops the batch with an error naming its line and pointing at
//! its field; the rows before it are written. With [`OnError::Skip`] it is
//! left out, with [`OnError::Mark`] it is written with empty results and
//! its message in an `error` column; the [`Summary`] counts them.
//!
//! Records are read in blocks of a few thousand and converted on every
//! core, then written in their input order. A quote that is never closed
//! is found in one pass and reported at the line that opens it (a record
//! may not run past 1 MiB).

use std::io::{BufReader, Read, Write};

use crate::amount::Reading;
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::money::Rounding;
use crate::rates::{Basis, RateTable};
pub use code_cache::CodeCache;
use converter::Converter;
use layout::{APPENDED, read_layout, row_error};
use records::{BLOCK_BYTES, ReadError, Records, trim_line_break};

mod code_cache;
mod converter;
mod fields;
mod layout;
mod records;
#[cfg(test)]
mod tests;
mod workers;

/// What to do with a row that cannot be converted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnError {
    /// Stop with the row's error (the default).
    #[default]
    Fail,
    /// Leave the row out and go on.
    Skip,
    /// Write the row with empty results and its message in an `error`
    /// column.
    Mark,
}

impl OnError {
    /// The names the command line takes.
    pub const NAMES: &'static [&'static str] = &["fail", "skip", "mark"];
}

impl std::str::FromStr for OnError {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s {
            "fail" => Ok(OnError::Fail),
            "skip" => Ok(OnError::Skip),
            "mark" => Ok(OnError::Mark),
            _ => Err(format!(
                "unknown `{s}`; choose from: {}",
                OnError::NAMES.join(", ")
            )),
        }
    }
}

/// How rows are read and written.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Rounding of results to the minor unit.
    pub rounding: Rounding,
    /// How amounts are read (`--numbers`).
    pub reading: Reading,
    /// The currency of every row, for a file without a `to` column.
    pub to: Option<Currency>,
    /// What a bad row does.
    pub on_error: OnError,
    /// The day's rate, or the mean over each row's month or year (one
    /// mean per pair of currencies and period, computed once).
    pub basis: Basis,
}

/// What a batch did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Rows converted.
    pub rows: u64,
    /// Rows converted at a stale rate (allowed by `--max-stale`).
    pub stale: u64,
    /// Rows dated after the rate table's last date.
    pub latest_available: u64,
    /// The first line of a row at a stale rate.
    pub first_stale_line: Option<u64>,
    /// The first line of a row dated after the table's last date.
    pub first_latest_line: Option<u64>,
    /// Rows skipped or marked as errors.
    pub failed: u64,
    /// The first of their errors.
    pub first_error: Option<Error>,
}

impl Summary {
    fn merge(&mut self, other: Summary) {
        self.rows += other.rows;
        self.stale += other.stale;
        self.latest_available += other.latest_available;
        self.failed += other.failed;
        self.first_stale_line = self.first_stale_line.or(other.first_stale_line);
        self.first_latest_line = self.first_latest_line.or(other.first_latest_line);
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Converts every row of `input` into `output`. `name` names the input in
/// errors.
pub fn convert<R: Read, W: Write>(
    table: &RateTable,
    options: &Options,
    input: R,
    mut output: W,
    name: &str,
) -> Result<Summary> {
    let mut records = Records::new(BufReader::with_capacity(1 << 16, input));
    let layout = header(&mut records, &mut output, options, name)?;
    let first = records
        .block(0, BLOCK_BYTES)
        .map_err(|e| read_error(name, e))?;
    let days = crate::rates::DayRates::new(table);
    let converter = || Converter::new(table, options, layout, name, &days);
    let summary = if records.at_end() {
        // The whole input in one block: no thread is started.
        let done = converter().block(&first);
        workers::write_done(&mut output, done)?
    } else {
        workers::run(&mut records, first, converter, &mut output, name)?
    };
    output.flush().map_err(|e| write_error(&e))?;
    Ok(summary)
}

/// Reads the header, checks it, and writes it with the appended columns.
fn header<R: Read, W: Write>(
    records: &mut Records<R>,
    output: &mut W,
    options: &Options,
    name: &str,
) -> Result<layout::Layout> {
    let mut header = Vec::new();
    if records
        .next_into(&mut header)
        .map_err(|e| read_error(name, e))?
        == 0
    {
        return Err(Error::invalid(format!("`{name}` is empty")).with(
            None,
            Some("the first row names the columns: date,amount,from,to".into()),
        ));
    }
    let header_text = trim_line_break(&header);
    let header_text = header_text
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(header_text);
    let layout = read_layout(header_text, options, name)?;
    let mut line = trim_line_break(&header).to_vec();
    for column in APPENDED
        .iter()
        .chain((options.on_error == OnError::Mark).then_some(&"error"))
    {
        line.push(layout.separator);
        line.extend_from_slice(column.as_bytes());
    }
    line.push(b'\n');
    output.write_all(&line).map_err(|e| write_error(&e))?;
    Ok(layout)
}

/// The error for records that cannot be read.
fn read_error(name: &str, e: ReadError) -> Error {
    match e {
        ReadError::Io(e) => Error::invalid(format!("cannot read `{name}`: {e}")),
        ReadError::Memory(e) => e,
        ReadError::Unclosed(line, text) => row_error(
            name,
            line,
            &text,
            None,
            "a quote opened in this row is never closed".to_owned(),
            Some("close the quoted field with `\"`; a quote inside one is written `\"\"`".into()),
        ),
    }
}

/// The error for output that cannot be written.
fn write_error(e: &std::io::Error) -> Error {
    Error::invalid(format!("cannot write the converted rows: {e}"))
}
