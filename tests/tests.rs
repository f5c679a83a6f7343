//! Integration tests: one binary (faster builds on two cores).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a test fails by panicking, at the value that was wrong"
)]

mod apart;
mod bad;
mod browser;
mod charts;
mod cli;
mod correctness;
mod ecb;
mod golden;
mod hostile;
mod json_contract;
mod offers;
mod output;
mod properties;
mod scan;
mod scenarios;
mod seeds;
mod serve;
mod smoke;
mod transcripts;
mod update;

/// dealcalc as the tests run it: with no table of a user's `rates update`
/// nor `DEALCALC_RATES` in reach, so that results are the built-in
/// history's on every machine.
pub fn bin() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dealcalc"));
    hermetic(&mut c);
    c
}

/// The environment of [`bin`], for a command that runs dealcalc itself.
pub fn hermetic(c: &mut std::process::Command) -> &mut std::process::Command {
    c.env(
        "XDG_DATA_HOME",
        std::env::temp_dir().join("dealcalc-tests-no-user-data"),
    )
    .env_remove("DEALCALC_RATES")
}
