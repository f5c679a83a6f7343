//! Figures in running text, found with the amount grammar itself: at each
//! place a figure may start (a digit, a currency sign or code, a
//! qualifier, a number word, an article before a scale), the longest run
//! of words [`Amount::parse_with`] reads is the figure. There is no second
//! parser: what the grammar reads in a claim it reads in an article.
//!
//! ```
//! use dealcalc::scan::{find_figures, FigureKind, Language};
//! let text = "Meta paid $14.3 billion for 49% of Scale AI, or $23 a share, in June 2025.";
//! let found = find_figures(text, Language::En);
//! let shown: Vec<(&str, FigureKind)> = found.iter().map(|f| (f.text.as_str(), f.kind)).collect();
//! assert_eq!(shown, [
//!     ("$14.3 billion", FigureKind::Money),
//!     ("49%", FigureKind::Percent),
//!     ("$23", FigureKind::PerShare),
//! ]);
//! ```

use std::fmt;
use std::ops::Range;

use crate::amount::{Amount, Bound, Reading, Unit, lexicon};

use super::language::{Language, PER_SHARE_WORDS, month};
use crate::amount::lexicon::SHARE_NOUNS;

/// What a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FigureKind {
    /// An amount of money.
    Money,
    /// A price per share: `$4.20 a share`.
    PerShare,
    /// A percentage.
    Percent,
    /// A number of shares: `433.3 million shares`.
    Shares,
    /// A count: `36 specialists`, `1.2 million`.
    Count,
}

impl fmt::Display for FigureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FigureKind::Money => "money",
            FigureKind::PerShare => "per_share",
            FigureKind::Percent => "percent",
            FigureKind::Shares => "shares",
            FigureKind::Count => "count",
        })
    }
}

/// A figure found in an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// As printed.
    pub text: String,
    /// Its bytes in the article's text.
    pub span: Range<usize>,
    /// Its line, from 1.
    pub line: usize,
    /// Its column, from 1, in characters.
    pub column: usize,
    /// What it counts.
    pub kind: FigureKind,
    /// Its value, unit, precision and qualifier.
    pub amount: Amount,
    /// The sentence it is in (an index into the article's sentences).
    pub sentence: usize,
}

/// A piece of text between spaces, its edge punctuation cut off.
#[derive(Clone, Copy, Debug)]
struct Piece {
    start: usize,
    end: usize,
    /// Punctuation stood between it and the piece before (`(`, `,`, `—`).
    broken_before: bool,
}

/// Characters cut off the start of a piece.
const LEADING: &[char] = &['(', '[', '"', '\'', '«', '“', '‘', '*', '_', '„', '¿', '¡'];
/// Characters cut off the end of a piece.
const TRAILING: &[char] = &[
    ')', ']', '"', '\'', '»', '”', '’', ',', ';', ':', '!', '?', '*', '_', '…',
];

fn pieces(text: &str, range: Range<usize>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let Some(sentence) = text.get(range.clone()) else {
        return out;
    };
    let mut broken = false;
    let mut i = 0;
    let bytes = sentence.len();
    while i < bytes {
        let rest = sentence.get(i..).unwrap_or_default();
        let Some(c) = rest.chars().next() else { break };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let raw = rest.get(..len).unwrap_or_default();
        let lead = raw.len() - raw.trim_start_matches(LEADING).len();
        let mut body = raw.get(lead..).unwrap_or_default();
        let before_trim = body.len();
        body = body.trim_end_matches(TRAILING);
        // A final point ends the sentence unless it belongs to an
        // abbreviation (`Mrd.`, `ca.`).
        if let Some(b) = body.strip_suffix('.') {
            let word = b
                .rsplit(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or(b);
            if !lexicon::ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                body = b.trim_end_matches(TRAILING);
            }
        }
        let trailing_cut = body.len() < before_trim;
        let start = range.start + i + lead;
        let useful = body.chars().any(|ch| {
            ch.is_alphanumeric() || ch == '%' || lexicon::SYMBOLS.iter().any(|(s, _)| *s == ch)
        });
        if useful {
            out.push(Piece {
                start,
                end: start + body.len(),
                broken_before: broken || lead > 0,
            });
            broken = trailing_cut;
        } else {
            broken = true;
        }
        i += len;
    }
    out
}

