//! Figures that check each other, found from the words between them, each
//! written as the claim (and deal) a scenario file would hold:
//!
//! | kind | printed | claim |
//! |---|---|---|
//! | `conversion` | `$100 million (85 million euros)` | `of = "$100 million"`, `says = "85 million euros"` |
//! | `stake` | `$14.3 billion for 49%, valuing it at $29 billion` | a deal of `49%` for `$14.3 billion`, `of = "deals.ID.post_money"` |
//! | `change` | `up 15% from $2.1 billion to $2.4 billion` | `of = "($2.4 billion - $2.1 billion) / $2.1 billion"`, `says = "15%"` |
//! | `per_share` | `433.3 million shares at $20.47 a share, $8.9 billion` | `of = "433.3 million shares * $20.47"`, `says = "$8.9 billion"` |
//! | `split` | `$100 million over four years, $25 million a year` | `of = "$100 million / four"`, `says = "$25 million"` |
//! | `sum` | `$4 billion in cash, $12 billion in shares and $3 billion in units, $19 billion in all` | `of = "$4 billion + $12 billion + $3 billion"`, `says = "$19 billion"` |
//! | `ratio` | `$29 billion, more than double the $13.8 billion` | `of = "$29 billion / $13.8 billion"`, `says = "more than 2x"` |
//!
//! Figures that could pair up in more than one way make an `unclear`
//! relation with each reading, never a guessed one.

use std::fmt;

use super::figures::{FigureKind, Found};
use super::language::{
    BASE_WORDS, CONVERSION_LINKS, FALL_WORDS, MULTIPLE_QUALIFIERS, MULTIPLE_WORDS, PER_YEAR_WORDS,
    PRE_MONEY_WORDS, REFERENCE_WORDS, RISE_WORDS, SHARE_PRICE_LINKS, SPREAD_WORDS, STAKE_LINKS,
    SUM_WORDS, VALUATION_WORDS, YEAR_NOUNS,
};
use crate::amount::{Amount, Bound, Reading, Unit};

/// What a relation checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    /// An amount restated in another currency.
    Conversion,
    /// A stake, a price and a valuation.
    Stake,
    /// A figure stated as a change from another.
    Change,
    /// Shares times a price per share against a total.
    PerShare,
    /// A total over years against its yearly figure.
    Split,
    /// Parts against their stated total.
    Sum,
    /// A figure stated as a multiple of another.
    Ratio,
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RelationKind::Conversion => "conversion",
            RelationKind::Stake => "stake",
            RelationKind::Change => "change",
            RelationKind::PerShare => "per_share",
            RelationKind::Split => "split",
            RelationKind::Sum => "sum",
            RelationKind::Ratio => "ratio",
        })
    }
}

/// A deal a stake relation names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealSpec {
    /// The stake as printed.
    pub stake: String,
    /// The price as printed.
    pub price: String,
}

/// The claim a relation stands for, as a scenario file writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimSpec {
    /// The deal it is about, for a stake.
    pub deal: Option<DealSpec>,
    /// What it computes: an expression of the printed figures, or a deal
    /// path (`deals.ID.post_money`, with `ID` the relation's).
    pub of: String,
    /// The printed figure it checks.
    pub says: String,
}

/// A relation found: its figures (indices into the scan's figures) and
/// either the claim it stands for or, when the figures pair up in more
/// than one way, its readings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// What it checks.
    pub kind: RelationKind,
    /// The figures it relates.
    pub figures: Vec<usize>,
    /// The claim, or None when unclear.
    pub claim: Option<ClaimSpec>,
    /// The ways an unclear relation could be read.
    pub readings: Vec<String>,
}

/// The words between two figures, lower case.
fn between(text: &str, a: &Found, b: &Found) -> String {
    text.get(a.span.end..b.span.start)
        .unwrap_or_default()
        .to_lowercase()
}

