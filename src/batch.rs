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

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::mpsc;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::amount::{Amount, Code, Reading, Unit};
use crate::currency::Currency;
use crate::error::{Error, Input, Result};
use crate::money::{Money, Rounding, push_decimal};
use crate::rates::{Average, Basis, RateTable};

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

/// Where the columns are, and how fields are separated.
#[derive(Clone, Copy)]
struct Layout {
    date: usize,
    amount: usize,
    from: usize,
    /// `None`: every row goes into [`Options::to`].
    to: Option<usize>,
    count: usize,
    separator: u8,
}

/// Bytes per block handed to a worker (a few thousand rows).
const BLOCK_BYTES: usize = 1 << 17;

/// The longest record read: a quoted field running past it is a missing
/// closing quote, reported at once rather than read to the end of the file.
const MAX_RECORD: usize = 1 << 20;

/// A block of whole records and the line number of its first one.
struct Block {
    index: usize,
    first_line: u64,
    bytes: Vec<u8>,
}

/// A converted block: its output, what it converted, and the error that
/// stopped it.
struct Done {
    index: usize,
    output: Vec<u8>,
    summary: Summary,
    error: Option<Error>,
}

/// Why records could not be read.
enum ReadError {
    /// The reader failed.
    Io(std::io::Error),
    /// A quote opened on this line (whose text follows) is never closed,
    /// or runs past [`MAX_RECORD`].
    Unclosed(u64, Vec<u8>),
}

/// Reads whole CSV records: a line break inside quotes continues the record.
struct Records<R> {
    reader: BufReader<R>,
    line: u64,
    /// Bytes read past the end of the last block: the start of a record.
    carry: Vec<u8>,
    /// The reader has no more bytes.
    eof: bool,
}

/// Scans `bytes` from `from` in quote state `open`: the offset after the
/// last line break outside quotes (or `end` when there is none past
/// `from`), and the quote state at the end. Each byte is looked at once.
fn last_record_end(
    bytes: &[u8],
    from: usize,
    mut open: bool,
    mut end: Option<usize>,
) -> (Option<usize>, bool) {
    for i in memchr::memchr2_iter(b'"', b'\n', bytes.get(from..).unwrap_or_default()) {
        let at = from + i;
        if bytes.get(at) == Some(&b'"') {
            open = !open;
        } else if !open {
            end = Some(at + 1);
        }
    }
    (end, open)
}

impl<R: Read> Records<R> {
    /// Reads whole records, about `size` bytes of them, into `out`; returns
    /// the number of lines read, 0 at the end. A block ends at a line break
    /// outside quotes; what follows waits for the next block.
    fn next_block(&mut self, out: &mut Vec<u8>, size: usize) -> Result<u64, ReadError> {
        out.clear();
        out.append(&mut self.carry);
        let mut chunk = [0_u8; 1 << 16];
        let mut eof = self.eof;
        let (mut scanned, mut open, mut cut) = (0, false, None);
        let mut target = size;
        loop {
            while out.len() < target && !eof {
                let n = self.reader.read(&mut chunk).map_err(ReadError::Io)?;
                eof = n == 0;
                out.try_reserve(n)
                    .map_err(|_| ReadError::Io(std::io::ErrorKind::OutOfMemory.into()))?;
                out.extend_from_slice(chunk.get(..n).unwrap_or_default());
            }
            (cut, open) = last_record_end(out, scanned, open, cut);
            scanned = out.len();
            if eof {
                if open {
                    return Err(self.unclosed(out, cut.unwrap_or(0)));
                }
                break;
            }
            if let Some(c) = cut {
                self.carry
                    .extend_from_slice(out.get(c..).unwrap_or_default());
                out.truncate(c);
                break;
            }
            // One record longer than the block: read on, up to a limit.
            if out.len() >= MAX_RECORD {
                return Err(self.unclosed(out, 0));
            }
            target = out.len() + size;
        }
        self.eof = eof;
        let mut lines = u64::try_from(memchr::memchr_iter(b'\n', out).count()).unwrap_or(0);
        if !out.is_empty() && !out.ends_with(b"\n") {
            lines += 1;
        }
        self.line += lines;
        Ok(lines)
    }

    /// The error for a record that starts at `from` in `out` and never
    /// closes its quote: its first line, and that line's text.
    fn unclosed(&self, out: &[u8], from: usize) -> ReadError {
        let before = out.get(..from).unwrap_or_default();
        let lines = u64::try_from(memchr::memchr_iter(b'\n', before).count()).unwrap_or(0);
        let rest = out.get(from..).unwrap_or_default();
        let text = rest
            .split(|b| *b == b'\n')
            .next()
            .unwrap_or_default()
            .iter()
            .take(200)
            .copied()
            .collect();
        ReadError::Unclosed(self.line + 1 + lines, text)
    }

