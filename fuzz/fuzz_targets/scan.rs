//! Any bytes as an article: reading and scanning never panic, and every
//! scan renders in every format and as a scenario without panicking.
#![no_main]
use std::sync::OnceLock;

use dealcalc::rates::RateTable;
use dealcalc::scan::{Article, Options, scan};
use libfuzzer_sys::fuzz_target;

fn table() -> &'static RateTable {
    static TABLE: OnceLock<RateTable> = OnceLock::new();
    TABLE.get_or_init(|| RateTable::builtin().expect("the built-in table"))
}

fuzz_target!(|data: &[u8]| {
    let name = if data.first() == Some(&b'<') { "fuzz.html" } else { "fuzz.txt" };
    let Ok(article) = Article::read(name, data) else { return };
    let Ok(s) = scan(&article, table(), &Options::default()) else { return };
    let _ = s.scenario();
    use dealcalc::report::{Format, ScanReport, Style, render};
    let scans = [s];
    let report = ScanReport { scans: &scans };
    for format in [Format::Text, Format::Json, Format::Csv, Format::Markdown] {
        let _ = render(&report, format, &Style::default(), true);
    }
});
