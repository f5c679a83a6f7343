//! The fuzz targets' seeds (every input a fuzz run once found or a person
//! wrote to start one), run through the targets' own properties on every
//! `cargo test`, so that a crash found once stays fixed without a fuzzer.

use std::path::Path;

use dealcalc::rates::official::{self, Layout};
use dealcalc::rates::{RateTable, ecb};

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/seeds")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// `update`: a fetched history that imports always reads back as a table.
#[test]
fn fetched_histories_that_import_read_back() {
    for (name, data) in seeds("update") {
        let csv = if ecb::is_zip(&data) {
            match ecb::csv_from_zip(&data) {
                Ok(text) => text,
                Err(_) => continue,
            }
        } else {
            match std::str::from_utf8(&data) {
                Ok(text) => text.to_owned(),
                Err(_) => continue,
            }
        };
        if let Ok(toml) = ecb::import(&csv) {
            assert!(
                RateTable::from_toml(&toml).is_ok(),
                "{name}: imported, but does not read back"
            );
        }
    }
}

/// `import`: another publisher's CSV that imports always reads back.
#[test]
fn imported_tables_read_back() {
    for (name, data) in seeds("import") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let made = match official::detect(text) {
            Layout::FedH10 => official::import_h10(text),
            Layout::BankOfEngland => {
                official::import_boe(text, &[("XUDLBK89".into(), "CNY".into())])
            }
            Layout::Plain => ecb::import_plain(text, "EUR", "fuzz"),
        };
        if let Ok(toml) = made {
            assert!(
                RateTable::from_toml(&toml).is_ok(),
                "{name}: imported, but does not read back"
            );
        }
    }
}

/// The seed the `update` target crashed on is refused at its header.
#[test]
fn the_update_crash_is_refused_at_the_header() {
    let (_, data) = seeds("update")
        .into_iter()
        .find(|(n, _)| n == "header-names-a-currency-twice")
        .unwrap();
    let e = ecb::import(std::str::from_utf8(&data).unwrap()).unwrap_err();
    assert_eq!(
        (e.line, e.message.as_str()),
        (1, "the header names RON twice")
    );
}
