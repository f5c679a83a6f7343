//! Batch conversion: CSV rows `date,amount,from,to` (with a header) in,
//! the same rows with `result,rate,rate_date` appended out, streamed row by
//! row so memory stays flat whatever the size.
//!
//! `amount` takes the same grammar as everywhere (`$100M`, `1 000,50`);
//! `from` may be empty when the amount names its currency. Other columns
//! pass through. A bad row stops the batch with an error naming its line
//! and text.

use std::io::{Read, Write};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::amount::{Amount, Code, Unit};
use crate::currency::Currency;
use crate::error::{Error, Input, Result};
use crate::money::{Money, Rounding};
use crate::rates::RateTable;

/// What a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Rows converted.
    pub rows: u64,
}

struct Columns {
    date: usize,
    amount: usize,
    from: usize,
    to: usize,
}

fn find(header: &csv::ByteRecord, name: &str) -> Option<usize> {
    header
        .iter()
        .position(|f| std::str::from_utf8(f).is_ok_and(|s| s.trim().eq_ignore_ascii_case(name)))
}

/// Converts every row of `input` into `output`. `name` names the input in
/// errors.
pub fn convert<R: Read, W: Write>(
    table: &RateTable,
    rounding: Rounding,
    input: R,
    output: W,
    name: &str,
) -> Result<Summary> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let mut writer = csv::WriterBuilder::new().from_writer(output);
    let mut record = csv::ByteRecord::new();
    let io = |e: &dyn std::fmt::Display| Error::invalid(format!("cannot convert `{name}`: {e}"));
    let row_error = |line: u64, text: &str, message: String, hint: Option<String>| -> Error {
        // Pad with line breaks so the diagnostic shows the file's own line number.
        let padding = "\n".repeat(usize::try_from(line.saturating_sub(1)).unwrap_or(0));
        let input = Input::new(name, format!("{padding}{text}"));
        Error::invalid(format!("line {line}: {message}"))
            .with(Some(padding.len()..padding.len() + text.len()), hint)
            .at(&input, 0)
    };
    if !reader.read_byte_record(&mut record).map_err(|e| io(&e))? {
        return Err(Error::invalid(format!("`{name}` is empty")).with(
            None,
            Some("the first row names the columns: date,amount,from,to".into()),
        ));
    }
    let header = record.clone();
    let col = |n: &str| find(&header, n);
    let (Some(date), Some(amount), Some(from), Some(to)) =
        (col("date"), col("amount"), col("from"), col("to"))
    else {
        let shown = header
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect::<Vec<_>>()
            .join(",");
        return Err(row_error(
            1,
            &shown,
            format!("the header `{shown}` lacks one of date, amount, from, to"),
            Some("start the file with `date,amount,from,to`".into()),
        ));
    };
    let cols = Columns {
        date,
        amount,
        from,
        to,
    };
    let mut out_header = header.clone();
    for extra in ["result", "rate", "rate_date"] {
        out_header.push_field(extra.as_bytes());
    }
    writer.write_byte_record(&out_header).map_err(|e| io(&e))?;

    let mut cache = Cache::default();
    let mut summary = Summary::default();
    let mut out = csv::ByteRecord::new();
    let mut number = String::new();
    let mut scratch: Vec<u8> = Vec::with_capacity(64);
    while reader.read_byte_record(&mut record).map_err(|e| io(&e))? {
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() == 1 && record.get(0).is_some_and(<[u8]>::is_empty) {
            continue;
        }
        let text = || {
            record
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect::<Vec<_>>()
                .join(",")
        };
        let field = |i: usize| -> Result<&str> {
            let raw = record.get(i).ok_or_else(|| {
                row_error(
                    line,
                    &text(),
                    format!(
                        "{} fields where the header has {}",
                        record.len(),
                        header.len()
                    ),
                    None,
                )
            })?;
            std::str::from_utf8(raw)
                .map(str::trim)
                .map_err(|_| row_error(line, &text(), "not UTF-8 text".into(), None))
        };
        let (date_text, amount_text, from_text, to_text) = (
            field(cols.date)?,
            field(cols.amount)?,
            field(cols.from)?,
            field(cols.to)?,
        );
        let on = fast_date(date_text)
            .or_else(|| crate::rates::parse_date(date_text))
            .ok_or_else(|| {
                row_error(
                    line,
                    &text(),
                    format!("`{date_text}` is not a date"),
                    Some("write dates as YYYY-MM-DD".into()),
                )
            })?;
        let from_code = if from_text.is_empty() {
            None
        } else {
            Some(
                cache
                    .currency(table, from_text)
                    .map_err(|m| row_error(line, &text(), m.0, m.1))?,
            )
        };
        let to_cur = cache
            .currency(table, to_text)
            .map_err(|m| row_error(line, &text(), m.0, m.1))?;
        let (value, currency) = match plain_number(amount_text, &mut number) {
            Some(v) => (
                v,
                from_code.ok_or_else(|| {
                    row_error(
                        line,
                        &text(),
                        format!("`{amount_text}` has no currency and `from` is empty"),
                        None,
                    )
                })?,
            ),
            None => {
                let a = Amount::parse(amount_text).map_err(|e| {
                    row_error(line, &text(), format!("`{amount_text}`: {e}"), e.hint())
                })?;
                match (a.unit, from_code) {
                    (Unit::Currency(code, _), from) => {
                        let c = cache
                            .currency(table, code.as_str())
                            .map_err(|m| row_error(line, &text(), m.0, m.1))?;
                        if from.is_some_and(|f| f != c) {
                            return Err(row_error(
                                line,
                                &text(),
                                format!("`{amount_text}` is in {c}, but `from` says {from_text}"),
                                None,
                            ));
                        }
                        (a.value, c)
                    }
                    (Unit::Number, Some(f)) => (a.value, f),
                    (Unit::Number, None) => {
                        return Err(row_error(
                            line,
                            &text(),
                            format!("`{amount_text}` has no currency and `from` is empty"),
                            None,
                        ));
                    }
                    (Unit::Percent, _) => {
                        return Err(row_error(
                            line,
                            &text(),
                            format!("`{amount_text}` is a percentage, not an amount"),
                            None,
                        ));
                    }
                }
            }
        };
        let cross = table
            .cross(currency, to_cur, on)
            .map_err(|e| row_error(line, &text(), e.to_string(), e.hint()))?;
        let result = cross
            .apply(value)
            .map_err(|e| row_error(line, &text(), e.to_string(), None))?;
        let rate = cross
            .rate()
            .map_err(|e| row_error(line, &text(), e.to_string(), None))?;
        out.clear();
        for f in &record {
            out.push_field(f);
        }
        scratch.clear();
        push_decimal(&mut scratch, Money::new(result, to_cur).rounded(rounding));
        out.push_field(&scratch);
        scratch.clear();
        push_decimal(&mut scratch, rate.normalize());
        out.push_field(&scratch);
        scratch.clear();
        push_date(&mut scratch, cross.rate_date(on));
        out.push_field(&scratch);
        writer.write_byte_record(&out).map_err(|e| io(&e))?;
        summary.rows += 1;
    }
    writer.flush().map_err(|e| io(&e))?;
    Ok(summary)
}

