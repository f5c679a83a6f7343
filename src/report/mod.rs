//! Renderers: one per output format, over the library's result types. They
//! return strings; the binary decides where they go.

pub mod csv;
pub mod explain;
pub mod json;
pub mod markdown;
mod reports;
pub mod scan;
pub mod svg;
pub mod text;

pub use crate::numbers::{group, percent, signed_percent, significant};
pub use reports::{CompanyReport, OfferReport, OffersApart, RatesInfo, ScenarioReport};
pub use scan::ScanReport;

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::money::{Money, Rounding};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned, readable text (the default).
    #[default]
    Text,
    /// JSON: money as `{"amount": "85338795.02", "currency": "EUR"}`.
    Json,
    /// CSV with a header row.
    Csv,
    /// A Markdown table.
    Markdown,
    /// An SVG chart (offers only).
    Svg,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "text" => Format::Text,
            "json" => Format::Json,
            "csv" => Format::Csv,
            "markdown" | "md" => Format::Markdown,
            "svg" => Format::Svg,
            _ => {
                return Err(format!(
                    "unknown format `{s}`; choose from: text, json, csv, markdown, svg"
                ));
            }
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Markdown => "markdown",
            Format::Svg => "svg",
        })
    }
}

/// A result shown in every format the command line and the server offer:
/// the one place where a result becomes text. A new format is a method
/// here; a new result is one `impl`.
pub trait Report {
    /// The command that makes it, for "`convert` has no svg format".
    fn command(&self) -> &'static str;
    /// Aligned text for people.
    fn text(&self, style: &Style) -> String;
    /// How each figure was obtained (`--explain`), where it says more.
    fn explain(&self, _style: &Style) -> Option<String> {
        None
    }
    /// JSON with the contract's fields.
    fn json(&self, style: &Style) -> String;
    /// CSV with a header row.
    fn csv(&self, style: &Style) -> String;
    /// Why there is no one table to write, and what to do instead: files
    /// with offers and claims need `--table`.
    fn no_csv(&self) -> Option<(String, String)> {
        None
    }
    /// Markdown tables.
    fn markdown(&self, style: &Style) -> String;
    /// An SVG chart, where the result has one.
    fn svg(&self, _style: &Style) -> Option<String> {
        None
    }
    /// Why there is no chart, and what to do instead.
    fn no_svg(&self) -> (String, String) {
        (
            format!("`{}` has no svg format", self.command()),
            "choose from: text, json, csv, markdown; svg is for `offer`, `eval` and `check`"
                .to_owned(),
        )
    }
}

/// The result in `format`; with `explain`, text is followed by how it was
/// obtained.
pub fn render(
    r: &dyn Report,
    format: Format,
    style: &Style,
    explain: bool,
) -> Result<String, crate::Error> {
    Ok(match format {
        Format::Text => {
            let mut out = r.text(style);
            // Worked out only when asked for.
            if let Some(how) = explain.then(|| r.explain(style)).flatten() {
                out.push('\n');
                out.push_str(&how);
            }
            out
        }
        Format::Json => r.json(style),
        Format::Csv => {
            if let Some((message, hint)) = r.no_csv() {
                return Err(crate::Error::invalid(message).with(None, Some(hint)));
            }
            r.csv(style)
        }
        Format::Markdown => r.markdown(style),
        Format::Svg => r.svg(style).ok_or_else(|| {
            let (message, hint) = r.no_svg();
            crate::Error::invalid(message).with(None, Some(hint))
        })?,
    })
}

/// The language figures are written in, for people (JSON and CSV keep
/// exact values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// `85,338,795.02`, `$29.2 billion`.
    #[default]
    En,
    /// `85 338 795,02` (narrow no-break spaces), `29,2 milliards de dollars`.
    Fr,
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "fr" => Ok(Lang::Fr),
            _ => Err(format!("unknown language `{s}`; choose from: en, fr")),
        }
    }
}

/// How figures are shown.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Rounding to the minor unit.
    pub rounding: Rounding,
    /// Language of separators and scale words.
    pub lang: Lang,
    /// Three significant digits and a scale word: `$29.2 billion`.
    pub compact: bool,
    /// ANSI colours (a terminal, and no `NO_COLOR`).
    pub color: bool,
}

