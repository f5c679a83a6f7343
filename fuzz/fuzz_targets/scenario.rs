//! Any text as a scenario file: evaluation never panics.
#![no_main]
use chrono::NaiveDate;
use dealcalc::Input;
use dealcalc::rates::RateTable;
use dealcalc::scenario::Document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let input = Input::new("fuzz.toml", text);
    let Ok(doc) = Document::parse(&input) else { return };
    let table = RateTable::builtin().expect("the built-in table");
    let today = NaiveDate::from_ymd_opt(2025, 7, 8).expect("a date");
    if let Err(e) = doc.evaluate(&table, today, &dealcalc::amount::Reading::default()) {
        // Every error can be drawn.
        let _ = dealcalc::diagnostic::render(&e, false);
    }
});
