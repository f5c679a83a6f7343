//! Amounts as people write them: `$14.3B`, `85 millions d'euros`, `49 %`.
//!
//! [`Amount::parse`] reads one figure in English, French or another
//! European language and keeps what a fact-checker needs besides its value:
//! the currency as written, how precisely it was printed ([`Amount::step`])
//! and any qualifier ("more than", "jusqu'à") that turns it into a bound.
//!
//! | text | value | currency | step |
//! |---|---|---|---|
//! | `$14.3B` | 14300000000 | USD | 100000000 |
//! | `14,3 milliards de dollars` | 14300000000 | USD | 100000000 |
//! | `85 M€` | 85000000 | EUR | 1000000 |
//! | `₹1712 crore` | 17120000000 | INR | 10000000 |
//! | `2 billions d'euros` | 2000000000000 | EUR | 1000000000000 |
//! | `49 %` | 0.49 | (percent) | 0.01 |
//!
//! # Separators: never a silent misreading
//!
//! A figure read wrong by a factor of 1,000 is the worst answer there is,
//! so a number is read only when its convention is settled:
//!
//! | text | read as | why |
//! |---|---|---|
//! | `1,000,000`, `1.000.000`, `1 000 000`, `1'000'000` | 1000000 | a repeated separator groups |
//! | `1,234.56`, `1.234,56` | 1234.56 | with both, the last marks decimals |
//! | `1 000,5`, `1'000.50` | 1000.5, 1000.50 | spaces and `'` group, so the other marks decimals |
//! | `14,3`, `1.5`, `0,500`, `1234.567` | 14.3, 1.5, 0.5, 1234.567 | not three digits after, or not a thousands group before |
//! | `$1,500`, `USD 1,500` | 1500 | a comma after a leading symbol or code groups (English) |
//! | `1,500 billion`, `1,500 Md€` | 1500000000000, 1500000000 | an English or a European scale word settles it |
//! | `1,500 €`, `10.000 €`, `$1.000`, `1.000` | error | one separator before three digits: both readings shown |
//!
//! [`Reading::numbers`] (`--numbers en|eu`, a scenario's `numbers`)
//! settles the last row: `10.000 €` is 10000 EUR under `eu`, 10 EUR under
//! `en`. A space never marks decimals, and digits after the decimal mark
//! are never grouped into the integer part: `1,234.567 891` is
//! 1234.567891.
//!
//! # Scales
//!
//! `k` thousand mille; `M` `MM` `mn` `mln` million `Mio`; `B` `bn`
//! billion `Md` `Mds` `Mrd` milliard `G`; `T` `tn` trillion; lakh (10^5),
//! crore (10^7). In French, `billion(s)` and `trillion(s)` followed by `de`
//! or `d'` are the long scale: `2 billions d'euros` is 2 x 10^12.
//!
//! # Bare symbols
//!
//! `$` alone is USD, `¥` JPY, `£` GBP unless the reader says otherwise
//! ([`Reading::symbols`]: `--from CAD`, a scenario's `symbols`); `kr` has
//! no default (SEK, NOK, DKK or ISK) and is an error without one. Country
//! prefixes are read only when attached (`C$`, `A$`, `NZ$`, `US$`) or
//! spelled out (`dollars canadiens`, `US $`): `a $5` is 5 USD.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;

mod error;
pub mod lexicon;
mod number;
mod parser;
#[cfg(test)]
mod tests;
mod tokens;

pub use error::AmountError;
pub use lexicon::Lang;

/// A three-letter currency code as written (`USD`, `EUR`, `CYP`), not yet
/// checked against ISO 4217 or a rate table: see [`crate::currency`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code([u8; 3]);

