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

/// The Federal Reserve's H.10 download (tests/data/h10-2021-02.csv: the
/// layout of its Data Download Program, with the rates of 19-25 February
/// 2021 as a public copy of the download shows them) becomes a dollar
/// table: the real (BRL per dollar) as published, the euro and the pound
/// (dollars per unit) as `1/x`, so that converting uses the Fed's figures
/// exactly.
#[test]
fn federal_reserve_h10_imports_as_a_dollar_table() {
    let toml = import("h10-2021-02.csv");
    assert!(toml.contains("base = \"USD\""), "{toml}");
    assert!(
        toml.contains(
            "[rates.2021-02-19]\nBRL = \"5.3938\"\nEUR = \"1/1.2136\"\nGBP = \"1/1.4025\"\n"
        ),
        "{toml}"
    );
    let dir = std::env::temp_dir().join(format!("dealcalc-h10-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let table = dir.join("h10.toml");
    std::fs::write(&table, &toml).unwrap();
    let t = table.display().to_string();
    // 81.25 EUR x 1.2136 = 98.605 USD exactly: 98.61 half up.
    let v = crate::cli::json(&[
        "convert",
        "81.25 EUR",
        "--to",
        "USD",
        "--on",
        "2021-02-19",
        "--rates",
        &t,
    ]);
    assert_eq!(v["to"]["amount"], "98.61");
    // 1 GBP on 2021-02-25 = 1.4105 USD = 1.4105 x 5.4903 BRL = 7.74406815.
    let v = crate::cli::json(&[
        "convert",
        "1 GBP",
        "--to",
        "BRL",
        "--on",
        "2021-02-25",
        "--rates",
        &t,
    ]);
    assert_eq!(v["rate"], "7.74406815");
    // A dollar table is not layered on the euro one: said, not mixed.
    let (code, err) = crate::cli::fails(&[
        "convert",
        "1 GBP",
        "--to",
        "BRL",
        "--on",
        "2021-02-25",
        "--rates",
        "builtin",
        "--rates",
        &t,
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("USD") && err.contains("EUR"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The Bank of England's database CSV (tests/data/boe-sample.csv: its
/// layout, `DATE` and the series codes, dates as `02 Jan 2024`; the values
/// are made for the test) becomes a pound table, a blank cell a day
/// without that rate.
#[test]
fn bank_of_england_imports_as_a_pound_table() {
    let toml = import("boe-sample.csv");
    let t = RateTable::from_toml(&toml).unwrap();
    assert_eq!(t.base().to_string(), "GBP");
    let cur = |s: &str| t.resolve(Code::new(s).unwrap()).unwrap();
    let on = |s: &str| NaiveDate::from_str(s).unwrap();
    assert_eq!(
        t.quote(cur("USD"), on("2024-01-02")).unwrap().rate,
        d("1.2645")
    );
    // No yen on 3 January: the rate of the 2nd, named as such.
    let q = t.quote(cur("JPY"), on("2024-01-03")).unwrap();
    assert_eq!((q.rate, q.date), (d("178.89"), on("2024-01-02")));
    // 100 USD on 4 January: 100 x 1.1598 / 1.2693 EUR.
    let m = dealcalc::money::Money::new(d("100"), cur("USD"));
    let c = t.convert(m, cur("EUR"), on("2024-01-04")).unwrap();
    assert_eq!(c.to.amount.round_dp(2), d("91.37"));
}

/// `rates import` of a file in tests/data.
fn import(name: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    stdout(&["rates", "import", &format!("{root}/tests/data/{name}")])
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}