/// `words` with punctuation and white space turned into single spaces.
fn words_only(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || "(),;:—–-[]\"«»“”".contains(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` holds `word` as a whole word (or a word start, for a
/// stem like `valu`).
fn has_word(text: &str, word: &str, stem: bool) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before_ok = text
            .get(..i)
            .and_then(|t| t.chars().last())
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = stem
            || text
                .get(i + word.len()..)
                .and_then(|t| t.chars().next())
                .is_none_or(|c| !c.is_alphanumeric());
        before_ok && after_ok
    })
}

fn any_word(text: &str, words: &[&str], stem: bool) -> bool {
    words.iter().any(|w| has_word(text, w, stem))
}

/// The figure as printed, qualifier and all, for `of` and `says`: scan's
/// claims read their inputs as printed (`inputs = "printed"`), so `about
/// $100 million` there stands for its band.
fn printed(f: &Found) -> String {
    f.text.clone()
}

fn currency(f: &Found) -> Option<String> {
    f.amount.code().map(|c| c.to_string())
}

/// Every relation among the figures of one article.
pub fn relate(text: &str, figures: &[Found], sentences: &[std::ops::Range<usize>]) -> Vec<Related> {
    let mut out = Vec::new();
    let mut used = vec![false; figures.len()];
    conversions(text, figures, &mut used, &mut out);
    // The figures of each sentence, found once: they come in order.
    let mut by_sentence: Vec<Vec<usize>> = vec![Vec::new(); sentences.len()];
    for (i, f) in figures.iter().enumerate() {
        if let Some(list) = by_sentence.get_mut(f.sentence) {
            list.push(i);
        }
    }
    let none = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        let here = by_sentence.get(k).unwrap_or(&none);
        if here.len() < 2 {
            continue;
        }
        let sentence = text.get(s.clone()).unwrap_or_default().to_lowercase();
        per_share(text, figures, here, &mut used, &mut out);
        stake(text, figures, here, &sentence, &mut used, &mut out);
        ratio(text, figures, here, &mut used, &mut out);
        let before = k
            .checked_sub(1)
            .and_then(|p| by_sentence.get(p))
            .unwrap_or(&none);
        change(text, figures, (here, before), &mut used, &mut out);
        split(text, figures, here, &mut used, &mut out);
        sum(text, figures, here, &sentence, &mut used, &mut out);
    }
    out
}

/// Whether two figures are tied by one of `links`: written between them
/// (at most `words` words apart) or just before the first.
fn linked(text: &str, a: &Found, b: &Found, links: &[&str], words: usize) -> bool {
    let (first, second) = if a.span.start <= b.span.start {
        (a, b)
    } else {
        (b, a)
    };
    let gap = text
        .get(first.span.end..second.span.start)
        .unwrap_or_default()
        .to_lowercase();
    if gap.split_whitespace().count() > words {
        return false;
    }
    let around = format!("{} {gap}", window_before(text, first, 12));
    let around = words_only(&around);
    links.iter().any(|l| has_word(&around, l, false))
}

/// The text just before a figure, lower case, at most `n` bytes.
fn window_before(text: &str, f: &Found, n: usize) -> String {
    let mut from = f.span.start.saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text.get(from..f.span.start)
        .unwrap_or_default()
        .to_lowercase()
}

/// The text just after a figure, lower case, at most `n` bytes.
fn window_after(text: &str, f: &Found, n: usize) -> String {
    let mut to = (f.span.end + n).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    text.get(f.span.end..to).unwrap_or_default().to_lowercase()
}

/// Parts and their total in one sentence: `$4 billion in cash, $12
/// billion in shares and $3 billion in units, $19 billion in all`. The
/// total is the largest figure (the parts of a whole are each smaller
/// than it), and a sum word must say there is a total.
fn sum(
    text: &str,
    figures: &[Found],
    here: &[usize],
    sentence: &str,
    used: &mut [bool],
    out: &mut Vec<Related>,
) {
    if !any_word(sentence, SUM_WORDS, false) {
        return;
    }
    // The total may be in another relation already (the total of a
    // per-share purchase, then its sources).
    let money: Vec<(usize, &Found)> = here
        .iter()
        .filter_map(|&i| figures.get(i).map(|f| (i, f)))
        .filter(|(_, f)| f.kind == FigureKind::Money && !one_sided(&f.amount))
        .collect();
    let Some(cur) = money.first().map(|(_, f)| currency(f)) else {
        return;
    };
    if money.len() < 3 || money.iter().any(|(_, f)| currency(f) != cur) {
        return;
    }
    let Some(&(ti, t)) = money.iter().max_by_key(|(_, f)| f.amount.value) else {
        return;
    };
    let parts: Vec<&(usize, &Found)> = money.iter().filter(|(i, _)| *i != ti).collect();
    if parts
        .iter()
        .any(|(i, _)| used.get(*i).copied().unwrap_or(true))
    {
        return;
    }
    // The parts on one side of their total (`A, B and C, D in all`; `D,
    // of which A, B and C`), and the sum word next to the total: figures
    // on both sides of it are not its parts.
    let before = parts.iter().all(|(_, f)| f.span.end <= t.span.start);
    let after = parts.iter().all(|(_, f)| f.span.start >= t.span.end);
    let near = words_only(&format!(
        "{} {}",
        window_before(text, t, 24),
        window_after(text, t, 40)
    ));
    if !(before || after) || !SUM_WORDS.iter().any(|w| has_word(&near, w, false)) {
        return;
    }
    let mut ids: Vec<usize> = parts.iter().map(|(i, _)| *i).collect();
    ids.push(ti);
    ids.sort_unstable();
    mark(used, &ids);
    out.push(Related {
        kind: RelationKind::Sum,
        figures: ids,
        claim: Some(ClaimSpec {
            deal: None,
            of: parts
                .iter()
                .map(|(_, f)| printed(f))
                .collect::<Vec<_>>()
                .join(" + "),
            says: printed(t),
        }),
        readings: Vec::new(),
    });
}

/// A multiple between two figures: `double`, `three times`, `10-fold`:
/// the number, and how many words into `words` it was.
fn multiple_in(words: &[&str]) -> Option<(usize, String)> {
    words.iter().enumerate().find_map(|(k, w)| {
        if let Some((_, n)) = MULTIPLE_WORDS.iter().find(|(m, _)| m == w) {
            return Some((k, n.to_string()));
        }
        let next = words.get(k + 1).copied().unwrap_or_default();
        let suffixed = w.ends_with("-fold") || (w.ends_with("fach") && w.len() > 4);
        if !(matches!(next, "times" | "fois" | "mal") || suffixed) {
            return None;
        }
        let n = w.trim_end_matches("-fold").trim_end_matches("fach");
        let v = Amount::parse_with(n, &Reading::default()).ok()?;
        (v.unit == Unit::Number && v.value > rust_decimal::Decimal::ONE).then(|| (k, n.to_owned()))
    })
}

/// A figure stated as a multiple of another: `$29 billion, more than
/// double the $13.8 billion of last year`. The base is the figure after
/// the multiple word.
fn ratio(text: &str, figures: &[Found], here: &[usize], used: &mut [bool], out: &mut Vec<Related>) {
    let money = free(figures, here, used, FigureKind::Money);
    let [(ai, a), (bi, b)] = money.as_slice() else {
        return;
    };
    if currency(a) != currency(b) {
        return;
    }
    let between = text
        .get(a.span.end..b.span.start)
        .unwrap_or_default()
        .to_lowercase();
    let words: Vec<&str> = between
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let Some((k, n)) = multiple_in(&words) else {
        return;
    };
    let lead = words.get(..k).unwrap_or_default().join(" ");
    let says = match MULTIPLE_QUALIFIERS.iter().find(|(q, _)| lead.ends_with(q)) {
        Some((_, english)) => format!("{english} {n}x"),
        None => format!("{n}x"),
    };
    let ids = vec![*ai, *bi];
    mark(used, &ids);
    out.push(Related {
        kind: RelationKind::Ratio,
        figures: ids,
        claim: Some(ClaimSpec {
            deal: None,
            of: format!("{} / {}", printed(a), printed(b)),
            says,
        }),
        readings: Vec::new(),
    });
}

/// `$100 million (85 million euros)`: an amount next to another in
/// another currency, only a link word between.
fn conversions(text: &str, figures: &[Found], used: &mut [bool], out: &mut Vec<Related>) {
    for i in 1..figures.len() {
        let (Some(a), Some(b)) = (figures.get(i - 1), figures.get(i)) else {
            continue;
        };
        let money = |f: &Found| matches!(f.kind, FigureKind::Money | FigureKind::PerShare);
        if a.sentence != b.sentence || !money(a) || !money(b) || currency(a) == currency(b) {
            continue;
        }
        if a.kind != b.kind || one_sided(&a.amount) {
            continue;
        }
        let gap = words_only(&between(text, a, b));
        if !(gap.is_empty() || CONVERSION_LINKS.contains(&gap.as_str())) {
            continue;
        }
        if used.get(i - 1).copied().unwrap_or(true) {
            continue;
        }
        for k in [i - 1, i] {
            if let Some(u) = used.get_mut(k) {
                *u = true;
            }
        }
        out.push(Related {
            kind: RelationKind::Conversion,
            figures: vec![i - 1, i],
            claim: Some(ClaimSpec {
                deal: None,
                of: printed(a),
                says: printed(b),
            }),
            readings: Vec::new(),
        });
    }
}

/// A bound with one side (`more than`): no band to compute with.
fn one_sided(a: &Amount) -> bool {
    matches!(
        a.bound,
        Bound::Over | Bound::AtLeast | Bound::AtMost | Bound::Under
    )
}

fn free<'f>(
    figures: &'f [Found],
    here: &[usize],
    used: &[bool],
    kind: FigureKind,
) -> Vec<(usize, &'f Found)> {
    here.iter()
        .filter(|&&i| !used.get(i).copied().unwrap_or(true))
        .filter_map(|&i| figures.get(i).map(|f| (i, f)))
        .filter(|(_, f)| f.kind == kind && !one_sided(&f.amount))
        .collect()
}