impl Code {
    /// Reads three ASCII letters, upper or lower case: `usd` -> `USD`.
    pub fn new(text: &str) -> Option<Code> {
        let bytes = text.as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => Some(Code([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => None,
        }
    }

    /// The code's three upper-case ASCII letters.
    pub fn as_bytes(&self) -> &[u8; 3] {
        &self.0
    }

    /// A slot for three letters in a table of [`Code::SLOTS`]: five bits a
    /// letter, case folded (`usd` and `USD` share one), distinct for
    /// distinct codes.
    pub fn slot(letters: &[u8]) -> usize {
        match *letters {
            // Three letters, the common case, in three shifts.
            [a, b, c] => usize::from(a & 31) << 10 | usize::from(b & 31) << 5 | usize::from(c & 31),
            _ => {
                letters
                    .iter()
                    .fold(0_usize, |i, x| i * 32 + usize::from(*x & 31))
                    % Self::SLOTS
            }
        }
    }

    /// The size of a table indexed by [`Code::slot`].
    pub const SLOTS: usize = 32 * 32 * 32;

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Code({})", self.as_str())
    }
}

/// What a figure counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Money in a currency; the span is where the currency was written.
    Currency(Code, Range<usize>),
    /// A percentage; the value is already a fraction (`49%` -> 0.49).
    Percent,
    /// A bare number (`4800`, `0.49`).
    Number,
}

/// How a printed figure relates to the truth it reports, from the words
/// around it (u is one unit of its last printed digit: `$29 billion` has
/// u = 1 billion).
///
/// | bound | words | holds when the truth is in |
/// |---|---|---|
/// | `Rounded` | none | [X - u/2, X + u/2] |
/// | `About` | about, around, roughly, approximately, some, environ, quelque, rund, etwa, circa, cerca de | [X - u, X + u] |
/// | `Nearly` | nearly, almost, close to, près de, presque, knapp, fast, casi, quase, quasi | [X - u, X] |
/// | `Over` | more than, over, above, plus de, mehr als, más de, mais de, oltre | (X, +inf) |
/// | `AtLeast` | at least, au moins, mindestens | [X, +inf) |
/// | `AtMost` | up to, at most, jusqu'à, bis zu, hasta | (-inf, X] |
/// | `Under` | less than, under, below, moins de, weniger als, menos de | (-inf, X) |
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// No qualifier: the figure is the truth rounded.
    Rounded,
    /// `about`: within one unit of the last digit.
    About,
    /// `nearly`: within one unit below.
    Nearly,
    /// `more than`: strictly above.
    Over,
    /// `at least`: at or above.
    AtLeast,
    /// `up to`: at or below.
    AtMost,
    /// `less than`: strictly below.
    Under,
}

/// The thousands convention of a text: which of `,` and `.` groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// `,` groups thousands, `.` marks decimals: `1,500.25`.
    En,
    /// `.` groups thousands, `,` marks decimals: `1.500,25`.
    Eu,
}

impl Numbers {
    /// The names the command line and scenario files take.
    pub const NAMES: &'static [&'static str] = &["en", "eu"];
}

impl FromStr for Numbers {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Numbers::En),
            "eu" => Ok(Numbers::Eu),
            _ => Err(format!(
                "unknown number convention `{s}`; choose from: en (`1,500.25`), eu (`1.500,25`)"
            )),
        }
    }
}

impl fmt::Display for Numbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Numbers::En => "en",
            Numbers::Eu => "eu",
        })
    }
}

/// A symbol that several currencies write: `$`, `¥`, `£`, `kr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Symbol {
    /// `$`: the US dollar unless told otherwise.
    Dollar,
    /// `¥`: the yen unless told otherwise (also the yuan).
    Yen,
    /// `£`: the pound sterling unless told otherwise.
    Pound,
    /// `kr`: a krona or krone, no default.
    Krona,
}

impl Symbol {
    /// Every shared symbol.
    pub const ALL: [Symbol; 4] = [Symbol::Dollar, Symbol::Yen, Symbol::Pound, Symbol::Krona];

