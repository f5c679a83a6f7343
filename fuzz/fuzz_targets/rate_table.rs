//! Any text as a rate table: loading never panics; a loaded table answers
//! lookups without panicking.
#![no_main]
use chrono::NaiveDate;
use dealcalc::rates::RateTable;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(table) = RateTable::from_toml(text)
    {
        let on = NaiveDate::from_ymd_opt(2025, 7, 8).expect("a date");
        for (currency, ..) in table.ranges() {
            let _ = table.quote(currency, on);
            let _ = table.convert(dealcalc::money::Money::new(rust_decimal_one(), currency), table.base(), on);
        }
    }
});

fn rust_decimal_one() -> rust_decimal::Decimal {
    rust_decimal::Decimal::ONE
}
