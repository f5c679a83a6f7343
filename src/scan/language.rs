//! The languages articles are scanned in, as data: the words that tell
//! them apart, month names, and the words that relate figures (`soit`,
//! `valuing`, `a share`, `over four years`). A new language is new rows.
//!
//! ```
//! use dealcalc::scan::Language;
//! assert_eq!(Language::detect("Meta a pris une participation de 49 % dans la société"), Language::Fr);
//! assert_eq!(Language::detect("Meta paid $14.3 billion for a stake in the company"), Language::En);
//! ```

use std::fmt;
use std::str::FromStr;

use crate::amount::Numbers;

/// A language an article is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// English.
    En,
    /// French.
    Fr,
    /// German.
    De,
    /// Spanish.
    Es,
    /// Italian.
    It,
    /// Dutch.
    Nl,
}

impl Language {
    /// Every language, in the order `--lang` lists them.
    pub const ALL: [Language; 6] = [
        Language::En,
        Language::Fr,
        Language::De,
        Language::Es,
        Language::It,
        Language::Nl,
    ];

    /// The code: `en`, `fr`, ...
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
            Language::De => "de",
            Language::Es => "es",
            Language::It => "it",
            Language::Nl => "nl",
        }
    }

    /// How its numbers are written: `1,500.25` in English, `1.500,25` or
    /// `1 500,25` in the others.
    pub fn numbers(self) -> Numbers {
        match self {
            Language::En => Numbers::En,
            _ => Numbers::Eu,
        }
    }

    /// The language whose common words the text uses most; English when
    /// none stands out.
    pub fn detect(text: &str) -> Language {
        Language::detect_surely(text).0
    }

    /// The language detected, and whether it stands out: its words at
    /// least three and twice those of any other. Only a language that
    /// stands out settles how the text's numbers are written.
    ///
    /// ```
    /// use dealcalc::scan::Language;
    /// assert_eq!(Language::detect_surely("Meta paid $14.3 billion for the stake and the board."), (Language::En, true));
    /// assert_eq!(Language::detect_surely("Meta: $14.3 billion"), (Language::En, false));
    /// ```
    pub fn detect_surely(text: &str) -> (Language, bool) {
        let mut counts = [0_usize; 6];
        for word in text
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .take(3000)
        {
            let lower = word.to_lowercase();
            // `d'euros`, `l'action`, `qu'il`: French elisions.
            let elided = ["d'", "l'", "qu'", "n'", "s'", "c'", "j'"]
                .iter()
                .any(|e| lower.starts_with(e) && lower.len() > e.len());
            if elided && let Some(c) = counts.get_mut(1) {
                *c += 1;
            }
            for (k, lang) in Language::ALL.iter().enumerate() {
                if common_words(*lang).contains(&lower.as_str())
                    && let Some(c) = counts.get_mut(k)
                {
                    *c += 1;
                }
            }
        }
        let best = counts
            .iter()
            .enumerate()
            .max_by_key(|(k, c)| (**c, std::cmp::Reverse(*k)))
            .map_or(0, |(k, _)| k);
        let top = counts.get(best).copied().unwrap_or(0);
        let second = counts
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != best)
            .map(|(_, c)| *c)
            .max()
            .unwrap_or(0);
        let lang = if top == 0 {
            Language::En
        } else {
            Language::ALL.get(best).copied().unwrap_or(Language::En)
        };
        (lang, top >= 3 && top >= 2 * second)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::ALL
            .into_iter()
            .find(|l| l.code() == s.to_lowercase())
            .ok_or_else(|| format!("unknown language `{s}`; choose from: en, fr, de, es, it, nl"))
    }
}

