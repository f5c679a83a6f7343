//! Other publishers' layouts, read into the same rate tables as the
//! ECB's: the Federal Reserve's H.10 data download and the Bank of
//! England's database CSV. Each says in its own way which currency a
//! column is and which way it is quoted; nothing is guessed from a
//! column's position.
//!
//! - H.10 (the Fed's Data Download Program): six header rows, then one
//!   row a day. `Unit:` says what a value is per (`Currency:_Per_EUR`),
//!   `Currency:` what it is in (`USD`), so the euro column is dollars per
//!   euro and the yen column (`Currency:_Per_USD`, `JPY`) yen per dollar.
//!   The table is in dollars: the yen as published, the euro as
//!   `"1/1.2136"`, kept exact. `ND` is a day without a rate; a column that
//!   is not a dollar exchange rate (the broad index) is left out, and
//!   said so in the table.
//! - Bank of England (its database's CSV, `DATE` and the series codes,
//!   dates as `02 Jan 2024`): the `XUDL..S` series are units of a currency
//!   per pound, so the table is in pounds. Series dealcalc does not know
//!   are named with `--series CODE=CUR`, never guessed; the `XUDL..D`
//!   series (against the dollar) are refused, as a pound table cannot
//!   hold them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::ecb::ImportError;

/// Which publisher's layout a CSV is in, from its first line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// The Federal Reserve's H.10 data download.
    FedH10,
    /// The Bank of England's database CSV.
    BankOfEngland,
    /// `date,currency,rate` rows, in any order of columns.
    Plain,
}

/// The layout of `csv`: H.10 begins `"Series Description"`, the Bank of
/// England's `DATE,XUDL...`; anything else is read as plain rows.
pub fn detect(csv: &str) -> Layout {
    let first = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default();
    let fields = split(first);
    match fields.first().map(String::as_str) {
        Some("Series Description") => Layout::FedH10,
        Some("DATE") if fields.get(1).is_some_and(|f| f.starts_with("XU")) => Layout::BankOfEngland,
        _ => Layout::Plain,
    }
}

/// The fields of one CSV line: commas outside double quotes separate,
/// quotes are removed, `""` inside them is one quote; each field trimmed.
pub fn split(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches(['\r', '\n']).chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field).trim().to_owned()),
            _ => field.push(c),
        }
    }
    out.push(field.trim().to_owned());
    out
}

/// A rate table's text: a comment saying where it comes from, `base`,
/// `source`, then one `[rates.DATE]` table a date, currencies in order.
pub fn write(
    made_by: &str,
    base: &str,
    source: &str,
    by_date: &BTreeMap<String, BTreeMap<String, String>>,
) -> String {
    // Text from the file (a series' unit, a source) may hold anything: in
    // a comment or a string, a control character would break the TOML.
    let printable = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect()
    };
    let mut out = String::new();
    for line in made_by.lines() {
        let _ = writeln!(out, "# {}", printable(line));
    }
    let _ = writeln!(out, "base = \"{base}\"");
    let _ = writeln!(
        out,
        "source = \"{}\"",
        printable(source).replace(['"', '\\'], "'")
    );
    for (date, rates) in by_date {
        let _ = writeln!(out, "\n[rates.{date}]");
        for (code, rate) in rates {
            let _ = writeln!(out, "{code} = \"{rate}\"");
        }
    }
    out
}

/// Lines of a CSV with where each starts, for errors that point at them.
fn numbered(csv: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut at = 0;
    csv.split_inclusive('\n').enumerate().map(move |(n, line)| {
        let start = at;
        at += line.len();
        (n + 1, start, line.trim_end_matches(['\r', '\n']))
    })
}

fn err(line: usize, start: usize, text: &str, message: String) -> ImportError {
    ImportError {
        line,
        field: 1,
        span: start..start + text.len(),
        message,
    }
}

/// A row with as many fields as the header: one more or fewer would put
/// a value under another column's currency (`1,2136` typed for 1.2136
/// would read as 1).
pub(super) fn fields_as_header(
    fields: &[String],
    expected: usize,
    (n, start, line): (usize, usize, &str),
) -> Result<(), ImportError> {
    if fields.len() == expected {
        return Ok(());
    }
    Err(err(
        n,
        start,
        line,
        format!("{} fields where the header has {expected}", fields.len()),
    ))
}

/// A positive decimal as written, or why it is not one.
fn positive(text: &str) -> Result<Decimal, String> {
    Decimal::from_str_exact(text)
        .ok()
        .filter(|v| *v > Decimal::ZERO)
        .ok_or_else(|| format!("`{text}` is not a positive decimal"))
}