    /// Appends the next record (with its line breaks) to `out`; returns the
    /// number of lines it took, 0 at the end.
    fn next_into(&mut self, out: &mut Vec<u8>) -> Result<u64, ReadError> {
        let first = self.line + 1;
        let mut lines = 0;
        let mut open = false;
        loop {
            let start = out.len();
            let n = (&mut self.reader)
                .take(u64::try_from(MAX_RECORD).unwrap_or(u64::MAX))
                .read_until(b'\n', out)
                .map_err(ReadError::Io)?;
            if n == 0 && !open {
                return Ok(lines);
            }
            if n > 0 {
                lines += 1;
                self.line += 1;
            }
            let quotes = out
                .get(start..)
                .map_or(0, |l| memchr::memchr_iter(b'"', l).count());
            open ^= quotes % 2 == 1;
            if !open {
                return Ok(lines);
            }
            if n == 0 || out.len() >= MAX_RECORD {
                let line = out.split(|b| *b == b'\n').next().unwrap_or_default();
                return Err(ReadError::Unclosed(
                    first,
                    line.iter().take(200).copied().collect(),
                ));
            }
        }
    }
}

/// Splits one record (no trailing line break) into fields: byte ranges
/// into the record itself, or, when it has quotes (RFC 4180: `"a ""b"", c"`
/// is `a "b", c`), into `scratch`, which then holds the unquoted fields.
/// Returns whether the ranges index `scratch`.
fn split_fields(
    record: &[u8],
    separator: u8,
    scratch: &mut Vec<u8>,
    ranges: &mut Vec<std::ops::Range<usize>>,
) -> bool {
    ranges.clear();
    if !record.contains(&b'"') {
        let mut start = 0;
        for i in memchr::memchr_iter(separator, record) {
            ranges.push(start..i);
            start = i + 1;
        }
        ranges.push(start..record.len());
        return false;
    }
    scratch.clear();
    let mut start = 0;
    let mut quoted = false;
    let mut i = 0;
    while let Some(&b) = record.get(i) {
        match (b, quoted) {
            (b'"', false) => quoted = true,
            (b'"', true) if record.get(i + 1) == Some(&b'"') => {
                scratch.push(b'"');
                i += 1;
            }
            (b'"', true) => quoted = false,
            (b, false) if b == separator => {
                ranges.push(start..scratch.len());
                start = scratch.len();
            }
            (other, _) => scratch.push(other),
        }
        i += 1;
    }
    ranges.push(start..scratch.len());
    true
}

/// Where field `index` is written in a record, quotes included: what an
/// error about that field points at. Past the last field: the record's end.
fn field_span(record: &[u8], separator: u8, index: usize) -> std::ops::Range<usize> {
    let mut field = 0;
    let mut start = 0;
    let mut quoted = false;
    for (i, b) in record.iter().enumerate() {
        match *b {
            b'"' => quoted = !quoted,
            b if b == separator && !quoted => {
                if field == index {
                    return start..i;
                }
                field += 1;
                start = i + 1;
            }
            _ => {}
        }
    }
    if field == index {
        start..record.len()
    } else {
        record.len()..record.len()
    }
}

fn trim_line_break(record: &[u8]) -> &[u8] {
    let r = record.strip_suffix(b"\n").unwrap_or(record);
    r.strip_suffix(b"\r").unwrap_or(r)
}

/// An error pointing at a field (or, with none, the whole) of a line of
/// the input.
fn row_error(
    name: &str,
    line: u64,
    text: &[u8],
    span: Option<std::ops::Range<usize>>,
    message: String,
    hint: Option<String>,
) -> Error {
    let text = trim_line_break(text);
    let span = span.map_or(0..text.len(), |s| {
        s.start.min(text.len())..s.end.min(text.len())
    });
    // Byte offsets into the lossy text: the same as into the bytes when they
    // are UTF-8, which every row that reaches a field error is.
    let text = String::from_utf8_lossy(text).into_owned();
    let input = Input::lines_of(name, text, line);
    Error::invalid(format!("line {line}: {message}"))
        .with(Some(span), hint)
        .at(&input, 0)
}

/// The columns the conversion appends: the result, the rate and its date
/// (for an average, the last day averaged), and whether the rate is stale
/// or the latest available (`true` or `false`, on every row, so that no
/// weak rate goes unsaid in a spreadsheet).
const APPENDED: &[&str] = &["result", "rate", "rate_date", "stale", "latest_available"];