/// Words common in one language and rare in the others.
fn common_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::En => &[
            "the", "and", "of", "to", "is", "for", "that", "with", "was", "its", "has", "said",
            "from", "by", "which", "have", "will",
        ],
        Language::Fr => &[
            "le",
            "la",
            "les",
            "des",
            "et",
            "du",
            "une",
            "est",
            "dans",
            "pour",
            "qui",
            "sur",
            "au",
            "aux",
            "avec",
            "selon",
            "ses",
            "soit",
            "à",
            "milliards",
            "été",
            "sont",
            "cette",
        ],
        Language::De => &[
            "der", "die", "das", "und", "ist", "mit", "von", "den", "für", "auf", "dem", "ein",
            "eine", "nicht", "sich", "des", "wird", "bei",
        ],
        Language::Es => &[
            "el", "los", "las", "y", "del", "por", "con", "una", "para", "es", "que", "según",
            "su", "más", "como", "fue",
        ],
        Language::It => &[
            "il", "gli", "della", "che", "per", "con", "una", "sono", "nel", "alla", "dei",
            "delle", "è", "anche", "più",
        ],
        Language::Nl => &[
            "het", "een", "van", "voor", "niet", "zijn", "bij", "ook", "naar", "wordt", "heeft",
            "miljard", "miljoen", "werd", "dat",
        ],
    }
}

