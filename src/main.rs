//! The `dealcalc` command: see [`cli`]. The library does the work; this
//! binary parses arguments, reads files, writes results and exits.
#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
