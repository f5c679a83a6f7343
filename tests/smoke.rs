//! The batch path with the embedded table, at scale: a smoke test (no
//! timing; speed is measured in `benches/`). Every row is checked against
//! rates read straight from the ECB CSV, not through the library.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Stdio;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

const CODES: [&str; 8] = ["USD", "JPY", "GBP", "CHF", "AUD", "KRW", "ZAR", "EUR"];

/// date -> code -> rate, from the CSV.
fn ecb() -> BTreeMap<String, BTreeMap<String, Decimal>> {
    let csv = include_str!("../data/ecb/eurofxref-hist.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let rates = header
                .iter()
                .zip(&f)
                .skip(1)
                .filter(|(c, v)| !c.is_empty() && **v != "N/A")
                .map(|(c, v)| ((*c).to_owned(), Decimal::from_str(v).unwrap()))
                .collect();
            (f[0].to_owned(), rates)
        })
        .collect()
}

#[test]
fn fifty_thousand_rows_through_the_embedded_table() {
    let ecb = ecb();
    let dates: Vec<&String> = ecb.keys().filter(|d| d.as_str() >= "2002-01-01").collect();
    let mut input = String::from("date,amount,from,to\n");
    let mut rows = Vec::new();
    for i in 0..50_000_usize {
        let date = dates[(i * 7919) % dates.len()].clone();
        let (a, b) = (CODES[i % 8], CODES[(i / 8 + 1 + i % 7) % 8]);
        let amount = format!("{}.{:02}", (i * 104_729) % 1_000_000, i % 100);
        input.push_str(&format!("{date},{amount},{a},{b}\n"));
        rows.push((date, amount, a, b));
    }
    let mut child = crate::bin()
        .args(["convert", "--batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), rows.len() + 1);
    for (line, (date, amount, a, b)) in lines.iter().skip(1).zip(&rows) {
        let f: Vec<&str> = line.split(',').collect();
        let rate = |c: &str| {
            if c == "EUR" {
                Decimal::ONE
            } else {
                ecb[date][c]
            }
        };
        let exact = Decimal::from_str(amount).unwrap() * rate(b) / rate(a);
        let dp = if matches!(*b, "JPY" | "KRW") { 0 } else { 2 };
        let expected = exact.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
        assert_eq!(Decimal::from_str(f[4]).unwrap(), expected, "{line}");
        assert_eq!(f[6], date.as_str(), "{line}");
    }
}