impl Style {
    /// The amount rounded to its minor unit, as a plain decimal string:
    /// 85338795.0153 EUR -> `85338795.02`.
    pub fn plain(&self, m: &Money) -> String {
        crate::money::decimal_string(m.rounded(self.rounding))
    }

    /// An amount as given, not a result: to the minor unit, or to its
    /// own last digit where it has more (`0.005 USD` is shown as read,
    /// not as `0.01 USD`).
    pub fn plain_given(&self, m: &Money) -> String {
        let minor = m.currency.minor_units();
        let own = m.amount.normalize().scale();
        if own > minor {
            crate::money::decimal_string(m.amount.normalize())
        } else {
            self.plain(m)
        }
    }

    /// [`Style::plain_given`] grouped as the language does, with the
    /// currency.
    pub fn money_given(&self, m: &Money) -> String {
        if self.compact
            && let Some(s) = self.compact_money(m)
        {
            return s;
        }
        format!(
            "{} {}",
            self.localize(&group(&self.plain_given(m))),
            m.currency
        )
    }

    /// Like [`Style::plain`]; empty for no amount.
    pub fn plain_or_empty(&self, m: Option<&Money>) -> String {
        m.map_or(String::new(), |m| self.plain(m))
    }

    /// Like [`Style::money`]; `-` for no amount.
    pub fn money_or_dash(&self, m: Option<&Money>) -> String {
        m.map_or_else(|| "-".to_owned(), |m| self.money(m))
    }

    /// The amount rounded, with thousands grouped as the language does:
    /// `85,338,795.02` (en), `85 338 795,02` (fr).
    pub fn number(&self, m: &Money) -> String {
        let grouped = group(&self.plain(m));
        match self.lang {
            Lang::En => grouped,
            Lang::Fr => self.localize(&grouped),
        }
    }

    /// A plain decimal string grouped as the language does.
    pub fn localize(&self, grouped: &str) -> String {
        match self.lang {
            Lang::En => grouped.to_owned(),
            Lang::Fr => grouped
                .chars()
                .map(|c| match c {
                    ',' => '\u{202F}',
                    '.' => ',',
                    other => other,
                })
                .collect(),
        }
    }

    /// The amount with its code, or with `--compact` as a reader writes it:
    /// 85338795.0153 EUR -> `85,338,795.02 EUR`; compact `€85.3 million`
    /// (en), `85,3 millions d'euros` (fr); 29183673469.39 USD compact
    /// `$29.2 billion`, `29,2 milliards de dollars`.
    pub fn money(&self, m: &Money) -> String {
        if self.compact
            && let Some(s) = self.compact_money(m)
        {
            return s;
        }
        format!("{} {}", self.number(m), m.currency)
    }

    fn compact_money(&self, m: &Money) -> Option<String> {
        let value = m.amount.abs();
        let sign = if m.amount.is_sign_negative() && !m.amount.is_zero() {
            "-"
        } else {
            ""
        };
        let scales: [(u32, &str, &str, &str); 4] = [
            (12, "trillion", "billion", "billions"),
            (9, "billion", "milliard", "milliards"),
            (6, "million", "million", "millions"),
            (3, "thousand", "mille", "mille"),
        ];
        let (exp, en, fr_one, fr_many) = scales
            .into_iter()
            .find(|(e, ..)| value >= Decimal::from_i128_with_scale(10_i128.pow(*e), 0))?;
        let scaled = value.checked_div(Decimal::from_i128_with_scale(10_i128.pow(exp), 0))?;
        let shown = significant_half_up(scaled, 3);
        let code = m.currency.code();
        Some(match self.lang {
            Lang::En => match m.currency.symbol() {
                Some(sym) => format!("{sign}{sym}{shown} {en}"),
                None => format!("{sign}{shown} {en} {code}"),
            },
            Lang::Fr => {
                let n = shown.replace('.', ",");
                let word = if scaled >= Decimal::TWO {
                    fr_many
                } else {
                    fr_one
                };
                let of = match code.as_str() {
                    "USD" => "de dollars",
                    "EUR" => "d'euros",
                    "GBP" => "de livres sterling",
                    "JPY" => "de yens",
                    "CHF" => "de francs suisses",
                    "CAD" => "de dollars canadiens",
                    _ => "",
                };
                if of.is_empty() {
                    format!("{sign}{n} {word} {code}")
                } else if exp == 3 {
                    format!(
                        "{sign}{n} {word} {}",
                        of.trim_start_matches("de ").trim_start_matches("d'")
                    )
                } else {
                    format!("{sign}{n} {word} {of}")
                }
            }
        })
    }
}