/// A currency code: three capital letters.
fn code(text: &str) -> Option<&str> {
    (text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase())).then_some(text)
}

/// A code the table will read back: ISO 4217's, or a currency the euro
/// replaced. Otherwise why not, with the nearest known code: a typo
/// (`AEE` for `AED`) is refused at import, not written into a table.
pub fn known(text: &str) -> Result<(), String> {
    let unknown = || format!("`{text}` is not a currency code (three capital letters)");
    let code = self::code(text)
        .and_then(crate::amount::Code::new)
        .ok_or_else(unknown)?;
    crate::currency::Currencies::default()
        .resolve(code)
        .map(|_| ())
        .map_err(|u| match u.suggestion {
            Some(s) => format!("unknown currency `{text}` (did you mean `{s}`?)"),
            None => format!("unknown currency `{text}` (not in ISO 4217)"),
        })
}

const H10_SOURCE: &str =
    "Board of Governors of the Federal Reserve System, H.10 foreign exchange rates";

/// The Fed's H.10 data download as a dollar table: see the module
/// documentation.
pub fn import_h10(csv: &str) -> Result<String, ImportError> {
    let mut lines = numbered(csv.trim_start_matches('\u{feff}'));
    // The header rows, by their first cell.
    let mut header: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut series_at = (0, 0, "");
    for (n, start, line) in lines.by_ref() {
        let fields = split(line);
        let name = fields.first().cloned().unwrap_or_default();
        let rest: Vec<String> = fields.into_iter().skip(1).collect();
        let done = name == "Time Period";
        header.insert(name.trim_end_matches(':').to_owned(), rest);
        if done {
            series_at = (n, start, line);
            break;
        }
    }
    let (hn, hstart, hline) = series_at;
    let row = |name: &str| -> Result<&Vec<String>, ImportError> {
        header.get(name).ok_or_else(|| {
            err(
                hn.max(1),
                hstart,
                hline,
                format!("the H.10 header has no `{name}:` row"),
            )
        })
    };
    let (units, currencies, multipliers, series) = (
        row("Unit")?,
        row("Currency")?,
        row("Multiplier")?,
        row("Time Period")?,
    );
    // Each column: the currency and whether it is quoted per dollar.
    let mut columns: Vec<Option<(String, bool)>> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    for (i, name) in series.iter().enumerate() {
        let unit = units.get(i).map_or("", String::as_str);
        let currency = currencies.get(i).map_or("", String::as_str);
        let per = unit.strip_prefix("Currency:_Per_").and_then(code);
        let column = match (per, code(currency)) {
            // Units of a currency per dollar: as published.
            (Some("USD"), Some(c)) if c != "USD" => Some((c.to_owned(), false)),
            // Dollars per unit of a currency: the inverse.
            (Some(p), Some("USD")) if p != "USD" => Some((p.to_owned(), true)),
            _ => None,
        };
        if column.is_some() && multipliers.get(i).map(String::as_str) != Some("1") {
            return Err(err(
                hn,
                hstart,
                hline,
                format!(
                    "series `{name}` has multiplier `{}`; only 1 is read",
                    multipliers.get(i).map_or("", String::as_str)
                ),
            ));
        }
        if column.is_none() {
            skipped.push(format!("{name} ({unit})"));
        }
        columns.push(column);
    }
    if columns.iter().all(Option::is_none) {
        return Err(err(
            hn.max(1),
            hstart,
            hline,
            "no column is a dollar exchange rate (`Currency:_Per_USD` or `USD` per a currency)"
                .into(),
        ));
    }
    for (c, _) in columns.iter().flatten() {
        known(c).map_err(|why| err(hn, hstart, hline, why))?;
    }
    let mut seen: Vec<&str> = Vec::new();
    for (c, _) in columns.iter().flatten() {
        if seen.contains(&c.as_str()) {
            return Err(err(hn, hstart, hline, format!("{c} has two columns")));
        }
        seen.push(c);
    }
    let mut by_date: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (n, start, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields = split(line);
        let date = fields.first().map_or("", String::as_str);
        if super::parse_date(date).is_none() {
            return Err(err(
                n,
                start,
                line,
                format!("`{date}` is not a date (YYYY-MM-DD)"),
            ));
        }
        if by_date.contains_key(date) {
            return Err(err(n, start, line, format!("{date} is given twice")));
        }
        fields_as_header(&fields, series.len() + 1, (n, start, line))?;
        let mut day = BTreeMap::new();
        for (i, value) in fields.iter().skip(1).enumerate() {
            let Some(Some((c, inverse))) = columns.get(i) else {
                continue;
            };
            if value == "ND" || value.is_empty() {
                continue;
            }
            let v = positive(value)
                .map_err(|why| err(n, start, line, format!("{c} on {date}: {why}")))?;
            let text = v.normalize().to_string();
            day.insert(c.clone(), if *inverse { format!("1/{text}") } else { text });
        }
        if !day.is_empty() {
            by_date.insert(date.to_owned(), day);
        }
    }
    if by_date.is_empty() {
        return Err(err(hn, hstart, hline, "no rates after the header".into()));
    }
    let mut made_by = String::from(
        "Made by `dealcalc rates import` from the Federal Reserve's H.10 data download.\n\
         Rates are units of each currency per 1 USD; `1/x` is a currency the Fed\n\
         quotes in dollars (x dollars per unit), kept as published.",
    );
    for s in &skipped {
        let _ = write!(made_by, "\nLeft out, not a dollar exchange rate: {s}");
    }
    Ok(write(&made_by, "USD", H10_SOURCE, &by_date))
}