/// Whether a figure may start at this piece.
fn may_start(text: &str, p: &Piece, next: Option<&Piece>) -> bool {
    let Some(word) = text.get(p.start..p.end) else {
        return false;
    };
    let Some(first) = word.chars().next() else {
        return false;
    };
    if first.is_ascii_digit()
        || word
            .chars()
            .any(|c| lexicon::SYMBOLS.iter().any(|(s, _)| *s == c))
    {
        // `12`, `$12`, `US$1.2bn`, `C$5`.
        return true;
    }
    let lower = word.to_lowercase();
    let next_word = next
        .and_then(|n| text.get(n.start..n.end))
        .unwrap_or_default();
    let next_numeric = next_word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || lexicon::SYMBOLS.iter().any(|(s, _)| *s == c));
    if word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return next_numeric;
    }
    // `US $5`: a country apart from its `$`, in capitals.
    if word.len() >= 2
        && word.chars().all(|c| c.is_uppercase() || c == '.')
        && lexicon::dollar_country(&lower).is_some()
        && next_word.starts_with('$')
    {
        return true;
    }
    let plain = if lower.contains('\u{2019}') {
        lower.replace('\u{2019}', "'")
    } else {
        lower.clone()
    };
    if lexicon::QUALIFIERS
        .iter()
        .any(|q| q.words.first().is_some_and(|w| plain == *w))
    {
        return true;
    }
    if matches!(lower.as_str(), "a" | "an") {
        return lexicon::scale(next_word).is_some()
            || matches!(next_word.to_lowercase().as_str(), "hundred");
    }
    lexicon::number(&lower).is_some()
}

/// Every figure in the sentences of `text`, in order, its numbers read
/// as `lang` writes them.
pub fn find_figures(text: &str, lang: Language) -> Vec<Found> {
    let reading = Reading {
        numbers: Some(lang.numbers()),
        ..Reading::default()
    };
    find_figures_with(text, &reading, Some(lang)).0
}

/// A figure the grammar will not read without more than the article
/// says: `1,41 Milliarden Kronen` (Danish, Norwegian, Swedish or
/// Icelandic?). It is listed, never read as one of them nor as a bare
/// number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    /// As printed.
    pub text: String,
    /// Its line, from 1.
    pub line: usize,
    /// Its column, from 1, in characters.
    pub column: usize,
    /// Why it is not read.
    pub why: String,
    /// What would settle it.
    pub hint: Option<String>,
}

/// Every figure, read as `reading` says (its `numbers` none: only where
/// the figure's own writing settles them, `1,500 €` refused), and the
/// figures that cannot be read without a guess.
///
/// A count written as a word is read only in `lang`, the article's
/// language when it is known (`due` in `due in 2026` is no count).
pub fn find_figures_with(
    text: &str,
    reading: &Reading,
    lang: Option<Language>,
) -> (Vec<Found>, Vec<Unread>) {
    let sentences = super::sentences(text);
    let mut columns = Columns::new(text);
    let mut out = Vec::new();
    let mut unread = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        let ps = pieces(text, s.clone());
        let mut i = 0;
        while i < ps.len() {
            let (j, amount) = match figure_at(text, &ps, i, reading) {
                None => {
                    i += 1;
                    continue;
                }
                Some(Hit::Figure(j, amount)) => (j, amount),
                Some(Hit::Unread(j, e)) => {
                    if let (Some(first), Some(last)) = (ps.get(i), ps.get(j - 1)) {
                        let (line, column) = columns.at(first.start);
                        unread.push(Unread {
                            text: text
                                .get(first.start..last.end)
                                .unwrap_or_default()
                                .to_owned(),
                            line,
                            column,
                            why: e.to_string(),
                            hint: Some(
                                "name the country in the article (Danish, Swedish, Norwegian, \
                                 Icelandic) or write the code"
                                    .to_owned(),
                            ),
                        });
                    }
                    i = j;
                    continue;
                }
            };
            let (Some(first), Some(last)) = (ps.get(i), ps.get(j - 1)) else {
                break;
            };
            let span = first.start..last.end;
            let after = following(text, &ps, j, 3);
            let before = i
                .checked_sub(1)
                .and_then(|b| ps.get(b))
                .and_then(|b| text.get(b.start..b.end));
            let word_count = amount.unit == Unit::Number
                && !text
                    .get(span.clone())
                    .unwrap_or_default()
                    .chars()
                    .any(|c| c.is_ascii_digit());
            let foreign_word = word_count
                && !lang.is_some_and(|l| {
                    text.get(span.clone())
                        .unwrap_or_default()
                        .split_whitespace()
                        .any(|w| super::language::is_number_word_of(l, w))
                });
            if foreign_word {
                i = j;
                continue;
            }
            if let Some(kind) = kind_of(text, &span, &amount, &after, before) {
                let (line, column) = columns.at(span.start);
                out.push(Found {
                    text: text.get(span.clone()).unwrap_or_default().to_owned(),
                    span,
                    line,
                    column,
                    kind,
                    amount,
                    sentence: k,
                });
            }
            i = j;
        }
    }
    (out, unread)
}

