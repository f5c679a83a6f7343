//! The `dealcalc` command: see [`cli`]. The library does the work; this
//! binary parses arguments, reads files, writes results and exits.
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