/// Month names in every language, with their number.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("janvier", 1),
    ("januar", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("januari", 1),
    ("february", 2),
    ("feb", 2),
    ("février", 2),
    ("fevrier", 2),
    ("februar", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("februari", 2),
    ("march", 3),
    ("mar", 3),
    ("mars", 3),
    ("märz", 3),
    ("marzo", 3),
    ("maart", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("mei", 5),
    ("june", 6),
    ("jun", 6),
    ("juin", 6),
    ("juni", 6),
    ("junio", 6),
    ("giugno", 6),
    ("july", 7),
    ("jul", 7),
    ("juillet", 7),
    ("juli", 7),
    ("julio", 7),
    ("luglio", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("settembre", 9),
    ("october", 10),
    ("oct", 10),
    ("octobre", 10),
    ("oktober", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("december", 12),
    ("dec", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("dezember", 12),
    ("diciembre", 12),
    ("dicembre", 12),
];

/// The month a word names, case folded, a trailing point dropped.
pub fn month(word: &str) -> Option<u32> {
    let lower = word.trim_end_matches('.').to_lowercase();
    MONTHS.iter().find(|(m, _)| *m == lower).map(|(_, n)| *n)
}

/// Words between an amount and its restatement in another currency:
/// `$100 million (85 million euros)`, `soit`, `or about`, `rund`.
pub const CONVERSION_LINKS: &[&str] = &[
    "or",
    "or some",
    "soit",
    "ou",
    "i.e.",
    "ie",
    "that is",
    "umgerechnet",
    "equivalent to",
    "the equivalent of",
    "equal to",
    "worth",
    "oder",
    "d.h.",
    "also",
    "o sea",
    "ossia",
    "ovvero",
    "pari a",
    "ofwel",
    "zo'n",
    "about",
    "around",
    "roughly",
];

/// Words before a valuation: `valuing it at`, `valorisant`, `Bewertung`.
pub const VALUATION_WORDS: &[&str] = &[
    "valu",
    "valoris",
    "bewert",
    "valorizz",
    "valoración",
    "valoracion",
    "waardering",
    "gewaardeerd",
    "worth",
];

/// Words that make a valuation the pre-money one.
pub const PRE_MONEY_WORDS: &[&str] = &["pre-money", "pre money", "pré-money", "avant l'opération"];

/// Words after a price that make it per share: `$4.20 a share`.
pub const PER_SHARE_WORDS: &[&str] = &[
    "a share",
    "per share",
    "each share",
    "per common share",
    "par action",
    "l'action",
    "l’action",
    "je aktie",
    "pro aktie",
    "por acción",
    "per azione",
    "per aandeel",
];

/// Words that tie a stake to its price, between them or just before the
/// first: `$14.3 billion for 49%`, `49 % … pour 14,3 milliards`, `Für 49
/// Prozent zahlt …`, `a $240 million equity stake … for 1.6%`.
pub const STAKE_LINKS: &[&str] = &[
    "for",
    "stake",
    "pour",
    "contre",
    "participation",
    "für",
    "anteil",
    "beteiligung",
    "por",
    "per",
    "voor",
    "in exchange for",
];

/// Words between a share count and its price: `433.3 million shares at
/// $20.47`, `à 20,47 dollars`, `zu 20,47 Dollar`.
pub const SHARE_PRICE_LINKS: &[&str] = &[
    "at", "à", "a", "zu", "zum", "je", "for", "pour", "für", "de", "each",
];

/// Words that make a change a rise: `up 15% from`, `une hausse de`.
pub const RISE_WORDS: &[&str] = &[
    "up",
    "rise",
    "rose",
    "risen",
    "increase",
    "increased",
    "jump",
    "jumped",
    "premium",
    "more",
    "higher",
    "hausse",
    "plus",
    "augmentation",
    "prime",
    "gestiegen",
    "mehr",
    "höher",
    "aufschlag",
    "anstieg",
    "stieg",
    "steigt",
    "más",
    "aumento",
    "rialzo",
    "stijging",
    "grew",
    "growth",
    "gained",
];

/// Words that make a change a fall: `down 26%`, `de moins que`.
pub const FALL_WORDS: &[&str] = &[
    "down",
    "fell",
    "fall",
    "drop",
    "dropped",
    "decline",
    "declined",
    "less",
    "lower",
    "discount",
    "moins",
    "baisse",
    "recul",
    "décote",
    "weniger",
    "gesunken",
    "rückgang",
    "niedriger",
    "abschlag",
    "menos",
    "caída",
    "calo",
    "daling",
    "cut",
    "shrank",
];

/// Words just before the base of a change: `from $2.1 billion`, `par
/// rapport aux 30 milliards`, `von 24,90 Dollar`.
pub const BASE_WORDS: &[&str] = &[
    "from",
    "over",
    "than",
    "que",
    "qu'",
    "par rapport à",
    "par rapport au",
    "par rapport aux",
    "gegenüber",
    "von",
    "vom",
    "als",
    "compared with",
    "compared to",
    "rispetto a",
    "dan",
    "on",
];

/// Words that name a reference price between a change's percentage and
/// its base: `45% premium over Activision's closing price of $65.39`,
/// `86% on the price of £22.45`.
pub const REFERENCE_WORDS: &[&str] = &[
    "closing price",
    "close",
    "price of",
    "clôture",
    "cours",
    "par rapport",
    "schlusskurs",
    "gegenüber",
    "compared",
    "a year earlier",
    "a year ago",
    "rispetto",
    "year-earlier",
];

/// Words that make one figure the total of others: `$4 billion in cash,
/// $12 billion in shares and $3 billion in units, $19 billion in all`.
pub const SUM_WORDS: &[&str] = &[
    "total",
    "totalling",
    "totaling",
    "in all",
    "altogether",
    "combined",
    "of which",
    "made up of",
    "comprising",
    "including",
    "funded by",
    "financed by",
    "au total",
    "dont",
    "soit",
    "financés par",
    "financé par",
    "insgesamt",
    "davon",
    "zusammen",
    "en tout",
    "in totale",
    "in totaal",
];

/// Words of a multiple, with the multiple: `double`, `three times`,
/// `verdoppelt`. `N times`, `N fois`, `N-fach` are read from the number.
pub const MULTIPLE_WORDS: &[(&str, u32)] = &[
    ("double", 2),
    ("doubled", 2),
    ("doubling", 2),
    ("twice", 2),
    ("triple", 3),
    ("tripled", 3),
    ("tripling", 3),
    ("quadrupled", 4),
    ("doublé", 2),
    ("triplé", 3),
    ("verdoppelt", 2),
    ("verdreifacht", 3),
    ("doppelt", 2),
    ("raddoppiato", 2),
    ("duplicado", 2),
    ("verdubbeld", 2),
];

/// Words before a multiple that bound it: `more than double`, `nearly
/// tripled`, `près de trois fois`.
pub const MULTIPLE_QUALIFIERS: &[(&str, &str)] = &[
    ("more than", "more than"),
    ("over", "more than"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("about", "about"),
    ("roughly", "about"),
    ("plus de", "more than"),
    ("près de", "nearly"),
    ("presque", "nearly"),
    ("environ", "about"),
    ("mehr als", "more than"),
    ("fast", "nearly"),
    ("knapp", "nearly"),
    ("rund", "about"),
    ("etwa", "about"),
];

/// Words between a total and its number of years: `over four years`.
pub const SPREAD_WORDS: &[&str] = &[
    "over",
    "across",
    "spread over",
    "sur",
    "étalés sur",
    "etales sur",
    "über",
    "en",
    "in",
    "durante",
];

/// Nouns of years: `four years`, `quatre ans`.
pub const YEAR_NOUNS: &[&str] = &[
    "years", "year", "ans", "années", "annees", "jahre", "jahren", "años", "anni", "jaar",
];

/// Words after a yearly figure: `$25 million a year`, `par an`.
pub const PER_YEAR_WORDS: &[&str] = &[
    "a year",
    "per year",
    "each year",
    "annually",
    "per annum",
    "a yearly",
    "par an",
    "par année",
    "chaque année",
    "pro jahr",
    "jährlich",
    "im jahr",
    "al año",
    "all'anno",
    "per jaar",
];

/// The number words each language writes (the amount grammar reads them
/// all, since a claim may quote any; an article's own are its
/// language's: `due` is two in Italian, not in `due in 2026`).
fn number_words(lang: Language) -> &'static [&'static str] {
    match lang {
        Language::En => &[
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
            "thirty",
            "forty",
            "fifty",
            "sixty",
            "seventy",
            "eighty",
            "ninety",
            "hundred",
        ],
        Language::Fr => &[
            "un",
            "une",
            "deux",
            "trois",
            "quatre",
            "cinq",
            "six",
            "sept",
            "huit",
            "neuf",
            "dix",
            "onze",
            "douze",
            "treize",
            "quatorze",
            "quinze",
            "seize",
            "vingt",
            "trente",
            "quarante",
            "cinquante",
            "soixante",
            "cent",
            "cents",
        ],
        Language::De => &[
            "ein",
            "eine",
            "zwei",
            "drei",
            "vier",
            "fünf",
            "sechs",
            "sieben",
            "acht",
            "neun",
            "zehn",
            "elf",
            "zwölf",
            "dreizehn",
            "vierzehn",
            "fünfzehn",
            "sechzehn",
            "zwanzig",
            "dreißig",
            "vierzig",
            "fünfzig",
            "sechzig",
            "siebzig",
            "achtzig",
            "neunzig",
            "hundert",
        ],
        Language::Es => &[
            "uno",
            "dos",
            "tres",
            "cuatro",
            "cinco",
            "seis",
            "siete",
            "ocho",
            "nueve",
            "diez",
            "once",
            "doce",
            "quince",
            "veinte",
            "treinta",
            "cuarenta",
            "cincuenta",
            "cien",
        ],
        Language::It => &[
            "uno", "due", "tre", "cinque", "sei", "sette", "otto", "nove", "dieci", "dodici",
            "venti", "trenta", "quaranta", "cento",
        ],
        Language::Nl => &[],
    }
}

/// Whether a number word (or the first part of a hyphenated one) is of
/// the article's language.
///
/// ```
/// use dealcalc::scan::{language::is_number_word_of, Language};
/// assert!(is_number_word_of(Language::Fr, "trente-six"));
/// assert!(!is_number_word_of(Language::En, "due"));
/// assert!(is_number_word_of(Language::It, "due"));
/// ```
pub fn is_number_word_of(lang: Language, word: &str) -> bool {
    let lower = crate::amount::lexicon::folded(word);
    let first = lower.split('-').next().unwrap_or_default();
    number_words(lang).contains(&first)
}

/// Words that name a krone's country, in the languages scanned.
const KRONA_COUNTRIES: &[(&str, &str)] = &[
    ("denmark", "DKK"),
    ("danish", "DKK"),
    ("danemark", "DKK"),
    ("danois", "DKK"),
    ("danoise", "DKK"),
    ("danoises", "DKK"),
    ("dänemark", "DKK"),
    ("dänisch", "DKK"),
    ("dänische", "DKK"),
    ("dänischen", "DKK"),
    ("copenhagen", "DKK"),
    ("copenhague", "DKK"),
    ("kopenhagen", "DKK"),
    ("sweden", "SEK"),
    ("swedish", "SEK"),
    ("suède", "SEK"),
    ("suédois", "SEK"),
    ("suédoise", "SEK"),
    ("suédoises", "SEK"),
    ("schweden", "SEK"),
    ("schwedisch", "SEK"),
    ("schwedische", "SEK"),
    ("schwedischen", "SEK"),
    ("stockholm", "SEK"),
    ("norway", "NOK"),
    ("norwegian", "NOK"),
    ("norvège", "NOK"),
    ("norvégien", "NOK"),
    ("norvégienne", "NOK"),
    ("norvégiennes", "NOK"),
    ("norwegen", "NOK"),
    ("norwegisch", "NOK"),
    ("norwegische", "NOK"),
    ("norwegischen", "NOK"),
    ("oslo", "NOK"),
    ("iceland", "ISK"),
    ("icelandic", "ISK"),
    ("islande", "ISK"),
    ("islandais", "ISK"),
    ("islandaise", "ISK"),
    ("island", "ISK"),
    ("isländisch", "ISK"),
    ("isländische", "ISK"),
    ("reykjavik", "ISK"),
];

/// The krone an article's `Kronen` are: the one krone country it names,
/// with the word that named it; none when it names none or several.
///
/// ```
/// use dealcalc::scan::language::krona_of;
/// assert_eq!(krona_of("Novo Nordisk aus Dänemark zahlt 1,41 Milliarden Kronen.").map(|k| (k.0.to_string(), k.1)), Some(("DKK".to_owned(), "dänemark")));
/// assert_eq!(krona_of("Kronen aus Schweden und Norwegen"), None);
/// ```
pub fn krona_of(text: &str) -> Option<(crate::amount::Code, &'static str)> {
    // Only an article that writes a krone needs its country.
    let writes_krone = ["kr", "Kr", "KR", "ouronne", "róna"]
        .iter()
        .any(|k| text.contains(k));
    if !writes_krone {
        return None;
    }
    let mut found: Option<(&'static str, &'static str)> = None;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        let lower = crate::amount::lexicon::folded(word);
        if let Some((w, code)) = KRONA_COUNTRIES.iter().find(|(w, _)| *w == lower.as_ref()) {
            match found {
                Some((_, c)) if c != *code => return None,
                Some(_) => {}
                None => found = Some((w, code)),
            }
        }
    }
    found.and_then(|(w, code)| crate::amount::Code::new(code).map(|c| (c, w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_language() {
        // `de` is French as much as Dutch: elisions and accents settle it.
        assert_eq!(
            Language::detect(
                "Meta a offert des primes de 100 millions de dollars, soit plus de 92 millions d'euros."
            ),
            Language::Fr
        );
        assert_eq!(
            Language::detect(
                "Het bedrijf werd gewaardeerd op 2 miljard euro, zei een woordvoerder."
            ),
            Language::Nl
        );
        assert_eq!(
            Language::detect(
                "Die Bundesregierung hat mit dem Konzern eine Einigung erzielt, die für alle gilt."
            ),
            Language::De
        );
        assert_eq!(
            Language::detect("El gobierno y la empresa firmaron un acuerdo por 1.000 millones."),
            Language::Es
        );
        assert_eq!(Language::detect("12345"), Language::En);
        assert_eq!(month("Juin"), Some(6));
        assert_eq!(month("Sept."), Some(9));
        assert_eq!("de".parse::<Language>(), Ok(Language::De));
        assert!("xx".parse::<Language>().is_err());
    }
}