/// What starts at a piece: a figure up to piece `j`, or one the grammar
/// refuses to read without a guess (its currency could be several).
enum Hit {
    Figure(usize, Amount),
    Unread(usize, crate::amount::AmountError),
}

/// The longest figure starting at piece `i`, or the longest that names a
/// currency the grammar will not choose (`Kronen`): a shorter reading
/// (`1,41 Milliarden`, a bare number) would drop what the text says.
fn figure_at(text: &str, ps: &[Piece], i: usize, reading: &Reading) -> Option<Hit> {
    let p = ps.get(i)?;
    if !may_start(text, p, ps.get(i + 1)) {
        return None;
    }
    let mut last = i + 1;
    while last < ps.len() && last - i < 8 && !ps.get(last).is_some_and(|q| q.broken_before) {
        last += 1;
    }
    for j in (i + 1..=last).rev() {
        let Some(end) = ps.get(j - 1).map(|q| q.end) else {
            continue;
        };
        let Some(candidate) = text.get(p.start..end) else {
            continue;
        };
        // A figure does not end on a linking word (`49 % de`).
        let tail = text
            .get(ps.get(j - 1).map_or(end, |q| q.start)..end)
            .unwrap_or_default()
            .to_lowercase();
        if j - 1 > i && matches!(tail.as_str(), "de" | "d'" | "d’" | "di" | "del" | "of") {
            continue;
        }
        let a = match Amount::parse_with(candidate, reading) {
            Ok(a) => a,
            Err(e @ crate::amount::AmountError::AmbiguousCurrency { .. }) => {
                // Up to the currency word, not the words after it.
                let word_end = p.start + e.span().map_or(candidate.len(), |s| s.end);
                let k = (i + 1..=j)
                    .find(|&k| ps.get(k - 1).is_some_and(|q| q.end >= word_end))
                    .unwrap_or(j);
                return Some(Hit::Unread(k, e));
            }
            Err(_) => continue,
        };
        // In running text a currency code is written in capitals and is a
        // currency: `quatre ans` is not 4 ANS.
        if let Unit::Currency(code, at) = &a.unit {
            let written = candidate.get(at.clone()).unwrap_or_default();
            let lower_code = written.len() == 3
                && written.chars().all(|c| c.is_ascii_alphabetic())
                && !written.chars().all(|c| c.is_ascii_uppercase());
            if lower_code || crate::currency::Currency::iso(*code).is_none() {
                continue;
            }
            // `160 million AMD shares`: a ticker before its shares, not
            // Armenian drams.
            let after_code = candidate.get(at.end..).unwrap_or_default().to_lowercase();
            let next = ps
                .get(j)
                .and_then(|q| text.get(q.start..q.end))
                .unwrap_or_default()
                .to_lowercase();
            let shares_follow = after_code
                .split_whitespace()
                .chain(std::iter::once(next.as_str()))
                .next()
                .is_some_and(|w| SHARE_NOUNS.contains(&w));
            if written.len() == 3 && shares_follow {
                continue;
            }
        }
        return Some(Hit::Figure(j, a));
    }
    None
}

/// Up to `n` words after piece `j`, lower case, in the same run of
/// words.
fn following(text: &str, ps: &[Piece], j: usize, n: usize) -> String {
    let mut out = String::new();
    for (k, p) in ps.iter().enumerate().skip(j).take(n) {
        if k > j && p.broken_before {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text.get(p.start..p.end).unwrap_or_default().to_lowercase());
        if ps.get(k + 1).is_some_and(|q| q.broken_before) {
            break;
        }
    }
    out
}

