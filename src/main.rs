//! The `dealcalc` command: see [`cli`]. The library does the work; this
//! binary parses arguments, reads files, writes results and exits.
// Denied, not forbidden: one audited call gives the allocator's free pages
// back to the system (`cli::memory`); the library forbids unsafe code.
#![deny(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
