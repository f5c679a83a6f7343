//! The header: which separator a file uses, where its columns are, and
//! errors pointing at a field of a line.

use super::records::{field_span, split_fields, trim_line_break};
use super::{OnError, Options};
use crate::error::{Error, Input, Result};

/// Where the columns are, and how fields are separated.
#[derive(Clone, Copy)]
pub(super) struct Layout {
    pub(super) date: usize,
    pub(super) amount: usize,
    pub(super) from: usize,
    /// `None`: every row goes into [`Options::to`].
    pub(super) to: Option<usize>,
    pub(super) count: usize,
    pub(super) separator: u8,
}

/// An error pointing at a field (or, with none, the whole) of a line of
/// the input.
pub(super) fn row_error(
    name: &str,
    line: u64,
    text: &[u8],
    span: Option<std::ops::Range<usize>>,
    message: String,
    hint: Option<String>,
) -> Error {
    let text = trim_line_break(text);
    let span = span.map_or(0..text.len(), |s| {
        s.start.min(text.len())..s.end.min(text.len())
    });
    // Byte offsets into the lossy text: the same as into the bytes when they
    // are UTF-8, which every row that reaches a field error is.
    let text = String::from_utf8_lossy(text).into_owned();
    let input = Input::lines_of(name, text, line);
    Error::invalid(format!("line {line}: {message}"))
        .with(Some(span), hint)
        .at(&input, 0)
}

/// The columns the conversion appends: the result, the rate and its date
/// (for an average, the last day averaged), and whether the rate is stale
/// or the latest available (`true` or `false`, on every row, so that no
/// weak rate goes unsaid in a spreadsheet).
pub(super) const APPENDED: &[&str] = &["result", "rate", "rate_date", "stale", "latest_available"];

/// Reads the header: which separator it uses, where the columns are, and
/// that it names each once and none of the appended ones.
pub(super) fn read_layout(header: &[u8], options: &Options, name: &str) -> Result<Layout> {
    let names_with = |sep: u8| -> Vec<String> {
        let (mut scratch, mut ranges) = (Vec::new(), Vec::new());
        let quoted = split_fields(header, sep, &mut scratch, &mut ranges);
        let base: &[u8] = if quoted { &scratch } else { header };
        ranges
            .iter()
            .map(|r| {
                String::from_utf8_lossy(base.get(r.clone()).unwrap_or_default())
                    .trim()
                    .to_ascii_lowercase()
            })
            .collect()
    };
    let needed = |names: &[String]| {
        ["date", "amount", "from"]
            .iter()
            .all(|n| names.iter().any(|f| f == n))
    };
    let (separator, names) = [b',', b';', b'\t']
        .into_iter()
        .map(|sep| (sep, names_with(sep)))
        .find(|(_, names)| needed(names))
        .unwrap_or_else(|| (b',', names_with(b',')));
    let fail = |span: Option<std::ops::Range<usize>>, message: String, hint: &str| {
        row_error(name, 1, header, span, message, Some(hint.to_owned()))
    };
    for (i, n) in names.iter().enumerate() {
        let span = Some(field_span(header, separator, i));
        if names.get(..i).is_some_and(|before| before.contains(n)) && !n.is_empty() {
            return Err(fail(
                span,
                format!("the header names `{n}` twice"),
                "name each column once",
            ));
        }
        let appended =
            APPENDED.contains(&n.as_str()) || (options.on_error == OnError::Mark && n == "error");
        if appended {
            return Err(fail(
                span,
                format!("the header already has `{n}`, a column the conversion appends"),
                "rename or drop that column",
            ));
        }
    }
    let col = |n: &str| names.iter().position(|f| f == n);
    let (Some(date), Some(amount), Some(from)) = (col("date"), col("amount"), col("from")) else {
        let missing: Vec<&str> = ["date", "amount", "from"]
            .into_iter()
            .filter(|n| col(n).is_none())
            .collect();
        return Err(fail(
            None,
            format!(
                "the header `{}` lacks {}",
                String::from_utf8_lossy(header),
                missing.join(", ")
            ),
            "start the file with `date,amount,from,to` (or `;` or tabs between them)",
        ));
    };
    let to = match (col("to"), options.to) {
        (Some(i), _) => Some(i),
        (None, Some(_)) => None,
        (None, None) => {
            return Err(fail(
                None,
                "the header has no `to` column".to_owned(),
                "add a `to` column, or give every row's currency with --to",
            ));
        }
    };
    Ok(Layout {
        date,
        amount,
        from,
        to,
        count: names.len(),
        separator,
    })
}