/// The heading of a converted column: `EUR (2025-07-08)`, with
/// `stale` or `latest available` when its rates are.
pub fn converted_heading(c: &crate::offer::Converted) -> String {
    let freshness = if c.latest_available {
        ", latest available"
    } else if c.stale {
        ", stale"
    } else {
        ""
    };
    format!("{} ({}{freshness})", c.money.currency, c.rate_date)
}

/// A note under a table with a converted column whose rates are stale or
/// past the table's end; `None` when they are fresh.
pub fn converted_note(c: &crate::offer::Converted) -> Option<String> {
    if c.latest_available {
        Some(format!(
            "note: the {} column uses the latest available rates (of {}): the rate table ends before some dates",
            c.money.currency, c.rate_date
        ))
    } else if c.stale {
        Some(format!(
            "note: the {} column uses stale rates (more than 7 days older than their dates)",
            c.money.currency
        ))
    } else {
        None
    }
}

/// `digits` significant digits, rounded half up, trailing zeros dropped:
/// 29.18367 -> `29.2`, 85.3388 -> `85.3`, 100 -> `100`.
fn significant_half_up(value: Decimal, digits: u32) -> String {
    let int_digits = u32::try_from(value.trunc().to_string().len()).unwrap_or(1);
    let dp = digits.saturating_sub(int_digits);
    Rounding::HalfUp.round(value, dp).normalize().to_string()
}

impl Style {
    /// A claim's figure for people: money as [`Style::money`], a fraction
    /// as a percentage, a count grouped.
    pub fn figure(&self, f: &crate::claim::Figure) -> String {
        use crate::claim::Figure;
        match f {
            Figure::Money(m) => self.money(m),
            Figure::Fraction(v) => self.percent(*v),
            Figure::Count(v) => self.count(v.round_dp(2)),
        }
    }

    /// A percentage as the language writes it: `49.3103%`; in French
    /// `49,3103 %` (a comma, and a narrow no-break space before `%`).
    pub fn percent(&self, f: Decimal) -> String {
        self.percent_text(percent(f))
    }

    /// A share price scenario's price: `$10.00`, or its change of the
    /// offer's own price, `-50%` (in French `-50 %`).
    pub fn price_change(&self, c: &crate::offer::PriceChange) -> String {
        match c {
            crate::offer::PriceChange::To(m) => self.money(m),
            crate::offer::PriceChange::By(f) => self.signed_percent(*f),
        }
    }

    /// A deviation with its sign: `+0.6334%`; in French `+0,6334 %`.
    pub fn signed_percent(&self, d: Decimal) -> String {
        self.percent_text(signed_percent(d))
    }

    /// A count (shares, options) grouped as the language writes it:
    /// `8,100,000`, in French `8 100 000`.
    pub fn count(&self, n: Decimal) -> String {
        self.localize(&group(&n.normalize().to_string()))
    }

    /// A plain decimal (a rate) as the language writes it: `0.85338795`,
    /// in French `0,85338795`.
    pub fn decimal(&self, text: &str) -> String {
        match self.lang {
            Lang::En => text.to_owned(),
            Lang::Fr => text.replace('.', ","),
        }
    }

