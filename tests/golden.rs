//! Golden files with a review step. A test never rewrites a golden file:
//! output that differs from it (or has none yet) is written beside it as
//! `NAME.new`, and the test fails naming every such file at once.
//! `tests/review-golden` then shows each difference and asks whether to
//! accept it, one file at a time, as `cargo insta review` does; the
//! golden files stay plain text, SVG and JSON that the docs show.

use std::path::{Path, PathBuf};

/// The golden files that differ in one test, gathered so that a test
/// reports all of them, not only the first.
#[derive(Default)]
pub struct Goldens {
    differ: Vec<String>,
}

impl Goldens {
    /// Compares `actual` with the golden file at `path` (relative to the
    /// crate). A match removes a stale `NAME.new`; a difference writes it.
    pub fn check(&mut self, path: &str, actual: &str) {
        let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let pending = pending(&golden);
        match std::fs::read_to_string(&golden) {
            Ok(expected) if expected == actual => {
                let _ = std::fs::remove_file(&pending);
            }
            expected => {
                std::fs::write(&pending, actual).unwrap();
                let why = match expected {
                    Ok(expected) => first_difference(&expected, actual),
                    Err(_) => "no golden file yet".to_owned(),
                };
                self.differ.push(format!("{path}: {why}"));
            }
        }
    }

    /// Fails naming every golden file that differs.
    pub fn assert_all_match(self) {
        assert!(
            self.differ.is_empty(),
            "{} golden file(s) differ; the new output is beside each as NAME.new, \
             review it with `tests/review-golden`:\n{}",
            self.differ.len(),
            self.differ.join("\n")
        );
    }
}

/// Where a golden file's new output waits for review.
fn pending(golden: &Path) -> PathBuf {
    let mut name = golden.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// The first line that differs, both ways.
fn first_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    let mut line = 1;
    loop {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (x, y) => {
                return format!(
                    "line {line}: expected `{}`, got `{}`",
                    x.unwrap_or("(end)"),
                    y.unwrap_or("(end)")
                );
            }
        }
    }
}