/// Reads the header: which separator it uses, where the columns are, and
/// that it names each once and none of the appended ones.
fn layout(header: &[u8], options: &Options, name: &str) -> Result<Layout> {
    let names_with = |sep: u8| -> Vec<String> {
        let (mut scratch, mut ranges) = (Vec::new(), Vec::new());
        let quoted = split_fields(header, sep, &mut scratch, &mut ranges);
        let base: &[u8] = if quoted { &scratch } else { header };
        ranges
            .iter()
            .map(|r| {
                String::from_utf8_lossy(base.get(r.clone()).unwrap_or_default())
                    .trim()
                    .to_ascii_lowercase()
            })
            .collect()
    };
    let needed = |names: &[String]| {
        ["date", "amount", "from"]
            .iter()
            .all(|n| names.iter().any(|f| f == n))
    };
    let (separator, names) = [b',', b';', b'\t']
        .into_iter()
        .map(|sep| (sep, names_with(sep)))
        .find(|(_, names)| needed(names))
        .unwrap_or_else(|| (b',', names_with(b',')));
    let fail = |span: Option<std::ops::Range<usize>>, message: String, hint: &str| {
        row_error(name, 1, header, span, message, Some(hint.to_owned()))
    };
    for (i, n) in names.iter().enumerate() {
        let span = Some(field_span(header, separator, i));
        if names.get(..i).is_some_and(|before| before.contains(n)) && !n.is_empty() {
            return Err(fail(
                span,
                format!("the header names `{n}` twice"),
                "name each column once",
            ));
        }
        let appended =
            APPENDED.contains(&n.as_str()) || (options.on_error == OnError::Mark && n == "error");
        if appended {
            return Err(fail(
                span,
                format!("the header already has `{n}`, a column the conversion appends"),
                "rename or drop that column",
            ));
        }
    }
    let col = |n: &str| names.iter().position(|f| f == n);
    let (Some(date), Some(amount), Some(from)) = (col("date"), col("amount"), col("from")) else {
        let missing: Vec<&str> = ["date", "amount", "from"]
            .into_iter()
            .filter(|n| col(n).is_none())
            .collect();
        return Err(fail(
            None,
            format!(
                "the header `{}` lacks {}",
                String::from_utf8_lossy(header),
                missing.join(", ")
            ),
            "start the file with `date,amount,from,to` (or `;` or tabs between them)",
        ));
    };
    let to = match (col("to"), options.to) {
        (Some(i), _) => Some(i),
        (None, Some(_)) => None,
        (None, None) => {
            return Err(fail(
                None,
                "the header has no `to` column".to_owned(),
                "add a `to` column, or give every row's currency with --to",
            ));
        }
    };
    Ok(Layout {
        date,
        amount,
        from,
        to,
        count: names.len(),
        separator,
    })
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
    let io = |e: &dyn std::fmt::Display| Error::invalid(format!("cannot read `{name}`: {e}"));
    let write =
        |e: &std::io::Error| Error::invalid(format!("cannot write the converted rows: {e}"));
    let read_error = |e: ReadError| match e {
        ReadError::Io(e) => io(&e),
        ReadError::Unclosed(line, text) => row_error(
            name,
            line,
            &text,
            None,
            "a quote opened in this row is never closed".to_owned(),
            Some("close the quoted field with `\"`; a quote inside one is written `\"\"`".into()),
        ),
    };
    let mut records = Records {
        reader: BufReader::with_capacity(1 << 16, input),
        line: 0,
        carry: Vec::new(),
        eof: false,
    };
    let mut header = Vec::new();
    if records.next_into(&mut header).map_err(read_error)? == 0 {
        return Err(Error::invalid(format!("`{name}` is empty")).with(
            None,
            Some("the first row names the columns: date,amount,from,to".into()),
        ));
    }
    let header_text = trim_line_break(&header);
    let header_text = header_text
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(header_text);
    let layout = layout(header_text, options, name)?;
    output
        .write_all(trim_line_break(&header))
        .map_err(|e| write(&e))?;
    let mut appended = Vec::new();
    for column in APPENDED
        .iter()
        .chain((options.on_error == OnError::Mark).then_some(&"error"))
    {
        appended.push(layout.separator);
        appended.extend_from_slice(column.as_bytes());
    }
    appended.push(b'\n');
    output.write_all(&appended).map_err(|e| write(&e))?;

    // The first block; when it is the whole input, no thread is started.
    let first_line = records.line + 1;
    let mut bytes = buffer(BLOCK_BYTES + (1 << 16))?;
    records
        .next_block(&mut bytes, BLOCK_BYTES)
        .map_err(read_error)?;
    let first = Block {
        index: 0,
        first_line,
        bytes,
    };
    let converter = || Converter::new(table, options, layout, name);
    if records.eof && records.carry.is_empty() {
        let done = converter().block(&first);
        output.write_all(&done.output).map_err(|e| write(&e))?;
        if let Some(e) = done.error {
            return Err(e);
        }
        output.flush().map_err(|e| write(&e))?;
        return Ok(done.summary);
    }

    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 8);
    let mut summary = Summary::default();
    let mut first = Some(first);
    let outcome = std::thread::scope(|scope| -> Result<bool> {
        let (job_tx, job_rx) = mpsc::sync_channel::<Block>(workers * 2);
        let job_rx = std::sync::Arc::new(std::sync::Mutex::new(job_rx));
        let (done_tx, done_rx) = mpsc::channel::<Done>();
        let mut started = 0;
        for _ in 0..workers {
            let jobs = std::sync::Arc::clone(&job_rx);
            let done = done_tx.clone();
            let worker = move || {
                let mut converter = converter();
                loop {
                    let next = jobs.lock().map(|rx| rx.recv());
                    let Ok(Ok(block)) = next else { break };
                    if done.send(converter.block(&block)).is_err() {
                        break;
                    }
                }
            };
            // A thread that cannot start (a process or memory limit) leaves
            // the work to the others, or to this thread.
            if std::thread::Builder::new()
                .spawn_scoped(scope, worker)
                .is_ok()
            {
                started += 1;
            }
        }
        drop(done_tx);
        if started == 0 {
            return Ok(false);
        }

        // Read blocks, hand them out, write what comes back in order.
        let mut pending: std::collections::BTreeMap<usize, Done> =
            std::collections::BTreeMap::new();
        let mut next_to_write = 0;
        let mut sent = 0;
        let mut write_ready = |pending: &mut std::collections::BTreeMap<usize, Done>,
                               next: &mut usize|
         -> Result<()> {
            while let Some(done) = pending.remove(next) {
                output.write_all(&done.output).map_err(|e| write(&e))?;
                summary.merge(done.summary);
                if let Some(e) = done.error {
                    return Err(e);
                }
                *next += 1;
            }
            Ok(())
        };
        let mut eof = false;
        let mut failed: Option<Error> = None;
        while !eof && failed.is_none() {
            let block = match first.take() {
                Some(b) => b,
                None => {
                    let first_line = records.line + 1;
                    let mut bytes = match buffer(BLOCK_BYTES + (1 << 16)) {
                        Ok(b) => b,
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    };
                    match records.next_block(&mut bytes, BLOCK_BYTES) {
                        Ok(0) => eof = true,
                        Ok(_) => {}
                        Err(e) => failed = Some(read_error(e)),
                    }
                    Block {
                        index: sent,
                        first_line,
                        bytes,
                    }
                }
            };
            if !block.bytes.is_empty() && failed.is_none() {
                if job_tx.send(block).is_err() {
                    break;
                }
                sent += 1;
            }
            // Keep at most a few blocks in flight: memory stays flat.
            while sent - next_to_write > workers * 2 {
                let Ok(done) = done_rx.recv() else { break };
                pending.insert(done.index, done);
                if let Err(e) = write_ready(&mut pending, &mut next_to_write) {
                    failed = Some(e);
                    break;
                }
            }
        }
        drop(job_tx);
        // What was read before a failure is written first.
        while next_to_write < sent {
            let Ok(done) = done_rx.recv() else { break };
            pending.insert(done.index, done);
            if let Err(e) = write_ready(&mut pending, &mut next_to_write) {
                failed = failed.or(Some(e));
                break;
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(true),
        }
    });
    if !outcome? {
        // No thread could start: every block on this one.
        let mut converter = converter();
        let mut next = first.take();
        loop {
            let block = match next.take() {
                Some(b) => b,
                None => {
                    let first_line = records.line + 1;
                    let mut bytes = Vec::new();
                    if records
                        .next_block(&mut bytes, BLOCK_BYTES)
                        .map_err(read_error)?
                        == 0
                    {
                        break;
                    }
                    Block {
                        index: 0,
                        first_line,
                        bytes,
                    }
                }
            };
            let done = converter.block(&block);
            output.write_all(&done.output).map_err(|e| write(&e))?;
            summary.merge(done.summary);
            if let Some(e) = done.error {
                return Err(e);
            }
        }
    }
    output.flush().map_err(|e| write(&e))?;
    Ok(summary)
}

