//! Any text as a claim's subject (`of`), against a file with a deal, an
//! offer and a company to name: it reads as an expression or is an error
//! pointing into it, never a panic or a stack overflow (1,300 nested
//! parentheses once aborted the server).
#![no_main]
use chrono::NaiveDate;
use dealcalc::Input;
use dealcalc::rates::RateTable;
use dealcalc::scenario::Document;
use libfuzzer_sys::fuzz_target;

const FILE: &str = r#"
[deals.a]
stake = "49%"
price = "$14.3B"
[offers.o]
start = 2025-07-01
  [[offers.o.pay]]
  kind = "signing"
  amount = "$100M"
  vesting = "4y annual"
[companies.c]
common = { founders = 8_100_000 }
pool = 900_000
  [[companies.c.events]]
  id = "r"
  kind = "round"
  holder = "fund"
  amount = "$5.2M"
  pre_money = "$20.8M"
  [[companies.c.exits]]
  id = "x"
  value = "$10M"
"#;

fuzz_target!(|data: &[u8]| {
    let Ok(of) = std::str::from_utf8(data) else { return };
    // As a TOML literal string, so that any text but `'` and line breaks
    // arrives as written.
    if of.contains(['\'', '\n', '\r']) {
        return;
    }
    let text = format!("{FILE}\n[[claims]]\nof = '{of}'\nsays = \"$29 billion\"\n");
    let input = Input::new("fuzz.toml", text);
    let Ok(doc) = Document::parse(&input) else { return };
    let table = RateTable::builtin().expect("the built-in table");
    let today = NaiveDate::from_ymd_opt(2025, 7, 8).expect("a date");
    if let Err(e) = doc.evaluate(&table, today, &dealcalc::amount::Reading::default()) {
        let _ = dealcalc::diagnostic::render(&e, false);
    }
});
