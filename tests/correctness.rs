//! The third pass at "never a silent wrong answer": each test here failed
//! on the code before it (a wrong number, a false statement or a verdict a
//! fact-checker would reject, printed with exit 0), and asserts the value
//! from an independent source named beside it.

use crate::cli::{fails, json, stdout, with_stdin};

/// `convert --batch --basis monthly-average` converted at daily rates.
/// From the ECB's eurofxref-hist.csv with exact fractions (Python
/// `fractions`): the 23 GBP rates of July 2019, 12,587.20 x the mean of
/// 1/GBP = 13,995.434734... -> 13,995.43 EUR; at 2019-07-17's rate alone
/// (0.90340) 13,933.14; over the 255 days of 2019, 14,347.88.
#[test]
fn batch_honours_an_averaged_basis() {
    let rows = "date,amount,from,to\n2019-07-17,12587.20,GBP,EUR\n";
    let row = |basis: &str| {
        let (code, out, err) = with_stdin(&["convert", "--batch", "-", "--basis", basis], rows);
        assert_eq!(code, 0, "{err}");
        out.lines().nth(1).unwrap().to_owned()
    };
    assert!(
        row("monthly-average").starts_with("2019-07-17,12587.20,GBP,EUR,13995.43,"),
        "{}",
        row("monthly-average")
    );
    assert!(row("daily").starts_with("2019-07-17,12587.20,GBP,EUR,13933.14,"));
    assert!(row("annual-average").starts_with("2019-07-17,12587.20,GBP,EUR,14347.88,"));
    // The same figure as one conversion, asked for the month itself.
    let v = json(&[
        "convert",
        "12587.20 GBP",
        "--to",
        "EUR",
        "--on",
        "2019-07",
        "--basis",
        "monthly-average",
    ]);
    assert_eq!(v["to"]["amount"], "13995.43");
    // A month without an averaged basis is not a date.
    let (code, err) = fails(&["convert", "1 GBP", "--to", "EUR", "--on", "2019-07"]);
    assert_eq!(code, 2);
    assert!(err.contains("`2019-07` is a month, not a date"), "{err}");
}

/// Every batch row says whether its rate is stale or the latest available
/// (the CSV used to carry no flag; one line on standard error for all).
/// RUB's last ECB rate is of 2022-03-01: with `--max-stale 10`, a row of
/// 2022-03-10 uses it, 9 days old, stale; a row after the table's last
/// date (2026-10-30) uses that day's rate, latest available.
#[test]
fn batch_rows_carry_their_flags() {
    let rows = "date,amount,from,to\n2022-03-10,100,RUB,EUR\n2030-01-01,100,USD,EUR\n2025-07-08,100,USD,EUR\n";
    let (code, out, err) = with_stdin(&["convert", "--batch", "-", "--max-stale", "10"], rows);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "date,amount,from,to,result,rate,rate_date,stale,latest_available"
    );
    assert!(lines[1].ends_with(",2022-03-01,true,false"), "{out}");
    assert!(lines[2].ends_with(",2026-10-30,false,true"), "{out}");
    // 100 / 1.1718 = 85.338...
    assert!(
        lines[3].starts_with("2025-07-08,100,USD,EUR,85.34,") && lines[3].ends_with(",false,false"),
        "{out}"
    );
    // And `convert --format csv` of one amount.
    let csv = stdout(&[
        "convert",
        "100 USD",
        "--to",
        "EUR",
        "--on",
        "2030-01-01",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "amount,from,result,to,rate,on,rate_date,source,stale,latest_available,rule,basis"
    );
    assert!(lines.next().unwrap().contains(",false,true,,"), "{csv}");
}

/// `--on-error mark` wrote a row with a field too many as it came, so its
/// fields shifted under the header; a blank `to` cell was refused when the
/// file had a `to` column and `--to` was given.
#[test]
fn marked_rows_keep_the_headers_columns_and_blank_to_takes_the_flag() {
    let rows = "date,amount,from,to\n2025-07-08,100,USD,\n2025-07-08,100,USD,JPY,x\n2025-07-08,100,USD,JPY\n";
    let (code, out, err) = with_stdin(
        &[
            "convert",
            "--batch",
            "-",
            "--to",
            "EUR",
            "--on-error",
            "mark",
        ],
        rows,
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    let columns = |l: &str| {
        let mut scratch = l.to_owned();
        // The message column is quoted when it holds commas.
        if let Some(q) = scratch.find('"') {
            scratch.truncate(q);
            scratch.push('m');
        }
        scratch.split(',').count()
    };
    assert_eq!(columns(lines[0]), 10);
    for l in &lines[1..] {
        assert_eq!(columns(l), 10, "{l}");
    }
    // The blank cell took --to: 100 / 1.1718 = 85.34 EUR.
    assert!(lines[1].starts_with("2025-07-08,100,USD,,85.34,"), "{out}");
    // The row a field too long is kept, empty, with its text quoted.
    assert_eq!(
        lines[2],
        ",,,,,,,,,\"line 3: 5 fields where the header has 4: `2025-07-08,100,USD,JPY,x`\""
    );
    // A cell naming another currency than --to is refused, not overridden.
    assert!(
        lines[3].ends_with(",,,,,,\"line 4: the row's `to` is JPY, but --to says EUR\""),
        "{out}"
    );
}