fn mark(used: &mut [bool], ids: &[usize]) {
    for i in ids {
        if let Some(u) = used.get_mut(*i) {
            *u = true;
        }
    }
}

/// Shares, a price per share and a total in one sentence.
fn per_share(
    text: &str,
    figures: &[Found],
    here: &[usize],
    used: &mut [bool],
    out: &mut Vec<Related>,
) {
    let shares = free(figures, here, used, FigureKind::Shares);
    let prices = free(figures, here, used, FigureKind::PerShare);
    let [(si, s)] = shares.as_slice() else { return };
    let [(pi, p)] = prices.as_slice() else { return };
    // The count and its price side by side (`433.3 million shares at
    // $20.47`): a count elsewhere in the sentence may be of other shares.
    if !linked(text, s, p, SHARE_PRICE_LINKS, 6) {
        return;
    }
    // The total is what was paid or raised, not what a holding is worth
    // (`its stake is now worth $3 billion`).
    let totals: Vec<(usize, &Found)> = free(figures, here, used, FigureKind::Money)
        .into_iter()
        .filter(|(_, t)| currency(t) == currency(p))
        .filter(|(_, t)| !any_word(&window_before(text, t, 24), VALUATION_WORDS, true))
        .collect();
    match totals.as_slice() {
        [] => {}
        [(ti, t)] => {
            mark(used, &[*si, *pi, *ti]);
            out.push(Related {
                kind: RelationKind::PerShare,
                figures: vec![*si, *pi, *ti],
                claim: Some(ClaimSpec {
                    deal: None,
                    of: format!("{} * {}", printed(s), printed(p)),
                    says: printed(t),
                }),
                readings: Vec::new(),
            });
        }
        many => {
            let mut ids = vec![*si, *pi];
            ids.extend(many.iter().map(|(i, _)| *i));
            mark(used, &ids);
            out.push(Related {
                kind: RelationKind::PerShare,
                figures: ids,
                claim: None,
                readings: many
                    .iter()
                    .map(|(_, t)| format!("{} x {} is {}", s.text, p.text, t.text))
                    .collect(),
            });
        }
    }
}

