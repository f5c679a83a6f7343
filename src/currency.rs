//! Currencies: ISO 4217 codes from `iso_currency`, plus the legacy codes a
//! rate table declares (`CYP`, `EEK`, ... in the ECB history).

use std::collections::BTreeMap;
use std::fmt;

use crate::amount::Code;

/// A currency and its minor unit: USD has 2 decimals, JPY 0, BHD 3.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Currency {
    code: Code,
    minor_units: u8,
}

impl Currency {
    /// The ISO 4217 currency with this code, if there is one. Codes without
    /// a minor unit in ISO 4217 (XAU, XDR) keep 2 decimals, as money does.
    pub fn iso(code: Code) -> Option<Currency> {
        let iso = iso_currency::Currency::from_code(code.as_str())?;
        let minor_units = iso
            .exponent()
            .and_then(|e| u8::try_from(e).ok())
            .unwrap_or(2);
        Some(Currency { code, minor_units })
    }

    /// A currency outside ISO 4217, as a rate table declares it.
    pub fn declared(code: Code, minor_units: u8) -> Currency {
        Currency { code, minor_units }
    }

    /// The code: `USD`.
    pub fn code(&self) -> Code {
        self.code
    }

    /// Decimals shown: USD 2, JPY 0, BHD 3.
    pub fn minor_units(&self) -> u32 {
        u32::from(self.minor_units)
    }

    /// The ISO name (`US dollar`), if ISO knows the code.
    pub fn iso_name(&self) -> Option<String> {
        iso_currency::Currency::from_code(self.code.as_str()).map(|c| c.name().to_owned())
    }

    /// The usual symbol in English text: `$`, `€`, `£`, `¥`; `None` where
    /// the code is clearer.
    pub fn symbol(&self) -> Option<&'static str> {
        Some(match self.code.as_str() {
            "USD" => "$",
            "EUR" => "€",
            "GBP" => "£",
            "JPY" => "¥",
            "INR" => "₹",
            "KRW" => "₩",
            _ => return None,
        })
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.as_str())
    }
}

/// A currency declared by a rate table's `[currencies]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declared {
    /// Decimals shown.
    pub minor_units: u8,
    /// Its name: `Cypriot pound`.
    pub name: String,
}

/// The currencies a computation may name: ISO 4217 and the declared ones.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Currencies {
    declared: BTreeMap<Code, Declared>,
}

/// A code neither ISO 4217 nor the rate table knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCurrency {
    /// The code as written.
    pub code: Code,
    /// A known code one letter away, if any: `USX` -> `USD`.
    pub suggestion: Option<Code>,
}

impl fmt::Display for UnknownCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown currency `{}`", self.code)
    }
}

impl std::error::Error for UnknownCurrency {}

/// Codes preferred as suggestions, most traded first.
const MAJOR: &[&str] = &[
    "USD", "EUR", "JPY", "GBP", "CNY", "AUD", "CAD", "CHF", "HKD", "SGD", "SEK", "KRW", "NOK",
    "NZD", "INR", "MXN", "BRL", "ZAR",
];

impl Currencies {
    /// Adds a declared currency; ISO codes are never shadowed.
    pub fn declare(&mut self, code: Code, declared: Declared) {
        self.declared.insert(code, declared);
    }

    /// The declared currencies, by code.
    pub fn declared(&self) -> &BTreeMap<Code, Declared> {
        &self.declared
    }

    /// The currency for a code: ISO first, then the declared ones.
    pub fn resolve(&self, code: Code) -> Result<Currency, UnknownCurrency> {
        if let Some(c) = Currency::iso(code) {
            return Ok(c);
        }
        if let Some(d) = self.declared.get(&code) {
            return Ok(Currency::declared(code, d.minor_units));
        }
        Err(UnknownCurrency {
            code,
            suggestion: self.suggest(code),
        })
    }

    /// The name of a currency: ISO's, or the declared one.
    pub fn name(&self, currency: Currency) -> String {
        currency.iso_name().unwrap_or_else(|| {
            self.declared
                .get(&currency.code())
                .map_or_else(|| currency.code().to_string(), |d| d.name.clone())
        })
    }

    fn suggest(&self, code: Code) -> Option<Code> {
        let text = code.as_str().as_bytes();
        let one_off = |known: &str| {
            known.len() == 3
                && known
                    .bytes()
                    .zip(text.iter())
                    .filter(|(a, b)| a != *b)
                    .count()
                    == 1
        };
        if let Some(major) = MAJOR.iter().find(|m| one_off(m)) {
            return Code::new(major);
        }
        if let Some(d) = self.declared.keys().find(|d| one_off(d.as_str())) {
            return Some(*d);
        }
        // Any ISO code one letter away, in alphabetical order.
        let mut found: Option<Code> = None;
        for pos in 0..3 {
            for letter in b'A'..=b'Z' {
                let mut candidate = [
                    text.first().copied().unwrap_or(b'A'),
                    text.get(1).copied().unwrap_or(b'A'),
                    text.get(2).copied().unwrap_or(b'A'),
                ];
                if let Some(slot) = candidate.get_mut(pos) {
                    *slot = letter;
                }
                let cand = std::str::from_utf8(&candidate).ok().and_then(Code::new);
                if let Some(c) = cand.filter(|c| *c != code && Currency::iso(*c).is_some())
                    && found.is_none_or(|f| c < f)
                {
                    found = Some(c);
                }
            }
        }
        found
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn code(s: &str) -> Code {
        Code::new(s).unwrap()
    }

    #[test]
    fn minor_units_come_from_iso_4217() {
        let c = Currencies::default();
        for (text, units) in [("USD", 2), ("JPY", 0), ("KRW", 0), ("BHD", 3), ("EUR", 2)] {
            assert_eq!(
                c.resolve(code(text)).unwrap().minor_units(),
                units,
                "{text}"
            );
        }
    }

    #[test]
    fn legacy_codes_need_a_declaration() {
        let mut c = Currencies::default();
        assert!(c.resolve(code("CYP")).is_err());
        c.declare(
            code("CYP"),
            Declared {
                minor_units: 2,
                name: "Cypriot pound".into(),
            },
        );
        assert_eq!(c.resolve(code("CYP")).unwrap().minor_units(), 2);
        assert_eq!(c.name(c.resolve(code("CYP")).unwrap()), "Cypriot pound");
    }

    #[test]
    fn unknown_code_suggests_a_near_one() {
        let c = Currencies::default();
        assert_eq!(
            c.resolve(code("USX")).unwrap_err().suggestion,
            Some(code("USD"))
        );
        assert_eq!(
            c.resolve(code("EUT")).unwrap_err().suggestion,
            Some(code("EUR"))
        );
        assert_eq!(c.resolve(code("QQQ")).unwrap_err().suggestion, None);
    }
}
