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
    pub fn currencies(self) -> &'static [&'static str] {
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

/// Why a text is not an amount. Spans are byte ranges into the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but blanks.
    Empty,
    /// No digits where a number was expected.
    NoNumber { span: Range<usize> },
    /// A character that no amount contains.
    UnexpectedChar { found: char, span: Range<usize> },
    /// A word that is neither a scale, a currency nor a qualifier.
    UnknownWord { word: String, span: Range<usize> },
    /// Two currencies, or two scales, in one figure.
    Twice {
        what: &'static str,
        span: Range<usize>,
    },
    /// Digit groups that are not thousands (`1,00,000`, `12,34,5`).
    BadGrouping { text: String, span: Range<usize> },
    /// A separator that could group thousands or mark decimals.
    Ambiguous {
        text: String,
        separator: char,
        grouped: Decimal,
        decimal: Decimal,
        span: Range<usize>,
    },
    /// A comma after a leading symbol or code, where it groups thousands,
    /// before other than three digits: `$12,34`.
    CommaGroupsNothing {
        text: String,
        decimal: Decimal,
        span: Range<usize>,
    },
    /// A word or symbol several currencies write (`kr`, `francs`).
    AmbiguousCurrency {
        word: String,
        choices: &'static [&'static str],
        span: Range<usize>,
    },
    /// A value beyond 28 significant digits or 7.9e28.
    TooLarge { span: Range<usize> },
    /// More digits than a decimal keeps exactly.
    TooPrecise { span: Range<usize> },
}

impl AmountError {
    /// Where in the text the problem is.
    pub fn span(&self) -> Option<Range<usize>> {
        match self {
            AmountError::Empty => Some(0..0),
            AmountError::NoNumber { span }
            | AmountError::UnexpectedChar { span, .. }
            | AmountError::UnknownWord { span, .. }
            | AmountError::Twice { span, .. }
            | AmountError::BadGrouping { span, .. }
            | AmountError::Ambiguous { span, .. }
            | AmountError::CommaGroupsNothing { span, .. }
            | AmountError::AmbiguousCurrency { span, .. }
            | AmountError::TooLarge { span }
            | AmountError::TooPrecise { span } => Some(span.clone()),
        }
    }

    /// The hint for a batch row, where `--numbers` applies but a bare
    /// symbol's currency goes in the row's `from` column (`--from` is not
    /// taken with `--batch`).
    pub fn hint_in_batch(&self) -> Option<String> {
        match self {
            AmountError::AmbiguousCurrency { choices, .. } => Some(format!(
                "write the code instead ({}), or put it in the row's `from` column",
                choices.join(", ")
            )),
            _ => self.hint(),
        }
    }

    /// The hint for text in a scenario file, where the convention is the
    /// file's `numbers` and bare symbols its `symbols`.
    pub fn hint_in_file(&self) -> Option<String> {
        match self {
            AmountError::CommaGroupsNothing { decimal, .. } => Some(format!(
                "if the comma marks decimals, add `numbers = \"eu\"` at the top of the file, \
                 or write `{decimal}`"
            )),
            AmountError::Ambiguous { grouped, .. } => Some(format!(
                "add `numbers = \"en\"` (`1,500.25`) or `numbers = \"eu\"` (`1.500,25`) \
                 at the top of the file, or write `{grouped}` without a separator"
            )),
            AmountError::AmbiguousCurrency { choices, .. } => Some(format!(
                "write the code instead ({}), or name the currency in the file's `symbols`",
                choices.join(", ")
            )),
            _ => self.hint(),
        }
    }

    /// A suggestion for the writer, where one helps (on the command line).
    pub fn hint(&self) -> Option<String> {
        match self {
            AmountError::CommaGroupsNothing { decimal, .. } => Some(format!(
                "if the comma marks decimals, pass `--numbers eu`, or write `{decimal}`"
            )),
            AmountError::Ambiguous { grouped, .. } => Some(format!(
                "pass `--numbers en` (`1,500.25`) or `--numbers eu` (`1.500,25`), \
                 or write `{grouped}` without a separator"
            )),
            AmountError::AmbiguousCurrency { choices, .. } => Some(format!(
                "write the code instead ({}), or name the currency with `--from`",
                choices.join(", ")
            )),
            AmountError::UnknownWord { .. } => Some(
                "scales: k, M, MM, mn, mln, million, Mio, B, bn, billion, Md, Mds, Mrd, \
                 milliard, G, T, tn, trillion, lakh, crore; currencies: a code \
                 (`USD`), a symbol (`$`, `€`, `£`, `¥`, `₹`) or a word (`dollars`, \
                 `d'euros`)"
                    .to_owned(),
            ),
            AmountError::BadGrouping { .. } => Some(
                "thousands are grouped by three, with one separator: `1,000,000`, \
                 `1.000.000`, `1 000 000` or `1'000'000`"
                    .to_owned(),
            ),
            AmountError::NoNumber { .. } | AmountError::Empty => {
                Some("an amount looks like `$100M`, `85 millions d'euros` or `49%`".to_owned())
            }
            _ => None,
        }
    }
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AmountError::Empty => write!(f, "empty amount"),
            AmountError::NoNumber { .. } => write!(f, "no number in amount"),
            AmountError::UnexpectedChar { found, .. } => {
                write!(f, "unexpected character `{found}` in amount")
            }
            AmountError::UnknownWord { word, .. } => write!(f, "unknown word `{word}` in amount"),
            AmountError::Twice { what, .. } => write!(f, "more than one {what} in one amount"),
            AmountError::BadGrouping { text, .. } => {
                write!(f, "`{text}` is not grouped by thousands")
            }
            AmountError::Ambiguous {
                text,
                separator,
                grouped,
                decimal,
                ..
            } => write!(
                f,
                "`{text}` is ambiguous: {grouped} with `{separator}` grouping thousands, \
                 {decimal} with `{separator}` as decimal mark"
            ),
            AmountError::AmbiguousCurrency { word, choices, .. } => {
                write!(f, "`{word}` could be any of {}", choices.join(", "))
            }
            AmountError::CommaGroupsNothing { text, decimal, .. } => write!(
                f,
                "`{text}` after a currency sign groups thousands, but not by three; \
                 with `,` as decimal mark it would be {decimal}"
            ),
            AmountError::TooLarge { .. } => write!(
                f,
                "amount too large: the largest is 79,228,162,514,264,337,593,543,950,335"
            ),
            AmountError::TooPrecise { .. } => {
                write!(f, "amount has more than 28 significant digits")
            }
        }
    }
}