/// Converts blocks of records; one per worker.
struct Converter<'a> {
    table: &'a RateTable,
    options: &'a Options,
    layout: Layout,
    name: &'a str,
    cache: Cache,
    /// Averaged rates by pair and period, for an averaged basis.
    averages: std::collections::HashMap<(Currency, Currency, NaiveDate), Option<Average>>,
    /// What the current block converted, and which rows used weak rates.
    flags: Summary,
    scratch: Vec<u8>,
    ranges: Vec<std::ops::Range<usize>>,
}

impl<'a> Converter<'a> {
    fn new(table: &'a RateTable, options: &'a Options, layout: Layout, name: &'a str) -> Self {
        Converter {
            table,
            options,
            layout,
            name,
            cache: Cache::default(),
            averages: std::collections::HashMap::new(),
            flags: Summary::default(),
            scratch: Vec::new(),
            ranges: Vec::new(),
        }
    }

    /// Converts the records of a block, in one pass over its bytes.
    fn block(&mut self, block: &Block) -> Done {
        self.flags = Summary::default();
        let mut output = match buffer(block.bytes.len() * 2) {
            Ok(b) => b,
            Err(e) => {
                return Done {
                    index: block.index,
                    output: Vec::new(),
                    summary: Summary::default(),
                    error: Some(e),
                };
            }
        };
        let bytes: &[u8] = &block.bytes;
        let mut line = block.first_line;
        let mut start = 0;
        let mut lines = 1;
        let mut open = false;
        let quoted = memchr::memchr(b'"', bytes).is_some();
        let mut ends = memchr::memchr2_iter(b'\n', if quoted { b'"' } else { b'\n' }, bytes);
        loop {
            let end = match ends.next() {
                Some(i) if bytes.get(i) == Some(&b'"') => {
                    open = !open;
                    continue;
                }
                Some(_) if open => {
                    lines += 1;
                    continue;
                }
                Some(i) => i + 1,
                None if start < bytes.len() => bytes.len(),
                None => break,
            };
            let record = bytes.get(start..end).unwrap_or_default();
            let text = trim_line_break(record);
            if !text.iter().all(u8::is_ascii_whitespace)
                && let Err(e) = self.record(text, line, &mut output)
            {
                return Done {
                    index: block.index,
                    output,
                    summary: std::mem::take(&mut self.flags),
                    error: Some(e),
                };
            }
            line += lines;
            lines = 1;
            start = end;
        }
        Done {
            index: block.index,
            output,
            summary: std::mem::take(&mut self.flags),
            error: None,
        }
    }

