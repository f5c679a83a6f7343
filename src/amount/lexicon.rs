//! The words and signs amounts are written with, as data: currency
//! symbols, scale words, currency words, qualifiers and number words, each
//! with the languages that write it. A word read in a text also tells how
//! its numbers are written ([`Lang::numbers`]): `1,500 billion` is English
//! (the comma groups), `1,500 milliards` European (the comma marks
//! decimals). A new language is new rows, never new code.
//!
//! ```
//! use dealcalc::amount::lexicon::{self, Lang};
//! assert_eq!(lexicon::scale("Milliarden").map(|s| (s.exp, s.lang)), Some((9, Lang::European)));
//! assert_eq!(lexicon::scale("bn").map(|s| s.lang), Some(Lang::English));
//! assert_eq!(lexicon::number("dix"), Some(10));
//! ```

use super::{Bound, Numbers};

/// Which languages write a word, as far as numbers go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Every language (`M`, `million`, `euro`): says nothing of numbers.
    Any,
    /// English only: its numbers group with `,` and mark decimals with `.`.
    English,
    /// Continental European languages (French, German, Spanish, Italian,
    /// Dutch, Portuguese): `.` or a space groups, `,` marks decimals.
    European,
}

impl Lang {
    /// The convention of numbers this language writes, if it settles one.
    pub fn numbers(self) -> Option<Numbers> {
        match self {
            Lang::Any => None,
            Lang::English => Some(Numbers::En),
            Lang::European => Some(Numbers::Eu),
        }
    }
}

/// A currency sign and the currency it stands for when nothing says
/// otherwise (`$` USD, `¥` JPY, `£` GBP: see [`super::Symbol`]).
pub const SYMBOLS: &[(char, &str)] = &[
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
pub const ABBREVIATIONS: &[&str] = &[
    "mrd", "mio", "mln", "md", "mds", "bn", "mn", "tn", "k", "kr", "dol", "mill", "ca", "rd",
];

/// Nouns of shares a count may end with: `86.9 million shares`,
/// `433,3 Millionen Aktien`.
pub const SHARE_NOUNS: &[&str] = &[
    "share", "shares", "action", "actions", "aktie", "aktien", "titres", "acciones", "azioni",
    "aandelen",
];

/// A scale word: `billion` is 10^9.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scale {
    /// The word, lower case.
    pub word: &'static str,
    /// Its power of ten.
    pub exp: u32,
    /// Who writes it.
    pub lang: Lang,
}

const fn scale_row(word: &'static str, exp: u32, lang: Lang) -> Scale {
    Scale { word, exp, lang }
}

/// Every scale word. `billion` and `trillion` are the short scale (10^9,
/// 10^12) but for French after `de` or `d'`, where they are 10^12 and 10^18
/// (`2 billions d'euros`): that reading is the parser's, from the next
/// word.
pub const SCALES: &[Scale] = &[
    scale_row("k", 3, Lang::Any),
    scale_row("thousand", 3, Lang::English),
    scale_row("thousands", 3, Lang::English),
    scale_row("mille", 3, Lang::European),
    scale_row("m", 6, Lang::Any),
    scale_row("mm", 6, Lang::Any),
    scale_row("million", 6, Lang::Any),
    scale_row("millions", 6, Lang::Any),
    scale_row("mn", 6, Lang::English),
    scale_row("mio", 6, Lang::European),
    scale_row("mln", 6, Lang::European),
    scale_row("millionen", 6, Lang::European),
    scale_row("milioni", 6, Lang::European),
    scale_row("millones", 6, Lang::European),
    scale_row("milhões", 6, Lang::European),
    scale_row("milhoes", 6, Lang::European),
    scale_row("milhão", 6, Lang::European),
    scale_row("milhao", 6, Lang::European),
    scale_row("millón", 6, Lang::European),
    scale_row("millon", 6, Lang::European),
    scale_row("miljoen", 6, Lang::European),
    scale_row("miljoner", 6, Lang::European),
    scale_row("b", 9, Lang::Any),
    scale_row("bn", 9, Lang::English),
    scale_row("billion", 9, Lang::English),
    scale_row("billions", 9, Lang::English),
    scale_row("g", 9, Lang::Any),
    scale_row("md", 9, Lang::European),
    scale_row("mds", 9, Lang::European),
    scale_row("mrd", 9, Lang::European),
    scale_row("milliard", 9, Lang::European),
    scale_row("milliards", 9, Lang::European),
    scale_row("milliarde", 9, Lang::European),
    scale_row("milliarden", 9, Lang::European),
    scale_row("miliardi", 9, Lang::European),
    scale_row("miliardo", 9, Lang::European),
    scale_row("miljard", 9, Lang::European),
    scale_row("miljarder", 9, Lang::European),
    scale_row("bilhões", 9, Lang::European),
    scale_row("bilhoes", 9, Lang::European),
    scale_row("bilhão", 9, Lang::European),
    scale_row("bilhao", 9, Lang::European),
    scale_row("t", 12, Lang::Any),
    scale_row("tn", 12, Lang::English),
    scale_row("trillion", 12, Lang::English),
    scale_row("trillions", 12, Lang::English),
    scale_row("lakh", 5, Lang::Any),
    scale_row("lakhs", 5, Lang::Any),
    scale_row("crore", 7, Lang::Any),
    scale_row("crores", 7, Lang::Any),
];

