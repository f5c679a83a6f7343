//! `scan`: an article in, its figures found, related and checked.
//!
//! An [`Article`] (text, Markdown or an HTML page) is split into
//! sentences; [`find_figures`] reads each figure with the amount grammar;
//! [`relations::relate`] pairs the figures that check each other
//! (conversions, stakes, changes, per-share totals, yearly splits); each
//! relation is written as the scenario claim it stands for, with
//! `inputs = "printed"` since every figure in an article is rounded, and
//! judged by the same code as `check`. So the scenario [`Scan::scenario`]
//! writes evaluates, under `check`, to the verdicts scan gives.
//!
//! ```
//! use dealcalc::rates::RateTable;
//! use dealcalc::scan::{scan, Article, Options, Verdict};
//! let table = RateTable::builtin().unwrap();
//! let article = Article::read(
//!     "a.txt",
//!     "June 19, 2025\nOpenAI staff were offered packages of $100 million (92 million euros).".as_bytes(),
//! ).unwrap();
//! let s = scan(&article, &table, &Options::default()).unwrap();
//! let r = &s.relations[0];
//! // $100M at 1.1478 is 87.12M euros: 92 is off by more than its rounding.
//! assert_eq!(r.verdict, Verdict::Fails);
//! assert_eq!(r.figures, ["$100 million", "92 million euros"]);
//! ```

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;

mod article;
mod figures;
pub mod language;
pub mod relations;

pub use article::{
    Article, ArticleError, DateFrom, Format, MAX_ARTICLE_BYTES, MAX_HTML_DEPTH, dateline,
};
pub use figures::{FigureKind, Found, Unread, find_figures, find_figures_with};
pub use language::Language;
pub use relations::{ClaimSpec, DealSpec, RelationKind};

use crate::amount::Reading;
use crate::error::{Error, Input};
use crate::rates::RateTable;
use crate::scenario::{ClaimResult, Document};

/// What a scan is told beyond the article.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The article's date (`--date`), over its metadata and dateline.
    pub date: Option<NaiveDate>,
    /// Its language (`--lang`), over the one detected.
    pub lang: Option<Language>,
}

/// A relation's verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The figures agree, within what their printing allows.
    Holds,
    /// They do not, whatever values the printed figures stand for.
    Fails,
    /// They agree only if the result was cut off rather than rounded.
    Truncated,
    /// The figures pair up in more than one way: see the readings.
    Unclear,
    /// Not checked, and why: a conversion in an article with no date.
    Unchecked(String),
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Holds => "holds",
            Verdict::Fails => "fails",
            Verdict::Truncated => "truncated",
            Verdict::Unclear => "unclear",
            Verdict::Unchecked(_) => "unchecked",
        })
    }
}

/// A relation found and judged.
#[derive(Clone, Debug)]
pub struct Relation {
    /// What it checks.
    pub kind: RelationKind,
    /// The printed figures it relates, exactly as in the text.
    pub figures: Vec<String>,
    /// Their indices in [`Scan::figures`].
    pub figure_ids: Vec<usize>,
    /// The sentence they are in (or the two), on one line.
    pub sentence: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The claim it stands for, and its deal, as a scenario writes them.
    pub claim: Option<ClaimSpec>,
    /// The claim judged, as `check` judges it.
    pub result: Option<ClaimResult>,
    /// The readings of an unclear relation.
    pub readings: Vec<String>,
}

/// An article scanned.
#[derive(Clone, Debug)]
pub struct Scan {
    /// The article's name.
    pub file: String,
    /// Its date, and where it came from.
    pub date: Option<(NaiveDate, DateFrom)>,
    /// Its language.
    pub lang: Language,
    /// Whether the language was detected rather than given.
    pub lang_detected: bool,
    /// How its numbers were read: the language's convention when it was
    /// given, declared or stood out; none when the detection was unsure,
    /// so that only figures whose writing settles it are read.
    pub numbers: Option<crate::amount::Numbers>,
    /// Every figure found, in order.
    pub figures: Vec<Found>,
    /// Every relation found, in order of its first figure.
    pub relations: Vec<Relation>,
    /// The figures in no relation (indices into `figures`).
    pub unrelated: Vec<usize>,
    /// Figures not read, since reading them would take a guess
    /// (`Kronen` in an article that names no krone country, or several).
    pub unread: Vec<Unread>,
    /// The krone the article's `Kronen`, `kronor`, `kr` were read as, and
    /// the country that settled it.
    pub krona: Option<(crate::amount::Code, &'static str)>,
    /// The article's text, as read.
    pub text: String,
}

impl Scan {
    /// Whether no relation fails (`scan` exits 1 otherwise).
    pub fn passes(&self) -> bool {
        !self.relations.iter().any(|r| r.verdict == Verdict::Fails)
    }