/// A stake, a price and a valuation in one sentence: `$14.3 billion for
/// 49%, valuing it at $29 billion`.
fn stake(
    text: &str,
    figures: &[Found],
    here: &[usize],
    sentence: &str,
    used: &mut [bool],
    out: &mut Vec<Related>,
) {
    let percents = free(figures, here, used, FigureKind::Percent);
    let mut money = free(figures, here, used, FigureKind::Money);
    // The valuation is the printed result: `more than $29 billion` is a
    // bound it is judged against, so it may be one-sided.
    money.extend(
        here.iter()
            .filter(|&&i| !used.get(i).copied().unwrap_or(true))
            .filter_map(|&i| figures.get(i).map(|f| (i, f)))
            .filter(|(_, f)| f.kind == FigureKind::Money && one_sided(&f.amount)),
    );
    money.sort_by_key(|(i, _)| *i);
    if percents.is_empty() || money.len() < 2 {
        return;
    }
    // The valuation: a money figure with a valuation word just before it.
    // `valuing it at $29 billion`, `mit 15 Milliarden Dollar bewertet`.
    let is_valuation = |f: &Found| {
        any_word(&window_before(text, f, 48), VALUATION_WORDS, true)
            || any_word(&window_after(text, f, 16), VALUATION_WORDS, true)
    };
    // Of two figures with valuation words (`a stake worth $135 billion,
    // valuing it at $500 billion`) the company's value is the larger: a
    // stake is worth no more than the whole.
    let Some(&(vi, v)) = money
        .iter()
        .filter(|(_, f)| is_valuation(f))
        .max_by_key(|(_, f)| f.amount.value)
    else {
        return;
    };
    let prices: Vec<&(usize, &Found)> = money
        .iter()
        .filter(|(i, f)| {
            *i != vi
                && currency(f) == currency(v)
                && f.amount.value < v.amount.value
                && !one_sided(&f.amount)
        })
        .collect();
    let pre = PRE_MONEY_WORDS.iter().any(|w| sentence.contains(w));
    let field = if pre { "pre_money" } else { "post_money" };
    match (percents.as_slice(), prices.as_slice()) {
        // The stake tied to its price (`for 49%`, `pour 49 %`): a
        // percentage elsewhere in the sentence (`Microsoft holds 27%`) is
        // not what the price bought.
        ([(_, s)], [(_, p)]) if !linked(text, s, p, STAKE_LINKS, 8) => {}
        ([(si, s)], [(pi, p)]) => {
            mark(used, &[*si, *pi, vi]);
            // A deal's inputs are values: a qualified one (`environ 11 %`)
            // is read in an expression, where its band is its qualifier's.
            let qualified = s.amount.qualifier.is_some() || p.amount.qualifier.is_some();
            let of = match (qualified, pre) {
                (false, _) => format!("deals.ID.{field}"),
                (true, false) => format!("{} / {}", printed(p), printed(s)),
                (true, true) => format!("{} / {} - {}", printed(p), printed(s), printed(p)),
            };
            out.push(Related {
                kind: RelationKind::Stake,
                figures: vec![*si, *pi, vi],
                claim: Some(ClaimSpec {
                    deal: Some(DealSpec {
                        stake: printed(s),
                        price: printed(p),
                    }),
                    of,
                    says: printed(v),
                }),
                readings: Vec::new(),
            });
        }
        (ss, ps) if !ps.is_empty() => {
            let mut ids: Vec<usize> = ss.iter().map(|(i, _)| *i).collect();
            ids.extend(ps.iter().map(|(i, _)| *i));
            ids.push(vi);
            ids.sort_unstable();
            mark(used, &ids);
            let mut readings = Vec::new();
            for (_, s) in ss {
                for (_, p) in ps {
                    readings.push(format!(
                        "{} for {} implies the {} valuation {}",
                        p.text,
                        s.text,
                        field.replace('_', "-"),
                        v.text
                    ));
                }
            }
            out.push(Related {
                kind: RelationKind::Stake,
                figures: ids,
                claim: None,
                readings,
            });
        }
        _ => {}
    }
}

