//! Unit tests of rate tables: lookup, cross rates, inverse rates, the
//! packed built-in form, layering.
use super::*;
use crate::testing::{d, date};

fn cur(t: &RateTable, s: &str) -> Currency {
    t.resolve(Code::new(s).unwrap()).unwrap()
}

/// A dollar table quoting the euro as the Federal Reserve does,
/// dollars per euro, converts with the published figure exactly: 81.25
/// EUR at 1.2136 is 98.605 USD, 98.61 rounded half up, where dividing
/// by a 28-digit reciprocal (0.82399...) gives 98.60499... and 98.60.
#[test]
fn an_inverse_rate_converts_exactly() {
    let t = RateTable::from_toml(
        "base = \"USD\"\n[rates.2024-01-02]\nEUR = \"1/1.2136\"\nJPY = \"141.5\"\n",
    )
    .unwrap();
    let eur = Money::new(d("81.25"), cur(&t, "EUR"));
    let c = t.convert(eur, cur(&t, "USD"), date("2024-01-02")).unwrap();
    assert_eq!(c.to.amount, d("98.605"));
    assert_eq!(
        crate::money::Rounding::HalfUp.round(c.to.amount, 2),
        d("98.61")
    );
    assert_eq!(c.legs[0].written(), "1/1.2136");
    // Back, and across: 100 USD is 100 / 1.2136 EUR; 1 EUR is 1.2136 x
    // 141.5 = 171.7244 JPY, exactly.
    let usd = Money::new(d("121.36"), cur(&t, "USD"));
    let back = t.convert(usd, cur(&t, "EUR"), date("2024-01-02")).unwrap();
    assert_eq!(back.to.amount, d("100"));
    let one = Money::new(d("1"), cur(&t, "EUR"));
    let yen = t.convert(one, cur(&t, "JPY"), date("2024-01-02")).unwrap();
    assert_eq!(yen.to.amount, d("171.7244"));
    assert_eq!(yen.rate, d("171.7244"));
    // Both readers read it alike.
    let full = RateTable::from_toml_full(
        "base = \"USD\"\n[rates.2024-01-02]\nEUR = \"1/1.2136\"\nJPY = \"141.5\"\n",
    )
    .unwrap();
    let again = full
        .convert(eur, cur(&full, "USD"), date("2024-01-02"))
        .unwrap();
    assert_eq!(again.to.amount, d("98.605"));
}

#[test]
fn blob_days_match_chrono() {
    for s in [
        "0001-01-01",
        "1999-01-04",
        "2000-02-29",
        "2024-12-31",
        "2026-10-30",
    ] {
        let dt = date(s);
        assert_eq!(
            blob::days_from_ce(dt.year(), dt.month(), dt.day()),
            dt.num_days_from_ce(),
            "{s}"
        );
    }
}

const SMALL: &str = r#"
base = "EUR"
source = "test"
[rates.2025-07-04]
USD = "1.1700"
JPY = 170
[rates.2025-07-08]
USD = 1.1718
JPY = 171.42
"#;

#[test]
fn lookup_takes_latest_on_or_before() {
    let t = RateTable::from_toml(SMALL).unwrap();
    let usd = cur(&t, "USD");
    let q = t.quote(usd, date("2025-07-07")).unwrap();
    assert_eq!((q.rate, q.date), (d("1.17"), date("2025-07-04")));
    let q = t.quote(usd, date("2025-07-08")).unwrap();
    assert_eq!(
        (q.rate, q.date, q.freshness.stale),
        (d("1.1718"), date("2025-07-08"), false)
    );
    let q = t.quote(usd, date("2025-08-01")).unwrap();
    assert!(q.freshness.latest_available && !q.freshness.stale);
    let e = t.quote(usd, date("2025-07-01")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no USD rate on or before 2025-07-01: the table has USD from 2025-07-04 to 2025-07-08"
    );
}

#[test]
fn cross_rate_multiplies_first() {
    let t = RateTable::from_toml(SMALL).unwrap();
    let c = t
        .convert(
            Money::new(d("100"), cur(&t, "USD")),
            cur(&t, "JPY"),
            date("2025-07-08"),
        )
        .unwrap();
    // 100 * 171.42 / 1.1718 = 14628.77624167946748591910
    assert_eq!(c.to.rounded(crate::money::Rounding::HalfUp), d("14629"));
    assert_eq!(c.to.amount.round_dp(6), d("14628.776242"));
}

#[test]
fn interpolated_search_agrees_with_a_scan() {
    let t = RateTable::builtin().unwrap();
    for code in ["USD", "ISK", "BGN", "CYP", "TRY"] {
        let points = &t.series[&Code::new(code).unwrap()];
        let days: Vec<i32> = (0..points.len()).map(|i| points.day(i)).collect();
        let (first, last) = (days[0], *days.last().unwrap());
        for day in (first - 10..last + 10).step_by(3) {
            let expected = days.iter().rposition(|d| *d <= day);
            assert_eq!(points.on_or_before(day), expected, "{code} {day}");
        }
    }
}

#[test]
fn later_table_wins() {
    let a = RateTable::from_toml(SMALL).unwrap();
    let b =
        RateTable::from_toml("base = \"EUR\"\nsource = \"b\"\n[rates.2025-07-08]\nUSD = \"1.2\"\n")
            .unwrap();
    let t = RateTable::layered(vec![a, b]).unwrap();
    let q = t.quote(cur(&t, "USD"), date("2025-07-08")).unwrap();
    assert_eq!(q.rate, d("1.2"));
    let q = t.quote(cur(&t, "JPY"), date("2025-07-08")).unwrap();
    assert_eq!(q.rate, d("171.42"));
    assert_eq!(t.date_count(), 2);
}