    /// The scenario of the deals and claims found, which `check`
    /// evaluates to the same verdicts: `inputs = "printed"` on each claim.
    /// A conversion in an article with no date, and an unclear relation,
    /// are written as comments.
    pub fn scenario(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!(
            "title = {}\n",
            quote(&format!("Figures scanned from {}", self.file))
        ));
        match self.date {
            Some((d, from)) => out.push_str(&format!("as_of = {d}  # from the {from}\n")),
            None => out.push_str("# no date: conversions are left out (pass --date)\n"),
        }
        if let Some(n) = self.numbers {
            out.push_str(&format!("numbers = \"{n}\"\n"));
        }
        if let Some((k, word)) = self.krona {
            out.push_str(&format!(
                "symbols = {{ kr = \"{k}\" }}  # the article names {word}\n"
            ));
        }
        for u in &self.unread {
            out.push_str(&format!(
                "# not read, {}:{}: `{}`: {}\n",
                u.line, u.column, u.text, u.why
            ));
        }
        for (k, r) in self.relations.iter().enumerate() {
            out.push('\n');
            match (&r.claim, &r.verdict) {
                (Some(c), Verdict::Unchecked(why)) => {
                    out.push_str(&format!("# {} not checked ({why}):\n", r.kind));
                    for line in claim_toml(k, c, &r.sentence).lines() {
                        out.push_str(&format!("# {line}\n"));
                    }
                }
                (Some(c), _) => out.push_str(&claim_toml(k, c, &r.sentence)),
                (None, _) => {
                    out.push_str(&format!("# unclear {}: {}\n", r.kind, r.sentence));
                    for reading in &r.readings {
                        out.push_str(&format!("#   {reading}\n"));
                    }
                }
            }
        }
        out
    }
}

/// Text on one line, runs of white space one space: a relation's
/// sentence as every output shows it.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML basic string: `"` and `\` escaped, control characters as
/// `\u` escapes.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The deal and claim of relation `k`, as TOML.
fn claim_toml(k: usize, c: &ClaimSpec, sentence: &str) -> String {
    let id = format!("r{}", k + 1);
    let mut out = String::new();
    if let Some(d) = c.deal.as_ref().filter(|_| c.of.starts_with("deals.")) {
        out.push_str(&format!(
            "[deals.{id}]\nstake = {}\nprice = {}\n\n",
            quote(&d.stake),
            quote(&d.price)
        ));
    }
    out.push_str(&format!(
        "[[claims]]\ntext = {}\nof = {}\nsays = {}\ninputs = \"printed\"\n",
        quote(sentence),
        quote(&c.of.replace("deals.ID.", &format!("deals.{id}."))),
        quote(&c.says)
    ));
    out
}

/// The article's sentences: split after `.`, `!` or `?` before a capital
/// letter, a digit or a quote (not after an abbreviation or an initial),
/// and at each line end.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let end_here = match c {
            '\n' => true,
            '.' | '!' | '?' => {
                let next = chars.get(k + 1).map(|p| p.1);
                let after = chars.get(k + 2).map(|p| p.1);
                let word: String = text
                    .get(start..i)
                    .unwrap_or_default()
                    .rsplit(|ch: char| !ch.is_alphanumeric())
                    .next()
                    .unwrap_or_default()
                    .to_lowercase();
                // `25. August 2025`: a German day of the month.
                let ordinal =
                    !word.is_empty() && word.len() <= 2 && word.chars().all(|d| d.is_ascii_digit());
                let abbreviation = c == '.'
                    && (ordinal
                        || word.chars().count() == 1
                        || crate::amount::lexicon::ABBREVIATIONS.contains(&word.as_str())
                        || [
                            "mr", "mrs", "ms", "dr", "inc", "corp", "co", "st", "no", "vs", "u.s",
                            "jr", "approx", "env",
                        ]
                        .contains(&word.as_str()));
                next.is_some_and(char::is_whitespace)
                    && after.is_some_and(|a| {
                        a.is_uppercase() || a.is_ascii_digit() || "\"«“'$€£".contains(a)
                    })
                    && !abbreviation
            }
            _ => false,
        };
        if end_here {
            let end = i + c.len_utf8();
            if text.get(start..end).is_some_and(|s| !s.trim().is_empty()) {
                out.push(start..end);
            }
            start = end;
        }
    }
    if text.get(start..).is_some_and(|s| !s.trim().is_empty()) {
        out.push(start..text.len());
    }
    out
}

