//! Errors drawn for people (the line, a caret under the offending text, a
//! hint) or for scripts (a JSON object). The one place errors are rendered.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, termcolor::Buffer};
use serde_json::{Value, json};

use crate::error::{Error, Input};

/// The error as a diagnostic:
///
/// ```text
/// error: unknown word `zillion` in amount
///   --> AMOUNT:1:5
///   |
/// 1 | $12 zillion
///   |     ^^^^^^^
///   |
///   = hint: scales: k, M, ...
/// ```
pub fn render(e: &Error, color: bool) -> String {
    let name = e.input.as_ref().map_or("", |i| i.name.as_str());
    let (file, span) = match (&e.input, e.span()) {
        (Some(input), Some(span)) => Excerpt::around(input, span),
        _ => (Excerpt::empty(name), None),
    };
    let mut d = Diagnostic::error().with_message(e.message());
    if let Some(span) = span {
        d = d.with_labels(vec![Label::primary((), span)]);
    } else if let (Some(_), Some((input, line, column))) = (e.span(), e.location()) {
        // A span too far into a long line to draw.
        d = d.with_notes(vec![format!("at {input}:{line}:{column}")]);
    } else if let Some(input) = &e.input {
        d = d.with_notes(vec![format!("in {}", input.name)]);
    }
    if let Some(hint) = e.hint() {
        d = d.with_notes(vec![format!("hint: {hint}")]);
    }
    let config = Config {
        chars: term::Chars::ascii(),
        ..Config::default()
    };
    let mut buffer = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    if term::emit_to_write_style(&mut buffer, &config, &file, &d).is_err() {
        return format!("error: {e}\n");
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// The lines of an input that an error points at, with their own line
/// numbers: drawing an error in a 48 MB file reads only its lines (a
/// whole-file index would take more memory than the file).
struct Excerpt<'a> {
    name: &'a str,
    /// Whole lines around the span.
    text: &'a str,
    /// The 0-based number of its first line in the input.
    first_line: usize,
    /// Where each of its lines starts, in `text`.
    starts: Vec<usize>,
}

/// Lines of context an error shows at most.
const MAX_LINES: usize = 12;

/// Characters of a line an error shows at most past the offending text,
/// and how far into a line it may start to be drawn at all: a line of
/// 2 GB in a broken download is quoted, not echoed.
const MAX_WIDTH: usize = 200;

impl<'a> Excerpt<'a> {
    fn empty(name: &'a str) -> Excerpt<'a> {
        Excerpt {
            name,
            text: "",
            first_line: 0,
            starts: vec![0],
        }
    }

    /// The lines holding `span`, and the span within them (cut to
    /// [`MAX_LINES`] lines, and each to [`MAX_WIDTH`] characters past the
    /// span); none to draw when the span starts too far into its line.
    fn around(input: &'a Input, span: Range<usize>) -> (Excerpt<'a>, Option<Range<usize>>) {
        let text = input.text.as_str();
        let mut end = span.end.min(text.len());
        let start = span.start.min(end);
        let from = text
            .get(..start)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |i| i + 1);
        if start - from > MAX_WIDTH * 5 {
            return (Excerpt::empty(input.name.as_str()), None);
        }
        let boundary = |mut at: usize| {
            at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        end = end.min(boundary(start + MAX_WIDTH * 5));
        let mut to = text
            .get(end..)
            .and_then(|t| t.get(..boundary(end + MAX_WIDTH) - end))
            .map_or(end, |t| t.find('\n').map_or(end + t.len(), |i| end + i));
        let mut lines = text.get(from..to).unwrap_or_default();
        if lines.matches('\n').count() >= MAX_LINES {
            to = lines
                .match_indices('\n')
                .nth(MAX_LINES - 1)
                .map_or(to, |(i, _)| from + i);
            lines = text.get(from..to).unwrap_or_default();
        }
        let starts = std::iter::once(0)
            .chain(lines.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let first_line = input.first_line + text.get(..from).map_or(0, |t| t.matches('\n').count());
        let local = start - from..end.min(to).max(start) - from;
        (
            Excerpt {
                name: input.name.as_str(),
                text: lines,
                first_line,
                starts,
            },
            Some(local),
        )
    }
}

impl<'a> Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        let local = match self.starts.binary_search(&byte_index) {
            Ok(i) => i,
            Err(next) => next.saturating_sub(1),
        };
        Ok(self.first_line + local)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let local = line_index
            .checked_sub(self.first_line)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: self.first_line + self.starts.len(),
            })?;
        let start = *self.starts.get(local).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.first_line + self.starts.len(),
        })?;
        let end = self
            .starts
            .get(local + 1)
            .map_or(self.text.len(), |next| *next);
        Ok(start..end)
    }
}

/// The error for scripts: `{"error": {"message", "file", "line", "column",
/// "text", "hint"}}`.
pub fn to_json(e: &Error) -> Value {
    let location = e.location();
    let text = match (&e.input, e.span()) {
        (Some(input), Some(span)) => input
            .text
            .get(span)
            .map(|t| t.chars().take(MAX_WIDTH).collect::<String>()),
        _ => None,
    };
    json!({"error": {
        "message": e.message(),
        "file": location.as_ref().map(|l| l.0.clone()),
        "line": location.as_ref().map(|l| l.1),
        "column": location.as_ref().map(|l| l.2),
        "text": text,
        "hint": e.hint(),
    }})
}
