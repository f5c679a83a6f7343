//! Currency codes as rows write them, resolved once per batch.

use crate::amount::Code;
use crate::currency::Currency;
use crate::rates::RateTable;

/// Currencies by the text of their code, resolved once: a direct-mapped
/// table of 4,096 places (a batch names a few dozen codes), each
/// keyed by the bytes as written, so a hit is one three-byte comparison.
/// Two codes in one place (`usd` and `USD`, or two whose letters hash
/// alike) take turns in it: slower, never wrong.
pub struct CodeCache {
    slots: Vec<Option<([u8; 3], Currency)>>,
}

impl std::fmt::Debug for CodeCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let held = self.slots.iter().flatten().count();
        f.debug_struct("CodeCache").field("held", &held).finish()
    }
}

impl Default for CodeCache {
    fn default() -> Self {
        CodeCache {
            slots: vec![None; CodeCache::SLOTS],
        }
    }
}

impl CodeCache {
    /// Places in the table: 40 KB per converter, where one per code
    /// (32,768) held 320 KB.
    const SLOTS: usize = 4096;

    /// The place of a code's bytes: its letters' 15 bits, hashed
    /// (Fibonacci hashing) to 12.
    fn slot(code: [u8; 3]) -> usize {
        let letters = u32::try_from(Code::slot(&code)).unwrap_or(0);
        (letters.wrapping_mul(0x9e37_79b9) >> 20) as usize
    }

    /// The currency `bytes` names in `table`, or why there is none (the
    /// message and a hint):
    ///
    /// ```
    /// use dealcalc::batch::CodeCache;
    /// use dealcalc::rates::RateTable;
    ///
    /// let table = RateTable::builtin().unwrap();
    /// let mut codes = CodeCache::default();
    /// let yen = codes.currency(&table, b"jpy").unwrap();
    /// assert_eq!((yen.code().as_str(), yen.minor_units()), ("JPY", 0));
    /// let (message, hint) = codes.currency(&table, b"USX").unwrap_err();
    /// assert_eq!(message, "unknown currency `USX`");
    /// assert!(hint.is_some());
    /// ```
    pub fn currency(
        &mut self,
        table: &RateTable,
        bytes: &[u8],
    ) -> std::result::Result<Currency, (String, Option<String>)> {
        // A hit needs no decoding at all.
        if let [a, b, c] = *bytes
            && let Some(Some((written, currency))) = self.slots.get(CodeCache::slot([a, b, c]))
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
            && let Some(s) = self.slots.get_mut(CodeCache::slot([a, b, c]))
        {
            *s = Some(([a, b, c], currency));
        }
        Ok(currency)
    }
}

#[cfg(test)]
mod tests {
    use super::CodeCache;

    /// The ECB's currencies, today's and those the euro replaced, each
    /// have a place of their own, so a batch of them never takes turns.
    #[test]
    fn ecb_codes_have_places_of_their_own() {
        let table = crate::rates::RateTable::builtin().unwrap();
        let mut seen = std::collections::HashMap::new();
        for (currency, _, _, _) in table.ranges() {
            let code = currency.code();
            let bytes: [u8; 3] = *code.as_bytes();
            let place = CodeCache::slot(bytes);
            assert!(place < CodeCache::SLOTS);
            if let Some(other) = seen.insert(place, code) {
                panic!("{code} and {other} share place {place}");
            }
        }
        assert!(seen.len() > 40, "{}", seen.len());
    }
}