impl std::error::Error for AmountError {}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Num(&'a str),
    Word(&'a str),
    Sym(char),
    Sign(bool),
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{00A0}' || c == '\u{202F}' || c == '\u{2009}'
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

const SYMBOLS: &[(char, &str)] = &[
    ('$', "USD"),
    ('€', "EUR"),
    ('£', "GBP"),
    ('¥', "JPY"),
    ('₹', "INR"),
    ('₩', "KRW"),
    ('₽', "RUB"),
    ('₺', "TRY"),
    ('₪', "ILS"),
    ('₱', "PHP"),
    ('฿', "THB"),
    ('₫', "VND"),
    ('₦', "NGN"),
];

/// Words that may end with an abbreviation point: `2,5 Mrd. EUR`.
const ABBREVIATIONS: &[&str] = &[
    "mrd", "mio", "mln", "md", "mds", "bn", "mn", "tn", "k", "kr", "dol", "mill", "ca", "rd",
];

/// Splits the text into numbers, words, symbols and signs.
fn tokenize(text: &str) -> Result<Vec<(Tok<'_>, Range<usize>)>, AmountError> {
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

/// The language clues a text gives, to read `1,500` or `1.500`.
#[derive(Default)]
struct Clues {
    english: bool,
    european: bool,
}

impl Clues {
    fn add(&mut self, english: bool, european: bool) {
        self.english |= english;
        self.european |= european;
    }

    /// The convention the words settle, if they agree.
    fn numbers(&self) -> Option<Numbers> {
        match (self.english, self.european) {
            (true, false) => Some(Numbers::En),
            (false, true) => Some(Numbers::Eu),
            _ => None,
        }
    }
}

/// A scale word: (power of ten, english-only, european-only).
fn scale_of(word: &str) -> Option<(u32, bool, bool)> {
    let lower = word.to_lowercase();
    Some(match lower.as_str() {
        "k" => (3, false, false),
        "thousand" | "thousands" => (3, true, false),
        "mille" => (3, false, true),
        "m" | "mm" | "million" | "millions" => (6, false, false),
        "mn" => (6, true, false),
        "mio" | "mln" | "millionen" | "milioni" | "millones" | "milhões" | "milhoes" | "milhão"
        | "milhao" | "millón" | "millon" | "miljoen" | "miljoner" => (6, false, true),
        "b" => (9, false, false),
        "bn" | "billion" | "billions" => (9, true, false),
        "g" => (9, false, false),
        "md" | "mds" | "mrd" | "milliard" | "milliards" | "milliarde" | "milliarden"
        | "miliardi" | "miliardo" | "miljard" | "miljarder" | "bilhões" | "bilhoes" | "bilhão"
        | "bilhao" => (9, false, true),
        "t" => (12, false, false),
        "tn" | "trillion" | "trillions" => (12, true, false),
        "lakh" | "lakhs" => (5, false, false),
        "crore" | "crores" => (7, false, false),
        _ => return None,
    })
}

/// A currency word: (code, english-only, european-only).
fn currency_word(word: &str) -> Option<(&'static str, bool, bool)> {
    Some(match word.to_lowercase().as_str() {
        "dollar" | "dollars" | "dólares" | "dolares" | "dollari" => ("USD", false, false),
        "euro" | "euros" => ("EUR", false, false),
        "pound" | "pounds" | "sterling" => ("GBP", true, false),
        "livre" | "livres" => ("GBP", false, true),
        "yen" | "yens" => ("JPY", false, false),
        "yuan" | "yuans" | "renminbi" | "rmb" => ("CNY", false, false),
        "rupee" | "rupees" => ("INR", true, false),
        "roupie" | "roupies" => ("INR", false, true),
        "won" | "wons" => ("KRW", false, false),
        "rouble" | "roubles" | "ruble" | "rubles" => ("RUB", false, false),
        "real" | "reais" => ("BRL", false, false),
        "rand" => ("ZAR", false, false),
        "dm" => ("DEM", false, false),
        _ => return None,
    })
}

/// A word several currencies write, with the currencies it may be.
fn ambiguous_currency_word(word: &str) -> Option<&'static [&'static str]> {
    match word.to_lowercase().as_str() {
        "franc" | "francs" | "franken" => Some(&["CHF", "FRF", "BEF", "LUF", "XOF", "XAF"]),
        "krona" | "kronor" | "krone" | "kroner" | "króna" => Some(Symbol::Krona.currencies()),
        "peso" | "pesos" => Some(&["MXN", "ARS", "CLP", "COP", "PHP", "UYU", "CUP", "DOP"]),
        _ => None,
    }
}

/// A word that names which franc after `franc(s)`: `francs suisses`.
fn franc_country(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "suisse" | "suisses" | "swiss" => "CHF",
        "français" | "francais" | "french" => "FRF",
        "belges" | "belge" | "belgian" => "BEF",
        "luxembourgeois" => "LUF",
        "cfa" => "XOF",
        _ => return None,
    })
}

/// A place qualifier on a dollar: `US$`, `$ CA`, `dollars canadiens`, and
/// whether it is a single letter (read only when attached: `C$`).
fn dollar_country(word: &str) -> Option<(&'static str, bool)> {
    let lower = word.to_lowercase();
    let code = match lower.as_str() {
        "us" | "u.s." | "américains" | "americains" | "american" | "usa" => "USD",
        "c" | "ca" | "can" | "canadiens" | "canadian" => "CAD",
        "a" | "au" | "aud" | "australiens" | "australian" => "AUD",
        "hk" => "HKD",
        "nz" | "néo-zélandais" => "NZD",
        "s" | "sg" | "singapour" | "singapore" => "SGD",
        "r" => "BRL",
        "mx" | "mex" => "MXN",
        _ => return None,
    };
    Some((code, lower.chars().count() == 1))
}

/// Qualifiers, longest first: (words, bound, english, european).
const QUALIFIERS: &[(&[&str], Bound, bool, bool)] = &[
    (&["more", "than"], Bound::Over, true, false),
    (&["at", "least"], Bound::AtLeast, true, false),
    (&["at", "most"], Bound::AtMost, true, false),
    (&["up", "to"], Bound::AtMost, true, false),
    (&["less", "than"], Bound::Under, true, false),
    (&["close", "to"], Bound::Nearly, true, false),
    (&["plus", "de"], Bound::Over, false, true),
    (&["plus", "d'"], Bound::Over, false, true),
    (&["au", "moins"], Bound::AtLeast, false, true),
    (&["moins", "de"], Bound::Under, false, true),
    (&["moins", "d'"], Bound::Under, false, true),
    (&["jusqu'", "à"], Bound::AtMost, false, true),
    (&["près", "de"], Bound::Nearly, false, true),
    (&["près", "d'"], Bound::Nearly, false, true),
    (&["mehr", "als"], Bound::Over, false, true),
    (&["weniger", "als"], Bound::Under, false, true),
    (&["bis", "zu"], Bound::AtMost, false, true),
    (&["más", "de"], Bound::Over, false, true),
    (&["mais", "de"], Bound::Over, false, true),
    (&["menos", "de"], Bound::Under, false, true),
    (&["cerca", "de"], Bound::About, false, true),
    (&["over"], Bound::Over, true, false),
    (&["above"], Bound::Over, true, false),
    (&["under"], Bound::Under, true, false),
    (&["below"], Bound::Under, true, false),
    (&["about"], Bound::About, true, false),
    (&["around"], Bound::About, true, false),
    (&["roughly"], Bound::About, true, false),
    (&["approximately"], Bound::About, true, false),
    (&["some"], Bound::About, true, false),
    (&["circa"], Bound::About, false, false),
    (&["ca"], Bound::About, false, true),
    (&["nearly"], Bound::Nearly, true, false),
    (&["almost"], Bound::Nearly, true, false),
    (&["environ"], Bound::About, false, true),
    (&["quelque"], Bound::About, false, true),
    (&["quelques"], Bound::About, false, true),
    (&["rund"], Bound::About, false, true),
    (&["rd"], Bound::About, false, true),
    (&["etwa"], Bound::About, false, true),
    (&["presque"], Bound::Nearly, false, true),
    (&["knapp"], Bound::Nearly, false, true),
    (&["fast"], Bound::Nearly, false, true),
    (&["casi"], Bound::Nearly, false, true),
    (&["quase"], Bound::Nearly, false, true),
    (&["quasi"], Bound::Nearly, false, true),
    (&["mindestens"], Bound::AtLeast, false, true),
    (&["hasta"], Bound::AtMost, false, true),
    (&["oltre"], Bound::Over, false, true),
];

