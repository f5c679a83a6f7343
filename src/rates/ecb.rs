//! The ECB's `eurofxref-hist.csv` turned into a rate table in TOML.
//!
//! The CSV, as the ECB publishes it: a header `Date,USD,JPY,...,ZAR,` (the
//! trailing comma leaves an empty last column), newest date first, `N/A`
//! where a currency has no rate. The TOML written is the same on every run
//! for the same CSV: dates oldest first, currencies in alphabetical order,
//! each rate the CSV's own text, so `1.1718` stays `"1.1718"`.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use rust_decimal::Decimal;

use crate::amount::Code;
use crate::currency::Currency;

/// The source line written into the table.
pub const SOURCE: &str = "European Central Bank euro foreign exchange reference rates";

/// Names of the ECB's codes that ISO 4217 no longer lists.
const LEGACY: &[(&str, &str)] = &[
    ("CYP", "Cypriot pound"),
    ("EEK", "Estonian kroon"),
    ("LTL", "Lithuanian litas"),
    ("LVL", "Latvian lats"),
    ("MTL", "Maltese lira"),
    ("ROL", "Romanian leu (1952-2005)"),
    ("SIT", "Slovenian tolar"),
    ("SKK", "Slovak koruna"),
    ("TRL", "Turkish lira (1922-2005)"),
];

/// A line of the CSV that is not what the ECB publishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (field number).
    pub field: usize,
    /// Byte range into the CSV text.
    pub span: std::ops::Range<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// Turns the ECB CSV into TOML rate-table text.