    /// Where a claim's band comes from, in words, its margin written as
    /// the language writes numbers: "half a unit of the last printed
    /// digit, 500,000,000 either way"; in French `500 000 000`.
    pub fn rule(&self, r: &crate::claim::Rule) -> String {
        use crate::claim::{Rule, Tolerance};
        let shown = |m: &Decimal| self.count(*m);
        match r {
            Rule::Given {
                tolerance: Tolerance::Relative(f),
                ..
            } => format!(
                "{} of the printed figure, as the claim sets",
                self.percent(*f)
            ),
            Rule::Given {
                tolerance: Tolerance::Absolute(_),
                margin,
            } => format!("{} either way, as the claim sets", shown(margin)),
            Rule::Range { about: true } => {
                "a range, about: one unit of the last printed digit beyond each end".to_owned()
            }
            Rule::Range { about: false } => {
                "a range: half a unit of the last printed digit beyond each end".to_owned()
            }
            Rule::Rounded { margin } => format!(
                "half a unit of the last printed digit, {} either way",
                shown(margin)
            ),
            Rule::About { margin } => format!(
                "\"about\": one unit of the last printed digit, {} either way",
                shown(margin)
            ),
            Rule::Nearly { margin } => format!(
                "\"nearly\": up to one unit of the last printed digit below, {}",
                shown(margin)
            ),
            Rule::Over => "a strict lower bound (\"more than\", \"plus de\")".to_owned(),
            Rule::AtLeast => "a lower bound (\"at least\", \"au moins\")".to_owned(),
            Rule::AtMost => "an upper bound (\"up to\", \"jusqu'à\")".to_owned(),
            Rule::Under => "a strict upper bound (\"less than\", \"moins de\")".to_owned(),
        }
    }

    /// A note on an offer, its money written as every other figure:
    /// "signing: leaving on 2026-07-01, 12,602.74 USD of 50,000.00 USD is
    /// repaid (184 of the 24-month clawback's 730 days remain)".
    pub fn note(&self, n: &crate::offer::Note) -> String {
        use crate::offer::Note;
        match n {
            Note::Clawback {
                label,
                leave,
                repaid,
                of,
                left,
                length,
                months,
            } => format!(
                "{label}: leaving on {leave}, {} of {} is repaid ({left} of the {months}-month clawback's {length} days remain)",
                self.money(repaid),
                self.money(of)
            ),
            Note::WholeShares {
                label,
                value,
                price,
                shares,
                left,
            } => format!(
                "{label}: {} at {} a share is {} whole shares, {} left over",
                self.money(value),
                self.money(price),
                self.count(*shares),
                self.money(left)
            ),
            Note::Unsettled {
                label,
                shares,
                liquidity,
                expires,
            } => match (liquidity, expires) {
                (Some(on), Some(e)) => format!(
                    "{label}: {} units vest but are never paid: the liquidity event on {on} comes after they expire on {e}",
                    self.count(*shares)
                ),
                (_, Some(e)) => format!(
                    "{label}: {} units vest but are paid only at a liquidity event, and none is given (`liquidity_on`): not counted; they expire on {e}",
                    self.count(*shares)
                ),
                _ => format!(
                    "{label}: {} units vest but are paid only at a liquidity event, and none is given (`liquidity_on`): not counted",
                    self.count(*shares)
                ),
            },
        }
    }

    fn percent_text(&self, text: String) -> String {
        match self.lang {
            Lang::En => text,
            Lang::Fr => text.replace('.', ",").replace('%', "\u{202F}%"),
        }
    }
}

/// A period as a reader reads it: `Year 1` for a grant year, `2025` for a
/// calendar year.
/// A conversion's rate both ways, each to ten significant digits:
/// `1 USD = 0.8533879502 EUR, 1 EUR = 1.1718 USD`; in French
/// `1 USD = 0,8533879502 EUR, 1 EUR = 1,1718 USD`.
pub fn both_ways(c: &crate::rates::Conversion, style: &Style) -> String {
    let (from, to) = (c.from.currency, c.to.currency);
    format!(
        "1 {from} = {} {to}, 1 {to} = {} {from}",
        style.decimal(&significant(c.rate, 10)),
        style.decimal(&significant(c.inverse_rate, 10)),
    )
}