    /// The symbol as written: `$`.
    pub fn as_str(self) -> &'static str {
        match self {
            Symbol::Dollar => "$",
            Symbol::Yen => "¥",
            Symbol::Pound => "£",
            Symbol::Krona => "kr",
        }
    }

    /// Reads `$`, `¥`, `£`, `kr`.
    pub fn from_text(text: &str) -> Option<Symbol> {
        Symbol::ALL.into_iter().find(|s| s.as_str() == text.trim())
    }

    /// What it stands for when nothing says otherwise.
    pub fn default_code(self) -> Option<&'static str> {
        match self {
            Symbol::Dollar => Some("USD"),
            Symbol::Yen => Some("JPY"),
            Symbol::Pound => Some("GBP"),
            Symbol::Krona => None,
        }
    }

    /// The currencies that write it: `¥` is JPY or CNY.
    pub const fn currencies(self) -> &'static [&'static str] {
        match self {
            Symbol::Dollar => &[
                "USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "MXN", "ARS", "CLP", "COP", "UYU",
                "BSD", "BBD", "BZD", "BMD", "BND", "FJD", "GYD", "JMD", "KYD", "LRD", "NAD", "SBD",
                "SRD", "TTD", "XCD", "CUP", "DOP",
            ],
            Symbol::Yen => &["JPY", "CNY"],
            Symbol::Pound => &[
                "GBP", "EGP", "GIP", "FKP", "SHP", "SSP", "SYP", "LBP", "SDG",
            ],
            Symbol::Krona => &["SEK", "NOK", "DKK", "ISK"],
        }
    }

    /// The shared symbol a currency writes, if any: CAD -> `$`.
    pub fn of(code: Code) -> Option<Symbol> {
        Symbol::ALL
            .into_iter()
            .find(|s| s.currencies().contains(&code.as_str()))
    }
}

/// What a reader knows that a text may not say: the number convention and
/// the currencies of bare symbols.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// Which of `,` and `.` groups thousands, when the text does not say.
    pub numbers: Option<Numbers>,
    /// The currency of a bare symbol: `$` -> NZD for a New Zealand paper.
    pub symbols: Vec<(Symbol, Code)>,
}

impl Reading {
    /// The currency a bare symbol stands for, if the reader said.
    pub fn symbol(&self, symbol: Symbol) -> Option<Code> {
        self.symbols
            .iter()
            .find(|(s, _)| *s == symbol)
            .map(|(_, c)| *c)
    }

    /// Reads bare symbols as `code` where it writes one: `--from CAD` makes
    /// `$100` 100 CAD and `--from CNY` makes `¥100` 100 CNY.
    #[must_use]
    pub fn with_default(mut self, code: Code) -> Reading {
        if let Some(s) = Symbol::of(code) {
            self.symbols.retain(|(k, _)| *k != s);
            self.symbols.push((s, code));
        }
        self
    }
}

/// A parsed figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// The value, scale applied: `$14.3B` -> 14300000000, `49%` -> 0.49.
    pub value: Decimal,
    /// Currency, percent or plain number.
    pub unit: Unit,
    /// The value of one unit in the last printed digit, scale applied:
    /// `$29 billion` -> 1000000000, `$14.3B` -> 100000000, `9.9%` -> 0.001.
    /// Half of it is the default tolerance of a claim.
    pub step: Decimal,
    /// Digits printed after the decimal mark: 1 in `$14.3B`, 0 in `$300
    /// million` (printed decimals are always significant).
    pub decimals: u32,
    /// The qualifier, if any.
    pub bound: Bound,
    /// Where the qualifier was written (`more than`, `about`), if any: only
    /// a printed figure may carry one.
    pub qualifier: Option<Range<usize>>,
}

