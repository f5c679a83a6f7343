//! Progress on long work, on standard error: only when it is a terminal
//! (never into a pipe or a file), never in CI (`CI` set, as every CI
//! service sets it) and never with `--quiet`. `convert --batch` over a
//! large file shows the bytes read, the rate and the time left.

use std::io::{IsTerminal, Read};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Below this much input, a batch ends before a bar would tell anything
/// (a mebibyte is about 40,000 rows, some 20 ms).
const WORTH_SHOWING: u64 = 1 << 20;

/// Whether progress may be drawn here.
fn wanted(quiet: bool) -> bool {
    !quiet && std::env::var_os("CI").is_none() && std::io::stderr().is_terminal()
}

/// `reader`, counted into a bar of `len` bytes (a spinner when the length
/// is unknown, as for standard input), or as it is when no bar is wanted.
pub fn reading<R: Read + 'static>(reader: R, len: Option<u64>, quiet: bool) -> Box<dyn Read> {
    if !wanted(quiet) || len.is_some_and(|n| n < WORTH_SHOWING) {
        return Box::new(reader);
    }
    let bar = match len {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template(
                "{bar:30} {bytes}/{total_bytes} read, {bytes_per_sec}, {eta} left",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} {bytes} read, {bytes_per_sec}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        ),
    };
    Box::new(Finishing(bar.wrap_read(reader)))
}

/// A counted reader that clears its bar when the input ends, so that the
/// notes after it start on a clean line.
struct Finishing<R: Read>(indicatif::ProgressBarIter<R>);

impl<R: Read> Read for Finishing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.0.progress.finish_and_clear();
        }
        Ok(n)
    }
}

impl<R: Read> Drop for Finishing<R> {
    fn drop(&mut self) {
        self.0.progress.finish_and_clear();
    }
}