/// A currency word: `dollars` is USD.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CurrencyWord {
    /// The word, lower case.
    pub word: &'static str,
    /// The currency's code.
    pub code: &'static str,
    /// Who writes it.
    pub lang: Lang,
}

const fn currency_row(word: &'static str, code: &'static str, lang: Lang) -> CurrencyWord {
    CurrencyWord { word, code, lang }
}

/// Every word of one currency (words several write are in
/// [`AMBIGUOUS_CURRENCIES`]).
pub const CURRENCY_WORDS: &[CurrencyWord] = &[
    currency_row("dollar", "USD", Lang::Any),
    currency_row("dollars", "USD", Lang::Any),
    currency_row("dólares", "USD", Lang::Any),
    currency_row("dolares", "USD", Lang::Any),
    currency_row("dollari", "USD", Lang::Any),
    currency_row("us-dollar", "USD", Lang::European),
    currency_row("us-dollars", "USD", Lang::European),
    currency_row("euro", "EUR", Lang::Any),
    currency_row("euros", "EUR", Lang::Any),
    currency_row("pound", "GBP", Lang::English),
    currency_row("pounds", "GBP", Lang::English),
    currency_row("sterling", "GBP", Lang::English),
    currency_row("livre", "GBP", Lang::European),
    currency_row("livres", "GBP", Lang::European),
    currency_row("yen", "JPY", Lang::Any),
    currency_row("yens", "JPY", Lang::Any),
    currency_row("yuan", "CNY", Lang::Any),
    currency_row("yuans", "CNY", Lang::Any),
    currency_row("renminbi", "CNY", Lang::Any),
    currency_row("rmb", "CNY", Lang::Any),
    currency_row("rupee", "INR", Lang::English),
    currency_row("rupees", "INR", Lang::English),
    currency_row("roupie", "INR", Lang::European),
    currency_row("roupies", "INR", Lang::European),
    currency_row("won", "KRW", Lang::Any),
    currency_row("wons", "KRW", Lang::Any),
    currency_row("rouble", "RUB", Lang::Any),
    currency_row("roubles", "RUB", Lang::Any),
    currency_row("ruble", "RUB", Lang::Any),
    currency_row("rubles", "RUB", Lang::Any),
    currency_row("real", "BRL", Lang::Any),
    currency_row("reais", "BRL", Lang::Any),
    currency_row("rand", "ZAR", Lang::Any),
    currency_row("dm", "DEM", Lang::Any),
];

/// The francs, for the word `franc` alone.
const FRANCS: &[&str] = &["CHF", "FRF", "BEF", "LUF", "XOF", "XAF"];
/// The pesos, for the word `peso` alone.
const PESOS: &[&str] = &["MXN", "ARS", "CLP", "COP", "PHP", "UYU", "CUP", "DOP"];

/// Words several currencies write, with the currencies they may be: never
/// guessed, an error naming them unless the text or the reader says which.
pub const AMBIGUOUS_CURRENCIES: &[(&str, &[&str])] = &[
    ("franc", FRANCS),
    ("francs", FRANCS),
    ("franken", FRANCS),
    ("krona", super::Symbol::Krona.currencies()),
    ("kronor", super::Symbol::Krona.currencies()),
    ("krone", super::Symbol::Krona.currencies()),
    ("kroner", super::Symbol::Krona.currencies()),
    ("króna", super::Symbol::Krona.currencies()),
    ("kronen", super::Symbol::Krona.currencies()),
    ("couronne", super::Symbol::Krona.currencies()),
    ("couronnes", super::Symbol::Krona.currencies()),
    ("kronur", super::Symbol::Krona.currencies()),
    ("peso", PESOS),
    ("pesos", PESOS),
];