/// The Bank of England's spot series against sterling that dealcalc
/// knows: units of each currency per pound.
pub const BOE_SERIES: &[(&str, &str)] = &[
    ("XUDLADS", "AUD"),
    ("XUDLCDS", "CAD"),
    ("XUDLDKS", "DKK"),
    ("XUDLERS", "EUR"),
    ("XUDLHDS", "HKD"),
    ("XUDLJYS", "JPY"),
    ("XUDLNDS", "NZD"),
    ("XUDLNKS", "NOK"),
    ("XUDLSFS", "CHF"),
    ("XUDLSGS", "SGD"),
    ("XUDLSKS", "SEK"),
    ("XUDLUSS", "USD"),
    ("XUDLZRS", "ZAR"),
];

const BOE_SOURCE: &str = "Bank of England, spot exchange rates against sterling";

/// `02 Jan 2024` as `2024-01-02`.
fn boe_date(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.split_whitespace();
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    // A four-digit year: chrono takes 20244, which no table can key.
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || y.len() != 4 || d.len() > 2 || !digits(y) || !digits(d) {
        return None;
    }
    let month = MONTHS.iter().position(|x| x.eq_ignore_ascii_case(m))? + 1;
    let date = chrono::NaiveDate::from_ymd_opt(
        y.parse().ok()?,
        u32::try_from(month).ok()?,
        d.parse().ok()?,
    )?;
    Some(date.to_string())
}