/// What a figure read by the grammar counts, or None for what is no
/// figure of an article's: a year, a day of a month, a lone `one`.
fn kind_of(
    text: &str,
    span: &Range<usize>,
    amount: &Amount,
    after: &str,
    before: Option<&str>,
) -> Option<FigureKind> {
    let printed = text.get(span.clone()).unwrap_or_default();
    match amount.unit {
        Unit::Currency(..) => {
            let per_share = PER_SHARE_WORDS.iter().any(|w| after.starts_with(w));
            Some(if per_share {
                FigureKind::PerShare
            } else {
                FigureKind::Money
            })
        }
        Unit::Percent => Some(FigureKind::Percent),
        Unit::Number => {
            let digits = printed.chars().any(|c| c.is_ascii_digit());
            let plain_digits = printed.chars().all(|c| c.is_ascii_digit());
            // `433.3 million shares`, `433.3 million Intel shares`.
            let shares = SHARE_NOUNS.iter().any(|n| {
                printed.to_lowercase().ends_with(n) || after.split(' ').take(2).any(|w| w == *n)
            });
            if shares {
                return Some(FigureKind::Shares);
            }
            // A year: four digits from 1900 to 2100.
            if plain_digits
                && printed.len() == 4
                && (1900..=2100).contains(&amount.value.mantissa())
            {
                return None;
            }
            // A day of a month: `13 June`, `June 13`.
            let next = after.split(' ').next().unwrap_or_default();
            if plain_digits && (month(next).is_some() || before.and_then(month).is_some()) {
                return None;
            }
            if !digits
                && amount.value <= rust_decimal::Decimal::ONE
                && amount.bound == Bound::Rounded
            {
                // `one`, `un`, `a`: an article, not a figure.
                return None;
            }
            Some(FigureKind::Count)
        }
    }
}

/// Lines and columns of offsets met in increasing order, each column
/// counted on from the one before on its line: counting from the line's
/// start each time made a long line quadratic.
struct Columns<'t> {
    text: &'t str,
    /// The byte offset each line starts at.
    starts: Vec<usize>,
    /// The last offset asked for, its line and its column.
    last: (usize, usize, usize),
}

impl<'t> Columns<'t> {
    fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Columns {
            text,
            starts,
            last: (0, 1, 1),
        }
    }

    /// Line and column (in characters), from 1.
    fn at(&mut self, at: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|s| *s <= at);
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let (from, col) = match self.last {
            (off, l, c) if l == line && off <= at && off >= start => (off, c),
            _ => (start, 1),
        };
        let column = col + self.text.get(from..at).map_or(0, |t| t.chars().count());
        self.last = (at, line, column);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, lang: Language) -> Vec<(String, FigureKind)> {
        find_figures(text, lang)
            .into_iter()
            .map(|f| (f.text, f.kind))
            .collect()
    }

    #[test]
    fn figures_in_running_text() {
        use FigureKind::*;
        let s = |t: &str, k| (t.to_owned(), k);
        assert_eq!(
            texts(
                "Les packages atteignent 100 millions de dollars (85 millions d'euros) sur quatre ans, selon Sam Altman, le 18 juin 2025.",
                Language::Fr
            ),
            [
                s("100 millions de dollars", Money),
                s("85 millions d'euros", Money),
                s("quatre", Count)
            ]
        );
        assert_eq!(
            texts(
                "Die Regierung zahlte 8,9 Mrd. Dollar für 433,3 Millionen Aktien, knapp 10 Prozent.",
                Language::De
            ),
            [
                s("8,9 Mrd. Dollar", Money),
                s("433,3 Millionen Aktien", Shares),
                s("knapp 10 Prozent", Percent)
            ]
        );
        assert_eq!(
            texts(
                "It hired 36 specialists, one of them for US$1.2bn, more than €85m in 2024.",
                Language::En
            ),
            [
                s("36", Count),
                s("US$1.2bn", Money),
                s("more than €85m", Money)
            ]
        );
    }

    /// Words that read as figures in some language but are not in this
    /// article's: a ticker before `shares` (AMD, the Armenian dram's code)
    /// and `due` (two, in Italian).
    #[test]
    fn tickers_and_foreign_number_words() {
        use FigureKind::*;
        assert_eq!(
            texts(
                "OpenAI gets up to 160 million AMD shares; the first chips are due in 2026.",
                Language::En
            ),
            [("up to 160 million".to_owned(), Shares)]
        );
        assert_eq!(
            texts(
                "Ne abbiamo comprate due, per 5 milioni di euro.",
                Language::It
            ),
            [
                ("due".to_owned(), Count),
                ("5 milioni di euro".to_owned(), Money)
            ]
        );
    }

    #[test]
    fn lines_and_columns() {
        let f = find_figures("Title\nMeta paid $14.3 billion.", Language::En);
        let first = f.first().unwrap();
        assert_eq!((first.line, first.column), (2, 11));
        // Columns count characters, counted on along a line and afresh on
        // the next: `é` and `€` are one each.
        let f = find_figures("Clé: €5m et 49 %, puis €7m.\nÉté: 36 %.", Language::Fr);
        let at: Vec<(usize, usize)> = f.iter().map(|x| (x.line, x.column)).collect();
        assert_eq!(at, [(1, 6), (1, 13), (1, 24), (2, 6)]);
    }
}
