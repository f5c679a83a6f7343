//! The shipped ECB table: made by the importer, embedded faithfully.

use std::str::FromStr;

use chrono::NaiveDate;
use dealcalc::amount::Code;
use dealcalc::rates::{RateTable, ecb};
use rust_decimal::Decimal;

use crate::cli::stdout;

const CSV: &str = include_str!("../data/ecb/eurofxref-hist.csv");
const TOML: &str = include_str!("../rates/ecb.toml");

#[test]
fn importer_reproduces_the_shipped_table_byte_for_byte() {
    assert_eq!(ecb::import(CSV).unwrap(), TOML);
}

#[test]
fn embedded_table_equals_the_toml_one() {
    let parsed = RateTable::from_toml(TOML).unwrap();
    let builtin = RateTable::builtin().unwrap();
    assert_eq!(builtin.date_count(), 7126);
    assert_eq!(parsed.date_count(), 7126);
    assert_eq!(builtin.ranges(), parsed.ranges());
    assert_eq!(builtin.ranges().len(), 41);
    for (currency, ..) in parsed.ranges() {
        assert_eq!(
            builtin.series(currency),
            parsed.series(currency),
            "{currency}"
        );
    }
}

#[test]
fn every_csv_value_is_in_the_table_exactly() {
    let table = RateTable::builtin().unwrap();
    let mut lines = CSV.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut checked = 0;
    for line in lines.step_by(97) {
        let fields: Vec<&str> = line.split(',').collect();
        let date = NaiveDate::from_str(fields[0]).unwrap();
        for (code, value) in header.iter().zip(&fields).skip(1) {
            if code.is_empty() || *value == "N/A" {
                continue;
            }
            let c = table.resolve(Code::new(code).unwrap()).unwrap();
            let q = table.quote(c, date).unwrap();
            assert_eq!(
                (q.date, q.rate),
                (date, Decimal::from_str(value).unwrap()),
                "{code} {date}"
            );
            checked += 1;
        }
    }
    assert!(checked > 2000, "{checked}");
}

#[test]
fn rates_info_describes_the_history() {
    let text = stdout(&["rates", "info"]);
    assert!(text.starts_with(
        "table   built in (rates/ecb.toml)\n\
         source  European Central Bank euro foreign exchange reference rates\nbase    EUR\n\
         dates   7,126 dates from 1999-01-04 to 2026-10-30\n"
    ));
    assert!(text.contains("BGN   Bulgarian lev"), "{text}");
    let v = crate::cli::json(&["rates", "info"]);
    let isk = v["currencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "ISK")
        .unwrap();
    assert_eq!(isk["first"], "1999-01-04");
    let hrk = v["currencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "HRK")
        .unwrap();
    assert_eq!(hrk["last"], "2022-12-30");
}