/// Words that say which franc: `francs suisses` is CHF.
pub const FRANC_COUNTRIES: &[(&str, &str)] = &[
    ("suisse", "CHF"),
    ("suisses", "CHF"),
    ("swiss", "CHF"),
    ("français", "FRF"),
    ("francais", "FRF"),
    ("french", "FRF"),
    ("belges", "BEF"),
    ("belge", "BEF"),
    ("belgian", "BEF"),
    ("luxembourgeois", "LUF"),
    ("cfa", "XOF"),
];

/// Words that say which dollar: `US$`, `$ CA`, `dollars canadiens`. A
/// single letter (`C`, `A`) is read only attached to the `$`.
pub const DOLLAR_COUNTRIES: &[(&str, &str)] = &[
    ("us", "USD"),
    ("u.s.", "USD"),
    ("américains", "USD"),
    ("americains", "USD"),
    ("american", "USD"),
    ("usa", "USD"),
    ("c", "CAD"),
    ("ca", "CAD"),
    ("can", "CAD"),
    ("canadiens", "CAD"),
    ("canadian", "CAD"),
    ("a", "AUD"),
    ("au", "AUD"),
    ("aud", "AUD"),
    ("australiens", "AUD"),
    ("australian", "AUD"),
    ("hk", "HKD"),
    ("nz", "NZD"),
    ("néo-zélandais", "NZD"),
    ("s", "SGD"),
    ("sg", "SGD"),
    ("singapour", "SGD"),
    ("singapore", "SGD"),
    ("r", "BRL"),
    ("mx", "MXN"),
    ("mex", "MXN"),
];

/// A qualifier: words before a printed figure that make it a bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Qualifier {
    /// Its words, lower case, `d'` and `jusqu'` keeping their apostrophe.
    pub words: &'static [&'static str],
    /// The bound it makes.
    pub bound: Bound,
    /// Who writes it.
    pub lang: Lang,
}

const fn qualifier_row(words: &'static [&'static str], bound: Bound, lang: Lang) -> Qualifier {
    Qualifier { words, bound, lang }
}

/// Every qualifier, longest first (`more than` before `more`). `ca` and
/// `rd` are qualifiers only with their point (`ca.`, `rd.`): `CA$` is a
/// Canadian dollar.
pub const QUALIFIERS: &[Qualifier] = &[
    qualifier_row(&["more", "than"], Bound::Over, Lang::English),
    qualifier_row(&["at", "least"], Bound::AtLeast, Lang::English),
    qualifier_row(&["at", "most"], Bound::AtMost, Lang::English),
    qualifier_row(&["up", "to"], Bound::AtMost, Lang::English),
    qualifier_row(&["less", "than"], Bound::Under, Lang::English),
    qualifier_row(&["close", "to"], Bound::Nearly, Lang::English),
    qualifier_row(&["plus", "de"], Bound::Over, Lang::European),
    qualifier_row(&["plus", "d'"], Bound::Over, Lang::European),
    qualifier_row(&["au", "moins"], Bound::AtLeast, Lang::European),
    qualifier_row(&["moins", "de"], Bound::Under, Lang::European),
    qualifier_row(&["moins", "d'"], Bound::Under, Lang::European),
    qualifier_row(&["jusqu'", "à"], Bound::AtMost, Lang::European),
    qualifier_row(&["près", "de"], Bound::Nearly, Lang::European),
    qualifier_row(&["près", "d'"], Bound::Nearly, Lang::European),
    qualifier_row(&["mehr", "als"], Bound::Over, Lang::European),
    qualifier_row(&["weniger", "als"], Bound::Under, Lang::European),
    qualifier_row(&["bis", "zu"], Bound::AtMost, Lang::European),
    qualifier_row(&["más", "de"], Bound::Over, Lang::European),
    qualifier_row(&["mais", "de"], Bound::Over, Lang::European),
    qualifier_row(&["menos", "de"], Bound::Under, Lang::European),
    qualifier_row(&["cerca", "de"], Bound::About, Lang::European),
    qualifier_row(&["over"], Bound::Over, Lang::English),
    qualifier_row(&["above"], Bound::Over, Lang::English),
    qualifier_row(&["under"], Bound::Under, Lang::English),
    qualifier_row(&["below"], Bound::Under, Lang::English),
    qualifier_row(&["about"], Bound::About, Lang::English),
    qualifier_row(&["around"], Bound::About, Lang::English),
    qualifier_row(&["roughly"], Bound::About, Lang::English),
    qualifier_row(&["approximately"], Bound::About, Lang::English),
    qualifier_row(&["some"], Bound::About, Lang::English),
    qualifier_row(&["circa"], Bound::About, Lang::Any),
    qualifier_row(&["ca"], Bound::About, Lang::European),
    qualifier_row(&["nearly"], Bound::Nearly, Lang::English),
    qualifier_row(&["almost"], Bound::Nearly, Lang::English),
    qualifier_row(&["environ"], Bound::About, Lang::European),
    qualifier_row(&["quelque"], Bound::About, Lang::European),
    qualifier_row(&["quelques"], Bound::About, Lang::European),
    qualifier_row(&["rund"], Bound::About, Lang::European),
    qualifier_row(&["rd"], Bound::About, Lang::European),
    qualifier_row(&["etwa"], Bound::About, Lang::European),
    qualifier_row(&["presque"], Bound::Nearly, Lang::European),
    qualifier_row(&["knapp"], Bound::Nearly, Lang::European),
    qualifier_row(&["fast"], Bound::Nearly, Lang::European),
    qualifier_row(&["casi"], Bound::Nearly, Lang::European),
    qualifier_row(&["quase"], Bound::Nearly, Lang::European),
    qualifier_row(&["quasi"], Bound::Nearly, Lang::European),
    qualifier_row(&["mindestens"], Bound::AtLeast, Lang::European),
    qualifier_row(&["hasta"], Bound::AtMost, Lang::European),
    qualifier_row(&["oltre"], Bound::Over, Lang::European),
];

