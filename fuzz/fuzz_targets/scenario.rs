//! Any text as a scenario file: evaluation never panics, and what it
//! evaluates renders in every format without panicking.
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
    match doc.evaluate(&table, today, &dealcalc::amount::Reading::default()) {
        // Every error can be drawn.
        Err(e) => {
            let _ = dealcalc::diagnostic::render(&e, false);
        }
        Ok(results) => {
            use dealcalc::report::{Format, ScenarioReport, Style, render};
            let files = [results];
            for claims_only in [false, true] {
                let report = ScenarioReport { files: &files, claims_only, table: None };
                for format in [Format::Text, Format::Json, Format::Csv, Format::Markdown, Format::Svg] {
                    let _ = render(&report, format, &Style::default(), true);
                }
            }
        }
    }
});