    /// One record: converted, or per [`OnError`] failed, left out or
    /// marked.
    fn record(&mut self, text: &[u8], line: u64, out: &mut Vec<u8>) -> Result<()> {
        let mark = out.len();
        match self.row(text, line, out) {
            Ok(()) => {
                self.flags.rows += 1;
                if self.options.on_error == OnError::Mark {
                    out.pop();
                    out.push(self.layout.separator);
                    out.push(b'\n');
                }
                Ok(())
            }
            Err(e) if self.options.on_error == OnError::Fail => Err(e),
            Err(e) => {
                out.truncate(mark);
                if self.options.on_error == OnError::Mark {
                    let placed = self.marked_fields(text, out);
                    for _ in APPENDED {
                        out.push(self.layout.separator);
                    }
                    out.push(self.layout.separator);
                    let message = if placed {
                        e.message()
                    } else {
                        format!("{}: `{}`", e.message(), excerpt(text))
                    };
                    push_field(out, &message, self.layout.separator);
                    out.push(b'\n');
                }
                self.flags.failed += 1;
                if self.flags.first_error.is_none() {
                    self.flags.first_error = Some(e);
                }
                Ok(())
            }
        }
    }

    /// A marked row's own fields, under the header's columns: as written
    /// when it has the header's count, empty otherwise (its fields could
    /// not be placed; the message then quotes the row). Whether they were
    /// placed.
    fn marked_fields(&mut self, text: &[u8], out: &mut Vec<u8>) -> bool {
        let sep = self.layout.separator;
        split_fields(text, sep, &mut self.scratch, &mut self.ranges);
        if self.ranges.len() == self.layout.count {
            out.extend_from_slice(text);
            return true;
        }
        out.extend(std::iter::repeat_n(
            sep,
            self.layout.count.saturating_sub(1),
        ));
        false
    }