/// Numbers written as words, in English, French, German, Spanish,
/// Portuguese and Italian: `ten`, `dix`, `zehn`, `un` (in `un milliard`).
pub const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("un", 1),
    ("une", 1),
    ("ein", 1),
    ("eine", 1),
    ("uno", 1),
    ("um", 1),
    ("two", 2),
    ("deux", 2),
    ("zwei", 2),
    ("dos", 2),
    ("dois", 2),
    ("due", 2),
    ("three", 3),
    ("trois", 3),
    ("drei", 3),
    ("tres", 3),
    ("três", 3),
    ("tre", 3),
    ("four", 4),
    ("quatre", 4),
    ("vier", 4),
    ("cuatro", 4),
    ("quatro", 4),
    ("five", 5),
    ("cinq", 5),
    ("fünf", 5),
    ("cinco", 5),
    ("cinque", 5),
    ("six", 6),
    ("sechs", 6),
    ("seis", 6),
    ("sei", 6),
    ("seven", 7),
    ("sept", 7),
    ("sieben", 7),
    ("siete", 7),
    ("sete", 7),
    ("sette", 7),
    ("eight", 8),
    ("huit", 8),
    ("acht", 8),
    ("ocho", 8),
    ("oito", 8),
    ("otto", 8),
    ("nine", 9),
    ("neuf", 9),
    ("neun", 9),
    ("nueve", 9),
    ("nove", 9),
    ("ten", 10),
    ("dix", 10),
    ("zehn", 10),
    ("diez", 10),
    ("dez", 10),
    ("dieci", 10),
    ("eleven", 11),
    ("onze", 11),
    ("elf", 11),
    ("once", 11),
    ("twelve", 12),
    ("douze", 12),
    ("zwölf", 12),
    ("doce", 12),
    ("dodici", 12),
    ("thirteen", 13),
    ("treize", 13),
    ("dreizehn", 13),
    ("fourteen", 14),
    ("quatorze", 14),
    ("vierzehn", 14),
    ("fifteen", 15),
    ("quinze", 15),
    ("fünfzehn", 15),
    ("quince", 15),
    ("twenty", 20),
    ("vingt", 20),
    ("zwanzig", 20),
    ("veinte", 20),
    ("vinte", 20),
    ("venti", 20),
    ("sixteen", 16),
    ("seize", 16),
    ("sechzehn", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("thirty", 30),
    ("trente", 30),
    ("dreißig", 30),
    ("treinta", 30),
    ("trenta", 30),
    ("forty", 40),
    ("quarante", 40),
    ("vierzig", 40),
    ("cuarenta", 40),
    ("quaranta", 40),
    ("fifty", 50),
    ("cinquante", 50),
    ("fünfzig", 50),
    ("cincuenta", 50),
    ("sixty", 60),
    ("soixante", 60),
    ("sechzig", 60),
    ("seventy", 70),
    ("siebzig", 70),
    ("eighty", 80),
    ("achtzig", 80),
    ("ninety", 90),
    ("neunzig", 90),
    ("hundred", 100),
    ("hundert", 100),
    ("cent", 100),
    ("cents", 100),
    ("cien", 100),
    ("cento", 100),
];