/// A number written as a word: `ten`, `dix`, `zehn`, `un` (in `un
/// milliard`).
fn number_word(word: &str) -> Option<u32> {
    Some(match word.to_lowercase().as_str() {
        "one" | "un" | "une" | "ein" | "eine" | "uno" | "um" => 1,
        "two" | "deux" | "zwei" | "dos" | "dois" | "due" => 2,
        "three" | "trois" | "drei" | "tres" | "três" | "tre" => 3,
        "four" | "quatre" | "vier" | "cuatro" | "quatro" => 4,
        "five" | "cinq" | "fünf" | "cinco" | "cinque" => 5,
        "six" | "sechs" | "seis" | "sei" => 6,
        "seven" | "sept" | "sieben" | "siete" | "sete" | "sette" => 7,
        "eight" | "huit" | "acht" | "ocho" | "oito" | "otto" => 8,
        "nine" | "neuf" | "neun" | "nueve" | "nove" => 9,
        "ten" | "dix" | "zehn" | "diez" | "dez" | "dieci" => 10,
        "eleven" | "onze" | "elf" | "once" => 11,
        "twelve" | "douze" | "zwölf" | "doce" | "dodici" => 12,
        "fifteen" | "quinze" | "fünfzehn" | "quince" => 15,
        "twenty" | "vingt" | "zwanzig" | "veinte" | "vinte" | "venti" => 20,
        "fifty" | "cinquante" | "fünfzig" | "cincuenta" => 50,
        "hundred" | "hundert" => 100,
        _ => return None,
    })
}

fn set_currency(
    currency: &mut Option<(Code, Range<usize>)>,
    code: &str,
    span: Range<usize>,
) -> Result<(), AmountError> {
    if currency.is_some() {
        return Err(AmountError::Twice {
            what: "currency",
            span,
        });
    }
    *currency = Code::new(code).map(|c| (c, span));
    Ok(())
}

fn same_word(a: &str, b: &str) -> bool {
    a.replace('\u{2019}', "'").to_lowercase() == b
}

