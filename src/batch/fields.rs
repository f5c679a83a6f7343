//! The byte-level pieces of the fast path: currency codes resolved once,
//! dates and plain numbers read straight from their digits, and fields
//! written without formatting machinery.

use chrono::NaiveDate;

use crate::amount::Code;
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::rates::RateTable;

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

/// Currencies by the text of their code, resolved once: a direct-mapped
/// table of [`Cache::SLOTS`] places (a batch names a few dozen codes), each
/// keyed by the bytes as written, so a hit is one three-byte comparison.
/// Two codes in one place (`usd` and `USD`, or two whose letters hash
/// alike) take turns in it: slower, never wrong.
pub(super) struct Cache {
    slots: Vec<Option<([u8; 3], Currency)>>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            slots: vec![None; Cache::SLOTS],
        }
    }
}

impl Cache {
    /// Places in the table: 40 KB per converter, where one per code
    /// (32,768) held 320 KB.
    const SLOTS: usize = 4096;

    /// The place of a code's bytes: its letters' 15 bits, hashed
    /// (Fibonacci hashing) to 12.
    fn slot(code: [u8; 3]) -> usize {
        let letters = u32::try_from(Code::slot(&code)).unwrap_or(0);
        (letters.wrapping_mul(0x9e37_79b9) >> 20) as usize
    }

    pub(super) fn currency(
        &mut self,
        table: &RateTable,
        bytes: &[u8],
    ) -> std::result::Result<Currency, (String, Option<String>)> {
        // A hit needs no decoding at all.
        if let [a, b, c] = *bytes
            && let Some(Some((written, currency))) = self.slots.get(Cache::slot([a, b, c]))
            && *written == [a, b, c]
        {
            return Ok(*currency);
        }
        let text = String::from_utf8_lossy(bytes);
        let code = std::str::from_utf8(bytes)
            .ok()
            .and_then(Code::new)
            .ok_or_else(|| (format!("`{text}` is not a currency code"), None))?;
        let currency = table.resolve(code).map_err(|u| {
            (
                format!("unknown currency `{text}`"),
                u.suggestion.map(|s| format!("did you mean `{s}`?")),
            )
        })?;
        if let [a, b, c] = *bytes
            && let Some(s) = self.slots.get_mut(Cache::slot([a, b, c]))
        {
            *s = Some(([a, b, c], currency));
        }
        Ok(currency)
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

#[cfg(test)]
mod tests {
    use super::Cache;

    /// The ECB's currencies, today's and those the euro replaced, each
    /// have a place of their own, so a batch of them never takes turns.
    #[test]
    fn ecb_codes_have_places_of_their_own() {
        let table = crate::rates::RateTable::builtin().unwrap();
        let mut seen = std::collections::HashMap::new();
        for (currency, _, _, _) in table.ranges() {
            let code = currency.code();
            let bytes: [u8; 3] = *code.as_bytes();
            let place = Cache::slot(bytes);
            assert!(place < Cache::SLOTS);
            if let Some(other) = seen.insert(place, code) {
                panic!("{code} and {other} share place {place}");
            }
        }
        assert!(seen.len() > 40, "{}", seen.len());
    }
}