/// The Bank of England's database CSV as a pound table: see the module
/// documentation. `series` names codes beyond [`BOE_SERIES`]
/// (`XUDLBK89=CNY`).
pub fn import_boe(csv: &str, series: &[(String, String)]) -> Result<String, ImportError> {
    let mut lines = numbered(csv.trim_start_matches('\u{feff}'));
    let Some((hn, hstart, hline)) = lines.next() else {
        return Err(err(1, 0, "", "the CSV is empty".into()));
    };
    let header = split(hline);
    let mut columns: Vec<String> = Vec::new();
    for name in header.iter().skip(1) {
        let given = series
            .iter()
            .find(|(s, _)| s == name)
            .map(|(_, c)| c.as_str());
        let known_series = BOE_SERIES.iter().find(|(s, _)| s == name).map(|(_, c)| *c);
        match given.or(known_series) {
            Some(c) => {
                self::known(c).map_err(|why| err(hn, hstart, hline, why))?;
                if c == "GBP" {
                    return Err(err(
                        hn,
                        hstart,
                        hline,
                        format!("`{name}` is named GBP, the table's base: a pound is 1 pound"),
                    ));
                }
                columns.push(c.to_owned());
            }
            None if name.starts_with("XUDL") && name.ends_with('D') => {
                return Err(err(
                    hn,
                    hstart,
                    hline,
                    format!(
                        "`{name}` ends in D, as the Bank's series against the US dollar do; a Bank of England table is in pounds: use the XUDL..S series (or name it with --series {name}=CUR if it is one)"
                    ),
                ));
            }
            None => {
                return Err(err(
                    hn,
                    hstart,
                    hline,
                    format!(
                        "unknown series `{name}`: name its currency with --series {name}=CUR (known: {})",
                        BOE_SERIES
                            .iter()
                            .map(|(s, c)| format!("{s} {c}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
    let mut by_date: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (n, start, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let fields = split(line);
        let written = fields.first().map_or("", String::as_str);
        let Some(date) = boe_date(written) else {
            return Err(err(
                n,
                start,
                line,
                format!("`{written}` is not a date as the Bank writes them (02 Jan 2024)"),
            ));
        };
        if by_date.contains_key(&date) {
            return Err(err(n, start, line, format!("{date} is given twice")));
        }
        fields_as_header(&fields, header.len(), (n, start, line))?;
        let mut day = BTreeMap::new();
        for (value, c) in fields.iter().skip(1).zip(&columns) {
            if value.is_empty() {
                continue;
            }
            let v = positive(value)
                .map_err(|why| err(n, start, line, format!("{c} on {date}: {why}")))?;
            day.insert(c.clone(), v.normalize().to_string());
        }
        if !day.is_empty() {
            by_date.insert(date, day);
        }
    }
    if by_date.is_empty() {
        return Err(err(hn, hstart, hline, "no rates after the header".into()));
    }
    Ok(write(
        "Made by `dealcalc rates import` from the Bank of England's database CSV.\n\
         Rates are units of each currency per 1 GBP, as the Bank published them.",
        "GBP",
        BOE_SOURCE,
        &by_date,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_quotes_and_commas() {
        assert_eq!(
            split(r#""Series Description","UNITED KINGDOM -- SPOT, US$/POUND","a ""b""""#),
            [
                "Series Description",
                "UNITED KINGDOM -- SPOT, US$/POUND",
                "a \"b\""
            ]
        );
    }

    /// A holiday's `ND` is no rate that day; the broad dollar index, not
    /// an exchange rate, is left out and said so. (A made-up snippet in
    /// the H.10 layout.)
    #[test]
    fn h10_no_data_and_an_index_column() {
        let csv = "\"Series Description\",\"JAPAN -- SPOT EXCHANGE RATE, YEN/US$\",\"Nominal Broad Dollar Index \"\n\
                   \"Unit:\",\"Currency:_Per_USD\",\"Index:_Jan._2006_100\"\n\
                   \"Multiplier:\",\"1\",\"1\"\n\
                   \"Currency:\",\"JPY\",\"NA\"\n\
                   \"Unique Identifier: \",\"H10/H10/RXI_N.B.JA\",\"H10/H10/JRXWTFB_N.B\"\n\
                   \"Time Period\",\"RXI_N.B.JA\",\"JRXWTFB_N.B\"\n\
                   2024-01-01,ND,ND\n\
                   2024-01-02,141.87,120.5\n";
        assert_eq!(detect(csv), Layout::FedH10);
        let toml = import_h10(csv).unwrap();
        assert!(
            toml.contains(
                "# Left out, not a dollar exchange rate: JRXWTFB_N.B (Index:_Jan._2006_100)"
            ),
            "{toml}"
        );
        assert!(!toml.contains("2024-01-01"), "{toml}");
        assert!(
            toml.contains("[rates.2024-01-02]\nJPY = \"141.87\"\n"),
            "{toml}"
        );
        // A multiplier other than 1 is refused, not applied by guess.
        let scaled = csv.replace("\"Multiplier:\",\"1\"", "\"Multiplier:\",\"100\"");
        assert!(
            import_h10(&scaled)
                .unwrap_err()
                .message
                .contains("multiplier `100`")
        );
    }

    /// A control character in a header the table quotes (found by
    /// fuzzing) is written so that the table still reads back.
    #[test]
    fn control_characters_stay_out_of_the_table() {
        let csv = "\"Series Description\",\"A\",\"B\"\n\"Unit:\",\"Currency:_Per_USD\",\"Idx\u{7}\"\n\
                   \"Multiplier:\",\"1\",\"1\"\n\"Currency:\",\"JPY\",\"NA\"\n\
                   \"Time Period\",\"RXI_N.B.JA\",\"X\"\n2024-01-02,141.87,1\n";
        let toml = import_h10(csv).unwrap();
        crate::rates::RateTable::from_toml(&toml).unwrap();
        let plain = crate::rates::ecb::import_plain(
            "date,currency,rate\n2024-01-02,USD,1.1\n",
            "EUR",
            "line\nbreak",
        )
        .unwrap();
        crate::rates::RateTable::from_toml(&plain).unwrap();
    }

    #[test]
    fn codes_are_three_capitals_iso_knows() {
        assert!(known("AED").is_ok());
        assert!(known("DEM").is_ok());
        assert!(known("AEd").unwrap_err().contains("three capital letters"));
        assert!(known("AEE").unwrap_err().contains("did you mean `AED`"));
    }

    #[test]
    fn bank_dates() {
        assert_eq!(boe_date("02 Jan 2024").as_deref(), Some("2024-01-02"));
        assert_eq!(boe_date("2 jan 2024").as_deref(), Some("2024-01-02"));
        assert_eq!(boe_date("31 Feb 2024"), None);
        assert_eq!(boe_date("2024-01-02"), None);
        assert_eq!(boe_date("03 Jan 20244"), None);
        assert_eq!(boe_date("02 Jan -024"), None);
        assert_eq!(boe_date("+2 Jan 2024"), None);
    }
}
