//! Text into tokens: numbers with their separators, words, symbols and
//! signs, each with its byte span.

use std::ops::Range;

use super::error::AmountError;
use super::lexicon::{ABBREVIATIONS, SYMBOLS};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
    Sym(char),
    Sign(bool),
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{202F}' || c == '\u{2009}'
}

pub(super) fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Splits the text into numbers, words, symbols and signs.
pub(super) fn tokenize(text: &str) -> Result<Vec<(Tok<'_>, Range<usize>)>, AmountError> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if is_space(c) {
            chars.next();
        } else if c.is_ascii_digit() || (c == '.' && next_is_digit(text, i + 1)) {
            let end = scan_number(text, i);
            let slice = text.get(i..end).unwrap_or_default();
            toks.push((Tok::Num(slice), i..end));
            while chars.peek().is_some_and(|&(j, _)| j < end) {
                chars.next();
            }
        } else if text.get(i..).is_some_and(|t| t.starts_with("U.S.")) {
            // `U.S.` reads as `US`.
            toks.push((Tok::Word("U.S."), i..i + 4));
            while chars.peek().is_some_and(|&(j, _)| j < i + 4) {
                chars.next();
            }
        } else if c.is_alphabetic() {
            let mut end = i;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    chars.next();
                } else if d == '-'
                    && text
                        .get(j + 1..)
                        .and_then(|t| t.chars().next())
                        .is_some_and(char::is_alphabetic)
                {
                    // `trente-six`, `US-Dollar`: a hyphen between letters
                    // joins one word.
                    end = j + 1;
                    chars.next();
                } else if is_apostrophe(d) {
                    // `d'euros` -> `d'` `euros`; `jusqu'à` -> `jusqu'` `à`.
                    end = j + d.len_utf8();
                    chars.next();
                    break;
                } else {
                    break;
                }
            }
            let word = text.get(i..end).unwrap_or_default();
            let mut span_end = end;
            // `Mrd.`, `Mio.`: the point of an abbreviation belongs to it.
            if text.get(end..).is_some_and(|t| t.starts_with('.'))
                && !next_is_digit(text, end + 1)
                && ABBREVIATIONS.contains(&word.to_lowercase().as_str())
            {
                chars.next();
                span_end = end + 1;
            }
            toks.push((Tok::Word(word), i..span_end));
        } else if c == '-' || c == '−' || c == '+' {
            toks.push((Tok::Sign(c == '+'), i..i + c.len_utf8()));
            chars.next();
        } else if c == '%' || SYMBOLS.iter().any(|&(s, _)| s == c) {
            toks.push((Tok::Sym(c), i..i + c.len_utf8()));
            chars.next();
        } else {
            return Err(AmountError::UnexpectedChar {
                found: c,
                span: i..i + c.len_utf8(),
            });
        }
    }
    Ok(toks)
}

fn next_is_digit(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| c.is_ascii_digit())
}

/// The end of the number starting at `start`: digits, with `,`, `.` and
/// `'` between digits, and spaces between digit groups when exactly three
/// digits follow (`1 000 000` but not `49 %` or `14,3 milliards`).
fn scan_number(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    loop {
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        let rest = text.get(end..).unwrap_or_default();
        let Some(c) = rest.chars().next() else { break };
        if (c == ',' || c == '.' || is_apostrophe(c)) && next_is_digit(text, end + c.len_utf8()) {
            end += c.len_utf8();
            continue;
        }
        if is_space(c) {
            let after = end + c.len_utf8();
            let group = text.get(after..).unwrap_or_default().as_bytes();
            let three = group.len() >= 3 && group.iter().take(3).all(u8::is_ascii_digit);
            let then_stop = !group.get(3).is_some_and(u8::is_ascii_digit);
            let prev_group = text
                .get(start..end)
                .unwrap_or_default()
                .rsplit(|ch: char| !ch.is_ascii_digit())
                .next()
                .map_or(0, str::len);
            if three && then_stop && prev_group <= 3 {
                end = after;
                continue;
            }
        }
        break;
    }
    end
}