/// Qualifiers written after a figure: `11,3 milliards d'euros environ`.
pub const TRAILING_QUALIFIERS: &[(&str, Bound)] = &[
    ("environ", Bound::About),
    ("approximately", Bound::About),
    ("circa", Bound::About),
];

/// The bound a qualifier written after its figure makes, case folded.
pub fn trailing_qualifier(word: &str) -> Option<Bound> {
    let lower = folded(word);
    TRAILING_QUALIFIERS
        .iter()
        .find(|(w, _)| *w == lower.as_ref())
        .map(|(_, b)| *b)
}

/// Two number words read as one: a hundred times what came before (`one
/// hundred`, `deux cents`), tens and units (`twenty five`, `trente-six`,
/// `vingt et un`), or hundreds and what follows (`hundred fifty`).
///
/// ```
/// use dealcalc::amount::lexicon::join_numbers;
/// assert_eq!(join_numbers(1, 100), Some(100));
/// assert_eq!(join_numbers(30, 6), Some(36));
/// assert_eq!(join_numbers(200, 50), Some(250));
/// assert_eq!(join_numbers(6, 30), None);
/// ```
pub fn join_numbers(before: u32, next: u32) -> Option<u32> {
    if next == 100 && (1..100).contains(&before) {
        Some(before * 100)
    } else if ((20..100).contains(&before) && before % 10 == 0 && next < 10)
        || (before >= 100 && before % 100 == 0 && next < 100)
    {
        Some(before + next)
    } else {
        None
    }
}

/// A word in lower case, without copying one that already is.
pub fn folded(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// The scale a word names, case folded.
pub fn scale(word: &str) -> Option<&'static Scale> {
    let lower = folded(word);
    SCALES.iter().find(|s| s.word == lower.as_ref())
}

/// The currency a word names, case folded.
pub fn currency(word: &str) -> Option<&'static CurrencyWord> {
    let lower = folded(word);
    CURRENCY_WORDS.iter().find(|c| c.word == lower.as_ref())
}

/// The currencies a word several write may be, case folded.
pub fn ambiguous_currency(word: &str) -> Option<&'static [&'static str]> {
    let lower = folded(word);
    AMBIGUOUS_CURRENCIES
        .iter()
        .find(|(w, _)| *w == lower.as_ref())
        .map(|(_, choices)| *choices)
}

/// Which franc a word names: `suisses` is CHF.
pub fn franc_country(word: &str) -> Option<&'static str> {
    let lower = folded(word);
    FRANC_COUNTRIES
        .iter()
        .find(|(w, _)| *w == lower.as_ref())
        .map(|(_, code)| *code)
}

/// Which dollar a word names, and whether it is a single letter (read only
/// attached: `C$`).
pub fn dollar_country(word: &str) -> Option<(&'static str, bool)> {
    let lower = folded(word);
    DOLLAR_COUNTRIES
        .iter()
        .find(|(w, _)| *w == lower.as_ref())
        .map(|(_, code)| (*code, lower.chars().count() == 1))
}

/// A number written as a word, case folded; hyphenated words join
/// (`trente-six` 36, `twenty-five` 25, `vingt-et-un` 21).
///
/// ```
/// use dealcalc::amount::lexicon::number;
/// assert_eq!(number("trente-six"), Some(36));
/// assert_eq!(number("Twenty-Five"), Some(25));
/// assert_eq!(number("vingt-et-un"), Some(21));
/// assert_eq!(number("six-trente"), None);
/// ```
pub fn number(word: &str) -> Option<u32> {
    let lower = folded(word);
    let one = |w: &str| NUMBER_WORDS.iter().find(|(x, _)| *x == w).map(|(_, n)| *n);
    if !lower.contains('-') {
        return one(&lower);
    }
    let mut parts = lower.split('-').filter(|p| *p != "et" && *p != "and");
    let mut n = one(parts.next()?)?;
    for p in parts {
        n = join_numbers(n, one(p)?)?;
    }
    Some(n)
}