/// A heading naming an entry by its id, and by its name where that says
/// more: `company acme: Acme Robotics`, but `company acme` when the name is
/// the id or empty, never the same word twice.
pub fn heading(kind: &str, id: &str, name: &str) -> String {
    if name.is_empty() || name == id {
        format!("{kind} {id}")
    } else {
        format!("{kind} {id}: {name}")
    }
}

/// A chart's title for a company: `Acme: cap table after each event`, or
/// `Cap table after each event` for a company with no name.
pub fn company_title(name: &str, what: &str) -> String {
    if name.is_empty() {
        let mut chars = what.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        format!("{name}: {what}")
    }
}

/// A company's exit range as a table: a header (the exit value, then each
/// holder in the cap table's order) and a row per value, each holder's
/// payout to the cent; none without a range.
pub fn range_table(r: &crate::company::CompanyResult, style: &Style) -> Option<Vec<Vec<String>>> {
    let first = r.range.first()?;
    let holders: Vec<&str> = first.payouts.iter().map(|p| p.holder.as_str()).collect();
    let mut rows = vec![
        std::iter::once("exit value".to_owned())
            .chain(holders.iter().map(|h| (*h).to_owned()))
            .collect::<Vec<_>>(),
    ];
    let compact = Style {
        compact: false,
        ..*style
    };
    for x in &r.range {
        let mut row = vec![compact.money(&x.value)];
        row.extend(
            holders
                .iter()
                .map(|h| compact.money_or_dash(x.paid(h).as_ref())),
        );
        rows.push(row);
    }
    Some(rows)
}

/// The cap table after each event as a table: a row per holder (and the
/// unissued pool where there was one), a column per moment (`start`, then
/// the event after which it stands), each cell the shares and, under
/// them, the ownership; none when the company had no event that changed
/// it, or more moments than fit side by side ([`MAX_STAGE_COLUMNS`]).
pub fn stages_table(r: &crate::company::CompanyResult, style: &Style) -> Option<Vec<Vec<String>>> {
    if r.stages.len() < 2 || r.stages.len() > MAX_STAGE_COLUMNS {
        return None;
    }
    let mut names: Vec<&str> = Vec::new();
    for st in &r.stages {
        for (h, _) in &st.holders {
            if !names.contains(&h.as_str()) {
                names.push(h);
            }
        }
    }
    if r.had_pool() {
        names.push("pool");
    }
    let mut rows = vec![
        std::iter::once("holder".to_owned())
            .chain(
                r.stages
                    .iter()
                    .map(|st| st.after.clone().unwrap_or_else(|| "start".to_owned())),
            )
            .collect::<Vec<_>>(),
    ];
    // Each moment's ownership, worked out once.
    let moments: Vec<Vec<(&str, Decimal, Option<Decimal>)>> = r
        .stages
        .iter()
        .map(crate::company::Stage::ownership)
        .collect();
    for name in names {
        let mut row = vec![if name == "pool" {
            "unissued pool".to_owned()
        } else {
            name.to_owned()
        }];
        for moment in &moments {
            let cell = moment.iter().find(|(h, ..)| *h == name).map_or_else(
                || "-".to_owned(),
                |(_, n, own)| match own {
                    Some(o) => format!("{} ({})", style.count(*n), style.percent(o.round_dp(6))),
                    None => style.count(*n),
                },
            );
            row.push(cell);
        }
        rows.push(row);
    }
    Some(rows)
}

/// More moments than this are not put side by side in text and Markdown
/// (a company of 100 events would be 51 columns): JSON's `stages` and the
/// companies CSV table have every one.
pub const MAX_STAGE_COLUMNS: usize = 12;

/// What an exit is, in words: `at 16,434,567.91 USD, the least that pays
/// founders 10,000,000.00 USD`.
pub fn exit_words(x: &crate::company::ExitResult, style: &Style) -> String {
    match &x.goal {
        Some(g) => format!(
            "at {}, the least that pays {} {}",
            style.money(&x.value),
            g.holder,
            style.money(&g.amount)
        ),
        None => format!("at {}", style.money(&x.value)),
    }
}