/// A change: `up 15% from $2.1 billion to $2.4 billion`, `a premium of
/// 63% over $64.11`. The base is the figure with a base word shortly
/// before it (`from`, `over`, `closing price`, `par rapport`,
/// `gegenüber`); a premium over a price, with the offer's price per share
/// in the sentence before, relates the two sentences.
fn change(
    text: &str,
    figures: &[Found],
    (here, before): (&[usize], &[usize]),
    used: &mut [bool],
    out: &mut Vec<Related>,
) {
    let percents = free(figures, here, used, FigureKind::Percent);
    let [(ci, c)] = percents.as_slice() else {
        return;
    };
    let mut money = free(figures, here, used, FigureKind::Money);
    money.extend(free(figures, here, used, FigureKind::PerShare));
    money.sort_by_key(|(i, _)| *i);
    // The base: a base word just before it (`from $2.1 billion`, `par
    // rapport aux 30 milliards`), or a reference price named between the
    // percentage and it (`86% on the price of £22.45`, `45 % par rapport
    // au cours de clôture de vendredi, 65,39 dollars`). A `from` earlier
    // in the sentence (`an offer from KKR`) says nothing.
    let is_base = |f: &Found| {
        let w = words_only(&window_before(text, f, 40));
        if BASE_WORDS
            .iter()
            .any(|b| w == *b || w.ends_with(&format!(" {b}")))
        {
            return true;
        }
        let between = text
            .get(c.span.end..f.span.start)
            .map(|t| words_only(&t.to_lowercase()))
            .unwrap_or_default();
        f.span.start > c.span.end
            && between.split_whitespace().count() <= 10
            && REFERENCE_WORDS.iter().any(|r| has_word(&between, r, false))
    };
    // The base: the one figure with a base word shortly before it.
    let bases: Vec<&(usize, &Found)> = money.iter().filter(|(_, f)| is_base(f)).collect();
    let [base_found] = bases.as_slice() else {
        return;
    };
    let (bi, b) = **base_found;
    // The new figure is tied to the percentage (`rose 56% to $46.7
    // billion`, `$56.00 a share, a 23% premium`): a few words apart. A
    // figure further off (`$3.50 in cash and 0.146 shares for each share
    // they own, a premium of 46%`) is some other part of the deal; then
    // the offer's price a share in the sentence before is the new figure
    // (`... for $196 a share.` `A premium of 49.5% over $131.08.`).
    let c: &Found = c;
    let tied = |f: &Found| {
        let (x, y) = if f.span.start < c.span.start {
            (f, c)
        } else {
            (c, f)
        };
        text.get(x.span.end..y.span.start)
            .unwrap_or_default()
            .split_whitespace()
            .count()
            <= 6
    };
    let news: Vec<&(usize, &Found)> = money.iter().filter(|(i, f)| *i != bi && tied(f)).collect();
    // Of the same order as the base, as a change of a few tens of percent
    // is: `about £4.2bn, a premium of 86% on £22.45` compares a
    // company's value with a share's price. A figure ten times off what
    // the percentage allows is not taken as the new one; if nothing else
    // is, the relation is unclear (a slip of scale stays visible).
    let ratio_ok = |n: &Found| {
        let (Some(r), Some(p)) = (
            n.amount.value.checked_div(b.amount.value),
            Some(rust_decimal::Decimal::ONE + c.amount.value.abs()),
        ) else {
            return false;
        };
        let ten = rust_decimal::Decimal::TEN;
        r > rust_decimal::Decimal::ZERO && r * ten >= p / ten && r <= p * ten
    };
    let offer_before = || {
        let offers: Vec<(usize, &Found)> = here
            .iter()
            .chain(before.iter())
            .filter_map(|&i| figures.get(i).map(|f| (i, f)))
            .filter(|(i, f)| *i != bi && f.kind == FigureKind::PerShare)
            .collect();
        match offers.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    };
    let (base, new) = match news.as_slice() {
        [one] if ratio_ok(one.1) => ((bi, b), **one),
        [one] => match offer_before().filter(|o| ratio_ok(o.1)) {
            Some(o) => ((bi, b), o),
            None => {
                let mut ids = vec![*ci, bi, one.0];
                ids.sort_unstable();
                mark(used, &ids);
                out.push(Related {
                    kind: RelationKind::Change,
                    figures: ids,
                    claim: None,
                    readings: vec![format!(
                        "{} and {} are further apart than a change of {} makes: they may not be the figures it compares, or one has slipped a scale",
                        one.1.text, b.text, c.text
                    )],
                });
                return;
            }
        },
        [] => match offer_before() {
            Some(o) => ((bi, b), o),
            None => return,
        },
        _ => return,
    };
    if currency(base.1) != currency(new.1) {
        return;
    }
    // The direction is said next to the percentage (`rose 56%`, `a 45%
    // premium`, `en hausse de 56 %`), not anywhere in the sentence.
    let near = format!(
        "{} {}",
        window_before(text, c, 40),
        window_after(text, c, 24)
    );
    let near = words_only(&near);
    let rise = any_word(&near, RISE_WORDS, false);
    let fall = any_word(&near, FALL_WORDS, false);
    let mut ids = vec![*ci, base.0, new.0];
    ids.sort_unstable();
    let (bt, nt) = (printed(base.1), printed(new.1));
    let (claim, readings) = match (rise, fall) {
        (true, false) => (Some(format!("({nt} - {bt}) / {bt}")), Vec::new()),
        (false, true) => (Some(format!("({bt} - {nt}) / {bt}")), Vec::new()),
        (true, true) => (
            None,
            vec![
                format!("{nt} is {} more than {bt}", c.text),
                format!("{nt} is {} less than {bt}", c.text),
            ],
        ),
        (false, false) => return,
    };
    mark(used, &ids);
    out.push(Related {
        kind: RelationKind::Change,
        figures: ids,
        claim: claim.map(|of| ClaimSpec {
            deal: None,
            of,
            says: printed(c),
        }),
        readings,
    });
}

