//! The byte-level pieces of the fast path: currency codes resolved once,
//! dates and plain numbers read straight from their digits, and fields
//! written without formatting machinery.

use chrono::NaiveDate;

use crate::error::{Error, Result};

/// A buffer of `capacity` bytes, or an error when memory runs out (under a
/// memory limit the batch reports it rather than aborting).
pub(super) fn buffer(capacity: usize) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    out.try_reserve_exact(capacity).map_err(|_| {
        Error::invalid(format!(
            "out of memory: cannot hold a block of {} KiB of rows",
            capacity >> 10
        ))
        .with(None, Some("raise the memory limit (ulimit -v)".into()))
    })?;
    Ok(out)
}

/// The start of a row for a message: at most 80 characters of it.
pub(super) fn excerpt(text: &[u8]) -> String {
    let t = String::from_utf8_lossy(text);
    let mut out: String = t.chars().take(80).collect();
    if t.chars().count() > 80 {
        out.push_str("...");
    }
    out
}

pub(super) fn overflow() -> String {
    crate::rates::RateError::Overflow.to_string()
}

/// Writes a field, quoted when it holds the separator, a quote or a line
/// break (RFC 4180).
pub(super) fn push_field(out: &mut Vec<u8>, text: &str, separator: u8) {
    let bytes = text.as_bytes();
    if bytes
        .iter()
        .any(|b| *b == separator || *b == b'"' || *b == b'\n' || *b == b'\r')
    {
        out.push(b'"');
        for b in bytes {
            if *b == b'"' {
                out.push(b'"');
            }
            out.push(*b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(bytes);
    }
}

/// `2025-07-08` without going through a general parser.
pub(super) fn fast_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0_u32, |acc, d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}
