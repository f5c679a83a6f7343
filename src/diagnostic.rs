//! Errors drawn for people (the line, a caret under the offending text, a
//! hint) or for scripts (a JSON object). The one place errors are rendered.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, termcolor::Buffer};
use serde_json::{Value, json};

use crate::error::Error;

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
    let (name, text) = e
        .input
        .as_ref()
        .map_or(("", ""), |i| (i.name.as_str(), i.text.as_str()));
    let file = SimpleFile::new(name, text);
    let mut d = Diagnostic::error().with_message(e.message());
    if let (Some(_), Some(span)) = (&e.input, e.span()) {
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        d = d.with_labels(vec![Label::primary((), start..end)]);
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

/// The error for scripts: `{"error": {"message", "file", "line", "column",
/// "text", "hint"}}`.
pub fn to_json(e: &Error) -> Value {
    let location = e.location();
    let text = match (&e.input, e.span()) {
        (Some(input), Some(span)) => input.text.get(span).map(str::to_owned),
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