/// Writes a decimal as its `Display` does (`85.34`, `-0.05`, `107`), without
/// going through `fmt`: the batch's hot path.
fn push_decimal(out: &mut Vec<u8>, d: Decimal) {
    let mantissa = d.mantissa();
    if mantissa < 0 {
        out.push(b'-');
    }
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(mantissa.unsigned_abs()).as_bytes();
    let scale = usize::try_from(d.scale()).unwrap_or(0);
    if scale == 0 {
        out.extend_from_slice(digits);
    } else if digits.len() > scale {
        let (int, frac) = digits.split_at(digits.len() - scale);
        out.extend_from_slice(int);
        out.push(b'.');
        out.extend_from_slice(frac);
    } else {
        out.extend_from_slice(b"0.");
        out.extend(std::iter::repeat_n(b'0', scale - digits.len()));
        out.extend_from_slice(digits);
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

/// Currencies by code, resolved once (a batch names a few dozen at most,
/// so a short list beats hashing).
#[derive(Default)]
struct Cache {
    currencies: Vec<(Code, Currency)>,
}

impl Cache {
    fn currency(
        &mut self,
        table: &RateTable,
        text: &str,
    ) -> std::result::Result<Currency, (String, Option<String>)> {
        let code =
            Code::new(text).ok_or_else(|| (format!("`{text}` is not a currency code"), None))?;
        if let Some((_, c)) = self.currencies.iter().find(|(k, _)| *k == code) {
            return Ok(*c);
        }
        let c = table.resolve(code).map_err(|u| {
            (
                format!("unknown currency `{text}`"),
                u.suggestion.map(|s| format!("did you mean `{s}`?")),
            )
        })?;
        self.currencies.push((code, c));
        Ok(c)
    }
}

/// `2025-07-08` without going through a general parser.
fn fast_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
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

/// A plain decimal such as `1234.5` (no separators, scale or currency).
fn plain_number(s: &str, buf: &mut String) -> Option<Decimal> {
    if s.is_empty()
        || s.len() > 28
        || !s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        || s.bytes().filter(|c| *c == b'.').count() > 1
    {
        return None;
    }
    buf.clear();
    buf.push_str(s);
    Decimal::from_str_exact(buf).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_get_result_rate_and_date() {
        let table =
            RateTable::from_toml("base = \"EUR\"\n[rates.2025-07-08]\nUSD = 1.1718\nJPY = 171.7\n")
                .unwrap();
        let csv = "date,amount,from,to,note\n2025-07-08,100,USD,EUR,a\n2025-07-09,$1M,,JPY,b\n";
        let mut out = Vec::new();
        let s = convert(&table, Rounding::HalfUp, csv.as_bytes(), &mut out, "t.csv").unwrap();
        assert_eq!(s.rows, 2);
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "date,amount,from,to,note,result,rate,rate_date");
        assert_eq!(
            lines[1],
            "2025-07-08,100,USD,EUR,a,85.34,0.853387950162143710530807305,2025-07-08"
        );
        // 1e6 * 171.7 / 1.1718 = 146526711.04 (Python decimal), whole yen.
        assert!(
            lines[2].starts_with("2025-07-09,$1M,,JPY,b,146526711,"),
            "{}",
            lines[2]
        );
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
    fn a_bad_row_names_its_line() {
        let table =
            RateTable::from_toml("base = \"EUR\"\n[rates.2025-07-08]\nUSD = 1.1718\n").unwrap();
        let csv = "date,amount,from,to\n2025-07-08,100,USD,EUR\n2025-07-08,100,USX,EUR\n";
        let e = convert(
            &table,
            Rounding::HalfUp,
            csv.as_bytes(),
            Vec::new(),
            "t.csv",
        )
        .unwrap_err();
        assert_eq!(e.message(), "line 3: unknown currency `USX`");
        assert_eq!(e.location(), Some(("t.csv".to_owned(), 3, 1)));
        assert_eq!(e.hint().as_deref(), Some("did you mean `USD`?"));
    }
}