/// The CSV inside the ECB's `eurofxref-hist.zip`, as published: the one
/// `.csv` file it holds, as text. Bytes that are not a zip are an error.
pub fn csv_from_zip(bytes: &[u8]) -> Result<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not a zip archive: {e}"))?;
    let name = archive
        .file_names()
        .find(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .map(str::to_owned)
        .ok_or_else(|| "the zip holds no .csv file".to_owned())?;
    let mut file = archive
        .by_name(&name)
        .map_err(|e| format!("cannot read `{name}` in the zip: {e}"))?;
    // The ECB's history is about 7 MB unpacked; refuse anything larger
    // than a table may be, without unpacking more of it.
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_CSV + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot unpack `{name}`: {e}"))?;
    if bytes.len() as u64 > MAX_CSV {
        return Err(format!(
            "`{name}` in the zip unpacks to more than {} MiB",
            MAX_CSV >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "`{name}` in the zip is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The largest history CSV read: the ECB's is about 7 MB; its table must
/// stay under the 64 MiB any table file may be.
pub const MAX_CSV: u64 = 64 << 20;

/// The longest line of a CSV read: the ECB's are about 300 characters.
/// A longer one is refused at once, quoted only in part.
pub const MAX_LINE: usize = 1 << 16;

/// Text from a file as a message quotes it: at most 40 characters.
pub fn excerpt(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push_str("...");
    }
    out
}

/// Whether bytes are a zip archive (they start with `PK\x03\x04`).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Why a fetched history may not replace the one in use: it must reach at
/// least as far back and as far forward, with at least as many dates.
pub fn check_newer(new: &super::RateTable, old: &super::RateTable) -> Result<(), String> {
    if new.base() != old.base() {
        return Err(format!("its base is {}, not {}", new.base(), old.base()));
    }
    if new.first_date() > old.first_date() {
        return Err(format!(
            "it starts on {}, after {}: dates would be lost",
            new.first_date(),
            old.first_date()
        ));
    }
    if new.last_date() < old.last_date() {
        return Err(format!(
            "it ends on {}, before {}: it is older than the table in use",
            new.last_date(),
            old.last_date()
        ));
    }
    if new.date_count() < old.date_count() {
        return Err(format!(
            "it has {} dates, fewer than the {} of the table in use",
            new.date_count(),
            old.date_count()
        ));
    }
    for (currency, first, last, _) in old.ranges() {
        let kept = new
            .ranges()
            .into_iter()
            .find(|r| r.0 == currency)
            .is_some_and(|(_, f, l, _)| f <= first && l >= last);
        if !kept {
            return Err(format!(
                "its {currency} rates do not cover {first} to {last}"
            ));
        }
    }
    Ok(())
}

/// Why a fetched history may not replace the table in use, or the past
/// rates it revises (for the caller to refuse or, when told to, accept):
/// it must pass [`check_newer`], and date nothing after the publisher's
/// next business day after `today` (a row dated 9999-12-31 would make
/// every later date "before the table's end" and every genuine update
/// look older).
pub fn check_update(
    new: &super::RateTable,
    old: &super::RateTable,
    today: chrono::NaiveDate,
) -> Result<Vec<super::Revision>, String> {
    use chrono::Datelike;
    let ahead = match today.weekday() {
        chrono::Weekday::Fri => 3,
        chrono::Weekday::Sat => 2,
        _ => 1,
    };
    let latest = today + chrono::Days::new(ahead);
    if new.last_date() > latest {
        return Err(format!(
            "it has rates dated {}, after {latest}, the next business day after today",
            new.last_date()
        ));
    }
    check_newer(new, old)?;
    Ok(old.revisions(new))
}

/// The ECB's `eurofxref-hist.csv` (`Date,USD,JPY,...`, newest first,
/// `N/A` where a currency has no rate) as a rate table in EUR: each rate
/// kept exactly as printed, dates in order, legacy currencies declared.
/// A malformed file is refused at its line and field, never half read.
pub fn import(csv: &str) -> Result<String, ImportError> {
    let mut lines = csv.split_inclusive('\n').enumerate();
    let Some((_, header)) = lines.next() else {
        return Err(fault(
            0,
            1,
            0..0,
            "empty file: expected the header `Date,USD,JPY,...`".into(),
        ));
    };
    let codes = header_codes(header)?;
    let mut offset = header.len();
    let mut by_date: BTreeMap<String, Rates> = BTreeMap::new();
    for (n, line) in lines {
        let line_start = offset;
        offset += line.len();
        if let Some((date, row)) = read_row(n, line, line_start, &codes, &by_date)? {
            by_date.insert(date.to_owned(), row);
        }
    }
    if by_date.is_empty() {
        return Err(fault(
            1,
            1,
            offset..offset,
            "no rates after the header".into(),
        ));
    }
    Ok(write_table(&codes, &by_date))
}

/// A day's rates, by currency, as printed.
type Rates = Vec<(Code, String)>;

/// An import error at `line` (0-based), field `field` (1-based).
fn fault(line: usize, field: usize, span: std::ops::Range<usize>, message: String) -> ImportError {
    ImportError {
        line: line + 1,
        field,
        span,
        message,
    }
}

/// The header's currency codes, column by column after `Date` (none for
/// the empty column the ECB's trailing comma makes).
fn header_codes(header: &str) -> Result<Vec<Option<Code>>, ImportError> {
    let header_text = header
        .trim_end_matches(['\n', '\r'])
        .trim_start_matches('\u{feff}');
    let bom = header.len() - header.trim_start_matches('\u{feff}').len();
    let mut codes: Vec<Option<Code>> = Vec::new();
    let mut at = bom;
    for (i, name) in header_text.split(',').enumerate() {
        let span = at..at + name.len();
        at += name.len() + 1;
        let name = name.trim();
        if i == 0 {
            if name != "Date" {
                return Err(fault(
                    0,
                    1,
                    span,
                    format!(
                        "expected `Date` as the first column, found `{}`",
                        excerpt(name)
                    ),
                ));
            }
            continue;
        }
        if name.is_empty() {
            codes.push(None);
            continue;
        }
        let code = Code::new(name)
            .filter(|_| name.chars().all(|c| c.is_ascii_uppercase()))
            .ok_or_else(|| {
                fault(
                    0,
                    i + 1,
                    span.clone(),
                    format!("`{}` is not a currency code", excerpt(name)),
                )
            })?;
        if code.as_str() == "EUR" {
            return Err(fault(
                0,
                i + 1,
                span,
                "the header names EUR, the base: every rate is per one EUR".into(),
            ));
        }
        if codes.contains(&Some(code)) {
            return Err(fault(
                0,
                i + 1,
                span,
                format!("the header names {code} twice"),
            ));
        }
        codes.push(Some(code));
    }
    Ok(codes)
}

/// One row (line `n`, 0-based, starting at `line_start`): its date (not
/// one of the dates `seen`) and its rates, sorted by currency; none for a
/// blank line.
fn read_row<'l>(
    n: usize,
    line: &'l str,
    line_start: usize,
    codes: &[Option<Code>],
    seen: &BTreeMap<String, Rates>,
) -> Result<Option<(&'l str, Rates)>, ImportError> {
    let text = line.trim_end_matches(['\n', '\r']);
    if text.len() > MAX_LINE {
        return Err(fault(
            n,
            1,
            line_start..line_start + 40.min(text.len()),
            format!(
                "line {} is longer than {MAX_LINE} characters: `{}`",
                n + 1,
                excerpt(text)
            ),
        ));
    }
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut fields = text.split(',');
    let date = fields.next().unwrap_or_default().trim();
    if crate::rates::parse::date_text(date).is_none() {
        return Err(fault(
            n,
            1,
            line_start..line_start + date.len(),
            format!("`{}` is not a date (YYYY-MM-DD)", excerpt(date)),
        ));
    }
    if seen.contains_key(date) {
        return Err(fault(
            n,
            1,
            line_start..line_start + date.len(),
            format!("date {date} appears twice"),
        ));
    }
    let mut at = line_start + date.len() + 1;
    let mut row = Vec::new();
    let mut count = 0;
    for (i, value) in fields.enumerate() {
        count += 1;
        let span = at..at + value.len();
        at += value.len() + 1;
        let value = value.trim();
        let Some(slot) = codes.get(i) else {
            return Err(fault(
                n,
                i + 2,
                span,
                format!("more fields than the header's {}", codes.len() + 1),
            ));
        };
        let Some(code) = slot else {
            if value.is_empty() {
                continue;
            }
            return Err(fault(
                n,
                i + 2,
                span,
                format!("`{}` in a column with no currency", excerpt(value)),
            ));
        };
        if value == "N/A" || value.is_empty() {
            continue;
        }
        match Decimal::from_str_exact(value) {
            Ok(d) if d > Decimal::ZERO && !value.starts_with(['+', '-']) => {
                row.push((*code, value.to_owned()));
            }
            _ => {
                return Err(fault(
                    n,
                    i + 2,
                    span,
                    format!("`{}` is not a positive rate for {code}", excerpt(value)),
                ));
            }
        }
    }
    if count != codes.len() {
        return Err(fault(
            n,
            count + 1,
            line_start..line_start + text.len(),
            format!(
                "{} fields where the header has {}",
                count + 1,
                codes.len() + 1
            ),
        ));
    }
    row.sort();
    Ok(Some((date, row)))
}

/// The table's TOML: base, source, the currencies ISO 4217 no longer
/// lists, then the rates by date.
fn write_table(codes: &[Option<Code>], by_date: &BTreeMap<String, Rates>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Made by `dealcalc rates import-ecb` from the ECB's eurofxref-hist.csv."
    );
    let _ = writeln!(
        out,
        "# Rates are units of each currency per 1 EUR, as the ECB printed them."
    );
    let _ = writeln!(out, "base = \"EUR\"");
    let _ = writeln!(out, "source = \"{SOURCE}\"");
    let legacy: Vec<&(&str, &str)> = LEGACY
        .iter()
        .filter(|(c, _)| codes.iter().flatten().any(|k| k.as_str() == *c))
        .collect();
    let others: Vec<Code> = codes
        .iter()
        .flatten()
        .filter(|c| Currency::iso(**c).is_none() && !LEGACY.iter().any(|(l, _)| *l == c.as_str()))
        .copied()
        .collect();
    if !legacy.is_empty() || !others.is_empty() {
        let _ = writeln!(out, "\n[currencies]");
        for (code, name) in legacy {
            let _ = writeln!(out, "{code} = {{ minor_units = 2, name = \"{name}\" }}");
        }
        for code in others {
            let _ = writeln!(out, "{code} = {{ minor_units = 2, name = \"{code}\" }}");
        }
    }
    for (date, row) in by_date {
        let _ = writeln!(out, "\n[rates.{date}]");
        for (code, value) in row {
            let _ = writeln!(out, "{code} = \"{value}\"");
        }
    }
    out
}

/// A plain CSV of `date,currency,rate` rows (a header names the three, in
/// any order; other columns are ignored) as a rate table with `base` and
/// `source`: every rate is units of the currency per one `base`, read as
/// written. Rows may come in any order; a date and currency given twice is
/// an error.
pub fn import_plain(csv: &str, base: &str, source: &str) -> Result<String, ImportError> {
    let mut at = 0;
    let mut rows = csv.split_inclusive('\n').enumerate();
    let err = |line: usize, start: usize, text: &str, message: String| ImportError {
        line: line + 1,
        field: 1,
        span: start..start + text.trim_end().len(),
        message,
    };
    let Some((_, header)) = rows.next() else {
        return Err(err(0, 0, "", "the CSV is empty".into()));
    };
    let names: Vec<String> = super::official::split(header.trim().trim_start_matches('\u{feff}'))
        .into_iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let col = |n: &str| names.iter().position(|h| h == n);
    let (Some(di), Some(ci), Some(ri)) = (col("date"), col("currency"), col("rate")) else {
        return Err(err(
            0,
            0,
            header,
            "the header must name `date`, `currency` and `rate`".into(),
        ));
    };
    at += header.len();
    let mut by_date: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (n, line) in rows {
        let start = at;
        at += line.len();
        if line.trim().is_empty() {
            continue;
        }
        // As many fields as the header: `2021-02-19,USD,1,2136` (a comma
        // typed for the decimal mark) would otherwise read as USD = 1.
        let fields = super::official::split(line);
        super::official::fields_as_header(&fields, names.len(), (n + 1, start, line.trim_end()))?;
        let field = |i: usize| fields.get(i).map_or("", String::as_str);
        let (date, code, rate) = (field(di), field(ci), field(ri));
        if super::parse_date(date).is_none() {
            return Err(err(
                n,
                start,
                line,
                format!("`{date}` is not a date (YYYY-MM-DD)"),
            ));
        }
        super::official::known(code).map_err(|why| err(n, start, line, why))?;
        if code == base {
            return Err(err(
                n,
                start,
                line,
                format!("{code} is the base: its rate is 1 by definition; leave the row out"),
            ));
        }
        if !Decimal::from_str_exact(rate).is_ok_and(|r| r > Decimal::ZERO) {
            return Err(err(
                n,
                start,
                line,
                format!("rate `{rate}` is not a positive decimal"),
            ));
        }
        let day = by_date.entry(date.to_owned()).or_default();
        if day.insert(code.to_owned(), rate.to_owned()).is_some() {
            return Err(err(
                n,
                start,
                line,
                format!("{code} on {date} is given twice"),
            ));
        }
    }
    if by_date.is_empty() {
        return Err(err(0, 0, header, "no rates after the header".into()));
    }
    Ok(super::official::write(
        "Made by `dealcalc rates import` from a date,currency,rate CSV.",
        base,
        source,
        &by_date,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str =
        "Date,USD,JPY,CYP,\n2013-03-21,1.291,122.9,N/A,\n2007-12-31,1.4721,164.93,0.585274,\n";

    #[test]
    fn imports_oldest_first_with_exact_text() {
        let toml = import(CSV).unwrap();
        assert!(toml.contains("[currencies]\nCYP = { minor_units = 2, name = \"Cypriot pound\" }"));
        let a = toml.find("[rates.2007-12-31]").unwrap();
        let b = toml.find("[rates.2013-03-21]").unwrap();
        assert!(a < b);
        assert!(toml.contains("[rates.2013-03-21]\nJPY = \"122.9\"\nUSD = \"1.291\"\n"));
        let table = crate::rates::RateTable::from_toml(&toml).unwrap();
        assert_eq!(table.date_count(), 2);
    }

    /// Found by the `update` fuzz target: a header naming a currency twice
    /// imported into a table that could not be read back.
    #[test]
    fn a_currency_named_twice_is_refused() {
        let e = import("Date,RON,USD,RON,\n2026-10-30,4.97,1.17,4.98,\n").unwrap_err();
        assert_eq!(
            (e.line, e.field, e.span.clone(), e.message.as_str()),
            (1, 4, 13..16, "the header names RON twice")
        );
    }

    /// Found by the `update` fuzz target: a EUR column made a table whose
    /// base has a rate, which no table reader accepts.
    #[test]
    fn the_base_as_a_column_is_refused() {
        let e = import("Date,USD,EUR,\n2026-10-30,1.17,1,\n").unwrap_err();
        assert_eq!(
            (e.line, e.field, e.message.as_str()),
            (
                1,
                3,
                "the header names EUR, the base: every rate is per one EUR"
            )
        );
    }

    #[test]
    fn bad_rows_name_line_and_field() {
        let e = import("Date,USD,\n2013-03-21,abc,\n").unwrap_err();
        assert_eq!(
            (e.line, e.field, e.message.as_str()),
            (2, 2, "`abc` is not a positive rate for USD")
        );
        let e = import("Date,USD,\n2013-02-30,1,\n").unwrap_err();
        assert_eq!((e.line, e.field), (2, 1));
        let e = import("Date,USD,\n2013-03-21,1\n").unwrap_err();
        assert_eq!(e.message, "2 fields where the header has 3");
        assert!(import("").is_err());
    }
}
