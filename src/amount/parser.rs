//! Tokens into an [`Amount`]: a qualifier, then a number, a scale, a
//! unit (a currency, or percent) in any order, each read by its own method
//! of [`Parser`], which keeps what the text has said so far. The words are
//! the [`lexicon`]'s; what they say of the number convention are the
//! [`Clues`].

use std::ops::Range;

use rust_decimal::Decimal;

use super::error::AmountError;
use super::lexicon::{self, Lang};
use super::number::{NumberContext, read_number};
use super::tokens::{Tok, tokenize};
use super::{Amount, Bound, Code, Numbers, Reading, Symbol, Unit};

/// The number conventions a text's words settle, to read `1,500` or
/// `1.500`.
#[derive(Default)]
struct Clues {
    english: bool,
    european: bool,
}

impl Clues {
    fn add(&mut self, lang: Lang) {
        match lang {
            Lang::English => self.english = true,
            Lang::European => self.european = true,
            Lang::Any => {}
        }
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

/// How the number of an amount was written.
enum Written<'a> {
    /// Digits with their separators: `1,500.25`.
    Digits(&'a str),
    /// A word: `dix`, `ten`.
    Word(u32),
}

type Toks<'t> = [(Tok<'t>, Range<usize>)];

/// An amount being read: the tokens, where the reading is, and what the
/// text has said so far.
pub(super) struct Parser<'t, 'r> {
    text: &'t str,
    toks: Vec<(Tok<'t>, Range<usize>)>,
    pos: usize,
    reading: &'r Reading,
    clues: Clues,
    bound: Bound,
    qualifier: Option<Range<usize>>,
    currency: Option<(Code, Range<usize>)>,
    /// A symbol or code came before the number (`$1,500` groups).
    currency_first: bool,
    negative: bool,
    signed: bool,
    number: Option<(Written<'t>, Range<usize>)>,
    scale: Option<u32>,
    percent: bool,
}

/// Whether `a`, with a typographic apostrophe read as `'`, is `b` (lower
/// case).
fn same_word(a: &str, b: &str) -> bool {
    let mut folded = a
        .chars()
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .flat_map(char::to_lowercase);
    let mut want = b.chars();
    loop {
        match (folded.next(), want.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {}
            _ => return false,
        }
    }
}

/// Whether the token at `at` is the word `de` or `d'`.
fn is_de(toks: &Toks<'_>, at: usize) -> bool {
    matches!(toks.get(at), Some((Tok::Word(w), _)) if same_word(w, "de") || same_word(w, "d'"))
}

/// Whether a country word apart from its dollar may be read as one: a
/// short one (`US`, `CA`, `AU`) only in capitals, since `au`, `ca` and
/// `us` are words of their own (`19 milliards de dollars au total` is in
/// US dollars, not Australian ones).
fn shouted_if_short(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() > 3
        || word.chars().all(|c| !c.is_lowercase())
}

/// The country of a dollar next to the `$` at `span`: a word attached
/// before or after it (`C$`, `$CA`), or a word of two letters or more
/// after a space (`$ CA`, `US $`). Returns the code, the widened span and
/// whether the word came after.
fn dollar_prefix(
    toks: &Toks<'_>,
    sym_at: usize,
    span: &Range<usize>,
) -> Option<(&'static str, Range<usize>, bool)> {
    let near = |w: &str, wspan: &Range<usize>, attached: bool| {
        lexicon::dollar_country(w)
            .filter(|(_, single)| attached || (!single && shouted_if_short(w)))
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

impl<'t, 'r> Parser<'t, 'r> {
    /// Tokenizes `text`; an error for a character no amount holds.
    pub(super) fn new(text: &'t str, reading: &'r Reading) -> Result<Self, AmountError> {
        let toks = tokenize(text)?;
        if toks.is_empty() {
            return Err(AmountError::Empty);
        }
        Ok(Parser {
            text,
            toks,
            pos: 0,
            reading,
            clues: Clues::default(),
            bound: Bound::Rounded,
            qualifier: None,
            currency: None,
            currency_first: false,
            negative: false,
            signed: false,
            number: None,
            scale: None,
            percent: false,
        })
    }

    /// Reads the whole text.
    pub(super) fn amount(mut self) -> Result<Amount, AmountError> {
        self.qualifier();
        self.article();
        while let Some((tok, span)) = self.toks.get(self.pos).cloned() {
            let at = self.pos;
            self.pos += 1;
            match tok {
                Tok::Sign(plus) => self.sign(plus, span)?,
                Tok::Num(digits) => {
                    if self.number.is_some() {
                        return Err(AmountError::Twice {
                            what: "number",
                            span,
                        });
                    }
                    self.number = Some((Written::Digits(digits), span));
                }
                Tok::Sym('%') => {
                    if self.percent || self.currency.is_some() {
                        return Err(AmountError::Twice { what: "unit", span });
                    }
                    self.percent = true;
                }
                Tok::Sym(sym) => self.symbol(sym, at, span)?,
                Tok::Word(word) => self.word(word, at, span)?,
            }
        }
        self.finish()
    }

    /// A qualifier at the start: `more than`, `environ`, `ca.`.
    fn qualifier(&mut self) {
        for q in lexicon::QUALIFIERS {
            let matches = q.words.iter().enumerate().all(
                |(k, w)| matches!(self.toks.get(k), Some((Tok::Word(t), _)) if same_word(t, w)),
            );
            // `ca.` and `rd.` are qualifiers only with their point: `CA$` is
            // a Canadian dollar.
            let abbreviation = matches!(q.words, [w] if *w == "ca" || *w == "rd");
            let pointed = self
                .toks
                .first()
                .and_then(|(_, span)| self.text.get(span.clone()))
                .is_some_and(|t| t.ends_with('.'));
            if matches && (!abbreviation || pointed) {
                self.bound = q.bound;
                self.pos = q.words.len();
                self.clues.add(q.lang);
                let first = self.toks.first().map_or(0, |t| t.1.start);
                let last = self.toks.get(self.pos - 1).map_or(first, |t| t.1.end);
                self.qualifier = Some(first..last);
                return;
            }
        }
    }

    /// An article: `a $5`, `an $80 million deal`; before a scale word it is
    /// one: `a billion dollars`.
    fn article(&mut self) {
        if let Some((Tok::Word(w), wspan)) = self.toks.get(self.pos)
            && (same_word(w, "a") || same_word(w, "an"))
            && !matches!(self.toks.get(self.pos + 1), Some((Tok::Sym('$'), s)) if s.start == wspan.end)
        {
            let before_scale = matches!(self.toks.get(self.pos + 1), Some((Tok::Word(next), _)) if lexicon::scale(next).is_some());
            // `about a billion` is a bound, but in `over a $23 billion
            // offer` "over" is a preposition: a qualifier then an article
            // is read only before a scale word.
            if self.qualifier.is_some() && !before_scale {
                return;
            }
            if before_scale {
                self.number = Some((Written::Word(1), wspan.clone()));
            }
            self.pos += 1;
        }
    }

    fn sign(&mut self, plus: bool, span: Range<usize>) -> Result<(), AmountError> {
        if self.number.is_some() || self.signed {
            return Err(AmountError::UnexpectedChar {
                found: if plus { '+' } else { '-' },
                span,
            });
        }
        self.negative = !plus;
        self.signed = true;
        Ok(())
    }

    fn set_currency(&mut self, code: &str, span: Range<usize>) -> Result<(), AmountError> {
        // `23 Prozent auf`: a percentage has no currency.
        if self.percent {
            return Err(AmountError::Twice { what: "unit", span });
        }
        // `USD$ 5.078 billion`: a code and the sign of the same currency,
        // side by side, are one currency written twice.
        if let Some((c, s)) = &self.currency
            && c.as_str() == code
            && (s.end == span.start || span.end == s.start)
        {
            self.currency = Some((*c, s.start.min(span.start)..s.end.max(span.end)));
            return Ok(());
        }
        if self.currency.is_some() {
            return Err(AmountError::Twice {
                what: "currency",
                span,
            });
        }
        self.currency = Code::new(code).map(|c| (c, span));
        Ok(())
    }

    /// A currency written before the number makes a lone comma group.
    fn currency_here(&mut self, code: &str, span: Range<usize>) -> Result<(), AmountError> {
        self.currency_first |= self.number.is_none();
        self.set_currency(code, span)
    }

    /// A currency sign: its default, the reader's (`$` as CAD), or a
    /// country written beside it (`C$`, `$ US`).
    fn symbol(&mut self, sym: char, at: usize, span: Range<usize>) -> Result<(), AmountError> {
        let shared = match sym {
            '$' => Some(Symbol::Dollar),
            '¥' => Some(Symbol::Yen),
            '£' => Some(Symbol::Pound),
            _ => None,
        };
        let mut code = shared
            .and_then(|s| self.reading.symbol(s))
            .map(|c| c.to_string())
            .unwrap_or_else(|| {
                lexicon::SYMBOLS
                    .iter()
                    .find(|&&(s, _)| s == sym)
                    .map_or("USD", |&(_, code)| code)
                    .to_owned()
            });
        let mut span = span;
        if sym == '$'
            && let Some((c, wide, after)) = dollar_prefix(&self.toks, at, &span)
        {
            code = c.to_owned();
            span = wide;
            if after {
                self.pos += 1;
            }
        }
        self.currency_here(&code, span)
    }

    /// A word: a count's noun, `de`, a country, a number, a scale,
    /// percent, a currency, or an error.
    fn word(&mut self, word: &'t str, at: usize, span: Range<usize>) -> Result<(), AmountError> {
        let lower = if word.contains('\u{2019}') {
            word.replace('\u{2019}', "'").to_lowercase()
        } else {
            lexicon::folded(word).into_owned()
        };
        if lexicon::SHARE_NOUNS.contains(&lower.as_str()) {
            // `86.9 million shares`: a count.
            return Ok(());
        }
        if matches!(lower.as_str(), "de" | "d'" | "di" | "del") {
            self.clues.add(Lang::European);
            return Ok(());
        }
        if matches!(self.toks.get(at + 1), Some((Tok::Sym('$'), s))
            if dollar_prefix(&self.toks, at + 1, s).is_some_and(|(_, w, after)| !after && w.start == span.start))
        {
            // Handled with the `$` that follows.
            return Ok(());
        }
        if let Some(n) = lexicon::number(word) {
            match &self.number {
                None => {
                    self.number = Some((Written::Word(n), span));
                    return Ok(());
                }
                // `one hundred`, `twenty five`, `hundred and fifty`: number
                // words that make one number, before any scale.
                Some((Written::Word(prev), prev_span)) if self.scale.is_none() => {
                    if let Some(joined) = lexicon::join_numbers(*prev, n) {
                        self.number = Some((Written::Word(joined), prev_span.start..span.end));
                        return Ok(());
                    }
                }
                _ => {}
            }
        }
        if lower == "and"
            && matches!(self.number, Some((Written::Word(n), _)) if n % 100 == 0)
            && matches!(self.toks.get(self.pos), Some((Tok::Word(w), _)) if lexicon::number(w).is_some())
        {
            // `one hundred and fifty`.
            return Ok(());
        }
        if self.number.is_some()
            && self.bound == Bound::Rounded
            && self.pos == self.toks.len()
            && let Some(bound) = lexicon::trailing_qualifier(&lower)
        {
            // `11,3 milliards d'euros environ`: the qualifier after the figure.
            self.bound = bound;
            self.qualifier = Some(span);
            return Ok(());
        }
        if let Some(scale) = lexicon::scale(word) {
            return self.scale(scale, &lower, at, span, word);
        }
        if self.percent_word(&lower, span.clone())? {
            return Ok(());
        }
        if lower == "kr" {
            let code = self.reading.symbol(Symbol::Krona).ok_or_else(|| {
                AmountError::AmbiguousCurrency {
                    word: word.to_owned(),
                    choices: Symbol::Krona.currencies(),
                    span: span.clone(),
                }
            })?;
            return self.currency_here(code.as_str(), span);
        }
        if let Some(choices) = lexicon::ambiguous_currency(word) {
            return self.ambiguous_currency(word, choices, at, span);
        }
        if lexicon::franc_country(word).is_some()
            && matches!(self.toks.get(self.pos), Some((Tok::Word(w), _)) if lexicon::ambiguous_currency(w).is_some())
        {
            // `Swiss francs`: read with the next word.
            return Ok(());
        }
        if let Some(c) = lexicon::currency(word) {
            return self.currency_word(c, at, span);
        }
        if word.chars().count() == 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
            return self.currency_here(word, span);
        }
        if matches!(self.toks.get(self.pos), Some((Tok::Word(w), _)) if lexicon::currency(w).is_some_and(|c| c.code == "USD"))
            && lexicon::dollar_country(word)
                .is_some_and(|(_, single)| !single && shouted_if_short(word))
        {
            // `US dollars`, `Canadian dollars`: read with the next word.
            return Ok(());
        }
        if word.chars().count() == 3 && word.chars().all(|c| c.is_ascii_alphabetic()) {
            return self.currency_here(word, span);
        }
        Err(AmountError::UnknownWord {
            word: word.to_owned(),
            span,
        })
    }

    /// A scale word after its number (before it, `M$100`, `mds1,1`, it is
    /// no amount's); French `billion(s)` before `de` is 10^12.
    fn scale(
        &mut self,
        scale: &lexicon::Scale,
        lower: &str,
        at: usize,
        span: Range<usize>,
        word: &str,
    ) -> Result<(), AmountError> {
        if self.number.is_none() {
            return Err(AmountError::UnknownWord {
                word: word.to_owned(),
                span,
            });
        }
        if self.scale.is_some() {
            return Err(AmountError::Twice {
                what: "scale",
                span,
            });
        }
        let long = matches!(lower, "billion" | "billions" | "trillion" | "trillions")
            && is_de(&self.toks, at + 1);
        self.scale = Some(match (long, scale.exp) {
            (true, 9) => 12,
            (true, _) => 18,
            _ => scale.exp,
        });
        self.clues
            .add(if long { Lang::European } else { scale.lang });
        Ok(())
    }

    /// `percent`, `per cent`, `pour cent`, `Prozent`: whether it was one.
    fn percent_word(&mut self, lower: &str, span: Range<usize>) -> Result<bool, AmountError> {
        let two_words = (lower == "per" || lower == "pour")
            && matches!(self.toks.get(self.pos), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("cent"));
        if !matches!(lower, "percent" | "percents" | "pourcent" | "prozent") && !two_words {
            return Ok(false);
        }
        if two_words {
            self.pos += 1;
        }
        self.clues.add(if lower.starts_with("per") {
            Lang::English
        } else {
            Lang::European
        });
        if self.percent || self.currency.is_some() {
            return Err(AmountError::Twice { what: "unit", span });
        }
        self.percent = true;
        Ok(true)
    }

    /// A word several currencies write: the reader's krona, a country next
    /// to a franc (`francs suisses`, `Swiss francs`), or an error naming
    /// the choices.
    fn ambiguous_currency(
        &mut self,
        word: &str,
        choices: &'static [&'static str],
        at: usize,
        span: Range<usize>,
    ) -> Result<(), AmountError> {
        if choices == Symbol::Krona.currencies()
            && let Some(code) = self.reading.symbol(Symbol::Krona)
        {
            return self.set_currency(code.as_str(), span);
        }
        let francs = choices.contains(&"CHF");
        let named = self.toks.get(self.pos).and_then(|(t, s)| match t {
            Tok::Word(w) => lexicon::franc_country(w).map(|c| (c, s.end)),
            _ => None,
        });
        if let Some((code, end)) = named.filter(|_| francs) {
            self.pos += 1;
            return self.set_currency(code, span.start..end);
        }
        let before = at.checked_sub(1).and_then(|p| self.toks.get(p)).cloned();
        if let Some((Tok::Word(w), wspan)) = before
            && let Some(code) = lexicon::franc_country(w).filter(|_| francs)
        {
            return self.set_currency(code, wspan.start..span.end);
        }
        Err(AmountError::AmbiguousCurrency {
            word: word.to_owned(),
            choices,
            span,
        })
    }

    /// A currency word: `euros`, `livres sterling`, and a dollar spelled
    /// with its country (`dollars canadiens`, `Canadian dollars`).
    fn currency_word(
        &mut self,
        c: &lexicon::CurrencyWord,
        at: usize,
        span: Range<usize>,
    ) -> Result<(), AmountError> {
        self.clues.add(c.lang);
        let mut code = c.code;
        let mut span = span;
        if code == "GBP"
            && matches!(self.toks.get(self.pos), Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("sterling"))
        {
            self.pos += 1;
        }
        if code == "USD" {
            let spelled = |t: Option<&(Tok<'_>, Range<usize>)>| match t {
                Some((Tok::Word(w), s)) => lexicon::dollar_country(w)
                    .filter(|(_, single)| !single && shouted_if_short(w))
                    .map(|(c, _)| (c, s.clone())),
                _ => None,
            };
            if let Some((c, wspan)) = spelled(self.toks.get(self.pos)) {
                code = c;
                span = span.start..wspan.end;
                self.pos += 1;
            } else if let Some((c, wspan)) =
                spelled(at.checked_sub(1).and_then(|p| self.toks.get(p)))
            {
                code = c;
                span = wspan.start..span.end;
            }
        }
        self.currency_here(code, span)
    }

    /// The number read with its scale and unit.
    fn finish(self) -> Result<Amount, AmountError> {
        let Some((digits, nspan)) = self.number else {
            return Err(AmountError::NoNumber {
                span: 0..self.text.len(),
            });
        };
        let context = NumberContext {
            numbers: self.reading.numbers,
            currency_first: self.currency_first,
            clue: self.clues.numbers(),
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
        let too_large = || AmountError::TooLarge {
            span: nspan.clone(),
        };
        if let Some(exp) = self.scale {
            let mult = Decimal::from_i128_with_scale(10_i128.pow(exp), 0);
            value = value.checked_mul(mult).ok_or_else(too_large)?;
            step = step.checked_mul(mult).ok_or_else(too_large)?;
        }
        let unit = if self.percent {
            if self.scale.is_some() {
                return Err(AmountError::Twice {
                    what: "unit",
                    span: nspan,
                });
            }
            let hundred = Decimal::ONE_HUNDRED;
            value = value.checked_div(hundred).ok_or_else(too_large)?;
            step = step.checked_div(hundred).ok_or_else(too_large)?;
            Unit::Percent
        } else if let Some((code, span)) = self.currency {
            Unit::Currency(code, span)
        } else {
            Unit::Number
        };
        if self.negative {
            value = -value;
        }
        Ok(Amount {
            value: value.normalize(),
            unit,
            step: step.normalize(),
            decimals,
            bound: self.bound,
            qualifier: self.qualifier,
        })
    }
}
