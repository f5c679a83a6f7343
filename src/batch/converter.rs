//! Converting the records of a block, row by row.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::CodeCache;
use super::fields::{buffer, excerpt, fast_date, overflow, push_field};
use super::layout::{APPENDED, Layout, row_error};
use super::records::{Block, field_span, split_fields, split_plain, trim_line_break};
use super::{OnError, Options, Summary};
use crate::amount::{Amount, Unit};
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::money::{Money, push_decimal};
use crate::numbers::plain_number;
use crate::rates::{Average, Basis, DayRates, Digits, RateTable, push_date, push_day};

/// A converted block: its output, what it converted, and the error that
/// stopped it.
pub(super) struct Done {
    pub(super) index: usize,
    pub(super) output: Vec<u8>,
    pub(super) summary: Summary,
    pub(super) error: Option<Error>,
}

/// Converts blocks of records; one per worker.
pub(super) struct Converter<'a> {
    pub(super) table: &'a RateTable,
    pub(super) options: &'a Options,
    pub(super) layout: Layout,
    pub(super) name: &'a str,
    pub(super) cache: CodeCache,
    /// Each currency's rates by day, shared by the workers.
    pub(super) days: &'a DayRates<&'a RateTable>,
    /// Averaged rates by pair and period, for an averaged basis.
    pub(super) averages:
        std::collections::HashMap<(Currency, Currency, NaiveDate), Option<Average>>,
    /// What the current block converted, and which rows used weak rates.
    pub(super) flags: Summary,
    pub(super) scratch: Vec<u8>,
    pub(super) ranges: Vec<std::ops::Range<usize>>,
    /// The block being converted has a quote somewhere.
    quotes: bool,
}

impl<'a> Converter<'a> {
    pub(super) fn new(
        table: &'a RateTable,
        options: &'a Options,
        layout: Layout,
        name: &'a str,
        days: &'a DayRates<&'a RateTable>,
    ) -> Self {
        Converter {
            table,
            options,
            layout,
            name,
            cache: CodeCache::default(),
            days,
            averages: std::collections::HashMap::new(),
            flags: Summary::default(),
            scratch: Vec::new(),
            ranges: Vec::new(),
            quotes: true,
        }
    }

