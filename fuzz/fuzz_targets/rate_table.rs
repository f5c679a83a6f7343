//! Any text as a rate table: loading never panics; a loaded table answers
//! lookups without panicking; and what the line reader accepts, the full
//! TOML parser reads the same, rate for rate.
#![no_main]
use chrono::NaiveDate;
use dealcalc::rates::RateTable;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(table) = RateTable::from_toml(text) else { return };
    let full = RateTable::from_toml_full(text).expect("the full parser reads what the line reader read");
    assert_eq!(table.ranges(), full.ranges());
    assert_eq!((table.base(), table.source()), (full.base(), full.source()));
    assert_eq!(table.currencies(), full.currencies());
    let on = NaiveDate::from_ymd_opt(2025, 7, 8).expect("a date");
    for (currency, ..) in table.ranges() {
        assert_eq!(table.series(currency), full.series(currency));
        let _ = table.quote(currency, on);
        let _ = table.convert(dealcalc::money::Money::new(rust_decimal::Decimal::ONE, currency), table.base(), on);
    }
});