/// A total over years and its yearly figure: `$100 million over four
/// years, $25 million a year`. The yearly figure is the money followed by
/// `a year`; the total, the last money in its currency before `over N
/// years`.
fn split(text: &str, figures: &[Found], here: &[usize], used: &mut [bool], out: &mut Vec<Related>) {
    let money = free(figures, here, used, FigureKind::Money);
    let yearly: Vec<&(usize, &Found)> = money
        .iter()
        .filter(|(_, f)| {
            let rest = window_after(text, f, 40);
            let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
            PER_YEAR_WORDS.iter().any(|w| rest.starts_with(w))
        })
        .collect();
    let [(yi, y)] = yearly.as_slice() else { return };
    let Some(sentence_start) = here
        .first()
        .and_then(|i| figures.get(*i))
        .map(|f| f.span.start)
    else {
        return;
    };
    // `over four years`, before the yearly figure.
    let region = text.get(sentence_start..y.span.start).unwrap_or_default();
    let words: Vec<(usize, String)> = region
        .split_whitespace()
        .map(|w| {
            let at = w.as_ptr() as usize - region.as_ptr() as usize;
            (
                at,
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase(),
            )
        })
        .collect();
    let reading = Reading::default();
    let phrase = (0..words.len()).find_map(|k| {
        let (at, link) = words.get(k)?;
        let (_, n) = words.get(k + 1)?;
        let (_, noun) = words.get(k + 2)?;
        let spread = SPREAD_WORDS.contains(&link.as_str())
            || (link == "spread" && words.get(k + 1).is_some_and(|w| w.1 == "over"));
        let years = Amount::parse_with(n, &reading)
            .ok()
            .filter(|a| a.unit == Unit::Number && a.value > rust_decimal::Decimal::ONE);
        (spread && YEAR_NOUNS.contains(&noun.as_str()) && years.is_some())
            .then(|| (sentence_start + at, n.clone()))
    });
    let Some((phrase_at, years)) = phrase else {
        return;
    };
    // The total may be in another relation too (restated in euros).
    let Some((ti, t)) = here
        .iter()
        .filter_map(|&i| figures.get(i).map(|f| (i, f)))
        .rfind(|(i, f)| {
            i != yi
                && f.kind == FigureKind::Money
                && f.span.end <= phrase_at
                && currency(f) == currency(y)
        })
    else {
        return;
    };
    mark(used, &[ti, *yi]);
    out.push(Related {
        kind: RelationKind::Split,
        figures: vec![ti, *yi],
        claim: Some(ClaimSpec {
            deal: None,
            of: format!("{} / {years}", printed(t)),
            says: printed(y),
        }),
        readings: Vec::new(),
    });
}