    fn row(&mut self, text: &[u8], line: u64, out: &mut Vec<u8>) -> Result<()> {
        let name = self.name;
        let layout = self.layout;
        let sep = layout.separator;
        let fail = |field: Option<usize>, message: String, hint: Option<String>| {
            row_error(
                name,
                line,
                text,
                field.map(|i| field_span(text, sep, i)),
                message,
                hint,
            )
        };
        let quoted = split_fields(text, sep, &mut self.scratch, &mut self.ranges);
        let fields = self.ranges.len();
        if fields != layout.count {
            let hint = (fields > layout.count).then(|| {
                format!(
                    "a field holding `{}` is quoted: \"1{}5\"",
                    char::from(sep),
                    char::from(sep)
                )
            });
            return Err(fail(
                Some(layout.count.min(fields)),
                format!("{fields} fields where the header has {}", layout.count),
                hint,
            ));
        }
        let base: &[u8] = if quoted { &self.scratch } else { text };
        let ranges = &self.ranges;
        // Fields stay bytes on the common path (a date, a plain number,
        // codes); text is decoded only where the full grammar is needed.
        let field = |i: usize| -> &[u8] {
            ranges
                .get(i)
                .and_then(|r| base.get(r.clone()))
                .unwrap_or_default()
                .trim_ascii()
        };
        let as_text = |b: &[u8]| -> Result<String> {
            std::str::from_utf8(b)
                .map(|t| t.trim().to_owned())
                .map_err(|_| fail(None, "not UTF-8 text".into(), None))
        };
        let (date_b, amount_b, from_b) =
            (field(layout.date), field(layout.amount), field(layout.from));
        let on = match fast_date(date_b) {
            Some(d) => d,
            None => {
                let t = as_text(date_b)?;
                crate::rates::parse_date(&t).ok_or_else(|| {
                    fail(
                        Some(layout.date),
                        format!("`{t}` is not a date"),
                        Some("write dates as YYYY-MM-DD".into()),
                    )
                })?
            }
        };
        let table = self.table;
        let cache = &mut self.cache;
        let from_code = if from_b.is_empty() {
            None
        } else {
            Some(
                cache
                    .currency(table, from_b)
                    .map_err(|m| fail(Some(layout.from), m.0, m.1))?,
            )
        };
        let to_cur = match (layout.to, self.options.to) {
            // A blank `to` cell takes --to; a cell that names another
            // currency than --to is refused, never overridden.
            (Some(i), Some(c)) if field(i).is_empty() => c,
            (Some(i), given) => {
                let own = cache
                    .currency(table, field(i))
                    .map_err(|m| fail(Some(i), m.0, m.1))?;
                if let Some(c) = given.filter(|c| *c != own) {
                    return Err(fail(
                        Some(i),
                        format!("the row's `to` is {own}, but --to says {c}"),
                        Some("leave the cell blank to take --to, or drop --to".into()),
                    ));
                }
                own
            }
            (None, Some(c)) => c,
            (None, None) => return Err(fail(None, "no currency to convert into".into(), None)),
        };
        let (value, currency) = match plain_number(amount_b) {
            Some(v) => (
                v,
                from_code.ok_or_else(|| {
                    fail(
                        Some(layout.amount),
                        format!(
                            "`{}` has no currency and `from` is empty",
                            String::from_utf8_lossy(amount_b)
                        ),
                        None,
                    )
                })?,
            ),
            None => {
                let amount_text = as_text(amount_b)?;
                let from_text = String::from_utf8_lossy(from_b);
                let a = Amount::parse_with(&amount_text, &self.options.reading).map_err(|e| {
                    fail(
                        Some(layout.amount),
                        format!("`{amount_text}`: {e}"),
                        e.hint_in_batch(),
                    )
                })?;
                if let Some(q) = &a.qualifier {
                    return Err(fail(
                        Some(layout.amount),
                        format!(
                            "`{amount_text}`: `{}` makes it a printed figure, not a value",
                            amount_text.get(q.clone()).unwrap_or_default()
                        ),
                        Some("drop the qualifier".into()),
                    ));
                }
                match (a.unit, from_code) {
                    (Unit::Currency(code, _), from) => {
                        let c = cache
                            .currency(table, code.as_str().as_bytes())
                            .map_err(|m| fail(Some(layout.amount), m.0, m.1))?;
                        if from.is_some_and(|f| f != c) {
                            return Err(fail(
                                Some(layout.from),
                                format!("`{amount_text}` is in {c}, but `from` says {from_text}"),
                                None,
                            ));
                        }
                        (a.value, c)
                    }
                    (Unit::Number, Some(f)) => (a.value, f),
                    (Unit::Number, None) => {
                        return Err(fail(
                            Some(layout.amount),
                            format!("`{amount_text}` has no currency and `from` is empty"),
                            None,
                        ));
                    }
                    (Unit::Percent, _) => {
                        return Err(fail(
                            Some(layout.amount),
                            format!("`{amount_text}` is a percentage, not an amount"),
                            None,
                        ));
                    }
                }
            }
        };
        let (result, rate, rate_date, stale, latest) = match self.options.basis {
            Basis::Daily => {
                let cross = table
                    .cross(currency, to_cur, on)
                    .map_err(|e| fail(Some(layout.date), e.to_string(), e.hint()))?;
                let result = cross
                    .apply(value)
                    .map_err(|e| fail(Some(layout.amount), e.to_string(), None))?;
                let legs = [cross.from, cross.to];
                let rate = cross
                    .rate()
                    .map_err(|e| fail(Some(layout.amount), e.to_string(), None))?;
                (
                    result,
                    rate,
                    cross.rate_date(on),
                    legs.iter().flatten().any(|q| q.freshness.stale),
                    legs.iter().flatten().any(|q| q.freshness.latest_available),
                )
            }
            basis => {
                let period = basis.period(on).0;
                let average = match self.averages.get(&(currency, to_cur, period)) {
                    Some(a) => *a,
                    None => {
                        let a = table
                            .average(currency, to_cur, on, basis)
                            .map_err(|e| fail(Some(layout.date), e.to_string(), e.hint()))?;
                        self.averages.insert((currency, to_cur, period), a);
                        a
                    }
                };
                match average {
                    Some(a) => (
                        value
                            .checked_mul(a.rate)
                            .ok_or_else(|| fail(Some(layout.amount), overflow(), None))?,
                        a.rate,
                        a.last,
                        a.stale,
                        a.latest_available,
                    ),
                    // No market rate moves: the day's (fixed) rate.
                    None => {
                        let c = table
                            .convert(Money::new(value, currency), to_cur, on)
                            .map_err(|e| fail(Some(layout.date), e.to_string(), e.hint()))?;
                        (
                            c.to.amount,
                            c.rate,
                            c.rate_date,
                            c.stale,
                            c.latest_available,
                        )
                    }
                }
            }
        };
        let result = crate::rates::to_minor_unit(result, to_cur)
            .map_err(|e| fail(Some(layout.amount), e.to_string(), None))?;
        if stale {
            self.flags.stale += 1;
            self.flags.first_stale_line = self.flags.first_stale_line.or(Some(line));
        }
        if latest {
            self.flags.latest_available += 1;
            self.flags.first_latest_line = self.flags.first_latest_line.or(Some(line));
        }
        out.extend_from_slice(text);
        out.push(sep);
        push_decimal(
            out,
            Money::new(result, to_cur).rounded(self.options.rounding),
        );
        out.push(sep);
        push_decimal(out, rate.normalize());
        out.push(sep);
        push_date(out, rate_date);
        out.push(sep);
        out.extend_from_slice(if stale { b"true" } else { b"false" });
        out.push(sep);
        out.extend_from_slice(if latest { b"true" } else { b"false" });
        out.push(b'\n');
        Ok(())
    }
}

