//! Any bytes as a batch CSV: conversion never panics.
#![no_main]
use dealcalc::rates::RateTable;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let table = RateTable::builtin().expect("the built-in table");
    let mut input = b"date,amount,from,to\n".to_vec();
    input.extend_from_slice(data);
    let options = dealcalc::batch::Options::default();
    if let Err(e) = dealcalc::batch::convert(&table, &options, input.as_slice(), std::io::sink(), "fuzz.csv") {
        let _ = dealcalc::diagnostic::render(&e, false);
    }
});
