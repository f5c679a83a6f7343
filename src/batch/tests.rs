//! Unit tests of batch conversion: rows, flags, quoting, the fast paths,
//! and the one-thread fallback against the workers.
use super::*;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::push_decimal;
use crate::rates::push_date;

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
    RateTable::from_toml("base = \"EUR\"\n[rates.2025-07-08]\nUSD = 1.1718\nJPY = 171.7\n").unwrap()
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
        // Past 64 bits the digits are written in two halves of 19.
        "18446744073709551615",
        "-18446744073709551616",
        "10000000000000000000",
        "1.0000000000000000001",
        "-0.0000000000000000000000000001",
        "123456789.0000000000000000001",
    ] {
        let d = Decimal::from_str(s).unwrap();
        let mut out = Vec::new();
        push_decimal(&mut out, d);
        assert_eq!(String::from_utf8(out).unwrap(), d.to_string(), "{s}");
    }
    let mut out = Vec::new();
    push_date(&mut out, NaiveDate::from_ymd_opt(2025, 7, 8).unwrap());
    assert_eq!(out, b"2025-07-08");
    // A day as a day series counts it, written as chrono writes its date:
    // every eleventh day from the year 1 to the year 10,000 (past it,
    // chrono's; 11 does not divide the 146,097 days of 400 years, so every
    // day of the cycle comes up), and every day of the rates' years.
    let mut day = NaiveDate::from_ymd_opt(1, 1, 1).unwrap();
    while day < NaiveDate::from_ymd_opt(10_001, 3, 1).unwrap() {
        let mut out = Vec::new();
        crate::rates::push_day(&mut out, chrono::Datelike::num_days_from_ce(&day));
        let mut by_date = Vec::new();
        push_date(&mut by_date, day);
        assert_eq!(out, by_date, "{day}");
        let (y, step) = (chrono::Datelike::year(&day), 11);
        day = day + chrono::Days::new(if (1995..2035).contains(&y) { 1 } else { step });
    }
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

/// The fallback when no worker thread can start converts every block on
/// the calling thread, and writes exactly what the workers write.
#[test]
fn one_thread_writes_what_the_workers_write() {
    let mut csv = String::from("date,amount,from,to\n");
    for i in 0..20_000 {
        csv.push_str(&format!("2025-07-08,{}.{:02},USD,EUR\n", i, i % 100));
    }
    assert!(csv.len() > 2 * BLOCK_BYTES, "several blocks");
    let (workers, from_workers) = run(&csv);
    let table = table();
    let options = Options::default();
    let mut records = Records::new(std::io::BufReader::new(csv.as_bytes()));
    let mut alone = Vec::new();
    let layout = header(&mut records, &mut alone, &options, "t.csv").unwrap();
    let first = records.block(0, BLOCK_BYTES).unwrap();
    let days = crate::rates::DayRates::new(&table);
    let converter = Converter::new(&table, &options, layout, "t.csv", &days);
    let summary = workers::serial(&mut records, first, converter, &mut alone, "t.csv").unwrap();
    assert_eq!(summary.rows, 20_000);
    assert_eq!(workers.unwrap().rows, 20_000);
    assert_eq!(String::from_utf8(alone).unwrap(), from_workers);
    // 19999.99 USD at 1.1718 USD per EUR: 17067.7...; the last row, by hand.
    assert!(from_workers.ends_with("2025-07-08,19999.99,USD,EUR,17067.75,0.853387950162143710530807305,2025-07-08,false,false\n"));
}

proptest::proptest! {
    /// Splitting eight bytes at a time finds the fields a split at each
    /// separator finds, whatever the bytes around them (high bytes, the
    /// separator's neighbours, NUL) and wherever the word boundaries fall.
    #[test]
    fn plain_split_is_a_split_at_each_separator(
        record in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::sample::select(vec![b',', b';', b'\t', b'+', b'-', b'<', 0xac, 0xbb, 0, 0xff]),
                proptest::num::u8::ANY,
            ],
            0..80,
        ),
        separator in proptest::sample::select(vec![b',', b';', b'\t', b'|', 0xac]),
    ) {
        let mut ranges = Vec::new();
        records::split_plain(&record, separator, &mut ranges);
        let fields: Vec<&[u8]> = ranges.iter().map(|r| &record[r.clone()]).collect();
        let expected: Vec<&[u8]> = record.split(|b| *b == separator).collect();
        proptest::prop_assert_eq!(fields, expected);
    }
}
