//! Any text as another publisher's CSV: importing never panics, and a
//! table it makes always reads back, so `rates import` never writes one
//! that `--rates` then refuses.
#![no_main]
use dealcalc::rates::official::{self, Layout};
use dealcalc::rates::{RateTable, ecb};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let made = match official::detect(text) {
        Layout::FedH10 => official::import_h10(text),
        Layout::BankOfEngland => official::import_boe(text, &[("XUDLBK89".into(), "CNY".into())]),
        Layout::Plain => ecb::import_plain(text, "EUR", "fuzz"),
    };
    if let Ok(toml) = made {
        RateTable::from_toml(&toml).expect("an imported table reads back");
    }
});
