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
    /// Its place in [`EURO_LEGACY`] when the euro replaced it, decided once
    /// here rather than by a search on every quote.
    legacy: Option<u8>,
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
        Some(Currency {
            code,
            minor_units,
            legacy: legacy_index(code),
        })
    }

    /// A currency outside ISO 4217, as a rate table declares it.
    pub fn declared(code: Code, minor_units: u8) -> Currency {
        Currency {
            code,
            minor_units,
            legacy: legacy_index(code),
        }
    }

    /// The fixed rate by law, when the euro replaced this currency.
    pub fn euro_legacy(&self) -> Option<&'static EuroLegacy> {
        self.legacy.and_then(|i| EURO_LEGACY.get(usize::from(i)))
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

/// A currency the euro replaced, at a rate fixed by law.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EuroLegacy {
    /// Its code: `DEM`.
    pub code: &'static str,
    /// Its name: `German mark`.
    pub name: &'static str,
    /// Decimals it was written with (ISO 4217 as it was: ITL 0, DEM 2).
    pub minor_units: u8,
    /// Units per euro, irrevocably fixed: DEM 1.95583, as (mantissa, scale).
    rate: (i64, u32),
    /// The day the euro replaced it (year, month, day).
    adopted: (i32, u32, u32),
}

impl EuroLegacy {
    /// Units of the currency per euro: 1.95583 for DEM.
    pub fn rate(&self) -> rust_decimal::Decimal {
        rust_decimal::Decimal::new(self.rate.0, self.rate.1)
    }

    /// The first day on which the fixed rate applies: 1999-01-01 for DEM,
    /// 2023-01-01 for HRK.
    pub fn adopted(&self) -> chrono::NaiveDate {
        let (y, m, d) = self.adopted;
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or(chrono::NaiveDate::MIN)
    }

    /// The currency with this code, if the euro replaced it.
    pub fn of(code: Code) -> Option<&'static EuroLegacy> {
        legacy_index(code).and_then(|i| EURO_LEGACY.get(usize::from(i)))
    }
}

/// Where a code is in [`EURO_LEGACY`].
fn legacy_index(code: Code) -> Option<u8> {
    EURO_LEGACY
        .iter()
        .position(|l| l.code == code.as_str())
        .and_then(|i| u8::try_from(i).ok())
}

/// The euro's irrevocably fixed conversion rates (Council Regulations
/// 2866/98 for the first eleven, then one per accession), in one place:
/// from its adoption date a currency converts to the euro at this rate,
/// never at a market rate. 100 DEM is 100 / 1.95583 = 51.13 EUR; 1,000,000
/// HRK on 2024-06-03 is 1000000 / 7.53450 = 132,722.81 EUR.
pub const EURO_LEGACY: &[EuroLegacy] = &[
    legacy("ATS", "Austrian schilling", 2, (137_603, 4), (1999, 1, 1)),
    legacy("BEF", "Belgian franc", 0, (403_399, 4), (1999, 1, 1)),
    legacy("DEM", "German mark", 2, (195_583, 5), (1999, 1, 1)),
    legacy("ESP", "Spanish peseta", 0, (166_386, 3), (1999, 1, 1)),
    legacy("FIM", "Finnish markka", 2, (594_573, 5), (1999, 1, 1)),
    legacy("FRF", "French franc", 2, (655_957, 5), (1999, 1, 1)),
    legacy("IEP", "Irish pound", 2, (787_564, 6), (1999, 1, 1)),
    legacy("ITL", "Italian lira", 0, (193_627, 2), (1999, 1, 1)),
    legacy("LUF", "Luxembourg franc", 0, (403_399, 4), (1999, 1, 1)),
    legacy("NLG", "Dutch guilder", 2, (220_371, 5), (1999, 1, 1)),
    legacy("PTE", "Portuguese escudo", 0, (200_482, 3), (1999, 1, 1)),
    legacy("GRD", "Greek drachma", 0, (340_750, 3), (2001, 1, 1)),
    legacy("SIT", "Slovenian tolar", 2, (239_640, 3), (2007, 1, 1)),
    legacy("CYP", "Cypriot pound", 2, (585_274, 6), (2008, 1, 1)),
    legacy("MTL", "Maltese lira", 2, (429_300, 6), (2008, 1, 1)),
    legacy("SKK", "Slovak koruna", 2, (301_260, 4), (2009, 1, 1)),
    legacy("EEK", "Estonian kroon", 2, (156_466, 4), (2011, 1, 1)),
    legacy("LVL", "Latvian lats", 2, (702_804, 6), (2014, 1, 1)),
    legacy("LTL", "Lithuanian litas", 2, (345_280, 5), (2015, 1, 1)),
    legacy("HRK", "Croatian kuna", 2, (753_450, 5), (2023, 1, 1)),
    legacy("BGN", "Bulgarian lev", 2, (195_583, 5), (2026, 1, 1)),
];