    /// Converts the records of a block, in one pass over its bytes.
    pub(super) fn block(&mut self, block: &Block) -> Done {
        self.flags = Summary::default();
        // Room for what a row usually grows to (a 30-byte row is written
        // back with some 60 more), so the output is not moved as it grows.
        let mut output = match buffer(block.bytes.len() * 3) {
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
        self.quotes = quoted;
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
    pub(super) fn record(&mut self, text: &[u8], line: u64, out: &mut Vec<u8>) -> Result<()> {
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
    pub(super) fn marked_fields(&mut self, text: &[u8], out: &mut Vec<u8>) -> bool {
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

    /// Converts one row and writes it with the appended fields.
    pub(super) fn row(&mut self, text: &[u8], line: u64, out: &mut Vec<u8>) -> Result<()> {
        // The buffers are lent to the row's fields while it converts.
        let mut scratch = std::mem::take(&mut self.scratch);
        let mut ranges = std::mem::take(&mut self.ranges);
        let row = Row {
            name: self.name,
            line,
            text,
            separator: self.layout.separator,
        };
        let quoted = if self.quotes {
            split_fields(text, self.layout.separator, &mut scratch, &mut ranges)
        } else {
            split_plain(text, self.layout.separator, &mut ranges);
            false
        };
        let base: &[u8] = if quoted { &scratch } else { text };
        let fields = Fields {
            base,
            ranges: &ranges,
        };
        let done = self.convert_row(&row, &fields, out);
        self.scratch = scratch;
        self.ranges = ranges;
        done
    }

    fn convert_row(&mut self, row: &Row<'_>, fields: &Fields<'_>, out: &mut Vec<u8>) -> Result<()> {
        let layout = self.layout;
        let count = fields.ranges.len();
        if count != layout.count {
            let sep = char::from(layout.separator);
            let hint = (count > layout.count)
                .then(|| format!("a field holding `{sep}` is quoted: \"1{sep}5\""));
            return Err(row.fail(
                Some(layout.count.min(count)),
                format!("{count} fields where the header has {}", layout.count),
                hint,
            ));
        }
        // Fields stay bytes on the common path (a date, a plain number,
        // codes); text is decoded only where the full grammar is needed.
        let field = |i: usize| fields.get(i);
        let on = row.date(field(layout.date), layout.date)?;
        let from_b = field(layout.from);
        let from = if from_b.is_empty() {
            None
        } else {
            Some(
                self.cache
                    .currency(self.table, from_b)
                    .map_err(|m| row.fail(Some(layout.from), m.0, m.1))?,
            )
        };
        let to = match layout.to {
            Some(i) => self.target(row, Some((i, field(i))))?,
            None => self.target(row, None)?,
        };
        let (value, currency) = self.amount(row, field(layout.amount), from_b, from)?;
        let converted = self.rate(row, Money::new(value, currency), to, on)?;
        let shown = match converted.result {
            RowResult::Rounded(r) => r,
            RowResult::Exact(exact) => {
                let result = crate::rates::to_minor_unit(exact, to)
                    .map_err(|e| row.fail(Some(layout.amount), e.to_string(), None))?;
                Money::new(result, to).rounded(self.options.rounding)
            }
        };
        if converted.stale {
            self.flags.stale += 1;
            self.flags.first_stale_line = self.flags.first_stale_line.or(Some(row.line));
        }
        if converted.latest_available {
            self.flags.latest_available += 1;
            self.flags.first_latest_line = self.flags.first_latest_line.or(Some(row.line));
        }
        let sep = layout.separator;
        out.extend_from_slice(row.text);
        out.push(sep);
        push_decimal(out, shown);
        out.push(sep);
        converted.rate.push(out);
        out.push(sep);
        match converted.rate_date {
            RateDate::Date(d) => push_date(out, d),
            RateDate::Day(day) => push_day(out, day),
        }
        for flag in [converted.stale, converted.latest_available] {
            out.push(sep);
            out.extend_from_slice(if flag { b"true" } else { b"false" });
        }
        out.push(b'\n');
        Ok(())
    }

    /// The currency a row goes into: its `to` cell, or `--to` for a blank
    /// cell or a file without the column. A cell that names another
    /// currency than `--to` is refused, never overridden.
    fn target(&mut self, row: &Row<'_>, cell: Option<(usize, &[u8])>) -> Result<Currency> {
        match (cell, self.options.to) {
            (Some((_, b"")), Some(c)) | (None, Some(c)) => Ok(c),
            (Some((i, code)), given) => {
                let own = self
                    .cache
                    .currency(self.table, code)
                    .map_err(|m| row.fail(Some(i), m.0, m.1))?;
                match given.filter(|c| *c != own) {
                    Some(c) => Err(row.fail(
                        Some(i),
                        format!("the row's `to` is {own}, but --to says {c}"),
                        Some("leave the cell blank to take --to, or drop --to".into()),
                    )),
                    None => Ok(own),
                }
            }
            (None, None) => Err(row.fail(None, "no currency to convert into".into(), None)),
        }
    }

    /// The amount and its currency: a plain number in the `from` currency
    /// (read straight from its digits), or any amount the grammar reads,
    /// whose currency must agree with `from`.
    fn amount(
        &mut self,
        row: &Row<'_>,
        amount: &[u8],
        from_b: &[u8],
        from: Option<Currency>,
    ) -> Result<(Decimal, Currency)> {
        let at = Some(self.layout.amount);
        let no_currency = |text: &str| {
            row.fail(
                at,
                format!("`{text}` has no currency and `from` is empty"),
                None,
            )
        };
        if let Some(v) = plain_number(amount) {
            return Ok((
                v,
                from.ok_or_else(|| no_currency(&String::from_utf8_lossy(amount)))?,
            ));
        }
        let text = row.text_of(amount)?;
        let a = Amount::parse_with(&text, &self.options.reading)
            .map_err(|e| row.fail(at, format!("`{text}`: {e}"), e.hint_in_batch()))?;
        if let Some(q) = &a.qualifier {
            return Err(row.fail(
                at,
                format!(
                    "`{text}`: `{}` makes it a printed figure, not a value",
                    text.get(q.clone()).unwrap_or_default()
                ),
                Some("drop the qualifier".into()),
            ));
        }
        match (a.unit, from) {
            (Unit::Currency(code, _), from) => {
                let c = self
                    .cache
                    .currency(self.table, code.as_str().as_bytes())
                    .map_err(|m| row.fail(at, m.0, m.1))?;
                if from.is_some_and(|f| f != c) {
                    return Err(row.fail(
                        Some(self.layout.from),
                        format!(
                            "`{text}` is in {c}, but `from` says {}",
                            String::from_utf8_lossy(from_b)
                        ),
                        None,
                    ));
                }
                Ok((a.value, c))
            }
            (Unit::Number, Some(f)) => Ok((a.value, f)),
            (Unit::Number, None) => Err(no_currency(&text)),
            (Unit::Percent, _) => {
                Err(row.fail(at, format!("`{text}` is a percentage, not an amount"), None))
            }
        }
    }

    /// Converts `money` into `to` on the basis asked for: the day's rate,
    /// or a period's mean (one per pair and period, computed once).
    fn rate(
        &mut self,
        row: &Row<'_>,
        money: Money,
        to: Currency,
        on: NaiveDate,
    ) -> Result<Converted> {
        let (date, amount) = (Some(self.layout.date), Some(self.layout.amount));
        let table = self.table;
        let basis = self.options.basis;
        if basis != Basis::Daily {
            let period = basis.period(on).0;
            let key = (money.currency, to, period);
            let average = match self.averages.get(&key) {
                Some(a) => *a,
                None => {
                    let a = table
                        .average(money.currency, to, on, basis)
                        .map_err(|e| row.fail(date, e.to_string(), e.hint()))?;
                    self.averages.insert(key, a);
                    a
                }
            };
            // No market rate moves (a fixed rate): the day's rate, below.
            if let Some(a) = average {
                return Ok(Converted {
                    result: RowResult::Exact(
                        money
                            .amount
                            .checked_mul(a.rate)
                            .ok_or_else(|| row.fail(amount, overflow(), None))?,
                    ),
                    rate: digits(a.rate, row, amount)?,
                    rate_date: RateDate::Date(a.last),
                    stale: a.stale,
                    latest_available: a.latest_available,
                });
            }
            let c = table
                .convert(money, to, on)
                .map_err(|e| row.fail(date, e.to_string(), e.hint()))?;
            return Ok(Converted {
                result: RowResult::Exact(c.to.amount),
                rate: digits(c.rate, row, amount)?,
                rate_date: RateDate::Date(c.rate_date),
                stale: c.stale,
                latest_available: c.latest_available,
            });
        }
        // The common case in integers, from each currency's rates laid out
        // by day; whatever that cannot tell goes the decimal way below.
        let fast = self.days.cross(money.currency, to, on).and_then(|c| {
            Some(Converted {
                result: RowResult::Rounded(c.apply_rounded(
                    money.amount,
                    to,
                    self.options.rounding,
                )?),
                rate: c.rate_digits()?,
                rate_date: RateDate::Day(c.day),
                stale: c.stale,
                latest_available: c.latest_available,
            })
        });
        if let Some(converted) = fast {
            return Ok(converted);
        }
        let cross = table
            .cross(money.currency, to, on)
            .map_err(|e| row.fail(date, e.to_string(), e.hint()))?;
        let legs = [cross.from, cross.to];
        Ok(Converted {
            result: RowResult::Rounded(
                cross
                    .apply_rounded(money.amount, to, self.options.rounding)
                    .map_err(|e| row.fail(amount, e.to_string(), None))?,
            ),
            rate: digits(
                cross
                    .rate()
                    .map_err(|e| row.fail(amount, e.to_string(), None))?,
                row,
                amount,
            )?,
            rate_date: RateDate::Date(cross.rate_date(on)),
            stale: legs.iter().flatten().any(|q| q.freshness.stale),
            latest_available: legs.iter().flatten().any(|q| q.freshness.latest_available),
        })
    }
}

/// A row's fields: ranges into its text, or into the unquoted copy.
struct Fields<'f> {
    base: &'f [u8],
    ranges: &'f [std::ops::Range<usize>],
}

impl Fields<'_> {
    /// Field `i`, trimmed; empty past the last.
    fn get(&self, i: usize) -> &[u8] {
        self.ranges
            .get(i)
            .and_then(|r| self.base.get(r.clone()))
            .unwrap_or_default()
            .trim_ascii()
    }
}

/// A row's result: exact, to be checked and rounded, or already rounded
/// to the minor unit (the day's rate, [`crate::rates::Cross::apply_rounded`]).
enum RowResult {
    Exact(Decimal),
    Rounded(Decimal),
}

/// A row being converted: what its errors point into.
struct Row<'t> {
    name: &'t str,
    line: u64,
    text: &'t [u8],
    separator: u8,
}

impl Row<'_> {
    /// An error at field `field` of the row (or the whole row).
    fn fail(&self, field: Option<usize>, message: String, hint: Option<String>) -> Error {
        row_error(
            self.name,
            self.line,
            self.text,
            field.map(|i| field_span(self.text, self.separator, i)),
            message,
            hint,
        )
    }