/// A buffer of `capacity` bytes, or an error when memory runs out (under a
/// memory limit the batch reports it rather than aborting).
fn buffer(capacity: usize) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    out.try_reserve_exact(capacity).map_err(|_| {
        Error::invalid(format!(
            "out of memory: cannot hold a block of {} KiB of rows",
            capacity >> 10
        ))
        .with(None, Some("raise the memory limit (ulimit -v)".into()))
    })?;
    Ok(out)
}

/// The start of a row for a message: at most 80 characters of it.
fn excerpt(text: &[u8]) -> String {
    let t = String::from_utf8_lossy(text);
    let mut out: String = t.chars().take(80).collect();
    if t.chars().count() > 80 {
        out.push_str("...");
    }
    out
}

fn overflow() -> String {
    crate::rates::RateError::Overflow.to_string()
}

/// Writes a field, quoted when it holds the separator, a quote or a line
/// break (RFC 4180).
fn push_field(out: &mut Vec<u8>, text: &str, separator: u8) {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .any(|b| *b == separator || *b == b'"' || *b == b'\n' || *b == b'\r')
    {
        out.push(b'"');
        for b in bytes {
            if *b == b'"' {
                out.push(b'"');
            }
            out.push(*b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(bytes);
    }
}

/// Writes `2025-07-08`.
fn push_date(out: &mut Vec<u8>, d: NaiveDate) {
    use chrono::Datelike;
    let mut buf = itoa::Buffer::new();
    let year = buf.format(d.year());
    out.extend(std::iter::repeat_n(
        b'0',
        4_usize.saturating_sub(year.len()),
    ));
    out.extend_from_slice(year.as_bytes());
    for part in [d.month(), d.day()] {
        out.push(b'-');
        if part < 10 {
            out.push(b'0');
        }
        out.extend_from_slice(buf.format(part).as_bytes());
    }
}

/// Currencies by the text of their code, resolved once: a direct-mapped
/// table indexed by the code's three letters (a batch names a few dozen).
struct Cache {
    slots: Vec<Option<(Code, Currency)>>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            slots: vec![None; 32 * 32 * 32],
        }
    }
}

impl Cache {
    fn currency(
        &mut self,
        table: &RateTable,
        bytes: &[u8],
    ) -> std::result::Result<Currency, (String, Option<String>)> {
        // The slot comes from the three letters, case folded (`usd`, `USD`),
        // and a hit needs no decoding at all.
        let fold = |b: &[u8]| b.iter().fold(0_usize, |i, x| i * 32 + usize::from(*x & 31));
        if bytes.len() == 3
            && let Some(Some((k, c))) = self.slots.get(fold(bytes))
            && k.as_str().as_bytes().eq_ignore_ascii_case(bytes)
        {
            return Ok(*c);
        }
        let text = String::from_utf8_lossy(bytes);
        let code = std::str::from_utf8(bytes)
            .ok()
            .and_then(Code::new)
            .ok_or_else(|| (format!("`{text}` is not a currency code"), None))?;
        let slot = fold(code.as_str().as_bytes());
        let c = table.resolve(code).map_err(|u| {
            (
                format!("unknown currency `{text}`"),
                u.suggestion.map(|s| format!("did you mean `{s}`?")),
            )
        })?;
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Some((code, c));
        }
        Ok(c)
    }
}

/// `2025-07-08` without going through a general parser.
fn fast_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0_u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