/// Scans an article: its figures, their relations, each judged.
///
/// Errors only when the rate table cannot be used at all; a relation
/// whose claim cannot be judged is `unchecked` with the reason.
pub fn scan(article: &Article, table: &RateTable, options: &Options) -> Result<Scan, Error> {
    // The language settles how numbers are written (`1,500` is 1.5 in
    // French) only when it is given, declared, or stands out.
    let (lang, lang_detected, sure) = match options.lang {
        Some(l) => (l, false, true),
        None => {
            let declared = article
                .declared_lang
                .as_deref()
                .and_then(|l| l.get(..2))
                .and_then(|l| l.parse().ok());
            match declared {
                Some(l) => (l, false, true),
                None => {
                    let (l, sure) = Language::detect_surely(&article.text);
                    (l, true, sure)
                }
            }
        }
    };
    let numbers = sure.then(|| lang.numbers());
    let date = match options.date {
        Some(d) => Some((d, DateFrom::Flag)),
        None => article.date,
    };
    let text = &article.text;
    let spans = sentences(text);
    // `Kronen`: the one krone country the article names, if only one.
    let krona = language::krona_of(text);
    let reading = Reading {
        numbers,
        symbols: krona
            .map(|k| vec![(crate::amount::Symbol::Krona, k.0)])
            .unwrap_or_default(),
    };
    let (figures, unread) = find_figures_with(text, &reading, sure.then_some(lang));
    let found = relations::relate(text, &figures, &spans);
    let mut in_relation = vec![false; figures.len()];
    let mut relations = Vec::new();
    for f in found {
        for i in &f.figures {
            if let Some(u) = in_relation.get_mut(*i) {
                *u = true;
            }
        }
        // The sentence, or the sentences, its figures are in (a premium
        // and the offer's price a share of the sentence before).
        let in_sentences = f
            .figures
            .iter()
            .filter_map(|i| figures.get(*i))
            .map(|x| x.sentence);
        let (first, last) = (in_sentences.clone().min(), in_sentences.max());
        let sentence = one_line(
            match (
                first.and_then(|k| spans.get(k)),
                last.and_then(|k| spans.get(k)),
            ) {
                (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or_default(),
                _ => "",
            },
        );
        // Judged below, all together.
        let verdict = match &f.claim {
            None => Verdict::Unclear,
            Some(_) if f.kind == RelationKind::Conversion && date.is_none() => {
                Verdict::Unchecked("no date: pass --date".into())
            }
            Some(_) => Verdict::Unchecked("not judged".into()),
        };

        relations.push(Relation {
            kind: f.kind,
            figures: f
                .figures
                .iter()
                .filter_map(|i| figures.get(*i).map(|x| x.text.clone()))
                .collect(),
            figure_ids: f.figures,
            sentence,
            verdict,
            claim: f.claim,
            result: None,
            readings: f.readings,
        });
    }
    relations.sort_by_key(|r| r.figure_ids.iter().min().copied());
    judge_all(&mut relations, date.map(|d| d.0), table, &reading);
    let unrelated = (0..figures.len())
        .filter(|i| !in_relation.get(*i).copied().unwrap_or(false))
        .collect();
    Ok(Scan {
        file: article.name.clone(),
        date,
        lang,
        lang_detected,
        numbers,
        figures,
        relations,
        unrelated,
        unread,
        krona,
        text: text.clone(),
    })
}

/// The scenario header scan's claims are judged under: the article's
/// date (any date when it has none: only conversions need one, and they
/// are not judged then) and how its numbers are read.
fn header(date: Option<NaiveDate>, reading: &Reading) -> String {
    let mut toml = format!(
        "as_of = {}\n",
        date.map_or_else(|| "2000-01-03".to_owned(), |d| d.to_string())
    );
    if let Some(n) = reading.numbers {
        toml.push_str(&format!("numbers = \"{n}\"\n"));
    }
    if let Some(k) = reading.symbol(crate::amount::Symbol::Krona) {
        toml.push_str(&format!("symbols = {{ kr = \"{k}\" }}\n"));
    }
    toml
}

/// Relations judged in one scenario at most.
const JUDGED_TOGETHER: usize = 256;

/// Every relation with a claim judged by the scenario code `check` runs: all in one scenario, so that
/// each pair of currencies' rate history is built once; when that
/// scenario cannot be judged, each alone, so that one relation that
/// cannot be judged does not stop the others.
fn judge_all(
    relations: &mut [Relation],
    date: Option<NaiveDate>,
    table: &RateTable,
    reading: &Reading,
) {
    let pending: Vec<usize> = (0..relations.len())
        .filter(|&k| {
            relations.get(k).is_some_and(|r| {
                r.claim.is_some() && (r.kind != RelationKind::Conversion || date.is_some())
            })
        })
        .collect();
    if pending.is_empty() {
        return;
    }
    let on = date.unwrap_or(NaiveDate::MIN);
    let evaluate = |ks: &[usize]| -> Result<Vec<ClaimResult>, Error> {
        let mut toml = header(date, reading);
        for &k in ks {
            if let Some(r) = relations.get(k)
                && let Some(c) = &r.claim
            {
                toml.push_str(&claim_toml(k, c, &r.sentence));
            }
        }
        let input: Arc<Input> = Input::new("scan", toml);
        Document::parse(&input)
            .and_then(|doc| doc.evaluate(table, on, reading))
            .map(|r| r.claims)
    };
    // In scenarios of a few hundred claims: one per article would hold
    // the TOML tree of every claim of a hostile article at once.
    let mut results: Vec<Result<ClaimResult, String>> = Vec::with_capacity(pending.len());
    for chunk in pending.chunks(JUDGED_TOGETHER) {
        match evaluate(chunk).ok().filter(|c| c.len() == chunk.len()) {
            Some(claims) => results.extend(claims.into_iter().map(Ok)),
            None => results.extend(chunk.iter().map(|&k| match evaluate(&[k]) {
                Ok(mut c) => c.pop().ok_or_else(|| "no claim".to_owned()),
                Err(e) => Err(e.message()),
            })),
        }
    }
    for (&k, result) in pending.iter().zip(results) {
        let Some(r) = relations.get_mut(k) else {
            continue;
        };
        match result {
            Ok(mut claim) => {
                r.verdict = match claim.verdict.outcome {
                    crate::claim::Outcome::Holds => Verdict::Holds,
                    crate::claim::Outcome::Fails => Verdict::Fails,
                    crate::claim::Outcome::Truncated => Verdict::Truncated,
                };
                // A deal's figure is shown as what it computes, not as the
                // path into the scenario: `$14.3 billion / 49%`.
                if let Some(c) = &r.claim
                    && let (Some(d), Some(field)) = (&c.deal, c.of.strip_prefix("deals.ID."))
                {
                    claim.of = match field {
                        "pre_money" => {
                            format!("{} / {} - {}, pre-money", d.price, d.stake, d.price)
                        }
                        _ => format!("{} / {}, post-money", d.price, d.stake),
                    };
                }
                r.result = Some(claim);
            }
            Err(why) => r.verdict = Verdict::Unchecked(why),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_points_not_abbreviations() {
        let t = "Meta paid $14.3 billion. It took 49%. Die Regierung zahlte 8,9 Mrd. Euro. Mr. Wang said so.";
        let s: Vec<&str> = sentences(t)
            .into_iter()
            .map(|r| t.get(r).unwrap().trim())
            .collect();
        assert_eq!(
            s,
            [
                "Meta paid $14.3 billion.",
                "It took 49%.",
                "Die Regierung zahlte 8,9 Mrd. Euro.",
                "Mr. Wang said so."
            ]
        );
    }
}