const fn legacy(
    code: &'static str,
    name: &'static str,
    minor_units: u8,
    rate: (i64, u32),
    adopted: (i32, u32, u32),
) -> EuroLegacy {
    EuroLegacy {
        code,
        name,
        minor_units,
        rate,
        adopted,
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
        if let Some(l) = EuroLegacy::of(code) {
            return Ok(Currency::declared(code, l.minor_units));
        }
        Err(UnknownCurrency {
            code,
            suggestion: self.suggest(code),
        })
    }

    /// The name of a currency: ISO's, the declared one, or the euro
    /// legacy one.
    pub fn name(&self, currency: Currency) -> String {
        currency.iso_name().unwrap_or_else(|| {
            self.declared.get(&currency.code()).map_or_else(
                || {
                    EuroLegacy::of(currency.code())
                        .map_or_else(|| currency.code().to_string(), |l| l.name.to_owned())
                },
                |d| d.name.clone(),
            )
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
    fn declared_codes_resolve() {
        let mut c = Currencies::default();
        assert!(c.resolve(code("XYZ")).is_err());
        c.declare(
            code("XYZ"),
            Declared {
                minor_units: 3,
                name: "Test unit".into(),
            },
        );
        assert_eq!(c.resolve(code("XYZ")).unwrap().minor_units(), 3);
        assert_eq!(c.name(c.resolve(code("XYZ")).unwrap()), "Test unit");
    }

    /// The rates as the regulations print them (the regulations' own figures).
    #[test]
    fn euro_legacy_rates_are_the_legal_ones() {
        let printed = "ATS 13.7603 1999-01-01, BEF 40.3399 1999-01-01, DEM 1.95583 1999-01-01, \
            ESP 166.386 1999-01-01, FIM 5.94573 1999-01-01, FRF 6.55957 1999-01-01, \
            IEP 0.787564 1999-01-01, ITL 1936.27 1999-01-01, LUF 40.3399 1999-01-01, \
            NLG 2.20371 1999-01-01, PTE 200.482 1999-01-01, GRD 340.750 2001-01-01, \
            SIT 239.640 2007-01-01, CYP 0.585274 2008-01-01, MTL 0.429300 2008-01-01, \
            SKK 30.1260 2009-01-01, EEK 15.6466 2011-01-01, LVL 0.702804 2014-01-01, \
            LTL 3.45280 2015-01-01, HRK 7.53450 2023-01-01, BGN 1.95583 2026-01-01";
        let entries: Vec<&str> = printed.split(", ").collect();
        assert_eq!(entries.len(), EURO_LEGACY.len());
        for (entry, l) in entries.iter().zip(EURO_LEGACY) {
            let [c, rate, date] = entry.split(' ').collect::<Vec<_>>()[..] else {
                panic!("{entry}")
            };
            assert_eq!(c, l.code);
            // Exactly as printed, trailing zeros included (SIT 239.640).
            assert_eq!(l.rate().to_string(), rate, "{c}");
            assert_eq!(l.adopted().to_string(), date, "{c}");
        }
        let c = Currencies::default();
        assert_eq!(c.resolve(code("ITL")).unwrap().minor_units(), 0);
        assert_eq!(c.name(c.resolve(code("DEM")).unwrap()), "German mark");
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