impl Amount {
    /// Parses one figure with nothing known beyond its text. See the
    /// module documentation for the grammar.
    ///
    /// ```
    /// use dealcalc::amount::{Amount, Unit};
    /// use rust_decimal::Decimal;
    /// let a = Amount::parse("14,3 milliards de dollars").unwrap();
    /// assert_eq!(a.value, Decimal::new(14_300_000_000, 0));
    /// assert!(matches!(a.unit, Unit::Currency(c, _) if c.as_str() == "USD"));
    /// assert_eq!(a.step, Decimal::new(100_000_000, 0));
    /// // One separator before three digits, and nothing to settle it:
    /// assert!(Amount::parse("10.000 €").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        Amount::parse_with(text, &Reading::default())
    }

    /// Parses one figure as a reader who knows `reading` would:
    /// `10.000 €` with `numbers = eu` is 10000 EUR; `$100` with `$` = CAD
    /// is 100 CAD.
    pub fn parse_with(text: &str, reading: &Reading) -> Result<Amount, AmountError> {
        parser::Parser::new(text, reading)?.amount()
    }

    /// The unit of the last printed digit when trailing zeros are not read
    /// as evidence of precision: the unit of the last non-zero digit, but
    /// never coarser than the second significant digit, nor finer than
    /// [`Amount::step`]; printed decimals are always significant, and a
    /// percentage keeps its step.
    ///
    /// ```
    /// use dealcalc::amount::Amount;
    /// use rust_decimal::Decimal;
    /// let u = |t: &str| Amount::parse(t).unwrap().round_step();
    /// assert_eq!(u("$300 million"), Decimal::new(10_000_000, 0));
    /// assert_eq!(u("€392,000"), Decimal::new(1_000, 0));
    /// assert_eq!(u("rund 640 Millionen Dollar"), Decimal::new(10_000_000, 0));
    /// assert_eq!(u("$160,000"), Decimal::new(10_000, 0));
    /// assert_eq!(u("$29 billion"), Decimal::new(1_000_000_000, 0));
    /// assert_eq!(u("$1 billion"), Decimal::new(1_000_000_000, 0));
    /// assert_eq!(u("$300.0 million"), Decimal::new(100_000, 0));
    /// ```
    pub fn round_step(&self) -> Decimal {
        if self.decimals > 0 || self.unit == Unit::Percent || !self.value.fract().is_zero() {
            return self.step;
        }
        let Ok(v) = i128::try_from(self.value.abs().trunc()) else {
            return self.step;
        };
        if v == 0 {
            return self.step;
        }
        // The unit of the last non-zero digit.
        let mut last = 1_i128;
        while v % (last * 10) == 0 {
            last *= 10;
        }
        // The unit of the second significant digit.
        let mut second = 1_i128;
        while v / (second * 100) > 0 {
            second *= 10;
        }
        let unit = Decimal::from_i128_with_scale(last.min(second), 0);
        unit.max(self.step)
    }

    /// The currency as written, if the amount is money.
    pub fn code(&self) -> Option<Code> {
        match &self.unit {
            Unit::Currency(code, _) => Some(*code),
            _ => None,
        }
    }
}

/// A decimal as [`Amount::parse`] reads it back whatever the convention:
/// 1.234 is written `1.2340`, since `1.234` could group thousands.
fn unambiguous(value: Decimal) -> String {
    let text = value.to_string();
    let digits = text.trim_start_matches('-');
    match digits.split_once('.') {
        Some((int, frac)) if frac.len() == 3 && (1..=3).contains(&int.len()) && int != "0" => {
            format!("{text}0")
        }
        _ => text,
    }
}

impl fmt::Display for Amount {
    /// Writes the amount back in a form [`Amount::parse`] reads:
    /// 14300000000 USD -> `14300000000 USD`, 0.49 percent -> `49%`,
    /// 1.234 USD -> `1.2340 USD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.unit {
            Unit::Currency(code, _) => write!(f, "{} {code}", unambiguous(self.value)),
            // A parsed percentage was divided by 100, so this never overflows;
            // a hand-made one past the range is written as a fraction.
            Unit::Percent => match self.value.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => write!(f, "{}%", unambiguous(p.normalize())),
                None => write!(f, "{}", unambiguous(self.value)),
            },
            Unit::Number => write!(f, "{}", unambiguous(self.value)),
        }
    }
}