/// Whether the token at `at` is the word `de` or `d'`.
fn is_de(toks: &[(Tok<'_>, Range<usize>)], at: usize) -> bool {
    matches!(toks.get(at), Some((Tok::Word(w), _)) if same_word(w, "de") || same_word(w, "d'"))
}

/// The country of a dollar next to the `$` at `span`: a word attached
/// before or after it (`C$`, `$CA`), or a word of two letters or more
/// after a space (`$ CA`, `US $`). Returns the code, the widened span and
/// whether the word came after.
fn dollar_prefix(
    toks: &[(Tok<'_>, Range<usize>)],
    sym_at: usize,
    span: &Range<usize>,
) -> Option<(&'static str, Range<usize>, bool)> {
    let near = |w: &str, wspan: &Range<usize>, attached: bool| {
        dollar_country(w)
            .filter(|(_, single)| attached || !single)
            .map(|(code, _)| (code, wspan.clone()))
    };
    if let Some((Tok::Word(w), wspan)) = toks.get(sym_at + 1)
        && let Some((code, wspan)) = near(w, wspan, wspan.start == span.end)
    {
        return Some((code, span.start..wspan.end, true));
    }
    if let Some((Tok::Word(w), wspan)) = sym_at.checked_sub(1).and_then(|p| toks.get(p))
        && let Some((code, wspan)) = near(w, wspan, wspan.end == span.start)
    {
        return Some((code, wspan.start..span.end, false));
    }
    None
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
        let toks = tokenize(text)?;
        if toks.is_empty() {
            return Err(AmountError::Empty);
        }
        let mut clues = Clues::default();
        let mut pos = 0;

        // Qualifier.
        let mut bound = Bound::Rounded;
        let mut qualifier = None;
        for (words, b, en, eu) in QUALIFIERS {
            let matches = words
                .iter()
                .enumerate()
                .all(|(k, w)| matches!(toks.get(k), Some((Tok::Word(t), _)) if same_word(t, w)));
            // `ca.` and `rd.` are qualifiers only with their point: `CA$` is
            // a Canadian dollar.
            let abbreviation = matches!(words, [w] if *w == "ca" || *w == "rd");
            let pointed = toks
                .first()
                .and_then(|(_, span)| text.get(span.clone()))
                .is_some_and(|t| t.ends_with('.'));
            if matches && (!abbreviation || pointed) {
                bound = *b;
                pos = words.len();
                clues.add(*en, *eu);
                let first = toks.first().map_or(0, |t| t.1.start);
                let last = toks.get(pos - 1).map_or(first, |t| t.1.end);
                qualifier = Some(first..last);
                break;
            }
        }
        // An article: `a $5`, `an $80 million deal`; before a scale word it
        // is one: `a billion dollars`.
        let mut article_one = None;
        if let Some((Tok::Word(w), wspan)) = toks.get(pos)
            && (same_word(w, "a") || same_word(w, "an"))
            && !matches!(toks.get(pos + 1), Some((Tok::Sym('$'), s)) if s.start == wspan.end)
        {
            if matches!(toks.get(pos + 1), Some((Tok::Word(next), _)) if scale_of(next).is_some()) {
                article_one = Some(wspan.clone());
            }
            pos += 1;
        }

        let mut currency: Option<(Code, Range<usize>)> = None;
        let mut currency_first = false;
        let mut negative = false;
        let mut signed = false;
        let mut number: Option<(Written<'_>, Range<usize>)> = None;
        let mut scale: Option<u32> = None;
        let mut percent = false;
        if let Some(span) = article_one {
            number = Some((Written::Word(1), span));
        }

        while let Some((tok, span)) = toks.get(pos) {
            let span = span.clone();
            let at = pos;
            pos += 1;
            match tok {
                Tok::Sign(plus) => {
                    if number.is_some() || signed {
                        return Err(AmountError::UnexpectedChar {
                            found: if *plus { '+' } else { '-' },
                            span,
                        });
                    }
                    negative = !plus;
                    signed = true;
                }
                Tok::Num(digits) => {
                    if number.is_some() {
                        return Err(AmountError::Twice {
                            what: "number",
                            span,
                        });
                    }
                    number = Some((Written::Digits(digits), span));
                }
                Tok::Sym('%') => {
                    if percent || currency.is_some() {
                        return Err(AmountError::Twice { what: "unit", span });
                    }
                    percent = true;
                }
                Tok::Sym(sym) => {
                    let shared = match sym {
                        '$' => Some(Symbol::Dollar),
                        '¥' => Some(Symbol::Yen),
                        '£' => Some(Symbol::Pound),
                        _ => None,
                    };
                    let mut code = shared
                        .and_then(|s| reading.symbol(s))
                        .map(|c| c.to_string())
                        .unwrap_or_else(|| {
                            SYMBOLS
                                .iter()
                                .find(|&&(s, _)| s == *sym)
                                .map_or("USD", |&(_, code)| code)
                                .to_owned()
                        });
                    let mut span = span;
                    if *sym == '$'
                        && let Some((c, wide, after)) = dollar_prefix(&toks, at, &span)
                    {
                        code = c.to_owned();
                        span = wide;
                        if after {
                            pos += 1;
                        }
                    }
                    currency_first |= number.is_none();
                    set_currency(&mut currency, &code, span)?;
                }
                Tok::Word(word) => {
                    let lower = word.replace('\u{2019}', "'").to_lowercase();
                    if matches!(lower.as_str(), "share" | "shares" | "action" | "actions") {
                        // `86.9 million shares`: a count.
                        continue;
                    }
                    if matches!(lower.as_str(), "de" | "d'" | "di" | "del") {
                        clues.add(false, true);
                        continue;
                    }
                    if matches!(toks.get(at + 1), Some((Tok::Sym('$'), s))
                        if dollar_prefix(&toks, at + 1, s).is_some_and(|(_, w, after)| !after && w.start == span.start))
                    {
                        // Handled with the `$` that follows.
                        continue;
                    }
                    if number.is_none()
                        && let Some(n) = number_word(word)
                    {
                        number = Some((Written::Word(n), span));
                        continue;
                    }
                    if number.is_none() && scale_of(word).is_some() {
                        // `M$100`, `mds1,1`: a scale reads after its number.
                        return Err(AmountError::UnknownWord {
                            word: (*word).to_owned(),
                            span,
                        });
                    }
                    if let Some((exp, en, eu)) = scale_of(word).filter(|_| number.is_some()) {
                        if scale.is_some() {
                            return Err(AmountError::Twice {
                                what: "scale",
                                span,
                            });
                        }
                        // The French long scale: `2 billions d'euros` is 2 x 10^12.
                        let long = matches!(
                            lower.as_str(),
                            "billion" | "billions" | "trillion" | "trillions"
                        ) && is_de(&toks, at + 1);
                        scale = Some(match (long, exp) {
                            (true, 9) => 12,
                            (true, _) => 18,
                            _ => exp,
                        });
                        clues.add(en && !long, eu || long);
                        continue;
                    }
                    if matches!(lower.as_str(), "percent" | "pourcent" | "prozent")
                        || (lower == "per" || lower == "pour")
                            && matches!(toks.get(pos), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("cent"))
                    {
                        if lower == "per" || lower == "pour" {
                            pos += 1;
                        }
                        clues.add(
                            lower.starts_with("per"),
                            lower.starts_with("pour") || lower == "prozent",
                        );
                        if percent || currency.is_some() {
                            return Err(AmountError::Twice { what: "unit", span });
                        }
                        percent = true;
                        continue;
                    }
                    if lower == "kr" {
                        let code = reading.symbol(Symbol::Krona).ok_or_else(|| {
                            AmountError::AmbiguousCurrency {
                                word: (*word).to_owned(),
                                choices: Symbol::Krona.currencies(),
                                span: span.clone(),
                            }
                        })?;
                        currency_first |= number.is_none();
                        set_currency(&mut currency, code.as_str(), span)?;
                        continue;
                    }
                    if let Some(choices) = ambiguous_currency_word(word) {
                        if choices == Symbol::Krona.currencies()
                            && let Some(code) = reading.symbol(Symbol::Krona)
                        {
                            set_currency(&mut currency, code.as_str(), span)?;
                            continue;
                        }
                        let named = toks.get(pos).and_then(|(t, s)| match t {
                            Tok::Word(w) => franc_country(w).map(|c| (c, s.end)),
                            _ => None,
                        });
                        match named.filter(|_| choices.contains(&"CHF")) {
                            Some((code, end)) => {
                                pos += 1;
                                set_currency(&mut currency, code, span.start..end)?;
                                continue;
                            }
                            None => {
                                let before = at.checked_sub(1).and_then(|p| toks.get(p));
                                if let Some((Tok::Word(w), wspan)) = before
                                    && let Some(code) =
                                        franc_country(w).filter(|_| choices.contains(&"CHF"))
                                {
                                    set_currency(&mut currency, code, wspan.start..span.end)?;
                                    continue;
                                }
                                return Err(AmountError::AmbiguousCurrency {
                                    word: (*word).to_owned(),
                                    choices,
                                    span,
                                });
                            }
                        }
                    }
                    if franc_country(word).is_some()
                        && matches!(toks.get(pos), Some((Tok::Word(w), _)) if ambiguous_currency_word(w).is_some())
                    {
                        // `Swiss francs`: read with the next word.
                        continue;
                    }
                    if let Some((code, en, eu)) = currency_word(word) {
                        clues.add(en, eu);
                        let mut code = code;
                        let mut span = span;
                        if code == "GBP"
                            && matches!(toks.get(pos), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("sterling"))
                        {
                            pos += 1;
                        }
                        if code == "USD" {
                            // Spelled out: `dollars canadiens`, `Canadian dollars`.
                            let spelled = |t: Option<&(Tok<'_>, Range<usize>)>| match t {
                                Some((Tok::Word(w), s)) => dollar_country(w)
                                    .filter(|(_, single)| !single)
                                    .map(|(c, _)| (c, s.clone())),
                                _ => None,
                            };
                            if let Some((c, wspan)) = spelled(toks.get(pos)) {
                                code = c;
                                span = span.start..wspan.end;
                                pos += 1;
                            } else if let Some((c, wspan)) =
                                spelled(at.checked_sub(1).and_then(|p| toks.get(p)))
                            {
                                code = c;
                                span = wspan.start..span.end;
                            }
                        }
                        currency_first |= number.is_none();
                        set_currency(&mut currency, code, span)?;
                        continue;
                    }
                    if word.chars().count() == 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
                        currency_first |= number.is_none();
                        set_currency(&mut currency, word, span)?;
                        continue;
                    }
                    if matches!(toks.get(pos), Some((Tok::Word(w), _)) if currency_word(w).is_some_and(|(c, _, _)| c == "USD"))
                        && dollar_country(word).is_some_and(|(_, single)| !single)
                    {
                        // `US dollars`, `Canadian dollars`: read with the next word.
                        continue;
                    }
                    if word.chars().count() == 3 && word.chars().all(|c| c.is_ascii_alphabetic()) {
                        currency_first |= number.is_none();
                        set_currency(&mut currency, word, span)?;
                        continue;
                    }
                    return Err(AmountError::UnknownWord {
                        word: (*word).to_owned(),
                        span,
                    });
                }
            }
        }

        let Some((digits, nspan)) = number else {
            return Err(AmountError::NoNumber {
                span: 0..text.len(),
            });
        };
        let context = NumberContext {
            numbers: reading.numbers,
            currency_first,
            clue: clues.numbers(),
        };
        let (mut value, mut step) = match digits {
            Written::Digits(digits) => read_number(digits, nspan.clone(), &context)?,
            Written::Word(n) => (Decimal::from(n), Decimal::ONE),
        };
        let decimals = if step < Decimal::ONE {
            step.normalize().scale()
        } else {
            0
        };
        if let Some(exp) = scale {
            let mult = Decimal::from_i128_with_scale(10_i128.pow(exp), 0);
            value = value.checked_mul(mult).ok_or(AmountError::TooLarge {
                span: nspan.clone(),
            })?;
            step = step.checked_mul(mult).ok_or(AmountError::TooLarge {
                span: nspan.clone(),
            })?;
        }
        let unit = if percent {
            if scale.is_some() {
                return Err(AmountError::Twice {
                    what: "unit",
                    span: nspan,
                });
            }
            let hundred = Decimal::ONE_HUNDRED;
            value = value.checked_div(hundred).ok_or(AmountError::TooLarge {
                span: nspan.clone(),
            })?;
            step = step
                .checked_div(hundred)
                .ok_or(AmountError::TooLarge { span: nspan })?;
            Unit::Percent
        } else if let Some((code, span)) = currency {
            Unit::Currency(code, span)
        } else {
            Unit::Number
        };
        if negative {
            value = -value;
        }
        Ok(Amount {
            value: value.normalize(),
            unit,
            step: step.normalize(),
            decimals,
            bound,
            qualifier,
        })
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

/// How the number of an amount was written.
enum Written<'a> {
    /// Digits with their separators: `1,500.25`.
    Digits(&'a str),
    /// A word: `dix`, `ten`.
    Word(u32),
}

/// What settles a lone separator before three digits.
struct NumberContext {
    /// The convention the reader gave.
    numbers: Option<Numbers>,
    /// A symbol or code came before the number: `$1,500` groups.
    currency_first: bool,
    /// The convention the words of the text settle.
    clue: Option<Numbers>,
}

/// Reads the digits of a number with its separators; returns the value and
/// the value of one unit in its last digit (`14,3` -> 14.3 and 0.1). The
/// rules are in the module documentation.
fn read_number(
    digits: &str,
    span: Range<usize>,
    cx: &NumberContext,
) -> Result<(Decimal, Decimal), AmountError> {
    let parts: Vec<(char, &str)> = split_separators(digits);
    let bad = || AmountError::BadGrouping {
        text: digits.to_owned(),
        span: span.clone(),
    };
    // `,` and `.` in order: (index into parts, separator).
    let marks: Vec<(usize, char)> = parts
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, (s, _))| *s == ',' || *s == '.')
        .map(|(i, (s, _))| (i, *s))
        .collect();
    let count = |c: char| marks.iter().filter(|m| m.1 == c).count();

    // The index in `parts` of the group after the decimal mark, if any.
    let decimal: Option<usize> = match marks.as_slice() {
        [] => None,
        [(i, c)] => {
            let (before, after) = parts.split_at(*i);
            let int_digits: usize = before.iter().map(|(_, g)| g.len()).sum();
            let grouped_before = before.len() > 1;
            let three_after = after.first().is_some_and(|(_, g)| g.len() == 3);
            let leading_zero = before.first().is_some_and(|(_, g)| g.starts_with('0'));
            let could_group =
                !grouped_before && three_after && (1..=3).contains(&int_digits) && !leading_zero;
            if could_group {
                // A comma after a leading symbol or code, or with an English
                // scale word, groups; a European scale word makes either
                // separator European; nothing else settles it.
                let english = *c == ',' && (cx.currency_first || cx.clue == Some(Numbers::En));
                let european = cx.clue == Some(Numbers::Eu);
                let decimal_mark = match (cx.numbers, *c) {
                    (Some(Numbers::En), '.') | (Some(Numbers::Eu), ',') => true,
                    (Some(_), _) => false,
                    (None, _) if english && !european => false,
                    (None, _) if european && !english => *c == ',',
                    (None, _) => {
                        let plain: String = digits.chars().filter(char::is_ascii_digit).collect();
                        let as_decimal = format!(
                            "{}.{}",
                            before.iter().map(|(_, g)| *g).collect::<String>(),
                            after.iter().map(|(_, g)| *g).collect::<String>()
                        );
                        return Err(AmountError::Ambiguous {
                            text: digits.to_owned(),
                            separator: *c,
                            grouped: to_decimal(&plain, &span)?,
                            decimal: to_decimal(&as_decimal, &span)?.normalize(),
                            span,
                        });
                    }
                };
                decimal_mark.then_some(*i)
            } else if *c == ','
                && cx.currency_first
                && cx.numbers != Some(Numbers::Eu)
                && cx.clue != Some(Numbers::Eu)
            {
                // A comma after a leading symbol or code groups thousands
                // (`$1,500`); before other than three digits it groups
                // nothing (`$1,5000`, `$12,34`, `USD 1,2345`): read as a
                // decimal mark it would be the European convention the
                // text does not settle.
                let as_decimal = format!(
                    "{}.{}",
                    before.iter().map(|(_, g)| *g).collect::<String>(),
                    after.iter().map(|(_, g)| *g).collect::<String>()
                );
                return Err(AmountError::CommaGroupsNothing {
                    text: digits.to_owned(),
                    decimal: to_decimal(&as_decimal, &span)?.normalize(),
                    span,
                });
            } else {
                Some(*i)
            }
        }
        [.., (i, c)] if count(',') > 0 && count('.') > 0 => {
            // Both: the last one marks decimals, once (`1,000.5`, `1.000,5`).
            if count(*c) != 1 {
                return Err(bad());
            }
            Some(*i)
        }
        // One separator, repeated: it groups (`1,000,000`, `1.000.000`).
        _ => None,
    };

    let split = decimal.unwrap_or(parts.len());
    let (int_groups, frac_groups) = parts.split_at(split);
    // The integer part: one grouping separator, a first group of one to
    // three digits, then groups of three.
    let mut grouping = int_groups.iter().skip(1).map(|(s, _)| *s);
    if let Some(first_sep) = grouping.next() {
        let same = grouping.all(|s| s == first_sep);
        let first_ok = int_groups
            .first()
            .is_some_and(|(_, g)| (1..=3).contains(&g.len()));
        let rest_ok = int_groups.iter().skip(1).all(|(_, g)| g.len() == 3);
        if !same || !first_ok || !rest_ok {
            return Err(bad());
        }
    }
    // The fraction: spaces may group it by three from the mark
    // (`1,234.567 891`), never another mark.
    if frac_groups.iter().skip(1).any(|(s, _)| *s != ' ') {
        return Err(bad());
    }
    if let Some((_, rest)) = frac_groups.split_last()
        && !rest.is_empty()
    {
        let last_ok = frac_groups
            .last()
            .is_some_and(|(_, g)| (1..=3).contains(&g.len()));
        if !last_ok || rest.iter().any(|(_, g)| g.len() != 3) {
            return Err(bad());
        }
    }
    let int_part: String = int_groups.iter().map(|(_, g)| *g).collect();
    let frac_part: String = frac_groups.iter().map(|(_, g)| *g).collect();
    let int_part = if int_part.is_empty() {
        "0".to_owned()
    } else {
        int_part
    };
    let text = if frac_part.is_empty() {
        int_part
    } else {
        format!("{int_part}.{frac_part}")
    };
    let value = to_decimal(&text, &span)?;
    let frac_digits = u32::try_from(frac_part.len())
        .map_err(|_| AmountError::TooPrecise { span: span.clone() })?;
    if frac_digits > 28 {
        return Err(AmountError::TooPrecise { span });
    }
    Ok((value, Decimal::new(1, frac_digits)))
}

/// `1,000.5` -> [(' ', "1"), (',', "000"), ('.', "5")]; every space is
/// `' '`, every apostrophe `'\''`.
fn split_separators(digits: &str) -> Vec<(char, &str)> {
    let mut parts = Vec::new();
    let mut sep = ' ';
    let mut start = 0;
    for (i, c) in digits.char_indices() {
        if !c.is_ascii_digit() {
            parts.push((sep, digits.get(start..i).unwrap_or_default()));
            sep = match c {
                '.' | ',' => c,
                c if is_apostrophe(c) => '\'',
                _ => ' ',
            };
            start = i + c.len_utf8();
        }
    }
    parts.push((sep, digits.get(start..).unwrap_or_default()));
    parts
}

fn to_decimal(text: &str, span: &Range<usize>) -> Result<Decimal, AmountError> {
    Decimal::from_str_exact(text).map_err(|_| {
        // Too many digits before the point, or after it.
        let int_part = text.split('.').next().unwrap_or_default();
        if Decimal::from_str_exact(int_part).is_err() {
            AmountError::TooLarge { span: span.clone() }
        } else {
            AmountError::TooPrecise { span: span.clone() }
        }
    })
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::testing::d;

    /// Every form the module documentation lists, with its value, currency and step.
    #[test]
    fn every_documented_form() {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("$100M", "100000000", "USD", "1000000"),
            ("US$135 billion", "135000000000", "USD", "1000000000"),
            ("USD 8.9 billion", "8900000000", "USD", "100000000"),
            ("100M USD", "100000000", "USD", "1000000"),
            ("€85M", "85000000", "EUR", "1000000"),
            ("85 M€", "85000000", "EUR", "1000000"),
            ("£2bn", "2000000000", "GBP", "1000000000"),
            ("¥1,000", "1000", "JPY", "1"),
            ("₹1712 crore", "17120000000", "INR", "10000000"),
            ("200 M$ US", "200000000", "USD", "1000000"),
            ("274 millions $ CA", "274000000", "CAD", "1000000"),
            ("85 millions d'euros", "85000000", "EUR", "1000000"),
            ("85 millions d’euros", "85000000", "EUR", "1000000"),
            (
                "14,3 milliards de dollars",
                "14300000000",
                "USD",
                "100000000",
            ),
            ("1,3 milliard d'euros", "1300000000", "EUR", "100000000"),
            ("14,3 Mds$", "14300000000", "USD", "100000000"),
            ("300 Md$", "300000000000", "USD", "1000000000"),
            ("$14.3B", "14300000000", "USD", "100000000"),
            ("$29 billion", "29000000000", "USD", "1000000000"),
            ("1,3 Md€", "1300000000", "EUR", "100000000"),
            ("5k EUR", "5000", "EUR", "1000"),
            ("5K EUR", "5000", "EUR", "1000"),
            ("3 thousand dollars", "3000", "USD", "1000"),
            ("3 mille euros", "3000", "EUR", "1000"),
            ("$5m", "5000000", "USD", "1000000"),
            ("$5MM", "5000000", "USD", "1000000"),
            ("$5mn", "5000000", "USD", "1000000"),
            ("5 million dollars", "5000000", "USD", "1000000"),
            ("5 Mio EUR", "5000000", "EUR", "1000000"),
            ("$2b", "2000000000", "USD", "1000000000"),
            ("2 Mrd EUR", "2000000000", "EUR", "1000000000"),
            ("2 billions USD", "2000000000", "USD", "1000000000"),
            ("2 G€", "2000000000", "EUR", "1000000000"),
            ("$1T", "1000000000000", "USD", "1000000000000"),
            ("$1.5tn", "1500000000000", "USD", "100000000000"),
            (
                "3 trillion dollars",
                "3000000000000",
                "USD",
                "1000000000000",
            ),
            ("₹5 lakh", "500000", "INR", "100000"),
            ("$1,000,000", "1000000", "USD", "1"),
            ("1 000 000 €", "1000000", "EUR", "1"),
            ("1\u{00A0}000\u{00A0}000 €", "1000000", "EUR", "1"),
            ("1\u{202F}000\u{202F}000 EUR", "1000000", "EUR", "1"),
            ("$1,000.50", "1000.5", "USD", "0.01"),
            ("1 000,50 €", "1000.5", "EUR", "0.01"),
            ("C$2.5M", "2500000", "CAD", "100000"),
            ("CA$2.5M", "2500000", "CAD", "100000"),
            ("A$10", "10", "AUD", "1"),
            ("HK$10", "10", "HKD", "1"),
            ("U.S.$10", "10", "USD", "1"),
            ("$US 10", "10", "USD", "1"),
            ("100 dollars canadiens", "100", "CAD", "1"),
            ("100 Canadian dollars", "100", "CAD", "1"),
            ("100 US dollars", "100", "USD", "1"),
            ("12 CYP", "12", "CYP", "1"),
            ("2 livres sterling", "2", "GBP", "1"),
        ];
        for (text, value, code, step) in cases {
            let a = Amount::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(a.value, d(value), "{text}");
            assert_eq!(
                a.code().map(|c| c.to_string()).as_deref(),
                Some(*code),
                "{text}"
            );
            assert_eq!(a.step, d(step), "{text}");
            assert_eq!(a.bound, Bound::Rounded, "{text}");
        }
    }

    #[test]
    fn percentages_are_fractions() {
        for (text, value, step) in [
            ("49%", "0.49", "0.01"),
            ("49 %", "0.49", "0.01"),
            ("49 percent", "0.49", "0.01"),
            ("49 per cent", "0.49", "0.01"),
            ("49 pour cent", "0.49", "0.01"),
            ("9.9%", "0.099", "0.001"),
            ("1,6 %", "0.016", "0.001"),
        ] {
            let a = Amount::parse(text).unwrap();
            assert_eq!(a.unit, Unit::Percent, "{text}");
            assert_eq!((a.value, a.step), (d(value), d(step)), "{text}");
        }
        let a = Amount::parse("0.49").unwrap();
        assert_eq!((a.unit, a.value), (Unit::Number, d("0.49")));
    }

    #[test]
    fn qualifiers_make_bounds() {
        for (text, bound) in [
            ("more than $200 million", Bound::Over),
            ("over $200M", Bound::Over),
            ("above $200M", Bound::Over),
            ("plus de 92 millions d'euros", Bound::Over),
            ("mehr als 2 Mrd. Euro", Bound::Over),
            ("más de 2 millones de dólares", Bound::Over),
            ("mais de 2 milhões de reais", Bound::Over),
            ("oltre 2 miliardi di euro", Bound::Over),
            ("at least $1B", Bound::AtLeast),
            ("au moins 92 M€", Bound::AtLeast),
            ("mindestens 5 Mio. €", Bound::AtLeast),
            ("up to $300 million", Bound::AtMost),
            ("jusqu'à 300 M$", Bound::AtMost),
            ("jusqu’à 300 M$", Bound::AtMost),
            ("at most $3", Bound::AtMost),
            ("bis zu 3 Mrd. €", Bound::AtMost),
            ("hasta 3 millones de euros", Bound::AtMost),
            ("less than $3", Bound::Under),
            ("under $3", Bound::Under),
            ("below $3", Bound::Under),
            ("moins de 3 M€", Bound::Under),
            ("weniger als 3 Mio. €", Bound::Under),
            ("menos de 3 millones de euros", Bound::Under),
            ("about 11%", Bound::About),
            ("around $5", Bound::About),
            ("roughly $5", Bound::About),
            ("approximately $5", Bound::About),
            ("some $5", Bound::About),
            ("environ 5 €", Bound::About),
            ("quelque 5 €", Bound::About),
            ("rund 5 Mio. €", Bound::About),
            ("etwa 5 Mio. €", Bound::About),
            ("ca. 412 Mio. €", Bound::About),
            ("circa $5", Bound::About),
            ("cerca de 5 millones de euros", Bound::About),
            ("nearly $30 billion", Bound::Nearly),
            ("almost $30 billion", Bound::Nearly),
            ("close to $30 billion", Bound::Nearly),
            ("près de 30 milliards de dollars", Bound::Nearly),
            ("presque 30 milliards de dollars", Bound::Nearly),
            ("knapp 30 Mrd. Dollar", Bound::Nearly),
            ("fast 30 Mrd. Dollar", Bound::Nearly),
            ("casi 30 millones de euros", Bound::Nearly),
            ("quase 30 milhões de reais", Bound::Nearly),
            ("quasi 30 miliardi di euro", Bound::Nearly),
        ] {
            let a = Amount::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(a.bound, bound, "{text}");
        }
        assert_eq!(
            Amount::parse("plus de 92 millions d'euros").unwrap().value,
            d("92000000")
        );
    }

    /// Numbers written as words: "un milliard", "dix milliards", "a
    /// billion dollars", "ten times".
    #[test]
    fn number_words() {
        for (text, value, step) in [
            ("un milliard d'euros", "1000000000", "1000000000"),
            ("dix milliards de dollars", "10000000000", "1000000000"),
            ("a billion dollars", "1000000000", "1000000000"),
            ("zwei Milliarden Euro", "2000000000", "1000000000"),
            ("ten", "10", "1"),
        ] {
            let a = Amount::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!((a.value, a.step), (d(value), d(step)), "{text}");
        }
    }

    #[test]
    fn lone_comma_reads_by_language() {
        // English clue: grouping.
        assert_eq!(Amount::parse("$1,500").unwrap().value, d("1500"));
        assert_eq!(
            Amount::parse("1,500 billion dollars").unwrap().value,
            d("1500000000000")
        );
        // French clue: decimal.
        assert_eq!(Amount::parse("1,500 Md€").unwrap().value, d("1500000000"));
        // No clue: both readings shown.
        let err = Amount::parse("1,500 EUR").unwrap_err();
        assert_eq!(
            err.to_string(),
            "`1,500` is ambiguous: 1500 with `,` grouping thousands, 1.5 with `,` as decimal mark"
        );
        assert_eq!(err.span(), Some(0..5));
    }

    #[test]
    fn bad_text_is_an_error_that_points_at_it() {
        let e = Amount::parse("$12 zillion").unwrap_err();
        assert_eq!(e.to_string(), "unknown word `zillion` in amount");
        assert_eq!(e.span(), Some(4..11));
        assert_eq!(Amount::parse("   ").unwrap_err(), AmountError::Empty);
        assert!(matches!(
            Amount::parse("USD").unwrap_err(),
            AmountError::NoNumber { .. }
        ));
        assert!(matches!(
            Amount::parse("1,00,000 USD").unwrap_err(),
            AmountError::BadGrouping { .. }
        ));
        assert!(matches!(
            Amount::parse("$5 €").unwrap_err(),
            AmountError::Twice {
                what: "currency",
                ..
            }
        ));
        assert!(matches!(
            Amount::parse("5 @ USD").unwrap_err(),
            AmountError::UnexpectedChar { found: '@', .. }
        ));
        assert!(matches!(
            Amount::parse("99999999999999999999999999999 T$").unwrap_err(),
            AmountError::TooLarge { .. }
        ));
        assert!(matches!(
            Amount::parse("99999999999999999 T$").unwrap_err(),
            AmountError::TooLarge { .. }
        ));
    }

    /// Inputs the fuzzer found; each once broke the parse -> render -> parse
    /// round trip or panicked.
    #[test]
    fn fuzz_regressions() {
        assert!(matches!(
            Amount::parse("$--5M"),
            Err(AmountError::UnexpectedChar { found: '-', .. })
        ));
        // 29 digits: the largest a decimal holds, and its rendering reads back.
        let big = Amount::parse("$-10010010011011001001011M").unwrap();
        assert_eq!(Amount::parse(&big.to_string()).unwrap().value, big.value);
        for text in ["mds1,1", "Mio 5", "k5"] {
            assert!(
                matches!(Amount::parse(text), Err(AmountError::UnknownWord { .. })),
                "{text}"
            );
        }
    }

    fn reading(numbers: Option<Numbers>, symbols: &[(Symbol, &str)]) -> Reading {
        Reading {
            numbers,
            symbols: symbols
                .iter()
                .map(|(s, c)| (*s, Code::new(c).unwrap()))
                .collect(),
        }
    }

    /// Issue 10's table: each of these was read 1,000 times too small or
    /// large, with exit 0. Unsettled, each is refused with both readings.
    #[test]
    fn one_separator_before_three_digits_is_refused() {
        for (text, grouped, decimal) in [
            ("10.000 €", "10000", "10"),
            ("1.000 EUR", "1000", "1"),
            ("€1.000", "1000", "1"),
            ("$1.000", "1000", "1"),
            ("1,500 €", "1500", "1.5"),
            ("1,500 euros", "1500", "1.5"),
            ("100,000 $", "100000", "100"),
            ("1,000 ₪", "1000", "1"),
            ("1.000", "1000", "1"),
            ("1.500 billion dollars", "1500", "1.5"),
            ("€1,500 milliards", "1500", "1.5"),
        ] {
            match Amount::parse(text) {
                Err(AmountError::Ambiguous {
                    grouped: g,
                    decimal: dd,
                    ..
                }) => assert_eq!((g, dd), (d(grouped), d(decimal)), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        let e = Amount::parse("10.000 €").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`10.000` is ambiguous: 10000 with `.` grouping thousands, 10 with `.` as decimal mark"
        );
        assert!(e.hint().unwrap().contains("--numbers eu"));
        assert!(e.hint_in_file().unwrap().contains("numbers = \"eu\""));
    }

    #[test]
    fn the_reader_settles_the_convention() {
        let eu = reading(Some(Numbers::Eu), &[]);
        let en = reading(Some(Numbers::En), &[]);
        for (text, with_eu, with_en) in [
            ("10.000 €", "10000", "10"),
            ("1,500 €", "1.5", "1500"),
            ("100,000 $", "100", "100000"),
            ("1.000", "1000", "1"),
            ("$1,500", "1.5", "1500"),
        ] {
            assert_eq!(
                Amount::parse_with(text, &eu).unwrap().value,
                d(with_eu),
                "{text} eu"
            );
            assert_eq!(
                Amount::parse_with(text, &en).unwrap().value,
                d(with_en),
                "{text} en"
            );
        }
    }

    #[test]
    fn the_text_settles_the_convention() {
        for (text, value) in [
            ("$1,500", "1500"),
            ("£1,000", "1000"),
            ("€2,500", "2500"),
            ("USD 1,500", "1500"),
            ("1.000.000 €", "1000000"),
            ("1.234,56 €", "1234.56"),
            ("1,234.56 USD", "1234.56"),
            ("1 000,5 €", "1000.5"),
            ("1'000'000 CHF", "1000000"),
            ("1'000.50 CHF", "1000.5"),
            ("0,500 €", "0.5"),
            ("1234.567 USD", "1234.567"),
            ("1,234.567 891 USD", "1234.567891"),
            ("1,500 billion dollars", "1500000000000"),
            ("1.500 Mrd EUR", "1500000000000"),
            ("1,500 Md€", "1500000000"),
            ("2,5 Mrd. EUR", "2500000000"),
            ("2.5 mln USD", "2500000"),
            ("5 Mio. EUR", "5000000"),
        ] {
            let a = Amount::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(a.value, d(value), "{text}");
        }
        // A space never marks decimals, nor groups digits into the integer part.
        assert!(matches!(
            Amount::parse("1.5 000 USD"),
            Err(AmountError::BadGrouping { .. })
        ));
        assert!(matches!(
            Amount::parse("1,000 000.5 USD"),
            Err(AmountError::BadGrouping { .. })
        ));
    }

    #[test]
    fn french_long_scale_after_de() {
        for (text, value, code) in [
            ("2 billions d'euros", "2000000000000", "EUR"),
            ("2 billion de dollars", "2000000000000", "USD"),
            ("3 trillions d'euros", "3000000000000000000", "EUR"),
            ("2 billions USD", "2000000000", "USD"),
            ("2 billion dollars", "2000000000", "USD"),
        ] {
            let a = Amount::parse(text).unwrap();
            assert_eq!(
                (a.value, a.code().unwrap().to_string()),
                (d(value), code.to_owned()),
                "{text}"
            );
        }
    }

    #[test]
    fn bare_symbols_take_the_readers_currency() {
        let cad = reading(None, &[(Symbol::Dollar, "CAD")]);
        let cny = Reading::default().with_default(Code::new("CNY").unwrap());
        assert_eq!(
            Amount::parse_with("$100", &cad).unwrap().code(),
            Code::new("CAD")
        );
        assert_eq!(
            Amount::parse_with("¥100", &cny).unwrap().code(),
            Code::new("CNY")
        );
        // An explicit country stays what it says.
        assert_eq!(
            Amount::parse_with("US$100", &cad).unwrap().code(),
            Code::new("USD")
        );
        assert_eq!(Amount::parse("$100").unwrap().code(), Code::new("USD"));
        assert_eq!(Amount::parse("¥100").unwrap().code(), Code::new("JPY"));
        // `kr` has no default.
        assert!(matches!(
            Amount::parse("100 kr"),
            Err(AmountError::AmbiguousCurrency { .. })
        ));
        let sek = Reading::default().with_default(Code::new("SEK").unwrap());
        assert_eq!(
            Amount::parse_with("100 kr", &sek).unwrap().code(),
            Code::new("SEK")
        );
    }

    #[test]
    fn country_prefixes_only_when_attached_or_spelled_out() {
        for (text, code) in [
            ("a $5", "USD"),
            ("an $80 million", "USD"),
            ("A$5", "AUD"),
            ("C$5", "CAD"),
            ("US $5", "USD"),
            ("5 $ CA", "CAD"),
            ("16 G$ US", "USD"),
            ("5 dollars canadiens", "CAD"),
        ] {
            let a = Amount::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(a.code(), Code::new(code), "{text}");
        }
        assert!(matches!(
            Amount::parse("5 dollars c"),
            Err(AmountError::UnknownWord { .. })
        ));
        assert_eq!(Amount::parse("16 G$ US").unwrap().value, d("16000000000"));
    }

    #[test]
    fn currency_words_beyond_english_and_french() {
        for (text, code) in [
            ("100 RMB", "CNY"),
            ("100 yuan", "CNY"),
            ("100 francs suisses", "CHF"),
            ("100 Swiss francs", "CHF"),
            ("100 francs français", "FRF"),
            ("1,2 milhões de reais", "BRL"),
            ("100 DM", "DEM"),
        ] {
            let a = Amount::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(a.code(), Code::new(code), "{text}");
        }
        assert_eq!(
            Amount::parse("1,2 milhões de reais").unwrap().value,
            d("1200000")
        );
        let e = Amount::parse("100 francs").unwrap_err();
        assert_eq!(
            e.to_string(),
            "`francs` could be any of CHF, FRF, BEF, LUF, XOF, XAF"
        );
    }

    #[test]
    fn the_qualifier_is_located() {
        let a = Amount::parse("près de 69 milliards de dollars").unwrap();
        assert_eq!(a.qualifier, Some(0..8));
        assert_eq!(Amount::parse("$69B").unwrap().qualifier, None);
    }

    #[test]
    fn display_round_trips() {
        for text in ["$14.3B", "85 millions d'euros", "49%", "0.25", "-5 EUR"] {
            let a = Amount::parse(text).unwrap();
            let b = Amount::parse(&a.to_string()).unwrap();
            assert_eq!((a.value, a.code()), (b.value, b.code()), "{text}");
        }
    }
}