    /// A field as text, for the full grammar.
    fn text_of(&self, b: &[u8]) -> Result<String> {
        std::str::from_utf8(b)
            .map(|t| t.trim().to_owned())
            .map_err(|_| self.fail(None, "not UTF-8 text".into(), None))
    }

    /// The row's date: `YYYY-MM-DD` read straight from its digits, or any
    /// form the rate tables read.
    fn date(&self, b: &[u8], at: usize) -> Result<NaiveDate> {
        if let Some(d) = fast_date(b) {
            return Ok(d);
        }
        let t = self.text_of(b)?;
        crate::rates::parse_date(&t).ok_or_else(|| {
            self.fail(
                Some(at),
                format!("`{t}` is not a date"),
                Some("write dates as YYYY-MM-DD".into()),
            )
        })
    }
}

/// A rate's digits as the row writes them; a rate that is not positive
/// (none is) is the row's error, never written.
fn digits(rate: Decimal, row: &Row<'_>, at: Option<usize>) -> Result<Digits> {
    Digits::of(rate).ok_or_else(|| row.fail(at, format!("a rate of {rate}"), None))
}

/// A row's conversion: the result, the rate, the day it is from (for an
/// average, the last day averaged), and its weaknesses.
struct Converted {
    result: RowResult,
    rate: Digits,
    rate_date: RateDate,
    stale: bool,
    latest_available: bool,
}

/// A rate's date, or its day as a day series counts it.
enum RateDate {
    Date(NaiveDate),
    Day(i32),
}
