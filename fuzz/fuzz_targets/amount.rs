//! Any text: parsing never panics, and what parses renders back to itself.
#![no_main]
use dealcalc::amount::Amount;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(a) = Amount::parse(text)
    {
        let again = Amount::parse(&a.to_string()).expect("a rendered amount parses");
        assert_eq!(a.value, again.value);
        assert_eq!(a.code(), again.code());
    }
});