/// A plain decimal such as `1234.5` (digits and at most one point, no
/// separators, scale, sign or currency), read straight from its digits.
/// `1.000` (one to three digits, a point, three digits) is left to the
/// full grammar, which refuses it unless the convention is known.
fn plain_number(b: &[u8]) -> Option<Decimal> {
    // `5.` and `.5` are left to the full grammar, which reads them as the
    // command line does (`.5`) or refuses them (`5.`).
    if b.is_empty() || b.len() > 28 || b.ends_with(b".") || b.starts_with(b".") {
        return None;
    }
    if let Some(point) = b.iter().position(|c| *c == b'.')
        && b.len() - point == 4
        && (1..=3).contains(&point)
        && b.first() != Some(&b'0')
    {
        return None;
    }
    let mut mantissa: i128 = 0;
    let mut scale: Option<u32> = None;
    let mut digits = 0;
    for &c in b {
        match c {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i128::from(c - b'0');
                digits += 1;
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale.unwrap_or(0)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Converts `csv` with the small table: the summary or error, and the output.
    fn run(csv: &str) -> (Result<Summary>, String) {
        let mut out = Vec::new();
        let result = convert(
            &table(),
            &Options::default(),
            csv.as_bytes(),
            &mut out,
            "t.csv",
        );
        (result, String::from_utf8(out).unwrap())
    }

    fn table() -> RateTable {
        RateTable::from_toml("base = \"EUR\"\n[rates.2025-07-08]\nUSD = 1.1718\nJPY = 171.7\n")
            .unwrap()
    }

    #[test]
    fn rows_get_result_rate_and_date() {
        let csv = "date,amount,from,to,note\n2025-07-08,100,USD,EUR,a\n2025-07-09,$1M,,JPY,b\n";
        let (result, text) = run(csv);
        let s = result.unwrap();
        assert_eq!(s.rows, 2);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "date,amount,from,to,note,result,rate,rate_date,stale,latest_available"
        );
        // 1 / 1.1718 = 0.853387950162143710530807305 (Python decimal).
        assert_eq!(
            lines[1],
            "2025-07-08,100,USD,EUR,a,85.34,0.853387950162143710530807305,2025-07-08,false,false"
        );
        // 1e6 * 171.7 / 1.1718 = 146526711.04 (Python decimal), whole yen.
        assert!(
            lines[2].starts_with("2025-07-09,$1M,,JPY,b,146526711,"),
            "{}",
            lines[2]
        );
    }

    #[test]
    fn quoted_fields_pass_through_as_written() {
        let csv = "date,amount,from,to,note\r\n2025-07-08,\"1,000.50\",USD,EUR,\"a, \"\"quoted\"\"\nnote\"\r\n";
        let (result, text) = run(csv);
        result.unwrap();
        // 1000.50 / 1.1718 = 853.81
        assert_eq!(
            text,
            "date,amount,from,to,note,result,rate,rate_date,stale,latest_available\n2025-07-08,\"1,000.50\",USD,EUR,\"a, \"\"quoted\"\"\nnote\",853.81,0.853387950162143710530807305,2025-07-08,false,false\n"
        );
    }

    #[test]
    fn many_blocks_stay_in_order() {
        let mut csv = String::from("date,amount,from,to\n");
        for i in 0..(BLOCK_BYTES / 4 + 17) {
            csv.push_str(&format!("2025-07-08,{i},EUR,USD\n"));
        }
        let (result, text) = run(&csv);
        let s = result.unwrap();
        assert_eq!(s.rows, u64::try_from(BLOCK_BYTES / 4 + 17).unwrap());
        for (i, line) in text.lines().skip(1).enumerate() {
            assert!(
                line.starts_with(&format!("2025-07-08,{i},EUR,USD,")),
                "{line}"
            );
        }
    }

    #[test]
    fn fast_formatting_matches_display() {
        use std::str::FromStr;
        for s in [
            "85.34",
            "-0.05",
            "107",
            "0.000123",
            "-12.5",
            "0",
            "79228162514264337593543950335",
            "0.8533879501621437105308073050",
        ] {
            let d = Decimal::from_str(s).unwrap();
            let mut out = Vec::new();
            push_decimal(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), d.to_string(), "{s}");
        }
        let mut out = Vec::new();
        push_date(&mut out, NaiveDate::from_ymd_opt(2025, 7, 8).unwrap());
        assert_eq!(out, b"2025-07-08");
    }

    #[test]
    fn a_bad_row_names_its_line_and_rows_before_it_are_written() {
        let mut csv = String::from("date,amount,from,to\n");
        let before = BLOCK_BYTES / 20;
        for _ in 0..before {
            csv.push_str("2025-07-08,100,USD,EUR\n");
        }
        csv.push_str("2025-07-08,100,USX,EUR\n2025-07-08,100,USD,EUR\n");
        let (result, text) = run(&csv);
        let e = result.unwrap_err();
        let line = before + 2;
        assert_eq!(e.message(), format!("line {line}: unknown currency `USX`"));
        // The error points at the field: `USX` starts in column 16.
        assert_eq!(e.location(), Some(("t.csv".to_owned(), line, 16)));
        assert_eq!(e.hint().as_deref(), Some("did you mean `USD`?"));
        assert_eq!(text.lines().count(), before + 1);
    }
}