/// The rows of offer figures put side by side in `columns` (an offer in
/// several currencies, or at several share prices, or several offers):
/// each figure of [`crate::offer::Figures::headline`] that any column has,
/// by its name, with each column's value.
pub fn figure_rows(
    columns: &[Option<&crate::offer::Figures>],
) -> Vec<(&'static str, Vec<Option<Money>>)> {
    crate::offer::Figures::NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let values: Vec<Option<Money>> = columns
                .iter()
                .map(|f| f.and_then(|f| f.headline().get(i).and_then(|(_, m)| *m)))
                .collect();
            (*name, values)
        })
        .filter(|(_, values)| values.iter().any(Option::is_some))
        .collect()
}

/// An offer figure's name (see [`crate::offer::Figures::headline`]) in
/// words, for text and Markdown tables.
pub fn figure_name(name: &str) -> &'static str {
    match name {
        "total" => "total",
        "present_value" => "present value",
        "kept" => "kept on leaving",
        "forfeited" => "forfeited",
        "kept_present_value" => "kept, present value",
        "after_tax" => "after your tax rates (not tax advice)",
        "kept_after_tax" => "kept after your tax rates",
        _ => "",
    }
}

pub fn period(id: crate::offer::PeriodId) -> String {
    match id {
        crate::offer::PeriodId::GrantYear(k) => format!("Year {k}"),
        crate::offer::PeriodId::Calendar(y) => y.to_string(),
    }
}

/// Where a company's event stands, in words (text, JSON, Markdown):
/// `converted in series-a`.
pub fn status(s: &crate::company::Status) -> String {
    use crate::company::Status;
    match s {
        Status::Waiting => "waiting for a priced round".to_owned(),
        Status::ConvertedIn(round) => format!("converted in {round}"),
        Status::AtCap => "not converted by a round: at its cap".to_owned(),
        Status::PaidAtExit => {
            "not converted by a round, no cap: its purchase amount at an exit".to_owned()
        }
        Status::Priced => "priced".to_owned(),
        Status::Sold { seller, buyer } => format!("sold by {seller} to {buyer}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_and_french_figures() {
        use crate::amount::Code;
        use crate::currency::Currency;
        let money = |v: i64, c: &str| {
            Money::new(
                Decimal::new(v, 2),
                Currency::iso(Code::new(c).unwrap()).unwrap(),
            )
        };
        let en = Style {
            compact: true,
            ..Style::default()
        };
        let fr = Style {
            compact: true,
            lang: Lang::Fr,
            ..Style::default()
        };
        let post = money(2_918_367_346_939, "USD");
        assert_eq!(en.money(&post), "$29.2 billion");
        assert_eq!(fr.money(&post), "29,2 milliards de dollars");
        let eur = money(8_533_879_502, "EUR");
        assert_eq!(en.money(&eur), "€85.3 million");
        assert_eq!(fr.money(&eur), "85,3 millions d'euros");
        assert_eq!(
            fr.money(&money(130_000_000_000, "EUR")),
            "1,3 milliard d'euros"
        );
        assert_eq!(en.money(&money(1_250_000_000, "CHF")), "12.5 million CHF");
        let plain_fr = Style {
            lang: Lang::Fr,
            ..Style::default()
        };
        assert_eq!(plain_fr.money(&eur), "85\u{202F}338\u{202F}795,02 EUR");
        // What the compact form prints reads back as the same figure.
        for s in [
            "$29.2 billion",
            "29,2 milliards de dollars",
            "85,3 millions d'euros",
            "€85.3 million",
        ] {
            assert!(crate::amount::Amount::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn grouping_and_significant_digits() {
        assert_eq!(group("85338795.02"), "85,338,795.02");
        assert_eq!(group("-1234567"), "-1,234,567");
        assert_eq!(group("999"), "999");
        assert_eq!(
            significant(Decimal::new(853_387_950_153_609_831, 18), 10),
            "0.8533879502"
        );
        assert_eq!(
            significant(Decimal::new(10_726_765_129, 8), 10),
            "107.2676513"
        );
        assert_eq!(significant(Decimal::new(12345, 6), 3), "0.0123");
    }
}
